"""Rendering in several processes gives the same pages as rendering in one."""

from __future__ import annotations

import datetime as dt

import pytest

from playbook import RenderOptions, run
from playbook import parallel
from playbook import render as render_module

from conftest import BROKEN_ROLE_PAGE, REPO

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
