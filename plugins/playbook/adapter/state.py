"""Everything one build knows, in one object.

MkDocs gives a nested build (the site of another language, run from the default one's
post_build) the same plugin object; each build gets a :class:`Build` of its own, and the
plugin goes back to the outer one when the nested build returns.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from .nav_cache import NavCache
from ..pipeline import Result
from ..publish import Staging
from ..page import Page
from ..pagefind import LiveIndex


@dataclass
class Build:
    language: str = "en"  # the language of this build's site
    languages: list[str] = field(default_factory=lambda: ["en"])  # the hub's, default first
    #: the default language's result, when this is another language's nested build: its
    #: hub is rendered again, not loaded and checked (nor reported) again
    validated: Result | None = None
    #: where this build goes until it is complete, and the config it changed
    staging: tuple[Staging, Any] | None = None
    result: Result | None = None
    generated: dict[str, Page] = field(default_factory=dict)  # src_uri -> page
    live: LiveIndex | None = None  # the search index being made
    #: the generated pages handed to it early (search_index.start_early): src_uri -> the
    #: title and article handed over
    fed: dict[str, tuple[str, str]] = field(default_factory=dict)
    nav: Any = None
    files: Any = None  # MkDocs' files of the build, as the pages are written
    nav_cache: NavCache | None = None
    sections: dict[str, Any] = field(default_factory=dict)  # kind -> its pages' section
    auto_nav: Any = None  # the nav this build made, when the hub's mkdocs.yml has none
    edit_folders: dict[str, str] = field(default_factory=dict)  # folder -> from docs_dir
    #: seconds of this build spent in the plugin's events, per stage (see timing)
    spent: dict[str, float] = field(default_factory=dict)
    #: the version mike builds, in another language's site: its pages show mike's version
    #: selector themselves (the theme looks for the versions beside the language's site)
    mike_version: str | None = None
    #: data files being made in the background (pages.LaterFile), put in place after the
    #: pages
    later: list[Any] = field(default_factory=list)
    _page_languages: dict[str, str | None] | None = None
    _hub_key: str | None = None

    @property
    def default_language(self) -> str:
        return self.languages[0]

    @property
    def nested(self) -> bool:
        return self.validated is not None

    def spend(self, stage: str, seconds: float) -> None:
        self.spent[stage] = self.spent.get(stage, 0.0) + seconds

    def abandon(self) -> None:
        """Stop what this failed build started: its search index, and its staged site
        (the last good site is left as it was)."""
        if self.live is not None:
            self.live.close()
            self.live = None
        if self.staging is not None:
            staging, config = self.staging
            self.staging = None
            staging.discard()
            config.site_dir = str(staging.site)

    def use(self, result: Result | None) -> None:
        self.result = result
        self._page_languages = None
        self._hub_key = None

    def hub_key(self) -> str:
        """The hub's id in the browser's storage (:func:`playbook.start.hub_id`), made once
        per build: every page names it."""
        if self._hub_key is None:
            from ..start import hub_id

            self._hub_key = hub_id(self.result.playbook) if self.result else ""
        return self._hub_key

    def page_languages(self) -> dict[str, str | None]:
        """Page path -> the language of its entity (collateral in another language)."""
        if self.result is None:
            return {}
        if self._page_languages is None:
            self._page_languages = {p.path: p.language for p in self.result.pages
                                    if p.language}
        return self._page_languages
