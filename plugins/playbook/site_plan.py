"""What every site of a hub has besides its pages, whatever builds it (the MkDocs adapter,
`playbook generate` for Zensical): the package's assets it publishes and where, the
Markdown extensions its pages need, the paths that are the plugin's own, and the navigation
section of the generated index pages."""

from __future__ import annotations

import html
from pathlib import Path, PurePosixPath
from typing import Any, Callable, Iterable

from .catalog import N_
from .languages import own_name
from .offline import ASSETS as OFFLINE_ASSETS
from .offline import LIST, MANIFEST, SCRIPT as OFFLINE_SCRIPT, SERVICE_WORKER
from .urls import INDEX_PAGES, INDEX_TITLES

#: Markdown extensions the generated pages use (admonitions, buttons via attr_list).
MARKDOWN_EXTENSIONS = ("admonition", "attr_list", "md_in_html")

#: The files of the package's ``assets/`` a site publishes, by where they go in it.
ASSETS = {"playbook.css": "assets/playbook/playbook.css",
          "playbook.js": "assets/playbook/playbook.js",
          "vendor/mermaid.min.js": "assets/playbook/mermaid.min.js",
          "search-worker.js": "assets/playbook/search-worker.js"}
#: The stylesheets and scripts every page of a site loads, after the theme's and the hub's
#: own. The bundled Mermaid comes first where a page has a diagram: the adapter puts it
#: on those pages only; generated files for another builder load it on every page
#: (:func:`scripts`).
STYLESHEETS = (ASSETS["playbook.css"],)
MERMAID = ASSETS["vendor/mermaid.min.js"]


#: What a site a rep can keep offline publishes besides (a hub's `offline: true`).
OFFLINE_FILES = (SERVICE_WORKER, MANIFEST, OFFLINE_SCRIPT, LIST)


def scripts(mermaid_on_every_page: bool = False, offline: bool = False) -> list[str]:
    """With ``offline`` (a hub's `offline: true`), the script that keeps a role on the
    device comes last."""
    return ([MERMAID] if mermaid_on_every_page else []) + [ASSETS["playbook.js"]] + (
        [OFFLINE_SCRIPT] if offline else [])


def assets(offline: bool = False) -> dict[str, str]:
    """The package's assets a site publishes (``assets/<name>``), by where they go in it:
    :data:`ASSETS`, and with ``offline`` the service worker and its script."""
    return {**ASSETS, **(OFFLINE_ASSETS if offline else {})}


#: The package's folder of assets.
PACKAGE_ASSETS = Path(__file__).parent / "assets"


def stylesheet() -> str:
    """Our stylesheet as a site publishes it: the package's (``assets/playbook.css``), then
    the styles of each kind that has its own (``kinds/<module>.css``), in the order of the
    kinds."""
    from .kinds import STYLES

    return "\n".join(path.read_text(encoding="utf-8") for path in (
        PACKAGE_ASSETS / "playbook.css", *STYLES.values()))


def site_files(offline: bool = False) -> dict[str, Path | str]:
    """What of the package a site publishes, by where it goes: a file of ``assets/``, or
    the text of a file made of several (the stylesheet)."""
    return {dest: stylesheet() if source == "playbook.css" else PACKAGE_ASSETS / source
            for source, dest in assets(offline).items()}


#: What `playbook generate` writes beside each language's pages for `playbook index`: the
#: hub's id, the default language's site relative to this one, and the pages that need
#: their own language in the search index (Japanese, Chinese, Thai), by their file.
SITE_FILE = "assets/playbook/site.json"


def language_site(default_site: Path, lang: str) -> Path:
    """Where the folder `playbook generate` writes for ``lang`` (not the default language)
    builds its site, given the default language's site (``OUT/site``): ``OUT/<lang>/site``,
    a project of its own (see :mod:`playbook.export`)."""
    return default_site.parent / lang / "site"

#: What the plugin publishes besides its pages, by path in the site (its scripts, styles
#: and the data they read; the exports; what generate adds), and its folders (search
#: index, feeds). A file of the docs folder at one of these paths is an error, never a
#: replacement.
PUBLISHED_FILES = (*ASSETS.values(), "assets/playbook/roles.json",
                   "assets/playbook/search-facets.json", "raci.csv", "playbook.json",
                   SITE_FILE, *OFFLINE_FILES)
FEEDS_FOLDER = "feeds/"
PUBLISHED_FOLDERS = {"pagefind/": "its search index", FEEDS_FOLDER: "its feeds of what changed"}

#: The home page of a site: where the docs folder has none (``index.md``, or a
#: ``README.md``, which MkDocs takes for one), one is made from the hub (HOME_TEMPLATE), so
#: that a site never answers 404 at its root. A page of that path from anywhere else wins.
HOME_PAGE = "index.md"
HOME_TEMPLATE = "home.html.j2"
_HOME_NAMES = ("index.md", "README.md")


def has_home(docs_dir: Path, lang: str, default: str) -> bool:
    """Whether ``lang``'s site has a home page of the hub's own: in the docs folder, or for
    another language than the default, in its folder of translations (``<lang>/``)."""
    folders = [docs_dir] if lang == default else [docs_dir / lang, docs_dir]
    return any((folder / name).is_file() for folder in folders for name in _HOME_NAMES)


def navigation(hand_written: Iterable[str], gettext: Callable[[str], str], title: str,
               home: bool = False) -> list[Any]:
    """The navigation of a site whose configuration sets none, as MkDocs' `nav` setting
    writes it: the hand-written pages as MkDocs lists a docs folder (a folder's index
    first, then its pages, then its sub-folders, each a section titled from its name), the
    home page made for the hub (``home``) first of all, then the section of the generated
    index pages."""
    paths = sorted({*hand_written, *([HOME_PAGE] if home else [])}, key=_docs_order)
    nested: list[Any] = []
    for path in paths:
        branch = nested
        for part in PurePosixPath(path).parent.parts:
            branch = _section(branch, _folder_title(part))
        branch.append(path)
    return nested + [index_section(gettext, title)]


def _docs_order(path: str) -> tuple:
    parts = PurePosixPath(path).parts
    stem = parts[-1].rsplit(".", 1)[0]
    return (parts[:-1], stem not in ("index", "README"), parts[-1])


def _folder_title(name: str) -> str:
    title = name.replace("-", " ").replace("_", " ")
    return title.capitalize() if title.lower() == title else title


def _section(branch: list[Any], title: str) -> list[Any]:
    for node in branch:
        if isinstance(node, dict) and title in node:
            return node[title]
    found: list[Any] = []
    branch.append({title: found})
    return found


def index_section(gettext: Callable[[str], str], title: str) -> dict[str, list[dict[str, str]]]:
    """The navigation section of the generated index pages, as MkDocs' `nav` setting writes
    it: ``{title: [{index title: page}, ...]}`` in the words of ``gettext``. The theme prints
    a nav title as HTML, and these are words of a hub's catalog or an option: escaped."""
    return {html.escape(gettext(title)): [{html.escape(gettext(INDEX_TITLES[kind])): path}
                                          for kind, path in INDEX_PAGES.items()]}


#: Words of a hub's mkdocs.yml that the theme shows, as the sample and Material's own
#: documentation write them: translated in each language's site where a catalog knows them.
THEME_WORDS = (N_("Switch to dark mode"), N_("Switch to light mode"),
               N_("Switch to system preference"), N_("Permanent link"))


def translate_theme_words(palette: Any, toc: Any, gettext: Callable[[str], str]) -> None:
    """The palette toggles' names (``palette``: the theme's, as mkdocs.yml has it) and the
    headings' permalink title (``toc``: the settings of the `toc` extension) in the words
    of ``gettext`` (a language's site), where it has them; changed in place."""
    for scheme in palette if isinstance(palette, list) else []:
        toggle = scheme.get("toggle") if isinstance(scheme, dict) else None
        if isinstance(toggle, dict) and isinstance(toggle.get("name"), str):
            toggle["name"] = gettext(toggle["name"])
    if isinstance(toc, dict) and toc.get("permalink"):
        toc["permalink_title"] = gettext(str(toc.get("permalink_title", "Permanent link")))


def alternates(lang: str, languages: list[str]) -> list[dict[str, str]]:
    """The language switcher of ``lang``'s site (the theme's ``extra.alternate``): each
    language's site by its own name, linked relative to this one (the default language's
    at the root, every other one under ``<lang>/``)."""
    default = languages[0]
    up = "" if lang == default else "../"
    return [{"name": own_name(other), "lang": other,
             "link": "./" if other == lang else
             (f"{up}./" if other == default else f"{up}{other}/")}
            for other in languages]


def site_name(hub: Any, lang: str) -> str | None:
    """The name of ``lang``'s site, when the hub's name is translated into it (None: the
    configured one stays), escaped: the theme prints the site name as HTML, and the hub's
    name is text."""
    default = hub.default_language
    if lang == default or not hub.name.has(lang, default):
        return None
    return html.escape(hub.name.get(lang, default))


def site_url(url: str, lang: str, default: str) -> str:
    """The address of ``lang``'s site, under that of the default language's."""
    return url if lang == default else url.rstrip("/") + f"/{lang}/"
