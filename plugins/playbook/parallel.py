"""Rendering in as many processes as cores: forked workers take batches of pages from a
shared counter and send them back as plain tuples (unpickling dataclasses costs ten times
as much). Linux only, and only while no other thread runs."""

from __future__ import annotations

import contextlib
import multiprocessing
import os
import pickle
import signal
from pathlib import Path
from typing import Any, Callable, TypeVar


Job = TypeVar("Job")

def workers() -> int:
    """How many processes may render now: the cores this process may use, on Linux and
    while no other thread runs (forking then is safe; macOS's system libraries are not
    fork-safe, and `mkdocs serve` starts its server and watcher after its first build)."""
    import sys
    import threading

    if threading.active_count() != 1 or not sys.platform.startswith("linux"):
        return 1
    return _cores()


def _cores() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # pragma: no cover
        return os.cpu_count() or 1


def one_process(pages: int) -> str:
    """Why ``pages`` pages, enough for several processes, are rendered in one though this
    process may use several cores (said in the log: "; in one process, as ..."); "" when
    they are not, or need not be."""
    import sys
    import threading

    if pages < PARALLEL_MIN or workers() > 1 or _cores() < 2:
        return ""
    if not sys.platform.startswith("linux"):  # pragma: no cover
        return "; in one process, as forking is only safe on Linux"
    return (f"; in one process, as {threading.active_count() - 1} other threads run "
            "(mkdocs serve's, or another plugin's)")


PARALLEL_MIN = 400
#: Pages a process takes at a time when several share the rendering.
BATCH = 32


def render_in_processes(jobs: list[Job], workers: int, render_one: Callable[[Job, list[Any]], Any],
                        failures: list[Any], pack: Callable[[Any], Any] | None = None,
                        unpack: Callable[[Any], Any] | None = None,
                        made: Callable[[], Any] = lambda: None,
                        take: Callable[[Any], None] = lambda made: None) -> list[Any]:
    """Render ``jobs`` in ``workers`` processes (this one and forked ones), each page with
    ``render_one(job, failures)``. Each process takes the next batch of pages from a shared
    counter until none are left, so that a few large pages (the library, the funnel
    stages) do not hold one process back. A process that fails leaves its pages to this
    one. ``pack`` and ``unpack`` turn a result into what is sent between processes and
    back (by default a page into plain tuples, :func:`playbook.page.pack_page`); what
    ``made()`` says in a forked process once its pages are done (the parts of pages it
    made) is given to ``take`` here."""
    if pack is None or unpack is None:
        from .page import pack_page, unpack_page

        pack, unpack = pack or pack_page, unpack or unpack_page
    context = multiprocessing.get_context("fork")
    counter = context.Value("l", 0)

    def render_batches(failed: list[Any]) -> dict[int, Any]:
        done: dict[int, Any] = {}
        while True:
            with counter.get_lock():
                start = counter.value
                counter.value = start + BATCH
            if start >= len(jobs):
                return done
            for i in range(start, min(start + BATCH, len(jobs))):
                done[i] = render_one(jobs[i], failed)

    children = []
    for _ in range(workers - 1):
        read, write = os.pipe()
        pid = os.fork()
        if pid == 0:  # the child: render batches, send them back pickled, and go
            status = 1
            try:
                os.close(read)
                failed: list[Any] = []
                pages = {i: pack(page) for i, page in render_batches(failed).items()}
                data = pickle.dumps((pages, failed, made()), protocol=pickle.HIGHEST_PROTOCOL)
                with os.fdopen(write, "wb") as pipe:
                    pipe.write(data)
                status = 0
            finally:
                os._exit(status)
        os.close(write)
        children.append((pid, read))
    done = render_batches(failures)
    for pid, read in children:
        with os.fdopen(read, "rb") as pipe:
            data = pipe.read()
        _, status = os.waitpid(pid, 0)
        try:
            pages, failed, extra = pickle.loads(data) if status == 0 else ({}, [], None)
        except (pickle.UnpicklingError, EOFError, ValueError):
            pages, failed, extra = {}, [], None
        done.update((i, unpack(page)) for i, page in pages.items())
        failures.extend(failed)
        if extra is not None:
            take(extra)
    # A process that failed leaves pages out: render them here.
    return [done[i] if i in done else render_one(job, failures)
            for i, job in enumerate(jobs)]


def _die_with(parent: int) -> None:
    """Ends this forked process when ``parent`` does (killed mid-build, say): it must not
    live on holding the build's files and lock."""
    try:
        import ctypes

        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):  # pragma: no cover - not Linux
        pass
    if os.getppid() != parent:  # gone before the line above
        os._exit(1)


class BackgroundWrite:
    """``make()``'s text, for the file at ``path``, made by a forked process while this
    one goes on: the whole hub's export (3 s at 10,000 items) while MkDocs writes the pages
    on one core. The child writes a file of its own beside ``path``; :meth:`finish` puts it
    in place, or makes the text here when the child could not (or was never forked:
    ``fork`` None forks only where :func:`workers` finds it safe); :meth:`cancel` drops
    it. Nothing is at ``path`` before :meth:`finish`."""

    def __init__(self, make: Callable[[], str], path: str | os.PathLike[str],
                 fork: bool | None = None) -> None:
        self.make, self.path = make, Path(path)
        self._pid: int | None = None
        parent = os.getpid()
        self._part = self.path.with_name(f".{self.path.name}.{parent}.part")
        if not (workers() > 1 if fork is None else fork):
            return
        try:
            self._part.parent.mkdir(parents=True, exist_ok=True)
            pid = os.fork()
        except OSError:  # no memory or processes to spare: made here, in finish
            return
        if pid == 0:  # the child: write the text and go, whatever happens
            status = 1
            try:
                _die_with(parent)
                self._part.write_text(make(), encoding="utf-8")
                status = 0
            finally:
                os._exit(status)
        self._pid = pid

    def _reap(self) -> bool:
        """Wait for the child; whether it wrote the whole text."""
        if self._pid is None:
            return False
        _, status = os.waitpid(self._pid, 0)
        self._pid = None
        return os.waitstatus_to_exitcode(status) == 0 and self._part.is_file()

    def finish(self) -> bool:
        """Puts the text in place; whether the forked process made it."""
        if self._reap():
            os.replace(self._part, self.path)
            return True
        self._part.unlink(missing_ok=True)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self.path.write_text(self.make(), encoding="utf-8")
        return False

    def cancel(self) -> None:
        if self._pid is not None:
            with contextlib.suppress(ProcessLookupError):
                os.kill(self._pid, signal.SIGKILL)
            self._reap()
        self._part.unlink(missing_ok=True)
