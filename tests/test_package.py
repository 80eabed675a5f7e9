"""The wheel carries what a hub needs: templates, assets, entry point and command."""

from __future__ import annotations

import subprocess
import sys
import zipfile

import pytest

from playbook.kinds import STYLES

from conftest import REPO, mkdocs_env

pytestmark = pytest.mark.site  # a wheel built and installed


def test_wheel_builds_a_hub_from_the_spec_without_this_checkout(tmp_path):
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--quiet", "-w",
                    str(tmp_path / "dist"), str(REPO)], check=True, timeout=300)
    wheel = next((tmp_path / "dist").glob("playbook_hub-*.whl"))
    names = zipfile.ZipFile(wheel).namelist()
    for name in ("playbook/templates/role.html.j2", "playbook/templates/_macros.html.j2",
                 "playbook/assets/vendor/mermaid.min.js", "playbook/assets/playbook.css",
                 "playbook/adapter/plugin.py", "playbook/py.typed",
                 *(f"playbook/kinds/{css.name}" for css in STYLES.values())):
        assert name in names
    entry_points = zipfile.ZipFile(wheel).read(
        next(n for n in names if n.endswith("entry_points.txt"))).decode()
    assert "playbook = playbook.adapter:PlaybookPlugin" in entry_points
    assert "playbook = playbook.cli:main" in entry_points

    # Install the wheel alone into a folder that shadows this checkout, and build the hub
    # written from the spec with it: templates must come from the wheel.
    lib = tmp_path / "lib"
    subprocess.run([sys.executable, "-m", "pip", "install", "--no-deps", "--quiet",
                    "--target", str(lib), str(wheel)], check=True, timeout=300)
    env = mkdocs_env()
    env["PYTHONPATH"] = str(lib)
    hub = REPO / "tests/fixtures/spec-hub"
    code = ("import playbook.templating as t, sys; print(t.__file__); "
            "print([str(d) for d in t.template_dirs(None)])")
    where = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True,
                           text=True, check=True).stdout
    assert str(lib) in where.splitlines()[0]
    assert where.splitlines()[1] == str([str(lib / "playbook/templates")])
    result = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "-f",
                             str(hub / "mkdocs.yml"), "-d", str(tmp_path / "site")],
                            env=env, capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "site/roles/territory-rep/index.html").is_file()
