"""Compiled templates are kept for the life of the process and shared by environments that
compile alike: a second build compiles nothing again, and nothing compiled for one
environment, or from an older source, is ever used in place of what another needs."""

from __future__ import annotations

import jinja2

from playbook.template_cache import CompiledTemplates

from conftest import run_mkdocs


def environment(folder, cache: CompiledTemplates, **options) -> jinja2.Environment:
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(str(folder)), **options)
    env.bytecode_cache = cache
    return env


def test_a_template_is_compiled_once_for_environments_alike(tmp_path):
    (tmp_path / "page.html").write_text("<p>{{ name }}</p>")
    cache = CompiledTemplates()
    first = environment(tmp_path, cache, autoescape=True)
    assert first.get_template("page.html").render(name="Ana") == "<p>Ana</p>"
    second = environment(tmp_path, cache, autoescape=True)
    assert second.get_template("page.html").render(name="<b>") == "<p>&lt;b&gt;</p>"
    assert (cache.misses, cache.hits) == (1, 1)


def test_escaping_filters_and_syntax_each_get_their_own_code(tmp_path):
    (tmp_path / "page.html").write_text("<p>{{ name }}</p>{# note #}")
    cache = CompiledTemplates()
    escaped = environment(tmp_path, cache, autoescape=True)
    raw = environment(tmp_path, cache, autoescape=False)
    assert escaped.get_template("page.html").render(name="<b>") == "<p>&lt;b&gt;</p>"
    assert raw.get_template("page.html").render(name="<b>") == "<p><b></p>"
    # another comment syntax reads the same file otherwise
    other = environment(tmp_path, cache, comment_start_string="<!--#",
                        comment_end_string="#-->")
    assert other.get_template("page.html").render(name="x") == "<p>x</p>{# note #}"
    assert cache.hits == 0


def test_a_filter_added_or_passed_differently_compiles_anew(tmp_path):
    (tmp_path / "page.html").write_text("{{ name | shout }}")
    cache = CompiledTemplates()
    plain = environment(tmp_path, cache)
    plain.filters["shout"] = lambda value: str(value).upper()
    assert plain.get_template("page.html").render(name="hi") == "HI"

    @jinja2.pass_context
    def shout(context, value):
        return f"{value}!{context['mark']}"

    with_context = environment(tmp_path, cache)
    with_context.filters["shout"] = shout
    assert with_context.get_template("page.html").render(name="hi", mark="?") == "hi!?"
    assert cache.hits == 0


def test_an_edited_template_is_compiled_again(tmp_path):
    page = tmp_path / "page.html"
    page.write_text("old {{ x }}")
    cache = CompiledTemplates()
    assert environment(tmp_path, cache).get_template("page.html").render(x=1) == "old 1"
    page.write_text("new {{ x }}")
    assert environment(tmp_path, cache).get_template("page.html").render(x=1) == "new 1"


def test_the_least_recently_used_code_goes_first(tmp_path):
    cache = CompiledTemplates(limit=2)
    for name in "abc":
        (tmp_path / name).write_text(name)
    env = environment(tmp_path, cache)
    for name in "abc":
        env.get_template(name)
    fresh = environment(tmp_path, cache)
    fresh.get_template("c")
    fresh.get_template("b")
    fresh.get_template("a")  # dropped: compiled again
    assert (cache.hits, cache.misses) == (2, 4)


def test_a_second_build_in_one_process_compiles_no_template_again(hub, tmp_path,
                                                                  monkeypatch):
    """`mkdocs serve` builds again in the same process: the theme's templates and ours come
    from memory, and the pages are the same. (No pages kept between the builds, CI's way:
    the second build would take them all from .cache and render no template.)"""
    from playbook.template_cache import SHARED

    monkeypatch.setenv("CI", "1")
    root = hub()
    assert run_mkdocs(root, tmp_path / "one").returncode == 0
    hits, misses = SHARED.hits, SHARED.misses
    compiled: list[str] = []  # by any environment: the theme's, ours, the search plugin's
    compile = jinja2.Environment.compile
    monkeypatch.setattr(jinja2.Environment, "compile", lambda env, source, name=None, *a, **k:
                        compiled.append(name) or compile(env, source, name, *a, **k))
    assert run_mkdocs(root, tmp_path / "two").returncode == 0
    assert SHARED.misses == misses and compiled == []
    assert SHARED.hits - hits >= 30  # Material's main.html, base.html, partials..., ours
    for name in ("index.html", "roles/rep/index.html", "collateral/index.html"):
        assert (tmp_path / "one" / name).read_bytes() == (tmp_path / "two" / name).read_bytes()


def test_a_build_takes_the_templates_an_earlier_process_compiled_and_only_sealed_ones(
        hub, tmp_path, monkeypatch):
    """`mkdocs build` keeps the templates it compiled in the hub's .cache (sealed with this
    machine's key): the next process compiles none of them, and builds the same pages; a
    template of the hub's edited since is compiled anew; a file whose seal is broken (or
    another machine's) is not read, every template compiled again; in CI nothing is kept."""
    from collections import OrderedDict

    from playbook import template_cache

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "user-cache"))
    monkeypatch.delenv("CI", raising=False)
    root = hub({"templates/role.html.j2": "<h1>{{ title }}</h1><p>Role of ours</p>\n"})
    compiled: list[str] = []
    compile = jinja2.Environment.compile
    monkeypatch.setattr(jinja2.Environment, "compile", lambda env, source, name=None, *a, **k:
                        compiled.append(name) or compile(env, source, name, *a, **k))

    def build(site: str) -> list[str]:
        """A build as a new process makes it (nothing compiled in memory): what it compiled."""
        monkeypatch.setattr(template_cache.SHARED, "_code", OrderedDict())
        monkeypatch.setattr(template_cache.SHARED, "kept", None)
        compiled.clear()
        assert run_mkdocs(root, tmp_path / site).returncode == 0
        return sorted(compiled)

    first = build("one")
    kept = root / ".cache/playbook/templates.bin"
    assert kept.is_file() and len(first) >= 30  # Material's and ours
    assert build("two") == []
    for name in ("index.html", "roles/rep/index.html", "collateral/index.html"):
        assert (tmp_path / "one" / name).read_bytes() == (tmp_path / "two" / name).read_bytes()
    assert "Role of ours" in (tmp_path / "two/roles/rep/index.html").read_text()
    # the hub's template edited: that one alone is compiled again, and shows the edit
    (root / "templates/role.html.j2").write_text("<h1>{{ title }}</h1><p>Role, edited</p>\n")
    assert build("three") == ["role.html.j2"]
    assert "Role, edited" in (tmp_path / "three/roles/rep/index.html").read_text()
    # a byte of the compiled code changed: the seal no longer opens, nothing is taken
    data = bytearray(kept.read_bytes())
    data[-10] ^= 1
    kept.write_bytes(bytes(data))
    four = build("four")
    assert "main.html" in four  # (the pages are kept: the theme's page template only)
    assert "Role, edited" in (tmp_path / "four/roles/rep/index.html").read_text()
    kept.unlink()
    assert build("five") == four  # what a build with nothing kept compiles
    # in CI (no key given) nothing is kept
    kept.unlink()
    monkeypatch.setenv("CI", "1")
    build("six")
    assert not kept.exists()
