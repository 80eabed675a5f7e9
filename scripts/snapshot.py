"""Snapshot what the plugin makes, to prove a refactoring changes none of it.

    python scripts/snapshot.py --out before.json      # before moving anything
    python scripts/snapshot.py --compare before.json  # after each step: lists what differs

A snapshot holds a hash of every file of the built sample hub and test hubs (all
languages), the output of `playbook validate --format json` and the files of
`playbook generate`, with SOURCE_DATE_EPOCH fixed so that dates do not drift.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
EPOCH = "1795564800"  # 2026-11-25, as in the tests
HUBS = {"sample": REPO, "spec-hub": REPO / "tests/fixtures/spec-hub"}
#: files whose bytes depend on more than the pages: compressed with a time stamp, and
#: Pagefind's bundle (made from the pages, its chunks in an order of its own)
SKIP = {"sitemap.xml.gz"}
SKIP_FOLDER = "pagefind"


def _env() -> dict[str, str]:
    return {**os.environ, "SOURCE_DATE_EPOCH": EPOCH, "NO_MKDOCS_2_WARNING": "1"}


def _hashes(folder: Path) -> dict[str, str]:
    return {p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file() and p.name not in SKIP
            and SKIP_FOLDER not in p.relative_to(folder).parts}


def take() -> dict[str, object]:
    out: dict[str, object] = {}
    bin_dir = Path(sys.executable).parent
    with tempfile.TemporaryDirectory() as tmp:
        for name, hub in HUBS.items():
            site = Path(tmp) / name
            subprocess.run([str(bin_dir / "mkdocs"), "build", "-f", str(hub / "mkdocs.yml"),
                            "-d", str(site)], cwd=hub, env=_env(), check=True,
                           capture_output=True)
            out[f"{name}/site"] = _hashes(site)
            validate = subprocess.run([str(bin_dir / "playbook"), "validate", str(hub),
                                       "--format", "json", "--today", "2026-11-25"],
                                      env=_env(), capture_output=True, text=True)
            out[f"{name}/validate"] = validate.stdout.replace(str(hub), "HUB")
            generated = Path(tmp) / f"{name}-generated"
            subprocess.run([str(bin_dir / "playbook"), "generate", str(hub), "--today",
                            "2026-11-25", "--out", str(generated)], env=_env(), check=True,
                           capture_output=True)
            out[f"{name}/generate"] = _hashes(generated)
    return out


def compare(before: dict[str, object], after: dict[str, object]) -> list[str]:
    differences = []
    for key in sorted(set(before) | set(after)):
        old, new = before.get(key), after.get(key)
        if isinstance(old, dict) and isinstance(new, dict):
            for path in sorted(set(old) | set(new)):
                if old.get(path) != new.get(path):
                    what = "added" if path not in old else "removed" if path not in new \
                        else "changed"
                    differences.append(f"{key}: {path} {what}")
        elif old != new:
            differences.append(f"{key} changed")
    return differences


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    group = parser.add_mutually_exclusive_group(required=True)
    group.add_argument("--out", type=Path, help="write a snapshot here")
    group.add_argument("--compare", type=Path, help="compare with this snapshot")
    args = parser.parse_args()
    now = take()
    if args.out:
        args.out.write_text(json.dumps(now, indent=1, sort_keys=True))
        files = sum(len(v) for v in now.values() if isinstance(v, dict))
        print(f"snapshot of {files} files written to {args.out}")
        return 0
    differences = compare(json.loads(args.compare.read_text()), now)
    for line in differences:
        print(line)
    print(f"{len(differences)} differences")
    return 1 if differences else 0


if __name__ == "__main__":
    sys.exit(main())
