"""Find the YAML files of a hub: ``hub.yml`` and one folder per kind, in a stable order."""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import Path

from .diagnostics import Issue, Location, Severity, did_you_mean, relpath
from .model import ID_RULE, KINDS

ID_RE = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
YAML_SUFFIXES = (".yml", ".yaml")


@dataclass(frozen=True)
class SourceFile:
    """One YAML file: its kind folder (``""`` for hub.yml), id and paths."""

    kind: str
    id: str
    path: Path
    display: str  # path as shown in messages, relative to the hub root


@dataclass
class Sources:
    hub: SourceFile | None
    entities: list[SourceFile]


def discover(data_dir: Path, root: Path) -> tuple[Sources, list[Issue]]:
    """List the hub's files; problems of layout (ids, duplicates, strays) become issues."""
    issues: list[Issue] = []
    show = lambda p: relpath(p, root)  # noqa: E731
    if not data_dir.is_dir():
        issues.append(Issue(
            "no-data-dir", "the playbook folder does not exist: expected a folder with "
            "hub.yml and roles/ (set 'data_dir' of the playbook plugin to change it)",
            Location(show(data_dir))))
        return Sources(None, []), issues

    hub_files = [data_dir / f"hub{s}" for s in YAML_SUFFIXES if (data_dir / f"hub{s}").is_file()]
    hub = None
    if not hub_files:
        issues.append(Issue("no-hub-file", "hub.yml is missing: it gives at least the hub's "
                            "'name'", Location(show(data_dir / "hub.yml"))))
    else:
        hub = SourceFile("", "hub", hub_files[0], show(hub_files[0]))
        if len(hub_files) > 1:
            issues.append(Issue("duplicate-id", "both hub.yml and hub.yaml exist: keep one",
                                Location(show(hub_files[1]))))

    for child in sorted(data_dir.iterdir()):
        if child.name.startswith(".") or child in hub_files:
            continue
        if child.is_dir() and child.name not in KINDS:
            issues.append(Issue(
                "unknown-folder", f"the folder '{child.name}' is not a kind of the playbook "
                "and is ignored", Location(show(child)), severity=Severity.WARNING,
                hint=did_you_mean(child.name, KINDS) or "kinds: " + ", ".join(KINDS)))
        elif child.is_file() and child.suffix in YAML_SUFFIXES:
            issues.append(Issue(
                "stray-file", "only hub.yml belongs at the top of the playbook folder; "
                "entities go in a folder per kind, so this file is ignored",
                Location(show(child)), severity=Severity.WARNING,
                hint="move it into the folder of its kind, e.g. roles/"))

    if not (data_dir / "roles").is_dir():
        issues.append(Issue("no-roles", "the roles/ folder is missing: a hub defines at "
                            "least one role", Location(show(data_dir / "roles"))))

    entities: list[SourceFile] = []
    for folder in KINDS:
        kind_dir = data_dir / folder
        if not kind_dir.is_dir():
            continue
        seen: dict[str, Path] = {}
        shown = show(kind_dir)  # once per folder: resolving paths is a system call each
        with os.scandir(kind_dir) as listing:
            found = sorted(listing, key=lambda entry: entry.name)
        for entry in found:
            name = entry.name
            if name.startswith("."):
                continue
            path = kind_dir / name
            if entry.is_dir():
                issues.append(Issue(
                    "nested-folder", "folders inside a kind folder are ignored: put one "
                    "file per entity directly in " + f"{folder}/", Location(show(path)),
                    severity=Severity.WARNING))
                continue
            stem, suffix = os.path.splitext(name)
            if suffix not in YAML_SUFFIXES:
                continue
            display = f"{shown}/{name}"
            if not ID_RE.match(stem):
                issues.append(Issue(
                    "bad-id", f"the file name '{stem}' is not a valid id: expected {ID_RULE}",
                    Location(display), hint=_id_hint(stem)))
                continue
            if stem in seen:
                issues.append(Issue(
                    "duplicate-id", f"the id '{stem}' is used twice in {folder}/: "
                    f"{seen[stem].name} and {name}; keep one",
                    Location(display)))
                continue
            seen[stem] = path
            entities.append(SourceFile(folder, stem, path, display))
    return Sources(hub, entities), issues


def _id_hint(stem: str) -> str:
    fixed = re.sub(r"[^a-z0-9]+", "-", stem.lower()).strip("-")
    return f"rename it to '{fixed}'" if fixed and ID_RE.match(fixed) else ""
