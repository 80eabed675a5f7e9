"""The registry of kinds: everything the rest of the code knows about a kind, in one place.

A kind is a folder of YAML files under the playbook folder (``roles/``, ``metrics/``, ...),
one entity per file. Loading, validation, history, rendering, the JSON Schemas, `playbook
new`, the search facets and the browser script all read this table. A kind is declared in
a module of its own (its model and its :class:`Kind`: :mod:`playbook.kinds.objections`),
listed here; then its two templates and its words (the catalogs).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ..model import (Collateral, Competitor, Entity, LeadSource, LeadType, Metric,
                     OnboardingModule, Play, Responsibility, Role)
from . import objections
from .base import (COLLATERAL_TYPE, HUB_LISTS, OBJECTION_CATEGORY, OWNER, TEAM, Example,
                   Fields, Kind, Ref, _refs, refs, walk)

__all__ = ["COLLATERAL_TYPE", "HUB_LISTS", "OBJECTION_CATEGORY", "OWNER", "TEAM", "Example",
           "Fields", "Kind", "Ref", "KINDS", "referenced", "refs", "walk"]


def referenced(folder: str, value: Any, target: str) -> set[str]:
    """The ids of kind ``target`` that an entity of ``folder`` (or its raw data) names."""
    return {ref for r in KINDS[folder].references if r.target == target
            for _, ref in refs(value, r.field)}


def _role(e: Example) -> tuple[Fields, Fields]:
    return ([("title", e.name), ("summary", "|\n  What this role is for, in two or three "
              "sentences."), ("team", e.pb.hub.teams[0])],
            [("aka", "[Other title]"), ("reports_to", e.role), ("focus", "short-term"),
             ("works", f"[{e.stage}]"), ("kpis", f"[{e.first('metrics', 'close-rate')}]"),
             ("skills", "[Negotiation]"), ("owner", OWNER)])


def _responsibility(e: Example) -> tuple[Fields, Fields]:
    return ([("title", e.name), ("accountable", e.role), ("responsible", f"[{e.role}]")],
            [("description", "What the responsibility covers."), ("area", "execution"),
             ("consulted", "[]"), ("informed", "[]"), ("metrics", "[]"),
             ("collateral", "[]")])


def _lead_type(e: Example) -> tuple[Fields, Fields]:
    order = max((lt.order for lt in e.pb.entities["lead-types"].values()), default=0) + 10
    return ([("title", e.name), ("definition", "What makes a lead this type."),
             ("order", str(order))],
            [("temperature", "warm"), ("owner_team", e.pb.hub.teams[0]), ("criteria", "[]"),
             ("timeline", "About two months"), ("next", "[]")])


def _lead_source(e: Example) -> tuple[Fields, Fields]:
    return ([("title", e.name), ("channel", "online")],
            [("description", "Where these leads come from."), ("produces", f"[{e.stage}]"),
             ("owner_team", e.pb.hub.teams[0])])


def _metric(e: Example) -> tuple[Fields, Fields]:
    return ([("title", e.name), ("definition", "What it measures and why it matters.")],
            [("formula", "won / worked"), ("unit", "'%'"), ("better", "higher"),
             ("target", "25%")])


def _collateral(e: Example) -> tuple[Fields, Fields]:
    return ([("title", e.name), ("summary", "|\n  What it is and when a rep uses it."),
             ("type", e.pb.hub.collateral_types[0]), ("url", f"https://example.com/{e.id}"),
             ("audience", f"[{e.role}]"), ("owner", OWNER)],
            [("stages", f"[{e.stage}]"), ("language", e.pb.default_language),
             ("version", '"1.0"'), ("updated", e.today.isoformat()),
             ("review_by", e.a_year_on), ("tags", "[]")])


def _module(e: Example) -> tuple[Fields, Fields]:
    return ([("title", e.name), ("roles", "all"), ("hours", "2")],
            [("after", "[]"), ("body", "What the new rep learns here."), ("tasks", "[]"),
             ("collateral", "[]")])


def _play(e: Example) -> tuple[Fields, Fields]:
    return ([("title", e.name), ("summary", "|\n  When to run this play, and why it works."),
             ("stages", f"[{e.stage}]"), ("roles", f"[{e.role}]"),
             ("steps", f"[{{title: The first thing to do, owner: {e.role}}}, "
              "{title: The next thing to do}]"), ("owner", OWNER)],
            [("trigger", "The situation that starts the play."),
             ("talk_track", "What to say, in Markdown."),
             ("questions", "[What would change if you solved this?]"),
             ("objections", '[{objection: "We have no budget.", response: "Ask what the '
              'problem costs them today."}]'),
             ("exit_criteria", "[The next meeting is booked.]"),
             ("metrics", f"[{e.first('metrics', 'close-rate')}]"),
             ("competitors", f"[{e.first('competitors', 'a-competitor')}]"),
             ("updated", e.today.isoformat()), ("review_by", e.a_year_on),
             ("language", e.pb.default_language)])


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


KINDS: dict[str, Kind] = {k.folder: k for k in (
    Kind("roles", Role, "role", "roles",
         _refs(("team", TEAM), ("reports_to", "roles", True), ("works[]", "lead-types"),
               ("handoffs[].to", "roles"), ("handoffs[].lead_type", "lead-types"),
               ("kpis[]", "metrics"), ("differs_from[].role", "roles")),
         "role.html.j2", "roles_index.html.j2", "Roles", "role", "Role", "Roles",
         example=_role),
    Kind("responsibilities", Responsibility, "responsibility", "responsibilities",
         _refs(("accountable", "roles"), ("responsible[]", "roles"), ("consulted[]", "roles"),
               ("informed[]", "roles"), ("metrics[]", "metrics"),
               ("collateral[]", "collateral")),
         "responsibility.html.j2", "responsibilities_index.html.j2", "Responsibilities",
         "responsibility", "Responsibility", "Responsibilities", example=_responsibility),
    Kind("lead-types", LeadType, "lead type", "lead types",
         _refs(("owner_team", TEAM), ("next[]", "lead-types")),
         "lead_type.html.j2", "lead_types_index.html.j2", "Funnel", "lead type",
         "Lead type", "Lead types", example=_lead_type),
    Kind("lead-sources", LeadSource, "lead source", "lead sources",
         _refs(("produces[]", "lead-types"), ("owner_team", TEAM)),
         "lead_source.html.j2", "lead_sources_index.html.j2", "Lead sources",
         "lead source", "Lead source", example=_lead_source),
    Kind("metrics", Metric, "metric", "metrics", (),
         "metric.html.j2", "metrics_index.html.j2", "Metrics", "metric", "Metric",
         "Metrics", example=_metric),
    Kind("collateral", Collateral, "collateral item", "collateral",
         _refs(("type", COLLATERAL_TYPE), ("audience[]", "roles"),
               ("stages[]", "lead-types")),
         "collateral_item.html.j2", "collateral_index.html.j2", "Collateral library",
         "collateral", "Collateral", "Collateral", aliases=("item",),
         stale_after="stale_after_days", stale_word="item", review_word="collateral",
         facets=("type", "stage", "language"), example=_collateral),
    Kind("onboarding", OnboardingModule, "onboarding module", "onboarding modules",
         _refs(("roles[]", "roles"), ("after[]", "onboarding", True),
               ("collateral[]", "collateral"), ("plays[]", "plays")),
         "onboarding_path.html.j2", "onboarding_index.html.j2", "Onboarding",
         "onboarding path", "Onboarding path", "Onboarding", page_per_role=True,
         aliases=("module",), example=_module),
    Kind("plays", Play, "play", "plays",
         _refs(("stages[]", "lead-types"), ("roles[]", "roles"), ("steps[].owner", "roles"),
               ("steps[].collateral[]", "collateral"),
               ("objections[]", "objections"), ("objections[].collateral[]", "collateral"),
               ("metrics[]", "metrics"), ("competitors[]", "competitors")),
         "play.html.j2", "plays_index.html.j2", "Plays", "play", "Play", "Plays",
         stale_after="stale_after_days", stale_word="play", review_word="play",
         facets=("stage", "role", "language"), example=_play),
    Kind("competitors", Competitor, "competitor", "competitors",
         _refs(("proof[]", "collateral"), ("objections[]", "objections"),
               ("objections[].collateral[]", "collateral")),
         "competitor.html.j2", "competitors_index.html.j2", "Battlecards", "competitor",
         "Battlecard", "Battlecards", aliases=("battlecard",),
         stale_after="stale_after_days_competitors", stale_word="battlecard",
         review_word="battlecard", example=_competitor),
    objections.KIND,
)}


@dataclass(frozen=True)
class Section:
    """A generated page of the whole hub that is no kind's index (the audit)."""

    key: str
    index_template: str
    index_title: str

    @property
    def index_page(self) -> str:
        return f"{self.key}/index.md"


SECTIONS: tuple[Section, ...] = (
    Section("audit", "audit.html.j2", "Content audit"),
    Section("changes", "changes.html.j2", "What changed"),
)

#: The index pages in the order of the navigation: the kinds', then the sections'.
INDEXES: dict[str, Kind | Section] = {**KINDS, **{s.key: s for s in SECTIONS}}

#: Search filters of pages that are not an entity's (an index, the audit).
INDEX_SEARCH_KIND = ("index", "Index")


def kind_of(entity: Entity) -> Kind:
    """The kind an entity is of."""
    for kind in KINDS.values():
        if type(entity) is kind.model:
            return kind
    raise KeyError(type(entity).__name__)


def reviewed() -> dict[str, str]:
    """The kinds that go stale, in the order of the registry, with what a review queue
    calls one of them."""
    return {folder: k.review_word for folder, k in KINDS.items() if k.stale_after}


def search_kinds() -> dict[str, str]:
    """Search filter id -> its label (a catalog key), for every page kind."""
    return {k.search_kind: k.search_label for k in KINDS.values()} | dict([INDEX_SEARCH_KIND])


def search_buttons() -> list[tuple[str, str]]:
    """(filter id, label) of the buttons under the search box, in the order of the kinds."""
    return [(k.search_kind, k.search_button) for k in KINDS.values() if k.search_button]


def reference_kinds() -> dict[str, str]:
    """Top-level field -> the kind it names, for fields that name one kind of entity
    (``works`` -> ``lead-types``), as the change log shows them."""
    out: dict[str, str] = {}
    for kind in KINDS.values():
        for ref in kind.references:
            if ref.target in KINDS and "." not in ref.field:
                out.setdefault(ref.name, ref.target)
    return out
