"""The objection library (format v1.2): its files checked rule by rule, its pages, and the
places it is listed back (a role, a lead type, a play, a battlecard, an onboarding path),
followed as a reader follows them; the library's filters in chromium."""

from __future__ import annotations

import re
from urllib.parse import parse_qs, urlsplit

import pytest

from conftest import Site, check, only_error, problems, run_mkdocs
from test_plays import COMPETITOR, PLAY, with_plays
from test_search import sample_box  # noqa: F401 (a fixture: the sample site's search box)

PRICE = """
    title: Too expensive
    objection: There is no budget for this until next year.
    category: price
    response: |
      Ask what the **late reports** cost them today.
    questions: [Who decides on spending between budget cycles?]
    stages: [hot]
    roles: [rep]
    competitors: [rival]
    proof: [guide]
    owner: Ana
    updated: 2026-10-01
"""

OLD = """
    title: Spreadsheets are enough
    objection: We do all this in spreadsheets.
    category: need
    response: Ask how long the month-end report takes.
    roles: [rep, manager]
    owner: Ben
    updated: 2024-01-10
"""


def with_objections(**files: str | None) -> dict[str, str | None]:
    play = PLAY.replace("    objections:\n", "    objections:\n      - too-expensive\n")
    return with_plays(**{"playbook/plays/first-call.yml": play,
                         "playbook/objections/too-expensive.yml": PRICE,
                         "playbook/objections/spreadsheets.yml": OLD, **files})


# -- the files -----------------------------------------------------------------------------

def test_a_hub_with_objections_is_valid_and_an_old_one_is_stale(hub):
    root = hub(with_objections())
    assert problems(root) == []
    [stale] = problems(root, "warning")
    assert stale.startswith("playbook/objections/spreadsheets.yml:")
    assert "the objection is stale" in stale and "(more than 365)" in stale


def test_objections_age_by_their_own_setting_else_like_collateral(hub):
    hub_yml = "name: Mini hub\nstale_after_days: 2000\n"
    root = hub(with_objections(**{"playbook/hub.yml": hub_yml}))
    assert problems(root, "warning") == []  # 2024-01-10 is within 2,000 days
    root = hub(with_objections(**{"playbook/hub.yml": hub_yml
                                  + "stale_after_days_objections: 30\n"}))
    assert sorted(m.split(":")[0] for m in problems(root, "warning")) == [
        "playbook/objections/spreadsheets.yml", "playbook/objections/too-expensive.yml"]


def test_a_category_the_hub_does_not_list_names_the_hubs_categories(hub):
    msg = only_error(hub(with_objections(**{
        "playbook/objections/too-expensive.yml": PRICE.replace("category: price",
                                                               "category: prise")})))
    assert msg == (
        "playbook/objections/too-expensive.yml:3:11: error: category: unknown objection "
        "category 'prise': expected one of the hub's objection categories (authority, "
        "competitor, need, other, price, timing, trust), set in hub.yml (did you mean "
        "'price'?)")


def test_a_hub_sets_its_own_categories(hub):
    root = hub(with_objections(**{
        "playbook/hub.yml": "name: Mini hub\nobjection_categories: [money, need]\n",
        "playbook/objections/too-expensive.yml": PRICE.replace("category: price",
                                                               "category: money")}))
    assert problems(root) == []


def test_every_reference_of_an_objection_is_checked(hub):
    broken = (PRICE.replace("stages: [hot]", "stages: [hott]")
              .replace("roles: [rep]", "roles: [reps]")
              .replace("competitors: [rival]", "competitors: [rivals]")
              .replace("proof: [guide]", "proof: [guid]"))
    found = problems(hub(with_objections(**{"playbook/objections/too-expensive.yml": broken})))
    assert sorted(m.split(": ")[2] for m in found) == [
        "competitors[0]", "proof[0]", "roles[0]", "stages[0]"]


def test_an_objection_id_in_a_play_or_a_battlecard_must_exist(hub):
    card = COMPETITOR.replace("    objections:\n", "    objections:\n      - too-expensiv\n")
    found = problems(hub(with_objections(**{"playbook/competitors/rival.yml": card})))
    assert found == [
        "playbook/competitors/rival.yml:9:5: error: objections[0]: unknown objection "
        "'too-expensiv': expected the id of a file in objections/ (did you mean "
        "'too-expensive'?)"]


def test_a_mistake_in_an_item_of_either_form_is_one_error(hub):
    """An item is told apart by its shape: a list where an id or a mapping goes, or a
    mapping without its response, is one error at the item, not one per form it is not."""
    play = PLAY.replace("    objections:\n", "    objections:\n      - [a, b]\n"
                        "      - objection: No budget.\n")
    found = problems(hub(with_objections(**{"playbook/plays/first-call.yml": play})))
    assert [m.split(": ", 1)[1] for m in found] == [
        "error: objections[0]: expected text, found a list of 2 items",
        "error: objections[1].response: is required but missing (required here: "
        "'objection', 'response')"]


def test_an_objection_needs_the_buyers_words_a_category_a_response_and_an_owner(hub):
    found = problems(hub(with_objections(**{
        "playbook/objections/too-expensive.yml": "title: Too expensive\n"})))
    required = "(required here: 'title', 'objection', 'category', 'response', 'owner')"
    assert found == [f"playbook/objections/too-expensive.yml:1:1: error: {field}: is "
                     f"required but missing {required}"
                     for field in ("category", "objection", "owner", "response")]


# -- the pages -----------------------------------------------------------------------------

@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Site:
    from conftest import write_hub

    root = tmp_path_factory.mktemp("objections")
    write_hub(root / "hub", with_objections())
    result = run_mkdocs(root / "hub", root / "site", "--strict")
    assert result.returncode == 0, result.stderr
    return Site(root / "site")


def links(article, url: str) -> list[str]:
    """The generated pages an article links to, as site paths."""
    from urllib.parse import urljoin

    base = "http://site/" + url
    return [urljoin(base, a["href"])[len("http://site/"):] for a in article.select("a[href]")
            if not a["href"].startswith(("http", "#", "mailto:"))]


def test_the_library_groups_by_category_and_filters_by_stage_role_and_competitor(site):
    page = site.article("objections/")
    rows = page.select("tbody tr")
    assert [r.select("td")[0].get_text(strip=True) for r in rows] == ["Price", "Need"]
    marker = rows[0].select_one(".pb-row")
    assert (marker["data-category"], marker["data-stage"], marker["data-role"],
            marker["data-competitor"]) == ("price", "hot", "rep", "rival")
    assert "no budget for this" in rows[0].get_text()
    assert {s["data-filter"] for s in page.select("[data-filter]")} == {
        "text", "category", "stage", "role", "competitor", "stale"}
    assert [o["value"] for o in page.select("select[data-filter=role] option")] == [
        "", "manager", "rep"]
    assert rows[1].select_one(".pb-badge--stale")
    for url in links(page, "objections/"):
        assert site.path(url).exists(), url


def test_an_objection_page_says_the_words_the_answer_and_where_it_comes_up(site):
    page = site.article("objections/too-expensive/")
    assert page.select_one(".pb-objection__words").get_text(strip=True) == (
        "There is no budget for this until next year.")
    assert page.select_one(".pb-objection__response strong").get_text() == "late reports"
    assert "Who decides on spending" in page.get_text()
    where = links(page, "objections/too-expensive/")
    for target in ("roles/rep/", "lead-types/hot/", "competitors/rival/",
                   "collateral/guide/", "plays/first-call/"):
        assert target in where, target
        assert site.path(target).exists()
    meta = site.html("objections/too-expensive/")
    assert meta.select_one('[data-pagefind-filter="kind:objection"]')
    assert {f["data-pagefind-filter"] for f in meta.select("[data-pagefind-filter]")} >= {
        "stage:hot", "role:rep", "language:en"}


def test_roles_lead_types_plays_and_battlecards_list_the_objections_back(site):
    role = site.article("roles/rep/")
    assert [a.get_text() for a in role.select(".pb-role-objections a")] == [
        "Spreadsheets are enough", "Too expensive"]
    manager = site.article("roles/manager/")
    assert [a.get_text() for a in manager.select(".pb-role-objections a")] == [
        "Spreadsheets are enough"]
    stage = site.article("lead-types/hot/")
    assert [a.get_text() for a in stage.select(".pb-stage-objections a")] == ["Too expensive"]
    play = site.article("plays/first-call/")
    words = [dt.get_text(strip=True) for dt in play.select(".pb-objections dt")]
    assert words == ["There is no budget for this until next year.",
                     "We already have a tool."]  # by id, then written in place
    assert "objections/too-expensive/" in links(play, "plays/first-call/")
    card = site.article("competitors/rival/")
    words = [dt.get_text(strip=True) for dt in card.select(".pb-objections dt")]
    assert words == ["Rival is cheaper.", "There is no budget for this until next year."]


def test_a_reps_path_has_the_objections_it_hears_at_a_quarter_hour_each(site):
    path = site.article("onboarding/rep/")
    module = next(m for m in path.select(".pb-module")
                  if "The objections you will hear" in m.get_text())
    tasks = [t.get_text(" ", strip=True) for t in module.select(".pb-tasks li label")]
    assert tasks == ["Rehearse the answer to Spreadsheets are enough",
                     "Rehearse the answer to Too expensive"]
    assert re.search(r"\b0\.5 h\b", module.select_one(".pb-module-meta").get_text())


def test_a_hub_without_objections_gets_an_empty_library_and_no_lists(hub, tmp_path):
    root = hub()
    result = run_mkdocs(root, tmp_path / "site", "--strict")
    assert result.returncode == 0, result.stderr
    site = Site(tmp_path / "site")
    assert "No objections yet: add files to" in site.article("objections/").get_text()
    assert not site.article("roles/rep/").select(".pb-role-objections")
    assert "objections you will hear" not in site.article("onboarding/rep/").get_text()


# -- the library in chromium ---------------------------------------------------------------

@pytest.mark.browser
def test_the_library_opens_filtered_as_its_address_says_and_writes_what_is_chosen(
        page, site_url, sample_site):
    rows = "article tbody tr:has(.pb-row):visible"
    page.goto(site_url + "objections/?competitor=brightdash")
    shown = page.locator(rows + " td:nth-child(2) a").all_inner_texts()
    built = [tr.select_one(".pb-row") for tr in sample_site.article("objections/")
             .select("tbody tr")]
    assert len(shown) == sum("brightdash" in m["data-competitor"].split() for m in built) >= 1
    page.select_option("select[data-filter=competitor]", "")
    page.select_option("select[data-filter=category]", "need")
    query = parse_qs(urlsplit(page.evaluate("location.href")).query)
    assert query == {"category": ["need"]}
    assert page.locator(rows).count() == sum(m["data-category"] == "need" for m in built)
    page.locator("input[data-filter=text]").fill("spreadsheets")
    assert page.locator(rows).count() == 1
    # the page's foot: where it is defined and when its file last changed, in one run of
    # text, not the tinted box of a changed task (issue 34)
    page.goto(site_url + "objections/too-expensive/")
    foot = page.locator(".pb-source__changed").evaluate(
        "c => { const s = getComputedStyle(c); "
        "return [s.display, s.backgroundColor, s.borderInlineStartWidth]; }")
    assert foot == ["inline", "rgba(0, 0, 0, 0)", "0px"], foot


def test_the_library_brings_its_settings_and_styles_and_is_named_by_plays_and_battlecards():
    """What the kind's module declares reaches the rest: hub.yml's model has its settings,
    its styles end the sites' stylesheet, and a play's and a battlecard's objections[] are
    references to it."""
    from playbook.hub_model import Hub, OnboardingEffort
    from playbook.kinds import KINDS, STYLES
    from playbook.site_plan import stylesheet

    assert {"objection_categories", "stale_after_days_objections"} <= set(Hub.model_fields)
    assert "objection" in OnboardingEffort.model_fields
    assert Hub(name="A hub", stale_after_days=30, stale_after_days_objections=7
               ).stale_after_days_objections == 7
    css = STYLES["objections"].read_text(encoding="utf-8")
    assert ".pb-objection__words" in css and stylesheet().endswith(css)
    for folder in ("plays", "competitors"):
        assert any(r.field == "objections[]" and r.target == "objections"
                   for r in KINDS[folder].references), folder


def test_an_objection_is_found_by_its_words_with_the_play_that_answers_it(sample_box):  # noqa: F811
    """An objection of the library is found by its own words, with the play that answers
    it (naming it by its id); its result says its kind and its category."""
    found = sample_box.search("\"just researching\"")
    assert "objections/just-researching/" in found[:3], found
    assert "plays/mql-discovery-call/" in found, found
    result = sample_box.page.locator(
        ".md-search-result__item:has(a[href*='objections/just-researching/'])").first
    assert result.locator(".md-tag").all_inner_texts() == ["Objection", "Timing"]
    assert sample_box.outside == []


def test_the_editor_picks_objections_of_the_library_and_keeps_those_written_in_place(
        tmp_path):
    """A play's objections in the browser editor: ids of the library, with mappings kept as
    written; the same field in a kind the library does not name (as in a hub without the
    library) is a list of the mappings' fields, not of words."""
    from playbook import editor
    from playbook.model import ObjectionItem
    from test_editor import _editor_hub

    pb = check(_editor_hub(tmp_path / "hub")).playbook
    mixed = editor._field(pb, list[ObjectionItem], "plays", "objections", "objections")
    assert mixed["playbook"] == "mixed" and mixed["collection"] == "objections"
    alone = editor._field(pb, list[ObjectionItem], "roles", "objections", "objections")
    assert alone["widget"] == "list" and "playbook" not in alone
    assert [f["name"] for f in alone["fields"]] == ["objection", "response", "collateral"]


def test_the_buyers_words_are_set_off_by_a_line_in_the_accent_colour(page, site_url):
    """The quote of what the buyer says has its line at the start of the text, left in
    English and right in Urdu, in the accent colour (the theme's quotes have a faint one)."""
    accent = """() => { const probe = document.createElement('span');
        probe.style.color = 'var(--md-accent-fg-color)'; document.body.append(probe);
        const colour = getComputedStyle(probe).color; probe.remove(); return colour; }"""
    for lang, start, end in (("", "Left", "Right"), ("ur/", "Right", "Left")):
        page.goto(site_url + lang + "objections/too-expensive/")
        words = page.locator(".pb-objection__words")
        line = words.evaluate(f"e => [getComputedStyle(e).border{start}Color, "
                              f"getComputedStyle(e).border{start}Width, "
                              f"getComputedStyle(e).border{end}Width]")
        assert line[0] == page.evaluate(accent) and line[1] != "0px" and line[2] == "0px", (
            lang, line)
