"""The platform after Material and MkDocs 1.x (Material's end of life is 2027-05-05):
ProperDocs, the continuation of MkDocs 1.x, builds a hub with several languages into the
same pages as MkDocs: the compact sample (tests/compact_hub.py), every kind of page of the
sample in English, Urdu (right to left) and Hungarian."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from conftest import mkdocs_env

pytestmark = pytest.mark.site  # ProperDocs builds a whole hub


def properdocs() -> str | None:
    found = Path(sys.executable).with_name("properdocs")
    return str(found) if found.exists() else None


@pytest.fixture(scope="module")
def proper_site(tmp_path_factory, compact_sample_site):
    if properdocs() is None:
        pytest.fail("properdocs is missing: make test installs it (pyproject's test extra)")
    site = tmp_path_factory.mktemp("properdocs-site")
    done = subprocess.run([properdocs(), "build", "--strict", "-d", str(site)],
                          cwd=compact_sample_site.hub,
                          env=mkdocs_env(), capture_output=True, text=True, timeout=900)
    assert done.returncode == 0, done.stderr
    assert "Traceback" not in done.stderr and "ERROR" not in done.stderr
    return site


def article(path: Path) -> str:
    """The page's content as written: from its first ``<article`` to its last
    ``</article>`` (raw text, not parsed: parsing a thousand pages took a minute)."""
    html = path.read_text(encoding="utf-8")
    start, end = html.find("<article"), html.rfind("</article>")
    assert 0 <= start < end, f"{path} has no article"
    return html[start:end]


def test_properdocs_builds_the_compact_sample_into_the_same_pages(compact_sample_site, proper_site):
    sample_site = compact_sample_site.site
    pages = sorted(p.relative_to(sample_site.root) for p in sample_site.root.rglob("*.html")
                   if p.parent.name != "admin")  # (the editor's page: the same file)
    assert len(pages) > 250
    differ = [str(rel) for rel in pages
              if not (proper_site / rel).is_file()
              or article(proper_site / rel) != article(sample_site.root / rel)]
    assert differ == []
    # every language's site, with its search index and the data beside the pages
    for lang in ("", "ur/", "hu/"):
        assert (proper_site / lang / "pagefind/pagefind-entry.json").is_file(), lang
        assert (proper_site / lang / "raci.csv").is_file(), lang
    assert (proper_site / "playbook.json").is_file()
    assert (proper_site / "admin/index.html").read_bytes() == (
        sample_site.root / "admin/index.html").read_bytes()
