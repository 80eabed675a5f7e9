"""Collateral: the items of the library a rep sends or uses, each a web page (``url``) or a
file of the docs folder (``file``); both are checked here."""

from __future__ import annotations

import datetime as dt
from typing import Any, Optional

from pydantic import Field

from ..model import Entity, Id, Lang, Name, Ref, Text
from .base import OWNER, Example, Fields, Kind, PathMaker, Setting, _refs
from ..catalog import N_
from ..diagnostics import Issue, Report
from ..field_checks import check_file, check_url
from ..onboarding_plan import PathModule


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


def study(b, item: Collateral) -> str:
    """A path's task on an item, with the verb its type calls for."""
    kind = item.type
    if any(w in kind for w in ("video", "webinar")):
        message = N_("Watch {item} and note when you would use it")
    elif any(w in kind for w in ("podcast", "audio", "recording")):
        message = N_("Listen to {item} and note when you would use it")
    elif any(w in kind for w in ("script", "template", "battlecard", "checklist")):
        message = N_("Practise with {item} and note when you would use it")
    else:
        message = N_("Read {item} and note when you would use it")
    return b.say(message, item=b.title("collateral", item.id))


def _path(b, role, group: int) -> list[PathModule]:
    """On the role's path: a module per funnel stage of the items meant for it (its
    audience), in the reader's language or the hub's."""
    pb, say, each = b.pb, b.say, b.effort.collateral_item
    out = []
    meant = b.for_reader(pb.referring("collateral", "roles").get(role.id, []))
    for stage, items in pb.by_first_stage(meant, b.language):
        key = f"generated-collateral-{stage.id if stage else 'any-stage'}"
        label = b.text(stage.title) if stage else ""
        tasks = [(f"collateral:{c.id}", study(b, c), ("collateral", c.id)) for c in items]
        out.append(PathModule(
            key=key,
            title=(say("Collateral for the {stage} stage", stage=label) if stage
                   else say("Collateral for any stage")),
            hours=round(each * len(items), 2), group=group,
            hours_each=each, funnel=pb.stage_rank(stage.id)[0] if stage else 10**6,
            body=(say("The material meant for you at the {stage} stage.", stage=label)
                  if stage else say("Material meant for you that serves every stage.")),
            tasks=b.tasks(key, tasks), links=[("collateral", c.id) for c in items]))
    return out


DEFAULT_TYPES = [
    "blog-post", "video", "white-paper", "case-study", "product-guide", "deck", "one-pager",
    "email-template", "call-script", "battlecard", "webinar", "infographic", "checklist",
]
#: hub.yml's ``collateral_types``: what an item's ``type`` may be.
TYPES = Setting("collateral_types", list[Id], Field(
    default_factory=lambda: list(DEFAULT_TYPES), min_length=1,
    description="Allowed values of a collateral item's type."), word="collateral type")
EFFORT = Setting("collateral_item", float, Field(0.5, gt=0,
                 description="Per collateral item to read."))


KIND = Kind("collateral", Collateral, "collateral item", "collateral",
    _refs(("type", TYPES.target), ("audience[]", "roles"),
           ("stages[]", "lead-types")),
    "collateral_item.html.j2", "collateral_index.html.j2", "Collateral library",
    "collateral", "Collateral", "Collateral", aliases=("item",),
    stale_after="stale_after_days", stale_word="item", review_word="collateral",
    facets=("type", "stage", "language"), example=_collateral, checks=_check,
    files=("file",), path=PathMaker(4, _path, ("collateral",), item="collateral"),
    settings=(TYPES,), efforts=(EFFORT,),
    # (a web page or a file of the docs folder, one of them: as _check says)
    schema={"oneOf": [{"required": ["url"], "not": {"required": ["file"]}},
                      {"required": ["file"], "not": {"required": ["url"]}}]},
    order=60)
