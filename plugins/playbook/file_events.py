"""Whether the system tells of changes to a hub's files, for `mkdocs serve` to be told of
edits instead of looking at every file twice a second (the plugin option ``watch: auto``).

The system tells of a change made on the machine to a folder of a local disk (inotify on
Linux). A folder mounted from elsewhere may tell of nothing: a network share, a folder of
the host in a virtual machine or a container (9p for WSL reading a Windows folder, virtiofs
or a FUSE file system for Docker on macOS and Windows); an edit there would never show. So
only the file systems known to be local count, read from the mount table
(``/proc/self/mountinfo``); elsewhere, and on systems whose table is not read here (macOS,
Windows), ``auto`` polls as MkDocs does, and ``watch: events`` says so for certain.
"""

from __future__ import annotations

import os
import re
import sys
from dataclasses import dataclass
from pathlib import Path

#: File systems of a local disk or of memory, whose changes made on this machine the
#: system tells of (fuseblk, a FUSE file system of a disk, is left out with every FUSE one).
LOCAL = frozenset({"ext2", "ext3", "ext4", "xfs", "btrfs", "f2fs", "zfs", "jfs", "reiserfs",
                   "bcachefs", "nilfs2", "tmpfs", "ramfs", "overlay", "vfat", "exfat",
                   "ntfs3", "hfsplus"})

MOUNT_TABLE = Path("/proc/self/mountinfo")


@dataclass(frozen=True)
class Verdict:
    told: bool  # every path lies on a file system the system tells of changes to
    why: str  # said for the log: the file systems, or why it is not known


def _unescape(field: str) -> str:
    """A path of the mount table: a space, a tab, a newline or a backslash is written in
    octal (``\\040``)."""
    return re.sub(r"\\([0-7]{3})", lambda m: chr(int(m.group(1), 8)), field)


def mounts(table: str) -> list[tuple[str, str]]:
    """(mount point, file system type) of each line of a mountinfo table, in its order
    (a later mount on the same point hides an earlier one)."""
    found = []
    for line in table.splitlines():
        fields = line.split()
        if "-" not in fields[6:]:
            continue
        dash = fields.index("-", 6)
        if len(fields) > dash + 1:
            found.append((_unescape(fields[4]), fields[dash + 1]))
    return found


def file_system(path: str, table: list[tuple[str, str]]) -> str | None:
    """The type of the file system ``path`` (absolute, links resolved) lies on: that of
    the last mount on the longest mount point that contains it."""
    best: tuple[int, str] | None = None
    for point, kind in table:
        inside = path == point or path.startswith(point.rstrip("/") + "/")
        if inside and (best is None or len(point) >= best[0]):
            best = (len(point), kind)
    return best[1] if best else None


def verdict(paths: list[str], table_text: str | None = None) -> Verdict:
    """Whether the system tells of changes to every one of ``paths``; ``table_text`` is
    the mount table (read from the system when None)."""
    if table_text is None:
        if not sys.platform.startswith("linux"):
            return Verdict(False, f"the mount table of {sys.platform} is not read here")
        try:
            table_text = MOUNT_TABLE.read_text(encoding="utf-8", errors="replace")
        except OSError as exc:
            return Verdict(False, f"the mount table could not be read ({exc.strerror})")
    table = mounts(table_text)
    kinds = {}
    for path in paths:
        kinds[path] = file_system(os.path.realpath(path), table)
    remote = sorted({f"{kind or 'an unknown file system'} ({path})"
                     for path, kind in kinds.items() if kind not in LOCAL})
    if remote:
        return Verdict(False, "not on a local disk: " + ", ".join(remote[:3]))
    return Verdict(True, "on " + ", ".join(sorted(set(filter(None, kinds.values())))))
