"""Authoring: `playbook new` scaffolds valid files, and the JSON Schemas editors use agree
with the validator on good and broken files."""

from __future__ import annotations

import datetime as dt
import json
import re

import jsonschema
import pytest
import yaml
from click.testing import CliRunner

from playbook import RenderOptions, run
from playbook.cli import main
from playbook.kinds import KINDS
from playbook.load import read_hub
from playbook.schema import schema_name, schemas

from conftest import REPO

TODAY = dt.date(2026, 11, 25)


class _Yaml12Loader(yaml.SafeLoader):
    """How editors read YAML (1.2): dates stay strings, only true/false are booleans."""


_Yaml12Loader.yaml_implicit_resolvers = {
    k: [(tag, rx) for tag, rx in v if tag not in ("tag:yaml.org,2002:timestamp",
                                                   "tag:yaml.org,2002:bool")]
    for k, v in yaml.SafeLoader.yaml_implicit_resolvers.items()}


#: The validators of the schemas with no hub's words, made once (a hundred files use them).
_VALIDATORS: dict[str, jsonschema.Draft202012Validator] = {}


def schema_errors(kind: str, text: str, hub=None) -> list[str]:
    validator = _VALIDATORS.get(kind) if hub is None else None
    if validator is None:
        schema = schemas(hub)[schema_name(kind)]
        validator = jsonschema.Draft202012Validator(
            schema, format_checker=jsonschema.FormatChecker())
        if hub is None:
            _VALIDATORS[kind] = validator
    data = yaml.load(text, Loader=_Yaml12Loader)
    return [e.message for e in validator.iter_errors(data)]


def test_committed_schemas_are_up_to_date():
    """schemas/ is what `playbook schema` writes today in the sample hub: editors never
    see stale schemas."""
    for name, schema in schemas(read_hub(REPO / "playbook", REPO)).items():
        committed = json.loads((REPO / "schemas" / name).read_text())
        assert committed == schema, f"schemas/{name} is stale: run `playbook schema`"
    settings = json.loads((REPO / ".vscode/settings.json").read_text())
    assert settings["yaml.schemas"]["./schemas/roles.schema.json"] == [
        "playbook/roles/*.yml", "playbook/roles/*.yaml"]


def test_every_sample_file_passes_its_schema():
    checked = 0
    for folder in KINDS:
        for path in sorted((REPO / "playbook" / folder).glob("*.yml")):
            assert schema_errors(folder, path.read_text()) == [], path
            checked += 1
    assert schema_errors("", (REPO / "playbook/hub.yml").read_text()) == []
    assert checked > 100


BROKEN = [
    ("metrics", "title: C\ndefintion: x\n", "Additional properties"),
    ("metrics", "title: C\n", "'definition' is a required property"),
    ("roles", "title: R\nsummary: S\nteam: sales\nworks: hot\n", "is not of type 'array'"),
    ("roles", "title: R\nsummary: S\nteam: sales\nfocus: medium-term\n", "is not valid under"),
    ("responsibilities", "title: C\naccountable: [a, b]\nresponsible: [a]\n", "is not of type"),
    ("responsibilities", "title: C\naccountable: a\nresponsible: []\n", "should be non-empty"),
    ("lead-types", "title: H\ndefinition: D\norder: first\n", "is not of type 'integer'"),
    ("collateral", "title: G\nsummary: S\ntype: deck\naudience: [a]\nowner: O\n",
     "is not valid under any of the given schemas"),
    ("collateral", "title: G\nsummary: S\ntype: deck\naudience: [a]\nowner: O\n"
                   "url: https://x.org\nlanguage: English\n", "is not valid under"),
    ("onboarding", "title: W\nroles: all\nhours: 0\n", "less than or equal to the minimum"),
]


@pytest.mark.parametrize("kind, text, schema_says", BROKEN)
def test_schema_and_validator_agree_on_broken_files(hub, kind, text, schema_says):
    errors = schema_errors(kind, text)
    assert any(schema_says in e for e in errors), errors
    name = {"metrics": "close-rate", "roles": "rep", "responsibilities": "closing",
            "lead-types": "hot", "collateral": "guide", "onboarding": "welcome"}[kind]
    root = hub({f"playbook/{kind}/{name}.yml": text})
    result = run(root / "playbook", root / "content", root, RenderOptions(today=TODAY),
                 render_pages=False)
    own = [i for i in result.report.errors if i.location.path.endswith(f"{name}.yml")]
    assert own, f"the validator accepted what the schema refuses: {text!r}"


@pytest.mark.parametrize("kind", sorted(KINDS))
def test_new_writes_a_file_that_passes_validation_and_schema(hub, kind):
    root = hub()
    result = CliRunner().invoke(main, ["new", kind, "fresh-one", "--hub", str(root)])
    assert result.exit_code == 0, result.output
    path = root / "playbook" / kind / "fresh-one.yml"
    text = path.read_text()
    # (this hub has no schemas/: the file names none; tests/test_init.py has one that does)
    assert "$schema" not in text and text.startswith("# A")
    for name, field in KINDS[kind].model.model_fields.items():
        if field.is_required():
            assert re.search(rf"^{name}: ", text, re.M), name
    assert schema_errors(kind, text) == []
    check = run(root / "playbook", root / "content", root, RenderOptions(today=TODAY),
                render_pages=False)
    assert check.report.errors == []


@pytest.mark.parametrize("kind", sorted(KINDS))
def test_a_kind_without_examples_is_scaffolded_from_its_model(hub, kind):
    """A new kind needs no scaffold of its own: its model and registry entry give one."""
    from playbook.scaffold import content

    root = hub()
    pb = run(root / "playbook", root / "content", root, RenderOptions(today=TODAY),
             render_pages=False).playbook
    text = content(kind, "fresh-one", pb, TODAY, examples=False)
    (root / "playbook" / kind).mkdir(exist_ok=True)  # the mini hub has no plays/ folder
    (root / "playbook" / kind / "fresh-one.yml").write_text(text)
    # (a rule across fields, such as an item's url or file, is not in the model's fields)
    across = ["is not valid under any of the given schemas"] if kind == "collateral" else []
    assert [e for e in schema_errors(kind, text) if not any(a in e for a in across)] == []
    check = run(root / "playbook", root / "content", root, RenderOptions(today=TODAY),
                render_pages=False)
    assert [i.format() for i in check.report.errors if i.code != "url-or-file"] == []


def test_new_refuses_a_bad_id_and_an_existing_file(hub):
    root = hub()
    bad = CliRunner().invoke(main, ["new", "role", "Sales Rep", "--hub", str(root)])
    assert bad.exit_code == 2 and "'Sales Rep' is not a valid id" in bad.output
    taken = CliRunner().invoke(main, ["new", "roles", "rep", "--hub", str(root)])
    assert taken.exit_code == 2 and "rep.yml already exists" in taken.output
    kind = CliRunner().invoke(main, ["new", "widgets", "x", "--hub", str(root)])
    assert kind.exit_code == 2 and "unknown kind 'widgets'" in kind.output


HUB_YML = "name: Partners hub\nteams: [sales, partners]\ncollateral_types: [deck, battlecard]\n" \
    "languages: [en, hu]\n"


def test_a_hubs_schemas_allow_only_its_teams_types_and_languages(tmp_path):
    """What the validator would refuse as "not one of the hub's" an editor flags too, from
    the schemas `playbook schema` writes in that hub."""
    hub_dir = tmp_path / "hub"
    (hub_dir / "playbook").mkdir(parents=True)
    (hub_dir / "playbook/hub.yml").write_text(HUB_YML)
    result = CliRunner().invoke(main, ["schema", str(hub_dir), "--out",
                                       str(tmp_path / "schemas")])
    assert result.exit_code == 0, result.output
    assert "its teams, collateral types and languages" in result.output
    roles = json.loads((tmp_path / "schemas/roles.schema.json").read_text())
    hub = read_hub(hub_dir / "playbook", hub_dir)
    assert roles == schemas(hub)["roles.schema.json"]
    role = "title: Partner manager\nsummary: Works with partners.\nteam: {team}\n"
    assert schema_errors("roles", role.format(team="partners"), hub) == []
    assert any("'marketing' is not one of ['sales', 'partners']" in e
               for e in schema_errors("roles", role.format(team="marketing"), hub))
    assert schema_errors("roles", role.format(team="marketing")) == []  # any hub's
    item = ("title: Deck\nsummary: S\ntype: {type}\naudience: [a]\nowner: O\n"
            "url: https://example.com\nlanguage: {lang}\n")
    assert schema_errors("collateral", item.format(type="deck", lang="hu"), hub) == []
    assert any("'case-study' is not one of" in e for e in schema_errors(
        "collateral", item.format(type="case-study", lang="hu"), hub))
    # an item's own language may be any (issue 34): validate accepts it, and so does the
    # editor; a code that is none is refused by both
    assert schema_errors("collateral", item.format(type="deck", lang="fr"), hub) == []
    assert schema_errors("collateral", item.format(type="deck", lang="French"), hub) != []
    # the keys of a text in several languages, too
    assert schema_errors("metrics", "title:\n  en: Win rate\n  hu: Nyerési arány\n"
                         "definition: Won.\n", hub) == []
    assert schema_errors("metrics", "title:\n  en: Win rate\n  fr: Taux\n"
                         "definition: Won.\n", hub) != []
    # a lead type's owner team
    assert schema_errors("lead-types", "title: Hot\ndefinition: D\norder: 1\n"
                         "owner_team: marketing\n", hub) != []


def test_outside_a_hub_the_schemas_allow_any_hubs_values(tmp_path):
    result = CliRunner().invoke(main, ["schema", str(tmp_path), "--out",
                                       str(tmp_path / "schemas")])
    assert result.exit_code == 0, result.output
    roles = json.loads((tmp_path / "schemas/roles.schema.json").read_text())
    assert roles == schemas()["roles.schema.json"] and "enum" not in roles["properties"]["team"]
