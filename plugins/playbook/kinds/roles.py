"""Roles: the jobs of the sales organisation, whom each reports to, the lead types each
works and the handoffs between them."""

from __future__ import annotations

from collections import defaultdict
from typing import Any, Literal, Optional

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


def _teams(pb) -> list[tuple[str, list[Role]]]:
    """``(team, roles)`` in the hub's team order; roles sorted by title."""
    by_team: dict[str, list[Role]] = defaultdict(list)
    for role in pb.roles.values():
        by_team[role.team].append(role)
    order = list(pb.hub.teams) + sorted(set(by_team) - set(pb.hub.teams))
    return [(team, sorted(by_team[team], key=pb.title_key)) for team in order
            if by_team.get(team)]


def _direct_reports(pb) -> dict[str, list[Role]]:
    out: dict[str, list[Role]] = defaultdict(list)
    for role in sorted(pb.roles.values(), key=pb.title_key):
        if role.reports_to:
            out[role.reports_to].append(role)
    return out


def _handoffs_from(pb) -> Any:
    """``pb.handoffs_from(role_id)``: a role's handoffs, along the funnel."""
    return lambda role_id: sorted(pb.roles[role_id].handoffs,
                                  key=lambda h: pb.stage_rank(h.lead_type))


def _handoffs_by(pb, key) -> dict[str, list[tuple[Role, Handoff]]]:
    out: dict[str, list[tuple[Role, Handoff]]] = defaultdict(list)
    for role in sorted(pb.roles.values(), key=pb.title_key):
        for handoff in role.handoffs:
            out[key(handoff)].append((role, handoff))
    return out


def _differences(pb) -> dict[str, list[tuple[Role, object, bool]]]:
    """Per role, ``(other role, note, declared here?)`` from both sides of differs_from."""
    out: dict[str, list[tuple[Role, object, bool]]] = defaultdict(list)
    for role in pb.roles.values():
        for diff in role.differs_from:
            other = pb.roles.get(diff.role)
            if other is None:
                continue
            out[role.id].append((other, diff.note, True))
            if not any(d.role == role.id for d in other.differs_from):
                out[other.id].append((role, diff.note, False))
    for items in out.values():
        items.sort(key=lambda t: pb.title_key(t[0]))
    return out


RELATIONS = {
    "teams": _teams, "direct_reports": _direct_reports, "handoffs_from": _handoffs_from,
    # per role, the handoffs to it; per lead type, those at it
    "handoffs_to": lambda pb: _handoffs_by(pb, lambda h: h.to),
    "handoffs_at": lambda pb: _handoffs_by(pb, lambda h: h.lead_type),
    "differences": _differences,
}


KIND = Kind("roles", Role, "role", "roles",
    _refs(("team", TEAM), ("reports_to", "roles", True), ("works[]", "lead-types"),
           ("handoffs[].to", "roles"), ("handoffs[].lead_type", "lead-types"),
           ("kpis[]", "metrics"), ("differs_from[].role", "roles")),
    "role.html.j2", "roles_index.html.j2", "Roles", "role", "Role", "Roles",
    example=_role, relations=RELATIONS, required=True,
    picked=True, order=10)
