"""Publish a site only once it is complete: the last good site stays until then.

A build writes into a staging folder beside the site (``<site>.playbook-new``); once it
is complete, :meth:`Staging.publish` puts it in place of the site, and a build that fails
calls :meth:`Staging.discard`, which leaves the last good site as it was.
"""

from __future__ import annotations

import shutil
from dataclasses import dataclass
from pathlib import Path

NEW_SUFFIX = ".playbook-new"
OLD_SUFFIX = ".playbook-old"


@dataclass
class Staging:
    """The site a build publishes and the folder it writes into meanwhile."""

    site: Path

    @property
    def new(self) -> Path:
        return self.site.with_name(self.site.name + NEW_SUFFIX)

    @property
    def old(self) -> Path:
        return self.site.with_name(self.site.name + OLD_SUFFIX)

    def begin(self) -> Path:
        """An empty staging folder (what an earlier, interrupted build left is removed)."""
        _remove(self.new)
        return self.new

    def publish(self) -> None:
        """Put the staged site in place of the site."""
        _remove(self.old)
        if self.site.exists():
            self.site.rename(self.old)
        self.new.rename(self.site)
        _remove(self.old)

    def discard(self) -> None:
        _remove(self.new)


def _remove(path: Path) -> None:
    if path.is_symlink() or path.is_file():
        path.unlink()
    elif path.exists():
        shutil.rmtree(path, ignore_errors=True)
