"""Atom feeds of what changed (issue 35): one for the hub, one per kind and one per role, in
every language's site, read with a real feed parser and checked against the pages."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urljoin

import feedparser
import pytest

from conftest import Site, run_mkdocs
from test_role_changes import MANAGER, REP, commit, edit, listed, two_releases
from test_versions import git


@pytest.fixture(scope="module")
def tagged(tmp_path_factory) -> Path:
    """A two-language hub with a release (2026.1) and the changes of a quarter since."""
    return two_releases(tmp_path_factory.mktemp("feeds") / "hub")


@pytest.fixture(scope="module")
def site(tagged) -> Site:
    result = run_mkdocs(tagged, tagged / "site", "--strict")
    assert result.returncode == 0, result.stderr
    return Site(tagged / "site")


def read(site: Site, path: str):
    feed = feedparser.parse((site.root / path).read_bytes())
    assert not feed.bozo, (path, feed.get("bozo_exception"))
    assert feed.version == "atom10"
    return feed


def entry_ids(feed) -> list[str]:
    return [e.id for e in feed.entries]


def test_each_roles_feed_has_the_changes_its_role_page_lists(site):
    for url, role in ((REP, "rep"), (MANAGER, "manager")):
        feed = read(site, f"feeds/roles/{role}.xml")
        on_page = listed(site, url)
        assert len(feed.entries) == len(on_page) > 0
        pages = {urljoin(f"http://site/feeds/roles/{role}.xml", e.link) for e in feed.entries}
        for entry in feed.entries:
            assert entry.id and entry.title and entry.updated_parsed
        # each entry leads to a page of the site
        for page in pages:
            assert site.path(page.removeprefix("http://site/")).is_file(), page
        titles = [e.title for e in feed.entries]
        assert "Onboarding module: Welcome (changed)" in titles
        if role == "rep":
            assert {"Play: Follow up (added)", "Collateral: Guide (changed)"} <= set(titles)
        else:
            assert "Responsibility: Hire reps (changed)" in titles
    rep = read(site, "feeds/roles/rep.xml")
    guide = next(e for e in rep.entries if "Guide" in e.title)
    assert "Version set to 2" in guide.summary


def test_the_hubs_feed_and_each_kinds_have_what_the_changes_page_lists(site):
    page = site.article("changes/")
    changed = {li["data-change"] for li in page.select("li[data-change]")}
    whole = read(site, "feeds/all.xml")
    assert len(whole.entries) == len(changed) > 3
    by_kind = {}
    from playbook.kinds import KINDS

    for kind in KINDS:  # (a feed per kind)
        by_kind[kind] = read(site, f"feeds/{kind}.xml")
    assert sum(len(f.entries) for f in by_kind.values()) <= len(whole.entries)
    assert {e.id for f in by_kind.values() for e in f.entries} <= set(entry_ids(whole))
    assert [t.term for e in by_kind["plays"].entries for t in e.tags] == ["plays"]


def test_every_language_has_its_feeds_in_its_words_with_the_same_entries(site):
    english, urdu = read(site, "feeds/roles/rep.xml"), read(site, "ur/feeds/roles/rep.xml")
    assert entry_ids(english) == entry_ids(urdu)
    assert urdu.feed.language == "ur" and english.feed.language == "en"
    assert [e.title for e in english.entries] != [e.title for e in urdu.entries]
    assert any("شامل" in e.title or "تبدیل" in e.title for e in urdu.entries), urdu.entries


def test_pages_link_their_feeds_and_say_how_to_subscribe(site):
    for url, feed in ((REP, "feeds/roles/rep.xml"), ("changes/", "feeds/all.xml"),
                      ("plays/", "feeds/plays.xml"), ("", "feeds/all.xml"),
                      ("ur/" + REP, "ur/feeds/roles/rep.xml")):
        html = site.html(url)
        hrefs = [urljoin("http://site/" + url, link["href"]).removeprefix("http://site/")
                 for link in html.select('head link[rel~=alternate][type="application/atom+xml"]')]
        assert feed in hrefs, (url, hrefs)
    for url, feed in ((REP, "feeds/roles/rep.xml"), ("changes/", "feeds/all.xml")):
        visible = site.article(url).select("a.pb-subscribe")
        assert [urljoin("http://site/" + url, a["href"]).removeprefix("http://site/")
                for a in visible] == [feed], url


def test_an_entry_keeps_its_id_until_its_entity_changes_again(tagged, site, tmp_path):
    before = {e.title: e.id for e in read(site, "feeds/all.xml").entries}
    again = run_mkdocs(tagged, tmp_path / "again")
    assert again.returncode == 0, again.stderr
    assert {e.title: e.id for e in read(Site(tmp_path / "again"), "feeds/all.xml").entries} \
        == before
    # a later edit, still compared with 2026.1 (the quarter's tag, once not at HEAD, would
    # become the version compared with)
    git(tagged, "tag", "-d", "2026.2")
    edit(tagged, "playbook/plays/follow-up.yml", "Two days later.", "Three days later.")
    commit(tagged, "A play edited", "2026-04-03T10:00:00")
    try:
        third = run_mkdocs(tagged, tmp_path / "third")
        assert third.returncode == 0, third.stderr
        after = {e.title: e.id for e in read(Site(tmp_path / "third"), "feeds/all.xml").entries}
    finally:
        git(tagged, "reset", "-q", "--hard", "HEAD~1")
        git(tagged, "tag", "2026.2")
    assert after.keys() == before.keys()
    assert [t for t in before if before[t] != after[t]] == ["Play: Follow up (added)"]


def test_hub_text_in_a_feed_is_text_and_the_feed_stays_well_formed(hub, tmp_path):
    """A title with markup and a control character (YAML allows "\\x01") is text in the
    feed, which a feed reader still parses."""
    root = hub({"playbook/roles/rep.yml": 'title: "Rep <b>bold</b> & \\x01co"\nsummary: S.\n'
                                          "team: sales\nreports_to: manager\n"})
    result = run_mkdocs(root, tmp_path / "site", "--strict")
    assert result.returncode == 0, result.stderr
    site = Site(tmp_path / "site")
    raw = (site.root / "feeds/roles/rep.xml").read_text(encoding="utf-8")
    assert "Rep &lt;b&gt;bold&lt;/b&gt; &amp; co" in raw and "\x01" not in raw
    assert read(site, "feeds/roles/rep.xml").feed.title.endswith("Rep <b>bold</b> & co")
