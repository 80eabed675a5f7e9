"""`mkdocs serve` renders again only the pages an edit touches: those pages, put in place of
the old ones, must give exactly the site a full render of the edited hub gives."""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import re
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
import yaml

from playbook import RenderOptions, run
from playbook.derived import KeptPaths
from playbook.incremental import pages_to_render
from playbook.render import Renderer
from playbook.templating import Environments
from playbook.kinds import role_kind
from playbook.urls import HANDBOOK, handbook_page
from playbook.validate import REFERENCES, references

from compact_hub import compact_sample
from conftest import mkdocs_env

TODAY = dt.date(2026, 11, 25)
#: (one set of template environments for the whole module, as `mkdocs serve` keeps one)
OPTIONS = dict(today=TODAY, record=True, history=False, environments=Environments())


def _edits(root: Path):
    """For two files of each kind: a new title, and each reference field pointing at
    another entity of the same kind."""
    pb = root / "playbook"
    for kind, fields in REFERENCES.items():
        files = sorted((pb / kind).glob("*.yml"))
        for file in files[:1] + files[-1:]:
            yield file, "title", lambda d: d.update(title="A new title, " + file.stem)
            for spec, target in fields:
                name = spec.split("[]")[0].split(".")[0]
                if "." in spec or not (pb / target).is_dir():
                    continue  # nested references (handoffs) and teams are left out

                def swap(d, name=name, target=target):
                    ids = sorted(p.stem for p in (pb / target).glob("*.yml"))
                    value = d.get(name)
                    if isinstance(value, list) and value:
                        others = [i for i in ids if i not in value]
                        d[name] = value[1:] + others[:1]
                    elif isinstance(value, str) and value in ids:
                        d[name] = next(i for i in ids if i != value)
                    else:
                        d[name] = ids[:1] if name.endswith("s") and name != "reports_to" \
                            else ids[0]

                yield file, name, swap


@pytest.fixture(scope="module")
def sample(tmp_path_factory) -> Path:
    """The compact sample (tests/compact_hub.py): every kind and reference field of the
    sample, at half its pages, since each edit renders the whole hub."""
    return compact_sample(tmp_path_factory.mktemp("incremental"))


def _kept(result) -> KeptPaths:
    """The paths a render of ``result``'s hub made, kept."""
    kept = KeptPaths()
    assert Renderer(result.playbook, RenderOptions(**OPTIONS, kept_paths=kept)).derived.paths
    return kept


def _render(root: Path, **kw):
    return run(root / "playbook", root / "content", root, RenderOptions(**OPTIONS), **kw)


@pytest.mark.site
def test_pages_rendered_again_after_an_edit_equal_a_full_render(sample):
    """Every page whose content an edit changes is among those rendered again (one full
    render of the edited hub per edit tells which changed); and the pages rendered again
    alone (``only=``) are those of the full render, asked for every edit of the first file
    of each kind."""
    cache: dict = {}  # (parsed files kept between edits, as `mkdocs serve` keeps them)
    old = _render(sample, cache=cache)
    assert old.report.ok and old.pages
    before = {p.path: p.content for p in old.pages}
    first = {kind: sorted((sample / "playbook" / kind).glob("*.yml"))[0] for kind in REFERENCES}
    tried = alone = 0
    for file, field, edit in list(_edits(sample)):
        original = file.read_text(encoding="utf-8")
        data = yaml.safe_load(original)
        edit(data)
        file.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
        try:
            new = _render(sample, render_pages=False, cache=cache)
            if not new.report.ok:
                continue  # e.g. a reports_to that makes a cycle
            wanted = pages_to_render(old.playbook, new.playbook, old.pages, {file})
            assert wanted is not None
            renderer = Renderer(new.playbook, RenderOptions(**OPTIONS))
            # the paths an update makes, taking those of the roles whose pages it does not
            # render from the last render (KeptPaths, as `mkdocs serve` keeps them): the
            # paths a render of the whole edited hub makes
            update = Renderer(new.playbook, RenderOptions(**OPTIONS, kept_paths=_kept(old)))
            update.derived.only = wanted
            assert update.derived.paths == renderer.derived.paths, f"{file.name} ({field})"
            if file == first[file.parent.name]:
                # all of the edited hub, and the pages asked for rendered alone (with the
                # paths kept), which must be those of the full render
                full = renderer.pages()
                assert {p.path for p in full} == before.keys()
                again = update.pages(only=wanted)
                assert {p.path: p.content for p in again} == {
                    p.path: p.content for p in full if p.path in wanted}, \
                    f"{file.name} ({field}): rendered alone, the pages differ"
                alone += 1
            else:  # the pages not asked for are enough (rendered alone as in full, above)
                full = renderer.pages(only=before.keys() - wanted)
            stale = [p.path for p in full
                     if p.path not in wanted and before.get(p.path) != p.content]
            assert not stale, f"{file.name} ({field}): not rendered again: {stale}"
            if file.parent.name == "collateral":  # the everyday edit touches few pages
                assert len(wanted) < len(before) / 3, f"{file.name} ({field}): {len(wanted)}"
                # of the roles' handbooks (each lists the collateral for its role), only
                # those of the roles the item is for, before or after the edit
                named = {id for kind, id in references(
                    "collateral", old.playbook.entities["collateral"][file.stem])
                    | references("collateral", new.playbook.entities["collateral"][file.stem])
                    if kind == role_kind().folder}
                assert {w for w in wanted if w.startswith(HANDBOOK + "/")} <= {
                    handbook_page(id) for id in named}, f"{file.name} ({field})"
            tried += 1
        finally:
            file.write_text(original, encoding="utf-8")
    assert tried >= 25 and alone >= 10


def test_adding_a_file_or_editing_hub_yml_asks_for_a_full_build(sample):
    old = _render(sample)
    hub = sample / "playbook/hub.yml"
    original = hub.read_text(encoding="utf-8")
    extra = sample / "playbook/metrics/new-metric.yml"
    try:
        extra.write_text("title: New metric\ndefinition: Something counted.\n")
        new = _render(sample, render_pages=False)
        assert pages_to_render(old.playbook, new.playbook, old.pages, {extra}) is None
        extra.unlink()
        hub.write_text(original.replace("stale_after_days", "# stale_after_days"))
        new = _render(sample, render_pages=False)
        assert new.report.ok
        if new.playbook.hub != old.playbook.hub:
            assert pages_to_render(old.playbook, new.playbook, old.pages, {hub}) is None
    finally:
        extra.unlink(missing_ok=True)
        hub.write_text(original, encoding="utf-8")


def _get(url: str) -> str:
    try:
        return urllib.request.urlopen(url, timeout=5).read().decode("utf-8")
    except OSError:
        return ""


@pytest.mark.site
def test_mkdocs_serve_shows_an_edit_by_rebuilding_only_what_it_touches(hub, tmp_path):
    """... and stopped as a process manager stops it (SIGTERM), leaves no served site
    behind in the temporary folder; the templates it compiled are kept for the next
    process in the hub's .cache (outside CI), as a build keeps them."""
    root = hub()
    port = 18000 + os.getpid() % 1000
    temporary = tmp_path / "tmp"
    temporary.mkdir()
    env = {**mkdocs_env(), "TMPDIR": str(temporary), "XDG_CACHE_HOME": str(tmp_path / "key")}
    env.pop("CI", None)
    server = subprocess.Popen(
        [sys.executable, "-m", "mkdocs", "serve", "-a", f"127.0.0.1:{port}"], cwd=root,
        env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        base = f"http://127.0.0.1:{port}/"
        deadline = time.time() + 60
        while "Close rate" not in _get(base + "metrics/close-rate/"):
            assert time.time() < deadline and server.poll() is None, "serve did not start"
            time.sleep(0.2)
        metric = root / "playbook/metrics/close-rate.yml"
        metric.write_text(re.sub(r"(?m)^title: .*$", "title: Win ratio",
                                 metric.read_text()))
        deadline = time.time() + 30
        while "Win ratio" not in _get(base + "metrics/close-rate/"):
            assert time.time() < deadline, "the edit never showed"
            time.sleep(0.1)
        # the role whose KPI it is links to it by its new title, too (same update)
        assert "Win ratio" in _get(base + "roles/manager/")
        # and the data beside the pages follows (the JSON export a moment later)
        assert "Close deals,A,R" in _get(base + "raci.csv")
        deadline = time.time() + 30
        while '"Win ratio"' not in _get(base + "playbook.json"):
            assert time.time() < deadline, "the export never followed the edit"
            time.sleep(0.1)
        # the home page's roles (the manager's KPIs) follow
        assert '"Win ratio"' in _get(base + "assets/playbook/roles.json")
    finally:
        server.terminate()
        log = server.communicate(timeout=20)[0]
    assert re.search(r"playbook: \d+ of \d+ pages updated in [\d.]+ s", log), log
    assert "Traceback" not in log
    assert server.returncode == 0 and "Shutting down" in log, log
    assert not list(temporary.iterdir())  # (MkDocs' served site, removed as on Ctrl-C)
    assert (root / ".cache/playbook/templates.bin").is_file()


@pytest.mark.site
def test_mkdocs_serve_shows_the_hubs_errors_on_the_page_until_they_are_fixed(hub):
    """Issue 34: an edit that breaks the hub under `mkdocs serve` is shown in the browser,
    on the page being previewed (every error, with its file and line), over the last pages
    without errors; saved again fixed, the page comes back without it."""
    root = hub()
    port = 18000 + (os.getpid() + 500) % 1000
    server = subprocess.Popen(
        [sys.executable, "-m", "mkdocs", "serve", "-a", f"127.0.0.1:{port}"], cwd=root,
        env=mkdocs_env(), stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    role = root / "playbook/roles/rep.yml"
    good = role.read_text()
    try:
        base = f"http://127.0.0.1:{port}/"
        wait_for = _waiter(server)
        wait_for(lambda: "Sales rep" in _get(base + "roles/rep/"), "serve did not start")
        role.write_text(good.replace("team: sales", "team: nowhere").replace(
            "title: Sales rep", "title: Sales rep, renamed"))
        wait_for(lambda: "pb-serve-errors" in _get(base + "roles/rep/"), "no error shown")
        page = _get(base + "roles/rep/")
        panel = page[page.index("pb-serve-errors"):page.index("</div>", page.index(
            "pb-serve-errors"))]
        assert "playbook/roles/rep.yml:3" in panel and "nowhere" in panel, panel
        assert "renamed" not in page  # the last pages without errors
        assert "pb-serve-errors" in _get(base)  # on every page, hand-written ones too
        role.write_text(good.replace("title: Sales rep", "title: Sales rep, fixed"))
        wait_for(lambda: "fixed" in _get(base + "roles/rep/"), "the fix never showed")
        assert "pb-serve-errors" not in _get(base + "roles/rep/") + _get(base)
    finally:
        server.terminate()
        log = server.communicate(timeout=20)[0]
    assert "Traceback" not in log
    assert "ERROR" in log and "playbook/roles/rep.yml:3" in log  # the terminal says it too
    # and why each of those edits took a full build rather than an update of its pages
    assert "playbook: a full build, as the hub has errors now" in log, log
    assert "playbook: a full build, as the hub had errors" in log, log


def _waiter(server):
    def wait_for(done, what: str, seconds: float = 30) -> None:
        deadline = time.time() + seconds
        while not done():
            assert time.time() < deadline and server.poll() is None, what
            time.sleep(0.1)
    return wait_for


def test_a_kept_parse_cache_reads_again_only_the_files_that_changed(hub, monkeypatch):
    from playbook import load as load_module

    root = hub({})
    parsed = []
    real = load_module._parse
    monkeypatch.setattr(load_module, "_parse",
                        lambda source, *a: parsed.append(source.path.name) or real(source, *a))
    cache: dict = {}
    first = run(root / "playbook", root / "content", root, RenderOptions(**OPTIONS),
                render_pages=False, cache=cache)
    assert first.report.ok and "close-rate.yml" in parsed
    parsed.clear()
    metric = root / "playbook/metrics/close-rate.yml"
    metric.write_text(metric.read_text().replace("Close rate", "Win ratio"))
    again = run(root / "playbook", root / "content", root, RenderOptions(**OPTIONS),
                render_pages=False, cache=cache)
    assert [p for p in parsed if p != "hub.yml"] == ["close-rate.yml"]
    assert str(again.playbook.metrics["close-rate"].title) == "Win ratio"
    assert again.playbook.roles["rep"] == first.playbook.roles["rep"]


@contextlib.contextmanager
def plugin_log():
    """What the plugin logs meanwhile, its messages in a list."""
    import logging

    said: list[str] = []
    handler = logging.Handler()
    handler.emit = lambda record: said.append(record.getMessage())  # type: ignore[method-assign]
    logger = logging.getLogger("mkdocs.plugins.playbook")
    logger.addHandler(handler)
    try:
        yield said
    finally:
        logger.removeHandler(handler)


@pytest.mark.parametrize("stopped", [False, True])
def test_a_search_index_cut_short_by_the_end_of_mkdocs_serve_says_nothing(monkeypatch, stopped):
    """At 10,000 items the background index of an edit takes 20 s: a Ctrl-C meanwhile
    stopped Pagefind under it and printed a warning that the index failed. It fails then
    quietly; a failure while serve runs is still said."""
    import threading
    from types import SimpleNamespace

    from playbook.adapter import serve as serve_module
    from playbook.pagefind import SearchError

    session = serve_module.Session()
    writing, cut = threading.Event(), threading.Event()

    class Index:
        def finish(self):
            writing.set()
            cut.wait(5)
            raise SearchError("Pagefind did not write the index: no reply")

    monkeypatch.setattr(serve_module.search_index, "start", lambda *args, **kw: Index())
    with plugin_log() as said:
        try:
            session._index_later(SimpleNamespace(build=None), None, None)
            assert writing.wait(5)
            if stopped:
                session.close()
            cut.set()
            session._thread.join(5)
        finally:
            session.close()
    assert [m for m in said if "did not write" in m] == ([] if stopped else [
        "playbook: search: Pagefind did not write the index: no reply"])


def test_the_background_index_gives_way_to_an_update_and_an_edit_gives_it_up(monkeypatch):
    """At 10,000 items the index of an edit takes 20 s, and an edit's update made meanwhile
    took twice its time: the index waits while an update runs, Pagefind's process with it;
    an index begun before an edit is given up (its pages are not those served any more)
    and made again from the pages as they are, without a word in the log."""
    import threading
    from types import SimpleNamespace

    from playbook.adapter import serve as serve_module

    session = serve_module.Session()
    begun, handed, finished = [], threading.Event(), threading.Event()

    class Index:
        def __init__(self, pause):
            self.pause = pause

        def finish(self):
            for _ in range(2):  # (two pages handed over)
                self.pause()
                handed.set()
            finished.set()

    def start(*args, pause):
        begun.append(len(begun))
        return Index(pause)

    monkeypatch.setattr(serve_module.search_index, "start", start)
    with plugin_log() as said:
        try:
            session._quiet.clear()  # an update runs
            session._builds += 1
            session._index_later(SimpleNamespace(build=None), None, None)
            assert not handed.wait(0.3)  # the index waits for it
            session._builds += 1  # another edit's update began meanwhile...
            session._index_later(SimpleNamespace(build=None), None, None)  # ...asks again
            session._quiet.set()
            assert finished.wait(5)
            session._thread.join(5)
            assert not session._thread.is_alive()
        finally:
            session.close()
    assert begun == [0, 1] and said == []  # given up once, made again, quietly


def test_pagefind_is_held_while_an_update_runs():
    """Pagefind's process is stopped while held (SIGSTOP) and goes on after, so that its
    background index does not take the machine from an edit's update."""
    import os
    import signal

    from playbook.pagefind_service import Pagefind

    if not hasattr(signal, "SIGSTOP"):
        pytest.skip("no SIGSTOP on this system: Pagefind goes on")
    if not Path("/proc/self/stat").is_file():
        pytest.skip("no /proc to read a process's state from")

    def state(pid: int, stopped: bool) -> str:
        """The process's state once it is (or is not) stopped: a signal is delivered a
        moment after kill() returns (five seconds at most)."""
        deadline = time.monotonic() + 5
        while True:
            text = Path(f"/proc/{pid}/stat").read_text()
            now = text[text.rindex(")") + 2]
            if (now == "T") == stopped or time.monotonic() > deadline:
                return now
            time.sleep(0.01)

    pagefind = Pagefind()
    with pagefind.held():  # (no process yet: nothing to hold)
        pass
    pid = pagefind.service()._proc.pid
    try:
        with pagefind.held():
            assert state(pid, stopped=True) == "T"
        assert state(pid, stopped=False) in "RSD"  # running, waiting, or reading a disk
        assert pagefind.service()._proc.pid == pid and os.kill(pid, 0) is None
    finally:
        pagefind.stop()


def test_the_serve_sessions_heap_is_collected_after_a_build_and_set_aside(monkeypatch):
    """Python's collector went through the whole heap of a 10,000-item session (about a
    gigabyte) one to three times during each update: once after each build instead, with
    what is alive then set aside (gc.freeze), and given back at the end of the run."""
    import gc
    import time

    from playbook.adapter import serve as serve_module

    monkeypatch.setattr(serve_module, "SETTLE_AFTER", 0.05)
    session = serve_module.Session()
    try:
        assert gc.get_freeze_count() == 0
        session.settle_later()
        deadline = time.monotonic() + 5
        while gc.get_freeze_count() == 0 and time.monotonic() < deadline:
            time.sleep(0.02)
        assert gc.get_freeze_count() > 0
        session.settle_later()  # another build: set again, the first one cancelled
    finally:
        session.close()
    assert gc.get_freeze_count() == 0


def test_the_data_files_of_an_update_wait_for_quiet_and_give_way_to_a_later_build(tmp_path):
    """An update writes the data files (the JSON export: seconds at 10,000 items) in the
    background, once no update or build runs; a build begun meanwhile writes them itself,
    and the older files are not written over it."""
    import threading

    from playbook.adapter import serve as serve_module

    session = serve_module.Session()
    made = threading.Event()

    def export() -> str:
        made.set()
        return "{}"

    try:
        session._quiet.clear()  # an update runs
        session._builds += 1
        (tmp_path / "assets").mkdir()
        session._write_data_later({"playbook.json": export, "assets/roles.json": export},
                                  tmp_path)
        assert not made.wait(0.3)  # it waits for the update
        session._quiet.set()
        assert made.wait(5)
        deadline = time.monotonic() + 5
        while not (tmp_path / "assets/roles.json").exists() and time.monotonic() < deadline:
            time.sleep(0.01)
        # each file whole once it is there (the server may send it meanwhile), and
        # nothing left beside it
        assert (tmp_path / "playbook.json").read_text() == "{}"
        assert (tmp_path / "assets/roles.json").read_text() == "{}"
        assert sorted(p.name for p in tmp_path.rglob("*")) == [
            "assets", "playbook.json", "roles.json"]

        (tmp_path / "playbook.json").unlink()
        made.clear()
        session._quiet.clear()  # the next update...
        session._builds += 1
        session._write_data_later({"playbook.json": export}, tmp_path)
        session._builds += 1  # ...and a full build after it
        session._quiet.set()
        assert not made.wait(0.3) and not (tmp_path / "playbook.json").exists()
    finally:
        session.close()
