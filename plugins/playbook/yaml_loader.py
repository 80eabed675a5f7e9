"""Parse one YAML file into plain data, keeping the line and column of every value.

PyYAML's safe loader is close to what a hub needs but not quite:

* it keeps the last of two equal keys silently; here a duplicate key is an error (the
  first value is kept, so that the rest of the file is still checked);
* it turns YAML 1.1 words (``no``, ``off``, ``yes``) into booleans and ``1.10`` into
  ``1.1``; here every plain scalar stays the text the author wrote (only ``null``/``~``
  and empty values are ``None``), and the model converts text to numbers and dates where
  a field asks for one, with a clear error when it cannot;
* it forgets where values came from; here :class:`Document` maps every path to its place.

Tags that would build Python objects (``!!python/...``) or anything else outside plain
data are refused, never run. Alias expansion is bounded, so a "billion laughs" file
fails fast instead of eating memory.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

import yaml
from yaml.composer import Composer
from yaml.constructor import SafeConstructor
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode
from yaml.parser import Parser
from yaml.reader import Reader
from yaml.resolver import BaseResolver
from yaml.scanner import Scanner

from .diagnostics import Issue, Location

#: A path inside a document: mapping keys and list indexes, e.g. ``("handoffs", 0, "to")``.
Path = tuple[Any, ...]

#: The most values (after alias expansion) one file may hold.
MAX_NODES = 100_000
#: Values nested deeper than this are refused (a playbook file is a few levels deep; a
#: thousand levels, or an alias inside the value it names, never ended but in Python's
#: recursion limit).
MAX_DEPTH = 64

_TAG = "tag:yaml.org,2002:"
_NULL = re.compile(r"^(?:~|null|Null|NULL|)$")


class _Resolver(BaseResolver):
    """Resolves plain scalars to text, except the YAML null forms."""


_Resolver.add_implicit_resolver(_TAG + "null", _NULL, ["~", "n", "N", ""])


class _PyLoader(Reader, Scanner, Parser, Composer, SafeConstructor, _Resolver):
    def __init__(self, stream: str) -> None:
        Reader.__init__(self, stream)
        Scanner.__init__(self)
        Parser.__init__(self)
        Composer.__init__(self)
        SafeConstructor.__init__(self)
        _Resolver.__init__(self)


try:  # libyaml's parser, several times faster, with the same nodes and marks
    from yaml.cyaml import CParser

    class _CLoader(CParser, SafeConstructor, _Resolver):
        def __init__(self, stream: str) -> None:
            CParser.__init__(self, stream)
            SafeConstructor.__init__(self)
            _Resolver.__init__(self)

    _Loader: type = _CLoader
except ImportError:  # pragma: no cover - PyYAML built without libyaml
    _Loader = _PyLoader


#: PyYAML's safe loader and dumper, with libyaml where PyYAML was built with it (ten times
#: as fast), for YAML read as PyYAML reads it (the project's word catalogs, the front
#: matter of a generated page, mkdocs.yml) and written as it writes it (page front matter).
SAFE_LOADER: type = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
SAFE_DUMPER: type = getattr(yaml, "CSafeDumper", yaml.SafeDumper)


def safe_data(text: str) -> Any:
    """``yaml.safe_load(text)``, through :data:`SAFE_LOADER`."""
    return yaml.load(text, Loader=SAFE_LOADER)


@dataclass
class Document:
    """The data of one file and the place of each value and key in it."""

    path: str
    data: Any
    marks: dict[Path, tuple[int, int]] = field(default_factory=dict)
    key_marks: dict[Path, tuple[int, int]] = field(default_factory=dict)
    #: values left out with an issue of their own (a refused tag): no second issue there
    refused: set[Path] = field(default_factory=set)

    def locate(self, path: Path, key: bool = False) -> Location:
        """The place of ``path``, or of its nearest ancestor that has one."""
        table = self.key_marks if key else self.marks
        path = tuple(path)
        if key and path not in table:
            table = self.marks
        while path and path not in table:
            path = path[:-1]
        line, col = table.get(path, self.marks.get((), (1, 1)))
        return Location(self.path, line, col)


def format_path(path: Path) -> str:
    """``("handoffs", 0, "to")`` as ``handoffs[0].to``."""
    out = ""
    for part in path:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += f".{part}" if out else str(part)
    return out


class _Walker:
    def __init__(self, doc: Document) -> None:
        self.doc = doc
        self.issues: list[Issue] = []
        self.count = 0
        self.open: set[int] = set()  # the nodes being walked, from the top to this one

    def _issue(self, code: str, node: Node, path: Path, message: str, hint: str = "") -> None:
        mark = node.start_mark
        self.issues.append(
            Issue(code, message, Location(self.doc.path, mark.line + 1, mark.column + 1),
                  format_path(path), hint=hint)
        )

    def walk(self, node: Node, path: Path) -> Any:
        self.count += 1
        if self.count > MAX_NODES:
            raise _TooLarge(node)
        self.doc.marks.setdefault(path, (node.start_mark.line + 1, node.start_mark.column + 1))
        if isinstance(node, ScalarNode):
            return self._scalar(node, path)
        if id(node) in self.open:
            raise _Refused(node, "an alias names the value that holds it (a loop): refused")
        if len(path) >= MAX_DEPTH:
            raise _Refused(node, f"values nested more than {MAX_DEPTH} levels deep: refused")
        self.open.add(id(node))
        try:
            if isinstance(node, SequenceNode):
                self._check_tag(node, path, "seq")
                return [self.walk(item, path + (i,)) for i, item in enumerate(node.value)]
            if isinstance(node, MappingNode):
                self._check_tag(node, path, "map")
                return self._mapping(node, path)
        finally:
            self.open.discard(id(node))
        raise AssertionError(f"unknown YAML node {node!r}")  # pragma: no cover

    def _check_tag(self, node: Node, path: Path, kind: str) -> bool:
        if node.tag in (_TAG + kind, "!"):
            return True
        self.doc.refused.add(path)
        self._issue("yaml-tag", node, path,
                    f"the tag '{node.tag}' is not allowed: playbook files hold plain "
                    "data (text, lists and mappings)")
        return False

    def _scalar(self, node: ScalarNode, path: Path) -> Any:
        tag = node.tag
        if tag in (_TAG + "str", "!"):
            return node.value
        if tag == _TAG + "null":
            return None
        if tag in (_TAG + "int", _TAG + "float", _TAG + "bool", _TAG + "timestamp"):
            # An explicit standard tag (`!!int 3`) asks for a type: the model checks it.
            return node.value
        self._check_tag(node, path, "str")
        return None

    def _mapping(self, node: MappingNode, path: Path) -> dict[str, Any]:
        result: dict[str, Any] = {}
        explicit: set[str] = set()
        merged: list[tuple[Node, Node]] = []
        for key_node, value_node in node.value:
            if not isinstance(key_node, ScalarNode) or key_node.tag == _TAG + "null":
                self._issue("yaml-key", key_node, path,
                            "a key must be a plain name such as 'title'")
                continue
            key = key_node.value
            if key == "<<" and not key_node.style:  # plain, not quoted
                merged.extend(self._merge_sources(value_node, path))
                continue
            if key in explicit:
                first = self.doc.key_marks[path + (key,)]
                self._issue("duplicate-key", key_node, path + (key,),
                            f"duplicate key '{key}': it is already set on line {first[0]}, "
                            "and a mapping may name each key once; the rest of the file is "
                            f"checked with the first value of '{key}'")
                continue
            explicit.add(key)
            self.doc.key_marks[path + (key,)] = (key_node.start_mark.line + 1,
                                                 key_node.start_mark.column + 1)
            result[key] = self.walk(value_node, path + (key,))
        for key_node, value_node in merged:
            key = key_node.value
            if key not in result and isinstance(key_node, ScalarNode):
                self.doc.key_marks[path + (key,)] = (key_node.start_mark.line + 1,
                                                     key_node.start_mark.column + 1)
                result[key] = self.walk(value_node, path + (key,))
        return result

    def _merge_sources(self, node: Node, path: Path) -> list[tuple[Node, Node]]:
        """The key/value pairs a YAML merge key (``<<: *base``) brings in."""
        sources = node.value if isinstance(node, SequenceNode) else [node]
        pairs: list[tuple[Node, Node]] = []
        for source in sources:
            if not isinstance(source, MappingNode):
                self._issue("yaml-merge", source, path,
                            "'<<' merges mappings: expected an alias of a mapping")
                continue
            self.count += len(source.value)
            if self.count > MAX_NODES:
                raise _TooLarge(source)
            pairs.extend(source.value)
        return pairs


class _TooLarge(Exception):
    def __init__(self, node: Node) -> None:
        self.node = node


class _Refused(Exception):
    def __init__(self, node: Node, why: str) -> None:
        self.node, self.why = node, why


def _syntax_hint(exc: yaml.MarkedYAMLError, text: str) -> str:
    """What to do about the YAML mistakes people make most, in their words."""
    problem = exc.problem or ""
    mark = exc.problem_mark
    lines = text.splitlines()
    line = lines[mark.line] if mark is not None and mark.line < len(lines) else ""
    if "mapping values are not allowed" in problem:
        key, _, value = line.partition(":")
        value = value.strip()
        if key.strip() and value:
            quoted = value.replace('"', '\\"')
            return (f"a value with ': ' in it must be quoted: {key.strip()}: \"{quoted}\"")
        return "a value with ': ' in it must be quoted"
    if "found undefined alias" in problem or "expected alphabetic or numeric" in problem:
        return "a value starting with '*' or '&' must be quoted"
    char = line[mark.column] if mark is not None and mark.column < len(line) else ""
    if "cannot start any token" in problem and char == "\t":
        return "indent with spaces: YAML does not allow tabs"
    if "cannot start any token" in problem and char and char in "`@%":
        return f"a value starting with '{char}' must be quoted"
    return ""


def load_text(text: str, display_path: str) -> tuple[Document | None, list[Issue]]:
    """Parse ``text``; returns the document (None when unusable) and the issues found."""
    doc = Document(display_path, None)
    if not text.strip() or all(
        not line.strip() or line.lstrip().startswith("#") for line in text.splitlines()
    ):
        return None, [Issue("empty-file", "the file is empty: expected a mapping of fields "
                            "such as 'title: ...'", Location(display_path, 1, 1))]
    loader = _Loader(text)
    try:
        node = loader.get_single_node()
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        where = Location(display_path, mark.line + 1, mark.column + 1) if mark else \
            Location(display_path)
        problem = exc.problem or exc.context or "invalid YAML"
        if exc.context and exc.problem:
            problem = f"{exc.context}, {exc.problem}"
        start = exc.context_mark
        if start is not None and mark is not None and start.line != mark.line:
            problem += f" (it started on line {start.line + 1}, column {start.column + 1})"
        return None, [Issue("yaml-syntax", f"YAML syntax error: {problem}", where,
                            hint=_syntax_hint(exc, text))]
    except yaml.YAMLError as exc:  # reader errors: control characters and the like
        return None, [Issue("yaml-syntax", f"YAML error: {exc}", Location(display_path))]
    finally:
        loader.dispose()
    if node is None:
        return None, [Issue("empty-file", "the file is empty: expected a mapping of fields",
                            Location(display_path, 1, 1))]
    walker = _Walker(doc)
    try:
        doc.data = walker.walk(node, ())
    except _Refused as exc:
        mark = exc.node.start_mark
        return None, [Issue("yaml-too-deep", exc.why,
                            Location(display_path, mark.line + 1, mark.column + 1))]
    except _TooLarge as exc:
        mark = exc.node.start_mark
        why = (f"the file expands to more than {MAX_NODES:,} values (aliases that repeat "
               "aliases?): refused") if "*" in text else (
               f"the file holds more than {MAX_NODES:,} values: refused (split it into "
               "smaller files)")
        return None, [Issue("yaml-too-large", why,
                            Location(display_path, mark.line + 1, mark.column + 1))]
    # What the walker finds (a duplicate key, a refused tag) leaves out one value each: the
    # rest of the document is still checked, so that one run shows every error of a file.
    return doc, walker.issues


def load_bytes(raw: bytes, display_path: str) -> tuple[Document | None, list[Issue]]:
    """Decode UTF-8 (a BOM is allowed) and parse; a decoding error names line and column."""
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        before = raw[: exc.start]
        line = before.count(b"\n") + 1
        column = exc.start - (before.rfind(b"\n") + 1) + 1
        return None, [Issue(
            "encoding",
            f"the file is not valid UTF-8 (byte 0x{raw[exc.start]:02x}): save it as UTF-8",
            Location(display_path, line, column))]
    return load_text(text, display_path)
