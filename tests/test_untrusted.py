"""What a pull request brings is untrusted, whatever kind of file it is: a template, a
file of the docs folder, a value that ends up in a spreadsheet, an option that reaches git.
Only mkdocs.yml is trusted. Each case makes its fixture at test time."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from conftest import MINI_HUB, run_mkdocs
from playbook.cli import main

#: A hub template reaching Python's internals: it would run a shell command on the builder.
SHELL = "{{ cycler.__init__.__globals__.os.popen('touch MARKER').read() }}"


def validate(root: Path, *args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, ["validate", str(root), *args])
    assert result.exception is None or isinstance(result.exception, SystemExit), \
        result.exception
    assert "Traceback" not in result.output
    return result.exit_code, result.output


# -- templates -------------------------------------------------------------------------------

def test_a_hub_template_cannot_run_a_shell_command(hub, tmp_path):
    marker = tmp_path / "ran"
    root = hub({"templates/role.html.j2": "<h1>{{ title }}</h1>\n"
                + SHELL.replace("MARKER", str(marker)) + "\n"})
    built = run_mkdocs(root, tmp_path / "site")
    assert built.returncode == 1 and "Traceback" not in built.stderr
    assert "templates/role.html.j2:2: error: rendering roles/manager.md failed: access to " \
           "attribute '__init__'" in built.stderr
    assert "render sandboxed; `trust_templates: true`" in built.stderr
    code, output = validate(root)  # validate renders a hub's overrides as the build does
    assert code == 1 and "templates/role.html.j2:2" in output
    assert not marker.exists()


def test_a_hub_template_renders_sandboxed_yet_can_do_what_ours_do(hub, tmp_path):
    """Blocks replaced, shipped macros and filters called, lists built with `do`."""
    root = hub({"templates/role.html.j2": """
        {% extends "playbook/role.html.j2" %}
        {% block header %}{% set seen = [] %}{% do seen.append(heading|upper) %}
        <h1>{{ seen|join }} ({{ "case-study"|label }})</h1>{{ super() }}{% endblock %}
    """})
    built = run_mkdocs(root, tmp_path / "site", "--strict")
    assert built.returncode == 0, built.stderr
    assert "SALES MANAGER (Case study)" in (tmp_path / "site/roles/manager/index.html").read_text()


def test_a_hub_that_trusts_its_templates_says_so_in_mkdocs_yml(hub, tmp_path):
    root = hub({
        "mkdocs.yml": MINI_HUB["mkdocs.yml"].replace(
            "  - playbook\n", "  - playbook:\n              trust_templates: true\n"),
        "templates/role.html.j2": "<h1>{{ title }}</h1>\n<p>{{ cycler.__init__.__name__ }}</p>\n",
    })
    built = run_mkdocs(root, tmp_path / "site", "--strict")
    assert built.returncode == 0, built.stderr
    assert "<p>__init__</p>" in (tmp_path / "site/roles/manager/index.html").read_text()
    assert validate(root)[0] == 0


def test_a_template_linked_from_outside_the_hub_is_refused_and_never_read(hub, tmp_path):
    secret = tmp_path / "secret.html"
    secret.write_text("SECRET-TEMPLATE-TEXT\n")
    root = hub({"templates/role.html.j2": '{% include "x.html.j2" %}\n'})
    (root / "templates/x.html.j2").symlink_to(secret)
    code, output = validate(root)
    assert code == 1
    assert (f"templates/x.html.j2: error: the template is a symbolic link to '{secret}', "
            "outside the hub") in output
    built = run_mkdocs(root, tmp_path / "site")
    assert built.returncode == 1 and "Traceback" not in built.stderr
    assert "templates/x.html.j2" in built.stderr
    assert "SECRET-TEMPLATE-TEXT" not in built.stderr + output
    assert not list((tmp_path / "site").rglob("*.html")) or not any(
        "SECRET-TEMPLATE-TEXT" in p.read_text() for p in (tmp_path / "site").rglob("*.html"))


def test_a_loop_of_template_folders_is_refused_without_hanging(hub, tmp_path):
    root = hub({"templates/role.html.j2": '{% extends "playbook/role.html.j2" %}\n'})
    (root / "templates/parts").mkdir()
    (root / "templates/parts/again").symlink_to("..")
    code, output = validate(root)
    assert code == 1 and "templates/parts/again: error: the template" in output
    assert "loop" in output


def test_a_loop_of_folders_in_the_docs_folder_is_one_error_not_a_hang(hub, tmp_path):
    """MkDocs walks the docs folder following links: a folder linked into itself never
    ended (300 s and 2 GB, then killed)."""
    root = hub({"content/a/x.md": "# X\n"})
    (root / "content/a/loop").symlink_to("..")
    code, output = validate(root)
    assert code == 1
    assert ("content/a/loop: error: the published file is a symbolic link to '..', a folder "
            "that holds it (a loop)") in output
    built = run_mkdocs(root, tmp_path / "site")
    assert built.returncode == 1 and "content/a/loop" in built.stderr
