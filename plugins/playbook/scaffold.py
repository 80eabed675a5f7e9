"""`playbook new KIND ID`: a new file with every required field, explained."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

from typing import Any, Literal, get_args, get_origin

from pydantic import BaseModel

from .kinds import HUB_LISTS, KINDS, Example
from .playbook import Playbook
from .schema import FIELD_DOCS, field_doc, schema_name
from .sources import ID_RE

ALIASES = {alias: f for f, k in KINDS.items()
           for alias in (k.singular.replace(" ", "-"), *k.aliases)}


class ScaffoldError(Exception):
    pass


def kind_folder(kind: str) -> str:
    kind = kind.lower()
    if kind in KINDS:
        return kind
    if kind in ALIASES:
        return ALIASES[kind]
    raise ScaffoldError(f"unknown kind '{kind}': expected one of {', '.join(KINDS)}")


def content(folder: str, id: str, pb: Playbook, today: dt.date, examples: bool = True,
            schema: bool = True) -> str:
    """The YAML of a new entity: required fields filled with examples (the kind's own, from
    the registry, or made from its model), optional ones commented out, each with what it
    means."""
    kind = KINDS[folder]
    if kind.example is not None and examples:
        required, optional = kind.example(Example(id, pb, today))
    else:
        required, optional = from_model(folder, id.replace("-", " ").capitalize(), pb, today)
    lines = [f"# yaml-language-server: $schema=../../schemas/{schema_name(folder)}"] \
        if schema else []
    lines += [f"# {_a(KINDS[folder].singular)}: its id is the file name, '{id}'.",
             "# Required fields come first; remove the '# ' of an optional field to use it.",
             "# Check it with: playbook validate", ""]
    for key, value in required:
        lines.append(f"# {_doc(folder, key) or key}")
        lines.append(f"{key}: {value}")
    lines.append("")
    lines.append("# Optional")
    for key, value in optional:
        lines.append(f"# {key}: {value}".replace("\n", "\n# ") + f"    # {_doc(folder, key)}".rstrip(" #"))
    return "\n".join(lines) + "\n"


def _a(noun: str) -> str:
    """``noun`` with its indefinite article: "A role", "An objection"."""
    return ("An " if noun[:1].lower() in "aeiou" else "A ") + noun


def _doc(folder: str, key: str) -> str:
    """What a field of a kind means (:func:`playbook.schema.field_doc`)."""
    info = KINDS[folder].model.model_fields.get(key)
    return field_doc(key, info) if info is not None else FIELD_DOCS.get(key, "")


def from_model(folder: str, name: str, pb: Playbook, today: dt.date
               ) -> tuple[list[tuple[str, str]], list[tuple[str, str]]]:
    """Required and optional fields of a kind, with example values made from its model and
    its registry entry (a reference names the first entity of its target): what `playbook
    new` writes for a kind that has no hand-written examples."""
    # fields that name entities themselves (`stages[]`), not through items (`steps[].owner`)
    targets = {ref.name: ref.target for ref in KINDS[folder].references
               if "." not in ref.field}
    required, optional = [], []
    for field, info in KINDS[folder].model.model_fields.items():
        if field.startswith("_"):
            continue
        value = _example(field, info.annotation, targets.get(field), name, pb, today)
        (required if info.is_required() else optional).append((field, value))
    return required, optional


def _example(field: str, annotation: Any, target: str | None, name: str, pb: Playbook,
             today: dt.date) -> str:
    text = str(annotation)
    listed = text.startswith(("list", "typing.List")) or "list[" in text
    if target is not None:
        if target in HUB_LISTS:
            first = getattr(pb.hub, HUB_LISTS[target][0])[0]
        else:
            first = Example("example", pb, today).first(target, "example")
        return f"[{first}]" if listed else first
    item = get_args(annotation)[0] if listed and get_args(annotation) else None
    if listed and isinstance(item, type) and issubclass(item, BaseModel):
        # a list of mappings (a play's steps): one item with its required fields
        needed = [(name, _example(name, info.annotation, None, name.capitalize(), pb, today))
                  for name, info in item.model_fields.items() if info.is_required()]
        return "[{" + ", ".join(f"{name}: {value}" for name, value in needed) + "}]"
    if listed:
        return "[]"
    if field == "title":
        return name
    choices = get_args(annotation)
    if get_origin(annotation) is Literal and choices:
        return str(choices[0])
    for kind, example in ((bool, "false"), (int, "1"), (float, "1"),
                          (dt.date, today.isoformat())):
        if annotation is kind:
            return example
    return json.dumps(f"Write the {field.replace('_', ' ')} here.")


def new_file(data_dir: Path, kind: str, id: str, pb: Playbook, today: dt.date) -> Path:
    folder = kind_folder(kind)
    if not ID_RE.match(id):
        raise ScaffoldError(f"'{id}' is not a valid id: use lowercase letters, digits and "
                            "single hyphens, such as 'account-executive'")
    target = data_dir / folder / f"{id}.yml"
    for suffix in (".yml", ".yaml"):
        existing = data_dir / folder / f"{id}{suffix}"
        if existing.exists():
            raise ScaffoldError(f"{existing} already exists: edit it, or choose another id")
    target.parent.mkdir(parents=True, exist_ok=True)
    # The editors' schema, named only where the hub has it (`playbook schema` writes it).
    schema = (data_dir.parent / "schemas" / schema_name(folder)).is_file()
    target.write_text(content(folder, id, pb, today, schema=schema), encoding="utf-8")
    return target
