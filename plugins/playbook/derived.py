"""What pages show that is computed from the whole hub, once per render: onboarding paths,
last-changed dates (git), the changes since the compared version, the audit, file sizes."""

from __future__ import annotations

import datetime as dt
import posixpath
from functools import cached_property
from pathlib import Path
from typing import Any, Callable

from .audit import Audit, audit
from .catalog import N_
from .git_log import resolver
from .history import Changes, changes_of, file_dates
from .onboarding import OnboardingPath, PathBuilder
from .playbook import Playbook


class Derived:
    """Computed on first use, and shared by every page of a render (and, computed before
    the processes part, by every process of a parallel one)."""

    def __init__(self, playbook: Playbook, options: Any, text: Callable[[Any], str],
                 gettext: Callable[..., str]) -> None:
        self.playbook = playbook
        self.options = options
        self._text = text
        self._gettext = gettext
        self._resolve = resolver()

    def prepare(self) -> None:
        """Compute what every page may read now (before forking)."""
        for shared in ("paths", "dates", "_folder_dates", "changes"):
            getattr(self, shared)

    @cached_property
    def paths(self) -> list[OnboardingPath]:
        return PathBuilder(self.playbook, self._text, self._gettext,
                           self.options.language).paths()

    @cached_property
    def dates(self) -> dict[str, dt.date]:
        """Last-changed date per YAML file (shown path), from git or the file's time."""
        if not self.options.history:
            return {}
        return {self.source_display(p): d for p, d in file_dates(self.playbook).items()}

    @cached_property
    def _folder_dates(self) -> dict[str, dt.date]:
        """The latest date per folder of the shown paths."""
        out: dict[str, dt.date] = {}
        for path, date in self.dates.items():
            folder = posixpath.dirname(path)
            while folder:
                if out.get(folder, dt.date.min) < date:
                    out[folder] = date
                folder = posixpath.dirname(folder)
        return out

    def changed(self, *sources: str) -> str:
        """The latest last-changed date of the given shown paths (or of a whole folder)."""
        dates = [d for d in (self.dates.get(s) or self._folder_dates.get(s.rstrip("/"))
                             for s in sources) if d]
        return max(dates).isoformat() if dates else ""

    @cached_property
    def changes(self) -> Changes:
        if not self.options.history:
            return Changes(None, note="Change history is turned off.")
        return changes_of(self.playbook, self.options.changes_since)

    @cached_property
    def audit(self) -> Audit:
        # (the same in every language's render: it asks every language's paths itself; in
        # a hub of one language those are its site's, made for its pages anyway: the same
        # items are a reader's, onboarding.PathBuilder.for_reader)
        today, pb = self.options.today, self.playbook
        one = len(pb.hub.languages) == 1
        return pb.made_once(("audit", today), lambda: audit(
            pb, today, paths=self.paths if one else None))

    @cached_property
    def paths_by_role(self) -> dict[str, OnboardingPath]:
        return {p.role.id: p for p in self.paths}

    def file_size(self, path: str) -> str:
        try:
            size = (self.playbook.docs_dir / path).stat().st_size
        except OSError:
            return ""
        units = (N_("{size} bytes"), N_("{size} KB"), N_("{size} MB"), N_("{size} GB"))
        for unit in units:
            if size < 1024 or unit == units[-1]:
                return self._gettext(unit, size=f"{size:.0f}" if unit == units[0]
                                     else f"{size:.1f}")
            size /= 1024
        return ""  # pragma: no cover

    def source_display(self, source: Path | None) -> str:
        if source is None:
            return ""
        try:
            return Path(self._resolve(source)).relative_to(self.root).as_posix()
        except ValueError:
            return source.as_posix()

    @cached_property
    def root(self) -> Path:
        return self.playbook.root.resolve()
