"""What changed for my role: each role page and onboarding path lists what changed in the
role and in what it is given (responsibilities, plays, KPIs, collateral) since the compared
version, in the reader's language; the changes page filters by role; and a tick (or an
answer) of an earlier version of a task is shown as changed, unticked, with what changed.

Every test builds its own temporary git repository: several commits and no tag, and two
tags."""

from __future__ import annotations

from pathlib import Path

import pytest

from browser import serve, watched_page
from conftest import MINI_HUB, Site, run_mkdocs, write_hub
from test_versions import git

BASE = {
    "playbook/hub.yml": "name: Mini hub\nlanguages: [en, ur]\n",
    "content/ur/index.md": "# ہب\n",
    "playbook/plays/first-call.yml": """
        title: First call
        summary: Call the lead the day it turns hot.
        stages: [hot]
        roles: [rep]
        steps:
          - title: Call
            owner: rep
            collateral: [guide]
        owner: Ana
    """,
    "playbook/responsibilities/hiring.yml": """
        title: Hire reps
        accountable: manager
        responsible: [manager]
    """,
    "playbook/collateral/board-deck.yml": """
        title: Board deck
        summary: For the board.
        type: deck
        url: https://example.com/board
        audience: [manager]
        owner: Ana
        updated: 2026-10-01
    """,
    "playbook/onboarding/welcome.yml": MINI_HUB["playbook/onboarding/welcome.yml"] + """
        tasks:
          - Meet your manager
          - Set up your laptop
        collateral: [guide]
        checks:
          - question: Who do you hand a large deal to?
            choices: [Your manager, Nobody]
            answer: 0
    """,
}

REP, MANAGER = "roles/rep/", "roles/manager/"


def commit(root: Path, message: str, date: str) -> None:
    git(root, "add", "-A")
    git(root, "commit", "-qm", message, date=date)


def edit(root: Path, name: str, old: str, new: str) -> None:
    path = root / name
    text = path.read_text(encoding="utf-8")
    assert old in text, (name, old)
    path.write_text(text.replace(old, new), encoding="utf-8")


def second_version(root: Path) -> None:
    """What a quarter changes: the rep's guide gets a new version, the rep a KPI, a play
    for the rep, a responsibility of the manager's only, a task's words and a check."""
    edit(root, "playbook/collateral/guide.yml", "updated: 2026-10-01",
         "version: '2'\nupdated: 2026-11-20")
    edit(root, "playbook/roles/rep.yml", "works: [hot]", "works: [hot]\nkpis: [close-rate]")
    (root / "playbook/plays/follow-up.yml").write_text(
        "title: Follow up\nsummary: Two days later.\nstages: [hot]\nroles: [rep]\n"
        "steps:\n  - title: Write\nowner: Ana\n", encoding="utf-8")
    edit(root, "playbook/responsibilities/hiring.yml", "accountable: manager",
         "accountable: manager\ndescription: Find and hire reps who fit.")
    edit(root, "playbook/onboarding/welcome.yml", "Set up your laptop",
         "Set up your laptop and the CRM")
    edit(root, "playbook/onboarding/welcome.yml", "choices: [Your manager, Nobody]",
         "choices: [Your manager, Nobody, The customer]")


def two_releases(root: Path) -> Path:
    """A hub in git with two tags: 2026.1 (the first playbook), 2026.2 (a quarter later);
    HEAD is 2026.2, so pages compare with 2026.1."""
    write_hub(root, BASE | {})
    git(root, "init", "-q", "-b", "main")
    (root / ".gitignore").write_text("site*/\n")
    commit(root, "First playbook", "2026-01-15T10:00:00")
    git(root, "tag", "2026.1")
    second_version(root)
    commit(root, "Second quarter", "2026-04-02T10:00:00")
    git(root, "tag", "2026.2")
    return root


@pytest.fixture(scope="module")
def tagged(tmp_path_factory):
    root = two_releases(tmp_path_factory.mktemp("tagged") / "hub")
    result = run_mkdocs(root, root / "site")
    assert result.returncode == 0, result.stderr
    return Site(root / "site")


def listed(site: Site, url: str) -> dict[str, str]:
    """The changes a page lists under its "what changed" heading: id -> line."""
    heading = site.article(url).find(id="changes")
    assert heading is not None, f"no changes section on {url}"
    return {li["data-change"].split(":")[1]: li.get_text(" ", strip=True)
            for li in heading.find_all_next("li", attrs={"data-change": True})}


def test_a_role_page_lists_what_changed_for_it_since_the_last_release(tagged):
    section = tagged.article(REP).find(id="changes")
    assert "Since 2026.1 (2026-01-15)" in section.find_next("p").get_text()
    rep = listed(tagged, REP)
    assert "Version set to 2" in rep["guide"] and "Collateral" in rep["guide"]
    assert "KPIs + Close rate" in rep["rep"]  # the role itself
    assert rep["follow-up"].startswith("added Play")
    assert "close-rate" not in rep  # the metric itself did not change
    assert "hiring" not in rep and "board-deck" not in rep  # the manager's, not the rep's
    manager = listed(tagged, MANAGER)
    assert "Description set to" in manager["hiring"] or "Description" in manager["hiring"]
    assert "guide" not in manager and "follow-up" not in manager
    # the onboarding module for every role concerns both
    assert "welcome" in rep and "welcome" in manager
    assert rep["welcome"].startswith("changed Onboarding module Welcome")
    # a check whose choices changed is named by its question, not shown as data
    assert "Checks Who do you hand a large deal to? changed" in rep["welcome"]
    assert "Tasks + Set up your laptop and the CRM, − Set up your laptop" in rep["welcome"]
    assert "{" not in rep["welcome"]


def test_the_path_lists_what_changed_in_what_it_is_made_of(tagged):
    path = listed(tagged, "onboarding/rep/")
    assert {"guide", "follow-up", "rep", "welcome"} <= set(path)
    assert "hiring" not in path
    manager_path = listed(tagged, "onboarding/manager/")
    assert "follow-up" not in manager_path


def test_what_changed_speaks_the_readers_language(tagged):
    section = tagged.article("ur/" + REP).find(id="changes")
    assert section.get_text(strip=True).startswith("اس کردار کے لیے کیا بدلا")
    intro = section.find_next("p").get_text()
    assert "2026.1" in intro and "سے" in intro
    line = listed(tagged, "ur/" + REP)["guide"]
    assert "تبدیل" in line and "Collateral" not in line


def test_each_change_names_the_roles_it_concerns_and_the_role_pages_link_them(tagged):
    changes = tagged.article("changes/")
    roles = {li["data-change"].split(":")[1]: li["data-roles"].split()
             for li in changes.select("li[data-change]")}
    assert roles["guide"] == ["rep"]
    assert roles["hiring"] == ["manager"]
    assert sorted(roles["welcome"]) == ["manager", "rep"]
    options = [o["value"] for o in changes.select("[data-pb-changes] select option")]
    assert options == ["", "manager", "rep"]
    link = tagged.article(REP).find(id="changes").find_next("a", href=lambda h: "role=" in h)
    assert link["href"] == "../../changes/?role=rep"


def test_with_no_tag_the_latest_commits_are_compared(tmp_path):
    root = write_hub(tmp_path / "hub", BASE)
    git(root, "init", "-q", "-b", "main")
    (root / ".gitignore").write_text("site/\n")
    commit(root, "First playbook", "2026-01-15T10:00:00")
    edit(root, "playbook/collateral/guide.yml", "updated: 2026-10-01", "updated: 2026-11-20")
    commit(root, "Guide reviewed", "2026-02-01T10:00:00")
    assert run_mkdocs(root, root / "site").returncode == 0
    site = Site(root / "site")
    intro = site.article(REP).find(id="changes").find_next("p").get_text()
    assert intro.startswith("In the latest 2 commits to the playbook (since 2026-01-15)")
    rep = listed(site, REP)
    assert rep["guide"].startswith("added")  # the first commit is among those compared
    assert "board-deck" not in rep and "board-deck" in listed(site, MANAGER)


def test_outside_git_role_pages_have_no_changes_section(hub, tmp_path):
    root = hub()
    assert run_mkdocs(root, tmp_path / "site").returncode == 0
    assert Site(tmp_path / "site").article(REP).find(id="changes") is None


def test_only_the_files_changed_since_the_release_are_read_from_git(tmp_path, monkeypatch):
    """What changed since a release is read from git for the files that differ from it
    only (every file was read and parsed again, at every build and at every edit `mkdocs
    serve` shows: 2.7 s of each at 10,000 items), and is what reading every file gives,
    a change on disk since the last commit included; a file read through a link is read
    from git, as before."""
    import datetime as dt

    from playbook import earlier_files, history
    from playbook.pipeline import run
    from playbook.render_options import RenderOptions

    root = two_releases(tmp_path / "hub")
    edit(root, "playbook/collateral/board-deck.yml", "title: Board deck",
         "title: Board pack")  # (not committed)
    (root / "playbook/roles/manager.yml").rename(root / "playbook/manager.yml.txt")
    (root / "playbook/roles/manager.yml").symlink_to("../manager.yml.txt")
    playbook = run(root / "playbook", root / "content", root,
                   RenderOptions(today=dt.date(2026, 5, 1)), render_pages=False).playbook
    asked: list[str] = []

    def git(top, *args, input=None):
        if args[0] == "cat-file":
            asked.extend(input.decode().split())
        return real(top, *args, input=input)

    real = earlier_files.git
    monkeypatch.setattr(earlier_files, "git", git)
    since = history.changes(playbook, "2026.1")
    assert sorted(asked) == [f"2026.1:playbook/{name}" for name in (
        "collateral/board-deck.yml", "collateral/guide.yml", "onboarding/welcome.yml",
        "responsibilities/hiring.yml", "roles/manager.yml", "roles/rep.yml")]
    changed = {(c.kind, c.id): c.status for c in since.entities}
    assert changed[("collateral", "board-deck")] == "changed"
    assert changed[("plays", "follow-up")] == "added"
    assert ("roles", "manager") not in changed  # (the same data, read through a link)
    monkeypatch.setattr(earlier_files, "_changed_since", lambda *args: None)
    asked.clear()
    every = history.changes(playbook, "2026.1")
    assert len(asked) > 10 and every.entities == since.entities


# -- in the browser ------------------------------------------------------------------------

def test_the_changes_page_filters_by_role_and_keeps_it_in_the_address(tagged, chromium):
    with serve(tagged.root) as base:
        page = watched_page(chromium, base)
        page.goto(base + "changes/?role=rep")
        shown = page.locator("li[data-roles]:visible")
        texts = " ".join(shown.all_inner_texts())
        assert "Guide" in texts and "Hire reps" not in texts
        assert not page.locator("section.pb-changes-kind:has(a[href*=board-deck])").is_visible()
        page.select_option("[data-pb-changes] select", "manager")
        assert page.url.endswith("changes/?role=manager")
        texts = " ".join(page.locator("li[data-roles]:visible").all_inner_texts())
        assert "Hire reps" in texts and "Guide" not in texts
        page.select_option("[data-pb-changes] select", "")
        assert page.url.endswith("changes/")
        assert page.locator("li[data-roles]:visible").count() == \
            page.locator("li[data-roles]").count()
        assert page.errors == []
        page.close()


def test_a_tick_of_an_earlier_version_shows_as_changed(tmp_path, chromium):
    """A rep ticks tasks and answers the check; the playbook changes and is rebuilt; the
    tasks whose text or item changed are unticked and say what changed, the others keep
    their tick, and a new tick of the changed one stays."""
    root = write_hub(tmp_path / "hub", BASE)
    git(root, "init", "-q", "-b", "main")
    (root / ".gitignore").write_text("site/\n")
    commit(root, "First playbook", "2026-01-15T10:00:00")
    git(root, "tag", "2026.1")
    site = root / "site"
    assert run_mkdocs(root, site).returncode == 0
    with serve(site) as base:
        page = watched_page(chromium, base)
        page.goto(base + "onboarding/rep/")

        def task(words: str):
            return page.locator(".pb-tasks li", has_text=words).first

        for words in ("Meet your manager", "Set up your laptop", "Read Guide",
                      "Practise the play “First call”"):
            task(words).locator("input").check()
        page.locator("fieldset[data-pb-check] input[value='0']").check()
        assert page.locator("fieldset[data-pb-check] .pb-check__verdict").inner_text() == "Right."

        second_version(root)
        edit(root, "playbook/onboarding/welcome.yml", "- Meet your manager",
             "- en: Meet your manager\n    ur: اپنے مینیجر سے ملیں")  # only translated
        commit(root, "Second quarter", "2026-04-02T10:00:00")
        assert run_mkdocs(root, site).returncode == 0
        page.reload()

        kept = task("Meet your manager")
        assert kept.locator("input").is_checked()  # a translation added: the same task
        assert not kept.locator("[data-pb-changed]").is_visible()
        play = task("Practise the play “First call”")
        assert play.locator("input").is_checked()  # the play did not change
        guide = task("Read Guide")
        assert not guide.locator("input").is_checked()
        note = guide.locator("[data-pb-changed]")
        assert note.is_visible()
        assert "Changed since you ticked it." in note.inner_text()
        assert "Version set to 2" in note.inner_text()
        laptop = task("Set up your laptop and the CRM")
        assert not laptop.locator("input").is_checked()
        assert laptop.locator("[data-pb-changed]").is_visible()
        assert laptop.locator("[data-pb-changed] q").inner_text() == "Set up your laptop"
        check = page.locator("fieldset[data-pb-check]")
        assert check.locator("[data-pb-changed]").is_visible()
        assert not check.locator(".pb-check__verdict").is_visible()
        assert page.locator("[data-pb-progress-text]").inner_text().startswith("2 of")

        # still changed after a reload, until ticked again
        page.reload()
        assert task("Read Guide").locator("[data-pb-changed]").is_visible()
        task("Read Guide").locator("input").check()
        assert not task("Read Guide").locator("[data-pb-changed]").is_visible()
        page.reload()
        assert task("Read Guide").locator("input").is_checked()
        assert not task("Read Guide").locator("[data-pb-changed]").is_visible()
        assert task("Set up your laptop and the CRM").locator("[data-pb-changed]").is_visible()
        assert page.errors == []
        page.close()


def test_a_text_translated_says_so_and_not_that_it_was_rewritten(tmp_path):
    """A title or summary that gained an Urdu translation, its English words unchanged, is
    'translated into Urdu' in what changed (in the reader's words), not 'rewritten'."""
    root = write_hub(tmp_path / "hub", BASE | {})
    git(root, "init", "-q", "-b", "main")
    (root / ".gitignore").write_text("site*/\n")
    commit(root, "First playbook", "2026-01-15T10:00:00")
    git(root, "tag", "2026.1")
    edit(root, "playbook/roles/rep.yml", "title: Sales rep", "title: {en: Sales rep, ur: سیلز نمائندہ}")
    edit(root, "playbook/roles/rep.yml", "summary: Sells.",
         "summary:\n  en: Sells.\n  ur: فروخت کرتا ہے۔")
    edit(root, "playbook/roles/manager.yml", "summary: Leads the team.",
         "summary: Leads the sales team.")
    commit(root, "Urdu", "2026-02-01T10:00:00")
    result = run_mkdocs(root, root / "site")
    assert result.returncode == 0, result.stderr
    site = Site(root / "site")
    assert listed(site, REP)["rep"].endswith(
        "Title translated into Urdu; Summary translated into Urdu"), listed(site, REP)
    assert "Summary Leads the team. → Leads the sales team." in listed(site, MANAGER)["manager"]
    assert "اردو" in listed(site, "ur/" + REP)["rep"]


def test_a_list_of_texts_translated_is_one_line_and_no_data_shows(tmp_path):
    """The changes page showed a lead type's criteria translated as
    'Criteria + {"en": "...", "ur": "..."}, − ...': a list whose items gained a translation
    is 'translated into Urdu', and an item added to a list of texts shows its words."""
    root = write_hub(tmp_path / "hub", BASE | {
        "playbook/lead-types/hot.yml": "title: Hot lead\ndefinition: Wants to buy now.\n"
                                       "order: 10\ncriteria: [Asked for a demo, Has a budget]\n"})
    git(root, "init", "-q", "-b", "main")
    commit(root, "First", "2026-01-15T10:00:00")
    git(root, "tag", "2026.1")
    edit(root, "playbook/lead-types/hot.yml", "criteria: [Asked for a demo, Has a budget]",
         "criteria:\n  - {en: Asked for a demo, ur: ڈیمو مانگا}\n"
         "  - {en: Has a budget, ur: بجٹ ہے}")
    commit(root, "Urdu", "2026-02-01T10:00:00")
    git(root, "tag", "2026.2")
    edit(root, "playbook/lead-types/hot.yml", "  - {en: Has a budget, ur: بجٹ ہے}",
         "  - {en: Has a budget, ur: بجٹ ہے}\n  - {en: Named a date, ur: تاریخ بتائی}")
    commit(root, "More", "2026-03-01T10:00:00")
    result = run_mkdocs(root, root / "site")
    assert result.returncode == 0, result.stderr
    def hot(site: Site) -> str:
        return next(li.get_text(" ", strip=True) for li in site.article("changes/").select(
            "li[data-change]") if li["data-change"] == "lead-types:hot")

    line = hot(Site(root / "site"))
    assert "Criteria + Named a date" in line and "{" not in line, line
    git(root, "tag", "-d", "2026.2")  # compared with 2026.1: the translation, then the item
    result = run_mkdocs(root, root / "site2")
    line = hot(Site(root / "site2"))
    assert "{" not in line and "Named a date" in line, line
