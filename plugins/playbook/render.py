"""Render the generated pages: Jinja2 templates in, HTML out, one page per path.

The templates (``*.html.j2``, autoescaped) write the body of each page as HTML, with final
relative URLs, so a site generator only has to put it into its theme: no Markdown parsing
of thousands of generated pages. The hub's long text fields are Markdown, converted once
each and cleaned (:mod:`playbook.markup`). A hub overrides any template by putting a file
of the same name in its own ``templates/`` folder; an override named ``*.md.j2`` instead
writes Markdown, which the generator converts as it does hand-written pages.
"""

from __future__ import annotations

import html
import os
import posixpath
from pathlib import Path
from typing import Any, Iterator
from urllib.parse import quote

import jinja2
from markupsafe import Markup, escape

from . import feeds, languages, markup, page_jobs
from .hub_files import own_templates
from .catalog import Words
from .derived import Derived
from .diagnostics import Location, Report, relpath
from .fragments import Reads
from .history import label as history_label
from .kinds import KINDS, kind_of
from .model import Entity
from .page import Page
from .page_jobs import Job
from .render_options import RenderOptions
from .parallel import PARALLEL_MIN, render_in_processes
from .playbook import Playbook
from .site_plan import HOME_TEMPLATE
from .start import hub_id
from .templating import (Environments, Lazy, _Failure, _template_failure, _template_issues,
                         file_name)
from .text import LocalizedText
from .urls import (EDITOR, ENTITY_TEMPLATES, HANDBOOK_TEMPLATE, INDEX_PAGES, INDEX_TEMPLATES,
                   INDEX_TITLES, HANDBOOK, SEARCH_KINDS, data_files, entity_page, handbook_page,
                   page_url, relative_url)


# The small pieces every page has, in Python: a Jinja macro call costs several times as
# much, and a page of a large hub has dozens of them. `_macros.html.j2` keeps the macros
# (for hub overrides), calling these.


class Renderer:
    """Renders every generated page of a playbook."""

    def __init__(self, playbook: Playbook, options: RenderOptions | None = None):
        self.playbook = playbook
        self.options = options or RenderOptions()
        self.lang = self.options.language or playbook.default_language
        self.words: Words = playbook.words(self.lang)
        self._hub_folder = relpath(playbook.data_dir, playbook.root) + "/"
        self._environments = self.options.environments or Environments()
        own = own_templates(self.options.templates_dir)  # (the folder, listed once)
        # a hub's own templates come by pull request: they render sandboxed
        sandboxed = bool(own) and not self.options.trust_templates
        self._env_options = {"record": self.options.record, "sandboxed": sandboxed,
                             "root": playbook.root}
        self.env = self._environments.get(self.options.templates_dir, **self._env_options)
        # The pages whose template the hub does not override render unsandboxed, from the
        # shipped templates alone (the sandbox costs a third of a page's rendering), unless
        # it overrides a template that pages share (`_macros.html.j2`): then all do.
        pages = {*ENTITY_TEMPLATES.values(), *INDEX_TEMPLATES.values(), HOME_TEMPLATE,
                 HANDBOOK_TEMPLATE}
        pages |= {name.replace(".html.j2", ".md.j2") for name in pages}
        self._own_templates = own
        self._plain_env = self._environments.get(None, record=self.options.record) \
            if sandboxed and own <= pages else None
        self._markdown_env: jinja2.Environment | None = None
        self.markdown = markup.MarkdownText(list(self.options.markdown_extensions),
                                            dict(self.options.markdown_configs),
                                            frozenset(self.options.allowed_hosts))
        toc = self.options.markdown_configs.get("toc") or {}
        self._slugify = toc.get("slugify")
        permalink = toc.get("permalink")
        self._permalink = ("¶" if permalink is True else str(permalink)) if permalink else None
        self._permalink_title = str(toc.get("permalink_title") or "Permanent link")
        self._fallbacks = 0
        self.derived = Derived(self.playbook, self.options, self._text, self.words)
        self._overrides = {name for name in own if name.endswith(".md.j2")}

    # -- helpers the templates call ---------------------------------------------------

    def t(self, text: LocalizedText | str | None) -> str:
        """Text in the page's language; a fallback to another language is counted, and the
        page then says that parts of it are not translated yet."""
        if text is None:
            return ""
        if isinstance(text, LocalizedText):
            value, used = text.resolve(self.lang, self.playbook.default_language)
            if used != self.lang and not text.as_written:
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

    def _language_label(self, code: str) -> str:
        """A language's name for the reader of this page, and in its own words."""
        return languages.label(code, self.lang)

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

    def _read(self, kind: str, id: str) -> None:
        reads = self.env.reads
        if reads is not None:
            reads.add((kind, id))

    def _helpers(self, page: str) -> dict[str, Any]:
        pb = self.playbook
        udu = self.options.use_directory_urls
        base = page_url(page, udu)
        base_dir = posixpath.dirname(page) if self.options.links_from_source else \
            base.rstrip("/") if udu else posixpath.dirname(base)

        def url(kind: str, id: str | None = None) -> str:
            """The URL of a generated page, relative to this one (``kind`` "handbook": a
            role's handbook)."""
            target = handbook_page(id or "") if kind == HANDBOOK else \
                INDEX_PAGES[kind] if id is None else entity_page(kind, id)
            return relative_url(page_url(target, udu), base_dir, udu)

        lang, default = self.lang, pb.default_language

        def link(kind: str, id: str, label: Any = None) -> Markup:
            """A link to an entity's page, named by its title; a title in another language
            (not translated yet) says which, and is isolated from the text around it."""
            self._read(kind, id)
            entity = pb.get(kind, id)
            marks = ""
            if label is not None:
                text = label
            elif entity is None:
                text = id
            elif isinstance(entity.title, LocalizedText):
                text, used = entity.title.resolve(lang, default)
                if used != lang:
                    if not entity.title.as_written:
                        self._fallbacks += 1
                    marks = f' lang="{used}" dir="{languages.direction(used)}"'
            else:
                text = str(entity.title)
            return Markup(f'<a href="{escape(url(kind, id))}"{marks}>{escape(text)}</a>')

        def edit_url(entity: Any) -> str | None:
            """The address of ``entity``'s form in the browser editor, which is at the root
            of the default language's site; None when the hub has no editor."""
            if self.options.editor is None or not isinstance(entity, Entity):
                return None
            up = "" if lang == default else "../"
            return (up + relative_url(EDITOR, base_dir, True) + ("" if udu else "index.html")
                    + f"#/collections/{kind_of(entity).folder}/entries/{quote(entity.id)}")

        def link_list(kind: str, ids: Any, sep: str | None = None) -> Markup:
            sep = languages.separators(self.lang)[0] if sep is None else sep
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
                "file_href": file_href, "file_name": file_name, "edit_url": edit_url}

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
            "raci_names": pb.raci_names,
            "index_titles": INDEX_TITLES,
            "search_kinds": SEARCH_KINDS,
            "kinds": KINDS,
            "page": page,
            "words": self.words,
            "hub_folder": self._hub_folder,
            "_": self.words.html,
            "_md": self.words.html_markdown,
            "language_label": self._language_label,
            "language_dir": languages.direction,
            "comma": languages.separators(self.lang)[0],
            "semicolon": languages.separators(self.lang)[1],
            "file_size": self.derived.file_size,
            "paths": self.derived.paths_by_role,
            "audit": Lazy(lambda: self.derived.audit),  # only the audit page reads it
            "changed": self.derived.changed,
            "changes": lambda: self.derived.changes,
            "feed_of_role": feeds.role_feed,
            "feed_of_hub": feeds.ALL,
            "field_label": lambda name: self.words(history_label(name)),
            "storage_prefix": hub_id(pb),
            "data_files": data_files(self.lang, pb.default_language),
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
                self._markdown_env = self._environments.get(
                    self.options.templates_dir, False, **self._env_options)
                self._markdown_env.reads = self.env.reads
            return self._markdown_env.get_template(markdown_name)
        if self._plain_env is not None and name not in self._own_templates:
            return self._plain_env.get_template(name)
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
        if only is None:  # (everything may have changed: a template, hub.yml, the words)
            self._environments.fragments.clear()
        self.derived.only = only
        jobs = list(self._jobs(only))
        failures: list[_Failure] = []
        if workers > 1 and len(jobs) >= PARALLEL_MIN and hasattr(os, "fork"):
            done = self._render_in_processes(jobs, workers, failures)
        else:
            done = [self._page(job, failures) for job in jobs]
        report.extend(_template_issues(failures, [job.path for job in jobs]))
        if "changes" in vars(self.derived) and self.lang == self.playbook.default_language:
            report.extend(self.derived.changes.unread)  # (once, not once per language)
        return [page for page in done if page is not None]

    def _jobs(self, only: set[str] | None = None) -> Iterator[Job]:
        """What to render, page by page, in the order of the site (only the pages whose
        path is in ``only``, when given)."""
        return page_jobs.jobs(self.playbook, self.lang, self.words, self._text,
                              lambda: self.derived.paths, only)

    @property
    def environments(self) -> Environments:
        """The template environments of this render, with the parts of pages kept."""
        return self._environments

    def paths_in_order(self) -> list[str]:
        """The path of every page of the site, in the site's order (which an edit may
        change: the onboarding paths come in the order of the roles' titles)."""
        return [job.path for job in self._jobs()]

    def _render_in_processes(self, jobs: list[Job], workers: int,
                             failures: list[_Failure]) -> list[Page | None]:
        # What pages share is made once, before the processes part; the parts of pages
        # made in the others come back with their pages (render_cache keeps them).
        self.derived.prepare()
        fragments = self._environments.fragments
        mark = fragments.mark()
        return render_in_processes(jobs, workers, self._page, failures,
                                   made=lambda: fragments.made_since(mark),
                                   take=lambda parts: fragments.adopt(parts, self.playbook))

    def _page(self, job: Job, failures: list[_Failure]) -> Page | None:
        """One page, or None (and a note in ``failures``) when its template fails."""
        self._fallbacks = 0
        template, path, title = job.template, job.path, job.title
        is_markdown = template.replace(".html.j2", ".md.j2") in self._overrides
        reads = Reads()
        self.env.reads = reads if self.options.record else None
        self.playbook.reads = self.env.reads
        for other in (self._markdown_env, self._plain_env):
            if other is not None:
                other.reads = self.env.reads
        if self.options.record:
            self._environments.fragments.begin((path, self.lang, self.options.today),
                                               self.playbook, reads, self._count_fallbacks)
        try:
            heading = self.t_inline(job.entity.title) if job.entity is not None \
                else escape(title)
            text = self._render(template, path, entity=job.entity, title=title, heading=heading,
                                source=self.derived.source_display(job.source), **job.extra)
        except Exception as exc:  # a template, maybe a hub's own, failed: report, don't crash
            self._failed(failures, _template_failure(exc, template, path))
            return None
        finally:
            self._environments.fragments.end()
            self.env.reads = None
            self.playbook.reads = None
            for other in (self._markdown_env, self._plain_env):
                if other is not None:
                    other.reads = None
        path_of_role = job.extra.get("onboarding_path")
        if self.options.record and path_of_role is not None:
            # A path is made in Python from what its modules draw on, and from the funnel.
            reads.update(path_of_role.subjects)
            reads.update((kind_of(stage).folder, stage.id) for stage in self.playbook.funnel)
        if is_markdown:
            if self._fallbacks:
                text = markup.after_title(text, "\n" + self._fallback_note() + "\n", in_html=False)
            return Page(path, text, title, job.source, job.in_nav, job.language,
                        is_markdown=True, reads=frozenset(reads), fallback=job.fallback)
        try:
            meta, text = markup.front_matter(text)
        except ValueError as exc:  # (a hub's template, writing what is not settings)
            name = self.env.get_template(template).filename or template
            self._failed(failures, _Failure(path, str(exc), Location(name, 1)))
            return None
        meta.pop("title", None)
        if self._fallbacks:
            text = markup.after_title(text, self._fallback_note(), in_html=True)
        text, toc, anchors = markup.headings(text, self._slugify, self._permalink,
                                             permalink_title=self._permalink_title)
        return Page(path, text.strip() + "\n", title, job.source, job.in_nav, job.language,
                    tuple(toc), meta, frozenset(anchors), reads=frozenset(reads),
                    fallback=job.fallback)

    def _failed(self, failures: list[_Failure], failure: _Failure) -> None:
        """Note ``failure``, its template shown from the hub's folder, as files are."""
        where = failure.location
        if os.path.isabs(where.path):
            where = Location(self.derived.source_display(Path(where.path)), where.line)
        failures.append(_Failure(failure.page, failure.message, where))

    def _count_fallbacks(self, n: int) -> int:
        """Add ``n`` texts shown in another language to the page's count; the count."""
        self._fallbacks += n
        return self._fallbacks

    def _fallback_note(self) -> str:
        """Say, under the page's title, that some of it is shown in another language."""
        default = self.playbook.default_language
        text = self.words("Parts of this page are not translated into {language} yet; "
                          "they are shown in {default}.", language=self._language_label(self.lang),
                          default=self._language_label(default))
        return f'<p class="pb-fallback-note" data-pagefind-ignore>{html.escape(text)}</p>'


def render(playbook: Playbook, options: RenderOptions | None = None,
           report: Report | None = None) -> list[Page]:
    """Every generated page of ``playbook``; with ``options.kept`` (the pages of earlier
    builds), only those whose reads changed are rendered again."""
    options = options or RenderOptions()
    if options.kept is not None:
        return options.kept.render(playbook, options, report)
    return Renderer(playbook, options).pages(report, options.workers)
