"""Names of languages, in the reader's language and in their own, and their direction.

From the Unicode CLDR (through Babel, which Material already depends on): every language a
hub may publish or write an item in has its name in every language of the hub's sites, so
an Urdu page names Hungarian in Urdu, not in English.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

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


#: Languages written in the Arabic script, whose comma and semicolon are their own.
_ARABIC_SCRIPT = {"ar", "fa", "ur", "ps", "sd", "ug", "ckb"}


@lru_cache(maxsize=None)
def separators(code: str) -> tuple[str, str]:
    """The comma and the semicolon that separate the items of a list in ``code`` (an Urdu
    list reads "الف، ب"; a Latin comma in it sits on the wrong side of its space)."""
    if base(code) in _ARABIC_SCRIPT:
        return "، ", "؛ "
    if base(code) in ("ja", "zh"):
        return "、", "；"
    return ", ", "; "


def theme_code(lang: str, known: set[str]) -> str | None:
    """The code a theme knows ``lang`` by, among its ``known`` codes (Material's and
    Zensical's words are one template per code): the same code, told apart from another by
    case alone (`pt-br`: `pt-BR`), else its primary language (`de-CH`: `de`); ``lang``
    itself for a theme with no words of its own; None when it has none for the language."""
    if not known or lang in known:
        return lang
    by_case = {code.lower(): code for code in sorted(known)}
    for candidate in (lang.lower(), lang.split("-")[0].lower()):
        if candidate in by_case:
            return by_case[candidate]
    return None


def theme_codes(template_dirs: list[Path]) -> set[str]:
    """The language codes a theme whose templates are in ``template_dirs`` has words for."""
    return {p.stem for folder in template_dirs
            for p in (Path(folder) / "partials" / "languages").glob("*.html")}
