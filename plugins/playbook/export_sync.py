"""`playbook generate`: :func:`playbook.export.export`'s folders written, leaving alone what
they hold the same, so that a server watching the folder (`generate --watch` beside
`zensical serve`) sees only what an edit changed."""

from __future__ import annotations

import contextlib
import datetime as dt
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .export import HEADER, Export, Tree, export
from .pipeline import Result
from .publish import remove
from .render_options import RenderOptions


@dataclass
class Changes:
    """What :func:`export_changes` did to the folder, as paths relative to it."""

    written: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)


def owned_paths(done: Export) -> set[Path]:
    """What `generate` writes of its folder, relative to it: each language's docs folder
    and config (not the built site beside them)."""
    return {p.relative_to(done.out) for f in done.folders for p in (f.docs, f.config)}


def written_before(out: Path) -> set[Path]:
    """The folders and configs of languages an earlier `generate` wrote into ``out`` (its
    configs say so on their first line), relative to it: ``<lang>/mkdocs.yml`` and
    ``<lang>/docs``, and those of the layout before (``mkdocs.<lang>.yml`` beside the
    default one's, its docs in ``<lang>/docs``), which go when generate runs again."""
    found = set()
    for config in [*out.glob("mkdocs.*.yml"), *out.glob("*/mkdocs.yml")]:
        try:
            with config.open(encoding="utf-8") as file:
                first = file.readline()
        except (OSError, UnicodeDecodeError):
            continue
        if first.startswith(HEADER):
            lang = config.parent.name if config.name == "mkdocs.yml" \
                else config.name[len("mkdocs."):-len(".yml")]
            found |= {config.relative_to(out), Path(lang, "docs")}
    return found


def export_changes(root: Path, result: Result, options: RenderOptions, docs_dir: Path,
                   out: Path, today: dt.date, **kwargs: Any) -> tuple[Export, Changes]:
    """:func:`export`, leaving alone in ``out`` what it would write the same: the folders
    are made whole in memory first, then what is no longer made (or is a link, or a file
    where a folder goes) is removed, and only the files that differ are put in place, each
    whole at once, so that a server watching ``out`` (`zensical serve`, `mkdocs serve`)
    sees only what an edit changed. The folders of a language the hub no longer has
    (:func:`written_before`) go."""
    remove(out / STAGING)  # (where an earlier version made the folders first)
    done, tree = export(root, result, options, docs_dir, out, today, **kwargs)
    owned = owned_paths(done) | written_before(out)
    return done, _sync(tree, out, owned)


#: Where an earlier version of :func:`export_changes` wrote the folders before comparing
#: them; removed if a run of it left one.
STAGING = ".generating"


def _files_in(folder: Path) -> dict[Path, Path]:
    """Every entry below ``folder`` by its path relative to it, links not followed."""
    found = {}
    for top, dirs, files in os.walk(folder):
        for name in dirs + files:
            path = Path(top) / name
            found[path.relative_to(folder)] = path
    return found


def _sync(tree: Tree, target: Path, owned: set[Path]) -> Changes:
    changes = Changes()
    for part in sorted(owned):
        key, dst = part.as_posix(), target / part
        # A link on the way (`OUT/ur -> elsewhere`) would take what is written there out of
        # the folder: the link goes, a folder is made in its place.
        for parent in sorted(part.parents, key=lambda p: len(p.parts)):
            if parent != Path() and (target / parent).is_symlink():
                _remove(target / parent, target, changes)
        wanted = {Path(rel) for rel in tree.under(key)}
        is_file, is_dir = key in tree, bool(wanted)
        folders = {parent for rel in wanted for parent in rel.parents}
        # First what goes (so that a file is never written through a link, and a name
        # that only changes case on a case-insensitive disk is written after, not lost).
        if dst.is_symlink() or (dst.exists() and dst.is_dir() != is_dir) \
                or (dst.exists() and not (is_file or is_dir)):
            _remove(dst, target, changes)
        if dst.is_dir():
            for rel, path in sorted(_files_in(dst).items(), reverse=True):
                if path.is_symlink() or (path.is_dir() and rel not in folders) \
                        or (not path.is_dir() and rel not in wanted):
                    _remove(path, target, changes)
        if is_file:
            if _put(tree[key], dst):
                changes.written.append(key)
        for rel in sorted(wanted):
            if _put(tree[f"{key}/{rel.as_posix()}"], dst / rel):
                changes.written.append((part / rel).as_posix())
        for parent in part.parents:  # a language's folder left empty
            folder = target / parent
            if parent != Path() and folder.is_dir() and not any(folder.iterdir()):
                folder.rmdir()
    return changes


def _put(content: bytes | Path, dst: Path) -> bool:
    """Writes ``content`` (bytes, or a file's) at ``dst`` if what is there differs; whether
    it did."""
    data = content.read_bytes() if isinstance(content, Path) else content
    if dst.is_file():
        with contextlib.suppress(OSError):
            if dst.stat().st_size == len(data) and dst.read_bytes() == data:
                return False
    dst.parent.mkdir(parents=True, exist_ok=True)
    part = dst.with_name(f".{dst.name}.part")
    part.unlink(missing_ok=True)  # (never written through, whatever it was)
    fd = os.open(part, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0),
                 0o666)
    with os.fdopen(fd, "wb") as f:
        f.write(data)
    os.replace(part, dst)
    return True


def _remove(path: Path, root: Path, changes: Changes) -> None:
    """:func:`playbook.publish.remove`, each file it removes noted, relative to ``root``."""
    if path.is_dir() and not path.is_symlink():
        changes.removed.extend(p.relative_to(root).as_posix()
                               for p in _files_in(path).values() if not p.is_dir())
    else:
        changes.removed.append(path.relative_to(root).as_posix())
    remove(path)
