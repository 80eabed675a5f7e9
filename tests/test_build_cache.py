"""Pages kept between builds (issue 37): as the theme made them
(`playbook/adapter/page_cache.py`: a build again takes every page whose inputs did not
change from `.cache/playbook/pages-<xx>.bin`), and as the core rendered them
(`playbook/render_cache.py`: only the pages whose reads changed are rendered again). A
build writes, byte for byte, the site a build without the cache writes, after an edit of
each kind, a file's date and a published file's size changed, a file added, removed and
renamed, a template of the hub and one of the theme edited, the configuration edited and a
language added; a kept page this machine did not seal is not used, and nothing is kept
through a link, nor in CI unless the CI gives the key."""

from __future__ import annotations

import os
import re
import shutil
from pathlib import Path

import pytest

from conftest import run_mkdocs, tamper, write_hub

#: The mini hub in two languages, the theme with a folder of overrides of the hub's own.
HUB = {
    # (Pagefind's index is left out of what is compared, and of what is built: Material's
    # own search index is compared instead)
    "mkdocs.yml": "site_name: Mini hub\ndocs_dir: content\ntheme:\n  name: material\n"
                  "  font: false\n  custom_dir: overrides\nplugins:\n  - search\n"
                  "  - playbook:\n      search: false\n",
    "overrides/main.html": '{% extends "base.html" %}\n'
                           '{% block footer %}<p class="own-footer">Our team</p>{% endblock %}\n',
    "playbook/hub.yml": "name: Mini hub\nlanguages: [en, hu]\n",
    "content/hu/index.md": "# Mini kézikönyv\n",
}

KEPT = re.compile(r"(\d+) pages as an earlier build made them, (\d+) put through the theme")
#: what the log says of the pages the core took as the last build rendered them
RENDERED = re.compile(r"([\d,]+) rendered, ([\d,]+) as the last build made them")


@pytest.fixture
def root(tmp_path, monkeypatch) -> Path:
    """The hub, with this machine's key in a folder of the test's, outside CI."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "user-cache"))
    monkeypatch.delenv("CI", raising=False)
    return write_hub(tmp_path / "hub", HUB)


def build(root: Path, site: Path, monkeypatch, cache: bool = True,
          renders: list[tuple[int, int]] | None = None) -> tuple[int, int]:
    """Build the hub into ``site``: how many pages came from the kept ones and how many
    were put through the theme (every language's site); in ``renders``, per language
    whose site took pages the core rendered before, how many it rendered and took."""
    if not cache:
        monkeypatch.setenv("CI", "1")
    try:
        result = run_mkdocs(root, site, "--strict")
    finally:
        monkeypatch.delenv("CI", raising=False)
    assert result.returncode == 0, result.stderr
    found = KEPT.findall(result.stderr)
    assert (found != []) == cache, result.stderr
    if renders is not None:
        renders[:] = [(int(a.replace(",", "")), int(b.replace(",", "")))
                      for a, b in RENDERED.findall(result.stderr)]
    return (int(found[-1][0]), int(found[-1][1])) if found else (0, 0)


def files(site: Path) -> dict[str, bytes]:
    """Every file of the site but Pagefind's index, whose file names differ from one build
    to the next of the same pages (with or without the cache)."""
    return {str(p.relative_to(site)): p.read_bytes() for p in site.rglob("*")
            if p.is_file() and "pagefind" not in p.relative_to(site).parts}


def same_site(cached: Path, clean: Path) -> None:
    a, b = files(cached), files(clean)
    assert a.keys() == b.keys(), sorted(a.keys() ^ b.keys())[:10]
    differ = [name for name in a if a[name] != b[name]]
    assert differ == [], differ[:10]


def kept_now(root: Path) -> int:
    """How many pages the hub keeps (what its builds wrote: .cache/playbook/pages-*.bin)."""
    from playbook.adapter.page_cache import PageCache

    cache = PageCache.of(root)
    assert cache is not None
    return len(cache.kept)


def packs(root: Path) -> dict[Path, int]:
    """The files the theme's pages are kept in, with the time each was written."""
    return {p: p.stat().st_mtime_ns for p in (root / ".cache/playbook").glob("pages-*.bin")}


def rendered_files(root: Path) -> dict[Path, int]:
    """The files the core's pages are kept in (those of every language, but the main files
    that name them), with the time each was written."""
    return {p: p.stat().st_mtime_ns
            for p in (root / ".cache/playbook").glob("rendered.*.??.bin")}


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, (path, old)
    path.write_text(text.replace(old, new), encoding="utf-8")


def edit_every_kind(root: Path) -> None:
    """An entity of each kind changed (what the theme is given is the page: this layer
    knows no kind, so one build of all the edits tells as much as one build each)."""
    for path, old, new in (
            ("roles/rep.yml", "Sales rep", "Field rep"),
            ("responsibilities/closing.yml", "Close deals", "Win deals"),
            ("lead-types/hot.yml", "Wants to buy now.", "Asked for a quote."),
            ("lead-sources/referrals.yml", "Referrals", "Partner referrals"),
            ("metrics/close-rate.yml", 'unit: "%"', "unit: ratio"),
            ("collateral/guide.yml", "How we sell.", "How we sell, step by step."),
            ("onboarding/welcome.yml", "hours: 2", "hours: 3")):
        edit(root / "playbook" / path, old, new)


def add_and_remove(root: Path) -> None:
    (root / "playbook/metrics/win-rate.yml").write_text(
        "title: Win rate\ndefinition: Deals won over deals closed.\n")
    (root / "playbook/lead-sources/referrals.yml").unlink()


def an_older_file(root: Path) -> None:
    """The guide's file last changed years ago (its date on its page), its bytes the same."""
    os.utime(root / "playbook/collateral/guide.yml", (1_600_000_000, 1_600_000_000))


#: Each edit a hub sees, in turn; whether some page must still come from the pages the
#: theme made (an edit of entities leaves most pages as they were; the theme's files, the
#: configuration and a new language change every page's header or menu); and whether the
#: core must take some pages as it rendered them (not when which files there are, the
#: hub's templates or hub.yml change).
EDITS = [
    ("an entity of each kind", edit_every_kind, True, True),
    ("a file's last-changed date", an_older_file, True, True),
    ("a published file's size", lambda r: edit(r / "content/files/guide.txt", "A guide.",
                                               "A guide, twice as long."), True, True),
    ("a file added and one removed", add_and_remove, True, False),
    ("a file renamed", lambda r: (r / "playbook/metrics/win-rate.yml").rename(
        r / "playbook/metrics/won-rate.yml"), True, False),
    ("a page written by hand", lambda r: edit(r / "content/index.md", "See the",
                                              "Start with the"), True, True),
    ("a template of the hub", lambda r: write_hub(r, {"templates/role.html.j2": (
        '{% extends "playbook/role.html.j2" %}\n'
        '{% block kpis %}<h2>Our numbers</h2>{% endblock %}\n')}, base={}), True, False),
    ("a template of the theme", lambda r: edit(r / "overrides/main.html", "Our team",
                                               "Our sales team"), False, True),
    ("the configuration", lambda r: edit(r / "mkdocs.yml", "site_name: Mini hub",
                                         "site_name: Our hub"), False, True),
    ("a language added", lambda r: write_hub(r, {
        "playbook/hub.yml": "name: Mini hub\nlanguages: [en, hu, ur]\n",
        "content/ur/index.md": "# منی ہب\n"}, base={}), False, False),
]


def test_a_build_again_takes_every_page_kept_and_writes_the_same_site(root, tmp_path,
                                                                        monkeypatch):
    kept, rendered = build(root, tmp_path / "first", monkeypatch)
    assert kept == 0 and rendered > 20
    again = build(root, tmp_path / "again", monkeypatch)
    assert again == (rendered, 0)
    same_site(tmp_path / "again", tmp_path / "first")
    assert kept_now(root) == rendered


def test_after_every_kind_of_edit_the_site_is_what_a_build_without_the_cache_makes(
        root, tmp_path, monkeypatch):
    build(root, tmp_path / "warm", monkeypatch)
    for n, (what, change, some_kept, some_taken) in enumerate(EDITS):
        change(root)
        renders: list[tuple[int, int]] = []
        before, core_before = packs(root), rendered_files(root)
        kept, rendered = build(root, tmp_path / f"cached-{n}", monkeypatch, renders=renders)
        # (only the files whose pages changed are written again: a page put through the
        # theme again changes the file of its new key and that of its old one; a page the
        # core rendered again, its own)
        assert sum(before.get(p) != t for p, t in packs(root).items()) <= 2 * rendered, what
        if renders:
            again = sum(core_before.get(p) != t for p, t in rendered_files(root).items())
            made = sum(made for made, _ in renders)
            assert again <= made and (again > 0) == (made > 0), (what, again, renders)
        build(root, tmp_path / f"clean-{n}", monkeypatch, cache=False)
        same_site(tmp_path / f"cached-{n}", tmp_path / f"clean-{n}")
        assert rendered > 0, what  # (what the edit changed)
        assert (kept > 0) == some_kept, (what, kept, rendered)
        # (each language's site, when the core took pages: the edit's rendered again)
        assert len(renders) == (2 if some_taken else 0), (what, renders)
    # and what no page of the last build used is gone
    assert kept_now(root) == kept + rendered


def test_a_kept_page_this_machine_did_not_seal_is_put_through_the_theme(root, tmp_path,
                                                                         monkeypatch):
    build(root, tmp_path / "first", monkeypatch)
    planted = 0  # every page with a script, the seal kept
    for pack in packs(root):
        planted += tamper(pack, b"Our team", b"<script>evil()</script>")
    assert planted > 20
    # and the pages the core rendered, changed where they name the handbook (each string
    # its length: what marshal reads is whole, only the seal tells)
    evil = 0
    for core in (root / ".cache/playbook").glob("rendered.en.??.bin"):
        evil += tamper(core, b"Handbook", b"EVILBOOK")
    assert evil > 5
    renders: list[tuple[int, int]] = []
    kept, rendered = build(root, tmp_path / "again", monkeypatch, renders=renders)
    assert kept == 0 and rendered > 20
    assert len(renders) == 1  # (the other language's kept pages, which open with the seal)
    assert not [name for name, data in files(tmp_path / "again").items()
                if b"evil" in data or b"EVILBOOK" in data]
    same_site(tmp_path / "again", tmp_path / "first")


def test_a_kept_file_of_pages_an_earlier_build_wrote_is_not_taken_for_the_last(
        root, tmp_path, monkeypatch):
    """The core's pages are kept in many files, of which a build writes again only those
    holding a page it rendered: a file of an earlier build put back (sealed here, so its seal
    opens) is not the one the last build named, and nothing kept is taken."""
    build(root, tmp_path / "first", monkeypatch)
    earlier = {p: p.read_bytes() for p in rendered_files(root)}
    edit(root / "playbook/lead-sources/referrals.yml", "title: Referrals",
         "title: Partner referrals")
    renders: list[tuple[int, int]] = []
    build(root, tmp_path / "second", monkeypatch, renders=renders)
    assert renders and all(0 < made < taken for made, taken in renders)
    stale = [p for p, data in earlier.items() if p.read_bytes() != data]
    assert stale
    for path in stale:
        path.write_bytes(earlier[path])
    build(root, tmp_path / "third", monkeypatch, renders=renders)
    assert renders == []  # (every page of the core rendered again, in each language)
    build(root, tmp_path / "clean", monkeypatch, cache=False)
    same_site(tmp_path / "third", tmp_path / "clean")
    assert "Partner referrals" in (tmp_path / "third/lead-sources/referrals/index.html"
                                   ).read_text()


def test_each_language_keeps_its_own_pages_when_one_code_begins_with_another(
        root, tmp_path, monkeypatch):
    """A hub in `en` and `en-ca` (a code that begins as the other and ends in two hex
    digits, as the names of a language's files of pages do): after an edit each language's
    site takes the pages its last build kept, neither losing them to the other's."""
    edit(root / "playbook/hub.yml", "languages: [en, hu]", "languages: [en, en-ca]")
    build(root, tmp_path / "first", monkeypatch)
    edit(root / "playbook/lead-sources/referrals.yml", "title: Referrals",
         "title: Partner referrals")
    renders: list[tuple[int, int]] = []
    build(root, tmp_path / "second", monkeypatch, renders=renders)
    assert len(renders) == 2 and all(0 < made < taken for made, taken in renders), renders
    build(root, tmp_path / "clean", monkeypatch, cache=False)
    same_site(tmp_path / "second", tmp_path / "clean")


def test_in_ci_pages_are_kept_with_the_key_the_ci_gives(root, tmp_path, monkeypatch):
    """A CI that keeps .cache/playbook between jobs gives the key (a secret of the
    repository): its builds keep and take pages; with another key nothing kept is
    believed."""
    monkeypatch.setenv("CI", "true")
    monkeypatch.setenv("PLAYBOOK_CACHE_KEY", "a long random secret of the repository")
    first = run_mkdocs(root, tmp_path / "first", "--strict")
    again = run_mkdocs(root, tmp_path / "again", "--strict")
    assert KEPT.search(first.stderr).group(1) == "0"
    assert KEPT.search(again.stderr).group(2) == "0"  # every page kept
    monkeypatch.setenv("PLAYBOOK_CACHE_KEY", "a guess of someone else's")
    other = run_mkdocs(root, tmp_path / "other", "--strict")
    assert KEPT.search(other.stderr).group(1) == "0"
    same_site(tmp_path / "other", tmp_path / "first")


def test_nothing_is_kept_through_a_link_nor_in_ci(root, tmp_path, monkeypatch):
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (root / ".cache").mkdir()
    (root / ".cache/playbook").symlink_to(elsewhere, target_is_directory=True)
    result = run_mkdocs(root, tmp_path / "site", "--strict")
    assert result.returncode == 0, result.stderr
    assert list(elsewhere.iterdir()) == [] and not KEPT.search(result.stderr)
    (root / ".cache/playbook").unlink()
    # a kept file that is a link is not read, nor written through
    build(root, tmp_path / "first", monkeypatch)
    before = {}
    for pack in packs(root):
        (elsewhere / pack.name).write_bytes(before.setdefault(pack.name, pack.read_bytes()))
        pack.unlink()
        pack.symlink_to(elsewhere / pack.name)
    assert len(before) > 5
    assert build(root, tmp_path / "linked", monkeypatch)[0] == 0
    assert {name: (elsewhere / name).read_bytes() for name in before} == before
    assert not [pack for pack in packs(root) if pack.is_symlink()]
    shutil.rmtree(root / ".cache")
    build(root, tmp_path / "ci", monkeypatch, cache=False)
    assert not (root / ".cache/playbook").exists()


def test_a_serve_session_keeps_each_page_once_however_often_it_is_made_again(tmp_path):
    """`mkdocs serve` keeps pages in memory between its builds: a page made again at each
    edit (the library of 10,000 rows weighs megabytes) is kept as it is now, not in every
    version it had (the session grew by 60 MB an edit at 10,000 items)."""
    from types import SimpleNamespace

    from playbook.adapter.page_cache import PageCache

    cache = PageCache(tmp_path, tmp_path / "cache", b"k" * 32)
    cache._build = b"what every page of the build is given"
    library, role = SimpleNamespace(url="collateral/"), SimpleNamespace(url="roles/rep/")
    def made(page, key: str, html: str) -> None:  # (what the theme's template does)
        cache._seen(page, key)
        cache.put(key, html)

    made(library, "collateral/0", "<html>0</html>")
    made(role, "roles/rep/0", "<html>0</html>")
    cache.remember()
    for n in range(1, 5):  # an edit: the library made again, the role's page taken as kept
        made(library, f"collateral/{n}", f"<html>{n}</html>")
        cache._seen(role, "roles/rep/0")
        assert cache.get("roles/rep/0") == "<html>0</html>"
        cache.remember()
    assert cache.kept == {"collateral/4": b"<html>4</html>", "roles/rep/0": b"<html>0</html>"}
