"""The plugin's account of its own time in a build, logged at its end."""

from __future__ import annotations

import functools
import logging
import time
from typing import Any

from ..pipeline import Result

log = logging.getLogger("mkdocs.plugins.playbook")

#: the stages, in the order they are logged
STAGES = ("load", "validate", "render", "files", "pages", "search")


def timed(stage: str) -> Any:
    """Add the time an event handler of the plugin takes to its build's account, under
    ``stage``."""
    def wrap(method: Any) -> Any:
        @functools.wraps(method)
        def run(plugin: Any, *args: Any, **kwargs: Any) -> Any:
            start = time.perf_counter()
            try:
                return method(plugin, *args, **kwargs)
            finally:
                plugin.build.spend(stage, time.perf_counter() - start)
        return run
    return wrap


def log_spent(core: dict[str, float], adapter: dict[str, float]) -> None:
    """How long the plugin's own work took, all of it: the core (load, validate, render)
    and what the adapter did in MkDocs' events."""
    spent = {**core, **adapter}
    log.info("playbook: its own work took %.1f s of this build (%s)", sum(spent.values()),
             ", ".join(f"{stage} {spent[stage]:.2f} s" for stage in STAGES if stage in spent))


def log_render(result: Result, language: str | None, data_dir: str, more: str) -> None:
    """What the core made: its pages, from how many files, and how long each stage took
    (for another language's site, ``language``: only rendered); ``more``, what the render
    adds ("; 12 rendered, ...")."""
    if language is not None:
        log.info("playbook: %d pages in %s (render %.2f s%s)", len(result.pages), language,
                 result.seconds.get("render", 0.0), more)
        return
    log.info("playbook: %d pages from %d files in %s/ (load %.2f s, validate %.2f s, "
             "render %.2f s%s)", len(result.pages), len(result.playbook.sources) + 1,
             data_dir, result.seconds["load"], result.seconds["validate"],
             result.seconds.get("render", 0.0), more)
