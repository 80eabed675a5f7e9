"""The playbook offline (:mod:`playbook.offline`) in a MkDocs build: once the site and its
search index are written, the list of what a rep of each role keeps. (The service worker and
the browser script are assets of the site plan, :func:`playbook.site_plan.assets`.)"""

from __future__ import annotations

import logging
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig

from .. import offline
from .state import Build

log = logging.getLogger("mkdocs.plugins.playbook")


def write_list(build: Build, config: MkDocsConfig, max_file_mb: float) -> None:
    """What a rep of each role keeps, read from the site just written (its pages and its
    search index), at offline.LIST."""
    assert build.result is not None
    pb = build.result.playbook
    site = Path(config.site_dir)
    made = offline.write(site, offline.inputs(pb, build.language, config.use_directory_urls,
                                              max_file_mb))
    log.info("playbook: offline, %d roles can be kept (version %s)", len(made["roles"]),
             made["version"])
