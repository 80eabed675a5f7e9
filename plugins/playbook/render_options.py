"""How a render is made: the language, the date, the site's settings and what to keep.

(Apart from :mod:`playbook.render`, which renders with them, so that what keeps pages
between renders can be named here without importing the renderer.)
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .hub_config import DEFAULT_EXTENSIONS

if TYPE_CHECKING:
    from .derived import KeptPaths
    from .templating import Environments


@dataclass
class RenderOptions:
    language: str | None = None  # None: the hub's default language
    today: dt.date = field(default_factory=dt.date.today)
    use_directory_urls: bool = True
    templates_dir: Path | None = None  # the hub's overrides, searched first
    #: render the hub's overrides with all of Python's reach, not sandboxed (the option
    #: `trust_templates` of mkdocs.yml, the one file of a hub the plugin trusts)
    trust_templates: bool = False
    #: The site's Markdown extensions and their settings, for the hub's Markdown fields
    markdown_extensions: list[Any] = field(
        default_factory=lambda: list(DEFAULT_EXTENSIONS))
    markdown_configs: dict[str, Any] = field(default_factory=dict)
    changes_since: str | None = None  # git ref the changes page compares with
    history: bool = True  # read git for last-changed dates and the changes page
    #: what a site publishes besides its pages for `playbook generate`: with ``offline``,
    #: what reps keep on their device (playbook.offline), files up to this size
    offline: bool = False
    offline_max_file_mb: float = 10.0
    #: the browser editor (playbook.editor): None when the hub has none (its pages then
    #: link to none); for `playbook generate`, its configuration, published at admin/
    editor: dict[str, Any] | None = None
    #: the pages' links relative to each page's Markdown file (its folder), not to the
    #: built page: Zensical resolves a link in a page's HTML so (`playbook generate`)
    links_from_source: bool = False
    workers: int = 1  # processes that share the rendering (see Renderer.pages)
    record: bool = False  # note what each page reads (Page.reads), for `mkdocs serve`
    #: hosts the hub's text may load images from (none: only the site's own files)
    allowed_hosts: tuple[str, ...] = ()
    #: the template environments to reuse (a run's, kept by its owner); None: new ones
    environments: Environments | None = field(default=None, compare=False, repr=False)
    #: the onboarding paths of the last render, made again only where the pages rendered
    #: need it (`mkdocs serve`'s, kept across its renders); None: every render makes all
    kept_paths: KeptPaths | None = field(default=None, compare=False, repr=False)
    #: the pages of earlier builds and what each read (`mkdocs build` with build_cache, a
    #: playbook.render_cache.RenderCache, which renders with these options: not imported
    #: here): only the pages whose reads changed are rendered; None: every page is
    kept: Any = field(default=None, compare=False, repr=False)
