"""What every site of a hub has besides its pages, whatever builds it (the MkDocs adapter,
`playbook generate` for Zensical): the package's assets it publishes and where, the
Markdown extensions its pages need, the paths that are the plugin's own, and the navigation
section of the generated index pages."""

from __future__ import annotations

import html
from typing import Any, Callable

from .languages import own_name
from .urls import INDEX_PAGES, INDEX_TITLES

#: Markdown extensions the generated pages use (admonitions, buttons via attr_list).
MARKDOWN_EXTENSIONS = ("admonition", "attr_list", "md_in_html")

#: The files of the package's ``assets/`` a site publishes, by where they go in it.
ASSETS = {"playbook.css": "assets/playbook/playbook.css",
          "playbook.js": "assets/playbook/playbook.js",
          "vendor/mermaid.min.js": "assets/playbook/mermaid.min.js",
          "search-worker.js": "assets/playbook/search-worker.js"}
#: What the plugin publishes besides its pages, by path in the site (its scripts, styles
#: and the data they read; the exports), and the folder of its search index. A file of the
#: docs folder at one of these paths is an error, never a replacement.
PUBLISHED_FILES = (*ASSETS.values(), "assets/playbook/roles.json",
                   "assets/playbook/search-facets.json", "raci.csv", "playbook.json")
PUBLISHED_FOLDERS = ("pagefind/",)


def index_section(gettext: Callable[[str], str], title: str) -> dict[str, list[dict[str, str]]]:
    """The navigation section of the generated index pages, as MkDocs' `nav` setting writes
    it: ``{title: [{index title: page}, ...]}`` in the words of ``gettext``. The theme prints
    a nav title as HTML, and these are words of a hub's catalog or an option: escaped."""
    return {html.escape(gettext(title)): [{html.escape(gettext(INDEX_TITLES[kind])): path}
                                          for kind, path in INDEX_PAGES.items()]}


def alternates(lang: str, languages: list[str]) -> list[dict[str, str]]:
    """The language switcher of ``lang``'s site (the theme's ``extra.alternate``): each
    language's site by its own name, linked relative to this one (the default language's
    at the root, every other one under ``<lang>/``)."""
    default = languages[0]
    up = "" if lang == default else "../"
    return [{"name": own_name(other), "lang": other,
             "link": "./" if other == lang else
             (f"{up}./" if other == default else f"{up}{other}/")}
            for other in languages]


def site_name(hub: Any, lang: str) -> str | None:
    """The name of ``lang``'s site, when the hub's name is translated into it (None: the
    configured one stays), escaped: the theme prints the site name as HTML, and the hub's
    name is text."""
    default = hub.default_language
    if lang == default or not hub.name.has(lang, default):
        return None
    return html.escape(hub.name.get(lang, default))


def site_url(url: str, lang: str, default: str) -> str:
    """The address of ``lang``'s site, under that of the default language's."""
    return url if lang == default else url.rstrip("/") + f"/{lang}/"
