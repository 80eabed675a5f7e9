"""The package's layout, as issue 33 asks of it: modules import one another one way only,
imports inside functions counted (a cycle hidden in a function still ties the two modules
together, and breaks when either moves)."""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[1] / "plugins" / "playbook"


def modules() -> dict[str, Path]:
    found = {}
    for path in PACKAGE.rglob("*.py"):
        parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
        name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
        found[name] = path
    return found


def imports(name: str, path: Path, known: dict[str, Path]) -> set[str]:
    """The package's modules that ``name`` imports anywhere in its file (type-checking
    blocks included)."""
    package = name.split(".") if path.name == "__init__.py" else name.split(".")[:-1]
    out = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom):
            base = package[:len(package) - node.level + 1] if node.level else []
            target = ".".join(base + ([node.module] if node.module else []))
            for alias in node.names:
                full = f"{target}.{alias.name}"
                out.add(full if full in known else target)
        elif isinstance(node, ast.Import):
            out |= {alias.name for alias in node.names}
    return {m for m in out if m in known and m != name}


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The groups of modules that import one another (strongly connected, more than one)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    found: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        for other in sorted(graph[node]):
            if other not in index:
                visit(other)
                low[node] = min(low[node], low[other])
            elif other in stack:
                low[node] = min(low[node], index[other])
        if low[node] == index[node]:
            group = []
            while True:
                member = stack.pop()
                group.append(member)
                if member == node:
                    break
            if len(group) > 1:
                found.append(sorted(group))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return found


def test_no_module_of_the_package_imports_one_that_imports_it_back():
    known = modules()
    graph = {name: imports(name, path, known) for name, path in known.items()}
    assert "playbook.pipeline" in graph["playbook.adapter.plugin"]  # (the imports are read)
    assert cycles(graph) == []


def test_the_check_finds_a_cycle_hidden_in_a_function(tmp_path):
    (tmp_path / "a.py").write_text("import os\n\ndef f():\n    from .b import x\n")
    known = {"playbook.a": tmp_path / "a.py", "playbook.b": tmp_path / "b.py"}
    assert imports("playbook.a", known["playbook.a"], known) == {"playbook.b"}
    graph = {"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}
    assert cycles(graph) == [["a", "b", "c"]]


def test_every_kind_that_goes_stale_has_what_staleness_reads():
    """A kind's staleness policy is its registry entry: the hub.yml setting of its days, and
    the fields the one rule of staleness reads (`updated`, `review_by`) and the review
    queues group by (`owner`)."""
    from playbook.kinds import KINDS
    from playbook.model import Hub

    stale = {folder: kind for folder, kind in KINDS.items() if kind.stale_after}
    assert set(stale) == {"collateral", "plays", "competitors", "objections"}
    for folder, kind in stale.items():
        assert kind.stale_after in Hub.model_fields, folder
        assert {"updated", "review_by", "owner"} <= set(kind.model.model_fields), folder
        assert kind.stale_word and kind.review_word, folder


def test_no_module_of_the_package_is_over_400_lines():
    """A module has one job; one that grows past 400 lines has taken a second."""
    long = {name: n for name, path in modules().items()
            if (n := len(path.read_text(encoding="utf-8").splitlines())) > 400}
    assert long == {}


def test_the_browser_script_is_its_parts_one_feature_each():
    """Issue 33: playbook.js is assembled from assets/script/*.js, one feature each (no
    part over 300 lines), by `python scripts/assemble_script.py`; it may not drift from
    them. Each part is plain JavaScript that chromium parses once joined (the browser
    tests run the joined file)."""
    assets = PACKAGE / "assets"
    parts = sorted((assets / "script").glob("*.js"))
    assert len(parts) >= 8
    joined = "".join(p.read_text(encoding="utf-8") for p in parts)
    assert (assets / "playbook.js").read_text(encoding="utf-8") == joined, \
        "assets/playbook.js differs from its parts: run python scripts/assemble_script.py"
    long = {p.name: n for p in parts if (n := len(p.read_text(encoding="utf-8").splitlines()))
            > 300}
    assert long == {}


def test_the_reference_is_made_from_the_models_and_is_current():
    """docs/reference.md is what the models say (issue 34): every field of hub.yml and of
    every kind, with its type, whether it is required, its default, what it names and what
    it means, and an example file of each kind; `python scripts/reference.py` writes it."""
    from playbook import reference
    from playbook.kinds import KINDS

    text = reference.markdown()
    written = (PACKAGE.parents[1] / "docs" / "reference.md").read_text(encoding="utf-8")
    assert written == text, "docs/reference.md is not current: run python scripts/reference.py"
    for folder, kind in KINDS.items():
        section = text.split(f"\n## {folder}\n", 1)[1].split("\n## ", 1)[0]
        rows = [line.split(" | ") for line in section.splitlines() if line.startswith("| `")]
        for name in kind.model.model_fields:
            assert f"| `{name}` |" in section, (folder, name)
        assert all(row[-1].strip(" |") for row in rows), (folder, "a field means nothing")
        for ref in kind.references:
            if "." not in ref.field:  # (a top-level field names its target in its row)
                row = next(r for r in rows if r[0] == f"| `{ref.name}`")
                assert ref.target in row[4] or "hub.yml" in row[4], (folder, ref.field)
        assert "A new file, as `playbook new` writes it:\n\n```yaml\n" in section, folder


def test_the_reference_documents_every_field_of_every_kind():
    """docs/format.md cannot drift from the models (issue 34): each field of each kind is
    a row of its section's tables, nested lists (a play's steps, a module's checks)
    included."""
    import re

    from playbook.kinds import KINDS
    from playbook.kinds.onboarding import Check

    reference = (PACKAGE.parents[1] / "docs" / "format.md").read_text(encoding="utf-8")
    sections = re.split(r"^#{2,3} ", reference, flags=re.M)
    for folder, kind in KINDS.items():
        text = "\n".join(s for s in sections if f"{folder}/<id>.yml" in s.splitlines()[0]
                         or f"`{folder}/<id>.yml`:" in s)
        assert text, f"docs/format.md has no section for {folder}/<id>.yml"
        rows = {name.strip() for line in text.splitlines() if line.startswith("| ")
                for name in line.split("|")[1].split(",")}
        fields = set(kind.model.model_fields) | (set(Check.model_fields)
                                                 if folder == "onboarding" else set())
        assert fields - rows == set(), f"{folder}: not in docs/format.md"
