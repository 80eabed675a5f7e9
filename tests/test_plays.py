"""Plays and battlecards (format v1.1): their files checked rule by rule, their pages, and
the links between them and the rest of the hub, followed both ways."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import Site, only_error, problems, run_mkdocs, write_hub


PLAY = """
    title: First call
    summary: How to run the first call with a hot lead.
    stages: [hot]
    roles: [rep]
    trigger: A hot lead books a call.
    steps:
      - title: Open the call
        detail: Confirm the *agenda*.
        owner: rep
        collateral: [guide]
      - title: Agree the next step
    talk_track: |
      Ask what made them reach out **this week**.
    questions: [What happens if nothing changes?]
    objections:
      - objection: We already have a tool.
        response: Most of our customers did too.
        collateral: [guide]
    exit_criteria: [A demo is booked.]
    metrics: [close-rate]
    competitors: [rival]
    owner: Ana
    updated: 2026-10-01
"""

COMPETITOR = """
    title: Rival Corp
    summary: Sells dashboards to **finance teams**.
    website: https://rival.example.com
    strengths: [A big partner network]
    weaknesses: [Slow to deploy]
    why_we_win: [We go live in weeks]
    landmines: [How long did your last rollout take?]
    objections:
      - objection: Rival is cheaper.
        response: Not once you count the consultants.
        collateral: [guide]
    proof: [guide]
    owner: Ben
    updated: 2026-11-01
"""


def with_plays(**files: str | None) -> dict[str, str | None]:
    return {"playbook/plays/first-call.yml": PLAY, "playbook/competitors/rival.yml": COMPETITOR,
            **files}


# -- the files -----------------------------------------------------------------------------

def test_a_hub_with_a_play_and_a_battlecard_is_valid(hub):
    root = hub(with_plays())
    assert problems(root) == [] and problems(root, "warning") == []


def test_a_step_owner_that_is_no_role_names_file_line_and_field(hub):
    root = hub(with_plays(**{"playbook/plays/first-call.yml": PLAY.replace(
        "owner: rep", "owner: reps")}))
    assert only_error(root) == (
        "playbook/plays/first-call.yml:9:12: error: steps[0].owner: unknown role 'reps': "
        "expected the id of a file in roles/ (did you mean 'rep'?)")


def test_every_reference_of_a_play_is_checked(hub):
    play = (PLAY.replace("stages: [hot]", "stages: [hott]")
            .replace("collateral: [guide]\n      - title", "collateral: [guid]\n      - title")
            .replace("metrics: [close-rate]", "metrics: [win-rate]")
            .replace("competitors: [rival]", "competitors: [rivals]"))
    found = problems(hub(with_plays(**{"playbook/plays/first-call.yml": play})))
    fields = sorted(message.split(": ")[2] for message in found)
    assert fields == ["competitors[0]", "metrics[0]", "stages[0]", "steps[0].collateral[0]"]
    assert any("unknown competitor 'rivals': expected the id of a file in competitors/" in m
               for m in found)


def test_the_collateral_of_an_objection_is_checked_in_plays_and_battlecards(hub):
    root = hub(with_plays(**{
        "playbook/plays/first-call.yml": PLAY.replace(
            "        collateral: [guide]\n    exit", "        collateral: [nope]\n    exit"),
        "playbook/competitors/rival.yml": COMPETITOR.replace("proof: [guide]",
                                                             "proof: [gide]")}))
    found = problems(root)
    assert sorted(m.split(": ")[0].split(":")[0] + " " + m.split(": ")[2] for m in found) == [
        "playbook/competitors/rival.yml proof[0]",
        "playbook/plays/first-call.yml objections[0].collateral[0]",
    ]


def test_a_play_without_an_owner_is_refused(hub):
    msg = only_error(hub(with_plays(**{"playbook/plays/first-call.yml": PLAY.replace(
        "    owner: Ana\n", "")})))
    assert msg.startswith("playbook/plays/first-call.yml:1:1: error: owner: is required but "
                          "missing (required here: 'title', 'summary', 'stages', 'roles', "
                          "'steps', 'owner')")


def test_a_play_needs_at_least_one_step(hub):
    start, end = PLAY.index("    steps:"), PLAY.index("    talk_track")
    msg = only_error(hub(with_plays(**{
        "playbook/plays/first-call.yml": PLAY[:start] + "    steps: []\n" + PLAY[end:]})))
    assert msg == ("playbook/plays/first-call.yml:6:8: error: steps: expected at least one "
                   "item, found none")


def test_a_step_needs_a_title(hub):
    msg = only_error(hub(with_plays(**{"playbook/plays/first-call.yml": PLAY.replace(
        "      - title: Agree the next step", "      - detail: Agree the next step")})))
    assert msg.startswith("playbook/plays/first-call.yml:11:5: error: steps[1].title: is "
                          "required but missing")


def test_an_objection_needs_a_response(hub):
    msg = only_error(hub(with_plays(**{"playbook/competitors/rival.yml": COMPETITOR.replace(
        "        response: Not once you count the consultants.\n", "")})))
    assert msg.startswith("playbook/competitors/rival.yml:9:5: error: objections[0].response:"
                          " is required but missing")


def test_a_website_that_is_not_http_is_refused(hub):
    msg = only_error(hub(with_plays(**{"playbook/competitors/rival.yml": COMPETITOR.replace(
        "https://rival.example.com", "javascript:alert(1)")})))
    assert msg == ("playbook/competitors/rival.yml:3:10: error: website: expected an http or "
                   "https URL, found the scheme 'javascript:'")


def test_a_stale_play_is_a_warning_naming_its_owner(hub):
    root = hub(with_plays(**{"playbook/plays/first-call.yml": PLAY.replace(
        "updated: 2026-10-01", "updated: 2024-10-01")}))
    assert problems(root) == []
    assert problems(root, "warning") == [
        "playbook/plays/first-call.yml:23:10: warning: updated: the play is stale: last "
        "updated 2024-10-01, 785 days ago (more than 365); ask Ana to review it and update "
        "'updated' or 'review_by'"]


def test_battlecards_go_stale_after_90_days_or_the_hubs_own_limit(hub):
    card = COMPETITOR.replace("updated: 2026-11-01", "updated: 2026-08-01")
    root = hub(with_plays(**{"playbook/competitors/rival.yml": card}))
    assert problems(root, "warning") == [
        "playbook/competitors/rival.yml:14:10: warning: updated: the battlecard is stale: "
        "last updated 2026-08-01, 116 days ago (more than 90); ask Ben to review it and "
        "update 'updated' or 'review_by'"]
    root = hub(with_plays(**{"playbook/competitors/rival.yml": card,
                             "playbook/hub.yml": "name: Mini\nstale_after_days_competitors: 180\n"}))
    assert problems(root, "warning") == []


def test_a_battlecard_past_its_review_date_is_stale(hub):
    root = hub(with_plays(**{"playbook/competitors/rival.yml": COMPETITOR + "    review_by: 2026-11-20\n"}))
    [warning] = problems(root, "warning")
    assert warning.startswith("playbook/competitors/rival.yml:15:12: warning: review_by: the "
                              "battlecard is stale: its review date 2026-11-20 has passed; ask Ben")


# -- the pages -----------------------------------------------------------------------------

def build(root: Path, tmp_path: Path) -> Site:
    site = tmp_path / "site"
    result = run_mkdocs(root, site, "--strict")
    assert result.returncode == 0, result.stderr
    return Site(site)


@pytest.fixture(scope="module")
def plays_site(tmp_path_factory) -> Site:
    """The mini hub with a play and a battlecard, built once for the tests that only read
    its pages."""
    folder = tmp_path_factory.mktemp("plays")
    return build(write_hub(folder / "hub", with_plays()), folder)


def hrefs(site: Site, url: str, selector: str = "a[href]") -> set[str]:
    from urllib.parse import urljoin

    base = "http://site/" + url
    return {urljoin(base, a["href"])[len("http://site/"):]
            for a in site.article(url).select(selector)}


def test_a_play_page_shows_every_part_of_the_play(plays_site):
    site = plays_site
    page = site.article("plays/first-call/")
    text = page.get_text(" ", strip=True)
    assert page.h1.get_text(strip=True) == "First call"
    # (the kicker names the kind alone: stages and roles in it wrapped over three lines of
    # capitals on a phone, issue 34)
    assert page.select_one(".pb-kicker").get_text(strip=True) == "Play"
    facts = page.select_one(".pb-play-facts").get_text(" ", strip=True)
    assert "Stages: Hot lead" in facts and "Run by: Sales rep" in facts
    assert "A hot lead books a call." in text
    steps = page.select("ol.pb-steps > li")
    assert [li.strong.get_text() for li in steps] == ["Open the call", "Agree the next step"]
    assert "owner: Sales rep" in steps[0].get_text(" ", strip=True)
    assert page.select_one(".pb-talk-track strong").get_text() == "this week"
    assert "What happens if nothing changes?" in text
    assert page.select_one(".pb-objections dt").get_text() == "We already have a tool."
    assert "Most of our customers did too." in page.select_one(".pb-objections dd").get_text()
    assert "A demo is booked." in text
    assert "Ana" in text and "2026-10-01" in text
    links = hrefs(site, "plays/first-call/")
    assert {"roles/rep/", "lead-types/hot/", "collateral/guide/", "metrics/close-rate/",
            "competitors/rival/"} <= links


def test_a_stale_play_says_so_and_why(hub, tmp_path):
    site = build(hub(with_plays(**{"playbook/plays/first-call.yml": PLAY.replace(
        "updated: 2026-10-01", "updated: 2024-10-01")})), tmp_path)
    page = site.article("plays/first-call/")
    warning = page.select_one(".pb-stale").get_text(" ", strip=True)
    assert "Stale: check with Ana before you use it" in warning
    assert "last updated 2024-10-01, 785 days ago (more than 365)" in warning
    assert page.select_one(".pb-badge--stale") is not None


def test_a_battlecard_shows_how_to_win_and_links_its_plays_and_proof(plays_site):
    site = plays_site
    page = site.article("competitors/rival/")
    text = page.get_text(" ", strip=True)
    assert page.h1.get_text(strip=True) == "Rival Corp"
    for words in ("finance teams", "A big partner network", "Slow to deploy",
                  "We go live in weeks", "How long did your last rollout take?",
                  "Rival is cheaper.", "Not once you count the consultants."):
        assert words in text
    assert page.select_one('a[href="https://rival.example.com"]') is not None
    links = hrefs(site, "competitors/rival/")
    assert {"plays/first-call/", "collateral/guide/"} <= links


def test_plays_and_battlecards_are_linked_from_the_pages_they_name(plays_site):
    site = plays_site
    role = site.article("roles/rep/")
    assert role.select_one("#plays") is not None
    assert role.select_one("#plays + h3").get_text() == "Hot lead"
    assert "plays/first-call/" in hrefs(site, "roles/rep/", ".pb-role-plays a")
    assert "plays/first-call/" in hrefs(site, "lead-types/hot/", ".pb-stage-plays a")
    used = hrefs(site, "collateral/guide/")
    assert {"plays/first-call/", "competitors/rival/"} <= used
    # a role that runs no play has no such section
    assert site.article("roles/manager/").select_one("#plays") is None


def test_the_indexes_list_plays_by_stage_and_battlecards_and_are_in_the_nav(plays_site):
    site = plays_site
    rows = site.article("plays/").select("table:has(.pb-row) tbody tr")
    assert len(rows) == 1
    row = rows[0].select_one(".pb-row")
    assert row["data-stage"] == "hot" and row["data-audience"] == "rep"
    options = [o["value"] for o in site.article("plays/").select('select[data-filter="stage"] option')]
    assert options == ["", "hot"]
    assert "competitors/rival/" in hrefs(site, "competitors/")
    nav = {a.get_text(strip=True) for a in site.html("").select("nav.md-nav a")}
    assert {"Plays", "Battlecards"} <= nav


def test_a_v1_hub_without_plays_has_empty_indexes(hub, tmp_path):
    site = build(hub(), tmp_path)
    assert "No plays yet" in site.article("plays/").get_text()
    assert "No battlecards yet" in site.article("competitors/").get_text()
    assert site.article("roles/rep/").select_one("#plays") is None


# -- the sample hub: search and print ---------------------------------------------------------

def test_search_finds_a_play_by_its_talk_track_and_objections(sample_site):
    article = sample_site.article("plays/displace-a-legacy-bi-suite/")
    marks = {s["data-pagefind-filter"] for s in article.select("[data-pagefind-filter]")}
    assert "kind:play" in marks and "stage:hot" in marks
    text = " ".join(article.get_text(" ").split())
    assert "weekly reporting their teams were waiting for" in text  # the talk track
    assert "We can't run two BI tools." in text  # an objection
    # and the text is not kept out of the index
    for ignored in article.select("[data-pagefind-ignore]"):
        assert "We can't run two BI tools." not in ignored.get_text()
    card = sample_site.article("competitors/brightdash/")
    assert card.select_one('[data-pagefind-filter="kind:competitor"]') is not None


def test_the_search_box_offers_plays_and_battlecards(sample_site):
    import json

    found = json.loads((sample_site.root / "assets/playbook/search-facets.json").read_text())
    kinds = dict(map(tuple, found["kinds"]))
    assert kinds.get("play") == "Plays" and kinds.get("competitor") == "Battlecards"


def test_the_sample_links_plays_roles_stages_and_battlecards_both_ways(sample_site):
    play = "plays/displace-a-legacy-bi-suite/"
    links = hrefs(sample_site, play)
    assert "competitors/atlas-insight-suite/" in links
    assert play in hrefs(sample_site, "competitors/atlas-insight-suite/")
    assert play in hrefs(sample_site, "roles/account-executive/", ".pb-role-plays a")
    assert play in hrefs(sample_site, "lead-types/sql/", ".pb-stage-plays a")
    assert play in hrefs(sample_site, "collateral/meridian-freight-case-study/")
    assert "competitors/atlas-insight-suite/" in hrefs(
        sample_site, "collateral/meridian-freight-case-study/")


def test_every_language_site_has_the_plays_and_battlecards(sample_site):
    for lang in ("kn", "ur", "sr", "hu", "bn"):
        assert sample_site.path(f"{lang}/plays/mql-discovery-call/").is_file(), lang
        assert sample_site.path(f"{lang}/competitors/spreadsheets/").is_file(), lang
    ur = sample_site.article("ur/plays/mql-discovery-call/")
    assert ur.h1.get_text(strip=True).rstrip("¶") == "ڈسکوری کال پر MQL کی جانچ"


# -- the audit -------------------------------------------------------------------------------

def test_the_audit_queues_stale_plays_and_battlecards_and_lists_stages_without_plays(hub, tmp_path):
    from click.testing import CliRunner

    from playbook.cli import main

    root = hub(with_plays(**{
        "playbook/plays/first-call.yml": PLAY.replace("updated: 2026-10-01",
                                                      "updated: 2024-10-01"),
        "playbook/competitors/rival.yml": COMPETITOR.replace("updated: 2026-11-01",
                                                             "updated: 2026-08-01"),
        "playbook/lead-types/cold.yml": "title: Cold lead\ndefinition: D\norder: 1\n",
        "playbook/roles/closer.yml": "title: Closer\nsummary: S.\nteam: sales\nworks: [cold]\n",
    }))
    site = build(root, tmp_path)
    page = site.article("audit/")
    queues = {h.contents[0].get_text(strip=True): h.find_next("table").get_text(" ", strip=True)
              for h in page.select("#review ~ h3.pb-review-owner")}
    assert set(queues) == {"Ana", "Ben"}
    assert "Play: First call" in queues["Ana"] and "785 days ago" in queues["Ana"]
    assert "Battlecard: Rival Corp" in queues["Ben"] and "(more than 90)" in queues["Ben"]
    gaps = hrefs(site, "audit/", "#play-coverage + ul a")
    assert gaps == {"lead-types/cold/", "roles/closer/"}  # not the manager: it works no leads

    result = CliRunner().invoke(main, ["audit", str(root), "--today", "2026-11-25"])
    assert result.exit_code == 0, result.output
    out = result.output
    assert "Review queue: overdue, or due within 30 days, by owner (2)" in out
    assert "plays/first-call" in out and "competitors/rival" in out
    assert "Stages and roles with no play (2)" in out and "lead-types/cold" in out


# -- print -------------------------------------------------------------------------------------

def test_a_battlecard_prints_on_one_a4_page(sample_site, chromium):
    import re

    from browser import serve

    with serve(sample_site.root) as base:
        page = chromium.new_page()
        page.goto(base + "competitors/atlas-insight-suite/")
        pdf = page.pdf(format="A4")
        screen = chromium.new_page()
        screen.goto(base + "competitors/atlas-insight-suite/")
        screen.emulate_media(media="print")
        header = screen.locator(".md-header").evaluate("e => getComputedStyle(e).display")
    pages = len(re.findall(rb"/Type\s*/Page(?!s)", pdf))
    assert pages == 1
    assert header == "none"


def test_the_plays_index_filters_by_stage_and_role_in_a_browser(sample_site, chromium):
    from browser import serve

    with serve(sample_site.root) as base:
        page = chromium.new_page()
        page.goto(base + "plays/")
        page.locator("[data-pb-library]").wait_for()

        def shown() -> list[str]:
            return page.locator("tbody tr:not([hidden]) td:first-child a").all_inner_texts()

        assert len(shown()) == 6
        page.select_option('select[data-filter="stage"]', "customer")
        assert shown() == ["Renew and expand a customer account"]
        page.select_option('select[data-filter="stage"]', "")
        page.select_option('select[data-filter="audience"]', "sales-development-rep")
        assert sorted(shown()) == ["Prospect into a target account",
                                   "Qualify an MQL on a discovery call",
                                   "Rescue a missed meeting"]
        assert "3 of 6 plays" in page.locator("[data-count]").inner_text()


def test_a_step_offers_only_the_items_its_reader_is_given(hub, tmp_path):
    """Issue 34: plays on the English site sent reps to Japanese and Hungarian tools. A
    step's items are, as on an onboarding path, those in the reader's language or the
    hub's: the Urdu site's step offers its Urdu sheet as well, the English one does not."""
    files = with_plays()
    files["playbook/hub.yml"] = "name: Mini hub\nlanguages: [en, ur]\n"
    files["playbook/collateral/urdu-sheet.yml"] = (
        "title: Urdu sheet\nsummary: S\ntype: deck\nurl: https://example.com/u\n"
        "audience: [rep]\nowner: Ana\nlanguage: ur\n")
    play = files["playbook/plays/first-call.yml"]
    files["playbook/plays/first-call.yml"] = play.replace(
        "collateral: [guide]", "collateral: [guide, urdu-sheet]", 1)
    assert files["playbook/plays/first-call.yml"] != play
    site = build(hub(files), tmp_path)
    english = hrefs(site, "plays/first-call/", "ol.pb-steps a")
    urdu = hrefs(site, "ur/plays/first-call/", "ol.pb-steps a")
    assert "collateral/guide/" in english and "collateral/urdu-sheet/" not in english
    assert "ur/collateral/urdu-sheet/" in urdu and "ur/collateral/guide/" in urdu
