"""The objection library (format v1.2): what buyers say that stalls a deal, and how the team
answers it, written once and used by plays, battlecards, roles and onboarding paths.

Everything the hub knows of the kind is declared here: its model, its references (the
relations back, "who hears it" on a role's page, come from them), the fields of plays and
battlecards that may name one of its objections (``named_in``), its settings in hub.yml
(its categories, staleness and hours on a path), its search facets and the example file of
`playbook new objection`. Its pages are ``templates/objection.html.j2`` and
``templates/objections_index.html.j2``; its styles ``objections.css`` beside this module.
"""

from __future__ import annotations

import datetime as dt
from typing import Optional

from pydantic import Field

from ..model import Entity, Id, Lang, Name, Ref, Text
from ..catalog import N_
from .base import OWNER, Example, Fields, Kind, PathPart, Setting, _refs


class Objection(Entity):
    """``objections/<id>.yml``: an objection buyers raise, and how to answer it."""

    title: Text = Field(description="A short name (\"Too expensive for this year's budget\").")
    objection: Text = Field(description="What the buyer says, in their words.")
    category: Ref = Field(description="One of the hub's objection categories.")
    response: Text = Field(description="How to answer (Markdown): acknowledge, ask, answer, "
                           "confirm.")
    questions: list[Text] = Field(default_factory=list,
                                  description="What to ask before answering.")
    stages: list[Ref] = Field(default_factory=list,
                              description="Lead-type ids: where in the funnel it comes up.")
    roles: list[Ref] = Field(default_factory=list, description="Role ids: who hears it.")
    competitors: list[Ref] = Field(default_factory=list,
                                   description="Competitor ids it speaks for.")
    proof: list[Ref] = Field(default_factory=list,
                             description="Collateral ids to send as evidence.")
    owner: Name = Field(description="Who keeps it current.")
    updated: Optional[dt.date] = None
    review_by: Optional[dt.date] = None
    language: Optional[Lang] = None


def _example(e: Example) -> tuple[Fields, Fields]:
    return ([("title", e.name), ("objection", "What the buyer says, in their words."),
             ("category", e.pb.hub.objection_categories[0]),
             ("response", "|\n  Acknowledge it, ask what lies behind it, answer, and check "
              "that the answer landed."), ("owner", OWNER)],
            [("questions", "[What would have to be true for this to be worth it?]"),
             ("stages", f"[{e.stage}]"), ("roles", f"[{e.role}]"), ("competitors", "[]"),
             ("proof", f"[{e.first('collateral', 'a-case-study')}]"),
             ("updated", e.today.isoformat()), ("review_by", e.a_year_on),
             ("language", e.pb.default_language)])


#: hub.yml's settings for the library: the categories an objection's ``category`` names,
#: when objections go stale, and the hours to rehearse one on a path.
CATEGORIES = Setting("objection_categories", list[Id], Field(
    default_factory=lambda: ["price", "timing", "need", "authority", "competitor", "trust",
                             "other"], min_length=1,
    description="Allowed values of an objection's category."), word="objection category")
STALE_AFTER = Setting("stale_after_days_objections", int, Field(
    365, gt=0, description="Objections not updated or reviewed for longer are stale "
    "(default: stale_after_days)."), follows="stale_after_days")
EFFORT = Setting("objection", float, Field(0.25, gt=0, description="Per objection the role "
                                           "hears, to rehearse the answer."))


PATH_PART = PathPart(
    rank=7, effort=EFFORT.name, title=N_("The objections you will hear"),
    body=N_("What buyers say that stalls a deal, and how the team answers it: rehearse each "
            "answer aloud, then with your buddy."),
    task=N_("Rehearse the answer to {objection}"),
    origin=N_("from the objections you will hear"), about="objection")


KIND = Kind(
    "objections", Objection, "objection", "objections",
    _refs(("category", CATEGORIES.target), ("stages[]", "lead-types"), ("roles[]", "roles"),
          ("competitors[]", "competitors"), ("proof[]", "collateral")),
    "objection.html.j2", "objections_index.html.j2", "Objections", "objection", "Objection",
    "Objections", stale_after=STALE_AFTER.name, stale_word="objection",
    review_word="objection", facets=("stage", "role", "language"), example=_example, path_part=PATH_PART,
    settings=(CATEGORIES, STALE_AFTER), efforts=(EFFORT,),
    named_in=(("plays", "objections[]"), ("competitors", "objections[]")), order=100)
