"""Pages in the reader's language: a hub whose every text is also in Urdu gets an Urdu site
with no English word of ours in any generated page; items in the reader's language come
first, items only in other languages are offered apart ("also available in") and never as
onboarding tasks; text that falls back to another language says so and is isolated."""

from __future__ import annotations

import re

import pytest

from playbook import languages

from conftest import MINI_HUB, Site, run_mkdocs, write_hub


def both(en: str, ur: str, indent: int = 2) -> str:
    pad = " " * indent
    return f"\n{pad}en: {en}\n{pad}ur: {ur}"


#: A hub written from the format alone, every text in English and Urdu, names in Urdu too.
URDU_HUB = {
    "mkdocs.yml": MINI_HUB["mkdocs.yml"],  # the plain mkdocs.yml the README documents
    "content/index.md": "# Hub\n",
    "content/ur/index.md": "# ہب\n",
    "playbook/hub.yml": f"name:{both('Hub', 'ہب')}\nlanguages: [en, ur]\n",
    "playbook/roles/manager.yml": f"""
title:{both('Sales manager', 'سیلز مینیجر')}
summary:{both('Leads the team.', 'ٹیم کی قیادت کرتا ہے۔')}
team: sales
kpis: [close-rate]
owner: عائشہ
""",
    "playbook/roles/rep.yml": f"""
title:{both('Sales rep', 'سیلز نمائندہ')}
summary:{both('Sells.', 'فروخت کرتا ہے۔')}
team: sales
reports_to: manager
works: [warm, hot]
kpis: [close-rate]
skills: [گفتگو]
handoffs:
  - to: manager
    lead_type: hot
    when:{both('The deal is large.', 'سودا بڑا ہو۔', 6)}
differs_from:
  - role: manager
    note:{both('The manager does not sell.', 'مینیجر خود فروخت نہیں کرتا۔', 6)}
""",
    "playbook/responsibilities/closing.yml": f"""
title:{both('Close deals', 'سودے مکمل کرنا')}
description:{both('Win the deal.', 'سودا جیتنا۔')}
accountable: manager
responsible: [rep]
metrics: [close-rate]
collateral: [guide]
""",
    "playbook/lead-types/warm.yml": f"""
title:{both('Warm lead', 'گرم لیڈ')}
definition:{both('Interested.', 'دلچسپی رکھتا ہے۔')}
order: 10
temperature: warm
next: [hot]
criteria:
  -{both('Replied', 'جواب دیا', 4)}
""",
    "playbook/lead-types/hot.yml": f"""
title:{both('Hot lead', 'تیار لیڈ')}
definition:{both('Wants to buy now.', 'ابھی خریدنا چاہتا ہے۔')}
order: 20
temperature: hot
owner_team: sales
""",
    "playbook/lead-sources/referrals.yml": f"""
title:{both('Referrals', 'حوالہ جات')}
description:{both('Customers tell friends.', 'گاہک دوستوں کو بتاتے ہیں۔')}
channel: referral
produces: [warm]
""",
    "playbook/metrics/close-rate.yml": f"""
title:{both('Close rate', 'کامیابی کی شرح')}
definition:{both('Deals won over deals worked.', 'جیتے گئے سودے بمقابلہ کل سودے۔')}
unit: "٪"
better: higher
""",
    "content/files/guide.txt": "A guide.\n",
    "playbook/collateral/guide.yml": f"""
title:{both('Guide', 'رہنما')}
summary:{both('How we sell.', 'ہم کیسے بیچتے ہیں۔')}
type: product-guide
file: files/guide.txt
audience: [rep]
stages: [hot]
owner: علی
version: "2"
updated: 2026-10-01
tags: [فروخت]
""",
    "playbook/collateral/old-deck.yml": f"""
title:{both('Old deck', 'پرانی پریزنٹیشن')}
summary:{both("Last year's pitch.", 'پچھلے سال کی پیشکش۔')}
type: deck
url: https://example.com/d
audience: [rep, manager]
stages: [warm]
owner: علی
updated: 2024-01-10
""",
    "playbook/collateral/urdu-case.yml": f"""
title:{both('A case in Urdu', 'اردو میں ایک کیس')}
summary:{both('A customer story.', 'ایک گاہک کی کہانی۔')}
type: case-study
url: https://example.com/ur
audience: [rep]
stages: [hot]
language: ur
owner: علی
""",
    "playbook/collateral/hungarian-checklist.yml": f"""
title:{both('A Hungarian checklist', 'ہنگری زبان کی فہرست')}
summary:{both('For Budapest.', 'بوداپسٹ کے لیے۔')}
type: checklist
url: https://example.com/hu
audience: [rep]
stages: [hot]
language: hu
owner: علی
""",
    "playbook/plays/first-call.yml": f"""
title:{both('A first call', 'پہلی کال')}
summary:{both('Call the lead the day it turns hot.', 'لیڈ کے تیار ہوتے ہی اسی دن کال کریں۔')}
stages: [hot]
roles: [rep]
steps:
  - title:{both('Call', 'کال کریں', 6)}
    owner: rep
    collateral: [guide]
owner: علی
""",
    "playbook/plays/urdu-call.yml": f"""
title:{both('Urdu call', 'اردو میں کال')}
summary:{both('The same call, for Urdu speakers.', 'وہی کال، اردو بولنے والوں کے لیے۔')}
stages: [hot]
roles: [rep]
steps:
  - title:{both('Call in Urdu', 'اردو میں کال کریں', 6)}
    owner: manager
    collateral: [guide]
language: ur
owner: علی
""",
    "playbook/onboarding/welcome.yml": f"""
title:{both('Welcome', 'خوش آمدید')}
roles: all
hours: 2
body:{both('Meet the team.', 'ٹیم سے ملیں۔')}
tasks:
  -{both('Meet your manager', 'اپنے مینیجر سے ملیں', 4)}
collateral: [guide]
""",
}


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    root = tmp_path_factory.mktemp("urdu-hub")
    write_hub(root / "hub", URDU_HUB, base={})
    result = run_mkdocs(root / "hub", root / "site")  # not strict: an item is stale
    assert result.returncode == 0, result.stderr
    assert "error" not in result.stderr, result.stderr
    return Site(root / "site")


GENERATED = ["roles/", "roles/rep/", "roles/manager/", "responsibilities/",
             "responsibilities/closing/", "lead-types/", "lead-types/warm/", "lead-types/hot/",
             "lead-sources/", "lead-sources/referrals/", "metrics/", "metrics/close-rate/",
             "collateral/", "collateral/guide/", "collateral/old-deck/",
             "collateral/urdu-case/", "collateral/hungarian-checklist/", "onboarding/",
             "onboarding/rep/", "onboarding/manager/", "plays/", "plays/first-call/",
             "plays/urdu-call/", "audit/", "changes/"]

#: Words that are Latin letters on an Urdu page by right: languages' own names, and the
#: names our Urdu words keep as they are (RACI, git).
#: (names, not English: of languages, of the RACI matrix, of git and of file formats)
OWN_NAMES = {languages.own_name(code) for code in ("en", "hu")} | {
    "RACI", "git", "CSV", "JSON"}


def english_of_ours(article) -> list[str]:
    """The Latin words of a page's text outside code, diagrams and text marked as being in
    another language."""
    for hidden in article.select("code, pre, .mermaid, [lang]:not([lang=ur]), script, style"):
        hidden.decompose()
    text = article.get_text(" ", strip=True)
    for name in OWN_NAMES:
        text = re.sub(rf"\b{name}\b", "", text)
    text = re.sub(r"https?://\S+", "", text)
    return re.findall(r"[A-Za-z]{2,}", text)


@pytest.mark.parametrize("url", GENERATED)
def test_the_urdu_site_of_a_hub_in_urdu_has_no_english_of_ours(site, url):
    assert english_of_ours(site.article("ur/" + url)) == []
    # the page title, and the nav and the search's words the page carries, too
    page = site.html("ur/" + url)
    assert re.findall(r"[A-Za-z]{2,}", page.title.get_text().split(" - ")[0]) == []
    # ... and the English site still speaks English
    assert english_of_ours(site.article(url)) != []


def test_our_scripts_words_come_from_the_page_in_its_language(site):
    library = site.article("ur/collateral/")
    filters = library.select_one("[data-pb-library]")
    assert "{column}" in filters["data-sort-label"]
    assert re.findall(r"[A-Za-z]{2,}", filters["data-sort-label"].replace("{column}", "")) == []


def test_a_role_page_lists_its_readers_language_first_and_others_apart(site):
    rep = site.article("ur/roles/rep/")
    hot = rep.find("h2", string="اس کردار کے لیے سیلز مواد").find_next("h3", string="تیار لیڈ")
    listed = [a["href"].rstrip("/").split("/")[-1]
              for a in hot.find_next("ul").select("a[href*=collateral]")]
    assert listed == ["urdu-case", "guide"]  # Urdu first, then the hub's default language
    elsewhere = rep.select_one("ul.pb-elsewhere")
    assert elsewhere is not None
    assert [a["href"].rstrip("/").split("/")[-1] for a in elsewhere.select("a")] == \
        ["hungarian-checklist"]
    assert languages.label("hu", "ur") in elsewhere.get_text()
    # on the English site, the Urdu item is the one offered apart
    english = site.article("roles/rep/").select_one("ul.pb-elsewhere")
    assert sorted(a["href"].rstrip("/").split("/")[-1] for a in english.select("a")) == \
        ["hungarian-checklist", "urdu-case"]


def slugs(article, selector: str) -> list[str]:
    return [a["href"].rstrip("/").split("/")[-1] for a in article.select(selector)]


@pytest.mark.parametrize("url, selector", [
    ("roles/rep/", ".pb-role-plays a[href*=plays]"),
    ("lead-types/hot/", ".pb-stage-plays a[href*=plays]"),
    ("collateral/guide/", "a[href*='plays/']"),
    ("plays/", "tbody td:first-child a"),
])
def test_plays_come_in_the_readers_language_first(site, url, selector):
    english = slugs(site.article(url), selector)
    assert english[0] == "first-call"  # by title
    urdu = slugs(site.article("ur/" + url), selector)
    assert urdu[0] == "urdu-call" and sorted(urdu) == sorted(english)


def test_onboarding_never_makes_a_task_of_an_item_in_a_language_the_reader_may_not_read(site):
    def tasks(url):
        return " ".join(box.find_parent("label").get_text(" ", strip=True)
                        for box in site.article(url).select("input[data-pb-task]"))

    urdu = tasks("ur/onboarding/rep/")
    assert "اردو میں ایک کیس" in urdu  # the Urdu item, for a reader of Urdu
    assert "ہنگری زبان کی فہرست" not in urdu
    english = tasks("onboarding/rep/")
    assert "Guide" in english
    assert "A case in Urdu" not in english and "A Hungarian checklist" not in english
    # plays to practise too: the Urdu one for the Urdu reader, first
    assert urdu.index("اردو میں کال") < urdu.index("پہلی کال")
    assert "A first call" in english and "Urdu call" not in english


def test_the_library_shows_the_readers_language_first(site):
    rows = site.article("ur/collateral/").select("tbody tr")
    codes = [row.select_one(".pb-row")["data-language"] for row in rows]
    assert codes[0] == "ur" and codes.index("hu") == len(codes) - 1


def test_a_title_that_falls_back_is_marked_and_isolated(tmp_path):
    root = write_hub(tmp_path / "hub", {**URDU_HUB, "playbook/roles/manager.yml":
                                        "title: Sales manager\nsummary: Leads.\nteam: sales\n"},
                     base={})
    assert run_mkdocs(root, tmp_path / "site").returncode == 0
    built = Site(tmp_path / "site")
    page = built.article("ur/roles/manager/")
    assert page.h1.select_one("[lang=en][dir=ltr]").get_text() == "Sales manager"
    link = built.article("ur/roles/rep/").select_one('a[href$="manager/"]')
    assert (link["lang"], link["dir"]) == ("en", "ltr")  # dir isolates it from the Urdu
    # put into a sentence of ours (a task, a title), it is isolated by Unicode's marks
    tasks = built.article("ur/onboarding/rep/").get_text()
    assert "\u2068Sales manager\u2069" in tasks
    assert "\u2068" not in built.article("onboarding/rep/").get_text()  # not in English


@pytest.mark.browser
def test_no_page_of_the_urdu_hub_scrolls_sideways_on_a_phone(site, chromium):
    """The hub written from the format, as a reader of Urdu sees it on a 390 px phone, in
    the dark: every generated page fits, its diagrams included (measured once they are
    drawn)."""
    from browser import DIAGRAMS_DRAWN, OPEN_SHADOW_ROOTS, serve

    with serve(site.root) as url:
        context = chromium.new_context(viewport={"width": 390, "height": 844},
                                       color_scheme="dark")
        context.add_init_script(OPEN_SHADOW_ROOTS)
        page = context.new_page()
        errors = []
        page.on("pageerror", lambda e: errors.append(str(e)))
        wide = {}
        for path in GENERATED:
            page.goto(url + "ur/" + path)
            page.wait_for_function(DIAGRAMS_DRAWN, timeout=60000)
            width = page.evaluate("document.documentElement.scrollWidth")
            if width > 390:
                wide[path] = width
        context.close()
    assert wide == {} and errors == []


@pytest.mark.parametrize("url", GENERATED)
def test_urdu_lists_are_separated_by_the_arabic_comma(site, url):
    """Issue 34: items of a list in the Urdu site ("گرم لیڈ، ہاٹ لیڈ") are separated by
    the Arabic comma and semicolon, not the Latin ones, which sit on the wrong side of the
    space in a right-to-left line."""
    text = site.article("ur/" + url).get_text("", strip=False)
    assert re.findall(r"[\u0600-\u06ff\u2069][,;] ", text) == []


def test_an_urdu_list_of_links_reads_with_the_arabic_comma(site):
    works = [li for li in site.article("ur/handbook/rep/").select("li")
             if len(li.select('a[href*="lead-types/"]')) == 2]
    assert works and "، " in works[0].get_text(), works


#: The smallest font size of each element of the article whose own text is in the Arabic
#: script, by tag and class, with its size.
SMALLEST_URDU = """() => { const out = {};
    for (const e of document.querySelectorAll('article *')) {
        if (![...e.childNodes].some(n => n.nodeType === 3 && /[\\u0600-\\u06ff]/.test(n.data)))
            continue;
        const size = parseFloat(getComputedStyle(e).fontSize);
        const key = e.tagName.toLowerCase() + '.' + [...e.classList].join('.');
        out[key] = Math.min(out[key] || 99, size); }
    return out; }"""


@pytest.mark.parametrize("url", ["roles/account-executive/", "collateral/", "audit/",
                                 "onboarding/account-executive/"])
def test_urdu_text_is_never_set_below_13_px(page, site_url, url):
    """Issue 34: Arabic-script letters blur below about 14 px, where the theme sets tables
    and details (12.8 px) and we set badges and labels (down to 9 px)."""
    page.goto(site_url + "ur/" + url)
    page.locator("details").evaluate_all("ds => ds.forEach(d => { d.open = true; })")
    small = {k: v for k, v in page.evaluate(SMALLEST_URDU).items() if v < 13}
    assert small == {}
