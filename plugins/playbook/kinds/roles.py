"""Roles: the jobs of the sales organisation, whom each reports to, the lead types each
works and the handoffs between them."""

from __future__ import annotations

from typing import Literal, Optional

from pydantic import Field

from ..model import Entity, Name, Ref, Strict, Text
from .base import OWNER, TEAM, Example, Fields, Kind, _refs


class Handoff(Strict):
    to: Ref = Field(description="The role that receives the lead.")
    lead_type: Ref = Field(description="The lead type at which the lead is passed on.")
    when: Optional[Text] = Field(None, description="When the handoff happens.")


class Difference(Strict):
    role: Ref = Field(description="A similar role.")
    note: Optional[Text] = Field(None, description="How the two differ.")


class Role(Entity):
    """``roles/<id>.yml``: a job in the sales organisation."""

    title: Text
    summary: Text = Field(description="What the role is for (Markdown).")
    team: Ref = Field(description="One of the hub's teams.")
    aka: list[Name] = Field(default_factory=list, description="Other titles for the role.")
    reports_to: Optional[Ref] = Field(None, description="The role this one reports to.")
    focus: Optional[Literal["short-term", "long-term"]] = None
    works: list[Ref] = Field(default_factory=list, description="Lead types it handles.")
    handoffs: list[Handoff] = Field(default_factory=list,
                                    description="To whom it passes leads, and when.")
    kpis: list[Ref] = Field(default_factory=list, description="Metric ids.")
    differs_from: list[Difference] = Field(
        default_factory=list, description="Roles it is easily taken for, and how it differs.")
    skills: list[Name] = Field(default_factory=list, description="What the job takes.")
    owner: Optional[Name] = Field(None, description="Who maintains this definition.")


def _role(e: Example) -> tuple[Fields, Fields]:
    return ([("title", e.name), ("summary", "|\n  What this role is for, in two or three "
              "sentences."), ("team", e.pb.hub.teams[0])],
            [("aka", "[Other title]"), ("reports_to", e.role), ("focus", "short-term"),
             ("works", f"[{e.stage}]"), ("kpis", f"[{e.first('metrics', 'close-rate')}]"),
             ("skills", "[Negotiation]"), ("owner", OWNER)])


KIND = Kind("roles", Role, "role", "roles",
    _refs(("team", TEAM), ("reports_to", "roles", True), ("works[]", "lead-types"),
           ("handoffs[].to", "roles"), ("handoffs[].lead_type", "lead-types"),
           ("kpis[]", "metrics"), ("differs_from[].role", "roles")),
    "role.html.j2", "roles_index.html.j2", "Roles", "role", "Role", "Roles",
    example=_role)
