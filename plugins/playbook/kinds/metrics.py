"""Metrics: the numbers the team is judged on."""

from __future__ import annotations

from typing import Literal, Optional


from ..model import Entity, Name, Text
from .base import Example, Fields, Kind


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


KIND = Kind("metrics", Metric, "metric", "metrics", (),
    "metric.html.j2", "metrics_index.html.j2", "Metrics", "metric", "Metric",
    "Metrics", example=_metric)
