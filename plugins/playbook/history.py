"""What changed in the playbook since a release, field by field, and whom each change
concerns. Works from the repository's history alone (:mod:`.git_log`), without a deployed
site; outside git there is nothing to compare.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Iterable

from . import languages
from .catalog import N_
from .diagnostics import Issue
from .earlier_files import read_at
from .git_log import git, last_changed, toplevel
from .kinds import KINDS, reference_kinds, referenced, role_kind
from .playbook import Playbook


# -- what changed since a release ----------------------------------------------------------

@dataclass
class FieldChange:
    field: str
    added: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    old: str | None = None
    new: str | None = None
    rewritten: bool = False  # a long text changed: shown as such, not in full
    #: items of a list that are there before and after, but not the same (a step, a check)
    changed: list[str] = field(default_factory=list)
    #: a text whose words in the hub's default language are the same: the languages it
    #: was translated into (or whose translation changed)
    translated: list[str] = field(default_factory=list)

    def describe(self, label: str, words: Callable[..., str] = str.format) -> str:
        """The change in a few words: ``label`` is the field's name, ``words`` translates
        (:class:`~playbook.catalog.Words`; English without it)."""
        reader = getattr(words, "lang", "en")
        comma = languages.separators(reader)[0]
        if self.translated:
            return words("{field} translated into {languages}", field=label, languages=comma.join(
                languages.name_in(code, reader) for code in self.translated))
        if self.rewritten:
            if self.old and self.new:
                return words("{field} rewritten", field=label)
            return words("{field} added" if self.new else "{field} removed", field=label)
        parts = ([f"+ {a}" for a in self.added] + [f"− {r}" for r in self.removed]
                 + [words("{item} changed", item=c) for c in self.changed])
        if parts:
            return words("{field} {changes}", field=label, changes=comma.join(parts))
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
    #: the roles it concerns, before or after (:func:`concerned_roles`)
    roles: frozenset[str] = frozenset()


@dataclass
class Changes:
    ref: str | None
    ref_date: dt.date | None = None
    note: str = ""  # why there is nothing to compare, when there is not (a message)
    note_values: dict[str, str] = field(default_factory=dict)
    entities: list[EntityChange] = field(default_factory=list)
    #: with no release tag: how many of the latest commits to the playbook are compared
    recent: int = 0
    #: the files at ``ref`` left out of the comparison (too large, not readable YAML), as
    #: warnings located at ``path@ref``
    unread: list[Issue] = field(default_factory=list)
    _index: dict[tuple[str, str], EntityChange] = field(default_factory=dict, repr=False,
                                                         compare=False)

    def count(self, status: str) -> int:
        return sum(1 for e in self.entities if e.status == status)

    @property
    def roles(self) -> set[str]:
        """Every role some change concerns."""
        return {role for e in self.entities for role in e.roles}

    def for_role(self, role_id: str) -> list[EntityChange]:
        """What changed in the role, or in what it is given (:func:`concerned_roles`)."""
        return [e for e in self.entities if role_id in e.roles]

    def about(self, subjects: Iterable[tuple[str, str]]) -> list[EntityChange]:
        """The changes of the given (kind, id), in the order of the changes."""
        wanted = set(subjects)
        return [e for e in self.entities if (e.kind, e.id) in wanted]

    def of(self, kind: str, id: str) -> EntityChange | None:
        if len(self._index) != len(self.entities):
            self._index = {(e.kind, e.id): e for e in self.entities}
        return self._index.get((kind, id))


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
    head = git(root, "rev-parse", "HEAD")
    tags = git(root, "tag", "--merged", "HEAD", "--sort=-creatordate",
                "--format=%(refname:short) %(objectname) %(*objectname)")
    if head is None or tags is None:
        return None
    head_id = head.decode().strip()
    for line in tags.decode().splitlines():
        name, *ids = line.split()
        if head_id not in ids:
            return name
    return None


def changes_of(playbook: Playbook, since: str | None = None) -> Changes:
    """:func:`changes`, made once per hub whatever asks for them (the pages of each
    language's site, the feeds)."""
    return playbook.made_once(("changes", since), lambda: changes(playbook, since))


def file_dates(playbook: Playbook) -> dict[Path, dt.date]:
    """The date each file of the hub (its entities' and hub.yml) last changed: its last
    commit, else its modification time; git is asked once per hub."""
    def find() -> dict[Path, dt.date]:
        files = [source.file.path for source in playbook.sources.values()]
        if playbook.hub_source is not None:
            files.append(playbook.hub_source.file.path)
        return last_changed(playbook.root, files)

    return playbook.made_once(("file-dates",), find)


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
        log = git(top, "log", f"-{RECENT_COMMITS}", "--format=%H", "--", data_rel.as_posix())
        commits = log.decode().split() if log else []
        if not commits:
            return Changes(None, note=N_("The playbook has no earlier version to compare "
                                         "with yet."))
        parent = git(top, "rev-parse", "--verify", "-q", f"{commits[-1]}^")
        ref = parent.decode().strip() if parent else EMPTY_TREE
        when = git(top, "log", "-1", "--format=%cs", commits[-1])
        recent = len(commits)
    elif ref.startswith("-"):  # (an option for git, never a ref: `--output=/tmp/x`)
        when = None
    else:
        when = git(top, "log", "-1", "--format=%cs", "--end-of-options", ref)
    if when is None:
        return Changes(ref, note=N_("'{ref}' is not a commit, branch or tag of this "
                                    "repository."), note_values={"ref": ref})
    old, unread = read_at(top, ref, data_rel, playbook.root, _as_read_now(playbook))
    result = Changes(None if recent else ref, dt.date.fromisoformat(when.decode().strip()),
                     recent=recent, unread=unread)
    current = {folder: {id: playbook.sources[(folder, id)].doc.data
                        for id in playbook.entities[folder]} for folder in KINDS}
    roles_of = concerned_roles(old, current)
    for folder in KINDS:
        before, now = old.get(folder, {}), current[folder]
        for id in sorted(set(before) | set(now)):
            roles = roles_of(folder, id, before.get(id), now.get(id))
            if id not in before:
                result.entities.append(EntityChange(folder, id, _title(now[id], id), "added",
                                                    roles=roles))
            elif id not in now:
                result.entities.append(EntityChange(folder, id, _title(before[id], id),
                                                    "removed", roles=roles))
            else:
                diffs = [] if before[id] is now[id] else _diff(before[id], now[id], playbook)
                if diffs:
                    result.entities.append(EntityChange(folder, id, _title(now[id], id),
                                                        "changed", diffs, roles))
    return result


def _as_read_now(playbook: Playbook) -> dict[str, Any]:
    """The data of each entity of the hub by its file's path in the playbook folder, for
    :func:`read_at` to take where the file is as it was: only a file read where it lies (a
    link's source is its target, elsewhere; git's blob of a link is the link)."""
    folders = {folder: playbook.data_dir / folder for folder in KINDS}
    out = {}
    for (folder, id), source in playbook.sources.items():
        path = source.file.path
        if folder in KINDS and id in playbook.entities[folder] \
                and path.parent == folders[folder]:
            out[f"{folder}/{path.name}"] = source.doc.data
    return out


def concerned_roles(*versions: dict[str, dict[str, Any]]
                    ) -> Callable[[str, str, Any, Any], frozenset[str]]:
    """Which roles a change concerns, from the raw data of each version of the playbook
    (kind -> id -> data): the role itself; whoever an entity names in either version (the
    roles of a responsibility, a collateral item's audience, who runs a play or owns its
    steps, the roles of an onboarding module); and the roles that name the entity (their
    KPIs, the lead types they work and hand off). A role naming another role (reports to,
    differs from) does not make one's change the other's."""
    role = role_kind().folder
    every = frozenset(id for version in versions for id in version.get(role, {}))
    named_by: dict[tuple[str, str], set[str]] = {}
    for version in versions:
        for role_id, data in version.get(role, {}).items():
            for target in KINDS:
                if target != role:
                    for ref in referenced(role, data, target):
                        named_by.setdefault((target, ref), set()).add(role_id)

    def roles(folder: str, id: str, before: Any, now: Any) -> frozenset[str]:
        if folder == role:
            return frozenset([id])
        out = set(named_by.get((folder, id), ()))
        # (an entity meant for every role says so in place of a list: `roles: all`)
        for_every = KINDS[folder].for_every_role if folder in KINDS else None
        for data in (before, now):
            if isinstance(data, dict):
                if for_every is not None and data.get(for_every[0]) == for_every[1]:
                    return every
                out |= referenced(folder, data, role)
        return frozenset(out)

    return roles


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
        default = pb.default_language
        if default in value and all(isinstance(v, str) for v in value.values()):
            return value[default]  # a text by language (an item of a list of texts)
        for name in ("title", "question", "name"):  # a step, a check, ...: by its name
            if name in value:
                text = value[name]
                if isinstance(text, dict):
                    text = text.get(default, next(iter(text.values()), ""))
                return str(text)
        return json.dumps(value, ensure_ascii=False, sort_keys=True)
    return str(value)


def _diff(old: dict[str, Any], new: dict[str, Any], pb: Playbook) -> list[FieldChange]:
    out = []
    for key in list(dict.fromkeys([*old, *new])):
        a, b = old.get(key), new.get(key)
        if a == b:
            continue
        if isinstance(a, list) and isinstance(b, list) and len(a) == len(b) and a and all(
                x == y or _translated(x, y, pb.default_language) for x, y in zip(a, b)):
            # a list of texts whose words in the default language are the same: translated
            out.append(FieldChange(key, translated=sorted(
                {code for x, y in zip(a, b) for code in _translated(x, y, pb.default_language)})))
            continue
        if isinstance(a, list) or isinstance(b, list):
            a_list = a if isinstance(a, list) else ([] if a is None else [a])
            b_list = b if isinstance(b, list) else ([] if b is None else [b])
            a_keys = [json.dumps(x, sort_keys=True, ensure_ascii=False) for x in a_list]
            b_keys = [json.dumps(x, sort_keys=True, ensure_ascii=False) for x in b_list]
            added = [_show(x, key, pb) for x, k in zip(b_list, b_keys) if k not in a_keys]
            removed = [_show(x, key, pb) for x, k in zip(a_list, a_keys) if k not in b_keys]
            both = [x for x in added if x in removed]  # the same item, changed inside
            added = [x for x in added if x not in both]
            removed = [x for x in removed if x not in both]
            if added or removed or both:
                out.append(FieldChange(key, added, removed, changed=both))
            continue
        translated = _translated(a, b, pb.default_language)
        if translated:
            out.append(FieldChange(key, translated=translated))
            continue
        if isinstance(a, dict) or isinstance(b, dict) or _long(a) or _long(b):
            out.append(FieldChange(key, old=None if a is None else "…",
                                   new=None if b is None else "…", rewritten=True))
            continue
        out.append(FieldChange(key, old=None if a is None else _show(a, key, pb),
                               new=None if b is None else _show(b, key, pb)))
    return out


def _translated(old: Any, new: Any, default: str) -> list[str]:
    """The languages a text gained or changed in, when its words in ``default`` did not
    change (a plain string is in ``default``); none for anything else."""
    def by_language(value: Any) -> dict[str, Any] | None:
        if isinstance(value, str):
            return {default: value}
        if isinstance(value, dict) and value and all(isinstance(k, str) for k in value):
            return value
        return None

    a, b = by_language(old), by_language(new)
    if a is None or b is None or default not in a or a.get(default) != b.get(default):
        return []
    return sorted(code for code in b if b[code] != a.get(code))


def _long(value: Any) -> bool:
    return isinstance(value, str) and (len(value) > 60 or "\n" in value.strip())


def label(field_name: str) -> str:
    special = {"kpis": "KPIs", "aka": "Other titles", "url": "URL", "reports_to": "Reports to",
               "differs_from": "Differs from", "owner_team": "Owner team",
               "review_by": "Review by", "lead_type": "Lead type"}
    return special.get(field_name, field_name.replace("_", " ").capitalize())

