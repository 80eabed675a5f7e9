"""What git knows about the playbook: when each file last changed, and what changed since a
release. Works from the repository's history alone, without a deployed site; outside git,
dates fall back to the files' modification times and there is nothing to compare.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import subprocess
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable

from .catalog import N_
from .kinds import KINDS, reference_kinds
from .playbook import Playbook
from .sources import YAML_SUFFIXES
from .yaml_loader import load_bytes


def _git(root: Path, *args: str, input: bytes | None = None) -> bytes | None:
    try:
        done = subprocess.run(["git", "-C", str(root), *args], input=input,
                              capture_output=True, timeout=120)
    except (OSError, subprocess.TimeoutExpired):
        return None
    return done.stdout if done.returncode == 0 else None


def toplevel(root: Path) -> Path | None:
    out = _git(root, "rev-parse", "--show-toplevel")
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
        status = _git(top, "status", "--porcelain", "-z", "--untracked-files=all")
        for entry in (status or b"").decode("utf-8", "replace").split("\0"):
            if len(entry) > 3:
                dirty.add(resolve(os.path.join(base, entry[3:])))
        inside = [os.path.relpath(os.path.dirname(f), base) for f in map(resolve, paths)
                  if f.startswith(base + os.sep)]
        folders = sorted(set(inside))
        log = _git(top, "log", "--format=%x00%cs", "--name-only", "--no-renames", "--",
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


# -- what changed since a release ----------------------------------------------------------

@dataclass
class FieldChange:
    field: str
    added: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    old: str | None = None
    new: str | None = None
    rewritten: bool = False  # a long text changed: shown as such, not in full

    def describe(self, label: str, words: Callable[..., str] = str.format) -> str:
        """The change in a few words: ``label`` is the field's name, ``words`` translates
        (:class:`~playbook.catalog.Words`; English without it)."""
        if self.rewritten:
            if self.old and self.new:
                return words("{field} rewritten", field=label)
            return words("{field} added" if self.new else "{field} removed", field=label)
        parts = [f"+ {a}" for a in self.added] + [f"− {r}" for r in self.removed]
        if parts:
            return words("{field} {changes}", field=label, changes=", ".join(parts))
        if self.old is None:
            return words("{field} set to {value}", field=label, value=self.new)
        if self.new is None:
            return words("{field} removed (was {value})", field=label, value=self.old)
        return words("{field} {old} → {new}", field=label, old=self.old, new=self.new)


@dataclass
class EntityChange:
    kind: str
    id: str
    title: str
    status: str  # added, removed or changed
    fields: list[FieldChange] = field(default_factory=list)


@dataclass
class Changes:
    ref: str | None
    ref_date: dt.date | None = None
    note: str = ""  # why there is nothing to compare, when there is not (a message)
    note_values: dict[str, str] = field(default_factory=dict)
    entities: list[EntityChange] = field(default_factory=list)
    #: with no release tag: how many of the latest commits to the playbook are compared
    recent: int = 0

    def count(self, status: str) -> int:
        return sum(1 for e in self.entities if e.status == status)


#: With no release tag, the changes page compares the playbook with what it was before
#: this many of its latest commits.
RECENT_COMMITS = 10
#: git's empty tree: what a playbook whose first commit is among those was before it
EMPTY_TREE = "4b825dc642cb6eb9a060e54bf8d69288fbee4904"


def release_hint(playbook: Playbook, since: str | None) -> str:
    """For maintainers (the build log, `playbook validate`): how to give the changes page a
    release to compare with, when the hub has none; empty otherwise."""
    if since or toplevel(playbook.root) is None or previous_tag(playbook.root):
        return ""
    return (f"no release tag yet, so changes/ lists what the last {RECENT_COMMITS} commits "
            "to the playbook changed; tag a release (git tag 2026.4) to list what changed "
            "since it")


def previous_tag(root: Path) -> str | None:
    """The latest tag reachable from HEAD that does not point at HEAD itself."""
    head = _git(root, "rev-parse", "HEAD")
    tags = _git(root, "tag", "--merged", "HEAD", "--sort=-creatordate",
                "--format=%(refname:short) %(objectname) %(*objectname)")
    if head is None or tags is None:
        return None
    head_id = head.decode().strip()
    for line in tags.decode().splitlines():
        name, *ids = line.split()
        if head_id not in ids:
            return name
    return None


def changes(playbook: Playbook, since: str | None = None) -> Changes:
    root = playbook.root
    top = toplevel(root)
    if top is None:
        return Changes(None, note=N_("The hub is not in a git repository, so there is no "
                                     "earlier version to compare with."))
    data_rel = playbook.data_dir.resolve().relative_to(top)
    ref = since or previous_tag(root)
    recent = 0
    if ref is None:
        # No release yet: what the latest commits to the playbook changed.
        log = _git(top, "log", f"-{RECENT_COMMITS}", "--format=%H", "--", data_rel.as_posix())
        commits = log.decode().split() if log else []
        if not commits:
            return Changes(None, note=N_("The playbook has no earlier version to compare "
                                         "with yet."))
        parent = _git(top, "rev-parse", "--verify", "-q", f"{commits[-1]}^")
        ref = parent.decode().strip() if parent else EMPTY_TREE
        when = _git(top, "log", "-1", "--format=%cs", commits[-1])
        recent = len(commits)
    else:
        when = _git(top, "log", "-1", "--format=%cs", ref)
    if when is None:
        return Changes(ref, note=N_("'{ref}' is not a commit, branch or tag of this "
                                    "repository."), note_values={"ref": ref})
    old = _read_at(top, ref, data_rel)
    result = Changes(None if recent else ref, dt.date.fromisoformat(when.decode().strip()),
                     recent=recent)
    for folder in KINDS:
        before = old.get(folder, {})
        now = {id: playbook.sources[(folder, id)].doc.data
               for id in playbook.entities[folder]}
        for id in sorted(set(before) | set(now)):
            if id not in before:
                result.entities.append(EntityChange(folder, id, _title(now[id], id), "added"))
            elif id not in now:
                result.entities.append(EntityChange(folder, id, _title(before[id], id),
                                                    "removed"))
            else:
                diffs = _diff(before[id], now[id], playbook)
                if diffs:
                    result.entities.append(EntityChange(folder, id, _title(now[id], id),
                                                        "changed", diffs))
    return result


def _read_at(top: Path, ref: str, data_rel: Path) -> dict[str, dict[str, Any]]:
    """Every entity file of the playbook as it was at ``ref``: kind -> id -> data."""
    listing = _git(top, "ls-tree", "-r", "-z", "--name-only", ref, "--", data_rel.as_posix())
    paths = [p for p in (listing or b"").decode("utf-8", "replace").split("\0")
             if p.endswith(YAML_SUFFIXES)]
    wanted = []
    for p in paths:
        parts = Path(p).relative_to(data_rel).parts
        if len(parts) == 2 and parts[0] in KINDS:
            wanted.append((parts[0], Path(parts[1]).stem, p))
    if not wanted:
        return {}
    batch = _git(top, "cat-file", "--batch",
                 input="".join(f"{ref}:{p}\n" for _, _, p in wanted).encode("utf-8"))
    out: dict[str, dict[str, Any]] = {}
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
        doc, _ = load_bytes(blob, path)
        if doc is not None and isinstance(doc.data, dict):
            out.setdefault(folder, {})[id] = doc.data
    return out


def _title(data: Any, id: str) -> str:
    title = data.get("title") if isinstance(data, dict) else None
    if isinstance(title, dict):
        title = next(iter(title.values()), None)
    return str(title) if title else id


#: Fields whose values are ids of this kind: shown by title.
_REF_KIND = reference_kinds()


def _show(value: Any, field: str, pb: Playbook) -> str:
    kind = _REF_KIND.get(field)
    if kind and isinstance(value, str):
        entity = pb.get(kind, value)
        return str(entity.title) if entity is not None else value  # type: ignore[attr-defined]
    if isinstance(value, dict):
        if "to" in value:
            return f"to {_show(value.get('to'), 'reports_to', pb)} at " \
                   f"{_show(value.get('lead_type'), 'works', pb)}"
        if "role" in value:
            return _show(value.get("role"), "reports_to", pb)
        return json.dumps(value, ensure_ascii=False, sort_keys=True)
    return str(value)


def _diff(old: dict[str, Any], new: dict[str, Any], pb: Playbook) -> list[FieldChange]:
    out = []
    for key in list(dict.fromkeys([*old, *new])):
        a, b = old.get(key), new.get(key)
        if a == b:
            continue
        if isinstance(a, list) or isinstance(b, list):
            a_list = a if isinstance(a, list) else ([] if a is None else [a])
            b_list = b if isinstance(b, list) else ([] if b is None else [b])
            a_keys = [json.dumps(x, sort_keys=True, ensure_ascii=False) for x in a_list]
            b_keys = [json.dumps(x, sort_keys=True, ensure_ascii=False) for x in b_list]
            added = [_show(x, key, pb) for x, k in zip(b_list, b_keys) if k not in a_keys]
            removed = [_show(x, key, pb) for x, k in zip(a_list, a_keys) if k not in b_keys]
            if added or removed:
                out.append(FieldChange(key, added, removed))
            continue
        if isinstance(a, dict) or isinstance(b, dict) or _long(a) or _long(b):
            out.append(FieldChange(key, old=None if a is None else "…",
                                   new=None if b is None else "…", rewritten=True))
            continue
        out.append(FieldChange(key, old=None if a is None else _show(a, key, pb),
                               new=None if b is None else _show(b, key, pb)))
    return out


def _long(value: Any) -> bool:
    return isinstance(value, str) and (len(value) > 60 or "\n" in value.strip())


def label(field_name: str) -> str:
    special = {"kpis": "KPIs", "aka": "Other titles", "url": "URL", "reports_to": "Reports to",
               "differs_from": "Differs from", "owner_team": "Owner team",
               "review_by": "Review by", "lead_type": "Lead type"}
    return special.get(field_name, field_name.replace("_", " ").capitalize())

