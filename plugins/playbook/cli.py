"""The `playbook` command line: check, scaffold, describe and audit a hub without MkDocs.

Each command lives with its kin (:mod:`.cli_check`, :mod:`.cli_generate`,
:mod:`.cli_authoring`); what they share is :mod:`.cli_support`."""

from __future__ import annotations

import click

from . import __version__
from .cli_authoring import cms, export_command, init, messages, new, schema, serve
from .cli_check import audit_command, review_command, validate
from .cli_generate import generate, index_command
from .cli_support import Commands, Output


@click.group(cls=Commands, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="playbook")
@click.option("--color/--no-color", default=None,
              help="Force colours on or off (default: on a terminal, unless NO_COLOR is set).")
@click.pass_context
def main(ctx: click.Context, color: bool | None) -> None:
    """Playbook Hub: a sales playbook kept as YAML, published with MkDocs.

    Run a command with --help for its options, e.g. `playbook validate --help`.
    """
    ctx.obj = Output(color)


for command in (init, validate, review_command, audit_command, generate, index_command,
                export_command, new, messages, schema, cms, serve):
    main.add_command(command)


if __name__ == "__main__":  # python -m playbook.cli
    main()
