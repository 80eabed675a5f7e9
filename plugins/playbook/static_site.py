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
import sys
import threading
from pathlib import Path
from typing import Iterator


class Handler(http.server.SimpleHTTPRequestHandler):
    """Files of the site folder, quietly; ``served`` (when set) notes each file sent."""

    served: list[tuple[str, int]] | None = None
    extensions_map = {**http.server.SimpleHTTPRequestHandler.extensions_map,
                      ".wasm": "application/wasm", ".js": "text/javascript",
                      ".json": "application/json", ".csv": "text/csv; charset=utf-8",
                      ".pagefind": "application/octet-stream"}

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002
        pass

    def send_head(self):  # type: ignore[no-untyped-def]
        # Never "304 Not Modified": the standard handler compares the file's time in whole
        # seconds, so a page built again within the second of the last build (a rebuild
        # takes under one for a small hub) stayed as the browser had it.
        del self.headers["If-Modified-Since"]
        return super().send_head()

    def end_headers(self) -> None:
        self.send_header("Cache-Control", "no-cache")  # (the browser asks again each time)
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
