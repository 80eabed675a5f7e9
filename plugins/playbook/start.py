"""A rep's start: what the browser script needs to lead a reader who has picked their role
to their onboarding path, their KPIs and their collateral, in every language's site.

The script keeps the reader's role and the ticks of their path in the browser, keyed by
the hub (its id and the address of its default language's site), so that the sites of one
hub share them and two hubs on one host do not. Each language's site gets ``ROLES_JSON``:
the roles by team, with their titles, pages and links in that language, and the words the
script shows, from the catalogs.
"""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import quote

from .catalog import N_
from .kinds import item_kinds, path_kind, reference_kinds, role_kind
from .playbook import Playbook
from .templating import label
from .urls import INDEX_PAGES, entity_page, page_url

#: Where each language's site has the data, beside the script.
ROLES_JSON = "assets/playbook/roles.json"

#: The words the script shows (catalog keys), by the name it knows them by.
WORDS = {
    "start": N_("Start here: pick your role"),
    "start_help": N_("Your onboarding path, your KPIs and your collateral are one click away "
                     "once you pick your role. It is kept in this browser only."),
    "team": N_("{team} team"),
    "your_role": N_("Your role:"),
    "path": N_("Your onboarding path"),
    "kpis": N_("Your KPIs:"),
    "collateral": N_("Your collateral by funnel stage:"),
    "all": N_("All"),
    "change": N_("Change role"),
    "header": N_("My path"),
    "header_title": N_("Your onboarding path: {role}"),
}


def hub_id(playbook: Playbook) -> str:
    """The hub's id in the browser's storage, the same in every language's site."""
    return "playbook:" + re.sub(r"[^a-z0-9]+", "-", str(playbook.hub.name).lower()).strip("-")


def default_site(language: str, default: str) -> str:
    """The default language's site, relative to the root of ``language``'s site (the other
    languages' sites are sub-folders of the default one's)."""
    return "./" if language == default else "../"


def roles_data(playbook: Playbook, language: str | None = None,
               use_directory_urls: bool = True) -> dict[str, Any]:
    """The roles, by team, as the script shows them in ``language``'s site; every URL is
    relative to that site's root."""
    pb = playbook
    lang = language or pb.default_language
    default = pb.default_language
    gettext = pb.words(lang)

    def url(path: str, **query: str) -> str:
        out = page_url(path, use_directory_urls)
        if query:
            out += "?" + "&".join(f"{k}={quote(v)}" for k, v in query.items())
        return out

    # (the kinds of the role a reader picks, of its path, of its KPIs, and of the items its
    # path gives by stage: the library's)
    of_role, path = role_kind().folder, path_kind().folder
    measure, library = reference_kinds()["kpis"], item_kinds()[0]
    roles: dict[str, Any] = {}
    for _, members in pb.teams:
        for role in members:
            items = pb.referring(library, of_role).get(role.id, [])
            # a link per stage, as the library's stage filter counts (an item serves all
            # its stages), in funnel order; then the whole of the role's collateral
            stages = [[lt.title.get(lang, default),
                       url(INDEX_PAGES[library], audience=role.id, stage=lt.id),
                       sum(1 for item in items if lt.id in item.stages)] for lt in pb.funnel]
            roles[role.id] = {
                "title": role.title.get(lang, default),
                "page": url(entity_page(of_role, role.id)),
                "path": url(entity_page(path, role.id)),
                "kpis": [[kpi.title.get(lang, default) if (kpi := pb.get(measure, m)) else m,
                          url(entity_page(measure, m))] for m in role.kpis],
                "collateral": [s for s in stages if s[2]],
                "library": [gettext(WORDS["all"]), url(INDEX_PAGES[library], audience=role.id),
                            len(items)],
            }
    return {
        "teams": [[gettext(WORDS["team"], team=gettext(label(team))), [r.id for r in members]]
                  for team, members in pb.teams],
        "roles": roles,
        "words": {name: gettext(message) for name, message in WORDS.items()
                  if name not in ("team", "all")},
    }
