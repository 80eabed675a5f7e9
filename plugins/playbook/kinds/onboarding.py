"""Onboarding modules: what the roles' paths are made of, with their tasks and knowledge
checks (the paths themselves are :mod:`playbook.onboarding`'s)."""

from __future__ import annotations

from typing import Literal, Optional, Union

from pydantic import Field, ValidationInfo, field_validator

from ..model import Entity, Ref, Strict, Text
from .base import Example, Fields, Kind, _refs


class Check(Strict):
    """A knowledge check of an onboarding module: a question and its right answer."""

    question: Text = Field(description="What the reader is asked.")
    choices: list[Text] = Field(min_length=2, max_length=6,
                                description="The answers to choose from, 2 to 6.")
    answer: int = Field(ge=0, description="The right choice: 0 is the first.")
    explanation: Optional[Text] = Field(None, description="Why that answer is right, "
                                        "shown once the reader has answered.")

    @field_validator("answer")
    @classmethod
    def _answer_is_a_choice(cls, answer: int, info: ValidationInfo) -> int:
        choices = info.data.get("choices")
        if choices is not None and answer >= len(choices):
            raise ValueError(f"expected the number of one of the {len(choices)} choices, 0 "
                             f"to {len(choices) - 1} (0 is the first), found {answer}")
        return answer


class OnboardingModule(Entity):
    """``onboarding/<id>.yml``: a module of the onboarding paths."""

    title: Text
    roles: Union[Literal["all"], list[Ref]] = Field(
        description="Role ids whose paths include it, or 'all'.")
    after: list[Ref] = Field(default_factory=list)
    hours: float = Field(gt=0)
    body: Optional[Text] = None
    tasks: list[Text] = Field(default_factory=list)
    collateral: list[Ref] = Field(default_factory=list)
    checks: list[Check] = Field(
        default_factory=list,
        description="Knowledge checks: questions with one right answer, at the module's end.")
    plays: list[Ref] = Field(default_factory=list, description="Play ids the module "
                             "practises: each becomes a task.")


def _module(e: Example) -> tuple[Fields, Fields]:
    return ([("title", e.name), ("roles", "all"), ("hours", "2")],
            [("after", "[]"), ("body", "What the new rep learns here."), ("tasks", "[]"),
             ("collateral", "[]")])


KIND = Kind("onboarding", OnboardingModule, "onboarding module", "onboarding modules",
    _refs(("roles[]", "roles"), ("after[]", "onboarding", True),
           ("collateral[]", "collateral"), ("plays[]", "plays")),
    "onboarding_path.html.j2", "onboarding_index.html.j2", "Onboarding",
    "onboarding path", "Onboarding path", "Onboarding", page_per_role=True,
    aliases=("module",), example=_module)
