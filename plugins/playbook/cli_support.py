"""What the commands of `playbook` share: how they print, read the hub's settings and
load it, and the options they have in common."""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Any

import click

from .hub_config import HubSettings, settings
from .pipeline import build_date, run
from .render_options import RenderOptions


HUB = click.argument("hub", default=".", type=click.Path(file_okay=False, path_type=Path))


DATA_DIR = click.option("--data-dir", default=None,
                        help="Folder of the YAML files, relative to HUB (default: the playbook "
                             "plugin's data_dir in HUB/mkdocs.yml, else playbook).")


DOCS_DIR = click.option("--docs-dir", default=None,
                        help="Folder of the hand-written pages, where collateral files live "
                             "(default: docs_dir in HUB/mkdocs.yml, else docs).")


MAX_YAML_BYTES = click.option("--max-yaml-bytes", type=click.IntRange(min=1), default=None,
                              help="Refuse YAML files larger than this (default: the plugin's "
                                   "max_yaml_bytes in mkdocs.yml, else 1,000,000).")


TODAY = click.option("--today", default=None, metavar="YYYY-MM-DD",
                     help="Judge staleness on this date (default: SOURCE_DATE_EPOCH or today).")


class Output:
    """Where the command writes: colours only on a terminal, never with NO_COLOR set."""

    def __init__(self, color: bool | None):
        if color is None and os.environ.get("NO_COLOR"):
            color = False
        self.color = color

    def echo(self, message: str = "", err: bool = False, **style: Any) -> None:
        click.secho(message, err=err, color=self.color, **style)


def today_date(today: str | None):
    try:
        return build_date(today)
    except ValueError:
        raise click.BadParameter(f"expected a date YYYY-MM-DD, found '{today}'",
                                 param_hint="--today") from None


def progress_bar(out: Output):
    """A progress bar on stderr for long loads, when stderr is a terminal."""
    state: dict[str, Any] = {}

    def step(done: int, total: int) -> None:
        if total < 500 or not sys.stderr.isatty():
            return
        bar = state.get("bar")
        if bar is None:
            bar = state["bar"] = click.progressbar(length=total, label="Reading files",
                                                   file=sys.stderr, color=out.color)
            bar.__enter__()
        bar.update(done - bar.pos)
        if done >= total:
            bar.__exit__(None, None, None)

    return step


class Commands(click.Group):
    """The commands, each stopping with a message, never a traceback, when the system
    refuses to read or write (a full disk, a folder where a file goes, no permission)."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except OSError as exc:
            what = f" {exc.filename}" if exc.filename else ""
            click.secho(f"error: cannot write or read{what}: {exc.strerror or exc}", err=True,
                        fg="red" if ctx.color is not False else None)
            ctx.exit(1)


def hub_settings(hub: Path, data_dir: str | None, docs_dir: str | None,
                 max_yaml_bytes: int | None = None) -> HubSettings:
    """The hub's folders and limits: the options given, else what its mkdocs.yml says, as
    a build would read them."""
    found = settings(hub / "mkdocs.yml")
    if data_dir is not None:
        found.data_dir = data_dir
    if docs_dir is not None:
        found.docs_dir = docs_dir
    if max_yaml_bytes is not None:
        found.max_yaml_bytes = max_yaml_bytes
    if not (hub / found.data_dir).is_dir():
        if not (hub / "mkdocs.yml").exists():
            raise click.UsageError(f"{hub} has no hub (no mkdocs.yml, no {found.data_dir}/): "
                                   "start one with `playbook init`, or run the command in a "
                                   "hub's folder or pass its path")
        raise click.UsageError(f"{hub / found.data_dir} is not a folder: run the command in a "
                               "hub (the folder of mkdocs.yml) or pass its path")
    return found


def load_hub(hub: Path, found: HubSettings, today: str | None, out: Output,
             render_pages: bool = False, options: RenderOptions | None = None,
             until_exit: bool = True):
    """The hub read, checked (and rendered, with ``render_pages``). ``until_exit``: what
    the run made lives until the command ends (pipeline.collector_paused sets it aside)."""
    options = options or RenderOptions()
    options.today = today_date(today)
    return run(hub / found.data_dir, hub / found.docs_dir, hub, options,
               render_pages=render_pages, progress=progress_bar(out),
               max_yaml_bytes=found.max_yaml_bytes, set_aside=until_exit)


def override_options(hub: Path, found: HubSettings) -> RenderOptions | None:
    """How `validate` renders the pages of a hub with template overrides, as its build
    would (None when it has none: the shipped templates render any valid hub, and
    rendering every page of a large hub takes longer than checking it)."""
    from .hub_files import has_overrides

    folder = hub / found.templates_dir
    if not has_overrides(folder):
        return None
    from .parallel import workers

    return RenderOptions(templates_dir=folder, trust_templates=found.trust_templates,
                         workers=workers(), history=found.history,
                         changes_since=found.changes_since,
                         allowed_hosts=tuple(found.allowed_hosts))


def files_read(result: Any) -> int:
    """The hub's files a run read: hub.yml and every entity's, broken ones included."""
    pb = result.playbook
    return len(pb.sources) + len(pb.broken) + (1 if pb.hub_source else 0)


def print_table(out: Output, header: list[str], rows: list[list[str]],
                heat: int | None = None) -> None:
    """A plain text table; with ``heat``, columns from that index are counts, 0 in red."""
    widths = [max(len(str(c)) for c in col) for col in zip(header, *rows)] if rows else \
        [len(h) for h in header]
    out.echo("  ".join(h.ljust(w) for h, w in zip(header, widths)), bold=True)
    for row in rows:
        cells = []
        for i, (cell, w) in enumerate(zip(row, widths)):
            text = str(cell).rjust(w) if heat is not None and i >= heat else str(cell).ljust(w)
            if heat is not None and i >= heat and str(cell) == "0":
                text = click.style(text, fg="red")
            cells.append(text)
        out.echo("  ".join(cells))


def stop_on_errors(out: Output, result, code: int) -> None:
    """Exit with ``code`` when the hub has errors, pointing to `playbook validate`."""
    if result.report.errors:
        out.echo(f"The hub has errors ({result.report.summary()}): run `playbook validate`.",
                 err=True, fg="red")
        sys.exit(code)


def directory_urls(hub: Path) -> bool:
    """Whether the hub's pages are folders (``roles/x/``), as MkDocs makes them by default."""
    from .hub_config import read

    return read(hub / "mkdocs.yml").get("use_directory_urls") is not False


def language_code(code: str, param_hint: str, example: str = "en") -> str:
    """``code`` when it is a language code, else a usage error saying what one looks like."""
    import re

    from .text import LANG_PATTERN

    if not re.match(LANG_PATTERN, code):
        raise click.BadParameter(f"expected a language code such as '{example}' or "
                                 f"'pt-BR', found '{code}'", param_hint=param_hint)
    return code
