"""`mkdocs serve`: an edit of playbook files updates only the pages it touches.

The plugin notes which files the watcher reports; when only YAML under the playbook folder
changed (no file added or removed, hub.yml untouched, the hub still valid), it loads the
hub again (parsing only the changed files), renders the pages whose reads the edit touches
(:mod:`playbook.incremental`) and builds them with MkDocs' own page functions into the
served site; search is indexed again in the background. Anything else is a full build.
"""

from __future__ import annotations

import gc
import logging
import os
import signal
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Protocol

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import Files, InclusionLevel

from .. import file_events
from ..incremental import pages_to_render
from ..pagefind import Pagefind, SearchError
from ..pagefind_service import Superseded
from ..load import ParseCache
from ..derived import KeptPaths
from ..pipeline import Result, run
from ..render import Renderer
from ..sources import YAML_SUFFIXES
from ..templating import Environments
from . import internals, issues, search_index
from .page_cache import PageCache
from .pages import GeneratedPage

log = logging.getLogger("mkdocs.plugins.playbook")

#: Seconds after a build or an update of `mkdocs serve` (the author is reading the page by
#: then) that Python's collector goes through the heap once (:meth:`Session.settle_later`).
SETTLE_AFTER = 2.0


class PlaybookPlugin(Protocol):
    """What the session asks of the plugin (:class:`.plugin.PlaybookPlugin`, which imports
    this module: named here by what it does, no import back)."""

    build: Any
    config: Any

    def data_dir(self, config: MkDocsConfig) -> Path: ...
    def templates_dir(self, config: MkDocsConfig) -> Path: ...
    def root(self, config: MkDocsConfig) -> Path: ...
    def all_languages(self) -> bool: ...
    def render_options(self, config: MkDocsConfig) -> Any: ...
    def data_files(self, config: MkDocsConfig) -> dict[str, Callable[[], str]]: ...


def stop_as_on_ctrl_c(signum: int) -> None:
    """Have ``signum`` stop `mkdocs serve` as Ctrl-C does, where nothing else handles it:
    a process manager (systemd, Docker, an editor's task) stops it with SIGTERM, which ends
    Python at once, and MkDocs' folder of the served site (a whole built site under /tmp)
    was left behind every time."""
    def interrupt(*_: object) -> None:
        raise KeyboardInterrupt
    if threading.current_thread() is threading.main_thread() and \
            signal.getsignal(signum) == signal.SIG_DFL:
        signal.signal(signum, interrupt)


def _set_event() -> threading.Event:
    event = threading.Event()
    event.set()
    return event


class ChangeLog:
    """The files changed since the last build, as the file watcher reports them."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._paths: set[Path] = set()

    def handler(self) -> Any:
        import watchdog.events

        handler = watchdog.events.FileSystemEventHandler()

        def record(event: Any) -> None:
            if event.is_directory:
                return
            with self._lock:
                for path in (event.src_path, getattr(event, "dest_path", "")):
                    if path:
                        self._paths.add(Path(os.fsdecode(path)))

        handler.on_any_event = record  # type: ignore[method-assign]
        return handler

    def take(self) -> set[Path]:
        with self._lock:
            paths, self._paths = self._paths, set()
        return paths


@dataclass
class Session:
    """What `mkdocs serve` keeps from build to build."""

    #: what the last full build made pages with (config, files, nav, theme), so that an
    #: edit can rebuild only the pages it touches
    served: tuple[MkDocsConfig, Files, Any, Any] | None = None
    parsed: ParseCache = field(default_factory=dict)  # files parsed, by size and time
    changes: ChangeLog = field(default_factory=ChangeLog)
    #: the run's Pagefind process, shared by its sites' indexes and stopped at its end
    pagefind: Pagefind = field(default_factory=Pagefind)
    #: the template environments of the run's renders, kept with their compiled templates
    environments: Environments = field(default_factory=Environments)
    #: the onboarding paths of its renders, made again by an edit only where it must
    kept_paths: KeptPaths = field(default_factory=KeptPaths)
    _reindexing: bool = False  # under _lock, with _again
    _again: bool = False
    _lock: threading.Lock = field(default_factory=threading.Lock)
    _thread: threading.Thread | None = None
    #: the errors of the hub, as every page of the preview shows them until they are fixed
    problems: list[str] = field(default_factory=list)
    #: the last build's result that had no errors: its pages stay served meanwhile
    last_good: Result | None = None
    #: the hub's pages as the theme made them (page_cache.PageCache; False: none kept)
    kept_pages: Any = None
    closing: bool = False  # the run ends (close()): an index cut short is no news
    _settling: threading.Timer | None = None  # under _lock
    #: set while no build or update runs: the background work (search index, data files)
    #: waits for it, so that an edit's update has the machine
    _quiet: threading.Event = field(default_factory=_set_event)
    _builds: int = 0  # builds and updates begun: background work begun before one is stale

    def close(self) -> None:
        """The end of the run: stop the Pagefind process (a background index still
        running ends with it, quietly), and give the heap back to the collector."""
        self.closing = True
        self._quiet.set()  # (what waits for it ends)
        self._cancel_settling()
        gc.unfreeze()
        self.pagefind.stop()

    def settle_later(self) -> None:
        """Have Python's collector go through the whole heap once, SETTLE_AFTER seconds
        from now, and then set what is alive aside (``gc.freeze``): its later collections,
        during the next update, go through only what was made since. At 10,000 items the
        session's heap holds about a gigabyte of objects (the pages and the hub): a full
        collection takes 0.5 to 1.3 s, and an update set off one to three of them, in its
        own thread or the background index's and data writer's (all wait for it), a
        second or two of every update. What is set aside is still freed when no longer
        used; only garbage in cycles waits, for this collection after the next update."""
        self._cancel_settling()
        timer = threading.Timer(SETTLE_AFTER, self._settle)
        timer.daemon = True
        with self._lock:
            self._settling = timer
        timer.start()

    def _settle(self) -> None:
        if not self.closing:
            gc.unfreeze()
            gc.collect()
            gc.freeze()

    def _cancel_settling(self) -> None:
        with self._lock:
            timer, self._settling = self._settling, None
        if timer is not None:
            timer.cancel()

    def keep_pages(self, env: Any, root: Path, nested: bool) -> None:
        """Put pages through the theme ``env`` via the hub's kept pages (none in CI),
        opened by each build but another language's site of one (MkDocs keeps this plugin,
        and so this session, for every build of the process, of whichever hub)."""
        if not nested and not (self.kept_pages and self.kept_pages.root == root):
            self.kept_pages = PageCache.of(root) or False
        if self.kept_pages:
            self.kept_pages.install(env)

    def account_kept_pages(self, save: bool) -> None:
        """Say how many pages came from the kept ones, once the build made every language's
        site; with ``save`` (`mkdocs build`), keep its pages in the hub's .cache, only those
        (a page changed or gone is dropped); else (`mkdocs serve`) in memory, for the next
        build of the session."""
        if not self.kept_pages:
            return
        kept = self.kept_pages
        log.info("playbook: %d pages as an earlier build made them, %d put through the "
                 "theme", kept.hits, kept.rendered)
        if save:
            self.kept_pages = None
            kept.save()
        else:
            kept.remember()
        kept.hits = kept.rendered = 0

    def preview(self, result: Result) -> Result | None:
        """What the preview builds its pages from: ``result``, or, when the hub has errors
        now, the last result that had none (None: the hand-written pages alone). The
        errors are logged, and every page shows them (:attr:`problems`) until they are
        fixed: the browser says what is wrong, instead of keeping the old page."""
        if result.report.ok:
            self.problems, self.last_good = [], result
            return result
        issues.log_errors(result)
        self.problems = [issue.format() for issue in result.report.errors]
        return self.last_good

    @staticmethod
    def _told_of_edits(watch: str, paths: list[str]) -> bool:
        """Whether the server is to be told of edits by the system (the plugin's ``watch``:
        ``auto`` where every watched path is on a local disk, see playbook.file_events)."""
        if watch != "auto":
            return watch == "events"
        found = file_events.verdict(paths)
        log.info("playbook: the system tells of edits to the hub, %s" if found.told else
                 "playbook: mkdocs serve looks for edits twice a second, the hub being %s "
                 "(watch: events would have the system tell of them)", found.why)
        return found.told

    def watch(self, plugin: PlaybookPlugin, server: Any, config: MkDocsConfig) -> Any:
        """Watch the YAML and templates, and answer an edit of playbook files with an
        update of the pages it touches instead of a full build."""
        self.settle_later()  # (after the first build, which MkDocs made before this)
        stop_as_on_ctrl_c(signal.SIGTERM)
        for path in (plugin.data_dir(config), plugin.templates_dir(config)):
            if path.is_dir():
                server.watch(str(path))
        if not (hasattr(server, "observer") and hasattr(server, "builder")):
            return server  # not MkDocs' own LiveReloadServer: full builds then
        # Our handler joins the server's own watches (no second poll of every file);
        # a change anywhere else leaves our list empty, which means a full build.
        if not internals.join_watches(server, self.changes.handler()):
            return server
        if self._told_of_edits(plugin.config.watch, internals.watched_paths(server)):
            internals.watch_with_events(server)
        full_build = server.builder

        def build(config: MkDocsConfig | None = None) -> None:
            self._cancel_settling()  # (not while the author waits for a page)
            self._quiet.clear()
            self._builds += 1
            changed = self.changes.take()
            try:
                if config is None and changed:
                    with self.pagefind.held():  # (its background index waits)
                        why = self.update(plugin, changed)
                    if why is None:
                        return
                    log.info("playbook: a full build, as %s", why)
                full_build() if config is None else full_build(config)
            finally:
                self._quiet.set()
                self.settle_later()

        server.builder = build
        return server

    def update(self, plugin: PlaybookPlugin, changed: set[Path]) -> str | None:
        """Render and build again only the pages an edit of playbook files touches; None
        when done, else why it takes a full build (another file changed, a file was added
        or removed, hub.yml changed, the playbook has errors now or had them: the build
        shows them on every page, or takes them off every page), which the log says."""
        build_page = internals.page_builder()
        build = plugin.build
        if build_page is None:
            return "MkDocs' page builder is not where it was (see adapter/internals.py)"
        if self.problems:
            return "the hub had errors (the build takes them off every page)"
        if self.served is None or build.result is None:
            return "there was no build to update"
        if len(build.languages) > 1 and plugin.all_languages():
            # (the other languages' sites are nested builds: build them all)
            return "every language's site is served (serve_all_languages)"
        config, files, nav, env = self.served
        data_dir = plugin.data_dir(config).resolve()
        edited = set()
        for path in map(Path.resolve, changed):
            if not path.is_relative_to(data_dir):
                return f"{path.name}, outside the playbook's folder, changed"
            if path.parent == data_dir:
                return f"{path.name} changed"  # (hub.yml: the hub's settings)
            if path.suffix in YAML_SUFFIXES:
                edited.add(path)
            # other files there (an editor's swap and backup files) are not the hub's
        if not edited:
            return None
        start = time.perf_counter()
        options = plugin.render_options(config)
        new = run(plugin.data_dir(config), Path(config.docs_dir), plugin.root(config),
                  options, render_pages=False, cache=self.parsed,
                  max_yaml_bytes=plugin.config.max_yaml_bytes)
        if not new.report.ok:
            return "the hub has errors now"
        wanted = pages_to_render(build.result.playbook, new.playbook, build.result.pages,
                                 edited)
        if wanted is None:
            return "a file was added or removed, or the hub's settings or words changed"
        fresh = Renderer(new.playbook, options).pages(new.report, only=wanted)
        if not new.report.ok:
            return "a template failed"
        pages = {page.path: page for page in build.result.pages}
        updated = [page for page in fresh if pages.get(page.path) != page]
        served = [files.get_file_from_path(page.path) for page in updated]
        if not all(f is not None and isinstance(f.page, GeneratedPage) for f in served):
            return "a page to update is not one the plugin made alone"  # (an override)
        issues.log_issues(new)
        pages.update((page.path, page) for page in fresh)
        build.use(Result(new.playbook, new.report, list(pages.values()), new.seconds))
        doc_files = files.documentation_pages(inclusion=InclusionLevel.is_in_serve)
        if build.nav_cache is not None:
            build.nav_cache.clear()
        for page, file in zip(updated, served):
            assert file is not None and isinstance(file.page, GeneratedPage)
            build.generated[page.path] = page
            file.page.generated = page
            build_page(file.page, config, files, doc_files, nav, env)
        if self.kept_pages:  # (each page as it is now: what it replaced is let go)
            self.kept_pages.remember()
        self._write_data_later(
            {name: make for name, make in plugin.data_files(config).items()
             if (file := files.get_file_from_path(name)) is not None
             and file.generated_by == "playbook"}, Path(config.site_dir))
        if plugin.config.search:
            self._index_later(plugin, config, files)
        log.info("playbook: %d of %d pages updated in %.2f s (%d rendered again)",
                 len(updated), len(pages), time.perf_counter() - start, len(fresh))
        return None

    def _write_data_later(self, made: dict[str, Callable[[], str]], site: Path) -> None:
        """Write the data files again in the background (the JSON export of a large hub
        takes seconds, and the edited pages are what the author looks at), each once no
        update or build runs; of several edits in a row, only the last one's files are
        written, and none once a full build began (it writes them itself)."""
        begun = self._builds  # (this update's: a later update or build counts one more)

        def write() -> None:
            for name, make in made.items():
                self._quiet.wait()
                if self._builds != begun:
                    return
                text = make()
                with self._lock:
                    if self._builds != begun:
                        return
                    # (whole or not at all: the server may send it meanwhile)
                    target = site / name
                    part = target.with_name(f".{target.name}.part")
                    part.write_text(text, encoding="utf-8", newline="")
                    os.replace(part, target)

        threading.Thread(target=write, name="playbook-data", daemon=True).start()

    def _index_later(self, plugin: PlaybookPlugin, config: MkDocsConfig, files: Files) -> None:
        """Index the served site again in the background: pages show at once, and search
        finds their new text a moment later. An edit made while it runs has it run once
        more when done, rather than wait for it."""
        with self._lock:
            if self._reindexing:
                self._again = True
                return
            self._reindexing = True

        def index() -> None:
            while True:
                begun = self._builds

                def give_way() -> None:
                    """Wait while an update runs; give the index up if one began since
                    (it would index pages older than those served)."""
                    self._quiet.wait()
                    if self._builds != begun or self.closing:
                        raise Superseded("an edit came meanwhile")

                try:
                    search_index.start(plugin.build, config, files, self.pagefind,
                                       pause=give_way).finish()
                except Superseded:  # (the update that came asks for it again: _again)
                    if self.closing:
                        return
                except SearchError as exc:
                    if self.closing:  # (`mkdocs serve` stopped meanwhile)
                        return
                    log.warning("playbook: search: %s", exc)
                with self._lock:
                    if not self._again:
                        self._reindexing = False
                        return
                    self._again = False

        self._thread = threading.Thread(target=index, name="playbook-search", daemon=True)
        self._thread.start()
