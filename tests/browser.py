"""Serve a built site on 127.0.0.1 and drive Debian's chromium through Playwright."""

from __future__ import annotations

import contextlib
import os
import shutil
from pathlib import Path
from typing import Iterator

#: A phone's screen, as the tests look at pages on one.
PHONE = {"width": 390, "height": 800}

CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
    # Every request off 127.0.0.1 goes to a proxy that is not there and fails at once, as on
    # an intranet with no way out (loopback never goes through a proxy); `stay_on` notes
    # them. (Refusing them with page.route instead holds every request of the page for a
    # round trip to Python and turns the HTTP cache off: a page load cost 14 % more.)
    "--proxy-server=http://127.0.0.1:9",
]


#: An init script: Material draws a diagram into a closed shadow root; opened, what it drew
#: can be read (and measured).
OPEN_SHADOW_ROOTS = """
    const attach = Element.prototype.attachShadow;
    Element.prototype.attachShadow = function (init) {
        return attach.call(this, {...init, mode: "open"});
    };
"""


#: An init script: every answer of a search worker (its RESULT message names the query it
#: answers, assets/search-worker.js) is noted in ``window.__pbAnswered``, after the theme
#: has shown it (listeners run in order, and the theme's renders as it hears): a test waits
#: for the answer to its query instead of for the results to stop changing.
SEARCH_ANSWERS = """
    window.__pbAnswered = [];
    const Native = window.Worker;
    window.Worker = class extends Native {
        constructor(...args) {
            super(...args);
            this.addEventListener("message", ev => {
                if (ev.data && ev.data.type === 3)
                    setTimeout(() => window.__pbAnswered.push(ev.data.query), 0);
            });
        }
    };
"""

#: True once the search worker has answered ``q`` since ``n`` answers (SEARCH_ANSWERS).
ANSWERED = "([n, q]) => window.__pbAnswered.slice(n).includes(q)"


#: A function true once every diagram of the article is drawn (with shadow roots open).
DIAGRAMS_DRAWN = """() => !document.querySelector('article pre.mermaid')
    && [...document.querySelectorAll('article div.mermaid')].every(
        d => d.shadowRoot && d.shadowRoot.querySelector('svg'))"""


#: Debian's chromium builds, the lightest first: the headless shell (package
#: chromium-headless-shell, what Playwright itself runs for headless tests) draws pages with
#: the same Blink as the full browser but without its windowing and UI layers, and spends
#: half the CPU on the same tests (the browser tests took 181 s instead of 298 s on 2 cores).
CHROMIUMS = ("/usr/bin/chromium-headless-shell", "/usr/bin/chromium")


def chromium_path() -> str | None:
    """The chromium the tests drive: CHROMIUM if set, else Debian's headless shell, else
    Debian's full chromium, else one on PATH."""
    for candidate in (os.environ.get("CHROMIUM"), *CHROMIUMS, shutil.which("chromium")):
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
    """Note every request of ``page`` that does not go to ``base`` (the served site, as a
    hub on an intranet would be; chromium refuses them, see CHROMIUM_ARGS) in the list
    returned (cleared by the caller when it wants to look at one page's requests)."""
    outside: list[str] = []

    def seen(request) -> None:
        if not request.url.startswith((base, "data:", "blob:")):
            outside.append(request.url)

    page.on("request", seen)
    return outside


def watched_page(context_or_browser, base: str | None = None):
    """A new page that notes its script errors in ``page.errors`` and, given ``base``,
    is refused every request off that site (noted in ``page.outside_requests``)."""
    page = context_or_browser.new_page()
    page.errors = []
    page.on("pageerror", lambda e: page.errors.append(str(e)))
    page.outside_requests = stay_on(page, base) if base is not None else []
    return page
