"""Files that failed their model (drafts): nothing is built from them, but what they name
is still checked in the same run, so a marketer sees every problem of a file at once and
not in rounds (a field's error first, then, once fixed, the unknown role beside it)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from .sources import SourceFile
from .yaml_loader import Document


@dataclass(frozen=True)
class Draft:
    """A file that failed its model: its document as read, and the paths of its errors.
    Nothing is built from it; what it names is still checked in the same run, so that a
    marketer sees every problem of a file at once, not in rounds."""

    file: SourceFile
    doc: Document
    faulty: frozenset[tuple]

    def sound(self, path: tuple) -> bool:
        """Whether ``path`` lies outside every error (neither in one nor around one)."""
        return not any(path[:len(f)] == f or f[:len(path)] == path for f in self.faulty)


class Faulty(Exception):
    """A kind's check asked a draft (:class:`Sketch`) for a field that has an error."""


class Sketch:
    """A draft as a kind's own checks read an entity: its id, and each field as written.
    A field with an error raises :class:`Faulty` (the check is then skipped: the error
    is reported already); a field not written is None."""

    def __init__(self, draft: Draft) -> None:
        self.id = draft.file.id
        self._draft = draft

    def __getattr__(self, name: str) -> Any:
        if name.startswith("_"):
            raise AttributeError(name)
        if not self._draft.sound((name,)):
            raise Faulty(name)
        data = self._draft.doc.data
        return data.get(name) if isinstance(data, dict) else None
