"""Work in several processes gives what one process gives: the pages, rendered by forked
workers, and the whole hub's export, made in a second process while MkDocs writes the
pages."""

from __future__ import annotations

import datetime as dt
import json
import os
import subprocess
import sys
import textwrap

import pytest
from click.testing import CliRunner

from playbook.cli import main

from playbook import RenderOptions, run
from playbook import parallel
from playbook import render as render_module

from conftest import (BROKEN_ROLE_PAGE, MINI_HUB, REPO, TODAY_EPOCH, mkdocs_env,
                      with_plugin_file)

TODAY = dt.date(2026, 11, 25)


@pytest.fixture
def small_batches(monkeypatch):
    # The sample hubs of the tests are far below the size that starts processes.
    monkeypatch.setattr(render_module, "PARALLEL_MIN", 1)
    monkeypatch.setattr(parallel, "BATCH", 2)


def _pages(root, workers):
    result = run(root / "playbook", root / "content", root,
                 RenderOptions(today=TODAY, workers=workers, templates_dir=root / "templates"))
    return result


def test_pages_rendered_by_three_processes_equal_those_of_one(small_batches):
    one = _pages(REPO, 1)
    three = _pages(REPO, 3)
    assert one.report.ok and three.report.ok
    assert len(one.pages) > 100
    assert [p.path for p in three.pages] == [p.path for p in one.pages]
    assert three.pages == one.pages


def test_the_parts_of_pages_other_processes_made_come_back_with_their_pages(small_batches):
    """The rows of the library and of a lead type's collateral (`{% cached %}` parts, kept
    between builds with the pages) made by a forked process come back with its pages: a
    render in three processes keeps as many as one in one process, and a render again of
    every page takes each of them, making none."""
    from playbook.render import Renderer

    playbook = run(REPO / "playbook", REPO / "content", REPO, RenderOptions(today=TODAY),
                   render_pages=False).playbook
    kept = {}
    for workers in (1, 3):
        renderer = Renderer(playbook, RenderOptions(today=TODAY, record=True,
                                                    templates_dir=REPO / "templates"))
        paths = {page.path for page in renderer.pages(workers=workers)}
        fragments = renderer.environments.fragments
        kept[workers] = len(fragments)
        made = fragments.made
        renderer.pages(workers=1, only=paths)
        assert fragments.made == made and fragments.used >= kept[workers], workers
    assert kept[3] == kept[1] > 100


def test_the_home_page_made_where_a_hub_has_none_is_marked_so_from_any_process(
        small_batches, hub):
    # (a page another plugin adds in its place then takes it without a warning, which
    # `--strict` would turn into a failed build)
    root = hub({"content/index.md": None})
    one, three = _pages(root, 1), _pages(root, 3)
    assert [p.path for p in three.pages if p.fallback] == ["index.md"]
    assert three.pages == one.pages


def test_a_template_failing_in_another_process_is_reported(small_batches, hub):
    root = hub({"templates/metric.html.j2": "<h1>{{ title }}</h1>{{ no_such_thing.x }}\n"})
    result = _pages(root, 2)
    messages = [i.message for i in result.report.errors]
    assert messages == ["rendering metrics/close-rate.md failed: 'no_such_thing' is undefined"]
    assert "metrics/close-rate.md" not in {p.path for p in result.pages}
    assert "roles/rep.md" in {p.path for p in result.pages}


def test_a_template_failing_on_pages_of_several_processes_is_reported_once(small_batches, hub):
    result = _pages(hub(BROKEN_ROLE_PAGE), 3)
    assert [i.message for i in result.report.errors] == [
        "rendering roles/manager.md failed: 'no_such_thing' is undefined (and 5 more pages)"]
    assert not [p for p in result.pages if p.path.startswith("roles/") and p.path != "roles/index.md"]


def _build_verbose(root, site) -> str:
    """``mkdocs build -v`` in a process of its own, as a user runs it (no thread runs when
    the plugin forks, as in the tests' own process)."""
    result = subprocess.run([sys.executable, "-m", "mkdocs", "build", "-v", "-d", str(site)],
                            cwd=root, env=mkdocs_env(), capture_output=True, text=True,
                            timeout=300)
    assert result.returncode == 0, result.stderr
    return result.stderr


def _leftovers(site) -> list[str]:
    return sorted(p.name for p in site.rglob(".*.part"))


@pytest.mark.skipif(len(os.sched_getaffinity(0)) < 2, reason="one core: nothing is forked")
@pytest.mark.site
def test_the_export_made_while_the_pages_are_written_is_playbook_export(hub, tmp_path):
    root, site = hub({}), tmp_path / "site"
    log = _build_verbose(root, site)
    assert "playbook.json made in a second process while the pages were written" in log
    exported = CliRunner().invoke(main, ["export", str(root)],
                                  env={"SOURCE_DATE_EPOCH": TODAY_EPOCH})
    assert exported.exit_code == 0, exported.output
    published = json.loads((site / "playbook.json").read_text(encoding="utf-8"))
    assert published == json.loads(exported.stdout)
    assert published["entities"]["roles"]["rep"]["page"] == "roles/rep/"
    assert _leftovers(site) == []


def test_another_plugins_playbook_json_stands_and_nothing_is_made_for_it(hub, tmp_path):
    own = '{"its": "own"}\n'
    root = with_plugin_file(hub(), "playbook.json", own)
    site = tmp_path / "site"
    log = _build_verbose(root, site)
    assert (site / "playbook.json").read_text(encoding="utf-8") == own
    assert "playbook.json made" not in log
    assert _leftovers(site) == []


def test_what_a_failed_or_cancelled_second_process_leaves(tmp_path):
    parent = os.getpid()

    def make() -> str:  # fails in the forked process only
        if os.getpid() != parent:
            raise RuntimeError("out of memory, say")
        return "made here"

    target = tmp_path / "out" / "data.json"
    failed = parallel.BackgroundWrite(make, target, fork=True)
    assert not target.exists()
    assert failed.finish() is False  # made in this process instead
    assert target.read_text(encoding="utf-8") == "made here"

    forked = parallel.BackgroundWrite(lambda: str(os.getpid()), tmp_path / "other.json",
                                      fork=True)
    assert forked.finish() is True
    assert (tmp_path / "other.json").read_text(encoding="utf-8") != str(parent)

    dropped = parallel.BackgroundWrite(lambda: "never", tmp_path / "dropped.json", fork=True)
    dropped.cancel()
    assert not (tmp_path / "dropped.json").exists()
    assert _leftovers(tmp_path) == []


HOOK = '''
from pathlib import Path


def on_post_build(config):
    Path(config.site_dir, "playbook.json").write_text('{"from": "a hook"}', encoding="utf-8")
'''


def test_a_file_a_hook_writes_after_the_build_stands_over_ours(hub, tmp_path):
    mkdocs_yml = textwrap.dedent(MINI_HUB["mkdocs.yml"]).strip() + "\nhooks:\n  - hooks.py\n"
    root, site = hub({"mkdocs.yml": mkdocs_yml, "hooks.py": HOOK}), tmp_path / "site"
    log = _build_verbose(root, site)
    assert "playbook.json made" in log  # ours was made, then the hook's written over it
    assert json.loads((site / "playbook.json").read_text(encoding="utf-8")) == {
        "from": "a hook"}
    assert _leftovers(site) == []


def test_the_log_says_why_a_large_hub_renders_in_one_process():
    """Forking is only safe while no other thread runs (`mkdocs serve` starts its server
    after its first build): then a large hub renders in one process, and says why."""
    import threading

    if len(os.sched_getaffinity(0)) < 2:
        pytest.skip("one core: one process is all there is")
    stop = threading.Event()
    other = threading.Thread(target=stop.wait)
    other.start()
    try:
        assert parallel.workers() == 1
        assert "other threads run" in parallel.one_process(parallel.PARALLEL_MIN)
        assert parallel.one_process(parallel.PARALLEL_MIN - 1) == ""  # (small: one is best)
    finally:
        stop.set()
        other.join()
