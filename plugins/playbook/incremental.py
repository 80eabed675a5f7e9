"""What an edit changes: the generated pages to render again while `mkdocs serve` runs.

A page is rendered again when it shows something of an entity that changed (its templates
read the entity's fields or link to it: :attr:`Page.reads`). So is the page (and, for a
role, the onboarding path) of every entity a changed one names or named before the edit,
as those pages list what names them: an item moving from one role's audience to another's
changes both role pages and both paths; a play, the index of battlecards that lists
the plays against each. The content audit and the changes page, which
count across the whole playbook, always are. Onboarding modules feed every path, so an
edit to one renders every path and role page again. Anything else (a file added or
removed, hub.yml, the hub's words in i18n/) asks for a full build.
"""

from __future__ import annotations

from pathlib import Path

from .kinds import KINDS
from .playbook import Playbook
from .render import INDEX_PAGES, Page, entity_page
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
    out = {page.path for page in pages
           if page.path in ALWAYS or page.reads & changed or page.source in edited}
    for kind, id in changed | named:
        if kind != "onboarding":
            out.add(entity_page(kind, id))
        if kind == "roles":  # its onboarding path, and the figures of all paths
            out.update((entity_page("onboarding", id), INDEX_PAGES["onboarding"]))
    if any(kind == "plays" for kind, _ in changed):  # the battlecards list their plays
        out.add(INDEX_PAGES["competitors"])
    if any(kind == "onboarding" for kind, _ in changed):
        out |= {page.path for page in pages if page.path.startswith(("onboarding/", "roles/"))}
    return out
