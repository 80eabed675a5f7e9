"""What the plugin adds to the HTML of a finished page: the article marked for search,
the language of a page in Japanese, Chinese or Thai, the bundled Mermaid, and the hub the
page belongs to (for the browser script's storage)."""

from __future__ import annotations

import html
import posixpath
import re
from typing import Any

from .. import search

MERMAID = "assets/playbook/mermaid.min.js"

_ARTICLE = '<article class="md-content__inner md-typeset">'
_BUNDLE = re.compile(r'<script src="[^"]*assets/javascripts/bundle\.[^"]*"')


def mark_for_search(output: str, language: str | None) -> str:
    """Index only the article; pages in Japanese, Chinese or Thai get their language."""
    output = output.replace(_ARTICLE, _ARTICLE[:-1] + " data-pagefind-body>", 1)
    if search.needs_own_index(language):
        output = re.sub(r'<html lang="[^"]*"', f'<html lang="{language}"', output, count=1)
    return output


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
