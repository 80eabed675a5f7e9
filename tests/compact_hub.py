"""The compact sample: the sample hub of this repository cut down to a few entities of each
kind and a few languages, for the tests that build or render a whole hub again and again
(the incremental plan's edits, ProperDocs, `playbook generate` without the plugin).

It is the sample's own files, not a hub written apart: every kind, every reference field
and every template the sample uses, with its words and its seed articles, at a third of its
pages. Which entities stay: those the hand-written pages link to, the first and the last of
each kind (the files the incremental test edits), a few picked to keep each reference field
used, whatever a kept entity names in a field that holds one id (its manager, the role
accountable), and the first id of a list of which none would be kept: entities are added
until nothing kept names one that is not. A list of ids loses the ids of entities left
out.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import yaml

from conftest import REPO

#: Entities kept besides the first and last of each kind, by kind: what the hand-written
#: pages link to, what the tests name (the Urdu and Hungarian seeds, a metric), and what
#: keeps every reference field and word of the sample in use (a play's competitors and
#: objections, a responsibility of each area, a knowledge check).
KEEP = {
    "roles": {"account-executive", "account-manager", "sales-development-rep",
              "marketing-manager", "content-writer"},
    "collateral": {"pricing-and-packaging", "northwind-product-guide", "discovery-call-script",
                   "sales-and-marketing-roles-ur", "lead-qualification-checklist-hu",
                   "legacy-bi-battlecard", "harborline-retail-case-study"},
    "plays": {"displace-a-legacy-bi-suite"},
    "metrics": {"close-rate"},
    "responsibilities": {"lead-qualification", "deal-closing", "performance-reporting"},
    "onboarding": {"discovery-calls"},  # (a module with a knowledge check)
}

#: The languages kept: English, one written right to left, one more written left to right.
LANGUAGES = ("en", "ur", "hu")


def compact_sample(root: Path, languages: tuple[str, ...] = LANGUAGES) -> Path:
    """Write the compact sample into ``root`` (its mkdocs.yml, content/ and playbook/)."""
    from playbook.kinds import refs
    from playbook.validate import REFERENCES
    from playbook.yaml_loader import SAFE_DUMPER, safe_data

    root.mkdir(parents=True, exist_ok=True)
    shutil.copy(REPO / "mkdocs.yml", root / "mkdocs.yml")
    shutil.copytree(REPO / "content", root / "content")
    shutil.copytree(REPO / "playbook", root / "playbook")
    pb = root / "playbook"
    data = {kind: {p.stem: safe_data(p.read_text(encoding="utf-8"))
                   for p in sorted((pb / kind).glob("*.yml"))} for kind in REFERENCES}
    kept = {kind: {*KEEP.get(kind, ()), *([*ids][:1] + [*ids][-1:])}
            for kind, ids in data.items()}
    changed = True
    while changed:  # what a kept entity names in a field of one id is kept too
        changed = False
        for kind, fields in REFERENCES.items():
            for id in sorted(kept[kind]):
                for spec, target in fields:
                    if target not in data:
                        continue
                    ids = [ref for _, ref in refs(data[kind][id], spec)]
                    if "[]" in spec:  # a list keeps one of its ids at least
                        ids = ids[:1] if not kept[target] & set(ids) else []
                    for value in ids:
                        if value not in kept[target] and value in data[target]:
                            kept[target].add(value)
                            changed = True
    for kind, fields in REFERENCES.items():
        for id, entity in data[kind].items():
            path = pb / kind / f"{id}.yml"
            if id not in kept[kind]:
                path.unlink()
                continue
            for spec, target in fields:
                if target in data:
                    _drop(entity, spec, kept[target])
            path.write_text(yaml.dump(entity, Dumper=SAFE_DUMPER, allow_unicode=True,
                                      sort_keys=False), encoding="utf-8")
    hub = pb / "hub.yml"
    text = hub.read_text(encoding="utf-8")
    text = re.sub(r"^languages: \[.*\]$", f"languages: [{', '.join(languages)}]", text,
                  flags=re.M)
    hub.write_text(text, encoding="utf-8")
    for folder in (root / "content").iterdir():
        if folder.is_dir() and len(folder.name) == 2 and folder.name not in languages:
            shutil.rmtree(folder)
    for catalog in (pb / "i18n").glob("*.yml"):
        if catalog.stem not in languages:
            catalog.unlink()
    return root


def _drop(entity: dict, spec: str, kept: set[str]) -> None:
    """Leave out of ``entity`` the ids at ``spec`` that are not ``kept``: from a list of ids,
    the id; an entry of a list (a handoff, a step) whose one id is left out, the entry; a
    field of one id, the field."""
    from playbook.kinds import refs

    gone = {path for path, id in refs(entity, spec) if id not in kept}
    for path in sorted(gone, reverse=True):  # (later items first: the indexes stay right)
        *parent, last = path
        if isinstance(last, str) and parent and isinstance(parent[-1], int):
            *parent, last = parent  # the entry holding it
        container = entity
        for step in parent:
            container = container[step]
        del container[last]
