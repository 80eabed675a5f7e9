"""Reading a hub's YAML files: each file read (if it may be) and parsed, as plain data, in
this process or, for a large hub, in as many processes as cores (:mod:`playbook.parallel`),
with the same result; a large hub's files parsed in an earlier run are taken from its
cache (:mod:`playbook.parse_cache`). :mod:`playbook.load` makes the models of what it
returns."""

from __future__ import annotations

from pathlib import Path

from . import hub_files, parse_cache
from .sources import SourceFile
from .yaml_loader import load_bytes

#: Files from which a hub's are read in several processes (fewer: one is faster).
PARALLEL_MIN = 1000


def read_all(entities: list[SourceFile], max_bytes: int, workers: int | None, root: Path
             ) -> list[tuple] | None:
    """Each file read and parsed (:func:`read_one`), in order: a large hub's from its
    cache where it can, the others in ``workers`` processes; None when this process is to
    read them one by one (a small hub)."""
    kept = parse_cache.read_all(entities, max_bytes, root,
                                lambda files: _parse_in_processes(files, workers))
    return kept if kept is not None else read_in_processes(entities, max_bytes, workers)


def _parse_in_processes(files: list[tuple[SourceFile, bytes]], workers: int | None
                        ) -> list[tuple]:
    from . import parallel

    workers = parallel.workers() if workers is None else workers
    if workers < 2 or len(files) < PARALLEL_MIN:
        return [parse(source, raw) for source, raw in files]
    return parallel.render_in_processes(
        files, workers, lambda file, _: parse(*file), [],
        pack=lambda read: read, unpack=lambda read: read)


def read_in_processes(entities: list[SourceFile], max_bytes: int, workers: int | None
                      ) -> list[tuple] | None:
    """Each file read and parsed (:func:`read_one`) in ``workers`` processes, in order;
    None when one process is to do it (a small hub, one core, or threads about)."""
    from . import parallel

    workers = parallel.workers() if workers is None else workers
    if workers < 2 or len(entities) < PARALLEL_MIN:
        return None
    return parallel.render_in_processes(
        entities, workers, lambda source, _: read_one(source, max_bytes), [],
        pack=lambda read: read, unpack=lambda read: read)


def read_one(source: SourceFile, max_bytes: int) -> tuple:
    """A file read and parsed, as plain data to send between processes: ("refused", code,
    why) or ("doc", data, marks, key marks, refused values, issues)."""
    try:
        raw = hub_files.read(source.path, max_bytes)
    except hub_files.Refused as exc:
        return ("refused", exc.code, str(exc))
    return parse(source, raw)


def parse(source: SourceFile, raw: bytes) -> tuple:
    """A file's bytes parsed, as :func:`read_one` gives them."""
    doc, issues = load_bytes(raw, source.display)
    if doc is None:
        return ("doc", None, None, None, None, issues)
    return ("doc", doc.data, doc.marks, doc.key_marks, doc.refused, issues)
