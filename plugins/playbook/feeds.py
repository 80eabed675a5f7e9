"""Atom feeds of what changed, for reps who live in Slack, Teams or a feed reader: one for
the whole hub, one per kind and one per role (the changes the role page lists under "What
changed for this role"), in every language's site, with the same changes as the changes
page (:mod:`playbook.history`).

An entry is one entity's change: its id names the entity, the kind of change and a digest of
the entity's file as it is now, so a rebuild, or another feed with the same change, gives
the same id (a reader never sees an entry twice), and a later edit gives a new one.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
from dataclasses import dataclass
from typing import Any, Callable
from xml.sax import saxutils

from .history import Changes, EntityChange, file_dates, label
from .kinds import KINDS, role_kind
from .playbook import Playbook
from .site_plan import FEEDS_FOLDER
from .start import hub_id
from .urls import INDEX_PAGES, entity_page, page_url, relative_url

#: Where each language's site has its feeds (a folder of the plugin's own: site_plan).
FOLDER = FEEDS_FOLDER.rstrip("/")
ALL = f"{FOLDER}/all.xml"
ATOM = "application/atom+xml"


#: Characters XML 1.0 does not allow, which a YAML file may still hold ("\x01")
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")


def escape(text: str) -> str:
    return saxutils.escape(_NOT_XML.sub("", text))


def quoteattr(text: str) -> str:
    return saxutils.quoteattr(_NOT_XML.sub("", text))


def kind_feed(kind: str) -> str:
    return f"{FOLDER}/{kind}.xml"


def role_feed(role_id: str) -> str:
    return f"{FOLDER}/{role_kind().folder}/{role_id}.xml"


def for_page(path: str) -> list[str]:
    """The feeds a page offers (its Markdown source path: roles/rep.md), its own first: a
    role's page and its onboarding path their role's, a kind's index its kind's; and on
    every page, the whole hub's."""
    folder, _, name = path.removesuffix(".md").partition("/")
    own = []
    if folder in KINDS and name and "/" not in name:
        if name == "index":
            own.append(kind_feed(folder))
        elif KINDS[folder].picked or KINDS[folder].page_per_role:
            own.append(role_feed(name))
    return own + [ALL]


@dataclass(frozen=True)
class Feed:
    path: str  # in the site: feeds/roles/account-executive.xml
    title: str
    entries: tuple[EntityChange, ...]
    page: str  # the page it follows (its Markdown source path): roles/rep.md, changes/index.md


def feeds(pb: Playbook, changes: Changes, gettext: Any) -> list[Feed]:
    """Every feed of a language's site (``gettext``: its words): the whole hub's, each
    kind's, each role's."""
    name = pb.hub.name.get(gettext.lang, pb.default_language)
    what = gettext("What changed")
    out = [Feed(ALL, f"{name} · {what}", tuple(changes.entities), INDEX_PAGES["changes"])]
    for kind in KINDS:
        entries = tuple(e for e in changes.entities if e.kind == kind)
        out.append(Feed(kind_feed(kind), f"{name} · {what} · {gettext(KINDS[kind].index_title)}",
                        entries, INDEX_PAGES[kind]))
    roles = role_kind()
    for role in pb.of(roles).values():
        out.append(Feed(role_feed(role.id),
                        f"{name} · {what} · "
                        f"{role.title.get(gettext.lang, pb.default_language)}",
                        tuple(changes.for_role(role.id)), entity_page(roles.folder, role.id)))
    return out


def files(pb: Playbook, changes: Callable[[], Changes], today: dt.date, lang: str,
          use_directory_urls: bool = True, site_url: str = "") -> dict[str, Callable[[], str]]:
    """The feeds of ``lang``'s site by path, each with what writes it (the changes are
    asked for once, when the first feed is written)."""
    made: dict[str, Any] = {}

    def every() -> dict[str, str]:
        if not made:
            gettext = pb.words(lang)
            found = changes()
            dates = {key: day for key, source in pb.sources.items()
                     if (day := file_dates(pb).get(source.file.path)) is not None}
            for feed in feeds(pb, found, gettext):
                made[feed.path] = atom(pb, feed, found, gettext, today, dates,
                                       use_directory_urls, site_url)
        return made

    paths = [ALL] + [kind_feed(k) for k in KINDS] + [role_feed(r) for r in pb.of(role_kind())]
    return {path: (lambda path=path: every()[path]) for path in paths}


def atom(pb: Playbook, feed: Feed, changes: Changes, gettext: Any, today: dt.date,
         dates: dict[tuple[str, str], dt.date], use_directory_urls: bool = True,
         site_url: str = "") -> str:
    """One feed as Atom 1.0 (RFC 4287)."""
    folder = feed.path.rsplit("/", 1)[0]
    base = site_url.rstrip("/") + "/" if site_url else ""

    def href(path: str) -> str:
        target = page_url(path, use_directory_urls)
        return base + target if base else relative_url(target, folder, use_directory_urls)

    hub = hub_id(pb)
    entries = [_entry(pb, e, gettext, dates.get((e.kind, e.id), today), href, hub)
               for e in feed.entries]
    updated = max([dates.get((e.kind, e.id), today) for e in feed.entries], default=today)
    self_href = base + feed.path if base else feed.path.rsplit("/", 1)[1]
    return "\n".join([
        '<?xml version="1.0" encoding="utf-8"?>',
        f'<feed xmlns="http://www.w3.org/2005/Atom" xml:lang={quoteattr(gettext.lang)}>',
        f"  <id>urn:{hub}:{gettext.lang}:{escape(feed.path)}</id>",
        f"  <title>{escape(feed.title)}</title>",
        f"  <updated>{_stamp(updated)}</updated>",
        f"  <author><name>{escape(pb.hub.name.get(gettext.lang, pb.default_language))}"
        "</name></author>",
        f'  <link rel="self" type="{ATOM}" href={quoteattr(self_href)}/>',
        f'  <link rel="alternate" type="text/html" href={quoteattr(href(feed.page))}/>',
        '  <generator uri="https://github.com/playbook-hub">Playbook Hub</generator>',
        *entries,
        "</feed>",
    ]) + "\n"


def _entry(pb: Playbook, e: EntityChange, gettext: Any, date: dt.date,
           href: Callable[[str], str], hub: str) -> str:
    kind = KINDS[e.kind]
    entity = pb.get(e.kind, e.id)
    title = entity.title.get(gettext.lang, pb.default_language) if entity is not None \
        else e.title  # type: ignore[attr-defined]
    status = gettext({"added": "added", "removed": "removed", "changed": "changed"}[e.status])
    # (as the pages name it: a module of the onboarding paths has no page of its own)
    kind_name = gettext("Onboarding module" if kind.page_per_role else kind.search_label)
    heading = gettext("{kind}: {title} ({status})", kind=kind_name, title=title, status=status)
    what = "; ".join(f.describe(gettext(label(f.field)), gettext) for f in e.fields)
    page = (INDEX_PAGES[e.kind] if kind.page_per_role or entity is None
            else entity_page(e.kind, e.id))
    source = pb.sources.get((e.kind, e.id))
    digest = hashlib.sha256(json.dumps(source.doc.data if source else None, sort_keys=True,
                                       ensure_ascii=False, default=str).encode()).hexdigest()
    lines = [
        "  <entry>",
        f"    <id>urn:{hub}:{e.kind}:{escape(e.id)}:{e.status}:{digest[:16]}</id>",
        f"    <title>{escape(heading)}</title>",
        f"    <updated>{_stamp(date)}</updated>",
        f'    <link rel="alternate" type="text/html" href={quoteattr(href(page))}/>',
        f'    <category term={quoteattr(e.kind)} label={quoteattr(kind_name)}/>',
    ]
    if what:
        lines.append(f"    <summary>{escape(what)}</summary>")
    lines.append("  </entry>")
    return "\n".join(lines)


def _stamp(date: dt.date) -> str:
    return f"{date.isoformat()}T00:00:00Z"
