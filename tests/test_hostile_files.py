"""Hostile pull requests, file by file: a hub's YAML and its published files are read only
when they are regular files inside the hub. Git stores symbolic links, so a pull request can
add `roles/leak.yml -> /some/secret.yml`; each case builds its fixture at test time."""

from __future__ import annotations

import os
import textwrap
import time
from pathlib import Path

import pytest

from conftest import run_mkdocs
from conftest import run_validate as validate

ROLE = "title: Leaked role\nsummary: SECRET-SUMMARY-TEXT\nteam: sales\n"



def test_a_role_linked_from_outside_the_hub_is_refused_and_never_published(hub, tmp_path):
    secret = tmp_path / "secret.yml"
    secret.write_text(ROLE)
    root = hub()
    (root / "playbook/roles/leak.yml").symlink_to(secret)
    code, output = validate(root)
    assert code == 1
    assert (f"playbook/roles/leak.yml: error: the file is a symbolic link to '{secret}', "
            "outside the hub") in output
    assert "SECRET-SUMMARY-TEXT" not in output and "Leaked role" not in output
    built = run_mkdocs(root, tmp_path / "site")
    assert built.returncode == 1 and "Traceback" not in built.stderr
    assert "SECRET-SUMMARY-TEXT" not in built.stderr
    assert not (tmp_path / "site/roles/leak").exists()


def test_a_link_to_etc_passwd_never_shows_its_first_line(hub):
    root = hub()
    (root / "playbook/metrics/passwd.yml").symlink_to("/etc/passwd")
    code, output = validate(root)
    assert code == 1 and "outside the hub" in output
    first_line = Path("/etc/passwd").read_text().splitlines()[0]
    assert first_line not in output and "root:" not in output


@pytest.mark.parametrize("device", ["/dev/zero", "/dev/urandom"])
def test_a_link_to_a_device_is_refused_unread(hub, device):
    root = hub()
    (root / "playbook/metrics/endless.yml").symlink_to(device)
    start = time.perf_counter()
    code, output = validate(root)
    assert time.perf_counter() - start < 10  # (it used to grow to 23 GB, or hang)
    assert code == 1 and "outside the hub" in output


def test_a_fifo_is_refused_without_hanging(hub):
    root = hub()
    os.mkfifo(root / "playbook/metrics/pipe.yml")
    code, output = validate(root)
    assert code == 1
    assert "playbook/metrics/pipe.yml: error: the file is a FIFO, not a regular file" in output


def test_a_kind_folder_linked_out_of_the_hub_is_refused_as_one_error(hub, tmp_path):
    outside = tmp_path / "elsewhere"
    outside.mkdir()
    (outside / "stolen.yml").write_text(ROLE)
    root = hub({"playbook/onboarding/welcome.yml": None})
    (root / "playbook/onboarding").symlink_to(outside)
    code, output = validate(root)
    assert code == 1
    assert "playbook/onboarding: error: the folder is a symbolic link to" in output
    assert output.count("error:") == 1, output


def test_a_symlink_loop_is_one_error_not_one_per_reference(hub):
    root = hub()
    metric = root / "playbook/metrics/close-rate.yml"
    metric.unlink()
    metric.symlink_to("close-rate.yml")
    code, output = validate(root)
    assert code == 1
    assert "playbook/metrics/close-rate.yml: error: the file is a symbolic link that leads to " \
           "itself (a loop)" in output
    assert "unknown metric" not in output, output


def test_a_link_that_stays_inside_the_hub_is_followed(hub):
    root = hub()
    shared = root / "shared"
    shared.mkdir()
    (root / "playbook/metrics/close-rate.yml").rename(shared / "close-rate.yml")
    (root / "playbook/metrics/close-rate.yml").symlink_to("../../shared/close-rate.yml")
    code, output = validate(root)
    assert code == 0, output


def test_a_published_file_linked_out_of_the_hub_fails_validation_and_the_build(hub, tmp_path):
    root = hub()
    (root / "content/files/notes.txt").symlink_to("/etc/passwd")
    (root / "content/files/zeros.bin").symlink_to("/dev/zero")
    os.mkfifo(root / "content/files/pipe")
    code, output = validate(root)
    assert code == 1
    assert "content/files/notes.txt: error: the published file is a symbolic link to " \
           "'/etc/passwd', outside the hub" in output
    assert "content/files/zeros.bin: error:" in output
    assert "content/files/pipe: error: the published file is a FIFO" in output
    built = run_mkdocs(root, tmp_path / "site")
    assert built.returncode == 1 and "Traceback" not in built.stderr
    assert "content/files/notes.txt" in built.stderr
    assert not (tmp_path / "site").exists()


def test_a_file_over_the_size_limit_is_refused_unread(hub):
    root = hub({"playbook/metrics/huge.yml": "title: Huge\ndefinition: \"" + "x" * 2_000_000
                + "\"\n"})
    code, output = validate(root)
    assert code == 1
    assert "playbook/metrics/huge.yml: error: the file is 2.0 MB, more than the 1.0 MB a " \
           "playbook file may have: refused unread" in output
    code, output = validate(root, "--max-yaml-bytes", "3000000")
    assert code == 0, output


def test_millions_of_list_items_are_refused_fast_and_without_blaming_aliases(hub):
    root = hub({"playbook/roles/rep.yml": "title: R\nsummary: S\nteam: sales\naka:\n"
                + "- a\n" * 2_500_000})
    start = time.perf_counter()
    code, output = validate(root)
    assert time.perf_counter() - start < 10  # (it took 18 s and 900 MB)
    assert code == 1 and "refused unread" in output and "aliases" not in output
    many = hub({"playbook/roles/rep.yml": "title: R\nsummary: S\nteam: sales\naka:\n"
                + "- a\n" * 120_000})
    code, output = validate(many)
    assert code == 1
    assert "holds more than 100,000 values" in output and "aliases" not in output


def test_upper_case_yaml_extensions_are_a_warning_not_silence(hub):
    root = hub({"playbook/roles/engineer.YML": "title: E\nsummary: S\nteam: sales\n",
                "playbook/metrics/win-rate.Yaml": "title: W\ndefinition: D\n"})
    code, output = validate(root)
    assert code == 0
    assert ("playbook/roles/engineer.YML: warning: the extension '.YML' is not read"
            in output) and "rename it to 'engineer.yml'" in output
    assert "playbook/metrics/win-rate.Yaml: warning:" in output


def test_validate_reads_data_dir_and_docs_dir_from_mkdocs_yml(hub):
    from conftest import MINI_HUB

    mkdocs_yml = textwrap.dedent(MINI_HUB["mkdocs.yml"]).lstrip()
    assert mkdocs_yml.endswith("  - playbook\n")
    root = hub()
    (root / "mkdocs.yml").write_text(mkdocs_yml.replace(
        "  - playbook\n", "  - playbook:\n      data_dir: sales/playbook\n"))
    os.makedirs(root / "sales")
    (root / "playbook").rename(root / "sales/playbook")
    code, output = validate(root)
    assert code == 0, output
    (root / "sales/playbook/roles/rep.yml").write_text("title: R\nsummary: S\nteam: sales\n"
                                                        "kpis: [nope]\n")
    code, output = validate(root)
    assert code == 1 and "sales/playbook/roles/rep.yml" in output
