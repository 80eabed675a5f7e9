"""The `playbook` command line: check a hub without building it."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from . import __version__
from .diagnostics import Severity
from .pipeline import build_date, run
from .render import RenderOptions


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="playbook")
def main() -> None:
    """Playbook Hub: a sales playbook kept as YAML, published with MkDocs."""


@main.command()
@click.argument("hub", default=".", type=click.Path(file_okay=False, path_type=Path))
@click.option("--data-dir", default="playbook", show_default=True,
              help="Folder of the YAML files, relative to HUB.")
@click.option("--docs-dir", default="content", show_default=True,
              help="Folder of the hand-written pages (collateral files live here).")
@click.option("--today", default=None, help="Judge staleness on this date (YYYY-MM-DD).")
def validate(hub: Path, data_dir: str, docs_dir: str, today: str | None) -> None:
    """Check every file of the hub in HUB (default: here) without building it.

    Prints one line per problem, FILE:LINE:COLUMN: message, and exits 1 when any is an
    error. Stale collateral is a warning.
    """
    try:
        date = build_date(today)
    except ValueError:
        raise click.BadParameter(f"expected a date YYYY-MM-DD, found '{today}'",
                                 param_hint="--today") from None
    result = run(hub / data_dir, hub / docs_dir, hub, RenderOptions(today=date),
                 render_pages=False)
    report = result.report
    shown = [i for i in report if i.severity is not Severity.INFO]
    for issue in shown:
        colour = "red" if issue.severity is Severity.ERROR else "yellow"
        click.secho(issue.format(), fg=colour, err=False)
    files = len(result.playbook.sources) + (1 if result.playbook.hub_source else 0)
    summary = f"{files} files checked: {report.summary()}"
    click.secho(summary, bold=True, fg="red" if report.errors else "green")
    sys.exit(1 if report.errors else 0)


if __name__ == "__main__":  # python -m playbook.cli
    main()
