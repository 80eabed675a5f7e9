"""Write docs/reference.md, the format reference made from the models (make test fails
when it is not current):

    python scripts/reference.py          # write it
    python scripts/reference.py --check  # exit 1, saying so, when it is not current
"""

from __future__ import annotations

import sys
from pathlib import Path

from playbook import reference

TARGET = Path(__file__).resolve().parents[1] / "docs" / "reference.md"


def main() -> int:
    if "--check" in sys.argv[1:]:
        current = TARGET.is_file() and TARGET.read_text(encoding="utf-8") == reference.markdown()
        if not current:
            print(f"{TARGET} is not current: run python scripts/reference.py")
        return 0 if current else 1
    print(f"{TARGET}: {'written' if reference.write(TARGET) else 'already current'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
