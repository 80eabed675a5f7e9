"""Which files of a hub may be read or published, and reading them safely.

A hub arrives by pull request, and git stores symbolic links: `roles/leak.yml ->
/etc/secret.yml`, `-> /dev/zero`, a FIFO. Only regular files inside the hub are read or
published: a symbolic link is followed only when its target stays inside the hub, and no
device, FIFO or socket is ever opened. A refusal is a located issue that names the file
and why, never what the target holds. A YAML file larger than a limit is refused before it
is read.
"""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path

from .diagnostics import Issue, Location

#: The templates the package ships.
PACKAGE_TEMPLATES = Path(__file__).parent / "templates"
#: In a source checkout (editable install) the templates sit at the top of the repository.
SOURCE_TEMPLATES = Path(__file__).resolve().parents[2] / "templates"


def is_hubs_own(folder: Path | None) -> bool:
    """Whether ``folder`` is a hub's folder of templates (not the shipped one, which a
    source checkout's sample hub names as its own)."""
    if folder is None or not folder.is_dir():
        return False
    return folder.resolve() not in {PACKAGE_TEMPLATES.resolve(), SOURCE_TEMPLATES.resolve()}


def own_templates(folder: Path | None) -> set[str]:
    """The names of the templates of a hub's own in ``folder`` (none in the shipped one)."""
    return {p.name for p in folder.glob("*.j2")} \
        if is_hubs_own(folder) else set()  # type: ignore[union-attr]


def has_overrides(folder: Path | None) -> bool:
    """Whether ``folder`` holds templates of a hub's own."""
    return bool(own_templates(folder))


#: The largest YAML file read (a role or an item takes a few KB; a 50 MB string or
#: millions of list items would take minutes and GBs to check).
MAX_YAML_BYTES = 1_000_000

_KINDS_OF_FILE = {stat.S_IFIFO: "a FIFO", stat.S_IFCHR: "a character device",
                  stat.S_IFBLK: "a block device", stat.S_IFSOCK: "a socket",
                  stat.S_IFDIR: "a folder"}


class Refused(Exception):
    """A file that is not read; the message says why, for a located issue."""

    code = "unsafe-file"


class TooLarge(Refused):
    code = "file-too-large"


def _what(mode: int) -> str:
    return _KINDS_OF_FILE.get(stat.S_IFMT(mode), "not a regular file")


def real_root(root: Path) -> Path:
    return Path(os.path.realpath(root))


def target(path: Path, root: Path) -> Path:
    """The file ``path`` names, once every symbolic link on the way is followed, if that
    is a place inside ``root`` (the hub's real path); :class:`Refused` otherwise."""
    try:
        real = path.resolve(strict=True)
    except (RuntimeError, OSError) as exc:  # (RuntimeError: Python 3.11 and 3.12 on a loop)
        if isinstance(exc, OSError) and exc.errno != errno.ELOOP:
            raise Refused("is a symbolic link to a file that does not exist") from None
        raise Refused("is a symbolic link that leads to itself (a loop): refused") from None
    if not real.is_relative_to(root):
        link = os.readlink(path) if path.is_symlink() else str(real)
        raise Refused(f"is a symbolic link to '{link}', outside the hub: only files inside "
                      "the hub are read or published")
    return real


def check(path: Path, root: Path, is_symlink: bool | None = None) -> Path:
    """What to open for ``path`` (its target, for a link that stays inside ``root``), after
    checking that it is a regular file; :class:`Refused` otherwise. ``is_symlink``, when
    known (from a directory listing), spares a system call."""
    if is_symlink is None:
        is_symlink = path.is_symlink()
    real = target(path, root) if is_symlink else path
    try:
        mode = real.lstat().st_mode
    except OSError as exc:
        raise Refused(f"cannot be read: {exc.strerror}") from None
    if not stat.S_ISREG(mode):
        raise Refused(f"is {_what(mode)}, not a regular file: refused")
    return real


def read(path: Path, limit: int = MAX_YAML_BYTES) -> bytes:
    """The bytes of the regular file at ``path`` (already :func:`check`-ed), refusing what
    is not a regular file now (it may have changed since) or is larger than ``limit``."""
    flags = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0) \
        | getattr(os, "O_CLOEXEC", 0)
    try:
        fd = os.open(path, flags)
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            raise Refused("is a symbolic link: refused") from None
        raise Refused(f"cannot be read: {exc.strerror}") from None
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise Refused(f"is {_what(info.st_mode)}, not a regular file: refused")
        if info.st_size > limit:
            raise TooLarge(f"is {_size(info.st_size)}, more than the {_size(limit)} a "
                           "playbook file may have: refused unread (split it, or raise "
                           "the playbook plugin's 'max_yaml_bytes')")
        # Its size and a byte more: a file that grew since fstat reads on, up to the limit.
        data = os.read(fd, info.st_size + 1)
        while len(data) > info.st_size and len(data) <= limit:
            more = os.read(fd, limit + 1 - len(data))
            if not more:
                break
            data += more
        if len(data) > limit:
            raise TooLarge(f"is more than the {_size(limit)} a playbook file may have: "
                           "refused")
        return data
    finally:
        os.close(fd)


def _size(n: int) -> str:
    return f"{n / 1e6:.1f} MB" if n >= 100_000 else f"{n / 1e3:.0f} KB"


def check_tree(folder: Path, root: Path, what: str) -> list[Issue]:
    """An issue for every entry under ``folder`` that a site would publish but that is not
    a regular file inside ``root``: a link leading out, a loop, a device, a FIFO. Folders
    linked from inside the hub are walked too, each once."""
    issues: list[Issue] = []
    if not folder.is_dir():
        return issues
    seen: set[str] = set()
    pending = [folder]
    while pending:
        current = pending.pop()
        real = os.path.realpath(current)
        if real in seen:
            continue
        seen.add(real)
        try:
            entries = sorted(os.scandir(current), key=lambda e: e.name)
        except OSError as exc:
            issues.append(_issue(Path(current), root, f"cannot be read: {exc.strerror}",
                                 what))
            continue
        for entry in entries:
            path = Path(entry.path)
            try:
                if entry.is_symlink():
                    real_path = target(path, root)
                    if real_path.is_dir():
                        if Path(real).is_relative_to(real_path):
                            # a walk that follows links (MkDocs') never ends
                            raise Refused(f"is a symbolic link to '{os.readlink(path)}', a "
                                          "folder that holds it (a loop): refused")
                        pending.append(path)
                        continue
                    check(real_path, root, is_symlink=False)
                elif entry.is_dir(follow_symlinks=False):
                    pending.append(path)
                elif not entry.is_file(follow_symlinks=False):
                    check(path, root, is_symlink=False)
            except Refused as exc:
                issues.append(_issue(path, root, str(exc), what))
    return sorted(issues, key=lambda i: i.location.path)


def _issue(path: Path, root: Path, reason: str, what: str) -> Issue:
    return Issue("unsafe-file", f"{what} {reason}", Location(shown(path, root)))


def shown(path: Path, root: Path) -> str:
    """``path`` as messages show it: relative to the hub, the link itself (not where it
    leads), POSIX style."""
    try:
        return (Path(os.path.realpath(path.parent)) / path.name).relative_to(root).as_posix()
    except ValueError:
        return path.as_posix()
