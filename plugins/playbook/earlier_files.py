"""The playbook's entity files as they were at an earlier commit (the changes page compares
the hub with its last release): read from git, each file only if it differs from the one
on disk. A hub of 10,000 files changed in a few since its release reads a few blobs, not
10,000, and parses none of the others again (at every build, and at every edit that
`mkdocs serve` shows: 2.7 s of each at 10,000 items)."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from .diagnostics import Issue, Location, Severity, relpath
from .git_log import git
from .hub_files import MAX_YAML_BYTES
from .kinds import KINDS
from .sources import YAML_SUFFIXES
from .yaml_loader import load_bytes

#: The modes of a regular file in a git tree (a link's blob holds its target's path).
_REGULAR = ("100644", "100755")


def read_at(top: Path, ref: str, data_rel: Path, root: Path, now: dict[str, Any]
            ) -> tuple[dict[str, dict[str, Any]], list[Issue]]:
    """Every entity file of the playbook as it was at ``ref``: kind -> id -> data; and a
    warning for each file left out, with the limits of the hub's own files (a file over
    MAX_YAML_BYTES is not read; YAML that does not load is left out), at ``path@ref``.

    ``now`` has the data of each entity of the hub as loaded, by its file's path in the
    playbook folder (``roles/rep.yml``): a regular file that git finds the same at ``ref``
    as on disk is that very data (the same object), not read again."""
    listing = git(top, "ls-tree", "-r", "-l", "-z", "--end-of-options", ref, "--",
                  data_rel.as_posix())
    changed = _changed_since(top, ref, data_rel)
    out: dict[str, dict[str, Any]] = {}
    wanted, issues = [], []
    at = lambda p: Location(f"{relpath(top / p, root)}@{ref}")  # noqa: E731 (few are said)
    prefix = "" if data_rel == Path() else data_rel.as_posix() + "/"
    for entry in (listing or b"").decode("utf-8", "replace").split("\0"):
        head, _, p = entry.partition("\t")
        fields = head.split()
        if not p.endswith(YAML_SUFFIXES) or len(fields) != 4 or fields[1] != "blob" \
                or not p.startswith(prefix):
            continue
        inside = p[len(prefix):]
        folder, _, name = inside.partition("/")
        if not name or "/" in name or folder not in KINDS:
            continue
        if int(fields[3]) > MAX_YAML_BYTES:
            issues.append(Issue("file-too-large", f"the file as it was at '{ref}' is larger "
                                f"than {MAX_YAML_BYTES:,} bytes: left out of what changed, "
                                "unread", at(p), severity=Severity.WARNING))
            continue
        id = os.path.splitext(name)[0]  # (as Path.stem)
        if changed is not None and p not in changed and inside in now \
                and fields[0] in _REGULAR:
            out.setdefault(folder, {})[id] = now[inside]
            continue
        wanted.append((folder, id, p))
    if not wanted:
        return out, issues
    batch = git(top, "cat-file", "--batch",
                input="".join(f"{ref}:{p}\n" for _, _, p in wanted).encode("utf-8"))
    pos = 0
    data = batch or b""
    for folder, id, path in wanted:
        header_end = data.index(b"\n", pos)
        header = data[pos:header_end].split()
        pos = header_end + 1
        if len(header) < 3 or header[1] != b"blob":
            continue
        size = int(header[2])
        blob = data[pos:pos + size]
        pos += size + 1
        doc, problems = load_bytes(blob, path)
        if doc is not None and isinstance(doc.data, dict):
            out.setdefault(folder, {})[id] = doc.data
        else:
            why = next((i.message for i in problems), "it holds no fields")
            issues.append(Issue("unreadable-at-ref", f"the file as it was at '{ref}' is left "
                                f"out of what changed: {why}", at(path),
                                severity=Severity.WARNING))
    return out, issues


def _changed_since(top: Path, ref: str, data_rel: Path) -> set[str] | None:
    """The playbook's files on disk that differ from ``ref`` (git's paths), or None when git
    cannot tell (every file is read then)."""
    names = git(top, "diff", "--name-only", "-z", "--no-renames", "--end-of-options", ref,
                "--", data_rel.as_posix())
    if names is None:
        return None
    return set(names.decode("utf-8", "replace").split("\0")) - {""}
