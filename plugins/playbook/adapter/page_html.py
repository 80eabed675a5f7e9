"""What the plugin adds to the HTML of a finished page: the article marked for search (and,
on a generated page, as ours), the language of a page in Japanese, Chinese or Thai, and
the hub the page belongs to (:mod:`playbook.page_marks`); names for two of the theme's
landmarks, and the bundled Mermaid."""

from __future__ import annotations

import html
import posixpath
import re
from typing import Any

from .. import page_marks
from ..page_marks import mark_for_search  # noqa: F401 (the adapter's name for it)
from ..site_plan import MERMAID
from ..urls import relative_url


_BUNDLE = re.compile(r'<script src="[^"]*assets/javascripts/bundle\.[^"]*"')


_BREADCRUMBS = re.compile(r'<nav class="md-path" aria-label="[^"]*"')
_SEARCH_DIALOG = '<div class="md-search" data-md-component="search" role="dialog">'


def name_landmarks(output: str, breadcrumbs: str, search_label: str) -> str:
    """Name two of the theme's landmarks for screen readers. Material labels its
    breadcrumbs (`navigation.path`) "Navigation", like the main navigation, so a screen
    reader lists two landmarks of one name (axe: landmark-unique), and its search dialog
    has no name at all (aria-dialog-name)."""
    output = _BREADCRUMBS.sub(
        f'<nav class="md-path" aria-label="{html.escape(breadcrumbs)}"', output, count=1)
    return output.replace(_SEARCH_DIALOG, _SEARCH_DIALOG[:-1]
                          + f' aria-label="{html.escape(search_label)}">', 1)


def load_mermaid(output: str, page: Any) -> str:
    """Material fetches Mermaid from a CDN unless a global `mermaid` already exists,
    and a hub must work from a plain static host without internet: load ours first."""
    if 'class="mermaid' not in output:
        return output
    src = posixpath.relpath(MERMAID, posixpath.dirname(page.file.dest_uri) or ".")
    tag = f'<script src="{src}"></script>'
    bundle = _BUNDLE.search(output)
    at = bundle.start() if bundle else output.rfind("</body>")
    if at < 0:
        return output + tag
    return output[:at] + tag + "\n" + output[at:]


def mark_hub(output: str, page: Any, hub: str, default_site: str,
             mike_version: str | None = None, words: Any = None) -> str:
    """:func:`playbook.page_marks.mark_hub` for a page of MkDocs."""
    return page_marks.mark_hub(output, page.file.dest_uri, hub, default_site,
                               mike_version, words)


def show_problems(output: str, problems: list[str], kept: bool) -> str:
    """`mkdocs serve` with a hub that has errors: the page says so at the top of its
    article, each error as `playbook validate` prints it (the reader of a preview is the
    one editing the files); ``kept``: the generated pages are those of the last build that
    had none."""
    count = len(problems)
    title = f"The playbook has {count} error{'s' if count != 1 else ''}: fix and save, " \
            "and this page updates by itself"
    note = ("The generated pages show the playbook as it was before the errors."
            if kept else "The generated pages are left out until they are fixed.")
    items = "".join(_problem(p) for p in problems)
    panel = (f'<div class="admonition failure pb-serve-errors" role="alert" '
             f'data-pagefind-ignore><p class="admonition-title">{html.escape(title)}</p>'
             f'<ul>{items}</ul><p>{note}</p></div>')
    at = output.find(page_marks.ARTICLE)  # (before mark_for_search marks it)
    if at >= 0:
        at += len(page_marks.ARTICLE)
    else:
        body = re.search(r"<body[^>]*>", output)
        at = body.end() if body else 0
    return output[:at] + panel + output[at:]


def _problem(problem: str) -> str:
    """An error as `playbook validate` prints it, its place (file, line, column) as code."""
    where, said, what = problem.partition(": error: ")
    if not said:
        return f"<li>{html.escape(problem)}</li>"
    return f"<li><code>{html.escape(where)}</code> {html.escape(what)}</li>"


def link_feeds(output: str, page: Any, feeds: list[str], title: str) -> str:
    """Name the page's Atom feeds (site paths) in its head, for browsers and feed readers
    that find a page's feeds there. Their `rel` is "alternate feed": the theme takes every
    `link[rel=alternate]` (an exact match) for another language's site and fetches a
    sitemap.xml beside it, which a feed has not (two requests answered 404 per page)."""
    here = posixpath.dirname(page.file.dest_uri)
    links = "".join(
        f'<link rel="alternate feed" type="application/atom+xml" title="{html.escape(title)}" '
        f'href="{html.escape(relative_url(feed, here, False))}">' for feed in feeds)
    at = output.find("</head>")
    return output if at < 0 else output[:at] + links + output[at:]
