"""The plugin with the plugins MkDocs users combine with it: one small hub, one build per
plugin, under `mkdocs build --strict` (never with -q: quiet mode drops warnings before the
strict count), and what a reader would see of it."""

from __future__ import annotations

from pathlib import Path
from xml.etree import ElementTree

import pytest

from playbook.kinds import INDEXES

from browser import OPEN_SHADOW_ROOTS, serve, stay_on, watched_page
from conftest import Site, run_mkdocs, write_hub
from test_versions import git


def with_plugins(*plugins: str, extra: str = "") -> dict[str, str]:
    """MINI_HUB's files with ``plugins`` listed after ours in mkdocs.yml."""
    listed = "".join(f"  - {p}\n" for p in plugins)
    return {"mkdocs.yml": "site_name: Mini hub\ndocs_dir: content\ntheme:\n  name: material\n"
                          "  font: false\nplugins:\n  - search\n  - playbook\n" + listed + extra}


@pytest.fixture(scope="module")
def private(tmp_path_factory):
    """An intranet build: Material's privacy plugin, which downloads every external asset
    at build time, on a machine with no internet."""
    root = write_hub(tmp_path_factory.mktemp("privacy") / "hub", with_plugins("privacy"))
    result = run_mkdocs(root, root / "site", "--strict")
    return result, Site(root / "site")


def test_the_privacy_plugin_builds_strict_with_no_internet(private):
    result, _ = private
    assert result.returncode == 0, result.stderr
    assert "Couldn't retrieve" not in result.stderr
    assert "WARNING" not in result.stderr


def test_nothing_of_ours_names_a_cdn(private):
    _, site = private
    for page in site.root.rglob("*.html"):
        text = page.read_text(encoding="utf-8")
        for cdn in ("unpkg.com", "cdn.jsdelivr.net", "cdnjs.cloudflare.com"):
            assert cdn not in text, f"{page.relative_to(site.root)} names {cdn}"
    for asset in (site.root / "assets/playbook").rglob("*"):
        if asset.suffix in (".js", ".css", ".json") and asset.name != "mermaid.min.js":
            assert "https://" not in asset.read_text(encoding="utf-8"), asset.name


def test_an_intranet_reader_sees_the_org_chart_with_no_request_outside(private, chromium):
    _, site = private
    with serve(site.root) as base:
        page = chromium.new_page()
        page.add_init_script(OPEN_SHADOW_ROOTS)
        outside = stay_on(page, base)
        page.goto(base + "roles/")
        page.wait_for_function(
            "() => [...document.querySelectorAll('.mermaid')].some("
            "el => el.shadowRoot && el.shadowRoot.querySelector('svg'))", timeout=20000)
        labels = page.evaluate(
            "() => [...document.querySelectorAll('.mermaid')].flatMap(el => "
            "[...el.shadowRoot.querySelectorAll('.nodeLabel')].map(n => n.textContent))")
        assert "Sales rep" in " ".join(labels)
        assert outside == []
        page.close()


# -- Material's offline plugin: a site to open from disk ----------------------------------

@pytest.fixture(scope="module")
def offline(tmp_path_factory):
    root = write_hub(tmp_path_factory.mktemp("offline") / "hub", with_plugins("offline"))
    result = run_mkdocs(root, root / "site", "--strict")
    assert result.returncode == 0, result.stderr
    assert "WARNING" not in result.stderr
    return Site(root / "site")


def test_an_offline_site_opened_from_disk_reads_links_ticks_and_filters(offline, chromium):
    """What works from file://: every page and link, ticks, the library's filters."""
    home = offline.root.as_uri() + "/"
    page = watched_page(chromium)
    page.goto(home + "index.html")
    page.click("article a[href='roles/index.html']")
    page.click("article table a[href$='rep.html']")
    assert page.url == home + "roles/rep.html"
    page.goto(home + "onboarding/rep.html")
    box = page.locator("input[data-pb-task]").first
    box.check()
    page.reload()
    assert page.locator("input[data-pb-task]").first.is_checked()
    page.goto(home + "collateral/index.html?type=product-guide")
    assert page.locator("tbody tr:visible").count() == 1
    assert page.errors == []
    page.close()


def test_from_disk_search_cannot_work_and_playbook_serve_is_the_way(offline, chromium):
    """A page opened from disk may fetch nothing beside it (the browser's rule for
    file://), so Pagefind cannot read its index: the theme shows no search box there (none
    that would find nothing), docs/guide.md says so and points to `playbook serve`, which
    serves the same folder with search working."""
    import re
    import subprocess
    import sys
    from pathlib import Path

    page = chromium.new_page()
    page.goto(offline.root.as_uri() + "/index.html")
    page.wait_for_function("() => document.querySelector('.md-search').hidden")
    assert not page.locator("label.md-header__button[for='__search']").is_visible()
    assert not page.locator(".md-search__input").is_visible()
    command = [str(Path(sys.executable).with_name("playbook")), "serve", str(offline.root),
               "--port", "0"]
    server = subprocess.Popen(command, stdout=subprocess.PIPE, text=True)
    try:
        line = server.stdout.readline()
        address = re.search(r"http://127\.0\.0\.1:\d+/", line).group(0)
        outside = stay_on(page, address)
        page.goto(address + "index.html")
        # (clicked and filled, not the theme's "s" key: on a busy machine the key can come
        # before the theme listens for it)
        page.locator("label.md-search__icon, .md-search__input").first.click()
        page.locator(".md-search__input").fill("rep")
        page.wait_for_function("() => /matching/.test(document.querySelector("
                               "'.md-search-result__meta').textContent)", timeout=20000)
        assert page.locator(".md-search-result__item").count() >= 1
        assert outside == []
    finally:
        server.terminate()
        server.wait(timeout=10)
    page.close()


def test_playbook_serve_says_what_is_missing(tmp_path):
    from click.testing import CliRunner

    from playbook.cli import main

    result = CliRunner().invoke(main, ["serve", str(tmp_path)])
    assert result.exit_code == 2
    assert "has no index.html: build the site first" in result.output

def test_playbook_serve_gives_a_page_built_again_within_the_same_second(tmp_path):
    """A rebuild takes under a second for a small hub: a browser asking whether the page
    changed since its copy (If-Modified-Since, in whole seconds, or the copy's tag) gets
    the new page, not "304 Not Modified"; a file that did not change is not sent again."""
    import os
    import urllib.error
    import urllib.request

    from playbook.static_site import serving

    page = tmp_path / "index.html"
    page.write_text("first build")
    with serving(tmp_path) as base:
        with urllib.request.urlopen(base) as answer:
            since, tag = answer.headers["Last-Modified"], answer.headers["ETag"]
            assert answer.headers["Cache-Control"] == "no-cache"
        asked = {"If-Modified-Since": since, "If-None-Match": tag}
        with pytest.raises(urllib.error.HTTPError) as unchanged:
            urllib.request.urlopen(urllib.request.Request(base, headers=asked))
        assert unchanged.value.code == 304 and unchanged.value.headers["ETag"] == tag
        stat = page.stat()
        page.write_text("rebuilt now")  # as long as before, and its time set back
        os.utime(page, ns=(stat.st_atime_ns, stat.st_mtime_ns))
        with urllib.request.urlopen(urllib.request.Request(base, headers=asked)) as answer:
            assert answer.status == 200 and answer.read() == b"rebuilt now"
            assert answer.headers["ETag"] != tag


# -- plugins that ask where a page comes from ----------------------------------------------

def committed_hub(root: Path, files: dict[str, str]) -> Path:
    """A mini hub in git: everything committed on 2026-01-15, then the rep's role changed
    on 2026-04-02 (so a page's date is its YAML's, not the build's or the hub's)."""
    write_hub(root, files)
    git(root, "init", "-q", "-b", "main")
    (root / ".gitignore").write_text("site/\n")
    git(root, "add", "-A")
    git(root, "commit", "-qm", "First playbook", date="2026-01-15T10:00:00")
    role = root / "playbook/roles/rep.yml"
    role.write_text(role.read_text() + "owner: Ana\n")
    git(root, "add", "-A")
    git(root, "commit", "-qm", "The rep's owner", date="2026-04-02T10:00:00")
    return root


def build(tmp_path_factory, name: str, *plugins: str, extra: str = "", files=None):
    root = committed_hub(tmp_path_factory.mktemp(name) / "hub",
                         {**with_plugins(*plugins, extra=extra), **(files or {})})
    result = run_mkdocs(root, root / "site", "--strict")
    return result, Site(root / "site")


def assert_clean(result) -> None:
    assert result.returncode == 0, result.stderr
    assert "WARNING" not in result.stderr, result.stderr


@pytest.fixture(scope="module")
def revision_dates(tmp_path_factory):
    return build(tmp_path_factory, "git-dates", extra=(
        "  - git-revision-date-localized:\n      type: iso_date\n"
        "      enable_creation_date: true\n"))


def test_git_revision_date_shows_when_the_yaml_last_changed(revision_dates):
    result, site = revision_dates
    assert_clean(result)
    page = site.html("roles/rep/")
    theirs = page.select_one(".git-revision-date-localized-plugin").get_text(strip=True)
    ours = page.select_one(".pb-source__changed time")["datetime"]
    assert theirs == ours == "2026-04-02"
    manager = site.html("roles/manager/")
    assert manager.select_one(
        ".git-revision-date-localized-plugin").get_text(strip=True) == "2026-01-15"


def test_git_revision_date_creation_date_is_the_yamls_first_commit(revision_dates):
    _, site = revision_dates
    dates = [d.get_text(strip=True) for d in
             site.html("roles/rep/").select(".git-revision-date-localized-plugin")]
    assert dates == ["2026-04-02", "2026-01-15"]  # last changed, created


def test_git_revision_date_of_an_index_is_its_kinds_folders(revision_dates):
    _, site = revision_dates
    dates = [d.get_text(strip=True) for d in
             site.html("roles/").select(".git-revision-date-localized-plugin")]
    assert dates == ["2026-04-02", "2026-01-15"]
    assert [d.get_text(strip=True) for d in site.html("metrics/").select(
        ".git-revision-date-localized-plugin")] == ["2026-01-15", "2026-01-15"]


@pytest.fixture(scope="module")
def feed(tmp_path_factory):
    return build(tmp_path_factory, "rss", extra=(
        "  - rss\nsite_url: https://hub.example.com/\n"))


def test_rss_builds_and_its_feed_lists_the_generated_pages(feed):
    result, site = feed
    assert_clean(result)
    channel = ElementTree.parse(site.root / "feed_rss_updated.xml").getroot()
    items = {item.findtext("link"): item for item in channel.iter("item")}
    rep = items["https://hub.example.com/roles/rep/"]
    assert rep.findtext("title") == "Sales rep"
    assert "02 Apr 2026" in rep.findtext("pubDate")  # the YAML's commit, not the build
    assert "https://hub.example.com/roles/" in items


@pytest.fixture(scope="module")
def redirected(tmp_path_factory):
    return build(tmp_path_factory, "redirects", extra=(
        "  - redirects:\n      redirect_maps:\n        team.md: roles/index.md\n"
        "        people/rep.md: roles/rep.md\n"))


def test_a_redirect_may_point_at_a_generated_page(redirected):
    result, site = redirected
    assert_clean(result)
    team = site.path("team/").read_text(encoding="utf-8")
    assert 'content="0; url=../roles/"' in team
    rep = site.path("people/rep/").read_text(encoding="utf-8")
    assert 'content="0; url=../../roles/rep/"' in rep


def primary_nav(site: Site, url: str) -> list[str]:
    nav = site.html(url).select_one("nav.md-nav--primary")
    return [" ".join(a.get_text(" ", strip=True).split())
            for a in nav.select("label.md-nav__link, a.md-nav__link")]


#: The playbook's section of the navigation: its index pages, as the registry orders them.
PLAYBOOK_SECTION = ["Playbook", *(index.index_title for index in INDEXES.values())]


@pytest.fixture(scope="module")
def awesome(tmp_path_factory):
    return build(tmp_path_factory, "awesome-nav", "awesome-nav",
                 files={"content/guides/selling.md": "# Selling\n"})


def test_awesome_nav_places_the_playbook_section_after_the_hubs_pages(awesome):
    result, site = awesome
    assert_clean(result)
    assert primary_nav(site, "") == ["Mini hub", "Guides", "Selling",
                                           *PLAYBOOK_SECTION]
    active = site.html("roles/rep/").select(".md-nav__item--active > .md-nav__link")
    assert [" ".join(a.get_text(" ", strip=True).split()) for a in active][:1] == \
        ["Playbook"]
    assert not site.path(".nav.yml").exists()


def test_a_hubs_own_nav_file_places_the_section_itself(tmp_path_factory):
    result, site = build(tmp_path_factory, "own-nav", "awesome-nav", files={
        "content/.nav.yml": "nav:\n  - index.md\n  - Sales:\n"
                            "    - Who does what: roles/index.md\n"
                            "    - metrics/index.md\n"})
    assert_clean(result)
    assert primary_nav(site, "") == ["Mini hub", "Sales", "Who does what", "Metrics"]


def test_static_i18n_does_not_crash_but_leaves_the_generated_pages_out(tmp_path_factory):
    """A documented limit: static-i18n makes each page of the site again as a file of the
    docs folder (`docs_dir/<path>`), so pages that come from elsewhere (ours, from the
    playbook's YAML) are "Unhandled" and left out. The hub's own `languages` do what it
    does: a site per language, hand-written translations from `content/<lang>/`."""
    result, site = build(tmp_path_factory, "static-i18n", extra=(
        "  - i18n:\n      docs_structure: suffix\n      languages:\n"
        "        - locale: en\n          default: true\n          name: English\n"
        "        - locale: fr\n          name: Français\n"))
    assert result.returncode == 1
    assert "TypeError" not in result.stderr
    assert "mkdocs_static_i18n: Unhandled file case - roles/rep.md" in result.stderr


def test_literate_nav_places_the_playbook_section_from_the_hubs_summary(tmp_path_factory):
    """literate-nav reads the navigation from a Markdown list (`SUMMARY.md`): the generated
    index pages are files it finds like any other, and a page it does not list (a role's)
    still shows where it is."""
    result, site = build(tmp_path_factory, "literate-nav", "literate-nav", files={
        "content/SUMMARY.md": "- [Home](index.md)\n- Sales\n"
                              "    - [Who does what](roles/index.md)\n"
                              "    - [KPIs](metrics/index.md)\n"
                              "    - [Collateral](collateral/index.md)\n"})
    assert_clean(result)
    assert primary_nav(site, "") == ["Home", "Sales", "Who does what", "KPIs",
                                     "Collateral"]
    page = site.html("roles/rep/")
    active = page.select(".md-nav__item--active > .md-nav__link")
    assert [" ".join(a.get_text(" ", strip=True).split()) for a in active][:1] == ["Sales"]
    links = [a["href"] for a in site.html("").select("nav.md-nav--primary a.md-nav__link")]
    assert "roles/" in links and "metrics/" in links


def test_literate_nav_without_a_summary_keeps_the_playbook_section(tmp_path_factory):
    result, site = build(tmp_path_factory, "literate-nav-none", "literate-nav")
    assert_clean(result)
    assert primary_nav(site, "")[-len(PLAYBOOK_SECTION):] == PLAYBOOK_SECTION
