"""What git says of a hub's files: the repository they are in and when each last changed.
Outside git, or for a file with changes not committed yet, a file's date is its
modification time. Every git command runs here, with its output as bytes (None when git
is missing or fails)."""

from __future__ import annotations

import datetime as dt
import os
import subprocess
from pathlib import Path
from typing import Callable


def git(root: Path, *args: str, input: bytes | None = None) -> bytes | None:
    try:
        done = subprocess.run(["git", "-C", str(root), *args], input=input,
                              capture_output=True, timeout=120)
    except (OSError, subprocess.TimeoutExpired):
        return None
    return done.stdout if done.returncode == 0 else None


def toplevel(root: Path) -> Path | None:
    out = git(root, "rev-parse", "--show-toplevel")
    return Path(out.decode().strip()) if out else None


def resolver() -> Callable[[str | Path], str]:
    """The real path of many files in few folders, as text: each folder is resolved once
    (resolving costs a system call per part of a path) and no Path object is made per
    file (tens of thousands of files)."""
    folders: dict[str, str] = {}

    def resolve(path: str | Path) -> str:
        folder, name = os.path.split(os.fspath(path))
        real = folders.get(folder)
        if real is None:
            real = folders[folder] = os.path.realpath(folder)
        return os.path.join(real, name)

    return resolve


def last_changed(root: Path, paths: list[Path]) -> dict[Path, dt.date]:
    """The date each file last changed: its last commit, or its modification time when it
    is outside git or has changes not committed yet."""
    dates: dict[str, dt.date] = {}
    top = toplevel(root)
    resolve = resolver()
    if top is not None and paths:
        base = str(top)
        dirty = set()
        status = git(top, "status", "--porcelain", "-z", "--untracked-files=all")
        for entry in (status or b"").decode("utf-8", "replace").split("\0"):
            if len(entry) > 3:
                dirty.add(resolve(os.path.join(base, entry[3:])))
        inside = [os.path.relpath(os.path.dirname(f), base) for f in map(resolve, paths)
                  if f.startswith(base + os.sep)]
        folders = sorted(set(inside))
        log = git(top, "log", "--format=%x00%cs", "--name-only", "--no-renames", "--",
                   *folders) if folders else None
        current: dt.date | None = None
        for line in (log or b"").decode("utf-8", "replace").splitlines():
            if line.startswith("\0"):
                current = dt.date.fromisoformat(line[1:].strip())
            elif line and current is not None:
                path = resolve(os.path.join(base, line))
                if path not in dates and path not in dirty:
                    dates[path] = current
    out = {}
    for path in paths:
        found = dates.get(resolve(path))
        if found is not None:
            out[path] = found
        else:
            try:
                out[path] = dt.date.fromtimestamp(path.stat().st_mtime)
            except OSError:
                pass
    return out
