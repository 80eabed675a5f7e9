"""Rules that span files: references resolve, no cycles, files exist, URLs are safe.

Every rule adds issues to the report and never raises, so a run shows all problems at once.
"""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path, PurePosixPath
from typing import Any, Callable, Iterator
from urllib.parse import urlsplit


from .diagnostics import Issue, Location, Report, Severity, did_you_mean
from .kinds import HUB_LISTS, KINDS, refs
from .model import Collateral, Entity, texts_of
from .owners import near_duplicates, spellings
from .playbook import Playbook
from .site_plan import PUBLISHED_FILES, PUBLISHED_FOLDERS
from .urls import INDEX_PAGES
from .yaml_loader import format_path

#: Every reference field of every kind: (field path, target). ``[]`` walks a list.
REFERENCES: dict[str, list[tuple[str, str]]] = {
    folder: [(ref.field, ref.target) for ref in kind.references]
    for folder, kind in KINDS.items()}

SAFE_URL_SCHEMES = ("http", "https")


def references(kind: str, entity: Any) -> set[tuple[str, str]]:
    """The (kind, id) of every entity ``entity`` names (teams and types left out)."""
    out = set()
    for spec, target in REFERENCES[kind]:
        if target in KINDS:
            out.update((target, ref) for _, ref in refs(entity, spec))
    return out


def validate(playbook: Playbook, report: Report, today: dt.date | None = None) -> Report:
    """Check every rule across files; adds to ``report`` and returns it."""
    today = today or dt.date.today()
    _check_references(playbook, report)
    for folder, kind in KINDS.items():
        for ref in kind.references:
            if ref.acyclic:
                _check_cycle(playbook, report, folder, ref.name, lambda e, spec=ref.field: [
                    id for _, id in refs(e, spec)])
    for item in playbook.collateral.values():
        _check_collateral(playbook, item, report)
    for competitor in playbook.competitors.values():
        doc = playbook.source_of("competitors", competitor.id).doc
        if competitor.website:
            _check_url(competitor.website, doc.locate(("website",)), report, "website")
    for folder, kind in KINDS.items():
        if kind.stale_after:
            for item in playbook.entities[folder].values():
                _check_stale(playbook, folder, item, report, today, kind.stale_word)
    _check_languages(playbook, report)
    _check_owners(playbook, report)
    _check_our_paths(playbook, report)
    return report


def _check_references(playbook: Playbook, report: Report) -> None:
    lists = {target: set(getattr(playbook.hub, setting))
             for target, (setting, _) in HUB_LISTS.items()}
    for kind, fields in REFERENCES.items():
        for entity in playbook.entities[kind].values():
            doc = playbook.source_of(kind, entity.id).doc
            for spec, target in fields:
                for path, ref in refs(entity, spec):
                    if target in HUB_LISTS:
                        choices, what = lists[target], HUB_LISTS[target][1]
                        ok = ref in choices
                    else:
                        ok = playbook.exists(target, ref)
                        choices, what = playbook.entities[target], KINDS[target].singular
                    if ok:
                        continue
                    hint = did_you_mean(ref, choices)
                    if target in HUB_LISTS:
                        listed = ", ".join(sorted(choices))
                        setting = HUB_LISTS[target][0].replace("_", " ")
                        message = (f"unknown {what} '{ref}': expected one of the hub's "
                                   f"{setting} ({listed}), set in hub.yml")
                    else:
                        message = (f"unknown {what} '{ref}': expected the id of a file in "
                                   f"{target}/")
                    report.add(Issue("unknown-reference", message, doc.locate(path),
                                     format_path(path), hint=hint))


def _check_cycle(playbook: Playbook, report: Report, kind: str, field: str,
                 edges: Callable[[Entity], list[str]]) -> None:
    """Report each cycle along ``field`` once, naming every member and its file."""
    entities = playbook.entities[kind]
    state: dict[str, int] = {}  # 1 = on the current path, 2 = done
    reported: set[frozenset[str]] = set()

    def visit(start: str) -> None:
        stack: list[tuple[str, Iterator[str]]] = [(start, iter(edges(entities[start])))]
        path = [start]
        state[start] = 1
        while stack:
            node, children = stack[-1]
            for child in children:
                if child not in entities:
                    continue
                if state.get(child) == 1:
                    cycle = path[path.index(child):]
                    key = frozenset(cycle)
                    if key not in reported:
                        reported.add(key)
                        _report_cycle(playbook, report, kind, field, cycle)
                    continue
                if child not in state:
                    state[child] = 1
                    path.append(child)
                    stack.append((child, iter(edges(entities[child]))))
                    break
            else:
                state[node] = 2
                stack.pop()
                path.pop()

    for id in sorted(entities):
        if id not in state:
            visit(id)


def _report_cycle(playbook: Playbook, report: Report, kind: str, field: str,
                  cycle: list[str]) -> None:
    first = min(cycle)
    i = cycle.index(first)
    cycle = cycle[i:] + cycle[:i]
    chain = " -> ".join(cycle + [cycle[0]])
    files = ", ".join(playbook.source_of(kind, id).file.display for id in cycle)
    doc = playbook.source_of(kind, first).doc
    report.add(Issue("cycle", f"forms a cycle: {chain} (files: {files}); "
                     f"'{field}' must not lead back to where it started",
                     doc.locate((field,)), field))


def _check_collateral(playbook: Playbook, item: Collateral, report: Report) -> None:
    source = playbook.source_of("collateral", item.id)
    doc = source.doc
    if item.url and item.file:
        report.add(Issue("url-or-file", "set either 'url' or 'file', not both",
                         doc.locate(("file",), key=True), "file"))
    elif not item.url and not item.file:
        report.add(Issue("url-or-file", "is missing: an item needs a 'url' (a web page) "
                         "or a 'file' (a path inside the docs folder)",
                         doc.locate(()), "url"))
    if item.url:
        _check_url(item.url, doc.locate(("url",)), report)
    if item.file:
        _check_file(playbook, item.file, doc.locate(("file",)), report)


def _check_stale(playbook: Playbook, kind: str, item: Any, report: Report, today: dt.date,
                 what: str) -> None:
    """A warning at the date that makes ``item`` stale, naming who must review it."""
    if not playbook.is_stale(item, today):
        return
    doc = playbook.source_of(kind, item.id).doc
    field = playbook.due(item).field  # type: ignore[union-attr]
    report.add(Issue(
        "stale", f"the {what} is stale: {playbook.stale_reason(item, today)}; ask "
        f"{item.owner} to review it and update 'updated' or 'review_by'",
        doc.locate((field,)), field, severity=Severity.WARNING))


def _check_url(url: str, where: Location, report: Report, field: str = "url") -> None:
    try:
        parts = urlsplit(url.strip())
        parts.port  # (a port that is not a number, or out of range, raises here)
    except ValueError as exc:
        report.add(Issue("url-invalid", f"expected a URL such as https://example.com/page, "
                         f"found '{url}' ({str(exc).lower() or 'invalid'})", where, field))
        return
    scheme = parts.scheme.lower()
    if scheme not in SAFE_URL_SCHEMES:
        found = f"the scheme '{scheme}:'" if scheme else f"'{url}' with no scheme"
        report.add(Issue("url-scheme", f"expected an http or https URL, found {found}",
                         where, field))
    elif not parts.hostname:
        report.add(Issue("url-host", f"expected a URL with a host name, found '{url}'",
                         where, field))
    elif parts.username is not None or parts.password is not None:
        report.add(Issue("url-credentials", "expected a URL without a user name or password "
                         "(every reader of the page would see them): link to the page and "
                         "let the site ask who the reader is", where, field))


def _check_file(playbook: Playbook, file: str, where: Location, report: Report) -> None:
    docs = playbook.docs_dir
    docs_name = _show(playbook, docs)
    pure = PurePosixPath(file.replace("\\", "/"))
    if pure.is_absolute() or (file[1:3] == ":/" or file[1:3] == ":\\"):
        report.add(Issue("file-outside", f"expected a path relative to {docs_name}/, "
                         f"found the absolute path '{file}'", where, "file"))
        return
    if ".." in pure.parts:
        report.add(Issue("file-outside", f"expected a path inside {docs_name}/, found "
                         f"'{file}', which climbs out with '..'", where, "file"))
        return
    target = docs / Path(*pure.parts)
    if not target.exists():
        near = _near_files(docs, pure)
        report.add(Issue("file-missing", f"the file '{file}' does not exist in "
                         f"{docs_name}/", where, "file", hint=did_you_mean(file, near)))
        return
    real = Path(os.path.realpath(target))
    if not real.is_relative_to(Path(os.path.realpath(docs))):
        report.add(Issue("file-outside", f"'{file}' is a link that leads out of "
                         f"{docs_name}/; only files inside it are published", where, "file"))
    elif not real.is_file():
        report.add(Issue("file-missing", f"'{file}' is a folder: expected a file", where,
                         "file"))


def _near_files(docs: Path, pure: PurePosixPath) -> list[str]:
    folder = docs / Path(*pure.parts[:-1]) if len(pure.parts) > 1 else docs
    if not folder.is_dir():
        return []
    prefix = "/".join(pure.parts[:-1])
    return [f"{prefix}/{p.name}" if prefix else p.name for p in folder.iterdir()]


def _show(playbook: Playbook, path: Path) -> str:
    try:
        return path.resolve().relative_to(playbook.root.resolve()).as_posix()
    except ValueError:
        return path.as_posix()


def _check_languages(playbook: Playbook, report: Report) -> None:
    """Translations into a language the hub does not list are kept but never shown."""
    listed = set(playbook.hub.languages)
    for (kind, id), source in sorted(playbook.sources.items()):
        entity = playbook.entities[kind][id]
        # A collateral item in Hungarian naturally has a Hungarian title.
        own = getattr(entity, "language", None)  # (kinds with a language of their own)
        for path, text in texts_of(entity):
            for lang in text.languages:
                if lang not in listed and lang != own:
                    report.add(Issue(
                        "unlisted-language",
                        f"has a '{lang}' text, but hub.yml lists only "
                        f"{', '.join(playbook.hub.languages)}: add '{lang}' to 'languages' "
                        "to publish it", source.doc.locate(path + (lang,)), format_path(path),
                        severity=Severity.INFO))


def _check_our_paths(playbook: Playbook, report: Report) -> None:
    """The paths of the site the plugin makes are its own: a file of the docs folder there
    (in any language's folder) would replace a generated page, our script or the data it
    reads, and an entity with the id `index` would be its kind's index page. The docs
    folder is listed once (it holds few files; a hub has thousands of pages)."""
    # path in the docs folder -> the entity whose page it is (None: an index page)
    pages: dict[str, tuple[str, str] | None] = dict.fromkeys(INDEX_PAGES.values())
    for kind, entities in playbook.entities.items():
        per_role = KINDS[kind].page_per_role
        for id in (playbook.roles if per_role else entities):
            if id == "index" and not per_role:
                source = playbook.source_of(kind, id)
                report.add(Issue("reserved-id", f"the id 'index' is the path of the {kind} "
                                 f"index page ({INDEX_PAGES[kind]}): rename the file",
                                 Location(_show(playbook, source.file.path))))
                continue
            pages.setdefault(KINDS[kind].page(id), (kind, id))

    def what(path: str) -> str:
        if path in PUBLISHED_FILES:
            return f"the plugin's own file {path}"
        entity = pages[path]
        if entity is None:
            return f"the generated page {path}"
        kind, id = entity
        made_from = f"the role {id}" if KINDS[kind].page_per_role \
            else _show(playbook, playbook.source_of(kind, id).file.path)
        return f"the generated page {path} (made from {made_from})"

    docs = playbook.docs_dir
    if not docs.is_dir():
        return
    files, folders = _listing(docs)
    prefixes = [""] + [f"{lang}/" for lang in playbook.hub.languages[1:]]
    for prefix in prefixes:
        for path in [*pages, *PUBLISHED_FILES]:
            # (roles/rep.md and roles/rep/index.md are both the page roles/rep/, and
            # roles/README.md is roles/index.md to MkDocs)
            if path.endswith("/index.md"):
                same = [path, path.removesuffix("index.md") + "README.md"]
            elif path.endswith(".md"):
                same = [path, path.removesuffix(".md") + "/index.md"]
            else:
                same = [path]
            for found in (prefix + p for p in same if prefix + p in files):
                report.add(Issue("replaces-ours", f"is at the path of {what(path)}: a file "
                                 "of the docs folder never replaces what the plugin makes (to "
                                 "change a generated page, override its template; otherwise "
                                 "rename the file)", Location(_show(playbook, docs / found))))
        for folder in PUBLISHED_FOLDERS:
            found = prefix + folder.rstrip("/")
            if found in folders or found in files:
                report.add(Issue("replaces-ours", f"is the plugin's own folder {folder} "
                                 "(its search index): a file of the docs folder never "
                                 "replaces what the plugin makes; rename it",
                                 Location(_show(playbook, docs / found))))


def _listing(docs: Path) -> tuple[set[str], set[str]]:
    """The files (links to anything included) and the folders below ``docs``, as POSIX
    paths relative to it; links are not followed, so a loop ends the walk too."""
    files, folders = set(), set()
    for top, dirs, names in os.walk(docs):
        rel = os.path.relpath(top, docs).replace(os.sep, "/")
        at = "" if rel == "." else rel + "/"
        folders.update(at + d for d in dirs)
        files.update(at + n for n in names)
        files.update(at + d for d in dirs if os.path.islink(os.path.join(top, d)))
    return files, folders


def _check_owners(playbook: Playbook, report: Report) -> None:
    """A warning at each owner written like another, more used, spelling: one owner
    written two ways gets two review queues."""
    uses = [(entity.owner, playbook.source_of(kind, id).doc.locate(("owner",)))
            for kind in KINDS if "owner" in KINDS[kind].model.model_fields
            for id, entity in sorted(playbook.entities[kind].items())
            if getattr(entity, "owner", None)]
    for spelling, other in near_duplicates(spellings(uses)):
        first = other.uses[0]
        more = len(other.uses) - 1
        where = f"{first.path}:{first.line}" + (f" and {more} more" if more else "")
        for location in spelling.uses:
            report.add(Issue(
                "owner-spelling", f"'{spelling.text}' looks like another spelling of the "
                f"owner '{other.text}': write one spelling, so that one owner gets one "
                "review queue", location, "owner", severity=Severity.WARNING,
                hint=f"did you mean '{other.text}', as in {where}?"))
