"""`playbook index`: the plugin's search for a site another generator built from
`playbook generate`'s folder (Zensical, or MkDocs without the plugin).

First each other language's site, which its own folder built (`OUT/ur/site`), is moved
into its place in the default language's (`OUT/site/ur/`), over the one an earlier run put
there (:func:`place_languages`).

What the plugin does to each page as MkDocs writes it, done to the pages on disk: the
article marked for Pagefind, pages in Japanese, Chinese or Thai given their language, the
hub named in the head (:mod:`playbook.page_marks`). Then a Pagefind index per language's
site, and the theme's search answered by it: Material's worker replaced by ours; in
Zensical's site, whose search box is its own dialog, the browser script opens ours instead
(`playbook.js`) and Zensical's index of every page's text is left empty, so that no page
downloads it.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import time
from dataclasses import dataclass
from pathlib import Path

from . import editor, offline
from .site_plan import SITE_FILE, language_site
from .page_marks import mark_for_search, mark_hub
from .pagefind import LiveIndex
from .pagefind_service import Pagefind, SearchError
from .publish import remove

#: Zensical's index of the site's text, which its page script fetches on every page
ZENSICAL_INDEX = "search.json"
#: Material's
MATERIAL_INDEX = "search/search_index.json"
#: Pages that are not the site's content
#: Pages that are no page of the hub: the theme's 404, the browser editor's (playbook.editor)
SKIP = {"404.html", editor.PAGE}


@dataclass
class SiteIndex:
    language: str
    site: Path
    pages: int
    seconds: float
    bundle_bytes: int


def sites(root: Path) -> list[tuple[Path, dict]]:
    """The language sites under ``root``: ``root`` itself (the default language's), then
    each sub-folder with a site of its own (its ``assets/playbook/site.json``)."""
    found = [(root, _site_data(root))]
    for child in sorted(root.iterdir()):
        if child.is_dir() and not child.is_symlink() and (child / SITE_FILE).is_file():
            found.append((child, _site_data(child)))
    return found


def _site_data(site: Path) -> dict:
    try:
        data = json.loads((site / SITE_FILE).read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise SearchError(f"{site} has no {SITE_FILE}: build it from the folder "
                          f"`playbook generate` writes") from None
    except (OSError, ValueError) as exc:
        raise SearchError(f"cannot read {site / SITE_FILE}: {exc}") from None
    if not isinstance(data, dict):
        raise SearchError(f"{site / SITE_FILE} is not a mapping")
    return data


def pages(site: Path, others: set[Path]) -> list[str]:
    """The HTML pages of ``site``, relative to it, leaving out the sites in ``others``
    (the other languages', inside the default one's) and Pagefind's own folder."""
    found = []
    for folder, dirs, files in os.walk(site):
        here = Path(folder)
        dirs[:] = sorted(d for d in dirs if here / d not in others
                         and not (here == site and d in ("pagefind", "assets")))
        for name in sorted(files):
            if name.endswith(".html"):
                path = (here / name).relative_to(site).as_posix()
                if path not in SKIP:
                    found.append(path)
    return found


def place_languages(root: Path) -> tuple[list[str], list[str]]:
    """Move each other language's site, built in its own folder since the last run
    (:func:`playbook.site_plan.language_site`), into its place under ``root``, the default
    language's site; returns the languages moved, and those with a site in neither place."""
    others = _site_data(root).get("other_languages")
    moved, missing = [], []
    for lang in (others if isinstance(others, list) else ()):
        if not isinstance(lang, str) or not _LANGUAGE.fullmatch(lang):
            continue
        source, target = language_site(root, lang), root / lang
        if source.is_dir() and not source.is_symlink() and (source / SITE_FILE).is_file():
            remove(target)  # (what an earlier run put there; a link, not what it names)
            shutil.move(source, target)  # (a rename, on one disk)
            moved.append(lang)
        elif not (target.is_dir() and (target / SITE_FILE).is_file()):
            missing.append(lang)
    return moved, missing


#: A language's code, as a folder's name (the hub's languages are validated as such).
_LANGUAGE = re.compile(r"[A-Za-z0-9][A-Za-z0-9_-]*")


def index_site(root: Path, pagefind: Pagefind | None = None) -> list[SiteIndex]:
    """Mark and index every language's site under ``root``; returns what each index holds."""
    root = root.resolve()
    found = sites(root)
    others = {site for site, _ in found[1:]}
    own = pagefind is None
    pagefind = pagefind or Pagefind()
    done = []
    try:
        for site, data in found:
            done.append(_index(site, data, others if site == root else set(), pagefind))
    finally:
        if own:
            pagefind.stop()
    return done


def _index(site: Path, data: dict, others: set[Path], pagefind: Pagefind) -> SiteIndex:
    start = time.perf_counter()
    hub = str(data.get("hub") or "")
    default_site = str(data.get("default_site") or "./")
    languages = data.get("pages") if isinstance(data.get("pages"), dict) else {}
    live = LiveIndex(site, pagefind)
    left_out = set(data.get("left_out") or [])
    for path in pages(site, others):
        if path in left_out:
            continue
        file = site / path
        text = file.read_text(encoding="utf-8")
        marked = mark_hub(mark_for_search(text, languages.get(path)), path, hub, default_site)
        if marked != text:
            file.write_text(marked, encoding="utf-8")
        live.add(path, marked)
    zensical = (site / ZENSICAL_INDEX).is_file() and not (site / MATERIAL_INDEX).is_file()
    result = live.finish(theme_worker=not zensical)
    if zensical:
        _empty_zensical_index(site / ZENSICAL_INDEX)
    kept = data.get("offline")
    if isinstance(kept, dict):  # what reps keep, once the site and its index are there
        offline.write(site, kept)
    return SiteIndex(str(data.get("language") or ""), site, result.pages,
                     time.perf_counter() - start, result.bundle_bytes)


def _empty_zensical_index(index: Path) -> None:
    """Keep Zensical's settings, drop its copy of every page's text."""
    try:
        data = json.loads(index.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        data = {}
    config = data.get("config") if isinstance(data, dict) else None
    index.write_text(json.dumps({"config": config or {"lang": ["en"]}, "items": []}),
                     encoding="utf-8")
