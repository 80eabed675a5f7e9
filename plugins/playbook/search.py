"""What search knows of a page, whoever indexes it: the page as Pagefind reads it (only
the article, with its title and language), which languages need a word segmenter, what on a
page is not worth finding, and the facets the browser script offers under the search box.

Pagefind itself (its process, the index of each site) is :mod:`playbook.pagefind`.
"""

from __future__ import annotations

import html
from typing import Any

from .kinds import KINDS, role_kind

#: Page languages that need a word segmenter: pages in them get their own Pagefind index.
SEGMENTED = {"ja", "zh", "th", "ko", "km", "lo", "my"}

#: What is on a page but not worth finding.
EXCLUDE = [
    ".headerlink", ".pb-source", ".pb-library-filters", ".mermaid", ".pb-kicker",
    ".md-content__button", ".md-source-file", ".pb-progress", ".pb-original__label",
]


#: Where each language's site publishes its :func:`facets`, for the search box's filters.
FACETS_FILE = "assets/playbook/search-facets.json"


def query_filters() -> list[str]:
    """The filters a query may name (``kind:play``, ``stage:hot``): those the pages carry
    (the templates' ``search_meta``): the kind, every facet the registry declares, and a
    role's team. The search worker reads them from :data:`FACETS_FILE`."""
    return ["kind", *dict.fromkeys(f for k in KINDS.values() for f in k.facets), "team"]


def kind_facets() -> dict[str, list[str]]:
    """Per kind of result (its search filter), the facets its results can be narrowed by,
    as the registry declares them."""
    return {k.search_kind: list(k.facets) for k in KINDS.values() if k.facets}


def facets(playbook, lang: str | None = None) -> dict[str, Any]:
    """What the browser script offers under the search box, in the site's language: a
    button per kind (from the registry of kinds), the values results of a kind can be
    narrowed by (:func:`kind_facets`), and the words of its controls."""
    from . import languages
    from .kinds import search_buttons
    from .catalog import id_label as label

    pb = playbook
    lang = lang or pb.default_language
    gettext = pb.words(lang)
    with_facet = {name: [folder for folder, k in KINDS.items() if name in k.facets]
                  for name in ("type", "stage", "role", "language")}
    items = [e for folder in with_facet["language"] for e in pb.entities[folder].values()]
    used_langs = sorted({pb.item_language(item) for item in items})
    used_types = sorted({e.type for folder in with_facet["type"]
                         for e in pb.entities[folder].values()})
    roles = role_kind()
    return {
        "kinds": [["", gettext("All")]] + [[kind, gettext(button)]
                                           for kind, button in search_buttons()],
        "facets": kind_facets(),
        "filters": query_filters(),
        "type": [[t, gettext(label(t))] for t in used_types],
        "stage": [[lt.id, lt.title.get(lang, pb.default_language)] for lt in pb.funnel],
        "role": [[role.id, role.title.get(lang, pb.default_language)]
                 for role in sorted(pb.of(roles).values(), key=pb.title_key)
                 if any(pb.referring(folder, roles.folder).get(role.id)
                        for folder in with_facet["role"])],
        "language": [[code, languages.label(code, lang)] for code in used_langs],
        "words": {"group": gettext("Show only"), "type": gettext("Any type"),
                  "stage": gettext("Any stage"), "role": gettext("Any role"),
                  "language": gettext("Any language")},
    }


def document(title_html: str, body_html: str, lang: str) -> str:
    """A page as Pagefind reads it: only the article is indexed (``data-pagefind-body``),
    with the page's title as the theme shows it (an ``<h1>`` when the body has none)."""
    heading = "" if "<h1" in body_html else f"<h1>{title_html}</h1>"
    return (f'<!DOCTYPE html><html lang="{html.escape(lang)}"><head><meta charset="utf-8">'
            f"<title>{title_html}</title></head><body><article data-pagefind-body>"
            f"{heading}{body_html}</article></body></html>")


def _primary(language: str | None) -> str:
    """``pt-BR`` -> ``pt``: the language whose word segmenter a page needs."""
    return (language or "").split("-")[0].lower()


def needs_own_index(language: str | None) -> bool:
    return _primary(language) in SEGMENTED
