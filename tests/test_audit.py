"""The content audit: the page and `playbook audit` show the same findings."""

from __future__ import annotations

import datetime as dt

from click.testing import CliRunner

from playbook import RenderOptions, run
from playbook.audit import audit
from playbook.cli import main
from playbook.kinds import reviewed

from conftest import REPO, sample_stale

TODAY = dt.date(2026, 11, 25)


def sample():
    result = run(REPO / "playbook", REPO / "content", REPO, RenderOptions(today=TODAY),
                 render_pages=False)
    return result.playbook, audit(result.playbook, TODAY)


def test_audit_of_a_small_hub_finds_each_kind_of_gap(hub):
    root = hub({
        "playbook/roles/idle.yml": "title: Idle\nsummary: Nothing yet.\nteam: sales\n",
        "playbook/roles/reader.yml": "title: Reader\nsummary: Reads.\nteam: sales\n",
        "playbook/lead-types/cold.yml": "title: Cold\ndefinition: D\norder: 1\n",
        "playbook/responsibilities/closing.yml": "title: C\naccountable: manager\n"
                                                 "responsible: [rep]\n",
        "playbook/collateral/old.yml": "title: Old deck\nsummary: S\ntype: deck\n"
                                       "url: https://example.com/d\naudience: [rep, reader]\n"
                                       "owner: Bo\nupdated: 2020-01-01\n",
    })
    result = run(root / "playbook", root / "content", root, RenderOptions(today=TODAY),
                 render_pages=False)
    a = audit(result.playbook, TODAY)
    assert [r.id for r in a.roles_without_responsibilities] == ["idle", "reader"]
    assert [r.id for r in a.responsibilities_without_metrics] == ["closing"]
    assert [lt.id for lt in a.unfed_lead_types] == ["cold"]
    assert [(q.owner, [(i.entity.id, i.days, i.reason(result.playbook, TODAY)) for i in q.items])
            for q in a.review] == [
        ("Bo", [("old", 2155, "last updated 2020-01-01, 2520 days ago (more than 365)")])]
    coverage = {role.id: counts for role, counts in a.coverage}
    assert [lt.id for lt in a.stages] == ["cold", "hot"]
    # the idle role and the manager work no lead type and no item is meant for them: no
    # gaps; the reader is given an item for no stage: two gaps
    assert coverage == {"rep": [0, 1], "reader": [0, 0]}
    assert [r.id for r in a.roles_without_collateral] == ["idle", "manager"]
    assert a.gaps == 3
    assert a.off_paths == []  # every item meant for a role is on that role's path


def test_items_off_every_path_are_those_no_languages_path_has(hub):
    """Issue 34: an Urdu item is a task of the Urdu site's paths; the audit does not call
    it off every path. An item in a language the hub does not publish is."""
    from playbook.onboarding import PathBuilder

    item = ("title: {t}\nsummary: S\ntype: deck\nurl: https://example.com/d\n"
            "audience: [rep]\nowner: Bo\nlanguage: {lang}\n")
    root = hub({"playbook/hub.yml": "name: Mini hub\nlanguages: [en, ur]\n",
                "playbook/collateral/urdu.yml": item.format(t="Urdu deck", lang="ur"),
                "playbook/collateral/japanese.yml": item.format(t="Japanese deck",
                                                                lang="ja")})
    pb = run(root / "playbook", root / "content", root, RenderOptions(today=TODAY),
             render_pages=False).playbook
    off = [c.id for c in audit(pb, TODAY).off_paths]
    assert off == ["japanese"]
    on = {ln[1] for lang in pb.hub.languages
          for path in PathBuilder(pb, language=lang).paths() for m in path.modules
          for ln in m.links if ln[0] == "collateral"}
    assert set(pb.collateral) - on == set(off)  # the audit says what the paths say


def test_a_lead_type_another_leads_to_is_fed(hub):
    root = hub({
        "playbook/lead-types/cold.yml": "title: Cold\ndefinition: D\norder: 1\nnext: [warm]\n",
        "playbook/lead-types/warm.yml": "title: Warm\ndefinition: D\norder: 2\nnext: [warm]\n",
        "playbook/lead-types/lost.yml": "title: Lost\ndefinition: D\norder: 3\nnext: [lost]\n",
    })
    result = run(root / "playbook", root / "content", root, RenderOptions(today=TODAY),
                 render_pages=False)
    # warm is reached from cold; lost only from itself, cold from nothing; hot has a source
    assert [lt.id for lt in audit(result.playbook, TODAY).unfed_lead_types] == ["cold", "lost"]
    out = CliRunner().invoke(main, ["audit", str(root), "--today", "2026-11-25"]).output
    assert "Lead types nothing feeds: no source produces them, no lead type leads to them (2)" \
        in out


def test_audit_page_matches_the_data(sample_site):
    pb, a = sample()
    article = sample_site.article("audit/")
    table = article.select_one("table:has(.pb-heat)")
    rows = table.select("tbody tr")
    assert len(rows) == len(a.coverage) == len(pb.roles) - len(a.roles_without_collateral)
    for row, (role, counts) in zip(rows, a.coverage):
        assert row.a["href"] == f"../roles/{role.id}/"
        assert [int(c["data-count"]) for c in row.select(".pb-heat")] == counts
    left_out = [x["href"] for x in article.select(".pb-audit-left-out a")]
    assert left_out == [f"../roles/{r.id}/" for r in a.roles_without_collateral]
    assert {r.id for r in a.roles_without_collateral} == {
        "sales-director", "enablement-manager", "sales-operations-manager"}
    summary = article.select_one(".pb-audit-summary").get_text(" ", strip=True)
    assert f"{a.gaps} gaps in the coverage matrix" in summary
    assert f"{sample_stale()} overdue for review" in summary
    assert "1 due for review within 30 days" in summary
    # each number leads to its section, in every language's site (issue 34)
    for prefix in ("", "ur/"):
        page = sample_site.article(prefix + "audit/")
        tiles = [a["href"] for a in page.select(".pb-audit-summary a.pb-audit-tile")]
        assert len(tiles) == 8
        assert all(page.find(id=href[1:]) and page.find(id=href[1:]).name == "h2"
                   for href in tiles), tiles


def test_audit_page_groups_the_review_queue_by_owner_most_overdue_first(sample_site):
    pb, a = sample()
    article = sample_site.article("audit/")
    owners = article.select("h3.pb-review-owner")
    assert [h.contents[0].get_text(strip=True) for h in owners] == [
        "Hannah Okafor (Content Marketing)", "Priya Natarajan (Product Marketing)",
        "Tomás Reyes (Sales Enablement)"]
    tables = article.select("table[data-pb-review]")
    assert len(tables) == 3
    rows = [[(tr.a["href"], int(tr["data-days-overdue"]), tr.select("td")[2].get_text(strip=True))
             for tr in t.select("tbody tr")] for t in tables]
    assert rows[2] == [
        ("../competitors/spreadsheets/", 115, "115 days overdue"),
        ("../plays/rescue-a-missed-meeting/", 85, "85 days overdue"),
        ("../collateral/cold-outreach-sequence/", -20, "due in 20 days")]
    assert [r[0][1] for r in rows] == sorted((r[0][1] for r in rows), reverse=True)
    stale = {href.split("/")[-2] for table in rows for href, days, _ in table if days > 0}
    assert stale == {id for kind in reviewed()
                     for id, e in pb.entities[kind].items() if pb.is_stale(e, TODAY)}
    # one list of what is stale: no second copy of it on the page
    assert article.find(id="stale-items") is None and article.find(id="stale-plays") is None
    hu = sample_site.article("hu/audit/")
    assert "531 napja lejárt" in hu.select_one("table[data-pb-review]").get_text(" ", strip=True)


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
    assert lines[2 + len(a.coverage)] == (
        "Left out, as they use no collateral (they work no lead type and no item is meant for "
        "them): sales-director, enablement-manager, sales-operations-manager")
    queue = lines.index("Review queue: overdue, or due within 30 days, by owner "
                        f"({sample_stale() + 1})")
    assert lines[queue + 2].startswith("Hannah Okafor (Content Marketing)    531 days overdue  "
                                       "collateral/meridian-freight-case-study  last updated")
    due = next(line for line in lines[queue:] if "collateral/cold-outreach-sequence" in line)
    assert due.split()[-4:] == ["collateral/cold-outreach-sequence", "review", "date",
                                "2026-12-15"]
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


def test_a_reader_of_every_language_has_what_each_languages_paths_have():
    """The audit asks one path per role of a reader of every language (EVERY_LANGUAGE): on
    the sample hub, its items are those of the paths of all six sites together."""
    from conftest import REPO
    from playbook.onboarding import EVERY_LANGUAGE, PathBuilder

    pb = run(REPO / "playbook", REPO / "content", REPO, RenderOptions(today=TODAY),
             render_pages=False).playbook

    def items(lang):
        return {(path.role.id, ln[1]) for path in PathBuilder(pb, language=lang).paths()
                for m in path.modules for ln in m.links if ln[0] == "collateral"}

    each = set().union(*(items(lang) for lang in pb.hub.languages))
    assert items(EVERY_LANGUAGE) == each and len(each) > len(items("en"))


def test_in_a_hub_of_one_language_the_audit_reads_the_sites_paths(tmp_path):
    """A hub of one language: the audit takes the paths its site's pages are made from
    (derived.Derived.audit: at 10,000 items it made them again for every language, 0.2 s of
    every update in `mkdocs serve`), and finds what it finds with paths of its own; items in
    a language the hub does not publish are on no path either way."""
    from compact_hub import compact_sample
    from playbook.onboarding import EVERY_LANGUAGE, PathBuilder
    from playbook.render import Renderer

    root = compact_sample(tmp_path / "hub", ("en",))
    (root / "playbook/collateral/urdu-only.yml").write_text(
        "title: {ur: صرف اردو}\nsummary: {ur: خلاصہ}\ntype: one-pager\n"
        "url: https://example.com/ur\nlanguage: ur\n"
        "audience: [account-executive]\nstages: [hot]\nowner: Ana\nupdated: 2026-11-01\n",
        encoding="utf-8")
    result = run(root / "playbook", root / "content", root, RenderOptions(today=TODAY),
                 render_pages=False)
    pb = result.playbook
    assert pb.hub.languages == ["en"] and result.report.ok, result.report.errors[:3]
    own = audit(pb, TODAY)
    site = PathBuilder(pb).paths()

    def links(paths):
        return {ln for p in paths for m in p.modules for ln in m.links}

    assert links(site) == links(PathBuilder(pb, language=EVERY_LANGUAGE).paths())
    given = audit(pb, TODAY, paths=site)
    assert given == own and "urdu-only" in {e.id for e in own.off_paths}
    assert len(own.off_paths) < len(pb.entities["collateral"])
    made = Renderer(pb, RenderOptions(today=TODAY)).derived.audit  # (what the page shows)
    assert made == own
