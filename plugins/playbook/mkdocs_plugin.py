"""The MkDocs adapter: the only module that imports mkdocs.

It runs the core (:mod:`playbook.pipeline`) before MkDocs clears ``site_dir``, adds the
generated pages to the build in memory, gives them a navigation section, ships the assets
the pages need (our CSS and JS, and Mermaid so diagrams render without internet), and
asks ``mkdocs serve`` to watch the YAML.
"""

from __future__ import annotations

import functools
import html
import importlib.util
import json
import logging
import os
import posixpath
import re
import shutil
import sys
import threading
import time
from pathlib import Path
from typing import Any

from mkdocs.config import base
from mkdocs.config import config_options as c
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, CombinedEvent, event_priority
from mkdocs.structure.files import File, Files, InclusionLevel, file_sort_key
from mkdocs.structure.pages import Page as MkDocsPage
from mkdocs.structure.toc import get_toc
from mkdocs.utils import CountHandler, nest_paths

from . import nav_cache, publish, sanitize, search
from .diagnostics import PlaybookError, Severity
from .pipeline import Result, build_date, render_valid, run
from .languages import own_name
from .load import ParseCache, read_hub
from .sources import YAML_SUFFIXES
from .incremental import pages_to_render
from .render import INDEX_PAGES, INDEX_TITLES, Page, Renderer, RenderOptions, gettext

log = logging.getLogger("mkdocs.plugins.playbook")

#: Set while the site of a language other than the default is being built.
BUILD_LANGUAGE = "PLAYBOOK_BUILD_LANGUAGE"

ASSETS = Path(__file__).parent / "assets"
ASSET_DIR = "assets/playbook"
CSS = f"{ASSET_DIR}/playbook.css"
JS = f"{ASSET_DIR}/playbook.js"
MERMAID = f"{ASSET_DIR}/mermaid.min.js"
FACETS = f"{ASSET_DIR}/search-facets.json"

#: Markdown extensions the generated pages use (admonitions, buttons via attr_list).
EXTENSIONS = ("admonition", "attr_list", "md_in_html")

#: Issue codes that are warnings for `playbook validate` but only information in a build:
#: an item going stale is a matter of time passing, and must not fail `mkdocs build --strict`.
INFO_IN_BUILD = {"stale"}


def _timed(stage: str) -> Any:
    """Add the time a hook takes to the plugin's account of its own work, under ``stage``
    (logged at the end of a build: see PlaybookPlugin._log_spent)."""
    def wrap(method: Any) -> Any:
        @functools.wraps(method)
        def timed(self: "PlaybookPlugin", *args: Any, **kwargs: Any) -> Any:
            start = time.perf_counter()
            try:
                return method(self, *args, **kwargs)
            finally:
                self._spent[stage] = self._spent.get(stage, 0.0) + time.perf_counter() - start
        return timed
    return wrap


class GeneratedPage(MkDocsPage):
    """A page whose body the core has rendered as HTML already.

    MkDocs would parse each page's Markdown, which is most of the time a build of thousands
    of generated pages takes; these pages skip it and hand MkDocs their HTML, title, table
    of contents and anchors as the core made them. Everything after (the theme, other
    plugins' page events) sees an ordinary page.
    """

    generated: Page

    @classmethod
    def adopt(cls, page: MkDocsPage, generated: Page) -> None:
        page.__class__ = cls
        page.generated = generated  # type: ignore[attr-defined]

    #: seconds spent in these methods, for the plugin's account of its own work
    seconds = 0.0

    def read_source(self, config: MkDocsConfig) -> None:
        start = time.perf_counter()
        self.markdown = self.generated.content
        # The theme prints a page's title as HTML; ours is text.
        self.meta = {**self.generated.meta, "title": html.escape(self.generated.title)}
        GeneratedPage.seconds += time.perf_counter() - start

    def render(self, config: MkDocsConfig, files: Files) -> None:
        start = time.perf_counter()
        self.content = self.generated.content
        self.toc = get_toc([h.token() for h in self.generated.toc])
        self._title_from_render = self.meta["title"]
        self.present_anchor_ids = set(self.generated.anchors)
        self.links_to_anchors = {}
        GeneratedPage.seconds += time.perf_counter() - start


class PlaybookConfig(base.Config):
    enabled = c.Type(bool, default=True)
    """Turn the plugin off (e.g. `enabled: !ENV [PLAYBOOK, true]`)."""
    data_dir = c.Type(str, default="playbook")
    """The folder of the YAML files, relative to mkdocs.yml."""
    templates_dir = c.Type(str, default="templates")
    """A folder of template overrides, relative to mkdocs.yml; searched first."""
    nav_section = c.Type(str, default="Playbook")
    """Title of the navigation section listing the generated index pages."""
    search = c.Type(bool, default=True)
    """Index the site with Pagefind and answer the theme's search box with it."""
    changes_since = c.Optional(c.Type(str))
    """Git ref the changes page compares with; default: the previous tag."""
    history = c.Type(bool, default=True)
    """Read git for last-changed dates and the changes page."""
    serve_all_languages = c.Type(bool, default=False)
    """`mkdocs serve` builds only the default language (fast rebuilds) unless this is set."""
    today = c.Optional(c.Type(str))
    """The date staleness is judged on (YYYY-MM-DD); default SOURCE_DATE_EPOCH or today."""
    allowed_hosts = c.ListOfItems(c.Type(str), default=[])
    """Hosts the hub's text may load images from (`img.example.com`); by default none, so
    that no page makes a reader's browser call another host."""
    nav_cache = c.Type(bool, default=True)
    """Render Material's navigation once per folder for the generated pages outside the
    nav (see playbook.nav_cache); off, it is rendered into every page as usual."""


class PlaybookPlugin(BasePlugin[PlaybookConfig]):
    supports_multiple_instances = False

    def __init__(self) -> None:
        self.command: str | None = None  # None in a build run by another build
        self.dirty = False  # --dirty: only changed pages are built
        #: where this build goes until it is complete, and the config it changed
        self.staging: tuple[publish.Staging, MkDocsConfig] | None = None
        self.result: Result | None = None
        #: the default language's result, whose hub the other languages' sites render
        self._validated: Result | None = None
        self._auto_nav: Any = None
        self._generated: dict[str, Page] = {}  # src_uri -> page, for this build
        self._live: search.LiveIndex | None = None  # the search index being made
        self._nav: Any = None
        self._nav_cache: nav_cache.NavCache | None = None
        #: seconds of this build spent in the plugin, per stage (see _log_spent)
        self._spent: dict[str, float] = {}
        self._edit_folders: dict[str, str] = {}  # folder -> its path from docs_dir
        #: `mkdocs serve`: what the last full build made pages with (config, files, nav,
        #: theme), so that an edit can rebuild only the pages it touches
        self._served: tuple[MkDocsConfig, Files, Any, Any] | None = None
        self._changes = _ChangeLog()
        self._reindex: threading.Thread | None = None
        self._reindexing = False  # under _reindex_lock, with _reindex_again
        self._reindex_again = False
        self._reindex_lock = threading.Lock()
        self._parsed: ParseCache = {}
        self.languages: list[str] = ["en"]
        self.default_language = "en"
        self.language = "en"

    # -- paths ------------------------------------------------------------------------

    def _root(self, config: MkDocsConfig) -> Path:
        return Path(config.config_file_path or ".").resolve().parent

    def _data_dir(self, config: MkDocsConfig) -> Path:
        return self._root(config) / self.config.data_dir

    def _templates_dir(self, config: MkDocsConfig) -> Path:
        return self._root(config) / self.config.templates_dir

    # -- events -----------------------------------------------------------------------

    # Defining on_startup also keeps this plugin object across `mkdocs serve` rebuilds.
    def on_startup(self, *, command: str, dirty: bool) -> None:
        self.command = command
        self.dirty = dirty

    def on_shutdown(self) -> None:
        """The end of `mkdocs build` (every language's site) or `mkdocs serve`: the
        Pagefind process they shared can go."""
        search.stop_service()

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig | None:
        if not self.config.enabled:
            return None
        self._setup_languages(config)
        self._stage(config)
        try:
            build_date(self.config.today)
        except ValueError:
            raise PluginError(f"playbook: 'today' must be a date YYYY-MM-DD, found "
                              f"'{self.config.today}'") from None
        for ext in EXTENSIONS:
            if ext not in config.markdown_extensions:
                config.markdown_extensions.append(ext)
        if CSS not in config.extra_css:
            config.extra_css.append(CSS)
        if JS not in [str(s) for s in config.extra_javascript]:
            config.extra_javascript.append(JS)
        if self.config.search:
            self._quiet_theme_search(config)
        self._versions_only_in_mike(config)
        return config

    def _quiet_theme_search(self, config: MkDocsConfig) -> None:
        """Keep Material's search plugin for its box, but not its lunr index.

        The box only shows while the theme's `search` plugin is enabled; its index (every
        page's text, parsed again and written as one JSON file) is replaced by Pagefind's,
        so building it would only cost time. Its other events stay.
        """
        theme_search = config.plugins.get("material/search") or config.plugins.get("search")
        if theme_search is None:
            self._add_theme_search(config)
            return
        for event in ("page_context", "post_build"):
            handlers = config.plugins.events.get(event, [])
            config.plugins.events[event] = [
                h for h in handlers if getattr(h, "__self__", None) is not theme_search]

    def _add_theme_search(self, config: MkDocsConfig) -> None:
        """`plugins: [playbook]` alone gives a search box: Material shows its box only while
        its `search` plugin is listed, so list one, set up but with no event of its own
        (its index is Pagefind's, as above)."""
        if config.theme.name != "material":
            return
        from material.plugins.search.plugin import SearchPlugin

        theme_search = SearchPlugin()
        errors, warnings = theme_search.load_config({}, config.config_file_path)
        for _, problem in errors + warnings:  # pragma: no cover - an empty config is valid
            log.warning("playbook: the theme's search box: %s", problem)
        theme_search.on_config(config)
        # A plain dict entry, not the collection's __setitem__: no events are registered.
        dict.__setitem__(config.plugins, "material/search", theme_search)

    @staticmethod
    def _versions_only_in_mike(config: MkDocsConfig) -> None:
        """Material's version selector fetches `versions.json`, which only a mike deploy
        publishes: without one (`mkdocs serve`, a plain build) every page would ask for a
        missing file. mike names the version it builds in MIKE_DOCS_VERSION."""
        version = config.extra.get("version")
        if isinstance(version, dict) and version.get("provider") == "mike" \
                and not os.environ.get("MIKE_DOCS_VERSION"):
            log.debug("playbook: no mike deploy, so no version selector")
            config.extra.pop("version")

    # -- the last good site stays until a new one is complete ----------------------------

    def _stage(self, config: MkDocsConfig) -> None:
        """Build into a folder beside site_dir, and put it in place only once complete.

        MkDocs empties site_dir as a build starts; a build that then fails (a broken page,
        a warning under --strict, a failed search index) would leave half a site. While
        this build runs, `config.site_dir` is `<site_dir>.playbook-new`, where every
        plugin's files go; the last handler of on_post_build puts it in place of site_dir
        and gives `config.site_dir` its own value back, so that what runs after the build
        (`gh-deploy` pushing the site, say) finds it there. A failure removes the new
        folder, and the last good site stays as it was.
        """
        self.staging = None
        if self.command not in ("build", "gh-deploy") or os.environ.get(BUILD_LANGUAGE):
            return  # serve builds into a temporary folder; a language's build into ours
        staging = publish.Staging(Path(config.site_dir))
        config.site_dir = str(staging.begin())
        self.staging = (staging, config)

    def _publish(self) -> None:
        if self.staging is None:
            return
        staging, config = self.staging
        self.staging = None
        staging.publish()
        config.site_dir = str(staging.site)

    def on_build_error(self, *, error: Exception) -> None:
        if self._live is not None:
            self._live.close()
            self._live = None
        if self.staging is not None:
            staging, config = self.staging
            self.staging = None
            staging.discard()
            config.site_dir = str(staging.site)

    # -- one site per language ----------------------------------------------------------

    def _setup_languages(self, config: MkDocsConfig) -> None:
        """This build's language, the theme's language for it, and the language switcher.

        A hub with `languages: [en, ur]` builds the default language at the site root and
        each other one under `/<lang>/`, by running this same build again for it (see
        on_post_build); this build knows which it is from PLAYBOOK_BUILD_LANGUAGE.
        """
        hub = read_hub(self._data_dir(config))
        self.languages = list(hub.languages) if hub is not None else ["en"]
        self.default_language = self.languages[0]
        self.language = os.environ.get(BUILD_LANGUAGE) or self.default_language
        if self.language not in self.languages:
            self.language = self.default_language
        if len(self.languages) < 2 or not self._all_languages():
            return
        if self.language != self.default_language:
            config.theme["language"] = self.language
            if hub is not None and hub.name.has(self.language, self.default_language):
                # The theme prints site_name as HTML: the hub's name is text.
                config.site_name = html.escape(hub.name.get(self.language,
                                                            self.default_language))
        up = "" if self.language == self.default_language else "../"
        config.extra["alternate"] = [
            {"name": own_name(lang), "lang": lang,
             "link": "./" if lang == self.language else
             (f"{up}./" if lang == self.default_language else f"{up}{lang}/")}
            for lang in self.languages]

    def _all_languages(self) -> bool:
        return self.command != "serve" or self.config.serve_all_languages

    def _build_other_languages(self, config: MkDocsConfig) -> None:
        from mkdocs.commands.build import build
        from mkdocs.config import load_config

        site = Path(config.site_dir)
        # MkDocs gives the nested build this same plugin object (it defines on_startup):
        # keep this build's state and give it back afterwards.
        saved = dict(self.__dict__)
        for lang in self.languages[1:]:
            os.environ[BUILD_LANGUAGE] = lang
            try:
                overrides: dict[str, Any] = {"site_dir": str(site / lang)}
                if config.site_url:
                    overrides["site_url"] = config.site_url.rstrip("/") + f"/{lang}/"
                log.info("playbook: building the %s site into %s/", lang, lang)
                build(load_config(config.config_file_path, **overrides))
            finally:
                os.environ.pop(BUILD_LANGUAGE, None)
                self.__dict__.clear()
                self.__dict__.update(saved)

    # Validate before MkDocs empties site_dir (right after on_pre_build), so a broken
    # playbook never wipes the last good site. Rendering happens here too, for the same
    # reason: a template error must not leave an empty site behind.
    def on_pre_build(self, *, config: MkDocsConfig) -> None:
        if not self.config.enabled:
            return
        self._served = None
        self._spent = {}
        GeneratedPage.seconds = 0.0
        validated = self._validated if os.environ.get(BUILD_LANGUAGE) else None
        if validated is not None:
            # Another language's site of the build that has loaded and validated the hub,
            # and reported what it found: render only, and say nothing twice.
            if self.config.search:
                self._warm_up_search(validated.playbook)
            result = render_valid(validated, self._options(config))
        else:
            result = run(self._data_dir(config), Path(config.docs_dir), self._root(config),
                         self._options(config), cache=self._parse_cache(),
                         on_loaded=self._warm_up_search if self.config.search else None)
            self._log_issues(result)
            self._validated = result if result.report.ok else None
        if not result.report.ok:
            self.result = None
            raise PluginError("playbook: " + str(PlaybookError(
                result.report, f"cannot build the hub from {self.config.data_dir}/")))
        self.result = result
        if validated is not None:
            log.info("playbook: %d pages in %s (render %.2f s)", len(result.pages),
                     self.language, result.seconds.get("render", 0.0))
            return
        log.info("playbook: %d pages from %d files in %s/ (load %.2f s, validate %.2f s, "
                 "render %.2f s)", len(result.pages), len(result.playbook.sources) + 1,
                 self.config.data_dir, result.seconds["load"], result.seconds["validate"],
                 result.seconds.get("render", 0.0))

    def _warm_up_search(self, playbook: Any) -> None:
        """Pagefind loads the word segmenters the pages need while the pages render."""
        languages = {self.language} | {item.language or ""
                                       for item in playbook.collateral.values()}
        try:
            search.warm_up(languages)
        except search.SearchError as exc:  # the index itself will say what is wrong
            log.debug("playbook: search warm-up: %s", exc)

    def _parse_cache(self) -> ParseCache | None:
        """`mkdocs serve` parses again only the files that changed since the last run."""
        return self._parsed if self.command == "serve" else None

    def _options(self, config: MkDocsConfig) -> RenderOptions:
        serving = self.command == "serve"
        return RenderOptions(
            language=self.language,
            today=build_date(self.config.today),
            use_directory_urls=config.use_directory_urls,
            templates_dir=self._templates_dir(config),
            markdown_extensions=list(config.markdown_extensions),
            markdown_configs=dict(config.mdx_configs or {}),
            changes_since=self.config.changes_since,
            history=self.config.history,
            # Processes are forked only while no other thread runs (`mkdocs serve` starts
            # its server and watcher after its first build), and only on Linux (macOS's
            # system libraries are not fork-safe).
            workers=_cores() if threading.active_count() == 1
            and sys.platform.startswith("linux") else 1,
            # In `mkdocs serve`, what each page shows is noted, to render again only
            # what an edit touches.
            record=serving,
            allowed_hosts=tuple(self.config.allowed_hosts),
        )

    def _log_issues(self, result: Result) -> None:
        for issue in result.report:
            if issue.severity is Severity.ERROR:
                continue
            level = logging.INFO if (issue.severity is Severity.INFO
                                     or issue.code in INFO_IN_BUILD) else logging.WARNING
            log.log(level, "playbook: %s", issue.format())

    # Late (-50) so hand-written files other plugins add are known when checking clashes,
    # and above -100 so plugins such as literate-nav still see the generated pages.
    @event_priority(-50)
    @_timed("files")
    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files | None:
        if not self.config.enabled or self.result is None:
            return None
        self._overlay_translations(files, config)
        self._generated = {}
        self._edit_folders = {}
        for page in self.result.pages:
            existing = files.get_file_from_path(page.path)
            if existing is not None:
                docs = os.path.relpath(config.docs_dir, self._root(config))
                log.warning(
                    "playbook: %s/%s replaces the generated page of the same path; "
                    "to change a generated page, override its template in %s/ instead",
                    Path(docs).as_posix(), page.path, self.config.templates_dir)
                continue
            files.append(self._file(page, config))
            self._generated[page.path] = page
        for name, path in ((CSS, "playbook.css"), (JS, "playbook.js"),
                           (MERMAID, "vendor/mermaid.min.js")):
            if files.get_file_from_path(name) is None:
                files.append(File.generated(config, name, abs_src_path=str(ASSETS / path)))
        if self.config.search and files.get_file_from_path(FACETS) is None:
            files.append(File.generated(config, FACETS, content=json.dumps(
                search.facets(self.result.playbook), ensure_ascii=False)))
        self._set_nav(files, config)
        return files

    def _overlay_translations(self, files: Files, config: MkDocsConfig) -> None:
        """Hand-written pages in `<docs>/<lang>/` are that language's versions of the pages
        at the same path; the other languages' folders are left out of each site."""
        others = [lang for lang in self.languages if lang != self.default_language]
        if not others:
            return
        for file in list(files):
            head, _, rest = file.src_uri.partition("/")
            if head not in others or not rest:
                continue
            files.remove(file)
            if head == self.language:
                existing = files.get_file_from_path(rest)
                if existing is not None:
                    files.remove(existing)
                files.append(File.generated(config, rest, abs_src_path=file.abs_src_path))

    def _file(self, page: Page, config: MkDocsConfig) -> File:
        inclusion = InclusionLevel.INCLUDED if page.in_nav else InclusionLevel.NOT_IN_NAV
        # The page's own body (HTML, or a Markdown override's Markdown): GeneratedPage
        # takes it from the page, so no Markdown file is made for each one.
        file = File.generated(config, page.path, content=page.content, inclusion=inclusion)
        if page.source is not None:
            # "Edit this page" opens the YAML the page is made from.
            folder, name = os.path.split(page.source)
            relative = self._edit_folders.get(folder)
            if relative is None:  # one relpath per folder, not per page
                relative = self._edit_folders[folder] = Path(
                    os.path.relpath(folder, config.docs_dir)).as_posix()
            file.edit_uri = name if relative == "." else f"{relative}/{name}"
        return file

    def _set_nav(self, files: Files, config: MkDocsConfig) -> None:
        """Give the index pages a nav section unless the hub's own `nav` lists them."""
        section = {gettext(self.language, self.config.nav_section): [
            {gettext(self.language, INDEX_TITLES[kind]): path}
            for kind, path in INDEX_PAGES.items()]}
        if config.nav is None or config.nav is self._auto_nav:
            ours = {p.path for p in self.result.pages} if self.result else set()
            pages = sorted((f for f in files.documentation_pages()
                            if f.src_uri not in ours and f.inclusion.is_in_nav()),
                           key=file_sort_key)
            config.nav = nest_paths(f.src_uri for f in pages) + [section]
            self._auto_nav = config.nav
        elif not _mentions(config.nav, set(INDEX_PAGES.values())):
            config.nav = list(config.nav) + [section]

    @_timed("pages")
    def on_pre_page(self, page: MkDocsPage, *, config: MkDocsConfig,
                    files: Files) -> MkDocsPage | None:
        generated = self._generated.get(page.file.src_uri) if self.config.enabled else None
        if generated is not None and not generated.is_markdown \
                and page.file.generated_by == "playbook":
            GeneratedPage.adopt(page, generated)
        return page

    @_timed("pages")
    def on_page_content(self, html: str, *, page: Any, config: MkDocsConfig,
                        files: Files) -> str | None:
        """Clean the HTML a hub's Markdown override made: its text comes from hub YAML.
        (The HTML pages of the core are clean already: escaped, Markdown fields cleaned.)"""
        if isinstance(page, GeneratedPage) or page.file.generated_by != "playbook" \
                or not self.config.enabled:
            return None
        return sanitize.clean(html, self.config.allowed_hosts, page=sanitize.PAGE)

    @_timed("pages")
    def on_post_page(self, output: str, *, page: Any, config: MkDocsConfig) -> str | None:
        """Mark the article for search (read from disk in a dirty build) and give pages in
        Japanese, Chinese or Thai their language; load the bundled Mermaid on pages with a
        diagram."""
        if not self.config.enabled:
            return None
        output = self._mark_for_search(output, page)
        if 'class="mermaid' in output:
            output = self._load_mermaid(output, page)
        return output

    # Last, once every page has its content: the search index is made from the articles
    # while MkDocs puts them into the theme, on the machine's other core.
    @event_priority(-100)
    @_timed("search")
    def on_env(self, env: Any, *, config: MkDocsConfig, files: Files) -> Any:
        if not self.config.enabled:
            return env
        if self.config.nav_cache:
            self._install_nav_cache(env)
        if self.command == "serve":
            self._served = (config, files, self._nav, env)
        if not self.config.search or self.dirty:
            return env
        try:
            self._live = self._index_pages(config, files)
        except search.SearchError as exc:
            raise PluginError(f"playbook: search: {exc}") from None
        return env

    def _install_nav_cache(self, env: Any) -> None:
        spec = importlib.util.find_spec("material")
        if spec is None or spec.origin is None or self._nav is None:
            return
        urls: set[str] = set()
        items = list(self._nav.items)
        while items:
            item = items.pop()
            url = getattr(item, "url", None)
            if url is not None:
                urls.add(str(url))
            items.extend(getattr(item, "children", None) or ())
        self._nav_cache = nav_cache.install(
            env, urls, lambda page: page.file.generated_by == "playbook",
            Path(spec.origin).parent / "templates")

    def _index_pages(self, config: MkDocsConfig, files: Files) -> search.LiveIndex:
        """Hand every page's article to a new Pagefind index, and start writing it."""
        live = search.LiveIndex(Path(config.site_dir))
        theme_language = str(config.theme.get("language") or "en")
        for file in files.documentation_pages(inclusion=InclusionLevel.is_included):
            page = file.page
            if page is None or page.content is None or _search_excluded(page):
                continue
            language = self._languages.get(file.src_uri)
            lang = language if search.needs_own_index(language) else theme_language
            live.add(file.dest_uri, search.document(str(page.title or ""), page.content, lang))
        live.start_writing()
        return live

    @_timed("files")
    def on_nav(self, nav: Any, *, config: MkDocsConfig, files: Files) -> Any:
        self._nav = nav
        return nav

    def _load_mermaid(self, output: str, page: Any) -> str:
        """Material fetches Mermaid from a CDN unless a global `mermaid` already exists,
        and a hub must work from a plain static host without internet: load ours first."""
        src = posixpath.relpath(MERMAID, posixpath.dirname(page.file.dest_uri) or ".")
        tag = f'<script src="{src}"></script>'
        bundle = re.search(r'<script src="[^"]*assets/javascripts/bundle\.[^"]*"', output)
        at = bundle.start() if bundle else output.rfind("</body>")
        if at < 0:
            return output + tag
        return output[:at] + tag + "\n" + output[at:]

    # After Material's search plugin has written its index (priority 0), which we replace.
    @event_priority(-50)
    def _on_post_build_site(self, *, config: MkDocsConfig) -> None:
        if not self.config.enabled:
            return
        if self._nav_cache is not None:
            log.debug("playbook: the navigation was reused for %d pages, rendered %d times",
                      self._nav_cache.hits, len(self._nav_cache.html))
        start = time.perf_counter()
        if self.config.search:
            self._index(config)
        self._spent["search"] = self._spent.get("search", 0.0) + time.perf_counter() - start
        # Then the other languages' sites, into sub-folders of this finished one.
        if self.language == self.default_language and len(self.languages) > 1:
            if self._all_languages():
                self._build_other_languages(config)
            else:
                log.info("playbook: serving %s only, for fast rebuilds; set "
                         "'serve_all_languages: true' to preview the other languages too",
                         self.default_language)

    # Last of all, so that what other plugins write after the build (Material's offline
    # plugin, at -100) goes into the new site too.
    @event_priority(-1000)
    def _on_post_build_publish(self, *, config: MkDocsConfig) -> None:
        if not self.config.enabled:
            return
        if config.strict and _warnings_counted():
            return  # MkDocs aborts next: on_build_error drops the new site
        start = time.perf_counter()
        self._publish()
        self._spent["files"] = self._spent.get("files", 0.0) + time.perf_counter() - start
        self._log_spent()

    on_post_build = CombinedEvent(_on_post_build_site, _on_post_build_publish)

    def _log_spent(self) -> None:
        """How long the plugin's own work took, all of it: the core (load, validate,
        render) and what the adapter does in MkDocs' events."""
        if self.result is None:
            return
        spent = {**self.result.seconds, **self._spent}
        spent["pages"] = spent.get("pages", 0.0) + GeneratedPage.seconds
        log.info("playbook: its own work took %.1f s of this build (%s)", sum(spent.values()),
                 ", ".join(f"{stage} {spent[stage]:.2f} s" for stage in (
                     "load", "validate", "render", "files", "pages", "search") if stage in spent))

    def _index(self, config: MkDocsConfig) -> None:
        live, self._live = self._live, None
        try:
            if live is None or live.site_dir != Path(config.site_dir):
                # a dirty build: the pages that did not change are only on disk
                live = search.LiveIndex(Path(config.site_dir))
                live.add_directory(Path(config.site_dir))
            done = live.finish()
        except search.SearchError as exc:
            raise PluginError(f"playbook: search: {exc}") from None
        log.info("playbook: search index of %d pages in %.1f s of the build (%.1f MB)",
                 done.pages, done.seconds, done.bundle_bytes / 1e6)

    def _mark_for_search(self, output: str, page: Any) -> str:
        """Index only the article; pages in Japanese, Chinese or Thai get their language."""
        output = output.replace('<article class="md-content__inner md-typeset">',
                                '<article class="md-content__inner md-typeset" '
                                'data-pagefind-body>', 1)
        language = self._languages.get(page.file.src_uri)
        if search.needs_own_index(language):
            output = re.sub(r'<html lang="[^"]*"', f'<html lang="{language}"', output, count=1)
        return output

    @property
    def _languages(self) -> dict[str, str | None]:
        """Page path -> the language of its entity, computed once per build."""
        if self.result is None:
            return {}
        cached = getattr(self, "_languages_of", None)
        if cached is None or cached[0] is not self.result:
            cached = (self.result, {p.path: p.language for p in self.result.pages if p.language})
            self._languages_of = cached
        return cached[1]

    def on_serve(self, server: Any, *, config: MkDocsConfig, builder: Any) -> Any:
        if not self.config.enabled:
            return server
        for path in (self._data_dir(config), self._templates_dir(config)):
            if path.is_dir():
                server.watch(str(path))
        # Note which files change, wherever the server looks, and answer an edit of
        # playbook files with an update of the pages it touches instead of a full build.
        if not (hasattr(server, "observer") and hasattr(server, "builder")):
            return server  # not MkDocs' own LiveReloadServer: full builds then
        # Our handler joins the server's own watches (no second poll of every file);
        # a change anywhere else leaves our list empty, which means a full build.
        handler = self._changes.handler()
        watches = getattr(server, "_watch_refs", None)
        if isinstance(watches, dict) and hasattr(server.observer, "add_handler_for_watch"):
            for watch in watches.values():
                server.observer.add_handler_for_watch(handler, watch)
        else:
            for path in getattr(server, "_watched_paths", {}):
                server.observer.schedule(handler, path, recursive=os.path.isdir(path))
        full_build = server.builder

        def build(config: MkDocsConfig | None = None) -> None:
            changed = self._changes.take()
            if config is None and changed and self._update(changed):
                return
            full_build() if config is None else full_build(config)

        server.builder = build
        return server

    def _update(self, changed: set[Path]) -> bool:
        """Render and build again only the pages an edit of playbook files touches;
        False when it takes a full build (another file changed, a file was added or
        removed, hub.yml changed, the playbook has errors now: the build reports them)."""
        from mkdocs.commands.build import _build_page, _populate_page

        if self._served is None or self.result is None or (
                len(self.languages) > 1 and self._all_languages()):
            return False  # (the other languages' sites are nested builds: build them all)
        config, files, nav, env = self._served
        data_dir = self._data_dir(config).resolve()
        edited = set()
        for path in map(Path.resolve, changed):
            if not path.is_relative_to(data_dir) or path.parent == data_dir:
                return False  # outside playbook/, or hub.yml
            if path.suffix in YAML_SUFFIXES:
                edited.add(path)
            # other files there (an editor's swap and backup files) are not the hub's
        if not edited:
            return True
        changed = edited
        start = time.perf_counter()
        options = self._options(config)
        new = run(self._data_dir(config), Path(config.docs_dir), self._root(config), options,
                  render_pages=False, cache=self._parse_cache())
        if not new.report.ok:
            return False
        wanted = pages_to_render(self.result.playbook, new.playbook, self.result.pages,
                                 changed)
        if wanted is None:
            return False
        fresh = Renderer(new.playbook, options).pages(new.report, only=wanted)
        if not new.report.ok:
            return False
        pages = {page.path: page for page in self.result.pages}
        updated = [page for page in fresh if pages.get(page.path) != page]
        served = [files.get_file_from_path(page.path) for page in updated]
        if not all(f is not None and isinstance(f.page, GeneratedPage) for f in served):
            return False  # not all ours (a Markdown override, a hand-written page)
        self._log_issues(new)
        pages.update((page.path, page) for page in fresh)
        self.result = Result(new.playbook, new.report, list(pages.values()), new.seconds)
        doc_files = files.documentation_pages(inclusion=InclusionLevel.is_in_serve)
        if self._nav_cache is not None:
            self._nav_cache.clear()
        for page, file in zip(updated, served):
            assert file is not None and isinstance(file.page, GeneratedPage)
            self._generated[page.path] = page
            file.page.generated = page
            _populate_page(file.page, config, files)
            _build_page(file.page, config, doc_files, nav, env)
        if self.config.search:
            Path(config.site_dir, FACETS).write_text(json.dumps(
                search.facets(new.playbook), ensure_ascii=False), encoding="utf-8")
            self._index_later(config, files)
        log.info("playbook: %d of %d pages updated in %.2f s (%d rendered again)",
                 len(updated), len(pages), time.perf_counter() - start, len(fresh))
        return True

    def _index_later(self, config: MkDocsConfig, files: Files) -> None:
        """Index the served site again in the background: pages show at once, and search
        finds their new text a moment later. An edit made while it runs has it run once
        more when done, rather than wait for it."""
        with self._reindex_lock:
            if self._reindexing:
                self._reindex_again = True
                return
            self._reindexing = True

        def index() -> None:
            while True:
                try:
                    self._index_pages(config, files).finish()
                except search.SearchError as exc:
                    log.warning("playbook: search: %s", exc)
                with self._reindex_lock:
                    if not self._reindex_again:
                        self._reindexing = False
                        return
                    self._reindex_again = False

        self._reindex = threading.Thread(target=index, name="playbook-search", daemon=True)
        self._reindex.start()


class _ChangeLog:
    """The files changed since the last build, as the file watcher reports them."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._paths: set[Path] = set()

    def handler(self) -> Any:
        import watchdog.events

        handler = watchdog.events.FileSystemEventHandler()

        def record(event: Any) -> None:
            if event.is_directory:
                return
            with self._lock:
                for path in (event.src_path, getattr(event, "dest_path", "")):
                    if path:
                        self._paths.add(Path(os.fsdecode(path)))

        handler.on_any_event = record  # type: ignore[method-assign]
        return handler

    def take(self) -> set[Path]:
        with self._lock:
            paths, self._paths = self._paths, set()
        return paths


def _cores() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def _search_excluded(page: MkDocsPage) -> bool:
    """Material's front matter `search: {exclude: true}` keeps a page out of search."""
    setting = page.meta.get("search") if isinstance(page.meta, dict) else None
    return isinstance(setting, dict) and bool(setting.get("exclude"))


def _warnings_counted() -> bool:
    """Whether MkDocs counted warnings, which under --strict abort the build."""
    return any(isinstance(h, CountHandler) and h.get_counts()
               for h in logging.getLogger("mkdocs").handlers)


def _mentions(nav: Any, paths: set[str]) -> bool:
    if isinstance(nav, str):
        return nav in paths
    if isinstance(nav, dict):
        return any(_mentions(v, paths) for v in nav.values())
    if isinstance(nav, list):
        return any(_mentions(v, paths) for v in nav)
    return False
