"""The hub's problems in MkDocs' log: errors stop the build with every one of them at once,
warnings are MkDocs warnings (so that `--strict` fails on them), and what is only a matter
of time passing (an item going stale) is information: it must not fail a build."""

from __future__ import annotations

import logging

from mkdocs.exceptions import PluginError

from ..diagnostics import PlaybookError, Severity
from ..pipeline import Result

log = logging.getLogger("mkdocs.plugins.playbook")

#: Issue codes that are warnings for `playbook validate` but only information in a build.
INFO_IN_BUILD = {"stale"}


def log_issues(result: Result) -> None:
    """Every warning and piece of information of ``result``, in the log."""
    for issue in result.report:
        if issue.severity is Severity.ERROR:
            continue
        level = logging.INFO if (issue.severity is Severity.INFO
                                 or issue.code in INFO_IN_BUILD) else logging.WARNING
        log.log(level, "playbook: %s", issue.format())


def log_errors(result: Result) -> None:
    """Every error of ``result``, in the log (`mkdocs serve` goes on: see the plugin)."""
    for issue in result.report.errors:
        log.error("playbook: %s", issue.format())


def stop_on_errors(result: Result, data_dir: str) -> None:
    """Stop the build, naming every error of ``result``, if it has any."""
    if not result.report.ok:
        raise PluginError("playbook: " + str(PlaybookError(
            result.report, f"cannot build the hub from {data_dir}/")))
