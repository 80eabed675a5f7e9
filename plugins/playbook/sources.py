"""Find the YAML files of a hub: ``hub.yml`` and one folder per kind, in a stable order."""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from pathlib import Path

from . import hub_files
from .diagnostics import Issue, Location, Severity, did_you_mean, relpath
from .kinds import KINDS
from .model import ID_PATTERN, ID_RULE
from .text import LANG_PATTERN

ID_RE = re.compile(ID_PATTERN)
LANG_RE = re.compile(LANG_PATTERN)
#: The folder of the hub's own words for the generated pages (format v1.1).
CATALOGS = "i18n"
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
    #: (kind, id) of files refused unread, and kinds whose folder was refused: references
    #: to them are not reported again as dangling
    refused: set[tuple[str, str]] = field(default_factory=set)
    refused_kinds: set[str] = field(default_factory=set)
    #: the hub's word catalogs, ``i18n/<lang>.yml``: their id is the language code
    catalogs: list[SourceFile] = field(default_factory=list)


def discover(data_dir: Path, root: Path) -> tuple[Sources, list[Issue]]:
    """List the hub's files; problems of layout (ids, duplicates, strays) become issues."""
    issues: list[Issue] = []
    show = lambda p: relpath(p, root)  # noqa: E731
    real_root = hub_files.real_root(root)
    show_link = lambda p: hub_files.shown(p, real_root)  # noqa: E731
    if not data_dir.is_dir():
        issues.append(Issue(
            "no-data-dir", "the playbook folder does not exist: expected a folder with "
            "hub.yml and roles/ (set 'data_dir' of the playbook plugin to change it)",
            Location(show(data_dir))))
        return Sources(None, []), issues

    def readable(path: Path, display: str, is_symlink: bool | None = None) -> Path | None:
        """What to read for ``path``, or None (and an issue) when it may not be read."""
        try:
            return hub_files.check(path, real_root, is_symlink)
        except hub_files.Refused as exc:
            issues.append(Issue(exc.code, f"the file {exc}", Location(display)))
            return None

    hub_names = [data_dir / f"hub{s}" for s in YAML_SUFFIXES
                 if os.path.lexists(data_dir / f"hub{s}")]
    hub_targets = [(p, t) for p in hub_names if (t := readable(p, show_link(p))) is not None]
    hub = None
    if not hub_names:
        issues.append(Issue("no-hub-file", "hub.yml is missing: it gives at least the hub's "
                            "'name'", Location(show(data_dir / "hub.yml"))))
    elif hub_targets:
        name, target = hub_targets[0]
        hub = SourceFile("", "hub", target, show_link(name))
        if len(hub_names) > 1:
            issues.append(Issue("duplicate-id", "both hub.yml and hub.yaml exist: keep one",
                                Location(show_link(hub_names[1]))))

    for child in sorted(data_dir.iterdir()):
        if child.name.startswith(".") or child in hub_names:
            continue
        if child.is_file() and child.suffix.lower() in YAML_SUFFIXES \
                and child.suffix not in YAML_SUFFIXES and child.stem == "hub":
            issues.append(_suffix_issue(child, show_link(child)))
            continue
        if child.is_dir() and child.name not in KINDS and child.name != CATALOGS:
            issues.append(Issue(
                "unknown-folder", f"the folder '{child.name}' is not a kind of the playbook "
                "and is ignored", Location(show(child)), severity=Severity.WARNING,
                hint=did_you_mean(child.name, [*KINDS, CATALOGS])
                or "kinds: " + ", ".join(KINDS)))
        elif child.is_file() and child.suffix in YAML_SUFFIXES:
            issues.append(Issue(
                "stray-file", "only hub.yml belongs at the top of the playbook folder; "
                "entities go in a folder per kind, so this file is ignored",
                Location(show(child)), severity=Severity.WARNING,
                hint="move it into the folder of its kind, e.g. roles/"))

    for kind in KINDS.values():
        if kind.required and not (data_dir / kind.folder).is_dir():
            issues.append(Issue(
                f"no-{kind.folder}", f"the {kind.folder}/ folder is missing: a hub defines "
                f"at least one {kind.singular}", Location(show(data_dir / kind.folder))))

    entities: list[SourceFile] = []
    refused: set[tuple[str, str]] = set()
    refused_kinds: set[str] = set()
    for folder in KINDS:
        kind_dir = data_dir / folder
        if kind_dir.is_symlink():
            try:
                hub_files.target(kind_dir, real_root)
            except hub_files.Refused as exc:
                issues.append(Issue(exc.code, f"the folder {exc}",
                                    Location(show_link(kind_dir))))
                refused_kinds.add(folder)
                continue
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
            display = f"{shown}/{name}"
            stem, suffix = os.path.splitext(name)
            is_link = entry.is_symlink()
            if suffix in YAML_SUFFIXES and (is_link or not entry.is_file(follow_symlinks=False)):
                # a link, or a FIFO, device or socket: read only what is a file of the hub
                real = readable(path, display, is_link)
                if real is None:
                    refused.add((folder, stem))
                    continue
                path = real
            elif entry.is_dir():
                issues.append(Issue(
                    "nested-folder", "folders inside a kind folder are ignored: put one "
                    "file per entity directly in " + f"{folder}/", Location(show(path)),
                    severity=Severity.WARNING))
                continue
            if suffix not in YAML_SUFFIXES:
                if suffix.lower() in YAML_SUFFIXES:
                    issues.append(_suffix_issue(path, display))
                continue
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
    catalogs = _catalogs(data_dir / CATALOGS, real_root, show, show_link, readable, issues)
    return Sources(hub, entities, refused, refused_kinds, catalogs), issues


def _catalogs(folder: Path, real_root: Path, show, show_link, readable,
              issues: list[Issue]) -> list[SourceFile]:
    """The files of ``i18n/``: one per language, named by its code (``el.yml``)."""
    if folder.is_symlink():
        try:
            hub_files.target(folder, real_root)
        except hub_files.Refused as exc:
            issues.append(Issue(exc.code, f"the folder {exc}", Location(show_link(folder))))
            return []
    if not folder.is_dir():
        return []
    found: list[SourceFile] = []
    seen: dict[str, str] = {}
    for path in sorted(folder.iterdir()):
        name = path.name
        stem, suffix = os.path.splitext(name)
        display = f"{show(folder)}/{name}"
        if name.startswith(".") or path.is_dir() or suffix not in YAML_SUFFIXES:
            if suffix.lower() in YAML_SUFFIXES and suffix not in YAML_SUFFIXES:
                issues.append(_suffix_issue(path, display))
            continue
        if not LANG_RE.match(stem):
            issues.append(Issue(
                "bad-language", f"the file name '{stem}' is not a language code: a catalog "
                "is named by the language of its words, such as 'el.yml' or 'pt-BR.yml'",
                Location(display)))
            continue
        if stem in seen:
            issues.append(Issue("duplicate-id", f"the language '{stem}' has two catalogs: "
                                f"{seen[stem]} and {name}; keep one", Location(display)))
            continue
        real = readable(path, display)
        if real is None:
            continue
        seen[stem] = name
        found.append(SourceFile(CATALOGS, stem, real, display))
    return found


def _suffix_issue(path: Path, display: str) -> Issue:
    return Issue("yaml-suffix", f"the extension '{path.suffix}' is not read: playbook files "
                 "end in .yml or .yaml, in lower case, so this file is ignored",
                 Location(display), severity=Severity.WARNING,
                 hint=f"rename it to '{path.stem}{path.suffix.lower()}'")


def _id_hint(stem: str) -> str:
    fixed = re.sub(r"[^a-z0-9]+", "-", stem.lower()).strip("-")
    return f"rename it to '{fixed}'" if fixed and ID_RE.match(fixed) else ""
