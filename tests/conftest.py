"""Shared fixtures: build real sites into temporary folders and parse what they produce."""

from __future__ import annotations

import datetime as dt
import fcntl
import os
import re
import shutil
import subprocess
import sys
import tempfile
import textwrap
from dataclasses import dataclass
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

REPO = Path(__file__).resolve().parents[1]
#: Staleness in every test is judged on this date, so results do not drift with time.
TODAY = "2026-11-25"
TODAY_EPOCH = "1795564800"  # 2026-11-25T00:00:00Z
ARTIFACTS = REPO / "test-artifacts"


def examples(count: int) -> int:
    """How many examples a property test tries: ``count`` in `make test`, a tenth of it in
    the quick tier (`make check` sets PLAYBOOK_QUICK=1)."""
    return max(20, count // 10) if os.environ.get("PLAYBOOK_QUICK") else count


def sample_stale() -> int:
    """How many entities of the sample are stale on TODAY: three collateral items, and one
    of each other kind that goes stale (the sample keeps one of each, so that every kind's
    staleness shows; a kind added adds one)."""
    from playbook.kinds import KINDS

    return 3 + sum(1 for folder, k in KINDS.items() if k.stale_after and folder != "collateral")


def keeping_nothing() -> dict[str, str]:
    """What a build of a test is run with so that it keeps nothing in its hub's .cache, as in
    CI (a hub of the tests is built once, and keeping its pages, with what each read, costs
    a build of the sample about 7 %; the sample's own .cache is not read either): ``CI`` set,
    unless the test keeps a machine key of its own (XDG_CACHE_HOME: test_build_cache and
    test_parse_cache, which test what is kept)."""
    return {} if "XDG_CACHE_HOME" in os.environ else {"CI": os.environ.get("CI") or "1"}


def mkdocs_env() -> dict[str, str]:
    env = dict(os.environ)
    env["SOURCE_DATE_EPOCH"] = TODAY_EPOCH
    env["NO_MKDOCS_2_WARNING"] = "1"
    env.pop("PLAYBOOK_TODAY", None)
    return env


#: The theme files MkDocs found in an installed theme, by the theme's folders and its
#: static templates: (path, folder) of each.
_THEME_FILES: dict[tuple[tuple[str, ...], tuple[str, ...]], list[tuple[str, str]]] = {}


def list_installed_theme_once() -> None:
    """MkDocs lists every file of the theme at every build and filters each name (Material
    has 14,500 files: 50 ms of a small hub's 250 ms build, in every in-process build of
    the run, and half of a build's time with a folder of the hub's own). An installed theme
    does not change during a run: in this process its list is made once, and each build
    adds the same files MkDocs would (a hub's page of the same path still wins). The folders
    of a hub's own (``custom_dir``) before it are listed by MkDocs' own function, every time,
    and their files win over the installed theme's as in MkDocs."""
    import sysconfig
    from types import SimpleNamespace

    import jinja2
    from mkdocs.structure import files as mkdocs_files

    Files = mkdocs_files.Files
    if getattr(Files.add_files_from_theme, "listed_once", False):
        return
    listing = Files.add_files_from_theme
    installed = tuple({sysconfig.get_paths()[key] for key in ("purelib", "platlib")})

    def listed(dirs: tuple[str, ...], config) -> list[tuple[str, str]]:
        """MkDocs' listing of the theme folders ``dirs`` alone: (path, folder) of each."""
        found = Files([])
        alone = SimpleNamespace(theme=SimpleNamespace(
            dirs=list(dirs), static_templates=config.theme.static_templates),
            site_dir=config.site_dir, use_directory_urls=config.use_directory_urls)
        listing(found, jinja2.Environment(loader=jinja2.FileSystemLoader(list(dirs))), alone)
        return [(f.src_uri, f.src_dir) for f in found]

    def add_files_from_theme(self, env, config) -> None:
        dirs = tuple(config.theme.dirs)
        ours = tuple(d for d in dirs if not any(Path(d).is_relative_to(r) for r in installed))
        if dirs[:len(ours)] != ours:  # (a folder of the hub's after an installed one)
            return listing(self, env, config)
        key = (dirs[len(ours):], tuple(config.theme.static_templates))
        if key not in _THEME_FILES:
            _THEME_FILES[key] = listed(key[0], config)
        first = listed(ours, config) if ours else []
        taken = {path for path, _ in first}
        for path, folder in first + [f for f in _THEME_FILES[key] if f[0] not in taken]:
            if self.get_file_from_path(path) is None:
                self.append(mkdocs_files.File(path, folder, config.site_dir,
                                              config.use_directory_urls))

    add_files_from_theme.listed_once = True
    add_files_from_theme.mkdocs_own = listing  # (tests/test_suite.py compares the two)
    Files.add_files_from_theme = add_files_from_theme


def run_mkdocs(hub: Path, site: Path, *args: str, config: str = "mkdocs.yml"
               ) -> subprocess.CompletedProcess[str]:
    """``mkdocs build`` of ``hub`` (its ``config``) into ``site``, as a user runs it: MkDocs'
    own command line, run in this process (a process per build costs a second of start-up,
    and the plugin keeps no state between builds); PLAYBOOK_TEST_SUBPROCESS=1 runs each in
    a process of its own instead."""
    command = ["build", "-f", str(hub / config), "-d", str(site), *args]
    if os.environ.get("PLAYBOOK_TEST_SUBPROCESS"):
        return subprocess.run([sys.executable, "-m", "mkdocs", *command], cwd=hub,
                              env={**mkdocs_env(), **keeping_nothing()}, capture_output=True,
                              text=True, timeout=300)
    import logging

    from click.testing import CliRunner
    from mkdocs.__main__ import cli

    # MkDocs drops a message its build logger has logged before in the process (a filter
    # meant for one build), and a plugin's filter stays on it once added (static-i18n's
    # drops "Documentation built"): each build here is a process of its own to it.
    from mkdocs.utils import DuplicateFilter

    list_installed_theme_once()
    logger = logging.getLogger("mkdocs.commands.build")
    for known in list(logger.filters):
        if isinstance(known, DuplicateFilter):
            known.msgs.clear()
        else:
            logger.removeFilter(known)
    here = os.getcwd()
    os.chdir(hub)
    try:
        result = CliRunner().invoke(cli, command, env={
            "SOURCE_DATE_EPOCH": TODAY_EPOCH, "NO_MKDOCS_2_WARNING": "1",
            "PLAYBOOK_TODAY": None, **keeping_nothing()})
    finally:
        os.chdir(here)
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise result.exception
    return subprocess.CompletedProcess(["mkdocs", *command], result.exit_code,
                                       result.stdout, result.stderr)


@dataclass
class Site:
    root: Path

    def path(self, url: str) -> Path:
        url = url.split("#")[0].split("?")[0].lstrip("/")
        target = self.root / url
        if url == "" or url.endswith("/"):
            target = target / "index.html"
        return target

    def html(self, url: str) -> BeautifulSoup:
        target = self.path(url)
        assert target.is_file(), f"{url} was not built ({target})"
        return BeautifulSoup(target.read_text(encoding="utf-8"), "html.parser")

    def article(self, url: str) -> BeautifulSoup:
        article = self.html(url).select_one("article")
        assert article is not None, f"{url} has no article"
        return article


#: The page kinds of a site, as the registry has them: each index page (of every kind, the
#: audit, what changed), then each kind's entity page. A kind added to the registry is in
#: every test that walks these, by construction.
def page_kinds() -> list[str]:
    from playbook.kinds import INDEXES, KINDS

    return [f"{key}/index" for key in INDEXES] + list(KINDS)


def page_of_kind(site: Site, page_kind: str) -> str:
    """The URL of a page of ``page_kind`` (:func:`page_kinds`) in ``site``: the index page
    itself, or the kind's entity page that shows the most of what its template can (the
    most elements in its article)."""
    if page_kind.endswith("/index"):
        return page_kind.removesuffix("index")
    pages = sorted((site.root / page_kind).glob("*/index.html"))
    assert pages, f"the site has no page of the kind {page_kind}: give the sample one"

    def shown(page: Path) -> int:
        text = page.read_text(encoding="utf-8")
        return text[text.find("<article"):text.find("</article>")].count("<")

    return f"{page_kind}/{max(pages, key=shown).parent.name}/"


_ARTICLE = re.compile(r"<article.*?</article>", re.S)
_HREF = re.compile(r'<a [^>]*href="([^"]*)"')


def article_links(site: Site, url: str) -> list[tuple[str, str]]:
    """Each link of the article of the page at ``url`` that stays on the site: its href,
    and the site path it leads to (read with a regex: a parser takes ten times as long)."""
    from urllib.parse import unquote, urljoin

    article = _ARTICLE.search(site.path(url).read_text(encoding="utf-8"))
    assert article, f"{url} has no article"
    out = []
    for href in _HREF.findall(article.group(0)):
        if href.startswith(("http:", "https:", "mailto:", "#")):
            continue
        target = urljoin("http://site/" + url, href).split("#")[0].split("?")[0]
        out.append((href, unquote(target[len("http://site/"):])))
    return out


def generated_pages(site: Site, lang: str = "") -> list[str]:
    """The URLs of the pages the plugin makes in ``lang``'s site (every kind's index and
    entity pages, the audit, the changes, the handbooks, the home page)."""
    from playbook.kinds import INDEXES, KINDS

    folders = dict.fromkeys([*KINDS, *INDEXES, "handbook"])
    return [lang] + [str(p.parent.relative_to(site.root)) + "/" for folder in folders
                     for p in (site.root / lang / folder).rglob("index.html")]


def run_folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The folder of the whole run, shared by its test workers."""
    shared = tmp_path_factory.getbasetemp()
    return shared.parent if os.environ.get("PYTEST_XDIST_WORKER") else shared


def once_per_run(tmp_path_factory: pytest.TempPathFactory, name: str, make):
    """What ``make()`` returns (JSON), made by the first worker to ask and read from a file
    by the others, so work the workers need alike is done once per run."""
    import json

    shared = run_folder(tmp_path_factory)
    with open(shared / f"{name}.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        made = shared / f"{name}.json"
        if not made.exists():
            made.write_text(json.dumps(make()), encoding="utf-8")
        return json.loads(made.read_text(encoding="utf-8"))


@pytest.fixture(scope="session")
def sample_site(tmp_path_factory: pytest.TempPathFactory) -> Site:
    """The sample hub of this repository, built once with ``--strict`` for the whole run:
    the first test worker to ask builds it, the others wait for it (no test writes into
    it)."""
    def build() -> str:
        site = run_folder(tmp_path_factory) / "sample-site"
        shutil.rmtree(site, ignore_errors=True)
        result = run_mkdocs(REPO, site, "--strict")
        assert result.returncode == 0, result.stderr
        return str(site)

    return Site(Path(once_per_run(tmp_path_factory, "sample-site", build)))


@dataclass
class Compact:
    """The compact sample (tests/compact_hub.py): its folder, and its site."""
    hub: Path
    site: Site


@pytest.fixture(scope="session")
def compact_sample_site(tmp_path_factory: pytest.TempPathFactory) -> Compact:
    """The compact sample hub, built once with ``--strict`` for the whole run, for the
    tests that compare another way of building a hub (ProperDocs, `playbook generate`
    without the plugin) page by page: the first worker to ask builds it (no test writes
    into either)."""
    from compact_hub import compact_sample

    def build() -> list[str]:
        folder = run_folder(tmp_path_factory) / "compact-sample"
        shutil.rmtree(folder, ignore_errors=True)
        folder.mkdir()
        hub = compact_sample(folder / "hub")
        result = run_mkdocs(hub, folder / "site", "--strict")
        assert result.returncode == 0, result.stderr
        return [str(hub), str(folder / "site")]

    hub, site = once_per_run(tmp_path_factory, "compact-sample", build)
    return Compact(Path(hub), Site(Path(site)))


MINI_HUB = {
    "mkdocs.yml": """
        site_name: Mini hub
        docs_dir: content
        theme:
          name: material
          font: false
        plugins:
          - search
          - playbook
    """,
    "content/index.md": "# Mini hub\n\nSee the [roles](roles/index.md).\n",
    "content/files/guide.txt": "A guide.\n",
    "playbook/hub.yml": """
        name: Mini hub
    """,
    "playbook/roles/manager.yml": """
        title: Sales manager
        summary: Leads the team.
        team: sales
        kpis: [close-rate]
    """,
    "playbook/roles/rep.yml": """
        title: Sales rep
        summary: Sells.
        team: sales
        reports_to: manager
        works: [hot]
        handoffs:
          - to: manager
            lead_type: hot
            when: The deal is large.
    """,
    "playbook/responsibilities/closing.yml": """
        title: Close deals
        accountable: manager
        responsible: [rep]
        metrics: [close-rate]
        collateral: [guide]
    """,
    "playbook/lead-types/hot.yml": """
        title: Hot lead
        definition: Wants to buy now.
        order: 10
        temperature: hot
    """,
    "playbook/lead-sources/referrals.yml": """
        title: Referrals
        channel: referral
        produces: [hot]
    """,
    "playbook/metrics/close-rate.yml": """
        title: Close rate
        definition: Deals won over deals worked.
        unit: "%"
    """,
    "playbook/collateral/guide.yml": """
        title: Guide
        summary: How we sell.
        type: product-guide
        file: files/guide.txt
        audience: [rep]
        stages: [hot]
        owner: Ana
        updated: 2026-10-01
    """,
    "playbook/onboarding/welcome.yml": """
        title: Welcome
        roles: all
        hours: 2
    """,
}


def check(root: Path):
    """What `playbook validate` finds in the hub at ``root``, in this process: the run's
    result (its report and playbook), staleness judged on TODAY."""
    from playbook import RenderOptions, run

    return run(root / "playbook", root / "content", root,
               RenderOptions(today=dt.date.fromisoformat(TODAY)), render_pages=False)


def problems(root: Path, severity: str = "error") -> list[str]:
    """The hub's problems of one severity, as `playbook validate` prints them."""
    return [i.format() for i in check(root).report if i.severity.value == severity]


def only_error(root: Path) -> str:
    errors = problems(root)
    assert len(errors) == 1, "\n".join(errors)
    return errors[0]


def write_hub(root: Path, files: dict[str, str | None], base: dict[str, str] | None = None
              ) -> Path:
    """Write a hub: ``base`` (default: a small valid hub) changed by ``files``.

    A value of None removes that file from the base.
    """
    merged = dict(MINI_HUB if base is None else base)
    merged.update(files)
    for name, text in merged.items():
        if text is None:
            continue
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(text, bytes):
            path.write_bytes(text)
        else:
            path.write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")
    return root


def run_validate(root: Path, *args: str) -> tuple[int, str]:
    """`playbook validate` of the hub at ``root``, as a user runs it: its exit code and
    what it printed (never a traceback)."""
    from click.testing import CliRunner

    from playbook.cli import main

    result = CliRunner().invoke(main, ["validate", str(root), *args])
    assert result.exception is None or isinstance(result.exception, SystemExit), \
        result.exception
    assert "Traceback" not in result.output
    return result.exit_code, result.output


def tamper(path: Path, old: bytes, new: bytes) -> int:
    """Change ``old`` to ``new`` in what a sealed file of a hub's .cache holds (as a pull
    request or another user could), its seal left as it was: how many were changed. (Its
    magic ends in a newline; the seal, 32 bytes, follows; then the compressed payload.)"""
    import zlib

    raw = path.read_bytes()
    head = raw.index(b"\n") + 1
    payload = zlib.decompress(raw[head + 32:])
    path.write_bytes(raw[:head + 32] + zlib.compress(payload.replace(old, new)))
    return payload.count(old)


def with_plugin_file(root: Path, name: str, content: str) -> Path:
    """The hub at ``root`` with a hook (a plugin of its mkdocs.yml) that adds a file of its
    own at ``name`` to the site."""
    write_hub(root, {"hooks/own_file.py": f"""
        from mkdocs.structure.files import File

        def on_files(files, config):
            files.append(File.generated(config, {name!r}, content={content!r}))
    """}, base={})
    mkdocs_yml = root / "mkdocs.yml"
    mkdocs_yml.write_text(mkdocs_yml.read_text() + "hooks:\n  - hooks/own_file.py\n")
    return root


@pytest.fixture(autouse=True)
def _nothing_set_aside():
    """A command of the command line sets what it read aside from Python's collector until
    its process ends (cli_support.load_hub): a test's process goes on."""
    yield
    import gc

    gc.unfreeze()


@pytest.fixture
def hub(tmp_path: Path):
    """A function writing a mini hub with changes into a fresh folder."""

    def make(files: dict[str, str | None] | None = None) -> Path:
        root = tmp_path / "hub"
        if root.exists():
            shutil.rmtree(root)
        return write_hub(root, files or {})

    return make


#: A hub whose override of the role page fails on each of its six roles the same way.
BROKEN_ROLE_PAGE: dict[str, str | None] = {
    "templates/role.html.j2": "<h1>{{ title }}</h1>\n{{ no_such_thing.x }}\n",
    **{f"playbook/roles/role-{n}.yml": f"title: Role {n}\nsummary: S.\nteam: sales\n"
       for n in range(1, 5)},
}


# -- the sample site in chromium (the browser tests') ------------------------------------

@pytest.fixture(scope="session")
def site_url(sample_site):
    """The sample site served on 127.0.0.1, for the browser tests of a worker."""
    from browser import serve

    with serve(sample_site.root) as url:
        yield url


@pytest.fixture(scope="session")
def compact_url(compact_sample_site):
    """The compact sample's site served on 127.0.0.1, for the browser tests of a worker
    that check every kind of page the same way (accessibility): its pages are the same
    templates with fewer rows."""
    from browser import serve

    with serve(compact_sample_site.site.root) as url:
        yield url


@pytest.fixture(scope="session")
def chromium():
    """One chromium per test worker for the whole run (a launch costs about a second);
    each test opens its own context, so nothing a page keeps reaches another test."""
    from browser import browser

    with browser() as b:
        yield b


class ReaderTab:
    """The tab of the `page` fixture's tests on a worker, opened again as a new reader's
    for each test: a page opened in a tab that stays costs two thirds of one in a new
    context (a new renderer, Material's script compiled again). Between tests it leaves
    the page, forgets what the site kept (its storage of every kind, cookies), and takes
    back the size and media a test set; a test that changed the tab in a way that cannot be
    taken back (a script added to every page, a route, another tab) gets a new context
    after it."""

    SIZE = {"width": 1280, "height": 900}

    def __init__(self, chromium) -> None:
        self.chromium = chromium
        self.tab = None

    def open(self, site_url: str):
        from urllib.parse import urlsplit

        from browser import watched_page

        if self.tab is None:
            context = self.chromium.new_context(viewport=self.SIZE)
            tab = self.tab = watched_page(context, site_url)
            tab.origins, tab.spoilt = set(), False
            tab.on("request", lambda r: tab.origins.add(
                "{0.scheme}://{0.netloc}".format(urlsplit(r.url)))
                if r.url.startswith("http") else None)
            for name in ("add_init_script", "route", "route_from_har", "expose_function",
                         "expose_binding", "set_extra_http_headers", "on", "once"):
                def spoils(*args, _call=getattr(tab, name), **kwargs):
                    tab.spoilt = True
                    return _call(*args, **kwargs)
                setattr(tab, name, spoils)
        self.tab.errors.clear()
        self.tab.outside_requests.clear()
        return self.tab

    def close(self) -> None:
        """Make the tab a new reader's for the next test (or close it)."""
        tab, self.tab = self.tab, None
        if tab is None:
            return
        context = tab.context
        if tab.spoilt or tab.is_closed() or len(context.pages) != 1 or len(tab.origins) > 1:
            context.close()
            return
        try:
            if tab.url.startswith("http"):
                tab.evaluate("() => { localStorage.clear(); sessionStorage.clear(); }")
            tab.goto("about:blank")
            session = context.new_cdp_session(tab)
            for origin in tab.origins:
                session.send("Storage.clearDataForOrigin", {"origin": origin,
                                                            "storageTypes": "all"})
            session.detach()
            context.clear_cookies()
            context.clear_permissions()
            tab.set_viewport_size(self.SIZE)
            tab.emulate_media(media="null", color_scheme="null", reduced_motion="null",
                              forced_colors="null")
        except Exception:  # (a page that will not be left: a new context next time)
            context.close()
            return
        tab.origins.clear()
        self.tab = tab


@pytest.fixture(scope="session")
def _reader_tab(chromium):
    reader = ReaderTab(chromium)
    yield reader
    if reader.tab is not None:
        reader.tab.context.close()


@pytest.fixture
def page(_reader_tab, site_url):
    """A page of the sample site at 1280 px, as a new reader opens it (ReaderTab: the
    worker's one tab, given back as new after each test), refused every request off the
    site (noted in ``page.outside_requests``), with its script errors in ``page.errors``:
    a test that ends with any of either fails."""
    tab = _reader_tab.open(site_url)
    yield tab
    try:
        assert tab.errors == []
        assert tab.outside_requests == []
    finally:
        _reader_tab.close()


# -- tiers, distribution, and the run's time in reference builds ---------------------------

#: Fixtures that start chromium, and those that build the whole sample hub.
BROWSER_FIXTURES = {"chromium", "page", "site_url", "compact_url"}
SITE_FIXTURES = {"sample_site", "compact_sample_site"}

#: Modules whose tests go to the workers one by one, so both cores stay busy to the end:
#: each test is long and their module and class fixtures are cheap. Every other module goes
#: whole to one worker (its fixtures build hubs once).
ONE_BY_ONE = {"test_accessibility", "test_url_state", "test_keyboard", "test_checks",
              "test_browser", "test_rep_start", "test_phone", "test_search"}

#: The modules that go whole to a worker, the longest first (as a full run timed them, in
#: worker-seconds; the quick tier runs the same order, without what it leaves out), then
#: the accessibility checks one by one, then the other modules, so that the last work to be
#: handed out is short and no worker is left alone with a long module at the end. A module
#: missing here only starts later.
LONGEST_FIRST = ["test_diagrams", "test_incremental", "test_properties", "test_security",
                 "test_zensical", "test_build_cache", "test_versions", "test_ecosystem",
                 "test_editor", "test_generate", "test_offline", "test_untrusted",
                 "test_reader_language", "test_render_parallel", "test_role_changes",
                 "test_build", "test_onboarding", "test_pages", "test_plays", "test_package",
                 "test_languages", "test_platforms", "test_publish", "test_objections",
                 "test_data_export", "test_accessibility"]


@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Mark each test with what it needs (``browser``, ``site``; `make check` runs the
    others), and put the longest modules first."""
    for item in items:
        names = set(getattr(item, "fixturenames", ()))
        if names & BROWSER_FIXTURES and not item.get_closest_marker("browser"):
            item.add_marker(pytest.mark.browser)
        if names & SITE_FIXTURES and not item.get_closest_marker("site"):
            item.add_marker(pytest.mark.site)
    rank = {name: n for n, name in enumerate(LONGEST_FIRST)}
    items.sort(key=lambda item: rank.get(_module(item), len(rank)))


def _module(item: pytest.Item) -> str:
    module = getattr(item, "module", None)
    return module.__name__ if module is not None else ""


def work_unit(nodeid: str) -> str:
    """What goes to one worker at once: a test of ONE_BY_ONE, else its whole module (so a
    module's fixtures are made once in the run)."""
    module = nodeid.split("::", 1)[0]
    return nodeid if Path(module).stem in ONE_BY_ONE else module


@pytest.hookimpl(optionalhook=True)
def pytest_xdist_make_scheduler(config: pytest.Config, log):
    """pytest-xdist's scheduling by scope, the scope being ``work_unit``. (Its
    ``loadgroup`` marks a test's group in the test's id, which pytest 9.2 no longer lets a
    plugin change: every module was spread over both workers, its fixtures made twice.)"""
    from xdist.scheduler import LoadScopeScheduling

    class ByWorkUnit(LoadScopeScheduling):
        def _split_scope(self, nodeid: str) -> str:
            return work_unit(nodeid)

    return ByWorkUnit(config, log)


#: The workers that ran each work unit, as xdist's controller hears their reports.
_RAN_ON: dict[str, set[str]] = {}


def pytest_runtest_logreport(report: pytest.TestReport) -> None:
    node = getattr(report, "node", None)  # (xdist: the worker that sent the report)
    if node is not None and report.when == "setup":
        _RAN_ON.setdefault(work_unit(report.nodeid), set()).add(node.gateway.id)


def split_units(ran_on: dict[str, set[str]]) -> list[str]:
    """The work units that more than one worker ran, said for the reader."""
    return [f"{unit} ran on {' and '.join(sorted(workers))}"
            for unit, workers in sorted(ran_on.items()) if len(workers) > 1]


@pytest.hookimpl(tryfirst=True)
def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    """The run fails if a module went to more than one worker (its fixtures, the hubs it
    builds, were then made twice: pytest 9.2 silently undid xdist's groups once, and every
    module was spread over both workers). Checked on every run with workers, of every
    module it ran. Old runs' temporary folders are moved aside first, before pytest's own
    hook deletes them (:func:`move_old_runs_aside`)."""
    if not hasattr(session.config, "workerinput"):
        move_old_runs_aside(session.config)
    split = split_units(_RAN_ON)
    if split:
        session.exitstatus = pytest.ExitCode.TESTS_FAILED
        reporter = session.config.pluginmanager.get_plugin("terminalreporter")
        if reporter is not None:
            reporter.write_sep("=", "a module ran on more than one worker", red=True)
            for line in split:
                reporter.write_line(line)


def old_runs(root: Path, keep: int) -> list[Path]:
    """The temporary folders of pytest's runs under ``root`` that it deletes at the end of
    a run (it keeps the last ``keep``), but for any still locked (a run going on), and those
    left aside by an earlier run (:func:`move_old_runs_aside`)."""
    numbered = {int(p.name.removeprefix("pytest-")): p for p in root.glob("pytest-*")
                if p.name.removeprefix("pytest-").isdigit() and not p.is_symlink()}
    newest = max(numbered, default=-1)
    return [p for n, p in sorted(numbered.items())
            if n <= newest - keep and not (p / ".lock").exists()] + sorted(
                root.glob(".leaving-pytest-*"))


#: The temporary folders of old runs moved aside at the end of this run, deleted once its
#: time has been counted (:func:`pytest_unconfigure`).
_LEAVING: list[str] = []


def move_old_runs_aside(config: pytest.Config) -> None:
    """pytest deletes the temporary folders of the runs before its last three at the end of
    each run (in its own ``pytest_sessionfinish``, before the summary): about 25,000 files
    (every test hub's built site), 5 s of the run's wall time on a machine that keeps them.
    They are moved aside first (where pytest does not look) and deleted after the run by a
    process of their own (:func:`pytest_unconfigure`)."""
    keep = int(config.getini("tmp_path_retention_count"))
    if tempfile.gettempdir() != SYSTEM_TEMP[0]:  # (in memory: the last run's alone)
        keep = min(keep, 1)
    if config.getoption("basetemp") or keep < 1:
        return
    basetemp = getattr(getattr(config, "_tmp_path_factory", None), "_basetemp", None)
    if basetemp is None:  # (none made in this run: pytest deletes nothing either)
        return
    root = Path(basetemp).parent  # (pytest-of-<user>)
    for path in old_runs(root, keep):
        aside = path if path.name.startswith(".leaving-") else root / f".leaving-{path.name}"
        try:
            if aside != path:
                path.rename(aside)
        except OSError:
            continue
        _LEAVING.append(str(aside))


def pytest_unconfigure(config: pytest.Config) -> None:
    """The temporary folders of old runs (:func:`move_old_runs_aside`) are left to a process
    of their own, once the run's time has been counted: deleting them took the machine from
    the reference build timed after the tests."""
    if _LEAVING and not hasattr(config, "workerinput"):
        subprocess.Popen(["rm", "-rf", "--", *_LEAVING], start_new_session=True,
                         stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                         stderr=subprocess.DEVNULL)


#: The system's temporary folder as the run found it (where the reference build is made,
#: whatever :func:`temporary_files_in_memory` chose for the tests).
SYSTEM_TEMP = [tempfile.gettempdir()]
#: The least free room a folder in memory needs for the run's temporary files: a whole run
#: writes 1.8 GB (every test hub's site, the sample's, chromium's profiles).
MEMORY_ROOM = 6 * 2**30


def memory_folder(candidates: tuple[str, ...] = ("/dev/shm",)) -> str | None:
    """A folder kept in memory (tmpfs) with room for a run's temporary files, or None:
    PLAYBOOK_TEST_TMPDIR names one (empty: none, the system's temporary folder)."""
    chosen = os.environ.get("PLAYBOOK_TEST_TMPDIR")
    if chosen is not None:
        return chosen or None
    for folder in candidates:
        try:
            room = os.statvfs(folder)
        except OSError:
            continue
        if room.f_bavail * room.f_frsize >= MEMORY_ROOM and os.access(folder, os.W_OK):
            return folder
    return None


def temporary_files_in_memory(config: pytest.Config) -> None:
    """The run's temporary files (pytest's folders, what the tests and the programs they
    start write in TMPDIR: chromium's profiles, the sites of mike and Zensical) go to a
    folder in memory where there is one with room (:func:`memory_folder`). On a disk a
    file made and deleted costs a journal entry and a discard (the quick tier took 45.5 s on
    this machine's disk, 39.4 s in memory: medians of four pairs, docs/testing.md). Set in the first process of the run, before its
    test workers start (they take its environment and its pytest folder); the reference
    build is still made in the system's temporary folder, as a user's build would be."""
    if hasattr(config, "workerinput") or config.getoption("basetemp"):
        return
    folder = memory_folder()
    if folder is None:
        return
    SYSTEM_TEMP[0] = tempfile.gettempdir()
    os.environ["TMPDIR"] = tempfile.tempdir = folder


def pytest_configure(config: pytest.Config) -> None:
    temporary_files_in_memory(config)


_RUN_STARTED = [0.0]


def pytest_sessionstart(session: pytest.Session) -> None:
    import time

    _RUN_STARTED[0] = time.perf_counter()


def pytest_terminal_summary(terminalreporter, exitstatus: int, config: pytest.Config) -> None:
    """With PLAYBOOK_REFERENCE=1 (`make test`, `make check`): the run's wall time counted
    in reference builds (a plain Material site of 1,500 pages, `scripts/reference_build.py`)
    timed now, on the same machine in the same state, since these machines differ twofold
    in speed from day to day. Also written to test-artifacts/timing.json."""
    import json
    import time

    if not os.environ.get("PLAYBOOK_REFERENCE") or hasattr(config, "workerinput"):
        return
    wall = time.perf_counter() - _RUN_STARTED[0]
    sys.path.insert(0, str(REPO / "scripts"))
    from reference_build import reference_seconds

    reference = reference_seconds(under=SYSTEM_TEMP[0])
    stats = terminalreporter.stats
    passed = len(stats.get("passed", []))
    ratio = wall / reference
    terminalreporter.write_sep("-", "time in reference builds")
    terminalreporter.write_line(
        f"tests took {wall:.0f} s, {passed} passed; a reference build takes {reference:.2f} s "
        f"now: {ratio:.1f} reference builds")
    ARTIFACTS.mkdir(exist_ok=True)
    (ARTIFACTS / "timing.json").write_text(json.dumps({
        "wall_s": round(wall, 1), "reference_build_s": round(reference, 2),
        "reference_builds": round(ratio, 1), "passed": passed,
        "markers": config.getoption("markexpr") or ""}, indent=1) + "\n")
