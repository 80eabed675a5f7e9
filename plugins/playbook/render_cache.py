"""Pages rendered by an earlier build, kept with what each read (issue 37): a build renders
again only the pages whose reads changed, and takes the others as they were.

A render notes what each page reads (:attr:`Page.reads`: the entities whose fields it shows
or links to, who refers to what, the last-changed dates and file sizes it shows), as
`mkdocs serve` does. The pages are kept, per language, in ``.cache/playbook``: in
``rendered.<lang>.bin`` a fingerprint of every entity (its file's data and path, and what it
names), what each date and size a page showed was, and the pages' order; the pages
themselves in 256 files beside it, ``rendered.<lang>.<xx>.bin`` (:func:`_shard`: a page by
the digest of its path), of which a build writes again only those holding a page it
rendered (at 10,000 items the pages weigh 80 MB). The next build compares: the entities whose
fingerprint changed touch the pages :func:`playbook.incremental.pages_touched` says (the
same rules as an edit in `mkdocs serve`), and so do the dates and sizes that are not what
they were; only those pages are rendered. The parts of pages (``{% cached %}``: the
library's rows) are kept too, each with the fingerprints of the entities it read: a page of
10,000 rows rendered again makes only the rows whose entities changed.

Everything else a page may depend on makes one key, and when it differs every page is
rendered: this module's code and the package's (its templates and words), the versions of
the libraries that write HTML, the hub's own templates, hub.yml and the hub's words, the
render's options (the site's settings, the language) and the date staleness is judged on,
whether the site has a home page of its own, and which entities there are (a file added,
removed or renamed). A page rendered again is the page a full render makes: the output is
byte for byte a clean build's (tests/test_build_cache.py).

Sealed with this machine's key like the other caches (:mod:`playbook.cache_files`): one
that comes with a pull request, or was written elsewhere, is not read; nothing is kept in
CI unless the CI gives the key.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import importlib.metadata
import os
import re
from functools import lru_cache
from pathlib import Path
from typing import Any

from markupsafe import Markup

from . import cache_files
from .derived import DATE, SIZE
from .diagnostics import Report, relpath
from .fragments import Part
from .incremental import pages_touched
from .page import Page
from .page import pack_page, unpack_page
from .playbook import Playbook, referrers_of
from .render import Renderer
from .render_options import RenderOptions
from .site_plan import has_home
from .hub_files import SOURCE_TEMPLATES, is_hubs_own
from .validate import references

MAGIC = b"playbook-rendered\n"
#: The libraries whose output is in the pages (Markdown fields, highlighting, cleaning).
LIBRARIES = ("jinja2", "markupsafe", "markdown", "pymdown-extensions", "pygments", "nh3",
             "pyyaml", "pydantic")


class RenderCache:
    """The kept pages of one hub (every language's, a file each, ``<name>.<lang>.bin``:
    `mkdocs build` keeps its pages as ``rendered``, `playbook generate` as ``generated``, so
    a hub built both ways keeps both)."""

    def __init__(self, folder: Path, key: bytes, name: str = "rendered") -> None:
        self.folder, self.key, self.name = folder, key, name
        #: pages rendered and pages taken as kept, by the last :meth:`render` (for the log
        #: and the tests), and by every render of this cache (every language's)
        self.rendered = self.reused = 0
        self.totals = (0, 0)

    @classmethod
    def of(cls, root: Path, name: str = "rendered") -> RenderCache | None:
        """The cache of the hub at ``root``; None without a key (in CI, one the CI gives)
        or when its folder is a link."""
        opened = cache_files.opened(root)
        return cls(*opened, name) if opened is not None else None

    def _file(self, language: str, shard: str | None = None) -> cache_files.Sealed:
        # (a dot before the shard: a language's code has none, and "fr-ca" is one)
        name = f"{self.name}.{language}" + (f".{shard}" if shard is not None else "")
        return cache_files.Sealed(self.folder / f"{name}.bin", self.key, MAGIC, _version())

    def _load(self, language: str, key: bytes) -> dict[str, Any] | None:
        """The render of ``language`` kept with ``key``: its pages in order and its parts
        gathered from the files the main one names, each by the seal it was written with
        (one written since by a build that stopped before the main file, or missing: none
        is kept)."""
        main = self._file(language).load()
        if not isinstance(main, dict) or main.get("key") != key:
            return None
        pages: dict[str, Any] = {}
        parts: list[Any] = []
        for shard, seal in main["shards"].items():
            found = self._file(language, shard).load_sealed()
            if found is None or found[1] != seal or not isinstance(found[0], dict):
                return None
            pages.update(found[0]["pages"])
            parts.extend(found[0]["parts"])
        if not all(path in pages for path in main["paths"]):
            return None
        return {**main, "pages": [pages[path] for path in main["paths"]], "parts": parts}

    def _save(self, language: str, value: dict[str, Any], pages: list[Page],
              parts: list[tuple], unchanged: dict[str, bytes]) -> None:
        """Keep ``value`` (the key, fingerprints and dates) with ``pages`` and ``parts`` in
        their files, but for those in ``unchanged`` (by their digits, with their seals:
        files kept before that hold no page rendered since), which stay as they are."""
        shards: dict[str, dict[str, Any]] = {}
        kept: set[str] = set()  # (the files that stay, of the pages of this render)
        for page in pages:
            shard = _shard(page.path)
            if shard in unchanged:
                kept.add(shard)
            else:
                shards.setdefault(shard, {"pages": {}, "parts": []})[
                    "pages"][page.path] = pack_page(page)
        for part in parts:  # (none of the files that stay: _parts)
            shards.setdefault(_shard(part[0][0]), {"pages": {}, "parts": []})[
                "parts"].append(part)
        changed = sorted(shards)
        written = dict(zip(changed, cache_files.save_all(
            [(self._file(language, shard), shards[shard]) for shard in changed])))
        if None in written.values():  # (not written: what is kept stays as it was)
            return
        seals = {shard: unchanged.get(shard) or written[shard]
                 for shard in sorted(kept | written.keys())}
        if self._file(language).save({**value, "shards": seals,
                                      "paths": [page.path for page in pages]}) is None:
            return
        own = re.compile(re.escape(f"{self.name}.{language}.") + r"([0-9a-f]{2})\.bin")
        for name in os.listdir(self.folder):
            found = own.fullmatch(name)
            if found is not None and found.group(1) not in seals:
                try:
                    os.unlink(self.folder / name)
                except OSError:
                    pass

    def render(self, playbook: Playbook, options: RenderOptions,
               report: Report | None = None) -> list[Page]:
        """Every page of ``options.language``'s site: those whose reads changed since the
        kept render rendered, the others as kept; the render kept for the next build."""
        report = report if report is not None else Report()
        options = dataclasses.replace(options, kept=None, record=True)
        language = options.language or playbook.default_language
        renderer = Renderer(playbook, options)
        try:
            key = _inputs(playbook, options, language)
        except cache_files.Unkeyable:  # (a setting that says nothing of what it holds)
            self.rendered, self.reused = 0, 0
            return renderer.pages(report, options.workers)
        entities = _fingerprints(playbook)
        kept = self._load(language, key)
        pages: list[Page] | None = None
        unchanged: dict[str, bytes] = {}  # (the files of pages kept that stay as they are)
        if kept is not None and (
                again := self._again(renderer, kept, entities, report, options.workers)):
            pages, fresh = again
            touched = {_shard(path) for path in fresh}
            unchanged = {shard: seal for shard, seal in kept["shards"].items()
                         if shard not in touched}
        if pages is None:
            pages = renderer.pages(report, options.workers)
            self.rendered, self.reused = len(pages), 0
        if report.ok and self.rendered:  # (nothing rendered: what is kept is this build's)
            try:
                self._save(language, {"key": key, "entities": entities, "shown": {
                    read: renderer.derived.shown(read) for read in
                    {read for page in pages for read in page.reads if read[0] in (DATE, SIZE)}}},
                    pages, _parts(renderer, language, entities, unchanged), unchanged)
            except ValueError:  # pragma: no cover - a value marshal cannot keep
                pass
        self.totals = (self.totals[0] + self.rendered, self.totals[1] + self.reused)
        return pages

    def _again(self, renderer: Renderer, kept: dict[str, Any],
               entities: dict[str, dict[str, tuple[bytes, tuple]]], report: Report,
               workers: int) -> tuple[list[Page], set[str]] | None:
        """The pages, rendering only those the changes since ``kept`` touch (its key is
        this render's: the same entities, by kind and id, and the same settings), and the
        paths of those rendered; None when they are not the pages a render makes now."""
        before = kept["entities"]
        old = [unpack_page(data) for data in kept["pages"]]
        changed = {(kind, id) for kind, ids in entities.items()
                   for id, (digest, _) in ids.items() if before[kind][id][0] != digest}
        shown = {read for read, was in kept["shown"].items()
                 if renderer.derived.shown(read) != was}
        if not changed and not shown:  # (the same pages, in the same order)
            self.rendered, self.reused = 0, len(old)
            return old, set()
        pb = renderer.playbook
        _keep_parts(renderer, kept.get("parts", ()), entities)
        files = {pb.source_of(kind, id).file.path for kind, id in changed}
        wanted = pages_touched(changed, lambda kind, id: {*before[kind][id][1],
                                                          *entities[kind][id][1]},
                               old, files, shown)
        fresh = {page.path: page for page in renderer.pages(report, workers, only=wanted)}
        pages = {page.path: page for page in old} | fresh
        order = renderer.paths_in_order()
        if not report.ok:  # (a template failed: the build stops and says so, once)
            return [pages[path] for path in order if path in pages], set(fresh)
        if pages.keys() != set(order):
            return None  # (pages not kept before: render them all)
        self.rendered, self.reused = len(fresh), len(old) - len(fresh)
        return [pages[path] for path in order], set(fresh)


#: What a part read of an entity that is not what the part was made from (see _keep_parts).
_CHANGED = object()


def _parts(renderer: Renderer, language: str,
           entities: dict[str, dict[str, tuple[bytes, tuple]]],
           unchanged: dict[str, bytes] | None = None) -> list[tuple]:
    """The parts of pages (``{% cached %}``: the library's rows) that the renders of this
    process made for ``language``'s pages, to keep with them: each with what it read, an
    entity by its fingerprint (the part was made from the entity as it is now); none of a
    page whose file stays as it is (in ``unchanged``: it holds them already)."""
    out = []
    for (page, where, key), part in renderer.environments.fragments.parts():
        path, lang, day = page
        if lang != language or not isinstance(part.html, str) or (
                unchanged and _shard(path) in unchanged):
            continue
        stamps = tuple((read, was if referrers_of(read) is not None else b"" if was is
                        _CHANGED else entities.get(read[0], {}).get(read[1], (None,))[0])
                       for read, was in part.stamps)
        out.append(((path, lang, day.toordinal()), where, key, str(part.html),
                    isinstance(part.html, Markup), part.fallbacks, stamps))
    return out


def _keep_parts(renderer: Renderer, kept: Any,
                entities: dict[str, dict[str, tuple[bytes, tuple]]]) -> None:
    """Give the renderer the parts kept with the pages, each read of an entity as the
    entity itself when its fingerprint is the one the part was made from (the fragments
    use a part while each entity it read is the same object), else as something no entity
    is (the part is made again)."""
    pb, fragments = renderer.playbook, renderer.environments.fragments
    for (path, lang, day), where, key, html, markup, fallbacks, stamps in kept:
        now = tuple((read, (pb.entities[read[0]].get(read[1]) if was is not None and
                            entities.get(read[0], {}).get(read[1], (None,))[0] == was
                            else _CHANGED) if referrers_of(read) is None else was)
                    for read, was in stamps)
        fragments.keep(((path, lang, dt.date.fromordinal(day)), where, key),
                       Part(Markup(html) if markup else html, fallbacks, now))


@lru_cache(maxsize=65536)
def _shard(path: str) -> str:
    """The two hex digits of the file a page of ``path`` is kept in (asked for each page,
    and for each part of a page, of every build)."""
    return hashlib.blake2b(path.encode("utf-8", "surrogatepass"), digest_size=1).hexdigest()


def said(cache: RenderCache | None) -> str:
    """What the log says of the last render of ``cache`` ("; 12 rendered, 1,104 as the
    last build made them"); "" without one, or when it rendered every page."""
    if cache is None or not cache.reused:
        return ""
    return f"; {cache.rendered:,} rendered, {cache.reused:,} as the last build made them"


def _fingerprints(playbook: Playbook) -> dict[str, dict[str, tuple[bytes, tuple]]]:
    """Per kind and id: a digest of the entity's file (its data and where it is) and what
    it names."""
    out: dict[str, dict[str, tuple[bytes, tuple]]] = {}
    for kind, entities in playbook.entities.items():
        found = out[kind] = {}
        for id, entity in entities.items():
            source = playbook.source_of(kind, id)
            digest = hashlib.blake2b(repr((str(source.file.path), source.doc.data)).encode(
                "utf-8", "surrogatepass"), digest_size=20).digest()
            found[id] = (digest, tuple(sorted(references(kind, entity))))
    return out


def _inputs(playbook: Playbook, options: RenderOptions, language: str) -> bytes:
    """The digest of everything a page may depend on besides its reads."""
    settings = {field.name: getattr(options, field.name) for field in
                dataclasses.fields(options) if field.name not in
                {"environments", "kept_paths", "kept", "workers", "record", "templates_dir"}}
    hub = playbook.hub_source.doc.data if playbook.hub_source is not None else None
    return cache_files.digest({
        "version": _version().hex(),
        "templates": _folder_digest(options.templates_dir)
        if is_hubs_own(options.templates_dir) else None,
        "options": settings,
        "language": language,
        "hub": repr(hub),
        "words": repr(sorted(playbook.catalogs.items())),
        "data": relpath(playbook.data_dir, playbook.root),
        "home": has_home(playbook.docs_dir, language, playbook.default_language),
        "ids": {kind: list(ids) for kind, ids in playbook.entities.items()},
    })


@lru_cache(maxsize=1)
def _version() -> bytes:
    """A digest of the package (its code, templates and words) and of the versions of the
    libraries whose output is in the pages."""
    digest = hashlib.sha256()
    package = Path(__file__).parent
    # (the installed package holds its templates; a checkout has them beside it)
    for folder in (package, SOURCE_TEMPLATES):
        digest.update(_folder_digest(folder, (".py", ".j2", ".po", ".json", ".yml", ".txt")))
    for name in LIBRARIES:
        try:
            digest.update(f"{name}=={importlib.metadata.version(name)}\0".encode())
        except importlib.metadata.PackageNotFoundError:
            digest.update(f"{name}: none\0".encode())
    return digest.digest()


def _folder_digest(folder: Path | None, suffixes: tuple[str, ...] = ()) -> bytes:
    """A digest of the name and bytes of every file under ``folder`` (those whose name
    ends with one of ``suffixes``, when given), read as every file of a hub is: never
    through a link (a hub's own templates come by pull request)."""
    digest = hashlib.sha256()
    if folder is None or not folder.is_dir():
        return digest.digest()
    for top, folders, names in os.walk(folder):
        folders[:] = sorted(name for name in folders if name != "__pycache__")
        for name in sorted(names):
            if suffixes and not name.endswith(suffixes):
                continue
            path = Path(top, name)
            data = cache_files.read(path)
            digest.update(str(path.relative_to(folder)).encode("utf-8", "surrogatepass") + b"\0"
                          + (hashlib.sha256(data).digest() if data is not None else b"-"))
    return digest.digest()
