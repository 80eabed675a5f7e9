"""Serve a built site on 127.0.0.1 and drive Debian's chromium through Playwright."""

from __future__ import annotations

import contextlib
import os
import shutil
from pathlib import Path
from typing import Iterator

CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]


#: An init script: Material draws a diagram into a closed shadow root; opened, what it drew
#: can be read (and measured).
OPEN_SHADOW_ROOTS = """
    const attach = Element.prototype.attachShadow;
    Element.prototype.attachShadow = function (init) {
        return attach.call(this, {...init, mode: "open"});
    };
"""


#: A function true once every diagram of the article is drawn (with shadow roots open).
DIAGRAMS_DRAWN = """() => !document.querySelector('article pre.mermaid')
    && [...document.querySelectorAll('article div.mermaid')].every(
        d => d.shadowRoot && d.shadowRoot.querySelector('svg'))"""


def chromium_path() -> str | None:
    for candidate in (os.environ.get("CHROMIUM"), "/usr/bin/chromium", shutil.which("chromium")):
        if candidate and Path(candidate).exists():
            return candidate
    return None


def serve(directory: Path, served: list[tuple[str, int]] | None = None):
    """Serve ``directory`` on a free port of 127.0.0.1, as `playbook serve` does; yields the
    base URL. ``served``, when given, receives ``(path, bytes)`` for every file sent,
    whoever asked for it (the page, a web worker, a worker's worker)."""
    from playbook.static_site import serving

    return serving(directory, served)


@contextlib.contextmanager
def browser() -> Iterator[object]:
    from playwright.sync_api import sync_playwright

    path = chromium_path()
    if path is None:
        raise RuntimeError("chromium is missing: apt-get install chromium (see .ci/run)")
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=path, args=CHROMIUM_ARGS, headless=True)
        try:
            yield b
        finally:
            b.close()


def stay_on(page, base: str) -> list[str]:
    """Refuse every request of ``page`` that does not go to ``base`` (the served site, as
    a hub on an intranet would be), and note them in the list returned (cleared by the
    caller when it wants to look at one page's requests)."""
    outside: list[str] = []

    def route(r) -> None:
        if r.request.url.startswith(base):
            r.continue_()
        else:
            outside.append(r.request.url)
            r.abort()

    page.route("**/*", route)
    return outside


def watched_page(context_or_browser, base: str | None = None):
    """A new page that notes its script errors in ``page.errors`` and, given ``base``,
    is refused every request off that site (noted in ``page.outside_requests``)."""
    page = context_or_browser.new_page()
    page.errors = []
    page.on("pageerror", lambda e: page.errors.append(str(e)))
    page.outside_requests = stay_on(page, base) if base is not None else []
    return page
