"""Ways to print a report, and review queues: text for people, JSON for tools, annotations
for GitHub Actions."""

from __future__ import annotations

import datetime as dt
import json
from typing import TYPE_CHECKING, Callable

from .diagnostics import Issue, Location, Report, Severity
from .review import ENGLISH, Queue, ReviewItem

if TYPE_CHECKING:
    from .playbook import Playbook


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


def _command(level: str, location: Location, message: str, title: str = "") -> str:
    """One workflow command: ``::warning file=F,line=L,title=T::message``."""
    props = [f"file={_escape(location.path, True)}"]
    if location.line:
        props.append(f"line={location.line}")
    if location.column:
        props.append(f"col={location.column}")
    if title:
        props.append(f"title={_escape(title, True)}")
    return f"::{level} {','.join(props)}::{_escape(message)}"


def github(report: Report) -> str:
    """Workflow commands that GitHub Actions shows as annotations on the pull request."""
    lines = []
    for issue in report.errors + report.warnings:
        level = "error" if issue.severity is Severity.ERROR else "warning"
        message = f"{issue.field}: {issue.message}" if issue.field else issue.message
        if issue.hint:
            message += f" ({issue.hint})"
        lines.append(_command(level, issue.location, message))
    return "\n".join(lines)


# -- review queues (`playbook review`) ------------------------------------------------------

def _entity(item: ReviewItem) -> str:
    return f"{item.kind}/{item.entity.id} ({str(item.entity.title)})"


def _counts(queues: list[Queue], within: int) -> str:
    overdue = sum(len(q.overdue) for q in queues)
    soon = sum(len(q.due_soon) for q in queues)
    return f"{overdue} overdue, {soon} due within {within} days"


def review_text(pb: Playbook, queues: list[Queue], today: dt.date, within: int,
                echo: Callable[..., None]) -> None:
    """Per owner, a line per item: how late or how soon, the file and line, the entity."""
    words = pb.words(ENGLISH)
    for queue in queues:
        echo(f"{queue.owner}: {_counts([queue], within)}", bold=True)
        rows = [(item.status(words), str(item.location), _entity(item),
                 item.reason(pb, today), item.overdue) for item in queue.items]
        widths = [max(len(row[i]) for row in rows) for i in range(2)]
        for status, where, entity, reason, overdue in rows:
            echo(f"  {status.ljust(widths[0])}  {where.ljust(widths[1])}  {entity}: {reason}",
                 fg="red" if overdue else "yellow")
        echo("")
    if not queues:
        echo(f"Nothing is overdue for review or due within {within} days.")
    people = f"{len(queues)} owner{'s' * (len(queues) != 1)}"
    echo(f"{people}: {_counts(queues, within)}, as of {today.isoformat()}", bold=True)


def review_json(pb: Playbook, queues: list[Queue], today: dt.date, within: int) -> str:
    """The queues as one JSON document (its shape is documented in docs/ci.md)."""
    def item(i: ReviewItem) -> dict:
        return {
            "kind": i.kind,
            "id": i.entity.id,
            "title": str(i.entity.title),
            "file": i.location.path,
            "line": i.location.line or None,
            "field": i.due.field,
            "due": i.due.date.isoformat(),
            "overdue": i.overdue,
            "days_overdue": i.days if i.overdue else 0,
            "days_left": i.days_left if not i.overdue else 0,
            "reason": i.reason(pb, today),
        }

    return json.dumps({
        "version": 1,
        "today": today.isoformat(),
        "within_days": within,
        "overdue": sum(len(q.overdue) for q in queues),
        "due_soon": sum(len(q.due_soon) for q in queues),
        "owners": [{"owner": q.owner, "overdue": len(q.overdue), "due_soon": len(q.due_soon),
                    "items": [item(i) for i in q.items]} for q in queues],
    }, ensure_ascii=False, indent=2)


def review_github(pb: Playbook, queues: list[Queue], today: dt.date) -> str:
    """An annotation per item at the date that sets when it is due: a warning when it is
    overdue, a notice when it falls due soon."""
    words = pb.words(ENGLISH)
    lines = []
    for queue in queues:
        for item in queue.items:
            title = f"{'Overdue' if item.overdue else 'Due'} for review: {queue.owner}"
            message = (f"{_entity(item)} is {item.status(words)}: {item.reason(pb, today)}; "
                       f"{queue.owner} should review it and update 'updated' or 'review_by'")
            lines.append(_command("warning" if item.overdue else "notice", item.location,
                                  message, title))
    return "\n".join(lines)
