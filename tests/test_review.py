"""`playbook review`: per owner, what is overdue for review and what falls due soon, in each
format, with its exit codes; and owners written two ways."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from playbook.cli import main

from conftest import MINI_HUB, REPO, TODAY, check, problems, run_mkdocs, sample_stale

# Judged on TODAY (2026-11-25). Collateral is stale 365 days after `updated`, battlecards
# 90 days after; `review_by` counts when it is earlier.
ITEM = """
    title: {title}
    summary: S.
    type: deck
    url: https://example.com/{id}
    audience: [rep]
    stages: [hot]
    owner: {owner}
    {dates}
"""

QUEUES = {
    # 2025-10-01 + 365 = 2026-10-01: 55 days overdue
    "playbook/collateral/old-deck.yml": ITEM.format(
        title="Old deck", id="old-deck", owner="Product Marketing Manager",
        dates="updated: 2025-10-01"),
    # review_by 2026-12-05 is earlier than 2026-06-01 + 365: due in 10 days
    "playbook/collateral/price-sheet.yml": ITEM.format(
        title="Price sheet", id="price-sheet", owner=" product  MARKETING manager",
        dates="updated: 2026-06-01\n    review_by: 2026-12-05"),
    # 2026-09-10 + 90 = 2026-12-09: due in 14 days
    "playbook/competitors/rival.yml": """
        title: Rival Corp
        summary: S.
        owner: Ben
        updated: 2026-09-10
    """,
    # review_by passed 5 days ago, though updated recently
    "playbook/plays/first-call.yml": """
        title: First call
        summary: S.
        stages: [hot]
        roles: [rep]
        steps:
          - title: Call
        owner: Ben
        updated: 2026-11-01
        review_by: 2026-11-20
    """,
    # due in 200 days: not listed
    "playbook/collateral/guide.yml": MINI_HUB["playbook/collateral/guide.yml"].replace(
        "updated: 2026-10-01", "updated: 2026-06-13"),
}


def review(root: Path, *args: str):
    return CliRunner().invoke(main, ["review", str(root), "--today", TODAY, *args])


def line_of(root: Path, file: str, line: int) -> str:
    return (root / file).read_text().splitlines()[line - 1].strip()


def test_review_lists_each_owner_s_queue_the_most_overdue_first(hub):
    root = hub(QUEUES)
    result = review(root)
    assert result.exit_code == 0, result.output
    lines = [line.split() for line in result.output.splitlines()]
    text = result.output.splitlines()
    # the two spellings of one owner are one queue; Product Marketing Manager's item is
    # 55 days overdue, Ben's 5: theirs comes second
    assert text[0] == "Product Marketing Manager: 1 overdue, 1 due within 30 days"
    assert lines[1][:4] == ["55", "days", "overdue", "playbook/collateral/old-deck.yml:8:10"]
    assert "collateral/old-deck (Old deck): last updated 2025-10-01" in text[1]
    assert lines[2][:4] == ["due", "in", "10", "days"]
    assert "playbook/collateral/price-sheet.yml:9:12" in text[2]
    assert text[2].endswith("collateral/price-sheet (Price sheet): review date 2026-12-05")
    assert text[4] == "Ben: 1 overdue, 1 due within 30 days"
    assert "5 days overdue" in text[5] and "plays/first-call (First call)" in text[5]
    assert "its review date 2026-11-20 has passed" in text[5]
    assert "due in 14 days" in text[6] and "competitors/rival (Rival Corp)" in text[6]
    assert "guide" not in result.output  # due in 200 days
    assert text[-1] == "2 owners: 2 overdue, 2 due within 30 days, as of 2026-11-25"


def test_review_within_sets_how_far_ahead_it_looks(hub):
    root = hub(QUEUES)
    assert "Price sheet" not in review(root, "--within", "9").output
    assert "Price sheet" in review(root, "--within", "10").output
    result = review(root, "--within", "200")
    assert "collateral/guide (Guide)" in result.output and "due in 200 days" in result.output
    assert review(root, "--within", "-1").exit_code == 2


def test_review_exits_1_only_with_fail_on_overdue_and_something_overdue(hub):
    root = hub(QUEUES)
    assert review(root).exit_code == 0
    assert review(root, "--fail-on-overdue").exit_code == 1
    for fmt in ("text", "json", "github"):
        assert review(root, "--format", fmt, "--fail-on-overdue").exit_code == 1, fmt
        assert review(root, "--format", fmt).exit_code == 0, fmt
    # only due soon, nothing overdue: still 0
    soon = hub({k: v for k, v in QUEUES.items() if "old-deck" not in k and "first-call" not in k})
    result = review(soon, "--fail-on-overdue")
    assert result.exit_code == 0, result.output
    assert "0 overdue, 2 due within 30 days" in result.output
    result = review(soon, "--within", "5", "--fail-on-overdue")
    assert result.exit_code == 0, result.output
    assert result.output.splitlines() == [
        "Nothing is overdue for review or due within 5 days.",
        "0 owners: 0 overdue, 0 due within 5 days, as of 2026-11-25"]


def test_a_queue_is_named_by_its_owner_s_most_used_spelling(hub):
    # the only item due is spelt oddly; the owner's two other items are not due
    root = hub(QUEUES | {
        f"playbook/collateral/new-{n}.yml": ITEM.format(
            title="New", id=f"new-{n}", owner="Product Marketing Manager",
            dates="updated: 2026-11-01") for n in range(2)} | {
        "playbook/collateral/old-deck.yml": ITEM.format(
            title="Old deck", id="old-deck", owner="product  marketing MANAGER",
            dates="updated: 2026-11-01")})
    lines = review(root).output.splitlines()
    assert "Product Marketing Manager: 0 overdue, 1 due within 30 days" in lines
    assert "collateral/price-sheet (Price sheet)" in lines[lines.index(
        "Product Marketing Manager: 0 overdue, 1 due within 30 days") + 1]
    assert not [line for line in lines if line.casefold().startswith("product  marketing")]


def test_review_owner_picks_queues_case_and_space_insensitively(hub):
    root = hub(QUEUES)
    result = review(root, "--owner", "  product marketing   MANAGER")
    assert result.exit_code == 0, result.output
    assert "Old deck" in result.output and "Price sheet" in result.output
    assert "Ben" not in result.output
    # a word of the owner is enough, and short forms count
    assert "Old deck" in review(root, "--owner", "product mktg").output
    assert "Old deck" not in review(root, "--owner", "ben").output
    # Ben's overdue play is not Product Marketing Manager's
    assert review(root, "--owner", "marketing", "--fail-on-overdue").exit_code == 1
    soon_only = review(root, "--owner", "marketing", "--within", "0", "--fail-on-overdue")
    assert soon_only.exit_code == 1


def test_review_of_an_owner_nobody_is_is_a_usage_error(hub):
    root = hub(QUEUES)
    result = review(root, "--owner", "Bob")
    assert result.exit_code == 2
    assert "no owner of a collateral item, play or battlecard matches 'Bob'" in result.output
    assert "'Ben'" in result.output and "Traceback" not in result.output


def test_review_json_has_the_documented_shape(hub):
    root = hub(QUEUES)
    result = review(root, "--format", "json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert {k: data[k] for k in ("version", "today", "within_days", "overdue", "due_soon")} \
        == {"version": 1, "today": "2026-11-25", "within_days": 30, "overdue": 2, "due_soon": 2}
    assert [(o["owner"], o["overdue"], o["due_soon"]) for o in data["owners"]] == [
        ("Product Marketing Manager", 1, 1), ("Ben", 1, 1)]
    old, price = data["owners"][0]["items"]
    assert old == {"kind": "collateral", "id": "old-deck", "title": "Old deck",
                   "file": "playbook/collateral/old-deck.yml", "line": 8, "field": "updated",
                   "due": "2026-10-01", "overdue": True, "days_overdue": 55, "days_left": 0,
                   "reason": "last updated 2025-10-01, 420 days ago (more than 365)"}
    assert (price["field"], price["due"], price["overdue"], price["days_left"]) == (
        "review_by", "2026-12-05", False, 10)
    assert [i["kind"] for i in data["owners"][1]["items"]] == ["plays", "competitors"]
    assert line_of(root, price["file"], price["line"]) == "review_by: 2026-12-05"


def test_review_github_annotates_the_date_that_makes_each_item_due(hub):
    root = hub(QUEUES)
    result = review(root, "--format", "github")
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert len(lines) == 4
    assert lines[0].startswith(
        "::warning file=playbook/collateral/old-deck.yml,line=8,col=10,"
        "title=Overdue for review%3A Product Marketing Manager::collateral/old-deck (Old deck) "
        "is 55 days overdue: last updated 2025-10-01")
    assert lines[1].startswith("::notice file=playbook/collateral/price-sheet.yml,line=9,")
    assert "is due in 10 days: review date 2026-12-05" in lines[1]
    for line in lines:
        file = line.split("file=")[1].split(",")[0]
        number = int(line.split("line=")[1].split(",")[0])
        assert line_of(root, file, number).startswith(("updated:", "review_by:")), line
    assert lines[2].startswith("::warning file=playbook/plays/first-call.yml,line=9,")
    assert line_of(root, "playbook/plays/first-call.yml", 9) == "review_by: 2026-11-20"


def test_an_item_is_stale_the_day_after_it_falls_due(hub):
    # 2025-11-25 + 365 = 2026-11-25: due today, not stale; a day older: stale
    today = QUEUES | {"playbook/collateral/old-deck.yml": ITEM.format(
        title="Old deck", id="old-deck", owner="Ana", dates="updated: 2025-11-25")}
    root = hub(today)
    assert "due today" in review(root, "--owner", "ana").output
    assert not [w for w in problems(root, "warning") if "old-deck" in w]
    root = hub(today | {"playbook/collateral/old-deck.yml": ITEM.format(
        title="Old deck", id="old-deck", owner="Ana", dates="updated: 2025-11-24")})
    assert "1 day overdue" in review(root, "--owner", "ana").output
    [warning] = [w for w in problems(root, "warning") if "old-deck" in w]
    assert "the item is stale: last updated 2025-11-24, 366 days ago (more than 365)" in warning


def test_the_earlier_date_makes_an_item_due_and_its_warning_points_at_it(hub):
    # both dates passed; updated + 365 (2026-03-01) is earlier than review_by
    root = hub(QUEUES | {"playbook/collateral/old-deck.yml": ITEM.format(
        title="Old deck", id="old-deck", owner="Ana",
        dates="updated: 2025-03-01\n    review_by: 2026-06-01")})
    [warning] = [w for w in problems(root, "warning") if "old-deck" in w]
    assert warning.startswith("playbook/collateral/old-deck.yml:8:10: warning: updated: the "
                              "item is stale: last updated 2025-03-01")
    data = json.loads(review(root, "--format", "json", "--owner", "ana").output)
    [item] = data["owners"][0]["items"]
    assert (item["field"], item["due"], item["days_overdue"]) == ("updated", "2026-03-01", 269)


def test_review_of_a_hub_with_errors_exits_2(hub, tmp_path):
    root = hub({"playbook/roles/rep.yml": "title: R\nsummary: S\nteam: nope\n"})
    result = review(root, "--fail-on-overdue")
    assert result.exit_code == 2
    assert "The hub has errors (1 error, 0 warnings): run `playbook validate`." in result.output
    result = CliRunner().invoke(main, ["review", str(tmp_path / "nowhere")])
    assert result.exit_code == 2 and "start one with `playbook init`" in result.output
    assert review(root, "--today", "2026-13-01").exit_code == 2


def test_review_of_the_sample_hub_agrees_with_validate():
    result = CliRunner().invoke(main, ["review", str(REPO), "--format", "json"],
                                env={"SOURCE_DATE_EPOCH": "1795564800"})
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    overdue = {(i["file"], i["line"]) for o in data["owners"] for i in o["items"] if i["overdue"]}
    stale = {(w.location.path, w.location.line) for w in check(REPO).report.warnings
             if w.code == "stale"}
    assert overdue == stale and len(stale) == sample_stale()


# -- owners written two ways ------------------------------------------------------------------

NEAR = {
    "playbook/collateral/old-deck.yml": ITEM.format(
        title="Old deck", id="old-deck", owner="Product Marketing Manager",
        dates="updated: 2026-06-01"),
    "playbook/collateral/price-sheet.yml": ITEM.format(
        title="Price sheet", id="price-sheet", owner="Product Marketing Manager",
        dates="updated: 2026-06-01"),
    "playbook/collateral/faq.yml": ITEM.format(
        title="FAQ", id="faq", owner="product marketing mgr", dates="updated: 2026-06-01"),
}


def test_an_owner_written_like_a_more_used_one_is_a_warning_at_its_value(hub):
    root = hub(NEAR)
    assert problems(root, "warning") == [
        "playbook/collateral/faq.yml:7:8: warning: owner: 'product marketing mgr' looks like "
        "another spelling of the owner 'Product Marketing Manager': write one spelling, so "
        "that one owner gets one review queue (did you mean 'Product Marketing Manager', as in "
        "playbook/collateral/old-deck.yml:7 and 1 more?)"]
    result = CliRunner().invoke(main, ["validate", str(root), "--today", TODAY])
    assert result.exit_code == 0, result.output
    assert "playbook/collateral/faq.yml:7:8: warning: owner: 'product marketing mgr'" \
        in result.output
    # `playbook review` says so too, and lists the two spellings as two queues
    result = review(root, "--within", "365")
    assert "warning: owner: 'product marketing mgr' looks like" in result.output
    assert "product marketing mgr: 0 overdue, 1 due within 365 days" in result.output
    assert "Product Marketing Manager: 0 overdue, 2 due within 365 days" in result.output
    github = CliRunner().invoke(main, ["validate", str(root), "--today", TODAY,
                                       "--format", "github"])
    assert github.output.startswith("::warning file=playbook/collateral/faq.yml,line=7,col=8::"
                                    "owner: 'product marketing mgr' looks like")


def test_owners_equal_but_for_case_and_spaces_are_no_warning(hub):
    root = hub(NEAR | {"playbook/collateral/faq.yml": ITEM.format(
        title="FAQ", id="faq", owner="  product   MARKETING manager",
        dates="updated: 2026-06-01")})
    assert problems(root, "warning") == []


def test_near_duplicate_owners_across_kinds_and_spellings(hub):
    owners = {
        # short forms, accents and typos in long words are the same owner
        "Tomás Reyes (Sales Enablement)": "Tomas Reyes (Sales Enablement)",
        "Sales Operations": "Sales Ops",
        "Priya Natarajan": "Priya Natarjan",
        "Marketing & Brand": "Marketing and brand",
    }
    files = {}
    for n, (common, rare) in enumerate(owners.items()):
        for i in range(2):
            files[f"playbook/collateral/c{n}-{i}.yml"] = ITEM.format(
                title="T", id=f"c{n}{i}", owner=common, dates="")
        files[f"playbook/competitors/k{n}.yml"] = f"title: K\nsummary: S.\nowner: {rare}\n"
    # different people and teams, however alike: no warning
    for n, name in enumerate(["Mei Chen", "Wei Chen", "Owner 1", "Owner 10", "Li Wei",
                              "Lin Wei", "Sales", "Sales Ops Team"]):
        files[f"playbook/plays/p{n}.yml"] = (f"title: P\nsummary: S.\nstages: [hot]\n"
                                            f"roles: [rep]\nsteps: [{{title: x}}]\nowner: {name}\n")
    root = hub(files)
    warnings = [w for w in problems(root, "warning") if "looks like" in w]
    flagged = {w.split("'")[1]: w.split("'")[3] for w in warnings}
    assert flagged == {rare: common for common, rare in owners.items()}
    assert all(w.startswith("playbook/competitors/k") for w in warnings)


def test_an_owner_warning_fails_a_strict_build_and_shows_in_its_log(hub, tmp_path):
    root = hub(NEAR)
    result = run_mkdocs(root, tmp_path / "site")
    assert result.returncode == 0, result.stderr
    assert ("WARNING -  playbook: playbook/collateral/faq.yml:7:8: warning: owner: "
            "'product marketing mgr' looks like") in result.stderr
    assert run_mkdocs(root, tmp_path / "strict", "--strict").returncode == 1


def test_the_sample_hub_has_no_owner_written_two_ways():
    assert [w for w in check(REPO).report.warnings if w.code == "owner-spelling"] == []
