"""The browser editor: Decap CMS's configuration, made from the kind registry and the hub.

A hub that sets the plugin's ``editor`` option publishes ``admin/`` with its site: Decap CMS
(bundled, :data:`BUNDLE`; nothing is fetched from a CDN), the script that reads and writes
the format's YAML (``editor.js``) and ``config.yml``, which :func:`config` makes. Each kind
is a collection of the files of its folder; each field of its model a widget with the help
text of the reference (:func:`playbook.schema.field_doc`), required as the model says; a
reference to a kind is a relation widget (its entities, by title), one to a list of hub.yml
(teams, collateral types, objection categories) a choice of that list; a text field one
input per language of the hub (the default one required when the field is); dates a date
picker; a file of the docs folder an upload into it. Saving opens a pull request
(Decap's editorial workflow), so CI still validates the change.

Fields carry a ``playbook`` mark where the format says more than a widget can (``text``: a
text or a mapping of languages; ``all``: a list of roles, or ``all``; ``mixed``: ids and
objections written in place), read by ``editor.js`` to read and write files as the format
has them. No MkDocs here: the adapter publishes these files, `playbook cms` prints the
configuration.
"""

from __future__ import annotations

import datetime as dt
import html
import typing
from pathlib import Path
from typing import Any, Literal, Union

import yaml
from pydantic import BaseModel

from .hub_config import HubSettings
from .kinds import HUB_LISTS, KINDS, role_kind
from .hub_model import Hub
from .languages import direction, label
from .playbook import Playbook
from .schema import field_doc
from .text import LocalizedText
from .urls import EDITOR

#: Where the editor is published in the site.
FOLDER = EDITOR
CONFIG = FOLDER + "config.yml"
PAGE = FOLDER + "index.html"
SCRIPT = "editor.js"

#: The editor's files in the package's assets (``assets/<name>``), by their name in
#: ``admin/``: Decap CMS (its bundle, the parts it loads on demand from beside it, its
#: licence), js-yaml (which reads and writes the files as the format has them) and ours.
VENDOR = "vendor/decap"
BUNDLE = "decap-cms.js"

#: Text fields that are Markdown (the format's "long text fields"): a Markdown editor each.
MARKDOWN = frozenset({"summary", "definition", "description", "body", "detail", "talk_track",
                      "response", "explanation"})


def asset_files(assets: Path) -> dict[str, Path]:
    """The files ``admin/`` publishes from the package, by path in the site."""
    vendor = assets / VENDOR
    out = {FOLDER + p.name: p for p in sorted(vendor.iterdir())
           if p.is_file() and p.suffix != ".md"}
    out[FOLDER + SCRIPT] = assets / "editor.js"
    return out


def backend(options: dict[str, Any], repo_url: str = "") -> dict[str, Any]:
    """Decap's ``backend``: as the hub's ``editor.backend`` sets it, else made from
    mkdocs.yml's ``repo_url`` (GitHub: its OAuth; a GitLab, gitlab.com or one's own: PKCE,
    which needs the ``app_id`` of an application made in it), else a GitHub repository
    to name."""
    if isinstance(options.get("backend"), dict):
        return dict(options["backend"])
    host, _, path = repo_url.split("://", 1)[-1].partition("/")
    repo = path.strip("/").removesuffix(".git")
    branch = str(options.get("branch") or "main")
    if "gitlab" in host:
        found = {"name": "gitlab", "repo": repo, "branch": branch, "auth_type": "pkce",
                 "app_id": str(options.get("app_id") or "")}
        if host != "gitlab.com":  # a GitLab of one's own
            found.update(base_url=f"https://{host}", api_root=f"https://{host}/api/v4")
        return found
    return {"name": "github", "repo": repo or "your-org/your-playbook", "branch": branch}


def config(pb: Playbook, options: dict[str, Any] | None = None, *, docs_dir: str = "content",
           data_dir: str = "playbook", site_url: str = "", repo_url: str = "",
           folder: str = "") -> dict[str, Any]:
    """Decap CMS's configuration for the hub ``pb``: a collection per kind. ``options`` is
    the plugin's ``editor`` option (a mapping; ``true`` is ``{}``): ``backend`` (Decap's,
    as written), ``branch``, ``app_id`` (GitLab), ``local_backend`` (default on: the editor
    on localhost talks to `npx decap-server` run in the hub's checkout), and ``folder``,
    the hub's folder in its repository when it is not at the top. Paths are the
    repository's."""
    options = dict(options or {})
    prefix = str(options.get("folder") or folder).strip("/")
    prefix = prefix + "/" if prefix else ""
    files = prefix + docs_dir.strip("/") + "/files"
    out: dict[str, Any] = {
        "backend": backend(options, repo_url),
        "publish_mode": "editorial_workflow",
        "local_backend": options.get("local_backend", True),
        "media_folder": files,
        "public_folder": "files",
        "slug": {"encoding": "ascii", "clean_accents": True, "sanitize_replacement": "-"},
        "collections": [collection(pb, folder_, prefix + data_dir.strip("/"))
                        for folder_ in KINDS] + [settings(pb, prefix + data_dir.strip("/"))],
    }
    if site_url:
        out["site_url"] = out["display_url"] = site_url
    return out


def config_of(pb: Playbook, found: HubSettings) -> dict[str, Any]:
    """:func:`config` as a hub's mkdocs.yml sets it (read without MkDocs: `playbook cms`,
    `playbook generate`)."""
    return config(pb, found.editor or {}, docs_dir=found.docs_dir, data_dir=found.data_dir,
                  site_url=found.site_url, repo_url=found.repo_url)


def collection(pb: Playbook, folder: str, data_dir: str) -> dict[str, Any]:
    kind = KINDS[folder]
    default = pb.default_language
    doc = (kind.model.__doc__ or "").strip().splitlines()[0].replace("``", "")
    return {
        "name": folder, "label": kind.index_title,
        "label_singular": kind.singular.capitalize(),
        "description": doc, "folder": f"{data_dir}/{folder}", "extension": "yml",
        "format": f"playbook-{folder}", "create": True,
        "identifier_field": f"title.{default}", "summary": f"{{{{title.{default}}}}}",
        "slug": "{{slug}}", "editor": {"preview": False},
        "fields": _fields(pb, kind.model, folder, ""),
    }


def settings(pb: Playbook, data_dir: str) -> dict[str, Any]:
    """hub.yml, the one file of the hub's settings: its name, languages, teams, collateral
    types, objection categories, staleness and onboarding hours (as `playbook validate`
    checks them: a language added needs its sites' words, a team removed its roles)."""
    return {"name": "settings", "label": "Hub settings", "format": "playbook-settings",
            "extension": "yml", "editor": {"preview": False},
            "files": [{"name": "hub", "label": "hub.yml", "file": f"{data_dir}/hub.yml",
                       "fields": _fields(pb, Hub, "", "")}]}


def _fields(pb: Playbook, model: type[BaseModel], folder: str, path: str) -> list[dict]:
    out = []
    for name, info in model.model_fields.items():
        field = {"name": name, "label": name.replace("_", " ").capitalize(),
                 **_field(pb, info.annotation, folder, f"{path}{name}", name),
                 "required": info.is_required()}
        hint = field_doc(name, info)
        if hint:
            field["hint"] = hint
        if field.get("playbook") == "text" and info.is_required():
            field["fields"][0]["required"] = True
        out.append(field)
    return out


def _unwrap(annotation: Any) -> Any:
    """``Optional[X]`` and ``Annotated[X, ...]`` as ``X``."""
    while True:
        origin = typing.get_origin(annotation)
        if origin is typing.Annotated:
            annotation = typing.get_args(annotation)[0]
        elif origin is Union and type(None) in typing.get_args(annotation):
            rest = [a for a in typing.get_args(annotation) if a is not type(None)]
            annotation = rest[0] if len(rest) == 1 else Union[tuple(rest)]
        else:
            return annotation


def _target(folder: str, path: str) -> str | None:
    """What the field at ``path`` (``handoffs[].to``) of a kind names, if it is a reference."""
    for ref in KINDS[folder].references if folder in KINDS else ():
        if ref.field.replace("[]", "") == path.replace("[]", ""):
            return ref.target
    return None


def _field(pb: Playbook, annotation: Any, folder: str, path: str, name: str) -> dict:
    annotation = _unwrap(annotation)
    origin, args = typing.get_origin(annotation), typing.get_args(annotation)
    if annotation is LocalizedText:
        return _text(pb, name)
    if origin is Literal:
        return {"widget": "select", "options": [str(a) for a in args]}
    if origin is Union:  # a list of roles or `all`; ids or objections written in place
        choices = [_unwrap(a) for a in args]
        if any(typing.get_origin(c) is Literal for c in choices):
            target = _target(folder, path + "[]") or role_kind().folder
            options = [{"label": "All", "value": "all"}] + [
                {"label": str(e.title.get(pb.default_language, pb.default_language)),
                 "value": id} for id, e in sorted(pb.entities.get(target, {}).items())]
            return {"widget": "select", "multiple": True, "options": options,
                    "playbook": "all"}
    if origin is list:
        item = _unwrap(args[0])
        if typing.get_origin(item) is Union:  # ids, and mappings kept as written
            target = _target(folder, path + "[]")
            if target is not None:
                return {**_reference(pb, target, multiple=True), "playbook": "mixed"}
            # ids of no kind (a hub without the kind they name): the mappings alone
            item = next((_unwrap(a) for a in typing.get_args(item) if isinstance(
                _unwrap(a), type) and issubclass(_unwrap(a), BaseModel)), item)
        if isinstance(item, type) and issubclass(item, BaseModel):
            return {"widget": "list", "fields": _fields(pb, item, folder, path + "[]."),
                    "collapsed": False}
        if item is LocalizedText:
            return {"widget": "list", "field": {"name": "text", "label": "Text",
                                                **_text(pb, name)}}
        target = _target(folder, path + "[]")
        if target is not None:
            return _reference(pb, target, multiple=True)
        return {"widget": "list"}  # free words, separated by commas
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return {"widget": "object", "fields": _fields(pb, annotation, folder, path + "."),
                "collapsed": True}
    target = _target(folder, path)
    if target is not None:
        return _reference(pb, target, multiple=False)
    if annotation is dt.date:
        date = {"widget": "datetime", "format": "YYYY-MM-DD", "date_format": "YYYY-MM-DD",
                "time_format": False, "picker_utc": True}
        if name == "updated":  # (what staleness reads: a new item is new today)
            date["default"] = "{{now}}"
        return date
    if annotation is int:
        return {"widget": "number", "value_type": "int"}
    if annotation is float:
        return {"widget": "number", "value_type": "float", "step": 0.5}
    if folder in KINDS and name in KINDS[folder].files:
        return {"widget": "file"}
    if name == "language":  # the hub's languages, then those its items are in already
        used = {str(getattr(e, name)) for entities in pb.entities.values()
                for e in entities.values() if getattr(e, name, None)}
        codes = list(pb.hub.languages) + sorted(used - set(pb.hub.languages))
        return {"widget": "select", "options": [{"label": f"{label(code)} ({code})",
                                                 "value": code} for code in codes]}
    return {"widget": "string"}


def _text(pb: Playbook, name: str) -> dict:
    """A text field: one input per language of the hub, the default language's first."""
    widget = "markdown" if name in MARKDOWN else "string"
    subfields = [{"name": lang, "label": label(lang), "widget": widget, "required": False,
                  **({"dir": "rtl"} if direction(lang) == "rtl" else {})}
                 for lang in pb.hub.languages]
    if widget == "markdown":
        for sub in subfields:
            sub.update(buttons=["bold", "italic", "link", "bulleted-list", "numbered-list"],
                       editor_components=[], modes=["raw", "rich_text"])
    return {"widget": "object", "fields": subfields, "playbook": "text", "collapsed": False}


def _reference(pb: Playbook, target: str, multiple: bool) -> dict:
    if target in HUB_LISTS:
        setting, _ = HUB_LISTS[target]
        return {"widget": "select", "multiple": multiple,
                "options": [str(v) for v in getattr(pb.hub, setting)]}
    title = f"title.{pb.default_language}"
    return {"widget": "relation", "collection": target, "value_field": "{{slug}}",
            "search_fields": [title], "display_fields": [title], "multiple": multiple,
            "options_length": 50}


def site_files(made: dict[str, Any], pb: Playbook, assets: Path) -> dict[str, Path | str]:
    """What ``admin/`` holds, by path in the site: the package's files to copy (a Path)
    and the page (named after the hub, in its default language) and configuration
    ``made`` (text). A build and `playbook generate` both publish these."""
    lang = pb.default_language
    return {**asset_files(assets), CONFIG: to_yaml(made),
            PAGE: page(pb.hub.name.get(lang, lang), lang)}


def to_yaml(made: dict[str, Any]) -> str:
    return ("# Decap CMS's configuration for this hub, made by `playbook cms` from the kinds "
            "of the format.\n" + yaml.safe_dump(made, allow_unicode=True, sort_keys=False,
                                                width=100))


def page(hub_name: str, lang: str = "en") -> str:
    """``admin/index.html``: Decap CMS, started by our script once it knows the formats."""
    title = html.escape(f"{hub_name}: editor")
    return f"""<!doctype html>
<html lang="{html.escape(lang)}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<title>{title}</title>
<script>window.CMS_MANUAL_INIT = true;</script>
</head>
<body>
<noscript>The editor needs JavaScript.</noscript>
<script src="js-yaml.min.js"></script>
<script src="{BUNDLE}"></script>
<script src="{SCRIPT}"></script>
</body>
</html>
"""
