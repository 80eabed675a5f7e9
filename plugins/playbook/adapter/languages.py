"""One site per language: the default at the site root, each other one under `/<lang>/`,
built by running the same build again (nested, from the default one's post_build) with
that language's theme, site name and language switcher."""

from __future__ import annotations

import html
import logging
from pathlib import Path
from typing import Any, Callable

from mkdocs.config.defaults import MkDocsConfig

from ..languages import own_name
from ..model import Hub
from . import theme
from .state import Build

log = logging.getLogger("mkdocs.plugins.playbook")


def set_up(build: Build, config: MkDocsConfig, hub: Hub | None, all_languages: bool,
           hub_file: str = "playbook/hub.yml") -> None:
    """The theme's language and site name for this build's language, and the language
    switcher (``extra.alternate``), when the hub has several and all are built."""
    if len(build.languages) < 2 or not all_languages:
        return
    lang, default = build.language, build.default_language
    if lang != default:
        config.theme["language"] = theme.language(config, lang, hub_file)
        if hub is not None and hub.name.has(lang, default):
            # The theme prints site_name as HTML: the hub's name is text.
            config.site_name = html.escape(hub.name.get(lang, default))
    up = "" if lang == default else "../"
    config.extra["alternate"] = [
        {"name": own_name(other), "lang": other,
         "link": "./" if other == lang else
         (f"{up}./" if other == default else f"{up}{other}/")}
        for other in build.languages]


def build_others(build: Build, config: MkDocsConfig,
                 nested: Callable[[Build], Any]) -> None:
    """Build every other language's site into a sub-folder of this one; ``nested(b)``
    makes ``b`` the state of the next build MkDocs starts (the plugin's own hook)."""
    from mkdocs.commands.build import build as mkdocs_build
    from mkdocs.config import load_config

    site = Path(config.site_dir)
    for lang in build.languages[1:]:
        overrides: dict[str, Any] = {"site_dir": str(site / lang)}
        if config.site_url:
            overrides["site_url"] = config.site_url.rstrip("/") + f"/{lang}/"
        log.info("playbook: building the %s site into %s/", lang, lang)
        with nested(Build(language=lang, languages=build.languages,
                          validated=build.result)):
            mkdocs_build(load_config(config.config_file_path, **overrides))
