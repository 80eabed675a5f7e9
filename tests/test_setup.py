"""A fresh machine: `make test` installs what the browser tests need where it can, and
elsewhere stops with the one command to run. The package tools are stand-ins that record
what they are asked, so that nothing is installed by this test."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest

from conftest import REPO

PACKAGES = "chromium-headless-shell fonts-noto-core fonts-noto-cjk"


def fake_machine(tmp_path: Path, uid: int, installed: set[str],
                 apt_fails: bool = False) -> tuple[dict[str, str], Path]:
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    calls = tmp_path / "apt-calls"
    tools = {
        "dpkg-query": "case \" %s \" in *\" $3 \"*) printf 'install ok installed';; "
                      "*) echo \"dpkg-query: no packages found matching $3\" >&2; exit 1;; esac"
                      % " ".join(sorted(installed)),
        "id": f"echo {uid}",
        "apt-get": f"echo \"$*\" >> {calls}" + ("; exit 100" if apt_fails else ""),
    }
    for name, body in tools.items():
        tool = bin_dir / name
        tool.write_text(f"#!/bin/sh\n{body}\n")
        tool.chmod(0o755)
    env = {**os.environ, "PATH": f"{bin_dir}:/usr/bin:/bin"}
    return env, calls


def browsers(env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(["sh", str(REPO / "scripts/browsers.sh")], env=env,
                          capture_output=True, text=True, timeout=60)


def test_as_root_what_is_missing_is_installed_with_apt(tmp_path):
    env, calls = fake_machine(tmp_path, uid=0, installed={"fonts-noto-core"})
    done = browsers(env)
    assert done.returncode == 0, done.stderr
    asked = calls.read_text().splitlines()
    assert asked[0] == "update -qq"
    assert asked[1].startswith("install -y") and asked[1].endswith("chromium-headless-shell fonts-noto-cjk")


def test_without_root_it_stops_with_the_command_to_run(tmp_path):
    env, calls = fake_machine(tmp_path, uid=1000, installed=set())
    done = browsers(env)
    assert done.returncode == 1
    assert f"sudo apt-get install -y {PACKAGES}" in done.stderr
    assert not calls.exists()


def test_nothing_is_installed_when_nothing_is_missing(tmp_path):
    env, calls = fake_machine(tmp_path, uid=0, installed=set(PACKAGES.split()))
    assert browsers(env).returncode == 0
    assert not calls.exists()


def test_where_the_headless_shell_cannot_be_had_the_full_chromium_serves(tmp_path):
    env, calls = fake_machine(tmp_path, uid=0, apt_fails=True,
                              installed={"chromium", "fonts-noto-core", "fonts-noto-cjk"})
    done = browsers(env)
    assert done.returncode == 0, done.stderr
    assert calls.read_text().splitlines() == ["update -qq"]  # (tried, and failed)
    assert "chromium-headless-shell is missing, using chromium" in done.stderr


def test_a_failed_install_of_what_has_no_stand_in_stops_the_tests(tmp_path):
    env, calls = fake_machine(tmp_path, uid=0, apt_fails=True, installed={"chromium"})
    done = browsers(env)
    assert done.returncode == 1
    assert f"sudo apt-get install -y {PACKAGES}" in done.stderr


@pytest.mark.parametrize("target", ["test", "bench"])
def test_make_checks_the_browser_first(target):
    plan = subprocess.run(["make", "-n", "-W", "pyproject.toml", target], cwd=REPO,
                          capture_output=True, text=True, timeout=60).stdout
    assert "scripts/browsers.sh" in plan
    assert plan.index("scripts/browsers.sh") < plan.index("pytest" if target == "test"
                                                           else "bench.py")
