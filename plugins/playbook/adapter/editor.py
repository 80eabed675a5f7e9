"""The browser editor (:mod:`playbook.editor`) in a MkDocs build: ``admin/`` of the default
language's site, when the hub sets the plugin's ``editor`` option."""

from __future__ import annotations

import logging
from os.path import relpath
from pathlib import Path
from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File, Files

from .. import editor
from .state import Build

log = logging.getLogger("mkdocs.plugins.playbook")


def add_files(build: Build, files: Files, config: MkDocsConfig, option: Any,
              assets: Path, data_dir: str) -> None:
    """Decap CMS, our script, the page and the configuration made from the hub, at
    ``admin/``. They replace a file of the docs folder at the same path (the editor is
    ours once the hub turns it on), with a warning."""
    assert build.result is not None
    pb = build.result.playbook
    root = Path(config.config_file_path or ".").resolve().parent
    made = editor.config(pb, option if isinstance(option, dict) else {},
                         docs_dir=relpath(config.docs_dir, root), data_dir=data_dir,
                         site_url=config.site_url or "", repo_url=config.repo_url or "")
    for path, source in editor.site_files(made, pb, assets).items():
        _replace(files, File.generated(config, path, abs_src_path=str(source))
                 if isinstance(source, Path) else File.generated(config, path, content=source))
    log.info("playbook: the editor is at %s (%d collections)", editor.FOLDER,
             len(made["collections"]))


def _replace(files: Files, file: File) -> None:
    known = files.get_file_from_path(file.src_uri)
    if known is not None:
        log.warning("playbook: %s of the docs folder is replaced by the editor's own",
                    file.src_uri)
        files.remove(known)
    files.append(file)
