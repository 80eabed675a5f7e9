"""Shareable views (issue 20): the filters and the sort of the collateral library and of the
plays index are in the page's address. Changing them replaces the address (no reload, no
step in the history), a reload shows the same view, an address written by hand (a CRM's
link) opens it, in every language's site; a value the page does not offer is ignored, and
the addresses the rep's start links to keep working. Screenshots go to test-artifacts/."""

from __future__ import annotations

import json
from urllib.parse import parse_qs, urlsplit

import pytest

from conftest import ARTIFACTS

pytestmark = pytest.mark.browser

AE = "account-executive"
VISIBLE = "article tbody tr:has(.pb-row):visible"


def address(page) -> str:
    return page.evaluate("location.href")  # page.url follows replaceState a moment later


def query(page) -> dict[str, list[str]]:
    return parse_qs(urlsplit(address(page)).query)


def titles(page) -> list[str]:
    """The titles of the rows shown, top to bottom."""
    return [t.strip() for t in page.locator(VISIBLE + " td:first-child a").all_inner_texts()]


def view(page) -> dict[str, object]:
    """What the reader sees of a listing: its rows, its count, its controls, its sort."""
    return {
        "titles": titles(page),
        "count": page.locator("[data-count]").inner_text(),
        "controls": page.locator("[data-filter]").evaluate_all(
            "cs => cs.map(c => [c.dataset.filter, c.type === 'checkbox' ? c.checked : c.value])"),
        "sorted": page.locator("article thead th[aria-sort]").evaluate_all(
            "ths => ths.map(th => [th.textContent.trim(), th.getAttribute('aria-sort')])"),
    }


def rows_of(sample_site, url: str) -> list[dict[str, str]]:
    """The rows of a listing as built: their data (what the filters read) and title."""
    out = []
    for tr in sample_site.article(url).select("tbody tr"):
        marker = tr.select_one(".pb-row")
        out.append({**{k[5:]: v for k, v in marker.attrs.items() if k.startswith("data-")},
                    "title": tr.select_one("td a").get_text().strip()})
    return out


def column(page, n: int) -> list[str]:
    return [t.strip() for t in page.locator(VISIBLE + f" td:nth-child({n})").all_inner_texts()]


def test_filters_and_sort_set_by_clicking_are_in_the_address_and_survive_a_reload(page, site_url):
    page.goto(site_url + "collateral/")
    steps = page.evaluate("history.length")
    everything = view(page)
    assert page.locator("[data-pb-reset-view]").is_disabled()

    page.select_option("select[data-filter=type]", "case-study")
    page.check("input[data-filter=stale]")
    assert query(page) == {"type": ["case-study"], "stale": ["1"]}
    page.uncheck("input[data-filter=stale]")
    page.select_option("select[data-filter=audience]", AE)
    updated = page.locator("article thead th", has_text="Updated")
    updated.click()
    updated.click()
    assert query(page) == {"type": ["case-study"], "audience": [AE], "sort": ["-updated"]}
    assert updated.get_attribute("aria-sort") == "descending"
    dates = [d for d in column(page, 7) if d]
    assert dates == sorted(dates, reverse=True) and len(dates) >= 2
    assert page.evaluate("history.length") == steps  # replaced, not pushed
    assert page.locator("[data-pb-reset-view]").is_enabled()
    chosen = view(page)
    assert chosen != everything and chosen["count"] == f"{len(dates)} of 33 items"

    page.reload()
    assert view(page) == chosen
    assert page.locator("article tbody tr[hidden]").count() == 33 - len(dates)

    # a search word too; Back leaves the page, as it would without filters
    page.fill("input[data-filter=text]", "meridian")
    assert query(page)["text"] == ["meridian"]
    assert titles(page) == ["Case study: Meridian Freight"]
    page.reload()
    assert titles(page) == ["Case study: Meridian Freight"]
    assert page.locator("input[data-filter=text]").input_value() == "meridian"


def test_the_plays_index_keeps_its_view_in_the_address(page, site_url, sample_site):
    page.goto(site_url + "plays/")
    built = rows_of(sample_site, "plays/")
    page.select_option("select[data-filter=audience]", AE)
    page.locator("article thead th", has_text="Play").click()
    assert query(page) == {"audience": [AE], "sort": ["title"]}
    mine = sorted((r["title"] for r in built if AE in r["audience"].split()), key=str.lower)
    assert titles(page) == mine and len(mine) >= 2
    page.check("input[data-filter=stale]")
    stale = [t for t in mine if any(r["title"] == t and r["stale"] == "1" for r in built)]
    assert titles(page) == stale and stale
    assert query(page) == {"audience": [AE], "sort": ["title"], "stale": ["1"]}
    chosen = view(page)
    page.reload()
    assert view(page) == chosen


def test_reset_view_clears_the_filters_the_sort_and_the_address(page, site_url):
    page.goto(site_url + "collateral/")
    everything = view(page)
    page.goto(site_url + "collateral/?type=deck&stale=&sort=-title&utm_source=crm#top")
    assert view(page) != everything
    page.get_by_role("button", name="Reset view").click()
    assert view(page) == everything
    assert urlsplit(address(page)).query == "utm_source=crm"  # not ours: left alone
    assert address(page).endswith("#top")
    assert page.locator("[data-pb-reset-view]").is_disabled()
    page.reload()
    assert view(page) == everything


@pytest.mark.parametrize("prefix", ["", "ur/"])
def test_an_address_made_by_hand_opens_the_library_filtered(page, site_url, sample_site, prefix):
    url = f"{prefix}collateral/?stage=sql&audience={AE}&language=en&sort=-title"
    built = rows_of(sample_site, url)
    want = [r["title"] for r in built if "sql" in r["stage"].split()
            and AE in r["audience"].split() and r["language"] == "en"]
    page.goto(site_url + url)
    assert sorted(titles(page)) == sorted(want) and 1 < len(want) < len(built)
    assert [t.lower() for t in titles(page)] == sorted((t.lower() for t in want), reverse=True)
    count = page.locator("[data-count]").inner_text()
    assert str(len(want)) in count and str(len(built)) in count
    assert page.locator("select[data-filter=stage]").input_value() == "sql"
    assert page.locator("select[data-filter=audience]").input_value() == AE
    assert page.locator("select[data-filter=language]").input_value() == "en"
    assert page.locator("select[data-filter=type]").input_value() == ""
    assert not page.locator("input[data-filter=stale]").is_checked()
    assert page.locator("article thead th").first.get_attribute("aria-sort") == "descending"
    if prefix:
        assert page.locator("body").get_attribute("dir") == "rtl"
        label = page.locator("select[data-filter=stage] option:checked").inner_text()
        assert label != "Sales-qualified lead (SQL)"  # in the site's own words
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"20-library-view-{prefix[:-1] or 'en'}.png"),
                    full_page=True)


@pytest.mark.parametrize("prefix", ["", "ur/"])
def test_an_address_made_by_hand_opens_the_plays_index_filtered(page, site_url, sample_site,
                                                                prefix):
    built = rows_of(sample_site, prefix + "plays/")
    page.goto(site_url + prefix + "plays/?stage=hot&sort=-title")
    want = [r["title"] for r in built if "hot" in r["stage"].split()]
    assert [t.lower() for t in titles(page)] == sorted((t.lower() for t in want), reverse=True)
    assert 1 < len(want) < len(built)
    assert page.locator("select[data-filter=stage]").input_value() == "hot"
    assert page.locator("article tbody tr[hidden]").count() == len(built) - len(want)
    page.goto(site_url + prefix + "plays/?stale=1")
    assert titles(page) == [r["title"] for r in built if r["stale"] == "1"]
    assert page.locator("input[data-filter=stale]").is_checked()


@pytest.mark.parametrize("address", [
    "type=no-such-type&stage=nowhere&audience=nobody&language=xx&stale=yes&sort=nothing",
    "sort=-&stale=0&type=&stage=%3Cscript%3Ealert(1)%3C/script%3E",
    "sort=99&sort=title&type=CASE-STUDY&language=EN",
    "stale=1&stale=1&%ZZ=1&type",
])
def test_what_the_page_does_not_offer_is_ignored(page, site_url, address):
    page.goto(site_url + "collateral/")
    everything = view(page)
    page.goto(site_url + "collateral/?" + address)
    seen = view(page)
    if address.startswith("stale=1"):  # the first of a repeated parameter counts
        assert seen["controls"] == [["stale", True] if c[0] == "stale" else c
                                    for c in everything["controls"]]
    else:
        assert seen == everything
    assert page.locator("article thead th[aria-sort]").count() == 0
    # the page still works: a filter changed writes a clean address
    page.select_option("select[data-filter=type]", "deck")
    assert query(page).get("type") == ["deck"] and "sort" not in query(page)
    assert not {"stage", "audience", "language"} & set(query(page))
    page.goto(site_url + "plays/?type=deck&language=en&text=zzz")  # not this page's
    assert len(titles(page)) == page.locator("article tbody tr").count()


@pytest.mark.parametrize("prefix", ["", "ur/"])
def test_the_rep_starts_links_open_the_library_as_they_say(page, site_url, sample_site, prefix):
    data = json.loads(sample_site.path(prefix + "assets/playbook/roles.json").read_text("utf-8"))
    role = data["roles"][AE]
    links = role["collateral"] + [role["library"]]
    assert len(links) > 2
    for label, url, n in links:
        assert url.startswith(f"collateral/?audience={AE}")
        page.goto(site_url + prefix + url)
        assert page.locator(VISIBLE).count() == n, (label, url)
        assert page.locator("select[data-filter=audience]").input_value() == AE
        stage = parse_qs(urlsplit(url).query).get("stage", [""])[0]
        assert page.locator("select[data-filter=stage]").input_value() == stage
        if stage:
            assert page.locator("select[data-filter=stage] option:checked").inner_text() == label
    # the address earlier versions wrote for the search box still opens its view, in
    # every language's site (an item's id, its name in the address, is in every language)
    page.goto(site_url + prefix + "collateral/?text=meridian&stale=1")
    assert len(titles(page)) == 1


def test_the_language_switcher_opens_the_same_view(page, site_url):
    page.goto(site_url + "collateral/?type=case-study")
    urdu = page.locator("a.md-select__link[hreflang=ur]")
    assert urdu.get_attribute("href").endswith("ur/collateral/?type=case-study")
    page.check("input[data-filter=stale]")
    assert urdu.get_attribute("href").endswith("ur/collateral/?type=case-study&stale=1")
    page.locator(".md-header__option .md-select").first.hover()
    urdu.click()
    page.wait_for_url(site_url + "ur/collateral/?type=case-study&stale=1")
    assert page.locator("select[data-filter=type]").input_value() == "case-study"
    assert page.locator("input[data-filter=stale]").is_checked()
    assert titles(page) == ["کیس اسٹڈی: میریڈیئن فریٹ"]


def test_copy_link_to_this_view(chromium, site_url):
    context = chromium.new_context(viewport={"width": 1280, "height": 900})
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=site_url[:-1])
    page = context.new_page()
    errors = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto(site_url + "ur/plays/?stage=hot")
    page.locator("article thead th").nth(1).click()
    copy = page.locator("[data-pb-copy-view]")
    status = page.locator(".pb-filter-copied")
    assert copy.inner_text() != "Copy link to this view"  # Urdu
    assert status.inner_text() == ""
    copy.click()
    page.wait_for_function("document.querySelector('.pb-filter-copied').textContent !== ''")
    assert status.inner_text() == copy.get_attribute("data-copied") != "Link copied"
    copied = page.evaluate("navigator.clipboard.readText()")
    assert copied == address(page) and copied.endswith("ur/plays/?stage=hot&sort=stage")
    assert errors == []
    context.close()


def test_without_scripts_every_row_shows_and_no_filter_does(chromium, site_url):
    context = chromium.new_context(java_script_enabled=False)
    page = context.new_page()
    for url in ("collateral/?type=case-study&sort=-updated", "ur/plays/?stale=1"):
        page.goto(site_url + url)
        assert page.locator("article tbody tr").count() == page.locator(VISIBLE).count() > 5
        assert not page.locator("[data-pb-library]").is_visible()
    context.close()


@pytest.mark.parametrize("width,scheme", [(1280, "light"), (390, "dark")])
def test_screenshots_of_filtered_views(chromium, site_url, width, scheme):
    context = chromium.new_context(viewport={"width": width, "height": 900}, color_scheme=scheme)
    page = context.new_page()
    ARTIFACTS.mkdir(exist_ok=True)
    for url in ("collateral/?type=case-study&sort=-updated", "plays/?audience=" + AE,
                "ur/collateral/?stale=1&sort=title", "ur/plays/?stage=hot&sort=-title"):
        page.goto(site_url + url)
        box = page.locator("[data-pb-library]").bounding_box()
        assert box and box["width"] <= width  # nothing wider than the screen
        scroll = page.evaluate("document.documentElement.scrollWidth")
        assert scroll <= width, (url, scroll)
        name = url.split("?")[0].strip("/").replace("/", "-")
        page.screenshot(path=str(ARTIFACTS / f"20-{name}-{width}-{scheme}.png"), full_page=True)
    context.close()
