"""A generated page: where it goes, its body, and what it was made from."""

from __future__ import annotations

import html
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from . import markup
from .yaml_loader import SAFE_DUMPER

#: Front matter is written with libyaml's emitter where PyYAML has it (SAFE_DUMPER, seven
#: times as fast as PyYAML's own: `playbook generate` writes one for every page), which
#: gives the same text as PyYAML's when neither folds long lines (they fold escaped text
#: differently): a value is one line.
_UNFOLDED = 1 << 30


@dataclass(frozen=True)
class Page:
    """A generated page: where it goes, its HTML body, and the YAML it comes from."""

    path: str  # the path of its Markdown source, had it one: roles/rep.md
    content: str  # the body as HTML (Markdown when ``is_markdown``)
    title: str
    source: Path | None = None
    in_nav: bool = False
    language: str | None = None  # the language of the entity, where it has one
    toc: tuple[markup.Heading, ...] = ()
    meta: dict[str, Any] = field(default_factory=dict)  # front matter: hide, ...
    anchors: frozenset[str] = frozenset()  # the ids on the page
    is_markdown: bool = False  # made by a hub's Markdown override (`*.md.j2`)
    #: (kind, id) of the entities the page shows something of (when recorded)
    reads: frozenset[tuple[str, str]] = frozenset()
    #: made only because the site has no page of its own at ``path`` (the home page): a
    #: page there from anywhere else takes its place without a word
    fallback: bool = False

    @property
    def markdown(self) -> str:
        """The page as a Markdown file (front matter, then its HTML, which Markdown keeps
        as it is), for generators that read only files."""
        if self.is_markdown:
            return self.content
        # the theme prints a page's title as HTML: ours is text
        meta = {"title": html.escape(self.title), **self.meta}
        head = yaml.dump(meta, Dumper=SAFE_DUMPER, allow_unicode=True, sort_keys=False,
                         width=_UNFOLDED)
        return f"---\n{head}---\n\n{markup.markdown_headings(self.content)}"


def made_from(page: Page, data_dir: Path) -> Path:
    """The file or folder a page is made from, for tools that ask where a page comes from
    (git's dates, feeds): an entity's YAML file; for a kind's index and the pages made of a
    whole kind (an onboarding path), the kind's folder; for the pages of the whole hub (the
    audit, the changes) or a kind with no folder, the playbook's folder."""
    if page.source is not None:
        return page.source
    folder = data_dir / page.path.split("/", 1)[0]
    return folder if folder.is_dir() else data_dir


def pack_page(page: Page | None) -> tuple[Any, ...] | None:
    """A page as plain tuples, to send between processes (unpickling dataclasses, paths
    and sets costs ten times as much as tuples: 0.3 s for 5,000 pages) or to keep
    (:mod:`playbook.render_cache`)."""
    if page is None:
        return None
    return (page.path, page.content, page.title,
            None if page.source is None else os.fspath(page.source), page.in_nav,
            page.language, _pack_toc(page.toc), page.meta, tuple(page.anchors),
            page.is_markdown, tuple(page.reads), page.fallback)


def _pack_toc(toc: Any) -> tuple[Any, ...]:
    return tuple((h.level, h.id, h.name, _pack_toc(h.children)) for h in toc)


def unpack_page(data: tuple[Any, ...] | None) -> Page | None:
    if data is None:
        return None
    (path, content, title, source, in_nav, language, toc, meta, anchors, is_markdown, reads,
     fallback) = data
    return Page(path, content, title, None if source is None else Path(source), in_nav,
                language, _unpack_toc(toc), meta, frozenset(anchors), is_markdown,
                frozenset(reads), fallback)


def _unpack_toc(toc: tuple[Any, ...]) -> tuple[markup.Heading, ...]:
    return tuple(markup.Heading(level, id, name, list(_unpack_toc(children)))
                 for level, id, name, children in toc)
