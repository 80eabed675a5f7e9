"""The sample hub, built with --strict: every page kind holds the right content and links.

Expectations come from the YAML, read through the core, so a test fails when a page drops or
mislinks something that the data says."""

from __future__ import annotations

import datetime as dt
import re

import pytest

from playbook.load import load
from playbook.urls import page_url

from conftest import REPO, Site, article_links, generated_pages

TODAY = dt.date(2026, 11, 25)


@pytest.fixture(scope="module")
def pb():
    playbook, report = load(REPO / "playbook", REPO / "content", REPO)
    assert report.ok
    return playbook


def texts(nodes) -> list[str]:
    """Visible text of each node, without the "¶" permalinks of headings."""
    return [re.sub(r"\s+", " ", n.get_text(" ", strip=True)).removesuffix(" ¶") for n in nodes]


def heading(article, level: str, title: str):
    """The heading with this visible title (headings carry a permalink)."""
    for node in article.select(level):
        if texts([node]) == [title]:
            return node
    raise AssertionError(f"no {level} '{title}' in {texts(article.select(level))}")


def link_targets(site: Site, url: str, selector: str) -> set[str]:
    """The site paths that links under ``selector`` point to."""
    from urllib.parse import urljoin

    article = site.article(url)
    out = set()
    for a in article.select(f"{selector} a[href]"):
        out.add(urljoin("http://s/" + url, a["href"])[len("http://s/"):])
    return out


def url_of(kind: str, id: str) -> str:
    return page_url(f"{kind}/{id}.md", True)


def test_home_page_tells_a_new_rep_where_to_start(sample_site):
    article = sample_site.article("")
    assert "New here? Start with your own role" in article.get_text()
    targets = link_targets(sample_site, "", "")
    for index in ("roles/", "lead-types/", "responsibilities/", "collateral/", "metrics/",
                  "onboarding/"):
        assert index in targets


def test_every_entity_has_its_page(sample_site, pb):
    from playbook.kinds import KINDS

    for kind in (k for k, declared in KINDS.items() if not declared.page_per_role):
        for id, entity in pb.entities[kind].items():
            h1 = sample_site.article(url_of(kind, id)).select_one("h1")
            assert texts([h1]) == [str(entity.title)]


def test_every_internal_link_of_every_generated_page_resolves(sample_site, pb):
    """In every language's site: each link of the article of every page the plugin makes
    (each kind's index and entity pages, the home page, the handbooks) leads to a file of
    the site. (The Urdu site's links once carried direction marks in their addresses.)"""
    checked = {}
    for lang in pb.hub.languages:
        root = "" if lang == pb.default_language else f"{lang}/"
        checked[lang] = 0
        for url in generated_pages(sample_site, root):
            for href, target in article_links(sample_site, url):
                assert sample_site.path(target).exists(), f"{url} links to missing {href!r}"
                checked[lang] += 1
    assert all(count > 1000 for count in checked.values()), checked


def test_roles_index_groups_roles_by_team_with_an_org_chart(sample_site, pb):
    article = sample_site.article("roles/")
    headings = texts(article.select("h2"))
    assert headings[0] == "Org chart"
    assert headings[1:] == ["Sales", "Marketing", "Enablement", "Operations",
                            "Customer success"]
    # Each team's table lists exactly that team's roles, linked.
    for h2 in article.select("h2")[1:]:
        table = h2.find_next("table")
        linked = {a["href"].strip("/").split("/")[-1] for a in table.select("td:first-child a")}
        team = texts([h2])[0].lower().replace(" ", "-")
        assert linked == {r.id for r in pb.roles.values() if r.team == team}
    # A chart per team with reports, after the team's heading, drawn top to bottom; its
    # arrows, to a role or to the box of a manager's stacked reports, are the reports_to.
    edges = set()
    for chart in article.select("pre.mermaid"):
        assert texts([chart.find_previous("h2")])[0] in headings[1:]
        text = chart.get_text()
        assert "\nflowchart TB\n" in text
        stacks = {name: re.findall(r"^\s*n_(\S+)\[", body, re.M) for name, body in
                  re.findall(r"^\s*subgraph n_(reports_\S+) .*?\n(.*?)^\s*end$", text,
                             re.M | re.S)}
        for boss, to in re.findall(r"^\s*n_(\S+) --> n_(\S+)$", text, re.M):
            edges |= {(boss, role) for role in stacks.get(to, [to])}
    expected = {(r.reports_to.replace("-", "_"), r.id.replace("-", "_"))
                for r in pb.roles.values() if r.reports_to}
    assert edges == expected


def test_role_page_shows_everything_about_the_role(sample_site, pb):
    article = sample_site.article("roles/account-executive/")
    text = texts([article])[0]
    assert "The closer . Takes sales-qualified leads" in text
    assert "Also called: AE, Sales Executive, Closer" in text
    # manager and direct reports
    facts = {li.get_text(" ", strip=True).split(":")[0]: li for li in article.select("ul li")
             if li.find("strong")}
    assert facts["Reports to"].a["href"] == "../sales-manager/"
    # responsibilities with the RACI letter derived from the responsibilities
    table = heading(article, "h2", "Responsibilities").find_next("table")
    shown = {}
    for row in table.select("tbody tr"):
        slug = row.a["href"].strip("/").split("/")[-1]
        shown[slug] = "/".join(s.get_text() for s in row.select(".pb-raci"))
    expected = {r.id: pb.raci_letters(r, "account-executive")
                for r in pb.responsibilities.values()
                if pb.raci_letters(r, "account-executive")}
    assert shown == expected
    assert shown["deal-closing"] == "A/R"
    # KPIs, under their heading, link to metric pages (other sections link metrics too)
    kpis = heading(article, "h2", "KPIs").find_next_sibling("ul")
    assert [a["href"] for a in kpis.select("li > a")] == [
        f"../../metrics/{metric}/" for metric in pb.roles["account-executive"].kpis]
    # handoffs: to whom, at which lead type, when
    handoffs = article.find("th", string="Passes to").find_parent("table")
    rows = texts(handoffs.select("tbody tr"))
    assert any(r.startswith("Account Manager Customer The contract is signed") for r in rows)
    # differs from
    diff = heading(article, "h2", "How it differs from similar roles").find_next("ul")
    assert "Account Manager" in diff.get_text()
    # collateral meant for it, grouped by funnel stage in funnel order
    h2 = heading(article, "h2", "Collateral for this role")
    stages = texts(h2.find_all_next("h3"))
    assert stages.pop() == "Also available in other languages"  # items only in others
    funnel_titles = [str(lt.title) for lt in pb.funnel]
    assert stages == [t for t in funnel_titles if t in stages]
    meant = {c.id for c in pb.collateral.values() if "account-executive" in c.audience}
    listed = {a["href"].strip("/").split("/")[-1]
              for h3 in h2.find_all_next("h3") for a in h3.find_next("ul").select("a")}
    assert listed == meant
    # owner and source
    assert "playbook/roles/account-executive.yml" in article.select_one(".pb-source").get_text()


def test_raci_matrix_matches_the_responsibilities(sample_site, pb):
    article = sample_site.article("responsibilities/")
    table = article.select_one("table:has(.pb-vertical)")
    columns = [a["href"].strip("/").split("/")[-1] for a in table.select("thead .pb-vertical")]
    assert set(columns) == {r.id for r in pb.raci_roles}
    rows = table.select("tbody tr")
    assert len(rows) == len(pb.responsibilities)
    for row in rows:
        resp_id = row.select_one("td a")["href"].strip("/").split("/")[-1]
        resp = pb.responsibilities[resp_id]
        cells = row.select("td")[1:]
        for role_id, cell in zip(columns, cells):
            letters = "/".join(s.get_text() for s in cell.select(".pb-raci"))
            assert letters == pb.raci_letters(resp, role_id), (resp_id, role_id)
        assert sum(c.get_text().count("A") for c in cells) == 1  # exactly one accountable


def test_responsibility_page(sample_site, pb):
    resp = next(iter(pb.responsibilities.values()))
    article = sample_site.article(url_of("responsibilities", resp.id))
    table = article.select_one("table")
    row_a = table.select("tbody tr")[0]
    assert row_a.select_one(".pb-raci").get_text() == "A"
    assert row_a.a["href"] == f"../../roles/{resp.accountable}/"
    responsible = {a["href"].split("/")[-2] for a in table.select("tbody tr")[1].select("a")}
    assert responsible == set(resp.responsible)


def test_funnel_lists_lead_types_in_order_with_a_flow_diagram(sample_site, pb):
    article = sample_site.article("lead-types/")
    stages = texts(article.select(".pb-funnel__title"))
    assert stages == [str(lt.title) for lt in pb.funnel]
    assert [lt.id for lt in pb.funnel][:1] == ["suspect"] and pb.funnel[-1].id == "customer"
    flow = article.select_one("pre.mermaid").get_text()
    # (an arrow back up the funnel is drawn from the earlier stage, its head at the start)
    edges = set(re.findall(r"^\s*n_(\S+) --> n_(\S+)$", flow, re.M)) | {
        (b, a) for a, b in re.findall(r"^\s*n_(\S+) <--> n_(\S+)$", flow, re.M)}
    assert edges == {(lt.id, n) for lt in pb.lead_types.values() for n in lt.next}
    table = heading(article, "h2", "Stages").find_next("table")
    first = texts(table.select("tbody tr")[0].select("td"))
    assert first[1] == str(pb.funnel[0].title)


def test_lead_type_page_lists_sources_roles_handoffs_and_collateral(sample_site, pb):
    article = sample_site.article("lead-types/sql/")
    targets = link_targets(sample_site, "lead-types/sql/", "")
    for source in pb.referring("lead-sources", "lead-types")["sql"]:
        assert f"lead-sources/{source.id}/" in targets
    for role in pb.referring("roles", "lead-types", "works")["sql"]:
        assert f"roles/{role.id}/" in targets
    for item in pb.referring("collateral", "lead-types")["sql"]:
        assert f"collateral/{item.id}/" in targets
    handoffs = heading(article, "h2", "Handoffs at this stage").find_next("table")
    assert len(handoffs.select("tbody tr")) == len(pb.handoffs_at["sql"])


def test_lead_source_and_metric_pages(sample_site, pb):
    targets = link_targets(sample_site, "lead-sources/referrals/", "")
    for lt in pb.lead_sources["referrals"].produces:
        assert f"lead-types/{lt}/" in targets
    targets = link_targets(sample_site, "metrics/close-rate/", "")
    tracking = {r.id for r in pb.referring("roles", "metrics")["close-rate"]}
    using = {r.id for r in pb.referring("responsibilities", "metrics")["close-rate"]}
    assert tracking and using
    assert {f"roles/{r}/" for r in tracking} <= targets
    assert {f"responsibilities/{r}/" for r in using} <= targets


def test_collateral_library_lists_every_item_with_filters(sample_site, pb):
    article = sample_site.article("collateral/")
    rows = article.select("tbody tr:has(.pb-row)")
    assert len(rows) == len(pb.collateral)
    headers = texts(article.select("thead th"))
    assert headers == ["Title", "Type", "Stages", "For", "Language", "Owner", "Updated",
                       "Status"]
    stale = {r.select_one("a")["href"].split("/")[-2] for r in rows
             if r.select_one(".pb-badge--stale")}
    assert stale == {c.id for c in pb.collateral.values() if pb.is_stale(c, TODAY)}
    assert stale == {"legacy-bi-battlecard", "meridian-freight-case-study",
                     "what-is-an-mql-blog-post"}
    filters = article.select_one("[data-pb-library]")
    assert {s["data-filter"] for s in filters.select("[data-filter]")} == {
        "text", "type", "stage", "audience", "language", "stale"}
    languages = {o["value"] for o in filters.select("[data-filter=language] option") if o["value"]}
    assert languages == {c.language or "en" for c in pb.collateral.values()}
    assert {"en", "hu", "bn", "ur", "ja", "th"} <= languages


def test_collateral_item_page_with_a_file_is_downloadable(sample_site, pb):
    item = pb.collateral["discovery-call-script"]
    article = sample_site.article("collateral/discovery-call-script/")
    button = article.select_one("a.md-button")
    assert button.get_text().startswith("Download discovery-call-script.txt")
    target = link_targets(sample_site, "collateral/discovery-call-script/", "p")
    assert "files/discovery-call-script.txt" in target
    published = sample_site.root / "files/discovery-call-script.txt"
    assert published.read_bytes() == (REPO / "content" / item.file).read_bytes()
    details = dict(tuple(texts(tr.select("td"))) for tr in article.select("table tbody tr"))
    assert details["Version"] == "3.0"
    assert details["Last updated"] == "2026-08-20"
    assert details["Review by"] == "2027-02-20"
    assert not article.select(".admonition.warning")


def test_stale_collateral_page_warns(sample_site):
    article = sample_site.article("collateral/meridian-freight-case-study/")
    warning = article.select_one(".admonition.warning")
    assert "Stale" in warning.get_text()
    assert "last updated 2024-06-12" in warning.get_text()
    button = article.select_one("a.md-button")
    assert button["href"].startswith("https://")


def test_sidebar_lists_index_pages_not_thousands_of_entities(sample_site, pb):
    nav = sample_site.html("roles/").select_one("nav.md-nav--primary")
    hrefs = [a["href"] for a in nav.select("a.md-nav__link[href]")]
    assert not any(h.rstrip("/").endswith(("account-executive", "close-rate")) for h in hrefs)
    labels = texts(nav.select(".md-nav__link"))
    for title in ("Roles", "Responsibilities", "Funnel", "Lead sources", "Metrics",
                  "Collateral library", "Onboarding", "Content audit"):
        assert title in labels


_TAG = re.compile(r"<(script|link)\b([^>]*)>", re.I)
_ATTR = re.compile(r'\b(src|href|rel)\s*=\s*("[^"]*"|\'[^\']*\'|[^\s>]+)', re.I)


def test_no_asset_is_fetched_from_a_cdn(sample_site):
    # Every page of every language (about 900): the tags are found by pattern, as a full
    # parse of each page would take most of this module's time.
    pages = 0
    for html in sample_site.root.rglob("*.html"):
        pages += 1
        for tag in _TAG.finditer(html.read_text(encoding="utf-8")):
            attrs = {k.lower(): v.strip("'\"") for k, v in _ATTR.findall(tag.group(2))}
            ref = attrs.get("src") if tag.group(1).lower() == "script" else attrs.get("href")
            if ref is None:
                continue
            assert not ref.startswith(("http:", "https:", "//")) or \
                tag.group(1).lower() == "link" and attrs.get("rel") in ("canonical", "alternate"), \
                f"{html}: {ref}"
    assert pages > 500
    assert (sample_site.root / "assets/playbook/mermaid.min.js").is_file()
    roles = sample_site.html("roles/")
    scripts = [s["src"] for s in roles.select("script[src]")]
    mermaid = scripts.index("../assets/playbook/mermaid.min.js")
    bundle = next(i for i, s in enumerate(scripts) if "bundle." in s)
    assert mermaid < bundle  # defined before Material looks for it


@pytest.mark.parametrize("prefix", ["", "ur/"])
def test_entity_pages_show_where_they_are(sample_site, pb, prefix):
    """An entity page is in no nav entry of its own, but its tab is active, its section
    open, and its breadcrumbs lead to its kind's index."""
    from urllib.parse import urljoin

    for kind, url in (("roles", "roles/account-executive/"), ("lead-types", "lead-types/warm/"),
                      ("collateral", "collateral/company-overview-deck/"),
                      ("metrics", "metrics/quota-attainment/")):
        page = sample_site.html(prefix + url)
        tab = page.select_one(".md-tabs__item--active")
        index = sample_site.html(prefix + f"{kind}/")
        assert tab is not None and tab.get_text(strip=True) == \
            index.select_one(".md-tabs__item--active").get_text(strip=True), url
        assert page.select_one(".md-nav__item--active.md-nav__item--section") is not None, url
        crumbs = page.select(".md-path__link")
        assert crumbs, url
        last = urljoin("http://site/" + prefix + url, crumbs[-1]["href"])
        assert last == f"http://site/{prefix}{kind}/", (url, last)


def test_each_lead_type_links_to_the_previous_and_next_stage(sample_site, pb):
    from urllib.parse import urljoin

    funnel = [lt.id for lt in pb.funnel]
    for i, stage in enumerate(funnel):
        url = f"lead-types/{stage}/"
        nav = sample_site.article(url).select_one(".pb-stage-nav")
        links = {a["rel"][0]: urljoin("http://site/" + url, a["href"])[len("http://site/"):]
                 for a in nav.select("a[rel]")} if nav else {}
        expected = {}
        if i > 0:
            expected["prev"] = f"lead-types/{funnel[i - 1]}/"
        if i < len(funnel) - 1:
            expected["next"] = f"lead-types/{funnel[i + 1]}/"
        assert links == expected, (stage, links)
        for target in links.values():
            assert sample_site.path(target).is_file()
    # in the reader's language
    assert "اگلا مرحلہ" in sample_site.article(f"ur/lead-types/{funnel[0]}/").get_text()


def test_owners_written_left_to_right_keep_their_order_in_the_urdu_site(sample_site, pb):
    """Issue 34: "Priya Natarajan (Product Marketing)" in an Urdu line is isolated (<bdi>,
    or U+2068 in a message), or its brackets land on the wrong sides: "(Priya Natarajan
    (Product Marketing"."""
    import html as html_module

    owners = {e.owner for entities in pb.entities.values() for e in entities.values()
              if getattr(e, "owner", None)}  # (every kind that has owners)
    found = 0
    for page in (sample_site.root / "ur").rglob("index.html"):
        article = re.search(r"<article.*?</article>", page.read_text(encoding="utf-8"),
                            re.S)
        if not article or "data-pb-page" not in article.group(0)[:200]:
            continue  # (a hand-written page is the hub's own text)
        for owner in owners:
            for at in (m.start() for m in re.finditer(re.escape(html_module.escape(owner)),
                                                       article.group(0))):
                before = article.group(0)[max(0, at - 5):at]
                assert before.endswith(("<bdi>", "\u2068")), (page, owner, before)
                found += 1
    assert found > 100
