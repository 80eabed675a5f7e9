"""What an edit changes: the generated pages to render again while `mkdocs serve` runs.

A page is rendered again when it shows something of an entity that changed (its templates
read the entity's fields or link to it: :attr:`Page.reads`). So is the page (and, for a
role, the onboarding path) of every entity a changed one names or named before the edit,
as those pages list what names them: an item moving from one role's audience to another's
changes both role pages and both paths; and every index that lists who refers to what of
a kind one of them is (:meth:`Playbook.referring`: the battlecards' index lists the plays
against each, so a play's edit renders it again). The content audit and the changes page,
which
count across the whole playbook, always are. Onboarding modules feed every path, so an
edit to one renders every path and role page again. Anything else (a file added or
removed, hub.yml, the hub's words in i18n/) asks for a full build.
"""

from __future__ import annotations

from pathlib import Path

from .kinds import KINDS, role_kind
from .playbook import Playbook
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
    named: set[tuple[str, str]] = set()
    for kind, id in changed:
        named |= references(kind, old.entities[kind][id])
        named |= references(kind, new.entities[kind][id])
    edited = set(files) | {path.resolve() for path in files}
    # (kind, "*"): an index that lists who refers to what asked for that kind's references
    # (an entity's own page lists those naming it: the pages of ``named`` below)
    changed_kinds = {(kind, "*") for kind, _ in changed}
    indexes = set(INDEX_PAGES.values())
    # (a role's handbook lists, as an index does, who refers to the role: its plays)
    out = {page.path for page in pages if page.path in ALWAYS or page.reads & changed
           or ((page.path in indexes or page.path.startswith(HANDBOOK + "/"))
               and page.reads & changed_kinds)
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
