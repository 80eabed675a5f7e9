"""The whole hub as one object: every entity by kind and id, and the relations between them.

Who refers to whom is asked one way for every pair of kinds (:meth:`Playbook.referring`: a
responsibility names its roles; a role's page lists its responsibilities); what a kind says
of the whole hub beyond that (the funnel's order, the RACI by role, the teams) it declares
(Kind.relations), and the playbook answers to its name (``pb.funnel``). Each is made once,
so templates never search the data themselves. This module names no kind.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Hashable, Iterable, Iterator, Mapping, TypeVar

from .catalog import Words, words
from .drafts import Draft
from .kinds import KINDS, RELATIONS, Kind, kind_of, refs
from .hub_model import Hub
from .model import Entity
from .sources import SourceFile
from .text import LocalizedText
from .yaml_loader import Document

T = TypeVar("T")



@dataclass(frozen=True, order=True)
class Due:
    """When an item falls due for review, and the field that sets the date
    (``review_by``, or ``updated`` plus the kind's limit)."""

    date: dt.date
    field: str


@dataclass(frozen=True)
class Source:
    """Where an entity came from: the file and its parsed document (for line numbers)."""

    file: SourceFile
    doc: Document


@dataclass
class Playbook:
    root: Path
    data_dir: Path
    docs_dir: Path
    hub: Hub
    hub_source: Source | None = None
    entities: dict[str, dict[str, Entity]] = field(
        default_factory=lambda: {kind: {} for kind in KINDS})
    sources: dict[tuple[str, str], Source] = field(default_factory=dict)
    #: (kind, id) of files that exist but failed to load: references to them are not
    #: reported again as dangling.
    broken: set[tuple[str, str]] = field(default_factory=set)
    #: kinds whose whole folder was refused (a link out of the hub): the same
    broken_kinds: set[str] = field(default_factory=set)
    #: (kind, id) -> the files that failed their model, whose references are still checked
    drafts: dict[tuple[str, str], Draft] = field(default_factory=dict)
    #: the hub's own words for our pages, per language (``i18n/<lang>.yml``), and their files
    catalogs: dict[str, dict[str, str]] = field(default_factory=dict)
    catalog_sources: dict[str, Source] = field(default_factory=dict)
    _words: dict[str, Words] = field(default_factory=dict, repr=False, compare=False)
    _fingerprints: dict[tuple[str, str], str] = field(default_factory=dict, repr=False,
                                                       compare=False)
    _referring: dict[tuple, dict[str, list]] = field(default_factory=dict, repr=False,
                                                     compare=False)
    _made: dict[Hashable, Any] = field(default_factory=dict, repr=False, compare=False)
    #: while a page renders in `mkdocs serve`, what it reads of who refers to what
    #: (:meth:`referring`): :func:`referrers_read` for each entity whose referrers it looks
    #: up, ``(kind, "*")`` when it goes through all of them; an edit that changes what
    #: those are renders it again (set by :class:`playbook.render.Renderer`)
    reads: set[tuple[str, str]] | None = field(default=None, repr=False, compare=False)

    def add(self, kind: str, entity: Entity, source: Source) -> None:
        self.entities[kind][entity.id] = entity
        self.sources[(kind, entity.id)] = source

    def of(self, kind: Kind) -> dict[str, Entity]:
        """The entities of ``kind``, by id (``pb.of(role_kind())``)."""
        return self.entities[kind.folder]

    def get(self, kind: str, id: str) -> Entity | None:
        return self.entities[kind].get(id)

    def exists(self, kind: str, id: str) -> bool:
        return id in self.entities[kind] or (kind, id) in self.broken \
            or kind in self.broken_kinds

    def drafts_of(self, kind: str) -> list[Draft]:
        """The files of ``kind`` that failed their model, by id."""
        return [draft for (of, _), draft in sorted(self.drafts.items()) if of == kind]

    def source_of(self, kind: str, id: str) -> Source:
        """Where an entity (or a file that failed its model: a draft) was read from."""
        found = self.sources.get((kind, id))
        if found is None:
            draft = self.drafts[(kind, id)]
            found = Source(draft.file, draft.doc)
        return found

    def made_once(self, key: Hashable, make: Callable[[], T]) -> T:
        """What ``make()`` returns, made the first time ``key`` is asked for this hub and
        kept: for what every language's render of the hub computes alike (the audit). What
        making it read (:attr:`reads`) is noted for every page that takes it, not only for
        the one that made it."""
        if key not in self._made:
            outer, self.reads = self.reads, set()
            try:
                value = make()
            finally:
                read, self.reads = self.reads, outer
            self._made[key] = (value, tuple(read))
        value, read = self._made[key]
        if self.reads is not None:
            for each in read:
                self.reads.add(each)
        return value

    def words(self, lang: str | None = None) -> Words:
        """Our words in ``lang`` (the default language when None), the hub's own first."""
        lang = lang or self.default_language
        found = self._words.get(lang)
        if found is None:
            found = self._words[lang] = words(lang, self.catalogs)
        return found

    # -- the kinds ------------------------------------------------------------------------

    def __getattr__(self, name: str) -> Any:
        """The entities of a kind, by id, named after its folder: ``pb.roles``,
        ``pb.lead_types`` (``lead-types/``), for every kind of the registry; or a relation
        a kind declares (``pb.raci_by_role``: Kind.relations), made the first time it is
        asked and kept."""
        entities = self.__dict__.get("entities")
        if entities is None or name.startswith("_"):
            raise AttributeError(name)
        folder = name.replace("_", "-")
        if folder in entities:
            return entities[folder]
        make = RELATIONS.get(name)
        if make is None:
            raise AttributeError(name)
        made = self.__dict__[name] = make(self)
        return made

    @property
    def default_language(self) -> str:
        return self.hub.default_language

    # -- derived relations ----------------------------------------------------------------

    def title_key(self, entity: Entity) -> tuple[str, str]:
        return (str(entity.title).casefold(), entity.id)  # type: ignore[attr-defined]

    def by_first_stage(self, items: Iterable[Entity], lang: str | None = None
                       ) -> list[tuple[Entity | None, list]]:
        """Each entity once, under the earliest stage it names; those naming none last.
        Within a stage, by title; for a reader of ``lang``, those in it first."""
        groups: dict[str, list] = defaultdict(list)
        for item in sorted(items, key=self.title_key):
            known = [s for s in item.stages if self.is_stage(s)]  # type: ignore[attr-defined]
            groups[min(known, key=self.stage_rank) if known else ""].append(item)
        order = (lambda group: self.reader_order(group, lang)) if lang else list
        out: list[tuple[Entity | None, list]] = [
            (lt, order(groups[lt.id])) for lt in self.funnel if lt.id in groups]
        if "" in groups:
            out.append((None, order(groups[""])))
        return out

    def item_language(self, item: Entity) -> str:
        return item.language or self.default_language

    def readable_in(self, item: Entity, lang: str) -> bool:
        """Whether a reader of ``lang`` is given ``item``: it is in their language or in the
        hub's default one (which the site shows where a text is not translated)."""
        return self.item_language(item) in (lang, self.default_language)

    def reader_order(self, items: Iterable[Entity], lang: str) -> list:
        """``items`` (in their order) for a reader of ``lang``: those in it first, then
        those in the hub's default language, then the rest."""
        rank = {lang: 0, self.default_language: 1}
        return sorted(items, key=lambda item: rank.get(self.item_language(item), 2))

    def for_reader(self, items: Iterable[Entity], lang: str
                   ) -> tuple[list[Entity], list[tuple[str, list[Entity]]]]:
        """What a reader of ``lang`` is given of ``items``: those in their language or in
        the hub's default one (which the site shows where a text is not translated); and,
        apart, the items only in other languages, by language, to offer as "also
        available in"."""
        mine: list[Entity] = []
        others: dict[str, list[Entity]] = defaultdict(list)
        for item in items:
            if self.readable_in(item, lang):
                mine.append(item)
            else:
                others[self.item_language(item)].append(item)
        return self.reader_order(mine, lang), sorted(others.items())

    def fingerprint(self, kind: str, id: str) -> str:
        """A short digest of an entity's file as the hub's default language reads it: it
        changes with the entity, but not when a text of it is translated (the reader of one
        language site and another sees the same version)."""
        key = (kind, id)
        found = self._fingerprints.get(key)
        if found is None:
            source = self.sources.get(key)
            found = self._fingerprints[key] = (
                self.fingerprint_of(source.doc.data) if source is not None else "")
        return found

    def fingerprint_of(self, value: object) -> str:
        """:meth:`fingerprint` of a value (raw data, or texts of a model)."""
        return hashlib.sha1(repr(self._plain(value)).encode("utf-8")).hexdigest()[:8]

    def _plain(self, value: object) -> object:
        """``value`` with each text in the hub's default language only."""
        default = self.default_language
        if isinstance(value, LocalizedText):
            return value.resolve(default, default)[0]
        if isinstance(value, dict):
            if value and set(value) <= set(self.hub.languages) and all(
                    isinstance(v, str) for v in value.values()):
                return value.get(default, next(iter(value.values())))
            return {str(k): self._plain(v) for k, v in sorted(value.items(), key=str)}
        if isinstance(value, (list, tuple)):
            return [self._plain(v) for v in value]
        return value

    def stale_limit(self, item: Entity) -> int:
        """After how many days without an update ``item`` is stale: the hub.yml setting
        its kind names (battlecards have their own, shorter, limit)."""
        return getattr(self.hub, kind_of(item).stale_after or "stale_after_days")

    def due(self, item: Entity) -> Due | None:
        """When ``item`` falls due for review: the earlier of its ``review_by`` and its
        ``updated`` plus the kind's limit; None when it has neither date. The one rule of
        staleness: an item is stale the day after it falls due."""
        dates = []
        if item.review_by is not None:
            dates.append(Due(item.review_by, "review_by"))
        if item.updated is not None:
            dates.append(Due(item.updated + dt.timedelta(days=self.stale_limit(item)),
                             "updated"))
        return min(dates, key=lambda d: d.date) if dates else None

    def is_stale(self, item: Entity, today: dt.date) -> bool:
        """Stale: ``review_by`` has passed, or ``updated`` is older than the kind's limit
        (stale_after_days, or stale_after_days_competitors for a battlecard)."""
        due = self.due(item)
        return due is not None and due.date < today

    def stale_reason(self, item: Entity, today: dt.date,
                     lang: str = "en") -> str:
        """Why ``item`` is stale, in ``lang`` (English for the command line); empty when
        it is not."""
        due = self.due(item)
        if due is None or due.date >= today:
            return ""
        words = self.words(lang)
        if due.field == "review_by":
            return words("its review date {date} has passed", date=due.date.isoformat())
        updated = item.updated
        assert updated is not None
        return words("last updated {date}, {days} days ago (more than {limit})",
                     date=updated.isoformat(), days=(today - updated).days,
                     limit=self.stale_limit(item))

    def referring(self, kind: str, target: str, *fields: str) -> Mapping[str, list]:
        """Who refers to what: per id of the kind ``target``, the entities of ``kind`` that
        name it in a reference field the registry declares (only in the top-level
        ``fields``, when given: a role's `works`, not its `handoffs`), each once, by
        title. One way to ask it for every pair of kinds, computed once per pair."""
        key = (kind, target, fields)
        found = self._referring.get(key)
        if found is None:
            specs = [ref.field for ref in KINDS[kind].references
                     if ref.target == target and (not fields or ref.name in fields)]
            found = self._referring[key] = self._inverse(
                self.entities[kind].values(),
                lambda e: [id for spec in specs for _, id in refs(e, spec) if id])
        if self.reads is not None:
            return Referrers(found, self.reads, kind, target)
        return found

    def referrer_ids(self, kind: str, target: str, id: str) -> tuple[str, ...]:
        """The ids of the entities of ``kind`` that name ``id`` of ``target``, in order,
        read without noting it (:attr:`reads`)."""
        reads, self.reads = self.reads, None
        try:
            return tuple(e.id for e in self.referring(kind, target).get(id, []))
        finally:
            self.reads = reads

    def _inverse(self, entities: Iterable[Entity], names) -> dict[str, list]:
        out: dict[str, list] = defaultdict(list)
        for entity in sorted(entities, key=self.title_key):
            for ref in dict.fromkeys(names(entity)):
                out[ref].append(entity)
        return out


def referrers_read(kind: str, target: str, id: str) -> tuple[str, str]:
    """What a page reads when it looks up the entities of ``kind`` that name the entity
    ``id`` of the kind ``target`` (:attr:`Playbook.reads`): they change when an entity of
    ``kind`` that names it, before or after an edit, changes."""
    return f"{kind}<-", f"{target}/{id}"


def referrers_of(read: tuple[str, str]) -> tuple[str, str, str] | None:
    """The kind, target and id of a :func:`referrers_read`; None for any other read."""
    kind, id = read
    if not kind.endswith("<-"):
        return None
    target, _, of = id.partition("/")
    return kind[:-2], target, of


class Referrers(Mapping[str, list]):
    """Who of ``kind`` refers to each entity of ``target`` (:meth:`Playbook.referring`),
    noting in ``reads`` what a page looks up: the referrers of one entity, or, going
    through them all, the whole kind."""

    def __init__(self, found: dict[str, list], reads: set[tuple[str, str]], kind: str,
                 target: str) -> None:
        self._found, self._reads, self._kind, self._target = found, reads, kind, target

    def __getitem__(self, id: str) -> list:
        self._reads.add(referrers_read(self._kind, self._target, id))
        if id not in self._found:  # (a defaultdict, which would add it)
            raise KeyError(id)
        return self._found[id]

    def __contains__(self, id: object) -> bool:
        if isinstance(id, str):
            self._reads.add(referrers_read(self._kind, self._target, id))
        return id in self._found

    def __iter__(self) -> Iterator[str]:
        self._reads.add((self._kind, "*"))
        return iter(self._found)

    def __len__(self) -> int:
        self._reads.add((self._kind, "*"))
        return len(self._found)
