"""`playbook generate`: plain files from which a build without the plugin gives the same site."""

from __future__ import annotations

import os
import re
import shutil
import signal
import subprocess
import sys
import time

import pytest
from click.testing import CliRunner

from playbook.cli import main

from conftest import (Site, article_links, generated_pages, keeping_nothing, mkdocs_env,
                      run_mkdocs)


def article_text(site: Site, url: str) -> str:
    return re.sub(r"\s+", " ", site.article(url).get_text(" ", strip=True))


def test_generated_files_build_the_same_site_without_the_plugin(compact_sample_site, tmp_path):
    """The compact sample (tests/compact_hub.py: every kind of page of the sample, in
    English, Urdu and Hungarian), generated and built by MkDocs alone, is the site the
    plugin builds of it."""
    sample_site = compact_sample_site.site
    out = tmp_path / "export"
    result = CliRunner().invoke(main, ["generate", str(compact_sample_site.hub), "--out", str(out),
                                       "--for", "mkdocs"],
                                env={"SOURCE_DATE_EPOCH": "1795564800", **keeping_nothing()})
    assert result.exit_code == 0, result.output
    assert "playbook" not in (out / "mkdocs.yml").read_text().split("plugins:")[1].split("\n")[1]
    site = out / "site"  # (where the folder's config builds it)
    build = run_mkdocs(out, site, "--strict")  # (MkDocs' command line, in this process)
    assert build.returncode == 0, build.stderr
    assert "playbook" not in build.stderr  # the plugin did not run

    languages = ("ur/", "hu/")  # a folder each, built apart
    assert sorted(p.parent.name + "/" for p in out.glob("*/mkdocs.yml")) == sorted(languages)

    def pages(root):
        return {str(p.relative_to(root)) for p in root.rglob("index.html")
                if not str(p.relative_to(root)).startswith(
                    ("pagefind", "assets", "search") + languages)}

    plain = Site(site)
    assert pages(site) == pages(sample_site.root)
    # written for MkDocs (--for mkdocs), every link of a generated page leads to a page
    for url in generated_pages(plain)[:60]:
        for href, target in article_links(plain, url):
            assert plain.path(target).exists(), f"{url} links to missing {href!r}"
    # Another language's folder builds a site of its own, which `playbook index` moves
    # into the default one's, as the plugin's build puts it: every page, in Urdu, with the
    # Urdu hand-written home page.
    for lang in ("ur", "hu"):
        build = run_mkdocs(out / lang, out / lang / "site", "--strict")
        assert build.returncode == 0, build.stderr
    result = CliRunner().invoke(main, ["index", str(site)])
    assert result.exit_code == 0, result.output
    assert pages(site / "ur") == pages(sample_site.root / "ur")
    for url in ("ur/", "ur/roles/account-executive/", "ur/collateral/", "ur/audit/"):
        assert article_text(plain, url) == article_text(sample_site, url), url
    assert plain.html("ur/").select_one("body")["dir"] == "rtl"
    # the theme's words of mkdocs.yml in Urdu too: the palette toggles, the permalinks

    def theme_words(site):
        page = site.html("ur/roles/")
        return ([label["title"] for label in page.select("form[data-md-component=palette] "
                                                          "label[title]")],
                {a["title"] for a in page.select("article a.headerlink")})

    toggles, permalinks = theme_words(plain)
    assert (toggles, permalinks) == theme_words(sample_site)
    assert toggles and "mode" not in " ".join(toggles) and permalinks == {"مستقل ربط"}

    def switcher(site):
        return {a["hreflang"]: a["href"] for a in site.html("ur/roles/").select(
            "a.md-select__link[hreflang]")}

    assert switcher(plain) == switcher(sample_site) and len(switcher(plain)) == 3
    # `playbook index` gave the built site the plugin's search: Material's box, answered
    # by our worker from a Pagefind index per language's site
    assert set(re.findall(r"^(\w+): \d+ pages", result.output, re.M)) == {"en", "ur", "hu"}
    for lang in ("", "ur/"):
        assert (site / lang / "pagefind/pagefind-entry.json").is_file()
        worker = next((site / lang / "assets/javascripts/workers").glob("search.*.min.js"))
        assert "Playbook Hub" in worker.read_text()
        assert plain.html(lang + "roles/").select_one("article[data-pagefind-body]")
    for url in ("roles/", "roles/account-executive/", "responsibilities/", "lead-types/",
                "collateral/", "collateral/sales-and-marketing-roles-ur/",
                "onboarding/account-executive/", "audit/", "metrics/close-rate/"):
        assert article_text(plain, url) == article_text(sample_site, url), url
    # the headings of the generated pages make the table of contents there too
    toc = plain.html("collateral/sales-and-marketing-roles-ur/").select_one(
        "nav.md-nav--secondary").get_text(" ", strip=True)
    assert "Details" in toc and "In Urdu" in toc
    # the assets the pages need are there, diagrams included, and the data they link
    assert (site / "assets/playbook/mermaid.min.js").is_file()
    for name in ("raci.csv", "playbook.json", "admin/config.yml", "admin/index.html"):
        assert (site / name).read_bytes() == (sample_site.root / name).read_bytes(), name
    nav = plain.html("roles/").select_one("nav.md-nav--primary").get_text(" ", strip=True)
    assert "Collateral library" in nav and "Content audit" in nav


def test_generate_refuses_a_broken_hub(hub, tmp_path):
    root = hub({"playbook/roles/rep.yml": "title: R\nsummary: S\nteam: nope\n"})
    result = CliRunner().invoke(main, ["generate", str(root), "--out", str(tmp_path / "o")],
                                env=keeping_nothing())
    assert result.exit_code == 1
    assert "team: unknown team 'nope'" in result.output
    assert not (tmp_path / "o").exists()


def test_generate_loads_images_only_from_the_hubs_allowed_hosts(hub, tmp_path):
    root = hub({"playbook/roles/manager.yml": """
        title: Sales manager
        summary: <img src="https://img.example.com/a.png" alt="Team"> <img src="https://evil.example/p.gif" alt="Pixel">
        team: sales
    """})
    config = root / "mkdocs.yml"
    config.write_text(config.read_text().replace(
        "  - playbook\n", "  - playbook:\n      allowed_hosts: [img.example.com]\n"))
    result = CliRunner().invoke(main, ["generate", str(root), "--out", str(tmp_path / "o")],
                                env=keeping_nothing())
    assert result.exit_code == 0, result.output
    page = (tmp_path / "o/docs/roles/manager.md").read_text()
    assert '<img src="https://img.example.com/a.png" alt="Team">' in page
    assert '<a class="pb-image-link" href="https://evil.example/p.gif">Pixel</a>' in page
    assert "<img src=\"https://evil.example" not in page


def test_index_refuses_a_site_not_built_from_generate(tmp_path):
    (tmp_path / "site").mkdir()
    (tmp_path / "site/index.html").write_text("<html><body>Hi</body></html>")
    result = CliRunner().invoke(main, ["index", str(tmp_path / "site")])
    assert result.exit_code == 1
    assert "has no assets/playbook/site.json: build it from the folder `playbook generate` " \
           "writes" in result.output
    assert not (tmp_path / "site/pagefind").exists()


def _wait_for(what, log, timeout: float = 60.0) -> None:
    deadline = time.time() + timeout
    while not what():
        assert time.time() < deadline, log.read_text(encoding="utf-8")
        time.sleep(0.1)


@pytest.mark.site
def test_generate_watch_writes_again_only_what_an_edit_changes(hub, tmp_path):
    """`zensical serve` in the folder rebuilds for each edit of the hub, because `generate
    --watch` writes again the files the edit changes and those alone."""
    root, out, log = hub({}), tmp_path / "out", tmp_path / "log"
    with open(log, "w", encoding="utf-8") as sink:
        watcher = subprocess.Popen(
            [sys.executable, "-m", "playbook.cli", "generate", "--watch", "--out", str(out),
             str(root)], stdout=sink, stderr=subprocess.STDOUT,
            env={**mkdocs_env(), **keeping_nothing()},
            # Ctrl+C as in a terminal, even when this run was started in the background by
            # a shell without job control (its children inherit SIGINT ignored)
            preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))
    try:
        _wait_for(lambda: "Watching" in log.read_text(encoding="utf-8"), log)
        page, guide = out / "docs/roles/manager.md", out / "docs/files/guide.txt"
        referrals = out / "docs/lead-sources/referrals.md"
        assert "Sales manager" in page.read_text(encoding="utf-8") and referrals.is_file()
        os.utime(guide, (946684800, 946684800))  # 2000-01-01: would change if written
        files = [p for p in out.rglob("*") if p.is_file()]
        untouched = {p: p.stat().st_mtime_ns for p in files}
        before = {p: p.read_bytes() for p in files}

        manager = root / "playbook/roles/manager.yml"
        manager.write_text(manager.read_text(encoding="utf-8").replace(
            "Sales manager", "Head of sales"), encoding="utf-8")
        rounds = lambda: log.read_text(encoding="utf-8").count(" written again and ")  # noqa: E731
        _wait_for(lambda: rounds() == 1, log)  # (said once all is written)
        assert "Head of sales" in page.read_text(encoding="utf-8")
        assert guide.stat().st_mtime == 946684800
        changed = {p for p, mtime in untouched.items() if p.stat().st_mtime_ns != mtime}
        assert page in changed and out / "docs/roles/index.md" in changed
        # pages that do not name the manager, and the hand-written home page, stay
        assert out / "docs/lead-sources/referrals.md" not in changed
        assert out / "docs/index.md" not in changed
        # written again exactly when its bytes changed
        assert changed == {p for p in files if p.read_bytes() != before[p]}

        (root / "playbook/lead-sources/referrals.yml").unlink()
        _wait_for(lambda: rounds() == 2, log)
        assert not referrals.exists() and "1 removed" in log.read_text(encoding="utf-8")

        (root / "playbook/roles/rep.yml").write_text("title: R\nsummary: S\nteam: nope\n",
                                                     encoding="utf-8")
        _wait_for(lambda: "is left as it was" in log.read_text(encoding="utf-8"), log)
        assert "playbook/roles/rep.yml:3:7: error: team: unknown team 'nope'" in \
            log.read_text(encoding="utf-8")
        assert (out / "docs/roles/rep.md").is_file()  # the last good folder stays
    finally:
        watcher.send_signal(signal.SIGINT)
        code = watcher.wait(timeout=30)
    text = log.read_text(encoding="utf-8")
    assert code == 0 and "Stopped watching." in text and "Traceback" not in text, text
    assert not list(tmp_path.glob(".out.generating")) and not list(out.rglob(".*.part"))


def _generate(root, out):
    result = CliRunner().invoke(main, ["generate", str(root), "--out", str(out)],
                                env=keeping_nothing())
    assert result.exit_code == 0, result.output
    return result


def test_generate_again_renders_only_what_an_edit_touches_and_writes_what_a_fresh_run_does(
        hub, tmp_path, monkeypatch):
    """`playbook generate` keeps its pages (with what each read) and its compiled templates
    in the hub's .cache, as `mkdocs build` does: run again after an edit, it renders only the
    pages the edit touches, in every language, and writes what a run with nothing kept
    writes, byte for byte."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "user-cache"))
    monkeypatch.delenv("CI", raising=False)
    root = hub({"playbook/hub.yml": "name: Mini hub\nlanguages: [en, ur]\n"})
    said = re.compile(r"([\d,]+) pages rendered, ([\d,]+) as the last run made them")

    def generate(out: str, **env: str) -> str:
        result = CliRunner().invoke(main, ["generate", str(root), "--out", str(tmp_path / out)],
                                    env=env)
        assert result.exit_code == 0, result.output
        return result.output

    assert said.search(generate("one")) is None
    kept = root / ".cache/playbook"
    assert {"generated.en.bin", "generated.ur.bin", "templates.bin"} <= {
        p.name for p in kept.iterdir()}
    source = root / "playbook/lead-sources/referrals.yml"
    source.write_text(source.read_text(encoding="utf-8").replace(
        "title: Referrals", "title: Partner referrals"), encoding="utf-8")
    rendered, reused = (int(n.replace(",", "")) for n in said.search(generate("two")).groups())
    assert 0 < rendered < reused
    generate("fresh", CI="1")  # (nothing kept is read)

    def files(out: str) -> dict[str, bytes]:
        return {str(p.relative_to(tmp_path / out)): p.read_bytes()
                for p in (tmp_path / out).rglob("*") if p.is_file()}

    two, fresh = files("two"), files("fresh")
    assert two.keys() == fresh.keys()
    assert [name for name in two if two[name] != fresh[name]] == []
    assert "Partner referrals" in two["docs/lead-sources/referrals.md"].decode()
    assert "Partner referrals" in two["ur/docs/lead-sources/referrals.md"].decode()
    assert "Partner referrals" in two["docs/lead-types/hot.md"].decode()  # (it names them)
    # the plugin's `build_cache: false` keeps nothing here either
    shutil.rmtree(root / ".cache")
    config = root / "mkdocs.yml"
    config.write_text(config.read_text().replace("  - playbook\n",
                                                 "  - playbook:\n      build_cache: false\n"))
    generate("three")
    assert not list((root / ".cache/playbook").glob("*.bin"))


def test_generate_again_removes_a_dropped_language_and_writes_nothing_through_links(
        hub, tmp_path):
    root, out = hub({"playbook/hub.yml": "name: Mini hub\nlanguages: [en, ur]\n"}), \
        tmp_path / "out"
    _generate(root, out)
    assert (out / "ur/mkdocs.yml").is_file() and (out / "ur/docs/roles/rep.md").is_file()
    # a folder of the output replaced by a link to someone's files, and a file of one's own
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (elsewhere / "guide.txt").write_text("Not the hub's.\n", encoding="utf-8")
    shutil.rmtree(out / "docs/files")
    (out / "docs/files").symlink_to(elsewhere, target_is_directory=True)
    (out / "mkdocs.notes.yml").write_text("site_name: My own notes\n", encoding="utf-8")

    (root / "playbook/hub.yml").write_text("name: Mini hub\n", encoding="utf-8")
    _generate(root, out)
    assert not (out / "ur").exists()
    assert (elsewhere / "guide.txt").read_text(encoding="utf-8") == "Not the hub's.\n"
    assert not (out / "docs/files").is_symlink()
    assert (out / "docs/files/guide.txt").read_text(encoding="utf-8") == "A guide.\n"
    assert (out / "mkdocs.notes.yml").is_file()  # not written by generate: left alone
    assert not (out / ".generating").exists()


def test_index_moves_each_languages_site_into_place_and_names_one_not_built(hub, tmp_path):
    """Each other language's folder is a project of its own (Zensical keeps a cache beside
    its config): `playbook index` moves the site it built into its place under the default
    language's, over the one an earlier run put there, and names a language with no site
    built. The configs of the layout before (``mkdocs.<lang>.yml`` beside the default's)
    go when generate runs again."""
    from playbook.export import HEADER

    root = hub({"playbook/hub.yml": "name: Mini hub\nlanguages: [en, ur, hu]\n"})
    out = tmp_path / "out"
    out.mkdir()
    (out / "mkdocs.ur.yml").write_text(f"{HEADER}: an earlier layout\n", encoding="utf-8")
    result = _generate(root, out)
    assert not (out / "mkdocs.ur.yml").exists()
    assert "zensical build -f ur/mkdocs.yml && zensical build -f hu/mkdocs.yml" \
        in result.output

    def build(folder, text):  # (as Zensical builds, less its time: what a build copies,
        # its index of every page's text, and a page)
        shutil.rmtree(folder / "site", ignore_errors=True)
        shutil.copytree(folder / "docs/assets", folder / "site/assets")
        (folder / "site/search.json").write_text('{"items": []}', encoding="utf-8")
        (folder / "site/index.html").write_text(
            f"<html><body><article><h1>{text}</h1><p>{text}</p></article></body></html>",
            encoding="utf-8")

    def index():
        return CliRunner().invoke(main, ["index", str(out / "site")])

    build(out, "Home")
    build(out / "ur", "Urdu home")
    done = index()
    assert done.exit_code == 1, done.output
    assert "ur: its site moved into" in done.output
    assert "no site built for hu: build hu/mkdocs.yml" in done.output
    assert "Urdu home" in (out / "site/ur/index.html").read_text(encoding="utf-8")
    assert not (out / "ur/site").exists() and (out / "ur/docs").is_dir()
    # built again, Urdu replaces what the last run put in place; Hungarian joins it
    build(out / "ur", "Urdu home again")
    build(out / "hu", "Hungarian home")
    done = index()
    assert done.exit_code == 0, done.output
    assert "Urdu home again" in (out / "site/ur/index.html").read_text(encoding="utf-8")
    assert re.search(r"^hu: 1 pages in the search index", done.output, re.M), done.output
    assert sorted(p.name for p in (out / "site").iterdir() if p.name.startswith(".")) == []
    done = index()  # run again, nothing to move: every language is in place
    assert done.exit_code == 0 and "moved" not in done.output, done.output


def test_generate_refuses_an_out_folder_inside_the_docs_folder(hub):
    root = hub({})
    result = CliRunner().invoke(main, ["generate", str(root), "--out",
                                       str(root / "content/export")], env=keeping_nothing())
    assert result.exit_code == 2
    assert "is inside the hub's docs folder content/" in result.output
    assert not (root / "content/export").exists()


def test_generate_makes_the_home_page_a_hub_lacks_and_navigates_as_mkdocs(hub, tmp_path):
    """The generated files of a hub with no home page have the one the plugin makes, first
    in their navigation; hand-written pages are nested by folder as MkDocs nests them (one
    plan of the navigation for both ways of building)."""
    import yaml

    root = hub({"content/index.md": None, "content/guides/selling.md": "# Selling\n",
                "content/about.md": "# About\n", "content/guides/index.md": "# Guides\n"})
    out = tmp_path / "out"
    _generate(root, out)
    assert "# Mini hub" in (out / "docs/index.md").read_text(encoding="utf-8")
    nav = yaml.safe_load((out / "mkdocs.yml").read_text(encoding="utf-8"))["nav"]
    assert nav[:3] == ["index.md", "about.md",
                       {"Guides": ["guides/index.md", "guides/selling.md"]}]
    assert list(nav[3]) == ["Playbook"]


def test_a_pages_front_matter_is_the_text_pyyaml_itself_writes():
    """The front matter is written with libyaml's emitter (seven times as fast over 10,000
    pages), each value on one line, and must be the text PyYAML's own writes so (titles in
    any script, with YAML's special characters, escapes and long lines)."""
    import html

    import yaml

    from playbook.page import Page

    for title, meta in (
            ('Q3 "deal" review: <b> & ಕನ್ನಡ — اردو', {"hide": ["toc", "navigation"]}),
            ("- yes: no #1 @team 'quoted'", {"search": {"exclude": True}, "x": None}),
            ("Line\nbreak\ttab \u2028 and " + "long " * 30, {"description": "a: b # c"})):
        page = Page(path="x.md", content="<p>Body</p>", title=title, meta=meta)
        head = page.markdown.split("---\n")[1]
        assert head == yaml.safe_dump({"title": html.escape(title), **meta},
                                      allow_unicode=True, sort_keys=False, width=1 << 30)
        assert yaml.safe_load(head.splitlines()[0]) == {"title": html.escape(title)}
        assert yaml.safe_load(head) == {"title": html.escape(title), **meta}
