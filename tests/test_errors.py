"""Every rule of the format, broken once each: the message names file, line, field and the
expectation. A valid mini hub is changed in one place per test (Backstage style)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from playbook import RenderOptions, run

from conftest import MINI_HUB, only_error, problems

TODAY = dt.date(2026, 11, 25)


def test_the_mini_hub_is_valid(hub):
    assert problems(hub()) == []


# -- YAML itself -----------------------------------------------------------------------

def test_yaml_syntax_error_names_line_and_column(hub):
    msg = only_error(hub({"playbook/roles/rep.yml": "title: Rep\nsummary: [unclosed\nteam: sales\n"}))
    assert msg.startswith("playbook/roles/rep.yml:3:")
    assert "YAML syntax error" in msg


def test_duplicate_key_is_an_error_not_silently_the_last(hub):
    msg = only_error(hub({"playbook/metrics/close-rate.yml": """
        title: Close rate
        definition: Won over worked.
        title: Win rate
    """}))
    assert msg.startswith("playbook/metrics/close-rate.yml:3:1: error: title: duplicate key "
                          "'title': it is already set on line 1")


def test_a_duplicate_key_and_the_rest_of_the_file_are_reported_in_one_run(hub):
    found = problems(hub({"playbook/roles/rep.yml": """
        title: Sales rep
        summary: Sells.
        team: sales
        focus: short-term
        focus: long-term
        kpis: [happiness]
    """}))
    assert found == [
        "playbook/roles/rep.yml:5:1: error: focus: duplicate key 'focus': it is already set "
        "on line 4, and a mapping may name each key once; the rest of the file is checked "
        "with the first value of 'focus'",
        "playbook/roles/rep.yml:6:8: error: kpis[0]: unknown metric 'happiness': expected "
        "the id of a file in metrics/ (the ids are close-rate)",
    ]


def test_a_refused_value_is_one_error_not_two(hub):
    found = problems(hub({"playbook/metrics/close-rate.yml": """
        title: !!binary aGVsbG8=
        definition: Won over worked.
        unit: ratio
    """}))
    assert len(found) == 1 and "the tag 'tag:yaml.org,2002:binary' is not allowed" in found[0]


def test_python_tags_are_refused_and_never_run(hub, tmp_path):
    marker = tmp_path / "ran"
    msg = only_error(hub({"playbook/metrics/close-rate.yml": f"""
        title: !!python/object/apply:os.system ["touch {marker}"]
        definition: x
    """}))
    assert "playbook/metrics/close-rate.yml:1:8" in msg
    assert "the tag 'tag:yaml.org,2002:python/object/apply:os.system' is not allowed" in msg
    assert not marker.exists()


def test_yaml_11_booleans_stay_text(hub):
    root = hub({"playbook/roles/rep.yml": """
        title: "no"
        summary: off
        team: sales
        aka: [yes, on, No]
    """})
    assert problems(root) == []
    result = run(root / "playbook", root / "content", root, RenderOptions(today=TODAY))
    rep = result.playbook.roles["rep"]
    assert (str(rep.summary), rep.aka) == ("off", ["yes", "on", "No"])


def test_empty_file(hub):
    msg = only_error(hub({"playbook/metrics/close-rate.yml": "# nothing yet\n"}))
    assert msg == ("playbook/metrics/close-rate.yml:1:1: error: the file is empty: expected "
                   "a mapping of fields such as 'title: ...'")


def test_not_utf8(hub):
    root = hub({"playbook/metrics/close-rate.yml":
                "title: Close rate\ndefinition: Caf\u00e9\n".encode("latin-1")})
    msg = only_error(root)
    assert msg.startswith("playbook/metrics/close-rate.yml:2:16: error: the file is not "
                          "valid UTF-8 (byte 0xe9)")


def test_list_where_a_mapping_belongs(hub):
    msg = only_error(hub({"playbook/metrics/close-rate.yml": "- title: Close rate\n"}))
    assert msg == ("playbook/metrics/close-rate.yml:1:1: error: expected a mapping of fields "
                   "such as 'title: ...', found a list of 1 item")


def test_alias_bomb_fails_fast(hub):
    lines = ['a: &a ["x","x","x","x","x","x","x","x","x","x"]']
    for i in range(1, 9):
        prev, cur = chr(ord("a") + i - 1), chr(ord("a") + i)
        lines.append(f"{cur}: &{cur} [*{prev},*{prev},*{prev},*{prev},*{prev},*{prev},*{prev},"
                     f"*{prev},*{prev},*{prev}]")
    msg = only_error(hub({"playbook/metrics/close-rate.yml": "\n".join(lines) + "\n"}))
    assert "expands to more than 100,000 values" in msg


# -- fields of one file -------------------------------------------------------------------

def test_unknown_field_suggests_the_close_name(hub):
    errors = problems(hub({"playbook/metrics/close-rate.yml": """
        title: Close rate
        defintion: Won over worked.
    """}))
    assert errors == [
        "playbook/metrics/close-rate.yml:1:1: error: definition: is required but missing "
        "(required here: 'title', 'definition')",
        "playbook/metrics/close-rate.yml:2:1: error: defintion: unknown field (allowed: "
        "title, definition, formula, unit, better, target) (did you mean 'definition'?)",
    ]


def test_missing_required_field_lists_what_is_required(hub):
    errors = problems(hub({"playbook/metrics/close-rate.yml": "title: Close rate\n"}))
    assert errors == ["playbook/metrics/close-rate.yml:1:1: error: definition: is required "
                      "but missing (required here: 'title', 'definition')"]


def test_wrong_type(hub):
    msg = only_error(hub({"playbook/roles/rep.yml": """
        title: Rep
        summary: Sells.
        team: sales
        works: hot
    """}))
    assert msg == ("playbook/roles/rep.yml:4:8: error: works: expected a list (one '- item' "
                   "per line), found 'hot'")


def test_bad_number(hub):
    msg = only_error(hub({"playbook/lead-types/hot.yml": """
        title: Hot
        definition: Now.
        order: first
    """}))
    assert msg == ("playbook/lead-types/hot.yml:3:8: error: order: expected a whole number, "
                   "found 'first'")


def test_bad_date(hub):
    root = hub()
    path = root / "playbook/collateral/guide.yml"
    path.write_text(path.read_text().replace("2026-10-01", "2026-13-01"))
    msg = only_error(root)
    assert msg.startswith("playbook/collateral/guide.yml:8:10: error: updated: expected a "
                          "date written YYYY-MM-DD, found '2026-13-01'")


def test_bad_choice(hub):
    msg = only_error(hub({"playbook/lead-sources/referrals.yml": """
        title: Referrals
        channel: word-of-mouth
    """}))
    assert msg == ("playbook/lead-sources/referrals.yml:2:10: error: channel: expected one of "
                   "'online', 'offline' or 'referral', found 'word-of-mouth'")


def test_two_accountable_roles(hub):
    msg = only_error(hub({"playbook/responsibilities/closing.yml": """
        title: Close deals
        accountable: [manager, rep]
        responsible: [rep]
    """}))
    assert msg.startswith("playbook/responsibilities/closing.yml:2:14: error: accountable: "
                          "expected exactly one role id, found a list of 2 items")
    assert "RACI" in msg


def test_no_accountable_role(hub):
    msg = only_error(hub({"playbook/responsibilities/closing.yml": """
        title: Close deals
        accountable:
        responsible: [rep]
    """}))
    assert msg == ("playbook/responsibilities/closing.yml:2:1: error: accountable: is "
                   "required but empty")


def test_no_responsible_role(hub):
    msg = only_error(hub({"playbook/responsibilities/closing.yml": """
        title: Close deals
        accountable: manager
        responsible: []
    """}))
    assert msg == ("playbook/responsibilities/closing.yml:3:14: error: responsible: "
                   "expected at least one item, found none")


def test_localized_text_with_a_bad_language_code(hub):
    msg = only_error(hub({"playbook/metrics/close-rate.yml": """
        title:
          English: Close rate
        definition: x
    """}))
    assert "title: expected a language code such as 'en' or 'pt-BR' as key, found 'English'" in msg


# -- files and ids --------------------------------------------------------------------------

def test_bad_id(hub):
    root = hub({"playbook/metrics/Close_Rate.yml": "title: x\ndefinition: y\n"})
    msg = only_error(root)
    assert msg.startswith("playbook/metrics/Close_Rate.yml: error: the file name 'Close_Rate' "
                          "is not a valid id: expected lowercase letters")
    assert "rename it to 'close-rate'" in msg


def test_same_id_as_yml_and_yaml(hub):
    msg = only_error(hub({"playbook/metrics/close-rate.yaml": "title: x\ndefinition: y\n"}))
    assert msg == ("playbook/metrics/close-rate.yml: error: the id 'close-rate' is used twice "
                   "in metrics/: close-rate.yaml and close-rate.yml; keep one")


def test_roles_folder_is_required(hub):
    root = hub({"playbook/roles/rep.yml": None, "playbook/roles/manager.yml": None,
                "playbook/responsibilities/closing.yml": None,
                "playbook/collateral/guide.yml": None})
    assert problems(root) == ["playbook/roles: error: the roles/ folder is missing: a hub "
                              "defines at least one role"]


# -- references across files ------------------------------------------------------------------

@pytest.mark.parametrize(
    "file, text, expected",
    [
        ("playbook/roles/rep.yml", "title: R\nsummary: S\nteam: sales\nreports_to: manger\n",
         "playbook/roles/rep.yml:4:13: error: reports_to: unknown role 'manger': expected the "
         "id of a file in roles/ (did you mean 'manager'?)"),
        ("playbook/roles/rep.yml", "title: R\nsummary: S\nteam: sale\n",
         "playbook/roles/rep.yml:3:7: error: team: unknown team 'sale': expected one of the "
         "hub's teams (customer-success, enablement, marketing, operations, sales), set in "
         "hub.yml (did you mean 'sales'?)"),
        ("playbook/roles/rep.yml", "title: R\nsummary: S\nteam: sales\nworks: [hott]\n",
         "playbook/roles/rep.yml:4:9: error: works[0]: unknown lead type 'hott'"),
        ("playbook/roles/rep.yml",
         "title: R\nsummary: S\nteam: sales\nhandoffs:\n  - to: boss\n    lead_type: hot\n",
         "playbook/roles/rep.yml:5:9: error: handoffs[0].to: unknown role 'boss'"),
        ("playbook/roles/rep.yml",
         "title: R\nsummary: S\nteam: sales\nhandoffs:\n  - to: manager\n    lead_type: cold\n",
         "playbook/roles/rep.yml:6:16: error: handoffs[0].lead_type: unknown lead type 'cold'"),
        ("playbook/roles/rep.yml", "title: R\nsummary: S\nteam: sales\nkpis: [win-rate]\n",
         "playbook/roles/rep.yml:4:8: error: kpis[0]: unknown metric 'win-rate'"),
        ("playbook/roles/rep.yml",
         "title: R\nsummary: S\nteam: sales\ndiffers_from:\n  - role: ceo\n    note: x\n",
         "playbook/roles/rep.yml:5:11: error: differs_from[0].role: unknown role 'ceo'"),
        ("playbook/responsibilities/closing.yml",
         "title: C\naccountable: manager\nresponsible: [rep]\nconsulted: [cfo]\n",
         "playbook/responsibilities/closing.yml:4:13: error: consulted[0]: unknown role 'cfo'"),
        ("playbook/responsibilities/closing.yml",
         "title: C\naccountable: manager\nresponsible: [rep]\ninformed: [rep, cfo]\n",
         "playbook/responsibilities/closing.yml:4:17: error: informed[1]: unknown role 'cfo'"),
        ("playbook/responsibilities/closing.yml",
         "title: C\naccountable: manager\nresponsible: [rep]\nmetrics: [nps]\n",
         "playbook/responsibilities/closing.yml:4:11: error: metrics[0]: unknown metric 'nps'"),
        ("playbook/responsibilities/closing.yml",
         "title: C\naccountable: manager\nresponsible: [rep]\ncollateral: [deck]\n",
         "playbook/responsibilities/closing.yml:4:14: error: collateral[0]: unknown "
         "collateral item 'deck'"),
        ("playbook/responsibilities/closing.yml",
         "title: C\naccountable: boss\nresponsible: [rep]\n",
         "playbook/responsibilities/closing.yml:2:14: error: accountable: unknown role 'boss'"),
        ("playbook/lead-types/hot.yml",
         "title: H\ndefinition: D\norder: 1\nnext: [customer]\nowner_team: sales\n",
         "playbook/lead-types/hot.yml:4:8: error: next[0]: unknown lead type 'customer'"),
        ("playbook/lead-types/hot.yml",
         "title: H\ndefinition: D\norder: 1\nowner_team: sellers\n",
         "playbook/lead-types/hot.yml:4:13: error: owner_team: unknown team 'sellers'"),
        ("playbook/lead-sources/referrals.yml",
         "title: R\nchannel: referral\nproduces: [warm]\n",
         "playbook/lead-sources/referrals.yml:3:12: error: produces[0]: unknown lead type 'warm'"),
        ("playbook/lead-sources/referrals.yml",
         "title: R\nchannel: referral\nowner_team: growth\n",
         "playbook/lead-sources/referrals.yml:3:13: error: owner_team: unknown team 'growth'"),
        ("playbook/onboarding/welcome.yml", "title: W\nroles: [rep, intern]\nhours: 1\n",
         "playbook/onboarding/welcome.yml:2:14: error: roles[1]: unknown role 'intern'"),
        ("playbook/onboarding/welcome.yml", "title: W\nroles: all\nhours: 1\nafter: [intro]\n",
         "playbook/onboarding/welcome.yml:4:9: error: after[0]: unknown onboarding module 'intro'"),
        ("playbook/onboarding/welcome.yml",
         "title: W\nroles: all\nhours: 1\ncollateral: [guide, faq]\n",
         "playbook/onboarding/welcome.yml:4:21: error: collateral[1]: unknown collateral item 'faq'"),
    ],
)
def test_dangling_reference(hub, file, text, expected):
    msg = only_error(hub({file: text}))
    assert msg.startswith(expected), msg


@pytest.mark.parametrize(
    "field, value, expected",
    [
        ("type", "type: slides",
         "playbook/collateral/guide.yml:3:7: error: type: unknown collateral type 'slides'"),
        ("audience", "audience: [rep, cto]",
         "playbook/collateral/guide.yml:5:17: error: audience[1]: unknown role 'cto'"),
        ("stages", "stages: [sql]",
         "playbook/collateral/guide.yml:6:10: error: stages[0]: unknown lead type 'sql'"),
    ],
)
def test_dangling_reference_in_collateral(hub, field, value, expected):
    root = hub()
    path = root / "playbook/collateral/guide.yml"
    lines = [value if line.startswith(field + ":") else line
             for line in path.read_text().splitlines()]
    path.write_text("\n".join(lines) + "\n")
    msg = only_error(root)
    assert msg.startswith(expected), msg


def test_reports_to_cycle_names_the_whole_cycle_and_files(hub):
    root = hub({
        "playbook/roles/manager.yml": "title: M\nsummary: S\nteam: sales\nreports_to: director\n",
        "playbook/roles/director.yml": "title: D\nsummary: S\nteam: sales\nreports_to: rep\n",
    })
    msg = only_error(root)
    assert msg.startswith(
        "playbook/roles/director.yml:4:13: error: reports_to: forms a cycle: director -> rep "
        "-> manager -> director (files: playbook/roles/director.yml, playbook/roles/rep.yml, "
        "playbook/roles/manager.yml)")


def test_after_cycle(hub):
    root = hub({
        "playbook/onboarding/welcome.yml": "title: W\nroles: all\nhours: 1\nafter: [crm]\n",
        "playbook/onboarding/crm.yml": "title: C\nroles: all\nhours: 1\nafter: [welcome]\n",
    })
    msg = only_error(root)
    assert "after: forms a cycle: crm -> welcome -> crm" in msg


# -- collateral: url, file, staleness --------------------------------------------------------

def _guide(root: Path, replace: dict[str, str]) -> None:
    path = root / "playbook/collateral/guide.yml"
    text = path.read_text()
    for old, new in replace.items():
        text = text.replace(old, new)
    path.write_text(text)


def test_both_url_and_file(hub):
    root = hub()
    _guide(root, {"file: files/guide.txt": "file: files/guide.txt\nurl: https://example.com/g"})
    assert only_error(root) == ("playbook/collateral/guide.yml:4:1: error: file: set either "
                                "'url' or 'file', not both")


def test_neither_url_nor_file(hub):
    root = hub()
    _guide(root, {"file: files/guide.txt\n": ""})
    assert only_error(root).startswith("playbook/collateral/guide.yml:1:1: error: url: is "
                                       "missing: an item needs a 'url'")


@pytest.mark.parametrize("url, found", [
    ("javascript:alert(1)", "the scheme 'javascript:'"),
    ("data:text/html,hi", "the scheme 'data:'"),
    ("file:///etc/passwd", "the scheme 'file:'"),
    ("www.example.com/deck", "'www.example.com/deck' with no scheme"),
])
def test_url_scheme_other_than_http(hub, url, found):
    root = hub()
    _guide(root, {"file: files/guide.txt": f'url: "{url}"'})
    assert only_error(root) == (f"playbook/collateral/guide.yml:4:6: error: url: expected an "
                                f"http or https URL, found {found}")


@pytest.mark.parametrize("path, expected", [
    ("files/missing.txt", "the file 'files/missing.txt' does not exist in content/ "
                          "(did you mean 'files/guide.txt'?)"),
    ("../mkdocs.yml", "expected a path inside content/, found '../mkdocs.yml', which climbs "
                      "out with '..'"),
    ("/etc/passwd", "expected a path relative to content/, found the absolute path '/etc/passwd'"),
])
def test_file_must_exist_inside_docs(hub, path, expected):
    root = hub()
    _guide(root, {"files/guide.txt": path})
    assert only_error(root) == f"playbook/collateral/guide.yml:4:7: error: file: {expected}"


def test_file_symlink_leaving_docs(hub, tmp_path):
    root = hub()
    secret = tmp_path / "secret.txt"
    secret.write_text("secret")
    (root / "content/files/link.txt").symlink_to(secret)
    _guide(root, {"files/guide.txt": "files/link.txt"})
    assert problems(root) == [
        f"content/files/link.txt: error: the published file is a symbolic link to '{secret}', "
        "outside the hub: only files inside the hub are read or published",
        "playbook/collateral/guide.yml:4:7: error: file: 'files/link.txt' is a link that "
        "leads out of content/; only files inside it are published"]


def test_stale_item_is_a_warning_not_an_error(hub):
    root = hub()
    _guide(root, {"2026-10-01": "2024-01-01"})
    assert problems(root) == []
    assert problems(root, "warning") == [
        "playbook/collateral/guide.yml:8:10: warning: updated: the item is stale: last "
        "updated 2024-01-01, "
        "1059 days ago (more than 365); ask Ana to review it and update 'updated' or "
        "'review_by'"]


# -- all at once --------------------------------------------------------------------------

def test_every_error_of_a_run_is_reported_together(hub):
    root = hub({
        "playbook/metrics/close-rate.yml": "title: C\ndefintion: x\n",
        "playbook/lead-types/hot.yml": "title: H\ndefinition: D\norder: x\n",
        "playbook/roles/rep.yml": "title: R\nsummary: S\nteam: sales\nreports_to: nobody\n",
    })
    errors = problems(root)
    files = sorted({e.split(":")[0] for e in errors})
    assert files == ["playbook/lead-types/hot.yml", "playbook/metrics/close-rate.yml",
                     "playbook/roles/rep.yml"]
    assert len(errors) == 4  # unknown + missing field in close-rate, order, reports_to


def test_every_problem_of_a_file_comes_in_one_run_not_in_rounds(hub):
    """Issue 34: a field's error no longer hides the unknown role beside it, nor a missing
    file the unknown type; each problem is said once, at its own line."""
    root = hub({
        "playbook/collateral/guide.yml": """
            title: Guide
            sumary: How we sell.
            file: files/guide.txt
            type: product-guide
            audience: [rep, nobody]
            owner: Ana
            updated: 2026-13-05
        """,
        "playbook/collateral/faq.yml": """
            title: FAQ
            summary: Answers.
            type: faq
            audience: manager
            owner: Ana
        """})
    found = [e.split(": error: ")[0] + " " + e.split(": error: ")[1].split(":")[0]
             for e in problems(root)]
    assert found == [
        "playbook/collateral/faq.yml:1:1 url",  # neither a url nor a file
        "playbook/collateral/faq.yml:3:7 type",  # not one of the hub's types
        "playbook/collateral/faq.yml:4:11 audience",  # a list is expected: said once
        "playbook/collateral/guide.yml:1:1 summary",
        "playbook/collateral/guide.yml:2:1 sumary",
        "playbook/collateral/guide.yml:5:17 audience[1]",  # the unknown role
        "playbook/collateral/guide.yml:7:10 updated"]


def test_a_field_with_an_error_is_not_checked_again_as_a_reference(hub):
    root = hub({"playbook/roles/rep.yml": "title: R\nsummary: S\nteam: [sales]\n"
                                          "reports_to: nobody\nworks: hot\n"})
    assert [e.split(": error: ")[1].split(":")[0] for e in problems(root)] == [
        "team", "reports_to", "works"]


def test_messages_say_what_to_do_about_the_commonest_mistakes(hub):
    """Issue 34: an unquoted colon, a date in another format, an id with no close match."""
    colon = only_error(hub({"playbook/metrics/close-rate.yml":
                            "title: Close rate: won over worked\ndefinition: D\n"}))
    assert colon.endswith("(a value with ': ' in it must be quoted: "
                          "title: \"Close rate: won over worked\")")
    date = problems(hub({"playbook/collateral/guide.yml": MINI_HUB[
        "playbook/collateral/guide.yml"].replace("2026-10-01", "05/11/2026")}))
    assert date == ["playbook/collateral/guide.yml:8:10: error: updated: expected a date "
                    "written YYYY-MM-DD, found '05/11/2026'"]  # (no parser's words)
    month = only_error(hub({"playbook/collateral/guide.yml": MINI_HUB[
        "playbook/collateral/guide.yml"].replace("2026-10-01", "2026-13-01")}))
    assert month.endswith("(month value is outside expected range of 1-12)")
    far = only_error(hub({"playbook/roles/rep.yml": MINI_HUB["playbook/roles/rep.yml"]
                          .replace("reports_to: manager", "reports_to: zz-top")}))
    assert far.endswith("expected the id of a file in roles/ (the ids are manager, rep)")
    tab = only_error(hub({"playbook/roles/rep.yml": "title: R\nsummary: S\nteam: sales\n"
                                                    "works:\n\t- hot\n"}))
    assert tab.endswith("(indent with spaces: YAML does not allow tabs)")


def test_a_broken_file_does_not_cascade_into_dangling_references(hub):
    # hot.yml is broken; the references to 'hot' from other files are not reported again.
    root = hub({"playbook/lead-types/hot.yml": "title: H\ndefinition: D\n"})
    assert problems(root) == ["playbook/lead-types/hot.yml:1:1: error: order: is required "
                              "but missing (required here: 'title', 'definition', 'order')"]
