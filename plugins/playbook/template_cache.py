"""Compiled templates kept in memory for the life of the process, shared by every Jinja
environment that asks: the theme's (made anew by MkDocs for every build, so `mkdocs serve`
compiled Material's templates again after each edit) and the plugin's.

Compiling is most of what a small build costs: Material's templates take about half a
second to parse and compile, our page templates as much again, while rendering a small hub
takes tens of milliseconds. A template is found again by its name, its file, a checksum of
its source, and everything of its environment that the compiled code depends on (syntax,
whitespace rules, escaping, extensions, which filters and tests exist and what they are
passed), so an edited template, or one compiled for another environment, is compiled anew.

`mkdocs build`, `mkdocs serve` and `playbook generate` also keep them for their next process
(:class:`KeptTemplates`), in the hub's ``.cache/playbook/templates.bin``, beside the pages: compiled code is run, so the file
is sealed with this machine's key like every cache (:mod:`playbook.cache_files`). A
``.cache`` that comes with a pull request, or was written by another machine or another
Python or Jinja, is never read (a plain bytecode cache in a folder the repository could
contain would run whatever it holds).
"""

from __future__ import annotations

import functools
import hashlib
import importlib.metadata
import importlib.util
import marshal
import threading
from collections import OrderedDict
from pathlib import Path
from types import CodeType
from typing import Any

import jinja2
from jinja2.bccache import Bucket
from jinja2.utils import _PassArg

from . import cache_files


def _callables(table: dict[str, Any]) -> tuple[tuple[str, str], ...]:
    """The names of filters or tests with what each is passed (the compiler looks at both)."""
    return tuple(sorted((name, str(_PassArg.from_obj(func))) for name, func in table.items()))


def fingerprint(env: jinja2.Environment, name: str) -> str:
    """What of ``env`` the code compiled from a template called ``name`` depends on."""
    autoescape = env.autoescape(name) if callable(env.autoescape) else env.autoescape
    parts = (
        f"{type(env).__module__}.{type(env).__qualname__}",
        env.block_start_string, env.block_end_string, env.variable_start_string,
        env.variable_end_string, env.comment_start_string, env.comment_end_string,
        env.line_statement_prefix, env.line_comment_prefix, env.trim_blocks,
        env.lstrip_blocks, env.newline_sequence, env.keep_trailing_newline, bool(autoescape),
        env.optimized, env.is_async, getattr(env, "sandboxed", False),
        env.finalize is None or str(_PassArg.from_obj(env.finalize)),
        tuple(sorted(env.extensions)), _callables(env.filters), _callables(env.tests),
    )
    return hashlib.sha1(repr(parts).encode("utf-8")).hexdigest()


class CompiledTemplates(jinja2.BytecodeCache):
    """A bytecode cache that keeps code objects in memory (no marshalling), at most
    ``limit`` of them, the least recently used dropped first."""

    def __init__(self, limit: int = 2000) -> None:
        self.limit = limit
        self._code: OrderedDict[str, tuple[str, CodeType]] = OrderedDict()
        self._lock = threading.Lock()
        self.hits = 0
        self.misses = 0
        #: the compiled templates a build keeps for its next process (:meth:`keep_in`)
        self.kept: KeptTemplates | None = None

    def get_bucket(self, environment: jinja2.Environment, name: str, filename: str | None,
                   source: str) -> Bucket:
        key = self.get_cache_key(name, filename) + fingerprint(environment, name)
        bucket = Bucket(environment, key, self.get_source_checksum(source))
        self.load_bytecode(bucket)
        return bucket

    def load_bytecode(self, bucket: Bucket) -> None:
        with self._lock:
            found = self._code.get(bucket.key)
            if found is not None and found[0] == bucket.checksum:
                self._code.move_to_end(bucket.key)
                bucket.code = found[1]
                self.hits += 1
                if self.kept is not None:
                    self.kept.use(bucket.key, bucket.checksum, found[1])
                return
        code = self.kept.get(bucket.key, bucket.checksum) if self.kept is not None else None
        if code is not None:
            bucket.code = code
            self._remember(bucket)
            self.hits += 1
        else:
            self.misses += 1

    def dump_bytecode(self, bucket: Bucket) -> None:
        if bucket.code is None:
            return
        if self.kept is not None:
            self.kept.use(bucket.key, bucket.checksum, bucket.code)
        self._remember(bucket)

    def _remember(self, bucket: Bucket) -> None:
        with self._lock:
            self._code[bucket.key] = (bucket.checksum, bucket.code)
            self._code.move_to_end(bucket.key)
            while len(self._code) > self.limit:
                self._code.popitem(last=False)

    def clear(self) -> None:
        with self._lock:
            self._code.clear()

    def keep_in(self, kept: KeptTemplates | None) -> None:
        """Take compiled templates from ``kept``, and note there those this process uses
        (None: keep none). The same hub's folder again (each language's site of one build)
        keeps what it holds."""
        if kept is None or self.kept is None or self.kept.file.path != kept.file.path:
            self.kept = kept


class KeptTemplates:
    """The compiled templates of one hub's builds, kept for the next process in
    ``.cache/playbook/templates.bin``: read once, when the first template is not in memory;
    written by :meth:`save` only when a build compiled one it did not hold (those used by
    the builds since it was read, and the others it held, at most :data:`LIMIT`)."""

    NAME = "templates.bin"
    MAGIC = b"playbook-templates\n"
    LIMIT = 2000

    def __init__(self, folder: Path, key: bytes) -> None:
        self.file = cache_files.Sealed(folder / self.NAME, key, self.MAGIC, _version())
        self._held: dict[str, tuple[str, bytes]] | None = None
        self.used: dict[str, tuple[str, bytes]] = {}
        self.changed = False
        self._lock = threading.Lock()

    @classmethod
    def of(cls, root: Path) -> KeptTemplates | None:
        """The kept templates of the hub at ``root``; None where nothing may be kept (in CI
        without a key, a ``.cache`` that is a link: :func:`playbook.cache_files.opened`)."""
        opened = cache_files.opened(root)
        return cls(*opened) if opened is not None else None

    def _entries(self) -> dict[str, tuple[str, bytes]]:
        if self._held is None:
            held = self.file.load()
            self._held = held if isinstance(held, dict) else {}
        return self._held

    def get(self, key: str, checksum: str) -> CodeType | None:
        with self._lock:
            found = self._entries().get(key)
            if found is None or found[0] != checksum:
                return None
            try:
                code = marshal.loads(found[1])
            except (ValueError, EOFError, TypeError):  # pragma: no cover - sealed by us
                return None
            self.used[key] = found
            return code if isinstance(code, CodeType) else None

    def use(self, key: str, checksum: str, code: CodeType) -> None:
        """``code`` is what the template under ``key`` compiles to now."""
        with self._lock:
            if key in self.used and self.used[key][0] == checksum:
                return
            held = self._entries().get(key)
            if held is not None and held[0] == checksum:
                self.used[key] = held
                return
            self.used[key] = (checksum, marshal.dumps(code))
            self.changed = True

    def save(self) -> None:
        """Keep what the builds since the last save compiled, if they compiled anything
        new (sealed, written atomically, never through a link)."""
        with self._lock:
            if not self.changed:
                return
            entries = dict(self._entries()) if len(self._entries()) < self.LIMIT else {}
            entries.update(self.used)
            self.file.save(entries)
            self._held, self.changed = entries, False


@functools.lru_cache(maxsize=1)
def _version() -> bytes:
    """What compiled code depends on besides its template: Python's bytecode, Jinja's
    runtime, and how this module finds a template again."""
    return hashlib.sha256(b"\0".join((
        importlib.util.MAGIC_NUMBER, importlib.metadata.version("jinja2").encode(),
        Path(__file__).read_bytes()))).digest()


#: The process's cache, shared by every environment that uses it.
SHARED = CompiledTemplates()


def keep_for(root: Path | None) -> None:
    """Keep the process's compiled templates for the next build of the hub at ``root``
    (:class:`KeptTemplates`; None: for no hub), and take those an earlier one kept."""
    SHARED.keep_in(KeptTemplates.of(root) if root is not None else None)


def save_kept() -> None:
    """Once a build made every language's site: write what it compiled anew, for the next
    process, and keep nothing more (the next build reads the file again)."""
    kept, SHARED.kept = SHARED.kept, None
    if kept is not None:
        kept.save()


def share(env: jinja2.Environment) -> jinja2.Environment:
    """Let ``env`` find templates compiled before, in this process, by any environment
    alike. An environment with a bytecode cache of its own keeps it."""
    if env.bytecode_cache is None:
        env.bytecode_cache = SHARED
    return env
