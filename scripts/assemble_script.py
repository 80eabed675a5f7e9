"""Assemble the browser script, plugins/playbook/assets/playbook.js, from its parts in
plugins/playbook/assets/script/ (one feature each, in the order of their names, sharing one
closure). No bundler: the parts are plain JavaScript, joined as they are. A test fails while
playbook.js differs from its parts (tests/test_layout.py)."""

from __future__ import annotations

import sys
from pathlib import Path

ASSETS = Path(__file__).resolve().parents[1] / "plugins" / "playbook" / "assets"
PARTS = ASSETS / "script"
SCRIPT = ASSETS / "playbook.js"


def assembled() -> str:
    return "".join(part.read_text(encoding="utf-8") for part in sorted(PARTS.glob("*.js")))


def main() -> int:
    text = assembled()
    if SCRIPT.read_text(encoding="utf-8") != text:
        SCRIPT.write_text(text, encoding="utf-8")
        print(f"wrote {SCRIPT.relative_to(Path.cwd()) if SCRIPT.is_relative_to(Path.cwd()) else SCRIPT}")
    else:
        print("playbook.js is up to date")
    return 0


if __name__ == "__main__":
    sys.exit(main())
