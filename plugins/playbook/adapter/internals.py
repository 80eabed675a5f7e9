"""The parts of MkDocs that are not its public API and that the plugin relies on, each in
one place, each with what happens when a release removes or changes it (said in the log),
and each checked against the installed MkDocs by tests/test_internals.py, which fails
loudly when one moves:

- `mkdocs.commands.build._populate_page` and `_build_page`: `mkdocs serve` builds only the
  pages an edit touches with them; without them, every edit is a full build.
- `LiveReloadServer._watch_refs` (or `_watched_paths`): the file watches `mkdocs serve`
  already has, which our handler joins instead of polling every file a second time;
  without them, every edit is a full build.
- `mkdocs.utils.CountHandler` on the `mkdocs` logger: whether MkDocs counted warnings that
  `--strict` turns into an abort, so a failing build never publishes its new site.

Two more are used where they belong, and checked by the same tests:

- `File._content` (:class:`.pages.LaterFile`, a data file made while the pages are
  written): MkDocs' own store of a generated file's content.
- `PluginCollection.__setitem__` registering events (:func:`.theme._add_search_box` puts
  the theme's search plugin in with `dict.__setitem__`, so that none of its events run).
"""

from __future__ import annotations

import logging
import os
from typing import Any, Callable

from mkdocs.utils import CountHandler

log = logging.getLogger("mkdocs.plugins.playbook")


def page_builder() -> Callable[..., None] | None:
    """A function building one page into the served site (``(page, config, files,
    doc_files, nav, env)``), with MkDocs' own functions; None, said once, when MkDocs no
    longer has them."""
    try:
        from mkdocs.commands.build import _build_page, _populate_page
    except ImportError as exc:
        log.info("playbook: MkDocs' page functions are gone (%s): every edit is a full "
                 "build", exc)
        return None

    def build_page(page: Any, config: Any, files: Any, doc_files: Any, nav: Any,
                   env: Any) -> None:
        _populate_page(page, config, files)
        _build_page(page, config, doc_files, nav, env)

    return build_page


def join_watches(server: Any, handler: Any) -> bool:
    """Add ``handler`` to the file watches of MkDocs' server; False, said in the log, when
    the server no longer shows them (every edit is then a full build)."""
    observer = getattr(server, "observer", None)
    watches = getattr(server, "_watch_refs", None)
    if isinstance(watches, dict) and hasattr(observer, "add_handler_for_watch"):
        for watch in watches.values():
            observer.add_handler_for_watch(handler, watch)
        return True
    paths = getattr(server, "_watched_paths", None)
    if isinstance(paths, dict) and observer is not None:
        for path in paths:
            observer.schedule(handler, path, recursive=os.path.isdir(path))
        return True
    log.info("playbook: MkDocs' server shows no file watches to join: every edit is a "
             "full build")
    return False


def watch_with_events(server: Any) -> bool:
    """Have MkDocs' server see edits by the system's file events (watchdog's native
    observer: inotify, FSEvents, ReadDirectoryChangesW) instead of its polling observer,
    with the same watches and handlers (MkDocs' own, and ours): called before the server
    starts it. False, said in the log, when the server's watches are not where they were
    (it then polls as before)."""
    import watchdog.observers
    from watchdog.observers.polling import PollingObserver

    old = getattr(server, "observer", None)
    handlers = getattr(old, "_handlers", None)  # {watch: its handlers} (watchdog's own)
    refs = getattr(server, "_watch_refs", None)  # {path: watch} (MkDocs', for unwatch)
    if not (isinstance(old, PollingObserver) and isinstance(handlers, dict)
            and isinstance(refs, dict)) or old.is_alive():
        log.info("playbook: MkDocs' server shows no file watches to take over: it polls")
        return False
    new = _told_else_polling(watchdog.observers.Observer)()
    moved = {}
    try:
        for watch, those in list(handlers.items()):
            for handler in those:
                # Only what the polling observer tells of: the system also tells of files
                # opened and closed unwritten, and the build reads mkdocs.yml and the hub's
                # files (a build would set off the next, without end).
                moved[watch] = new.schedule(handler, watch.path, recursive=watch.is_recursive,
                                            event_filter=list(_changes()))
    except TypeError:  # (watchdog before 4.0 filters no events)
        log.info("playbook: this watchdog cannot leave out files opened: MkDocs polls")
        return False
    server._watch_refs = {path: moved.get(watch, watch) for path, watch in refs.items()}
    server.observer = new
    return True


def watched_paths(server: Any) -> list[str]:
    """The paths MkDocs' server watches (none when it shows none)."""
    paths = getattr(server, "_watched_paths", None)
    return list(paths) if isinstance(paths, dict) else []


def _told_else_polling(native: type) -> type:
    """watchdog's native observer, which looks at the files instead (said in the log) when
    the system refuses to tell of a watched folder as it starts: inotify's watches or
    instances per user all taken by other programs."""
    from watchdog.observers.polling import PollingEmitter

    class ToldElsePolling(native):  # type: ignore[misc, valid-type]
        def on_thread_start(self) -> None:
            try:
                super().on_thread_start()
            except OSError as exc:
                log.warning("playbook: the system will not tell of edits (%s): mkdocs "
                            "serve looks at the files twice a second instead", exc)
                with self._lock:
                    for emitter in list(self.emitters):
                        self._remove_emitter(emitter)
                    for watch in list(self._watches):
                        emitter = PollingEmitter(self.event_queue, watch, timeout=0.5,
                                                 event_filter=watch.event_filter)
                        self._add_emitter(emitter)
                        emitter.start()

    return ToldElsePolling


def _changes() -> tuple[type, ...]:
    from watchdog import events

    return (events.FileCreatedEvent, events.FileDeletedEvent, events.FileModifiedEvent,
            events.FileMovedEvent, events.DirCreatedEvent, events.DirDeletedEvent,
            events.DirModifiedEvent, events.DirMovedEvent)


def warnings_counted() -> bool:
    """Whether MkDocs counted warnings, which under --strict abort the build."""
    return any(isinstance(h, CountHandler) and h.get_counts()
               for h in logging.getLogger("mkdocs").handlers)
