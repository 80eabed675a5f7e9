"""Review queues: per owner, what is overdue for review and what falls due soon.

An item falls due on the date :meth:`Playbook.due` gives (the rule of staleness), across
collateral, plays and battlecards. `playbook review` prints the queues and the audit page
shows them, both from :func:`queues`.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass

from .catalog import Words
from .diagnostics import Location
from .kinds import KINDS, reviewed
from .model import Entity
from .owners import matches, owner_key, spellings
from .playbook import Due, Playbook

#: The language of the command line's output.
ENGLISH = "en"

#: How many days ahead "due soon" looks, unless told otherwise.
DEFAULT_WITHIN = 30

#: An entity of a kind that goes stale (Kind.stale_after): it has ``updated``,
#: ``review_by`` and ``owner``.
Reviewed = Entity


@dataclass(frozen=True)
class ReviewItem:
    kind: str  # the kind's folder
    entity: Reviewed
    due: Due
    #: days past the due date: more than 0 is overdue (stale), 0 is due today
    days: int
    #: the value that sets the due date (``updated`` or ``review_by``) in its file
    location: Location

    @property
    def overdue(self) -> bool:
        return self.days > 0

    @property
    def days_left(self) -> int:
        return -self.days

    @property
    def what(self) -> str:
        return KINDS[self.kind].review_word

    def status(self, words: Words) -> str:
        """"12 days overdue", "due today", "due in 3 days", in the language of ``words``."""
        if self.days > 1:
            return words("{days} days overdue", days=self.days)
        if self.days == 1:
            return words("1 day overdue")
        if self.days == 0:
            return words("due today")
        if self.days == -1:
            return words("due tomorrow")
        return words("due in {days} days", days=-self.days)

    def reason(self, pb: Playbook, today: dt.date, lang: str = ENGLISH) -> str:
        """What sets the due date: why it is stale, or the date it goes stale by."""
        if self.overdue:
            return pb.stale_reason(self.entity, today, lang)
        words = pb.words(lang)
        if self.due.field == "review_by":
            return words("review date {date}", date=self.due.date.isoformat())
        updated = self.entity.updated
        return words("last updated {date}, stale after {limit} days",
                     date=updated.isoformat() if updated else "",
                     limit=pb.stale_limit(self.entity))


@dataclass(frozen=True)
class Queue:
    """One owner's items, the most overdue first. ``owner`` is its most used spelling."""

    owner: str
    items: tuple[ReviewItem, ...]

    @property
    def overdue(self) -> list[ReviewItem]:
        return [i for i in self.items if i.overdue]

    @property
    def due_soon(self) -> list[ReviewItem]:
        return [i for i in self.items if not i.overdue]


def items(pb: Playbook, today: dt.date, within: int = DEFAULT_WITHIN) -> list[ReviewItem]:
    """Every item overdue or falling due within ``within`` days of ``today``."""
    out = []
    for kind in reviewed():
        for id, entity in sorted(pb.entities[kind].items()):
            due = pb.due(entity)  # type: ignore[arg-type]
            if due is None or (due.date - today).days > within:
                continue
            doc = pb.source_of(kind, id).doc
            out.append(ReviewItem(kind, entity, due, (today - due.date).days,  # type: ignore[arg-type]
                                  doc.locate((due.field,))))
    return out


def queues(pb: Playbook, today: dt.date, within: int = DEFAULT_WITHIN,
           owner: str | None = None) -> list[Queue]:
    """The review queue of each owner (owners matched case- and space-insensitively),
    the owner with the most overdue item first; only owners ``owner`` matches (see
    :func:`playbook.owners.matches`) when given."""
    names = _names(pb)
    grouped: dict[str, list[ReviewItem]] = defaultdict(list)
    for item in items(pb, today, within):
        if owner is None or matches(owner, item.entity.owner):
            grouped[owner_key(item.entity.owner)].append(item)
    kinds = list(reviewed())
    out = [Queue(names[key], tuple(sorted(group, key=lambda i: (
        -i.days, kinds.index(i.kind), i.entity.id)))) for key, group in grouped.items()]
    return sorted(out, key=lambda q: (-q.items[0].days, owner_key(q.owner)))


def owners(pb: Playbook) -> list[str]:
    """Every owner of a reviewed item, in its most used spelling."""
    return sorted(_names(pb).values(), key=owner_key)


def _names(pb: Playbook) -> dict[str, str]:
    """The most used spelling of each owner of a reviewed item, by :func:`owner_key`."""
    return {s.key: s.text for s in spellings(
        (e.owner, None) for kind in reviewed() for e in pb.entities[kind].values())}
