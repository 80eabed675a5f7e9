"""Onboarding paths: an ordered, week-by-week ramp-up plan for every role.

A role's path is made of

* the modules written in ``onboarding/`` for all roles (``roles: all``) or naming the role;
* modules generated from the data: one per responsibility the role is accountable or
  responsible for, one on the lead types it works and its handoffs, one per funnel stage of
  the collateral meant for it, and one on the KPIs it is judged on.

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

import hashlib
import heapq
import math
from dataclasses import dataclass, field
from typing import Callable, Hashable, Iterable, Mapping, Sequence, TypeVar

from .catalog import N_
from .model import Check, Collateral, OnboardingModule, Play, Role
from .playbook import Playbook
from .text import LocalizedText

K = TypeVar("K", bound=Hashable)

# Groups, in the order they come when nothing else decides.
ALL_ROLES, THIS_ROLE, FUNNEL, RESPONSIBILITY, COLLATERAL, KPIS, PLAYS = range(7)


class CycleError(ValueError):
    """``after`` leads back to where it started; ``cycle`` lists it, first node repeated."""

    def __init__(self, cycle: list):
        self.cycle = cycle
        super().__init__(" -> ".join(str(n) for n in cycle))


def order(after: Mapping[K, Iterable[K]], key: Mapping[K, tuple]) -> list[K]:
    """Order nodes so each comes after all its ``after`` that are nodes too.

    Ties go to the smallest ``key``. Raises :class:`CycleError` naming one cycle.
    """
    nodes = list(after)
    deps = {n: {d for d in after[n] if d in after and d != n} for n in nodes}
    for n in nodes:
        if n in set(after[n]):
            raise CycleError([n, n])
    waiting = {n: len(deps[n]) for n in nodes}
    followers: dict[K, list[K]] = {n: [] for n in nodes}
    for n in nodes:
        for d in deps[n]:
            followers[d].append(n)
    ready = [(key[n], i, n) for i, n in enumerate(nodes) if waiting[n] == 0]
    heapq.heapify(ready)
    out: list[K] = []
    index = {n: i for i, n in enumerate(nodes)}
    while ready:
        _, _, n = heapq.heappop(ready)
        out.append(n)
        for f in followers[n]:
            waiting[f] -= 1
            if waiting[f] == 0:
                heapq.heappush(ready, (key[f], index[f], f))
    if len(out) < len(nodes):
        raise CycleError(_find_cycle({n: deps[n] for n in nodes if n not in set(out)}))
    return out


def _find_cycle(deps: Mapping[K, set[K]]) -> list[K]:
    """A cycle among nodes that all wait on each other (every node here is on or leads to one)."""
    start = min(deps, key=repr)
    seen: dict[K, int] = {}
    path: list[K] = []
    node = start
    while node not in seen:
        seen[node] = len(path)
        path.append(node)
        node = min((d for d in deps[node] if d in deps), key=repr)
    cycle = path[seen[node]:]
    return cycle + [cycle[0]]


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

    def title(self, kind: str, id: str) -> str:
        entity = self.pb.get(kind, id)
        return self.text(entity.title) if entity is not None else id  # type: ignore[attr-defined]

    def path(self, role: Role) -> OnboardingPath:
        modules = {m.key: m for m in self._authored(role)}
        self._add_prerequisites(modules)
        for module in self._generated(role):
            modules[module.key] = module
        keys = {k: (m.group, m.funnel, str(m.title).casefold(), k) for k, m in modules.items()}
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
            once = [t.about if t.about.startswith(("collateral:", "play:"))
                    else (t.about, str(t.text)) if t.about else None for t in module.tasks]
            kept = [t for t, key in zip(module.tasks, once) if key is None or key not in seen]
            seen.update(key for key in once if key is not None)
            if len(kept) < len(module.tasks):
                dropped = {tuple(t.about.split(":", 1)) for t in module.tasks
                           if t not in kept and t.about.startswith(("collateral:", "play:"))}
                module.tasks = kept
                module.links = [ln for ln in module.links
                                if (ln[0].removesuffix("s"), ln[1]) not in dropped]
                each = {COLLATERAL: self.effort.collateral_item, PLAYS: self.effort.play}
                if module.group in each:  # made of those tasks alone
                    if not kept:
                        continue
                    module.hours = round(each[module.group] * len(kept), 2)
            out.append(module)
        return out

    def _for_reader(self, items: Iterable[Collateral | Play]) -> list:
        """The items a reader is given as tasks: in their language, the hub's default
        language, or no language in particular."""
        return [item for item in items if self.pb.readable_in(item, self.language)]

    def _practise(self, play_id: str) -> str:
        """The task of practising a play: from its trigger to its exit criteria."""
        return self.say("Practise {play} with your buddy, from its trigger to its exit "
                        "criteria", play=self.title("plays", play_id))

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
        plays = pb.reader_order(self._for_reader(pb.referring("plays", "roles").get(role.id, [])),
                                self.language)
        if plays:
            key = "generated-plays"
            out.append(PathModule(
                key=key, title=say("The plays you run"),
                hours=round(effort.play * len(plays), 2), group=PLAYS,
                funnel=min(pb.stage_rank(s)[0] for p in plays for s in p.stages),
                body=say("What to do and say in the situations you will meet: practise each "
                         "play before you run it with a customer."),
                tasks=self._tasks(key, [(f"play:{p.id}", self._practise(p.id), ("plays", p.id))
                                        for p in plays]),
                links=[("plays", p.id) for p in plays]))
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
