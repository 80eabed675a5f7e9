"""HTML pieces of the generated pages: hub Markdown made safe, headings given ids.

The generated pages are HTML from their templates; only the long text fields of the hub
(``summary``, ``definition``, ``description``, ``body``) are Markdown. :class:`MarkdownText`
converts each such text once, with the site's own Markdown extensions, and cleans the result
(:mod:`playbook.sanitize`), since that text comes from many hands: it keeps no ids, and loads
images only from the hub's ``allowed_hosts``. :func:`headings` gives every heading of a page
an id, as Python-Markdown's ``toc`` extension would (but never one of the theme's, which
start with ``__``), and returns the page's table of contents.
"""

from __future__ import annotations

import copy
import html
import re
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any, Callable

import markdown
import yaml
from markdown.extensions.toc import slugify as ascii_slugify
from markdown.extensions.toc import unique
from markupsafe import Markup

from . import sanitize
from .hub_config import DEFAULT_EXTENSIONS
from .yaml_loader import safe_data


#: Characters with no meaning in Markdown or in the common typography extensions (no
#: quotes, dashes, brackets, stars, underscores, ...), besides letters, marks and digits.
_SAFE = set(" \t\n.,;:?!%\u060c\u061f\u06d4\u0964\u0965\u200c\u200d")
#: ... and what they still mean in some places: indented or list lines, line breaks,
#: emoji shortcodes, bare links some extensions turn into links.
_NOT_PLAIN = re.compile(r"^[ \t]|[ \t]$|^\d+[.)]|:\w+:|://", re.M)
_PARAGRAPHS = re.compile(r"\n[ \t]*\n\s*")


@dataclass
class MarkdownText:
    """Converts the hub's Markdown fields to clean HTML, each distinct text once."""

    extensions: list[Any] = field(default_factory=lambda: list(DEFAULT_EXTENSIONS))
    configs: dict[str, Any] = field(default_factory=dict)
    #: hosts images may load from (see :mod:`playbook.sanitize`)
    allowed_hosts: frozenset[str] = frozenset()
    _cache: dict[str, Markup] = field(default_factory=dict, repr=False)
    _md: markdown.Markdown | None = field(default=None, repr=False)

    def __post_init__(self) -> None:
        self.allowed_hosts = sanitize.normal_hosts(self.allowed_hosts)

    def __call__(self, text: str) -> Markup:
        done = self._cache.get(text)
        if done is None:
            done = self._cache[text] = Markup(self._convert(text))
        return done

    def _convert(self, text: str) -> str:
        text = text.strip()
        if not text:
            return ""
        if _plain(text):
            # The common case, at a fraction of the cost: nothing for Markdown to do.
            return "\n".join(f"<p>{p}</p>" for p in _PARAGRAPHS.split(text))
        if self._md is None:
            self._md = markdown.Markdown(extensions=self.extensions,
                                         extension_configs=self.configs)
        try:
            return sanitize.clean(self._md.reset().convert(text), self.allowed_hosts)
        finally:
            self._md.reset()


def _plain(text: str) -> bool:
    """Whether Markdown would turn ``text`` into nothing but paragraphs of the same text,
    whatever the extensions."""
    for ch in set(text):
        if ch not in _SAFE and unicodedata.category(ch)[0] not in "LMN":
            return False
    return not _NOT_PLAIN.search(text)


@dataclass(frozen=True)
class Heading:
    """An entry of a page's table of contents, as MkDocs' ``get_toc`` takes it."""

    level: int
    id: str
    name: str  # the heading's text as HTML
    children: list["Heading"] = field(default_factory=list)

    def token(self) -> dict[str, Any]:
        return {"level": self.level, "id": self.id, "name": self.name, "html": self.name,
                "data-toc-label": "", "children": [c.token() for c in self.children]}


_HEADING = re.compile(r"<h([1-6])((?:\s[^>]*)?)>(.*?)</h\1>", re.S)
_ID = re.compile(r'\sid="([^"]*)"')
_TAGS = re.compile(r"<[^>]*>")


def headings(page_html: str, slugify: Callable[[str, str], str] | None = None,
             permalink: str | None = None, toc_depth: int = 3,
             permalink_title: str = "Permanent link") -> tuple[str, list[Heading], set[str]]:
    """Give each heading without an id one made from its text (unique on the page), add a
    permalink (titled ``permalink_title``) if the site has them, and return the HTML, the table of contents (levels 2
    to ``toc_depth``, nested) and every id on the page."""
    slugify = slugify or default_slugify
    ids: set[str] = set(_ID.findall(page_html))
    # ids written in the templates are taken before any is made from text
    flat: list[tuple[int, str, str]] = []

    def one(match: re.Match[str]) -> str:
        level, attrs, inner = int(match.group(1)), match.group(2), match.group(3)
        found = _ID.search(attrs)
        if found:
            anchor = found.group(1)
        else:
            anchor = unique(_not_the_themes(
                slugify(html.unescape(_TAGS.sub("", inner)), "-")), ids)
            attrs = f' id="{anchor}"{attrs}'
        if 2 <= level <= toc_depth:
            flat.append((level, anchor, _TAGS.sub("", inner).strip()))
        if permalink:
            inner += (f'<a class="headerlink" href="#{anchor}" '
                      f'title="{html.escape(permalink_title)}">{permalink}</a>')
        return f"<h{level}{attrs}>{inner}</h{level}>"

    out = _HEADING.sub(one, page_html)
    return out, _nest(flat), ids


def default_slugify(value: str, separator: str) -> str:
    """A heading's anchor, as Python-Markdown makes it (``tomas-reyes``) where that leaves
    any letter; else, for a heading in another script (``ذمہ داریاں``), its own letters and
    marks (``ذمہ-داریاں``), where Python-Markdown's ASCII slug would be empty and every
    heading of an Urdu or Kannada page be ``_``, ``__1``, ..."""
    found = ascii_slugify(value, separator)
    if found:
        return found
    text = unicodedata.normalize("NFC", value).lower()
    kept = "".join(c for c in text if c.isalnum() or c in " -_"
                   or unicodedata.category(c) in ("Mn", "Mc"))
    return re.sub(r"[\s_-]+", separator, kept).strip(separator)


def _not_the_themes(anchor: str) -> str:
    """``anchor`` unless it would be one of the theme's ids (``__config``, ``__drawer``,
    ...: every one starts with ``__``), which a heading of hub text must not take."""
    if anchor.startswith("__"):
        anchor = anchor.lstrip("_")
    return anchor or "_"


def _nest(flat: list[tuple[int, str, str]]) -> list[Heading]:
    top: list[Heading] = []
    stack: list[Heading] = []
    for level, anchor, name in flat:
        node = Heading(level, anchor, name)
        while stack and stack[-1].level >= level:
            stack.pop()
        (stack[-1].children if stack else top).append(node)
        stack.append(node)
    return top


_INLINE = re.compile(r"\*\*(.+?)\*\*|`([^`]+)`|\[([^\]]+)\]\(([^)\s]+)\)")


def inline_markdown(message: str) -> str:
    """The little Markdown of our own catalog messages (``**bold**``, ``code``, ``[a](b)``)
    as HTML, the rest of the text escaped; ``{placeholders}`` are kept for ``format``."""
    out, last = [], 0
    for m in _INLINE.finditer(message):
        out.append(html.escape(message[last:m.start()]))
        if m.group(1) is not None:
            out.append(f"<strong>{html.escape(m.group(1))}</strong>")
        elif m.group(2) is not None:
            out.append(f"<code>{html.escape(m.group(2))}</code>")
        else:
            out.append(f'<a href="{html.escape(m.group(4))}">{html.escape(m.group(3))}</a>')
        last = m.end()
    out.append(html.escape(message[last:]))
    return "".join(out)


_TOP_HEADING = re.compile(r'<h([1-6]) id="([^"]*)">(.*?)(?:<a class="headerlink"[^>]*>[^<]*</a>)?'
                          r'</h\1>')
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_\[\]#|{}])")


def markdown_headings(body: str) -> str:
    """``body`` with its headings outside any block as Markdown headings (with their ids),
    so that a generator reading the file makes its table of contents from them; the rest
    stays HTML, which Markdown keeps as it is."""
    out, depth = [], 0
    for line in body.split("\n"):
        found = _TOP_HEADING.fullmatch(line) if depth == 0 else None
        if found:
            level, anchor, inner = found.groups()
            # the heading's text: markup escaped as HTML, Markdown's own marks with a backslash
            text = html.escape(html.unescape(re.sub(r"<[^>]*>", "", inner)), quote=False)
            text = _MARKDOWN_SPECIAL.sub(r"\\\1", text)
            out.append(f"\n{'#' * int(level)} {text} {{ #{anchor} }}\n")
        else:
            out.append(line)
        depth += line.count("<div") - line.count("</div>")
    return "\n".join(out)


def after_title(text: str, note: str, in_html: bool) -> str:
    """``note`` right after the page's title (its ``</h1>``, or its ``# `` line in
    Markdown), else at the top."""
    if in_html:
        at = text.find("</h1>") + len("</h1>")
        return text[:at] + "\n" + note + text[at:] if at >= len("</h1>") \
            else note + "\n" + text
    lines = text.split("\n")
    for i, line in enumerate(lines):
        if line.startswith("# "):
            lines.insert(i + 1, note)
            return "\n".join(lines)
    return note + "\n" + text


def front_matter(page_html: str) -> tuple[dict[str, Any], str]:
    """The page's front matter (what its template wrote between ``---`` lines at its top:
    MkDocs' page settings, such as what the theme hides) and the page without it; a
    ValueError saying what is wrong when it is not a mapping of YAML."""
    if not page_html.startswith("---\n"):
        return {}, page_html
    head, _, rest = page_html[4:].partition("\n---\n")
    return copy.deepcopy(_settings(head)), rest


@lru_cache(maxsize=64)
def _settings(head: str) -> dict[str, Any]:
    """What a page's front matter ``head`` says (the pages of a kind share theirs)."""
    try:
        meta = safe_data(head)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" (its line {mark.line + 2})" if mark is not None else ""
        problem = getattr(exc, "problem", None) or str(exc)
        raise ValueError(f"the front matter the template wrote is not YAML{where}: "
                         f"{problem}") from None
    if meta is None:
        return {}
    if not isinstance(meta, dict):
        raise ValueError("the front matter the template wrote is not a mapping of settings "
                         f"(such as 'hide: [toc]'): found {type(meta).__name__}")
    return meta
