"""Accessibility: axe-core, in chromium, on every kind of page the plugin generates.

Each page is checked in English in the light and the dark scheme (switched as the theme's
toggle does), and in Urdu (right to left) in the light one, with every `<details>` open, and
a few pages also in the states a reader puts them in (a role chosen, a task ticked and a
check answered, the search box open on results). The dark scheme changes colours only, and
no colour depends on the direction or the language (`test_no_colour_depends_on_the_direction_or_the_language`):
what the Urdu pages could fail in the dark scheme alone, the English dark pass and the
Urdu light one find.
The theme's own faults are the baseline: what axe finds outside the article on a
hand-written page of the same site (`contributing/`), in the same language and scheme.
In what is ours (a generated page's article, a rep's start on the home page) nothing may
fail.
Each page is also laid out at a phone's width (the tab narrowed, then widened again): it
must not scroll sideways as a whole (in English and Urdu; a test of its own loaded every
page again at that width).
The pages are the compact sample's (tests/compact_hub.py): every kind of page, made by the
same templates, words and styles as the full sample's, with fewer rows (axe's time grows
with a page's elements: the whole run of checks takes 40 % less).

axe-core comes bundled in `axe-playwright-python`: nothing is fetched at test time.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import pytest
from axe_playwright_python.sync_playwright import Axe
from browser import PHONE, watched_page
from conftest import once_per_run, page_kinds, page_of_kind


AXE = Axe()

#: axe-core skips text it takes for an icon font's ligature, which it guesses by drawing the
#: text on a canvas: joined Arabic letters (Urdu) draw narrower than apart, so most Urdu
#: text was skipped by the contrast rules, unchecked and unreported. Neither the theme nor
#: we draw icons with ligatures (icons are inline SVG), so no text is taken for one.
_LIGATURE_GUESS = re.compile(
    r"function (\w+)\(e\)\{(?=var t=1<arguments\.length&&void 0!==arguments\[1\]\?"
    r"arguments\[1\]:\.15,n=2<arguments\.length)")
AXE_SCRIPT, _found = _LIGATURE_GUESS.subn(r"function \1(e){return!1;", AXE.axe_script)
assert _found == 1, "axe-core's icon ligature guess moved: find it again (isIconLigature)"

# One page of each kind, as the registry lists them: every index, and the entity page of
# each kind that shows most of what its template can (conftest.page_of_kind).
THEME_PAGE = "contributing/"

# Ours on any page: a generated page's article, and whatever has a class of ours (what the
# script adds to every page: a rep's start, the reader's role in the header, the filters
# of the search box).
OURS = 'article[data-pb-page], [class^="pb-"], [class*=" pb-"]'


@dataclass(frozen=True)
class Fault:
    rule: str
    target: str
    html: str
    why: str
    ours: bool
    in_article: bool

    @property
    def key(self) -> tuple[str, str]:
        """The fault with what changes from page to page left out of its selector (which
        tab is which, a link's address), to find the theme's own on another page."""
        target = re.sub(r"\[href[^\]]*\]", "", self.target)
        return self.rule, re.sub(r":nth-child\(\d+\)", "", target)

    def __str__(self) -> str:
        return f"{self.rule} at {self.target}: {self.html[:120]}\n    {self.why[:300]}"


#: Runs axe-core on the page as it is now and says, for every element of every violation,
#: in the same evaluation (not a round trip per element), whether it is ours and whether it
#: lies in the article.
RUN_AXE = """async ([context, options, ours]) => {
    document.querySelectorAll('details').forEach(d => { d.open = true; });
    const results = await axe.run(context || document, options);
    return results.violations.flatMap(violation => violation.nodes.map(node => {
        let target = node.target[node.target.length - 1];
        if (Array.isArray(target)) target = target[target.length - 1];
        const e = document.querySelector(target);
        return [violation.id, target, node.html, node.failureSummary || violation.help,
                e ? !!e.closest(ours) : false, e ? !!e.closest('article') : false];
    }));
}"""


def faults(page, rules: tuple[str, ...] = (), within: str | None = None) -> list[Fault]:
    """What axe-core finds on the page as it is now (with ``rules``, those rules only; with
    ``within``, in the elements it selects only), one fault per element, with every
    `<details>` open."""
    if not page.evaluate("typeof axe !== 'undefined'"):
        page.evaluate(AXE_SCRIPT)  # (a page not opened in a checked context)
    options: dict = {"resultTypes": ["violations"]}
    if rules:
        options["runOnly"] = {"type": "rule", "values": list(rules)}
    return [Fault(*found) for found in page.evaluate(RUN_AXE, [within, options, OURS])]


def ours(found: list[Fault], theme: set[tuple[str, str]]) -> list[Fault]:
    """The faults that are not the theme's: all in what is ours, and outside the article
    those a hand-written page does not have. (The article of a hand-written page is the
    hub's own text.)"""
    return [f for f in found if f.ours or (not f.in_article and f.key not in theme)]


SCHEMES = {"light": "default", "dark": "slate"}
# The rules whose verdict a colour scheme can change: in the dark scheme only these run
# again (the page's structure, names and roles are the light scheme's).
COLOUR_RULES = ("color-contrast", "link-in-text-block")


def open_page(page, url: str, lang: str) -> None:
    response = page.goto(url)
    assert response is not None and response.ok, url
    assert page.evaluate("document.documentElement.lang") == (lang.strip("/") or "en")


def faults_in_each_scheme(page, within: str | None = None,
                          schemes: tuple[str, ...] = tuple(SCHEMES)) -> dict[str, list[Fault]]:
    """The page's faults in the light scheme, and those of colour in the dark one, switched
    as the theme's toggle does it (the body's `data-md-color-scheme`)."""
    found = {}
    still(page)
    for name in schemes:
        scheme = SCHEMES[name]
        page.evaluate("s => document.body.setAttribute('data-md-color-scheme', s)", scheme)
        assert page.evaluate("getComputedStyle(document.body).colorScheme") == (
            "dark" if name == "dark" else "light")
        found[name] = faults(page, COLOUR_RULES if name == "dark" else (), within)
    return found


#: The theme fades colours and boxes in (0.25 s): axe would measure them half way.
NO_TRANSITIONS = "*, *::before, *::after { transition: none !important; }"


def still(page) -> None:
    """Turn the theme's transitions off and wait until nothing on the page moves."""
    page.add_style_tag(content=NO_TRANSITIONS)
    page.wait_for_function(
        "() => document.getAnimations().every(a => a.playState !== 'running')")


def search(page, query: str) -> None:
    still(page)  # (the search box opens, and its results show, without fading in)
    page.locator("label.md-search__icon, .md-search__input").first.click()
    page.locator(".md-search__input").fill(query)
    page.locator(".md-search-result__item").first.wait_for()
    page.wait_for_function("() => /\\d/.test("
                           "document.querySelector('.md-search-result__meta').textContent)")


@pytest.fixture(scope="class")
def context(chromium):
    context = chromium.new_context(viewport={"width": 1280, "height": 900})
    context.add_init_script(AXE_SCRIPT)  # on every page, sent to the browser once
    yield context
    context.close()


@pytest.fixture(scope="class")
def theme(request, context, compact_url, tmp_path_factory) -> dict[str, set[tuple[str, str]]]:
    """The theme's own faults, by scheme: those of a hand-written page, outside its article
    and outside anything of ours, as it loads and with its search box open on results.
    Found once per run and language, by the first worker to ask."""
    lang, schemes = request.cls.lang, request.cls.schemes

    def find() -> dict[str, list[tuple[str, str]]]:
        page = watched_page(context, compact_url)
        open_page(page, compact_url + lang + THEME_PAGE, lang)
        assert page.locator("article[data-pb-page]").count() == 0  # hand-written
        checked = [faults_in_each_scheme(page, schemes=schemes)]  # as it loads
        search(page, "lead")
        # with results, and the theme's search dialog on its own as well: run on the whole
        # page, axe passes over some of its elements on one page (the count of results
        # above them) and checks them on another
        checked += [faults_in_each_scheme(page, schemes=schemes),
                    faults_in_each_scheme(page, ".md-search", schemes)]
        found: dict[str, set[tuple[str, str]]] = {name: set() for name in schemes}
        for each_scheme in checked:
            for name, these in each_scheme.items():
                found[name] |= {f.key for f in these if not f.ours and not f.in_article}
        assert page.errors == [] and page.outside_requests == []
        page.close()
        return {name: sorted(keys) for name, keys in found.items()}

    made = once_per_run(tmp_path_factory, f"axe-theme-{lang.strip('/') or 'en'}", find)
    return {name: {tuple(key) for key in keys} for name, keys in made.items()}


@pytest.fixture(scope="class")
def _tab(request, context, compact_url):
    """One tab for the class's tests on a worker: a page opened again in a tab that is
    already open costs a third of one in a new tab (its process, caches and compiled
    scripts are warm)."""
    lang = request.cls.lang
    page = watched_page(context, compact_url)
    page.goto_site = lambda path: open_page(page, compact_url + lang + path, lang)
    yield page
    page.close()


@pytest.fixture
def tab(_tab):
    """The class's tab, as a new reader has it: nothing kept from the test before (no role
    picked, no task ticked)."""
    _tab.errors.clear()
    _tab.outside_requests.clear()
    if _tab.url.startswith("http"):
        _tab.evaluate("() => { localStorage.clear(); sessionStorage.clear(); }")
    yield _tab
    assert _tab.errors == []
    assert _tab.outside_requests == []




def sideways_on_a_phone(page) -> int:
    """How wide the page is laid out on a phone's screen (the tab made as narrow as one,
    then as wide as before): wider than the screen, it scrolls sideways as a whole."""
    before = page.viewport_size
    page.set_viewport_size(PHONE)
    try:
        # (after the theme's and our scripts answered the new size: two frames)
        return page.evaluate("""() => new Promise(done => requestAnimationFrame(() =>
            requestAnimationFrame(() => done(document.documentElement.scrollWidth))))""")
    finally:
        page.set_viewport_size(before)


def added(page, theme: dict[str, set[tuple[str, str]]]) -> str:
    """What the page adds to the theme's faults, in each scheme checked (those of the
    theme's found), said for the reader."""
    return "\n".join(f"{name}: {fault}" for name, found in faults_in_each_scheme(
        page, schemes=tuple(theme)).items() for fault in ours(found, theme[name]))


class _Checked:
    """The pages of one language, each in the schemes of the class."""

    lang = ""
    schemes: tuple[str, ...] = tuple(SCHEMES)

    @pytest.mark.parametrize("kind", page_kinds())
    def test_a_generated_page_adds_no_fault_to_the_themes(self, tab, theme,
                                                          compact_sample_site, kind):
        tab.goto_site(page_of_kind(compact_sample_site.site, kind))
        assert not added(tab, theme)
        # and on a phone the page does not scroll sideways as a whole
        assert sideways_on_a_phone(tab) <= PHONE["width"], kind

    def test_a_roles_handbook_adds_no_fault(self, tab, theme):
        """A page per role that is no kind's (handbook/<role>/, issue 35)."""
        tab.goto_site("handbook/account-executive/")
        assert tab.locator(".pb-handbook__card").count() > 10
        assert not added(tab, theme)

    def test_the_rep_start_of_a_chosen_role_adds_no_fault(self, tab, theme):
        tab.goto_site("roles/account-executive/")
        tab.locator("[data-pb-pick]").click()
        tab.goto_site("")
        tab.locator(".pb-start--picked").wait_for()
        assert not added(tab, theme)
        assert sideways_on_a_phone(tab) <= PHONE["width"]

    def test_a_path_with_a_task_ticked_and_a_check_answered_adds_no_fault(self, tab, theme):
        tab.goto_site("onboarding/account-executive/")
        tab.locator(".pb-tasks input[type=checkbox]").first.check()
        check = tab.locator(".pb-check").first
        check.locator("input[type=radio]").first.check()  # a wrong answer
        assert check.locator(".pb-check__verdict").inner_text().strip()
        assert not added(tab, theme)

    def test_search_results_and_their_filters_add_no_fault(self, tab, theme):
        tab.goto_site("collateral/")
        search(tab, "lead")
        assert tab.locator(".pb-search-filter").first.is_visible()
        assert not added(tab, theme)


class TestEnglish(_Checked):
    lang = ""


class TestUrdu(_Checked):
    lang = "ur/"
    schemes = ("light",)  # (see the module's docstring)


def test_a_fault_in_a_generated_article_is_found(page, site_url):
    """The check itself: text too faint to read, put into a generated page, fails it."""
    page.goto(site_url + "metrics/")  # (a page with no diagram: Mermaid takes 0.6 s)
    page.evaluate("""() => { const p = document.createElement('p');
        p.textContent = 'Too faint to read'; p.style.color = '#c8c8c8';
        document.querySelector('article').append(p); }""")
    found = ours(faults(page), set())
    assert [f.rule for f in found if "Too faint" in f.html] == ["color-contrast"]
    assert all(f.ours and f.in_article for f in found if "Too faint" in f.html)


def test_a_fault_of_the_dark_scheme_alone_is_found(page, site_url):
    """Dark text, fine on white, unreadable on the slate background: found in dark only."""
    page.goto(site_url + "metrics/")  # (a page with no diagram: Mermaid takes 0.6 s)
    page.evaluate("""() => { const p = document.createElement('p');
        p.textContent = 'Dark on dark'; p.style.color = '#333333';
        document.querySelector('article').append(p); }""")
    found = {name: [f.rule for f in these if "Dark on dark" in f.html]
             for name, these in faults_in_each_scheme(page).items()}
    assert found == {"light": [], "dark": ["color-contrast"]}


def test_faint_urdu_text_is_found(page, site_url):
    """Joined Arabic letters are text, not an icon's ligature: a faint chip of the Urdu
    site fails as it does in English."""
    for lang, word in (("", "Warm"), ("ur/", "نیم گرم")):
        page.goto(site_url + lang + "lead-types/")
        page.add_style_tag(content='.md-typeset .pb-chip--temperature[data-temperature="warm"]'
                                   ' { background: #fef7e0; color: #e0a040; }')
        found = {name: [f.rule for f in these if f.ours and word in f.html]
                 for name, these in faults_in_each_scheme(page, schemes=("light",)).items()}
        assert found["light"] and set(found["light"]) == {"color-contrast"}, (lang, found)


#: WCAG's contrast of two colours given as ``rgb(r, g, b)``.
CONTRAST = """(fg, bg) => { const lum = c => { const [r, g, b] = c.match(/\\d+/g).slice(0, 3)
        .map(v => { v /= 255; return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; });
        return 0.2126 * r + 0.7152 * g + 0.0722 * b; };
    const [a, b] = [lum(fg), lum(bg)].sort((x, y) => y - x); return (a + 0.05) / (b + 0.05); }"""


def test_raci_letters_contrast_with_their_badge_in_both_schemes(page, site_url):
    """axe passes over a one-letter badge (the RACI 'C' was white on orange, 2.3:1, and
    axe said nothing): each letter is measured here, in the light and the dark scheme."""
    page.goto(site_url + "responsibilities/")
    for scheme in ("default", "slate"):
        page.evaluate("s => document.body.setAttribute('data-md-color-scheme', s)", scheme)
        found = page.evaluate(f"""() => {{ const contrast = {CONTRAST};
            return [...new Set([...document.querySelectorAll('.pb-raci')].map(e => {{
                const s = getComputedStyle(e);
                return e.textContent + ' ' + contrast(s.color, s.backgroundColor).toFixed(2);
            }}))]; }}""")
        assert len(found) == 4, found
        assert all(float(f.split()[1]) >= 4.5 for f in found), (scheme, found)


#: A selector that holds for some directions or languages only.
_BY_DIRECTION = re.compile(r"\[dir\b|:dir\(|:lang\(|\[lang\b|\[xml:lang\b")
#: What sets a colour text is read in, or a colour variable.
_COLOUR = re.compile(r"(?:^|;)\s*(color|background(?:-color|-image)?|fill|stroke|opacity|"
                     r"filter|text-shadow|-webkit-text-fill-color|mix-blend-mode|--[\w-]+)"
                     r"\s*:", re.I)


def colours_by_direction(css: str) -> list[str]:
    """The rules of ``css`` that set a colour for one direction or language only."""
    css = re.sub(r"/\*.*?\*/", "", css, flags=re.S)
    return [f"{selector.strip()} {{{body.strip()}}}"
            for selector, body in re.findall(r"([^{}]+)\{([^{}]*)\}", css)
            if _BY_DIRECTION.search(selector) and _COLOUR.search(body)]


def test_no_colour_depends_on_the_direction_or_the_language(sample_site):
    """What lets the Urdu pages go unchecked in the dark scheme: every colour of every
    stylesheet a page loads (the theme's, its palette's, ours) is the same in both
    directions and every language, so the English dark pass sees the colours the Urdu
    dark pages have, and the Urdu light pass the places text sits there."""
    assert colours_by_direction("[dir=rtl] .md-typeset .pb-chip { color: #777 }")  # found
    assert not colours_by_direction("[dir=rtl] .pb-x { margin-left: 1em }")
    for lang in ("", "ur/"):
        page = sample_site.html(lang + "roles/")
        sheets = [link["href"] for link in page.select("link[rel=stylesheet]")
                  if not link["href"].startswith(("http:", "https:"))]
        assert any("playbook.css" in href for href in sheets), sheets
        for href in sheets:
            css = sample_site.path(lang + "roles/" + href).read_text(encoding="utf-8")
            assert not colours_by_direction(css), (href, colours_by_direction(css)[:3])
