"""A new hub's first minutes (issue 34): `playbook init` starts one that validates with no
warning and builds with --strict into a site with a home page where a rep picks a role;
it overwrites nothing; `playbook new` outside a hub says to start one, and names the
editors' schema only where the hub has it."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from playbook.cli import main

from conftest import Site, article_links, run_mkdocs


def invoke(*args: str):
    result = CliRunner().invoke(main, list(args), env={"SOURCE_DATE_EPOCH": "1795564800"})
    assert "Traceback" not in result.output
    return result


def test_a_new_hub_validates_builds_and_greets_a_rep(tmp_path):
    hub = tmp_path / "acme-playbook"
    made = invoke("init", str(hub), "--language", "en", "--language", "ur")
    assert made.exit_code == 0, made.output
    assert f"cd {hub} && mkdocs serve" in made.output
    checked = invoke("validate", str(hub))
    assert checked.exit_code == 0, checked.output
    assert checked.output.strip().splitlines()[-1].endswith(": 0 errors, 0 warnings")
    result = run_mkdocs(hub, tmp_path / "site", "--strict")
    assert result.returncode == 0, result.stderr
    site = Site(tmp_path / "site")
    home = site.html("")
    assert home.select_one("article h1").get_text(strip=True).rstrip("¶") == "Acme Playbook"
    # the home page leads to every index it names, and a rep can pick one of its roles
    for _, url in article_links(site, ""):
        assert site.path(url).exists(), url
    roles = json.loads(site.path("assets/playbook/roles.json").read_text("utf-8"))["roles"]
    assert set(roles) == {"account-executive", "sales-manager"}
    assert site.path("ur/roles/account-executive/index.html").exists()
    # the theme as the sample's: tabs, a dark scheme to switch to, no web fonts
    assert home.select_one(".md-tabs") and home.select_one("[data-md-color-scheme=slate]")
    assert not home.select('link[href*="fonts.googleapis"]')
    # editors complete fields: each kind's schema is there, mapped to its files
    settings = json.loads((hub / ".vscode/settings.json").read_text())
    assert settings["yaml.schemas"]["./schemas/roles.schema.json"][0] == "playbook/roles/*.yml"
    first = (hub / "playbook/roles/account-executive.yml").read_text().splitlines()[0]
    assert (hub / "playbook/roles" / first.split("$schema=")[1]).resolve().is_file()


def test_init_overwrites_nothing(tmp_path):
    (tmp_path / "content").mkdir()
    (tmp_path / "content/index.md").write_text("# Ours\n")
    refused = invoke("init", str(tmp_path))
    assert refused.exit_code == 2
    assert "content/index.md exist already" in refused.output
    assert (tmp_path / "content/index.md").read_text() == "# Ours\n"
    assert not (tmp_path / "mkdocs.yml").exists()
    (tmp_path / "content/index.md").unlink()
    assert invoke("init", str(tmp_path), "--name", "Acme: Sales").exit_code == 0
    assert "site_name: \"Acme: Sales\"" in (tmp_path / "mkdocs.yml").read_text()
    again = invoke("init", str(tmp_path))
    assert again.exit_code == 2 and "has a hub already" in again.output


def test_new_outside_a_hub_says_to_start_one(tmp_path):
    result = invoke("new", "role", "rep", "--hub", str(tmp_path))
    assert result.exit_code == 2
    assert "start one with `playbook init`" in result.output


def test_new_names_the_editors_schema_only_where_the_hub_has_it(hub):
    root: Path = hub()
    assert invoke("new", "role", "buyer", "--hub", str(root)).exit_code == 0
    assert "$schema" not in (root / "playbook/roles/buyer.yml").read_text()
    assert invoke("schema", str(root), "--out", str(root / "schemas")).exit_code == 0
    assert invoke("new", "role", "seller", "--hub", str(root)).exit_code == 0
    first = (root / "playbook/roles/seller.yml").read_text().splitlines()[0]
    assert first == "# yaml-language-server: $schema=../../schemas/roles.schema.json"


def test_a_hub_missing_its_data_folder_is_told_so(tmp_path):
    (tmp_path / "mkdocs.yml").write_text("site_name: X\nplugins:\n  - playbook\n")
    result = invoke("validate", str(tmp_path))
    assert result.exit_code == 2
    assert f"{tmp_path / 'playbook'} is not a folder" in result.output


def test_a_new_hub_checks_every_change_in_ci_and_before_each_commit(tmp_path):
    import yaml

    from conftest import REPO

    assert invoke("init", str(tmp_path)).exit_code == 0
    github = yaml.safe_load((tmp_path / ".github/workflows/playbook.yml").read_text())
    steps = [s.get("run") for s in github["jobs"]["check"]["steps"] if s.get("run")]
    assert steps[-2:] == ["playbook validate --format github", "mkdocs build --strict"]
    # the build keeps what it made between jobs, believed with the repository's secret
    cache = next(s for s in github["jobs"]["check"]["steps"]
                 if s.get("uses", "").startswith("actions/cache@"))
    build = github["jobs"]["check"]["steps"][-1]
    assert cache["with"]["path"] == ".cache/playbook"
    assert build["env"] == {"PLAYBOOK_CACHE_KEY": "${{ secrets.PLAYBOOK_CACHE_KEY }}"}
    gitlab = yaml.safe_load((tmp_path / ".gitlab-ci.yml").read_text())
    assert gitlab["playbook"]["script"][-2:] == ["playbook validate", "mkdocs build --strict"]
    assert gitlab["playbook"]["cache"]["paths"] == [".cache/playbook"]
    ours = yaml.safe_load((REPO / ".pre-commit-hooks.yaml").read_text())[0]["id"]
    hook = yaml.safe_load((tmp_path / ".pre-commit-config.yaml").read_text())
    assert hook["repos"][0]["hooks"] == [{"id": ours}]
    assert "playbook-hub @ git+" in (tmp_path / "requirements.txt").read_text()


def test_a_hub_with_no_home_page_gets_one_made_in_each_language(hub, tmp_path):
    """Issue 34: a hub without content/index.md no longer answers 404 at its root: the
    plugin makes a home page from the hub's name and its sections (the browser script puts
    the role picker under its title), first in the navigation, in every language's site;
    `playbook validate` says so, and --strict still passes."""
    from conftest import write_hub

    root = hub({"content/index.md": None})
    write_hub(root, {"playbook/hub.yml": "name: {en: Mini hub, ur: منی ہب}\n"
                                         "languages: [en, ur]\n"}, base={})
    site = tmp_path / "site"
    result = run_mkdocs(root, site, "--strict")
    assert result.returncode == 0, result.stderr
    said = result.stdout + result.stderr  # (once, not once per language)
    assert said.count("content/index.md: info: the site has no home page of its own") == 1, said
    # MkDocs' news of each build is said once for the whole build, not once per language
    assert said.count("Documentation built") == 1 and "building the ur site" in said, said
    built = Site(site)
    for lang, name, roles in (("", "Mini hub", "Roles"), ("ur/", "منی ہب", "کردار")):
        home = built.article(lang)
        assert home.h1.get_text(strip=True).rstrip("¶") == name
        cards = {a.get_text(strip=True): a["href"] for a in home.select(".pb-home a")}
        assert cards[roles] == "roles/"
        for _, url in article_links(built, lang):
            assert built.path(url).is_file(), url
        # first in the navigation, as a hand-written home page is
        first = built.html(lang + "roles/").select_one("nav.md-nav--primary .md-nav__link")
        assert first.get("href") in ("..", "../", "../index.html"), first
    assert built.html("ur/").select_one("body")["dir"] == "rtl"
    assert "Home" in built.html("").select_one("title").get_text()
    # the hub's own home page, once written, takes its place without a word
    write_hub(root, {"content/index.md": "# Welcome aboard\n"}, base={})
    result = run_mkdocs(root, site, "--strict")
    assert result.returncode == 0 and "replaces" not in result.stderr
    assert Site(site).article("").h1.get_text(strip=True).rstrip("¶") == "Welcome aboard"
    assert "no home page" not in result.stdout + result.stderr
