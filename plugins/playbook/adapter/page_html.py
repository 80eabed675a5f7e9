"""What the plugin adds to the HTML of a finished page: the article marked for search,
the language of a page in Japanese, Chinese or Thai, and the hub the page belongs to
(:mod:`playbook.page_marks`), and the bundled Mermaid."""

from __future__ import annotations

import posixpath
import re
from typing import Any

from .. import page_marks
from ..page_marks import mark_for_search  # noqa: F401 (the adapter's name for it)

MERMAID = "assets/playbook/mermaid.min.js"

_BUNDLE = re.compile(r'<script src="[^"]*assets/javascripts/bundle\.[^"]*"')


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
