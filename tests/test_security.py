"""Hostile text in every text field of every kind: the pages show it as text, nothing runs."""

from __future__ import annotations

import json

import pytest

from browser import browser, serve
from conftest import Site, run_mkdocs, write_hub

pytestmark = pytest.mark.browser

PAYLOADS = [
    "<script>window.__xss = 'script'</script>",
    "<img src=x onerror=\"window.__xss = 'onerror'\">",
    "[link](javascript:window.__xss='md-link')",
    "<a href=\"javascript:window.__xss='a-href'\">a</a>",
    "<svg onload=\"window.__xss = 'svg'\"></svg>",
    "<iframe src=\"javascript:window.__xss='iframe'\"></iframe>",
    "\"><script>window.__xss='attr'</script>",
    "<a href=\"data:text/html,<script>alert(1)</script>\">data</a>",
    "<div style=\"background:url(javascript:window.__xss='css')\">css</div>",
]
EVIL = " ".join(PAYLOADS)


def q(text: str) -> str:
    return json.dumps(text)  # a YAML double-quoted string


HOSTILE = {
    "playbook/hub.yml": f"name: {q('Hub ' + EVIL)}\n",
    "playbook/roles/manager.yml": f"""
        title: {q('Manager ' + EVIL)}
        summary: {q(EVIL)}
        team: sales
        aka: [{q(EVIL)}]
        skills: [{q(EVIL)}]
        owner: {q(EVIL)}
        kpis: [close-rate]
        handoffs:
          - to: rep
            lead_type: hot
            when: {q(EVIL)}
        differs_from:
          - role: rep
            note: {q(EVIL)}
    """,
    "playbook/responsibilities/closing.yml": f"""
        title: {q('Closing ' + EVIL)}
        description: {q(EVIL)}
        area: {q(EVIL)}
        accountable: manager
        responsible: [rep]
        metrics: [close-rate]
        collateral: [guide]
    """,
    "playbook/lead-types/hot.yml": f"""
        title: {q('Hot ' + EVIL)}
        definition: {q(EVIL)}
        order: 10
        criteria: [{q(EVIL)}]
        timeline: {q(EVIL)}
    """,
    "playbook/lead-sources/referrals.yml": f"""
        title: {q('Referrals ' + EVIL)}
        description: {q(EVIL)}
        channel: referral
        produces: [hot]
    """,
    "playbook/metrics/close-rate.yml": f"""
        title: {q('Close rate ' + EVIL)}
        definition: {q(EVIL)}
        formula: {q(EVIL)}
        unit: {q(EVIL)}
        target: {q(EVIL)}
    """,
    "playbook/collateral/guide.yml": f"""
        title: {q('Guide ' + EVIL)}
        summary: {q(EVIL)}
        type: product-guide
        file: files/guide.txt
        audience: [rep, manager]
        stages: [hot]
        owner: {q(EVIL)}
        version: {q(EVIL)}
        tags: [{q(EVIL)}]
        updated: 2026-10-01
    """,
    "playbook/onboarding/welcome.yml": f"""
        title: {q('Welcome ' + EVIL)}
        roles: all
        hours: 2
        body: {q(EVIL)}
        tasks: [{q(EVIL)}]
        collateral: [guide]
    """,
}


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Site:
    root = tmp_path_factory.mktemp("hostile")
    write_hub(root / "hub", HOSTILE)
    result = run_mkdocs(root / "hub", root / "site")
    assert result.returncode == 0, result.stderr
    return Site(root / "site")


#: Attributes a browser follows or loads, or reads CSS from.
URL_ATTRIBUTES = {"href", "src", "srcset", "action", "formaction", "data", "poster",
                  "xlink:href", "background", "style", "content"}


def test_no_script_handler_or_javascript_link_reaches_a_generated_page(site):
    for page in site.root.rglob("*.html"):
        rel = page.relative_to(site.root).as_posix()
        if rel.startswith(("assets/", "pagefind/", "search/")):
            continue
        soup = site.html(rel)
        for tag in soup.find_all(True):
            for name, value in tag.attrs.items():
                assert not name.startswith("on"), f"{rel}: {tag.name} has {name}"
                if name not in URL_ATTRIBUTES:
                    continue  # text in data-* or title attributes is only text
                text = " ".join(value) if isinstance(value, list) else str(value)
                assert "javascript:" not in text.replace(" ", "").lower(), f"{rel}: {tag}"
                assert not text.startswith("data:"), f"{rel}: {tag}"
        for script in soup.find_all("script"):
            assert "__xss" not in script.get_text(), f"{rel}: {script}"
        assert not soup.find_all(["iframe", "svg", "object", "embed"]) or all(
            "__xss" not in str(t) for t in soup.find_all(["iframe", "svg"])), rel


def test_hostile_text_is_shown_as_text(site):
    article = site.article("roles/manager/")
    assert article.h1.get_text(strip=True).startswith("Manager")
    assert article.select_one("strong") is not None  # Markdown formatting still works
    title = site.html("roles/manager/").title.get_text()
    assert title.startswith("Manager <script>")  # the title shows the text, escaped


def test_nothing_runs_in_the_browser_on_any_page_or_search(site):
    with serve(site.root) as base, browser() as b:
        page = b.new_page()
        dialogs: list[str] = []
        page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
        urls = sorted(p.relative_to(site.root).parent.as_posix() + "/"
                      for p in site.root.rglob("index.html")
                      if not p.relative_to(site.root).as_posix().startswith(("assets", "pagefind")))
        for url in urls:
            page.goto(base + ("" if url == "./" else url))
            page.wait_for_timeout(50)
            for link in page.locator("article a[href]").all()[:30]:
                href = link.get_attribute("href") or ""
                assert not href.lower().startswith(("javascript:", "data:")), (url, href)
            assert page.evaluate("window.__xss") is None, url
        page.goto(base)
        page.keyboard.press("/")
        page.wait_for_function("() => /Type to start/.test(document.querySelector("
                               "'.md-search-result__meta').textContent)", timeout=15000)
        page.locator("input.md-search__input").press_sequentially("onerror", delay=20)
        page.wait_for_timeout(1500)
        page.locator("input.md-search__input").press_sequentially(" script", delay=20)
        page.wait_for_timeout(1500)
        assert page.evaluate("window.__xss") is None
        assert dialogs == []
