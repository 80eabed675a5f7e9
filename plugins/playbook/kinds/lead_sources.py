"""Lead sources: where leads come from, and the lead types they produce."""

from __future__ import annotations

from typing import Literal, Optional

from pydantic import Field

from ..model import Entity, Ref, Text
from .base import TEAM, Example, Fields, Gap, Kind, _refs


class LeadSource(Entity):
    """``lead-sources/<id>.yml``: where leads come from."""

    title: Text
    description: Optional[Text] = None
    channel: Literal["online", "offline", "referral"]
    produces: list[Ref] = Field(default_factory=list)
    owner_team: Optional[Ref] = None


def _lead_source(e: Example) -> tuple[Fields, Fields]:
    return ([("title", e.name), ("channel", "online")],
            [("description", "Where these leads come from."), ("produces", f"[{e.stage}]"),
             ("owner_team", e.pb.hub.teams[0])])


def _unfed(pb) -> list:
    """Lead types no source produces and no other lead type's ``next`` leads to."""
    led_to = {id for lt in pb.funnel for id in lt.next if id != lt.id}
    fed = pb.referring("lead-sources", "lead-types")
    return [lt for lt in pb.funnel if not fed.get(lt.id) and lt.id not in led_to]


GAPS = (Gap("unfed_lead_types", _unfed,
            "Lead types nothing feeds: no source produces them, no lead type leads to them",
            ("lead type",), lambda lt: [lt.id]),)


KIND = Kind("lead-sources", LeadSource, "lead source", "lead sources",
    _refs(("produces[]", "lead-types"), ("owner_team", TEAM)),
    "lead_source.html.j2", "lead_sources_index.html.j2", "Lead sources",
    "lead source", "Lead source", example=_lead_source, gaps=GAPS, order=40)
