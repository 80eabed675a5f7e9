"""The JSON Schema of the JSON export (:mod:`playbook.data_export`), written by `playbook
schema` as ``schemas/export.schema.json``.

The entities' fields come from the models that validate, as the editors' schemas do, and
each kind's relations from the registry of kinds; a new kind is in it with no change here.
In the export every field is present (unset ones as null or []) and a text is always a
``{language: text}`` object, so the models' schemas are tightened to say so.
"""

from __future__ import annotations

from typing import Any

from pydantic.json_schema import models_json_schema

from .data_export import FORMAT, JSON_FILE, STRING_TEXTS, can_go_stale
from .kinds import KINDS, path_groups
from .hub_model import Hub
from .model import ID_PATTERN
from .text import LANG_PATTERN, LocalizedText

#: The JSON Schema dialect of every schema the project writes.
SCHEMA_DRAFT = "https://json-schema.org/draft/2020-12/schema"

ID = {"type": "string", "pattern": ID_PATTERN}
DATE = {"type": "string", "format": "date"}
TEXT_REF = {"$ref": "#/$defs/Text"}
IDS = {"type": "array", "items": ID}


def _one_of(names: list[str]) -> str:
    """``a, b or c.``"""
    return ", ".join(names[:-1]) + " or " + names[-1] + "."


def _nullable(schema: dict[str, Any]) -> dict[str, Any]:
    return {"anyOf": [schema, {"type": "null"}]}


def _object(properties: dict[str, Any], description: str = "", **more: Any) -> dict[str, Any]:
    """An object with exactly these properties, all of them required."""
    out = {"type": "object", "properties": properties, "required": sorted(properties),
           "additionalProperties": False, **more}
    if description:
        out["description"] = description
    return out


def _map(values: dict[str, Any], keys: dict[str, Any] | None = None,
         description: str = "") -> dict[str, Any]:
    out = {"type": "object", "propertyNames": keys or ID, "additionalProperties": values}
    if description:
        out["description"] = description
    return out


def _text_schemas() -> tuple[dict[str, Any], dict[str, Any]]:
    """The plain string and the object a text's schema offers (:class:`LocalizedText`)."""
    plain, mapping = LocalizedText.__get_pydantic_json_schema__(None, None)["anyOf"]
    return plain, mapping


def _texts_as_objects(node: Any) -> Any:
    """A model's schema as the export writes it: each text a ``{language: text}`` object,
    and every property of an object present."""
    plain, mapping = _text_schemas()
    if isinstance(node, list):
        return [_texts_as_objects(item) for item in node]
    if not isinstance(node, dict):
        return node
    node = {k: _texts_as_objects(v) for k, v in node.items()}
    options = node.get("anyOf")
    if isinstance(options, list) and mapping in options:
        kept = [TEXT_REF if o == mapping else o for o in options if o != plain]
        node.pop("anyOf")
        node = {**node, **kept[0]} if len(kept) == 1 else {**node, "anyOf": kept}
    if node.get("type") == "object" and "properties" in node:
        node["required"] = sorted(node["properties"])
    return node


def _staleness() -> dict[str, Any]:
    return _object({
        "stale": {"type": "boolean", "description": "Whether it is stale on the file's "
                  "`generated` date."},
        "reason": _nullable({"type": "string", "description": "Why it is stale, in "
                             "English; null when it is not."}),
        "due": _nullable({**DATE, "description": "The last day it is fresh: `review_by`, or "
                          "`updated` plus `limit_days`, whichever is earlier; null with "
                          "neither date."}),
        "days_overdue": _nullable({"type": "integer", "description": "Days from `due` to "
                                   "`generated`: positive when overdue, 0 or negative "
                                   "(days left) when not."}),
        "limit_days": {"type": "integer", "minimum": 1, "description": "After how many "
                       "days without an update its kind goes stale (hub.yml)."},
    }, "Computed staleness, as `playbook validate` and the audit judge it.")


def _relations(folder: str) -> dict[str, Any]:
    kind = KINDS[folder]
    refers_to = {ref.field: _object({"kind": {"const": ref.target}, "ids": IDS})
                 for ref in kind.references if ref.target in KINDS}
    properties: dict[str, Any] = {
        "refers_to": _object(refers_to, "The ids each reference field of the entity "
                             "names, in its order, each once (`roles: all` names every "
                             "role)."),
        "referred_by": _map(_map(IDS, {"type": "string"}), {"enum": list(KINDS)},
                            "The entities naming this one: kind -> field -> their ids, "
                            "sorted."),
    }
    for extra in (e for k in KINDS.values() for e in k.exports if folder in e.kinds):
        properties[extra.name] = extra.schema
    return _object(properties)


def _entity(folder: str, model_ref: dict[str, Any]) -> dict[str, Any]:
    kind = KINDS[folder]
    return _object({
        "id": ID,
        "source": {"type": "string", "description": "Its file, relative to the hub."},
        "page": {"type": "null"} if kind.page_per_role else {
            "type": "string", "description": "Its page, relative to the site's root."},
        "data": {**model_ref, "description": "Every field of the file, defaults filled in."},
        "relations": _relations(folder),
        "staleness": {"$ref": "#/$defs/Staleness"} if can_go_stale(folder)
        else {"type": "null"},
    }, f"One of the {kind.plural}, by id.")


def _path() -> dict[str, Any]:
    module = _object({
        "key": {"type": "string", "description": "The onboarding module's id, or "
                "`generated-...` for a module made from the data."},
        "title": TEXT_REF,
        "body": _nullable(TEXT_REF),
        "hours": {"type": "number"},
        "group": {"type": "string", "description": _one_of(path_groups())},
        "generated": {"type": "boolean"},
        "source": _nullable({"type": "string", "description": "The file of an authored "
                             "module."}),
        "after": IDS,
        "needed_by": {"type": "array", "items": TEXT_REF, "description": "Titles of the "
                      "modules it is on the path for, when only a prerequisite."},
        "links": {"type": "array", "items": _object({"kind": {"enum": list(KINDS)},
                                                     "id": ID})},
        "tasks": {"type": "array", "items": _object({
            "key": {"type": "string", "description": "The checkbox's stable id."},
            "about": _nullable({"type": "string", "description": "What a generated task "
                                "is about, such as `collateral:<id>`."}),
            "text": TEXT_REF})},
        "checks": {"type": "array", "items": _object({
            "key": {"type": "string", "description": "The check's stable id."},
            "check": {"$ref": "#/$defs/Check"}})},
    })
    week = _object({"first": {"type": "integer"}, "last": {"type": "integer"},
                    "hours": {"type": "number"}, "modules": {
                        "type": "array", "items": {"type": "string"},
                        "description": "The keys of its modules, in order."}})
    return _object({
        "role": ID,
        "page": {"type": "string"},
        "hours": {"type": "number"},
        "hours_per_week": {"type": "number"},
        "week_count": {"type": "integer"},
        "weeks": {"type": "array", "items": week},
        "modules": {"type": "array", "items": module},
    }, "A role's onboarding path, as the site of the hub's default language shows it; a "
       "text made by the generator is given in each language whose path has it.")


def schema() -> dict[str, Any]:
    models = [(kind.model, "validation") for kind in KINDS.values()] + [(Hub, "validation")]
    refs, defs = models_json_schema(models, ref_template="#/$defs/{model}")
    model_defs = _texts_as_objects(defs["$defs"])
    for model, names in STRING_TEXTS.items():
        for name in names:
            field = model_defs[model]["properties"][name]
            model_defs[model]["properties"][name] = {
                "title": field.get("title", name), "default": None,
                **_nullable({"type": "string", "minLength": 1}),
                "description": "In the hub's default language (a string since 1.0)."}
    _, mapping = _text_schemas()
    kind_info = _object({
        "singular": {"type": "string"}, "plural": {"type": "string"},
        "count": {"type": "integer", "minimum": 0},
        "references": _map({"type": "string"}, {"type": "string"},
                           "Reference field -> the kind (or hub.yml list) it names."),
        "can_go_stale": {"type": "boolean"}})
    return {
        "$schema": SCHEMA_DRAFT,
        "$id": f"playbook-hub/{JSON_FILE}",
        "title": f"{JSON_FILE}: the whole hub",
        "description": "What `playbook export --format json` writes and a build publishes "
                       "as site/playbook.json: every entity with its fields, source file, "
                       "relations both ways and staleness, and every role's onboarding "
                       "path. Documented in docs/format.md.",
        **_object({
            "format": {"const": FORMAT},
            "schema_version": {"type": "string", "pattern": r"^1\.[0-9]+$",
                               "description": "1.x: a minor version only adds fields."},
            "generator": _object({"name": {"type": "string"}, "version": {"type": "string"}}),
            "generated": {**DATE, "description": "The date of the export, on which "
                          "staleness is judged."},
            "hub": _object({"source": _nullable({"type": "string"}),
                            "default_language": {"type": "string", "pattern": LANG_PATTERN},
                            "data": refs[(Hub, "validation")]}, "hub.yml, defaults filled in."),
            "kinds": _object({folder: kind_info for folder in KINDS}),
            "entities": _object({folder: _map(_entity(folder, refs[(kind.model, "validation")]))
                                 for folder, kind in KINDS.items()},
                                "Per kind, its entities by id."),
            "onboarding_paths": _map(_path(), description="Per role id, its path."),
        }),
        "$defs": {**model_defs, "Text": {**mapping, "description": "A text per language code."},
                  "Staleness": _staleness()},
    }
