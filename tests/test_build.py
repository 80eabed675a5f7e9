"""`mkdocs build` as a hub author runs it: clean failures, the last good site kept, overrides,
a hub written only from the spec, and a core that does not need MkDocs."""

from __future__ import annotations

import hashlib
import re
import subprocess
import sys
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from conftest import BROKEN_ROLE_PAGE, REPO, run_mkdocs


def snapshot(site: Path) -> dict[str, str]:
    return {str(p.relative_to(site)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(site.rglob("*")) if p.is_file()}


def test_mini_hub_builds_strict(hub, tmp_path):
    root = hub()
    result = run_mkdocs(root, tmp_path / "site", "--strict")
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "site/roles/rep/index.html").is_file()
    assert (tmp_path / "site/files/guide.txt").is_file()
    assert not (tmp_path / "site/admin").exists()  # the browser editor is opt-in
    assert "pb-source__edit" not in (tmp_path / "site/roles/rep/index.html").read_text()
    # Material's lunr scripts are not published: only its search worker loads them, and
    # Pagefind's takes its place
    assert (tmp_path / "site/assets/javascripts/workers").is_dir()
    assert not (tmp_path / "site/assets/javascripts/lunr").exists()
    # the stylesheet is ours, then each kind's own
    from playbook.site_plan import stylesheet

    css = (tmp_path / "site/assets/playbook/playbook.css").read_text(encoding="utf-8")
    assert ".pb-chip" in css and css == stylesheet()
    # The build says how long the plugin's own work took, and in which stages.
    said = re.search(r"its own work took ([\d.]+) s of this build \(([^)]*)\)", result.stderr)
    assert said, result.stderr
    stages = dict(re.findall(r"(\w+) ([\d.]+) s", said[2]))
    assert set(stages) == {"load", "validate", "render", "files", "pages", "search"}
    assert abs(sum(map(float, stages.values())) - float(said[1])) < 0.1


def test_lunr_is_published_only_for_the_themes_own_search_and_a_hubs_own_file_stays(
        hub, tmp_path):
    """Material's lunr scripts (about 1 MB a site) are left out where Pagefind searches, but
    a file the hub has at that path is its own; with `search: false` (Material's lunr
    search) they are all published."""
    own = "assets/javascripts/lunr/min/lunr.hu.min.js"
    root = hub({f"content/{own}": "/* the hub's own */\n"})
    assert run_mkdocs(root, tmp_path / "pagefind", "--strict").returncode == 0
    assert [str(p.relative_to(tmp_path / "pagefind")) for p in
            (tmp_path / "pagefind/assets/javascripts/lunr").rglob("*") if p.is_file()] == [own]
    assert (tmp_path / "pagefind" / own).read_text() == "/* the hub's own */\n"
    config = root / "mkdocs.yml"
    config.write_text(config.read_text().replace("  - playbook\n",
                                                 "  - playbook:\n      search: false\n"))
    assert "search: false" in config.read_text()
    assert run_mkdocs(root, tmp_path / "lunr", "--strict").returncode == 0
    assert (tmp_path / "lunr/assets/javascripts/lunr/min/lunr.de.min.js").is_file()
    assert (tmp_path / "lunr" / own).read_text() == "/* the hub's own */\n"


def test_broken_hub_fails_with_every_error_and_no_traceback(hub, tmp_path):
    root = hub({
        "playbook/metrics/close-rate.yml": "title: C\ndefintion: x\n",
        "playbook/roles/rep.yml": "title: R\nsummary: S\nteam: sales\nreports_to: nobody\n",
    })
    result = run_mkdocs(root, tmp_path / "site")
    assert result.returncode == 1
    out = result.stderr + result.stdout
    assert "Traceback" not in out
    assert "cannot build the hub from playbook/ (3 errors, 0 warnings):" in out
    assert ("playbook/metrics/close-rate.yml:2:1: error: defintion: unknown field" in out)
    assert ("playbook/roles/rep.yml:4:13: error: reports_to: unknown role 'nobody'" in out)
    assert "Aborted with a BuildError!" in out


def test_a_broken_playbook_leaves_the_last_good_site_untouched(hub, tmp_path):
    root = hub()
    site = tmp_path / "site"
    assert run_mkdocs(root, site).returncode == 0
    before = snapshot(site)
    assert "roles/rep/index.html" in before
    (root / "playbook/roles/rep.yml").write_text("title: [broken\n")
    result = run_mkdocs(root, site)
    assert result.returncode == 1
    assert snapshot(site) == before


def test_python_tag_in_a_build_is_refused(hub, tmp_path):
    marker = tmp_path / "pwned"
    root = hub({"playbook/metrics/close-rate.yml":
                f"title: !!python/object/apply:os.system ['touch {marker}']\ndefinition: x\n"})
    result = run_mkdocs(root, tmp_path / "site")
    assert result.returncode == 1
    assert "is not allowed: playbook files hold plain data" in result.stderr
    assert not marker.exists()


def test_a_hub_template_overrides_the_packaged_one(hub, tmp_path):
    root = hub({"templates/metric.md.j2": "# {{ title }}\n\nCustom metric page for {{ hub.name }}.\n"})
    site = tmp_path / "site"
    result = run_mkdocs(root, site, "--strict")
    assert result.returncode == 0, result.stderr
    html = (site / "metrics/close-rate/index.html").read_text()
    assert "Custom metric page for Mini hub." in html
    # other pages still come from the packaged templates
    assert "Roles that track it" not in html
    assert "Lead types it works" in (site / "roles/rep/index.html").read_text()


def test_an_override_can_change_one_block_of_a_shipped_page(hub, tmp_path):
    """A hub changes one section of a page without copying the rest of the template."""
    root = hub({"templates/role.html.j2": (
        '{% extends "playbook/role.html.j2" %}\n'
        '{% block kpis %}<h2>Our numbers</h2>\n<p>Ask {{ role.title }}\'s manager.</p>\n'
        '{% endblock %}\n')})
    site = tmp_path / "site"
    result = run_mkdocs(root, site, "--strict")
    assert result.returncode == 0, result.stderr
    from bs4 import BeautifulSoup

    article = BeautifulSoup((site / "roles/rep/index.html").read_text(), "html.parser").article
    headings = [h.get_text(strip=True).rstrip("¶") for h in article.find_all("h2")]
    assert "Our numbers" in headings and "KPIs" not in headings, headings
    assert "Ask Sales rep's manager." in article.get_text()
    # the rest of the page is the shipped template's
    assert "Lead types it works" in headings and "Responsibilities" in headings
    assert article.find(id="our-numbers") is not None  # headings get ids as usual


def test_a_broken_override_template_is_a_clean_error(hub, tmp_path):
    root = hub({"templates/metric.md.j2": "# {{ title }}\n\n{{ no_such_thing.x }}\n"})
    result = run_mkdocs(root, tmp_path / "site")
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert "rendering metrics/close-rate.md failed: 'no_such_thing' is undefined" in result.stderr


def test_a_template_error_on_many_pages_is_reported_once(hub, tmp_path):
    result = run_mkdocs(hub(BROKEN_ROLE_PAGE), tmp_path / "site")
    assert result.returncode == 1
    lines = [line for line in result.stderr.splitlines() if "is undefined" in line]
    assert len(lines) == 1, result.stderr
    assert lines[0].strip() == ("templates/role.html.j2:2: error: rendering roles/manager.md "
                                "failed: 'no_such_thing' is undefined (and 5 more pages)")


def test_a_hand_written_page_in_place_of_a_generated_one_is_an_error(hub, tmp_path):
    """Even without --strict: hand-written pages never replace ours (tests/test_untrusted.py
    has every kind of path)."""
    root = hub({"content/roles/rep.md": "# My own rep page\n"})
    result = run_mkdocs(root, tmp_path / "site")
    assert result.returncode == 1
    assert "content/roles/rep.md: error: is at the path of the generated page roles/rep.md" \
        in result.stderr


def test_a_page_another_plugin_adds_in_place_of_a_generated_one_wins(hub, tmp_path):
    """Our pages are added early (so that redirects and the like see them); a plugin that
    adds a page of the same path afterwards still replaces ours, with the same warning."""
    root = hub({"hooks/own_page.py": """
        from mkdocs.structure.files import File

        def on_files(files, config):
            files.remove(files.get_file_from_path("roles/rep.md"))
            files.append(File.generated(config, "roles/rep.md", content="# My own rep page\\n"))
    """})
    mkdocs_yml = root / "mkdocs.yml"
    mkdocs_yml.write_text(mkdocs_yml.read_text() + "hooks:\n  - hooks/own_page.py\n")
    site = tmp_path / "site"
    result = run_mkdocs(root, site, "--strict")
    assert result.returncode == 1
    assert "playbook: roles/rep.md (made by hooks/own_page.py) replaces the generated page " \
        "of the same path" in result.stderr
    assert run_mkdocs(root, site).returncode == 0
    assert BeautifulSoup((site / "roles/rep/index.html").read_text(), "html.parser").select_one(
        "article h1").get_text(strip=True) == "My own rep page"


def test_the_hubs_own_nav_gets_the_playbook_section(hub, tmp_path):
    root = hub()
    mkdocs_yml = root / "mkdocs.yml"
    mkdocs_yml.write_text(mkdocs_yml.read_text() + "nav:\n  - Welcome: index.md\n")
    site = tmp_path / "site"
    assert run_mkdocs(root, site, "--strict").returncode == 0
    nav = BeautifulSoup((site / "index.html").read_text(), "html.parser").select_one(
        "nav.md-nav--primary")
    labels = [a.get_text(" ", strip=True) for a in nav.select("a.md-nav__link")]
    assert "Welcome" in labels and "Collateral library" in labels


def test_edit_links_open_the_yaml(hub, tmp_path):
    root = hub()
    mkdocs_yml = root / "mkdocs.yml"
    mkdocs_yml.write_text(
        mkdocs_yml.read_text().replace("  font: false\n", "  font: false\n  features: [content.action.edit]\n")
        + "repo_url: https://git.example.com/acme/hub\nedit_uri: edit/main/content/\n")
    site = tmp_path / "site"
    assert run_mkdocs(root, site, "--strict").returncode == 0
    soup = BeautifulSoup((site / "roles/rep/index.html").read_text(), "html.parser")
    edit = soup.select_one("a.md-content__button[title='Edit this page']")
    assert edit["href"] == "https://git.example.com/acme/hub/edit/main/playbook/roles/rep.yml"
    index = BeautifulSoup((site / "roles/index.html").read_text(), "html.parser")
    assert index.select_one("a.md-content__button[title='Edit this page']") is None  # no file


def test_serve_watches_the_yaml_and_templates(hub):
    from mkdocs.config import load_config

    root = hub({"templates/.keep": ""})
    config = load_config(str(root / "mkdocs.yml"))
    plugin = config.plugins["playbook"]
    watched = []

    class Server:
        def watch(self, path):
            watched.append(Path(path))

    plugin.on_serve(Server(), config=config, builder=None)
    assert watched == [root / "playbook", root / "templates"]


def test_a_hub_written_only_from_the_spec_builds_strict(tmp_path):
    from urllib.parse import unquote

    fixture = REPO / "tests/fixtures/spec-hub"
    site = tmp_path / "site"
    result = run_mkdocs(fixture, site, "--strict")
    assert result.returncode == 0, result.stderr
    expected = (fixture / "EXPECTED.txt").read_text().split()
    for entry in expected:
        kind, id = entry.split("/")
        if kind == "onboarding":
            continue  # onboarding paths are pages per role, checked below
        page = site / kind / id / "index.html"
        assert page.is_file(), entry
        soup = BeautifulSoup(page.read_text(), "html.parser")
        for a in soup.select("article a[href]"):
            href = a["href"]
            if href.startswith(("http", "#", "mailto:")):
                continue
            target = (page.parent / unquote(href.split("#")[0].split("?")[0])).resolve()
            target = target / "index.html" if target.is_dir() else target
            assert target.is_file(), f"{entry}: broken link {href}"
    roles = [e.split("/")[1] for e in expected if e.startswith("roles/")]
    for role in roles:
        path = BeautifulSoup((site / "onboarding" / role / "index.html").read_text(), "html.parser")
        assert path.select("input[data-pb-task]"), role
    # the .yaml files count, a Spanish title falls back properly, the custom teams show
    assert (site / "collateral/price-list-2026/index.html").is_file()
    roles = (site / "roles/index.html").read_text()
    assert "Field sales" in roles


def test_the_core_imports_nothing_from_mkdocs():
    code = ("import sys, playbook, playbook.cli, playbook.pipeline, playbook.render;"
            "assert not [m for m in sys.modules if m == 'mkdocs' or m.startswith('mkdocs.')],"
            " [m for m in sys.modules if m.startswith('mkdocs')]")
    subprocess.run([sys.executable, "-c", code], check=True)
    package = REPO / "plugins/playbook"
    importing = {p.relative_to(package).parts[0] for p in package.rglob("*.py")
                 if "import mkdocs" in p.read_text() or "from mkdocs" in p.read_text()}
    assert importing == {"adapter"}


@pytest.mark.site
def test_a_failure_after_validation_leaves_the_last_good_site_untouched(hub, tmp_path):
    """A broken hand-written link under --strict, or a failed search index: the new site is
    dropped and the previous one stays byte for byte."""
    root = hub()
    site = tmp_path / "site"
    assert run_mkdocs(root, site, "--strict").returncode == 0
    before = snapshot(site)
    (root / "content/broken.md").write_text("# Broken\n\nSee [nothing](nothing.md).\n")
    result = run_mkdocs(root, site, "--strict")
    assert result.returncode == 1 and "strict mode" in result.stdout + result.stderr
    assert snapshot(site) == before
    (root / "content/broken.md").unlink()
    env_fail = {"PAGEFIND_BINARY_PATH": str(tmp_path / "no-such-pagefind")}
    import os
    import subprocess
    import sys

    from conftest import mkdocs_env

    failed = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "-f", str(root / "mkdocs.yml"), "-d", str(site)],
        cwd=root, env={**mkdocs_env(), **env_fail}, capture_output=True, text=True)
    assert failed.returncode == 1
    assert "playbook: search: " in failed.stderr and "Traceback" not in failed.stderr
    assert snapshot(site) == before
    assert not any(p.name.endswith((".playbook-new", ".playbook-old")) for p in tmp_path.iterdir())
    assert os.listdir(site)


def test_ruff_refuses_an_mkdocs_import_in_the_core_and_allows_it_in_the_adapter():
    ruff = [str(Path(sys.executable).with_name("ruff")), "check", "--no-cache",
            "--output-format", "concise", "--stdin-filename"]
    core = subprocess.run(ruff + ["plugins/playbook/render.py", "-"], cwd=REPO,
                          input="from mkdocs.structure.files import File\n\nFile\n",
                          capture_output=True, text=True)
    assert core.returncode == 1 and "TID251" in core.stdout, core.stdout
    adapter = subprocess.run(ruff + ["plugins/playbook/adapter/pages.py", "-"], cwd=REPO,
                             input="from mkdocs.structure.files import File\n\nFile\n",
                             capture_output=True, text=True)
    assert adapter.returncode == 0, adapter.stdout
