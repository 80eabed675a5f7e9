"""Multilingual hubs: one site per language, the same paths, the theme in that language,
right to left where the language is, a switcher to the same page, visible fallbacks."""

from __future__ import annotations

import re

import pytest

from browser import serve
from conftest import ARTIFACTS, Site, run_mkdocs

FILES = {
    "playbook/hub.yml": "name:\n  en: Mini hub\n  ur: منی ہب\nlanguages: [en, ur, el]\n",
    "playbook/roles/rep.yml": (
        "title:\n  en: Sales rep\n  ur: سیلز نمائندہ\n  el: Πωλητής\n"
        "summary:\n  en: Sells to new customers.\n  ur: نئے گاہکوں کو فروخت کرتا ہے۔\n"
        "  el: Πουλάει σε νέους πελάτες.\n"
        "team: sales\nreports_to: manager\nworks: [hot]\n"),
    "content/ur/index.md": "# منی ہب\n\nنئے ہیں؟ [کردار](roles/index.md) دیکھیں۔\n",
    "playbook/collateral/old-deck.yml": (
        "title: Old deck\nsummary: Last year's pitch.\ntype: deck\nurl: https://example.com/d\n"
        "audience: [rep]\nstages: [hot]\nowner: Ana\nupdated: 2024-01-10\n"),
}


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    from conftest import write_hub

    root = tmp_path_factory.mktemp("multilingual")
    write_hub(root / "hub", FILES)
    result = run_mkdocs(root / "hub", root / "site", "--strict")
    assert result.returncode == 0, result.stderr
    built = Site(root / "site")
    built.log = result.stderr  # type: ignore[attr-defined]
    return built


def test_each_problem_is_reported_once_not_once_per_language(site):
    stale = [line for line in site.log.splitlines() if "old-deck.yml" in line]
    assert len(stale) == 1, stale
    assert "stale" in stale[0]


def test_generated_pages_are_titled_in_the_sites_language(site):
    for url, title in (("ur/roles/", "کردار"), ("ur/collateral/", "سیلز مواد کی لائبریری"),
                       ("ur/lead-types/", "فنل"), ("roles/", "Roles")):
        page_title = site.html(url).title.get_text()
        assert page_title.startswith(title + " - "), (url, page_title)
        assert site.html(url).h1.get_text(strip=True) == title


def test_each_language_has_a_site_with_the_same_paths(site):
    for url in ("", "roles/", "roles/rep/", "roles/manager/", "lead-types/hot/",
                "collateral/guide/", "onboarding/rep/", "audit/"):
        for lang in ("", "ur/", "el/"):
            assert site.path(lang + url).is_file(), lang + url
    assert not site.path("ur/ur/").exists() and not site.path("el/ur/").exists()


def test_language_direction_and_theme_language(site):
    en, ur, el = site.html("roles/rep/"), site.html("ur/roles/rep/"), site.html("el/roles/rep/")
    assert (en.html["lang"], en.body["dir"]) == ("en", "ltr")
    assert (ur.html["lang"], ur.body["dir"]) == ("ur", "rtl")
    assert (el.html["lang"], el.body["dir"]) == ("el", "ltr")
    # the theme's own words are in the page's language
    assert en.select_one("input.md-search__input")["placeholder"] == "Search"
    assert ur.select_one("input.md-search__input")["placeholder"] != "Search"
    assert el.select_one("input.md-search__input")["placeholder"] == "Αναζήτηση"


def test_localized_fields_render_in_the_page_language_with_visible_fallback(site):
    ur = site.article("ur/roles/rep/")
    assert ur.h1.get_text(strip=True).startswith("سیلز نمائندہ")
    assert "نئے گاہکوں کو فروخت کرتا ہے" in ur.get_text()
    manager = site.article("ur/roles/manager/")  # not translated: English, and said so
    assert manager.h1.get_text(strip=True).startswith("Sales manager")
    note = manager.select_one(".pb-fallback-note").get_text(" ", strip=True)
    from playbook.catalog import words

    assert note == words("ur")("Parts of this page are not translated into {language} yet; "
                           "they are shown in {default}.", language="اردو",
                                 default="انگریزی (English)")
    assert note.startswith("اس صفحے")  # in the page's language
    assert site.article("roles/manager/").select_one(".pb-fallback-note") is None


def test_translated_hand_written_pages_replace_the_default_ones(site):
    assert site.article("ur/").h1.get_text(strip=True).startswith("منی ہب")
    assert site.article("").h1.get_text(strip=True).startswith("Mini hub")
    assert site.article("el/").h1.get_text(strip=True).startswith("Mini hub")  # no Greek page


def test_audit_counts_missing_translations(site):
    rows = {tr.select("td")[0].get_text(strip=True): tr.select("td")[1].get_text(strip=True)
            for tr in site.article("audit/").find(id="translations").find_next("table")
            .select("tbody tr")}
    assert rows["English"] == "0"
    assert int(rows["Urdu (اردو)"]) > 0
    assert int(rows["Greek (Ελληνικά)"]) == int(rows["Urdu (اردو)"])


def test_switcher_leads_to_the_same_page_and_search_works_per_language(site, chromium):
    with serve(site.root) as base:
        page = chromium.new_page(viewport={"width": 1280, "height": 900})
        page.goto(base + "roles/rep/")
        page.locator(".md-header__option .md-select").first.hover()
        page.click("a.md-select__link[hreflang=ur]")
        page.wait_for_url(base + "ur/roles/rep/")
        ARTIFACTS.mkdir(exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / "13-urdu-role.png"), full_page=True)
        page.locator(".md-header__option .md-select").first.hover()
        page.click("a.md-select__link[hreflang=el]")
        page.wait_for_url(base + "el/roles/rep/")
        # search from the Urdu site finds Urdu words
        page.goto(base + "ur/")
        page.keyboard.press("/")
        page.wait_for_function("() => document.querySelector('.md-search-result__meta')"
                               ".textContent.length > 0 && !/Initializing|Инициализация/.test("
                               "document.querySelector('.md-search-result__meta').textContent)")
        page.wait_for_timeout(500)
        page.locator("input.md-search__input").press_sequentially("گاہکوں", delay=20)
        page.wait_for_selector(".md-search-result__item", timeout=10000)
        hrefs = page.locator(".md-search-result__item > a").evaluate_all(
            "els => els.map(a => a.href)")
        assert any(h.startswith(base + "ur/roles/rep/") for h in hrefs), hrefs


def test_fallback_text_is_marked_with_its_language_and_direction(site):
    manager = site.article("ur/roles/manager/")
    block = manager.select_one("div[lang=en][dir=ltr]")
    assert block is not None and "Leads the team." in block.get_text()
    rep = site.article("ur/roles/rep/")  # translated: no marker around its summary
    assert not any("نئے گاہکوں" in d.get_text() for d in rep.select("div[lang=en]"))


def test_serve_builds_the_default_language_only_unless_asked(tmp_path):
    from mkdocs.config import load_config

    from conftest import write_hub

    root = write_hub(tmp_path / "hub", FILES)
    yml = root / "mkdocs.yml"
    plain = yml.read_text()
    for options, expected in (("  - playbook\n", False),
                              ("  - playbook:\n      serve_all_languages: true\n", True)):
        yml.write_text(plain.replace("  - playbook\n", options))
        config = load_config(str(yml))
        plugin = config.plugins["playbook"]
        plugin.on_startup(command="serve", dirty=False)
        config = config.plugins.on_config(config)  # (every plugin's, as MkDocs runs them)
        assert plugin.all_languages() is expected
        assert ("alternate" in config.extra) is expected
        plugin.on_startup(command="build", dirty=False)
        assert plugin.all_languages() is True


def test_our_words_on_path_source_and_changes_pages_are_in_the_sites_language(sample_site):
    """Sentences of ours that were English on every site."""
    for url, english in (("ur/onboarding/account-executive/", "Made from"),
                         ("ur/lead-sources/events/", "All sources"),
                         ("ur/changes/", "Changes to the playbook")):
        text = sample_site.article(url).get_text(" ", strip=True)
        assert english not in text, url
    assert "Made from the onboarding modules" in \
        sample_site.article("onboarding/account-executive/").get_text(" ", strip=True)


def test_a_lead_types_timeline_is_in_the_sites_language(sample_site):
    """The funnel, its table and a stage's page show the timeline the YAML gives for the
    site's language (English was left on the Urdu funnel), and English in English."""
    for url, words, english in (("lead-types/", "About 2 months", None),
                                ("ur/lead-types/", "تقریباً 2 ماہ", "About 2 months"),
                                ("ur/lead-types/warm/", "تقریباً 2 ماہ", "About 2 months"),
                                ("bn/lead-types/", "প্রায় ২ মাস", "About 2 months")):
        article = sample_site.article(url)
        text = article.get_text(" ", strip=True)
        assert words in text, url
        assert english is None or english not in text, url
    funnel = sample_site.article("ur/lead-types/").select(".pb-funnel__meta")
    assert "تقریباً 2 ماہ" in [m.get_text(strip=True) for m in funnel]


def test_the_theme_words_of_mkdocs_yml_are_in_the_sites_language(sample_site):
    """Issue 34: the palette toggle's name (the sample's mkdocs.yml writes it in English)
    and the headings' permalink title read in the site's language."""
    for lang, dark, permalink in (("", "Switch to dark mode", "Permanent link"),
                                  ("ur/", "گہرے رنگوں پر جائیں", "مستقل ربط"),
                                  ("hu/", "Váltás sötét módra", "Állandó hivatkozás")):
        page = sample_site.html(lang + "roles/account-executive/")
        titles = {label["title"] for label in page.select("label.md-header__button[title]")}
        assert dark in titles, (lang, titles)
        assert {a["title"] for a in page.select("a.headerlink")} == {permalink}, lang


def test_headings_in_another_script_get_anchors_in_their_letters(sample_site):
    """A heading's anchor is made of its words, in their script ("#ذمہ-داریاں"), where
    Python-Markdown's ASCII slug is empty: every heading of an Urdu page was "_", "__1",
    ..., a link to a section said nothing. Latin headings keep their ASCII anchors."""
    for lang, letters in (("ur/", r"[\u0600-\u06ff]"), ("kn/", r"[\u0c80-\u0cff]"),
                          ("sr/", r"[\u0400-\u04ff]")):
        ids = [h["id"] for h in sample_site.article(lang + "roles/account-executive/")
               .select("h2[id]")]
        # (some ids are the templates' own, the same in every language: "plays")
        assert len([i for i in ids if re.search(letters, i)]) >= 3, (lang, ids)
        assert not [i for i in ids if re.fullmatch(r"_+\d*", i)], (lang, ids)
    ids = [h["id"] for h in sample_site.article("hu/roles/account-executive/").select("h2[id]")]
    assert ids and all(re.fullmatch(r"[a-z0-9-]+", i) for i in ids), ids
