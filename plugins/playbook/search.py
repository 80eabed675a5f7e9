"""Search with Pagefind: index the built site, and answer Material's search box with it.

Material for MkDocs' built-in search makes every visitor download the whole index (4.7 MB of
JSON for 1,000 pages) and finds little outside Latin scripts. Pagefind indexes the built
HTML into small chunks that a query fetches as needed, and handles every script; its
extended build segments Japanese, Chinese and Thai. This module runs Pagefind as a service
(:class:`Service`, one process per run), builds each site's index in it
(:class:`LiveIndex`), and puts our worker (``assets/search-worker.js``) in place of
Material's, so the search box stays the theme's own.

It does not import MkDocs: the adapter hands the pages to a :class:`LiveIndex` once they
have their content, and has the index written while MkDocs puts them into the theme.
"""

from __future__ import annotations

import atexit
import base64
import html
import json
import os
import queue
import shutil
import subprocess
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ASSETS = Path(__file__).parent / "assets"

#: Page languages that need a word segmenter: pages in them get their own Pagefind index.
SEGMENTED = {"ja", "zh", "th", "ko", "km", "lo", "my"}

#: What is on a page but not worth finding.
EXCLUDE = [
    ".headerlink", ".pb-source", ".pb-library-filters", ".mermaid", ".pb-kicker",
    ".md-content__button", ".md-source-file", ".pb-progress", ".pb-original__label",
]


class SearchError(Exception):
    pass


@dataclass
class IndexResult:
    pages: int  # pages in the index
    seconds: float  # the build's time spent on it: handing pages over, then writing
    bundle_bytes: int


def facets(playbook, lang: str | None = None) -> dict[str, Any]:
    """What the browser script offers under the search box, in the site's language: a
    button per kind (from the registry of kinds), the values collateral results can be
    narrowed by, and the words of its controls."""
    from . import languages
    from .kinds import search_buttons
    from .render import gettext, label

    pb = playbook
    lang = lang or pb.default_language
    used_langs = sorted({c.language or pb.default_language for c in pb.collateral.values()})
    used_types = sorted({c.type for c in pb.collateral.values()})
    return {
        "kinds": [["", gettext(lang, "All")]] + [[kind, gettext(lang, button)]
                                                 for kind, button in search_buttons()],
        "type": [[t, label(t)] for t in used_types],
        "stage": [[lt.id, lt.title.get(lang, pb.default_language)] for lt in pb.funnel],
        "language": [[code, languages.label(code)] for code in used_langs],
        "words": {"group": gettext(lang, "Show only"), "type": gettext(lang, "Any type"),
                  "stage": gettext(lang, "Any stage"),
                  "language": gettext(lang, "Any language")},
    }


def document(title_html: str, body_html: str, lang: str) -> str:
    """A page as Pagefind reads it: only the article is indexed (``data-pagefind-body``),
    with the page's title as the theme shows it (an ``<h1>`` when the body has none)."""
    heading = "" if "<h1" in body_html else f"<h1>{title_html}</h1>"
    return (f'<!DOCTYPE html><html lang="{html.escape(lang)}"><head><meta charset="utf-8">'
            f"<title>{title_html}</title></head><body><article data-pagefind-body>"
            f"{heading}{body_html}</article></body></html>")


def _primary(language: str | None) -> str:
    """``pt-BR`` -> ``pt``: the language whose word segmenter a page needs."""
    return (language or "").split("-")[0].lower()


def needs_own_index(language: str | None) -> bool:
    return _primary(language) in SEGMENTED


class Service:
    """One ``pagefind --service`` process (the protocol of Pagefind's own Python API:
    base64 JSON messages, each followed by a comma), for any number of indexes.

    Pagefind loads a word segmenter once per process, and the Japanese one takes about a
    second: the sites of a hub's languages, and the rebuilds of `mkdocs serve`, share one
    process (:func:`service`). Replies are read by a thread; messages are handled by
    Pagefind one at a time, in the order they are sent.
    """

    def __init__(self) -> None:
        from pagefind.service import get_executable

        binary = get_executable()
        if binary is None:
            raise SearchError("the Pagefind binary was not found: install pagefind[extended]")
        try:
            self._proc = subprocess.Popen([str(binary), "--service"], stdin=subprocess.PIPE,
                                          stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                                          env={**os.environ, "PAGEFIND_SITE": ""})
        except OSError as exc:
            raise SearchError(f"could not run Pagefind ({binary}): {exc}") from exc
        self._message_id = 0
        self._replies: dict[int, dict[str, Any]] = {}
        self._waiting: dict[int, threading.Event] = {}
        #: errors Pagefind reported, by the id of the message they answer (None: no message)
        self._errors: dict[int | None, list[str]] = {}
        self._lock = threading.Lock()  # the tables above
        self._send_lock = threading.Lock()  # writing to the process
        self._buffer = b""
        # Every message gets one reply. A thread reads them while some are due, and ends
        # when none is: between builds no thread runs, so the renderer may fork its workers.
        self._due = 0
        self._reader: threading.Thread | None = None

    @property
    def running(self) -> bool:
        return self._proc.poll() is None

    def _read(self) -> None:
        assert self._proc.stdout is not None
        while chunk := self._proc.stdout.read1(1 << 16):
            self._take(chunk)
            with self._lock:
                if self._due <= 0:  # all answered: end (a next message starts another)
                    self._reader = None
                    return
        with self._lock:  # the service is gone: nobody waits for ever
            self._reader = None
            for event in self._waiting.values():
                event.set()

    def _take(self, chunk: bytes) -> None:
        self._buffer += chunk
        *messages, self._buffer = self._buffer.split(b",")
        for message in messages:
            # Base64 has no spaces: text Pagefind printed before a message is cut off.
            token = message.rsplit(None, 1)[-1] if message.strip() else b""
            try:
                reply = json.loads(base64.b64decode(token))
            except ValueError:  # a line Pagefind printed, not a message
                continue
            payload = reply.get("payload") or {}
            with self._lock:
                id = reply.get("message_id")
                if id is not None:
                    self._due -= 1
                if payload.get("type") == "Error":
                    self._errors.setdefault(id, []).append(str(payload.get("message")))
                if id in self._waiting:
                    self._replies[id] = payload
                    self._waiting.pop(id).set()

    def _reading(self) -> None:
        """Start the reader thread unless it runs (call with ``_lock`` held)."""
        if self._reader is None and self._due > 0:
            self._reader = threading.Thread(target=self._read, name="pagefind-replies",
                                            daemon=True)
            self._reader.start()

    def settle(self) -> None:
        """Wait for the reader thread to end once every reply has come (so that no thread
        runs when the next build forks its workers)."""
        with self._lock:
            reader = self._reader if self._due <= 0 else None
        if reader is not None:
            reader.join(5)

    def post(self, payload: dict[str, Any], reply: bool = False, flush: bool = False,
             read: bool = True) -> tuple[int, threading.Event | None]:
        """Send a message; with ``reply``, an event set when its reply has come. Messages
        are buffered until one asks for a reply or ``flush``. ``read=False`` leaves the
        reply in the pipe for later (no thread is started)."""
        with self._send_lock:
            self._message_id += 1
            id, event = self._message_id, None
            with self._lock:
                self._due += 1
                if reply:
                    event = self._waiting[id] = threading.Event()
                if read:
                    self._reading()
            message = json.dumps({"message_id": id, "payload": payload}).encode("utf-8")
            try:
                assert self._proc.stdin is not None
                self._proc.stdin.write(base64.b64encode(message) + b",")
                if reply or flush:
                    self._proc.stdin.flush()
            except (OSError, ValueError) as exc:
                raise SearchError(f"Pagefind stopped: {self.said() or exc}") from exc
        return id, event

    def wait(self, id: int, event: threading.Event, what: str, timeout: float,
             in_thread: bool = True) -> dict[str, Any]:
        """The reply to message ``id``. ``in_thread=False`` reads it here, starting no
        thread (only while no reader thread runs)."""
        if not in_thread:
            assert self._proc.stdout is not None and self._reader is None
            while not event.is_set():
                chunk = self._proc.stdout.read1(1 << 16)
                if not chunk:  # the service is gone
                    raise SearchError(f"Pagefind did not {what}: it stopped")
                self._take(chunk)
        if not event.wait(timeout) or id not in self._replies:
            raise SearchError(f"Pagefind did not {what}: {self.said() or 'no reply'}")
        reply = self._replies.pop(id)
        if reply.get("type") == "Error":
            raise SearchError(str(reply.get("message")))
        return reply

    def send(self, payload: dict[str, Any], what: str, timeout: float,
             in_thread: bool = True) -> dict[str, Any]:
        id, event = self.post(payload, reply=True, read=in_thread)
        assert event is not None
        return self.wait(id, event, what, timeout, in_thread)

    def errors(self, ids: set[int]) -> list[str]:
        """What Pagefind reported about the messages ``ids``, or about no message."""
        with self._lock:
            return [error for id, errors in self._errors.items()
                    if id is None or id in ids for error in errors]

    def said(self) -> str:
        with self._lock:
            return "; ".join([e for errors in self._errors.values() for e in errors][-3:])

    def close(self) -> None:
        try:
            if self._proc.stdin:
                self._proc.stdin.close()
        except OSError:
            pass
        self._proc.terminate()
        try:
            self._proc.wait(5)
        except subprocess.TimeoutExpired:
            self._proc.kill()
        if self._reader is not None:
            self._reader.join(5)  # it ends with the service's output


_service: Service | None = None
_service_lock = threading.Lock()


def service() -> Service:
    """The running Pagefind service of this process, started when there is none."""
    global _service
    with _service_lock:
        if _service is None or not _service.running:
            _service = Service()
            atexit.register(_service.close)
        return _service


def stop_service() -> None:
    """Stop the shared service (at the end of a run; a next index starts another)."""
    global _service
    with _service_lock:
        if _service is not None:
            _service.close()
            _service = None


#: A word in each segmented language, to have Pagefind load its segmenter ahead of time.
_WARM_UP = {"ja": "検索の準備", "zh": "搜索准备", "th": "การค้นหา", "ko": "검색 준비"}


def warm_up(languages: set[str]) -> None:
    """Have the service load the word segmenters of ``languages`` now, while the build
    renders (Japanese takes about a second), rather than when the first page needs one.
    Fire and forget: the messages go before the build's own, and nothing waits for them.
    No thread is started: the renderer forks its workers only while no thread runs."""
    words = {lang: _WARM_UP[lang] for lang in sorted(set(map(_primary, languages)))
             if lang in _WARM_UP}
    if not words:
        return
    svc = service()
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

    The index lives in the shared :func:`service` process, which parses pages and writes
    the bundle while the build goes on: a two-core machine indexes and builds at the same
    time. Pages are handed over by a thread (a write to Pagefind's pipe waits while
    Pagefind is busy: a second at 10,000 pages that the build need not wait). A page
    Pagefind could not take is reported by :meth:`finish`.
    """

    def __init__(self, site_dir: Path, timeout: float = 600):
        self.site_dir = site_dir
        self.timeout = timeout
        self.busy = 0.0  # seconds the build spent in add() and write()
        self._service: Service | None = None
        self._index_id: int | None = None
        self._ids: set[int] = set()  # this index's messages, to tell its errors
        self._writing: tuple[int, threading.Event | None] | None = None
        self._queue: queue.SimpleQueue[dict[str, Any] | None] = queue.SimpleQueue()
        self._feeder: threading.Thread | None = None
        self._failure: SearchError | None = None
        self._wrote = False  # start_writing() was called

    def _feed(self) -> None:
        """The feeder thread: post the queued messages (the pages, then the request to
        write, whose reply finish() waits for)."""
        assert self._service is not None
        while (payload := self._queue.get()) is not None:
            if self._failure is not None:
                continue  # Pagefind failed: drop the rest, finish() says why
            try:
                writing = payload["type"] == "WriteFiles"
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
            self._service = service()
            reply = self._service.send(
                {"type": "NewIndex", "config": {"exclude_selectors": EXCLUDE}}, "start",
                self.timeout)
            self._index_id = reply["index_id"]
        return self._service

    # -- what the build calls -----------------------------------------------------------

    def add(self, path: str, html: str) -> None:
        """Index the page written to ``path`` (relative to the site, e.g.
        ``roles/rep/index.html``); Pagefind makes its URL from the path, as its CLI does."""
        start = time.perf_counter()
        self._send_later({"type": "AddFile", "file_path": path, "file_contents": html,
                          "url": None})
        self.busy += time.perf_counter() - start

    def add_directory(self, path: Path) -> None:
        """Index every HTML file under ``path`` as it is on disk (a dirty build, where
        pages that did not change are not built again)."""
        start = time.perf_counter()
        self._started().send({"type": "AddDir", "index_id": self._index_id, "path": str(path),
                              "glob": "**/*.{html}"}, "index the site", self.timeout)
        self.busy += time.perf_counter() - start

    def start_writing(self) -> None:
        """Have Pagefind write the bundle to ``site_dir/pagefind`` while the build goes
        on; :meth:`finish` waits for it."""
        start = time.perf_counter()
        bundle = self.site_dir / "pagefind"
        if bundle.exists():
            shutil.rmtree(bundle)
        self._send_later({"type": "WriteFiles", "output_path": str(bundle)})  # after the pages
        self._wrote = True
        self.busy += time.perf_counter() - start

    def _fed(self) -> None:
        """Wait until the feeder has handed everything over."""
        self._stop_feeder()
        if self._failure is not None:
            raise self._failure

    def finish(self) -> IndexResult:
        """Wait for the bundle, switch the theme's search worker to it, free the index."""
        start = time.perf_counter()
        if not self._wrote:
            self.start_writing()
        try:
            self._fed()
            assert self._writing is not None and self._service is not None
            id, event = self._writing
            assert event is not None
            self._service.wait(id, event, "write the index", self.timeout)
            bundle = self.site_dir / "pagefind"
            # Pagefind answers before the last of its writes are done (it writes through
            # tokio's background file writes and does not flush them), and stopping it
            # then would leave files empty: wait for the bundle first.
            size, entry = _written(bundle, timeout=30)
            errors = self._service.errors(self._ids)
        finally:
            self.close()
        if errors:
            raise SearchError("Pagefind could not index every page: " + "; ".join(errors[-3:]))
        pages = sum(lang.get("page_count", 0) for lang in entry.get("languages", {}).values())
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
                stop_service()


def _written(bundle: Path, timeout: float, pause: float = 0.05) -> tuple[int, dict[str, Any]]:
    """Wait until Pagefind's bundle is complete: its entry file readable, no file empty
    and no size changing between two looks; returns its bytes and the entry's data."""
    if not (bundle / "pagefind-entry.json").is_file():  # made before any write is done
        raise SearchError("Pagefind wrote no index")
    deadline = time.monotonic() + timeout
    last: dict[str, int] | None = None
    while True:
        sizes = _sizes(bundle)
        entry = _entry(bundle) if sizes and all(sizes.values()) else None
        if entry is not None and sizes == last:
            return sum(sizes.values()), entry
        if time.monotonic() > deadline:
            raise SearchError(f"Pagefind did not finish writing the index in {timeout:.0f} s")
        last = sizes if entry is not None else None
        time.sleep(pause)


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
