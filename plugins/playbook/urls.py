"""Where the generated pages go and how they link: each kind's index and entity pages
(from the registry of kinds), and relative URLs computed as MkDocs would."""

from __future__ import annotations

import posixpath
from functools import lru_cache

from .kinds import INDEXES, KINDS, search_kinds

#: The generated index pages (of each kind, then the audit and the changes), their
#: templates and titles, in the order of the navigation; and each kind's entity template.
INDEX_PAGES = {key: entry.index_page for key, entry in INDEXES.items()}
INDEX_TEMPLATES = {key: entry.index_template for key, entry in INDEXES.items()}
INDEX_TITLES = {key: entry.index_title for key, entry in INDEXES.items()}
ENTITY_TEMPLATES = {folder: kind.template for folder, kind in KINDS.items()}
#: The kinds search results can be narrowed to (`kind:role`), with their labels (catalog
#: keys). The filter is the id in every language's site; only the label is translated.
SEARCH_KINDS = search_kinds()


def entity_page(kind: str, id: str) -> str:
    return KINDS[kind].page(id)


#: A role's handbook, to print or save as PDF: the role, its path, plays, battlecards, KPIs
#: and collateral on one page (templates/handbook.html.j2).
HANDBOOK = "handbook"
HANDBOOK_TEMPLATE = "handbook.html.j2"


def handbook_page(role_id: str) -> str:
    return f"{HANDBOOK}/{role_id}.md"


#: Where a hub with the browser editor publishes it (playbook.editor).
EDITOR = "admin/"


@lru_cache(maxsize=65536)
def relative_url(target: str, base_dir: str, directory_urls: bool) -> str:
    """The URL of ``target`` (relative to the site root) from a page in ``base_dir``."""
    parts = [p for p in target.split("/") if p and p != "."]
    base = [p for p in base_dir.split("/") if p and p != "."]
    if ".." in parts or ".." in base or target[:1] == "/" or base_dir[:1] == "/":
        # not a clean relative path: let posixpath work it out
        out = posixpath.relpath(target or ".", base_dir or ".")
    else:  # the common case, without relpath's abspath and getcwd for every link
        same = 0
        for a, b in zip(parts, base):
            if a != b:
                break
            same += 1
        out = "/".join([".."] * (len(base) - same) + parts[same:]) or "."
    if out == ".":
        return "./"
    return out + "/" if directory_urls and target.endswith("/") else out


@lru_cache(maxsize=65536)
def page_url(path: str, use_directory_urls: bool) -> str:
    """The URL of a page's Markdown source, relative to the site root, as MkDocs makes it."""
    stem = path[:-3]
    if not use_directory_urls:
        return stem + ".html"
    if stem == "index" or stem.endswith("/index"):
        return stem[:-5]
    return stem + "/"


#: The data a build publishes beside the pages: the RACI matrix of each language's site,
#: in its language, and the whole hub as JSON, once, at the root of the default language's
#: site (the other languages' sites are its sub-folders).
RACI_CSV = "raci.csv"
PLAYBOOK_JSON = "playbook.json"


def data_files(language: str, default: str) -> dict[str, str]:
    """Where ``language``'s site finds them, relative to its root."""
    return {"raci": RACI_CSV,
            "json": PLAYBOOK_JSON if language == default else f"../{PLAYBOOK_JSON}"}
