"""Responsibilities: the duties of the sales organisation, each with its RACI assignment."""

from __future__ import annotations

from collections import defaultdict
from typing import Any, Optional

from pydantic import Field

from ..model import ID_PATTERN, Entity, Name, Ref, Text
from ..onboarding_plan import PathModule
from .base import Example, Export, Fields, Gap, Kind, PathMaker, Setting, _refs
from .collateral import study


#: RACI letters in the order they are shown, and what they stand for.
RACI = ("A", "R", "C", "I")
RACI_NAMES = {"A": "Accountable", "R": "Responsible", "C": "Consulted", "I": "Informed"}


class Responsibility(Entity):
    """``responsibilities/<id>.yml``: a duty with its RACI assignment."""

    title: Text
    description: Optional[Text] = None
    area: Optional[Name] = Field(None, description="Grouping, e.g. planning or analytics.")
    accountable: Ref = Field(description="Exactly one role id.")
    responsible: list[Ref] = Field(min_length=1, description="At least one role id.")
    consulted: list[Ref] = Field(default_factory=list)
    informed: list[Ref] = Field(default_factory=list)
    metrics: list[Ref] = Field(default_factory=list)
    collateral: list[Ref] = Field(default_factory=list)


def _responsibility(e: Example) -> tuple[Fields, Fields]:
    return ([("title", e.name), ("accountable", e.role), ("responsible", f"[{e.role}]")],
            [("description", "What the responsibility covers."), ("area", "execution"),
             ("consulted", "[]"), ("informed", "[]"), ("metrics", "[]"),
             ("collateral", "[]")])


def _path(b, role, group: int) -> list[PathModule]:
    """On the role's path: a module per responsibility it is accountable or responsible
    for, with its metrics and its collateral (in the reader's language or the hub's)."""
    pb, say = b.pb, b.say
    out = []
    for resp, letters in pb.raci_by_role.get(role.id, []):
        if "A" not in letters and "R" not in letters:
            continue
        key = f"generated-responsibility-{resp.id}"
        items = b.for_reader(pb.collateral[c] for c in resp.collateral if c in pb.collateral)
        name = b.text(resp.title)
        metrics = [m for m in resp.metrics if m in pb.metrics]
        tasks = [("read", say("Read what {responsibility} means and who else takes part",
                              responsibility=name), ("responsibilities", resp.id))]
        tasks += [(f"metric:{m}", say("Learn how {metric} is measured",
                                      metric=b.title("metrics", m)), ("metrics", m))
                  for m in metrics]
        tasks += [(f"collateral:{c.id}", study(b, c), ("collateral", c.id)) for c in items]
        what = (say("You are accountable for this.") if "A" in letters
                else say("You are responsible for this."))
        out.append(PathModule(
            key=key, title=say("Responsibility: {responsibility}", responsibility=name),
            hours=b.effort.responsibility, group=group,
            funnel=b.funnel(items),
            body=what + (" " + b.text(resp.description) if resp.description else ""),
            tasks=b.tasks(key, tasks),
            links=[("responsibilities", resp.id)] + [("metrics", m) for m in metrics]
            + [("collateral", c.id) for c in items]))
    return out


def raci_letters(resp: Responsibility, role_id: str) -> str:
    """The RACI letters of a role in a responsibility, e.g. ``"A"``, ``"A/R"`` or ``""``."""
    letters = []
    if resp.accountable == role_id:
        letters.append("A")
    if role_id in resp.responsible:
        letters.append("R")
    if role_id in resp.consulted:
        letters.append("C")
    if role_id in resp.informed:
        letters.append("I")
    return "/".join(letters)


def _raci_by_role(pb) -> dict[str, list[tuple[Responsibility, str]]]:
    """Per role, the responsibilities naming it with its letters, A and R first."""
    out: dict[str, list[tuple[Responsibility, str]]] = defaultdict(list)
    for resp in sorted(pb.responsibilities.values(), key=pb.title_key):
        for role_id in pb.roles:
            letters = raci_letters(resp, role_id)
            if letters:
                out[role_id].append((resp, letters))
    for items in out.values():
        items.sort(key=lambda pair: RACI.index(pair[1][0]))
    return out


def _by_area(pb) -> list[tuple[str, list[Responsibility]]]:
    groups: dict[str, list[Responsibility]] = defaultdict(list)
    for resp in sorted(pb.responsibilities.values(), key=pb.title_key):
        groups[resp.area or ""].append(resp)
    return sorted(groups.items(), key=lambda kv: (kv[0] == "", kv[0].casefold()))


RELATIONS: dict[str, Any] = {
    "raci_names": lambda pb: RACI_NAMES,
    "raci_letters": lambda pb: raci_letters,
    "raci_by_role": _raci_by_role,
    # the roles that appear in at least one responsibility, by team then title
    "raci_roles": lambda pb: [role for _, roles in pb.teams for role in roles
                              if pb.raci_by_role.get(role.id)],
    "responsibilities_by_area": _by_area,
}


GAPS = (
    Gap("roles_without_responsibilities",
        lambda pb: [r for _, roles in pb.teams for r in roles if not pb.raci_by_role.get(r.id)],
        "Roles with no responsibilities", ("role", "owner"), lambda r: [r.id, r.owner or ""]),
    Gap("responsibilities_without_metrics",
        lambda pb: sorted((r for r in pb.responsibilities.values() if not r.metrics),
                          key=pb.title_key),
        "Responsibilities with no metrics", ("responsibility", "accountable"),
        lambda r: [r.id, r.accountable]),
)


def _raci(pb) -> dict[tuple[str, str], dict[str, str]]:
    """The RACI letters of each role, per responsibility, and of each responsibility, per
    role."""
    out: dict[tuple[str, str], dict[str, str]] = {}
    for role_id, items in pb.raci_by_role.items():
        out[("roles", role_id)] = {resp.id: letters for resp, letters in items}
    for resp in pb.responsibilities.values():
        out[("responsibilities", resp.id)] = {
            role_id: letters for role_id in pb.roles
            if (letters := raci_letters(resp, role_id))}
    return out


EXPORTS = (Export(
    "raci", ("roles", "responsibilities"),
    {"type": "object", "propertyNames": {"type": "string", "pattern": ID_PATTERN},
     "additionalProperties": {"type": "string", "pattern": r"^[ARCI](/[ARCI])*$"},
     "description": "RACI letters, such as `A/R`: per responsibility of a role, or per role "
                    "of a responsibility."},
    _raci),)


EFFORT = Setting("responsibility", float, Field(
    1.5, gt=0, description="Per responsibility the role is accountable or responsible for."))


KIND = Kind("responsibilities", Responsibility, "responsibility", "responsibilities",
    _refs(("accountable", "roles"), ("responsible[]", "roles"), ("consulted[]", "roles"),
           ("informed[]", "roles"), ("metrics[]", "metrics"),
           ("collateral[]", "collateral")),
    "responsibility.html.j2", "responsibilities_index.html.j2", "Responsibilities",
    "responsibility", "Responsibility", "Responsibilities", example=_responsibility,
    path=PathMaker(3, _path, ("responsibility",)), relations=RELATIONS, gaps=GAPS, exports=EXPORTS,
    efforts=(EFFORT,), order=20)
