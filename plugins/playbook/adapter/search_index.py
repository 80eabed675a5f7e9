"""The site's Pagefind index: each page's article handed over once it has its content,
written on the machine's other core while MkDocs builds, and finished at post_build.

The generated pages have theirs from the start: they are handed over as soon as MkDocs
has the site's files (:func:`start_early`, at on_files), so Pagefind parses them while
MkDocs reads and converts the hand-written pages and puts every page into the theme (a
build again of a large hub takes most pages as kept, and waited seconds for the index at
its end). The others follow at on_env (:func:`start`), when MkDocs has their content; a
generated page whose title or article another plugin changed meanwhile has the index made
again from every page as it is then."""

from __future__ import annotations

import html
import logging
from pathlib import Path
from typing import Callable

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import Files, InclusionLevel

from .. import search
from ..page_marks import excluded_from_search
from ..pagefind import LiveIndex, Pagefind, SearchError, warm_up as pagefind_warm_up
from .pages import search_excluded
from .state import Build

log = logging.getLogger("mkdocs.plugins.playbook")


def start_early(build: Build, config: MkDocsConfig, files: Files, pagefind: Pagefind) -> None:
    """Hand the generated pages' articles to a new index (``build.live``) now, each as
    :func:`start` would hand it: its title as the theme prints it, and the article the
    plugin made (a hub's Markdown override, converted by MkDocs later, waits for it)."""
    live = LiveIndex(Path(config.site_dir), pagefind)
    fed: dict[str, tuple[str, str]] = {}
    try:
        for path, made in build.generated.items():
            file = files.get_file_from_path(path)
            if made.is_markdown or file is None or excluded_from_search(made.meta) or \
                    not InclusionLevel.is_included(file.inclusion):
                continue
            title = html.escape(made.title)  # (GeneratedPage's, in its meta)
            live.add(file.dest_uri, search.document(title, made.content, _language(
                build, config, file.src_uri)))
            fed[file.src_uri] = (title, made.content)
    except BaseException as exc:
        live.close()
        if isinstance(exc, SearchError):
            raise PluginError(f"playbook: search: {exc}") from None
        raise
    build.live, build.fed = live, fed


def start(build: Build, config: MkDocsConfig, files: Files, pagefind: Pagefind,
          pause: Callable[[], None] | None = None) -> LiveIndex:
    """Hand every page's article to Pagefind (those :func:`start_early` did not hand over
    already, to its index; or to a new one), and start writing the index. ``pause``: see
    :class:`LiveIndex` (an index given up is freed)."""
    live, fed = build.live, build.fed
    build.live, build.fed = None, {}
    if live is None:
        live, fed = LiveIndex(Path(config.site_dir), pagefind, pause=pause), {}
    try:
        for file in files.documentation_pages(inclusion=InclusionLevel.is_included):
            page = file.page
            if page is None or page.content is None or search_excluded(page):
                continue
            title = str(page.title or "")
            handed = fed.pop(file.src_uri, None)
            if handed is not None:
                if handed == (title, page.content):
                    continue
                break  # (changed since: see the module)
            live.add(file.dest_uri, search.document(title, page.content, _language(
                build, config, file.src_uri)))
        else:
            if not fed:  # (each page handed over early is still in the index)
                live.start_writing()
                return live
    except BaseException:
        live.close()
        raise
    log.debug("playbook: a generated page changed after it was indexed: indexing anew")
    live.close()
    return start(build, config, files, pagefind, pause)


def _language(build: Build, config: MkDocsConfig, src_uri: str) -> str:
    """The language a page is indexed in: its entity's, where that needs an index of its
    own (a word segmenter), else the site's."""
    language = build.page_languages().get(src_uri)
    return language if search.needs_own_index(language) \
        else str(config.theme.get("language") or "en")


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
