"""How the suite itself runs: what `make test` relies on to stay within its time."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import conftest
from conftest import memory_folder, old_runs, split_units, work_unit


def test_a_module_goes_whole_to_one_worker_and_a_browser_module_test_by_test():
    """A module's fixtures build its hubs once only if all its tests run on one worker;
    the long browser modules go out one test at a time, so both cores stay busy."""
    assert work_unit("tests/test_i18n.py::test_x[a]") == "tests/test_i18n.py"
    assert work_unit("tests/test_i18n.py::TestA::test_x") == "tests/test_i18n.py"
    assert work_unit("tests/test_search.py::test_x[a]") == "tests/test_search.py::test_x[a]"


def test_a_run_that_spread_a_module_over_two_workers_says_which():
    """conftest's pytest_sessionfinish fails such a run (with workers, every run checks
    every module it ran): pytest 9.2 silently undid xdist's groups once, and every module
    was spread over both workers, building its hubs twice."""
    assert split_units({"tests/test_i18n.py": {"gw0"}, "tests/test_a.py::t": {"gw1"}}) == []
    assert split_units({"tests/test_i18n.py": {"gw1", "gw0"}, "tests/test_b.py": {"gw0"}}) \
        == ["tests/test_i18n.py ran on gw0 and gw1"]


def test_the_folders_of_old_runs_left_to_a_process_of_their_own_are_those_pytest_deletes(
        tmp_path):
    """What pytest deletes at the end of a run (it keeps the last three runs' folders)
    is moved aside and deleted after the run (conftest's move_old_runs_aside): the same
    folders, never one of a run still going on (locked), and what an earlier run left aside
    but did not finish deleting."""
    for n in (3, 4, 5, 6, 7, 12):
        (tmp_path / f"pytest-{n}").mkdir()
    (tmp_path / "pytest-4/.lock").write_text("")  # a run going on
    (tmp_path / ".leaving-pytest-1").mkdir()
    (tmp_path / "pytest-current").symlink_to(tmp_path / "pytest-12")
    (tmp_path / "garbage-x").mkdir()  # (pytest's own: it deletes them itself)
    assert [p.name for p in old_runs(tmp_path, keep=3)] == [
        "pytest-3", "pytest-5", "pytest-6", "pytest-7", ".leaving-pytest-1"]
    assert [p.name for p in old_runs(tmp_path, keep=7)] == ["pytest-3", "pytest-5",
                                                             ".leaving-pytest-1"]


def test_the_runs_temporary_files_are_in_memory_where_there_is_room(tmp_path, monkeypatch):
    """A folder in memory with room takes the run's temporary files, in every worker and
    the programs the tests start (TMPDIR); one without room, or none, leaves them where
    they were; PLAYBOOK_TEST_TMPDIR chooses (empty: the system's temporary folder)."""
    chosen = memory_folder()
    if chosen is not None:  # (this run: the first process chose it before the workers)
        assert tempfile.gettempdir() == os.environ["TMPDIR"] == chosen
        assert tmp_path.resolve().is_relative_to(Path(chosen).resolve())
    monkeypatch.delenv("PLAYBOOK_TEST_TMPDIR", raising=False)
    room = os.statvfs(tmp_path)
    free = room.f_bavail * room.f_frsize
    monkeypatch.setattr(conftest, "MEMORY_ROOM", free // 2)
    assert memory_folder((str(tmp_path / "none"), str(tmp_path))) == str(tmp_path)
    monkeypatch.setattr(conftest, "MEMORY_ROOM", free * 2)
    assert memory_folder((str(tmp_path),)) is None
    monkeypatch.setenv("PLAYBOOK_TEST_TMPDIR", str(tmp_path / "chosen"))
    assert memory_folder() == str(tmp_path / "chosen")
    monkeypatch.setenv("PLAYBOOK_TEST_TMPDIR", "")
    assert memory_folder() is None


def test_the_theme_listed_once_gives_a_build_the_files_mkdocs_lists(hub):
    """In-process builds list an installed theme once (conftest.list_installed_theme_once):
    each build gets the files MkDocs' own listing gives, a hub's page of the same path
    still winning; with a folder of the hub's (custom_dir) too, its files winning over the
    theme's of the same path."""
    from mkdocs.config import load_config
    from mkdocs.structure.files import File, Files

    from conftest import list_installed_theme_once

    list_installed_theme_once()
    ours, mkdocs_own = Files.add_files_from_theme, Files.add_files_from_theme.mkdocs_own
    root = hub({"content/assets/javascripts/lunr/tinyseg.js": "// the hub's own\n",
                "overrides/main.html": "{% extends 'base.html' %}\n",
                "overrides/assets/images/favicon.png": "the hub's own",
                "overrides/assets/stylesheets/hub.css": "p {}\n"})

    def listed(add, custom_dir: bool) -> list[tuple[str, str]]:
        config = load_config(str(root / "mkdocs.yml"),
                             theme={"name": "material", "custom_dir": "overrides"}
                             if custom_dir else None)
        files = Files([File("assets/javascripts/lunr/tinyseg.js", str(root / "content"),
                            config.site_dir, True)])
        for _ in range(2):  # (the second time from the list kept)
            add(files, config.theme.get_env(), config)
        return sorted((f.src_uri, f.abs_src_path) for f in files)

    for custom_dir in (False, True):
        mine, theirs = listed(ours, custom_dir), listed(mkdocs_own, custom_dir)
        assert mine == theirs and len(mine) > 20
        assert ("assets/javascripts/lunr/tinyseg.js",
                str(root / "content/assets/javascripts/lunr/tinyseg.js")) in mine
        favicon = dict(mine)["assets/images/favicon.png"]
        assert favicon.startswith(str(root / "overrides")) == custom_dir, favicon
        assert ("assets/stylesheets/hub.css" in dict(mine)) == custom_dir
