"""By keyboard alone: every control of ours is reached with Tab, works with Enter, Space or
the arrow keys, shows where the focus is, and says its state to a screen reader
(aria-pressed, aria-sort, checked, a live count or verdict). No test here clicks.

Each test starts at the top of a page and presses Tab until the control it wants has the
focus, as a reader would: a control that Tab never reaches fails the test."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.browser

AE = "account-executive"
VISIBLE_ROWS = "article tbody tr:has(.pb-row):visible"

# What the focused element shows: an outline, or a ring drawn as a box-shadow.
FOCUS_RING = """() => {
  const el = document.activeElement, s = getComputedStyle(el);
  const outline = s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) >= 1;
  return {outline, shadow: s.boxShadow !== 'none', tag: el.tagName,
          text: (el.textContent || el.value || '').trim().slice(0, 40)};
}"""


def tab_to(page, selector: str, limit: int = 120, backwards: bool = False) -> None:
    """Press Tab (Shift+Tab) until the focus is on an element matching ``selector``; fail
    if it never gets there, or if a control on the way shows no focus."""
    key = "Shift+Tab" if backwards else "Tab"
    for _ in range(limit):
        page.keyboard.press(key)
        if page.evaluate("s => !!document.activeElement && document.activeElement.matches(s)",
                         selector):
            ring = page.evaluate(FOCUS_RING)
            assert ring["outline"] or ring["shadow"], f"no visible focus on {ring}"
            return
    pytest.fail(f"{limit} presses of {key} never reached {selector}")


def start(page, url: str) -> None:
    page.goto(url)
    page.wait_for_function("document.querySelector('[data-pb-ready]') !== null"
                           " || document.readyState === 'complete'")
    page.locator("body").focus()


def shown(page) -> int:
    return page.locator(VISIBLE_ROWS).count()


@pytest.mark.parametrize("lang", ["", "ur/"], ids=["en", "ur"])
def test_the_library_is_filtered_sorted_and_reset_by_keyboard(page, site_url, lang):
    start(page, f"{site_url}{lang}collateral/")
    total = shown(page)
    count = page.locator("[data-count]")
    assert count.get_attribute("aria-live") == "polite"
    before = count.inner_text()

    tab_to(page, "input[data-filter=text]")
    page.keyboard.type("pricing")
    assert 0 < shown(page) < total
    assert count.inner_text() != before  # the live region says how many are left
    page.keyboard.press("Control+a")
    page.keyboard.press("Backspace")
    assert shown(page) == total

    tab_to(page, "select[data-filter=type]")
    page.keyboard.press("ArrowDown")  # the first type after "All types"
    chosen = page.locator("select[data-filter=type]").input_value()
    assert chosen
    assert 0 < shown(page) < total
    types = page.locator(VISIBLE_ROWS + " .pb-row").evaluate_all(
        "ms => [...new Set(ms.map(m => m.dataset.type))]")
    assert types == [chosen]

    tab_to(page, "input[data-filter=stale]")
    page.keyboard.press("Space")
    assert page.locator("input[data-filter=stale]").is_checked()

    tab_to(page, "[data-pb-reset-view]")
    page.keyboard.press("Enter")
    assert shown(page) == total
    assert page.locator("select[data-filter=type]").input_value() == ""
    assert not page.locator("input[data-filter=stale]").is_checked()
    # the reset button is disabled now, so the focus moves on from it: Tab to the sort

    updated = page.locator("article thead th").nth(6)  # Updated
    tab_to(page, "article thead th:nth-child(7) button")
    page.keyboard.press("Enter")
    assert updated.get_attribute("aria-sort") == "ascending"
    dates = [t.strip() for t in page.locator(VISIBLE_ROWS + " td:nth-child(7)").all_inner_texts()]
    assert dates == sorted(dates)
    page.keyboard.press("Space")
    assert updated.get_attribute("aria-sort") == "descending"
    dates = [t.strip() for t in page.locator(VISIBLE_ROWS + " td:nth-child(7)").all_inner_texts()]
    assert dates == sorted(dates, reverse=True)
    assert page.locator("article thead th[aria-sort]").count() == 1


def test_a_task_is_ticked_and_a_check_answered_by_keyboard(page, site_url):
    start(page, f"{site_url}onboarding/{AE}/")
    page.evaluate("localStorage.clear()")
    start(page, f"{site_url}onboarding/{AE}/")
    progress = page.locator("[data-pb-progress-text]")
    assert progress.get_attribute("aria-live") == "polite"
    before = progress.inner_text()

    tab_to(page, "input[data-pb-task]")
    task = page.evaluate("document.activeElement.dataset.pbTask")
    page.keyboard.press("Space")
    box = page.locator(f"input[data-pb-task='{task}']")
    assert box.is_checked()
    assert progress.inner_text() != before
    assert progress.inner_text().startswith("1 ")

    # the first knowledge check: Tab enters its choices, the arrows move between them and
    # each choice is judged at once, in a live verdict
    tab_to(page, "fieldset[data-pb-check] input[type=radio]")
    key = page.evaluate("document.activeElement.closest('fieldset').dataset.pbCheck")
    check = page.locator(f"fieldset[data-pb-check='{key}']")
    verdict = check.locator(".pb-check__verdict")
    assert verdict.get_attribute("aria-live") == "polite"
    page.keyboard.press("Space")
    choices = check.locator("input[type=radio]").count()
    seen = [verdict.inner_text()]
    for _ in range(choices):
        if check.get_attribute("class") and "pb-check--right" in check.get_attribute("class"):
            break
        page.keyboard.press("ArrowDown")
        seen.append(verdict.inner_text())
    assert "pb-check--right" in check.get_attribute("class"), seen
    assert verdict.inner_text() == "Right."
    assert check.locator(".pb-check__explanation").is_visible()

    # kept after a reload, as a rep coming back the next day finds it
    page.reload()
    assert page.locator(f"input[data-pb-task='{task}']").is_checked()
    assert "pb-check--right" in check.get_attribute("class")


def test_the_path_resets_and_prints_by_keyboard(page, site_url):
    page.add_init_script("window.print = () => { window.__printed = (window.__printed || 0) + 1; }")
    start(page, f"{site_url}onboarding/{AE}/")
    page.evaluate("localStorage.clear()")
    start(page, f"{site_url}onboarding/{AE}/")
    tab_to(page, "[data-pb-print]")
    page.keyboard.press("Enter")
    assert page.evaluate("window.__printed") == 1

    tab_to(page, "input[data-pb-task]")
    page.keyboard.press("Space")
    assert page.locator("input[data-pb-task]:checked").count() == 1
    tab_to(page, "[data-pb-reset]", backwards=True)
    page.once("dialog", lambda dialog: dialog.accept())
    page.keyboard.press("Enter")
    page.wait_for_function("document.querySelectorAll('input[data-pb-task]:checked').length === 0")


def test_a_rep_picks_a_role_on_the_start_page_by_keyboard(page, site_url):
    start(page, site_url)
    page.evaluate("localStorage.clear()")
    start(page, site_url)
    tab_to(page, f".pb-start__role[data-pb-role='{AE}']")
    assert page.evaluate("document.activeElement.getAttribute('aria-pressed')") == "false"
    page.keyboard.press("Enter")
    # the start page now leads to the role's path, and the focus is on that link
    page.wait_for_function("document.activeElement.matches('.pb-start__path')")
    assert page.evaluate("document.activeElement.getAttribute('href')").rstrip("/").endswith(
        f"onboarding/{AE}")
    ring = page.evaluate(FOCUS_RING)
    assert ring["outline"] or ring["shadow"], ring

    # "Change" brings the choice back, with the focus on the role picked, pressed
    tab_to(page, ".pb-start__change", backwards=True)
    page.keyboard.press("Enter")
    page.wait_for_function("document.activeElement.matches('.pb-start__role')")
    assert page.evaluate("document.activeElement.dataset.pbRole") == AE
    assert page.evaluate("document.activeElement.getAttribute('aria-pressed')") == "true"


def test_search_filters_say_which_kind_is_on(page, site_url):
    start(page, f"{site_url}collateral/")
    page.keyboard.press("s")  # the theme's shortcut: the focus goes to the search box
    page.wait_for_function("document.activeElement.matches('input.md-search__input')")
    page.keyboard.type("pricing")
    page.wait_for_selector(".pb-search-filter")
    tab_to(page, ".pb-search-filter[data-kind]:not([data-kind=''])")
    kind = page.evaluate("document.activeElement.dataset.kind")
    assert page.evaluate("document.activeElement.getAttribute('aria-pressed')") == "false"
    page.keyboard.press("Enter")
    pressed = page.locator(f".pb-search-filter[data-kind='{kind}']")
    assert pressed.get_attribute("aria-pressed") == "true"
    assert f"kind:{kind.replace(' ', '_')}" in page.locator("input.md-search__input").input_value()


def test_the_language_switcher_leads_to_the_same_page_by_keyboard(page, site_url):
    start(page, f"{site_url}collateral/?type=case-study")
    tab_to(page, "a.md-select__link[hreflang=ur]")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.url == f"{site_url}ur/collateral/?type=case-study"
    assert page.locator("select[data-filter=type]").input_value() == "case-study"
