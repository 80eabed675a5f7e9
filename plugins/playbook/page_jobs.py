"""The pages of a language's site, in the site's order, each with its template, title and
what its template is given: the home page (where the hub has none), each index and the
pages of its kind (an onboarding path per role), then each role's handbook."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Iterator

from .kinds import KINDS
from .model import Entity
from .playbook import Playbook
from .site_plan import HOME_PAGE, HOME_TEMPLATE, has_home
from .urls import (ENTITY_TEMPLATES, HANDBOOK, HANDBOOK_TEMPLATE, INDEX_PAGES,
                   INDEX_TEMPLATES, INDEX_TITLES, entity_page, handbook_page)


@dataclass
class Job:
    """A page to render: its template, path and title, and what the template is given."""

    template: str
    path: str
    title: str
    source: Path | None = None
    in_nav: bool = False
    entity: Entity | None = None
    language: str | None = None
    extra: dict[str, Any] = field(default_factory=dict)
    fallback: bool = False  # made only where the site has no page of its own there


def jobs(pb: Playbook, lang: str, words: Callable[..., str], text: Callable[[Any], str],
         paths: Callable[[], list], only: set[str] | None = None) -> Iterator[Job]:
    """The pages of ``lang``'s site (only those whose path is in ``only``, when given):
    ``words`` are the site's, ``text`` gives a hub text in its language and ``paths()`` the
    roles' onboarding paths (asked for only when a page needs them)."""
    if (only is None or HOME_PAGE in only) and not has_home(pb.docs_dir, lang,
                                                            pb.default_language):
        yield Job(HOME_TEMPLATE, HOME_PAGE, words("Home"), fallback=True)
    for kind, index in INDEX_PAGES.items():
        if only is None or index in only:
            yield Job(INDEX_TEMPLATES[kind], index, words(INDEX_TITLES[kind]), in_nav=True)
        if kind not in KINDS:  # a page of its own, such as the audit
            continue
        if KINDS[kind].page_per_role:
            for path in paths() if only is None or any(
                    p.startswith(kind + "/") and p != index for p in only) else []:
                if only is not None and entity_page(kind, path.role.id) not in only:
                    continue
                yield Job(ENTITY_TEMPLATES[kind], entity_page(kind, path.role.id),
                          words("Onboarding: {role}", role=text(path.role.title)),
                          extra={"onboarding_path": path})
            continue
        for id, entity in pb.entities[kind].items():
            if only is not None and entity_page(kind, id) not in only:
                continue
            yield Job(ENTITY_TEMPLATES[kind], entity_page(kind, id), text(entity.title),
                      source=pb.source_of(kind, id).file.path, entity=entity,
                      language=getattr(entity, "language", None))
    wanted = only is None or any(p.startswith(HANDBOOK + "/") for p in only)
    for path in paths() if wanted else []:  # (a handbook per role, last)
        page = handbook_page(path.role.id)
        if only is None or page in only:
            yield Job(HANDBOOK_TEMPLATE, page, words("Handbook: {role}",
                                                       role=text(path.role.title)),
                      extra={"onboarding_path": path})
