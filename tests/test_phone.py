"""The generated pages on a phone (390 px wide), in English and Urdu: the path's progress
bar hides none of its parts, the library reads as a list of cards, and the wide matrices
scroll in their own box with their header row and first column in view. (That no page
scrolls sideways as a whole is checked on every kind of page by test_accessibility, in the
same tab as axe's pass.)"""

from __future__ import annotations

import pytest

from browser import PHONE, serve
from conftest import ARTIFACTS, page_of_kind

pytestmark = pytest.mark.browser



@pytest.fixture(scope="module")
def phone(sample_site, chromium):
    with serve(sample_site.root) as base:
        context = chromium.new_context(viewport=PHONE)
        page = context.new_page()
        yield base, page
        context.close()


@pytest.mark.parametrize("prefix", ["", "ur/"])
def test_the_paths_progress_bar_on_a_phone_hides_none_of_its_parts(phone, sample_site, prefix):
    """Issue 34: on the Urdu phone path the Reset button covered the count of tasks done.
    Each part of the bar that stays in view (the bar, the count, the buttons) is whole and
    overlaps no other."""
    base, page = phone
    page.goto(base + prefix + page_of_kind(sample_site, "onboarding"))
    page.locator(".pb-progress").wait_for()
    parts = page.evaluate("""() => [...document.querySelectorAll('.pb-progress > *')]
        .filter(e => e.getClientRects().length).map(e => { const r = e.getBoundingClientRect();
            return [e.className || e.tagName, r.left, r.right, r.top, r.bottom,
                    e.scrollWidth - e.clientWidth]; })""")
    assert len(parts) == 4, parts
    for name, left, right, top, bottom, hidden in parts:
        assert hidden <= 1 and 0 <= left and right <= PHONE["width"], (prefix, name, parts)
    for i, a in enumerate(parts):
        for b in parts[i + 1:]:
            apart = a[2] <= b[1] or b[2] <= a[1] or a[4] <= b[3] or b[4] <= a[3]
            assert apart, (prefix, a, b)


@pytest.mark.parametrize("prefix", ["", "ur/"])
def test_the_library_on_a_phone_shows_title_type_language_and_state(phone, prefix):
    base, page = phone
    page.goto(base + prefix + "collateral/")
    rows = page.evaluate("""() => [...document.querySelectorAll('table:has(.pb-row) tbody tr')]
        .filter(tr => !tr.hidden).map(tr => [1, 2, 5, 8].map(n => {
            const r = tr.children[n - 1].getBoundingClientRect();
            return [tr.children[n - 1].innerText.trim(), r.left, r.right, r.width]; }))""")
    assert len(rows) > 20
    for cells in rows:
        for text, left, right, width in cells:
            assert text and width > 0, cells
            assert 0 <= left and right <= PHONE["width"], cells
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"phone-library-{prefix.strip('/') or 'en'}.png"))


@pytest.mark.parametrize("prefix, url", [("", "responsibilities/"), ("", "audit/"),
                                         ("ur/", "responsibilities/")])
def test_wide_matrices_keep_their_header_and_first_column_in_view(phone, prefix, url):
    base, page = phone
    page.goto(base + prefix + url)
    box = "document.querySelector('.md-typeset__scrollwrap:has(.pb-vertical, .pb-heat)')"
    wide = page.evaluate(f"[{box}.scrollWidth, {box}.clientWidth]")
    assert wide[0] > wide[1]  # (it is wider than the screen: the check means something)
    seen = f"""() => {{ const box = {box}.getBoundingClientRect();
        const shown = (el, axis) => {{ const r = el.getBoundingClientRect();
            const [a, b, lo, hi] = axis === 'x' ? [r.left, r.right, box.left, box.right]
                                                : [r.top, r.bottom, box.top, box.bottom];
            return (Math.min(b, hi) - Math.max(a, lo)) / (b - a); }};
        const cell = {box}.querySelector('tbody tr:nth-child(3) td:first-child');
        const head = {box}.querySelector('thead th:nth-child(2)');
        return [shown(cell, 'x'), shown(head, 'y')]; }}"""
    assert min(page.evaluate(seen)) > 0.99
    moved = page.evaluate(f"""() => {{ const box = {box};
        box.scrollLeft = (getComputedStyle(box).direction === 'rtl' ? -1 : 1) * box.scrollWidth;
        box.scrollTop = box.scrollHeight;
        return [box.scrollLeft, box.scrollTop]; }}""")
    assert moved[0] != 0 and moved[1] > 0, moved  # the box did scroll both ways
    # the row's label and the header row are still wholly in the box
    assert min(page.evaluate(seen)) > 0.99
    # a reader on the keyboard (or zoomed in on a desktop) can scroll it: the box takes the
    # focus, named by the heading it comes under (axe: scrollable-region-focusable)
    named = page.evaluate(f"""() => {{ const box = {box};
        let h = box.previousElementSibling;
        while (h && !/^H[1-6]$/.test(h.tagName)) h = h.previousElementSibling;
        const by = document.getElementById(box.getAttribute('aria-labelledby') || '');
        return [box.tabIndex, box.getAttribute('role'), by && by.textContent,
                h && h.textContent]; }}""")
    assert named[:2] == [0, "region"] and named[2] and named[2] == named[3], named
    page.evaluate(f"{box}.focus()")
    assert page.evaluate(f"document.activeElement === {box}")
    # on a wide screen, where it does not scroll, it is no stop for the keyboard
    page.set_viewport_size({"width": 2400, "height": 900})
    page.wait_for_function(f"() => {box}.scrollWidth <= {box}.clientWidth + 1")
    page.wait_for_function(f"() => !{box}.hasAttribute('tabindex')")
    page.set_viewport_size(PHONE)
