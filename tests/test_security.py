"""Hostile text in every text field of every kind: the pages show it as text, nothing runs,
nothing poses as the theme, nothing loads from another host."""

from __future__ import annotations

import json

import pytest

from browser import ANSWERED, OPEN_SHADOW_ROOTS, SEARCH_ANSWERS, serve, stay_on
from conftest import MINI_HUB, Site, run_mkdocs, write_hub

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
#: Text posing as the page: Material reads its settings from the JSON of `#__config`, opens
#: its drawer and search with `#__drawer` and `#__search`, and shows `.md-dialog--active`.
CLOBBERING = [
    '<div id="__config">{"base": "https://evil.example", "features": [], "search": '
    '"https://evil.example/search.js", "translations": {}, "version": null}</div>',
    '<input id="__drawer" type="checkbox" checked>',
    '<div id="__search">Search here</div>',
    '<div id="__consent" data-md-component="consent">Consent here</div>',
    '<div class="md-dialog md-dialog--active"><div class="md-dialog__inner md-typeset">'
    'Your session expired: log in again</div></div>',
    '<span data-md-component="announce">Announcement</span>',
    '<label for="__drawer">Open the menu</label>',
    '<span data-pagefind-filter="kind:metric" data-pagefind-meta="kind:Fake">Steer</span>',
]
#: Text that would make every reader's browser call another host.
LOADS = [
    '<img src="https://evil.example/p.gif" alt="Pixel">',
    '<span style="background:url(https://evil.example/x)">Styled</span>',
    '<img src="https://img.example.com/a.png" alt="Allowed">',
]
PAYLOADS += CLOBBERING + LOADS
EVIL = " ".join(PAYLOADS)
#: What only a Markdown field makes: a heading, an attr_list style.
EVIL_BLOCK = (EVIL + "\n\n## __config\n\nA styled paragraph\n"
              '{: style="background: url(https://evil.example/attr-list)" }\n')


def q(text: str) -> str:
    return json.dumps(text)  # a YAML double-quoted string


#: A word of the hub's catalog or of a plugin option, printed where our words are (the
#: navigation, the role picker, the search filters): markup in it would run, or load.
WORD = " <img src=\"https://evil.example/word.gif\" onerror=\"window.__xss='word'\">"


def catalog_of_payloads() -> str:
    """A hub catalog (`i18n/en.yml`) giving every message of ours a payload."""
    from playbook.catalog import messages

    return "".join(f"{q(m)}: {q(m + WORD)}\n" for m in messages())


#: A role title that is a Mermaid directive, which Mermaid reads anywhere in a diagram.
DIRECTIVE = "%%{init: {}}%%"

HOSTILE = {
    # the mini hub's, with images allowed from one host
    "mkdocs.yml": MINI_HUB["mkdocs.yml"].replace("site_name: Mini hub", "site_name: Hostile hub")
    .replace("  - playbook\n", "  - playbook:\n              allowed_hosts: [img.example.com]\n"
             f"              nav_section: {q('Playbook' + WORD)}\n"),
    "playbook/i18n/en.yml": catalog_of_payloads(),
    # A hub's Markdown override: its own id and label work, the text it puts in is cleaned.
    "templates/metric.md.j2": """
        # {{ title }}

        <div id="pb-own" class="pb-own md-button">Own block</div>
        <label for="pb-own">Own label</label>

        {{ t(entity.definition) }}
    """,
    "content/files/price list #2?.txt": "Prices.\n",
    "playbook/hub.yml": f"name: {q('Hub ' + EVIL)}\n",
    "playbook/roles/manager.yml": f"""
        title: {q('Manager ' + EVIL)}
        summary: {q(EVIL_BLOCK)}
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
    "playbook/roles/director.yml": f"""
        title: {q(DIRECTIVE)}
        summary: Leads the managers.
        team: sales
    """,
    "playbook/responsibilities/closing.yml": f"""
        title: {q('Closing ' + EVIL)}
        description: {q(EVIL_BLOCK)}
        area: {q(EVIL)}
        accountable: manager
        responsible: [rep]
        metrics: [close-rate]
        collateral: [guide]
    """,
    "playbook/lead-types/hot.yml": f"""
        title: {q('Hot ' + EVIL)}
        definition: {q(EVIL_BLOCK)}
        order: 10
        criteria: [{q(EVIL)}]
        timeline: {q(EVIL)}
    """,
    "playbook/lead-sources/referrals.yml": f"""
        title: {q('Referrals ' + EVIL)}
        description: {q(EVIL_BLOCK)}
        channel: referral
        produces: [hot]
    """,
    "playbook/metrics/close-rate.yml": f"""
        title: {q('Close rate ' + EVIL)}
        definition: {q(EVIL_BLOCK)}
        formula: {q(EVIL)}
        unit: {q(EVIL)}
        target: {q(EVIL)}
    """,
    "playbook/collateral/guide.yml": f"""
        title: {q('Guide ' + EVIL)}
        summary: {q(EVIL_BLOCK)}
        type: product-guide
        file: files/guide.txt
        audience: [rep, manager]
        stages: [hot]
        owner: {q(EVIL)}
        version: {q(EVIL)}
        tags: [{q(EVIL)}]
        updated: 2026-10-01
    """,
    "playbook/collateral/prices.yml": """
        title: Price list
        summary: What things cost.
        type: checklist
        file: "files/price list #2?.txt"
        audience: [rep]
        owner: Ana
        updated: 2026-10-01
    """,
    "playbook/onboarding/welcome.yml": f"""
        title: {q('Welcome ' + EVIL)}
        roles: all
        hours: 2
        body: {q(EVIL_BLOCK)}
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


def pages(site: Site):
    """(path, parsed HTML) of every page of the site."""
    for page in site.root.rglob("*.html"):
        rel = page.relative_to(site.root).as_posix()
        if not rel.startswith(("assets/", "pagefind/", "search/")):
            yield rel, site.html(rel)


def test_no_script_handler_or_javascript_link_reaches_a_generated_page(site):
    for rel, soup in pages(site):
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


def test_words_of_the_catalog_and_options_are_shown_as_text(site):
    nav = site.html("roles/manager/").select_one("nav.md-nav--primary").get_text(" ")
    for word in ("Playbook", "Roles", "Collateral library", "What changed"):
        assert word + WORD in nav  # the markup shown as text
    assert not site.html("roles/").select("img[src*='evil.example']")


def test_hostile_text_is_shown_as_text(site):
    article = site.article("roles/manager/")
    assert article.h1.get_text(strip=True).startswith("Manager")
    assert article.select_one("strong") is not None  # Markdown formatting still works
    title = site.html("roles/manager/").title.get_text()
    assert title.startswith("Manager <script>")  # the title shows the text, escaped


def test_nothing_runs_in_the_browser_on_any_page_or_search(site, chromium):
    with serve(site.root) as base:
        page = chromium.new_page()
        page.add_init_script(SEARCH_ANSWERS)
        dialogs: list[str] = []
        page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
        urls = sorted(p.relative_to(site.root).parent.as_posix() + "/"
                      for p in site.root.rglob("index.html")
                      if not p.relative_to(site.root).as_posix().startswith(("assets", "pagefind")))
        for url in urls:
            page.goto(base + ("" if url == "./" else url))
            page.wait_for_timeout(50)
            # every link of the article, read in one evaluation
            for href in page.eval_on_selector_all(
                    "article a[href]", "links => links.map(a => a.getAttribute('href'))"):
                assert not href.strip().lower().startswith(("javascript:", "data:")), (url, href)
            assert page.evaluate("window.__xss") is None, url
        # a role picked: the script shows the catalog's words on the home page and header
        page.goto(base + "roles/manager/")
        page.locator("[data-pb-pick]").click()
        page.goto(base)
        page.locator(".pb-start--picked").wait_for()
        assert "Your role:" + WORD in page.locator(".pb-start").inner_text()
        assert page.evaluate("window.__xss") is None
        page.keyboard.press("/")
        page.wait_for_function("() => /Type to start/.test(document.querySelector("
                               "'.md-search-result__meta').textContent)", timeout=15000)
        # typed as a rep types, and the results of each query shown (the worker answered)
        for typed, query in (("onerror", "onerror"), (" script", "onerror script")):
            answered = page.evaluate("window.__pbAnswered.length")
            page.locator("input.md-search__input").press_sequentially(typed, delay=20)
            page.wait_for_function(ANSWERED, arg=[answered, query], timeout=10000)
            assert page.locator(".md-search-result__item").count() > 0, query
        assert page.evaluate("window.__xss") is None
        assert dialogs == []


# -- hub text poses as nothing, loads nothing ----------------------------------------------

#: The pages that show the Markdown fields (and the Markdown override of metrics).
MARKDOWN_PAGES = ["roles/manager/", "responsibilities/closing/", "lead-types/",
                  "lead-types/hot/", "lead-sources/referrals/", "metrics/close-rate/",
                  "collateral/guide/", "onboarding/manager/"]
ALLOWED_IMAGE = "https://img.example.com/a.png"


@pytest.fixture(scope="module")
def served(site, chromium):
    with serve(site.root) as base:
        yield base, chromium


@pytest.fixture
def open_page(served):
    """Opens a page of the site (in one tab), refusing and noting (``page.outside``) every
    request that does not go to the served site, and the page's script errors."""
    base, b = served
    context = b.new_context(viewport={"width": 1280, "height": 900})
    context.add_init_script(OPEN_SHADOW_ROOTS)
    page = context.new_page()
    page.outside = stay_on(page, base)
    page.on("pageerror", lambda e: page.errors.append(str(e)))

    def open(url: str):
        page.outside.clear()
        page.errors = []
        page.goto(base + url)
        page.wait_for_timeout(150)  # (after the load event) for what scripts fetch then
        return page

    yield open
    context.close()


#: What a reader's browser shows of the theme's parts and of the article, read in one go.
SEEN = """() => {
    const article = document.querySelector("article");
    const count = (root, selector) => root.querySelectorAll(selector).length;
    const pixel = article.querySelector("a[href='https://evil.example/p.gif']");
    return {
        theme: ["__config", "__drawer", "__search"].map(id => count(document, `[id='${id}']`)),
        base: JSON.parse(document.getElementById("__config").textContent).base,
        posing: count(article, "[id^='__'], [class*='md-dialog'], [data-md-component]"),
        dialogs: count(document, ".md-dialog--active"),
        text: article.innerText,
        pixel: pixel && pixel.innerText,
        allowed: count(article, "img[src='https://img.example.com/a.png']"),
    };
}"""


def test_hub_text_neither_poses_as_the_theme_nor_loads_from_other_hosts(open_page):
    for url in MARKDOWN_PAGES:
        page = open_page(url)
        # The one image the hub allows is the only request to another host.
        assert [u for u in page.outside if u != ALLOWED_IMAGE] == [], (url, page.outside)
        assert ALLOWED_IMAGE in page.outside, url  # (so requests are seen at all)
        seen = page.evaluate(SEEN)
        # Material's own settings, drawer and search box, once each, and its own.
        assert seen["theme"] == [1, 1, 1], url
        assert seen["base"] == "/".join([".."] * url.count("/")), (url, seen["base"])
        assert seen["posing"] == 0 and seen["dialogs"] == 0, url
        # ... and the text is still there, as text
        for shown in ("Your session expired: log in again", "Open the menu", "Styled", "Steer"):
            assert shown in seen["text"], (url, shown)
        assert seen["pixel"] == "Pixel", url  # the image not loaded is a link to it
        assert seen["allowed"] >= 1, url
        assert page.errors == [], (url, page.errors)


def test_search_is_steered_only_by_the_pages_own_marks(site):
    # (A hub's Markdown override keeps data-pagefind-*: its template writes them.)
    for url in MARKDOWN_PAGES:
        if url == "metrics/close-rate/":
            continue
        article = site.article(url)
        assert not article.select("[data-pagefind-filter='kind:metric']"), url
        assert not article.select("[data-pagefind-meta='kind:Fake']"), url


def test_no_page_loads_from_a_host_not_allowed(site):
    for rel, soup in pages(site):
        for tag in soup.find_all(src=True):
            assert "evil.example" not in tag["src"], f"{rel}: {tag}"
        for tag in soup.find_all(style=True):
            assert "url(" not in tag["style"].replace(" ", "").lower(), f"{rel}: {tag}"
    allowed = site.article("roles/manager/").select(f"img[src='{ALLOWED_IMAGE}']")
    assert allowed and allowed[0]["alt"] == "Allowed"


def test_a_heading_of_hub_text_gets_an_id_of_its_own(site):
    article = site.article("roles/manager/")
    [heading] = [h for h in article.select("h2") if h.get_text(strip=True).startswith("__config")]
    assert heading["id"] == "config"
    toc = site.html("roles/manager/").select_one("nav.md-nav--secondary")
    assert toc.select_one("a[href='#config']") is not None


def test_a_markdown_override_keeps_its_own_ids(site):
    article = site.article("metrics/close-rate/")
    own = article.select_one("#pb-own")
    assert own is not None and own["class"] == ["pb-own", "md-button"]
    assert article.select_one("label[for='pb-own']").get_text() == "Own label"
    assert not article.select("[id^='__'], [for^='__'], [class*='md-dialog']")


def test_a_role_titled_like_a_mermaid_directive_leaves_the_org_chart_drawn(open_page):
    page = open_page("roles/")
    page.wait_for_function("!document.querySelector('article pre.mermaid')", timeout=15000)
    chart = page.locator("article div.mermaid svg").first
    assert chart.bounding_box()["width"] > 200
    labels = chart.locator(".nodeLabel").all_text_contents()
    assert DIRECTIVE in labels  # the title, as text
    assert any(label.startswith("Manager <script>") for label in labels), labels
    assert "Syntax error" not in page.locator("body").inner_text()
    assert page.errors == [] and page.outside == [], (page.errors, page.outside)


# (Not hostile, but odd, and this site is built already.)
def test_a_file_name_with_space_hash_and_question_mark_downloads(open_page):
    page = open_page("collateral/prices/")
    page.locator("article a.md-button--primary").click()
    page.wait_for_load_state()
    assert page.url.endswith("/files/price%20list%20%232%3F.txt")
    assert page.locator("body").inner_text().strip() == "Prices."
