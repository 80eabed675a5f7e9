"""Make the HTML of generated pages safe: hub text comes from many hands through pull
requests, and Markdown lets raw HTML through.

The HTML is cleaned after Markdown has turned it into HTML, with nh3 (the Python binding
of ammonia, a maintained allowlist sanitiser): the tags and attributes our templates and
Markdown produce stay; scripts, event handlers, `javascript:` and `data:` links, frames,
forms and styles other than a few layout properties go. Text keeps its Markdown formatting
(bold, links, lists, tables).

Hub text must not pose as the page, nor make readers' browsers call other hosts:

- **Nothing of the theme.** Material finds its parts by id (`__config`, whose JSON it reads
  its settings from, `__drawer`, `__search`, `__consent`, `__palette_0`, ...: every id of
  the theme starts with `__`), by class (`md-*`) and by data attribute (`data-md-*`); an
  element of the text with one of them would replace or fake a part of the theme (a
  `<div id="__config">` with another `base` made every page fetch its search index from
  elsewhere; a `md-dialog md-dialog--active` box shows as the theme's own message).
  Pagefind reads `data-pagefind-*` to index a page: text must not steer search either.
- **Nothing loads from another host.** A style declaration with a function other than
  colours, gradients and arithmetic (no `url(`, `image-set(`, `expression(`), a CSS escape,
  a quote or a comment is dropped; an image whose `src` names a host (`https://...`,
  `//...`) not in ``allowed_hosts`` becomes a link to it showing its alt text (or, inside a
  link, the alt text alone). Relative URLs stay, and so do links: following one is the
  reader's choice.

There are two cleaners, for two kinds of HTML:

- :data:`TEXT`, the HTML of one of the hub's Markdown fields (:class:`playbook.markup.
  MarkdownText`): all of it is hub text, so it keeps no `id`, `for` or `form` attribute, no
  `md-*` class, no `data-md-*` or `data-pagefind-*` attribute. (The page gives its headings
  ids afterwards, from their text: :func:`playbook.markup.headings`, which never makes one
  starting with `__`.)
- :data:`PAGE`, a whole page made by a hub's own Markdown override template (`*.md.j2`):
  the template is trusted, the text it puts in is not, and the two cannot be told apart
  once Markdown has made the page. The template's own ids and `label for` keep working
  unless they start with `__`; `data-pagefind-*` stays (the shipped macros mark what search
  knows of a page with it); of the `md-*` classes only Material's buttons stay
  (`md-button`, `md-button--primary`). Templates should put hub text in with `t_inline` or
  `t_block`, which escape or clean it, rather than as it is.

Cleaning costs a few microseconds per text with its attribute callback (the cleaners are
built once); the hub's plain paragraphs, most of its text, skip it altogether.
"""

from __future__ import annotations

import functools
import html as html_lib
import re
from typing import Callable, Iterable
from urllib.parse import unquote, urlsplit

import nh3

_TEXT = {"a", "abbr", "b", "blockquote", "br", "code", "del", "details", "div", "em", "h1",
         "h2", "h3", "h4", "h5", "h6", "hr", "i", "img", "ins", "kbd", "li", "mark", "ol", "p",
         "pre", "s", "small", "span", "strong", "sub", "summary", "sup", "table", "tbody",
         "td", "tfoot", "th", "thead", "time", "tr", "u", "ul", "caption", "col", "colgroup",
         "dl", "dt", "dd", "figure", "figcaption"}
_CONTROLS = {"input", "label", "select", "option", "progress", "button"}
TAGS = _TEXT | _CONTROLS

_COMMON = {"class", "title", "lang", "dir", "hidden", "role", "style", "aria-label",
           "aria-live", "aria-hidden", "tabindex"}
#: Attributes of hub text: no `id`, `for` or `form`, with which it would pose as the page.
TEXT_ATTRIBUTES = {
    "*": _COMMON,
    "a": {"href", "hreflang"},
    "img": {"src", "alt", "width", "height", "loading"},
    "td": {"align", "colspan", "rowspan"},
    "th": {"align", "colspan", "rowspan"},
    "time": {"datetime"},
    "input": {"type", "placeholder", "checked"},
    "option": {"value", "selected"},
    "progress": {"max", "value"},
    "button": {"type"},
    "ol": {"start"},
    "details": {"open"},
}
#: Attributes of a page made by a hub's Markdown override: its template's ids and labels.
PAGE_ATTRIBUTES = {**TEXT_ATTRIBUTES, "*": _COMMON | {"id"}, "label": {"for"}}
#: Only these inline style properties survive (layout of tables, the funnel, heat maps).
STYLE_PROPERTIES = {"text-align", "--pb-width", "--pb-heat", "background", "border-color"}
URL_SCHEMES = {"http", "https", "mailto"}
CLEAN_CONTENT_TAGS = {"script", "style", "iframe", "object", "embed", "template", "noscript",
                      "textarea", "svg", "math"}

#: Classes hub text never keeps: ours (`pb-tasks`, `pb-check`: what the script counts and
#: answers) and Mermaid's (`mermaid`: the theme draws it as a live diagram).
OWN_CLASSES = ("pb-", "mermaid")
#: Material's classes that a page may use for its own content.
PAGE_THEME_CLASSES = {"md-button", "md-button--primary"}
#: The CSS functions a kept style may use: colours, gradients, arithmetic. None loads.
CSS_FUNCTIONS = {"rgb", "rgba", "hsl", "hsla", "hwb", "lab", "lch", "oklab", "oklch",
                 "color", "color-mix", "calc", "min", "max", "clamp", "var",
                 "linear-gradient", "radial-gradient", "conic-gradient",
                 "repeating-linear-gradient", "repeating-radial-gradient",
                 "repeating-conic-gradient"}
# Escapes, quotes and comments hide what a declaration means from a look at its text.
_CSS_HIDDEN = re.compile(r"[\\\"']|/\*")
_CSS_FUNCTION = re.compile(r"([-\w]*)\(")


def _is_theme_id(value: str) -> bool:
    return value.strip().startswith("__")


def _style(value: str) -> str | None:
    """The declarations of ``value`` that load nothing."""
    kept = []
    for declaration in value.split(";"):
        low = declaration.strip().lower()
        if not low or _CSS_HIDDEN.search(low):
            continue
        if any(name not in CSS_FUNCTIONS for name in _CSS_FUNCTION.findall(low)):
            continue
        kept.append(declaration.strip())
    return "; ".join(kept) or None


def _attribute_filter(page: bool) -> Callable[[str, str, str], str | None]:
    def keep(element: str, attribute: str, value: str) -> str | None:
        if attribute == "class":
            classes = [c for c in value.split() if not c.lower().startswith("md-")
                       or (page and c in PAGE_THEME_CLASSES)]
            if not page:  # what our script and Mermaid act on: a task, a check, a diagram
                classes = [c for c in classes if not c.lower().startswith(OWN_CLASSES)]
            return " ".join(classes) or None
        if attribute == "style":
            return _style(value)
        if attribute in ("id", "for"):  # only a page has them (PAGE_ATTRIBUTES)
            return None if _is_theme_id(value) else value
        if attribute.startswith("data-"):
            # Hub text carries no data attribute: the theme's, Pagefind's and our script's
            # (`data-pb-task` would be a task the path counts) all act on them.
            if not page or attribute.startswith("data-md-"):
                return None
        return value
    return keep


# -- images from other hosts --------------------------------------------------------------

#: A tag as nh3 writes it: attribute values double-quoted, with `"`, `<` and `>` escaped.
_LINK_OR_IMAGE = re.compile(r"<(/?)(a|img)(?=[\s/>])([^>]*)>")
_ATTRIBUTE = re.compile(r'\s*([^\s=/>]+)(?:="([^"]*)")?')
_SCHEME = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*:")
#: What browsers drop from a URL before reading it (WHATWG URL: tabs, newlines, and
#: leading or trailing controls and spaces).
_URL_NOISE = re.compile(r"[\t\n\r]")
_C0_AND_SPACE = "".join(chr(i) for i in range(33))


def host_of(url: str) -> str | None:
    """The host ``url`` loads from, as a browser reads it; None for a relative URL."""
    url = _URL_NOISE.sub("", url).strip(_C0_AND_SPACE).replace("\\", "/")
    if not _SCHEME.match(url) and not url.startswith("//"):
        return None
    try:
        host = urlsplit(url).hostname
    except ValueError:
        host = None
    return (host or "").rstrip(".")  # "" for a URL with a scheme but no host: not allowed


def normal_hosts(hosts: Iterable[str]) -> frozenset[str]:
    return frozenset(str(h).strip().lower().rstrip(".") for h in hosts if str(h).strip())


def _images(cleaned: str, allowed_hosts: frozenset[str]) -> str:
    """``cleaned`` with each image from a host not allowed made a link to it (its alt text
    alone inside a link): nothing loads, the text stays."""
    if "<img" not in cleaned:
        return cleaned
    in_link = 0

    def one(match: re.Match[str]) -> str:
        nonlocal in_link
        closing, name, attrs = match.groups()
        if name == "a":
            in_link += -1 if closing else 1
            return match.group(0)
        values = {m.group(1).lower(): m.group(2) or "" for m in _ATTRIBUTE.finditer(attrs)
                  if m.group(1)}
        src = values.get("src")
        if src is None:
            return match.group(0)
        host = host_of(html_lib.unescape(src))
        if host is None or host in allowed_hosts:
            return match.group(0)
        text = values.get("alt", "").strip()
        if not text:  # the file's name, else the host
            try:
                path = urlsplit(html_lib.unescape(src)).path.rstrip("/")
            except ValueError:  # (`http://[::1`)
                path = ""
            text = html_lib.escape(unquote(path.rsplit("/", 1)[-1]) or host or "image")
        if in_link:
            return f'<span class="pb-image-link">{text}</span>'
        return f'<a class="pb-image-link" href="{src}">{text}</a>'

    return _LINK_OR_IMAGE.sub(one, cleaned)


# -- the cleaners -------------------------------------------------------------------------

@functools.lru_cache(maxsize=None)
def _cleaner(page: bool) -> Callable[[str], str]:
    options = dict(
        tags=TAGS,
        clean_content_tags=CLEAN_CONTENT_TAGS,
        attributes=PAGE_ATTRIBUTES if page else TEXT_ATTRIBUTES,
        attribute_filter=_attribute_filter(page),
        generic_attribute_prefixes={"data-"},
        url_schemes=URL_SCHEMES,
        filter_style_properties=STYLE_PROPERTIES,
        link_rel=None,
        strip_comments=True,
    )
    if hasattr(nh3, "Cleaner"):  # built once: a fourth of the cost of nh3.clean
        return nh3.Cleaner(**options).clean
    return functools.partial(nh3.clean, **options)  # pragma: no cover - older nh3


TEXT = False
PAGE = True


def clean(html: str, allowed_hosts: Iterable[str] = (), page: bool = TEXT) -> str:
    """``html`` with everything that could run script, load from a host not in
    ``allowed_hosts``, or pose as the theme removed; ``page``: a whole page made by a hub's
    Markdown override (see the module's notes), else hub text."""
    hosts = allowed_hosts if isinstance(allowed_hosts, frozenset) else normal_hosts(
        allowed_hosts)
    return _images(_cleaner(page)(html), hosts)
