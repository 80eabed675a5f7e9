"""Rules that span files: references resolve, no cycles, files exist, URLs are safe.

Every rule adds issues to the report and never raises, so a run shows all problems at once.
"""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path
from typing import Any, Callable, Iterator


from .diagnostics import Issue, Location, Report, Severity, did_you_mean
from .field_checks import shown_path
from .kinds import HUB_LISTS, KINDS, refs, role_kind
from .model import Entity, texts_of
from .owners import near_duplicates, spellings
from .drafts import Faulty, Sketch
from .playbook import Playbook
from .site_plan import HOME_PAGE, PUBLISHED_FILES, PUBLISHED_FOLDERS, has_home
from .urls import INDEX_PAGES, handbook_page
from .yaml_loader import format_path

#: Every reference field of every kind: (field path, target). ``[]`` walks a list.
REFERENCES: dict[str, list[tuple[str, str]]] = {
    folder: [(ref.field, ref.target) for ref in kind.references]
    for folder, kind in KINDS.items()}

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
    for folder, kind in KINDS.items():
        if kind.checks is not None:
            for entity in playbook.entities[folder].values():
                kind.checks(playbook, entity, report)
            for draft in playbook.drafts_of(folder):  # (the rest of a file with errors)
                try:
                    kind.checks(playbook, Sketch(draft), report)
                except Faulty:
                    pass
    for folder, kind in KINDS.items():
        if kind.stale_after:
            for item in playbook.entities[folder].values():
                _check_stale(playbook, folder, item, report, today, kind.stale_word)
    _check_languages(playbook, report)
    _check_owners(playbook, report)
    _check_our_paths(playbook, report)
    _check_home(playbook, report)
    return report


def _check_home(playbook: Playbook, report: Report) -> None:
    """A site with no home page of the hub's own gets one made (site_plan.HOME_PAGE): say
    so, and where to write one."""
    pb = playbook
    if pb.docs_dir.is_dir() and not has_home(pb.docs_dir, pb.default_language,
                                             pb.default_language):
        home = shown_path(pb, pb.docs_dir / HOME_PAGE)
        report.add(Issue("no-home", "the site has no home page of its own: one is made from the hub's name and its sections; write this file to "
                         "welcome readers in your own words", Location(home),
                         severity=Severity.INFO))


def _named(playbook: Playbook, kind: str) -> Iterator[tuple[Any, Any, Callable]]:
    """What names other entities, per file of ``kind``: (entity or raw data, document, which
    paths to check). A file that failed its model (a draft) is read as it was written, its
    references outside its errors checked too: every problem of a file in one run."""
    for entity in playbook.entities[kind].values():
        yield entity, playbook.source_of(kind, entity.id).doc, lambda path: True
    for draft in playbook.drafts_of(kind):
        yield draft.doc.data, draft.doc, draft.sound


def _check_references(playbook: Playbook, report: Report) -> None:
    lists = {target: set(getattr(playbook.hub, setting))
             for target, (setting, _) in HUB_LISTS.items()}
    for kind, fields in REFERENCES.items():
        for entity, doc, sound in _named(playbook, kind):
            for spec, target in fields:
                for path, ref in refs(entity, spec):
                    if not sound(path) or not ref.strip():
                        continue
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
                        if not hint:  # no close match: the ids there are, when few
                            hint = _the_ids(choices)
                    report.add(Issue("unknown-reference", message, doc.locate(path),
                                     format_path(path), hint=hint))


def _the_ids(entities: Any, most: int = 12) -> str:
    """The ids of a kind, for a reader who named none of them: all when few, else the
    first ones and how many more."""
    ids = sorted(entities)
    if not ids:
        return "there are none yet"
    shown = ", ".join(ids[:most])
    return f"the ids are {shown}" + (f" and {len(ids) - most} more" if len(ids) > most else "")


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
    roles = playbook.of(role_kind())
    for kind, entities in playbook.entities.items():
        per_role = KINDS[kind].page_per_role
        for id in (roles if per_role else entities):
            if id == "index" and not per_role:
                source = playbook.source_of(kind, id)
                report.add(Issue("reserved-id", f"the id 'index' is the path of the {kind} "
                                 f"index page ({INDEX_PAGES[kind]}): rename the file",
                                 Location(shown_path(playbook, source.file.path))))
                continue
            pages.setdefault(KINDS[kind].page(id), (kind, id))
    for id in roles:
        pages.setdefault(handbook_page(id), None)  # (a role's handbook)

    def what(path: str) -> str:
        if path in PUBLISHED_FILES:
            return f"the plugin's own file {path}"
        entity = pages[path]
        if entity is None:
            return f"the generated page {path}"
        kind, id = entity
        made_from = f"the role {id}" if KINDS[kind].page_per_role \
            else shown_path(playbook, playbook.source_of(kind, id).file.path)
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
                                 "rename the file)", Location(shown_path(playbook, docs / found))))
        for folder, holding in PUBLISHED_FOLDERS.items():
            found = prefix + folder.rstrip("/")
            if found in folders or found in files:
                report.add(Issue("replaces-ours", f"is the plugin's own folder {folder} "
                                 f"({holding}): a file of the docs folder never "
                                 "replaces what the plugin makes; rename it",
                                 Location(shown_path(playbook, docs / found))))


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
    def located(use: tuple[str, str]) -> Location:  # (only those reported: 10,000 items)
        return playbook.source_of(*use).doc.locate(("owner",))

    uses = [(entity.owner, (kind, id))
            for kind in KINDS if "owner" in KINDS[kind].model.model_fields
            for id, entity in sorted(playbook.entities[kind].items())
            if getattr(entity, "owner", None)]
    for spelling, other in near_duplicates(spellings(uses)):
        first = located(other.uses[0])
        more = len(other.uses) - 1
        where = f"{first.path}:{first.line}" + (f" and {more} more" if more else "")
        for use in spelling.uses:
            report.add(Issue(
                "owner-spelling", f"'{spelling.text}' looks like another spelling of the "
                f"owner '{other.text}': write one spelling, so that one owner gets one "
                "review queue", located(use), "owner", severity=Severity.WARNING,
                hint=f"did you mean '{other.text}', as in {where}?"))
