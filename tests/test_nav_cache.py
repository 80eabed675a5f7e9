"""The navigation rendered once per folder (playbook.nav_cache) makes the very pages that
rendering it into every page makes, whatever the theme's navigation features."""

from __future__ import annotations

import re
import textwrap
from pathlib import Path

import pytest

from conftest import MINI_HUB, run_mkdocs, write_hub

ITEMS = {f"playbook/collateral/item-{i}.yml": f"""
    title: Item {i}
    summary: Item number {i}.
    type: deck
    url: https://example.com/{i}
    audience: [rep]
    owner: Ana
    updated: 2026-10-01
""" for i in range(3)}

CONFIGS = {
    "tabs, sections, indexes, prune": """
        site_name: Mini hub
        docs_dir: content
        theme:
          name: material
          font: false
          features: [navigation.tabs, navigation.sections, navigation.indexes,
                     navigation.prune, navigation.expand]
        plugins:
          - search
          - playbook:
              nav_cache: {cache}
    """,
    "integrated toc, .html URLs, an item in the nav": """
        site_name: Mini hub
        docs_dir: content
        use_directory_urls: false
        repo_url: https://example.com/hub
        theme:
          name: material
          font: false
          features: [toc.integrate]
        nav:
          - Home: index.md
          - Notes: notes/index.md
          - One item: collateral/item-1.md
          - Library: collateral/index.md
          - Roles: roles/index.md
        plugins:
          - search
          - playbook:
              nav_cache: {cache}
    """,
}


def _pages(site: Path) -> dict[str, str]:
    return {p.relative_to(site).as_posix(): p.read_text(encoding="utf-8")
            for p in site.rglob("*.html")}


@pytest.mark.parametrize("name", list(CONFIGS))
def test_cached_navigation_is_the_navigation(tmp_path: Path, name: str) -> None:
    built = {}
    for cache in ("true", "false"):
        root = write_hub(tmp_path / cache, {
            **ITEMS,
            "content/notes/index.md": "# Notes\n\nA hand-written page.\n",
            "mkdocs.yml": CONFIGS[name].format(cache=cache)})
        result = run_mkdocs(root, tmp_path / f"site-{cache}", "--strict", "--verbose")
        assert result.returncode == 0, result.stderr
        reused = re.search(r"navigation was reused for (\d+) pages, rendered (\d+) times",
                           result.stderr)
        if cache == "true":
            assert reused and int(reused[1]) > 0, result.stderr[-2000:]
        else:
            assert reused is None
        built[cache] = _pages(tmp_path / f"site-{cache}")
    assert built["true"].keys() == built["false"].keys()
    for path, page in built["false"].items():
        assert built["true"][path] == page, f"{path} differs with the navigation cached"
    # The item listed in the nav has its entry active; the others have none.
    if "html" in name:
        assert "md-nav__link--active" in built["true"]["collateral/item-1.html"]
        assert "md-nav__link--active" not in built["true"]["collateral/item-2.html"]


def test_a_theme_override_of_the_navigation_is_rendered_per_page(tmp_path: Path) -> None:
    """A hub's own nav.html may show the page (here its title): it is never cached."""
    root = write_hub(tmp_path / "hub", {
        **ITEMS,
        "overrides/partials/nav.html": '<nav class="own-nav">{{ page.title }}</nav>\n',
        "mkdocs.yml": textwrap.dedent(MINI_HUB["mkdocs.yml"]).replace(
            "  font: false\n", "  font: false\n  custom_dir: overrides\n")})
    result = run_mkdocs(root, tmp_path / "site", "--strict", "--verbose")
    assert result.returncode == 0, result.stderr
    assert "navigation was reused for 0 pages" in result.stderr
    for i in range(3):
        page = (tmp_path / f"site/collateral/item-{i}/index.html").read_text(encoding="utf-8")
        assert f'<nav class="own-nav">Item {i}</nav>' in page
