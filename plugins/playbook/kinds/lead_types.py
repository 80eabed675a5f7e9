"""Lead types: the stages of the funnel, in order."""

from __future__ import annotations

from typing import Literal, Optional

from pydantic import Field

from ..model import Entity, Ref, Text
from .base import TEAM, Example, Fields, Kind, _refs


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


KIND = Kind("lead-types", LeadType, "lead type", "lead types",
    _refs(("owner_team", TEAM), ("next[]", "lead-types")),
    "lead_type.html.j2", "lead_types_index.html.j2", "Funnel", "lead type",
    "Lead type", "Lead types", example=_lead_type)
