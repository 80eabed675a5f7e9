"""The words of our pages, per language: a catalog per language in ``i18n/`` (the keys are
the English messages, listed in ``i18n/messages.txt``), English where a word is missing."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml
from markupsafe import Markup, escape

from . import markup

I18N = Path(__file__).parent / "i18n"


@lru_cache(maxsize=None)
def catalog(lang: str) -> dict[str, str]:
    """The translations of the pages' own words into ``lang`` (English text -> text)."""
    path = I18N / f"{lang.split('-')[0]}.yml"
    if not path.is_file():
        return {}
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    return {str(k): str(v) for k, v in data.items() if v}


def gettext(lang: str, message: str, **values: Any) -> str:
    """``message`` in ``lang`` (English where no translation is known), with ``{values}``."""
    text = catalog(lang).get(message, message)
    try:
        return text.format(**values) if values else text
    except (KeyError, IndexError, ValueError):  # a translation with broken placeholders
        return message.format(**values)


@lru_cache(maxsize=4096)
def _escaped_message(lang: str, message: str) -> str:
    return str(escape(catalog(lang).get(message, message)))


@lru_cache(maxsize=4096)
def _markdown_message(lang: str, message: str) -> str:
    return markup.inline_markdown(catalog(lang).get(message, message))


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
