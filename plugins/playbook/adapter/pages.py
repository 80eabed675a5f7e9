"""The generated pages as MkDocs sees them: files, pages and a section of the navigation."""

from __future__ import annotations

import atexit
import functools
import hashlib
import html
import logging
import os
import shutil
import tempfile
import time
from pathlib import Path, PurePosixPath
from typing import Any, Callable

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.nav import Section
from mkdocs.structure.pages import Page as MkDocsPage
from mkdocs.structure.toc import get_toc

from ..catalog import words
from ..page import made_from
from ..page_marks import excluded_from_search
from ..parallel import BackgroundWrite
from ..page import Page
from ..urls import INDEX_PAGES, PLAYBOOK_JSON
from ..site_plan import ASSETS, HOME_PAGE, index_section, navigation, site_files
from . import awesome_nav
from .state import Build

log = logging.getLogger("mkdocs.plugins.playbook")


class GeneratedPage(MkDocsPage):
    """A page whose body the core has rendered as HTML already.

    MkDocs would parse each page's Markdown, which is most of the time a build of thousands
    of generated pages takes; these pages skip it and hand MkDocs their HTML, title, table
    of contents and anchors as the core made them. Everything after (the theme, other
    plugins' page events) sees an ordinary page.
    """

    generated: Page
    build: Build

    @classmethod
    def adopt(cls, page: MkDocsPage, generated: Page, build: Build) -> None:
        page.__class__ = cls
        page.generated = generated  # type: ignore[attr-defined]
        page.build = build  # type: ignore[attr-defined]

    def read_source(self, config: MkDocsConfig) -> None:
        start = time.perf_counter()
        self.markdown = self.generated.content
        # The theme prints a page's title as HTML; ours is text. (A title in the page's
        # meta is the one MkDocs' Page.title gives, before any taken from the render.)
        self.meta = {**self.generated.meta, "title": html.escape(self.generated.title)}
        self.build.spend("pages", time.perf_counter() - start)

    def render(self, config: MkDocsConfig, files: Files) -> None:
        start = time.perf_counter()
        self.content = self.generated.content
        self.toc = get_toc([h.token() for h in self.generated.toc])
        self.present_anchor_ids = set(self.generated.anchors)
        self.links_to_anchors = {}
        self.build.spend("pages", time.perf_counter() - start)


def add_pages(build: Build, files: Files, config: MkDocsConfig, root: Path,
              templates_dir: str) -> None:
    """Add a file per generated page, unless a hand-written page has its path."""
    assert build.result is not None
    build.generated = {}
    build.edit_folders = {}
    for page in build.result.pages:
        if files.get_file_from_path(page.path) is not None:
            if page.fallback:  # (the home page, made only where there is none)
                continue
            docs = Path(os.path.relpath(config.docs_dir, root)).as_posix()
            _replaced(f"{docs}/{page.path}", templates_dir)
            continue
        files.append(_file(build, page, config))
        build.generated[page.path] = page


def drop_replaced(build: Build, files: Files, templates_dir: str) -> None:
    """Forget the generated pages another plugin has put a file of its own in place of."""
    for path in list(build.generated):
        file = files.get_file_from_path(path)
        if not isinstance(file, PageFile):
            if build.generated.pop(path).fallback:
                continue
            by = getattr(file, "generated_by", None) or "another plugin"
            _replaced(f"{path} (made by {by})", templates_dir)


def _replaced(what: str, templates_dir: str) -> None:
    log.warning(
        "playbook: %s replaces the generated page of the same path; "
        "to change a generated page, override its template in %s/ instead",
        what, templates_dir)


class PageFile(File):
    """A generated page as a file of the project, so that plugins asking where a page
    comes from get an answer: its ``abs_src_path`` is what it is made from
    (:func:`playbook.page.made_from`: an entity's YAML, an index's folder), which git
    knows (git-revision-date-localized, rss). Its content is the page itself, so MkDocs
    never reads the YAML as Markdown. Not marked ``generated_by``: plugins take that to mean
    a file with no history (git-revision-date-localized then shows the build time)."""

    @classmethod
    def of(cls, page: Page, config: MkDocsConfig, data_dir: Path,
           inclusion: InclusionLevel) -> PageFile:
        file = cls.generated(config, page.path, content=page.content, inclusion=inclusion)
        file.generated_by = None
        file.abs_src_path = str(made_from(page, data_dir))
        file.edit_uri = None  # unless it has a YAML file to open (see _file)
        return file


def _file(build: Build, page: Page, config: MkDocsConfig) -> File:
    inclusion = InclusionLevel.INCLUDED if page.in_nav else InclusionLevel.NOT_IN_NAV
    # The page's own body (HTML, or a Markdown override's Markdown): GeneratedPage
    # takes it from the page, so no Markdown file is made for each one.
    file = PageFile.of(page, config, build.result.playbook.data_dir, inclusion)
    if page.source is not None:
        # "Edit this page" opens the YAML the page is made from.
        folder, name = os.path.split(page.source)
        relative = build.edit_folders.get(folder)
        if relative is None:  # one relpath per folder, not per page
            relative = build.edit_folders[folder] = Path(
                os.path.relpath(folder, config.docs_dir)).as_posix()
        file.edit_uri = name if relative == "." else f"{relative}/{name}"
    return file


def data_file(build: Build, config: MkDocsConfig, name: str, content: str) -> File:
    """A file of data made from the whole hub (roles.json, raci.csv, ...), its source the
    playbook's folder: plugins that ask every file where it comes from (static-i18n) get
    a path, not None."""
    assert build.result is not None
    file = File.generated(config, name, content=content)
    file.abs_src_path = str(build.result.playbook.data_dir)
    return file


def add_site_files(files: Files, config: MkDocsConfig, offline: bool) -> None:
    """Our stylesheets, scripts and their assets (the site plan's), each where no file is."""
    for name, source in site_files(offline).items():
        if name == ASSETS["search-worker.js"]:
            continue  # (written by the search index, made for the site)
        if files.get_file_from_path(name) is None:
            files.append(made_file(config, name, source) if isinstance(source, str) else
                         File.generated(config, name, abs_src_path=str(source)))


def made_file(config: MkDocsConfig, name: str, content: str) -> File:
    """A file of ours made of several (the stylesheet: ours, then each kind's), written
    into a folder of this process's own, so that plugins that read a file from disk (the
    privacy plugin reads a stylesheet's ``abs_src_path``) read what the site publishes."""
    digest = hashlib.sha256(content.encode("utf-8")).hexdigest()[:16]
    path = _made_folder() / digest / PurePosixPath(name).name
    if not path.is_file():
        path.parent.mkdir(exist_ok=True)
        path.write_text(content, encoding="utf-8")
    return File.generated(config, name, abs_src_path=str(path))


@functools.lru_cache(maxsize=None)
def _made_folder() -> Path:
    folder = Path(tempfile.mkdtemp(prefix="playbook-hub-"))  # (its owner's alone)
    atexit.register(shutil.rmtree, folder, ignore_errors=True)
    return folder


class LaterFile(File):
    """A :func:`data_file` whose text a forked process makes while MkDocs writes the pages
    (:class:`playbook.parallel.BackgroundWrite`): MkDocs' copy of the files, before the
    pages, leaves it out, and :func:`write_later_files` puts it in place after them. A
    plugin that asks for its content meanwhile gets it, made there and then."""

    writing: BackgroundWrite

    def copy_file(self, dirty: bool = False) -> None:
        if self._content is not None:
            super().copy_file(dirty)

    def is_modified(self) -> bool:
        return True

    @property
    def content_string(self) -> str:
        if self._content is None:
            self.writing.cancel()
            self._content = self.writing.make()
        return self._content if isinstance(self._content, str) \
            else self._content.decode("utf-8-sig", errors="strict")

    @content_string.setter
    def content_string(self, value: str) -> None:
        self.writing.cancel()
        self._content = value

    @property
    def content_bytes(self) -> bytes:
        content = self.content_string if self._content is None else self._content
        return content.encode("utf-8") if isinstance(content, str) else content

    @content_bytes.setter
    def content_bytes(self, value: bytes) -> None:
        self.writing.cancel()
        self._content = value


def later_file(build: Build, config: MkDocsConfig, name: str, make: Callable[[], str]
               ) -> LaterFile:
    """:func:`data_file`, its text made in the background from now on."""
    assert build.result is not None
    file = LaterFile.generated(config, name, abs_src_path=str(build.result.playbook.data_dir))
    file.writing = BackgroundWrite(make, file.abs_dest_path)
    build.later.append(file)
    return file


def write_later_files(build: Build, files: Files) -> None:
    """Puts the :class:`LaterFile` texts in place, those another plugin has not replaced
    since (its file of that name then stands)."""
    later, build.later = build.later, []
    for file in later:
        if files.get_file_from_path(file.src_uri) is not file:
            file.writing.cancel()
        elif file._content is None:
            start = time.perf_counter()
            elsewhere = file.writing.finish()
            log.debug("playbook: %s made %s (%.2f s waited)", file.src_uri,
                      "in a second process while the pages were written" if elsewhere
                      else "after the pages", time.perf_counter() - start)
        else:  # made early, for a plugin that asked
            File.copy_file(file)


def cancel_later_files(build: Build) -> None:
    later, build.later = build.later, []
    for file in later:
        file.writing.cancel()


def is_generated(page: MkDocsPage) -> bool:
    """Whether the page is one of ours (not a hand-written page of the same path)."""
    return isinstance(page.file, PageFile)


def overlay_translations(build: Build, files: Files, config: MkDocsConfig) -> None:
    """Hand-written pages in `<docs>/<lang>/` are that language's versions of the pages
    at the same path; the other languages' folders are left out of each site."""
    others = [lang for lang in build.languages if lang != build.default_language]
    if not others:
        return
    for file in list(files):
        head, _, rest = file.src_uri.partition("/")
        if head not in others or not rest:
            continue
        files.remove(file)
        if head == build.language:
            existing = files.get_file_from_path(rest)
            if existing is not None:
                files.remove(existing)
            files.append(File.generated(config, rest, abs_src_path=file.abs_src_path))


def set_nav(build: Build, files: Files, config: MkDocsConfig, section_title: str) -> None:
    """Give the index pages a nav section unless the hub's own `nav` lists them."""
    gettext = build.result.playbook.words(build.language) if build.result \
        else words(build.language)
    section = index_section(gettext, section_title)
    if awesome_nav.in_use(config):
        awesome_nav.add_section(files, config, section)
    elif config.nav is None or config.nav is build.auto_nav:
        ours = {p.path for p in build.result.pages} if build.result else set()
        config.nav = navigation((f.src_uri for f in files.documentation_pages()
                                 if f.src_uri not in ours and f.inclusion.is_in_nav()),
                                gettext, section_title, home=HOME_PAGE in build.generated)
        build.auto_nav = config.nav
    elif not _mentions(config.nav, set(INDEX_PAGES.values())):
        config.nav = list(config.nav) + [section]


def _mentions(nav: Any, paths: set[str]) -> bool:
    if isinstance(nav, str):
        return nav in paths
    if isinstance(nav, dict):
        return any(_mentions(v, paths) for v in nav.values())
    if isinstance(nav, list):
        return any(_mentions(v, paths) for v in nav)
    return False


def search_excluded(page: MkDocsPage) -> bool:
    """Material's front matter `search: {exclude: true}` keeps a page out of search."""
    return excluded_from_search(page.meta)


def kind_sections(build: Build, nav: Any) -> None:
    """A section per kind for its entity pages, which are not in the nav: the kind's index
    page in the section that lists it. An entity page's parent is its kind's section, so
    the theme shows where it is: the Playbook tab and section active, breadcrumbs (with
    `navigation.path`) Playbook > Roles."""
    build.sections = {}
    indexes = {path: kind for kind, path in INDEX_PAGES.items()}
    for page in getattr(nav, "pages", ()):
        kind = indexes.get(page.file.src_uri)
        if kind is None or page.parent is None:
            continue
        section = Section(page.title, [page])
        section.parent = page.parent
        build.sections[kind] = section


def place(build: Build, page: MkDocsPage) -> None:
    """Give a generated page outside the nav its kind's section as parent (see above)."""
    if page.parent is not None or page.file.inclusion.is_in_nav():
        return
    section = build.sections.get(page.file.src_uri.split("/", 1)[0])
    if section is not None:
        page.parent = section


def add_data_files(build: Build, files: Files, config: MkDocsConfig,
                   made: dict[str, Callable[[], str]]) -> None:
    """The data beside the pages (``made``: each file's name, and what makes it). A file
    of that name another plugin adds wins (one of the docs folder is a validation error),
    as for the other generated files. The whole hub's export is made in the background,
    while MkDocs writes the pages."""
    cancel_later_files(build)
    for name, make in made.items():
        if files.get_file_from_path(name) is not None:
            continue
        files.append(later_file(build, config, name, make) if name == PLAYBOOK_JSON
                     else data_file(build, config, name, make()))
