"""A rep keeps their playbook on the device (a hub's `offline: true`, issue 35): what the
list of each role holds, and, in chromium, keep, go offline, read and search what was kept,
then a redeploy seen once online, under a subpath, beside another hub on the same host."""

from __future__ import annotations

import contextlib
import http.server
import json
import threading
import time
from pathlib import Path

import pytest
from browser import watched_page
from test_accessibility import faults
from conftest import MINI_HUB, run_mkdocs, write_hub

OFFLINE_HUB = {
    **MINI_HUB,
    "mkdocs.yml": MINI_HUB["mkdocs.yml"].replace(
        "- playbook\n", "- playbook:\n              offline: true\n"
                        "              offline_max_file_mb: 0.001\n"),
    "playbook/hub.yml": "name: Mini hub\nlanguages: [en, ur]\n",
    # a file too large to keep (the limit above is 1,000 bytes): its page is kept, not it
    "content/files/price-list.txt": "Prices.\n" + "x" * 2000 + "\n",
    "playbook/collateral/price-list.yml": """
        title: Price list
        summary: What each plan costs.
        type: one-pager
        file: files/price-list.txt
        audience: [rep]
        owner: Ana
        updated: 2026-10-01
    """,
    # a page no rep of the hub's roles is led to
    "playbook/lead-sources/events.yml": "title: Trade fairs\nchannel: offline\nproduces: [hot]\n",
}


def build(root: Path, site: Path, files: dict[str, str | None] | None = None) -> None:
    hub = write_hub(root, {**OFFLINE_HUB, **(files or {})}, base={})
    result = run_mkdocs(hub, site, "--strict")
    assert result.returncode == 0, result.stderr


def kept_list(site: Path) -> dict:
    return json.loads((site / "assets/playbook/offline.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def hosted(tmp_path_factory):
    """Two hubs on one host, each under a path of its own: /team/ and /other/."""
    root = tmp_path_factory.mktemp("offline")
    www = root / "www"
    build(root / "team-hub", www / "team")
    build(root / "other-hub", www / "other",
          {"playbook/hub.yml": "name: Other hub\nlanguages: [en, ur]\n"})
    return root, www


def test_a_role_keeps_its_pages_what_they_link_to_small_files_and_their_search(hosted):
    _, www = hosted
    made = kept_list(www / "team")
    rep = made["roles"]["rep"]
    assert rep["own"] == ["roles/rep/", "onboarding/rep/", "handbook/rep/"]
    # its pages, and those they link to: its collateral, responsibilities, lead types
    for page in ("", "roles/rep/", "onboarding/rep/", "handbook/rep/", "collateral/guide/",
                 "collateral/price-list/", "responsibilities/closing/", "lead-types/hot/"):
        assert page in rep["pages"], page
    assert "lead-sources/events/" not in rep["pages"]
    # the small file, not the large one
    assert "files/guide.txt" in rep["files"]
    assert "files/price-list.txt" not in rep["files"]
    # the search entry of every kept page, and the index a query needs
    assert len(rep["search"]) == len(rep["pages"]) - 1  # (the home page is not indexed)
    assert any(f.endswith(".pf_index") for f in made["shell"])
    assert all((www / "team" / f).is_file() for f in [*made["shell"], *rep["search"]])
    # what every page loads: the theme's styles and scripts, its search worker, ours
    assert any(f.startswith("assets/javascripts/workers/search.") for f in made["shell"])
    assert "assets/playbook/offline.js" in made["shell"]
    # each language's site has its own list, in its words
    ur = kept_list(www / "team/ur")
    assert ur["words"]["keep"] != made["words"]["keep"]
    assert ur["roles"]["rep"]["pages"][1] == "roles/rep/"


def test_the_version_follows_what_is_kept_and_nothing_else(hosted, tmp_path):
    """Built again, with a file no page links to (so no kept byte changes), the hub's list
    has the same version: Pagefind's files that differ from build to build are left out of
    it. A kept file changed, it has another."""
    root, www = hosted
    before = kept_list(www / "team")["version"]
    build(tmp_path / "hub", tmp_path / "unrelated", {
        "content/files/press-kit.txt": "Not linked from any page.\n"})
    assert kept_list(tmp_path / "unrelated")["version"] == before
    build(tmp_path / "hub", tmp_path / "changed", {
        "content/files/guide.txt": "A better guide.\n"})
    assert kept_list(tmp_path / "changed")["version"] != before


class Host:
    """A static host on 127.0.0.1 that can be taken down (every request then fails as
    with no network: the connection closes unanswered)."""

    def __init__(self, root: Path):
        host = self

        class Handler(http.server.SimpleHTTPRequestHandler):
            def __init__(self, *args, **kwargs):
                super().__init__(*args, directory=str(root), **kwargs)

            def send_head(self):
                if host.down:
                    self.close_connection = True
                    return None
                host.served.append(self.path)
                return super().send_head()

            def log_message(self, *args):
                pass

        self.down = False
        self.served: list[str] = []
        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/"

    @contextlib.contextmanager
    def running(self):
        thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        thread.start()
        try:
            yield self
        finally:
            self.server.shutdown()
            self.server.server_close()


#: The names of the caches a site (its address) keeps, without the time each was made.
CACHES = """async (scope) => (await caches.keys()).filter(n => n.startsWith(
    'playbook-offline ' + scope + ' ')).map(n => n.replace(/ \\d+$/, ''))"""


def prefix(scope: str) -> str:
    return f"playbook-offline {scope} "


def until(done, seconds: float = 20) -> None:
    deadline = time.monotonic() + seconds
    while not done():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.1)


@pytest.mark.browser
def test_keep_go_offline_read_and_search_then_see_a_redeploy(hosted, chromium):
    root, www = hosted
    with Host(www).running() as host:
        team, other = host.url + "team/", host.url + "other/"
        context = chromium.new_context(viewport={"width": 390, "height": 844})
        page = watched_page(context, host.url)
        asked: list[str] = []
        page.on("request", lambda request: asked.append(request.url))

        def go_offline(offline: bool) -> None:
            host.down = offline
            context.set_offline(offline)

        # online: keep the rep's playbook (the box fails no accessibility rule, before or
        # after)
        page.goto(team + "roles/rep/")
        box = page.locator(".pb-offline")
        box.locator(".pb-offline__keep").wait_for()
        assert faults(page, within=".pb-offline") == []
        box.locator(".pb-offline__keep").click()
        page.wait_for_selector("html[data-pb-offline=kept]")
        assert "Kept on this device" in box.inner_text()
        assert faults(page, within=".pb-offline") == []
        assert len(page.evaluate(CACHES, team)) == 1
        assert page.evaluate(CACHES, other) == []  # another hub on the host: nothing
        # (a page's feeds are no language's site: the theme asks no sitemap beside them)
        assert not [url for url in asked if "feeds/" in url and "sitemap" in url], asked

        # offline: the kept pages, files and search work; what was not kept says so
        go_offline(True)
        page.reload()
        assert page.locator("h1").first.inner_text() == "Sales rep"
        page.locator(".pb-offline-banner").wait_for()
        assert faults(page, within=".pb-offline-banner, .pb-offline") == []
        page.goto(team + "collateral/guide/")
        assert page.locator("h1").first.inner_text() == "Guide"
        assert page.goto(team + "files/guide.txt").ok
        assert "A guide." in page.inner_text("body")
        page.goto(team + "onboarding/rep/")
        page.locator('label[for="__search"]').first.click()  # the phone's search button
        page.locator(".md-search__input").fill("price")
        page.wait_for_function("() => [...document.querySelectorAll("
                               "'.md-search-result__item a')].some(a => "
                               "a.href.includes('collateral/price-list/'))", timeout=15000)
        page.goto(team + "lead-sources/events/")
        assert "not kept on this device" in page.inner_text("body")
        assert page.locator("a", has_text="Sales rep").count() == 1
        with pytest.raises(Exception):  # the other hub's pages were never kept
            page.goto(other + "roles/rep/")

        # a redeploy: seen once online, and kept again in place of the old
        build(root / "team-hub", www / "team", {
            "playbook/collateral/guide.yml": OFFLINE_HUB["playbook/collateral/guide.yml"]
            .replace("title: Guide", "title: Field guide")})
        version = kept_list(www / "team")["version"]
        host.served.clear()
        go_offline(False)
        page.goto(team + "roles/rep/")
        until(lambda: page.evaluate(CACHES, team) == [f"{prefix(team)}{version}"]
              and page.evaluate("document.documentElement.dataset.pbOffline") == "kept")
        host.served.clear()
        page.goto(team + "collateral/guide/")
        assert page.locator("h1").first.inner_text() == "Field guide"
        assert "/team/collateral/guide/" in host.served  # (from the network)
        go_offline(True)
        page.goto(team + "collateral/guide/")
        assert page.locator("h1").first.inner_text() == "Field guide"

        # the Urdu site keeps apart, in its words; removing it leaves the English one
        go_offline(False)
        page.goto(team + "ur/roles/rep/")
        keep = page.locator(".pb-offline__keep")
        assert keep.inner_text() == kept_list(www / "team/ur")["words"]["keep"]
        keep.click()
        page.wait_for_selector("html[data-pb-offline=kept]")
        assert len(page.evaluate(CACHES, team + "ur/")) == 1
        page.locator(".pb-offline__remove").click()
        page.wait_for_selector(".pb-offline__keep")
        assert page.evaluate(CACHES, team + "ur/") == []
        assert len(page.evaluate(CACHES, team)) == 1

        # the home page offers to keep the role the reader picked, with what is kept
        page.goto(team + "roles/manager/")
        page.locator("[data-pb-pick]").click()
        page.goto(team)
        page.locator(".pb-offline__keep").click()
        until(lambda: page.evaluate("""async (scope) => { for (const name of await
            caches.keys()) if (name.startsWith('playbook-offline ' + scope + ' ')) {
              const kept = await (await caches.open(name)).match(
                  scope + 'playbook-offline/kept.json');
              if (kept) return (await kept.json()).roles.sort().join(); }
            return ''; }""", team) == "manager,rep")
        assert page.errors == []
        context.close()
