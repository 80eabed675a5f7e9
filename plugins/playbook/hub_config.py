"""What the command line reads of a hub's mkdocs.yml, without MkDocs: the docs folder, the
playbook plugin's options and the Markdown extensions, as far as they are plain data, so
that `playbook validate` checks what `mkdocs build` builds."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from .hub_files import MAX_YAML_BYTES
from .yaml_loader import SAFE_LOADER


class Tagged:
    """A value under a tag we do not know (`!ENV`, `!!python/name:...`), kept as written."""

    def __init__(self, tag: str, node: yaml.Node):
        self.tag, self.node = tag, node


class KeepLoader(SAFE_LOADER):  # type: ignore[misc,valid-type]
    pass


def _keep(loader: Any, suffix: str, node: yaml.Node) -> Tagged:
    return Tagged(node.tag, node)


KeepLoader.add_multi_constructor("!", _keep)
KeepLoader.add_multi_constructor("tag:yaml.org,2002:python/", _keep)


def read(config_file: Path) -> dict[str, Any]:
    """mkdocs.yml as data ({} when there is none or it is not a mapping)."""
    if not config_file.is_file():
        return {}
    try:
        config = yaml.load(config_file.read_text(encoding="utf-8"), Loader=KeepLoader)
    except yaml.YAMLError:
        return {}  # MkDocs will say what is wrong with it
    return config if isinstance(config, dict) else {}


@dataclass
class HubSettings:
    """The settings of a hub that the core needs, as a build would have them."""

    docs_dir: str = "content"
    data_dir: str = "playbook"
    templates_dir: str = "templates"
    trust_templates: bool = False
    max_yaml_bytes: int = MAX_YAML_BYTES
    allowed_hosts: list[str] = field(default_factory=list)
    history: bool = True
    changes_since: str | None = None
    offline: bool = False  # reps may keep their role on the device (playbook.offline)
    offline_max_file_mb: float = 10.0
    #: the browser editor's settings (playbook.editor): None when the hub has it off
    editor: dict[str, Any] | None = None
    repo_url: str = ""
    site_url: str = ""
    #: keep what a run made in the hub's .cache for the next (the plugin's build_cache)
    build_cache: bool = True


def settings(config_file: Path) -> HubSettings:
    """The docs folder and the playbook plugin's options in ``config_file``; MkDocs' and
    the plugin's defaults for what it does not set (or sets under a tag such as `!ENV`)."""
    config = read(config_file)
    # MkDocs' default docs folder, or, with no mkdocs.yml at all, the format's own
    found = HubSettings(docs_dir="docs" if config_file.is_file() else "content")
    if isinstance(config.get("docs_dir"), str):
        found.docs_dir = config["docs_dir"]
    options = plugin_options(config)
    for name in ("data_dir", "templates_dir"):
        if isinstance(options.get(name), str):
            setattr(found, name, options[name])
    if isinstance(options.get("max_yaml_bytes"), int):
        found.max_yaml_bytes = options["max_yaml_bytes"]
    hosts = options.get("allowed_hosts")
    if isinstance(hosts, list) and all(isinstance(h, str) for h in hosts):
        found.allowed_hosts = hosts
    found.history = options.get("history") is not False
    found.trust_templates = options.get("trust_templates") is True
    found.offline = options.get("offline") is True
    found.build_cache = options.get("build_cache") is not False
    if isinstance(options.get("offline_max_file_mb"), (int, float)) \
            and not isinstance(options["offline_max_file_mb"], bool):
        found.offline_max_file_mb = float(options["offline_max_file_mb"])
    if options.get("editor") is True or isinstance(options.get("editor"), dict):
        found.editor = options["editor"] if isinstance(options["editor"], dict) else {}
    for name in ("repo_url", "site_url"):
        if isinstance(config.get(name), str):
            setattr(found, name, config[name])
    if options.get("changes_since"):
        found.changes_since = str(options["changes_since"])
    return found


def plugin_options(config: dict[str, Any]) -> dict[str, Any]:
    """The playbook plugin's options in a hub's mkdocs.yml (as :func:`read` gives it), as
    far as they are plain data."""
    for plugin in config.get("plugins") or []:
        if isinstance(plugin, dict) and len(plugin) == 1 and "playbook" in plugin:
            options = plugin["playbook"]
            return {k: v for k, v in options.items() if not isinstance(v, Tagged)} \
                if isinstance(options, dict) else {}
    return {}


#: Markdown extensions used when no site configuration is given (the CLI, `playbook
#: generate`).
DEFAULT_EXTENSIONS = ["toc", "tables", "fenced_code", "admonition", "attr_list", "md_in_html"]


def markdown_settings(config_file: Path) -> tuple[list[str], dict[str, dict[str, Any]]]:
    """The Markdown extensions of a hub's mkdocs.yml and their settings, as far as they are
    plain data (settings under a YAML tag, such as a custom slugify, are left out), so that
    the generated pages get the same heading permalinks and Markdown as in a build."""
    names, configs = [], {}
    for entry in read(config_file).get("markdown_extensions") or []:
        if isinstance(entry, str):
            names.append(entry)
        elif isinstance(entry, dict) and len(entry) == 1:
            name, value = next(iter(entry.items()))
            names.append(str(name))
            if isinstance(value, dict):
                configs[str(name)] = {k: v for k, v in value.items()
                                      if not isinstance(v, (Tagged, dict, list))}
    return names, configs
