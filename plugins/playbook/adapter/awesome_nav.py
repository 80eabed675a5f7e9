"""The Playbook section with awesome-nav, which makes the navigation from `.nav.yml` files
in the docs folder and replaces (with a warning) a `nav` set in the config: a hub with no
`.nav.yml` of its own at the top gets one, its pages first, then the section."""

from __future__ import annotations

from typing import Any

import yaml
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File, Files, InclusionLevel

PLUGIN = "awesome-nav"
NAV_FILE = ".nav.yml"  # awesome-nav's default `filename`


def in_use(config: MkDocsConfig) -> bool:
    return PLUGIN in config.plugins


def add_section(files: Files, config: MkDocsConfig, section: dict[str, Any]) -> None:
    """A top `.nav.yml` listing every other page (awesome-nav's `*`: hand-written pages and
    folders, sorted as awesome-nav sorts them), then ``section``; none when the hub has its
    own, which then places the section itself (it may list our index pages)."""
    plugin = config.plugins[PLUGIN]
    name = getattr(plugin, "config", {}).get("filename", NAV_FILE)
    if files.get_file_from_path(name) is not None:
        return
    text = yaml.safe_dump({"nav": ["*", section]}, allow_unicode=True, sort_keys=False)
    files.append(File.generated(config, name, content=text,
                                inclusion=InclusionLevel.EXCLUDED))
