"""Onboarding paths: an ordered, week-by-week ramp-up plan for every role.

A role's path is made of what each kind adds to it (the registry's ``path_makers``):

* the modules written in the hub for all roles (``roles: all``) or naming the role, and
  those they need first (the onboarding kind's ``Kind.path``);
* modules generated from the data (the other kinds' ``Kind.path``): one on the lead types
  the role works and its handoffs, one per responsibility it is accountable or responsible
  for, one per funnel stage of the collateral meant for it, one on the KPIs it is judged
  on;
* and a module for each kind that lists what names the role (its ``Kind.path_part``: the
  plays the role runs, the objections it hears).

This module knows no kind: it asks the registry, and gives the kinds' makers the helpers
they make modules with (:class:`PathBuilder`).

**Order.** A module comes after every module named in its ``after``. Among the modules
whose ``after`` are all placed, the next one is chosen by, in turn: its group (its kind's
rank: modules for all roles, then modules for this role, then the generated ones: lead
types and handoffs, responsibilities, collateral, KPIs, plays, objections), its funnel position (the earliest stage its collateral
serves; modules serving no stage first), its title, its id. The same data always gives the
same path.

**An ``after`` outside the path.** When a module on the path comes after a module that is
not meant for this role, that module is added to the path as a prerequisite, and the page
says why ("needed before ..."). A rep never meets a module whose groundwork was skipped.

**Weeks.** Modules are packed in order into weeks of ``onboarding.hours_per_week`` hours; a
module that does not fit in what is left of a week starts the next one, and a module longer
than a week takes as many weeks as it needs.
"""

from __future__ import annotations

from typing import Any, Callable, Iterable

from .kinds import KINDS, PathMaker, PathPart, kind_of, path_makers
from .onboarding_plan import OnboardingPath, PathModule, Task, split_weeks, task_key
from .ordering import order
from .playbook import Playbook
from .model import Entity
from .text import LocalizedText

__all__ = ["EVERY_LANGUAGE", "OnboardingPath", "PathBuilder", "task_key"]


#: The reader of a PathBuilder who reads every language of the hub: each role's path holds
#: the tasks of its paths on every language's site (what the audit asks of them).
EVERY_LANGUAGE = "*"


class PathBuilder:
    """Builds the onboarding path of each role of a playbook, from what each kind adds.

    ``text`` renders a localized text and ``say`` translates the generated modules' words
    (English message with ``{placeholders}``), both in the language of the page being made.
    The kinds' makers (:class:`playbook.kinds.base.PathMaker`) read the playbook (``pb``),
    the hours of hub.yml (``effort``) and the reader's ``language``, and make modules with
    :meth:`tasks`, :meth:`title`, :meth:`for_reader`, :meth:`funnel` and :meth:`part_task`.
    """

    def __init__(self, playbook: Playbook,
                 text: Callable[[LocalizedText | str], str] | None = None,
                 say: Callable[..., str] | None = None, language: str | None = None):
        self.pb = playbook
        #: the reader's language: items in it or in the hub's default language are tasks,
        #: items only in a third language are not
        self.language = language or playbook.default_language
        self.effort = playbook.hub.onboarding.effort
        self.text = text or (lambda value: str(value))
        self.say = say or (lambda message, **values: message.format(**values))
        self._makers = path_makers()
        #: the starts of the keys of tasks that are about an item, asked for once on a
        #: path whatever their words
        self._items = tuple(f"{item}:" for item in (
            made.item if isinstance(made, PathMaker) else made.about
            for _, made in self._makers) if item)

    def title(self, kind: str, id: str) -> str:
        entity = self.pb.get(kind, id)
        return self.text(entity.title) if entity is not None else id  # type: ignore[attr-defined]

    def path(self, role: Entity) -> OnboardingPath:
        modules: dict[str, PathModule] = {}
        for folder, made in self._makers:
            if isinstance(made, PathMaker):
                for module in made.make(self, role, made.rank):
                    module.part = made.groups[module.group - made.rank]
                    modules[module.key] = module
            else:
                for module in self._part(folder, made, role):
                    modules[module.key] = module
        # (a module written in the hub by its title in the hub's default language, a
        # generated one by its key: never by words in the reader's language, so that the
        # order, which of two modules keeps a task they share, and with it the task's key
        # and the reader's tick, are the same in every language's site)
        default = self.pb.default_language
        keys = {k: (m.group, m.funnel, m.title.get(default, default).casefold()
                    if isinstance(m.title, LocalizedText) else "", k)
                for k, m in modules.items()}
        ordered = self._once([modules[k]
                              for k in order({k: m.after for k, m in modules.items()}, keys)])
        hours_per_week = self.pb.hub.onboarding.hours_per_week
        return OnboardingPath(role, ordered, split_weeks(ordered, hours_per_week),
                              hours_per_week, (kind_of(role).folder, role.id))

    def _once(self, modules: list[PathModule]) -> list[PathModule]:
        """Each task once on a path (an item once, whatever the task's words; another task
        once per its words), in the first module that asks for it; a module made of item
        tasks alone is dropped when it is left with none, and takes less time with fewer."""
        seen: set[object] = set()
        out = []
        for module in modules:
            once = [t.about if t.about.startswith(self._items)
                    else (t.about, str(t.text)) if t.about else None for t in module.tasks]
            kept = [t for t, key in zip(module.tasks, once) if key is None or key not in seen]
            seen.update(key for key in once if key is not None)
            if len(kept) < len(module.tasks):
                dropped = {t.subject for t in module.tasks
                           if t not in kept and t.about.startswith(self._items)}
                module.tasks = kept
                module.links = [ln for ln in module.links if ln not in dropped]
                if module.hours_each is not None:
                    if not kept:
                        continue
                    module.hours = round(module.hours_each * len(kept), 2)
            out.append(module)
        return out

    def roles(self) -> list[Entity]:
        """The roles with a path, in the order of the paths."""
        return [role for _, roles in self.pb.teams for role in roles]

    def paths(self) -> list[OnboardingPath]:
        return [self.path(role) for role in self.roles()]

    # -- what the kinds' makers use ------------------------------------------------------

    def for_reader(self, items: Iterable[Any]) -> list:
        """The items a reader is given as tasks: in their language, the hub's default
        language, or no language in particular (for EVERY_LANGUAGE: in any of the hub's
        languages, each path then holding what the paths of all its sites hold)."""
        if self.language == EVERY_LANGUAGE:
            languages = self.pb.hub.languages
            return [item for item in items if self.pb.item_language(item) in languages]
        return [item for item in items if self.pb.readable_in(item, self.language)]

    def funnel(self, items: Iterable[Any]) -> int:
        """The earliest funnel position the items serve (their ``stages``); -1: none."""
        ranks = [self.pb.stage_rank(s)[0] for item in items for s in item.stages
                 if self.pb.is_stage(s)]
        return min(ranks) if ranks else -1

    def tasks(self, key: str, tasks: list[tuple[str, str, tuple[str, str]]]) -> list[Task]:
        """Generated tasks keyed by what they are about, not by their words, so a tick
        survives a change of wording or language; each of a version of its subject."""
        return [Task(task_key(key, about), text, about, subject,
                     self.pb.fingerprint(*subject)) for about, text, subject in tasks]

    def part_task(self, folder: str, id: str) -> str:
        """The task a kind's module of a path (Kind.path_part) gives for one entity."""
        kind = KINDS[folder]
        return self.say(kind.path_part.task,  # type: ignore[union-attr]
                        **{kind.singular: self.title(folder, id)})

    def _part(self, folder: str, part: PathPart, role: Entity) -> list[PathModule]:
        """A kind's module of the entities that name the role (Kind.path_part)."""
        pb = self.pb
        items = pb.reader_order(
            self.for_reader(pb.referring(folder, kind_of(role).folder).get(role.id, [])),
            self.language)
        if not items:
            return []
        key = f"generated-{folder}"
        each = getattr(self.effort, part.effort)
        return [PathModule(
            key=key, title=self.say(part.title), hours=round(each * len(items), 2),
            group=part.rank, funnel=min((pb.stage_rank(s)[0] for e in items for s in e.stages
                                         if pb.is_stage(s)), default=10**6),
            body=self.say(part.body), origin=part.origin, part=folder, hours_each=each,
            tasks=self.tasks(key, [(f"{part.about}:{e.id}", self.part_task(folder, e.id),
                                    (folder, e.id)) for e in items]),
            links=[(folder, e.id) for e in items])]
