"""The content audit: where collateral is missing or stale, and who must fix it.

Managers read it as a page of the site (`audit/`) and marketers as `playbook audit`; both
come from :func:`audit`, so they always agree.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from .model import Collateral, Competitor, LeadType, Play, Responsibility, Role, texts_of
from .onboarding import PathBuilder
from .playbook import Playbook


@dataclass
class Audit:
    stages: list[LeadType]
    #: (role, [count of collateral meant for the role at each stage])
    coverage: list[tuple[Role, list[int]]]
    stale: list[tuple[Collateral, str]]
    off_paths: list[Collateral]
    roles_without_responsibilities: list[Role]
    responsibilities_without_metrics: list[Responsibility]
    lead_types_without_sources: list[LeadType]
    #: (play, why) and (battlecard, why), by owner: claims a rep should not repeat unchecked
    stale_plays: list[tuple[Play, str]] = field(default_factory=list)
    stale_battlecards: list[tuple[Competitor, str]] = field(default_factory=list)
    #: funnel stages no play is for, and roles that work leads but run no play
    stages_without_plays: list[LeadType] = field(default_factory=list)
    roles_without_plays: list[Role] = field(default_factory=list)
    #: (language, texts missing in it, texts in all)
    translations: list[tuple[str, int, int]] = field(default_factory=list)
    #: (language, our messages with no word in it: shown in English)
    words_missing: list[tuple[str, list[str]]] = field(default_factory=list)
    gaps: int = field(init=False)

    def __post_init__(self) -> None:
        self.gaps = sum(1 for _, counts in self.coverage for n in counts if n == 0)

    @property
    def findings(self) -> int:
        return (len(self.stale) + len(self.off_paths) + len(self.roles_without_responsibilities)
                + len(self.responsibilities_without_metrics)
                + len(self.lead_types_without_sources) + len(self.stale_plays)
                + len(self.stale_battlecards) + len(self.stages_without_plays)
                + len(self.roles_without_plays))


def audit(pb: Playbook, today: dt.date) -> Audit:
    stages = pb.funnel
    coverage = []
    for _, roles in pb.teams:
        for role in roles:
            items = pb.collateral_for_role.get(role.id, [])
            coverage.append((role, [sum(1 for c in items if lt.id in c.stages) for lt in stages]))
    on_paths = {link_id for path in PathBuilder(pb).paths() for module in path.modules
                for kind, link_id in module.links if kind == "collateral"}
    return Audit(
        stages=stages,
        coverage=coverage,
        stale=sorted(((c, pb.stale_reason(c, today)) for c in pb.collateral.values()
                      if pb.is_stale(c, today)), key=lambda t: (t[0].owner, t[0].id)),
        off_paths=sorted((c for c in pb.collateral.values() if c.id not in on_paths),
                         key=pb.title_key),
        roles_without_responsibilities=[r for _, roles in pb.teams for r in roles
                                        if not pb.raci_by_role.get(r.id)],
        responsibilities_without_metrics=sorted(
            (r for r in pb.responsibilities.values() if not r.metrics), key=pb.title_key),
        lead_types_without_sources=[lt for lt in stages if not pb.sources_producing.get(lt.id)],
        stale_plays=_stale(pb, pb.plays.values(), today),
        stale_battlecards=_stale(pb, pb.competitors.values(), today),
        stages_without_plays=[lt for lt in stages if not pb.plays_for_stage.get(lt.id)],
        roles_without_plays=[r for _, roles in pb.teams for r in roles
                             if r.works and not pb.plays_for_role.get(r.id)],
        translations=translations(pb),
        words_missing=[(lang, pb.words(lang).missing()) for lang in pb.hub.languages],
    )


def _stale(pb: Playbook, items, today: dt.date) -> list:
    return sorted(((item, pb.stale_reason(item, today)) for item in items
                   if pb.is_stale(item, today)), key=lambda t: (t[0].owner, t[0].id))


def translations(pb: Playbook) -> list[tuple[str, int, int]]:
    """Per language of the hub: how many texts lack it (and are shown in another)."""
    texts = [text for kind in pb.entities.values() for entity in kind.values()
             for _, text in texts_of(entity)]
    return [(lang, sum(1 for t in texts if not t.has(lang, pb.default_language)), len(texts))
            for lang in pb.hub.languages]
