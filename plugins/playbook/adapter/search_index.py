"""The site's Pagefind index: each page's article handed over once it has its content (at
on_env), written on the machine's other core while MkDocs puts pages into the theme, and
finished at post_build."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Callable

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import Files, InclusionLevel

from .. import search
from ..pagefind import LiveIndex, Pagefind, SearchError, warm_up as pagefind_warm_up
from .pages import search_excluded
from .state import Build

log = logging.getLogger("mkdocs.plugins.playbook")


def start(build: Build, config: MkDocsConfig, files: Files, pagefind: Pagefind,
          pause: Callable[[], None] | None = None) -> LiveIndex:
    """Hand every page's article to a new Pagefind index, and start writing it. ``pause``:
    see :class:`LiveIndex` (an index given up is freed)."""
    live = LiveIndex(Path(config.site_dir), pagefind, pause=pause)
    theme_language = str(config.theme.get("language") or "en")
    languages = build.page_languages()
    try:
        for file in files.documentation_pages(inclusion=InclusionLevel.is_included):
            page = file.page
            if page is None or page.content is None or search_excluded(page):
                continue
            language = languages.get(file.src_uri)
            lang = language if search.needs_own_index(language) else theme_language
            live.add(file.dest_uri, search.document(str(page.title or ""), page.content,
                                                    lang))
        live.start_writing()
    except BaseException:
        live.close()
        raise
    return live


def finish(build: Build, config: MkDocsConfig, pagefind: Pagefind) -> None:
    """Write the rest of the index (all of it, in a dirty build: the pages that did not
    change are only on disk)."""
    live, build.live = build.live, None
    try:
        if live is None or live.site_dir != Path(config.site_dir):
            live = LiveIndex(Path(config.site_dir), pagefind)
            live.add_directory(Path(config.site_dir))
        done = live.finish()
    except SearchError as exc:
        raise PluginError(f"playbook: search: {exc}") from None
    log.info("playbook: search index of %d pages in %.1f s of the build (%.1f MB)",
             done.pages, done.seconds, done.bundle_bytes / 1e6)


def warm_up(build: Build, playbook: object, pagefind: Pagefind) -> None:
    """Pagefind loads the word segmenters the pages need while the pages render."""
    languages = {build.language} | {  # (of every entity in a language of its own)
        getattr(item, "language", None) or ""
        for entities in playbook.entities.values()  # type: ignore[attr-defined]
        for item in entities.values()}
    try:
        pagefind_warm_up(pagefind, languages)
    except SearchError as exc:  # the index itself will say what is wrong
        log.debug("playbook: search warm-up: %s", exc)
