"""What the models of the playbook format are made of: texts, ids and references, the base
of every kind's model (each kind's own is in its module, :mod:`playbook.kinds.roles`...),
hub.yml's own settings (with those the kinds bring, hub.yml's model is
:mod:`playbook.hub_model`), and the objections a play or a battlecard writes in place.

Each class checks one file on its own (fields, types, required values). Whether the ids a
file names exist, and the rules that span files, are the job of :mod:`playbook.validate`.
A model's id is its file's stem; it is not a field, so it is kept in ``_id``.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Annotated, Any, ClassVar, Iterator, Union, get_args

from pydantic import (BaseModel, ConfigDict, Discriminator, Field, PrivateAttr,
                      StringConstraints, Tag, field_validator,
                      model_validator)

from .text import LANG_PATTERN, LocalizedText

Text = LocalizedText
Name = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]
Ref = Name  # an id naming another entity; whether it exists is checked across files
Lang = Annotated[str, StringConstraints(pattern=LANG_PATTERN)]
#: What an id is: lower-case letters and digits, in words joined by hyphens.
ID_PATTERN = r"^[a-z0-9]+(-[a-z0-9]+)*$"
Id = Annotated[str, StringConstraints(pattern=ID_PATTERN)]

ID_RULE = "lowercase letters, digits and single hyphens, such as 'account-executive'"

DEFAULT_TEAMS = ["sales", "marketing", "enablement", "operations", "customer-success"]


class Strict(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid", str_strip_whitespace=False,
                              allow_inf_nan=False)  # (1e400 is infinity: no number of hours)


class Entity(Strict):
    """Base of every kind that lives one per file under ``playbook/<kind>/``."""

    _id: str = PrivateAttr(default="")

    @property
    def id(self) -> str:
        # Straight from pydantic's store of private attributes: `self._id` goes through
        # BaseModel.__getattr__, and pages ask for ids hundreds of thousands of times.
        return self.__pydantic_private__["_id"]  # type: ignore[index]


class OnboardingBase(Strict):
    hours_per_week: float = Field(20, gt=0, description="How much onboarding fits in one week.")


class HubBase(Strict):
    """``hub.yml``: settings of the whole hub."""

    #: settings that take another's value when hub.yml gives that one and not them (a
    #: kind's staleness: Setting.follows), filled in by :mod:`playbook.hub_model`
    FOLLOWS: ClassVar[dict[str, str]] = {}

    name: Text = Field(description="The hub's name.")
    languages: list[Lang] = Field(
        default_factory=lambda: ["en"], min_length=1,
        description="Language codes; the first is the default.")
    teams: list[Id] = Field(default_factory=lambda: list(DEFAULT_TEAMS), min_length=1,
                            description="Allowed values of a role's team.")
    stale_after_days: int = Field(365, gt=0, description="Collateral and plays not updated "
                                  "or reviewed for longer are stale.")

    @model_validator(mode="before")
    @classmethod
    def _follow(cls, data: Any) -> Any:
        """A setting that follows another takes its value where hub.yml gives that one
        only (stale_after_days_objections: stale_after_days)."""
        if isinstance(data, dict):
            taken = {name: data[other] for name, other in cls.FOLLOWS.items()
                     if name not in data and other in data}
            if taken:
                data = {**data, **taken}
        return data

    @field_validator("languages")
    @classmethod
    def _each_language_once(cls, codes: list[str]) -> list[str]:
        seen: dict[str, str] = {}
        twice = []
        for code in codes:
            same = seen.get(code.lower())
            seen.setdefault(code.lower(), code)
            if same is not None:
                twice.append(f"'{code}' is listed twice" if code == same else
                             f"'{code}' and '{same}' are the same language (codes do not "
                             "differ by case)")
        if twice:
            raise ValueError("; ".join(twice) + ": list each language once")
        return codes

    @property
    def default_language(self) -> str:
        return self.languages[0]


class InlineObjection(Strict):
    """An objection written in a play or a battlecard itself (an item of its
    ``objections`` may instead name one of the objection library by id)."""

    objection: Text = Field(description="What the buyer says.")
    response: Text = Field(description="The answer (Markdown).")
    collateral: list[Ref] = Field(default_factory=list,
                                  description="Collateral ids that back the answer.")


#: An item of a play's or a battlecard's ``objections``: an objection id of the library, or
#: one written in place. Told apart by its shape, so that a mistake in either gets one
#: error (the tags are left out of the error's path: UNION_BRANCHES).
ObjectionItem = Annotated[
    Union[Annotated[Ref, Tag("<id>")], Annotated[InlineObjection, Tag("<mapping>")]],
    Discriminator(lambda v: "<mapping>" if isinstance(v, (dict, InlineObjection)) else "<id>")]

#: The branches of unions that pydantic names in an error's path.
UNION_BRANCHES = ("literal['all']", "list[str]", "list[constrained-str]", "<id>", "<mapping>")


def texts_of(value: Any, path: tuple = ()) -> Iterator[tuple[tuple, LocalizedText]]:
    """Every localized text in a model, with its path (``("handoffs", 0, "when")``). Only
    the fields whose type can hold one are walked (:func:`_text_fields`): a hub of 10,000
    items has half a million values, most of them ids, dates and plain strings."""
    if isinstance(value, LocalizedText):
        yield path, value
    elif isinstance(value, (list, tuple)):
        for i, item in enumerate(value):
            yield from texts_of(item, path + (i,))
    elif isinstance(value, BaseModel):
        for name in _text_fields(type(value)):
            yield from texts_of(getattr(value, name), path + (name,))


@lru_cache(maxsize=None)
def _text_fields(model: type[BaseModel]) -> tuple[str, ...]:
    """The fields of ``model``, in order, whose type can hold a localized text: the text
    itself, a model, or anything that holds one of them."""
    return tuple(name for name, info in model.model_fields.items()
                 if _can_hold_text(info.annotation))


def _can_hold_text(annotation: Any) -> bool:
    if annotation is Any:
        return True
    if isinstance(annotation, type) and issubclass(annotation, (LocalizedText, BaseModel)):
        return True
    return any(_can_hold_text(arg) for arg in get_args(annotation)
               if not isinstance(arg, (str, int, float, bool)) and arg is not None)
