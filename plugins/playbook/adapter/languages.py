"""One site per language: the default at the site root, each other one under `/<lang>/`,
built by running the same build again (nested, from the default one's post_build) with
that language's theme, site name and language switcher."""

from __future__ import annotations

import contextlib
import logging
from pathlib import Path
from typing import Any, Callable, Iterator

from mkdocs.config.defaults import MkDocsConfig

from ..catalog import words
from ..site_plan import alternates, site_name, site_url
from ..hub_model import Hub
from . import theme
from .state import Build

log = logging.getLogger("mkdocs.plugins.playbook")


def set_up(build: Build, config: MkDocsConfig, hub: Hub | None, all_languages: bool,
           hub_file: str = "playbook/hub.yml") -> None:
    """The theme's words of mkdocs.yml (its palette toggles, the permalink title) in this
    build's language; and its language and site name, and the language switcher
    (``extra.alternate``), when the hub has several and all are built."""
    lang, default = build.language, build.default_language
    validated = build.validated or build.result
    theme.translate_words(config, validated.playbook.words(lang) if validated is not None
                          else words(lang))
    if len(build.languages) < 2 or not all_languages:
        return
    if lang != default:
        config.theme["language"] = theme.language(config, lang, hub_file)
        name = site_name(hub, lang) if hub is not None else None
        if name is not None:
            config.site_name = name
    config.extra["alternate"] = alternates(lang, build.languages)


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
            overrides["site_url"] = site_url(config.site_url, lang, build.default_language)
        log.info("playbook: building the %s site into %s/", lang, lang)
        with nested(Build(language=lang, languages=build.languages,
                          validated=build.result)), _quiet(_NESTED_NEWS):
            mkdocs_build(load_config(config.config_file_path, **overrides))


#: What MkDocs says of every build, that a language's site, a part of this build, need not
#: say again (the log said which site is being built; MkDocs' own "Documentation built"
#: closes the whole build once).
_NESTED_NEWS = ("Cleaning site directory", "Building documentation to directory",
                "Documentation built in")


@contextlib.contextmanager
def _quiet(news: tuple[str, ...]) -> Iterator[None]:
    """Leave out MkDocs' information that starts with one of ``news`` meanwhile (its
    warnings and errors all stay)."""
    logger = logging.getLogger("mkdocs.commands.build")

    def keep(record: logging.LogRecord) -> bool:
        return record.levelno > logging.INFO or not str(record.msg).startswith(news)

    logger.addFilter(keep)
    try:
        yield
    finally:
        logger.removeFilter(keep)
