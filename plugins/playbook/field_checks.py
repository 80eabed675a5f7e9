"""Checks of single field values that more than one kind needs: a web address that is safe
to publish, a file that lies inside the docs folder."""

from __future__ import annotations

import os
from pathlib import Path, PurePosixPath
from typing import Any
from urllib.parse import urlsplit

from .diagnostics import Issue, Location, Report, did_you_mean

SAFE_URL_SCHEMES = ("http", "https")


def check_url(url: str, where: Location, report: Report, field: str = "url") -> None:
    try:
        parts = urlsplit(url.strip())
        parts.port  # (a port that is not a number, or out of range, raises here)
    except ValueError as exc:
        report.add(Issue("url-invalid", f"expected a URL such as https://example.com/page, "
                         f"found '{url}' ({str(exc).lower() or 'invalid'})", where, field))
        return
    scheme = parts.scheme.lower()
    if scheme not in SAFE_URL_SCHEMES:
        found = f"the scheme '{scheme}:'" if scheme else f"'{url}' with no scheme"
        report.add(Issue("url-scheme", f"expected an http or https URL, found {found}",
                         where, field))
    elif not parts.hostname:
        report.add(Issue("url-host", f"expected a URL with a host name, found '{url}'",
                         where, field))
    elif parts.username is not None or parts.password is not None:
        report.add(Issue("url-credentials", "expected a URL without a user name or password "
                         "(every reader of the page would see them): link to the page and "
                         "let the site ask who the reader is", where, field))


def check_file(playbook: Any, file: str, where: Location, report: Report) -> None:
    docs = playbook.docs_dir
    docs_name = shown_path(playbook, docs)
    pure = PurePosixPath(file.replace("\\", "/"))
    if pure.is_absolute() or (file[1:3] == ":/" or file[1:3] == ":\\"):
        report.add(Issue("file-outside", f"expected a path relative to {docs_name}/, "
                         f"found the absolute path '{file}'", where, "file"))
        return
    if ".." in pure.parts:
        report.add(Issue("file-outside", f"expected a path inside {docs_name}/, found "
                         f"'{file}', which climbs out with '..'", where, "file"))
        return
    target = docs / Path(*pure.parts)
    if not target.exists():
        near = near_files(docs, pure)
        report.add(Issue("file-missing", f"the file '{file}' does not exist in "
                         f"{docs_name}/", where, "file", hint=did_you_mean(file, near)))
        return
    real = Path(os.path.realpath(target))
    if not real.is_relative_to(Path(os.path.realpath(docs))):
        report.add(Issue("file-outside", f"'{file}' is a link that leads out of "
                         f"{docs_name}/; only files inside it are published", where, "file"))
    elif not real.is_file():
        report.add(Issue("file-missing", f"'{file}' is a folder: expected a file", where,
                         "file"))


def near_files(docs: Path, pure: PurePosixPath) -> list[str]:
    folder = docs / Path(*pure.parts[:-1]) if len(pure.parts) > 1 else docs
    if not folder.is_dir():
        return []
    prefix = "/".join(pure.parts[:-1])
    return [f"{prefix}/{p.name}" if prefix else p.name for p in folder.iterdir()]


def shown_path(playbook: Any, path: Path) -> str:
    try:
        return path.resolve().relative_to(playbook.root.resolve()).as_posix()
    except ValueError:
        return path.as_posix()
