"""`mkdocs serve` keeps the rows of the long listings (`{% cached %}`, playbook.fragments)
and makes again only those whose entities changed: the page is what a render without any
kept row gives, in every language, and the rows of what did not change are not made."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
import yaml

from playbook import RenderOptions, run
from playbook.fragments import Fragments, Reads
from playbook.render import Renderer
from playbook.templating import Environments
from playbook.urls import INDEX_PAGES, entity_page

from compact_hub import compact_sample
from conftest import write_hub

TODAY = dt.date(2026, 11, 25)
LIBRARY = INDEX_PAGES["collateral"]


@pytest.fixture(scope="module")
def sample(tmp_path_factory) -> Path:
    return compact_sample(tmp_path_factory.mktemp("fragments"))


class Session:
    """What `mkdocs serve` keeps between edits: the parsed files (an unchanged file's
    entity is the same object) and the template environments with their kept rows."""

    def __init__(self, root: Path) -> None:
        self.root, self.parsed, self.environments = root, {}, Environments()
        self.load()

    def load(self):
        self.result = run(self.root / "playbook", self.root / "content", self.root,
                          self._options(), render_pages=False, cache=self.parsed)
        assert self.result.report.ok
        return self.result

    def _options(self, **kw) -> RenderOptions:
        return RenderOptions(today=TODAY, record=True, history=False, **kw)

    def render(self, path: str, lang: str | None = None, kept: bool = True):
        """The page at ``path`` in ``lang``, with the session's kept rows (or none)."""
        environments = self.environments if kept else Environments()
        page, = Renderer(self.result.playbook, self._options(
            language=lang, environments=environments)).pages(only={path})
        return page

    @property
    def fragments(self) -> Fragments:
        return self.environments.fragments


def edit(file: Path, change) -> str:
    original = file.read_text(encoding="utf-8")
    data = yaml.safe_load(original)
    change(data)
    file.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return original


@pytest.mark.parametrize("lang", [None, "ur", "hu"])
def test_after_an_items_edit_only_its_row_is_made_and_the_page_is_the_same(sample, lang):
    session = Session(sample)
    items = sorted((sample / "playbook/collateral").glob("*.yml"))
    first = session.render(LIBRARY, lang)
    rows = session.fragments.made
    assert rows == len(items) and session.fragments.used == 0
    again = session.render(LIBRARY, lang)
    assert again == first and session.fragments.used == rows  # nothing changed: all kept
    assert again.reads == first.reads  # (what the next edit renders again follows them)
    original = edit(items[0], lambda d: d.update(title="A title just edited"))
    try:
        session.load()
        made = session.fragments.made
        edited = session.render(LIBRARY, lang)
        assert session.fragments.made - made == 1, "only the edited item's row is made"
        assert "A title just edited" in edited.content
        assert edited == session.render(LIBRARY, lang, kept=False)
    finally:
        items[0].write_text(original, encoding="utf-8")


def test_the_audits_items_on_no_path_are_rows_kept_the_same_way(sample):
    """The audit lists every item on no onboarding path (8,000 of the 10,000-item bench
    hub's): a row each, kept as the library's are; after an edit of one of them, only its
    row is made and the page is what a render without kept rows gives, with what it read
    (the audit's figures are made once per hub: what making them read is noted for every
    page that shows them, not only for the first)."""
    from playbook.audit import audit

    audit_page = INDEX_PAGES["audit"]
    session = Session(sample)
    off = audit(session.result.playbook, TODAY).off_paths
    assert off, "the compact sample has an item on no path"
    first = session.render(audit_page)
    assert session.fragments.made == len(off) and session.fragments.used == 0
    assert session.render(audit_page) == first
    assert session.fragments.used == len(off)
    file = sample / f"playbook/collateral/{off[0].id}.yml"
    original = edit(file, lambda d: d.update(owner="An owner just named"))
    try:
        session.load()
        made = session.fragments.made
        edited = session.render(audit_page)
        assert session.fragments.made - made == 1, "only the edited item's row is made"
        assert "An owner just named" in edited.content
        assert edited == session.render(audit_page, kept=False)
    finally:
        file.write_text(original, encoding="utf-8")


def test_a_roles_new_title_makes_again_the_rows_of_the_items_for_it(sample):
    session = Session(sample)
    session.render(LIBRARY)
    pb = session.result.playbook
    role = sorted(pb.roles.values(), key=lambda r: r.id)[0]
    for_it = [i for i in pb.collateral.values() if role.id in i.audience]
    assert for_it and len(for_it) < len(pb.collateral)
    original = edit(sample / f"playbook/roles/{role.id}.yml",
                    lambda d: d.update(title="A role renamed"))
    try:
        session.load()
        made = session.fragments.made
        page = session.render(LIBRARY)
        assert session.fragments.made - made == len(for_it)
        rows = page.content.split("<tbody>", 1)[1]
        assert rows.count("A role renamed") == len(for_it)
        assert page == session.render(LIBRARY, kept=False)
    finally:
        (sample / f"playbook/roles/{role.id}.yml").write_text(original, encoding="utf-8")


def test_a_kept_row_in_another_language_still_has_the_page_say_so(tmp_path):
    """An item whose title is not in Urdu is shown in English on the Urdu page of its
    stage, and the page says under its title that parts of it are not translated: so it
    does with the row kept, and the page still reads what the row read."""
    from test_reader_language import URDU_HUB

    root = write_hub(tmp_path / "hub", {**URDU_HUB, "playbook/collateral/price-list.yml": """
        title: Price list
        summary: What each plan costs.
        type: product-guide
        url: https://example.com/prices
        audience: [rep]
        stages: [hot]
        owner: Ana
        updated: 2026-10-01
    """}, base={})
    stage = entity_page("lead-types", "hot")
    session = Session(root)
    first = session.render(stage, "ur")
    assert first.content.count('class="pb-fallback-note"') == 1
    again = session.render(stage, "ur")
    assert again == first and again.reads == first.reads and session.fragments.used > 0
    (root / "playbook/collateral/price-list.yml").unlink()  # (the note is its row's)
    session.load()
    assert "pb-fallback-note" not in session.render(stage, "ur", kept=False).content


def test_a_full_render_forgets_every_row_and_a_build_keeps_none(sample):
    session = Session(sample)
    session.render(LIBRARY)
    assert len(session.fragments) > 0
    Renderer(session.result.playbook, session._options(
        environments=session.environments)).pages()  # (a template or hub.yml changed)
    assert session.fragments.used == 0
    build = Environments()  # a build records nothing: the tag is the rows as they are
    Renderer(session.result.playbook, RenderOptions(today=TODAY, history=False,
                                                    environments=build)).pages()
    assert len(build.fragments) == 0 and build.fragments.made == 0


def test_a_part_that_went_through_all_of_a_kind_is_not_kept():
    fragments, reads = Fragments(), Reads()

    class Playbook:
        entities = {"collateral": {}}

    fragments.begin(("a/", "en", TODAY), Playbook(), reads, lambda n: 0)
    made = fragments.part(("t", "f", 1), "k", lambda: reads.add(("collateral", "*")) or "x")
    assert made == "x" and len(fragments) == 0 and ("collateral", "*") in reads
    fragments.part(("t", "f", 2), "k", lambda: reads.add(("collateral", "a")) or "y")
    assert len(fragments) == 1
    fragments.end()
    again = Reads()  # the same page rendered again: the part kept, and what it read noted
    fragments.begin(("a/", "en", TODAY), Playbook(), again, lambda n: 0)
    assert fragments.part(("t", "f", 2), "k", lambda: "z") == "y"
    assert again == {("collateral", "a")}
    Playbook.entities["collateral"]["a"] = object()  # the entity is another now
    assert fragments.part(("t", "f", 2), "k", lambda: "z") == "z"


def test_a_hubs_template_with_a_key_that_cannot_be_kept_fails_validate(tmp_path):
    """A key the parts cannot be kept by (a list) would fail only in `mkdocs serve`: it
    fails `playbook validate` and the build alike, naming the template, its line and what a
    key must be."""
    from conftest import run_validate

    root = write_hub(tmp_path / "hub", {"templates/collateral_index.html.j2": (
        '{% extends "playbook/collateral_index.html.j2" %}\n{% block content %}'
        "{% for i in pb.collateral.values() %}{% cached [i.id] %}<i>{{ i.id }}</i>"
        "{% endcached %}{% endfor %}{% endblock %}\n")})
    code, output = run_validate(root)
    assert code == 1
    assert ("templates/collateral_index.html.j2:2: error: rendering collateral/index.md "
            "failed: {% cached %} needs a key that is a text, a number or a tuple of them, "
            "not list") in output
