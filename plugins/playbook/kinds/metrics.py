"""Metrics: the numbers the team is judged on."""

from __future__ import annotations

from typing import Literal, Optional

from pydantic import Field

from ..model import Entity, Name, Text
from ..onboarding_plan import PathModule
from .base import Example, Fields, Kind, PathMaker, Setting


class Metric(Entity):
    """``metrics/<id>.yml``: a number the team is judged on."""

    title: Text
    definition: Text
    formula: Optional[Name] = None
    unit: Optional[Name] = None
    better: Optional[Literal["higher", "lower"]] = None
    target: Optional[Name] = None


def _metric(e: Example) -> tuple[Fields, Fields]:
    return ([("title", e.name), ("definition", "What it measures and why it matters.")],
            [("formula", "won / worked"), ("unit", "'%'"), ("better", "higher"),
             ("target", "25%")])


def _path(b, role, group: int) -> list[PathModule]:
    """On the role's path: a module on the KPIs it is judged on."""
    say = b.say
    kpis = [m for m in role.kpis if m in b.pb.metrics]
    if not kpis:
        return []
    key = "generated-kpis"
    tasks = [(f"metric:{m}", say("Find your current {metric} and its target",
                                 metric=b.title("metrics", m)), ("metrics", m))
             for m in kpis]
    return [PathModule(
        key=key, title=say("The KPIs you are judged on"),
        hours=round(b.effort.kpi * len(kpis), 2), group=group, funnel=-1,
        body=say("The numbers your manager will review with you, how each is "
                 "computed, and what good looks like."),
        tasks=b.tasks(key, tasks), links=[("metrics", m) for m in kpis])]


EFFORT = Setting("kpi", float, Field(0.5, gt=0, description="Per KPI of the role."))


KIND = Kind("metrics", Metric, "metric", "metrics", (),
    "metric.html.j2", "metrics_index.html.j2", "Metrics", "metric", "Metric",
    "Metrics", example=_metric, path=PathMaker(5, _path, ("kpis",)), efforts=(EFFORT,),
    order=50)
