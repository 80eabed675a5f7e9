"""Publishing the new site where site_dir is awkward: a mount point, a folder whose parent
is read-only, stale leftovers of an interrupted build, and two builds of one site at once.
Each builds its fixture at test time (mounts need root; the test says so where it cannot)."""

from __future__ import annotations

import contextlib
import fcntl
import os
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from conftest import mkdocs_env, run_mkdocs


def mount_tmpfs(path: Path) -> None:
    path.mkdir(parents=True, exist_ok=True)
    done = subprocess.run(["mount", "-t", "tmpfs", "tmpfs", str(path)], capture_output=True,
                          text=True)
    if done.returncode != 0:
        pytest.skip(f"this machine cannot mount a tmpfs here: {done.stderr.strip()}")


@pytest.fixture
def mounted(tmp_path):
    mounts: list[Path] = []

    def mount(path: Path) -> Path:
        mount_tmpfs(path)
        mounts.append(path)
        return path

    yield mount
    for path in reversed(mounts):
        subprocess.run(["umount", "-l", str(path)], capture_output=True)


def published(site: Path) -> set[str]:
    return {p.relative_to(site).as_posix() for p in site.rglob("*")}


def test_a_site_dir_that_is_a_mount_point_is_published_in_place(hub, tmp_path, mounted):
    root = hub()
    site = mounted(tmp_path / "docroot")
    (site / "old-page.html").write_text("from the last build")
    result = run_mkdocs(root, site, "--strict")
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    assert os.path.ismount(site)
    files = published(site)
    assert "index.html" in files and "roles/rep/index.html" in files
    assert "old-page.html" not in files and not any(".playbook" in f for f in files)
    assert not list(tmp_path.glob("docroot.playbook-*"))  # nothing left beside the mount
    # and a failed build leaves it as it was
    before = (site / "roles/rep/index.html").read_bytes()
    (root / "content/broken.md").write_text("# Broken\n\nSee [nothing](nothing.md).\n")
    assert run_mkdocs(root, site, "--strict").returncode == 1
    assert (site / "roles/rep/index.html").read_bytes() == before
    assert not any(".playbook" in f for f in published(site))


def test_a_site_dir_whose_parent_is_read_only_is_published_in_place(hub, tmp_path, mounted):
    """The parent is a read-only file system and the site a writable mount in it, as in a
    container whose only writable folder is the docroot."""
    root = hub()
    parent = mounted(tmp_path / "ro")
    site = parent / "site"
    site.mkdir()
    mounted(site)
    subprocess.run(["mount", "-o", "remount,ro", str(parent)], check=True)
    result = run_mkdocs(root, site, "--strict")
    assert result.returncode == 0, result.stderr
    assert "index.html" in published(site)
    assert not any(".playbook" in f for f in published(site))


@pytest.mark.parametrize("left", ["file", "fifo"])
def test_a_stale_file_where_the_staging_folder_goes_is_cleaned(hub, tmp_path, left):
    """Whatever is where the build stages its site goes: a file a killed build left, or a
    FIFO (handed to a folder's removal, it stopped the build: "cannot make the staging
    folder")."""
    root = hub()
    site = tmp_path / "site"
    stale, rescue = tmp_path / "site.playbook-new", None
    if left == "fifo":
        os.mkfifo(stale)
        # (a build that opens it, as a folder's removal does, waits for a writer: one comes
        # after 20 s, and the build fails then instead of holding the run)
        rescue = threading.Timer(20, _write_end_opened, [stale])
        rescue.start()
    else:
        stale.write_text("left by a build that was killed")
    (tmp_path / "site.playbook-old").mkdir()
    result = run_mkdocs(root, site, "--strict")
    if rescue is not None:
        rescue.cancel()
    assert result.returncode == 0, result.stderr
    assert (site / "index.html").is_file()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["hub", "site"]


def _write_end_opened(fifo: Path) -> None:
    """Open ``fifo`` for writing and close it: a reader waiting in open goes on."""
    with contextlib.suppress(OSError):  # (gone, or no reader: nothing waits)
        os.close(os.open(fifo, os.O_WRONLY | os.O_NONBLOCK))


def test_a_second_build_of_the_same_site_stops_with_a_clear_message(hub, tmp_path):
    root = hub()
    site = tmp_path / "site"
    assert run_mkdocs(root, site, "--strict").returncode == 0
    before = (site / "index.html").read_bytes()
    # the first build holds the site's lock while it runs
    with open(tmp_path / "site.playbook-lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        result = run_mkdocs(root, site, "--strict")
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert f"another build of {site} is running" in result.stderr
    assert (site / "index.html").read_bytes() == before


@pytest.mark.site
def test_two_builds_at_once_end_with_one_complete_site(hub, tmp_path):
    root = hub()
    site = tmp_path / "site"
    command = [sys.executable, "-m", "mkdocs", "build", "-f", str(root / "mkdocs.yml"),
               "-d", str(site)]
    logs = [tmp_path / f"build-{i}.log" for i in range(2)]
    runs = []
    for log in logs:
        with open(log, "w") as out:
            runs.append(subprocess.Popen(command, cwd=root, env=mkdocs_env(), stderr=out,
                                         stdout=subprocess.DEVNULL))
    outputs = [(run.wait(timeout=300), log.read_text()) for run, log in zip(runs, logs)]
    for log in logs:
        log.unlink()
    for code, stderr in outputs:
        assert "Traceback" not in stderr, stderr
        assert code == 0 or "another build of" in stderr, stderr
    assert any(code == 0 for code, _ in outputs)
    assert (site / "roles/rep/index.html").is_file()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["hub", "site"]
