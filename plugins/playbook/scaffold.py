"""`playbook new KIND ID`: a new file with every required field, explained."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

from typing import Any, Literal, get_args, get_origin

from pydantic import BaseModel

from .kinds import COLLATERAL_TYPE, KINDS, TEAM
from .playbook import Playbook
from .schema import FIELD_DOCS, schema_name
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


def _first(ids, fallback: str) -> str:
    ids = sorted(ids)
    return ids[0] if ids else fallback


def content(folder: str, id: str, pb: Playbook, today: dt.date, examples: bool = True) -> str:
    """The YAML of a new entity: required fields filled with examples, optional ones
    commented out, each with what it means."""
    role = _first(pb.roles, "account-executive")
    stage = pb.funnel[0].id if pb.funnel else "warm"
    name = id.replace("-", " ").capitalize()
    required: dict[str, list[tuple[str, str]]] = {
        "roles": [("title", name), ("summary", "|\n  What this role is for, in two or three "
                  "sentences."), ("team", pb.hub.teams[0])],
        "responsibilities": [("title", name), ("accountable", role),
                             ("responsible", f"[{role}]")],
        "lead-types": [("title", name), ("definition", "What makes a lead this type."),
                       ("order", str(max((lt.order for lt in pb.lead_types.values()),
                                         default=0) + 10))],
        "lead-sources": [("title", name), ("channel", "online")],
        "metrics": [("title", name), ("definition", "What it measures and why it matters.")],
        "collateral": [("title", name), ("summary", "|\n  What it is and when a rep uses it."),
                       ("type", pb.hub.collateral_types[0]),
                       ("url", f"https://example.com/{id}"), ("audience", f"[{role}]"),
                       ("owner", "Your name (your team)")],
        "onboarding": [("title", name), ("roles", "all"), ("hours", "2")],
        "plays": [("title", name), ("summary", "|\n  When to run this play, and why it works."),
                  ("stages", f"[{stage}]"), ("roles", f"[{role}]"),
                  ("steps", f"[{{title: The first thing to do, owner: {role}}}, "
                   "{title: The next thing to do}]"),
                  ("owner", "Your name (your team)")],
        "competitors": [("title", name), ("summary", "|\n  How they position themselves, "
                         "and to whom."), ("owner", "Your name (your team)")],
    }
    optional: dict[str, list[tuple[str, str]]] = {
        "roles": [("aka", "[Other title]"), ("reports_to", role), ("focus", "short-term"),
                  ("works", f"[{stage}]"), ("kpis", f"[{_first(pb.metrics, 'close-rate')}]"),
                  ("skills", "[Negotiation]"), ("owner", "Your name (your team)")],
        "responsibilities": [("description", "What the responsibility covers."),
                             ("area", "execution"), ("consulted", "[]"), ("informed", "[]"),
                             ("metrics", "[]"), ("collateral", "[]")],
        "lead-types": [("temperature", "warm"), ("owner_team", pb.hub.teams[0]),
                       ("criteria", "[]"), ("timeline", "About two months"), ("next", "[]")],
        "lead-sources": [("description", "Where these leads come from."),
                         ("produces", f"[{stage}]"), ("owner_team", pb.hub.teams[0])],
        "metrics": [("formula", "won / worked"), ("unit", "'%'"), ("better", "higher"),
                    ("target", "25%")],
        "collateral": [("stages", f"[{stage}]"), ("language", pb.default_language),
                       ("version", '"1.0"'), ("updated", today.isoformat()),
                       ("review_by", _a_year_after(today)),
                       ("tags", "[]")],
        "onboarding": [("after", "[]"), ("body", "What the new rep learns here."),
                       ("tasks", "[]"), ("collateral", "[]")],
        "plays": [("trigger", "The situation that starts the play."),
                  ("talk_track", "What to say, in Markdown."),
                  ("questions", "[What would change if you solved this?]"),
                  ("objections", '[{objection: "We have no budget.", response: "Ask what '
                   'the problem costs them today."}]'),
                  ("exit_criteria", "[The next meeting is booked.]"),
                  ("metrics", f"[{_first(pb.metrics, 'close-rate')}]"),
                  ("competitors", f"[{_first(pb.competitors, 'a-competitor')}]"),
                  ("updated", today.isoformat()), ("review_by", _a_year_after(today)),
                  ("language", pb.default_language)],
        "competitors": [("website", "https://example.com"),
                        ("strengths", "[Where they are strong]"),
                        ("weaknesses", "[Where they are weak]"),
                        ("why_we_win", "[Why buyers choose us over them]"),
                        ("landmines", "[A question that exposes a weakness of theirs]"),
                        ("objections", '[{objection: "They are cheaper.", response: "Compare '
                         'the cost of the first year, services included."}]'),
                        ("proof", f"[{_first(pb.collateral, 'a-case-study')}]"),
                        ("updated", today.isoformat()), ("review_by", _a_year_after(today))],
    }
    if folder not in required or not examples:  # no examples of its own: from its model
        required[folder], optional[folder] = from_model(folder, name, pb, today)
    lines = [f"# yaml-language-server: $schema=../../schemas/{schema_name(folder)}",
             f"# A {KINDS[folder].singular}: its id is the file name, '{id}'.",
             "# Required fields come first; remove the '# ' of an optional field to use it.",
             "# Check it with: playbook validate", ""]
    for key, value in required[folder]:
        lines.append(f"# {_doc(folder, key) or key}")
        lines.append(f"{key}: {value}")
    lines.append("")
    lines.append("# Optional")
    for key, value in optional[folder]:
        lines.append(f"# {key}: {value}".replace("\n", "\n# ") + f"    # {_doc(folder, key)}".rstrip(" #"))
    return "\n".join(lines) + "\n"


def _a_year_after(today: dt.date) -> str:
    if today.month == 2 and today.day == 29:
        return (today + dt.timedelta(days=365)).isoformat()
    return today.replace(year=today.year + 1).isoformat()


def _doc(folder: str, key: str) -> str:
    """What a field means: in general (FIELD_DOCS), or as the kind's model says, for the
    fields of plays and battlecards whose names other kinds use differently (`roles`)."""
    if folder in ("plays", "competitors"):
        info = KINDS[folder].model.model_fields.get(key)
        if info is not None and info.description:
            return info.description
    return FIELD_DOCS.get(key, "")


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
        if target == TEAM:
            first = pb.hub.teams[0] if pb.hub.teams else "sales"
        elif target == COLLATERAL_TYPE:
            first = pb.hub.collateral_types[0] if pb.hub.collateral_types else "deck"
        else:
            first = _first(pb.entities.get(target, {}), "example")
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
    target.write_text(content(folder, id, pb, today), encoding="utf-8")
    return target
