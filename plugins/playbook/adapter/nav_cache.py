"""The theme's navigation, rendered once for all the generated pages of a folder.

Material renders the whole navigation (sidebar, and tabs when turned on) into every page,
and at thousands of pages that is a large part of a build: the theme's time grows with
pages times nav entries. For a page outside the navigation no entry is active, and the
navigation's HTML then differs between pages only in its relative URLs, that is, in the
page's folder. So for such a page (one the caller accepts, see :func:`install`), the
navigation is rendered once per folder and reused.

This holds for Material's own navigation templates; when a theme override replaces them
(``partials/nav.html``, ``partials/nav-item.html`` and the tabs'), or when a page lies
above an entry of the navigation, the navigation is rendered per page as usual. The
plugin's ``nav_cache: false`` turns all of it off.

No mkdocs import: this works on the theme's Jinja environment and duck-typed pages
(``url``, ``ancestors``).
"""

from __future__ import annotations

import posixpath
from pathlib import Path
from typing import Any, Callable, Iterator

#: The partials cached, each with the templates it is made from that must be the theme's own.
PARTIALS = {
    "partials/nav.html": ("partials/nav.html", "partials/nav-item.html"),
    "partials/tabs.html": ("partials/tabs.html", "partials/tabs-item.html"),
}


class NavCache:
    """Counts what it did, for the build's log and the tests."""

    def __init__(self, nav_urls: set[str], accept: Callable[[Any], bool]) -> None:
        self.nav_urls = nav_urls
        self.accept = accept
        self.html: dict[tuple[Any, ...], str] = {}
        self.hits = 0

    def key(self, name: str, page: Any) -> tuple[Any, ...] | None:
        """What the navigation of ``page`` depends on, or None when it must be rendered."""
        if page is None or not self.accept(page):
            return None
        url = getattr(page, "url", None)
        if not url or any(u.startswith(url) for u in self.nav_urls):
            return None  # the page's URLs to those entries are its own
        # A page outside the nav has no active entry, unless a plugin gave it a parent.
        ancestors = tuple(id(a) for a in getattr(page, "ancestors", ()) or ())
        return (name, posixpath.dirname(url.rstrip("/")), url.endswith("/"), ancestors)

    def clear(self) -> None:
        self.html.clear()


def install(env: Any, nav_urls: set[str], accept: Callable[[Any], bool],
            theme_dir: Path) -> NavCache:
    """Make ``env`` render the partials once per folder for the pages ``accept`` takes,
    when they come from ``theme_dir`` (the theme's own templates, not an override)."""
    cache = NavCache(nav_urls, accept)
    original = env.get_template
    theme = str(theme_dir.resolve())
    own: dict[str, bool] = {}

    def from_theme(name: str) -> bool:
        if name not in own:
            try:
                filename = env.loader.get_source(env, name)[1]
            except Exception:  # not found, or a loader without files
                filename = None
            own[name] = bool(filename) and str(Path(filename).resolve()).startswith(theme)
        return own[name]

    def get_template(name: Any, *args: Any, **kwargs: Any) -> Any:
        template = original(name, *args, **kwargs)
        if name in PARTIALS and not getattr(template, "_playbook_nav_cache", False) \
                and all(from_theme(part) for part in PARTIALS[name]):
            _wrap(template, name, cache)
        return template

    env.get_template = get_template
    return cache


def _wrap(template: Any, name: str, cache: NavCache) -> None:
    render = template.root_render_func

    def root_render_func(context: Any) -> Iterator[str]:
        key = cache.key(name, context.get("page"))
        if key is None:
            yield from render(context)
            return
        html = cache.html.get(key)
        if html is None:
            html = cache.html[key] = "".join(render(context))
        else:
            cache.hits += 1
        yield html

    template.root_render_func = root_render_func
    template._playbook_nav_cache = True


def for_build(env: Any, nav: Any, is_generated: Callable[[Any], bool]) -> NavCache | None:
    """The cache of the build whose navigation is ``nav``, installed in the theme's
    environment ``env`` (Material's templates); None when Material is not there or the
    build has no navigation yet."""
    import importlib.util

    spec = importlib.util.find_spec("material")
    if spec is None or spec.origin is None or nav is None:
        return None
    urls: set[str] = set()
    items = list(nav.items)
    while items:
        item = items.pop()
        url = getattr(item, "url", None)
        if url is not None:
            urls.add(str(url))
        items.extend(getattr(item, "children", None) or ())
    return install(env, urls, is_generated, Path(spec.origin).parent / "templates")
