"""What the plugin sets up in Material's config: the site plan's Markdown extensions,
stylesheets and scripts, its search box, answered by Pagefind, and the version selector only
where mike builds."""

from __future__ import annotations

import logging
import os
from pathlib import Path
from typing import Callable

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import Files

from .. import template_cache
from ..languages import theme_code, theme_codes
from ..site_plan import MARKDOWN_EXTENSIONS, STYLESHEETS, scripts, translate_theme_words
from .state import Build

log = logging.getLogger("mkdocs.plugins.playbook")


def translate_words(config: MkDocsConfig, gettext: Callable[[str], str]) -> None:
    """The site plan's words of the theme (its palette toggles, the permalink title) in the
    words of ``gettext``, in ``config``."""
    toc = config.mdx_configs.get("toc") if "toc" in config.markdown_extensions else None
    translate_theme_words(config.theme.get("palette"), toc, gettext)


def share_compiled_templates(config: MkDocsConfig) -> None:
    """Every environment the theme makes for this build finds the templates compiled before
    in this process (template_cache): the plugin's ``on_env`` is handed MkDocs' own, but the
    search plugin makes one in its ``on_config`` to read the theme's words, and compiled
    Material's language templates again on every build (a fifth of a small hub's)."""
    made = config.theme
    if getattr(made, "_playbook_shared", False):
        return
    get_env = made.get_env
    made.get_env = lambda: template_cache.share(get_env())  # type: ignore[method-assign]
    made._playbook_shared = True  # type: ignore[attr-defined]


def add_assets(config: MkDocsConfig, offline: bool = False) -> None:
    """The Markdown extensions the generated pages need, our stylesheets and scripts (the
    site plan's: with ``offline``, the one that keeps a role on the device), each once."""
    for ext in MARKDOWN_EXTENSIONS:
        if ext not in config.markdown_extensions:
            config.markdown_extensions.append(ext)
    config.extra_css.extend(s for s in STYLESHEETS if s not in config.extra_css)
    loaded = [str(s) for s in config.extra_javascript]
    config.extra_javascript.extend(s for s in scripts(offline=offline) if s not in loaded)


def keep_search_box(config: MkDocsConfig) -> None:
    """Keep Material's search plugin for its box, but not its lunr index.

    The box only shows while the theme's `search` plugin is enabled; its index (every
    page's text, parsed again and written as one JSON file) is replaced by Pagefind's,
    so building it would only cost time. Its other events stay. With no `search` under
    `plugins`, one is listed, set up but with no event of its own: `plugins: [playbook]`
    alone gives a search box.
    """
    theme_search = config.plugins.get("material/search") or config.plugins.get("search")
    if theme_search is None:
        _add_search_box(config)
        return
    for event in ("page_context", "post_build"):
        handlers = config.plugins.events.get(event, [])
        config.plugins.events[event] = [
            h for h in handlers if getattr(h, "__self__", None) is not theme_search]


#: Where Material keeps lunr and its languages' stemmers, which only its search worker loads.
LUNR = "assets/javascripts/lunr/"


def drop_lunr(files: Files, config: MkDocsConfig) -> None:
    """Material's lunr scripts (35 files, about 1 MB in every language's site) are not
    published: only Material's search worker loads them, and Pagefind's takes its place
    (:func:`playbook.pagefind.use_worker`). A file of that name the hub has (in its docs or
    its theme overrides) stays."""
    if config.theme.name != "material":
        return
    import material

    package = os.path.dirname(os.path.abspath(material.__file__))
    for file in [f for f in files if f.src_uri.startswith(LUNR) and f.abs_src_path]:
        if os.path.commonpath([os.path.abspath(file.abs_src_path), package]) == package:
            files.remove(file)


def _add_search_box(config: MkDocsConfig) -> None:
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


def versions_only_in_mike(config: MkDocsConfig, build: Build) -> None:
    """Material's version selector fetches `versions.json`, which only a mike deploy
    publishes: without one (`mkdocs serve`, a plain build) every page would ask for a
    missing file. mike names the version it builds in MIKE_DOCS_VERSION.

    The theme looks for it beside the site's root, which for another language's site
    (`<version>/hu/`) is inside the version: there the theme is not asked, and the browser
    script shows the selector from the versions beside the default language's site."""
    version = config.extra.get("version")
    if not (isinstance(version, dict) and version.get("provider") == "mike"):
        return
    if not os.environ.get("MIKE_DOCS_VERSION"):
        log.debug("playbook: no mike deploy, so no version selector")
        config.extra.pop("version")
    elif build.language != build.default_language:
        build.mike_version = os.environ["MIKE_DOCS_VERSION"]
        config.extra.pop("version")


#: Where the theme would fetch Mermaid from, as the privacy plugin matches URLs.
MERMAID_CDN = "unpkg.com/mermaid@*"


def no_mermaid_from_a_cdn(config: MkDocsConfig) -> None:
    """Material's script names a CDN's Mermaid, which it loads only when no `mermaid` is
    loaded yet; every page with a diagram loads ours first (:mod:`.page_html`). Material's
    privacy plugin would download that copy at build time, which fails without internet
    (an intranet build, under --strict): it is told to leave it."""
    privacy = config.plugins.get("material/privacy")
    if privacy is None or not getattr(privacy.config, "enabled", True):
        return
    exclude = privacy.config.assets_exclude
    if MERMAID_CDN not in exclude:
        exclude.append(MERMAID_CDN)


def no_worker_shim(config: MkDocsConfig) -> None:
    """Material's offline plugin adds a CDN's shim that lets the theme's own search run its
    worker from disk (file://). Our search replaces the theme's, and reads its index with
    fetch, which a page opened from disk may not do, shim or not: the shim would be a
    request to another host for nothing. (`playbook serve` serves such a site.)"""
    polyfills = config.extra.get("polyfills")
    if polyfills:
        config.extra["polyfills"] = [p for p in polyfills if "iframe-worker" not in str(p)]


def language(config: MkDocsConfig, lang: str, hub_file: str) -> str:
    """The theme's code for the language ``lang`` (Material's words for the header, search
    and footer are one template per code): the same code, told apart from others by case
    alone (`pt-br`: `pt-BR`), else its primary language (`de-CH`: `de`). A theme that has
    no words of its own takes the code as it is; one that has none for the language stops
    the build with an error naming the hub's file."""
    known = theme_codes([Path(d) for d in config.theme.dirs])
    code = theme_code(lang, known)
    if code is not None:
        return code
    raise PluginError(
        f"playbook: {hub_file}: error: languages: the theme has no words for '{lang}': use a "
        f"code it knows, such as {', '.join(sorted(known)[:12])} (all: the files of "
        "partials/languages/ in the theme)")
