"""The `playbook` plugin: MkDocs' events, each handing the work to the module that does it.

The order of a build: on_config (this build's state, languages, theme, staging), on_pre_build
(the core loads, validates and renders before MkDocs empties site_dir, so a broken hub
never wipes the last good site), on_files and on_nav (the generated pages and their nav
section), the page events (generated pages skip Markdown; HTML marks for search), on_env
(search starts indexing), on_post_build (search finished, the other languages' sites, then
the new site put in place).
"""

from __future__ import annotations

import contextlib
import logging
import time
from pathlib import Path
from typing import Any, Callable, Iterator

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import Abort, PluginError
from mkdocs.plugins import BasePlugin, CombinedEvent, event_priority
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page as MkDocsPage

from .. import (data_export, feeds, parallel, publish, render_cache, sanitize, site_plan,
               start, template_cache)
from ..diagnostics import relpath
from ..load import read_hub
from ..pagefind import SearchError
from ..pipeline import build_date, render_valid, run
from ..render_options import RenderOptions
from . import (editor, internals, issues, languages, nav_cache, offline, page_html, pages,
               search_index, theme)
from .options import PlaybookConfig
from .serve import Session
from .state import Build
from .timing import log_render, log_spent, timed

log = logging.getLogger("mkdocs.plugins.playbook")


class PlaybookPlugin(BasePlugin[PlaybookConfig]):
    supports_multiple_instances = False

    def __init__(self) -> None:
        self.command: str | None = None  # build, gh-deploy or serve
        self.dirty = False  # --dirty: only changed pages are built
        self.build = Build()  # this build's state
        self._next: Build | None = None  # the state of the nested build about to start
        self.session = Session()  # what `mkdocs serve` keeps between builds

    # -- paths and settings -------------------------------------------------------------

    def root(self, config: MkDocsConfig) -> Path:
        return Path(config.config_file_path or ".").resolve().parent

    def data_dir(self, config: MkDocsConfig) -> Path:
        return self.root(config) / self.config.data_dir

    def templates_dir(self, config: MkDocsConfig) -> Path:
        return self.root(config) / self.config.templates_dir

    def all_languages(self) -> bool:
        return self.command != "serve" or self.config.serve_all_languages

    def render_options(self, config: MkDocsConfig) -> RenderOptions:
        return RenderOptions(
            language=self.build.language,
            today=build_date(self.config.today),
            use_directory_urls=config.use_directory_urls,
            templates_dir=self.templates_dir(config),
            trust_templates=self.config.trust_templates,
            markdown_extensions=list(config.markdown_extensions),
            markdown_configs=dict(config.mdx_configs or {}),
            changes_since=self.config.changes_since,
            history=self.config.history,
            workers=parallel.workers(),
            # (what each page shows is noted to render again only what an edit touches:
            # `mkdocs serve` keeps its renders, a build its pages in the hub's .cache)
            record=self.command == "serve",
            kept=render_cache.RenderCache.of(self.root(config))
            if self.command != "serve" and self.config.build_cache else None,
            allowed_hosts=tuple(self.config.allowed_hosts),
            environments=self.session.environments,
            kept_paths=self.session.kept_paths,
            editor={} if self.config.editor else None,
        )

    # -- events -------------------------------------------------------------------------

    # Defining on_startup also keeps this plugin object across `mkdocs serve` rebuilds.
    def on_startup(self, *, command: str, dirty: bool) -> None:
        self.command = command
        self.dirty = dirty

    def on_shutdown(self) -> None:
        """The end of `mkdocs build` (every language's site) or `mkdocs serve`: the
        Pagefind process they shared can go."""
        self.session.close()

    @event_priority(100)  # (before the search plugin's)
    def _on_config_theme(self, config: MkDocsConfig) -> None:
        if self.config.enabled:
            theme.share_compiled_templates(config)
            template_cache.keep_for(self.root(config) if self.config.build_cache else None)

    def _on_config(self, config: MkDocsConfig) -> MkDocsConfig | None:
        if not self.config.enabled:
            return None
        try:
            build_date(self.config.today)
        except ValueError:
            raise PluginError(f"playbook: 'today' must be a date YYYY-MM-DD, found "
                              f"'{self.config.today}'") from None
        self._start_build(config)
        theme.add_assets(config, offline=self.config.offline)
        if self.config.search:
            theme.keep_search_box(config)
        theme.versions_only_in_mike(config, self.build)
        theme.no_mermaid_from_a_cdn(config)
        return config

    on_config = CombinedEvent(_on_config_theme, _on_config)

    def _start_build(self, config: MkDocsConfig) -> None:
        """A fresh state for this build (the one a nested build was given, if it is one),
        its languages, and where it writes until it is complete."""
        build, self._next = self._next or Build(), None
        hub = read_hub(self.data_dir(config), self.root(config))
        if not build.nested:
            build.languages = list(hub.languages) if hub is not None else ["en"]
            build.language = build.default_language
        self.build = build
        languages.set_up(build, config, hub, self.all_languages(), relpath(
            self.data_dir(config) / "hub.yml", self.root(config)))
        if self.command in ("build", "gh-deploy") and not build.nested:
            # (serve builds into a temporary folder; a language's build into ours)
            staging = publish.Staging(Path(config.site_dir))
            try:
                config.site_dir = str(staging.begin())
            except publish.PublishError as exc:
                raise PluginError(f"playbook: {exc}") from None
            build.staging = (staging, config)

    @contextlib.contextmanager
    def _nested(self, build: Build) -> Iterator[None]:
        """Give the next build MkDocs starts ``build`` as its state; come back to this
        build's own afterwards."""
        outer, self._next = self.build, build
        try:
            yield
        finally:
            self.build, self._next = outer, None

    # Last (-100), after every other plugin has cleaned up: a refused write then ends the
    # build with a message instead of a traceback.
    @event_priority(-100)
    def on_build_error(self, *, error: Exception) -> None:
        self.session.kept_pages = None
        pages.cancel_later_files(self.build)
        self.build.abandon()
        if isinstance(error, OSError):  # a full disk, a folder that may not be written
            what = f" {error.filename}" if error.filename else ""
            log.error("playbook: cannot write or read%s: %s; the last good site is left as "
                      "it was", what, error.strerror or error)
            raise Abort("Aborted: the site could not be written.") from None

    # Validate before MkDocs empties site_dir (right after on_pre_build), so a broken
    # playbook never wipes the last good site. Rendering happens here too, for the same
    # reason: a template error must not leave an empty site behind.
    def on_pre_build(self, *, config: MkDocsConfig) -> None:
        if not self.config.enabled:
            return
        if self.config.search:
            theme.no_worker_shim(config)  # (after every plugin's on_config)
        build = self.build
        self.session.served = None
        build.spent = {}
        pagefind = self.session.pagefind
        warm_up = (lambda pb: search_index.warm_up(build, pb, pagefind)) \
            if self.config.search else None
        options = self.render_options(config)
        if build.validated is not None:
            # Another language's site of the build that has loaded and validated the hub,
            # and reported what it found: render only, and say nothing twice.
            if warm_up is not None:
                warm_up(build.validated.playbook)
            result = render_valid(build.validated, options)
        else:
            result = run(self.data_dir(config), Path(config.docs_dir), self.root(config), options,
                         cache=self.session.parsed if self.command == "serve" else None,
                         on_loaded=warm_up, max_yaml_bytes=self.config.max_yaml_bytes)
            issues.log_issues(result)
        if self.command == "serve" and not build.nested:
            result = self.session.preview(result)  # (errors: shown on the pages)
            if result is None:
                build.use(None)
                return
        if not result.report.ok:
            build.use(None)
            issues.stop_on_errors(result, self.config.data_dir)
        build.use(result)
        log_render(result, build.language if build.nested else None, self.config.data_dir,
                   render_cache.said(options.kept) + parallel.one_process(len(result.pages)))

    # Early (50): plugins that list the pages in their own on_files (redirects) find ours.
    @event_priority(50)
    @timed("files")
    def _on_files_pages(self, files: Files, *, config: MkDocsConfig) -> Files | None:
        build = self.build
        if not self.config.enabled or build.result is None:
            return None
        pages.overlay_translations(build, files, config)
        pages.add_pages(build, files, config, self.root(config), self.config.templates_dir)
        return files

    # Late (-50), so that a page another plugin adds at the path of one of ours is known (it
    # wins, as a hand-written one does), and above -100 so that plugins such as
    # literate-nav still see the generated pages.
    @event_priority(-50)
    @timed("files")
    def _on_files_rest(self, files: Files, *, config: MkDocsConfig) -> Files | None:
        build = self.build
        if not self.config.enabled or build.result is None:
            return None
        pages.drop_replaced(build, files, self.config.templates_dir)
        pages.add_site_files(files, config, self.config.offline)
        if self.config.search:
            theme.drop_lunr(files, config)
        pages.add_data_files(build, files, config, self.data_files(config))
        if self.config.editor and not build.nested:
            editor.add_files(build, files, config, self.config.editor, site_plan.PACKAGE_ASSETS,
                             self.config.data_dir)
        pages.set_nav(build, files, config, self.config.nav_section)
        return files

    # Then the generated pages' articles go to search, parsed while MkDocs builds.
    @event_priority(-60)
    @timed("search")
    def _on_files_search(self, files: Files, *, config: MkDocsConfig) -> None:
        if self.config.search and self.build.result is not None and not self.dirty \
                and self.command != "serve":
            search_index.start_early(self.build, config, files, self.session.pagefind)

    on_files = CombinedEvent(_on_files_pages, _on_files_rest, _on_files_search)

    def data_files(self, config: MkDocsConfig) -> dict[str, Callable[[], str]]:
        """The data beside the pages, each with what makes it (data_export.published)."""
        build = self.build
        return data_export.published(
            build.result.playbook, build_date(self.config.today), config.use_directory_urls,
            build.language, whole_hub=not build.nested, search=self.config.search,
            history=self.config.history, changes_since=self.config.changes_since,
            site_url=config.site_url or "", offline=self.config.offline)

    @timed("files")
    def on_nav(self, nav: Any, *, config: MkDocsConfig, files: Files) -> Any:
        self.build.nav = nav
        if self.config.enabled:
            pages.kind_sections(self.build, nav)
        return nav

    @timed("pages")
    def on_pre_page(self, page: MkDocsPage, *, config: MkDocsConfig,
                    files: Files) -> MkDocsPage | None:
        generated = self.build.generated.get(page.file.src_uri) if self.config.enabled \
            else None
        if generated is not None and pages.is_generated(page):
            if not generated.is_markdown:
                pages.GeneratedPage.adopt(page, generated, self.build)
            pages.place(self.build, page)
        return page

    @timed("pages")
    def on_page_content(self, html: str, *, page: Any, config: MkDocsConfig,
                        files: Files) -> str | None:
        """Clean the HTML a hub's Markdown override made: its text comes from hub YAML.
        (The HTML pages of the core are clean already: escaped, Markdown fields cleaned.)"""
        if isinstance(page, pages.GeneratedPage) or not pages.is_generated(page) \
                or not self.config.enabled:
            return None
        return sanitize.clean(html, self.config.allowed_hosts, page=sanitize.PAGE)

    @timed("pages")
    def on_post_page(self, output: str, *, page: Any, config: MkDocsConfig) -> str | None:
        """Mark the article for search (read from disk in a dirty build) and give pages in
        Japanese, Chinese or Thai their language; name the theme's breadcrumbs and search
        dialog, the page's feeds and the hub it belongs to; load the bundled Mermaid on pages
        with a diagram; under `mkdocs serve`, show the hub's errors."""
        if not self.config.enabled:
            return None
        build = self.build
        if self.command == "serve" and self.session.problems:
            output = page_html.show_problems(output, self.session.problems,
                                             kept=build.result is not None)
        output = page_html.mark_for_search(
            output, build.page_languages().get(page.file.src_uri), pages.is_generated(page),
            indexed=not pages.search_excluded(page))
        if build.result is not None:
            words = build.result.playbook.words(build.language)
            own = feeds.for_page(page.file.src_uri) if self.config.history else []
            output = page_html.link_feeds(output, page, own, words("What changed"))
            output = page_html.name_landmarks(output, words("Breadcrumbs"), words("Search"))
            output = page_html.mark_hub(output, page, build.hub_key(), start.default_site(
                build.language, build.default_language), build.mike_version, words)
        return page_html.load_mermaid(output, page)

    # Last, once every page has its content: the other pages' articles to search.
    @event_priority(-100)
    @timed("search")
    def on_env(self, env: Any, *, config: MkDocsConfig, files: Files) -> Any:
        if not self.config.enabled:
            return env
        template_cache.share(env)  # (the theme's templates as the last build compiled them)
        build = self.build
        build.files = files
        if self.config.nav_cache:
            build.nav_cache = nav_cache.for_build(env, build.nav, pages.is_generated)
        if self.config.build_cache:
            self.session.keep_pages(env, self.root(config), build.nested)
        if self.command == "serve":
            self.session.served = (config, files, build.nav, env)
        if not self.config.search or self.dirty:
            return env
        try:
            build.live = search_index.start(build, config, files, self.session.pagefind)
        except SearchError as exc:
            raise PluginError(f"playbook: search: {exc}") from None
        return env

    # First of all: the data files made while the pages were written are in place before
    # other plugins and hooks read the site, or write a file of the same name, in theirs.
    @event_priority(100)
    @timed("files")
    def _on_post_build_data(self, *, config: MkDocsConfig) -> None:
        if self.config.enabled and self.build.files is not None:
            pages.write_later_files(self.build, self.build.files)

    # After Material's search plugin has written its index (priority 0), which we replace.
    @event_priority(-50)
    def _on_post_build_site(self, *, config: MkDocsConfig) -> None:
        if not self.config.enabled:
            return
        build = self.build
        if build.nav_cache is not None:
            log.debug("playbook: the navigation was reused for %d pages, rendered %d times",
                      build.nav_cache.hits, len(build.nav_cache.html))
        if self.config.search:
            start = time.perf_counter()
            search_index.finish(build, config, self.session.pagefind)
            build.spend("search", time.perf_counter() - start)
        if self.config.offline and build.result is not None:
            offline.write_list(build, config, self.config.offline_max_file_mb)
        # Then the other languages' sites, into sub-folders of this finished one.
        if not build.nested and len(build.languages) > 1:
            if self.all_languages():
                languages.build_others(build, config, self._nested)
            else:
                log.info("playbook: serving %s only, for fast rebuilds; set "
                         "'serve_all_languages: true' to preview the other languages too",
                         build.default_language)

    # Last of all, so that what other plugins write after the build (Material's offline
    # plugin, at -100) goes into the new site too.
    @event_priority(-1000)
    @timed("files")
    def _on_post_build_publish(self, *, config: MkDocsConfig) -> None:
        if not self.config.enabled:
            return
        build = self.build
        if config.strict and internals.warnings_counted():
            return  # MkDocs aborts next: on_build_error drops the new site
        if not build.nested:  # (every language's site is made)
            self.session.account_kept_pages(save=self.command != "serve")
            template_cache.save_kept()
        if build.staging is not None:
            staging, staged_config = build.staging
            build.staging = None
            staged_config.site_dir = str(staging.site)
            try:
                staging.publish()
            except publish.PublishError as exc:
                raise PluginError(f"playbook: {exc}") from None

    @event_priority(-1001)
    def _on_post_build_account(self, *, config: MkDocsConfig) -> None:
        if self.config.enabled and self.build.result is not None:
            log_spent(self.build.result.seconds, self.build.spent)

    on_post_build = CombinedEvent(_on_post_build_data, _on_post_build_site,
                                  _on_post_build_publish,
                                  _on_post_build_account)

    def on_serve(self, server: Any, *, config: MkDocsConfig, builder: Any) -> Any:
        if not self.config.enabled:
            return server
        return self.session.watch(self, server, config)

