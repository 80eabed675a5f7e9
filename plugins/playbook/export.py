"""`playbook generate`: the hub as plain files, for generators that run no MkDocs plugins.

Zensical, the successor the Material team names, reads mkdocs.yml but silently skips custom
plugins. This writes a folder that any of them can build: per language, the hand-written
pages, the generated pages as Markdown, the assets and data they use, and a copy of
mkdocs.yml that points at them instead of at the plugin.

The layout, for a hub in English (its default) and Urdu::

    OUT/mkdocs.yml       docs_dir: docs, site_dir: site   the default language
    OUT/docs/
    OUT/ur/mkdocs.yml    docs_dir: docs, site_dir: site   each other language
    OUT/ur/docs/

Each language's folder is a project of its own: Zensical keeps its cache beside its config
(`OUT/.cache`, `OUT/ur/.cache`), so a language built again is built from its own cache,
where configs side by side shared one and each language's build threw out the last one's.
Built in any order, `playbook index OUT/site` then moves each other language's site into
its place under the default one's (`OUT/ur/site` to `OUT/site/ur/`), as the plugin's build
lays them out, and gives each its search index.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from . import editor, offline, search, start
from .data_export import published
from .hub_config import Tagged as _Tagged
from .hub_config import read as read_config
from .languages import theme_code, theme_codes
from .pipeline import Result, render_valid
from .page import Page
from .page_marks import excluded_from_search
from .render_options import RenderOptions
from .site_plan import (HOME_PAGE, MARKDOWN_EXTENSIONS, PACKAGE_ASSETS, SITE_FILE,
                        STYLESHEETS, alternates, navigation, scripts, site_files, site_name,
                        site_url, translate_theme_words)
from .urls import page_url


#: The first line of each config `generate` writes.
HEADER = "# Written by `playbook generate`"


class _KeepDumper(yaml.SafeDumper):
    pass


_KeepDumper.add_representer(_Tagged, lambda dumper, value: value.node)


@dataclass
class Folder:
    """One language's buildable folder."""

    language: str
    config: Path  # its mkdocs.yml
    docs: Path
    pages: int
    files: int  # hand-written files copied


@dataclass
class Export:
    out: Path
    folders: list[Folder] = field(default_factory=list)

    @property
    def pages(self) -> int:
        return sum(f.pages for f in self.folders)

    @property
    def files(self) -> int:
        return sum(f.files for f in self.folders)


class Tree(dict[str, "bytes | Path"]):
    """What `generate` makes of its folder, by path relative to it (``docs/roles/rep.md``):
    the bytes of a file made here, or the hand-written file to copy there. Nothing is
    written until it is all made: :func:`playbook.export_sync.export_changes` writes only
    what differs from what the folder holds."""

    def text(self, path: str, text: str) -> None:
        self[path] = text.encode("utf-8")

    def copy_folder(self, path: str, source: Path, skip: frozenset[str] = frozenset()) -> None:
        """Every file under ``source`` at ``path`` (over what is there), but for the
        entries of ``source`` itself named in ``skip``; links followed, as a copy follows
        them (validation refuses a link out of the hub), a folder met again on the way not
        walked twice."""
        seen: set[tuple[int, int]] = set()
        todo = [(source, path, skip)]
        while todo:
            folder, at, leave = todo.pop()
            info = folder.stat()
            if (info.st_dev, info.st_ino) in seen:
                continue
            seen.add((info.st_dev, info.st_ino))
            with os.scandir(folder) as entries:
                for entry in sorted(entries, key=lambda e: e.name):
                    if entry.name in leave:
                        continue
                    if entry.is_dir():
                        todo.append((Path(entry.path), f"{at}/{entry.name}", frozenset()))
                    else:
                        self[f"{at}/{entry.name}"] = Path(entry.path)

    def under(self, folder: str) -> list[str]:
        """The paths below ``folder``, relative to it."""
        start = folder + "/"
        return [path[len(start):] for path in self if path.startswith(start)]


def export(root: Path, result: Result, options: RenderOptions, docs_dir: Path, out: Path,
           today: dt.date, config_file: Path | None = None, nav_section: str = "Playbook",
           use_directory_urls: bool = True) -> tuple[Export, Tree]:
    """A buildable folder per language of the hub, to be written at ``out`` (see the
    module's layout): the default language's pages are ``result``'s, the others are
    rendered in ``options`` with their language."""
    pb = result.playbook
    languages = list(pb.hub.languages)
    default = languages[0]
    config_file = config_file or root / "mkdocs.yml"
    done, tree = Export(out), Tree()
    for lang in languages:
        pages = result.pages if lang == default else render_valid(
            result, dataclasses.replace(options, language=lang)).pages
        folder = "" if lang == default else f"{lang}/"
        docs, config = f"{folder}docs", f"{folder}mkdocs.yml"
        own = editor.site_files(options.editor, pb, PACKAGE_ASSETS) \
            if options.editor is not None and lang == default else {}
        copied = _write_docs(tree, docs, docs_dir, pages, lang, languages, options.offline, own)
        _write_data(tree, docs, pb, pages, lang, today, use_directory_urls, options)
        _write_config(tree, config, config_file, docs, pages, pb, lang, languages, nav_section,
                      options.offline)
        done.folders.append(Folder(lang, out / config, out / docs, len(pages), copied))
    return done, tree


def _write_docs(tree: Tree, docs: str, docs_dir: Path, pages: list[Page], lang: str,
                languages: list[str], offline: bool = False,
                extra: dict[str, Path | str] | None = None) -> int:
    """The hand-written pages (those of `<docs>/<lang>/` in place of the shared ones, the
    other languages' folders left out), the generated pages, our assets and ``extra`` files
    of the site (the editor's: copied from a Path, or text)."""
    copied = 0
    if docs_dir.is_dir():
        tree.copy_folder(docs, docs_dir, frozenset(languages[1:]))
        own = docs_dir / lang
        if lang != languages[0] and own.is_dir():
            tree.copy_folder(docs, own)
        copied = len(tree.under(docs))
    for page in pages:
        tree.text(f"{docs}/{page.path}", page.markdown)
    for dest, source in {**site_files(offline), **(extra or {})}.items():
        if isinstance(source, Path):
            tree[f"{docs}/{dest}"] = source
        else:
            tree.text(f"{docs}/{dest}", source)
    return copied


def _write_data(tree: Tree, docs: str, pb: Any, pages: list[Page], lang: str,
                today: dt.date, use_directory_urls: bool, options: RenderOptions) -> None:
    """What the pages and the browser script read beside them, as a build writes it: the
    RACI matrix (and, in the default language's, the whole hub as JSON), the roles of the
    home page's prompt, the search box's facets; and what `playbook index` needs. (A
    hand-written file of the same name is a validation error, reported before.)"""
    default = pb.default_language
    files: dict[str, Any] = dict(published(pb, today, use_directory_urls, lang,
                                           whole_hub=lang == default,
                                           history=options.history,
                                           changes_since=options.changes_since,
                                           offline=options.offline))
    files[SITE_FILE] = lambda: json.dumps({
        "hub": start.hub_id(pb), "language": lang,
        "default_site": start.default_site(lang, default),
        # (the default language's) the languages whose folders build a site of their
        # own, for `playbook index` to move into place (site_plan.language_site)
        **({"other_languages": list(pb.hub.languages)[1:]} if lang == default else {}),
        "pages": {_dest(p.path, use_directory_urls): p.language for p in pages
                  if search.needs_own_index(p.language)},
        # pages that ask to be left out of search (front matter `search: {exclude: true}`)
        "left_out": sorted(_dest(p.path, use_directory_urls) for p in pages
                           if excluded_from_search(p.meta)),
        # what `playbook index` needs to list what reps keep, once the site is built
        **({"offline": offline.inputs(pb, lang, use_directory_urls,
                                      options.offline_max_file_mb)}
           if options.offline else {}),
    }, ensure_ascii=False, indent=1)
    for name, make in files.items():
        if f"{docs}/{name}" not in tree:
            tree.text(f"{docs}/{name}", make())


def _dest(path: str, use_directory_urls: bool) -> str:
    """The file a page's Markdown becomes in the site: ``roles/rep/index.html``."""
    url = page_url(path, use_directory_urls)
    return url + "index.html" if url == "" or url.endswith("/") else url


def _write_config(tree: Tree, target: str, config_file: Path, docs: str, pages: list[Page],
                  pb: Any, lang: str, languages: list[str], nav_section: str,
                  offline: bool = False) -> None:
    config = _config(config_file, tree.under(docs), pages, nav_section, pb.words(lang),
                     offline)
    default = languages[0]
    config["docs_dir"] = "docs"  # (beside its config)
    if lang != default:
        theme = config.get("theme")
        theme = dict(theme) if isinstance(theme, dict) else {"name": theme or "material"}
        # the code the theme that builds the folder (Zensical, else Material) knows
        theme["language"] = theme_code(lang, theme_codes(_theme_templates())) or lang
        config["theme"] = theme
        name = site_name(pb.hub, lang)
        if name is not None:
            config["site_name"] = name
        if config.get("site_url"):
            config["site_url"] = site_url(str(config["site_url"]), lang, default)
    if len(languages) > 1:
        extra = dict(config.get("extra") or {})
        extra["alternate"] = alternates(lang, languages)
        config["extra"] = extra
    tree.text(target,
              HEADER + ": the hub without the playbook plugin"
              + ("" if lang == default else f", in {lang}; `playbook index` moves its site into "
                                          f"the default language's") + ".\n"
              + yaml.dump(config, Dumper=_KeepDumper, allow_unicode=True, sort_keys=False))


def _theme_templates() -> list[Path]:
    """The templates of the theme that builds `generate`'s folders: Zensical's, else
    Material's, when installed."""
    import importlib.util

    for package in ("zensical", "material"):
        spec = importlib.util.find_spec(package)
        if spec is not None and spec.origin is not None:
            return [Path(spec.origin).parent / "templates"]
    return []


def _config(config_file: Path, docs: list[str], pages: list[Page], nav_section: str,
            gettext: Any, offline: bool = False) -> dict:
    config: dict[str, Any] = read_config(config_file)
    config.pop("site_dir", None)
    plugins = config.get("plugins") or ["search"]
    kept = []
    for plugin in plugins:
        name = plugin if isinstance(plugin, str) else next(iter(plugin), "")
        if name != "playbook":
            kept.append(plugin)
    config["plugins"] = kept
    extra = config.get("extra")
    if isinstance(extra, dict) and isinstance(extra.get("version"), dict) \
            and extra["version"].get("provider") == "mike":
        # As in a plain build with the plugin: the selector fetches versions.json, which
        # only a mike deploy publishes.
        config["extra"] = {k: v for k, v in extra.items() if k != "version"}
    config["extra_css"] = list(config.get("extra_css") or []) + list(STYLESHEETS)
    config["extra_javascript"] = list(config.get("extra_javascript") or []) + scripts(
        mermaid_on_every_page=True,  # (Zensical runs no plugin to add it where needed)
        offline=offline)
    extensions = list(config.get("markdown_extensions") or [])
    theme = config.get("theme") if isinstance(config.get("theme"), dict) else {}
    translate_theme_words(theme.get("palette"), next((e["toc"] for e in extensions if isinstance(
        e, dict) and "toc" in e), None), gettext)
    names = {e if isinstance(e, str) else next(iter(e), "") for e in extensions}
    config["markdown_extensions"] = extensions + [e for e in MARKDOWN_EXTENSIONS if e not in names]
    if config.get("nav") is None:
        generated = {p.path for p in pages}
        hand = [p for p in docs if p.endswith(".md")]
        config["nav"] = navigation((p for p in hand if p not in generated), gettext,
                                   nav_section, home=HOME_PAGE in generated)
    return config
