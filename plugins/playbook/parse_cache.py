"""A large hub's parsed files, kept between runs: a file whose bytes were parsed before is
not parsed again (issue 37: `playbook validate` and every build of a 10,000-file hub spent
most of their load in the YAML parser).

The cache is one file, ``<hub>/.cache/playbook/parsed.bin`` (like Material's ``.cache``;
safe to delete), holding, by a digest of a file's bytes, what :func:`read_one` made of
them: its data and the place of every value. Only files parsed without an issue are kept,
so every problem is found again on every run, and nothing names a file's path (two files
of the same bytes share an entry). It is used for hubs of :data:`MIN_FILES` files or more:
a small hub parses in milliseconds.

What a pull request brings is untrusted, the hub's ``.cache`` folder too: the cache is
sealed with a key of this machine, kept outside the hub (in the user's cache folder), and
one that does not open with it is not read (so a cache written elsewhere, or by anyone
else, is never believed); a ``.cache`` that is a link, or not a folder, is neither read
nor written through.

In continuous integration (``CI`` set, as GitHub Actions and GitLab CI set it) there is no
cache: each job starts from a fresh checkout on a fresh machine, whose key the next job
does not have, so what it kept would never be read, and keeping it (a file as large as the
hub's YAML, sealed) would make the job slower. Unless the CI gives the key
(``PLAYBOOK_CACHE_KEY``, a secret of the repository, which pull requests from forks do not
get) and keeps ``.cache/playbook`` between jobs: then every job seals with it and believes
what it sealed.
"""

from __future__ import annotations

import hashlib
import hmac
import marshal
import os
import stat
from pathlib import Path
from typing import Any, Callable

import yaml

from . import hub_files
from .sources import SourceFile

#: Hubs of this many files or more keep their parsed files between runs.
MIN_FILES = 1000
#: Where, under the hub's root.
FOLDER = (".cache", "playbook")
NAME = "parsed.bin"
MAGIC = b"playbook-parsed\n"
#: What a kept parse depends on besides the bytes: the parser (its code and PyYAML's).
_PARSER = Path(__file__).with_name("yaml_loader.py")


def _version() -> bytes:
    code = _PARSER.read_bytes()
    return hashlib.sha256(code + yaml.__version__.encode()
                          + str(yaml.__with_libyaml__).encode()).digest()


def cache_key() -> bytes | None:
    """The key the hub's caches are sealed with: from ``PLAYBOOK_CACHE_KEY`` when it is set
    (a CI's secret), else this machine's; None in CI without one (nothing is kept)."""
    given = os.environ.get("PLAYBOOK_CACHE_KEY")
    if given:
        return hashlib.sha256(b"playbook-hub cache key\0" + given.encode("utf-8")).digest()
    if os.environ.get("CI"):
        return None
    return machine_key()


def machine_key() -> bytes | None:
    """This machine's key for sealing caches, made once (``playbook-hub/key`` in the
    user's cache folder, readable by its owner only); None when there is no such folder to
    keep it in."""
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    folder = Path(base) / "playbook-hub"
    path = folder / "key"
    try:
        folder.mkdir(parents=True, exist_ok=True, mode=0o700)
        try:
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | _NOFOLLOW, 0o600)
        except FileExistsError:
            key = _read(path, 32)
        else:
            key = os.urandom(32)
            with os.fdopen(fd, "wb") as out:
                out.write(key)
        return key if key is not None and len(key) == 32 else None
    except OSError:
        return None


_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)


def _read(path: Path, limit: int = 1 << 40) -> bytes | None:
    """The bytes of the regular file at ``path``, not through a link; None if none."""
    try:
        return hub_files.read(path, limit)
    except hub_files.Refused:
        return None


def _folder(root: Path) -> Path | None:
    """The cache folder of the hub at ``root``, made if missing; None when a part of it is
    a link or not a folder (never read or written through)."""
    path = root
    for part in FOLDER:
        path = path / part
        try:
            info = os.lstat(path)
        except FileNotFoundError:
            try:
                os.mkdir(path)
            except OSError:
                return None
            continue
        except OSError:
            return None
        if not stat.S_ISDIR(info.st_mode):
            return None
    return path


class ParsedFiles:
    """The kept parses of one hub: :meth:`get` a file's by its bytes, :meth:`keep` what
    this run parsed, :meth:`save` once."""

    def __init__(self, folder: Path, key: bytes) -> None:
        self.folder = folder
        self.key = key
        self.version = _version()
        self.entries: dict[bytes, tuple] = self._load()
        self.used: dict[bytes, tuple] = {}
        self.changed = False

    @classmethod
    def of(cls, root: Path) -> ParsedFiles | None:
        key = cache_key()
        folder = _folder(root) if key is not None else None
        return cls(folder, key) if folder is not None and key is not None else None

    def _seal(self, payload: bytes) -> bytes:
        return hmac.new(self.key, self.version + payload, hashlib.sha256).digest()

    def _load(self) -> dict[bytes, tuple]:
        raw = _read(self.folder / NAME)
        if raw is None or not raw.startswith(MAGIC):
            return {}
        seal, payload = raw[len(MAGIC):len(MAGIC) + 32], raw[len(MAGIC) + 32:]
        if not hmac.compare_digest(seal, self._seal(payload)):
            return {}  # another machine's, another parser's, or not ours at all
        try:
            entries = marshal.loads(payload)
        except (ValueError, EOFError, TypeError):  # pragma: no cover - sealed by us
            return {}
        return entries if isinstance(entries, dict) else {}

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
        payload = marshal.dumps(self.used)
        data = MAGIC + self._seal(payload) + payload
        temp = self.folder / f".{NAME}.{os.getpid()}"
        try:
            fd = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | _NOFOLLOW, 0o600)
            with os.fdopen(fd, "wb") as out:
                out.write(data)
            os.replace(temp, self.folder / NAME)
        except OSError:
            try:
                os.unlink(temp)
            except OSError:
                pass


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

