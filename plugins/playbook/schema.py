"""JSON Schemas of the playbook kinds, made from the same models that validate.

Editors use them to complete and check fields as you type (the YAML extension of VS Code
and other editors that speak the yaml-language-server protocol). They cover what one file
can say; whether the ids it names exist is checked by `playbook validate`.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from .catalog import messages
from .data_export_schema import SCHEMA_DRAFT
from .data_export_schema import schema as export_schema
from .kinds import HUB_LISTS, KINDS
from .hub_model import Hub
from .sources import CATALOGS
from .text import LANG_PATTERN


def schema_name(kind: str) -> str:
    """The file name of a kind's schema: ``roles.schema.json``; ``hub.schema.json``."""
    return f"{kind or 'hub'}.schema.json"


#: The schema of `playbook export --format json` (site/playbook.json), not of a hub file.
EXPORT_SCHEMA = "export.schema.json"


def schemas(hub: Hub | None = None) -> dict[str, dict[str, Any]]:
    """File name -> schema, for hub.yml, each kind, the word catalogs and the JSON
    export. With a ``hub`` (its hub.yml), each kind's schema allows only that hub's teams,
    collateral types and languages, so that an editor flags any other."""
    out = {schema_name(""): _schema(Hub, "hub.yml", "Settings of the whole hub.")}
    for folder, kind in KINDS.items():
        doc = (kind.model.__doc__ or "").strip().splitlines()[0]
        one = {**_schema(kind.model, f"{folder}/<id>.yml", doc), **kind.schema}
        out[schema_name(folder)] = _for_hub(one, folder, hub) if hub is not None else one
    out[schema_name(CATALOGS)] = _catalog_schema()
    out[EXPORT_SCHEMA] = export_schema()
    return out


def _for_hub(schema: dict[str, Any], folder: str, hub: Hub) -> dict[str, Any]:
    """``schema`` of a kind, with the hub's own lists where the format says "one of the
    hub's": teams, collateral types, objection categories (the kind's references to them) and languages (every
    language code, the keys of texts included)."""
    allowed = {target: list(getattr(hub, setting)) for target, (setting, _) in HUB_LISTS.items()}
    properties = schema.get("properties", {})
    for ref in KINDS[folder].references:
        if ref.target in allowed and ref.field == ref.name and ref.name in properties:
            prop = properties[ref.name]
            prop["enum"] = allowed[ref.target]
            prop["description"] = (prop.get("description", "").rstrip(".")
                                   + ": " + ", ".join(allowed[ref.target]) + ".")

    def languages(node: Any) -> Any:
        if isinstance(node, dict):
            if node.get("pattern") == LANG_PATTERN:
                node = {k: v for k, v in node.items() if k != "pattern"}
                node["enum"] = list(hub.languages)
            return {k: languages(v) for k, v in node.items()}
        if isinstance(node, list):
            return [languages(v) for v in node]
        return node

    # An item's own `language` may be any language (a Bengali case study in a hub whose
    # sites are English and Urdu), as `playbook validate` says: only the keys of its texts
    # are the hub's languages.
    own = properties.get("language")
    out = languages(schema)
    if own is not None:
        out["properties"]["language"] = own
    return out


def _catalog_schema() -> dict[str, Any]:
    """``i18n/<lang>.yml``: our messages (so an editor completes them), each to its word;
    other keys are the labels of the hub's own ids (a team ``partners``: ``Partners``)."""
    return {
        "$schema": SCHEMA_DRAFT, "$id": f"playbook-hub/{CATALOGS}/<lang>.yml",
        "title": f"{CATALOGS}/<lang>.yml",
        "description": "The hub's own words for the generated pages in one language: each "
                       "message of ours (English) to its translation. Empty: not translated.",
        "type": ["object", "null"],
        "properties": {message: {"type": ["string", "null"]} for message in messages()},
        "additionalProperties": {"type": ["string", "null"]},
    }


#: What each field means (from the format's tables), for fields whose model gives none.
FIELD_DOCS = {
    "title": "The name shown on pages: text, or a mapping of language code to text.",
    "summary": "What it is for, in Markdown: text, or a mapping of language code to text.",
    "definition": "What it means, in Markdown: text, or language code to text.",
    "description": "More about it, in Markdown: text, or language code to text.",
    "body": "The module's content, in Markdown: text, or language code to text.",
    "name": "The hub's name.",
    "focus": "short-term (sales) or long-term (marketing).",
    "area": "A grouping, e.g. planning, execution, follow-up, analytics.",
    "temperature": "cold, warm or hot.",
    "owner_team": "One of the hub's teams.",
    "criteria": "How a lead qualifies: a list of text.",
    "timeline": "The typical buying timeline.",
    "next": "Lead-type ids where it can move next.",
    "channel": "online, offline or referral.",
    "produces": "Lead-type ids this source produces.",
    "formula": "How it is computed.",
    "unit": "e.g. %, days, USD.",
    "better": "higher or lower.",
    "target": "The target value.",
    "type": "One of the hub's collateral types (hub.yml collateral_types).",
    "url": "An http or https address. Give either url or file.",
    "file": "A path relative to the docs folder (content/). Give either url or file.",
    "audience": "Role ids it is meant for (at least one).",
    "stages": "Lead-type ids: the funnel stages it serves.",
    "language": "Language code of the item, default the hub's.",
    "owner": "Who keeps it current.",
    "version": "The item's version, e.g. \"2.1\" (quote it).",
    "updated": "Date of the last update, YYYY-MM-DD.",
    "review_by": "Date by which it must be reviewed, YYYY-MM-DD.",
    "tags": "Free words.",
    "roles": "Role ids whose paths include it, or all.",
    "after": "Onboarding module ids that come first.",
    "hours": "Estimated effort in hours.",
    "tasks": "Checklist items: a list of text.",
    "collateral": "Collateral ids.",
    "responsible": "Role ids that do the work (at least one).",
    "consulted": "Role ids that give input.",
    "informed": "Role ids kept up to date.",
    "metrics": "Metric ids.",
}


def field_doc(name: str, info: Any) -> str:
    """What a field means: as its model says (``info``: pydantic's FieldInfo), else in
    general (FIELD_DOCS). The schemas, `playbook new` and the reference all say this."""
    return info.description or FIELD_DOCS.get(name, "")


def _text_scalars(node: Any) -> Any:
    """Plain text fields also take numbers and booleans, which the validator keeps as text."""
    if isinstance(node, dict):
        if node.get("type") == "string" and "format" not in node and "pattern" not in node:
            node = {**node, "type": ["string", "number", "boolean"]}
        return {k: _text_scalars(v) for k, v in node.items()}
    if isinstance(node, list):
        return [_text_scalars(v) for v in node]
    return node


def _schema(model: type, title: str, description: str) -> dict[str, Any]:
    schema = model.model_json_schema(mode="validation")
    for name, prop in schema.get("properties", {}).items():
        if "description" not in prop and name in FIELD_DOCS:
            prop["description"] = FIELD_DOCS[name]
    schema = _text_scalars(schema)
    schema = {"$schema": SCHEMA_DRAFT, "$id": f"playbook-hub/{title}", **schema}
    schema["title"] = title
    schema["description"] = description.rstrip(".") + ". The id is the file name."
    return schema


def write(out: Path, hub: Hub | None = None) -> list[Path]:
    out.mkdir(parents=True, exist_ok=True)
    written = []
    for name, schema in schemas(hub).items():
        path = out / name
        path.write_text(json.dumps(schema, indent=2, ensure_ascii=False) + "\n",
                        encoding="utf-8")
        written.append(path)
    return written


def vscode_settings(schema_dir: str, data_dir: str = "playbook") -> dict[str, Any]:
    """`.vscode/settings.json` mapping each schema to its files."""
    mapping = {f"./{schema_dir}/{schema_name('')}": [f"{data_dir}/hub.yml", f"{data_dir}/hub.yaml"]}
    for folder in [*KINDS, CATALOGS]:
        mapping[f"./{schema_dir}/{schema_name(folder)}"] = [
            f"{data_dir}/{folder}/*.yml", f"{data_dir}/{folder}/*.yaml"]
    return {"yaml.schemas": mapping}


def write_vscode_settings(editor: Path, schema_dir: str, data_dir: str = "playbook") -> None:
    """Write :func:`vscode_settings` into ``editor`` (a `.vscode/settings.json`), kept with
    what else it sets."""
    editor.parent.mkdir(exist_ok=True)
    current = json.loads(editor.read_text()) if editor.is_file() else {}
    current.update(vscode_settings(schema_dir, data_dir))
    editor.write_text(json.dumps(current, indent=2) + "\n")
