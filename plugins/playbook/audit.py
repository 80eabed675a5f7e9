"""The content audit: where collateral is missing or stale, and who must fix it.

Managers read it as a page of the site (`audit/`) and marketers as `playbook audit`; both
come from :func:`audit`, so they always agree.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any, Iterator

from .kinds import KINDS, Gap, item_kinds, role_kind
from .model import Entity, texts_of
from .onboarding import EVERY_LANGUAGE, PathBuilder
from .playbook import Playbook
from .review import DEFAULT_WITHIN, Queue, queues
from .text import LocalizedText
from .yaml_loader import format_path


@dataclass
class Audit:
    stages: list[Entity]
    #: (role, [count of collateral meant for the role at each stage]), for the roles that
    #: use collateral: those that work a lead type or that an item is meant for
    coverage: list[tuple[Entity, list[int]]]
    #: the items a path gives as tasks (its kinds' PathMaker.item) that are on no path
    off_paths: list[Entity]
    #: what each kind's gaps found (Kind.gaps), by name, which the audit answers to
    #: (``a.unfed_lead_types``, ``a.stages_without_plays``)
    found: dict[str, list] = field(default_factory=dict)
    #: per owner, the collateral, plays and battlecards overdue for review or due within
    #: ``within`` days, the most overdue first
    review: list[Queue] = field(default_factory=list)
    within: int = DEFAULT_WITHIN
    #: roles that work no lead type and no item is meant for: no gap of the coverage
    roles_without_collateral: list[Entity] = field(default_factory=list)
    #: (language, texts missing in it, texts in all)
    translations: list[tuple[str, int, int]] = field(default_factory=list)
    #: per language but the default: the texts missing in it, per file: (line, field)
    untranslated: dict[str, list[tuple[str, list[tuple[int, str]]]]] = field(
        default_factory=dict)
    #: (language, our messages with no word in it: shown in English)
    words_missing: list[tuple[str, list[str]]] = field(default_factory=list)
    gaps: int = field(init=False)

    def __post_init__(self) -> None:
        self.gaps = sum(1 for _, counts in self.coverage for n in counts if n == 0)

    def __getattr__(self, name: str) -> list:
        found = self.__dict__.get("found")
        if found is None or name not in found:
            raise AttributeError(name)
        return found[name]

    @property
    def overdue(self) -> int:
        return sum(len(q.overdue) for q in self.review)

    @property
    def due_soon(self) -> int:
        return sum(len(q.due_soon) for q in self.review)


def audit(pb: Playbook, today: dt.date, within: int = DEFAULT_WITHIN,
          paths: list | None = None) -> Audit:
    """What the audit page shows. ``paths``: every role's onboarding path for a reader of
    every language of the hub, when the caller has them (in a hub of one language, those of
    its site); made here otherwise."""
    stages = pb.funnel
    coverage, unused = [], []
    library, meant_for = item_kinds()[0], role_kind().folder  # (collateral, per role)
    for _, roles in pb.teams:
        for role in roles:
            items = pb.referring(library, meant_for).get(role.id, [])
            if not role.works and not items:
                unused.append(role)
                continue
            coverage.append((role, [sum(1 for c in items if lt.id in c.stages) for lt in stages]))
    texts = list(_translatable(pb))
    # On a path of any language's site: an item in Urdu is a task of the Urdu paths only.
    if paths is None:
        paths = PathBuilder(pb, language=EVERY_LANGUAGE).paths()
    on_paths = {link for path in paths for module in path.modules for link in module.links}
    return Audit(
        stages=stages,
        coverage=coverage,
        off_paths=sorted((e for folder in item_kinds() for e in pb.entities[folder].values()
                          if (folder, e.id) not in on_paths), key=pb.title_key),
        found={gap.name: gap.find(pb) for gap in gaps()},
        review=queues(pb, today, within),
        within=within,
        roles_without_collateral=unused,
        translations=translations(pb, texts),
        untranslated=untranslated(pb, texts),
        words_missing=[(lang, pb.words(lang).missing()) for lang in pb.hub.languages],
    )


def gaps() -> list[Gap]:
    """What the kinds' gaps are (Kind.gaps), in the order of the registry."""
    return [gap for kind in KINDS.values() for gap in kind.gaps]


def translations(pb: Playbook, texts: list | None = None) -> list[tuple[str, int, int]]:
    """Per language of the hub: how many texts lack it (and are shown in another), of the
    texts that are to be translated (not names, not items in a language of their own)."""
    texts = list(_translatable(pb)) if texts is None else texts
    return [(lang, sum(1 for _, _, t in texts if not t.has(lang, pb.default_language)),
             len(texts)) for lang in pb.hub.languages]


def untranslated(pb: Playbook, texts: list | None = None
                 ) -> dict[str, list[tuple[str, list[tuple[int, str]]]]]:
    """Per language of the hub but the default: the texts it lacks, to be acted on: per
    file (in order), the line and field of each."""
    out: dict[str, list[tuple[str, list[tuple[int, str]]]]] = {}
    texts = list(_translatable(pb)) if texts is None else texts
    for lang in pb.hub.languages[1:]:
        files: dict[str, list[tuple[int, str]]] = {}
        for source, path, text in texts:
            if not text.has(lang, pb.default_language):
                files.setdefault(source.file.display, []).append(
                    (source.doc.locate(path).line or 0, format_path(path)))
        out[lang] = [(file, sorted(files[file])) for file in sorted(files)]
    return out


def _translatable(pb: Playbook) -> Iterator[tuple[Any, tuple, LocalizedText]]:
    for (kind, id), source in pb.sources.items():
        for path, text in texts_of(pb.entities[kind][id]):
            if not text.as_written:
                yield source, path, text
