"""Onboarding modules: what the roles' paths are made of, with their tasks and knowledge
checks; on a role's path, the modules written for it and those they need first (the paths
themselves are :mod:`playbook.onboarding`'s)."""

from __future__ import annotations

from typing import Literal, Optional, Union

from pydantic import Field, ValidationInfo, field_validator

from ..model import Entity, Ref, Strict, Text
from ..onboarding_plan import PathModule, Quiz, Task, task_key
from .base import Example, Fields, Kind, PathMaker, _refs


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


def _path(b, role, group: int) -> list[PathModule]:
    """On the role's path: the modules written for all roles (in ``group``) or naming the
    role (``group + 1``), then those they come after that are not, each said to be needed
    by those that need it."""
    modules = {}
    for module in b.pb.onboarding.values():
        if module.roles == "all":
            modules[module.id] = _written(b, module, group)
        elif role.id in module.roles:
            modules[module.id] = _written(b, module, group + 1)
    queue = list(modules.values())
    while queue:
        module = queue.pop()
        for dep in module.after:
            if dep in modules:
                if modules[dep].needed_by:
                    modules[dep].needed_by.append(module.title)
                continue
            source = b.pb.onboarding.get(dep)
            if source is None:
                continue
            added = _written(b, source, group + 1)
            added.needed_by.append(module.title)
            modules[dep] = added
            queue.append(added)
    return list(modules.values())


def _written(b, module: OnboardingModule, group: int) -> PathModule:
    """A module written in the hub, as a path has it: its tasks, a task per play it
    practises, its knowledge checks."""
    pb = b.pb
    items = [pb.collateral[c] for c in module.collateral if c in pb.collateral]
    plays = [p for p in module.plays if p in pb.plays]
    return PathModule(
        key=module.id, title=module.title, hours=module.hours, group=group,
        funnel=b.funnel(items), body=module.body,
        tasks=[Task(task_key(module.id, t), t, slot=f"{module.id}#{i}")
               for i, t in enumerate(module.tasks)]
        + b.tasks(module.id, [(f"play:{p}", b.part_task("plays", p), ("plays", p))
                              for p in plays]),
        links=[("collateral", c.id) for c in items] + [("plays", p) for p in plays],
        after=list(module.after),
        source=pb.source_of("onboarding", module.id).file.display,
        subject=("onboarding", module.id),
        checks=[Quiz(task_key(f"{module.id}:check", c.question), c,
                     pb.fingerprint_of([c.choices, c.answer]), f"{module.id}:check#{i}")
                for i, c in enumerate(module.checks)],
    )


KIND = Kind("onboarding", OnboardingModule, "onboarding module", "onboarding modules",
    _refs(("roles[]", "roles"), ("after[]", "onboarding", True),
           ("collateral[]", "collateral"), ("plays[]", "plays")),
    "onboarding_path.html.j2", "onboarding_index.html.j2", "Onboarding",
    "onboarding path", "Onboarding path", "Onboarding", page_per_role=True,
    aliases=("module",), example=_module, path=PathMaker(0, _path, ("all-roles", "role")),
    for_every_role=("roles", "all"), order=70)
