"""`playbook serve DIR`: a built site served on this machine as a static host serves it.

A site opened from disk (`file://`, as Material's offline plugin builds it for) cannot
fetch its own files: the browser refuses, so search (Pagefind reads its index with fetch)
and what the script reads beside the pages (the search facets, the roles for the home
page's prompt) do not work there. A plain static server on 127.0.0.1 serves everything,
with the types a browser needs (WebAssembly for search).
"""

from __future__ import annotations

import contextlib
import functools
import http.server
import os
import stat
import sys
import threading
from pathlib import Path
from typing import Iterator


class Handler(http.server.SimpleHTTPRequestHandler):
    """Files of the site folder, quietly; ``served`` (when set) notes each file sent."""

    served: list[tuple[str, int]] | None = None
    etag: str | None = None  # (the tag of the file a request names, when it names one)
    extensions_map = {**http.server.SimpleHTTPRequestHandler.extensions_map,
                      ".wasm": "application/wasm", ".js": "text/javascript",
                      ".json": "application/json", ".csv": "text/csv; charset=utf-8",
                      ".pagefind": "application/octet-stream"}

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002
        pass

    def send_head(self):  # type: ignore[no-untyped-def]
        # The standard handler answers "304 Not Modified" by the file's time in whole
        # seconds, so a page built again within the second of the last build (a rebuild
        # takes under one for a small hub) stayed as the browser had it. A file's tag says
        # which file it is and when it was last written, to the nanosecond (its inode
        # change time, which no program sets back): the browser keeps what did not change,
        # with the scripts it compiled from it (Mermaid's alone is 3.5 MB), and fetches
        # anew what did.
        del self.headers["If-Modified-Since"]
        self.etag = self._tag()
        if self.etag is not None and self.etag in self.headers.get("If-None-Match", ""):
            self.send_response(http.HTTPStatus.NOT_MODIFIED)
            self.end_headers()
            return None
        return super().send_head()

    def _tag(self) -> str | None:
        """The tag of the file the request's path names (a folder's index.html), or None."""
        path = self.translate_path(self.path)
        if self.path.split("?", 1)[0].split("#", 1)[0].endswith("/"):
            path = os.path.join(path, "index.html")
        try:
            st = os.stat(path)
        except OSError:
            return None
        if not stat.S_ISREG(st.st_mode):
            return None
        return f'"{st.st_ino:x}-{st.st_size:x}-{st.st_ctime_ns:x}"'

    def end_headers(self) -> None:
        self.send_header("Cache-Control", "no-cache")  # (the browser asks again each time)
        if self.etag is not None:
            self.send_header("ETag", self.etag)
        super().end_headers()

    def copyfile(self, source, outputfile) -> None:  # type: ignore[override]
        start = source.tell()
        super().copyfile(source, outputfile)
        if self.served is not None:
            self.served.append((self.path, source.tell() - start))


class Server(http.server.ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request: object, client_address: object) -> None:
        # A browser that closes a connection early (a page left, a worker stopped) is
        # no error of the site's.
        if not isinstance(sys.exc_info()[1], (BrokenPipeError, ConnectionResetError)):
            super().handle_error(request, client_address)


def server(directory: Path, host: str = "127.0.0.1", port: int = 0,
           served: list[tuple[str, int]] | None = None) -> Server:
    """A server of ``directory`` on ``host``:``port`` (0: a free port), not started."""
    handler = functools.partial(type("SiteHandler", (Handler,), {"served": served}),
                                directory=str(directory))
    return Server((host, port), handler)


@contextlib.contextmanager
def serving(directory: Path, served: list[tuple[str, int]] | None = None) -> Iterator[str]:
    """Serve ``directory`` on a free port of 127.0.0.1 in a thread; yields the base URL."""
    running = server(directory, served=served)
    thread = threading.Thread(target=running.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{running.server_address[1]}/"
    finally:
        running.shutdown()
        running.server_close()
