"""Parts of pages kept while `mkdocs serve` runs: ``{% cached key %}...{% endcached %}``.

A large hub's listings are made of rows, one per entity (the library's 10,000 items), and
an edit of one item changes one row. A template marks such a part with
``{% cached key %}``; while `mkdocs serve` notes what pages read
(:attr:`~playbook.render.RenderOptions.record`), the part is kept with what it read and
made again only when some of that changed. A build that keeps its pages keeps their parts
with them (:mod:`playbook.render_cache`, each entity read by its fingerprint); anywhere
else the tag does nothing.

What a part reads is noted as a page's reads are: the entities whose fields it reads or
links to, and whom it looks up the referrers of (:meth:`Playbook.referring`). It is used
again while each of those entities is the same object (`mkdocs serve` keeps an unchanged
file's entity from one load to the next) and the referrers are the same ones; a part that
went through all the references of a kind is not kept. What else it depends on is in its
key: the page (its links are relative to it), the language, the day (what is stale), the
template and the place in it, and the key the template gives. A full render (after an edit
of a template, of hub.yml or of the words, or a file added) forgets every part.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Callable, Iterable

from jinja2 import TemplateRuntimeError, nodes
from jinja2.ext import Extension

from .kinds import KINDS
from .playbook import referrers_of


class Reads(set):
    """What a page reads (a set of ``(kind, id)``, see :attr:`Page.reads`), also noted in
    each part being made meanwhile (:attr:`parts`, innermost last)."""

    def __init__(self) -> None:
        super().__init__()
        self.parts: list[set[tuple[str, str]]] = []

    def add(self, read: tuple[str, str]) -> None:
        set.add(self, read)
        if self.parts:
            for part in self.parts:
                part.add(read)

    def note(self, reads: Iterable[tuple[str, str]]) -> None:
        for read in reads:
            self.add(read)


@dataclass(frozen=True)
class Part:
    html: Any  # (Markup in an HTML template)
    fallbacks: int  # texts it shows in another language (the page says so)
    stamps: tuple[tuple[tuple[str, str], Any], ...]  # each thing it read, and what it was


class Fragments:
    """The parts kept (of every page of the session's renders). A renderer opens each page
    with :meth:`begin` and closes it with :meth:`end`; between them, ``{% cached %}`` asks
    :meth:`part`."""

    def __init__(self) -> None:
        self._kept: dict[tuple, Part] = {}
        self._made: list[tuple] = []  # the key of each part made, in order (mark, made_since)
        self._page: tuple | None = None
        self._playbook: Any = None
        self._reads: Reads | None = None
        self._fallbacks: Callable[[int], int] = lambda n: 0
        self.made = self.used = 0  # (how many parts were made, and used again: for tests)

    def __len__(self) -> int:
        return len(self._kept)

    def clear(self) -> None:
        self._kept.clear()
        self._made.clear()

    def mark(self) -> int:
        """Where :meth:`made_since` starts: the parts made so far."""
        return len(self._made)

    def made_since(self, mark: int) -> list[tuple]:
        """The parts made since ``mark`` (in a forked process: those to send back), each an
        entity it read as the entity then is (:data:`_NOW`), which :meth:`adopt` takes from
        its own playbook."""
        out = []
        for whole in dict.fromkeys(self._made[mark:]):
            part = self._kept.get(whole)
            if part is not None:
                out.append((whole, part.html, part.fallbacks, tuple(
                    (read, _NOW if _entity(read) else was) for read, was in part.stamps)))
        return out

    def adopt(self, parts: list[tuple], playbook: Any) -> None:
        """Keep ``parts`` another process made (:meth:`made_since`) from the same hub, an
        entity they read as ``playbook`` has it."""
        for whole, html, fallbacks, stamps in parts:
            self._kept[whole] = Part(html, fallbacks, tuple(
                (read, playbook.entities[read[0]].get(read[1]) if was == _NOW else was)
                for read, was in stamps))

    def parts(self) -> list[tuple[tuple, Part]]:
        """Every part kept, with its key (the page's path, language and day, the place in
        the template and the template's key)."""
        return list(self._kept.items())

    def keep(self, whole: tuple, part: Part) -> None:
        """Keep ``part`` under its key, as if a render had made it (one kept elsewhere:
        :mod:`playbook.render_cache`); it is used while what it read is as it says."""
        self._kept[whole] = part

    def begin(self, page: tuple, playbook: Any, reads: Reads,
              fallbacks: Callable[[int], int]) -> None:
        """Parts made from now on belong to ``page`` (its path, language and day), read
        ``playbook`` and note into ``reads``; ``fallbacks(n)`` adds n to the page's count of
        texts shown in another language and returns the count."""
        self._page, self._playbook, self._reads, self._fallbacks = (
            page, playbook, reads, fallbacks)

    def end(self) -> None:
        self._page = self._playbook = self._reads = None

    def part(self, where: tuple, key: Any, make: Callable[[], Any]) -> Any:
        if self._page is None or self._reads is None:
            return make()
        reads, whole = self._reads, (self._page, where, key)
        kept = self._kept.get(whole)
        if kept is not None and self._still(kept):
            reads.note(read for read, _ in kept.stamps)
            self._fallbacks(kept.fallbacks)
            self.used += 1
            return kept.html
        mine: set[tuple[str, str]] = set()
        reads.parts.append(mine)
        before = self._fallbacks(0)
        try:
            html = make()
        finally:
            reads.parts.pop()
        self.made += 1
        if all(_entity(read) or referrers_of(read) for read in mine):
            self._kept[whole] = Part(html, self._fallbacks(0) - before,
                                     tuple((read, self._stamp(read)) for read in mine))
            self._made.append(whole)
        else:
            self._kept.pop(whole, None)  # (it went through all of a kind's references)
        return html

    def _still(self, kept: Part) -> bool:
        """Whether each thing the part read is what it was: the same entity object (an
        unchanged file's, kept by the session), the same referrers."""
        return all(self._stamp(read) is was if _entity(read) else self._stamp(read) == was
                   for read, was in kept.stamps)

    def _stamp(self, read: tuple[str, str]) -> Any:
        """What a read is now: the entity (None if there is none), or the ids of the
        referrers."""
        if _entity(read):
            return self._playbook.entities[read[0]].get(read[1])
        looked_up = referrers_of(read)
        assert looked_up is not None  # (no other read is kept)
        return self._playbook.referrer_ids(*looked_up)


#: What a part sent back from another process read of an entity: the entity as it is (the
#: processes render the same hub).
_NOW = "\0the entity as it is"


def _entity(read: tuple[str, str]) -> bool:
    return read[0] in KINDS and read[1] != "*"


class CachedExtension(Extension):
    """``{% cached key %}...{% endcached %}``: the part kept while `mkdocs serve` runs
    (see the module), made again only when what it read changed."""

    tags = {"cached"}

    def parse(self, parser: Any) -> nodes.Node:
        lineno = next(parser.stream).lineno
        key = parser.parse_expression()
        body = parser.parse_statements(("name:endcached",), drop_needle=True)
        where = nodes.Const((parser.name, parser.filename, lineno))
        return nodes.CallBlock(self.call_method("_part", [where, key]), [], [], body
                               ).set_lineno(lineno)

    def _part(self, where: tuple, key: Any, caller: Callable[[], Any]) -> Any:
        try:  # (in a build too, where nothing is kept: `playbook validate` says so first)
            hash(key)
        except TypeError:
            raise TemplateRuntimeError(
                "{% cached %} needs a key that is a text, a number or a tuple of them, not "
                f"{type(key).__name__}") from None
        fragments = getattr(self.environment, "fragments", None)
        return caller() if fragments is None else fragments.part(where, key, caller)
