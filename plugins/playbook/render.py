"""Render the generated pages: Jinja2 templates in, HTML out, one page per path.

The templates (``*.html.j2``, autoescaped) write the body of each page as HTML, with final
relative URLs, so a site generator only has to put it into its theme: no Markdown parsing
of thousands of generated pages. The hub's long text fields are Markdown, converted once
each and cleaned (:mod:`playbook.markup`). A hub overrides any template by putting a file
of the same name in its own ``templates/`` folder; an override named ``*.md.j2`` instead
writes Markdown, which the generator converts as it does hand-written pages.
"""

from __future__ import annotations

import datetime as dt
import html
import multiprocessing
import os
import pickle
import posixpath
import re
import traceback
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from pathlib import Path
from typing import Any, Iterator
from urllib.parse import quote

import jinja2
import yaml
from markupsafe import Markup, escape

from . import languages, markup
from .diagnostics import Issue, Location, Report
from .kinds import INDEXES, KINDS, search_kinds
from .model import Entity
from .audit import Audit, audit
from .history import Changes, changes, last_changed, resolver
from .history import label as history_label
from .onboarding import OnboardingPath, PathBuilder
from .playbook import RACI_NAMES, Playbook
from .text import LocalizedText

PACKAGE_TEMPLATES = Path(__file__).parent / "templates"
# In a source checkout (editable install) the templates sit at the top of the repository.
SOURCE_TEMPLATES = Path(__file__).resolve().parents[2] / "templates"

#: The generated index pages (of each kind, then the audit and the changes), their
#: templates and titles, in the order of the navigation; and each kind's entity template.
INDEX_PAGES = {key: entry.index_page for key, entry in INDEXES.items()}
INDEX_TEMPLATES = {key: entry.index_template for key, entry in INDEXES.items()}
INDEX_TITLES = {key: entry.index_title for key, entry in INDEXES.items()}
ENTITY_TEMPLATES = {folder: kind.template for folder, kind in KINDS.items()}
#: The kinds search results can be narrowed to (`kind:role`), with their labels (catalog
#: keys). The filter is the id in every language's site; only the label is translated.
SEARCH_KINDS = search_kinds()

I18N = Path(__file__).parent / "i18n"


@lru_cache(maxsize=None)
def catalog(lang: str) -> dict[str, str]:
    """The translations of the pages' own words into ``lang`` (English text -> text)."""
    path = I18N / f"{lang.split('-')[0]}.yml"
    if not path.is_file():
        return {}
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    return {str(k): str(v) for k, v in data.items() if v}


def gettext(lang: str, message: str, **values: Any) -> str:
    """``message`` in ``lang`` (English where no translation is known), with ``{values}``."""
    text = catalog(lang).get(message, message)
    try:
        return text.format(**values) if values else text
    except (KeyError, IndexError, ValueError):  # a translation with broken placeholders
        return message.format(**values)


@lru_cache(maxsize=4096)
def _escaped_message(lang: str, message: str) -> str:
    return str(escape(catalog(lang).get(message, message)))


@lru_cache(maxsize=4096)
def _markdown_message(lang: str, message: str) -> str:
    return markup.inline_markdown(catalog(lang).get(message, message))


def _format_html(template: str, message: str, values: dict[str, Any],
                 fallback: Any) -> Markup:
    """``template`` (HTML) with its ``{placeholders}`` filled by ``values``, each escaped
    unless it is HTML already; what ``Markup.format`` does, at a fraction of its cost (it
    is called tens of times per page). A translation with broken placeholders falls back to
    the English ``message``."""
    if not values:
        return Markup(template)
    safe = {k: v if type(v) is int else escape(v) for k, v in values.items()}
    try:
        return Markup(template.format_map(safe))
    except (KeyError, IndexError, ValueError):
        return fallback(message).format(**values)


def entity_page(kind: str, id: str) -> str:
    return KINDS[kind].page(id)


@dataclass(frozen=True)
class Page:
    """A generated page: where it goes, its HTML body, and the YAML it comes from."""

    path: str  # the path of its Markdown source, had it one: roles/rep.md
    content: str  # the body as HTML (Markdown when ``is_markdown``)
    title: str
    source: Path | None = None
    in_nav: bool = False
    language: str | None = None  # the language of the entity, where it has one
    toc: tuple[markup.Heading, ...] = ()
    meta: dict[str, Any] = field(default_factory=dict)  # front matter: hide, ...
    anchors: frozenset[str] = frozenset()  # the ids on the page
    is_markdown: bool = False  # made by a hub's Markdown override (`*.md.j2`)
    #: (kind, id) of the entities the page shows something of (when recorded)
    reads: frozenset[tuple[str, str]] = frozenset()

    @property
    def markdown(self) -> str:
        """The page as a Markdown file (front matter, then its HTML, which Markdown keeps
        as it is), for generators that read only files."""
        if self.is_markdown:
            return self.content
        meta = {"title": self.title, **self.meta}
        head = yaml.safe_dump(meta, allow_unicode=True, sort_keys=False)
        return f"---\n{head}---\n\n{_markdown_headings(self.content)}"


@dataclass
class _Job:
    """A page to render: its template, path and title, and what the template is given."""

    template: str
    path: str
    title: str
    source: Path | None = None
    in_nav: bool = False
    entity: Entity | None = None
    language: str | None = None
    extra: dict[str, Any] = field(default_factory=dict)


#: Below this many pages, starting processes costs more than it saves.
PARALLEL_MIN = 400
#: Pages a process takes at a time when several share the rendering.
BATCH = 32


@dataclass
class RenderOptions:
    language: str | None = None  # None: the hub's default language
    today: dt.date = field(default_factory=dt.date.today)
    use_directory_urls: bool = True
    templates_dir: Path | None = None  # the hub's overrides, searched first
    #: The site's Markdown extensions and their settings, for the hub's Markdown fields
    markdown_extensions: list[Any] = field(
        default_factory=lambda: list(markup.DEFAULT_EXTENSIONS))
    markdown_configs: dict[str, Any] = field(default_factory=dict)
    changes_since: str | None = None  # git ref the changes page compares with
    history: bool = True  # read git for last-changed dates and the changes page
    workers: int = 1  # processes that share the rendering (see Renderer.pages)
    record: bool = False  # note what each page reads (Page.reads), for `mkdocs serve`
    #: hosts the hub's text may load images from (none: only the site's own files)
    allowed_hosts: tuple[str, ...] = ()


def template_dirs(override: Path | None) -> list[Path]:
    dirs = [d for d in (override, PACKAGE_TEMPLATES, SOURCE_TEMPLATES) if d and d.is_dir()]
    return list(dict.fromkeys(dirs))


_KIND_OF = {kind.model: folder for folder, kind in KINDS.items()}


class Environment(jinja2.Environment):
    """The templates' environment; ``reads`` is always None (nothing is recorded)."""

    reads: set[tuple[str, str]] | None = None


class RecordingEnvironment(Environment):
    """Notes, while ``reads`` is a set, the (kind, id) of every entity whose fields a
    template reads: what a page shows of which entities, for `mkdocs serve` to render again
    only the pages an edit touches. (A separate class: templates read attributes millions
    of times in a large build, and only `mkdocs serve` needs to know.)"""

    def getattr(self, obj: Any, attribute: str) -> Any:
        if self.reads is not None and isinstance(obj, Entity):
            self.reads.add((_KIND_OF[type(obj)], obj.id))
        return super().getattr(obj, attribute)


@lru_cache(maxsize=8)
def make_environment(override: Path | None, autoescape: bool = True,
                     record: bool = False) -> Environment:
    """The templates' environment: HTML, every value escaped unless marked safe
    (``autoescape=False`` for a hub's Markdown overrides). One per folder of overrides, kept
    with its compiled templates (Jinja reloads a template whose file changed): `mkdocs
    serve` renders again and again."""
    env = (RecordingEnvironment if record else Environment)(
        loader=jinja2.FileSystemLoader([str(d) for d in template_dirs(override)]),
        undefined=jinja2.StrictUndefined,
        autoescape=autoescape,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        extensions=["jinja2.ext.do"],
    )
    env.filters["mermaid_label"] = mermaid_label
    env.filters["label"] = label
    env.filters["chip"] = chip
    env.filters["kicker"] = kicker
    env.filters["excerpt"] = excerpt
    env.filters["node_id"] = lambda id: "n_" + re.sub(r"[^A-Za-z0-9]", "_", str(id))
    env.filters["hours"] = lambda h: f"{float(h):.1f}".removesuffix(".0")
    return env


# The small pieces every page has, in Python: a Jinja macro call costs several times as
# much, and a page of a large hub has dozens of them. `_macros.html.j2` keeps the macros
# (for hub overrides), calling these.

def label(name: Any) -> str:
    """An id such as ``case-study`` as a label: ``Case study``."""
    return str(name).replace("-", " ").capitalize()


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


@lru_cache(maxsize=65536)
def relative_url(target: str, base_dir: str, directory_urls: bool) -> str:
    """The URL of ``target`` (relative to the site root) from a page in ``base_dir``."""
    parts = [p for p in target.split("/") if p and p != "."]
    base = [p for p in base_dir.split("/") if p and p != "."]
    if ".." in parts or ".." in base or target[:1] == "/" or base_dir[:1] == "/":
        # not a clean relative path: let posixpath work it out
        out = posixpath.relpath(target or ".", base_dir or ".")
    else:  # the common case, without relpath's abspath and getcwd for every link
        same = 0
        for a, b in zip(parts, base):
            if a != b:
                break
            same += 1
        out = "/".join([".."] * (len(base) - same) + parts[same:]) or "."
    if out == ".":
        return "./"
    return out + "/" if directory_urls and target.endswith("/") else out


@lru_cache(maxsize=65536)
def page_url(path: str, use_directory_urls: bool) -> str:
    """The URL of a page's Markdown source, relative to the site root, as MkDocs makes it."""
    stem = path[:-3]
    if not use_directory_urls:
        return stem + ".html"
    if stem == "index" or stem.endswith("/index"):
        return stem[:-5]
    return stem + "/"


class Renderer:
    """Renders every generated page of a playbook."""

    def __init__(self, playbook: Playbook, options: RenderOptions | None = None):
        self.playbook = playbook
        self.options = options or RenderOptions()
        self.lang = self.options.language or playbook.default_language
        self.env = make_environment(self.options.templates_dir, record=self.options.record)
        self._markdown_env: jinja2.Environment | None = None
        self.markdown = markup.MarkdownText(list(self.options.markdown_extensions),
                                            dict(self.options.markdown_configs),
                                            frozenset(self.options.allowed_hosts))
        toc = self.options.markdown_configs.get("toc") or {}
        self._slugify = toc.get("slugify")
        permalink = toc.get("permalink")
        self._permalink = ("¶" if permalink is True else str(permalink)) if permalink else None
        self._fallbacks = 0
        self._resolve = resolver()
        self._overrides = {p.name for p in self.options.templates_dir.glob("*.md.j2")} \
            if self.options.templates_dir and self.options.templates_dir.is_dir() else set()

    # -- helpers the templates call ---------------------------------------------------

    def t(self, text: LocalizedText | str | None) -> str:
        """Text in the page's language; a fallback to another language is counted, and the
        page then says that parts of it are not translated yet."""
        if text is None:
            return ""
        if isinstance(text, LocalizedText):
            value, used = text.resolve(self.lang, self.playbook.default_language)
            if used != self.lang:
                self._fallbacks += 1
            return value
        return str(text)

    def _marked(self, text: LocalizedText | str | None, value: Markup, tag: str) -> Markup:
        """``value`` (the HTML of ``text``) in a ``tag`` with its language and direction,
        when ``text`` falls back to another language, so that it reads the right way."""
        if isinstance(text, LocalizedText):
            used = text.resolve(self.lang, self.playbook.default_language)[1]
            if used != self.lang:
                return Markup('<{0} lang="{1}" dir="{2}">{3}</{0}>').format(
                    Markup(tag), used, languages.direction(used), value)
        return value

    def t_block(self, text: LocalizedText | str | None) -> Markup:
        """A long text field (Markdown) as HTML; English inside an Urdu page reads LTR."""
        return self._marked(text, self.markdown(self.t(text)), "div")

    def t_inline(self, text: LocalizedText | str | None) -> Markup:
        """Short text, marked with its language when it falls back."""
        return self._marked(text, escape(self.t(text)), "span")

    def _text(self, text: LocalizedText | str | None) -> str:
        """Like :meth:`t`, without counting fallbacks (for data made ahead of a page)."""
        if isinstance(text, LocalizedText):
            return text.get(self.lang, self.playbook.default_language)
        return "" if text is None else str(text)

    def gettext(self, message: str, **values: Any) -> Markup:
        """Our own words in the page's language, as HTML: the message escaped, the values
        escaped unless they are HTML already (a link, say)."""
        return _format_html(_escaped_message(self.lang, message), message, values, escape)

    def gettext_markdown(self, message: str, **values: Any) -> Markup:
        """Like :meth:`gettext`, for messages with a little Markdown: bold, code, links."""
        return _format_html(_markdown_message(self.lang, message), message, values,
                            lambda m: Markup(markup.inline_markdown(m)))

    def _read(self, kind: str, id: str) -> None:
        reads = self.env.reads
        if reads is not None:
            reads.add((kind, id))

    def _helpers(self, page: str) -> dict[str, Any]:
        pb = self.playbook
        udu = self.options.use_directory_urls
        base = page_url(page, udu)
        base_dir = base.rstrip("/") if udu else posixpath.dirname(base)

        def url(kind: str, id: str | None = None) -> str:
            """The URL of a generated page, relative to this one."""
            target = INDEX_PAGES[kind] if id is None else entity_page(kind, id)
            return relative_url(page_url(target, udu), base_dir, udu)

        def link(kind: str, id: str, label: Any = None) -> Markup:
            self._read(kind, id)
            entity = pb.get(kind, id)
            text = label if label is not None else (self.t(entity.title) if entity else id)
            return Markup(f'<a href="{escape(url(kind, id))}">{escape(text)}</a>')

        def link_list(kind: str, ids: Any, sep: str = ", ") -> Markup:
            return Markup(str(escape(sep)).join(link(kind, id) for id in ids))

        def title(kind: str, id: str) -> str:
            self._read(kind, id)
            entity = pb.get(kind, id)
            return self.t(entity.title) if entity else id

        def file_href(path: str) -> str:
            """The URL of a file in docs_dir, relative to this page: its name quoted, so
            that a space, `#` or `?` in it is part of the name."""
            return quote(relative_url(path.replace("\\", "/"), base_dir, False), safe="/")

        return {"href": url, "url": url, "link": link, "link_list": link_list, "title_of": title,
                "file_href": file_href}

    def _render(self, template: str, page: str, **context: Any) -> str:
        pb = self.playbook
        ctx = {
            "pb": pb,
            "hub": pb.hub,
            "lang": self.lang,
            "t": self.t,
            "t_block": self.t_block,
            "t_inline": self.t_inline,
            "markdown": self.markdown,
            "today": self.options.today,
            "raci_names": RACI_NAMES,
            "index_titles": INDEX_TITLES,
            "search_kinds": SEARCH_KINDS,
            "kinds": KINDS,
            "page": page,
            "_": self.gettext,
            "_md": self.gettext_markdown,
            "language_label": languages.label,
            "language_dir": languages.direction,
            "file_size": self._file_size,
            "paths": self.paths_by_role,
            "audit": _Lazy(lambda: self.audit),  # only the audit page reads it
            "changed": self.changed,
            "changes": lambda: self.changes,
            "field_label": history_label,
            "storage_prefix": "playbook:" + re.sub(r"[^a-z0-9]+", "-",
                                                   str(pb.hub.name).lower()).strip("-"),
            "by_title": lambda items: sorted(
                items, key=lambda e: (self.t(e.title).casefold(), e.id)),
            **self._helpers(page),
            **context,
        }
        return self._template(template).render(ctx)

    def _template(self, name: str) -> jinja2.Template:
        markdown_name = name.replace(".html.j2", ".md.j2")
        if markdown_name in self._overrides:
            if self._markdown_env is None:
                self._markdown_env = make_environment(self.options.templates_dir, False,
                                                      self.options.record)
                self._markdown_env.reads = self.env.reads
            return self._markdown_env.get_template(markdown_name)
        return self.env.get_template(name)

    # -- the pages --------------------------------------------------------------------

    def pages(self, report: Report | None = None, workers: int = 1,
              only: set[str] | None = None) -> list[Page]:
        """Every generated page (or those whose path is in ``only``); template errors
        become issues in ``report``, each error once, however many pages it broke.

        With ``workers`` > 1 (and ``os.fork``), that many processes share the pages of a
        large hub: rendering is the plugin's largest part of a build, and the other cores
        sit idle meanwhile."""
        report = report if report is not None else Report()
        jobs = list(self._jobs(only))
        failures: list[_Failure] = []
        if workers > 1 and len(jobs) >= PARALLEL_MIN and hasattr(os, "fork"):
            done = self._render_in_processes(jobs, workers, failures)
        else:
            done = [self._page(job, failures) for job in jobs]
        report.extend(_template_issues(failures, [job.path for job in jobs]))
        return [page for page in done if page is not None]

    def _jobs(self, only: set[str] | None = None) -> Iterator[_Job]:
        """What to render, page by page, in the order of the site (only the pages whose
        path is in ``only``, when given)."""
        for kind, index in INDEX_PAGES.items():
            if only is None or index in only:
                yield _Job(INDEX_TEMPLATES[kind], index, gettext(self.lang, INDEX_TITLES[kind]),
                           in_nav=True)
            if kind not in KINDS:  # a page of its own, such as the audit
                continue
            if KINDS[kind].page_per_role:
                for path in self.paths if only is None or any(
                        p.startswith(kind + "/") and p != index for p in only) else []:
                    if only is not None and entity_page(kind, path.role.id) not in only:
                        continue
                    yield _Job(ENTITY_TEMPLATES[kind], entity_page(kind, path.role.id),
                               gettext(self.lang, "Onboarding: {role}",
                                       role=self._text(path.role.title)),
                               extra={"onboarding_path": path})
                continue
            for id, entity in self.playbook.entities[kind].items():
                if only is not None and entity_page(kind, id) not in only:
                    continue
                yield _Job(ENTITY_TEMPLATES[kind], entity_page(kind, id),
                           self._text(entity.title),
                           source=self.playbook.source_of(kind, id).file.path,
                           entity=entity, language=getattr(entity, "language", None))

    def _render_in_processes(self, jobs: list[_Job], workers: int,
                             failures: list[_Failure]) -> list[Page | None]:
        """Render ``jobs`` in ``workers`` processes (this one and forked ones). Each takes
        the next batch of pages from a shared counter until none are left, so that a few
        large pages (the library, the funnel stages) do not hold one process back."""
        # What pages share is made once, before the processes part.
        for shared in ("paths", "dates", "_folder_dates", "changes"):
            getattr(self, shared)
        context = multiprocessing.get_context("fork")
        counter = context.Value("l", 0)

        def render_batches(failed: list[_Failure]) -> dict[int, Page | None]:
            done: dict[int, Page | None] = {}
            while True:
                with counter.get_lock():
                    start = counter.value
                    counter.value = start + BATCH
                if start >= len(jobs):
                    return done
                for i in range(start, min(start + BATCH, len(jobs))):
                    done[i] = self._page(jobs[i], failed)

        children = []
        for _ in range(workers - 1):
            read, write = os.pipe()
            pid = os.fork()
            if pid == 0:  # the child: render batches, send them back pickled, and go
                status = 1
                try:
                    os.close(read)
                    failed: list[_Failure] = []
                    pages = {i: _pack(page) for i, page in render_batches(failed).items()}
                    data = pickle.dumps((pages, failed), protocol=pickle.HIGHEST_PROTOCOL)
                    with os.fdopen(write, "wb") as pipe:
                        pipe.write(data)
                    status = 0
                finally:
                    os._exit(status)
            os.close(write)
            children.append((pid, read))
        done = render_batches(failures)
        for pid, read in children:
            with os.fdopen(read, "rb") as pipe:
                data = pipe.read()
            _, status = os.waitpid(pid, 0)
            try:
                pages, failed = pickle.loads(data) if status == 0 else ({}, [])
            except (pickle.UnpicklingError, EOFError, ValueError):
                pages, failed = {}, []
            done.update((i, _unpack(page)) for i, page in pages.items())
            failures.extend(failed)
        # A process that failed leaves pages out: render them here.
        return [done[i] if i in done else self._page(job, failures)
                for i, job in enumerate(jobs)]

    @cached_property
    def paths(self) -> list[OnboardingPath]:
        return PathBuilder(self.playbook, self._text,
                           lambda message, **values: gettext(self.lang, message, **values)).paths()

    @cached_property
    def dates(self) -> dict[str, dt.date]:
        """Last-changed date per YAML file (shown path), from git or the file's time."""
        files = [s.file.path for s in self.playbook.sources.values()]
        if self.playbook.hub_source is not None:
            files.append(self.playbook.hub_source.file.path)
        if not self.options.history:
            return {}
        found = last_changed(self.playbook.root, files)
        return {self._source_display(p): d for p, d in found.items()}

    @cached_property
    def _folder_dates(self) -> dict[str, dt.date]:
        """The latest date per folder of the shown paths."""
        out: dict[str, dt.date] = {}
        for path, date in self.dates.items():
            folder = posixpath.dirname(path)
            while folder:
                if out.get(folder, dt.date.min) < date:
                    out[folder] = date
                folder = posixpath.dirname(folder)
        return out

    def changed(self, *sources: str) -> str:
        """The latest last-changed date of the given shown paths (or of a whole folder)."""
        dates = [d for d in (self.dates.get(s) or self._folder_dates.get(s.rstrip("/"))
                             for s in sources) if d]
        return max(dates).isoformat() if dates else ""

    @cached_property
    def changes(self) -> Changes:
        if not self.options.history:
            return Changes(None, note="Change history is turned off.")
        return changes(self.playbook, self.options.changes_since)

    @cached_property
    def audit(self) -> Audit:
        return audit(self.playbook, self.options.today)

    @cached_property
    def paths_by_role(self) -> dict[str, OnboardingPath]:
        return {p.role.id: p for p in self.paths}

    def _page(self, job: _Job, failures: list[_Failure]) -> Page | None:
        """One page, or None (and a note in ``failures``) when its template fails."""
        self._fallbacks = 0
        template, path, title = job.template, job.path, job.title
        is_markdown = template.replace(".html.j2", ".md.j2") in self._overrides
        reads: set[tuple[str, str]] = set()
        self.env.reads = reads if self.options.record else None
        if self._markdown_env is not None:
            self._markdown_env.reads = self.env.reads
        try:
            text = self._render(template, path, entity=job.entity, title=title,
                                source=self._source_display(job.source), **job.extra)
        except Exception as exc:  # a template, maybe a hub's own, failed: report, don't crash
            failure = _template_failure(exc, template, path)
            where = failure.location
            if os.path.isabs(where.path):  # shown from the hub's folder, as files are
                where = Location(self._source_display(Path(where.path)), where.line)
            failures.append(_Failure(path, failure.message, where))
            return None
        finally:
            self.env.reads = None
            if self._markdown_env is not None:
                self._markdown_env.reads = None
        path_of_role = job.extra.get("onboarding_path")
        if self.options.record and path_of_role is not None:
            # A path is made in Python from what its modules draw on, and from the funnel.
            reads.add(("roles", path_of_role.role.id))
            reads.update(("lead-types", id) for id in self.playbook.lead_types)
            for module in path_of_role.modules:
                reads.update(module.links)
                if not module.generated:
                    reads.add(("onboarding", module.key))
        if is_markdown:
            if self._fallbacks:
                text = _after_title(text, "\n" + self._fallback_note() + "\n", in_html=False)
            return Page(path, text, title, job.source, job.in_nav, job.language,
                        is_markdown=True, reads=frozenset(reads))
        meta: dict[str, Any] = {}
        if text.startswith("---\n"):
            head, _, text = text[4:].partition("\n---\n")
            meta = yaml.safe_load(head) or {}
            meta.pop("title", None)
        if self._fallbacks:
            text = _after_title(text, self._fallback_note(), in_html=True)
        text, toc, anchors = markup.headings(text, self._slugify, self._permalink)
        return Page(path, text.strip() + "\n", title, job.source, job.in_nav, job.language,
                    tuple(toc), meta, frozenset(anchors), reads=frozenset(reads))

    def _fallback_note(self) -> str:
        """Say, under the page's title, that some of it is shown in another language."""
        default = self.playbook.default_language
        text = gettext(self.lang, "Parts of this page are not translated into {language} yet; "
                       "they are shown in {default}.", language=languages.label(self.lang),
                       default=languages.label(default))
        return f'<p class="pb-fallback-note" data-pagefind-ignore>{html.escape(text)}</p>'

    def _file_size(self, path: str) -> str:
        try:
            size = (self.playbook.docs_dir / path).stat().st_size
        except OSError:
            return ""
        for unit in ("bytes", "KB", "MB", "GB"):
            if size < 1024 or unit == "GB":
                return f"{size:.0f} {unit}" if unit == "bytes" else f"{size:.1f} {unit}"
            size /= 1024
        return ""  # pragma: no cover

    def _source_display(self, source: Path | None) -> str:
        if source is None:
            return ""
        try:
            return Path(self._resolve(source)).relative_to(self._root).as_posix()
        except ValueError:
            return source.as_posix()

    @cached_property
    def _root(self) -> Path:
        return self.playbook.root.resolve()


_TOP_HEADING = re.compile(r'<h([1-6]) id="([^"]*)">(.*?)(?:<a class="headerlink"[^>]*>[^<]*</a>)?'
                          r'</h\1>')
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_\[\]#<>|{}])")


def _markdown_headings(body: str) -> str:
    """``body`` with its headings outside any block as Markdown headings (with their ids),
    so that a generator reading the file makes its table of contents from them; the rest
    stays HTML, which Markdown keeps as it is."""
    out, depth = [], 0
    for line in body.split("\n"):
        found = _TOP_HEADING.fullmatch(line) if depth == 0 else None
        if found:
            level, anchor, inner = found.groups()
            text = _MARKDOWN_SPECIAL.sub(r"\\\1", html.unescape(re.sub(r"<[^>]*>", "", inner)))
            out.append(f"\n{'#' * int(level)} {text} {{ #{anchor} }}\n")
        else:
            out.append(line)
        depth += line.count("<div") - line.count("</div>")
    return "\n".join(out)


def _after_title(text: str, note: str, in_html: bool) -> str:
    """``note`` right after the page's title (its ``</h1>``, or its ``# `` line in
    Markdown), else at the top."""
    if in_html:
        at = text.find("</h1>") + len("</h1>")
        return text[:at] + "\n" + note + text[at:] if at >= len("</h1>") \
            else note + "\n" + text
    lines = text.split("\n")
    for i, line in enumerate(lines):
        if line.startswith("# "):
            lines.insert(i + 1, note)
            return "\n".join(lines)
    return note + "\n" + text


def _pack(page: Page | None) -> tuple[Any, ...] | None:
    """A page as plain tuples, to send between processes: unpickling dataclasses, paths
    and sets costs ten times as much as tuples (0.3 s for 5,000 pages)."""
    if page is None:
        return None
    return (page.path, page.content, page.title,
            None if page.source is None else os.fspath(page.source), page.in_nav,
            page.language, _pack_toc(page.toc), page.meta, tuple(page.anchors),
            page.is_markdown, tuple(page.reads))


def _pack_toc(toc: Any) -> tuple[Any, ...]:
    return tuple((h.level, h.id, h.name, _pack_toc(h.children)) for h in toc)


def _unpack(data: tuple[Any, ...] | None) -> Page | None:
    if data is None:
        return None
    path, content, title, source, in_nav, language, toc, meta, anchors, is_markdown, reads \
        = data
    return Page(path, content, title, None if source is None else Path(source), in_nav,
                language, _unpack_toc(toc), meta, frozenset(anchors), is_markdown,
                frozenset(reads))


def _unpack_toc(toc: tuple[Any, ...]) -> tuple[markup.Heading, ...]:
    return tuple(markup.Heading(level, id, name, list(_unpack_toc(children)))
                 for level, id, name, children in toc)


class _Lazy:
    """An object made on first use: the audit goes through every text of the hub (half a
    second at 10,000 items), and only its page shows it."""

    def __init__(self, make: Any) -> None:
        self._make = make

    def __getattr__(self, name: str) -> Any:
        return getattr(self._make(), name)


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
    if not isinstance(exc, jinja2.TemplateError):
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


def render(playbook: Playbook, options: RenderOptions | None = None,
           report: Report | None = None) -> list[Page]:
    options = options or RenderOptions()
    return Renderer(playbook, options).pages(report, options.workers)
