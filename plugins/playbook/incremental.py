"""What an edit changes: the generated pages to render again while `mkdocs serve` runs,
and in a build that keeps the pages of the last (:mod:`playbook.render_cache`).

A page is rendered again when it shows something of an entity that changed (its templates
read the entity's fields or link to it: :attr:`Page.reads`), or looked up who refers to an
entity that a changed one names or named before the edit (:meth:`Playbook.referring`: a
role's handbook lists the plays for the role, so a play's edit renders the handbooks of
the roles it names, before and after, and no other), or went through all the references
of a changed entity's kind (the battlecards' index lists the plays against each). So is
the page (and, for a role, the onboarding path) of every entity a changed one names or
named before the edit, as those pages list what names them: an item moving from one role's
audience to another's changes both role pages and both paths. The content audit and the
changes page, which count across the whole playbook, always are. Onboarding modules feed
every path, so an edit to one renders every path and role page again. Anything else (a
file added or removed, hub.yml, the hub's words in i18n/) asks for a full build.
"""

from __future__ import annotations

from pathlib import Path
from typing import Callable, Iterable

from .kinds import KINDS, role_kind
from .playbook import Playbook, referrers_read
from .page import Page
from .urls import HANDBOOK, INDEX_PAGES, entity_page, handbook_page
from .validate import references


#: Pages made from figures across the whole playbook rather than from entities they show.
ALWAYS = {INDEX_PAGES["audit"], INDEX_PAGES["changes"]}


def changed_entities(old: Playbook, new: Playbook) -> set[tuple[str, str]] | None:
    """(kind, id) of every entity that differs between ``old`` and ``new``; None when
    entities were added or removed, or hub.yml or the hub's words changed: only a full
    build will do."""
    if old.hub != new.hub or old.catalogs != new.catalogs:
        return None
    for kind in KINDS:
        if old.entities[kind].keys() != new.entities[kind].keys():
            return None
    return {(kind, id) for kind in KINDS for id, entity in new.entities[kind].items()
            if old.entities[kind][id] != entity}


def pages_to_render(old: Playbook, new: Playbook, pages: list[Page],
                    files: set[Path]) -> set[str] | None:
    """The paths of the pages that may differ after an edit of ``files`` turned ``old``
    into ``new``; None when a full build is needed."""
    changed = changed_entities(old, new)
    if changed is None:
        return None
    return pages_touched(changed, lambda kind, id: references(
        kind, old.entities[kind][id]) | references(kind, new.entities[kind][id]), pages, files)


def pages_touched(changed: set[tuple[str, str]],
                  names: Callable[[str, str], set[tuple[str, str]]], pages: list[Page],
                  files: set[Path], reads: Iterable[tuple[str, str]] = ()) -> set[str]:
    """The paths of the pages that may differ when the entities ``changed`` did (each
    naming, before or after, what ``names(kind, id)`` gives), the files ``files`` were
    edited, and the other things pages read (``reads``: a date, a file's size) changed."""
    named: set[tuple[str, str]] = set()
    # what changed for a page that reads it: each changed entity; who of its kind refers to
    # what it names, before and after (:func:`referrers_read`); and, for a page that went
    # through all of a kind's references (an index), the kind
    touched: set[tuple[str, str]] = set(changed) | set(reads)
    for kind, id in changed:
        names_of = names(kind, id)
        named |= names_of
        touched |= {referrers_read(kind, target, ref) for target, ref in names_of}
        touched.add((kind, "*"))
    edited = set(files) | {path.resolve() for path in files}
    out = {page.path for page in pages if page.path in ALWAYS or page.reads & touched
           or page.source in edited}
    per_role = [folder for folder, kind in KINDS.items() if kind.page_per_role]
    for kind, id in changed | named:
        if not KINDS[kind].page_per_role:
            out.add(entity_page(kind, id))
        if KINDS[kind].picked:  # its pages of a role (a path), and the figures of all of them
            for folder in per_role:
                out.update((entity_page(folder, id), INDEX_PAGES[folder]))
            out.add(handbook_page(id))
    if any(KINDS[kind].page_per_role for kind, _ in changed):  # (modules feed every path)
        out |= {page.path for page in pages if page.path.startswith(
            (*(f"{f}/" for f in per_role), f"{role_kind().folder}/", HANDBOOK + "/"))}
    return out
