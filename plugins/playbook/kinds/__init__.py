"""The registry of kinds: everything the rest of the code knows about a kind, in one place.

A kind is a folder of YAML files under the playbook folder (``roles/``, ``metrics/``, ...),
one entity per file. Loading, validation, history, rendering, the JSON Schemas, `playbook
new`, the search facets and the browser script all read this table. A kind is declared in
a module of its own in this package (its model and its :class:`Kind`:
:mod:`playbook.kinds.objections`), found here; then its two templates and its words (the
catalogs).
"""

from __future__ import annotations

import importlib
import pkgutil
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from ..model import Entity
from .base import (OWNER, TEAM, Example, Export, Fields, Gap, Kind, PathMaker, PathPart, Ref,
                   Setting, refs, walk)

__all__ = ["HUB_LISTS", "OWNER", "TEAM", "Example", "Export", "Fields", "Gap", "Kind",
           "PathMaker", "PathPart", "Ref", "Setting", "KINDS", "STYLES", "referenced", "refs",
           "walk"]


def referenced(folder: str, value: Any, target: str) -> set[str]:
    """The ids of kind ``target`` that an entity of ``folder`` (or its raw data) names."""
    return {ref for r in KINDS[folder].references if r.target == target
            for _, ref in refs(value, r.field)}


def _declared() -> list[tuple[Kind, Path]]:
    """The kind of every module of this package but :mod:`.base` (its ``KIND``), with the
    module's file, by their order: a kind added is a module added, and nothing else names
    it."""
    found = []
    for module in pkgutil.iter_modules(__path__):
        if module.name != "base":
            declared = importlib.import_module(f"{__name__}.{module.name}")
            found.append((declared.KIND, Path(declared.__file__)))
    if len({k.order for k, _ in found}) != len(found):
        raise RuntimeError("two kinds of the same order: " + ", ".join(
            f"{k.folder} {k.order}" for k, _ in sorted(found, key=lambda f: f[0].order)))
    folders = {k.folder for k, _ in found}
    named: dict[str, list[Ref]] = {}
    for kind, _ in found:
        for folder, path in kind.named_in:
            if folder not in folders:
                raise RuntimeError(f"{kind.folder}: named in '{path}' of '{folder}', which "
                                   "is no kind")
            named.setdefault(folder, []).append(Ref(path, kind.folder))
    return sorted(((replace(k, references=k.references + tuple(named.get(k.folder, ()))),
                    module) for k, module in found), key=lambda f: f[0].order)


_DECLARED = _declared()
KINDS: dict[str, Kind] = {k.folder: k for k, _ in _DECLARED}
#: The styles of each kind that has its own, a stylesheet beside its module
#: (``kinds/objections.css``): the sites' stylesheet ends with them (site_plan.stylesheet).
STYLES: dict[str, Path] = {k.folder: css for k, module in _DECLARED
                           if (css := module.with_suffix(".css")).is_file()}


#: Each list of hub.yml a reference may name, by target: its setting, and how messages
#: call a value (the hub's teams, and each list a kind brings).
HUB_LISTS: dict[str, tuple[str, str]] = {TEAM: ("teams", "team")} | {
    s.target: (s.name, s.word) for k in KINDS.values() for s in k.settings if s.word}

#: Each relation a kind declares (Kind.relations), by the name the playbook answers to.
RELATIONS: dict[str, Any] = {name: make for k in KINDS.values()
                             for name, make in k.relations.items()}
assert len(RELATIONS) == sum(len(k.relations) for k in KINDS.values()), "a relation twice"


@dataclass(frozen=True)
class Section:
    """A generated page of the whole hub that is no kind's index (the audit)."""

    key: str
    index_template: str
    index_title: str

    @property
    def index_page(self) -> str:
        return f"{self.key}/index.md"


SECTIONS: tuple[Section, ...] = (
    Section("audit", "audit.html.j2", "Content audit"),
    Section("changes", "changes.html.j2", "What changed"),
)

#: The index pages in the order of the navigation: the kinds', then the sections'.
INDEXES: dict[str, Kind | Section] = {**KINDS, **{s.key: s for s in SECTIONS}}

#: Search filters of pages that are not an entity's (an index, the audit).
INDEX_SEARCH_KIND = ("index", "Index")


#: Each kind by its model (templates ask what kind an entity is a million times a build).
BY_MODEL: dict[type, Kind] = {k.model: k for k in KINDS.values()}


def kind_of(entity: Entity) -> Kind:
    """The kind an entity is of."""
    found = BY_MODEL.get(type(entity))
    if found is not None:
        return found
    for kind in KINDS.values():  # (a kind registered since: a test's)
        if type(entity) is kind.model:
            return kind
    raise KeyError(type(entity).__name__)


def reviewed() -> dict[str, str]:
    """The kinds that go stale, in the order of the registry, with what a review queue
    calls one of them."""
    return {folder: k.review_word for folder, k in KINDS.items() if k.stale_after}


def role_kind() -> Kind:
    """The kind a reader picks as theirs (Kind.picked: the roles), which the pages made per
    role, the handbooks, the feeds per role and the rep's start are for."""
    return next(k for k in KINDS.values() if k.picked)


def path_kind() -> Kind:
    """The kind whose pages are one per role (Kind.page_per_role: the onboarding paths)."""
    return next(k for k in KINDS.values() if k.page_per_role)


def path_makers() -> list[tuple[str, PathMaker | PathPart]]:
    """What each kind adds to every role's onboarding path (its PathMaker or its PathPart),
    by rank: the order of their modules on a path when nothing else decides."""
    found = [(made.rank, folder, made) for folder, k in KINDS.items()
             for made in (k.path, k.path_part) if made is not None]
    return [(folder, made) for _, folder, made in sorted(found, key=lambda f: f[:2])]


def item_kinds() -> list[str]:
    """The kinds whose entities a path gives as tasks, one each (PathMaker.item): the
    library's."""
    return [folder for folder, made in path_makers()
            if isinstance(made, PathMaker) and made.item]


def path_groups() -> list[str]:
    """What the groups of a path's modules are called (in the data export), by rank."""
    return [name for folder, made in path_makers()
            for name in (made.groups if isinstance(made, PathMaker) else (folder,))]


def search_kinds() -> dict[str, str]:
    """Search filter id -> its label (a catalog key), for every page kind."""
    return {k.search_kind: k.search_label for k in KINDS.values()} | dict([INDEX_SEARCH_KIND])


def search_buttons() -> list[tuple[str, str]]:
    """(filter id, label) of the buttons under the search box, in the order of the kinds."""
    return [(k.search_kind, k.search_button) for k in KINDS.values() if k.search_button]


def reference_kinds() -> dict[str, str]:
    """Top-level field -> the kind it names, for fields that name one kind of entity
    (``works`` -> ``lead-types``), as the change log shows them."""
    out: dict[str, str] = {}
    for kind in KINDS.values():
        for ref in kind.references:
            if ref.target in KINDS and "." not in ref.field:
                out.setdefault(ref.name, ref.target)
    return out
