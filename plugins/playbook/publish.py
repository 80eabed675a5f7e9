"""Publish a site only once it is complete: the last good site stays until then.

A build writes into a staging folder (:meth:`Staging.begin`); once it is complete,
:meth:`Staging.publish` puts it in place of the site, and a build that fails calls
:meth:`Staging.discard`, which leaves the last good site as it was.

Where the staging folder goes depends on the site folder:

* beside it (``<site>.playbook-new``), renamed into its place at the end: one atomic step;
* inside it (``<site>/.playbook-new``), when the site folder cannot be renamed or nothing
  can be made beside it: a mount point (a container volume, a web server's docroot) or a
  folder whose parent is read-only. Publishing then swaps the site's contents, entry by
  entry, on one file system: quick, though not one atomic step.

A lock (``flock``) held from begin to publish keeps two builds of one site from writing
the same staging folder: the second stops at once with a clear message.
"""

from __future__ import annotations

import errno
import os
import shutil
from dataclasses import dataclass, field
from pathlib import Path

try:
    import fcntl
except ImportError:  # pragma: no cover - Windows: no locking
    fcntl = None  # type: ignore[assignment]

NEW = ".playbook-new"
OLD = ".playbook-old"
LOCK = ".playbook-lock"
#: errors of renaming the site folder itself that the swap of its contents avoids
_CANNOT_RENAME = {errno.EBUSY, errno.EXDEV, errno.EACCES, errno.EPERM, errno.EROFS}


class PublishError(Exception):
    """Why the site cannot be staged or published; the message is for the user."""


@dataclass
class Staging:
    """The site a build publishes and the folder it writes into meanwhile."""

    site: Path
    inside: bool = False  # the staging folder is inside the site folder
    _lock: int | None = field(default=None, repr=False)

    @property
    def new(self) -> Path:
        return self.site / NEW if self.inside else self.site.with_name(self.site.name + NEW)

    @property
    def _lock_path(self) -> Path:
        return self.site / LOCK if self.inside else self.site.with_name(self.site.name + LOCK)

    def begin(self) -> Path:
        """Lock the site and make an empty staging folder (removing what an interrupted
        build left), and the site's parent folders where they are missing, as MkDocs makes
        them (`mkdocs build -d out/site`); returns it."""
        try:
            self.site.parent.mkdir(parents=True, exist_ok=True)
        except OSError:
            pass  # (said below, where the lock cannot be taken)
        self.inside = self.site.is_dir() and (os.path.ismount(self.site) or not os.access(
            self.site.parent, os.W_OK))
        try:
            self._take_lock()
        except OSError as exc:
            if self.inside or not self.site.is_dir() or exc.errno not in _CANNOT_RENAME:
                raise PublishError(f"cannot write beside {self.site}: {exc.strerror}") \
                    from None
            self.inside = True  # nothing can be made beside the site: stage inside it
            self._take_lock()
        try:
            remove(self.new)
            remove(self._old)
            self.new.mkdir()
        except OSError as exc:
            self._release()
            raise PublishError(f"cannot make the staging folder {self.new}: "
                               f"{exc.strerror}") from None
        return self.new

    @property
    def _old(self) -> Path:
        return self.site.with_name(self.site.name + OLD)

    def publish(self) -> None:
        """Put the staged site in place of the site."""
        try:
            if not self.inside:
                try:
                    self._rename_into_place()
                    return
                except OSError as exc:
                    if exc.errno not in _CANNOT_RENAME:
                        raise
                    # e.g. a mount point that ismount() did not see: swap the contents
                    moved = self.site / NEW
                    remove(moved)
                    shutil.move(str(self.new), str(moved))
                    self.inside = True
            self._swap_contents()
        except OSError as exc:
            raise PublishError(f"cannot put the new site in place of {self.site}: "
                               f"{exc.strerror or exc}") from None
        finally:
            self._release()

    def discard(self) -> None:
        remove(self.new)
        self._release()

    def _rename_into_place(self) -> None:
        old = self._old
        remove(old)
        if self.site.exists():
            self.site.rename(old)
        try:
            self.new.rename(self.site)
        except OSError:
            if old.exists() and not self.site.exists():
                old.rename(self.site)  # the last good site back
            raise
        remove(old)

    def _swap_contents(self) -> None:
        keep = {NEW, LOCK}
        for entry in os.listdir(self.site):
            if entry not in keep:
                remove(self.site / entry)
        for entry in os.listdir(self.new):
            os.rename(self.new / entry, self.site / entry)
        self.new.rmdir()

    def _take_lock(self) -> None:
        path = self._lock_path
        fd = os.open(path, os.O_RDWR | os.O_CREAT | getattr(os, "O_CLOEXEC", 0), 0o644)
        if fcntl is not None:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except OSError:
                os.close(fd)
                raise PublishError(
                    f"another build of {self.site} is running (it holds {path}): wait for "
                    "it to end, or build into another site_dir") from None
        self._lock = fd

    def _release(self) -> None:
        if self._lock is None:
            return
        try:
            os.unlink(self._lock_path)
        except OSError:
            pass
        os.close(self._lock)
        self._lock = None


def remove(path: Path) -> None:
    """Removes a file, a link (not what it points to), a folder or anything else there is at
    ``path`` (a FIFO, a socket, a device's node: unlinked, never opened), if there is one."""
    if path.is_dir() and not path.is_symlink():
        shutil.rmtree(path)
    elif os.path.lexists(path):  # (nothing there: not even asked, as a read-only file
        path.unlink(missing_ok=True)  # system answers that it is one, not that it is none)
