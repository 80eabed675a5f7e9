"""What an onboarding path is made of: its modules (written in ``onboarding/`` or generated),
their tasks and knowledge checks, and the weeks they are packed into."""

from __future__ import annotations

import hashlib
import math
from dataclasses import dataclass, field
from typing import Sequence

from .kinds.onboarding import Check
from .kinds.roles import Role
from .text import LocalizedText

# Groups, in the order they come when nothing else decides.
ALL_ROLES, THIS_ROLE, FUNNEL, RESPONSIBILITY, COLLATERAL, KPIS = range(6)
#: The group of the first kind that adds a module to paths (Kind.path_part): the kinds
#: that do come after the KPIs, in the order of the registry (plays, then objections).
PARTS = 6


@dataclass(frozen=True)
class Task:
    key: str  # stable id of the checkbox: module key + hash of the text
    text: LocalizedText | str
    #: what a generated task is about (``collateral:<id>``), so that a path asks for it once
    about: str = ""
    #: the entity it is about, (kind, id): when it changes, so does ``version``
    subject: tuple[str, str] | None = None
    #: what the reader ticked: a tick of another version is shown as changed (playbook.js)
    version: str = ""
    #: its place in an authored module (``<module>#<n>``): a tick whose key is gone but
    #: whose place is here was of this task's earlier text
    slot: str = ""


@dataclass(frozen=True)
class Quiz:
    """A knowledge check as a path shows it: ``key`` is stable across languages, and
    ``seal`` lets the browser script tell the right choice without the page saying which
    it is (:func:`seal`)."""

    key: str
    check: Check
    #: of its choices and answer: an answer given to another version is asked again
    version: str = ""
    slot: str = ""  # as a task's

    @property
    def seal(self) -> str:
        return seal(self.key, self.check.answer)


def seal(key: str, answer: int) -> str:
    """FNV-1a (32 bits) of ``key:answer``, in hex: what playbook.js computes of the choice
    a reader picks. Not a secret, only not the answer in the page's text."""
    value = 0x811C9DC5
    for byte in f"{key}:{answer}".encode():
        value = ((value ^ byte) * 0x01000193) & 0xFFFFFFFF
    return f"{value:08x}"


@dataclass
class PathModule:
    key: str  # module id, or "generated-..." for generated modules
    title: LocalizedText | str
    hours: float
    group: int
    funnel: int  # earliest funnel position it serves; -1 when none
    body: LocalizedText | str | None = None
    tasks: list[Task] = field(default_factory=list)
    #: pages it draws from: (kind, id)
    links: list[tuple[str, str]] = field(default_factory=list)
    after: list[str] = field(default_factory=list)
    #: titles of the modules that need it, when it is on the path only as a prerequisite
    needed_by: list[LocalizedText | str] = field(default_factory=list)
    source: str | None = None  # YAML file, for authored modules
    #: its knowledge checks: answered right, with the tasks ticked, the module is done
    checks: list[Quiz] = field(default_factory=list)
    #: a generated module of a kind's (Kind.path_part): where it comes from, said with it
    origin: str = ""

    @property
    def generated(self) -> bool:
        return self.group >= FUNNEL


@dataclass
class Week:
    first: int
    last: int
    modules: list[PathModule]

    @property
    def hours(self) -> float:
        return sum(m.hours for m in self.modules)

    @property
    def label(self) -> str:
        return f"Week {self.first}" if self.first == self.last else \
            f"Weeks {self.first}–{self.last}"


@dataclass
class OnboardingPath:
    role: Role
    modules: list[PathModule]
    weeks: list[Week]
    hours_per_week: float

    @property
    def hours(self) -> float:
        return sum(m.hours for m in self.modules)

    @property
    def week_count(self) -> int:
        return self.weeks[-1].last if self.weeks else 0

    @property
    def tasks(self) -> list[Task]:
        return [t for m in self.modules for t in m.tasks]

    @property
    def subjects(self) -> list[tuple[str, str]]:
        """What the path is made of: its role, its authored modules and every page its
        modules and tasks draw on, as (kind, id)."""
        out = [("roles", self.role.id)]
        for m in self.modules:
            if not m.generated:
                out.append(("onboarding", m.key))
            out += m.links + [t.subject for t in m.tasks if t.subject]
        return list(dict.fromkeys(out))

    @property
    def checks(self) -> list[tuple[PathModule, Quiz]]:
        """Every knowledge check of the path, with its module (for the answer key)."""
        return [(m, q) for m in self.modules for q in m.checks]


def task_key(module_key: str, text: LocalizedText | str) -> str:
    raw = text.raw if isinstance(text, LocalizedText) else text
    digest = hashlib.sha1(repr(raw).encode("utf-8")).hexdigest()[:8]
    return f"{module_key}:{digest}"


def split_weeks(modules: Sequence[PathModule], hours_per_week: float) -> list[Week]:
    """Pack modules, in order, into weeks of ``hours_per_week`` hours."""
    weeks: list[Week] = []
    used = 0.0
    for module in modules:
        if weeks and weeks[-1].first == weeks[-1].last and \
                used + module.hours <= hours_per_week + 1e-9:
            weeks[-1].modules.append(module)
            used += module.hours
            continue
        first = weeks[-1].last + 1 if weeks else 1
        span = max(1, math.ceil(module.hours / hours_per_week - 1e-9))
        weeks.append(Week(first, first + span - 1, [module]))
        used = module.hours if span == 1 else hours_per_week
    return weeks
