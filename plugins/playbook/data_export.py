"""`playbook export --format json`: the whole hub as one JSON document, for tools that read
the playbook without parsing HTML (a CRM, a BI dashboard, an assistant).

Not :mod:`playbook.export`, which is `playbook generate` (the site as plain Markdown).

Everything is derived from the registry of kinds and the models: every entity of every
kind with all its fields, where it came from, the entities it names and those naming it
(from each kind's ``references``), its staleness when its kind has ``updated`` or
``review_by``, and the onboarding path of every role. Texts are ``{language: text}``
objects, dates ISO, keys sorted, so that the file diffs well between builds. Its JSON
Schema is :func:`playbook.data_export_schema.schema`; docs/format.md describes it.
"""

from __future__ import annotations

import datetime as dt
import json
from typing import Any, Callable

from pydantic import BaseModel

from .catalog import FSI, PDI
from .kinds import KINDS, Ref, path_kind, refs
from .model import Entity
from .onboarding import PathBuilder
from .onboarding_plan import OnboardingPath, PathModule
from .playbook import Playbook
from .text import DEFAULT, LocalizedText
from .urls import entity_page, page_url

#: What the file says it is, and the version of its shape (:mod:`data_export_schema`):
#: the minor number grows with fields added, the major one with anything else.
FORMAT = "playbook-hub-export"
SCHEMA_VERSION = "1.0"
GENERATOR = "playbook-hub"
#: Where a build publishes it, at the root of the default language's site.
JSON_FILE = "playbook.json"


def texts(text: LocalizedText, default: str) -> dict[str, str]:
    """A text as ``{language: text}``: a plain string is in the hub's default language."""
    raw = text.raw
    return {default: raw} if isinstance(raw, str) else {
        (default if lang == DEFAULT else lang): value for lang, value in raw.items()}


#: Fields that schema 1.0 published as plain strings, before they could be translated:
#: they stay one string, in the hub's default language, until a 2.0.
STRING_TEXTS: dict[str, frozenset[str]] = {"LeadType": frozenset({"timeline"})}


def plain(value: Any, default: str) -> Any:
    """A model's value as JSON: every field (unset ones as null or []), texts as
    ``{language: text}`` (but for :data:`STRING_TEXTS`), dates ISO."""
    if isinstance(value, LocalizedText):
        return texts(value, default)
    if isinstance(value, BaseModel):
        strings = STRING_TEXTS.get(type(value).__name__, frozenset())
        return {name: _string(getattr(value, name), default) if name in strings
                else plain(getattr(value, name), default) for name in type(value).model_fields}
    if isinstance(value, (list, tuple)):
        return [plain(item, default) for item in value]
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


def _string(value: LocalizedText | None, default: str) -> str | None:
    if value is None:
        return None
    found = texts(value, default)
    return found.get(default) or next(iter(found.values()), None)


def can_go_stale(kind: str) -> bool:
    return KINDS[kind].stale_after is not None


def staleness(pb: Playbook, item: Any, today: dt.date) -> dict[str, Any]:
    found = pb.due(item)  # the one rule of staleness
    due = found.date if found else None
    return {
        "stale": pb.is_stale(item, today),
        "reason": pb.stale_reason(item, today) or None,
        "due": due.isoformat() if due else None,
        "days_overdue": (today - due).days if due else None,
        "limit_days": pb.stale_limit(item),
    }


def named(pb: Playbook, entity: Entity, ref: Ref) -> list[str]:
    """The ids ``entity`` names in ``ref``'s field, in its order, each once; a list field
    set to ``all`` (onboarding ``roles``) names every entity of the target kind."""
    value = getattr(entity, ref.name)
    if ref.field.startswith(f"{ref.name}[]") and isinstance(value, str):
        return sorted(pb.entities[ref.target])
    if ref.field == f"{ref.name}[]":  # the common case, at a fraction of walk's cost
        return list(dict.fromkeys(id for id in value if isinstance(id, str)))
    if ref.field == ref.name:
        return [] if value is None else [value]
    return list(dict.fromkeys(id for _, id in refs(entity, ref.field)))


def relations(pb: Playbook) -> dict[tuple[str, str], dict[str, Any]]:
    """Per (kind, id): ``refers_to`` (field -> the kind and ids it names, for every
    reference field of its kind) and ``referred_by`` (kind -> field -> the ids of that
    kind naming it there, sorted); roles and responsibilities also get ``raci``."""
    out: dict[tuple[str, str], dict[str, Any]] = {
        (kind, id): {"refers_to": {}, "referred_by": {}}
        for kind in KINDS for id in pb.entities[kind]}
    for folder, kind in KINDS.items():
        for ref in kind.references:
            if ref.target not in KINDS:  # teams and collateral types: values of hub.yml
                continue
            for entity in pb.entities[folder].values():
                ids = named(pb, entity, ref)
                out[(folder, entity.id)]["refers_to"][ref.field] = {
                    "kind": ref.target, "ids": ids}
                for id in ids:
                    if (ref.target, id) in out:
                        out[(ref.target, id)]["referred_by"].setdefault(folder, {}) \
                            .setdefault(ref.field, []).append(entity.id)
    for entry in out.values():
        for fields in entry["referred_by"].values():
            for ids in fields.values():
                ids.sort()
    for kind in KINDS.values():  # (what kinds add: the RACI of roles and responsibilities)
        for extra in kind.exports:
            for key, value in extra.values(pb).items():
                if key in out:
                    out[key][extra.name] = value
    return out


def entities(pb: Playbook, today: dt.date, use_directory_urls: bool = True
             ) -> dict[str, dict[str, Any]]:
    default = pb.default_language
    links = relations(pb)
    out: dict[str, dict[str, Any]] = {}
    for folder, kind in KINDS.items():
        stale = can_go_stale(folder)
        out[folder] = {id: {
            "id": id,
            "source": pb.source_of(folder, id).file.display,
            "page": None if kind.page_per_role
            else page_url(entity_page(folder, id), use_directory_urls),
            "data": plain(entity, default),
            "relations": links[(folder, id)],
            "staleness": staleness(pb, entity, today) if stale else None,
        } for id, entity in pb.entities[folder].items()}
    return out


# -- onboarding paths ---------------------------------------------------------------------


def _paths_in(pb: Playbook, lang: str) -> dict[str, OnboardingPath]:
    """Every role's path as ``lang``'s site shows it."""
    default = pb.default_language

    def text(value: Any) -> str:
        return value.get(lang, default) if isinstance(value, LocalizedText) else str(value)

    return {p.role.id: p for p in PathBuilder(pb, text, pb.words(lang), lang).paths()}


def _merged(value: Any, others: dict[str, Any], default: str) -> dict[str, str]:
    """A text of a path as ``{language: text}``: the hub's own text as it is; a text we
    generate, in each language whose path has it (``others``: language -> its value)."""
    if isinstance(value, LocalizedText):
        return texts(value, default)
    return {lang: _unmarked(str(other)) for lang, other in others.items() if other is not None}


def _unmarked(text: str) -> str:
    """A sentence of ours without the marks that keep a title's direction in a page written
    right to left (:func:`playbook.catalog.isolate`): data, not a page."""
    return text.replace(FSI, "").replace(PDI, "")


def _module(module: PathModule, others: dict[str, PathModule | None],
            default: str) -> dict[str, Any]:
    def text(get: Callable[[PathModule], Any]) -> dict[str, str] | None:
        value = get(module)
        if value is None:
            return None
        return _merged(value, {lang: get(m) if m else None for lang, m in others.items()},
                       default)

    tasks = {lang: {t.key: t for t in m.tasks} if m else {} for lang, m in others.items()}
    return {
        "key": module.key,
        "title": text(lambda m: m.title),
        "body": text(lambda m: m.body),
        "hours": module.hours,
        "group": module.part,
        "generated": module.generated,
        "source": module.source,
        "after": list(module.after),
        "needed_by": [texts(t, default) if isinstance(t, LocalizedText) else {default: str(t)}
                      for t in module.needed_by],
        "links": [{"kind": kind, "id": id} for kind, id in module.links],
        "tasks": [{"key": task.key, "about": task.about or None,
                   "text": _merged(task.text, {lang: (found.text if (found := by_key.get(
                       task.key)) else None) for lang, by_key in tasks.items()}, default)}
                  for task in module.tasks],
        "checks": [{"key": quiz.key, "check": plain(quiz.check, default)}
                   for quiz in module.checks],
    }


def onboarding_paths(pb: Playbook, use_directory_urls: bool = True) -> dict[str, Any]:
    """Per role, its path as the default language's site shows it (modules, tasks, weeks),
    its generated texts in every language of the hub."""
    default = pb.default_language
    by_lang = {lang: _paths_in(pb, lang) for lang in pb.hub.languages}
    out: dict[str, Any] = {}
    for role_id, path in by_lang[default].items():
        modules = {lang: {m.key: m for m in paths[role_id].modules}
                   for lang, paths in by_lang.items()}
        out[role_id] = {
            "role": role_id,
            "page": page_url(entity_page(path_kind().folder, role_id), use_directory_urls),
            "hours": round(path.hours, 2),
            "hours_per_week": path.hours_per_week,
            "week_count": path.week_count,
            "weeks": [{"first": w.first, "last": w.last, "hours": round(w.hours, 2),
                       "modules": [m.key for m in w.modules]} for w in path.weeks],
            "modules": [_module(m, {lang: found.get(m.key) for lang, found in modules.items()},
                                default) for m in path.modules],
        }
    return out


# -- the whole file -----------------------------------------------------------------------


def hub_data(pb: Playbook) -> dict[str, Any]:
    return {
        "source": pb.hub_source.file.display if pb.hub_source else None,
        "default_language": pb.default_language,
        "data": plain(pb.hub, pb.default_language),
    }


def kinds_data(pb: Playbook) -> dict[str, Any]:
    """What the file's kinds are: their names, how many, and the fields naming others."""
    return {folder: {
        "singular": kind.singular,
        "plural": kind.plural,
        "count": len(pb.entities[folder]),
        "references": {ref.field: ref.target for ref in kind.references},
        "can_go_stale": can_go_stale(folder),
    } for folder, kind in KINDS.items()}


def export_data(pb: Playbook, today: dt.date, use_directory_urls: bool = True
                ) -> dict[str, Any]:
    """The whole hub of a valid ``pb`` as the JSON export's object; staleness judged on
    ``today``, which is the file's ``generated`` date."""
    from . import __version__  # (the package imports the core first)

    return {
        "format": FORMAT,
        "schema_version": SCHEMA_VERSION,
        "generator": {"name": GENERATOR, "version": __version__},
        "generated": today.isoformat(),
        "hub": hub_data(pb),
        "kinds": kinds_data(pb),
        "entities": entities(pb, today, use_directory_urls),
        "onboarding_paths": onboarding_paths(pb, use_directory_urls),
    }


def to_json(data: dict[str, Any], indent: bool = True) -> str:
    """The export as text: keys sorted, UTF-8 as is, one newline at the end; indented for
    people and diffs, or compact (what a site publishes: 45 % smaller, and written by
    the json module's C encoder, which indenting turns off: 4 times faster)."""
    if indent:
        return json.dumps(data, indent=2, sort_keys=True, ensure_ascii=False) + "\n"
    return json.dumps(data, sort_keys=True, ensure_ascii=False, separators=(",", ":")) + "\n"


def export_json(pb: Playbook, today: dt.date, use_directory_urls: bool = True,
                indent: bool = True) -> str:
    return to_json(export_data(pb, today, use_directory_urls), indent)


def published(pb: Playbook, today: dt.date, use_directory_urls: bool = True,
              language: str | None = None, whole_hub: bool = True, search: bool = True,
              history: bool = True, changes_since: str | None = None, site_url: str = "",
              offline: bool = False) -> dict[str, Callable[[], str]]:
    """The data a site publishes beside its pages, by file name, each with what makes it:
    the RACI matrix in the site's ``language``, the roles a rep picks from on the home
    page, the search box's kinds and facets (``search``: when the site's search is ours),
    and (``whole_hub``: the default language's site) the whole hub as JSON. A build,
    `mkdocs serve` after an edit and `playbook generate` all publish these (a file of the
    docs folder at one of their paths is a validation error). With ``history``, the
    Atom feeds of what changed (:mod:`playbook.feeds`), compared with ``changes_since``
    (default: the last release), absolute when the site has a ``site_url``. With
    ``offline``, the site's web app manifest (:mod:`playbook.offline`)."""
    from . import feeds
    from . import search as site_search
    from .history import changes_of
    from . import start
    from .raci import raci_csv
    from .urls import PLAYBOOK_JSON, RACI_CSV

    made: dict[str, Callable[[], str]] = {
        RACI_CSV: lambda: raci_csv(pb, language),
        start.ROLES_JSON: lambda: json.dumps(
            start.roles_data(pb, language, use_directory_urls), ensure_ascii=False)}
    if search:
        made[site_search.FACETS_FILE] = lambda: json.dumps(
            site_search.facets(pb, language), ensure_ascii=False)
    if whole_hub:
        made[PLAYBOOK_JSON] = lambda: export_json(pb, today, use_directory_urls, indent=False)
    if offline:
        from . import offline as kept
        from .languages import direction

        lang = language or pb.default_language
        made[kept.MANIFEST] = lambda: kept.manifest(pb, lang, direction(lang))
    if history:
        made.update(feeds.files(pb, lambda: changes_of(pb, changes_since), today,
                                language or pb.default_language, use_directory_urls,
                                site_url))
    return made
