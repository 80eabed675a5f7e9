"""Collateral: the items of the library a rep sends or uses, each a web page (``url``) or a
file of the docs folder (``file``); both are checked here."""

from __future__ import annotations

import datetime as dt
from typing import Any, Optional

from pydantic import Field

from ..model import Entity, Lang, Name, Ref, Text
from .base import COLLATERAL_TYPE, OWNER, Example, Fields, Kind, _refs
from ..diagnostics import Issue, Report
from ..field_checks import check_file, check_url


class Collateral(Entity):
    """``collateral/<id>.yml``: an item of the collateral library."""

    title: Text
    summary: Text
    type: Ref
    url: Optional[Name] = None
    file: Optional[Name] = None
    audience: list[Ref] = Field(min_length=1)
    stages: list[Ref] = Field(default_factory=list)
    language: Optional[Lang] = None
    owner: Name
    version: Optional[Name] = None
    updated: Optional[dt.date] = None
    review_by: Optional[dt.date] = None
    tags: list[Name] = Field(default_factory=list)


def _collateral(e: Example) -> tuple[Fields, Fields]:
    return ([("title", e.name), ("summary", "|\n  What it is and when a rep uses it."),
             ("type", e.pb.hub.collateral_types[0]), ("url", f"https://example.com/{e.id}"),
             ("audience", f"[{e.role}]"), ("owner", OWNER)],
            [("stages", f"[{e.stage}]"), ("language", e.pb.default_language),
             ("version", '"1.0"'), ("updated", e.today.isoformat()),
             ("review_by", e.a_year_on), ("tags", "[]")])


def _check(playbook: Any, item: Collateral, report: Report) -> None:
    """A web page or a file, not both; the page's address safe, the file in the docs
    folder."""
    doc = playbook.source_of("collateral", item.id).doc
    if item.url and item.file:
        report.add(Issue("url-or-file", "set either 'url' or 'file', not both",
                         doc.locate(("file",), key=True), "file"))
    elif not item.url and not item.file:
        report.add(Issue("url-or-file", "is missing: an item needs a 'url' (a web page) "
                         "or a 'file' (a path inside the docs folder)",
                         doc.locate(()), "url"))
    if item.url:
        check_url(item.url, doc.locate(("url",)), report)
    if item.file:
        check_file(playbook, item.file, doc.locate(("file",)), report)


KIND = Kind("collateral", Collateral, "collateral item", "collateral",
    _refs(("type", COLLATERAL_TYPE), ("audience[]", "roles"),
           ("stages[]", "lead-types")),
    "collateral_item.html.j2", "collateral_index.html.j2", "Collateral library",
    "collateral", "Collateral", "Collateral", aliases=("item",),
    stale_after="stale_after_days", stale_word="item", review_word="collateral",
    facets=("type", "stage", "language"), example=_collateral, checks=_check,
    files=("file",))
