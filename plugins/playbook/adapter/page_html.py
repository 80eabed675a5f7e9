"""What the plugin adds to the HTML of a finished page: the article marked for search (and,
on a generated page, as ours), the language of a page in Japanese, Chinese or Thai, names
for two of the theme's landmarks, the bundled Mermaid, and the hub the page belongs to (for
the browser script's storage)."""

from __future__ import annotations

import html
import posixpath
import re
from typing import Any

from .. import search

MERMAID = "assets/playbook/mermaid.min.js"

_ARTICLE = '<article class="md-content__inner md-typeset">'
_BUNDLE = re.compile(r'<script src="[^"]*assets/javascripts/bundle\.[^"]*"')


def mark_for_search(output: str, language: str | None, generated: bool = False) -> str:
    """Index only the article; pages in Japanese, Chinese or Thai get their language. A
    generated page's article is marked as ours (`data-pb-page`), for the styles that are
    only for our pages."""
    mark = " data-pagefind-body data-pb-page>" if generated else " data-pagefind-body>"
    output = output.replace(_ARTICLE, _ARTICLE[:-1] + mark, 1)
    if search.needs_own_index(language):
        output = re.sub(r'<html lang="[^"]*"', f'<html lang="{language}"', output, count=1)
    return output


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
    """Say in the page's head which hub it belongs to, with the roots of its language's
    site and of the default language's, relative to the page: the browser script keys what
    it keeps by hub, the same in every language's site (:mod:`playbook.start`). In another
    language's site of a mike deploy, also the version it is, for the version selector."""
    at = output.find("</head>")
    if at < 0:
        return output
    up = posixpath.relpath(".", posixpath.dirname(page.file.dest_uri) or ".")
    site = "./" if up == "." else up + "/"
    home = posixpath.normpath(posixpath.join(site, default_site))
    home = "./" if home == "." else home + "/"
    version = "" if not mike_version else (
        f' data-version="{html.escape(mike_version)}"'
        f' data-version-label="{html.escape(words("Select version") if words else "")}"')
    tag = (f'<meta name="playbook-hub" content="{html.escape(hub)}" data-site="{site}" '
           f'data-home="{home}"{version}>')
    return output[:at] + tag + "\n" + output[at:]
