"""The plugin with the plugins MkDocs users combine with it: one small hub, one build per
plugin, under `mkdocs build --strict` (never with -q: quiet mode drops warnings before the
strict count), and what a reader would see of it."""

from __future__ import annotations

import pytest

from browser import OPEN_SHADOW_ROOTS, serve, stay_on
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


def test_an_intranet_reader_sees_the_org_chart_with_no_request_outside(private, chromium):
    _, site = private
    with serve(site.root) as base:
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


# -- Material's offline plugin: a site to open from disk ----------------------------------

@pytest.fixture(scope="module")
def offline(tmp_path_factory):
    root = write_hub(tmp_path_factory.mktemp("offline") / "hub", with_plugins("offline"))
    result = run_mkdocs(root, root / "site", "--strict")
    assert result.returncode == 0, result.stderr
    assert "WARNING" not in result.stderr
    return Site(root / "site")


def test_an_offline_site_opened_from_disk_reads_links_ticks_and_filters(offline, chromium):
    """What works from file://: every page and link, ticks, the library's filters."""
    home = offline.root.as_uri() + "/"
    page = chromium.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto(home + "index.html")
    page.click("article a[href='roles/index.html']")
    page.click("article table a[href$='rep.html']")
    assert page.url == home + "roles/rep.html"
    page.goto(home + "onboarding/rep.html")
    box = page.locator("input[data-pb-task]").first
    box.check()
    page.reload()
    assert page.locator("input[data-pb-task]").first.is_checked()
    page.goto(home + "collateral/index.html?type=product-guide")
    assert page.locator("tbody tr:visible").count() == 1
    assert errors == []
    page.close()


def test_from_disk_search_cannot_work_and_playbook_serve_is_the_way(offline, chromium):
    """A page opened from disk may fetch nothing beside it (the browser's rule for
    file://), so Pagefind cannot read its index: the README says so and points to
    `playbook serve`, which serves the same folder with search working."""
    import re
    import subprocess
    import sys
    from pathlib import Path

    page = chromium.new_page()
    page.goto(offline.root.as_uri() + "/index.html")
    page.keyboard.press("s")
    page.keyboard.type("rep")
    page.wait_for_timeout(2000)
    assert "matching" not in page.locator(".md-search-result__meta").inner_text()
    command = [str(Path(sys.executable).with_name("playbook")), "serve", str(offline.root),
               "--port", "0"]
    server = subprocess.Popen(command, stdout=subprocess.PIPE, text=True)
    try:
        line = server.stdout.readline()
        address = re.search(r"http://127\.0\.0\.1:\d+/", line).group(0)
        outside = stay_on(page, address)
        page.goto(address + "index.html")
        page.keyboard.press("s")
        page.keyboard.type("rep")
        page.wait_for_function("() => /matching/.test(document.querySelector("
                               "'.md-search-result__meta').textContent)", timeout=20000)
        assert page.locator(".md-search-result__item").count() >= 1
        assert outside == []
    finally:
        server.terminate()
        server.wait(timeout=10)
    page.close()


def test_playbook_serve_says_what_is_missing(tmp_path):
    from click.testing import CliRunner

    from playbook.cli import main

    result = CliRunner().invoke(main, ["serve", str(tmp_path)])
    assert result.exit_code == 2
    assert "has no index.html: build the site first" in result.output
