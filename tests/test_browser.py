"""The sample hub in headless chromium, as a new rep uses it: click from role to
responsibility to metric to collateral, filter the library, see diagrams without internet.
Screenshots go to test-artifacts/."""

from __future__ import annotations

import pytest

from conftest import ARTIFACTS

pytestmark = pytest.mark.browser


def shot(page, name: str) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)


def test_walk_role_responsibility_metric_collateral_by_clicking(page, site_url):
    page.goto(site_url)
    shot(page, "01-home")
    page.get_by_role("link", name="the list of roles").click()
    page.wait_for_url("**/roles/")
    page.locator("article").get_by_role("link", name="Account Executive", exact=True).first.click()
    page.wait_for_url("**/roles/account-executive/")
    assert page.locator("h1").inner_text().startswith("Account Executive")
    shot(page, "02-role")

    page.locator("article table").get_by_role("link", name="Close deals").click()
    page.wait_for_url("**/responsibilities/deal-closing/")
    assert page.locator("article table tbody tr").first.inner_text().startswith("A")
    shot(page, "03-responsibility")

    metrics = page.locator("article h2:has-text('Metrics') + ul a")
    first_metric = metrics.first.inner_text()
    metrics.first.click()
    page.wait_for_url("**/metrics/**")
    assert page.locator("h1").inner_text().startswith(first_metric)
    assert page.locator("article").get_by_role("link", name="Account Executive").count() >= 1
    shot(page, "04-metric")

    page.go_back()
    page.locator("article h2:has-text('Supporting collateral') + ul a").first.click()
    page.wait_for_url("**/collateral/**")
    button = page.locator("article a.md-button--primary")
    assert button.inner_text().startswith(("Open", "Download"))
    shot(page, "05-collateral")
    assert page.errors == []
    assert page.outside_requests == []


def test_diagrams_render_offline(page, site_url):
    # Material draws a diagram into a closed shadow root of a div.mermaid that replaces the
    # pre.mermaid source: rendered means the source is gone and the drawing has a size.
    for url in ("roles/", "lead-types/"):
        page.goto(site_url + url)
        page.wait_for_function("!document.querySelector('article pre.mermaid')", timeout=15000)
        box = page.locator("article div.mermaid").first.bounding_box()
        assert box["height"] > 80 and box["width"] > 400, (url, box)
    shot(page, "06-funnel")
    page.goto(site_url + "responsibilities/")
    shot(page, "07-raci")
    assert page.outside_requests == [], page.outside_requests
    assert page.errors == []


def test_library_filters_and_sorts(page, site_url):
    page.goto(site_url + "collateral/")
    rows = page.locator("article tbody tr:has(.pb-row)")
    total = rows.count()
    assert total >= 15
    count = page.locator("[data-count]")
    assert count.inner_text() == f"{total} items"

    page.select_option("select[data-filter=type]", "case-study")
    visible = page.locator("article tbody tr:has(.pb-row):visible")
    assert visible.count() == 3
    assert count.inner_text() == f"3 of {total} items"
    assert all(t == "Case study" for t in visible.locator("td:nth-child(2)").all_inner_texts())
    page.select_option("select[data-filter=type]", "")

    page.check("input[data-filter=stale]")
    assert sorted(visible.locator("td:first-child a").all_inner_texts()) == [
        "Battlecard against legacy BI suites", "Blog post: MQL or SQL? Why the difference "
        "matters", "Case study: Meridian Freight"]
    page.uncheck("input[data-filter=stale]")

    page.fill("input[data-filter=text]", "zzzz-nothing")
    assert visible.count() == 0
    assert page.locator("[data-empty]").is_visible()
    page.fill("input[data-filter=text]", "")

    page.select_option("select[data-filter=language]", "hu")
    assert visible.count() == 1
    page.select_option("select[data-filter=language]", "")

    page.locator("article thead th", has_text="Updated").click()
    dates = [d for d in visible.locator("td:nth-child(7)").all_inner_texts() if d]
    assert dates == sorted(dates)
    page.locator("article thead th", has_text="Updated").click()
    dates = [d for d in visible.locator("td:nth-child(7)").all_inner_texts() if d]
    assert dates == sorted(dates, reverse=True)
    shot(page, "08-library")
    assert page.errors == []


def test_onboarding_tasks_persist_and_reset(page, site_url):
    page.goto(site_url + "onboarding/account-executive/")
    tasks = page.locator("input[data-pb-task]")
    total = tasks.count() + page.locator("fieldset[data-pb-check]").count()  # checks count
    progress = page.locator("[data-pb-progress-text]")
    assert progress.inner_text() == f"0 of {total} tasks done"
    tasks.nth(0).check()
    tasks.nth(5).check()
    assert progress.inner_text() == f"2 of {total} tasks done"
    page.reload()
    assert tasks.nth(0).is_checked() and tasks.nth(5).is_checked()
    assert not tasks.nth(1).is_checked()
    assert progress.inner_text() == f"2 of {total} tasks done"
    assert page.locator("progress").evaluate("p => [p.value, p.max]") == [2, total]
    shot(page, "09-onboarding-path")
    page.emulate_media(media="print")
    shot(page, "10-onboarding-print")
    assert not page.locator("[data-pb-reset]").is_visible()
    assert tasks.nth(0).is_visible()  # checkboxes print
    page.emulate_media(media="screen")

    # another role's path keeps its own ticks
    page.goto(site_url + "onboarding/sales-development-rep/")
    assert page.locator("[data-pb-progress-text]").inner_text().startswith("0 of ")

    page.goto(site_url + "onboarding/account-executive/")
    page.once("dialog", lambda d: d.accept())
    page.click("[data-pb-reset]")
    assert progress.inner_text() == f"0 of {total} tasks done"
    page.reload()
    assert page.locator("input[data-pb-task]:checked").count() == 0
    assert page.errors == [] and page.outside_requests == []


@pytest.mark.parametrize("url, direction", [
    ("ur/roles/account-executive/", "rtl"), ("kn/roles/account-executive/", "ltr"),
    ("ur/collateral/", "rtl"), ("ur/onboarding/account-executive/", "rtl"),
])
def test_language_sites_read_in_their_direction(page, site_url, url, direction):
    page.goto(site_url + url)
    assert page.locator("body").get_attribute("dir") == direction
    assert page.evaluate("getComputedStyle(document.querySelector('article')).direction") == direction
    # the page's own words come from the language's catalog, not English
    assert page.locator("input.md-search__input").get_attribute("placeholder") != "Search"
    shot(page, "14-" + url.strip("/").replace("/", "-"))
    assert page.errors == [] and page.outside_requests == []


def test_a_path_shows_progress_per_week_and_keeps_its_bar_in_view(page, site_url):
    page.goto(site_url + "onboarding/account-executive/")
    first_week = page.locator("input[data-pb-task][data-pb-week='1']")
    in_week = first_week.count()
    assert 0 < in_week < page.locator("input[data-pb-task]").count()
    week = page.locator(".pb-week-progress[data-pb-week='1']")
    assert week.inner_text().strip(" ·") == f"0 of {in_week} tasks done"
    first_week.nth(0).check()
    assert week.inner_text().strip(" ·") == f"1 of {in_week} tasks done"
    for i in range(in_week):
        first_week.nth(i).check()
    assert "pb-week-progress--done" in week.get_attribute("class")
    # the path's bar stays under the header however far the reader scrolls
    page.evaluate("window.scrollTo(0, document.body.scrollHeight)")
    box = page.locator(".pb-progress").bounding_box()
    assert box is not None and 0 <= box["y"] < 200, box
    shot(page, "09b-onboarding-scrolled")
    page.once("dialog", lambda d: d.accept())
    page.click("[data-pb-reset]")


def test_the_tab_of_each_test_is_a_new_readers(chromium, site_url):
    """The `page` fixture's tab stays from test to test (conftest.ReaderTab): what one
    test leaves (a role picked and kept, what the theme keeps for the visit, a cookie, a
    size, print media) the next does not find; a tab a test changed for good (a script on
    every page) is not given again."""
    from conftest import ReaderTab

    reader = ReaderTab(chromium)
    tab = reader.open(site_url)
    tab.goto(site_url + "roles/account-executive/")
    tab.locator("[data-pb-pick]").click()
    tab.evaluate("() => { sessionStorage.setItem('kept', '1'); document.cookie = 'c=1'; }")
    tab.set_viewport_size({"width": 390, "height": 800})
    tab.emulate_media(media="print", color_scheme="dark")
    reader.close()
    state = ("() => [{...localStorage}, {...sessionStorage}, document.cookie, innerWidth, "
             "matchMedia('print').matches, matchMedia('(prefers-color-scheme: dark)').matches]")
    fresh = chromium.new_context(viewport=ReaderTab.SIZE)  # what a new reader has
    new_reader = fresh.new_page()
    new_reader.goto(site_url)
    expected = new_reader.evaluate(state)
    fresh.close()
    again = reader.open(site_url)
    assert again is tab  # the same tab, as new
    again.goto(site_url)
    assert again.locator(".pb-start--picked").count() == 0
    assert again.evaluate(state) == expected
    assert expected[2:] == ["", 1280, False, False]
    again.add_init_script("window.__x = 1")
    reader.close()
    other = reader.open(site_url)
    assert other is not tab and tab.is_closed()
    other.goto(site_url)
    assert other.evaluate("typeof window.__x") == "undefined"
    reader.close()
    reader.tab.context.close()
