"""How the suite itself runs: what `make test` relies on to stay within its time."""

from __future__ import annotations

from conftest import split_units, work_unit


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
