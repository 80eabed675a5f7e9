"""`playbook validate`: the same checks as the build, without building."""

from __future__ import annotations

from click.testing import CliRunner

from playbook.cli import main
from playbook.kinds import KINDS

from conftest import BROKEN_ROLE_PAGE, REPO, run_mkdocs, sample_stale


def invoke(*args: str):
    return CliRunner().invoke(main, list(args), env={"SOURCE_DATE_EPOCH": "1795564800"})


def test_validate_the_sample_hub(tmp_path):
    result = invoke("validate", str(REPO))
    assert result.exit_code == 0, result.output
    lines = result.output.strip().splitlines()
    # the three stale items and one stale entity of each other kind that goes stale are
    # warnings, with file and line
    for folder, kind in KINDS.items():
        if kind.stale_after:
            assert sum(": warning: " in line and f"the {kind.stale_word} is stale" in line
                       for line in lines) == (3 if folder == "collateral" else 1), folder
    assert lines[0] == f"Warnings ({sample_stale()})"
    files = [p for p in (REPO / "playbook").rglob("*.yml") if p.parent.name != "i18n"]
    assert lines[-1] == f"{len(files)} files checked: 0 errors, {sample_stale()} warnings"


def test_validate_a_broken_hub_exits_1_with_every_error(hub):
    root = hub({
        "playbook/metrics/close-rate.yml": "title: C\ndefintion: x\n",
        "playbook/roles/rep.yml": "title: R\nsummary: S\nteam: sales\nreports_to: nobody\n",
    })
    result = invoke("validate", str(root))
    assert result.exit_code == 1
    assert "playbook/roles/rep.yml:4:13: error: reports_to: unknown role 'nobody'" in result.output
    assert "playbook/metrics/close-rate.yml:2:1: error: defintion: unknown field" in result.output
    assert result.output.strip().endswith("3 errors, 0 warnings")
    assert "Traceback" not in result.output


def test_validate_rejects_a_bad_date_option(hub):
    result = invoke("validate", str(hub()), "--today", "yesterday")
    assert result.exit_code == 2
    assert "expected a date YYYY-MM-DD, found 'yesterday'" in result.output


def test_validate_json_for_tools(hub):
    import json

    root = hub({"playbook/roles/rep.yml": "title: R\nsummary: S\nteam: sales\nreports_to: x\n"})
    result = invoke("validate", str(root), "--format", "json")
    assert result.exit_code == 1
    data = json.loads(result.output)
    assert data["files"] == 9
    assert data["errors"] == [{
        "file": "playbook/roles/rep.yml", "line": 4, "column": 13, "severity": "error",
        "code": "unknown-reference", "field": "reports_to",
        "message": "unknown role 'x': expected the id of a file in roles/",
        "hint": "the ids are manager, rep"}]  # (no close match: the ids there are)


def test_validate_github_annotations(hub):
    root = hub({"playbook/roles/rep.yml": "title: R\nsummary: S\nteam: sales\nreports_to: x\n"})
    result = invoke("validate", str(root), "--format", "github")
    assert result.exit_code == 1
    assert result.output.splitlines()[0] == (
        "::error file=playbook/roles/rep.yml,line=4,col=13::reports_to: unknown role 'x': "
        "expected the id of a file in roles/ (the ids are manager, rep)")


def test_validate_outside_a_hub_is_a_usage_error(tmp_path):
    result = invoke("validate", str(tmp_path))
    assert result.exit_code == 2
    assert "has no hub (no mkdocs.yml, no playbook/): start one with `playbook init`" \
        in result.output


def test_no_colour_when_not_a_terminal(hub):
    result = CliRunner().invoke(main, ["validate", str(hub())])
    assert "\x1b[" not in result.output
    forced = CliRunner().invoke(main, ["--color", "validate", str(hub())])
    assert "\x1b[" in forced.output


def test_validate_renders_a_hubs_template_overrides_and_reports_each_error_once(hub):
    result = invoke("validate", str(hub(BROKEN_ROLE_PAGE)))
    assert result.exit_code == 1
    lines = [line for line in result.output.splitlines() if "is undefined" in line]
    assert lines == ["templates/role.html.j2:2: error: rendering roles/manager.md failed: "
                     "'no_such_thing' is undefined (and 5 more pages)"]
    assert result.output.strip().endswith("1 error, 0 warnings")


def test_validate_sets_what_it_read_aside_until_it_ends_and_a_build_does_not(hub, tmp_path):
    """`playbook validate` sets the hub it read aside from Python's collector (its process
    ends with it: the collections after the run, the last at exit, went through all of it
    for nothing); a build keeps nothing set aside (it was slower so: the run's garbage is
    kept), so a process that builds again (`mkdocs serve`, these tests) collects it."""
    import gc

    root = hub()
    assert gc.get_freeze_count() == 0
    assert run_mkdocs(root, tmp_path / "site").returncode == 0
    assert gc.get_freeze_count() == 0
    assert invoke("validate", str(root)).exit_code == 0
    assert gc.get_freeze_count() > 1000


def test_validate_loads_neither_templates_nor_markdown_for_a_hub_without_overrides(hub):
    """`playbook validate` of a hub without templates of its own renders nothing, so it
    loads neither Jinja nor Markdown (a tenth of a second of every run: 1.15 s against
    1.21 for 10,000 items); with an override it renders, and loads them."""
    import subprocess
    import sys

    check = ("import sys; from playbook.cli import main\n"
             "try: main(['validate', sys.argv[1]])\n"
             "except SystemExit as end: code = end.code\n"
             "print(code, *sorted({'jinja2', 'markdown'} & set(sys.modules)))")
    for files, loaded in (({}, "0"), ({"templates/role.html.j2": "{{ title }}"},
                                      "0 jinja2 markdown")):
        done = subprocess.run([sys.executable, "-c", check, str(hub(files))],
                              capture_output=True, text=True, timeout=60)
        assert done.stdout.strip().splitlines()[-1] == loaded, done.stdout + done.stderr


def test_front_matter_a_hubs_template_writes_wrong_is_an_error_naming_the_template(hub):
    """What a template writes between `---` lines at the top of a page is MkDocs' settings
    of the page: text that is not YAML, or not a mapping, names the template (it was a
    traceback of PyYAML's)."""
    result = invoke("validate", str(hub({
        "templates/roles_index.html.j2": "---\nhide: [toc\n---\n<h1>Roles</h1>\n",
        "templates/audit.html.j2": "---\n- toc\n---\n<h1>Audit</h1>\n"})))
    assert result.exit_code == 1 and "Traceback" not in result.output
    lines = sorted(line for line in result.output.splitlines() if "front matter" in line)
    assert lines == [
        "templates/audit.html.j2:1: error: rendering audit/index.md failed: the front matter "
        "the template wrote is not a mapping of settings (such as 'hide: [toc]'): found list",
        "templates/roles_index.html.j2:1: error: rendering roles/index.md failed: the front "
        "matter the template wrote is not YAML (its line 3): did not find expected ',' or "
        "']'"], result.output
