"""The content audit: where collateral is missing or stale, and who must fix it.

Managers read it as a page of the site (`audit/`) and marketers as `playbook audit`; both
come from :func:`audit`, so they always agree.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any, Iterator

from .kinds.collateral import Collateral
from .kinds.lead_types import LeadType
from .kinds.responsibilities import Responsibility
from .kinds.roles import Role
from .model import texts_of
from .onboarding import EVERY_LANGUAGE, PathBuilder
from .playbook import Playbook
from .review import DEFAULT_WITHIN, Queue, queues
from .text import LocalizedText
from .yaml_loader import format_path


@dataclass
class Audit:
    stages: list[LeadType]
    #: (role, [count of collateral meant for the role at each stage]), for the roles that
    #: use collateral: those that work a lead type or that an item is meant for
    coverage: list[tuple[Role, list[int]]]
    off_paths: list[Collateral]
    roles_without_responsibilities: list[Role]
    responsibilities_without_metrics: list[Responsibility]
    #: lead types no source produces and no other lead type's ``next`` leads to
    unfed_lead_types: list[LeadType]
    #: per owner, the collateral, plays and battlecards overdue for review or due within
    #: ``within`` days, the most overdue first
    review: list[Queue] = field(default_factory=list)
    within: int = DEFAULT_WITHIN
    #: roles that work no lead type and no item is meant for: no gap of the coverage
    roles_without_collateral: list[Role] = field(default_factory=list)
    #: funnel stages no play is for, and roles that work leads but run no play
    stages_without_plays: list[LeadType] = field(default_factory=list)
    roles_without_plays: list[Role] = field(default_factory=list)
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

    @property
    def overdue(self) -> int:
        return sum(len(q.overdue) for q in self.review)

    @property
    def due_soon(self) -> int:
        return sum(len(q.due_soon) for q in self.review)


def audit(pb: Playbook, today: dt.date, within: int = DEFAULT_WITHIN) -> Audit:
    stages = pb.funnel
    coverage, unused = [], []
    for _, roles in pb.teams:
        for role in roles:
            items = pb.referring("collateral", "roles").get(role.id, [])
            if not role.works and not items:
                unused.append(role)
                continue
            coverage.append((role, [sum(1 for c in items if lt.id in c.stages) for lt in stages]))
    led_to = {id for lt in stages for id in lt.next if id != lt.id}
    texts = list(_translatable(pb))
    # On a path of any language's site: an item in Urdu is a task of the Urdu paths only.
    on_paths = {link_id for path in PathBuilder(pb, language=EVERY_LANGUAGE).paths()
                for module in path.modules for kind, link_id in module.links
                if kind == "collateral"}
    return Audit(
        stages=stages,
        coverage=coverage,
        off_paths=sorted((c for c in pb.collateral.values() if c.id not in on_paths),
                         key=pb.title_key),
        roles_without_responsibilities=[r for _, roles in pb.teams for r in roles
                                        if not pb.raci_by_role.get(r.id)],
        responsibilities_without_metrics=sorted(
            (r for r in pb.responsibilities.values() if not r.metrics), key=pb.title_key),
        unfed_lead_types=[lt for lt in stages
                          if not pb.referring("lead-sources", "lead-types").get(lt.id) and lt.id not in led_to],
        review=queues(pb, today, within),
        within=within,
        roles_without_collateral=unused,
        stages_without_plays=[lt for lt in stages if not pb.referring("plays", "lead-types").get(lt.id)],
        roles_without_plays=[r for _, roles in pb.teams for r in roles
                             if r.works and not pb.referring("plays", "roles").get(r.id)],
        translations=translations(pb, texts),
        untranslated=untranslated(pb, texts),
        words_missing=[(lang, pb.words(lang).missing()) for lang in pb.hub.languages],
    )


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
