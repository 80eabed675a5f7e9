"""Load a hub: find its files, parse each one, and check each against its kind's model.

The result is a :class:`~playbook.playbook.Playbook` holding every entity that is valid on
its own, and a :class:`~playbook.diagnostics.Report` of everything that is not. Rules that
span files come next, in :mod:`playbook.validate`.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any, Callable, Iterable

from pydantic import BaseModel, ValidationError

from . import catalog, hub_files
from .diagnostics import Issue, Location, Report, Severity, did_you_mean
from .kinds import HUB_LISTS, KINDS
from .hub_model import Hub
from .model import UNION_BRANCHES, texts_of
from .drafts import Draft
from .file_reading import read_all, read_one
from .playbook import Playbook, Source
from .sources import SourceFile, discover
from .text import describe
from .yaml_loader import Document, format_path, load_bytes


#: Files parsed before, by path: (size, modification time, entity, document).
ParseCache = dict[Path, tuple[int, int, BaseModel, Document]]


def load(data_dir: Path, docs_dir: Path, root: Path | None = None,
         progress: Callable[[int, int], None] | None = None,
         cache: ParseCache | None = None,
         max_bytes: int = hub_files.MAX_YAML_BYTES,
         workers: int | None = None) -> tuple[Playbook, Report]:
    """Read every file of the hub under ``data_dir``; never raises on bad content.

    ``progress(done, total)``, when given, is called as files are read. With a ``cache``
    (kept between runs, as `mkdocs serve` does), a file of the same size and time as when
    it was last parsed without a problem is not read again. A large hub's files are read
    and parsed in ``workers`` processes (default: :func:`playbook.parallel.workers`), with
    the same result as in one.
    """
    root = root or data_dir.parent
    report = Report()
    sources, issues = discover(data_dir, root)
    report.extend(issues)
    # What the site will publish from the docs folder is read only if it is a file of the hub.
    report.extend(hub_files.check_tree(docs_dir, hub_files.real_root(root),
                                       "the published file"))

    hub = Hub(name="Playbook")
    hub_source = None
    if sources.hub is not None:
        parsed = _parse(sources.hub, Hub, report, max_bytes)
        if parsed is not None:
            hub, doc = parsed
            hub_source = Source(sources.hub, doc)

    playbook = Playbook(root=root, data_dir=data_dir, docs_dir=docs_dir, hub=hub,
                        hub_source=hub_source)
    playbook.broken |= sources.refused
    playbook.broken_kinds |= sources.refused_kinds
    total = len(sources.entities)
    read = read_all(sources.entities, max_bytes, workers, root) if cache is None else None
    for done, source in enumerate(sources.entities, 1):
        if progress is not None and (done % 100 == 0 or done == total):
            progress(done, total)
        def invalid(doc: Document, faulty: set[tuple], source: SourceFile = source) -> None:
            playbook.drafts[(source.kind, source.id)] = Draft(source, doc, frozenset(faulty))

        parsed = _parse_cached(source, KINDS[source.kind].model, report, cache, max_bytes,
                               invalid, read[done - 1] if read is not None else None)
        if parsed is None:
            playbook.broken.add((source.kind, source.id))
            continue
        entity, doc = parsed
        entity._id = source.id
        _mark_as_written(entity, KINDS[source.kind].names)
        playbook.add(source.kind, entity, Source(source, doc))
    # the labels of the hub's own ids and areas are words its catalogs may give too
    labels = {area for entities in playbook.entities.values() for e in entities.values()
              if (area := getattr(e, "area", None))}
    for source in sources.catalogs:
        loaded = load_catalog(source, hub, report, max_bytes, labels)
        if loaded is not None:
            playbook.catalogs[source.id], doc = loaded
            playbook.catalog_sources[source.id] = Source(source, doc)
    return playbook, report


def load_catalog(source: SourceFile, hub: Hub, report: Report, max_bytes: int,
                 labels: Iterable[str] = ()) -> tuple[dict[str, str], Document] | None:
    """A hub's words for one language, ``i18n/<lang>.yml``: a mapping from a message of
    ours (English, as :func:`catalog.messages` lists them) to its translation. A word that
    cannot be used is reported where it is, and the rest of the file is still used."""
    doc = _read_document(source, report, max_bytes)
    if doc is None or doc.data is None:
        return ({}, doc) if doc is not None else None
    if not isinstance(doc.data, dict):
        report.add(Issue("not-a-mapping", "expected a mapping from a message of the pages "
                         "to its translation ('Stale: Veraltet'), found "
                         f"{describe(doc.data)}", doc.locate(())))
        return None
    lang = source.id
    if lang not in hub.languages and catalog.primary(lang) not in {
            catalog.primary(code) for code in hub.languages}:
        report.add(Issue("unused-catalog", f"'{lang}' is not one of the hub's languages, so "
                         "these words are not used", _loc(source), severity=Severity.WARNING,
                         hint=f"add '{lang}' to 'languages' in hub.yml"))
    lists = [id for setting, _ in HUB_LISTS.values() for id in getattr(hub, setting)]
    known = set(catalog.messages()) | {catalog.id_label(id) for id in [*lists, *labels]}
    table: dict[str, str] = {}
    for message, text in doc.data.items():
        where = doc.locate((message,), key=True)
        field = str(message)
        if not isinstance(message, str) or message not in known:
            report.add(Issue(
                "unknown-message", "is not a message of the generated pages, so it is not "
                "used", where, field, severity=Severity.WARNING,
                hint=did_you_mean(field, known)
                or "`playbook messages` lists them; copy a message exactly, with its "
                "{placeholders}"))
            continue
        if text is None or text == "":
            continue  # left to translate: the shipped word, or English, is shown
        if not isinstance(text, str):
            report.add(Issue("type", f"expected text, found {describe(text)}",
                             doc.locate((message,)), field))
            continue
        try:
            used = catalog.placeholders(text)
        except ValueError:
            used = None
        expected = catalog.placeholders(message)
        if used is None or not used <= expected:
            unknown = ", ".join("{" + n + "}" for n in sorted((used or set()) - expected))
            report.add(Issue(
                "placeholder", "the translation has "
                + (f"{unknown}, which the message does not fill" if unknown
                   else "a '{' or '}' that is not a placeholder") + "; the English message "
                "is shown instead", doc.locate((message,)), field,
                hint="placeholders: " + (", ".join("{" + n + "}" for n in sorted(expected))
                                         or "none") + "; write a brace as {{ or }}"))
            continue
        if used != expected:
            left = ", ".join("{" + n + "}" for n in sorted(expected - used))
            report.add(Issue("placeholder", f"the translation leaves out {left}, so readers "
                             "do not see it", doc.locate((message,)), field,
                             severity=Severity.WARNING))
        table[message] = text
    return table, doc


def _parse_cached(source: SourceFile, model: type[BaseModel], report: Report,
                  cache: ParseCache | None, max_bytes: int,
                  invalid: Callable[[Document, set[tuple]], None] | None = None,
                  read: tuple | None = None):
    if cache is None:
        return _parse(source, model, report, max_bytes, invalid, read)
    try:
        stat = source.path.stat()
    except OSError:
        return _parse(source, model, report, max_bytes, invalid)
    known = cache.get(source.path)
    if known is not None and known[:2] == (stat.st_size, stat.st_mtime_ns) \
            and type(known[2]) is model:
        return known[2], known[3]
    issues = len(report.issues)
    parsed = _parse(source, model, report, max_bytes, invalid)
    if parsed is not None and len(report.issues) == issues:
        cache[source.path] = (stat.st_size, stat.st_mtime_ns, *parsed)
    else:
        cache.pop(source.path, None)
    return parsed


def _read_document(source: SourceFile, report: Report, max_bytes: int,
                   read: tuple | None = None) -> Document | None:
    """A file of the hub read (if it may be) and parsed as YAML, with the place of every
    value; None, and what is wrong in ``report``, when it cannot be. ``read``: what
    :func:`~playbook.file_reading.read_one` made of it in another process."""
    read = read or read_one(source, max_bytes)
    if read[0] == "refused":
        report.add(Issue(read[1], f"the file {read[2]}", _loc(source)))
        return None
    _, data, marks, key_marks, refused, issues = read
    report.extend(issues)
    if marks is None:
        return None
    return Document(source.display, data, marks, key_marks, refused)


def _parse(source: SourceFile, model: type[BaseModel], report: Report,
           max_bytes: int = hub_files.MAX_YAML_BYTES,
           invalid: Callable[[Document, set[tuple]], None] | None = None,
           read: tuple | None = None):
    """The model of ``source`` and its document; None when it has errors (in ``report``).
    A mapping that fails its model is given to ``invalid``, with the paths of its errors, so
    that what it names can still be checked in the same run."""
    doc = _read_document(source, report, max_bytes, read)
    if doc is None:
        return None
    if not isinstance(doc.data, dict):
        report.add(Issue("not-a-mapping", "expected a mapping of fields such as "
                         f"'title: ...', found {describe(doc.data)}", doc.locate(())))
        return None
    data, emptied = _drop_empty(doc.data)
    try:
        return model.model_validate(data), doc
    except ValidationError as exc:
        faulty = set()
        for error in exc.errors(include_url=False):
            faulty.add(_error_path(error))
            if not _refused(doc, _error_path(error)):
                report.add(_issue_from_error(error, doc, model, emptied))
        if invalid is not None:
            invalid(doc, faulty)
        return None


def _mark_as_written(entity: Any, names: tuple[str, ...]) -> None:
    """Texts shown as written in every language: all of an item in a language of its own
    (an English case study is English on the Urdu site too), and the fields that are names."""
    values = [entity] if getattr(entity, "language", None) else \
        [getattr(entity, name, None) for name in names]
    for value in values:
        for _, text in texts_of(value):
            text.as_written = True


def _loc(source: SourceFile) -> Location:
    return Location(source.display)


def _drop_empty(data: dict[str, Any]) -> tuple[dict[str, Any], set[str]]:
    """Top-level keys left empty (``works:``) count as absent; remember which they were."""
    emptied = {k for k, v in data.items() if v is None}
    return {k: v for k, v in data.items() if v is not None}, emptied


def _model_at(model: type[BaseModel], path: tuple) -> type[BaseModel] | None:
    """The nested model class that ``path`` points into, to list its field names."""
    current: Any = model
    for part in path:
        if isinstance(part, int) or not isinstance(current, type):
            continue
        if not issubclass(current, BaseModel) or part not in current.model_fields:
            return None
        annotation = current.model_fields[part].annotation
        current = _inner_model(annotation)
    return current if isinstance(current, type) and issubclass(current, BaseModel) else None


def _inner_model(annotation: Any) -> Any:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for arg in getattr(annotation, "__args__", ()) or ():
        found = _inner_model(arg)
        if found is not None:
            return found
    return None


_EXPECT = {
    "int_parsing": "a whole number",
    "int_type": "a whole number",
    "int_from_float": "a whole number",
    "float_parsing": "a number",
    "float_type": "a number",
    "list_type": "a list (one '- item' per line)",
    "dict_type": "a mapping of fields",
    "model_type": "a mapping of fields",
    "model_attributes_type": "a mapping of fields",
    "string_type": "text",
    "date_parsing": "a date written YYYY-MM-DD",
    "date_from_datetime_parsing": "a date written YYYY-MM-DD",
    "date_from_datetime_inexact": "a date written YYYY-MM-DD",
    "date_type": "a date written YYYY-MM-DD",
}


def _error_path(error: dict[str, Any]) -> tuple:
    """Where in the document a pydantic error is: a union of 'all' or a list reports one
    error per branch, with the branch in its loc."""
    return tuple(p for p in error["loc"] if p not in UNION_BRANCHES)


def _refused(doc: Document, path: tuple) -> bool:
    return any(path[:len(r)] == r for r in doc.refused)


def _issue_from_error(error: dict[str, Any], doc: Document, model: type[BaseModel],
                      emptied: set[str]) -> Issue:
    """Turn one pydantic error into an :class:`Issue` with place, field and expectation."""
    kind = error["type"]
    loc = _error_path(error)
    found = error.get("input")
    field = format_path(loc)
    hint = ""
    if kind == "missing":
        if len(loc) == 1 and loc[0] in emptied:
            return Issue("required", "is required but empty", doc.locate(loc, key=True), field)
        parent = _model_at(model, loc[:-1])
        fields = ", ".join(f"'{n}'" for n, f in parent.model_fields.items()
                           if f.is_required()) if parent else ""
        return Issue("required", f"is required but missing (required here: {fields})",
                     doc.locate(loc[:-1]), field)
    if kind == "extra_forbidden":
        parent = _model_at(model, loc[:-1])
        names = list(parent.model_fields) if parent else []
        hint = did_you_mean(str(loc[-1]), names)
        if loc == ("id",):
            hint = "the id is the file name; remove this field"
        allowed = ", ".join(names)
        return Issue("unknown-field", f"unknown field (allowed: {allowed})",
                     doc.locate(loc, key=True), field, hint=hint)
    where = doc.locate(loc)
    if kind in _EXPECT:
        expected = _EXPECT[kind]
        if kind == "string_type" and loc[-1:] == ("accountable",) and isinstance(found, list):
            expected = "exactly one role id"
            hint = "RACI: one role is accountable; the others are responsible or consulted"
        detail = ""
        why = str(error.get("ctx", {}).get("error", ""))
        if kind.startswith("date") and "outside expected range" in why:
            detail = f" ({why})"  # (a month 13, a day 32; not the parser's other words)
        return Issue("type", f"expected {expected}, found {describe(found)}{detail}",
                     where, field, hint=hint)
    if kind == "literal_error":
        expected = error.get("ctx", {}).get("expected", "")
        return Issue("choice", f"expected one of {expected}, found {describe(found)}",
                     where, field)
    if kind == "string_pattern_mismatch":
        pattern = error.get("ctx", {}).get("pattern", "")
        if "a-z]{2,3}" in pattern:
            expected = "a language code such as 'en', 'ur' or 'pt-BR'"
        else:
            expected = "an id: lowercase letters, digits and single hyphens"
        return Issue("format", f"expected {expected}, found {describe(found)}", where, field)
    if kind == "too_short":
        least = error.get("ctx", {}).get("min_length", 1)
        if least <= 1:
            return Issue("too-short", "expected at least one item, found none", where, field)
        return Issue("too-short", f"expected at least {least} items, found "
                     f"{_count(found)}", where, field)
    if kind == "too_long":
        most = error.get("ctx", {}).get("max_length")
        return Issue("too-long", f"expected at most {most} items, found {_count(found)}",
                     where, field)
    if kind == "finite_number":
        return Issue("range", f"expected a finite number, found {describe(found)} (too "
                     "large to be a number)", where, field)
    if kind == "greater_than":
        return Issue("range", f"expected a number greater than {error['ctx']['gt']}, found "
                     f"{describe(found)}", where, field)
    if kind == "greater_than_equal":
        return Issue("range", f"expected a number of at least {error['ctx']['ge']}, found "
                     f"{describe(found)}", where, field)
    if kind == "string_too_short":
        return Issue("type", "expected text, found an empty string", where, field)
    # Our own validators (localized text) and anything else pydantic says.
    message = error["msg"]
    if message.startswith("Value error, "):
        message = message[len("Value error, "):]
    return Issue(kind.replace("_", "-"), message, where, field)


def _count(found: Any) -> str:
    n = len(found) if isinstance(found, (list, tuple)) else 0
    return "none" if n == 0 else f"{n}"


def read_hub(data_dir: Path, root: Path | None = None) -> Hub | None:
    """hub.yml on its own (None when missing or broken: :func:`load` reports why later)."""
    root = hub_files.real_root(root or data_dir.parent)
    for suffix in (".yml", ".yaml"):
        path = data_dir / f"hub{suffix}"
        if os.path.lexists(path):
            try:
                raw = hub_files.read(hub_files.check(path, root))
            except hub_files.Refused:
                return None
            doc, _ = load_bytes(raw, path.name)
            if doc is None or not isinstance(doc.data, dict):
                return None
            data, _ = _drop_empty(doc.data)
            try:
                return Hub.model_validate(data)
            except ValidationError:
                return None
    return None

