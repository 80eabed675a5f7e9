"""The plugin with the plugins MkDocs users combine with it: one small hub, one build per
plugin, under `mkdocs build --strict` (never with -q: quiet mode drops warnings before the
strict count), and what a reader would see of it."""

from __future__ import annotations

import pytest

from browser import OPEN_SHADOW_ROOTS, browser, serve, stay_on
from conftest import Site, run_mkdocs, write_hub


def with_plugins(*plugins: str, extra: str = "") -> dict[str, str]:
    """MINI_HUB's files with ``plugins`` listed after ours in mkdocs.yml."""
    listed = "".join(f"  - {p}\n" for p in plugins)
    return {"mkdocs.yml": "site_name: Mini hub\ndocs_dir: content\ntheme:\n  name: material\n"
                          "  font: false\nplugins:\n  - search\n  - playbook\n" + listed + extra}


@pytest.fixture(scope="module")
def private(tmp_path_factory):
    """An intranet build: Material's privacy plugin, which downloads every external asset
    at build time, on a machine with no internet."""
    root = write_hub(tmp_path_factory.mktemp("privacy") / "hub", with_plugins("privacy"))
    result = run_mkdocs(root, root / "site", "--strict")
    return result, Site(root / "site")


def test_the_privacy_plugin_builds_strict_with_no_internet(private):
    result, _ = private
    assert result.returncode == 0, result.stderr
    assert "Couldn't retrieve" not in result.stderr
    assert "WARNING" not in result.stderr


def test_nothing_of_ours_names_a_cdn(private):
    _, site = private
    for page in site.root.rglob("*.html"):
        text = page.read_text(encoding="utf-8")
        for cdn in ("unpkg.com", "cdn.jsdelivr.net", "cdnjs.cloudflare.com"):
            assert cdn not in text, f"{page.relative_to(site.root)} names {cdn}"
    for asset in (site.root / "assets/playbook").rglob("*"):
        if asset.suffix in (".js", ".css", ".json") and asset.name != "mermaid.min.js":
            assert "https://" not in asset.read_text(encoding="utf-8"), asset.name


def test_an_intranet_reader_sees_the_org_chart_with_no_request_outside(private):
    _, site = private
    with browser() as chromium, serve(site.root) as base:
        page = chromium.new_page()
        page.add_init_script(OPEN_SHADOW_ROOTS)
        outside = stay_on(page, base)
        page.goto(base + "roles/")
        page.wait_for_function(
            "() => [...document.querySelectorAll('.mermaid')].some("
            "el => el.shadowRoot && el.shadowRoot.querySelector('svg'))", timeout=20000)
        labels = page.evaluate(
            "() => [...document.querySelectorAll('.mermaid')].flatMap(el => "
            "[...el.shadowRoot.querySelectorAll('.nodeLabel')].map(n => n.textContent))")
        assert "Sales rep" in " ".join(labels)
        assert outside == []
        page.close()
