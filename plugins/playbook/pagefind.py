"""Search with Pagefind: index the built site, and answer Material's search box with it.

Material for MkDocs' built-in search makes every visitor download the whole index (4.7 MB of
JSON for 1,000 pages) and finds little outside Latin scripts. Pagefind indexes the built
HTML into small chunks that a query fetches as needed, and handles every script; its
extended build segments Japanese, Chinese and Thai. This module runs Pagefind as a service
(:class:`Service`; :class:`Pagefind` keeps one process per run, which its owner stops),
builds each site's index in it (:class:`LiveIndex`), and puts our worker
(``assets/search-worker.js``) in place of Material's, so the search box stays the theme's.

It does not import MkDocs: the adapter hands the pages to a :class:`LiveIndex` once they
have their content, and has the index written while MkDocs puts them into the theme.
"""

from __future__ import annotations

import base64
import json
import os
import queue
import shutil
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable

from .pagefind_service import Pagefind, SearchError, Service
from .search import EXCLUDE, _primary, document

ASSETS = Path(__file__).parent / "assets"

#: An index of at most this many pages is sent back whole (GetFiles) and written here, so
#: its files are complete once written; a larger one Pagefind writes itself (its reply would
#: be tens of MB), and the bundle is watched until no file changes: at least 50 ms, which
#: was a fifth of a small hub's build.
SENT_BACK_PAGES = 1000


@dataclass
class IndexResult:
    pages: int  # pages in the index
    seconds: float  # the build's time spent on it: handing pages over, then writing
    bundle_bytes: int


#: A word in each segmented language, to have Pagefind load its segmenter ahead of time.
_WARM_UP = {"ja": "検索の準備", "zh": "搜索准备", "th": "การค้นหา", "ko": "검색 준비"}


def warm_up(pagefind: Pagefind, languages: set[str]) -> None:
    """Have the service load the word segmenters of ``languages`` now, while the build
    renders (Japanese takes about a second), rather than when the first page needs one.
    Fire and forget: the messages go before the build's own, and nothing waits for them.
    No thread is started: the renderer forks its workers only while no thread runs."""
    words = {lang: _WARM_UP[lang] for lang in sorted(set(map(_primary, languages)))
             if lang in _WARM_UP}
    if not words:
        return
    svc = pagefind.service()
    # Alone, read the one reply here; with other threads about (`mkdocs serve`), forking
    # is off anyway and the reader thread may run.
    threaded = threading.active_count() > 1
    reply = svc.send({"type": "NewIndex", "config": {}}, "start", 60, in_thread=threaded)
    for i, (lang, word) in enumerate(words.items()):
        svc.post({"type": "AddFile", "index_id": reply["index_id"], "file_path": f"{i}.html",
                  "file_contents": document(word, f"<p>{word}</p>", lang), "url": None},
                 read=threaded)
    svc.post({"type": "DeleteIndex", "index_id": reply["index_id"]}, flush=True,
             read=threaded)


class LiveIndex:
    """A Pagefind index, fed each page as the site generator has it.

    The index lives in the run's :class:`Pagefind` process, which parses pages and writes
    the bundle while the build goes on: a two-core machine indexes and builds at the same
    time. Pages are handed over by a thread (a write to Pagefind's pipe waits while
    Pagefind is busy: a second at 10,000 pages that the build need not wait). A page
    Pagefind could not take is reported by :meth:`finish`.
    """

    def __init__(self, site_dir: Path, pagefind: Pagefind, timeout: float = 600,
                 pause: Callable[[], None] | None = None):
        self.site_dir = site_dir
        self.pagefind = pagefind
        self.timeout = timeout
        #: called before each page is taken and handed over, and between looks at the
        #: written bundle: it may wait (background work gives way), or raise Superseded
        #: (the index is given up: add() or finish() raises it)
        self.pause = pause
        self.busy = 0.0  # seconds the build spent in add() and write()
        self._service: Service | None = None
        self._index_id: int | None = None
        self._ids: set[int] = set()  # this index's messages, to tell its errors
        self._writing: tuple[int, threading.Event | None] | None = None
        self._queue: queue.SimpleQueue[dict[str, Any] | None] = queue.SimpleQueue()
        self._feeder: threading.Thread | None = None
        self._failure: SearchError | None = None
        #: the request for the bundle, once start_writing() sent it: "GetFiles" (it comes
        #: back in the reply) or "WriteFiles" (Pagefind writes it)
        self._asked: str | None = None
        self._pages = 0  # pages handed over one by one
        self._whole_folder = False  # a folder was indexed as it is on disk

    def _feed(self) -> None:
        """The feeder thread: post the queued messages (the pages, then the request to
        write, whose reply finish() waits for)."""
        assert self._service is not None
        while (payload := self._queue.get()) is not None:
            if self._failure is not None:
                continue  # Pagefind failed: drop the rest, finish() says why
            try:
                writing = payload["type"] == self._asked  # (the bundle's request)
                if self.pause is not None:
                    self.pause()
                id, event = self._service.post(payload, reply=writing)
                self._ids.add(id)
                if writing:
                    self._writing = (id, event)
            except SearchError as exc:
                self._failure = exc

    def _send_later(self, payload: dict[str, Any]) -> None:
        """Queue a message for the feeder thread (started with the first one)."""
        self._started()
        if self._feeder is None:
            self._feeder = threading.Thread(target=self._feed, name="pagefind-feeder",
                                            daemon=True)
            self._feeder.start()
        self._queue.put({**payload, "index_id": self._index_id})

    def _stop_feeder(self) -> None:
        if self._feeder is not None:
            self._queue.put(None)
            self._feeder.join()
            self._feeder = None

    def _started(self) -> Service:
        if self._service is None:
            self._service = self.pagefind.service()
            reply = self._service.send(
                {"type": "NewIndex", "config": {"exclude_selectors": EXCLUDE}}, "start",
                self.timeout)
            self._index_id = reply["index_id"]
        return self._service

    # -- what the build calls -----------------------------------------------------------

    def add(self, path: str, html: str) -> None:
        """Index the page written to ``path`` (relative to the site, e.g.
        ``roles/rep/index.html``); Pagefind makes its URL from the path, as its CLI does."""
        if self.pause is not None:
            self.pause()
        start = time.perf_counter()
        self._send_later({"type": "AddFile", "file_path": path, "file_contents": html,
                          "url": None})
        self._pages += 1
        self.busy += time.perf_counter() - start

    def add_directory(self, path: Path) -> None:
        """Index every HTML file under ``path`` as it is on disk (a dirty build, where
        pages that did not change are not built again)."""
        start = time.perf_counter()
        self._started().send({"type": "AddDir", "index_id": self._index_id, "path": str(path),
                              "glob": "**/*.{html}"}, "index the site", self.timeout)
        self._whole_folder = True
        self.busy += time.perf_counter() - start

    def start_writing(self) -> None:
        """Ask Pagefind for the bundle of ``site_dir/pagefind`` while the build goes on
        (sent back in its reply, or written by Pagefind: SENT_BACK_PAGES); :meth:`finish`
        waits for it."""
        start = time.perf_counter()
        bundle = self.site_dir / "pagefind"
        if bundle.exists():
            shutil.rmtree(bundle)
        # after the pages (SENT_BACK_PAGES)
        if not self._whole_folder and self._pages <= SENT_BACK_PAGES:
            self._asked = "GetFiles"
            self._send_later({"type": self._asked})
        else:
            self._asked = "WriteFiles"
            self._send_later({"type": self._asked, "output_path": str(bundle)})
        self.busy += time.perf_counter() - start

    def _fed(self) -> None:
        """Wait until the feeder has handed everything over."""
        self._stop_feeder()
        if self._failure is not None:
            raise self._failure

    def finish(self, theme_worker: bool = True) -> IndexResult:
        """Wait for the bundle, switch the theme's search worker to it (unless
        ``theme_worker`` is false: the caller answers the theme's box its own way), free
        the index."""
        start = time.perf_counter()
        if self._asked is None:
            self.start_writing()
        try:
            self._fed()
            assert self._writing is not None and self._service is not None
            id, event = self._writing
            assert event is not None
            reply = self._service.wait(id, event, "write the index", self.timeout)
            bundle = self.site_dir / "pagefind"
            if self._asked == "GetFiles":
                size, entry = _write_bundle(bundle, reply.get("files", []))
            else:
                # Pagefind answers before the last of its writes are done (it writes
                # through tokio's background file writes and does not flush them), and
                # stopping it then would leave files empty: wait for the bundle first.
                size, entry = _written(bundle, timeout=30, between=self.pause)
            errors = self._service.errors(self._ids)
        finally:
            self.close()
        if errors:
            raise SearchError("Pagefind could not index every page: " + "; ".join(errors[-3:]))
        pages = sum(lang.get("page_count", 0) for lang in entry.get("languages", {}).values())
        if theme_worker:
            use_worker(self.site_dir)
        return IndexResult(pages, self.busy + time.perf_counter() - start, size)

    def close(self) -> None:
        """Free the index in the service (which stays, for the next index)."""
        if self._feeder is not None:  # a build that failed: let the feeder go
            self._failure = self._failure or SearchError("the build stopped")
            self._stop_feeder()
        if self._service is None:
            return
        svc, self._service = self._service, None
        if svc.running:
            try:
                svc.send({"type": "DeleteIndex", "index_id": self._index_id}, "free the index",
                         30)
                svc.settle()
            except SearchError:
                self.pagefind.stop()


def _write_bundle(bundle: Path, files: list[dict[str, str]]) -> tuple[int, dict[str, Any]]:
    """Write the bundle Pagefind sent back (each file's path in it and its bytes in
    base64); returns its bytes and the entry's data."""
    size = 0
    root = bundle.resolve()
    for file in files:
        target = (bundle / file["path"]).resolve()
        if not target.is_relative_to(root):
            raise SearchError(f"Pagefind sent a file outside its bundle: {file['path']}")
        data = base64.b64decode(file["content"])
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
        size += len(data)
    entry = _entry(bundle)
    if entry is None:
        raise SearchError("Pagefind wrote no index")
    return size, entry


def _written(bundle: Path, timeout: float, pause: float = 0.05,
             between: Callable[[], None] | None = None) -> tuple[int, dict[str, Any]]:
    """Wait until Pagefind's bundle is complete: its entry file readable, no file empty
    and no size changing between two looks; returns its bytes and the entry's data. A look
    at a large bundle (a file per page) takes a while: the pause after it is at least four
    times as long, so that looking takes at most a fifth of the time; ``between`` is called
    before each look (LiveIndex.pause)."""
    if not (bundle / "pagefind-entry.json").is_file():  # made before any write is done
        raise SearchError("Pagefind wrote no index")
    deadline = time.monotonic() + timeout
    last: dict[str, int] | None = None
    while True:
        if between is not None:
            between()
        looked = time.perf_counter()
        sizes = _sizes(bundle)
        entry = _entry(bundle) if sizes and all(sizes.values()) else None
        if entry is not None and sizes == last:
            return sum(sizes.values()), entry
        if time.monotonic() > deadline:
            raise SearchError(f"Pagefind did not finish writing the index in {timeout:.0f} s")
        last = sizes if entry is not None else None
        time.sleep(max(pause, 4 * (time.perf_counter() - looked)))


def _entry(bundle: Path) -> dict[str, Any] | None:
    try:
        entry = json.loads((bundle / "pagefind-entry.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return entry if isinstance(entry, dict) else None


def _sizes(folder: Path) -> dict[str, int]:
    """The size of every file under ``folder`` (a bundle has a fragment file per page: a
    walk with os.scandir takes a fifth of Path.rglob's time)."""
    sizes: dict[str, int] = {}
    todo = [os.fspath(folder)]
    while todo:
        try:
            entries = list(os.scandir(todo.pop()))
        except OSError:
            continue
        for entry in entries:
            if entry.is_dir(follow_symlinks=False):
                todo.append(entry.path)
            elif entry.is_file(follow_symlinks=False):
                sizes[entry.path] = entry.stat(follow_symlinks=False).st_size
    return sizes


def use_worker(site_dir: Path) -> None:
    """Put our worker in place of Material's, and leave Material's index empty.

    Material's page script fetches ``search/search_index.json`` and hands it to the worker
    named in the page; the worker file keeps its name, only its content changes.
    """
    workers = list((site_dir / "assets/javascripts/workers").glob("search.*.min.js"))
    if not workers:
        raise SearchError("the theme's search worker was not found in the site: is the "
                          "'search' plugin enabled and the theme 'material'?")
    code = (ASSETS / "search-worker.js").read_text(encoding="utf-8")
    for worker in workers:
        worker.write_text(code, encoding="utf-8")
        stale_map = worker.with_name(worker.name + ".map")
        if stale_map.exists():
            stale_map.unlink()
    index = site_dir / "search/search_index.json"
    index.parent.mkdir(parents=True, exist_ok=True)
    stub = {"config": {"lang": ["en"], "separator": r"[\s\-]+", "pipeline": []}, "docs": []}
    index.write_text(json.dumps(stub), encoding="utf-8")
