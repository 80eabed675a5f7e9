"""The content audit: the page and `playbook audit` show the same findings."""

from __future__ import annotations

import datetime as dt

from click.testing import CliRunner

from playbook import RenderOptions, run
from playbook.audit import audit
from playbook.cli import main

from conftest import REPO

TODAY = dt.date(2026, 11, 25)


def sample():
    result = run(REPO / "playbook", REPO / "content", REPO, RenderOptions(today=TODAY),
                 render_pages=False)
    return result.playbook, audit(result.playbook, TODAY)


def test_audit_of_a_small_hub_finds_each_kind_of_gap(hub):
    root = hub({
        "playbook/roles/idle.yml": "title: Idle\nsummary: Nothing yet.\nteam: sales\n",
        "playbook/lead-types/cold.yml": "title: Cold\ndefinition: D\norder: 1\n",
        "playbook/responsibilities/closing.yml": "title: C\naccountable: manager\n"
                                                 "responsible: [rep]\n",
        "playbook/collateral/old.yml": "title: Old deck\nsummary: S\ntype: deck\n"
                                       "url: https://example.com/d\naudience: [rep]\n"
                                       "stages: [cold]\nowner: Bo\nupdated: 2020-01-01\n",
    })
    result = run(root / "playbook", root / "content", root, RenderOptions(today=TODAY),
                 render_pages=False)
    a = audit(result.playbook, TODAY)
    assert [r.id for r in a.roles_without_responsibilities] == ["idle"]
    assert [r.id for r in a.responsibilities_without_metrics] == ["closing"]
    assert [lt.id for lt in a.lead_types_without_sources] == ["cold"]
    assert [(c.id, why) for c, why in a.stale] == [
        ("old", "last updated 2020-01-01, 2520 days ago (more than 365)")]
    coverage = {role.id: counts for role, counts in a.coverage}
    assert [lt.id for lt in a.stages] == ["cold", "hot"]
    assert coverage["rep"] == [1, 1] and coverage["idle"] == [0, 0]
    assert a.off_paths == []  # every item meant for a role is on that role's path


def test_audit_page_matches_the_data(sample_site):
    pb, a = sample()
    article = sample_site.article("audit/")
    table = article.select_one("table:has(.pb-heat)")
    rows = table.select("tbody tr")
    assert len(rows) == len(pb.roles)
    for row, (role, counts) in zip(rows, a.coverage):
        assert row.a["href"] == f"../roles/{role.id}/"
        assert [int(c["data-count"]) for c in row.select(".pb-heat")] == counts
    stale = {a_["href"].split("/")[-2] for a_ in
             article.find(id="stale-items").find_next("table").select("td:first-child a")}
    assert stale == {c.id for c, _ in a.stale}
    summary = article.select_one(".pb-audit-summary").get_text(" ", strip=True)
    assert f"{a.gaps} gaps in the coverage matrix" in summary


def test_audit_command_prints_the_same(sample_site):
    pb, a = sample()
    result = CliRunner().invoke(main, ["audit", str(REPO)],
                                env={"SOURCE_DATE_EPOCH": "1795564800"})
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0] == f"Coverage: collateral per role and funnel stage ({a.gaps} gaps)"
    assert lines[1].split() == ["role"] + [lt.id for lt in a.stages]
    first_role, first_counts = a.coverage[0]
    assert lines[2].split()[-len(first_counts):] == [str(n) for n in first_counts]
    assert f"Stale items ({len(a.stale)})" in lines
    assert "Responsibilities with no metrics (2)" in lines


def test_audit_command_on_a_broken_hub_points_to_validate(hub):
    root = hub({"playbook/roles/rep.yml": "title: R\nsummary: S\nteam: nope\n"})
    result = CliRunner().invoke(main, ["audit", str(root)])
    assert result.exit_code == 1
    assert "The hub has errors (1 error, 0 warnings): run `playbook validate`." in result.output


def test_pre_commit_hook_runs_playbook_validate():
    import yaml

    hooks = yaml.safe_load((REPO / ".pre-commit-hooks.yaml").read_text())
    assert hooks[0]["id"] == "playbook-validate"
    assert hooks[0]["entry"] == "playbook validate"
    assert hooks[0]["pass_filenames"] is False
    pyproject = (REPO / "pyproject.toml").read_text()
    assert 'playbook = "playbook.cli:main"' in pyproject
