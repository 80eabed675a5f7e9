"""What pages show that is computed from the whole hub, once per render: onboarding paths,
last-changed dates (git), the changes since the compared version, the audit, file sizes."""

from __future__ import annotations

import datetime as dt
import os
import posixpath
from functools import cached_property
from pathlib import Path
from typing import Any, Callable

from .audit import Audit, audit
from .catalog import N_
from .git_log import resolver
from .history import Changes, changes_of, file_dates
from .kinds import path_kind, role_kind
from .onboarding import OnboardingPath, PathBuilder
from .playbook import Playbook
from .urls import handbook_page


#: What a page reads besides entities (:attr:`Page.reads`), each noted under a name of its
#: own: the last-changed date of files or a folder (``changed``), a published file's size.
DATE, SIZE = "@date", "@size"


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
        #: the paths of the pages being rendered, when not all of them (an edit's)
        self.only: set[str] | None = None

    def prepare(self) -> None:
        """Compute what every page may read now (before forking)."""
        for shared in ("paths", "dates", "_folder_dates", "changes"):
            getattr(self, shared)

    @cached_property
    def paths(self) -> list[OnboardingPath]:
        builder = PathBuilder(self.playbook, self._text, self._gettext, self.options.language)
        kept = self.options.kept_paths
        if kept is None:
            return builder.paths()
        return kept.paths(self.options.language, builder, self.only)

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
        self._note(DATE, "\0".join(sources))
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
        self._note(SIZE, path)
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

    def _note(self, what: str, key: str) -> None:
        reads = self.playbook.reads  # (the page's, while one is rendered and recorded)
        if reads is not None:
            reads.add((what, key))

    def shown(self, read: tuple[str, str]) -> str:
        """What a page that noted ``read`` (of :data:`DATE` or :data:`SIZE`) shows now."""
        what, key = read
        return self.changed(*key.split("\0")) if what == DATE else self.file_size(key)

    def source_display(self, source: Path | None) -> str:
        """A file's path from the hub's folder (as text: no Path made per file, for the
        dates of tens of thousands of files at every edit `mkdocs serve` shows)."""
        if source is None:
            return ""
        real, root = self._resolve(source), self._root
        if real.startswith(root):
            return real[len(root):].replace(os.sep, "/")
        return source.as_posix()

    @cached_property
    def root(self) -> Path:
        return self.playbook.root.resolve()

    @cached_property
    def _root(self) -> str:
        return os.path.join(str(self.root), "")  # (with its separator at the end)


class KeptPaths:
    """Each role's onboarding path as the last render made it, per language, kept by
    `mkdocs serve` (RenderOptions.kept_paths): a render of some pages only (an edit's)
    makes the paths of the roles whose pages it renders again, and takes the others as the
    last render made them. They are the same: a path is shown whole on its role's page of
    the path, and an edit that may change a path renders that page again (every page
    whose content an edit changes is among those, :mod:`.incremental`, tested)."""

    def __init__(self) -> None:
        self._kept: dict[str | None, dict[str, OnboardingPath]] = {}

    def paths(self, language: str | None, builder: PathBuilder, only: set[str] | None
              ) -> list[OnboardingPath]:
        kept = self._kept.get(language, {}) if only is not None else {}
        made = []
        for role in builder.roles():
            path = kept.get(role.id)
            if path is None or only is None or not only.isdisjoint(_pages_of_role(role.id)):
                path = builder.path(role)
            made.append(path)
        self._kept[language] = {path.role.id: path for path in made}
        return made


def _pages_of_role(id: str) -> set[str]:
    """The pages of a role that show its path or what it is made from."""
    return {role_kind().page(id), path_kind().page(id), handbook_page(id)}
