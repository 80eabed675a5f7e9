"""The Jinja2 environment of the page templates: where templates are looked up (a hub's
overrides first), the filters they use, and template errors reported once, located."""

from __future__ import annotations

import re
import traceback
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import jinja2
import jinja2.sandbox
from markupsafe import Markup, escape

from . import hub_files
from .hub_files import PACKAGE_TEMPLATES, SOURCE_TEMPLATES
from .catalog import id_label
from .diagnostics import Issue, Location
from .fragments import CachedExtension, Fragments
from .kinds import BY_MODEL, kind_of
from .model import Entity
from .template_cache import share



#: The name under which a hub's override finds the shipped templates: `{% extends
#: "playbook/role.html.j2" %}`.
SHIPPED_PREFIX = "playbook/"


def template_dirs(override: Path | None) -> list[Path]:
    dirs = [d for d in (override, PACKAGE_TEMPLATES, SOURCE_TEMPLATES) if d and d.is_dir()]
    return list(dict.fromkeys(dirs))


class Environment(jinja2.Environment):
    """The templates' environment; ``reads`` is always None (nothing is recorded), and so
    is ``fragments`` (no part of a page is kept)."""

    reads: set[tuple[str, str]] | None = None
    fragments: Fragments | None = None


class _Recording:
    """Notes, while ``reads`` is a set, the (kind, id) of every entity whose fields a
    template reads: what a page shows of which entities, for `mkdocs serve` to render again
    only the pages an edit touches. (Separate classes: templates read attributes millions
    of times in a large build, and only `mkdocs serve` needs to know.)"""

    reads: set[tuple[str, str]] | None = None

    def getattr(self, obj: Any, attribute: str) -> Any:
        reads = self.reads
        if reads is not None:
            kind = BY_MODEL.get(type(obj))
            if kind is None and isinstance(obj, Entity):  # (a kind registered since)
                kind = kind_of(obj)
            if kind is not None:
                reads.add((kind.folder, obj.id))
        return super().getattr(obj, attribute)  # type: ignore[misc]


class RecordingEnvironment(_Recording, Environment):
    pass


class SandboxedEnvironment(jinja2.sandbox.SandboxedEnvironment, Environment):
    """The environment of a hub with template overrides (which come by pull request): a
    template reaches no attribute starting with `_` (so nothing of Python's internals, no
    `os`, no files, no shell) and no function that changes data of Python's own types."""


class RecordingSandboxedEnvironment(_Recording, SandboxedEnvironment):
    pass


_CLASSES = {(False, False): Environment, (True, False): RecordingEnvironment,
            (False, True): SandboxedEnvironment, (True, True): RecordingSandboxedEnvironment}


class HubTemplates(jinja2.FileSystemLoader):
    """A hub's folder of overrides: a template is read only if it is a regular file inside
    the hub (a link leading out of it, a device or a FIFO is refused, as everywhere)."""

    def __init__(self, folder: Path, root: Path) -> None:
        super().__init__([str(folder)])
        self.root = hub_files.real_root(root)

    def get_source(self, environment: jinja2.Environment, template: str) -> tuple[str, str, Any]:
        source, filename, uptodate = super().get_source(environment, template)
        try:
            hub_files.check(Path(filename), self.root)
        except hub_files.Refused as exc:
            raise jinja2.TemplateError(
                f"the template {hub_files.shown(Path(filename), self.root)} {exc}") from None
        return source, filename, uptodate


class Environments:
    """The environments of a run, one per (folder of overrides, escaping, recording,
    sandbox), kept with their compiled templates (Jinja reloads a template whose file
    changed): `mkdocs serve` renders again and again, and a hub's languages render the same
    templates. Its owner (the adapter's session, a command) keeps it for as long as that is
    useful."""

    def __init__(self) -> None:
        self._made: dict[tuple[Any, ...], Environment] = {}
        #: the parts of pages kept while pages are recorded (`mkdocs serve`), for every
        #: recording environment (:mod:`playbook.fragments`)
        self.fragments = Fragments()

    def get(self, override: Path | None, autoescape: bool = True,
            record: bool = False, sandboxed: bool = False,
            root: Path | None = None) -> Environment:
        key = (override, autoescape, record, sandboxed, root)
        env = self._made.get(key)
        if env is None:
            env = self._made[key] = make_environment(override, autoescape, record,
                                                     sandboxed, root)
            if record:
                env.fragments = self.fragments
        return env


def make_environment(override: Path | None, autoescape: bool = True,
                     record: bool = False, sandboxed: bool = False,
                     root: Path | None = None) -> Environment:
    """The templates' environment: HTML, every value escaped unless marked safe
    (``autoescape=False`` for a hub's Markdown overrides); ``sandboxed`` for a hub's
    overrides (unless its mkdocs.yml trusts them), whose files are read only from inside
    ``root`` (the hub). :class:`Environments` keeps them."""
    shipped = [str(d) for d in template_dirs(None)]
    own = template_dirs(override)
    loaders: list[jinja2.BaseLoader] = []
    if override is not None and own and own[0] == override and str(override) not in shipped:
        loaders.append(HubTemplates(override, root or override.parent))
    env = _CLASSES[record, sandboxed](
        # A hub's override may extend the shipped template of its own name as
        # "playbook/<name>" and replace only some of its blocks.
        loader=jinja2.ChoiceLoader([
            *loaders,
            jinja2.FileSystemLoader(shipped),
            jinja2.PrefixLoader({SHIPPED_PREFIX.rstrip("/"): jinja2.FileSystemLoader(
                shipped)})]),
        undefined=jinja2.StrictUndefined,
        autoescape=autoescape,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        extensions=["jinja2.ext.do", CachedExtension],
    )
    env.filters["mermaid_label"] = mermaid_label
    env.filters["label"] = _label_in_language
    env.filters["chip"] = chip
    env.filters["kicker"] = kicker
    # hub text that is not translated (an owner's name, a metric's target) in a page of
    # either direction: isolated, so "25% or more" or "(Sales Enablement)" keep their order
    # in a right-to-left page, and the text around them theirs
    env.filters["isolate"] = lambda value: Markup("<bdi>%s</bdi>") % value
    env.filters["excerpt"] = excerpt
    env.filters["node_id"] = lambda id: "n_" + re.sub(r"[^A-Za-z0-9]", "_", str(id))
    env.filters["hours"] = lambda h: f"{float(h):.2f}".rstrip("0").rstrip(".")  # 60, 1.5, 0.25
    return share(env)


# The small pieces every page has, in Python: a Jinja macro call costs several times as
# much, and a page of a large hub has dozens of them. `_macros.html.j2` keeps the macros
# (for hub overrides), calling these.

label = id_label


@jinja2.pass_context
def _label_in_language(context: Any, name: Any) -> str:
    """``|label`` in a template: the label of an id in the page's language (the English
    label is the message: ``Case study``; a hub adds words for its own ids)."""
    words = context.get("words")
    return words(label(name)) if words is not None else label(name)


def chip(text: Any, kind: str = "", value: Any = "") -> Markup:
    """A small tag; ``kind`` styles it, ``value`` goes to a data attribute for filters."""
    css = f"pb-chip pb-chip--{escape(kind)}" if kind else "pb-chip"
    data = f' data-{escape(kind or "value")}="{escape(value)}"' if value else ""
    return Markup(f'<span class="{css}"{data}>{escape(text)}</span>')


def kicker(parts: Any) -> Markup:
    """The line above a page's text: its kind and facts, those given, joined by dots."""
    return Markup('<p class="pb-kicker">' + " · ".join(str(escape(p)) for p in parts if p)
                  + "</p>")


def excerpt(text: Any, length: int = 160) -> str:
    """The first paragraph of Markdown as plain text, cut at a word near ``length``."""
    first = re.split(r"\n\s*\n", str(text).strip(), maxsplit=1)[0]
    plain = re.sub(r"<[^>]*>?", "", first)  # raw HTML is not part of an excerpt
    plain = re.sub(r"!?\[([^\]]*)\]\([^)]*\)", r"\1", plain)
    plain = re.sub(r"[*_`#>]+", "", plain)
    plain = re.sub(r"\s+", " ", plain).strip()
    if len(plain) <= length:
        return plain
    cut = plain[:length].rsplit(" ", 1)[0].rstrip(",;:.")
    return cut + "…"


#: What Mermaid reads in a diagram's text besides the label itself, as its entity codes
#: (which it shows as the characters): the quote that ends a label, `%%` that starts a
#: directive (`%%{init: ...}%%`, read anywhere, even inside a label) or a comment, the
#: backtick of a Markdown label, `#` that starts an entity code; and HTML's own.
_MERMAID_CODES = {'"': "#quot;", "%": "#37;", "`": "#96;", "#": "#35;", "&": "#amp;",
                  "<": "#lt;", ">": "#gt;"}
_MERMAID_SPECIAL = re.compile('[%s]' % re.escape("".join(_MERMAID_CODES)))


def mermaid_label(text: Any) -> Markup:
    """Text made safe inside a quoted Mermaid label, itself inside HTML: shown as written,
    read as nothing else."""
    text = re.sub(r"\s+", " ", str(text)).strip()
    return Markup(_MERMAID_SPECIAL.sub(lambda m: _MERMAID_CODES[m.group(0)], text))


@dataclass(frozen=True)
class _Failure:
    """A page whose template failed: which, what went wrong, and where in which template."""

    page: str
    message: str
    location: Location


def _template_failure(exc: Exception, template: str, page: str) -> _Failure:
    """Where in which template rendering failed: Jinja keeps template frames in tracebacks."""
    name, line = getattr(exc, "filename", None), getattr(exc, "lineno", None)
    if not name:
        for frame in reversed(traceback.extract_tb(exc.__traceback__)):
            if frame.filename.endswith(".j2"):
                name, line = frame.filename, frame.lineno
                break
    message = getattr(exc, "message", None) or str(exc)
    if isinstance(exc, jinja2.sandbox.SecurityError):
        message += (" (a hub's templates render sandboxed; `trust_templates: true` under the "
                    "plugin in mkdocs.yml lifts it, for a hub whose templates only trusted "
                    "people change)")
    elif not isinstance(exc, jinja2.TemplateError):
        message = f"{type(exc).__name__}: {message}"
    return _Failure(page, message, Location(name or template, line or 0))


def _template_issues(failures: list[_Failure], order: list[str]) -> list[Issue]:
    """One issue per error, naming the first page it broke and how many more: a broken
    override of the role page fails every role page the same way."""
    place = {path: i for i, path in enumerate(order)}
    pages: dict[tuple[str, Location], list[str]] = {}
    for failure in sorted(failures, key=lambda f: place.get(f.page, len(place))):
        pages.setdefault((failure.message, failure.location), []).append(failure.page)
    issues = []
    for (message, location), broken in pages.items():
        more = len(broken) - 1
        also = f" (and {more} more page{'s' * (more != 1)})" if more else ""
        issues.append(Issue("template", f"rendering {broken[0]} failed: {message}{also}",
                            location))
    return issues


def file_name(path: str) -> Markup:
    """The name of a file, as written: no language of its own, left to right, isolated
    from the text around it (in an Urdu sentence, say)."""
    return Markup('<span class="pb-file-name" lang="zxx" dir="ltr">{}</span>').format(
        path.replace("\\", "/").split("/")[-1])


class Lazy:
    """An object made on first use: the audit goes through every text of the hub (half a
    second at 10,000 items), and only its page shows it."""

    def __init__(self, make: Any) -> None:
        self._make = make

    def __getattr__(self, name: str) -> Any:
        return getattr(self._make(), name)
