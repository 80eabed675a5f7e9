"""Names of languages, in the reader's language and in their own, and their direction.

From the Unicode CLDR (through Babel, which Material already depends on): every language a
hub may publish or write an item in has its name in every language of the hub's sites, so
an Urdu page names Hungarian in Urdu, not in English.
"""

from __future__ import annotations

from functools import lru_cache

from babel import Locale, UnknownLocaleError

#: Right-to-left scripts, for codes CLDR does not know.
RTL = {"ar", "fa", "he", "ur", "ps", "sd", "ug", "yi", "dv", "ckb"}


def base(code: str) -> str:
    return code.split("-")[0].lower()


@lru_cache(maxsize=None)
def _locale(code: str) -> Locale | None:
    try:
        return Locale.parse(code.replace("-", "_"))
    except (UnknownLocaleError, ValueError, TypeError):
        try:
            return Locale.parse(base(code))
        except (UnknownLocaleError, ValueError, TypeError):
            return None


def _capital(name: str) -> str:
    return name[:1].upper() + name[1:]


@lru_cache(maxsize=None)
def name_in(code: str, reader: str) -> str:
    """The name of the language ``code`` in the language ``reader`` (the code itself when
    CLDR does not know it)."""
    locale = _locale(reader)
    name = locale.languages.get(base(code)) if locale is not None else None
    return _capital(name) if name else code


def english_name(code: str) -> str:
    return name_in(code, "en")


def own_name(code: str) -> str:
    return name_in(code, code)


@lru_cache(maxsize=None)
def label(code: str, reader: str = "en") -> str:
    """The language for a reader of ``reader``: ``Hungarian (Magyar)`` for an English reader,
    ``ہنگیرین (Magyar)`` for an Urdu one; just ``English`` when both names agree."""
    theirs, own = name_in(code, reader), own_name(code)
    return theirs if theirs == own else f"{theirs} ({own})"


@lru_cache(maxsize=None)
def direction(code: str) -> str:
    locale = _locale(code)
    if locale is not None and base(code) == locale.language:
        return "rtl" if locale.character_order == "right-to-left" else "ltr"
    return "rtl" if base(code) in RTL else "ltr"
