"""A rep's start (issue 18): a reader picks their role once, kept in the browser for the
whole hub; the home page of every language's site and the header then lead to their path,
their KPIs and their collateral by stage, and the ticks of their path follow them from one
language's site to another. Two hubs on one host share nothing."""

from __future__ import annotations

import json

import pytest
import yaml

from browser import PHONE, serve, stay_on
from conftest import run_mkdocs

pytestmark = pytest.mark.browser

HUB = "playbook:northwind-analytics-sales-playbook"
AE = "account-executive"


# -- what the build writes ----------------------------------------------------------------

def test_every_language_site_has_its_roles_in_its_own_words(sample_site):
    from playbook.catalog import words

    en = json.loads(sample_site.path("assets/playbook/roles.json").read_text("utf-8"))
    ur = json.loads(sample_site.path("ur/assets/playbook/roles.json").read_text("utf-8"))
    assert set(en["roles"]) == set(ur["roles"]) and AE in en["roles"]
    assert sum(len(ids) for _, ids in en["teams"]) == len(en["roles"])
    assert en["roles"][AE]["title"] == "Account Executive"
    assert ur["roles"][AE]["title"] != "Account Executive"
    assert ur["words"]["header"] == words("ur")("My path") != "My path"
    role = en["roles"][AE]
    assert role["path"] == f"onboarding/{AE}/" and role["page"] == f"roles/{AE}/"
    assert sample_site.path(role["path"]).is_file() and sample_site.path(role["page"]).is_file()
    assert all(sample_site.path(url).is_file() for _, url in role["kpis"]) and role["kpis"]
    assert role["collateral"] and all(
        url.startswith(f"collateral/?audience={AE}&stage=") and n > 0
        for _, url, n in role["collateral"])


def test_every_page_names_its_hub_and_the_default_languages_site(sample_site):
    def meta(url):
        tag = sample_site.html(url).select_one('meta[name="playbook-hub"]')
        return tag["content"], tag["data-site"], tag["data-home"]

    assert meta("") == (HUB, "./", "./")
    assert meta(f"roles/{AE}/") == (HUB, "../../", "../../")
    assert meta("ur/") == (HUB, "./", "../")
    assert meta(f"ur/onboarding/{AE}/") == (HUB, "../../", "../../../")
    assert meta("contributing/")[0] == HUB  # the hub's own pages too


def test_task_keys_are_the_same_in_every_language(sample_site):
    """A tick follows the reader: a task has one key in every language's site (a language's
    site may add tasks, for items in that language)."""
    keys = {}
    for prefix in ("", "ur/", "kn/", "hu/", "sr/", "bn/"):
        for role in ("account-executive", "sales-development-rep", "content-writer"):
            article = sample_site.article(f"{prefix}onboarding/{role}/")
            keys[prefix, role] = {i["data-pb-task"] for i in article.select("[data-pb-task]")}
            assert article.select_one("[data-pb-role]")["data-pb-role"] == role
    for (prefix, role), found in keys.items():
        assert keys["", role] <= found, (prefix, role, keys["", role] - found)
    assert keys["", AE] == keys["ur/", AE]


def test_the_scripts_words_are_in_every_catalog():
    from playbook.catalog import I18N
    from playbook.start import WORDS

    messages = set((I18N / "messages.txt").read_text(encoding="utf-8").splitlines())
    assert set(WORDS.values()) <= messages
    for lang in ("kn", "ur", "sr", "hu", "bn"):
        catalog = yaml.safe_load((I18N / f"{lang}.yml").read_text(encoding="utf-8"))
        for message in WORDS.values():
            assert catalog.get(message), (lang, message)
    js = (I18N.parent / "assets" / "playbook.js").read_text(encoding="utf-8")
    for message in WORDS.values():
        assert f"\"{message}\"" not in js  # the script shows the catalogs' words


def test_roles_json_follows_use_directory_urls(hub, tmp_path):
    root = hub({"mkdocs.yml": "site_name: Mini hub\ndocs_dir: content\nuse_directory_urls: "
                              "false\ntheme:\n  name: material\n  font: false\nplugins:\n"
                              "  - playbook:\n      search: false\n"})
    result = run_mkdocs(root, tmp_path / "site")
    assert result.returncode == 0, result.stderr
    data = json.loads((tmp_path / "site/assets/playbook/roles.json").read_text("utf-8"))
    rep = data["roles"]["rep"]
    assert rep["path"] == "onboarding/rep.html" and rep["page"] == "roles/rep.html"
    assert rep["library"][1] == "collateral/index.html?audience=rep"
    assert (tmp_path / "site" / rep["path"]).is_file()


# -- in the browser ------------------------------------------------------------------------

@pytest.fixture(scope="module")
def two_hubs(sample_site, tmp_path_factory):
    """One host serving the sample hub twice, at /a/ and at /b/ (as two hubs would be)."""
    root = tmp_path_factory.mktemp("two-hubs")
    (root / "a").symlink_to(sample_site.root, target_is_directory=True)
    (root / "b").symlink_to(sample_site.root, target_is_directory=True)
    with serve(root) as url:
        yield url


@pytest.fixture
def new_page(chromium, two_hubs):
    """A page in a fresh browser context (nothing kept yet), with its errors noted."""
    contexts = []

    def make(viewport=None, **options):
        context = chromium.new_context(viewport=viewport or {"width": 1280, "height": 900},
                                       **options)
        contexts.append(context)
        page = context.new_page()
        page.outside_requests = stay_on(page, two_hubs)
        page.errors = []
        page.on("pageerror", lambda e: page.errors.append(str(e)))
        return page

    yield make
    for context in contexts:
        context.close()


@pytest.fixture
def page(new_page):
    return new_page()


def text(locator) -> str:
    """What a reader reads in an element, on one line."""
    return " ".join(locator.inner_text().split())


def check_clean(page):
    assert page.errors == [], page.errors
    assert page.outside_requests == [], page.outside_requests


def pick_on_role_page(page, site, role=AE):
    page.goto(f"{site}roles/{role}/")
    control = page.locator("[data-pb-my-role]")
    control.locator("[data-pb-pick]").click()
    assert control.locator("[data-pb-picked]").is_visible()
    assert not control.locator("[data-pb-pick]").is_visible()


def test_pick_a_role_then_the_home_page_leads_to_its_path_kpis_and_collateral(page, two_hubs):
    site = two_hubs + "a/"
    page.goto(f"{site}roles/{AE}/")
    pick = page.get_by_role("button", name="This is my role")
    assert pick.is_visible()
    pick.click()
    assert page.get_by_text("This is your role").is_visible()
    assert not pick.is_visible()

    page.goto(site)
    start = page.locator("article .pb-start")
    start.wait_for()
    assert text(start.locator(".pb-start__title")).startswith("Your role: Account Executive")
    # it sits under the hub's own title, at the top of the home page's article
    assert page.evaluate("document.querySelector('article h1').nextElementSibling"
                         ".classList.contains('pb-start')")

    start.get_by_role("link", name="Your onboarding path").click()
    page.wait_for_url(f"**/a/onboarding/{AE}/")
    assert page.locator("h1").inner_text().startswith("Onboarding: Account Executive")
    assert page.locator("input[data-pb-task]").count() > 10

    page.go_back()
    kpi = start.locator("dd").first.get_by_role("link").first
    kpi_title = kpi.inner_text()
    kpi.click()
    page.wait_for_url("**/a/metrics/**")
    assert page.locator("h1").inner_text().startswith(kpi_title)

    page.go_back()
    stage = start.locator("dd").nth(1).get_by_role("link").nth(1)
    stage_name = stage.evaluate("a => a.firstChild.textContent")
    count = int(stage.locator(".pb-start__count").inner_text())
    stage.click()
    page.wait_for_url("**/a/collateral/?audience=account-executive&stage=*")
    assert page.locator("select[data-filter=audience]").input_value() == AE
    chosen = page.locator("select[data-filter=stage] option:checked").inner_text()
    assert chosen == stage_name
    rows = page.locator("article tbody tr:has(.pb-row):visible")
    assert rows.count() == count
    assert all("Account Executive" in t for t in rows.locator("td:nth-child(4)").all_inner_texts())
    # a filter changed is kept in the address, to bookmark or share
    page.select_option("select[data-filter=stage]", "")
    assert page.url.endswith(f"collateral/?audience={AE}")

    # change the role from the home page
    page.goto(site)
    start.get_by_role("button", name="Change role").click()
    assert start.locator(".pb-start__role[aria-pressed=true]").inner_text() == "Account Executive"
    start.get_by_role("button", name="Sales Development Representative").click()
    assert "Sales Development Representative" in text(start.locator(".pb-start__title"))
    start.get_by_role("link", name="Your onboarding path").click()
    page.wait_for_url("**/a/onboarding/sales-development-rep/")
    check_clean(page)


def test_the_home_page_lists_the_roles_by_team_until_one_is_picked(page, two_hubs):
    site = two_hubs + "a/"
    roles = json.loads(page.request.get(site + "assets/playbook/roles.json").text())
    page.goto(site)
    start = page.locator("article .pb-start")
    start.wait_for()
    assert text(start.locator(".pb-start__title")) == "Start here: pick your role"
    assert start.locator(".pb-start__team-name").all_text_contents() == [
        name for name, _ in roles["teams"]]
    assert start.locator("button.pb-start__role").count() == len(roles["roles"])
    assert page.locator(".pb-header-path").count() == 0
    start.get_by_role("button", name="Account Executive", exact=True).click()
    assert text(start.locator(".pb-start__title")).startswith("Your role: Account Executive")
    # keyboard users land on the next step
    assert page.evaluate("document.activeElement.classList.contains('pb-start__path')")
    assert page.locator(".pb-header-path").is_visible()
    # the role page agrees
    page.goto(f"{site}roles/{AE}/")
    assert page.locator("[data-pb-picked]").is_visible()
    page.get_by_role("button", name="Change role").click()
    assert page.get_by_role("button", name="This is my role").is_visible()
    page.goto(site)
    assert text(page.locator(".pb-start__title")) == "Start here: pick your role"
    assert page.locator(".pb-header-path").count() == 0
    check_clean(page)


@pytest.mark.parametrize("prefix", ["", "ur/"])
def test_the_header_leads_to_the_path_in_each_language(page, two_hubs, prefix):
    site = two_hubs + "a/"
    pick_on_role_page(page, site)  # on the English site
    page.goto(f"{site}{prefix}collateral/")
    link = page.locator(".md-header .pb-header-path")
    link.wait_for()
    ours = json.loads(page.request.get(f"{site}{prefix}assets/playbook/roles.json").text())
    assert link.inner_text().strip() == ours["words"]["header"]
    assert ours["roles"][AE]["title"] in link.get_attribute("title")
    link.click()
    page.wait_for_url(f"**/a/{prefix}onboarding/{AE}/")
    assert page.locator(".pb-header-path").get_attribute("aria-current") == "page"
    # and the home page of that language's site knows the role, in its words
    page.goto(f"{site}{prefix}")
    title = page.locator(".pb-start__title")
    title.wait_for()
    assert text(title).startswith(ours["words"]["your_role"] + " "
                                         + ours["roles"][AE]["title"])
    if prefix == "ur/":
        assert ours["words"]["your_role"] != "Your role:"
        assert page.evaluate("getComputedStyle(document.querySelector('.pb-start')).direction") \
            == "rtl"
    check_clean(page)


def test_ticks_follow_the_reader_across_language_sites(page, two_hubs):
    site = two_hubs + "a/"
    page.goto(f"{site}onboarding/{AE}/")
    tasks = page.locator("input[data-pb-task]")
    keys = [tasks.nth(i).get_attribute("data-pb-task") for i in (0, 3, 7)]
    for i in (0, 3, 7):
        tasks.nth(i).check()
    page.goto(f"{site}ur/onboarding/{AE}/")
    checked = page.locator("input[data-pb-task]:checked")
    assert sorted(checked.evaluate_all("els => els.map(e => e.dataset.pbTask)")) == sorted(keys)
    page.locator(f"input[data-pb-task='{keys[1]}']").uncheck()
    page.goto(f"{site}onboarding/{AE}/")
    assert sorted(page.locator("input[data-pb-task]:checked").evaluate_all(
        "els => els.map(e => e.dataset.pbTask)")) == sorted([keys[0], keys[2]])
    # another role's path keeps its own
    page.goto(f"{site}ur/onboarding/sales-development-rep/")
    assert page.locator("input[data-pb-task]:checked").count() == 0
    check_clean(page)


def test_two_hubs_on_one_host_share_neither_role_nor_ticks(page, two_hubs):
    a, b = two_hubs + "a/", two_hubs + "b/"
    pick_on_role_page(page, a)
    page.goto(f"{a}onboarding/{AE}/")
    page.locator("input[data-pb-task]").nth(0).check()
    page.goto(b)
    page.locator(".pb-start").wait_for()
    assert text(page.locator(".pb-start__title")) == "Start here: pick your role"
    assert page.locator(".pb-header-path").count() == 0
    page.goto(f"{b}ur/roles/{AE}/")
    assert page.locator("[data-pb-pick]").is_visible()
    page.goto(f"{b}onboarding/{AE}/")
    assert page.locator("input[data-pb-task]:checked").count() == 0
    # and the first hub still has both
    page.goto(f"{a}ur/onboarding/{AE}/")
    assert page.locator("input[data-pb-task]:checked").count() == 1
    page.locator(".pb-header-path").wait_for()
    check_clean(page)


def test_ticks_kept_under_the_old_keys_are_taken_over(page, two_hubs):
    """Before, each language's site kept its own ticks, under the path's id and the site's
    base path: the English site's (and this site's) are taken over, nobody loses progress."""
    site = two_hubs + "a/"
    page.goto(f"{site}onboarding/{AE}/")
    keys = page.locator("input[data-pb-task]").evaluate_all(
        "els => els.map(e => e.dataset.pbTask)")
    old = f"{HUB}:{AE}@"
    page.evaluate("""([old, keys]) => {
        localStorage.clear();
        localStorage.setItem(old + '/a/', JSON.stringify({[keys[0]]: 1, [keys[1]]: 2}));
        localStorage.setItem(old + '/a/ur/', JSON.stringify({[keys[2]]: 3}));
        localStorage.setItem(old + '/b/', JSON.stringify({[keys[4]]: 4}));  // another hub's
    }""", [old, keys])
    page.goto(f"{site}ur/onboarding/{AE}/")
    checked = page.locator("input[data-pb-task]:checked").evaluate_all(
        "els => els.map(e => e.dataset.pbTask)")
    assert sorted(checked) == sorted(keys[:3])
    page.goto(f"{site}onboarding/{AE}/")
    assert page.locator("[data-pb-progress-text]").inner_text().startswith("3 of ")
    # taken over once: a reset stays a reset
    page.once("dialog", lambda d: d.accept())
    page.click("[data-pb-reset]")
    page.reload()
    assert page.locator("input[data-pb-task]:checked").count() == 0
    page.goto(f"{two_hubs}b/onboarding/{AE}/")
    assert page.locator("input[data-pb-task]:checked").count() == 1
    check_clean(page)


@pytest.mark.parametrize("prefix", ["", "ur/"])
def test_on_a_phone_nothing_scrolls_sideways_and_the_header_link_shows(new_page, two_hubs,
                                                                        prefix):
    page = new_page(PHONE)
    site = two_hubs + "a/"
    page.goto(f"{site}{prefix}")
    page.locator(".pb-start").wait_for()
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    # every role of the picker in sight: none hidden in a row scrolled sideways (issue 34)
    boxes = page.locator("button.pb-start__role").evaluate_all(
        "bs => bs.map(b => { const r = b.getBoundingClientRect(); "
        "return [b.textContent, r.left, r.right, b.parentElement.scrollWidth "
        "- b.parentElement.clientWidth]; })")
    assert len(boxes) >= 2
    assert all(0 <= left and right <= PHONE["width"] and hidden <= 1
               for _, left, right, hidden in boxes), boxes
    page.locator("button.pb-start__role").first.click()
    for url in ("", f"roles/{AE}/", f"onboarding/{AE}/", "collateral/"):
        page.goto(f"{site}{prefix}{url}")
        link = page.locator(".md-header .pb-header-path")
        link.wait_for()
        assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"], url
        box = link.bounding_box()
        assert box and box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"], box
        assert box["width"] > 30 and box["y"] >= 0
        # the header's own buttons stay in view beside it
        for button in page.locator(".md-header__inner > label.md-header__button:visible").all():
            b = button.bounding_box()
            assert b["x"] >= 0 and b["x"] + b["width"] <= PHONE["width"], (url, b)
    check_clean(page)
