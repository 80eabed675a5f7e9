"""The playbook offline, on a rep's phone or laptop: an opt-in of a hub (`offline: true`)
with which a rep keeps their role's part of the site on the device, to read and search it
without a connection.

A site that has it publishes, at its root, a web app manifest (:data:`MANIFEST`) and a
service worker (:data:`SERVICE_WORKER`, from ``assets/offline-sw.js``), and, once built,
the list of what a rep of each role keeps (:data:`LIST`, made by :func:`plan` from the built
site): their role page, onboarding path and handbook, every page those link to (the plays
they run, the battlecards and objections they need, their KPIs, the collateral meant for
them), the collateral files those pages link to up to the size the hub sets, the styles,
scripts and images the pages load, and the search index with the kept pages' entries.

The list carries a version: a digest of every byte it names, so that after a redeploy the
browser script (``assets/offline.js``) keeps the new content in a new cache, once online,
and removes the old one; a redeploy that changes nothing a rep keeps changes nothing on
their device. Each site keeps its caches under its own address (its service worker's
scope): languages, mike's versions and several hubs on one host share nothing.

Nothing here imports MkDocs: the adapter asks for the files and writes the list after the
search index.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import posixpath
from html.parser import HTMLParser
from pathlib import Path
from typing import Any, Iterable
from urllib.parse import unquote, urlsplit

from .kinds import KINDS, role_kind
from .playbook import Playbook
from .urls import entity_page, handbook_page, page_url

#: What an offline site publishes, by path in the site (a file of the docs folder at one
#: of them is an error, as for the plugin's other files).
SERVICE_WORKER = "playbook-sw.js"  # at the site's root: its scope is the whole site
MANIFEST = "manifest.webmanifest"
LIST = "assets/playbook/offline.json"
SCRIPT = "assets/playbook/offline.js"
#: The package's assets behind them (``assets/<name>``).
ASSETS = {"offline-sw.js": SERVICE_WORKER, "offline.js": SCRIPT}
#: The list's format: a browser that kept another format keeps again.
FORMAT = 1
#: Collateral files larger than this are not kept unless the hub says otherwise
#: (`offline_max_file_mb`).
MAX_FILE_MB = 10.0

#: The search bundle's files a query needs (not Pagefind's own interfaces, which the site's
#: search box does not use); each page's own entry (its fragment) is kept with the page.
_SEARCH_KEPT = ("pagefind.js", "pagefind-worker.js", "pagefind-entry.json")
_SEARCH_SUFFIXES = (".pf_meta", ".pagefind", ".pf_index", ".pf_filter")
SEARCH_FOLDER = "pagefind/"
#: Files of the search bundle that differ between two builds of the same site (Pagefind
#: writes its filters in no fixed order, and names them and the files that list them by
#: their content): left out of the version, which the pages' words, the index chunks
#: (named by their content) and the kept pages' entries decide.
_SEARCH_UNSTABLE = (".pf_filter", ".pf_meta", "pagefind-entry.json")


def manifest(pb: Playbook, lang: str, direction: str = "ltr") -> str:
    """The web app manifest of ``lang``'s site: the hub's name in that language, opened at
    the site's home page, its scope the site (relative to the manifest, so it works under
    any path)."""
    name = pb.hub.name.get(lang, pb.default_language)
    return json.dumps({
        "name": name, "short_name": name[:30], "lang": lang, "dir": direction,
        "start_url": "./", "scope": "./", "display": "standalone",
        "background_color": "#ffffff", "theme_color": "#3f51b5",
        "icons": [{"src": "assets/images/favicon.png", "sizes": "any", "type": "image/png"}],
    }, ensure_ascii=False, indent=1) + "\n"


def seeds(pb: Playbook, lang: str, use_directory_urls: bool = True
          ) -> dict[str, dict[str, Any]]:
    """What a rep of each role keeps first, as site URLs: the home page, their role page,
    each page a kind makes per role (their onboarding path) and their handbook. :func:`plan`
    adds every page and file these link to."""
    out = {}
    roles = role_kind()
    for role in pb.of(roles).values():
        own = [entity_page(roles.folder, role.id)] + [
            kind.page(role.id) for kind in KINDS.values() if kind.page_per_role]
        own.append(handbook_page(role.id))
        out[role.id] = {"title": role.title.get(lang, pb.default_language), "pages": [
            page_url(path, use_directory_urls) for path in own]}
    return out


def words(pb: Playbook, lang: str) -> dict[str, str]:
    """The browser script's words, in the site's language."""
    say = pb.words(lang)
    return {
        "keep": say("Keep on this device"),
        "keep_help": say("Your role page, onboarding path, plays, battlecards and "
                         "collateral, to read and search without a connection: {pages} "
                         "pages and {files} files, {size}."),
        "keeping": say("Keeping {done} of {total}…"),
        "kept": say("Kept on this device, as of {date}."),
        "updating": say("Updating what this device keeps…"),
        "remove": say("Remove from this device"),
        "failed": say("Not everything could be kept: try again with a better connection."),
        "offline": say("You are offline: the pages kept on this device still work."),
        "not_kept": say("You are offline, and this page is not kept on this device."),
        "kept_pages": say("Kept on this device"),
        "unsupported": say("This browser cannot keep pages for offline reading."),
    }


def plan(site_dir: Path, roles: dict[str, dict[str, Any]], max_file_bytes: int,
         text: dict[str, str]) -> dict[str, Any]:
    """The list of what a rep of each role keeps, from the site built at ``site_dir`` (one
    language's site, with its search index): for each role (:func:`seeds`) the pages, and
    the files those pages' articles link to up to ``max_file_bytes``; and for every role
    the files the kept pages load and the search index. ``text``: the script's words."""
    site = _Site(site_dir)
    shell: dict[str, None] = {}
    out_roles = {}
    for role_id, seed in roles.items():
        pages: dict[str, None] = {}
        files: dict[str, None] = {}
        for url in ["", *seed["pages"]]:
            found = site.page(url)
            if found is None:
                continue
            pages[url] = None
            if url:  # (the home page links to everything: only its own files)
                for link in found.links:
                    if site.page(link) is not None:
                        pages[link] = None
        for url in list(pages):
            for link in site.page(url).links:
                if site.page(link) is None and site.size(link) <= max_file_bytes:
                    files[link] = None
            shell.update(dict.fromkeys(site.page(url).loads))
        search = site.fragments(pages)
        out_roles[role_id] = {
            "title": seed["title"], "own": seed["pages"], "pages": list(pages),
            "files": list(files), "search": search,
            "bytes": sum(site.size(u) for u in [*pages, *search, *files])}
    shell.update(dict.fromkeys(site.search_files()))
    # the data the scripts read: ours, and the theme's search index (empty: Pagefind
    # answers), without which Material's search box never starts and Zensical's pages
    # throw a network error
    for name in ("assets/playbook/roles.json", "assets/playbook/search-facets.json",
                 "search/search_index.json", "search.json", MANIFEST):
        if site.size(name) >= 0:
            shell[name] = None
    every = sorted({*shell, *(u for r in out_roles.values()
                              for u in (*r["pages"], *r["files"], *r["search"]))})
    digest = hashlib.sha256(f"format {FORMAT}\n".encode())
    for url in every:
        if not url.endswith(_SEARCH_UNSTABLE):
            digest.update(url.encode() + b"\0" + site.read(url) + b"\0")
    return {"format": FORMAT, "version": digest.hexdigest()[:20], "shell": list(shell),
            "shell_bytes": sum(site.size(u) for u in shell), "roles": out_roles,
            "words": text}


def inputs(pb: Playbook, lang: str, use_directory_urls: bool, max_file_mb: float
           ) -> dict[str, Any]:
    """What :func:`plan` needs besides the built site, as plain data: a build passes it on
    at once; `playbook generate` writes it for `playbook index`, which runs after the
    site is built."""
    return {"roles": seeds(pb, lang, use_directory_urls),
            "max_file_bytes": int(max_file_mb * 1_000_000), "words": words(pb, lang)}


def write(site_dir: Path, given: dict[str, Any]) -> dict[str, Any]:
    """The :func:`plan` of the site built at ``site_dir`` from its :func:`inputs`, written
    at :data:`LIST`; returns it."""
    made = plan(site_dir, given.get("roles") or {}, int(given.get("max_file_bytes") or 0),
                given.get("words") or {})
    target = site_dir / LIST
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(to_json(made), encoding="utf-8")
    return made


def to_json(made: dict[str, Any]) -> str:
    return json.dumps(made, ensure_ascii=False, separators=(",", ":")) + "\n"


class _Site:
    """A built site on disk, read as a browser would ask for its URLs."""

    def __init__(self, root: Path):
        self.root = root
        self._pages: dict[str, _Page | None] = {}
        self._fragments: dict[str, str] | None = None

    def path(self, url: str) -> Path | None:
        """The file behind a site URL (``roles/rep/``: its index.html); None outside the
        site."""
        clean = posixpath.normpath(unquote(url.split("#")[0].split("?")[0]) or ".")
        if clean.startswith(("..", "/")):
            return None
        target = self.root / clean
        if url.endswith("/") or url == "" or target.is_dir():
            target = target / "index.html"
        return target

    def page(self, url: str) -> _Page | None:
        if url not in self._pages:
            target = self.path(url)
            self._pages[url] = None
            if target is not None and target.suffix == ".html" and target.is_file():
                self._pages[url] = _Page.read(url, target.read_text(encoding="utf-8",
                                                                      errors="replace"))
        return self._pages[url]

    def size(self, url: str) -> int:
        """The file's size; -1 if there is none."""
        target = self.path(url)
        return target.stat().st_size if target is not None and target.is_file() else -1

    def read(self, url: str) -> bytes:
        target = self.path(url)
        return target.read_bytes() if target is not None and target.is_file() else b""

    def search_files(self) -> list[str]:
        """The search bundle's files every query may need, site-relative."""
        bundle = self.root / SEARCH_FOLDER
        if not bundle.is_dir():
            return []
        found = [name for name in _SEARCH_KEPT if (bundle / name).is_file()]
        found += sorted(str(p.relative_to(bundle)) for p in bundle.rglob("*")
                        if p.is_file() and p.name.endswith(_SEARCH_SUFFIXES))
        return [SEARCH_FOLDER + name for name in found]

    def fragments(self, pages: Iterable[str]) -> list[str]:
        """The search entries (Pagefind's fragments) of ``pages``."""
        if self._fragments is None:
            self._fragments = {}
            for path in sorted((self.root / SEARCH_FOLDER / "fragment").glob("*.pf_fragment")):
                try:
                    data = gzip.decompress(path.read_bytes())
                    url = json.loads(data[data.index(b"{"):])["url"]
                except (OSError, ValueError, KeyError, TypeError):
                    continue
                self._fragments[str(url).lstrip("/")] = f"{SEARCH_FOLDER}fragment/{path.name}"
        return [self._fragments[p] for p in pages if p in self._fragments]


class _Page:
    """What a built page links to in its article, and what it loads."""

    def __init__(self, links: list[str], loads: list[str]):
        self.links = links
        self.loads = loads

    @classmethod
    def read(cls, url: str, html: str) -> _Page:
        parser = _Links()
        parser.feed(html)
        here = url if url.endswith("/") or not url else posixpath.dirname(url) + "/"
        return cls(_inside(here, parser.links), _inside(here, parser.loads))


def _inside(here: str, hrefs: Iterable[str]) -> list[str]:
    """The site URLs of the relative links ``hrefs`` of a page at ``here``; links off the
    site and to another place in the same page are left out."""
    out: dict[str, None] = {}
    for href in hrefs:
        parts = urlsplit(href)
        if parts.scheme or parts.netloc or href.startswith(("/", "#")) or not parts.path:
            continue
        target = posixpath.normpath(posixpath.join(here or ".", parts.path))
        if target.startswith("..") or target.startswith("/"):
            continue
        url = "" if target == "." else target + ("/" if parts.path.endswith("/") else "")
        out[url] = None
    return list(out)


class _Links(HTMLParser):
    """The links of a page's article (``<a href>``), and what the page loads: stylesheets,
    icons, scripts, images, and the theme's search worker (named in its ``__config``)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.links: list[str] = []
        self.loads: list[str] = []
        self._article = 0
        self._config: list[str] | None = None

    def handle_data(self, data: str) -> None:
        if self._config is not None:
            self._config.append(data)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag == "article":
            self._article += 1
        elif tag == "a" and self._article and a.get("href"):
            self.links.append(a["href"])
        elif tag == "link" and a.get("href") and set(a.get("rel", "").split()) & {
                "stylesheet", "icon", "manifest"}:
            self.loads.append(a["href"])
        elif tag in ("script", "img") and a.get("src"):
            self.loads.append(a["src"])
        elif tag == "script" and a.get("id") == "__config":
            self._config = []

    def handle_endtag(self, tag: str) -> None:
        if tag == "script" and self._config is not None:
            try:
                worker = json.loads("".join(self._config)).get("search")
            except (ValueError, AttributeError):
                worker = None
            if isinstance(worker, str) and worker:
                self.loads.append(worker)
            self._config = None
        if tag == "article" and self._article:
            self._article -= 1
