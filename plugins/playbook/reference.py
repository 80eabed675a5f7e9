"""The format reference, made from the models and the registry of kinds: every field of
hub.yml and of every kind (its type, whether it is required, its default, what it names and
what it means) and an example file of each kind, as `playbook new` writes it. It is
`docs/reference.md` (`python scripts/reference.py` writes it, and `make test` fails when it
is not current), so the reference cannot drift from what `playbook validate` accepts."""

from __future__ import annotations

import datetime as dt
import types
from pathlib import Path
from typing import Any, Literal, Union, get_args, get_origin

from pydantic import BaseModel
from pydantic_core import PydanticUndefined

from .kinds import HUB_LISTS, KINDS
from .hub_model import Hub
from .playbook import Playbook
from .scaffold import content
from .schema import field_doc
from .text import LocalizedText

#: The date of the examples (a fixed one, so the reference changes only with the format).
EXAMPLE_DATE = dt.date(2026, 1, 15)

HEADER = """# Format reference

Every field of `hub.yml` and of each kind of file, made from the models that `playbook
validate` checks files against (`python scripts/reference.py` writes this page; `make test`
fails when it is not current). What the fields mean together, and the rules across files,
are in [the format](format.md).

- **text**: a string in the hub's default language, or a mapping of language code to
  string (`{en: Sales rep, ur: سیلز نمائندہ}`); where it says *Markdown*, Markdown too.
- **id**: the id of another file (its name without `.yml`); *names* says of which kind.
- A field that is not required may be left out; its default applies.
"""


def markdown() -> str:
    """The whole reference, as Markdown."""
    out = [HEADER]
    out += _model_section("hub.yml", Hub, {}, None)
    pb = _empty_playbook()
    for folder, kind in KINDS.items():
        targets = {ref.field.replace("[]", ""): ref.target for ref in kind.references}
        example = content(folder, "example", pb, EXAMPLE_DATE, schema=False)
        out += _model_section(folder, kind.model, targets, example)
    return "\n".join(out).rstrip("\n") + "\n"


def write(path: Path) -> bool:
    """Write the reference to ``path``; whether it changed."""
    text = markdown()
    if path.is_file() and path.read_text(encoding="utf-8") == text:
        return False
    path.write_text(text, encoding="utf-8")
    return True


def _empty_playbook() -> Playbook:
    here = Path(".")
    return Playbook(here, here / "playbook", here / "content", Hub(name="Example hub"))


def _model_section(title: str, model: type[BaseModel], targets: dict[str, str],
                   example: str | None) -> list[str]:
    doc = (model.__doc__ or "").strip().split("\n\n")[0].replace("\n", " ")
    out = [f"## {title}", ""]
    if doc:
        out += [_plain(doc), ""]
    nested: list[tuple[str, type[BaseModel], bool]] = []
    out += _table(model, "", targets, nested)
    while nested:
        prefix, inner, listed = nested.pop(0)
        out += ["", f"Each item of `{prefix}`:" if listed else f"The fields of `{prefix}`:", ""]
        out += _table(inner, prefix + ".", targets, nested)
    if example is not None:
        out += ["", "A new file, as `playbook new` writes it:", "", "```yaml",
                example.rstrip("\n"), "```"]
    return out + [""]


def _table(model: type[BaseModel], prefix: str, targets: dict[str, str],
           nested: list[tuple[str, type[BaseModel], bool]]) -> list[str]:
    rows = ["| Field | Type | Required | Default | Names | Meaning |",
            "|---|---|---|---|---|---|"]
    for name, info in model.model_fields.items():
        words, inner = _type(info.annotation)
        if inner is not None:
            nested.append((f"{prefix}{name}", inner, "list of" in words))
        target = targets.get(prefix + name)
        if target is not None:  # (a name of another file, or of a list of hub.yml)
            words = words.replace("list of text", "list of ids").replace("text", "id")
        meaning = field_doc(name, info)
        rows.append("| " + " | ".join([
            f"`{name}`", words, "yes" if info.is_required() else "",
            "" if info.is_required() else _default(info), _names(target),
            _plain(meaning)]) + " |")
    return rows


def _type(annotation: Any) -> tuple[str, type[BaseModel] | None]:
    """How a field's type reads, and the model of its items when they are mappings."""
    origin, args = get_origin(annotation), get_args(annotation)
    if origin in (Union, types.UnionType):
        options = [a for a in args if a is not type(None)]
        if len(options) == 1:
            return _type(options[0])
        said = [_type(a) for a in options]
        inner = next((m for _, m in said if m is not None), None)
        return ", or ".join(words for words, _ in said), inner
    if origin is Literal:
        return "one of " + ", ".join(f"`{a}`" for a in args), None
    if origin is list:
        words, inner = _type(args[0]) if args else ("value", None)
        return f"list of {words}", inner
    if origin is dict:
        return "mapping", None
    if get_origin(annotation) is not None and hasattr(annotation, "__metadata__"):
        return _type(args[0])
    if isinstance(annotation, type):
        if issubclass(annotation, BaseModel):
            return "mapping (below)", annotation
        if annotation is LocalizedText:
            return "text", None
        return {str: "text", int: "whole number", float: "number", bool: "true or false",
                dt.date: "date (YYYY-MM-DD)"}.get(annotation, annotation.__name__), None
    return str(annotation), None


def _default(info: Any) -> str:
    if info.default_factory is not None:
        value = info.default_factory()
    elif info.default is PydanticUndefined:
        return ""
    else:
        value = info.default
    if value is None or value == [] or value == {}:
        return ""
    if isinstance(value, BaseModel):
        return "(below)"
    if isinstance(value, list):
        return ", ".join(f"`{v}`" for v in value)
    return f"`{value}`"


def _names(target: str | None) -> str:
    if target is None:
        return ""
    if target in HUB_LISTS:
        return f"one of hub.yml's `{HUB_LISTS[target][0]}`"
    return f"[{target}](#{target})"  # (the anchor GitHub and MkDocs give its heading)


def _plain(text: str) -> str:
    return " ".join(text.replace("|", "\\|").replace("``", "`").split())
