"""Onboarding paths: an ordered, week-by-week ramp-up plan for every role.

A role's path is made of

* the modules written in ``onboarding/`` for all roles (``roles: all``) or naming the role;
* modules generated from the data: one per responsibility the role is accountable or
  responsible for, one on the lead types it works and its handoffs, one per funnel stage of
  the collateral meant for it, one on the KPIs it is judged on, and one for each kind that
  adds to paths (its ``Kind.path_part``: the plays the role runs, the objections it hears).

**Order.** A module comes after every module named in its ``after``. Among the modules
whose ``after`` are all placed, the next one is chosen by, in turn: its group (modules for
all roles, then modules for this role, then the generated ones: lead types and handoffs,
responsibilities, collateral, KPIs), its funnel position (the earliest stage its collateral
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

from typing import Callable, Iterable

from .catalog import N_
from .kinds import KINDS, part_kinds
from .kinds.collateral import Collateral
from .kinds.onboarding import OnboardingModule
from .kinds.plays import Play
from .kinds.roles import Role
from .playbook import Playbook
from .onboarding_plan import (ALL_ROLES, COLLATERAL, FUNNEL, KPIS, PARTS, RESPONSIBILITY,
                              THIS_ROLE, OnboardingPath, PathModule, Quiz, Task,
                              split_weeks, task_key)
from .ordering import order
from .text import LocalizedText


#: The reader of a PathBuilder who reads every language of the hub: each role's path holds
#: the tasks of its paths on every language's site (what the audit asks of them).
EVERY_LANGUAGE = "*"


class PathBuilder:
    """Builds the onboarding path of each role of a playbook.

    ``text`` renders a localized text and ``say`` translates the generated modules' words
    (English message with ``{placeholders}``), both in the language of the page being made.
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
        #: the group of each kind's module (Kind.path_part), and the starts of the keys of
        #: tasks that are about an item, asked for once on a path whatever their words
        self._parts = {PARTS + n: (folder, KINDS[folder].path_part)
                       for n, folder in enumerate(part_kinds())}
        self._items = ("collateral:", *(f"{part.about}:"  # type: ignore[union-attr]
                                        for _, part in self._parts.values()))
        #: the hours of each task of a module made of item tasks alone, by its group
        self._each = {COLLATERAL: self.effort.collateral_item,
                      **{group: getattr(self.effort, part.effort)  # type: ignore[union-attr]
                         for group, (_, part) in self._parts.items()}}

    def title(self, kind: str, id: str) -> str:
        entity = self.pb.get(kind, id)
        return self.text(entity.title) if entity is not None else id  # type: ignore[attr-defined]

    def path(self, role: Role) -> OnboardingPath:
        modules = {m.key: m for m in self._authored(role)}
        self._add_prerequisites(modules)
        for module in self._generated(role):
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
                              hours_per_week)

    def _once(self, modules: list[PathModule]) -> list[PathModule]:
        """Each task once on a path (an item once, whatever the words), in the first module
        that asks for it; a module of collateral left with none is dropped, and one with
        fewer takes less time."""
        seen: set[object] = set()
        out = []
        for module in modules:
            # (an item once, whatever the task's words; another task once per its words)
            once = [t.about if t.about.startswith(self._items)
                    else (t.about, str(t.text)) if t.about else None for t in module.tasks]
            kept = [t for t, key in zip(module.tasks, once) if key is None or key not in seen]
            seen.update(key for key in once if key is not None)
            if len(kept) < len(module.tasks):
                dropped = {t.subject for t in module.tasks
                           if t not in kept and t.about.startswith(self._items)}
                module.tasks = kept
                module.links = [ln for ln in module.links if ln not in dropped]
                if module.group in self._each:  # made of those tasks alone
                    if not kept:
                        continue
                    module.hours = round(self._each[module.group] * len(kept), 2)
            out.append(module)
        return out

    def _for_reader(self, items: Iterable[Collateral | Play]) -> list:
        """The items a reader is given as tasks: in their language, the hub's default
        language, or no language in particular (for EVERY_LANGUAGE: in any of the hub's
        languages, each path then holding what the paths of all its sites hold)."""
        if self.language == EVERY_LANGUAGE:
            languages = self.pb.hub.languages
            return [item for item in items if self.pb.item_language(item) in languages]
        return [item for item in items if self.pb.readable_in(item, self.language)]

    def _practise(self, play_id: str) -> str:
        """The task of practising a play: from its trigger to its exit criteria."""
        return self._part_task("plays", play_id)

    def _part_task(self, folder: str, id: str) -> str:
        """The task a kind's module of a path (Kind.path_part) gives for one entity."""
        kind = KINDS[folder]
        return self.say(kind.path_part.task,  # type: ignore[union-attr]
                        **{kind.singular: self.title(folder, id)})

    def _study(self, item: Collateral) -> str:
        """A task on an item, with the verb its type calls for."""
        kind = item.type
        if any(w in kind for w in ("video", "webinar")):
            message = N_("Watch {item} and note when you would use it")
        elif any(w in kind for w in ("podcast", "audio", "recording")):
            message = N_("Listen to {item} and note when you would use it")
        elif any(w in kind for w in ("script", "template", "battlecard", "checklist")):
            message = N_("Practise with {item} and note when you would use it")
        else:
            message = N_("Read {item} and note when you would use it")
        return self.say(message, item=self.title("collateral", item.id))

    def paths(self) -> list[OnboardingPath]:
        return [self.path(role) for _, roles in self.pb.teams for role in roles]

    # -- authored modules -------------------------------------------------------------

    def _authored(self, role: Role) -> list[PathModule]:
        out = []
        for module in self.pb.onboarding.values():
            if module.roles == "all":
                out.append(self._from_yaml(module, ALL_ROLES))
            elif role.id in module.roles:
                out.append(self._from_yaml(module, THIS_ROLE))
        return out

    def _from_yaml(self, module: OnboardingModule, group: int) -> PathModule:
        items = [self.pb.collateral[c] for c in module.collateral if c in self.pb.collateral]
        plays = [p for p in module.plays if p in self.pb.plays]
        return PathModule(
            key=module.id, title=module.title, hours=module.hours, group=group,
            funnel=self._funnel(items), body=module.body,
            tasks=[Task(task_key(module.id, t), t, slot=f"{module.id}#{i}")
                   for i, t in enumerate(module.tasks)]
            + self._tasks(module.id, [(f"play:{p}", self._practise(p), ("plays", p))
                                      for p in plays]),
            links=[("collateral", c.id) for c in items] + [("plays", p) for p in plays],
            after=list(module.after),
            source=self.pb.source_of("onboarding", module.id).file.display,
            checks=[Quiz(task_key(f"{module.id}:check", c.question), c,
                         self.pb.fingerprint_of([c.choices, c.answer]),
                         f"{module.id}:check#{i}") for i, c in enumerate(module.checks)],
        )

    def _add_prerequisites(self, modules: dict[str, PathModule]) -> None:
        queue = list(modules.values())
        while queue:
            module = queue.pop()
            for dep in module.after:
                if dep in modules:
                    if modules[dep].needed_by:
                        modules[dep].needed_by.append(module.title)
                    continue
                source = self.pb.onboarding.get(dep)
                if source is None:
                    continue
                added = self._from_yaml(source, THIS_ROLE)
                added.needed_by.append(module.title)
                modules[dep] = added
                queue.append(added)

    # -- generated modules ------------------------------------------------------------

    def _funnel(self, items: Iterable[Collateral]) -> int:
        ranks = [self.pb.stage_rank(s)[0] for item in items for s in item.stages
                 if s in self.pb.lead_types]
        return min(ranks) if ranks else -1

    def _tasks(self, key: str, tasks: list[tuple[str, str, tuple[str, str]]]) -> list[Task]:
        """Generated tasks keyed by what they are about, not by their words, so a tick
        survives a change of wording or language; each of a version of its subject."""
        return [Task(task_key(key, about), text, about, subject,
                     self.pb.fingerprint(*subject)) for about, text, subject in tasks]

    def _generated(self, role: Role) -> list[PathModule]:
        pb, effort, say, title = self.pb, self.effort, self.say, self.title
        out: list[PathModule] = []
        works = [lt for lt in pb.funnel if lt.id in role.works]
        handoffs = pb.handoffs_from(role.id)
        incoming = pb.handoffs_to.get(role.id, [])
        if works or handoffs or incoming:
            key = "generated-funnel"
            tasks = [(f"works:{lt.id}", say("Explain, in your own words, when a lead is a "
                                             "{lead_type} and what you do with it",
                                             lead_type=title("lead-types", lt.id)),
                      ("lead-types", lt.id)) for lt in works]
            tasks += [(f"handoff:{h.to}:{h.lead_type}",
                       say("Walk through the handoff of {lead_type} leads with the {role}",
                           lead_type=title("lead-types", h.lead_type), role=title("roles", h.to)),
                       ("lead-types", h.lead_type)) for h in handoffs]
            tasks += [(f"incoming:{r.id}:{h.lead_type}",
                       say("Ask the {role} how they hand you {lead_type} leads",
                           role=title("roles", r.id), lead_type=title("lead-types", h.lead_type)),
                       ("lead-types", h.lead_type)) for r, h in incoming]
            links = [("lead-types", lt.id) for lt in works]
            links += [("roles", h.to) for h in handoffs] + [("roles", r.id) for r, _ in incoming]
            out.append(PathModule(
                key=key, title=say("The leads you work and your handoffs"),
                hours=effort.lead_types, group=FUNNEL,
                funnel=min((pb.stage_rank(lt.id)[0] for lt in works), default=-1),
                body=say("Where your leads sit in the funnel, what qualifies them, and whom "
                         "you pass them to (or receive them from), and when."),
                tasks=self._tasks(key, tasks), links=list(dict.fromkeys(links))))
        for resp, letters in pb.raci_by_role.get(role.id, []):
            if "A" not in letters and "R" not in letters:
                continue
            key = f"generated-responsibility-{resp.id}"
            items = self._for_reader(pb.collateral[c] for c in resp.collateral
                                     if c in pb.collateral)
            name = self.text(resp.title)
            tasks = [("read", say("Read what {responsibility} means and who else takes part",
                                  responsibility=name), ("responsibilities", resp.id))]
            tasks += [(f"metric:{m}", say("Learn how {metric} is measured",
                                          metric=title("metrics", m)), ("metrics", m))
                      for m in resp.metrics if m in pb.metrics]
            tasks += [(f"collateral:{c.id}", self._study(c), ("collateral", c.id))
                      for c in items]
            what = (say("You are accountable for this.") if "A" in letters
                    else say("You are responsible for this."))
            out.append(PathModule(
                key=key, title=say("Responsibility: {responsibility}", responsibility=name),
                hours=effort.responsibility, group=RESPONSIBILITY, funnel=self._funnel(items),
                body=what + (" " + self.text(resp.description) if resp.description else ""),
                tasks=self._tasks(key, tasks),
                links=[("responsibilities", resp.id)]
                + [("metrics", m) for m in resp.metrics if m in pb.metrics]
                + [("collateral", c.id) for c in items]))
        meant = self._for_reader(pb.referring("collateral", "roles").get(role.id, []))
        for stage, items in pb.by_first_stage(meant, self.language):
            key = f"generated-collateral-{stage.id if stage else 'any-stage'}"
            label = self.text(stage.title) if stage else ""
            tasks = [(f"collateral:{c.id}", self._study(c), ("collateral", c.id))
                     for c in items]
            out.append(PathModule(
                key=key,
                title=(say("Collateral for the {stage} stage", stage=label) if stage
                       else say("Collateral for any stage")),
                hours=round(effort.collateral_item * len(items), 2), group=COLLATERAL,
                funnel=pb.stage_rank(stage.id)[0] if stage else 10**6,
                body=(say("The material meant for you at the {stage} stage.", stage=label)
                      if stage else say("Material meant for you that serves every stage.")),
                tasks=self._tasks(key, tasks),
                links=[("collateral", c.id) for c in items]))
        for group, (folder, part) in self._parts.items():
            items = pb.reader_order(
                self._for_reader(pb.referring(folder, "roles").get(role.id, [])), self.language)
            if not items:
                continue
            key = f"generated-{folder}"
            out.append(PathModule(
                key=key, title=say(part.title),
                hours=round(getattr(effort, part.effort) * len(items), 2), group=group,
                funnel=min((pb.stage_rank(s)[0] for e in items for s in e.stages
                            if s in pb.lead_types), default=10**6),
                body=say(part.body), origin=part.origin,
                tasks=self._tasks(key, [(f"{part.about}:{e.id}", self._part_task(folder, e.id),
                                         (folder, e.id)) for e in items]),
                links=[(folder, e.id) for e in items]))
        kpis = [m for m in role.kpis if m in pb.metrics]
        if kpis:
            key = "generated-kpis"
            tasks = [(f"metric:{m}", say("Find your current {metric} and its target",
                                         metric=title("metrics", m)), ("metrics", m))
                     for m in kpis]
            out.append(PathModule(
                key=key, title=say("The KPIs you are judged on"),
                hours=round(effort.kpi * len(kpis), 2), group=KPIS, funnel=-1,
                body=say("The numbers your manager will review with you, how each is "
                         "computed, and what good looks like."),
                tasks=self._tasks(key, tasks),
                links=[("metrics", m) for m in kpis]))
        return out
