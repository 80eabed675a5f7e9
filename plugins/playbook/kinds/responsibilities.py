"""Responsibilities: the duties of the sales organisation, each with its RACI assignment."""

from __future__ import annotations

from typing import Optional

from pydantic import Field

from ..model import Entity, Name, Ref, Text
from .base import Example, Fields, Kind, _refs


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


KIND = Kind("responsibilities", Responsibility, "responsibility", "responsibilities",
    _refs(("accountable", "roles"), ("responsible[]", "roles"), ("consulted[]", "roles"),
           ("informed[]", "roles"), ("metrics[]", "metrics"),
           ("collateral[]", "collateral")),
    "responsibility.html.j2", "responsibilities_index.html.j2", "Responsibilities",
    "responsibility", "Responsibility", "Responsibilities", example=_responsibility)
