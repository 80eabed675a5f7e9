"""The reference build: a plain Material site of hand-written pages kept out of the nav,
built with `mkdocs build`. These machines differ twofold in speed from day to day, so the
test suite's time (and `make bench`'s baselines) are counted in it, timed in the same run.

    python scripts/reference_build.py            # 1,500 pages, prints the seconds
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

WORDS = ("pipeline forecast quota discovery prospect renewal pricing onboarding territory "
         "negotiation proposal analytics dashboard retention campaign referral webinar").split()
PAGES = 1500


def plain_hub(root: Path, pages: int = PAGES, words: int = 120, seed: int = 7) -> None:
    """As many hand-written pages, out of the nav, for plain MkDocs with Material."""
    rnd = random.Random(seed)
    docs = root / "docs"
    (docs / "items").mkdir(parents=True, exist_ok=True)
    (docs / "index.md").write_text("# Plain\n")
    for i in range(pages):
        text = " ".join(rnd.choice(WORDS) for _ in range(words)).capitalize() + "."
        (docs / f"items/page-{i}.md").write_text(
            f"# Page {i}\n\n{text}\n\n- [Home](../index.md)\n")
    (root / "mkdocs.yml").write_text(
        "site_name: Plain\ntheme:\n  name: material\n  font: false\nplugins:\n  - search\n"
        "nav:\n  - index.md\nnot_in_nav: |\n  /items/\n")


def build_seconds(root: Path, python: str = sys.executable) -> float:
    """One `mkdocs build` of the site at ``root``, as a process of its own, timed whole."""
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    shutil.rmtree(root / "site", ignore_errors=True)
    start = time.perf_counter()
    subprocess.run([python, "-m", "mkdocs", "build", "-q"], cwd=root, env=env, check=True,
                   stdout=subprocess.DEVNULL)
    return time.perf_counter() - start


def reference_seconds(runs: int = 1, python: str = sys.executable,
                      under: str | None = None) -> float:
    """The reference build's time, the smallest of ``runs`` (the least disturbed), built in
    a temporary folder under ``under`` (default: the system's)."""
    with tempfile.TemporaryDirectory(prefix="pb-reference-", dir=under) as folder:
        root = Path(folder)
        plain_hub(root)
        return min(build_seconds(root, python) for _ in range(runs))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=1)
    args = parser.parse_args()
    print(f"{reference_seconds(args.runs):.2f}")


if __name__ == "__main__":
    main()
