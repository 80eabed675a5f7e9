"""Pages as the theme made them, kept between builds: a page whose inputs to the theme are
what they were at an earlier build is not put through the theme again (issue 37).

Putting a page through the theme (Material's `main.html`, its header, navigation, footer)
is a large part of what MkDocs spends on a page. What comes out depends only on what the template
is given: the page (its content, table of contents, title, address, meta data, neighbours
and ancestors), the navigation, the list of pages, the configuration, the theme's files and
the environment's globals and filters. A digest of all of it is the page's key; the page as
rendered is kept under it in ``<hub>/.cache/playbook/pages-<xx>.bin`` (:data:`SHARD`:
written once a build, only the files whose pages changed; safe to delete; `mkdocs serve`
keeps its builds' pages in memory), and a build that meets the key again takes the page
from there.
Everything after the theme (plugins' ``on_post_page``, ours included) runs as before, on
every page.

A page is not kept when the template is given something that cannot be told apart from
one build to the next (an object a plugin added to the context, a page of a class of its
own, such as a blog post): it is rendered every time. The key holds the build's date only
when a template of the hub's own names it (Material's templates do not).

What a pull request brings is untrusted, its ``.cache`` folder too: the kept pages are
sealed with this machine's key (:mod:`playbook.cache_files`, as the parsed files are), pages
that do not open with it are rendered again, and nothing is read or written through a
link. In continuous integration (``CI`` set) nothing is kept, unless the CI gives the key
(``PLAYBOOK_CACHE_KEY``) and keeps the folder between jobs.

No mkdocs import: this works on the theme's Jinja environment and the context MkDocs gives
it (duck-typed pages, navigation and configuration).
"""

from __future__ import annotations

import hashlib
import importlib.metadata
import importlib.util
import os
import re
import threading
from pathlib import Path
from typing import Any, Iterator

from .. import cache_files
from ..cache_files import Unkeyable, digest as _digest, plain as _plain

#: What MkDocs puts in every page's context (``mkdocs.commands.build.get_context``); any
#: other key was added by a plugin.
STANDARD = {"nav", "pages", "base_url", "extra_css", "extra_javascript", "mkdocs_version",
            "build_date_utc", "config", "page"}
#: What of the configuration no template reads: where the site is written (a build
#: writes into a new folder each time, put in place once complete).
UNREAD = {"site_dir"}
#: The page classes whose every input to the theme the key holds.
PAGE_CLASSES = {"mkdocs.structure.pages.Page", "playbook.adapter.pages.GeneratedPage"}
#: The files the pages are kept in, ``pages-<xx>.bin``: a page goes in the one named by the
#: first two digits of its key, so a build again writes only the files whose pages changed
#: (at 10,000 items the pages weigh 219 MB; after one title changed, the 18 pages put
#: through the theme again, their keys new and their old ones gone, are in at most 36 of
#: the 256 files).
SHARD = re.compile(r"pages-([0-9a-f]{2})\.bin")
MAGIC = b"playbook-pages\n"
#: What a kept page depends on besides its key: how the key is made (this module).
VERSION = hashlib.sha256(Path(__file__).read_bytes()).digest()


class PageCache:
    """The kept pages of one hub: installed in a build's theme environment
    (:meth:`install`), it renders a page only when no kept page has its key; :meth:`save`
    keeps, once the build made every language's site, the pages it used."""

    def __init__(self, root: Path, folder: Path, key: bytes) -> None:
        self.root = root
        self._folder, self._seal = folder, key
        self.kept: dict[str, bytes] = {}
        self._saved: dict[str, set[str]] = {}  # the keys in each file, by its two digits
        try:
            os.unlink(folder / "pages.bin")  # (where an earlier version kept them all)
        except OSError:
            pass
        try:
            names = sorted(os.listdir(folder))
        except OSError:
            names = []
        for name in names:
            shard = SHARD.fullmatch(name)
            kept = self._file(shard.group(1)).load() if shard else None
            if isinstance(kept, dict):
                self.kept.update(kept)
                self._saved[shard.group(1)] = set(kept)  # type: ignore[union-attr]
        self.used: dict[str, bytes] = {}  # every page of this build (all languages)
        self.hits = 0
        self.rendered = 0  # since the pages were last kept
        #: the key each page had last, by the build's inputs and the page's address, and the
        #: keys a page had before (:meth:`remember` lets them go)
        self._latest: dict[tuple[bytes, str], str] = {}
        self._replaced: set[str] = set()
        self._build: bytes | None = None  # (b"": this build's inputs cannot be keyed)
        self._depth = threading.local()

    @classmethod
    def of(cls, root: Path) -> PageCache | None:
        """The cache of the hub at ``root``; None without a key (in CI, one the CI gives:
        :func:`playbook.cache_files.cache_key`), or when its folder is a link."""
        opened = cache_files.opened(root)
        return cls(root, *opened) if opened is not None else None

    def get(self, key: str) -> str | None:
        html = self.kept.get(key)
        if html is None:
            return None
        self.used[key] = html
        return html.decode("utf-8")

    def put(self, key: str, html: str) -> None:
        self.used[key] = html.encode("utf-8")

    def remember(self) -> None:
        """Keep this build's pages for the next build of the process, in memory only (`mkdocs
        serve`: writing every page at each edit would cost more than it saves), each page
        as it is now: the one it replaced is let go (a page of 10,000 rows weighs megabytes,
        and an editing session makes it again at every edit)."""
        self.kept.update(self.used)
        for key in self._replaced - self.used.keys():
            self.kept.pop(key, None)
        self.used, self._replaced = {}, set()

    def _seen(self, page: Any, key: str) -> None:
        """``page`` has ``key`` in this build."""
        where = (self._build or b"", str(getattr(page, "url", "")))
        before = self._latest.get(where)
        self._latest[where] = key
        if before is not None and before != key:
            self._replaced.add(before)

    def _file(self, shard: str) -> cache_files.Sealed:
        return cache_files.Sealed(self._folder / f"pages-{shard}.bin", self._seal, MAGIC,
                                  VERSION)

    def save(self) -> None:
        """Keep the pages this build used, in the files whose pages differ from those kept
        (a file whose pages all went is removed): sealed, written atomically, never through
        a link."""
        shards: dict[str, dict[str, bytes]] = {}
        for key, html in self.used.items():
            shards.setdefault(key[:2], {})[key] = html
        written = []
        for shard in sorted(shards.keys() | self._saved.keys()):
            pages = shards.get(shard, {})
            if pages.keys() == self._saved.get(shard, set()):
                continue
            if pages:
                written.append((self._file(shard), pages))
            else:
                try:
                    os.unlink(self._file(shard).path)
                except OSError:
                    pass
            self._saved[shard] = set(pages)
        cache_files.save_all(written)
        self.kept, self.used = self.used, {}

    # -- the environment --------------------------------------------------------------

    def install(self, env: Any) -> None:
        """Make every page template ``env`` gives render through the cache. (Templates a
        page's template extends or includes render inside it, uncached; so do those with
        no page, such as 404.html and the sitemap.)"""
        self._build = None
        original = env.get_template
        cache = self

        def get_template(name: Any, *args: Any, **kwargs: Any) -> Any:
            template = original(name, *args, **kwargs)
            if getattr(template, "_playbook_page_cache", None) is not cache:
                _wrap(template, cache, env)
            return template

        env.get_template = get_template

    def _key(self, name: str, context: dict[str, Any], env: Any) -> str | None:
        page = context.get("page")
        if page is None or f"{type(page).__module__}.{type(page).__qualname__}" \
                not in PAGE_CLASSES:
            return None
        if self._build is None:
            try:
                self._build = _digest(_build_inputs(context, env))
            except Unkeyable:
                self._build = b""
        if not self._build:
            return None
        config = context["config"]
        # (the whole configuration is read once a build; its extra and theme options again
        # for every page, as a plugin may set them for the page it is on)
        settings = repr((config.get("extra"), dict(config["theme"])))
        if " at 0x" in settings:
            return None
        try:
            inputs = _page_inputs(page, context)
        except Unkeyable:
            return None
        digest = hashlib.sha256(self._build)
        for part in (name, page.content or "", settings):
            digest.update(part.encode("utf-8", "surrogatepass") + b"\0")
        digest.update(_digest(inputs))
        key = digest.hexdigest()
        self._seen(page, key)
        return key


def _wrap(template: Any, cache: PageCache, env: Any) -> None:
    render = template.root_render_func

    def root_render_func(context: Any) -> Iterator[str]:
        depth = getattr(cache._depth, "n", 0)
        key = cache._key(str(template.name), context.get_all(), env) if depth == 0 \
            else None
        if key is None:
            yield from render(context)
            return
        html = cache.get(key)
        if html is None:
            cache._depth.n = depth + 1
            try:
                html = "".join(render(context))
            finally:
                cache._depth.n = depth
            cache.put(key, html)
            cache.rendered += 1
        else:
            cache.hits += 1
        yield html

    template.root_render_func = root_render_func
    template._playbook_page_cache = cache


# -- what the theme is given ---------------------------------------------------------


def _page_inputs(page: Any, context: dict[str, Any]) -> dict[str, Any]:
    """What the template is given of the page, but its content (digested apart)."""
    others = {name: value for name, value in context.items() if name not in STANDARD}
    return {
        "src": page.file.src_uri, "dest": page.file.dest_uri, "url": page.url,
        "title": page.title, "toc": _toc(page.toc),
        "meta": page.meta, "canonical": page.canonical_url, "edit": page.edit_url,
        "home": page.is_homepage, "previous": _link(page.previous_page),
        "next": _link(page.next_page), "ancestors": [_link(a) for a in page.ancestors],
        "base_url": context.get("base_url"), "extra_css": context.get("extra_css"),
        "extra_javascript": [str(s) for s in context.get("extra_javascript") or ()],
        "others": others,
    }


def _link(item: Any) -> Any:
    if item is None:
        return None
    return [type(item).__name__, getattr(item, "title", None), getattr(item, "url", None)]


def _toc(items: Any) -> list[Any]:
    return [[i.title, i.url, i.level, _toc(i.children)] for i in items or ()]


def _nav(items: Any) -> list[Any]:
    return [[type(i).__name__, getattr(i, "title", None), getattr(i, "url", None),
             _nav(getattr(i, "children", None) or ())] for i in items or ()]


def _build_inputs(context: dict[str, Any], env: Any) -> dict[str, Any]:
    config = context["config"]
    nav = context.get("nav")
    theme = config["theme"]
    folders, own = _theme_folders(theme)
    return {
        "mkdocs": context.get("mkdocs_version"),
        "config": {name: _config_value(name, value) for name, value in config.items()
                   if name not in UNREAD},
        "theme": {"name": theme.name, "options": dict(theme), "folders": folders},
        "nav": _nav(getattr(nav, "items", None)),
        # (every page of the site, only when a template of the hub's own reads the list:
        # Material's do not, so a page added changes only the pages that show it)
        "pages": [[f.src_uri, f.url] for f in context.get("pages") or ()]
        if _PAGES.search(own) else None,
        # (the build's date, which changes with every build, likewise)
        "date": str(context.get("build_date_utc")) if _BUILD_DATE.search(own) else None,
        "globals": {k: _plain(v) for k, v in env.globals.items() if not k.startswith("_")},
        "filters": sorted(env.filters),
    }


def _config_value(name: str, value: Any) -> Any:
    if name == "plugins":
        return [[n, f"{type(p).__module__}.{type(p).__qualname__}",
                 dict(getattr(p, "config", {}) or {})] for n, p in value.items()]
    if name == "theme":
        return None  # (see "theme")
    return value


_BUILD_DATE = re.compile(r"\bbuild_date_utc\b")
_PAGES = re.compile(r"\bpages\b")


def _packages() -> dict[Path, str]:
    """The folders of the packages whose templates a theme may use, with their versions."""
    found = {}
    for package, dist in (("material", "mkdocs-material"), ("mkdocs", "mkdocs")):
        try:
            spec = importlib.util.find_spec(package)
            version = importlib.metadata.version(dist)
        except (ImportError, ValueError, importlib.metadata.PackageNotFoundError):
            continue
        if spec is not None and spec.origin is not None:
            found[Path(spec.origin).parent.resolve()] = f"{dist}=={version}"
    return found


def _theme_folders(theme: Any) -> tuple[list[Any], str]:
    """Each folder of the theme: a package's, by its version; any other (a hub's
    overrides, ``custom_dir``), by the path and bytes of every file in it; and the text of
    the hub's own templates, where :func:`_build_inputs` looks for what they read."""
    packages = _packages()
    folders: list[Any] = []
    own: list[str] = []
    for folder in theme.dirs:
        path = Path(folder).resolve()
        owner = next((v for p, v in packages.items() if path == p or p in path.parents), None)
        if owner is not None:
            folders.append(owner)
            continue
        digest = hashlib.sha256()
        for file in sorted(p for p in path.rglob("*") if p.is_file()):
            try:
                data = file.read_bytes()
            except OSError:
                raise Unkeyable(str(file)) from None
            digest.update(str(file.relative_to(path)).encode() + b"\0" + data + b"\0")
            if file.suffix == ".html":
                own.append(data.decode("utf-8", "replace"))
        folders.append([str(path), digest.hexdigest()])
    return folders, "\n".join(own)
