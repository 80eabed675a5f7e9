"""Make the HTML of generated pages safe: hub text comes from many hands through pull
requests, and Markdown lets raw HTML through.

The generated pages are cleaned after Markdown has turned them into HTML, with nh3 (the
Python binding of ammonia, a maintained allowlist sanitiser): the tags and attributes our
templates and Markdown produce stay; scripts, event handlers, `javascript:` and `data:`
links, frames, forms and styles other than a few layout properties go. Text keeps its
Markdown formatting (bold, links, lists, tables).
"""

from __future__ import annotations

import nh3

_TEXT = {"a", "abbr", "b", "blockquote", "br", "code", "del", "details", "div", "em", "h1",
         "h2", "h3", "h4", "h5", "h6", "hr", "i", "img", "ins", "kbd", "li", "mark", "ol", "p",
         "pre", "s", "small", "span", "strong", "sub", "summary", "sup", "table", "tbody",
         "td", "tfoot", "th", "thead", "time", "tr", "u", "ul", "caption", "col", "colgroup",
         "dl", "dt", "dd", "figure", "figcaption"}
_CONTROLS = {"input", "label", "select", "option", "progress", "button"}
TAGS = _TEXT | _CONTROLS

_COMMON = {"class", "id", "title", "lang", "dir", "hidden", "role", "style", "aria-label",
           "aria-live", "aria-hidden", "tabindex"}
ATTRIBUTES = {
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
#: Only these inline style properties survive (layout of tables, the funnel, heat maps).
STYLE_PROPERTIES = {"text-align", "--pb-width", "--pb-heat", "background", "border-color"}
URL_SCHEMES = {"http", "https", "mailto"}


def clean(html: str) -> str:
    """``html`` with everything that could run or load script removed."""
    return nh3.clean(
        html,
        tags=TAGS,
        clean_content_tags={"script", "style", "iframe", "object", "embed", "template",
                            "noscript", "textarea", "svg", "math"},
        attributes=ATTRIBUTES,
        generic_attribute_prefixes={"data-"},
        url_schemes=URL_SCHEMES,
        filter_style_properties=STYLE_PROPERTIES,
        link_rel=None,
        strip_comments=True,
    )
