"""The words of our pages, per language: what the project ships (a catalog per language in
``i18n/``; the keys are the English messages, listed in ``i18n/messages.txt``), overridden
or completed by the hub's own ``i18n/<lang>.yml``; English where a word is missing."""

from __future__ import annotations

import re

import string
from functools import lru_cache
from pathlib import Path
from typing import Any, Mapping

from markupsafe import Markup, escape

from . import languages
from .yaml_loader import safe_data

I18N = Path(__file__).parent / "i18n"


@lru_cache(maxsize=None)
def messages() -> tuple[str, ...]:
    """Every message of the generated pages, in English: the list a translation covers."""
    text = (I18N / "messages.txt").read_text(encoding="utf-8")
    return tuple(line for line in text.splitlines() if line.strip())


@lru_cache(maxsize=None)
def shipped(lang: str) -> dict[str, str]:
    """The translations the project ships for ``lang`` (English text -> text)."""
    path = I18N / f"{primary(lang)}.yml"
    if not path.is_file():
        return {}
    data = safe_data(path.read_text(encoding="utf-8")) or {}
    return {str(k): str(v) for k, v in data.items() if v}


def primary(lang: str) -> str:
    """``pt-BR`` -> ``pt``."""
    return lang.split("-")[0].lower()


def placeholders(message: str) -> set[str]:
    """The ``{names}`` a message is filled with; ValueError for a stray brace."""
    return {name for _, name, _, _ in string.Formatter().parse(message) if name is not None}


def N_(message: str) -> str:
    """Marks a message of ours written in Python, translated where it is shown (the tests
    check that ``messages.txt`` lists it)."""
    return message


def id_label(name: object) -> str:
    """An id such as ``case-study`` as a label: ``Case study``. The label is the message
    of an id in the catalogs, so a team or collateral type of a hub's own gets its words
    in ``i18n/<lang>.yml`` like ours."""
    return str(name).replace("-", " ").capitalize()


class Words:
    """Our words in one language: the shipped catalog, with the hub's on top of it."""

    def __init__(self, lang: str, hub: Mapping[str, str] | None = None) -> None:
        self.lang = lang
        self.table: dict[str, str] = {**shipped(lang), **(hub or {})}
        #: in a language written right to left, a text put into a sentence (a title not
        #: translated yet, an English name) is isolated, so that it keeps its own direction
        #: and the sentence's punctuation stays where it belongs
        self._isolate = languages.direction(lang) == "rtl"
        self._html: dict[str, str] = {}
        self._markdown: dict[str, str] = {}

    def get(self, message: str) -> str:
        return self.table.get(message, message)

    def __call__(self, message: str, **values: Any) -> str:
        """``message`` in this language (English where no translation is known), with its
        ``{values}`` filled in."""
        text = self.table.get(message, message)
        if values and self._isolate:
            values = {k: isolate(v) for k, v in values.items()}
        try:
            return text.format(**values) if values else text
        except (KeyError, IndexError, ValueError):  # a translation with broken placeholders
            return message.format(**values)

    def html(self, message: str, **values: Any) -> Markup:
        """As HTML: the message escaped, the values escaped unless they are HTML already."""
        template = self._html.get(message)
        if template is None:
            template = self._html[message] = str(escape(self.get(message)))
        if values and self._isolate:
            values = {k: isolate(v) for k, v in values.items()}
        return _format_html(template, message, values, escape)

    def html_markdown(self, message: str, **values: Any) -> Markup:
        """Like :meth:`html`, for messages with a little Markdown: bold, code, links."""
        from . import markup  # (Markdown loads with the first word that needs it)

        template = self._markdown.get(message)
        if template is None:
            template = self._markdown[message] = markup.inline_markdown(self.get(message))
        if values and self._isolate:  # (a date in a right-to-left sentence keeps its order)
            # but not a link's address: marks in it would make another address
            addresses = set(_IN_ATTRIBUTE.findall(template))
            values = {k: v if k in addresses else isolate(v) for k, v in values.items()}
        return _format_html(template, message, values,
                            lambda m: Markup(markup.inline_markdown(m)))

    def missing(self) -> list[str]:
        """The messages with no word in this language (English is never missing)."""
        if primary(self.lang) == "en":
            return []
        return [m for m in messages() if m not in self.table]


#: A placeholder in an attribute of a message's HTML: ``<a href="{url}">``.
_IN_ATTRIBUTE = re.compile(r'="[^"]*\{(\w+)\}')

#: Unicode's first-strong isolate and its end: the text between keeps its own direction.
FSI, PDI = "\u2068", "\u2069"


def isolate(value: Any) -> Any:
    """``value`` isolated from the text around it, when it is text with letters (HTML
    already made, such as a link, and numbers are left as they are)."""
    if type(value) is str and value and not value.isdigit():
        return f"{FSI}{value}{PDI}"
    return value


def words(lang: str, hub_catalogs: Mapping[str, Mapping[str, str]] | None = None) -> Words:
    """The words of ``lang``: a hub's catalog for the exact code (``pt-BR``) wins over one
    for its primary language (``pt``), which wins over what the project ships."""
    hub_catalogs = hub_catalogs or {}
    table = {**hub_catalogs.get(primary(lang), {}), **hub_catalogs.get(lang, {})}
    return Words(lang, table)


def _format_html(template: str, message: str, values: dict[str, Any],
                 fallback: Any) -> Markup:
    """``template`` (HTML) with its ``{placeholders}`` filled by ``values``, each escaped
    unless it is HTML already; what ``Markup.format`` does, at a fraction of its cost (it
    is called tens of times per page). A translation with broken placeholders falls back to
    the English ``message``."""
    if not values:
        return Markup(template)
    safe = {k: v if type(v) is int else escape(v) for k, v in values.items()}
    try:
        return Markup(template.format_map(safe))
    except (KeyError, IndexError, ValueError):
        return fallback(message).format(**values)
