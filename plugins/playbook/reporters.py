"""Ways to print a report: text for people, JSON for tools, annotations for GitHub Actions."""

from __future__ import annotations

import json
from typing import Callable

from .diagnostics import Issue, Report, Severity


def _line(issue: Issue) -> str:
    return issue.format()


def text(report: Report, files: int, echo: Callable[..., None]) -> None:
    """Errors, then warnings, each sorted by file and line; a count at the end."""
    for title, issues, colour in (("Errors", report.errors, "red"),
                                  ("Warnings", report.warnings, "yellow")):
        if not issues:
            continue
        echo(f"{title} ({len(issues)})", fg=colour, bold=True)
        previous = None
        for issue in issues:
            if previous is not None and issue.location.path != previous:
                echo("")
            previous = issue.location.path
            echo(_line(issue), fg=colour)
        echo("")
    summary = f"{files} files checked: {report.summary()}"
    echo(summary, bold=True, fg="red" if report.errors else "green")


def as_dict(issue: Issue) -> dict:
    return {
        "file": issue.location.path,
        "line": issue.location.line or None,
        "column": issue.location.column or None,
        "severity": issue.severity.value,
        "code": issue.code,
        "field": issue.field or None,
        "message": issue.message,
        "hint": issue.hint or None,
    }


def to_json(report: Report, files: int) -> str:
    return json.dumps({
        "files": files,
        "errors": [as_dict(i) for i in report.errors],
        "warnings": [as_dict(i) for i in report.warnings],
    }, ensure_ascii=False, indent=2)


def _escape(value: str, property: bool = False) -> str:
    value = value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    if property:
        value = value.replace(":", "%3A").replace(",", "%2C")
    return value


def github(report: Report) -> str:
    """Workflow commands that GitHub Actions shows as annotations on the pull request."""
    lines = []
    for issue in report.errors + report.warnings:
        level = "error" if issue.severity is Severity.ERROR else "warning"
        props = [f"file={_escape(issue.location.path, True)}"]
        if issue.location.line:
            props.append(f"line={issue.location.line}")
        if issue.location.column:
            props.append(f"col={issue.location.column}")
        message = f"{issue.field}: {issue.message}" if issue.field else issue.message
        if issue.hint:
            message += f" ({issue.hint})"
        lines.append(f"::{level} {','.join(props)}::{_escape(message)}")
    return "\n".join(lines)
