"""Search with Pagefind: index the built site, and answer Material's search box with it.

Material for MkDocs' built-in search makes every visitor download the whole index (4.7 MB of
JSON for 1,000 pages) and finds little outside Latin scripts. Pagefind indexes the built
HTML into small chunks that a query fetches as needed, and handles every script; its
extended build segments Japanese, Chinese and Thai. This module runs Pagefind over the site
and puts our worker (``assets/search-worker.js``) in place of Material's, so the search box
stays the theme's own.

It does not import MkDocs: the adapter calls :func:`index_site` after the build.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

ASSETS = Path(__file__).parent / "assets"

#: Page languages that need a word segmenter: pages in them get their own Pagefind index.
SEGMENTED = {"ja", "zh", "th", "ko", "km", "lo", "my"}

#: What is on a page but not worth finding.
EXCLUDE = [
    ".headerlink", ".pb-source", ".pb-library-filters", ".mermaid", ".pb-kicker",
    ".md-content__button", ".md-source-file", ".pb-progress", ".pb-original__label",
]


class SearchError(Exception):
    pass


@dataclass
class IndexResult:
    pages: int
    seconds: float
    bundle_bytes: int


def facets(playbook) -> dict[str, list[list[str]]]:
    """The values a rep can narrow collateral results by, with their labels."""
    from . import languages

    pb = playbook
    used_langs = sorted({c.language or pb.default_language for c in pb.collateral.values()})
    used_types = sorted({c.type for c in pb.collateral.values()})
    return {
        "type": [[t, t.replace("-", " ").capitalize()] for t in used_types],
        "stage": [[lt.id, str(lt.title)] for lt in pb.funnel],
        "language": [[code, languages.label(code)] for code in used_langs],
    }


def needs_own_index(language: str | None) -> bool:
    return bool(language) and language.split("-")[0].lower() in SEGMENTED


def pagefind_command() -> list[str]:
    return [sys.executable, "-m", "pagefind"]


def index_site(site_dir: Path) -> IndexResult:
    """Index ``site_dir`` into ``site_dir/pagefind`` and switch the theme to it."""
    import time

    start = time.perf_counter()
    bundle = site_dir / "pagefind"
    if bundle.exists():
        shutil.rmtree(bundle)
    cmd = pagefind_command() + [
        "--site", str(site_dir), "--exclude-selectors", ", ".join(EXCLUDE), "--quiet",
    ]
    try:
        done = subprocess.run(cmd, capture_output=True, text=True, timeout=600,
                              env={**os.environ, "PAGEFIND_SITE": ""})
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise SearchError(f"could not run Pagefind ({' '.join(cmd)}): {exc}") from exc
    if done.returncode != 0 or not (bundle / "pagefind-entry.json").is_file():
        said = [line.strip() for line in (done.stderr or done.stdout).splitlines()
                if line.strip()]
        raise SearchError("Pagefind failed to index the site: "
                          + (said[-1] if said else f"exit code {done.returncode}"))
    entry = json.loads((bundle / "pagefind-entry.json").read_text(encoding="utf-8"))
    pages = sum(lang.get("page_count", 0) for lang in entry.get("languages", {}).values())
    use_worker(site_dir)
    size = sum(p.stat().st_size for p in bundle.rglob("*") if p.is_file())
    return IndexResult(pages, time.perf_counter() - start, size)


def use_worker(site_dir: Path) -> None:
    """Put our worker in place of Material's, and leave Material's index empty.

    Material's page script fetches ``search/search_index.json`` and hands it to the worker
    named in the page; the worker file keeps its name, only its content changes.
    """
    workers = list((site_dir / "assets/javascripts/workers").glob("search.*.min.js"))
    if not workers:
        raise SearchError("the theme's search worker was not found in the site: is the "
                          "'search' plugin enabled and the theme 'material'?")
    code = (ASSETS / "search-worker.js").read_text(encoding="utf-8")
    for worker in workers:
        worker.write_text(code, encoding="utf-8")
        stale_map = worker.with_name(worker.name + ".map")
        if stale_map.exists():
            stale_map.unlink()
    index = site_dir / "search/search_index.json"
    index.parent.mkdir(parents=True, exist_ok=True)
    stub = {"config": {"lang": ["en"], "separator": r"[\s\-]+", "pipeline": []}, "docs": []}
    index.write_text(json.dumps(stub), encoding="utf-8")
