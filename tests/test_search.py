"""Search in the theme's own box, answered by Pagefind: words of every script find their page.

Browser tests type into Material's header search box, as a rep does, and read the results
that the theme lists."""

from __future__ import annotations

import re
import textwrap

import pytest

from browser import ANSWERED, SEARCH_ANSWERS, serve, stay_on
from conftest import ARTIFACTS, REPO, Site, run_mkdocs, write_hub

pytestmark = pytest.mark.browser

SEEDS = REPO / "tests/fixtures/seeds"
PUNCTUATION = ".,;:!?()\"'“”‘’«»—–-…।|[]{}*#"


def seed_words(text: str) -> list[str]:
    """Two words from inside an article (not its title): the 41st and 151st long word."""
    words = [w.strip(PUNCTUATION) for w in text.split()]
    words = [w for w in words if len(w) >= 5 and not any(c in w for c in PUNCTUATION)]
    return [words[40], words[150]]


#: A hook of the hub that changes a generated page's article after the plugin made it (as
#: another plugin may): the page is searched as the site shows it.
CHANGING_HOOK = """
def on_page_content(html, page, config, files):
    if page.file.src_uri == "roles/rep.md":
        return html.replace("Sells", "Quokkasells")
"""


@pytest.fixture(scope="module")
def seed_site(tmp_path_factory) -> Site:
    from conftest import MINI_HUB

    root = tmp_path_factory.mktemp("seed-hub")
    files = {"mkdocs.yml": textwrap.dedent(MINI_HUB["mkdocs.yml"]).strip()
             + "\nhooks:\n  - hooks.py\n",
             "hooks.py": CHANGING_HOOK}
    for seed in sorted(SEEDS.glob("*.txt")):
        body = seed.read_text(encoding="utf-8")
        files[f"content/articles/{seed.stem}.md"] = f"# Article {seed.stem}\n\n{body}\n"
    write_hub(root / "hub", files)
    result = run_mkdocs(root / "hub", root / "site", "--strict")
    assert result.returncode == 0, result.stderr
    return Site(root / "site")


class SearchBox:
    def __init__(self, chromium, base: str):
        self.base = base
        self.page = chromium.new_page(viewport={"width": 1280, "height": 900})
        self.page.add_init_script(SEARCH_ANSWERS)
        self.outside = stay_on(self.page, base)
        self.page.goto(base)
        self.page.keyboard.press("/")
        # Material says "Type to start searching" once its worker is ready
        self.page.wait_for_function(
            "() => /Type to start/.test(document.querySelector('.md-search-result__meta')"
            ".textContent)", timeout=15000)

    def search(self, query: str) -> list[str]:
        """Type ``query`` and return the result URLs, relative to the site, once the worker
        has answered it (and the theme has shown the answer)."""
        box = self.page.locator("input.md-search__input")
        box.fill("")  # (the same query typed again would ask nothing)
        answered = self.page.evaluate("window.__pbAnswered.length")
        # One input event for the whole query, as when text is pasted: playbook.js turns it
        # into the keyup the theme queries on.
        box.fill(query)
        self.page.wait_for_function(ANSWERED, arg=[answered, query], timeout=10000)
        if self.page.locator(".md-search-result__meta").inner_text().startswith("No matching"):
            return []
        found = self.page.locator(".md-search-result__item > a").evaluate_all(
            "els => els.map(a => a.getAttribute('href'))")
        return [re.sub(r"^https?://[^/]+/|\?h=.*$", "", h) for h in found]


@pytest.mark.parametrize("seed", sorted(p.stem for p in SEEDS.glob("*.txt")))
def test_two_words_from_inside_each_seed_article_find_it(seed_site, chromium, seed):
    with serve(seed_site.root) as base:
        box = SearchBox(chromium, base)
        for word in seed_words((SEEDS / f"{seed}.txt").read_text(encoding="utf-8")):
            assert f"articles/{seed}/" in box.search(word), word
        assert box.outside == []
        box.page.close()


def test_a_generated_page_another_plugin_changed_is_searched_as_it_shows(seed_site,
                                                                         chromium):
    """The generated pages go to search before MkDocs has built them; one a hook changed
    since is indexed again, as the site shows it."""
    assert "Quokkasells" in seed_site.path("roles/rep/").read_text(encoding="utf-8")
    with serve(seed_site.root) as base:
        box = SearchBox(chromium, base)
        assert "roles/rep/" in box.search("Quokkasells")
        assert "roles/rep/" not in box.search("Sells")
        box.page.close()


#: Words typed into the box, in eleven scripts, each expected to find its collateral item.
SAMPLE_WORDS = {
    "sales-executive-role-kn": ["ಖರೀದಿದಾರರಿಗೆ", "ಪ್ರಸ್ತುತಿಯನ್ನು"],      # Kannada
    "sales-and-marketing-roles-ur": ["کراچی", "اسٹریٹجک"],               # Urdu (Arabic script)
    "lead-types-sr": ["Београду", "хладних"],                               # Serbian Cyrillic
    "sales-funnel-stages-el": ["Αθήνας", "επισκέπτη"],                      # Greek
    "closing-deals-he": ["התנגדויות", "קנייה"],                             # Hebrew
    "lead-nurturing-ta": ["சென்னை", "மின்னஞ்சல்கள்"],                     # Tamil
    "crm-adoption-case-study-hi": ["जयपुर", "दोहराए"],                      # Devanagari
    "mql-to-sql-handoff-ja": ["東京", "スライド"],                           # Japanese
    "sales-enablement-basics-zh": ["上海", "白皮书"],                        # Chinese
    "account-renewals-th": ["ต่ออายุ", "ยกเลิก"],                          # Thai
    "lead-qualification-checklist-hu": ["ellenőrzőlista"],                 # Latin, diacritics
}


@pytest.fixture(scope="module")
def sample_box(sample_site, chromium):
    with serve(sample_site.root) as base:
        box = SearchBox(chromium, base)
        yield box
        box.page.close()


def test_pagefind_loads_on_the_first_keystroke_not_with_every_page(sample_site, chromium):
    """A page read without searching downloads no part of the search index (nor starts it:
    a rep on a phone pays for search only when searching); the first word typed loads it
    and finds its page."""
    served: list[tuple[str, int]] = []
    with serve(sample_site.root, served) as base:
        page = chromium.new_page(viewport={"width": 1280, "height": 900})
        page.goto(base + "collateral/")
        page.keyboard.press("/")
        page.wait_for_function(
            "() => /Type to start/.test(document.querySelector('.md-search-result__meta')"
            ".textContent)", timeout=15000)
        page.wait_for_timeout(500)
        assert [path for path, _ in served if "/pagefind/" in path] == []
        page.locator("input.md-search__input").fill("ellenőrzőlista")
        page.locator(".md-search-result__item").first.wait_for()
        assert "collateral/lead-qualification-checklist-hu/" in page.locator(
            ".md-search-result__item > a").first.get_attribute("href")
        assert [path for path, _ in served if path.endswith(".pagefind")]
        page.close()


@pytest.mark.parametrize("item", sorted(SAMPLE_WORDS))
def test_words_in_every_script_find_their_item(sample_box, item):
    for word in SAMPLE_WORDS[item]:
        assert f"collateral/{item}/" in sample_box.search(word), word
    assert sample_box.outside == []


def test_an_item_title_finds_its_page_not_the_listings_that_name_it(sample_box):
    found = sample_box.search("Harborline")
    assert "collateral/harborline-retail-case-study/" in found
    # the library, the funnel stages and the roles list it, but are not results for it
    assert "collateral/" not in found
    assert not [url for url in found if url.startswith(("lead-types/", "roles/"))], found


def test_results_show_title_kind_and_highlighted_excerpt(sample_box):
    found = sample_box.search("\"The closer\"")
    assert "roles/account-executive/" in found
    first = sample_box.page.locator(".md-search-result__item:has(a[href*='roles/account-executive/'])")
    assert first.locator("h1, h2").first.inner_text() == "Account Executive"
    assert first.locator(".md-tag").all_inner_texts() == ["Role", "Sales team"]
    assert first.locator("mark").count() >= 1


def test_results_narrow_by_kind_and_collateral_facets(sample_box):
    everything = sample_box.search("executive")
    assert any(u.startswith("roles/") for u in everything)
    assert any(u.startswith("collateral/") for u in everything)
    page = sample_box.page
    page.click(".pb-search-filter[data-kind=collateral]")
    page.wait_for_function("() => document.querySelector('input.md-search__input').value"
                           ".includes('kind:collateral')")
    only = sample_box.search(page.locator("input.md-search__input").input_value().strip())
    assert only and all(u.startswith("collateral/") for u in only)
    assert page.locator(".pb-search-filter[aria-pressed=true]").inner_text() == "Collateral"
    case_studies = sample_box.search("customer type:case-study")
    assert case_studies and set(case_studies) <= {
        "collateral/harborline-retail-case-study/", "collateral/meridian-freight-case-study/",
        "collateral/crm-adoption-case-study-hi/"}
    hungarian = sample_box.search("lead language:hu")
    assert hungarian == ["collateral/lead-qualification-checklist-hu/"]
    by_stage = sample_box.search("kind:collateral stage:customer renewal")
    assert by_stage and all(u.startswith("collateral/") for u in by_stage)


def test_results_are_usable_from_the_keyboard(sample_box):
    assert sample_box.search("quota")
    page = sample_box.page
    page.keyboard.press("ArrowDown")
    page.keyboard.press("Enter")
    page.wait_for_url("**/metrics/quota-attainment/**")
    page.go_back()
    page.keyboard.press("/")


def test_right_to_left_and_bengali_results_look_right(sample_box):
    page = sample_box.page
    for name, query in (("11-search-urdu", "کراچی"), ("12-search-bengali", "বিক্রয়")):
        assert sample_box.search(query)
        excerpt = page.locator(".md-search-result__item").first.locator("span[dir=auto]").last
        direction = excerpt.evaluate("el => getComputedStyle(el).direction")
        assert direction == ("rtl" if name.endswith("urdu") else "ltr")
        ARTIFACTS.mkdir(exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / f"{name}.png"))


def test_collateral_facets_under_the_box(sample_box):
    page = sample_box.page
    sample_box.search("checklist")
    facets = page.locator(".pb-search-facets")
    assert not facets.is_visible()
    page.click(".pb-search-filter[data-kind=collateral]")
    assert facets.is_visible()
    page.select_option(".pb-search-facets select[data-facet=language]", "hu")
    query = page.locator("input.md-search__input").input_value().strip()
    assert query.split() == ["checklist", "kind:collateral", "language:hu"]
    assert sample_box.search(query) == ["collateral/lead-qualification-checklist-hu/"]
    labels = page.locator(".pb-search-facets select[data-facet=language] option").all_inner_texts()
    assert "Urdu (اردو)" in labels and "Japanese (日本語)" in labels


def test_play_results_narrow_by_the_role_that_runs_them(sample_box):
    """A rep looking for what to run picks plays, then their role: the role facet shows
    for plays only, and narrows to the plays the role runs or owns a step of."""
    page = sample_box.page
    sample_box.search("meeting")
    page.click(".pb-search-filter[data-kind=collateral]")
    role = page.locator(".pb-search-facets select[data-facet=role]")
    assert not role.is_visible()  # collateral has no role facet
    page.select_option(".pb-search-facets select[data-facet=type]", "case-study")
    page.select_option(".pb-search-facets select[data-facet=stage]", "warm")
    page.click(".pb-search-filter[data-kind=play]")
    assert role.is_visible()
    assert not page.locator(".pb-search-facets select[data-facet=type]").is_visible()
    page.select_option(".pb-search-facets select[data-facet=role]", "account-executive")
    query = page.locator("input.md-search__input").input_value().split()
    # the type of collateral went with the kind; the stage is one of plays too
    assert query == ["meeting", "stage:warm", "kind:play", "role:account-executive"]
    # the executive runs the rescue and owns the last step of the discovery call
    assert sorted(sample_box.search(" ".join(query))) == [
        "plays/mql-discovery-call/", "plays/rescue-a-missed-meeting/"]
    page.select_option(".pb-search-facets select[data-facet=role]", "customer-success-rep")
    assert sample_box.search(page.locator("input.md-search__input").input_value()) == []
    labels = role.locator("option").all_inner_texts()
    assert labels[0] == "Any role" and "Account Executive" in labels
    assert "Marketing Manager" not in labels  # runs no play


def test_the_index_is_published_only_once_pagefind_has_written_all_of_it(tmp_path):
    """Pagefind answers 'written' while its last file writes may still be running (seen
    on a busy machine: an empty pagefind-entry.json, and a build that crashed on it)."""
    import json
    import threading
    import time

    from playbook.pagefind import SearchError, _written

    bundle = tmp_path / "pagefind"
    (bundle / "fragment").mkdir(parents=True)
    (bundle / "fragment/a.pf_fragment").write_bytes(b"\x1f\x8b" + b"x" * 40)
    entry = bundle / "pagefind-entry.json"
    entry.write_text("")  # created, not yet filled
    late = bundle / "fragment/b.pf_fragment"
    late.write_bytes(b"")

    def finish_writing() -> None:
        time.sleep(0.3)
        late.write_bytes(b"\x1f\x8b" + b"y" * 20)
        entry.write_text(json.dumps({"version": "1", "languages": {"en": {"page_count": 2}}}))

    writer = threading.Thread(target=finish_writing)
    start = time.monotonic()
    writer.start()
    size, data = _written(bundle, timeout=10)
    writer.join()
    assert time.monotonic() - start >= 0.3
    assert data["languages"]["en"]["page_count"] == 2
    assert size == sum(p.stat().st_size for p in bundle.rglob("*") if p.is_file())

    late.write_bytes(b"")  # a file that stays empty: an error, not a broken index
    with pytest.raises(SearchError, match="did not finish writing"):
        _written(bundle, timeout=0.3)
    entry.unlink()
    with pytest.raises(SearchError, match="wrote no index"):
        _written(bundle, timeout=10)


def test_a_bundle_sent_back_holds_what_pagefind_writes_itself(tmp_path, monkeypatch):
    """A small index comes back in Pagefind's reply and is written here (complete once
    written, nothing to watch); a large one Pagefind writes, watched until done. Both hold
    the same index: the same files (their content-hashed names aside), the same pages."""
    import re

    from playbook import pagefind, search

    watched: list = []  # the bundles watched until written
    written = pagefind._written
    monkeypatch.setattr(pagefind, "_written", lambda bundle, **kw: (
        watched.append(bundle), written(bundle, **kw))[1])
    run = pagefind.Pagefind()
    bundles = {}
    try:
        for how, largest in (("sent back", pagefind.SENT_BACK_PAGES), ("written", 0)):
            monkeypatch.setattr(pagefind, "SENT_BACK_PAGES", largest)
            site = tmp_path / how.replace(" ", "-")
            (site / "assets/javascripts/workers").mkdir(parents=True)
            (site / "assets/javascripts/workers/search.1.min.js").write_text("/* theme */")
            live = pagefind.LiveIndex(site, run)
            for n, (lang, text) in enumerate((("en", "renewal meeting"), ("ur", "تجدید"),
                                              ("en", "pricing call"))):
                live.add(f"p{n}/index.html", search.document(f"P{n}", f"<p>{text}</p>", lang))
            done = live.finish()
            assert done.pages == 3 and done.bundle_bytes > 0
            bundles[how] = {str(f.relative_to(site / "pagefind")): f.read_bytes()
                            for f in (site / "pagefind").rglob("*") if f.is_file()}
            assert done.bundle_bytes == sum(map(len, bundles[how].values()))
    finally:
        run.stop()
    assert watched == [tmp_path / "written/pagefind"]  # only Pagefind's own write is watched
    unhashed = [{re.sub(r"_[0-9a-f]{7,}", "_#", name) for name in files}
                for files in bundles.values()]
    assert unhashed[0] == unhashed[1] and len(bundles["sent back"]) > 10
    for name, data in bundles["written"].items():
        if not re.search(r"_[0-9a-f]{7,}", name) and name != "pagefind-entry.json":
            assert bundles["sent back"][name] == data, name
    with pytest.raises(pagefind.SearchError, match="outside its bundle"):
        pagefind._write_bundle(tmp_path / "b", [{"path": "../escaped", "content": ""}])


#: Asks a fresh search worker ``queries``, all at once, and returns what it answered: once
#: the last query is answered, or, given ``linger``, that many milliseconds after asking
#: (what answers late is in it).
WORKER = """async ([queries, linger]) => {
    const src = [...document.scripts].map(s => s.textContent)
        .map(t => /"search":\\s*"([^"]+)"/.exec(t)).find(Boolean);
    const worker = new Worker(new URL(src ? src[1] : "", document.baseURI));
    const got = [];
    await new Promise(done => {
        worker.onmessage = ev => {
            if (ev.data.type === 1) {  // READY: post every query at once
                for (const q of queries) worker.postMessage({type: 2, data: q});
                setTimeout(done, linger === null ? 10000 : linger);
            } else if (ev.data.type === 3) {  // RESULT
                got.push(ev.data.data.items.map(item => item[0].location));
                if (linger === null && ev.data.query === queries[queries.length - 1]) done();
            }
        };
        worker.postMessage({type: 0, data: {}});  // SETUP
    });
    worker.terminate();
    return got;
}"""


def test_results_of_every_index_link_the_same_way(sample_box):
    """Chinese pages have an index of their own, merged in the worker: their results
    link to the page as every other result does."""
    assert sample_box.page.evaluate(WORKER, [["上海"], None]) == [
        ["collateral/sales-enablement-basics-zh/"]]


def test_only_the_latest_query_answers(sample_box):
    """A short query (many results to load) can end after the longer one typed next: its
    results must not replace the longer one's. Both queries go to a fresh worker at once;
    only the second may answer (in the three seconds the short one may take)."""
    results = sample_box.page.evaluate(WORKER, [["e", "checklist language:hu"], 3000])
    assert results == [["collateral/lead-qualification-checklist-hu/"]], results


def test_indexes_share_one_pagefind_process_and_leave_no_thread_behind(tmp_path):
    """The sites of a hub's languages share one Pagefind process (its Japanese segmenter
    loads once, about a second), and between indexes no thread runs, so the next build
    may still fork its rendering workers. (In a process of its own: this one has the test
    server's and the browser's threads.)"""
    import subprocess
    import sys
    import textwrap

    script = textwrap.dedent("""
        import sys, threading
        from pathlib import Path
        from playbook import pagefind, search

        tmp = Path(sys.argv[1])
        run = pagefind.Pagefind()
        assert threading.active_count() == 1
        pagefind.warm_up(run, {"ja", "en"})
        assert threading.active_count() == 1, "warming up started a thread"
        pids = []
        for n, (lang, text) in enumerate((("ja", "東京の会議"), ("en", "renewal meeting"))):
            site = tmp / f"site-{n}"
            workers = site / "assets/javascripts/workers"
            workers.mkdir(parents=True)
            (workers / "search.1234.min.js").write_text("/* the theme's worker */")
            live = pagefind.LiveIndex(site, run)
            live.add("page/index.html", search.document("Page", f"<p>{text}</p>", lang))
            pids.append(run.service()._proc.pid)
            done = live.finish()
            assert done.pages == 1 and done.bundle_bytes > 0, done
            assert (site / "pagefind/pagefind-entry.json").is_file()
            assert threading.active_count() == 1, "a thread outlived the index"
        assert pids[0] == pids[1], pids
        process = run.service()._proc
        run.stop()
        assert process.poll() is not None
        print("ok")
    """)
    done = subprocess.run([sys.executable, "-c", script, str(tmp_path)], capture_output=True,
                          text=True, timeout=120)
    assert done.stdout.strip() == "ok", done.stderr


def test_pagefind_stopping_midway_is_a_clean_error(tmp_path, monkeypatch):
    """Pagefind dies after starting the index: the pages handed over afterwards (by the
    feeder thread) end in one SearchError from finish(), not a hang or a traceback."""
    import stat
    import sys

    from playbook import pagefind, search

    fake = tmp_path / "pagefind"
    fake.write_text(f"""#!{sys.executable}
import base64, json, sys
data = b""
while not data.endswith(b","):
    data += sys.stdin.buffer.read(1)
message = json.loads(base64.b64decode(data[:-1]))
reply = {{"message_id": message["message_id"], "payload": {{"type": "NewIndex", "index_id": 0}}}}
sys.stdout.buffer.write(base64.b64encode(json.dumps(reply).encode()) + b",")
sys.stdout.flush()
""")
    fake.chmod(fake.stat().st_mode | stat.S_IEXEC)
    monkeypatch.setenv("PAGEFIND_BINARY_PATH", str(fake))
    run = pagefind.Pagefind()
    try:
        live = pagefind.LiveIndex(tmp_path / "site", run)
        page = search.document("Page", "<p>" + "words " * 20000 + "</p>", "en")
        for i in range(50):  # more than a pipe holds
            live.add(f"p{i}/index.html", page)
        with pytest.raises(pagefind.SearchError, match="Pagefind"):
            live.finish()
    finally:
        run.stop()


def _kind_folders() -> dict[str, str]:
    from playbook.kinds import KINDS

    return {k.search_kind: k.folder + "/" for k in KINDS.values() if k.search_button}


#: Each kind's button under the search box, and the folder of the pages it finds (every
#: kind with a button, from the registry: a new kind is checked here by construction).
KIND_FOLDERS = _kind_folders()


#: The sample's languages, the default first.
SAMPLE_LANGS = ["en", "kn", "ur", "sr", "hu", "bn"]


def test_every_language_site_has_every_kinds_button_and_filter_under_the_same_id(sample_site):
    """A kind's search button and the filter its pages carry are one id in every language's
    site; only the button's label is the site's. Read from the built files for every kind
    and language (the browser test below clicks every kind in English and Urdu, and one in
    the other languages): a button missing, or an id or a page's filter translated, in any
    language fails here."""
    import json

    english = None
    for lang in SAMPLE_LANGS:
        prefix = "" if lang == "en" else f"{lang}/"
        site = sample_site.root / prefix
        kinds = dict(json.loads((site / "assets/playbook/search-facets.json").read_text(
            encoding="utf-8"))["kinds"])
        kinds.pop("", None)  # (the button that takes the kind away)
        assert set(kinds) == set(KIND_FOLDERS), (lang, set(kinds) ^ set(KIND_FOLDERS))
        english = english or kinds
        translated = {kind for kind in kinds if kinds[kind] != english[kind]}
        assert translated == (set() if lang == "en" else set(kinds)), (lang, kinds)
        for kind, folder in KIND_FOLDERS.items():
            pages = sorted((site / folder).glob("*/index.html"))
            assert pages, (lang, folder)
            for page in pages:
                carried = set(re.findall(r'data-pagefind-filter="kind:([^"]*)"',
                                         page.read_text(encoding="utf-8")))
                assert carried == {kind}, (lang, page.relative_to(sample_site.root), carried)


@pytest.mark.parametrize("lang", SAMPLE_LANGS)
def test_every_kind_button_finds_its_pages_in_every_language_site(sample_site, chromium, lang):
    """A filter is an id in every site; only its label is in the site's language. Every
    kind's button is clicked in English and in Urdu (right to left, another script); in
    the other languages the buttons' labels are checked and one kind is clicked, which
    finds its pages only if that language's index carries the filters (that every page of
    every language carries its kind's filter under the same id, and every button is there,
    is read from the built files above)."""
    prefix = "" if lang == "en" else f"{lang}/"
    with serve(sample_site.root) as base:
        page = chromium.new_page(viewport={"width": 1280, "height": 900})
        page.goto(base + prefix)
        page.keyboard.press("/")
        # the theme's worker is ready once the box shows its (translated) placeholder text
        page.wait_for_function(
            "() => document.querySelector('.md-search-result__meta').textContent.trim() === "
            "JSON.parse(document.getElementById('__config').textContent)"
            ".translations['search.result.placeholder']", timeout=15000)
        page.locator(".pb-search-filter[data-kind=role]").wait_for()
        kinds = page.locator(".pb-search-filter").evaluate_all(
            "els => els.map(b => b.dataset.kind).filter(Boolean)")
        assert set(kinds) == set(KIND_FOLDERS)
        # the buttons' words are the site's (the English words only on the English site)
        labels = page.locator(".pb-search-filter").all_inner_texts()
        assert ("Roles" in labels) == (lang == "en"), labels
        for kind in kinds if lang in ("en", "ur") else kinds[-1:]:
            page.locator("input.md-search__input").fill("")
            page.click(f".pb-search-filter[data-kind='{kind}']")
            folder = base + prefix + KIND_FOLDERS[kind]
            try:
                page.wait_for_function(
                    "folder => { const a = [...document.querySelectorAll("
                    "'.md-search-result__item > a')].map(a => a.href);"
                    " return a.length > 0 && a.every(h => h.startsWith(folder)); }",
                    arg=folder, timeout=10000)
            except Exception:
                found = page.locator(".md-search-result__item > a").evaluate_all(
                    "els => els.map(a => a.href)")
                raise AssertionError(f"{lang}: kind:{kind} found {found[:5]}") from None
        page.close()


def test_the_playbook_plugin_alone_gives_a_working_search_box(tmp_path, chromium):
    """The format asks a hub author for `plugins: [playbook]` and nothing else."""
    from conftest import MINI_HUB

    mkdocs_yml = MINI_HUB["mkdocs.yml"].replace("  - search\n", "")
    assert "search" not in mkdocs_yml
    write_hub(tmp_path / "hub", {"mkdocs.yml": mkdocs_yml})
    result = run_mkdocs(tmp_path / "hub", tmp_path / "site", "--strict")
    assert result.returncode == 0, result.stderr
    assert "WARNING" not in result.stderr, result.stderr
    with serve(tmp_path / "site") as base:
        box = SearchBox(chromium, base)
        assert "roles/rep/" in box.search("Sells")
        assert box.outside == []
        box.page.close()


def test_a_play_is_found_by_a_word_of_its_talk_track_or_an_objection(sample_box):
    """What a rep remembers of a play is what to say: its talk track and its objections
    find it, under the plays' own kind (test_objections: an objection of the library)."""
    for words in ("\"weekly reporting their teams\"", "\"matches their industry\""):
        found = sample_box.search(words)
        assert found and found[0].startswith("plays/"), (words, found)
    found = sample_box.search("\"weekly reporting their teams\"")
    assert found[0] == "plays/displace-a-legacy-bi-suite/"
    result = sample_box.page.locator(
        ".md-search-result__item:has(a[href*='plays/displace-a-legacy-bi-suite/'])").first
    # its kind, then the stages it is for: a result says "Play" once (issue 34)
    assert result.locator(".md-tag").all_inner_texts() == [
        "Play", "Hot lead, Sales-qualified lead (SQL)"]
    assert sample_box.outside == []


def test_the_worker_knows_every_filter_the_pages_carry(sample_site):
    """Issue 33: the search worker reads the filters a query may name from
    search-facets.json (it repeated them by hand): every filter any page carries is there,
    in every language's site."""
    import json

    for lang in ("", "ur/"):
        listed = json.loads((sample_site.root / lang / "assets/playbook/search-facets.json")
                            .read_text(encoding="utf-8"))["filters"]
        carried = {m for page in (sample_site.root / lang).glob("*/*/index.html")
                   for m in re.findall(r'data-pagefind-filter="([\w-]+):',
                                       page.read_text(encoding="utf-8"))}
        assert carried and carried <= set(listed), (lang, carried - set(listed))
