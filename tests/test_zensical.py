"""Zensical builds what `playbook generate` writes: every language's site, with our search
and the library's filters (`playbook generate`, `zensical build` per language, `playbook
index`), in chromium."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from playbook.cli import main

from browser import serve, watched_page
from conftest import (MINI_HUB, TODAY_EPOCH, Site, article_links, generated_pages,
                      keeping_nothing, write_hub)

ZENSICAL = Path(sys.executable).with_name("zensical")
pytestmark = [pytest.mark.site,
              pytest.mark.skipif(not ZENSICAL.exists(), reason="zensical is not installed")]

HUB = {
    **MINI_HUB,
    # reps may keep their role on the device: what `playbook index` lists (issue 35)
    "mkdocs.yml": MINI_HUB["mkdocs.yml"].replace(
        "- playbook\n", "- playbook:\n              offline: true\n"),
    "playbook/hub.yml": "name:\n  en: Mini hub\n  ur: منی ہب\nlanguages: [en, ur]\n",
    "content/ur/index.md": "# منی ہب\n\nاردو کا صفحہ۔\n",
    # markup in a title and in a word of the hub's catalog: text on Zensical's pages too
    "playbook/i18n/en.yml": '"Roles": "Roles & <b>teams</b>"\n',
    "playbook/roles/manager.yml": """
        title: "Sales manager <img src=x onerror=window.__xss=1> *lead*"
        summary: Leads the team.
        team: sales
        kpis: [close-rate]
    """,
    "playbook/roles/rep.yml": """
        title:
          en: Sales rep
          ur: سیلز نمائندہ
        summary: Sells.
        team: sales
        reports_to: manager
        works: [hot]
    """,
    "playbook/collateral/deck.yml": """
        title:
          en: Pricing deck
          ur: قیمتوں کی پریزنٹیشن
        summary: Our prices, slide by slide.
        type: deck
        url: https://intranet.example/deck
        audience: [rep]
        stages: [hot]
        owner: Ana
        updated: 2026-11-01
    """,
    "playbook/collateral/kanji.yml": """
        title: 価格表の説明
        summary: 価格表の使い方を説明します。
        type: product-guide
        language: ja
        url: https://intranet.example/ja
        audience: [rep]
        stages: [hot]
        owner: Ana
        updated: 2026-11-01
    """,
}


#: Whether Zensical's own search dialog (in a shadow root) is open: None when it has none.
THEIR_DIALOG_OPEN = """(() => {
    const hosts = Array.from(document.querySelectorAll("body > div"));
    const dialog = hosts.map(d => d.shadowRoot && d.shadowRoot.querySelector("dialog"))
                        .find(Boolean);
    return dialog ? dialog.open : null;
})()"""


def zensical(out: Path, *args: str) -> None:
    done = subprocess.run([str(ZENSICAL), "build", *args], cwd=out, capture_output=True,
                          text=True, timeout=120, env={**os.environ, "NO_COLOR": "1"})
    assert done.returncode == 0, done.stdout + done.stderr


def cache_of(project: Path) -> dict[str, tuple[int, int]]:
    """Zensical's cache of the project in ``project`` (its config's folder): each file's
    time and size."""
    return {p.name: (p.stat().st_mtime_ns, p.stat().st_size)
            for p in (project / ".cache").glob("*") if p.is_file()}


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    """The mini hub in English and Urdu: generated, built by Zensical, indexed."""
    root = write_hub(tmp_path_factory.mktemp("hub"), HUB, base={})
    out = root / "out"
    runner = CliRunner()
    result = runner.invoke(main, ["generate", str(root), "--out", str(out)],
                           env={"SOURCE_DATE_EPOCH": TODAY_EPOCH, **keeping_nothing()})
    assert result.exit_code == 0, result.output
    assert "zensical build -f ur/mkdocs.yml" in result.output  # it says what to run
    zensical(out, "-f", "ur/mkdocs.yml")  # (in any order: each builds in its own folder)
    urdu = cache_of(out / "ur")
    zensical(out)
    # each language is a project of its own, with its own cache: building English leaves
    # the Urdu site's cache as it was (a cache shared by configs side by side was written
    # over by each language's build, so none was ever warm)
    assert urdu and cache_of(out / "ur") == urdu and cache_of(out)
    result = runner.invoke(main, ["index", str(out / "site")])
    assert result.exit_code == 0, result.output
    assert "ur: its site moved into" in result.output
    assert not (out / "ur/site").exists()
    assert re.search(r"^en: \d+ pages", result.output, re.M), result.output
    assert re.search(r"^ur: \d+ pages", result.output, re.M), result.output
    return out / "site"


def test_every_language_is_a_site_with_its_pages_words_and_search_index(built):
    site = Site(built)
    paths = ("", "roles/", "roles/rep/", "collateral/", "collateral/deck/", "onboarding/rep/",
             "lead-types/hot/", "metrics/close-rate/", "audit/")
    for lang in ("", "ur/"):
        for path in paths:
            assert (built / lang / path / "index.html").is_file(), lang + path
        assert (built / lang / "pagefind/pagefind-entry.json").is_file()
        # Zensical's own index of every page's text is left empty: no page downloads it
        assert json.loads((built / lang / "search.json").read_text())["items"] == []
        meta = site.html(lang + "roles/rep/").select_one('meta[name="playbook-hub"]')
        assert meta["content"] == "playbook:mini-hub" and meta["data-site"] == "../../"
        assert meta["data-home"] == ("../../" if not lang else "../../../")
        assert site.html(lang + "roles/rep/").select_one("article[data-pagefind-body]")
    # each language's theme, name, generated words and hand-written pages
    ur = site.html("ur/roles/rep/")
    assert ur.select_one("html")["lang"] == "ur"
    assert ur.select_one("h1").get_text(strip=True) == "سیلز نمائندہ"
    assert "منی ہب" in ur.select_one("title").get_text()
    assert "اردو کا صفحہ" in site.article("ur/").get_text()
    assert "Mini hub" in site.article("").get_text()
    tabs = site.html("ur/").select_one(".md-tabs, nav.md-nav--primary").get_text(" ")
    assert "پلے بک" in tabs, tabs  # the Playbook section, in Urdu
    switcher = {a["hreflang"]: a["href"] for a in ur.select("a.md-select__link[hreflang]")}
    assert set(switcher) == {"en", "ur"}, switcher
    # a page in Japanese gets its language, for Pagefind's segmenter
    assert site.html("collateral/kanji/").select_one("html")["lang"] == "ja"
    assert site.html("ur/collateral/kanji/").select_one("html")["lang"] == "ja"
    # the data beside the pages, per language
    for name in ("raci.csv", "assets/playbook/roles.json", "assets/playbook/search-facets.json"):
        assert (built / name).is_file() and (built / "ur" / name).is_file(), name
    assert (built / "playbook.json").is_file()


def test_a_zensical_site_lists_what_reps_keep_offline(built):
    """`playbook index` lists what a rep of each role keeps, from the site Zensical built,
    as the plugin's build does; the service worker, the manifest and the script are
    there, and every page loads the script."""
    for lang in ("", "ur/"):
        made = json.loads((built / lang / "assets/playbook/offline.json").read_text())
        rep = made["roles"]["rep"]
        assert {"roles/rep/", "onboarding/rep/", "collateral/deck/"} <= set(rep["pages"])
        assert rep["search"] and all((built / lang / f).is_file() for f in rep["search"])
        assert all((built / lang / f).is_file() for f in made["shell"])
        assert "search.json" in made["shell"]  # (Zensical's pages fetch it, offline too)
        for name in ("playbook-sw.js", "manifest.webmanifest", "assets/playbook/offline.js"):
            assert (built / lang / name).is_file(), lang + name
        page = Site(built).html(lang + "roles/rep/")
        assert [s for s in page.select("script[src]") if "offline.js" in s["src"]]
    assert json.loads((built / "ur/manifest.webmanifest").read_text())["dir"] == "rtl"


def test_every_link_of_every_generated_page_leads_to_a_page_of_the_site(built):
    """Zensical resolves a link in a page's HTML against the page's Markdown file:
    `playbook generate` writes them so (a role's "Reports to" once led to /manager/)."""
    site = Site(built)
    checked = 0
    for lang in ("", "ur/"):
        for url in generated_pages(site, lang):
            for href, target in article_links(site, url):
                assert site.path(target).exists(), f"{url} links to missing {href!r}"
                checked += 1
    assert checked > 100, checked


def test_titles_and_catalog_words_are_text_on_zensicals_pages(built):
    """Zensical prints a page's title (its front matter) and the nav's titles as HTML."""
    site = Site(built)
    for path, title in (("roles/manager/", "Sales manager <img src=x onerror=window.__xss=1> "
                                           "*lead*"), ("roles/", "Roles & <b>teams</b>")):
        page = site.html(path)
        assert not page.select("img[onerror], b"), path
        assert page.select(".md-header__topic")[-1].get_text(strip=True) == title
        assert page.select_one("title").get_text().startswith(title)
        assert page.select_one("article h1").get_text(strip=True) == title
        nav = page.select_one("nav.md-nav--primary").get_text(" ")
        assert "Roles & <b>teams</b>" in nav, nav


@pytest.mark.browser
def test_search_and_the_library_filter_work_in_chromium(built, chromium):
    with serve(built) as base:
        for lang, deck, word in (("", "Pricing deck", "Filter by title, owner or tag"),
                                 ("ur/", "قیمتوں کی پریزنٹیشن", None)):
            page = watched_page(chromium, base)
            # the library's filters and sort
            page.goto(base + lang + "collateral/")
            rows = page.locator("article tbody tr:has(.pb-row):visible")
            assert rows.count() == 3
            page.select_option("select[data-filter=type]", "deck")
            assert rows.count() == 1 and deck in rows.inner_text()
            assert "type=deck" in page.url
            if word:
                assert page.locator("input[data-filter=text]").get_attribute(
                    "aria-label") == word
            page.select_option("select[data-filter=type]", "")
            title = page.locator("article thead th").first
            title.click()
            title.click()
            assert title.get_attribute("aria-sort") == "descending"
            names = rows.locator("td:first-child a").all_inner_texts()
            assert names == sorted(names, key=str.lower, reverse=True) and len(names) == 3

            # search: the header's box opens ours; a word finds pages, a filter narrows them
            page.click(".md-search")
            page.wait_for_selector("#pb-search[open]")
            assert page.evaluate(THEIR_DIALOG_OPEN) is False  # (it is there, and closed)
            page.fill(".pb-search__input", "slide")
            result = page.locator(".pb-search__result").first
            result.wait_for()
            assert deck in result.locator("strong").inner_text()
            assert "<mark>" in result.locator(".pb-search__text").inner_html()
            page.fill(".pb-search__input", "sells")
            page.wait_for_function(
                "document.querySelectorAll('.pb-search__result').length >= 2")
            kinds = page.locator(".pb-search-filter")
            assert kinds.count() >= 5
            page.click(".pb-search-filter[data-kind=role]")
            assert page.input_value(".pb-search__input").strip() == "sells kind:role"
            page.wait_for_function(
                "document.querySelectorAll('.pb-search__result').length === 1")
            page.keyboard.press("Enter")
            page.wait_for_url(base + lang + "roles/rep/")
            # the keyboard opens it too, and Japanese is found by a word of it
            page.keyboard.press("/")
            page.wait_for_selector("#pb-search[open]")
            page.fill(".pb-search__input", "価格表")
            page.locator(".pb-search__result", has_text="価格表の説明").first.wait_for()
            assert page.errors == [] and page.outside_requests == []
            page.close()


def test_zensical_alone_skips_the_plugin(tmp_path):
    """Why generate exists: Zensical reads the hub's own mkdocs.yml and says nothing of
    the plugin it does not run; the site has none of the generated pages."""
    root = write_hub(tmp_path / "hub", HUB, base={})
    zensical(root)
    assert (root / "site/index.html").is_file()
    assert not (root / "site/roles").exists()
    shutil.rmtree(root / "site")


def test_a_rep_keeps_their_role_and_reads_it_offline_in_a_zensical_site(built, chromium):
    """Issue 35 in a Zensical site: keep the rep's role, take the host down and go
    offline, and a kept page reads, with no script error (Zensical's pages fetch its
    search.json, which is kept too)."""
    from test_offline import Host

    with Host(built).running() as host:
        context = chromium.new_context(viewport={"width": 390, "height": 844})
        page = watched_page(context, host.url)
        page.goto(host.url + "roles/rep/")
        page.locator(".pb-offline__keep").click()
        page.wait_for_selector("html[data-pb-offline=kept]")
        host.down = True
        context.set_offline(True)
        page.goto(host.url + "collateral/deck/")
        page.locator(".pb-offline-banner").wait_for()
        assert page.locator("h1").first.inner_text() == "Pricing deck"
        page.wait_for_timeout(300)  # (what the theme's script fetches when it starts)
        assert page.errors == []
        context.close()
