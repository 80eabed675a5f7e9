"""Compiled templates kept in memory for the life of the process, shared by every Jinja
environment that asks: the theme's (made anew by MkDocs for every build, so `mkdocs serve`
compiled Material's templates again after each edit) and the plugin's.

Compiling is most of what a small build costs: Material's templates take about half a
second to parse and compile, our page templates as much again, while rendering a small hub
takes tens of milliseconds. A template is found again by its name, its file, a checksum of
its source, and everything of its environment that the compiled code depends on (syntax,
whitespace rules, escaping, extensions, which filters and tests exist and what they are
passed), so an edited template, or one compiled for another environment, is compiled anew.

Nothing is written to disk: a hub's pull request cannot bring compiled code (a bytecode
cache in a folder the repository could contain would run whatever it holds).
"""

from __future__ import annotations

import hashlib
import threading
from collections import OrderedDict
from types import CodeType
from typing import Any

import jinja2
from jinja2.bccache import Bucket
from jinja2.utils import _PassArg


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
            else:
                self.misses += 1

    def dump_bytecode(self, bucket: Bucket) -> None:
        if bucket.code is None:
            return
        with self._lock:
            self._code[bucket.key] = (bucket.checksum, bucket.code)
            self._code.move_to_end(bucket.key)
            while len(self._code) > self.limit:
                self._code.popitem(last=False)

    def clear(self) -> None:
        with self._lock:
            self._code.clear()


#: The process's cache, shared by every environment that uses it.
SHARED = CompiledTemplates()


def share(env: jinja2.Environment) -> jinja2.Environment:
    """Let ``env`` find templates compiled before, in this process, by any environment
    alike. An environment with a bytecode cache of its own keeps it."""
    if env.bytecode_cache is None:
        env.bytecode_cache = SHARED
    return env
