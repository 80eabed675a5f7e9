"""A hub's own words for our pages (format v1.1, ``playbook/i18n/<lang>.yml``): words for a
language we ship none for, overrides of ours, labels of the hub's own ids, every mistake in
such a file reported where it is, and the audit and `playbook messages` saying what is left
to translate."""

from __future__ import annotations

import datetime as dt

import pytest
import yaml
from bs4 import BeautifulSoup
from click.testing import CliRunner

from playbook.catalog import messages
from playbook.cli import main

from conftest import Site, check, problems, run_mkdocs, write_hub


GREEK = """\
Roles: Ρόλοι
Funnel: Χωνί
Stale: Παλιό
"Onboarding: {role}": "Εισαγωγή: {role}"
"{n} items": "{n} αντικείμενα"
Partners: Συνεργάτες
Sales: Πωλήσεις
"""

FILES = {
    "playbook/hub.yml": "name: Mini hub\nlanguages: [en, el, ur]\nteams: [sales, partners]\n",
    "playbook/roles/rep.yml": (
        "title:\n  en: Sales rep\n  el: Πωλητής\n  ur: سیلز نمائندہ\n"
        "summary: Sells.\nteam: sales\nreports_to: manager\nworks: [hot]\n"),
    "playbook/roles/ally.yml": "title: Partner manager\nsummary: Works with partners.\n"
                               "team: partners\n",
    "playbook/collateral/old-deck.yml": (
        "title: Old deck\nsummary: Last year's pitch.\ntype: deck\nurl: https://example.com/d\n"
        "audience: [rep]\nstages: [hot]\nowner: Ana\nupdated: 2024-01-10\n"),
    "playbook/i18n/el.yml": GREEK,
    # overrides of words we ship: Urdu, and the English of our pages themselves
    "playbook/i18n/ur.yml": "Stale: پرانا مواد\n",
    "playbook/i18n/en.yml": "Collateral library: Sales library\n",
}


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    root = tmp_path_factory.mktemp("hub-words")
    write_hub(root / "hub", FILES)
    result = run_mkdocs(root / "hub", root / "site", "--strict")
    assert result.returncode == 0, result.stderr
    assert "WARNING" not in result.stderr, result.stderr
    return Site(root / "site")


def test_a_language_we_ship_no_words_for_gets_the_hubs(site):
    assert site.article("el/roles/").h1.get_text(strip=True).startswith("Ρόλοι")
    assert site.article("el/lead-types/").h1.get_text(strip=True).startswith("Χωνί")
    path = site.html("el/onboarding/rep/")
    assert path.select_one("article h1").get_text(strip=True).startswith("Εισαγωγή: Πωλητής")
    # the nav and the page titles too, not only the pages' text
    nav = [a.get_text(strip=True) for a in site.html("el/").select("nav a")]
    assert "Ρόλοι" in nav and "Roles" not in nav
    assert path.title.get_text().startswith("Εισαγωγή: Πωλητής")
    # a word the hub did not give stays English
    assert site.article("el/audit/").h1.get_text(strip=True).startswith("Content audit")


def test_the_labels_of_the_hubs_own_ids_are_words_it_can_translate(site):
    roles = site.article("el/roles/").get_text(" ", strip=True)
    assert "Συνεργάτες" in roles and "Πωλήσεις" in roles
    assert "Partners" in site.article("roles/").get_text(" ", strip=True)


def test_a_hubs_words_override_ours_in_every_language(site):
    badge = site.article("ur/collateral/").select_one(".pb-badge--stale")
    assert badge.get_text(strip=True) == "پرانا مواد"
    assert site.article("collateral/").h1.get_text(strip=True).startswith("Sales library")
    assert site.article("el/collateral/").select_one(".pb-badge--stale").get_text() == "Παλιό"


def test_the_audit_counts_our_words_missing_in_each_language(site):
    audit = site.article("audit/")
    rows = {tr.select("td")[0].get_text(strip=True): tr.select("td")[-1].get_text(strip=True)
            for tr in audit.find(id="translations").find_next("table").select("tbody tr")}
    greek = [row for name, row in rows.items() if name.startswith("Greek")]
    given = len(yaml.safe_load(GREEK)) - 1  # "Partners" is a label of the hub, not ours
    assert greek == [str(len(messages()) - given)]
    assert [row for name, row in rows.items() if name.startswith("Urdu")] == ["0"]
    missing = audit.select_one("details.pb-words-missing")
    listed = [code.get_text() for code in missing.select("li code")]
    assert "Content audit" in listed and "Roles" not in listed
    assert "playbook/i18n/el.yml" in missing.get_text()


def test_every_mistake_in_a_words_file_is_reported_where_it_is_and_the_rest_is_used(tmp_path):
    root = write_hub(tmp_path / "hub", {
        "playbook/hub.yml": "name: Mini hub\nlanguages: [en, el]\n",
        "playbook/i18n/el.yml": (
            "Roles: Ρόλοι\n"
            "Collateral libary: Υλικό\n"                       # 2: a typo of a message
            '"{n} items": "{count} αντικείμενα"\n'             # 3: a placeholder of its own
            '"{shown} of {n} items": "{shown} αντικείμενα"\n'  # 4: leaves one out
            "Funnel: [Χωνί]\n"                                 # 5: not text
            "Stale: Παλιό\n"),
        "playbook/i18n/de.yml": "Roles: Rollen\n",             # not a language of the hub
        "playbook/i18n/greek.yml": "Roles: Ρόλοι\n",           # not a language code
    })
    errors, warnings = problems(root), problems(root, "warning")
    assert errors == [
        "playbook/i18n/el.yml:3:14: error: {n} items: the translation has {count}, which the "
        "message does not fill; the English message is shown instead (placeholders: {n}; "
        "write a brace as {{ or }})",
        "playbook/i18n/el.yml:5:9: error: Funnel: expected text, found a list of 1 item",
        "playbook/i18n/greek.yml: error: the file name 'greek' is not a language code: a "
        "catalog is named by the language of its words, such as 'el.yml' or 'pt-BR.yml'",
    ]
    assert warnings == [
        "playbook/i18n/de.yml: warning: 'de' is not one of the hub's languages, so these "
        "words are not used (add 'de' to 'languages' in hub.yml)",
        "playbook/i18n/el.yml:2:1: warning: Collateral libary: is not a message of the "
        "generated pages, so it is not used (did you mean 'Collateral library'?)",
        "playbook/i18n/el.yml:4:25: warning: {shown} of {n} items: the translation leaves "
        "out {n}, so readers do not see it",
    ]
    # nothing lost: the good words of the file are kept
    assert check(root).playbook.catalogs["el"] == {"Roles": "Ρόλοι", "Stale": "Παλιό",
                                              "{shown} of {n} items": "{shown} αντικείμενα"}


@pytest.mark.parametrize("text, expected", [
    ("- Roles\n", "expected a mapping from a message of the pages to its translation"),
    ("Roles: [unclosed\n", "YAML syntax error"),
])
def test_a_words_file_that_is_not_a_mapping_is_an_error_with_its_place(tmp_path, text,
                                                                        expected):
    root = write_hub(tmp_path / "hub", {"playbook/hub.yml": "name: H\nlanguages: [en, el]\n",
                                        "playbook/i18n/el.yml": text})
    errors = problems(root)
    assert len(errors) == 1 and errors[0].startswith("playbook/i18n/el.yml:")
    assert expected in errors[0]


def test_a_words_file_linked_from_outside_the_hub_is_refused(tmp_path):
    outside = tmp_path / "secret.yml"
    outside.write_text("Roles: stolen\n")
    root = write_hub(tmp_path / "hub", {"playbook/hub.yml": "name: H\nlanguages: [en, el]\n"})
    (root / "playbook/i18n").mkdir()
    (root / "playbook/i18n/el.yml").symlink_to(outside)
    errors = problems(root)
    assert len(errors) == 1 and errors[0].startswith("playbook/i18n/el.yml")
    assert "outside" in errors[0]
    assert check(root).playbook.catalogs == {}


def test_playbook_messages_prints_what_is_left_to_translate_as_the_hubs_file(tmp_path):
    root = write_hub(tmp_path / "hub", {"playbook/hub.yml": "name: H\nlanguages: [en, el]\n",
                                        "playbook/i18n/el.yml": "Roles: Ρόλοι\n"})
    runner = CliRunner()
    missing = runner.invoke(main, ["messages", "el", str(root), "--missing"])
    assert missing.exit_code == 0, missing.output
    left = yaml.safe_load(missing.output)
    assert "Roles" not in left and set(left) == set(messages()) - {"Roles"}
    assert set(left.values()) == {""}
    every = yaml.safe_load(runner.invoke(main, ["messages", "el", str(root)]).output)
    assert every["Roles"] == "Ρόλοι" and list(every) == list(messages())
    # a language we ship: our words, ready to override
    urdu = yaml.safe_load(runner.invoke(main, ["messages", "ur", str(root)]).output)
    assert urdu["Roles"] == "کردار"
    # what it prints is a valid words file: an empty word is ignored, not an error
    (root / "playbook/i18n/el.yml").write_text(missing.output + "Roles: Ρόλοι\n",
                                               encoding="utf-8")
    assert problems(root) == [] and problems(root, "warning") == []
    bad = runner.invoke(main, ["messages", "Greek", str(root)])
    assert bad.exit_code == 2 and "language code" in bad.output


def test_the_audit_says_which_texts_lack_a_language_and_counts_no_names(tmp_path):
    """Issue 34: the audit lists each untranslated text by file, field and line, to be
    acted on; a competitor's name and an item in a language of its own are as written."""
    from playbook import RenderOptions, run
    from playbook.audit import audit

    root = write_hub(tmp_path / "hub", {
        "playbook/hub.yml": "name: Mini hub\nlanguages: [en, ur]\n",
        "playbook/roles/manager.yml": "title: {en: Sales manager, ur: سیلز مینیجر}\n"
                                      "summary: {en: Leads., ur: رہنمائی۔}\nteam: sales\n",
        "playbook/competitors/rival.yml": "title: Rival\nsummary: {en: S, ur: س}\n"
                                          "owner: Ana\n",
        "playbook/collateral/hu-guide.yml": "title: Útmutató\nsummary: Egy.\ntype: deck\n"
                                            "url: https://example.com/g\naudience: [rep]\n"
                                            "owner: Ana\nlanguage: hu\n"})
    result = run(root / "playbook", root / "content", root,
                 RenderOptions(today=dt.date(2026, 11, 25)))
    pb = result.playbook
    found = audit(pb, dt.date(2026, 11, 25))
    files = dict(found.untranslated["ur"])
    assert "playbook/competitors/rival.yml" not in files  # its name, as written
    assert "playbook/collateral/hu-guide.yml" not in files  # Hungarian by design
    assert files["playbook/roles/rep.yml"] == [(1, "title"), (2, "summary"),
                                              (9, "handoffs[0].when")]
    assert "playbook/roles/manager.yml" not in files
    assert [(lang, missing) for lang, missing, _ in found.translations] == [
        ("en", 0), ("ur", sum(len(fields) for fields in files.values()))]
    # the audit page lists them so, a line per file, under the language's heading
    page = next(p for p in result.pages if p.path == "audit/index.md")
    listed = BeautifulSoup(page.content, "html.parser").select(".pb-texts-missing li")
    lines = [li.get_text(" ", strip=True) for li in listed]
    assert len(lines) == len(files) and lines == sorted(lines)
    assert "playbook/roles/rep.yml : title (line 1), summary (line 2), handoffs[0].when " \
           "(line 9)" in lines


def test_a_name_or_an_item_in_its_own_language_does_not_make_a_page_untranslated(tmp_path):
    """Issue 34: on the Urdu site, a battlecard whose only English is its competitor's name,
    and a Hungarian item, do not say that parts of the page are not yet translated; a
    text that is missing in Urdu still does."""
    from playbook import RenderOptions, run

    root = write_hub(tmp_path / "hub", {
        "playbook/hub.yml": "name: {en: Mini hub, ur: منی ہب}\nlanguages: [en, ur]\n",
        "playbook/competitors/rival.yml": "title: Rival\nsummary: {en: S, ur: س}\n"
                                          "owner: Ana\n",
        "playbook/collateral/hu-guide.yml": "title: Útmutató\nsummary: Egy.\ntype: deck\n"
                                            "url: https://example.com/g\naudience: [rep]\n"
                                            "owner: Ana\nlanguage: hu\n",
        "playbook/roles/seller.yml": "title: {en: Seller, ur: فروخت کنندہ}\n"
                                     "summary: {en: Sells., ur: بیچتا ہے۔}\nteam: sales\n"})
    guide = root / "playbook/collateral/hu-guide.yml"
    guide.write_text(guide.read_text().replace("[rep]", "[seller]"))
    pages = {p.path: p.content for p in run(
        root / "playbook", root / "content", root,
        RenderOptions(language="ur", history=False)).pages}
    note = 'class="pb-fallback-note"'
    assert note not in pages["competitors/rival.md"]
    assert note not in pages["collateral/hu-guide.md"]
    assert note in pages["roles/rep.md"]  # (its title and summary are English only)


def test_untranslated_hub_text_keeps_its_order_in_a_right_to_left_page(tmp_path):
    """Issue 34: on the Urdu site '25% or more' showed as 'or more 25%' and an owner's
    '(Sales Enablement)' lost a parenthesis to the end of the line: such text (a metric's
    target, an owner) is isolated (<bdi>), in its own direction."""
    from playbook import RenderOptions, run

    root = write_hub(tmp_path / "hub", {
        "playbook/hub.yml": "name: Mini hub\nlanguages: [en, ur]\n",
        "playbook/metrics/close-rate.yml": "title: Close rate\ndefinition: Won / worked.\n"
                                           "target: 25% or more\n"})
    result = run(root / "playbook", root / "content", root,
                 RenderOptions(language="ur", today=dt.date(2026, 11, 25)))
    pages = {p.path: p.content for p in result.pages}
    assert "<bdi>25% or more</bdi>" in pages["metrics/index.md"]
    assert "<bdi>25% or more</bdi>" in pages["metrics/close-rate.md"]
    assert "<bdi>25% or more</bdi>" in pages["handbook/manager.md"]
    assert "<bdi>Ana</bdi>" in pages["collateral/index.md"]
