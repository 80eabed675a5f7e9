"""Lead types: the stages of the funnel, in order."""

from __future__ import annotations

from typing import Any, Literal, Optional

from pydantic import Field

from ..model import Entity, Ref, Text
from ..onboarding_plan import PathModule
from .base import TEAM, Example, Fields, Kind, PathMaker, Setting, _refs


class LeadType(Entity):
    """``lead-types/<id>.yml``: a stage of the funnel."""

    title: Text
    definition: Text
    order: int = Field(description="Position along the funnel; smaller is earlier.")
    temperature: Optional[Literal["cold", "warm", "hot"]] = None
    owner_team: Optional[Ref] = None
    criteria: list[Text] = Field(default_factory=list)
    timeline: Optional[Text] = None
    next: list[Ref] = Field(default_factory=list)


def _lead_type(e: Example) -> tuple[Fields, Fields]:
    order = max((lt.order for lt in e.pb.entities["lead-types"].values()), default=0) + 10
    return ([("title", e.name), ("definition", "What makes a lead this type."),
             ("order", str(order))],
            [("temperature", "warm"), ("owner_team", e.pb.hub.teams[0]), ("criteria", "[]"),
             ("timeline", "About two months"), ("next", "[]")])


def _stage_rank(pb) -> Any:
    """``pb.stage_rank(id)``: where a lead type sits along the funnel (an unknown id
    last)."""
    def rank(id: str) -> tuple[int, str]:
        lt = pb.lead_types.get(id)
        return (lt.order, lt.id) if lt else (10**9, id)
    return rank


RELATIONS: dict[str, Any] = {
    # lead types along the funnel: by order, then id
    "funnel": lambda pb: sorted(pb.lead_types.values(), key=lambda lt: (lt.order, lt.id)),
    "stage_rank": _stage_rank,
    # whether an id is a stage of the funnel
    "is_stage": lambda pb: pb.lead_types.__contains__,
}


def _path(b, role, group: int) -> list[PathModule]:
    """On the role's path: a module on the lead types it works and its handoffs."""
    pb, say, title = b.pb, b.say, b.title
    works = [lt for lt in pb.funnel if lt.id in role.works]
    handoffs = pb.handoffs_from(role.id)
    incoming = pb.handoffs_to.get(role.id, [])
    if not (works or handoffs or incoming):
        return []
    key = "generated-funnel"
    tasks = [(f"works:{lt.id}", say("Explain, in your own words, when a lead is a "
                                     "{lead_type} and what you do with it",
                                     lead_type=title("lead-types", lt.id)),
              ("lead-types", lt.id)) for lt in works]
    tasks += [(f"handoff:{h.to}:{h.lead_type}",
               say("Walk through the handoff of {lead_type} leads with the {role}",
                   lead_type=title("lead-types", h.lead_type), role=title("roles", h.to)),
               ("lead-types", h.lead_type)) for h in handoffs]
    tasks += [(f"incoming:{r.id}:{h.lead_type}",
               say("Ask the {role} how they hand you {lead_type} leads",
                   role=title("roles", r.id), lead_type=title("lead-types", h.lead_type)),
               ("lead-types", h.lead_type)) for r, h in incoming]
    links = [("lead-types", lt.id) for lt in works]
    links += [("roles", h.to) for h in handoffs] + [("roles", r.id) for r, _ in incoming]
    return [PathModule(
        key=key, title=say("The leads you work and your handoffs"),
        hours=b.effort.lead_types, group=group,
        funnel=min((pb.stage_rank(lt.id)[0] for lt in works), default=-1),
        body=say("Where your leads sit in the funnel, what qualifies them, and whom "
                 "you pass them to (or receive them from), and when."),
        tasks=b.tasks(key, tasks), links=list(dict.fromkeys(links)))]


EFFORT = Setting("lead_types", float, Field(
    1.0, gt=0, description="The module on lead types and handoffs."))


KIND = Kind("lead-types", LeadType, "lead type", "lead types",
    _refs(("owner_team", TEAM), ("next[]", "lead-types")),
    "lead_type.html.j2", "lead_types_index.html.j2", "Funnel", "lead type",
    "Lead type", "Lead types", example=_lead_type, path=PathMaker(2, _path, ("lead-types",)), relations=RELATIONS,
    efforts=(EFFORT,), order=30)
