"""Search with Pagefind: index the built site, and answer Material's search box with it.

Material for MkDocs' built-in search makes every visitor download the whole index (4.7 MB of
JSON for 1,000 pages) and finds little outside Latin scripts. Pagefind indexes the built
HTML into small chunks that a query fetches as needed, and handles every script; its
extended build segments Japanese, Chinese and Thai. This module runs Pagefind over the site
and puts our worker (``assets/search-worker.js``) in place of Material's, so the search box
stays the theme's own.

It does not import MkDocs: the adapter hands each page to a :class:`LiveIndex` as it is
written, and writes the index when the build ends.
"""

from __future__ import annotations

import base64
import html
import json
import os
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


def facets(playbook) -> dict[str, list[list[str]]]:
    """The values a rep can narrow collateral results by, with their labels."""
    from . import languages

    pb = playbook
    used_langs = sorted({c.language or pb.default_language for c in pb.collateral.values()})
    used_types = sorted({c.type for c in pb.collateral.values()})
    return {
        "type": [[t, t.replace("-", " ").capitalize()] for t in used_types],
        "stage": [[lt.id, str(lt.title)] for lt in pb.funnel],
        "language": [[code, languages.label(code)] for code in used_langs],
    }


def document(title_html: str, body_html: str, lang: str) -> str:
    """A page as Pagefind reads it: only the article is indexed (``data-pagefind-body``),
    with the page's title as the theme shows it (an ``<h1>`` when the body has none)."""
    heading = "" if "<h1" in body_html else f"<h1>{title_html}</h1>"
    return (f'<!DOCTYPE html><html lang="{html.escape(lang)}"><head><meta charset="utf-8">'
            f"<title>{title_html}</title></head><body><article data-pagefind-body>"
            f"{heading}{body_html}</article></body></html>")


def needs_own_index(language: str | None) -> bool:
    return bool(language) and language.split("-")[0].lower() in SEGMENTED


class LiveIndex:
    """Pagefind's indexing service, fed each page as the site generator writes it.

    Pagefind runs as a service process (``pagefind --service``, the protocol of its own
    Python API: base64 JSON messages, each followed by a comma), so it parses pages and
    writes the bundle while the build goes on: a two-core machine indexes and builds at the
    same time. Replies are read by a thread; a page Pagefind could not take is reported by
    :meth:`finish`.
    """

    def __init__(self, site_dir: Path, timeout: float = 600):
        self.site_dir = site_dir
        self.timeout = timeout
        self.busy = 0.0  # seconds the build spent in add() and write()
        self._proc: subprocess.Popen[bytes] | None = None
        self._reader: threading.Thread | None = None
        self._index_id: int | None = None
        self._message_id = 0
        self._replies: dict[int, dict[str, Any]] = {}
        self._waiting: dict[int, threading.Event] = {}
        self._errors: list[str] = []
        self._lock = threading.Lock()
        self._writing: tuple[int, threading.Event | None] | None = None

    # -- the protocol -------------------------------------------------------------------

    def _launch(self) -> None:
        from pagefind.service import get_executable

        binary = get_executable()
        if binary is None:
            raise SearchError("the Pagefind binary was not found: install pagefind[extended]")
        self.site_dir.mkdir(parents=True, exist_ok=True)
        try:
            self._proc = subprocess.Popen([str(binary), "--service"], cwd=self.site_dir,
                                          stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                          stderr=subprocess.STDOUT,
                                          env={**os.environ, "PAGEFIND_SITE": ""})
        except OSError as exc:
            raise SearchError(f"could not run Pagefind ({binary}): {exc}") from exc
        self._reader = threading.Thread(target=self._read, name="pagefind-replies",
                                        daemon=True)
        self._reader.start()
        reply = self._send({"type": "NewIndex", "config": {"exclude_selectors": EXCLUDE}},
                           "start")
        self._index_id = reply["index_id"]

    def _started(self) -> None:
        if self._proc is None:
            self._launch()

    def _read(self) -> None:
        assert self._proc is not None and self._proc.stdout is not None
        buffer = b""
        while chunk := self._proc.stdout.read1(1 << 16):
            buffer += chunk
            *messages, buffer = buffer.split(b",")
            for message in messages:
                try:
                    reply = json.loads(base64.b64decode(message))
                except ValueError:  # a line Pagefind printed, not a message
                    continue
                payload = reply.get("payload") or {}
                with self._lock:
                    if payload.get("type") == "Error":
                        self._errors.append(str(payload.get("message")))
                    id = reply.get("message_id")
                    if id in self._waiting:
                        self._replies[id] = payload
                        self._waiting.pop(id).set()
        with self._lock:  # the service is gone: nobody waits for ever
            for event in self._waiting.values():
                event.set()

    def _post(self, payload: dict[str, Any], reply: bool = False
              ) -> tuple[int, threading.Event | None]:
        """Send a message; with ``reply``, an event set when its reply has come."""
        assert self._proc is not None and self._proc.stdin is not None
        self._message_id += 1
        id, event = self._message_id, None
        if reply:
            event = threading.Event()
            with self._lock:
                self._waiting[id] = event
        message = json.dumps({"message_id": id, "payload": payload}).encode("utf-8")
        try:
            self._proc.stdin.write(base64.b64encode(message) + b",")
            if reply:
                self._proc.stdin.flush()
        except OSError as exc:
            raise SearchError(f"Pagefind stopped: {self._said() or exc}") from exc
        return id, event

    def _reply(self, id: int, event: threading.Event, what: str) -> dict[str, Any]:
        if not event.wait(self.timeout) or id not in self._replies:
            raise SearchError(f"Pagefind did not {what}: {self._said() or 'no reply'}")
        reply = self._replies.pop(id)
        if reply.get("type") == "Error":
            raise SearchError(str(reply.get("message")))
        return reply

    def _send(self, payload: dict[str, Any], what: str) -> dict[str, Any]:
        id, event = self._post(payload, reply=True)
        assert event is not None
        return self._reply(id, event, what)

    def _said(self) -> str:
        return "; ".join(self._errors[-3:])

    # -- what the build calls -----------------------------------------------------------

    def add(self, path: str, html: str) -> None:
        """Index the page written to ``path`` (relative to the site, e.g.
        ``roles/rep/index.html``); Pagefind makes its URL from the path, as its CLI does."""
        start = time.perf_counter()
        self._started()
        self._post({"type": "AddFile", "index_id": self._index_id, "file_path": path,
                    "file_contents": html, "url": None})
        self.busy += time.perf_counter() - start

    def add_directory(self, path: Path) -> None:
        """Index every HTML file under ``path`` as it is on disk (a dirty build, where
        pages that did not change are not built again)."""
        start = time.perf_counter()
        self._started()
        self._send({"type": "AddDir", "index_id": self._index_id, "path": str(path),
                    "glob": "**/*.{html}"}, "index the site")
        self.busy += time.perf_counter() - start

    def start_writing(self) -> None:
        """Have Pagefind write the bundle to ``site_dir/pagefind`` while the build goes
        on; :meth:`finish` waits for it."""
        start = time.perf_counter()
        bundle = self.site_dir / "pagefind"
        if bundle.exists():
            shutil.rmtree(bundle)
        self._started()
        self._writing = self._post({"type": "WriteFiles", "index_id": self._index_id,
                                    "output_path": str(bundle)}, reply=True)
        self.busy += time.perf_counter() - start

    def finish(self) -> IndexResult:
        """Wait for the bundle, switch the theme's search worker to it, stop the service."""
        start = time.perf_counter()
        if self._writing is None:
            self.start_writing()
        assert self._writing is not None
        id, event = self._writing
        try:
            assert event is not None
            self._reply(id, event, "write the index")
            bundle = self.site_dir / "pagefind"
            # Pagefind answers before the last of its writes are done (it writes through
            # tokio's background file writes and does not flush them), and stopping it
            # then would leave files empty: wait for the bundle first.
            size, entry = _written(bundle, timeout=30)
        finally:
            self.close()
        if self._errors:
            raise SearchError("Pagefind could not index every page: " + self._said())
        pages = sum(lang.get("page_count", 0) for lang in entry.get("languages", {}).values())
        use_worker(self.site_dir)
        return IndexResult(pages, self.busy + time.perf_counter() - start, size)

    def close(self) -> None:
        if self._proc is None:
            return
        proc, self._proc = self._proc, None
        try:
            if proc.stdin:
                proc.stdin.close()
        except OSError:
            pass
        proc.terminate()
        try:
            proc.wait(5)
        except subprocess.TimeoutExpired:
            proc.kill()
        if self._reader is not None:  # it ends with the service's output
            self._reader.join(5)


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
