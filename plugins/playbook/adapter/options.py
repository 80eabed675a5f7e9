"""The plugin's options, as a hub sets them under `plugins: - playbook:` in mkdocs.yml."""

from __future__ import annotations

from mkdocs.config import base
from mkdocs.config import config_options as c

from ..hub_files import MAX_YAML_BYTES
from ..offline import MAX_FILE_MB


class PlaybookConfig(base.Config):
    enabled = c.Type(bool, default=True)
    """Turn the plugin off (e.g. `enabled: !ENV [PLAYBOOK, true]`)."""
    data_dir = c.Type(str, default="playbook")
    """The folder of the YAML files, relative to mkdocs.yml."""
    templates_dir = c.Type(str, default="templates")
    """A folder of template overrides, relative to mkdocs.yml; searched first."""
    trust_templates = c.Type(bool, default=False)
    """Render the hub's template overrides with all of Python's reach instead of sandboxed.
    A template then runs code on the machine that builds the site: set it only when no one
    but trusted maintainers can change `templates/` (no pull request from others)."""
    nav_section = c.Type(str, default="Playbook")
    """Title of the navigation section listing the generated index pages."""
    search = c.Type(bool, default=True)
    """Index the site with Pagefind and answer the theme's search box with it."""
    changes_since = c.Optional(c.Type(str))
    """Git ref the changes page compares with; default: the previous tag."""
    history = c.Type(bool, default=True)
    """Read git for last-changed dates and the changes page."""
    serve_all_languages = c.Type(bool, default=False)
    """`mkdocs serve` builds only the default language (fast rebuilds) unless this is set."""
    today = c.Optional(c.Type(str))
    """The date staleness is judged on (YYYY-MM-DD); default SOURCE_DATE_EPOCH or today."""
    max_yaml_bytes = c.Type(int, default=MAX_YAML_BYTES)
    """YAML files larger than this are refused unread (a hostile or mistaken file of
    millions of values would take minutes and GBs to check)."""
    allowed_hosts = c.ListOfItems(c.Type(str), default=[])
    """Hosts the hub's text may load images from (`img.example.com`); by default none, so
    that no page makes a reader's browser call another host."""
    offline = c.Type(bool, default=False)
    """Let reps keep their role's pages, files and search on their device, to read
    offline (a web app manifest and a service worker; see docs/guide.md)."""
    offline_max_file_mb = c.Type((int, float), default=MAX_FILE_MB)
    """Collateral files larger than this (in MB) are not kept offline (their page is)."""
    editor = c.Type((bool, dict), default=False)
    """Publish the browser editor (Decap CMS) at admin/: `true`, or its settings
    (`backend`, `branch`, `app_id`, `local_backend`, `folder`; see docs/guide.md)."""
    nav_cache = c.Type(bool, default=True)
    """Render Material's navigation once per folder for the generated pages outside the
    nav (see playbook.nav_cache); off, it is rendered into every page as usual."""
    watch = c.Choice(("auto", "poll", "events"), default="auto")
    """How `mkdocs serve` sees edits: `events` (the system tells of each change: at once,
    and no time spent looking), `poll` (MkDocs' own way: every file looked at twice a
    second, which works on any folder), or `auto`: events where every watched folder is on
    a local disk (read from Linux's mount table), else poll: a folder mounted from another
    machine, or into a container or a virtual machine, may tell of nothing."""
    build_cache = c.Type(bool, default=True)
    """Keep every page as the core rendered it (`.cache/playbook/rendered.<lang>.bin`, with
    what each read: playbook.render_cache) and as the theme made it (`pages-<xx>.bin`:
    playbook.adapter.page_cache), and take a page from there when nothing it is made from
    changed."""
