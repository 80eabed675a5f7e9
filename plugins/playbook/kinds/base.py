"""What every kind is declared with: :class:`Kind`, its references (:class:`Ref`), the
walk along a reference's field path, and what `playbook new` makes a kind's example file
from (:class:`Example`). A kind's own module (:mod:`playbook.kinds.objections`) imports
these; the registry (:mod:`playbook.kinds`) gathers the kinds."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any, Callable, Iterator

from ..model import Entity

#: A reference target that is not a kind but a list of hub.yml: the hub's teams (kinds
#: bring lists of their own, Setting.word).
TEAM = "hub.teams"


@dataclass(frozen=True)
class Setting:
    """A setting of hub.yml a kind brings (a kind's, in :attr:`Kind.settings`; the hours of
    a kind's onboarding modules, in :attr:`Kind.efforts`): its name, its type and its
    pydantic ``Field`` (default and description). hub.yml's model is the hub's own settings
    and every kind's (:mod:`playbook.hub_model`)."""

    name: str
    annotation: Any
    field: Any
    #: how a message calls one value when the setting is a list of ids a reference may
    #: name (its :attr:`target`): "objection category"
    word: str = ""
    #: the setting it takes the value of when hub.yml gives that one and not this one
    #: (stale_after_days_objections follows stale_after_days)
    follows: str = ""

    @property
    def target(self) -> str:
        """What a reference names as its target to name one of the list's values."""
        return f"hub.{self.name}"


@dataclass(frozen=True)
class Ref:
    """A field that names other entities: ``field`` is a path such as ``works[]`` or
    ``handoffs[].to``; ``target`` a kind's folder, or a list of hub.yml (:data:`TEAM`, a
    kind's :attr:`Setting.target`)."""

    field: str
    target: str
    #: the references of this field must not lead back to where they started (a role that
    #: reports to itself through others; an onboarding module after itself)
    acyclic: bool = False

    @property
    def name(self) -> str:
        """The top-level field: ``handoffs`` for ``handoffs[].to``."""
        return self.field.split(".")[0].removesuffix("[]")


@dataclass(frozen=True)
class PathPart:
    """What a kind adds to every role's onboarding path: a module of the entities of the
    kind that name the role, each a task, in the reader's language or the hub's. Words are
    catalog messages; ``task`` names the entity as ``{<the kind's singular>}``."""

    rank: int  # where the module comes on a path when nothing else decides (PathMaker's)
    effort: str  # the setting of hub.yml's onboarding.effort: hours per entity
    title: str  # the module's title
    body: str  # what the module is for
    task: str  # the task of one entity
    origin: str  # said with the module, where it comes from ("from the plays you run")
    about: str  # the start of its tasks' keys ("play" -> play:<id>), kept for ticks


@dataclass(frozen=True)
class PathMaker:
    """What a kind makes of the data for every role's onboarding path, when it is more than
    a :class:`PathPart`'s one list: the modules written for the role, one on the lead types
    it works, one per responsibility it holds. ``make(builder, role, group)`` returns them,
    made with the builder's helpers (:class:`playbook.onboarding.PathBuilder`: ``module``,
    ``tasks``, ``say``, ``title``, ``for_reader``...), in the group ``group`` (its ``rank``)
    or those after it that it names in ``groups``."""

    #: where its modules come on a path when nothing else decides: the lower first (the
    #: modules written in the hub 0 and 1, then lead types 2, responsibilities 3,
    #: collateral 4, KPIs 5, the kinds' parts 6 and on)
    rank: int
    make: Callable[[Any, Any, int], list]
    #: what its groups are called in the data export, the first ``rank``, the next
    #: ``rank + 1`` (the onboarding kind's: ``all-roles``, then ``role``)
    groups: tuple[str, ...] = ()
    #: the start of the keys of its tasks about one item (``collateral``: collateral:<id>),
    #: which a path asks for once, whatever the words of the modules that ask
    item: str = ""


@dataclass(frozen=True)
class Gap:
    """What the content audit lists (its page and `playbook audit`): the entities of the hub
    that lack something, as a kind finds them (lead types nothing feeds, stages no play is
    for)."""

    name: str  # how the audit's template calls the list (``a.unfed_lead_types``)
    find: Callable[[Any], list]  # the playbook -> the entities, in the order shown
    #: the table of `playbook audit` it is shown in (gaps of one section share it), its
    #: columns and the cells of one entity
    section: str
    columns: tuple[str, ...]
    row: Callable[[Any], list[str]]


@dataclass(frozen=True)
class Export:
    """What the data export (`playbook export`, playbook.json) adds to entities beyond their
    fields and references (the RACI of a role and of a responsibility)."""

    name: str  # the entity's field in the export
    kinds: tuple[str, ...]  # the kinds whose entities have it
    schema: dict[str, Any]  # its JSON Schema
    #: the playbook -> the value of each entity that has one, by (kind, id)
    values: Callable[[Any], dict[tuple[str, str], Any]]


@dataclass(frozen=True)
class Kind:
    folder: str  # the folder of its files, and the start of its pages' paths
    model: type[Entity]
    singular: str  # how messages call one ("lead type") ...
    plural: str  # ... and several ("lead types")
    references: tuple[Ref, ...]
    template: str  # the template of an entity's page
    index_template: str  # the template of the kind's index page
    index_title: str  # the index page's title (a catalog key), also its nav entry
    search_kind: str  # the id search results of its pages are narrowed by (`kind:role`)
    search_label: str  # the label of that filter (a catalog key)
    #: the label of the button under the search box that shows only its pages (a catalog
    #: key); None: no button
    search_button: str | None = None
    #: one page per role instead of one per entity (onboarding paths)
    page_per_role: bool = False
    #: a hub must have its folder (a hub defines at least one role)
    required: bool = False
    #: a reader picks one of its entities as theirs (their role): each has the pages made
    #: per role (page_per_role), a handbook, a feed and a start on the home page
    picked: bool = False
    #: an entity of it whose field (the first) holds the value (the second) is for every
    #: role (an onboarding module with ``roles: all``)
    for_every_role: tuple[str, str] | None = None
    #: scaffold aliases for `playbook new` besides the folder and the singular
    aliases: tuple[str, ...] = field(default_factory=tuple)
    #: staleness: the setting of hub.yml with the days after which an entity not updated
    #: (nor reviewed) is stale; None: the kind never goes stale. Then how a warning calls
    #: one ("the item is stale") and how a review queue does ("collateral").
    stale_after: str | None = None
    stale_word: str = ""
    review_word: str = ""
    #: the facets its search results can be narrowed by, besides the kind (Pagefind
    #: filters its pages carry, see the templates' ``search_meta``): of ``type`` (the
    #: hub's collateral types), ``stage`` (the funnel), ``role`` and ``language``
    facets: tuple[str, ...] = ()
    #: `playbook new`: the required and optional fields of a new file with example values
    #: (:class:`Example` -> two lists of (field, YAML)); None: made from its model
    example: Callable[[Example], tuple[Fields, Fields]] | None = None
    #: the checks of an entity of the kind beyond its fields and references, across files
    #: (a collateral item's file exists in the docs folder), given the playbook, the
    #: entity and the report to add to
    checks: Callable[[Any, Entity, Any], None] | None = None
    #: what it adds to each role's onboarding path; None: nothing
    path_part: PathPart | None = None
    path: PathMaker | None = None
    #: its text fields that are names, shown as written in every language (a
    #: competitor's name): never counted as untranslated
    names: tuple[str, ...] = ()
    #: its fields that name a file of the docs folder (the browser editor uploads one)
    files: tuple[str, ...] = ()
    #: what the whole hub says of its entities beyond who refers to whom, asked of the
    #: playbook by name (``pb.raci_by_role`` in a template): each made of the playbook the
    #: first time it is asked, and kept (a function, for one that takes arguments)
    relations: dict[str, Callable[[Any], Any]] = field(default_factory=dict)
    #: what the content audit lists of the hub for it
    gaps: tuple[Gap, ...] = ()
    #: what the data export adds to entities, its own or another kind's
    exports: tuple[Export, ...] = ()
    #: what its JSON Schema says beyond its model (a collateral item has a url or a file)
    schema: dict[str, Any] = field(default_factory=dict)
    #: the settings of hub.yml it brings (its staleness, a list its references name) and
    #: those of hub.yml's onboarding.effort (the hours of its modules on a path)
    settings: tuple[Setting, ...] = ()
    efforts: tuple[Setting, ...] = ()
    #: fields of other kinds that may name one of its entities, as (their kind, the field
    #: path): a play's ``objections[]`` names objections of the library. The registry adds
    #: them to those kinds' references, so the kind that is named declares them.
    named_in: tuple[tuple[str, str], ...] = ()
    #: where it comes among the kinds, the lower first: in the navigation, under the search
    #: box and in every list of kinds (the registry sorts the kind modules it finds by it)
    order: int = 0

    @property
    def index_page(self) -> str:
        return f"{self.folder}/index.md"

    def page(self, id: str) -> str:
        """The path of an entity's page (of its Markdown source, had it one)."""
        return f"{self.folder}/{id}.md"


def walk(value: Any, spec: str, path: tuple = ()) -> Iterator[tuple[tuple, Any]]:
    """The values at a field path (``handoffs[].to``; ``[]`` walks a list) of an entity or
    of its raw data (a mapping, as read from a file at any commit), with their paths
    (``("handoffs", 0, "to")``). Values of the wrong shape are skipped."""
    yield from _walk(value, spec.split("."), path)


def _walk(value: Any, parts: list[str], path: tuple) -> Iterator[tuple[tuple, Any]]:
    if not parts:
        yield path, value
        return
    head, rest = parts[0], parts[1:]
    is_list = head.endswith("[]")
    name = head[:-2] if is_list else head
    child = value.get(name) if isinstance(value, dict) else getattr(value, name, None)
    if child is None:
        return
    if is_list:
        if not isinstance(child, (list, tuple)):  # e.g. onboarding roles: all
            return
        for i, item in enumerate(child):
            yield from _walk(item, rest, path + (name, i))
    else:
        yield from _walk(child, rest, path + (name,))


def refs(value: Any, spec: str) -> Iterator[tuple[tuple, str]]:
    """The ids a reference field names, with their paths: :func:`walk`'s values that are
    ids (a list may mix ids and mappings: a play's objections)."""
    return ((path, id) for path, id in walk(value, spec) if isinstance(id, str))


def _refs(*pairs: tuple) -> tuple[Ref, ...]:
    return tuple(Ref(*pair) for pair in pairs)


Fields = list[tuple[str, str]]


@dataclass(frozen=True)
class Example:
    """What the example values of a new file are made from (`playbook new`): its id, the
    playbook it joins (a reference names an entity that exists) and today's date."""

    id: str
    pb: Any
    today: dt.date

    @property
    def name(self) -> str:
        return self.id.replace("-", " ").capitalize()

    def first(self, kind: str, fallback: str) -> str:
        """The first id of ``kind``, in order; ``fallback`` when it has none."""
        ids = sorted(self.pb.entities[kind])
        return ids[0] if ids else fallback

    @property
    def role(self) -> str:
        return self.first("roles", "account-executive")

    @property
    def stage(self) -> str:
        return self.pb.funnel[0].id if self.pb.funnel else "warm"

    @property
    def a_year_on(self) -> str:
        return a_year_after(self.today).isoformat()


def a_year_after(day: dt.date) -> dt.date:
    """The same day a year later (a 29 February: 365 days later)."""
    if day.month == 2 and day.day == 29:
        return day + dt.timedelta(days=365)
    return day.replace(year=day.year + 1)


OWNER = "Your name (your team)"
