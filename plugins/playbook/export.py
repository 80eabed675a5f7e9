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

from .hub_config import Tagged as _Tagged
from .hub_config import read as read_config
from .render import INDEX_PAGES, INDEX_TITLES, Page

ASSETS = Path(__file__).parent / "assets"
ASSET_FILES = {"playbook.css": "assets/playbook/playbook.css",
               "playbook.js": "assets/playbook/playbook.js",
               "vendor/mermaid.min.js": "assets/playbook/mermaid.min.js"}
EXTENSIONS = ["admonition", "attr_list", "md_in_html"]


class _KeepDumper(yaml.SafeDumper):
    pass


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


def _config(config_file: Path, docs: Path, pages: list[Page], nav_section: str) -> dict:
    config: dict[str, Any] = read_config(config_file)
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
