"""Versioned publishing: last-changed dates from git, the changes page since the previous
tag, and two versions deployed with mike, served and listed. Every test builds its own
temporary git repository."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from conftest import mkdocs_env, run_mkdocs

pytestmark = pytest.mark.site  # mike deploys in git repositories


def git(root: Path, *args: str, date: str = "2026-01-15T10:00:00") -> str:
    env = {**mkdocs_env(), "GIT_AUTHOR_DATE": date, "GIT_COMMITTER_DATE": date,
           "GIT_AUTHOR_NAME": "Test", "GIT_AUTHOR_EMAIL": "t@example.com",
           "GIT_COMMITTER_NAME": "Test", "GIT_COMMITTER_EMAIL": "t@example.com"}
    done = subprocess.run(["git", "-C", str(root), *args], env=env, capture_output=True,
                          text=True, check=True)
    return done.stdout


@pytest.fixture
def repo(hub):
    root = hub()
    git(root, "init", "-q", "-b", "main")
    (root / ".gitignore").write_text("site/\n")
    git(root, "add", "-A")
    git(root, "commit", "-qm", "First playbook", date="2026-01-15T10:00:00")
    git(root, "tag", "2026.1")
    # A quarter later: a KPI added, a role added, a metric changed, an item removed.
    role = root / "playbook/roles/rep.yml"
    role.write_text(role.read_text() + "kpis: [close-rate, win-rate]\n")
    (root / "playbook/metrics/win-rate.yml").write_text("title: Win rate\ndefinition: Won.\n")
    (root / "playbook/roles/engineer.yml").write_text(
        "title: Field Sales Engineer\nsummary: Demos.\nteam: sales\n")
    metric = root / "playbook/metrics/close-rate.yml"
    metric.write_text(metric.read_text().replace('unit: "%"', 'unit: ratio'))
    git(root, "add", "-A")
    git(root, "commit", "-qm", "Second quarter", date="2026-04-02T10:00:00")
    return root


def soup(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def test_pages_show_when_their_yaml_last_changed(repo, tmp_path):
    site = tmp_path / "site"
    (repo / "playbook/lead-types/hot.yml").write_text(
        (repo / "playbook/lead-types/hot.yml").read_text() + "timeline: now\n")  # uncommitted
    assert run_mkdocs(repo, site, "--strict").returncode == 0
    changed = lambda url: soup(site / url / "index.html").select_one(".pb-source__changed time")["datetime"]  # noqa: E731
    assert changed("roles/rep") == "2026-04-02"
    assert changed("roles/manager") == "2026-01-15"
    from datetime import date
    assert changed("lead-types/hot") == date.today().isoformat()  # not committed: file time


def test_changes_page_lists_what_changed_since_the_previous_tag(repo, tmp_path):
    site = tmp_path / "site"
    assert run_mkdocs(repo, site, "--strict").returncode == 0
    article = soup(site / "changes/index.html").select_one("article")
    text = article.get_text(" ", strip=True)
    assert "Changes to the playbook since 2026.1 (2026-01-15): 2 added, 0 removed, 2 changed." \
        in " ".join(text.split())
    items = [" ".join(li.get_text(" ", strip=True).split()) for li in article.select("li")]
    assert "added Field Sales Engineer" in items
    assert "added Win rate" in items
    assert "changed Sales rep : KPIs + Close rate, + Win rate" in items
    assert "changed Close rate : Unit % → ratio" in items
    link = article.find("a", string="Field Sales Engineer")
    assert link["href"] == "../roles/engineer/"


def test_changes_since_a_chosen_ref_and_removed_entities(repo, tmp_path):
    (repo / "playbook/metrics/win-rate.yml").unlink()
    role = repo / "playbook/roles/rep.yml"
    role.write_text(role.read_text().replace("kpis: [close-rate, win-rate]", "kpis: [close-rate]"))
    git(repo, "add", "-A")
    git(repo, "commit", "-qm", "Drop win rate", date="2026-05-01T10:00:00")
    mkdocs_yml = repo / "mkdocs.yml"
    mkdocs_yml.write_text(mkdocs_yml.read_text().replace(
        "  - playbook", "  - playbook:\n      changes_since: HEAD~1"))
    site = tmp_path / "site"
    assert run_mkdocs(repo, site, "--strict").returncode == 0
    items = [" ".join(li.get_text(" ", strip=True).split())
             for li in soup(site / "changes/index.html").select("article li")]
    assert "removed Win rate" in items
    assert "changed Sales rep : KPIs − win-rate" in items


def mike(root: Path, *args: str) -> None:
    """``mike`` of this environment in the repository ``root`` (it runs `mkdocs`)."""
    env = {**mkdocs_env(), "PATH": f"{Path(sys.executable).parent}:" + mkdocs_env().get(
        "PATH", "")}
    done = subprocess.run([str(Path(sys.executable).with_name("mike")), *args], cwd=root,
                          env=env, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr


@pytest.fixture(scope="module")
def deployed(tmp_path_factory) -> tuple[Path, Path]:
    """A hub in English and Hungarian, released twice with mike as a team does: 2026.1
    deployed from its tag, then a role added on main and 2026.2 deployed as ``latest``, the
    default. Its folder, and the published branch checked out (what a static host serves).
    Made once for the module's tests (two mike deploys are most of their time)."""
    from conftest import write_hub

    folder = tmp_path_factory.mktemp("mike")
    root = write_hub(folder / "hub", {"playbook/hub.yml": "name: Mini hub\nlanguages: [en, hu]\n",
                                      "content/hu/index.md": "# Mini hub\n"})
    (root / "mkdocs.yml").write_text((root / "mkdocs.yml").read_text()
                                     + "extra:\n  version:\n    provider: mike\n")
    git(root, "init", "-q", "-b", "main")
    (root / ".gitignore").write_text("site/\n")
    git(root, "add", "-A")
    git(root, "commit", "-qm", "First playbook")
    git(root, "tag", "2026.1")
    (root / "playbook/roles/engineer.yml").write_text(
        "title: Field Sales Engineer\nsummary: Demos.\nteam: sales\n")
    git(root, "add", "-A")
    git(root, "commit", "-qm", "An engineer")
    git(root, "checkout", "-q", "2026.1")
    mike(root, "deploy", "2026.1")
    git(root, "checkout", "-q", "main")
    mike(root, "deploy", "--update-aliases", "2026.2", "latest")
    mike(root, "set-default", "latest")
    pages = folder / "pages"
    git(root, "worktree", "add", "-q", str(pages), "gh-pages")
    return root, pages


def test_two_versions_deployed_with_mike_are_served_and_listed(deployed):
    repo, pages = deployed
    versions = json.loads(git(repo, "show", "gh-pages:versions.json"))
    assert [(v["version"], v["aliases"]) for v in versions] == [
        ("2026.2", ["latest"]), ("2026.1", [])]
    # Serve the published branch as a static host would, and read both versions.
    from browser import serve
    import urllib.request

    with serve(pages) as base:
        old = urllib.request.urlopen(base + "2026.1/roles/").read().decode()
        new = urllib.request.urlopen(base + "2026.2/roles/").read().decode()
        latest = urllib.request.urlopen(base + "latest/roles/engineer/").read().decode()
        listed = json.loads(urllib.request.urlopen(base + "versions.json").read())
        root = urllib.request.urlopen(base).read().decode()
    assert "Field Sales Engineer" not in old and "Field Sales Engineer" in new
    assert "Field Sales Engineer" in latest
    assert material_config(latest)["version"]["provider"] == "mike"  # the version selector
    assert [v["version"] for v in listed] == ["2026.2", "2026.1"]
    assert "latest" in root  # the default version redirects to latest/
    # each version, and each language site of it, carries its own search index
    for version in ("2026.1", "2026.2"):
        for lang in ("", "hu/"):
            assert (pages / version / lang / "pagefind/pagefind-entry.json").is_file()


def material_config(page: str) -> dict:
    """The settings Material reads from a page (its `__config` block)."""
    block = BeautifulSoup(page, "html.parser").find(id="__config")
    assert block is not None
    return json.loads(block.get_text())


def test_gh_deploy_pushes_every_language_site_to_gh_pages(repo, tmp_path):
    hub_yml = repo / "playbook/hub.yml"
    hub_yml.write_text(hub_yml.read_text() + "languages: [en, ur]\n")
    git(repo, "commit", "-qam", "In Urdu too")
    origin = tmp_path / "origin.git"
    subprocess.run(["git", "init", "-q", "--bare", str(origin)], check=True)
    git(repo, "remote", "add", "origin", str(origin))
    env = {**mkdocs_env(), "GIT_AUTHOR_NAME": "Test", "GIT_AUTHOR_EMAIL": "t@example.com",
           "GIT_COMMITTER_NAME": "Test", "GIT_COMMITTER_EMAIL": "t@example.com"}
    done = subprocess.run([sys.executable, "-m", "mkdocs", "gh-deploy", "--force"],
                          cwd=repo, env=env, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    assert "Deployment Aborted" not in done.stderr and "Traceback" not in done.stderr
    published = set(git(origin, "ls-tree", "-r", "--name-only", "gh-pages").split())
    for page in ("index.html", "roles/rep/index.html", "ur/index.html",
                 "ur/roles/rep/index.html", "pagefind/pagefind-entry.json",
                 "ur/pagefind/pagefind-entry.json", ".nojekyll"):
        assert page in published, page
    urdu = git(origin, "show", "gh-pages:ur/roles/rep/index.html")
    assert 'lang="ur"' in urdu and 'dir="rtl"' in urdu
    # the site folder is where the build said it is, and nothing was left beside it
    assert (repo / "site/index.html").is_file()
    assert not list(repo.glob("site.playbook-*"))


def test_the_version_selector_is_asked_for_only_in_a_mike_deploy(repo, tmp_path, monkeypatch):
    """`extra.version.provider: mike` in a plain build (make serve, mkdocs build) would have
    every page ask for a versions.json that only mike publishes."""
    mkdocs_yml = repo / "mkdocs.yml"
    mkdocs_yml.write_text(mkdocs_yml.read_text() + "extra:\n  version:\n    provider: mike\n")
    site = tmp_path / "site"
    done = run_mkdocs(repo, site, "--strict")
    assert done.returncode == 0, done.stderr
    assert material_config((site / "index.html").read_text()).get("version") is None
    monkeypatch.setenv("MIKE_DOCS_VERSION", "2026.2")  # (what mike sets for its build)
    done = run_mkdocs(repo, tmp_path / "mike", "--strict")
    assert done.returncode == 0, done.stderr
    config = material_config((tmp_path / "mike/index.html").read_text())
    assert config["version"]["provider"] == "mike"


def test_without_a_tag_the_changes_page_shows_the_latest_commits_to_the_playbook(hub, tmp_path):
    """Readers see what the latest commits changed; the hint to tag a release is the
    maintainers', in the build log, not on the page."""
    root = hub()
    git(root, "init", "-q", "-b", "main")
    (root / ".gitignore").write_text("site/\n")
    git(root, "add", "-A")
    git(root, "commit", "-qm", "First playbook", date="2026-01-15T10:00:00")
    (root / "playbook/metrics/win-rate.yml").write_text("title: Win rate\ndefinition: Won.\n")
    git(root, "add", "-A")
    git(root, "commit", "-qm", "A metric", date="2026-02-01T10:00:00")
    role = root / "playbook/roles/rep.yml"
    role.write_text(role.read_text().replace("title: Sales rep", "title: Account executive"))
    git(root, "commit", "-qam", "Renamed", date="2026-03-01T10:00:00")
    site = tmp_path / "site"
    done = run_mkdocs(root, site, "--strict")
    assert done.returncode == 0, done.stderr
    page = soup(site / "changes/index.html").article
    text = page.get_text(" ", strip=True)
    assert "last 3 commits (since 2026-01-15)" in text, text
    assert "git tag" not in text and "tag one" not in text
    items = [li.get_text(" ", strip=True) for li in page.select("li")]
    assert any(i.startswith("added") and "Win rate" in i for i in items), items
    assert any(i.startswith("added") and "Account executive" in i for i in items), items
    assert "no release tag yet" in done.stderr and "git tag 2026.4" in done.stderr


def test_every_language_site_of_a_mike_deploy_has_the_version_selector(deployed, chromium):
    """The theme looks for versions.json beside the site root, which for the Hungarian
    site (<version>/hu/) is inside the version: the script shows the selector there, and
    each version leads to the same page in Hungarian, or to its home page."""
    from browser import serve, watched_page

    _, pages = deployed
    assert 'data-version="2026.2"' in (pages / "2026.2/hu/roles/rep/index.html").read_text()
    assert "data-version" not in (pages / "2026.2/roles/rep/index.html").read_text()
    with serve(pages) as base:
        page = watched_page(chromium, base)
        page.goto(base + "2026.2/hu/roles/rep/")
        selector = page.locator(".md-header__topic .md-version")
        selector.wait_for(state="attached")
        assert selector.count() == 1
        assert page.locator(".md-version__current").inner_text().startswith("2026.2")
        assert page.locator(".md-version__current").get_attribute("aria-label") != ""
        links = page.locator(".md-version__link")
        assert links.all_inner_texts() == ["2026.2", "2026.1"]
        assert links.nth(1).get_attribute("href") == base + "2026.1/hu/roles/rep/"
        links.nth(1).dispatch_event("click")
        page.wait_for_url(base + "2026.1/hu/roles/rep/")
        # a page that version has not: its Hungarian home page
        page.goto(base + "2026.2/hu/roles/engineer/")
        page.locator(".md-version__link", has_text="2026.1").dispatch_event("click")
        page.wait_for_url(base + "2026.1/hu/")
        # the default language's site keeps the theme's own selector
        page.goto(base + "2026.2/roles/rep/")
        page.locator(".md-version").wait_for(state="attached")
        assert page.locator(".md-version").count() == 1
        assert page.errors == []
        page.close()
