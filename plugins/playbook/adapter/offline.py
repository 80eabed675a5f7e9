"""The playbook offline (:mod:`playbook.offline`) in a MkDocs build: the browser script on
every page, the service worker at the site's root, and, once the site and its search index
are written, the list of what a rep of each role keeps."""

from __future__ import annotations

import logging
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File, Files

from .. import offline
from .state import Build

log = logging.getLogger("mkdocs.plugins.playbook")

PACKAGE_ASSETS = Path(__file__).resolve().parents[1] / "assets"


#: Every page loads the script that keeps a role offline (after ours).
SCRIPTS = (offline.SCRIPT,)


def add_files(files: Files, config: MkDocsConfig) -> None:
    """The service worker and the script; a file of the same name another plugin adds
    wins, as for the plugin's other files (one of the docs folder is a validation error)."""
    for source, name in offline.ASSETS.items():
        if files.get_file_from_path(name) is None:
            files.append(File.generated(config, name,
                                        abs_src_path=str(PACKAGE_ASSETS / source)))


def write_list(build: Build, config: MkDocsConfig, max_file_mb: float) -> None:
    """What a rep of each role keeps, read from the site just written (its pages and its
    search index), at offline.LIST."""
    assert build.result is not None
    pb = build.result.playbook
    site = Path(config.site_dir)
    made = offline.plan(site, offline.seeds(pb, build.language, config.use_directory_urls),
                        int(max_file_mb * 1_000_000), offline.words(pb, build.language))
    target = site / offline.LIST
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(offline.to_json(made), encoding="utf-8")
    log.info("playbook: offline, %d roles can be kept (version %s)", len(made["roles"]),
             made["version"])
