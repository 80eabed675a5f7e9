"""`playbook generate`: the hub as plain files, for generators that run no MkDocs plugins.

Zensical, the successor the Material team names, reads mkdocs.yml but silently skips custom
plugins. This writes a folder that any of them can build: the hand-written pages, the
generated pages as Markdown, the assets they use, and a copy of mkdocs.yml that points at
them instead of at the plugin.
"""

from __future__ import annotations

import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from .render import INDEX_PAGES, INDEX_TITLES, Page

ASSETS = Path(__file__).parent / "assets"
ASSET_FILES = {"playbook.css": "assets/playbook/playbook.css",
               "playbook.js": "assets/playbook/playbook.js",
               "vendor/mermaid.min.js": "assets/playbook/mermaid.min.js"}
EXTENSIONS = ["admonition", "attr_list", "md_in_html"]


class _Tagged:
    """A value under a tag we do not know (`!ENV`, `!!python/name:...`), kept as written."""

    def __init__(self, tag: str, node: yaml.Node):
        self.tag, self.node = tag, node


class _KeepLoader(yaml.SafeLoader):
    pass


class _KeepDumper(yaml.SafeDumper):
    pass


def _keep(loader: yaml.SafeLoader, suffix: str, node: yaml.Node) -> _Tagged:
    return _Tagged(node.tag, node)


_KeepLoader.add_multi_constructor("!", _keep)
_KeepLoader.add_multi_constructor("tag:yaml.org,2002:python/", _keep)
_KeepDumper.add_representer(_Tagged, lambda dumper, value: value.node)


@dataclass
class Export:
    out: Path
    pages: int
    files: int


def export(root: Path, pages: list[Page], docs_dir: Path, out: Path,
           config_file: Path | None = None, nav_section: str = "Playbook",
           other_languages: list[str] | None = None) -> Export:
    """Write ``out/docs`` (hand-written + generated pages, assets) and ``out/mkdocs.yml``.

    This is the site of the default language: the translated pages in ``<docs>/<lang>/``
    of ``other_languages`` are left out.
    """
    docs = out / "docs"
    if docs.exists():
        shutil.rmtree(docs)
    copied = 0
    if docs_dir.is_dir():
        skip = set(other_languages or [])
        shutil.copytree(docs_dir, docs, ignore=lambda folder, names: [
            n for n in names if Path(folder) == docs_dir and n in skip])
        copied = sum(1 for p in docs.rglob("*") if p.is_file())
    for page in pages:
        target = docs / page.path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(page.markdown, encoding="utf-8")
    for source, dest in ASSET_FILES.items():
        target = docs / dest
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(ASSETS / source, target)
    config = _config(config_file or root / "mkdocs.yml", docs, pages, nav_section)
    (out / "mkdocs.yml").write_text(
        "# Written by `playbook generate`: the hub without the playbook plugin.\n"
        + yaml.dump(config, Dumper=_KeepDumper, allow_unicode=True, sort_keys=False),
        encoding="utf-8")
    return Export(out, len(pages), copied)


def markdown_settings(config_file: Path) -> tuple[list[str], dict[str, dict[str, Any]]]:
    """The Markdown extensions of a hub's mkdocs.yml and their settings, as far as they are
    plain data (settings under a YAML tag, such as a custom slugify, are left out), so that
    the generated pages get the same heading permalinks and Markdown as in a build."""
    if not config_file.is_file():
        return [], {}
    config = yaml.load(config_file.read_text(encoding="utf-8"), Loader=_KeepLoader) or {}
    names, settings = [], {}
    for entry in config.get("markdown_extensions") or []:
        if isinstance(entry, str):
            names.append(entry)
        elif isinstance(entry, dict) and len(entry) == 1:
            name, value = next(iter(entry.items()))
            names.append(str(name))
            if isinstance(value, dict):
                settings[str(name)] = {k: v for k, v in value.items()
                                       if not isinstance(v, (_Tagged, dict, list))}
    return names, settings


def plugin_options(config_file: Path) -> dict[str, Any]:
    """The playbook plugin's options in a hub's mkdocs.yml, as far as they are plain data
    (`allowed_hosts`, `templates_dir`, ...), so that the CLI renders pages as a build does."""
    if not config_file.is_file():
        return {}
    config = yaml.load(config_file.read_text(encoding="utf-8"), Loader=_KeepLoader) or {}
    for plugin in config.get("plugins") or []:
        if isinstance(plugin, dict) and len(plugin) == 1 and "playbook" in plugin:
            options = plugin["playbook"]
            return {k: v for k, v in options.items() if not isinstance(v, _Tagged)} \
                if isinstance(options, dict) else {}
    return {}


def _config(config_file: Path, docs: Path, pages: list[Page], nav_section: str) -> dict:
    config: dict[str, Any] = {}
    if config_file.is_file():
        config = yaml.load(config_file.read_text(encoding="utf-8"), Loader=_KeepLoader) or {}
    config["docs_dir"] = "docs"
    config.pop("site_dir", None)
    plugins = config.get("plugins") or ["search"]
    kept = []
    for plugin in plugins:
        name = plugin if isinstance(plugin, str) else next(iter(plugin), "")
        if name != "playbook":
            kept.append(plugin)
    config["plugins"] = kept
    config["extra_css"] = list(config.get("extra_css") or []) + [ASSET_FILES["playbook.css"]]
    config["extra_javascript"] = list(config.get("extra_javascript") or []) + [
        ASSET_FILES["vendor/mermaid.min.js"], ASSET_FILES["playbook.js"]]
    extensions = list(config.get("markdown_extensions") or [])
    names = {e if isinstance(e, str) else next(iter(e), "") for e in extensions}
    config["markdown_extensions"] = extensions + [e for e in EXTENSIONS if e not in names]
    if config.get("nav") is None:
        generated = {p.path for p in pages}
        hand = sorted(str(p.relative_to(docs).as_posix()) for p in docs.rglob("*.md")
                      if p.relative_to(docs).as_posix() not in generated)
        hand.sort(key=lambda p: (p != "index.md", p.count("/"), p))
        config["nav"] = hand + [{nav_section: [{INDEX_TITLES[k]: v}
                                               for k, v in INDEX_PAGES.items()]}]
    return config
