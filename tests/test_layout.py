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
    from playbook.hub_model import Hub

    stale = {folder: kind for folder, kind in KINDS.items() if kind.stale_after}
    assert len(stale) >= 3  # (collateral, plays, battlecards and the kinds added since)
    for folder, kind in stale.items():
        assert kind.stale_after in Hub.model_fields, folder
        assert {"updated", "review_by", "owner"} <= set(kind.model.model_fields), folder
        assert kind.stale_word and kind.review_word, folder


#: Where a kind may be named: its own module, and the files `playbook init` writes (a hub
#: of their own). And the JSON keys the offline plan gives the browser (`roles`, by id).
NAMING_KINDS = ("kinds/", "starter.py")
DATA_KEYS = {("offline.py", "roles"), ("adapter/offline.py", "roles")}
#: Names under which code reaches the playbook (whose `pb.<kind>` is a kind by name).
PLAYBOOK_NAMES = {"pb", "playbook", "self.pb", "self.playbook"}


def kind_names(source: str, kinds: set[str]) -> list[tuple[int, str]]:
    """Where ``source`` names a kind in its code (docstrings and the keys of dict literals
    aside): a string that is a kind's folder (``"roles"``, ``"lead-types/"``), a kind's
    entities reached by name (``pb.roles``), or an import of a kind's module."""
    tree = ast.parse(source)
    skipped = set()
    for node in ast.walk(tree):
        body = getattr(node, "body", None)
        if isinstance(body, list) and body and isinstance(body[0], ast.Expr) \
                and isinstance(body[0].value, ast.Constant):
            skipped.add(id(body[0].value))  # a docstring
        if isinstance(node, ast.Dict):
            skipped |= {id(key) for key in node.keys if key is not None}
    found = []
    attributes = {k.replace("-", "_") for k in kinds}
    for node in ast.walk(tree):
        if isinstance(node, ast.Constant) and isinstance(node.value, str) \
                and id(node) not in skipped and node.value.strip("/") in kinds:
            found.append((node.lineno, repr(node.value)))
        elif isinstance(node, ast.Attribute) and node.attr in attributes \
                and ast.unparse(node.value) in PLAYBOOK_NAMES:
            found.append((node.lineno, ast.unparse(node)))
        elif isinstance(node, ast.ImportFrom) and node.module and any(
                node.module.endswith(f"kinds.{k.replace('-', '_')}") for k in kinds):
            found.append((node.lineno, f"import from {node.module}"))
    return found


def test_no_kind_is_named_outside_its_module():
    """Issue 33: the code asks the registry for what kinds do (what they add to paths, to
    the audit, to the export; which one a reader picks) and names none of them, so that a
    kind added later is everywhere by construction."""
    from playbook.kinds import KINDS

    kinds = set(KINDS)
    planted = 'def f(pb):\n    return pb.referring("plays", "roles"), pb.metrics\n'
    assert sorted(what for _, what in kind_names(planted, kinds)) == [
        "'plays'", "'roles'", "pb.metrics"]
    found = {}
    for name, path in modules().items():
        rel = path.relative_to(PACKAGE).as_posix()
        if rel.startswith(NAMING_KINDS):
            continue
        named = [(line, what) for line, what in kind_names(path.read_text(encoding="utf-8"),
                                                            kinds)
                 if (rel, what.strip("'")) not in DATA_KEYS]
        if named:
            found[rel] = named
    assert found == {}


def test_a_kind_is_found_and_brings_its_settings_and_styles():
    """A kind is its module (issue 33): the registry finds every module of the kinds
    package, hub.yml's model has each kind's settings (lists its references may name,
    settings that follow another, the hours of its modules on a path), a field of another
    kind that names it is among that kind's references, and the sites' stylesheet ends
    with each kind's own (test_objections has the library's)."""
    import pkgutil

    import playbook.kinds as registry
    from playbook.hub_model import Hub, OnboardingEffort
    from playbook.site_plan import stylesheet

    modules = {m.name for m in pkgutil.iter_modules(registry.__path__)} - {"base"}
    assert len(registry.KINDS) == len(modules) > 0
    assert [k.order for k in registry.KINDS.values()] == sorted(
        k.order for k in registry.KINDS.values())
    hub = Hub(name="A hub", stale_after_days=30)
    for kind in registry.KINDS.values():
        for setting in kind.settings:
            assert setting.name in Hub.model_fields, (kind.folder, setting.name)
            if setting.word:
                assert registry.HUB_LISTS[setting.target] == (setting.name, setting.word)
                assert any(r.target == setting.target for r in kind.references)
            if setting.follows:
                assert getattr(hub, setting.name) == getattr(hub, setting.follows) == 30
        for effort in kind.efforts:
            assert effort.name in OnboardingEffort.model_fields, (kind.folder, effort.name)
        for folder, path in kind.named_in:
            assert any(r.field == path and r.target == kind.folder
                       for r in registry.KINDS[folder].references), (kind.folder, path)
    text = stylesheet()
    assert text.startswith((PACKAGE / "assets/playbook.css").read_text(encoding="utf-8"))
    ends = [css.read_text(encoding="utf-8") for css in registry.STYLES.values()]
    assert text.endswith("\n".join(ends)), "each kind's styles, in the order of the kinds"


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
