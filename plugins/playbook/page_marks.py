"""What a finished page of a hub's site carries for search and for the browser script,
whoever built it: the article marked for Pagefind, the language of a page in Japanese,
Chinese or Thai, and the hub the page belongs to (for the script's storage).

The MkDocs adapter marks each page as MkDocs writes it; `playbook index` marks the pages
of a site another generator built from `playbook generate`'s folder.
"""

from __future__ import annotations

import html
import posixpath
import re
from typing import Any, Callable

from . import search
from .urls import relative_url

ARTICLE = '<article class="md-content__inner md-typeset">'


def excluded_from_search(meta: Any) -> bool:
    """Material's front matter `search: {exclude: true}` keeps a page out of search (a
    hand-written one, or ours: a role's handbook)."""
    setting = meta.get("search") if isinstance(meta, dict) else None
    return isinstance(setting, dict) and bool(setting.get("exclude"))


def mark_for_search(output: str, language: str | None, generated: bool = False,
                    indexed: bool = True) -> str:
    """Index only the article (none of a page left out of search, ``indexed`` False: a
    role's handbook); pages in Japanese, Chinese or Thai get their language. A generated
    page's article is marked as ours (`data-pb-page`), for the styles that are only for our
    pages."""
    mark = (" data-pagefind-body" if indexed else "") + (" data-pb-page>" if generated else ">")
    output = output.replace(ARTICLE, ARTICLE[:-1] + mark, 1)
    if search.needs_own_index(language):
        output = re.sub(r'<html lang="[^"]*"', f'<html lang="{language}"', output, count=1)
    return output


def mark_hub(output: str, dest_uri: str, hub: str, default_site: str,
             mike_version: str | None = None,
             words: Callable[[str], str] | None = None) -> str:
    """Say in the page's head which hub it belongs to, with the roots of its language's
    site and of the default language's, relative to the page (``dest_uri``, the page's
    file in the site: ``roles/rep/index.html``): the browser script keys what it keeps by
    hub, the same in every language's site (:mod:`playbook.start`). In another language's
    site of a mike deploy, also the version it is, for the version selector."""
    at = output.find("</head>")
    if at < 0 or 'name="playbook-hub"' in output[:at]:
        return output
    up = relative_url(".", posixpath.dirname(dest_uri), False)  # ("./" at the root)
    site = up if up == "./" else up + "/"
    home = posixpath.normpath(posixpath.join(site, default_site))
    home = "./" if home == "." else home + "/"
    version = "" if not mike_version else (
        f' data-version="{html.escape(mike_version)}"'
        f' data-version-label="{html.escape(words("Select version") if words else "")}"')
    tag = (f'<meta name="playbook-hub" content="{html.escape(hub)}" data-site="{site}" '
           f'data-home="{home}"{version}>')
    return output[:at] + tag + "\n" + output[at:]
