"""An order with prerequisites: every item after those it names, ties broken by a key, and a
cycle named when there is one (onboarding modules' ``after``)."""

from __future__ import annotations

import heapq
from typing import Hashable, Iterable, Mapping, TypeVar

K = TypeVar("K", bound=Hashable)


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
