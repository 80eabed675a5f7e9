"""Battlecards (format v1.1): one competitor and how to win against it; its website is
checked here."""

from __future__ import annotations

import datetime as dt
from typing import Any, Optional

from pydantic import Field

from ..model import Entity, Name, ObjectionItem, Ref, Text
from .base import OWNER, Example, Fields, Kind, Setting, _refs
from ..diagnostics import Report
from ..field_checks import check_url


class Competitor(Entity):
    """``competitors/<id>.yml``: a battlecard, one competitor and how to win against it."""

    title: Text = Field(description="The competitor's name.")
    summary: Text = Field(description="How they position themselves (Markdown).")
    website: Optional[Name] = Field(None, description="An http or https address.")
    strengths: list[Text] = Field(default_factory=list,
                                  description="Where they are strong: a list of text.")
    weaknesses: list[Text] = Field(default_factory=list,
                                   description="Where they are weak: a list of text.")
    why_we_win: list[Text] = Field(default_factory=list,
                                   description="Why buyers choose us over them.")
    landmines: list[Text] = Field(default_factory=list,
                                  description="Questions to ask that expose their weaknesses.")
    objections: list[ObjectionItem] = Field(
        default_factory=list, description="Objection ids, or objections written here.")
    proof: list[Ref] = Field(default_factory=list, description="Collateral ids: case "
                             "studies, comparisons.")
    owner: Name = Field(description="Who keeps it current.")
    updated: Optional[dt.date] = None
    review_by: Optional[dt.date] = None


def _competitor(e: Example) -> tuple[Fields, Fields]:
    return ([("title", e.name), ("summary", "|\n  How they position themselves, and to "
              "whom."), ("owner", OWNER)],
            [("website", "https://example.com"), ("strengths", "[Where they are strong]"),
             ("weaknesses", "[Where they are weak]"),
             ("why_we_win", "[Why buyers choose us over them]"),
             ("landmines", "[A question that exposes a weakness of theirs]"),
             ("objections", '[{objection: "They are cheaper.", response: "Compare the cost '
              'of the first year, services included."}]'),
             ("proof", f"[{e.first('collateral', 'a-case-study')}]"),
             ("updated", e.today.isoformat()), ("review_by", e.a_year_on)])


def _check(playbook: Any, card: Competitor, report: Report) -> None:
    """The website, when given, is a safe web address."""
    if card.website:
        doc = playbook.source_of("competitors", card.id).doc
        check_url(card.website, doc.locate(("website",)), report, "website")


#: hub.yml's ``stale_after_days_competitors``.
STALE_AFTER = Setting("stale_after_days_competitors", int, Field(
    90, gt=0, description="Battlecards not updated or reviewed for longer are stale "
    "(claims about a competitor age fast)."))


KIND = Kind("competitors", Competitor, "competitor", "competitors",
    _refs(("proof[]", "collateral"), ("objections[].collateral[]", "collateral")),
    "competitor.html.j2", "competitors_index.html.j2", "Battlecards", "competitor",
    "Battlecard", "Battlecards", aliases=("battlecard",),
    stale_after=STALE_AFTER.name, stale_word="battlecard",
    review_word="battlecard", example=_competitor, names=("title",), checks=_check,
    settings=(STALE_AFTER,), order=90)
