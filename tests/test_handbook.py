"""A role's handbook (issue 35): one page per role that prints, or saves as PDF, as a clean
handbook. Printed by chromium to PDF and read back page by page."""

from __future__ import annotations

import io
import re
import unicodedata

import pytest
from pypdf import PdfReader

from conftest import ARTIFACTS, article_links

pytestmark = pytest.mark.browser

AE = "account-executive"
PARTS = ["Your onboarding path", "Plays it runs", "Battlecards", "KPIs",
         "Collateral for this role"]


def printed(page, url: str) -> list[str]:
    """The text of each page of ``url`` printed to PDF (A4), spaces made single."""
    page.goto(url)
    pdf = page.pdf(format="A4", print_background=True)
    ARTIFACTS.mkdir(exist_ok=True)
    (ARTIFACTS / f"handbook-{url.rstrip('/').rsplit('/', 1)[-1]}.pdf").write_bytes(pdf)
    return [re.sub(r"\s+", " ", unicodedata.normalize("NFKC", p.extract_text() or ""))
            for p in PdfReader(io.BytesIO(pdf)).pages]  # (NFKC: the "ﬁ" ligature is "fi")


def test_a_roles_handbook_prints_each_part_on_its_own_pages_and_splits_no_card(page, site_url,
                                                                                sample_site):
    pages = printed(page, site_url + f"handbook/{AE}/")
    assert len(pages) >= len(PARTS) + 1, len(pages)
    text = " ".join(pages)
    # each part is there, and starts a page (its heading at the top of one)
    for part in PARTS:
        starts = [n for n, p in enumerate(pages) if p.lstrip().startswith(part)]
        assert starts, (part, [p[:60] for p in pages])
    assert "Print or save as PDF" not in text  # (the button is for the screen)
    article = sample_site.article(f"handbook/{AE}/")
    # no card split across two pages: a card's first and last words are on one page
    cards = article.select(".pb-handbook__card")
    assert len(cards) > 15
    for card in cards:
        first = card.select_one(".pb-handbook__card-title strong").get_text(" ", strip=True)
        last = " ".join(card.get_text(" ", strip=True).split()[-3:])
        assert any(first in p and last in p for p in pages), (first, last)
    # the path with a box per task, the plays, battlecards, KPIs and collateral named
    assert len(article.select(".pb-handbook__box")) > 20
    for name in ("Qualify an MQL on a discovery call", "Atlas Insight Suite", "Close rate",
                 "Discovery call script"):
        assert name in text, name


def test_the_collateral_table_is_not_clipped_when_printed(page, site_url):
    page.set_viewport_size({"width": 794, "height": 1123})  # (A4 at 96 dpi)
    page.goto(site_url + f"handbook/{AE}/")
    page.emulate_media(media="print")
    box = page.evaluate("""() => { const t = document.querySelector('.pb-handbook__collateral table');
        const r = t.getBoundingClientRect();
        return [t.scrollWidth - t.clientWidth, r.right, document.documentElement.clientWidth]; }""")
    assert box[0] <= 1 and box[1] <= box[2], box


def test_the_urdu_handbook_prints_right_to_left(page, site_url):
    pages = printed(page, site_url + f"ur/handbook/{AE}/")
    assert len(pages) >= len(PARTS) + 1
    page.emulate_media(media="print")
    assert page.evaluate("getComputedStyle(document.querySelector('article')).direction") == "rtl"


def test_the_role_page_and_the_path_lead_to_the_handbook(sample_site):
    for url in (f"roles/{AE}/", f"onboarding/{AE}/", f"ur/roles/{AE}/"):
        links = [t for _, t in article_links(sample_site, url) if "handbook/" in t]
        assert links and all(sample_site.path(u).is_file() for u in links), url
    # a handbook repeats pages search already finds: it is left out of search
    html = sample_site.html(f"handbook/{AE}/")
    assert html.select_one("[data-pagefind-body]") is None
