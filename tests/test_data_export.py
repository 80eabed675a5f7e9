"""Data out: `playbook export` (the whole hub as JSON, the RACI matrix as CSV) and the files a
build publishes beside the site, read as another tool would read them."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import textwrap
from typing import Any, Optional
from urllib.parse import urljoin

import jsonschema
import pytest
from click.testing import CliRunner

from playbook.cli import main
from playbook.data_export import STRING_TEXTS
from playbook.kinds import KINDS, Kind, Ref
from playbook.load import load
from playbook.model import Entity, Name, Text, texts_of
from playbook.onboarding import PathBuilder
from playbook.yaml_loader import safe_data

from conftest import (REPO, TODAY, TODAY_EPOCH, MINI_HUB, Site, run_mkdocs, sample_stale,
                      with_plugin_file, write_hub)

DAY = dt.date.fromisoformat(TODAY)
SCHEMA = json.loads((REPO / "schemas/export.schema.json").read_text(encoding="utf-8"))


def invoke(*args: str):
    return CliRunner().invoke(main, list(args), env={"SOURCE_DATE_EPOCH": TODAY_EPOCH})


def schema_errors(data: Any) -> list[str]:
    validator = jsonschema.Draft202012Validator(SCHEMA,
                                                format_checker=jsonschema.FormatChecker())
    return [f"{'/'.join(map(str, e.absolute_path))}: {e.message}"
            for e in validator.iter_errors(data)]


@pytest.fixture(scope="module")
def pb():
    playbook, report = load(REPO / "playbook", REPO / "content", REPO)
    assert report.ok
    return playbook


@pytest.fixture(scope="module")
def exported() -> dict[str, Any]:
    result = invoke("export", str(REPO))
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def as_written(model: Any, default: str) -> Any:
    """A loaded model as JSON, each plain text as ``{default language: text}``: what the
    export must hold of it."""
    data = model.model_dump(mode="json")
    for path, text in texts_of(model):
        if isinstance(text.raw, str):
            *parents, last = path
            node = data
            for step in parents:
                node = node[step]
            node[last] = {default: text.raw}
    # the texts that 1.0 published as strings stay strings, in the default language only
    for name in STRING_TEXTS.get(type(model).__name__, ()):
        text = getattr(model, name)
        if text is not None:
            data[name] = text.raw if isinstance(text.raw, str) else text.raw[default]
    return data


# -- the file and its schema ----------------------------------------------------------------


def test_the_export_of_the_sample_validates_against_its_schema(exported):
    assert schema_errors(exported) == []
    assert exported["format"] == "playbook-hub-export"
    assert exported["schema_version"] == "1.0"
    assert exported["generator"]["name"] == "playbook-hub"
    assert exported["generated"] == TODAY
    assert exported["hub"]["source"] == "playbook/hub.yml"
    assert exported["hub"]["data"]["languages"] == ["en", "kn", "ur", "sr", "hu", "bn"]
    assert exported["hub"]["data"]["name"]["kn"] == "ನಾರ್ತ್‌ವಿಂಡ್ ಅನಾಲಿಟಿಕ್ಸ್ ಮಾರಾಟ ಕೈಪಿಡಿ"


def test_the_schema_refuses_what_the_export_never_writes(exported):
    broken = json.loads(json.dumps(exported))
    role = broken["entities"]["roles"]["account-executive"]
    role["data"]["title"] = "Account Executive"  # a text is always {language: text}
    del broken["entities"]["plays"]["mql-discovery-call"]["data"]["owner"]
    broken["entities"]["collateral"]["legacy-bi-battlecard"]["staleness"]["stale"] = "yes"
    broken["entities"]["metrics"]["close-rate"]["relations"]["refers_to"]["x[]"] = {}
    errors = schema_errors(broken)
    assert any("entities/roles/account-executive/data/title" in e for e in errors), errors
    assert any("'owner' is a required property" in e for e in errors), errors
    assert any("staleness/stale" in e for e in errors), errors
    assert any("refers_to" in e and "x[]" in e for e in errors), errors


def test_the_export_is_the_same_file_from_run_to_run_with_sorted_keys(exported):
    again = invoke("export", str(REPO))
    assert again.stdout == json.dumps(exported, indent=2, sort_keys=True,
                                      ensure_ascii=False) + "\n"


# -- every entity, nothing lost ---------------------------------------------------------------


def test_every_entity_of_every_kind_round_trips(pb, exported):
    default = pb.default_language
    assert set(exported["entities"]) == set(KINDS)
    for folder, kind in KINDS.items():
        records = exported["entities"][folder]
        assert set(records) == set(pb.entities[folder]), folder
        assert exported["kinds"][folder]["count"] == len(records)
        for id, entity in pb.entities[folder].items():
            record = records[id]
            written = as_written(entity, default)
            assert record["id"] == id
            assert record["data"] == written, f"{folder}/{id}"
            # read back by the model that validates the files, nothing is lost
            rebuilt = kind.model.model_validate(record["data"])
            assert as_written(rebuilt, default) == written, f"{folder}/{id}"
            source = REPO / record["source"]
            assert source.is_file() and source.stem == id
            assert record["source"] == pb.source_of(folder, id).file.display
            # every field the file gives is there
            in_file = safe_data(source.read_text(encoding="utf-8"))
            assert set(in_file) <= set(record["data"]), f"{folder}/{id}"
    assert sum(len(r) for r in exported["entities"].values()) == sum(
        len(e) for e in pb.entities.values()) > 100


def test_texts_are_objects_per_language_and_dates_iso(exported):
    role = exported["entities"]["roles"]["account-executive"]["data"]
    assert role["title"]["en"] == "Account Executive"
    assert len(role["title"]) > 1  # the sample translates its titles
    item = exported["entities"]["collateral"]["legacy-bi-battlecard"]["data"]
    assert item["updated"] == "2025-08-04" and item["review_by"] == "2026-02-04"
    assert item["file"] is None  # unset fields are there, as null
    assert exported["entities"]["roles"]["account-executive"]["page"] == \
        "roles/account-executive/"
    assert exported["entities"]["onboarding"]["crm-basics"]["page"] is None
    # a timeline was a string in 1.0 and stays one, in the default language, though the
    # sample translates it
    assert exported["entities"]["lead-types"]["warm"]["data"]["timeline"] == "About 2 months"


# -- relations, both ways ----------------------------------------------------------------


def test_relations_are_the_same_seen_from_both_sides(exported):
    entities = exported["entities"]
    checked = 0
    for folder, records in entities.items():
        for id, record in records.items():
            for field, named in record["relations"]["refers_to"].items():
                for other in named["ids"]:
                    back = entities[named["kind"]][other]["relations"]["referred_by"]
                    assert id in back[folder][field], f"{folder}/{id} {field} {other}"
                    checked += 1
            for kind, fields in record["relations"]["referred_by"].items():
                for field, ids in fields.items():
                    assert ids == sorted(ids)
                    for other in ids:
                        names = entities[kind][other]["relations"]["refers_to"][field]
                        assert names["kind"] == folder and id in names["ids"]
                        checked += 1
    assert checked > 1000


def test_relations_are_those_the_pages_show(pb, exported):
    entities = exported["entities"]

    def by(kind: str, id: str, other: str, field: str) -> list[str]:
        return entities[kind][id]["relations"]["referred_by"].get(other, {}).get(field, [])

    for lt in pb.lead_types:
        assert by("lead-types", lt, "roles", "works[]") == sorted(
            r.id for r in pb.referring("roles", "lead-types", "works").get(lt, []))
        assert by("lead-types", lt, "lead-sources", "produces[]") == sorted(
            s.id for s in pb.referring("lead-sources", "lead-types").get(lt, []))
        assert entities["lead-types"][lt]["relations"]["refers_to"]["next[]"]["ids"] == \
            pb.lead_types[lt].next
    for item in pb.collateral:
        rel = entities["collateral"][item]["relations"]
        plays = set(by("collateral", item, "plays", "steps[].collateral[]")) | set(
            by("collateral", item, "plays", "objections[].collateral[]"))
        assert plays == {p.id for p in pb.referring("plays", "collateral").get(item, [])}
        assert by("collateral", item, "onboarding", "collateral[]") == sorted(
            m.id for m in pb.referring("onboarding", "collateral").get(item, []))
        assert rel["refers_to"]["audience[]"]["ids"] == pb.collateral[item].audience
    for competitor in pb.competitors:
        assert by("competitors", competitor, "plays", "competitors[]") == sorted(
            p.id for p in pb.referring("plays", "competitors").get(competitor, []))
    for metric in pb.metrics:
        assert by("metrics", metric, "roles", "kpis[]") == sorted(
            r.id for r in pb.referring("roles", "metrics").get(metric, []))
        assert by("metrics", metric, "responsibilities", "metrics[]") == sorted(
            r.id for r in pb.referring("responsibilities", "metrics").get(metric, []))
    # a module for every role (roles: all) is one of each role's
    everyone = sorted(m.id for m in pb.onboarding.values() if m.roles == "all")
    assert everyone
    for role in pb.roles:
        assert set(everyone) <= set(by("roles", role, "onboarding", "roles[]"))


def test_raci_letters_of_roles_and_responsibilities(pb, exported):
    roles, resps = exported["entities"]["roles"], exported["entities"]["responsibilities"]
    assert roles["account-executive"]["relations"]["raci"]["deal-closing"] == "A/R"
    assert resps["deal-closing"]["relations"]["raci"]["account-executive"] == "A/R"
    for resp in pb.responsibilities.values():
        for role in pb.roles:
            letters = pb.raci_letters(resp, role)
            assert resps[resp.id]["relations"]["raci"].get(role, "") == letters
            assert roles[role]["relations"].get("raci", {}).get(resp.id, "") == letters


# -- staleness ----------------------------------------------------------------------------


def test_staleness_is_the_builds_with_its_due_date(pb, exported):
    stale = []
    for folder, records in exported["entities"].items():
        for id, record in records.items():
            staleness = record["staleness"]
            if not {"updated", "review_by"} <= set(KINDS[folder].model.model_fields):
                assert staleness is None
                continue
            item = pb.entities[folder][id]
            assert staleness["stale"] == pb.is_stale(item, DAY), f"{folder}/{id}"
            assert staleness["reason"] == (pb.stale_reason(item, DAY) or None)
            due = staleness["due"] and dt.date.fromisoformat(staleness["due"])
            # stale exactly on the days after its due date
            assert staleness["stale"] == bool(due and DAY > due), f"{folder}/{id}"
            if due:
                assert staleness["days_overdue"] == (DAY - due).days
            if staleness["stale"]:
                stale.append(f"{folder}/{id}")
    # as `playbook validate` warns: 3 items, and one of each other kind that goes stale
    assert len(stale) == sample_stale()
    item = exported["entities"]["collateral"]["legacy-bi-battlecard"]["staleness"]
    assert item == {"stale": True, "due": "2026-02-04", "days_overdue": 294,
                    "limit_days": 365, "reason": "its review date 2026-02-04 has passed"}


def test_staleness_is_judged_on_the_date_given(exported):
    later = json.loads(invoke("export", str(REPO), "--today", "2030-01-01").stdout)
    assert later["generated"] == "2030-01-01"
    fresh = [id for id, r in exported["entities"]["collateral"].items()
             if r["staleness"]["due"] and not r["staleness"]["stale"]]
    assert fresh
    assert all(later["entities"]["collateral"][id]["staleness"]["stale"] for id in fresh)


# -- onboarding paths ---------------------------------------------------------------------


def test_each_role_has_its_path_with_weeks_modules_and_tasks(pb, exported):
    paths = exported["onboarding_paths"]
    assert set(paths) == set(pb.roles)
    site_paths = {p.role.id: p for p in PathBuilder(pb, language="en").paths()}
    for role, path in paths.items():
        shown = site_paths[role]
        assert [m["key"] for m in path["modules"]] == [m.key for m in shown.modules]
        assert [w["modules"] for w in path["weeks"]] == [
            [m.key for m in w.modules] for w in shown.weeks]
        assert path["week_count"] == shown.week_count and path["hours"] == pytest.approx(shown.hours)
        assert path["page"] == f"onboarding/{role}/"
        for module, made in zip(path["modules"], shown.modules):
            assert [t["key"] for t in module["tasks"]] == [t.key for t in made.tasks]
            assert all(t["text"]["en"] for t in module["tasks"])
    # an authored module keeps the hub's own texts; a generated one has ours, in each
    # language
    ae = {m["key"]: m for m in paths["account-executive"]["modules"]}
    welcome = pb.onboarding["welcome-and-company"]
    assert ae["welcome-and-company"]["source"] == "playbook/onboarding/welcome-and-company.yml"
    written = exported["entities"]["onboarding"]["welcome-and-company"]["data"]["tasks"]
    assert written and len(written) == len(welcome.tasks)
    assert [t["text"] for t in ae["welcome-and-company"]["tasks"]][:len(written)] == written
    kpis = ae["generated-kpis"]
    assert kpis["generated"] and kpis["group"] == "kpis"
    assert set(kpis["title"]) == set(pb.hub.languages)
    assert kpis["title"]["en"] == "The KPIs you are judged on"
    assert kpis["title"]["kn"] == pb.words("kn")("The KPIs you are judged on") != \
        kpis["title"]["en"]


def test_generated_texts_are_plain_text_in_a_right_to_left_language(pb, exported):
    tasks = [t["text"]["ur"] for path in exported["onboarding_paths"].values()
             for m in path["modules"] if m["generated"] for t in m["tasks"]]
    assert tasks
    assert not [t for t in tasks if "\u2068" in t or "\u2069" in t]
    kpi = pb.metrics["close-rate"].title.get("ur", "en")
    assert any(kpi in t for t in tasks)


def test_knowledge_checks_are_in_the_path(exported):
    checks = [c for path in exported["onboarding_paths"].values()
              for m in path["modules"] for c in m["checks"]]
    assert checks
    assert all(0 <= c["check"]["answer"] < len(c["check"]["choices"]) for c in checks)


# -- the command line ---------------------------------------------------------------------


def test_export_to_a_file_writes_what_stdout_gets(tmp_path, exported):
    target = tmp_path / "out" / "hub.json"
    target.parent.mkdir()
    result = invoke("export", str(REPO), "--format", "json", "-o", str(target))
    assert result.exit_code == 0
    assert result.stdout == ""
    assert f"wrote {target}" in result.stderr
    assert json.loads(target.read_text(encoding="utf-8")) == exported
    dash = invoke("export", str(REPO), "-o", "-")
    assert json.loads(dash.stdout) == exported


def test_export_raci_csv_in_a_language(pb):
    result = invoke("export", str(REPO), "--format", "raci-csv", "--language", "kn")
    assert result.exit_code == 0
    rows = list(csv.reader(io.StringIO(result.stdout.removeprefix("\ufeff"))))
    assert rows[0][0] == "ಜವಾಬ್ದಾರಿ"
    assert pb.roles["account-executive"].title.get("kn", "en") in rows[0]


def test_export_of_a_broken_hub_exits_1_with_located_errors(hub):
    root = hub({"playbook/roles/rep.yml": "title: R\nsummary: S\nteam: sales\n"
                                          "reports_to: nobody\n"})
    result = invoke("export", str(root))
    assert result.exit_code == 1
    assert result.stdout == ""
    assert "playbook/roles/rep.yml:4:13: error: reports_to: unknown role 'nobody'" in \
        result.stderr
    assert "Traceback" not in result.output


@pytest.mark.parametrize("args, says", [
    (["--format", "xml"], "'xml' is not one of 'json', 'raci-csv'"),
    (["--today", "25/11/2026"], "expected a date YYYY-MM-DD, found '25/11/2026'"),
    (["--format", "raci-csv", "--language", "de"], "expected one of the hub's languages"),
    (["--language", "en"], "--language is for --format raci-csv"),
])
def test_export_refuses_bad_options_with_exit_2(hub, args, says):
    result = invoke("export", str(hub()), *args)
    assert result.exit_code == 2
    assert says in result.stderr and "Traceback" not in result.output


def test_export_outside_a_hub_and_to_an_unwritable_file(hub, tmp_path):
    outside = invoke("export", str(tmp_path / "nowhere"))
    assert outside.exit_code == 2 and "start one with `playbook init`" in outside.stderr
    root = hub()
    result = invoke("export", str(root), "-o", str(tmp_path / "missing" / "hub.json"))
    assert result.exit_code == 1
    assert "missing/hub.json" in result.stderr and "No such file" in result.stderr
    assert "Traceback" not in result.output


def test_a_new_kind_is_exported_with_no_change_to_the_exporter(hub, monkeypatch):
    """The export and its schema come from the registry: a kind added there is in both."""
    import datetime

    from playbook import data_export, data_export_schema, pipeline, render

    class Widget(Entity):
        title: Text
        owner: Name
        roles: list[Name] = []
        updated: Optional[datetime.date] = None
        review_by: Optional[datetime.date] = None

    kind = Kind("widgets", Widget, "widget", "widgets", (Ref("roles[]", "roles"),),
                "role.html.j2", "roles_index.html.j2", "Roles", "widget", "Role",
                stale_after="stale_after_days", stale_word="widget", review_word="widget")
    monkeypatch.setitem(KINDS, "widgets", kind)
    root = hub({"playbook/widgets/gizmo.yml": "title: Gizmo\nowner: Ana\nroles: [rep]\n"
                                              "updated: 2020-01-01\n"})
    result = pipeline.run(root / "playbook", root / "content", root,
                          render.RenderOptions(today=DAY), render_pages=False)
    assert result.report.ok, [i.format() for i in result.report]
    data = json.loads(data_export.export_json(result.playbook, DAY))
    gizmo = data["entities"]["widgets"]["gizmo"]
    assert gizmo["data"] == {"title": {"en": "Gizmo"}, "owner": "Ana", "roles": ["rep"],
                             "updated": "2020-01-01", "review_by": None}
    assert gizmo["relations"]["refers_to"]["roles[]"] == {"kind": "roles", "ids": ["rep"]}
    assert data["entities"]["roles"]["rep"]["relations"]["referred_by"]["widgets"] == {
        "roles[]": ["gizmo"]}
    assert gizmo["staleness"]["stale"] is True
    validator = jsonschema.Draft202012Validator(data_export_schema.schema())
    assert list(validator.iter_errors(data)) == []
    data["entities"]["widgets"]["gizmo"]["data"]["colour"] = "red"
    assert list(validator.iter_errors(data))


# -- what a build publishes -----------------------------------------------------------------


def read_csv(path) -> list[list[str]]:
    return list(csv.reader(io.StringIO(path.read_text(encoding="utf-8-sig"), newline="")))


def download_links(site: Site, url: str) -> dict[str, str]:
    """The download links under the RACI matrix: their text -> the site path they open."""
    links = site.article(url).select(".pb-downloads a[href]")
    return {a.get_text(strip=True): urljoin("http://s/" + url, a["href"])[len("http://s/"):]
            for a in links}


def test_the_build_publishes_the_export_beside_the_site(sample_site, exported):
    published = (sample_site.root / "playbook.json").read_text(encoding="utf-8")
    assert json.loads(published) == exported  # the same file as `playbook export`
    for path in exported["onboarding_paths"].values():
        assert sample_site.path(path["page"]).is_file()
    for records in exported["entities"].values():
        for record in records.values():
            if record["page"]:
                assert sample_site.path(record["page"]).is_file(), record["page"]
    # once, for every language's site
    assert not (sample_site.root / "kn" / "playbook.json").exists()


def test_the_build_publishes_the_raci_matrix_as_csv(sample_site, pb):
    rows = read_csv(sample_site.root / "raci.csv")
    header = rows[0]
    assert header[0] == "Responsibility"
    assert header[1:] == [str(r.title.get("en", "en")) for r in pb.raci_roles]
    by_title = {row[0]: row[1:] for row in rows[1:]}
    assert len(by_title) == len(pb.responsibilities)
    closing = by_title["Close deals"]
    assert closing[header.index("Account Executive") - 1] == "A/R"
    for resp in pb.responsibilities.values():
        assert by_title[resp.title.get("en", "en")] == [
            pb.raci_letters(resp, role.id) for role in pb.raci_roles]
    kannada = read_csv(sample_site.root / "kn" / "raci.csv")
    assert kannada[0][0] == "ಜವಾಬ್ದಾರಿ"
    assert kannada[0][1:] == [r.title.get("kn", "en") for r in pb.raci_roles]


def test_the_responsibilities_page_links_the_downloads(sample_site):
    links = download_links(sample_site, "responsibilities/")
    assert links == {"RACI matrix (CSV)": "raci.csv",
                     "The whole playbook (JSON)": "playbook.json"}
    for target in links.values():
        assert sample_site.path(target).is_file()
    # another language's site: its own matrix, the one export, in its words
    links = download_links(sample_site, "kn/responsibilities/")
    assert links == {"RACI ಮ್ಯಾಟ್ರಿಕ್ಸ್ (CSV)": "kn/raci.csv",
                     "ಸಂಪೂರ್ಣ ಕೈಪಿಡಿ (JSON)": "playbook.json"}
    for target in links.values():
        assert sample_site.path(target).is_file()


def test_a_hub_without_directory_urls_links_its_downloads_too(tmp_path):
    files = dict(MINI_HUB)
    files["mkdocs.yml"] = textwrap.dedent(files["mkdocs.yml"]).strip() + \
        "\nuse_directory_urls: false\n"
    root = write_hub(tmp_path / "hub", files)
    site = tmp_path / "site"
    result = run_mkdocs(root, site, "--strict")
    assert result.returncode == 0, result.stderr
    built = Site(site)
    links = download_links(built, "responsibilities/index.html")
    assert set(links.values()) == {"raci.csv", "playbook.json"}
    data = json.loads((site / "playbook.json").read_text(encoding="utf-8"))
    assert data["entities"]["roles"]["rep"]["page"] == "roles/rep.html"
    assert (site / "roles/rep.html").is_file()
    assert read_csv(site / "raci.csv") == [["Responsibility", "Sales manager", "Sales rep"],
                                           ["Close deals", "A", "R"]]


def test_a_file_of_that_name_another_plugin_makes_is_published_instead(hub, tmp_path):
    """(One of the docs folder is an error: tests/test_untrusted.py.)"""
    root = with_plugin_file(hub(), "raci.csv", "our,own\n")
    site = tmp_path / "site"
    result = run_mkdocs(root, site, "--strict")
    assert result.returncode == 0, result.stderr
    assert (site / "raci.csv").read_text(encoding="utf-8") == "our,own\n"
    assert json.loads((site / "playbook.json").read_text(encoding="utf-8"))["entities"][
        "roles"]["rep"]["relations"]["raci"] == {"closing": "R"}
