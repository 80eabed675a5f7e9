"""A hub's ``.cache/playbook`` folder and the sealed files in it (issue 37): the parsed files
(:mod:`playbook.parse_cache`) and the pages as the theme made them
(:mod:`playbook.adapter.page_cache`).

What a pull request brings is untrusted, the hub's ``.cache`` folder too: each file is
sealed (HMAC-SHA256) with a key of this machine, kept outside the hub (in the user's cache
folder), and one that does not open with it is not read (so a file written elsewhere, or
by anyone else, is never believed); a ``.cache`` that is a link, or not a folder, is neither
read nor written through.

In continuous integration (``CI`` set, as GitHub Actions and GitLab CI set it) nothing is
kept: each job starts from a fresh checkout on a fresh machine, whose key the next job does
not have, so what it kept would never be read. Unless the CI gives the key
(``PLAYBOOK_CACHE_KEY``, a secret of the repository, which pull requests from forks do not
get) and keeps ``.cache/playbook`` between jobs: then every job seals with it and believes
what it sealed.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import marshal
import os
import stat
import zlib
from pathlib import Path
from typing import Any

from . import hub_files

#: Where, under the hub's root.
FOLDER = (".cache", "playbook")
_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)


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
            key = read(path, 32)
        else:
            key = os.urandom(32)
            with os.fdopen(fd, "wb") as out:
                out.write(key)
        return key if key is not None and len(key) == 32 else None
    except OSError:
        return None


def read(path: Path, limit: int = 1 << 40) -> bytes | None:
    """The bytes of the regular file at ``path``, not through a link; None if none."""
    try:
        return hub_files.read(path, limit)
    except hub_files.Refused:
        return None


def folder(root: Path) -> Path | None:
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


def opened(root: Path) -> tuple[Path, bytes] | None:
    """The hub's cache folder and the key to seal with; None when nothing may be kept
    (:func:`cache_key`, :func:`folder`)."""
    key = cache_key()
    found = folder(root) if key is not None else None
    return (found, key) if found is not None and key is not None else None


#: How hard a sealed file's payload is compressed: zlib's fastest level keeps a tenth of
#: the theme's pages (219 MB in 24 at 10,000 items: the header, menu and footer every page
#: repeats), in a second of a cold build's CPU; reading it back costs half that.
LEVEL = 1


class Sealed:
    """One sealed file of the cache folder: ``magic``, then the seal of ``version`` and
    the payload with the key, then the payload: what :mod:`marshal` made of a value,
    compressed (a CI keeps the folder between jobs: a tenth of it to store and fetch)."""

    #: said in every seal, so that a file of another format is one that does not open
    FORMAT = b"zlib\0"

    def __init__(self, path: Path, key: bytes, magic: bytes, version: bytes) -> None:
        self.path, self.key, self.magic = path, key, magic
        self.version = self.FORMAT + version

    def _seal(self, payload: bytes) -> bytes:
        return hmac.new(self.key, self.version + payload, hashlib.sha256).digest()

    def load(self) -> Any:
        """What the file holds; None when it is missing, not sealed with this key and
        version (another machine's, tampered with, or not ours at all) or a link."""
        found = self.load_sealed()
        return found[0] if found is not None else None

    def load_sealed(self) -> tuple[Any, bytes] | None:
        """What the file holds and its seal (what :meth:`save` returned when it wrote it:
        a file that names another tells whether this one is the one it named); None as
        :meth:`load` says."""
        raw = read(self.path)
        if raw is None or not raw.startswith(self.magic):
            return None
        start = len(self.magic)
        seal, payload = raw[start:start + 32], raw[start + 32:]
        if not hmac.compare_digest(seal, self._seal(payload)):
            return None  # (checked before anything of it is opened)
        try:
            return marshal.loads(zlib.decompress(payload)), seal
        except (ValueError, EOFError, TypeError, zlib.error):  # pragma: no cover - ours
            return None

    def save(self, value: Any) -> bytes | None:
        """Write ``value``, sealed, atomically, never through a link; its seal, or None
        when it could not be written."""
        return self._write(marshal.dumps(value))

    def _write(self, raw: bytes) -> bytes | None:
        """:meth:`save` of what :mod:`marshal` made of a value (compressing, sealing and
        writing let other threads run: :func:`save_all`)."""
        payload = zlib.compress(raw, LEVEL)
        seal = self._seal(payload)
        temp = self.path.with_name(f".{self.path.name}.{os.getpid()}")
        try:
            fd = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | _NOFOLLOW, 0o600)
            with os.fdopen(fd, "wb") as out:
                out.write(self.magic + seal + payload)
            os.replace(temp, self.path)
        except OSError:
            try:
                os.unlink(temp)
            except OSError:
                pass
            return None
        return seal


def save_all(files: list[tuple[Sealed, Any]]) -> list[bytes | None]:
    """:meth:`Sealed.save` of each ``(file, value)``, their seals in the same order: each
    value is marshalled here while two threads compress, seal and write those before it
    (zlib, hashlib and the write let other threads run: the core's 256 files of a cold
    build at 10,000 items in 0.57 to 0.64 s where one thread took 0.79 to 0.92). At most
    four values wait at a time, so that memory holds a few payloads beside the values, not
    a second copy of them all; the threads are gone when it returns (a build forks later)."""
    if len(files) < 2:
        return [file.save(value) for file, value in files]
    from concurrent.futures import Future, ThreadPoolExecutor

    waiting: list[Future[bytes | None]] = []
    seals: list[bytes | None] = []
    with ThreadPoolExecutor(max_workers=2, thread_name_prefix="playbook-cache") as pool:
        for file, value in files:
            if len(waiting) >= 4:
                seals.append(waiting.pop(0).result())
            waiting.append(pool.submit(file._write, marshal.dumps(value)))
        seals.extend(future.result() for future in waiting)
    return seals


class Unkeyable(Exception):
    """Something a key must hold that cannot be told apart from one build to the next."""


def digest(value: Any) -> bytes:
    """A digest of what ``value`` holds (as JSON, each object as :func:`plain` says it)."""
    text = json.dumps(value, sort_keys=True, ensure_ascii=False, default=plain)
    return hashlib.sha256(text.encode("utf-8")).digest()


def plain(value: Any) -> Any:
    """A JSON-able form of ``value`` that says all a template can read of it."""
    if isinstance(value, (set, frozenset)):
        return sorted(map(str, value))
    if isinstance(value, (tuple, list)):
        return list(value)
    if isinstance(value, Path) or hasattr(value, "__fspath__"):
        return os.fspath(value)
    if isinstance(value, type) or not hasattr(value, "items"):
        pass
    elif callable(value.items):  # a mapping, or a configuration
        return {str(k): v for k, v in value.items()}
    if callable(value):
        return f"{getattr(value, '__module__', '')}.{getattr(value, '__qualname__', value)}"
    text = str(value)
    if " at 0x" in text:  # an object that says nothing of what it holds
        raise Unkeyable(type(value).__name__)
    return text
