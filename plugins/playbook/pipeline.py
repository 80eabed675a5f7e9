"""The whole core in one call: load, validate, render. Used by the MkDocs adapter and the CLI."""

from __future__ import annotations

import contextlib
import datetime as dt
import gc
import os
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Callable, Iterator

from . import hub_files
from .diagnostics import Issue, Location, Report, Severity, relpath
from .history import release_hint
from .hub_files import MAX_YAML_BYTES, is_hubs_own
from .load import ParseCache, load
from .playbook import Playbook
from .render_options import RenderOptions
from .validate import validate

if TYPE_CHECKING:  # (rendering, and the libraries it needs, only once a build asks for it:
    # `playbook validate` takes a tenth of a second less without them)
    from .page import Page


@dataclass
class Result:
    playbook: Playbook
    report: Report
    pages: list[Page] = field(default_factory=list)
    #: seconds spent per stage: load, validate, render
    seconds: dict[str, float] = field(default_factory=dict)


def build_date(value: str | dt.date | None = None) -> dt.date:
    """The date staleness is judged on: ``value``, else SOURCE_DATE_EPOCH, else today."""
    if isinstance(value, dt.date):
        return value
    if value:
        return dt.date.fromisoformat(str(value))
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch and epoch.strip().isdigit():
        return dt.datetime.fromtimestamp(int(epoch), dt.timezone.utc).date()
    return dt.date.today()


def run(data_dir: Path, docs_dir: Path, root: Path | None = None,
        options: RenderOptions | None = None, render_pages: bool = True,
        progress: Callable[[int, int], None] | None = None,
        cache: ParseCache | None = None,
        on_loaded: Callable[[Playbook], None] | None = None,
        max_yaml_bytes: int = MAX_YAML_BYTES, set_aside: bool = False) -> Result:
    """Load and validate the hub; render its pages only when it has no errors. A
    ``cache`` kept between runs spares parsing the files that did not change;
    ``on_loaded(playbook)`` is called before rendering a valid hub (to start work that can go
    on meanwhile); ``set_aside``: see :func:`collector_paused`."""
    with collector_paused(set_aside):
        return _run(data_dir, docs_dir, root, options or RenderOptions(), render_pages,
                    progress, cache, on_loaded, max_yaml_bytes)


@contextlib.contextmanager
def collector_paused(set_aside: bool = False) -> Iterator[None]:
    """Python's cyclic garbage collector paused while a hub is read, checked and rendered:
    nearly all that makes lives until the run ends (parsed files, entities, pages), and the
    collector went through all of it again and again as it grew (a third of `playbook
    validate`'s time at 10,000 items, for no memory given back). Cycles that become garbage
    meanwhile wait for the first collection after.

    With ``set_aside``, for a command whose process ends with what the run made, all of it
    is set aside at the end (``gc.freeze``): the first collection after went through it all
    for nothing (0.18 s of `playbook validate` at 10,000 items), and so did the last, at
    exit. (A build does not: its collections took 3.3 s instead of 0.9 at 10,000 items, yet
    the whole build took longer in two sets of pairs, 1.08 and 1.18 times, with more system
    time: the garbage of the run's cycles is kept.)"""
    paused = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if set_aside:
            gc.freeze()
        if paused:
            gc.enable()


def _run(data_dir: Path, docs_dir: Path, root: Path | None, options: RenderOptions,
         render_pages: bool, progress: Callable[[int, int], None] | None,
         cache: ParseCache | None, on_loaded: Callable[[Playbook], None] | None,
         max_yaml_bytes: int) -> Result:
    start = time.perf_counter()
    playbook, report = load(data_dir, docs_dir, root, progress, cache, max_yaml_bytes)
    if is_hubs_own(options.templates_dir):  # its templates are read only inside the hub too
        report.extend(hub_files.check_tree(options.templates_dir, hub_files.real_root(
            root or data_dir.parent), "the template"))
    loaded = time.perf_counter()
    validate(playbook, report, options.today)
    validated = time.perf_counter()
    result = Result(playbook, report, seconds={"load": loaded - start,
                                               "validate": validated - loaded})
    if report.ok and on_loaded is not None:
        on_loaded(playbook)
    if report.ok and render_pages:
        from .render import render

        result.pages = render(playbook, options, report)
        result.seconds["render"] = time.perf_counter() - validated
        if options.history:
            hint = release_hint(playbook, options.changes_since)
            if hint:
                folder = relpath(data_dir, root or data_dir.parent) + "/"
                report.add(Issue("no-release", hint, Location(folder), severity=Severity.INFO))
    return result


def render_valid(validated: Result, options: RenderOptions) -> Result:
    """The pages of a hub that :func:`run` has loaded and validated, in other options (the
    site of another language): nothing is read or checked again, so nothing is reported
    twice; the new result's report holds only what rendering found."""
    start = time.perf_counter()
    from .render import render

    report = Report()
    with collector_paused():
        pages = render(validated.playbook, options, report)
    return Result(validated.playbook, report, pages,
                  seconds={"render": time.perf_counter() - start})
