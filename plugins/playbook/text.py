"""The localized text type of the format: a plain string or ``{language code: string}``.

A plain string is in the hub's default language. Which language that is, is known only
once ``hub.yml`` is read, so a plain string is kept under the key :data:`DEFAULT`
and resolved when the text is shown.
"""

from __future__ import annotations

import re
from typing import Any, Iterator, Mapping

from pydantic import GetCoreSchemaHandler, GetJsonSchemaHandler
from pydantic_core import PydanticCustomError, core_schema

#: Key under which a plain string is stored: "the hub's default language".
DEFAULT = ""

LANG_PATTERN = r"^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$"
LANG_RE = re.compile(LANG_PATTERN)


def describe(value: Any) -> str:
    """How a found value is named in error messages."""
    if value is None:
        return "nothing (an empty value)"
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        n = len(value)
        return f"a list of {n} item{'s' * (n != 1)}"
    text = str(value)
    if len(text) > 60:
        text = text[:57] + "..."
    return f"'{text}'"


class LocalizedText:
    """Text in one or more languages. Immutable; compare and hash by content."""

    __slots__ = ("_values", "as_written")

    def __init__(self, values: Mapping[str, str]):
        self._values = dict(values)
        #: shown as written in every language, by design: a name (a competitor's), or a
        #: text of an item in a language of its own. Never counted as untranslated.
        self.as_written = False

    @classmethod
    def plain(cls, text: str) -> "LocalizedText":
        return cls({DEFAULT: text})

    @property
    def languages(self) -> list[str]:
        """Languages given explicitly (a plain string gives none)."""
        return [lang for lang in self._values if lang != DEFAULT]

    @property
    def raw(self) -> str | dict[str, str]:
        """The value as written in YAML."""
        if list(self._values) == [DEFAULT]:
            return self._values[DEFAULT]
        return dict(self._values)

    def has(self, lang: str, default_lang: str) -> bool:
        return lang in self._values or (lang == default_lang and DEFAULT in self._values)

    def resolve(self, lang: str, default_lang: str) -> tuple[str, str]:
        """``(text, language it is in)``: the wanted language, else the default, else any."""
        if lang in self._values:
            return self._values[lang], lang
        if lang == default_lang and DEFAULT in self._values:
            return self._values[DEFAULT], lang
        if DEFAULT in self._values:
            return self._values[DEFAULT], default_lang
        if default_lang in self._values:
            return self._values[default_lang], default_lang
        first = next(iter(self._values))
        return self._values[first], first

    def get(self, lang: str, default_lang: str) -> str:
        return self.resolve(lang, default_lang)[0]

    def all_texts(self) -> Iterator[str]:
        return iter(self._values.values())

    def __str__(self) -> str:
        first = self._values.get(DEFAULT)
        return first if first is not None else next(iter(self._values.values()))

    def __repr__(self) -> str:
        return f"LocalizedText({self.raw!r})"

    def __eq__(self, other: object) -> bool:
        return isinstance(other, LocalizedText) and other._values == self._values

    def __hash__(self) -> int:
        return hash(tuple(sorted(self._values.items())))

    # -- pydantic integration -------------------------------------------------------------

    @classmethod
    def _validate(cls, value: Any) -> "LocalizedText":
        if isinstance(value, LocalizedText):
            return value
        if isinstance(value, str):
            if not value.strip():
                raise PydanticCustomError("text_empty", "expected text, found an empty string")
            return cls.plain(value)
        if isinstance(value, dict):
            if not value:
                raise PydanticCustomError(
                    "text_type", "expected text or a mapping of language code to text, "
                    "found an empty mapping")
            out: dict[str, str] = {}
            for lang, text in value.items():
                if not isinstance(lang, str) or not LANG_RE.match(lang):
                    raise PydanticCustomError(
                        "text_language",
                        "expected a language code such as 'en' or 'pt-BR' as key, "
                        "found {found}", {"found": describe(lang)})
                if not isinstance(text, str) or not text.strip():
                    raise PydanticCustomError(
                        "text_type", "the '{lang}' text: expected text, found {found}",
                        {"lang": lang, "found": describe(text)})
                out[lang] = text
            return cls(out)
        raise PydanticCustomError(
            "text_type",
            "expected text, or a mapping of language code to text, found {found}",
            {"found": describe(value)})

    @classmethod
    def __get_pydantic_core_schema__(
        cls, source: Any, handler: GetCoreSchemaHandler
    ) -> core_schema.CoreSchema:
        return core_schema.no_info_plain_validator_function(
            cls._validate,
            serialization=core_schema.plain_serializer_function_ser_schema(lambda v: v.raw),
        )

    @classmethod
    def __get_pydantic_json_schema__(
        cls, schema: core_schema.CoreSchema, handler: GetJsonSchemaHandler
    ) -> dict[str, Any]:
        return {
            "anyOf": [
                {"type": "string", "minLength": 1},
                {
                    "type": "object",
                    "description": "the text per language code",
                    "propertyNames": {"pattern": LANG_PATTERN},
                    "additionalProperties": {"type": "string", "minLength": 1},
                    "minProperties": 1,
                },
            ]
        }
