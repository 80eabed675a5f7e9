"""Problems found in a hub: where they are, what is wrong, and what was expected.

The core never raises on bad user data: every stage adds :class:`Issue` objects to a
:class:`Report`, so that one run shows every problem at once. Only the edges (the MkDocs
adapter, the CLI) turn a report with errors into a failure.
"""

from __future__ import annotations

import difflib
import enum
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable, Iterator


class Severity(str, enum.Enum):
    ERROR = "error"
    WARNING = "warning"
    INFO = "info"


@dataclass(frozen=True, order=True)
class Location:
    """A place in a file; ``line`` and ``column`` are 1-based, 0 when unknown."""

    path: str
    line: int = 0
    column: int = 0

    def __str__(self) -> str:
        if self.line and self.column:
            return f"{self.path}:{self.line}:{self.column}"
        if self.line:
            return f"{self.path}:{self.line}"
        return self.path


@dataclass(frozen=True)
class Issue:
    """One problem. ``field`` is the dotted path inside the file (``handoffs[0].to``)."""

    code: str
    message: str
    location: Location
    field: str = ""
    severity: Severity = Severity.ERROR
    hint: str = ""

    def format(self) -> str:
        where = str(self.location)
        what = f"{self.field}: {self.message}" if self.field else self.message
        text = f"{where}: {self.severity.value}: {what}"
        if self.hint:
            text += f" ({self.hint})"
        return text


@dataclass
class Report:
    """Every issue of a run, in the order found; sorted by place when shown."""

    issues: list[Issue] = field(default_factory=list)

    def add(self, issue: Issue) -> None:
        if issue not in self.issues:
            self.issues.append(issue)

    def extend(self, issues: Iterable[Issue]) -> None:
        for issue in issues:
            self.add(issue)

    def __iter__(self) -> Iterator[Issue]:
        return iter(self.sorted())

    def sorted(self) -> list[Issue]:
        return sorted(self.issues, key=lambda i: (i.location, i.field, i.message))

    @property
    def errors(self) -> list[Issue]:
        return [i for i in self.sorted() if i.severity is Severity.ERROR]

    @property
    def warnings(self) -> list[Issue]:
        return [i for i in self.sorted() if i.severity is Severity.WARNING]

    @property
    def ok(self) -> bool:
        return not self.errors

    def summary(self) -> str:
        e, w = len(self.errors), len(self.warnings)
        return f"{e} error{'s' * (e != 1)}, {w} warning{'s' * (w != 1)}"


class PlaybookError(Exception):
    """Raised at the edges when a hub cannot be built; carries the full report."""

    def __init__(self, report: Report, title: str = "the playbook has errors"):
        self.report = report
        lines = [f"{title} ({report.summary()}):"]
        lines += [f"  {issue.format()}" for issue in report.errors]
        super().__init__("\n".join(lines))


def did_you_mean(word: str, choices: Iterable[str]) -> str:
    """A hint naming the closest of ``choices``, or '' when none is close."""
    close = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.6)
    return f"did you mean '{close[0]}'?" if close else ""


def relpath(path: Path, root: Path) -> str:
    """``path`` as shown to users: relative to the hub root when inside it, POSIX style."""
    try:
        return path.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        return path.as_posix()
