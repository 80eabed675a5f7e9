"""The org chart (roles/) and the lead flow (lead-types/) as a reader sees them, in chromium:
labels large enough to read as the page first shows them, on a desktop and on a phone,
for the sample hub and for generated hubs of 60 and 200 roles; label text that contrasts
with its box in the light and the dark scheme, with team colours that match the legend;
right to left in the Urdu site."""

from __future__ import annotations

import contextlib
import itertools

import pytest
import yaml

from browser import DIAGRAMS_DRAWN, OPEN_SHADOW_ROOTS, PHONE, serve
from conftest import REPO, Site, run_mkdocs, write_hub

pytestmark = pytest.mark.browser

DESKTOP = {"width": 1280, "height": 900}
#: The smallest label, in CSS pixels as shown, on each.
SMALLEST = {1280: 12, 390: 11}

# -- generated hubs: many roles, long titles, several teams and levels -------------------

TEAMS = {
    "sales": "Account Executive", "marketing": "Demand Generation Specialist",
    "enablement": "Sales Enablement Specialist", "operations": "Revenue Operations Analyst",
    "customer-success": "Customer Success Manager", "partnerships": "Channel Partner Manager",
    "solutions": "Solutions Engineer", "renewals": "Renewals Specialist",
}
SENIORITY = ["Senior Enterprise", "Mid-Market", "Principal Strategic", "Associate Commercial"]
SECTORS = ["Public Sector", "Financial Services", "Healthcare and Life Sciences",
           "Retail and Consumer Goods", "Manufacturing"]
REGIONS = ["EMEA", "North America", "APAC", "Latin America", "DACH and Nordics"]


def org_hub(roles: int, teams: int) -> dict[str, str]:
    """The files of a hub of ``roles`` roles in ``teams`` teams: a chief revenue officer
    (in sales) over a vice president per team, directors, managers and the people they
    manage, five levels deep, with titles as long as real ones."""
    names = list(TEAMS)[:teams]
    files = {
        "mkdocs.yml": MKDOCS_YML,
        "content/index.md": "# Org hub\n",
        "playbook/hub.yml": f"name: Org hub\nteams: [{', '.join(names)}]\n",
    }
    place = itertools.count()

    def role(id: str, title: str, team: str, reports_to: str | None) -> str:
        files[f"playbook/roles/{id}.yml"] = (
            f"title: \"{title}\"\nsummary: Works as {title}.\nteam: {team}\n"
            + (f"reports_to: {reports_to}\n" if reports_to else ""))
        return id

    top = role("chief-revenue-officer", "Chief Revenue Officer", "sales", None)
    per_team = [(roles - 1) // teams + (n < (roles - 1) % teams) for n in range(teams)]
    for team, count in zip(names, per_team):
        function = TEAMS[team]
        label = team.replace("-", " ").title()
        head = role(f"{team}-vp", f"Vice President of {label}, Global", team, top)
        directors = [role(f"{team}-director-{n}", f"Director of {label}, {REGIONS[n % 5]}",
                          team, head) for n in range(max(1, count // 12))]
        managers = [role(f"{team}-manager-{n}", f"{function} Manager, "
                         f"{SECTORS[n % 5]} {REGIONS[(n // 5) % 5]}", team,
                         directors[n % len(directors)])
                    for n in range(max(1, count // 5))]
        for n in range(count - 1 - len(directors) - len(managers)):
            k = next(place)
            role(f"{team}-{n}", f"{SENIORITY[k % 4]} {function}, {SECTORS[(k // 4) % 5]} "
                 f"{REGIONS[(k // 20) % 5]} {k // 100 + 1}", team, managers[n % len(managers)])
    return files


#: The sample's settings that matter here: Material, its colour scheme following the
#: reader's, no web fonts.
MKDOCS_YML = """\
site_name: Org hub
docs_dir: content
theme:
  name: material
  font: false
  palette:
    - media: "(prefers-color-scheme: light)"
      scheme: default
    - media: "(prefers-color-scheme: dark)"
      scheme: slate
plugins:
  - search
  - playbook
"""


@pytest.fixture(scope="module")
def hubs(sample_site, tmp_path_factory) -> dict[str, Site]:
    """The sample hub and the generated ones, by name."""
    built = {"sample": sample_site}
    for roles, teams in ((60, 5), (200, 8)):
        root = tmp_path_factory.mktemp(f"org-{roles}")
        write_hub(root / "hub", org_hub(roles, teams), base={})
        result = run_mkdocs(root / "hub", root / "site", "--strict")
        assert result.returncode == 0, result.stderr
        built[str(roles)] = Site(root / "site")
    return built


@pytest.fixture(scope="module")
def bases(hubs):
    """The base URL of each hub, served."""
    with contextlib.ExitStack() as stack:
        yield {name: stack.enter_context(serve(site.root)) for name, site in hubs.items()}


@pytest.fixture(scope="module")
def tabs(chromium):
    """A tab per colour scheme for the module's pages, each page opened in it afresh at its
    own size (a tab that stays reuses its renderer and the script it compiled: a page with
    Mermaid's 3.5 MB script opens faster), in a context of the scheme's own (the theme
    keeps the palette it showed in the site's storage, which would outweigh the reader's
    scheme on the next page); with the diagrams' shadow roots open, noting script errors
    (``page.errors``) and requests off the page's site (``page.outside``) of the page
    opened last."""
    opened: dict[str, object] = {}

    def tab(scheme: str):
        if scheme not in opened:
            context = chromium.new_context(color_scheme=scheme)
            context.add_init_script(OPEN_SHADOW_ROOTS)
            page = opened[scheme] = context.new_page()
            page.errors, page.outside, page.base = [], [], ""
            page.on("pageerror", lambda e: page.errors.append(str(e)))
            page.on("request", lambda r: None if r.url.startswith(
                (page.base, "data:", "blob:")) else page.outside.append(r.url))
        return opened[scheme]

    yield tab
    for page in opened.values():
        page.context.close()


@pytest.fixture
def open_page(tabs, bases):
    """Opens ``url`` of a hub in the module's tab of the given colour scheme, at the given
    size, once its diagrams are drawn."""

    def open(hub: str, url: str, viewport=DESKTOP, scheme: str = "light"):
        return drawn(tabs(scheme), bases[hub], url, viewport)

    return open


def drawn(page, base: str, url: str, viewport: dict):
    """``url`` of the site at ``base`` opened in ``page`` (a tab of :func:`tabs`) at
    ``viewport``, once its diagrams are drawn, with the script errors and outside requests
    of this page only."""
    page.errors.clear()
    page.outside.clear()
    page.base = base
    page.set_viewport_size(viewport)
    page.goto(base + url)
    page.wait_for_function(DIAGRAMS_DRAWN, timeout=60000)
    return page


@pytest.fixture(scope="module")
def shown(tabs, bases):
    """What a page of a hub shows in a viewport and colour scheme, once its diagrams are
    drawn: every label with its size (LABELS), every node's colours and the legend
    (COLOURS), each node's centre (CENTRES), the page's width, and its script errors and
    requests to other hosts. Measured once per module for each page as first shown (a
    large chart takes seconds to draw)."""
    seen: dict[tuple[str, str, int, str], dict] = {}

    def measure(hub: str, url: str, viewport=DESKTOP, scheme: str = "light") -> dict:
        key = (hub, url, viewport["width"], scheme)
        if key not in seen:
            page = drawn(tabs(scheme), bases[hub], url, viewport)
            seen[key] = {"labels": page.evaluate(LABELS), "colours": page.evaluate(COLOURS),
                         "centres": page.evaluate(CENTRES) if hub == "sample" else None,
                         "width": page.evaluate("document.documentElement.scrollWidth"),
                         "headings": page.locator("article h2").all_inner_texts(),
                         "errors": list(page.errors), "outside": list(page.outside)}
        return seen[key]

    return measure


#: Every node label of every diagram of the article, as shown: its font size times the
#: scale the SVG is drawn at (its width on screen over the width of its viewBox: a shrunk
#: SVG shrinks its text), with the diagram's box and the page's width.
LABELS = """() => [...document.querySelectorAll('article div.mermaid')].map(host => {
    const svg = host.shadowRoot.querySelector('svg');
    const scale = svg.getBoundingClientRect().width / svg.viewBox.baseVal.width;
    const labels = [...svg.querySelectorAll('g.node .nodeLabel')].map(label => {
        const text = label.querySelector('p') || label;
        return [text.textContent, parseFloat(getComputedStyle(text).fontSize) * scale];
    });
    const box = host.getBoundingClientRect();
    return {labels, scale, box: [box.left, box.right, box.width, box.height],
            natural: [svg.viewBox.baseVal.width, svg.viewBox.baseVal.height]};
})"""

PAGES = [("sample", "roles/"), ("sample", "lead-types/"), ("sample", "ur/roles/"),
         ("sample", "ur/lead-types/"), ("60", "roles/"), ("200", "roles/")]


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"])
@pytest.mark.parametrize("hub, url", PAGES)
def test_diagram_labels_are_large_enough_to_read_as_first_shown(shown, hub, url, viewport):
    page = shown(hub, url, viewport)
    diagrams = page["labels"]
    assert diagrams, "no diagram drawn"
    smallest = min((size, text) for d in diagrams for text, size in d["labels"])
    assert smallest[0] >= SMALLEST[viewport["width"]], (hub, url, smallest)
    # a wide diagram scrolls in its own box: the page does not scroll sideways
    assert page["width"] <= viewport["width"]
    for d in diagrams:
        left, right, _, _ = d["box"]
        assert 0 <= left and right <= viewport["width"], d["box"]
    assert page["errors"] == [] and page["outside"] == [], (page["errors"], page["outside"])


def test_a_large_org_gets_a_chart_per_team_not_one_strip(shown):
    page = shown("200", "roles/")
    diagrams = page["labels"]
    teams = page["headings"][1:]
    assert len(diagrams) == len(teams) == 8, "a chart per team"
    for d in diagrams:
        width, height = d["natural"]
        assert width <= 1400 and height <= 4000, d["natural"]  # a chart, not a strip
        assert 20 <= len(d["labels"]) <= 30  # a team's roles and the manager over it


# -- colours -------------------------------------------------------------------------------

#: Each node's label colour, its box's fill and the page's background (what a fill that
#: is partly transparent shows through), as computed; and the legend's swatches.
COLOURS = """() => {
    const page = getComputedStyle(document.body).backgroundColor;
    const nodes = [...document.querySelectorAll('article div.mermaid')].flatMap(host =>
        [...host.shadowRoot.querySelectorAll('g.node')].map(node => {
            const label = node.querySelector('.nodeLabel');
            const text = label.querySelector('p') || label;
            const shape = node.querySelector('rect, polygon, path');
            const style = getComputedStyle(shape);
            return {text: text.textContent, colour: getComputedStyle(text).color,
                    fill: style.fill, opacity: style.fillOpacity, stroke: style.stroke,
                    outside: style.strokeDasharray !== 'none',
                    classes: node.getAttribute('class')};
        }));
    const legend = [...document.querySelectorAll('article .pb-legend__item')].map(item => {
        const swatch = getComputedStyle(item.querySelector('.pb-legend__swatch'));
        return [item.textContent.trim(), swatch.backgroundColor, swatch.borderTopColor];
    });
    return {page, nodes, legend};
}"""


def rgba(css: str) -> tuple[float, float, float, float]:
    inside = css[css.index("(") + 1:css.rindex(")")].replace("/", " ").replace(",", " ")
    parts = [float(p) for p in inside.split()]
    return (*parts[:3], parts[3] if len(parts) > 3 else 1.0)  # type: ignore[return-value]


def over(top: tuple[float, ...], under: tuple[float, ...]) -> tuple[float, ...]:
    """``top`` (which may be partly transparent) painted over an opaque ``under``."""
    a = top[3]
    return tuple(top[i] * a + under[i] * (1 - a) for i in range(3)) + (1.0,)


def luminance(c: tuple[float, ...]) -> float:
    def channel(v: float) -> float:
        v /= 255
        return v / 12.92 if v <= 0.04045 else ((v + 0.055) / 1.055) ** 2.4
    return 0.2126 * channel(c[0]) + 0.7152 * channel(c[1]) + 0.0722 * channel(c[2])


def contrast(a: tuple[float, ...], b: tuple[float, ...]) -> float:
    hi, lo = sorted((luminance(a), luminance(b)), reverse=True)
    return (hi + 0.05) / (lo + 0.05)


def shown_fill(node: dict, page: tuple[float, ...]) -> tuple[float, ...]:
    fill = rgba(node["fill"])
    return over(fill[:3] + (fill[3] * float(node["opacity"]),), page)


def team_of(node: dict) -> str:
    return next(c for c in node["classes"].split() if c.startswith(("n_team_", "n_outside_"))
                ).split("_")[-1]


@pytest.mark.parametrize("hub", ["sample", "200"])
def test_label_text_contrasts_with_its_box_in_light_and_dark(shown, hub):
    for scheme in ("dark", "light"):
        for url in ("roles/", "lead-types/") if hub == "sample" else ("roles/",):
            seen = shown(hub, url, DESKTOP, scheme)["colours"]
            page = rgba(seen["page"])
            assert (luminance(page) < 0.2) == (scheme == "dark"), seen["page"]
            assert seen["nodes"]
            for node in seen["nodes"]:
                box = shown_fill(node, page)
                text = over(rgba(node["colour"]), box)
                ratio = contrast(text, box)
                assert ratio >= 4.5, (scheme, url, node["text"], node, round(ratio, 2))
            if url != "roles/":
                continue
            # Each team's boxes have one fill and one border, the legend's swatch for the
            # team shows both, and no two teams look alike.
            looks: dict[str, set] = {}
            for node in seen["nodes"]:
                looks.setdefault(team_of(node), set()).add(
                    (rounded(shown_fill(node, page)), rounded(rgba(node["stroke"]))))
            assert all(len(look) == 1 for look in looks.values()), looks
            legend = [(rounded(over(rgba(fill), page)), rounded(rgba(border)))
                      for _, fill, border in seen["legend"]]
            assert {look.pop() for look in looks.values()} <= set(legend), (scheme, legend)
            for (fill_a, border_a), (fill_b, border_b) in itertools.combinations(legend, 2):
                assert distance(fill_a, fill_b) > 15, (scheme, legend)
                assert distance(border_a, border_b) > 80, (scheme, legend)


def rounded(colour: tuple[float, ...]) -> tuple[int, ...]:
    return tuple(round(v) for v in colour[:3])


def distance(a: tuple[int, ...], b: tuple[int, ...]) -> int:
    return sum(abs(x - y) for x, y in zip(a, b))


# -- direction -----------------------------------------------------------------------------

#: The centre of each node, by its Mermaid id (`n_<id>`), per diagram.
CENTRES = """() => [...document.querySelectorAll('article div.mermaid')].map(host =>
    Object.fromEntries([...host.shadowRoot.querySelectorAll('g.node')].map(node => {
        const id = node.id.match(/flowchart-(n_.*)-\\d+$/)[1];
        const r = node.getBoundingClientRect();
        return [id, [r.left + r.width / 2, r.top + r.height / 2]];
    })))"""


def node_id(id: str) -> str:
    return "n_" + id.replace("-", "_")


def shown_order(roles) -> dict[str, list[list[str]]]:
    """What a team chart shows under each manager, in reading order: the reports that
    manage no one in the team stacked in one box (when there are two or more), then the
    others, by title."""
    bosses = {r.reports_to for r in roles}
    order: dict[str, list[list[str]]] = {}
    for role in roles:  # (by title)
        if role.reports_to:
            order.setdefault(role.reports_to, []).append(role)
    units = {}
    for boss, under in order.items():
        stack = [r.id for r in under if r.id not in bosses]
        stack = [stack] if len(stack) > 1 else []
        units[boss] = stack + [[r.id] for r in under if not any(r.id in s for s in stack)]
    return units


@pytest.mark.parametrize("prefix, rtl", [("", False), ("ur/", True)])
def test_the_org_chart_and_the_lead_flow_read_in_the_sites_direction(shown, open_page, prefix,
                                                                     rtl):
    from playbook.load import load
    from conftest import REPO

    pb, _ = load(REPO / "playbook", REPO / "content", REPO)
    charts = shown("sample", prefix + "roles/")["centres"]
    teams = [roles for _, roles in pb.teams if any(r.reports_to for r in roles)]
    placed = [(boss, units, chart) for roles in teams
              for boss, units in shown_order(roles).items()
              for chart in charts if all(node_id(id) in chart for u in units for id in u)]
    assert len(placed) == sum(len(shown_order(roles)) for roles in teams)
    checked = 0
    for boss, units, chart in placed:
        xs = [chart[node_id(unit[0])][0] for unit in units]
        # side by side in reading order: first at the left, or at the right in Urdu
        assert xs == sorted(xs, reverse=rtl) and len(set(xs)) == len(xs), (boss, xs)
        checked += len(units) > 1
    for boss, units, chart in placed:
        top = chart[node_id(boss)]
        for unit in units:
            centres = [chart[node_id(id)] for id in unit]
            # top to bottom: the manager above its reports, a stack one above the other
            assert all(y > top[1] for _, y in centres), (boss, unit)
            assert max(x for x, _ in centres) - min(x for x, _ in centres) < 1, unit
    assert checked >= 2  # (managers with reports side by side: the order is seen)

    # A role of the chart opens its page, in the site's language.
    page = open_page("sample", prefix + "roles/")
    page.locator("article div.mermaid g.node[id*='-n_sales_manager-']").first.click()
    page.wait_for_url(f"**/{prefix}roles/sales-manager/")

    [flow] = shown("sample", prefix + "lead-types/")["centres"]
    first, moves_to, last = flow["n_suspect"], flow["n_cold"], flow["n_customer"]
    # top to bottom, the first stage at the start of the line, the last towards its end
    assert first[1] < moves_to[1] < last[1], flow
    assert (first[0] > moves_to[0]) == rtl and (first[0] > last[0]) == rtl, flow


# -- the diagrams' text: the page reads completely without the picture ---------------------

def nested(ul) -> list:
    """A nested list as [(role id, [its reports...]), ...]."""
    out = []
    for li in ul.find_all("li", recursive=False):
        href = li.find("a")["href"].rstrip("/").split("/")[-1]
        inner = li.find("ul")
        out.append((href, nested(inner) if inner else []))
    return out


def test_each_org_chart_has_its_reporting_lines_as_a_list_beside_it(sample_site):
    page = sample_site.article("roles/")
    figures = page.select(".pb-diagram[role=figure]")
    assert figures
    for figure in figures:
        text = page.find(id=figure["aria-describedby"])
        assert text is not None and text.name == "details"
        assert text.find("summary").get_text(strip=True) == "The chart as a list"
    sales = page.find(id=figures[0]["aria-describedby"])
    assert nested(sales.find("ul")) == [("sales-director", [("sales-manager", [
        ("account-executive", []), ("account-manager", []),
        ("sales-development-rep", []), ("sales-specialist", [])])])]
    # every reporting line of the sample is in one of the lists, once
    lines = set()
    for details in page.select("details.pb-diagram-text"):
        for li in details.select("li li"):
            boss = li.find_parent("li").find("a")["href"].rstrip("/").split("/")[-1]
            lines.add((li.find("a")["href"].rstrip("/").split("/")[-1], boss))
    expected = set()
    for path in (REPO / "playbook/roles").glob("*.yml"):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        if data.get("reports_to"):
            expected.add((path.stem, data["reports_to"]))
    assert lines == expected


def test_the_lead_flow_has_its_stages_and_moves_as_a_list_beside_it(sample_site):
    page = sample_site.article("lead-types/")
    figure = page.select_one(".pb-diagram[role=figure]")
    listed = page.find(id=figure["aria-describedby"]).find("ol")
    items = listed.find_all("li", recursive=False)
    first = items[0]
    assert first.find("a")["href"].endswith("suspect/")
    moves = [a["href"].rstrip("/").split("/")[-1] for a in first.find_all("a")[1:]]
    assert moves and "moves on to" in first.get_text()
    urdu = sample_site.article("ur/lead-types/")
    text = urdu.find(id="lead-flow-list").get_text(" ", strip=True)
    assert "چارٹ بطور فہرست" in text and "moves" not in text


def test_our_styles_respect_reduced_motion_and_forced_colours(sample_site, chromium):
    """What colour alone says gets a border where the system forces its colours, and
    motion stops for readers who ask for less: checked in chromium's emulation."""
    with serve(sample_site.root) as base:
        page = chromium.new_page()
        page.emulate_media(reduced_motion="reduce", forced_colors="active")
        page.goto(base + "lead-types/")
        stage = page.locator(".pb-funnel__stage").first
        assert stage.evaluate("el => getComputedStyle(el).transitionDuration") in ("0s", "")
        assert stage.evaluate("el => getComputedStyle(el).borderTopStyle") == "solid"
        page.goto(base + "responsibilities/")
        letter = page.locator(".pb-raci").first
        assert letter.evaluate("el => getComputedStyle(el).borderTopStyle") == "solid"
        page.emulate_media(reduced_motion="no-preference", forced_colors="none")
        page.goto(base + "lead-types/")
        assert page.locator(".pb-funnel__stage").first.evaluate(
            "el => getComputedStyle(el).transitionDuration") != "0s"
        page.close()
