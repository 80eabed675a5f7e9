"""A large hub's parsed files, kept between runs: a file whose bytes were parsed before is
not parsed again (issue 37: `playbook validate` and every build of a 10,000-file hub spent
most of their load in the YAML parser).

The cache is one file, ``<hub>/.cache/playbook/parsed.bin`` (like Material's ``.cache``;
safe to delete), holding, by a digest of a file's bytes, what :func:`read_one` made of
them: its data and the place of every value. Only files parsed without an issue are kept,
so every problem is found again on every run, and nothing names a file's path (two files
of the same bytes share an entry). It is used for hubs of :data:`MIN_FILES` files or more:
a small hub parses in milliseconds.

The cache is untrusted like the rest of the hub: sealed with this machine's key (or the
key a CI gives), never read or written through a link (:mod:`playbook.cache_files`). In
continuous integration without a key there is none, since what a job kept would never be
read, and keeping it (a file as large as the hub's YAML, sealed) would make the job slower.
"""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Any, Callable

import yaml

from . import cache_files, hub_files
from .sources import SourceFile

#: Hubs of this many files or more keep their parsed files between runs.
MIN_FILES = 1000
NAME = "parsed.bin"
MAGIC = b"playbook-parsed\n"
#: What a kept parse depends on besides the bytes: the parser (its code and PyYAML's).
_PARSER = Path(__file__).with_name("yaml_loader.py")


def _version() -> bytes:
    code = _PARSER.read_bytes()
    return hashlib.sha256(code + yaml.__version__.encode()
                          + str(yaml.__with_libyaml__).encode()).digest()


class ParsedFiles:
    """The kept parses of one hub: :meth:`get` a file's by its bytes, :meth:`keep` what
    this run parsed, :meth:`save` once."""

    def __init__(self, folder: Path, key: bytes) -> None:
        self.file = cache_files.Sealed(folder / NAME, key, MAGIC, _version())
        entries = self.file.load()
        self.entries: dict[bytes, tuple] = entries if isinstance(entries, dict) else {}
        self.used: dict[bytes, tuple] = {}
        self.changed = False

    @classmethod
    def of(cls, root: Path) -> ParsedFiles | None:
        opened = cache_files.opened(root)
        return cls(*opened) if opened is not None else None

    @staticmethod
    def digest(raw: bytes) -> bytes:
        return hashlib.blake2b(raw, digest_size=20).digest()

    def get(self, digest: bytes) -> tuple | None:
        found = self.entries.get(digest)
        if found is not None:
            self.used[digest] = found
        return found

    def keep(self, digest: bytes, parsed: tuple) -> None:
        self.used[digest] = parsed
        self.changed = True

    def save(self) -> None:
        """Write what this run used (a file gone or changed since is left out), if anything
        differs from what was read: atomically, never through a link."""
        if not self.changed and len(self.used) == len(self.entries):
            return
        self.file.save(self.used)


def read_all(entities: list[SourceFile], max_bytes: int, root: Path,
             parse_all: Callable[[list[tuple[SourceFile, bytes]]], list[tuple]]
             ) -> list[tuple] | None:
    """What :func:`playbook.file_reading.read_one` makes of each file, in order, those
    parsed in an earlier run taken from the cache and the rest given to ``parse_all``
    (``(source, bytes)`` each, parsed in order); None for a hub of fewer than
    :data:`MIN_FILES` files or when there is no cache to keep (then the files are read as
    before)."""
    if len(entities) < MIN_FILES:
        return None
    cache = ParsedFiles.of(root)
    if cache is None:
        return None
    out: list[Any] = [None] * len(entities)
    missing: list[tuple[int, SourceFile, bytes, bytes]] = []
    for i, source in enumerate(entities):
        try:
            raw = hub_files.read(source.path, max_bytes)
        except hub_files.Refused as exc:
            out[i] = ("refused", exc.code, str(exc))
            continue
        digest = cache.digest(raw)
        found = cache.get(digest)
        if found is not None:
            out[i] = ("doc", *found, [])
        else:
            missing.append((i, source, raw, digest))
    parsed = parse_all([(source, raw) for _, source, raw, _ in missing])
    for (i, _, _, digest), read in zip(missing, parsed):
        out[i] = read
        if read[0] == "doc" and read[2] is not None and not read[5]:
            cache.keep(digest, read[1:5])
    cache.save()
    return out

