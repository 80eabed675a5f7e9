"""How the suite itself runs: what `make test` relies on to stay within its time."""

from __future__ import annotations

import re
import subprocess
import sys

from conftest import REPO, work_unit


def test_a_module_goes_whole_to_one_worker_and_a_browser_module_test_by_test():
    """A module's fixtures build its hubs once only if all its tests run on one worker
    (pytest 9.2 silently undid xdist's groups: every module was spread over both workers
    and built its hubs twice)."""
    assert work_unit("tests/test_i18n.py::test_x[a]") == "tests/test_i18n.py"
    assert work_unit("tests/test_search.py::test_x[a]") == "tests/test_search.py::test_x[a]"
    run = subprocess.run(
        [sys.executable, "-m", "pytest", "-p", "no:cacheprovider", "-n", "2", "-v",
         "--durations=0", "tests/test_sanitize.py", "tests/test_yaml_loader.py"],
        cwd=REPO, capture_output=True, text=True, timeout=120)
    assert run.returncode == 0, run.stdout[-2000:]
    workers: dict[str, set[str]] = {}
    for worker, module in re.findall(r"\[(gw\d+)\][^\n]*PASSED (tests/\w+\.py)::", run.stdout):
        workers.setdefault(module, set()).add(worker)
    assert set(workers) == {"tests/test_sanitize.py", "tests/test_yaml_loader.py"}, run.stdout
    assert all(len(these) == 1 for these in workers.values()), workers
    assert workers["tests/test_sanitize.py"] != workers["tests/test_yaml_loader.py"], workers
