"""`make bench`: build generated hubs and measure what users wait for.

For each size (collateral items) it generates a hub in the playbook format (200 roles,
200 responsibilities, 50 onboarding modules with knowledge checks, N collateral items in
several languages, and of format v1.1 a play per 50 items and a battlecard per 200) in a
git repository with a release tagged and an item in a hundred edited since, builds it
with `mkdocs build`, and prints one table: build seconds, output size, KB per item page,
`playbook validate` seconds, the search index, and, in headless chromium, the bytes a
browser downloads to answer the first query (beyond the page itself) and the time from the
last keystroke to the results.

    python scripts/bench.py --items 1000 10000
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "tests"))

from reference_build import WORDS as ENGLISH  # noqa: E402
from reference_build import plain_hub  # noqa: E402  (the baseline: hand-written pages)

WORDS = {
    "en": ENGLISH,
    "hu": "értékesítés ügyfél ajánlat partner kampány vezető stratégia árajánlat".split(),
    "sr": "продаја купац маркетинг стратегија понуда тржиште вођа".split(),
    "bn": "বিক্রয় গ্রাহক বিপণন কৌশল প্রশিক্ষণ সামগ্রী".split(),
    "ur": "فروخت گاہک مارکیٹنگ حکمت عملی پیشکش".split(),
}
TEAMS = ["sales", "marketing", "enablement", "operations", "customer-success"]
TYPES = ["deck", "case-study", "one-pager", "white-paper", "video", "blog-post", "battlecard"]
STAGES = ["suspect", "cold", "mql", "warm", "hot", "sql", "customer"]


def text(rnd: random.Random, lang: str, n: int) -> str:
    return " ".join(rnd.choice(WORDS[lang]) for _ in range(n)).capitalize() + "."


def generate(root: Path, items: int, seed: int = 7) -> None:
    rnd = random.Random(seed)
    pb = root / "playbook"
    for folder in ("roles", "responsibilities", "lead-types", "lead-sources", "metrics",
                   "collateral", "onboarding", "plays", "competitors"):
        (pb / folder).mkdir(parents=True, exist_ok=True)
    (root / "content").mkdir(parents=True, exist_ok=True)
    (root / "content/index.md").write_text("# Bench hub\n\nSee [roles](roles/index.md).\n")
    (root / "mkdocs.yml").write_text(
        "site_name: Bench hub\ndocs_dir: content\ntheme:\n  name: material\n  font: false\n"
        "plugins:\n  - search\n  - playbook\n")
    (pb / "hub.yml").write_text("name: Bench hub\n")
    for i, stage in enumerate(STAGES):
        nxt = f"next: [{STAGES[i + 1]}]\n" if i + 1 < len(STAGES) else ""
        (pb / f"lead-types/{stage}.yml").write_text(
            f"title: {stage.upper()} lead\ndefinition: {text(rnd, 'en', 20)}\norder: {i}\n{nxt}")
    for i in range(20):
        (pb / f"metrics/metric-{i}.yml").write_text(
            f"title: Metric {i}\ndefinition: {text(rnd, 'en', 15)}\nunit: '%'\n")
    for i in range(10):
        (pb / f"lead-sources/source-{i}.yml").write_text(
            f"title: Source {i}\nchannel: online\nproduces: [{rnd.choice(STAGES)}]\n")
    roles = [f"role-{i}" for i in range(200)]
    for i, role in enumerate(roles):
        boss = f"reports_to: role-{(i - 1) // 5}\n" if i else ""
        (pb / f"roles/{role}.yml").write_text(
            f"title: Role {i}\nsummary: {text(rnd, 'en', 30)}\nteam: {TEAMS[i % 5]}\n{boss}"
            f"works: [{rnd.choice(STAGES)}]\nkpis: [metric-{i % 20}]\n")
    for i in range(200):
        (pb / f"responsibilities/resp-{i}.yml").write_text(
            f"title: Responsibility {i}\ndescription: {text(rnd, 'en', 25)}\n"
            f"accountable: {roles[i]}\nresponsible: [{roles[(i + 1) % 200]}, {roles[(i + 7) % 200]}]\n"
            f"metrics: [metric-{i % 20}]\ncollateral: [item-{i}]\n")
    langs = list(WORDS)
    for i in range(items):
        lang = langs[i % len(langs)]
        audience = ", ".join(rnd.sample(roles, 2))
        stages = ", ".join(rnd.sample(STAGES, 2))
        (pb / f"collateral/item-{i}.yml").write_text(
            f"title: Item {i} {rnd.choice(WORDS[lang])}\nsummary: {text(rnd, lang, 60)}\n"
            f"type: {TYPES[i % len(TYPES)]}\nurl: https://example.com/item-{i}\n"
            f"audience: [{audience}]\nstages: [{stages}]\nlanguage: {lang}\n"
            f"owner: Owner {i % 40}\nupdated: 2026-0{1 + i % 9}-15\n")
    # format v1.1: a battlecard per 200 items, a play per 50, checks on the modules
    competitors = [f"rival-{i}" for i in range(max(1, items // 200))]
    for i, rival in enumerate(competitors):
        (pb / f"competitors/{rival}.yml").write_text(
            f"title: Rival {i}\nsummary: {text(rnd, 'en', 30)}\n"
            f"strengths:\n  - {text(rnd, 'en', 8)}\nweaknesses:\n  - {text(rnd, 'en', 8)}\n"
            f"why_we_win:\n  - {text(rnd, 'en', 8)}\nproof: [item-{i}]\n"
            f"owner: Owner {i % 40}\nupdated: 2026-10-01\n")
    plays = [f"play-{i}" for i in range(max(1, items // 50))]
    for i, play in enumerate(plays):
        (pb / f"plays/{play}.yml").write_text(
            f"title: Play {i}\nsummary: {text(rnd, 'en', 25)}\n"
            f"stages: [{', '.join(rnd.sample(STAGES, 2))}]\n"
            f"roles: [{', '.join(rnd.sample(roles, 3))}]\n"
            f"steps:\n  - title: {text(rnd, 'en', 5)}\n    owner: {rnd.choice(roles)}\n"
            f"    collateral: [item-{rnd.randrange(items)}]\n"
            f"  - title: {text(rnd, 'en', 5)}\n"
            f"talk_track: {text(rnd, 'en', 40)}\n"
            f"objections:\n  - objection: {text(rnd, 'en', 6)}\n"
            f"    response: {text(rnd, 'en', 20)}\n"
            f"competitors: [{competitors[i % len(competitors)]}]\n"
            f"owner: Owner {i % 40}\nupdated: 2026-10-01\n")
    for i in range(50):
        after = f"after: [module-{i - 1}]\n" if i % 5 else ""
        scope = "all" if i < 5 else f"[{', '.join(rnd.sample(roles, 10))}]"
        (pb / f"onboarding/module-{i}.yml").write_text(
            f"title: Module {i}\nroles: {scope}\nhours: {1 + i % 4}\n{after}"
            f"tasks:\n  - {text(rnd, 'en', 8)}\n  - {text(rnd, 'en', 8)}\n"
            f"plays: [{plays[i % len(plays)]}]\n"
            f"checks:\n  - question: {text(rnd, 'en', 8)}?\n"
            f"    choices: [{text(rnd, 'en', 3)}, {text(rnd, 'en', 3)}, {text(rnd, 'en', 3)}]\n"
            f"    answer: {i % 3}\n")


def released(root: Path, items: int) -> None:
    """Make the hub a git repository as a team keeps one: a release tagged (2026.1), then a
    quarter's edits committed (an item in a hundred reviewed), so that builds read the
    files' dates from git and compare with the release, as a hub's builds do."""
    def git(*args: str, date: str = "2026-01-15T10:00:00") -> None:
        subprocess.run(["git", "-c", "user.name=Bench", "-c", "user.email=bench@example.com",
                        "-c", "init.defaultBranch=main", *args], cwd=root, check=True,
                       capture_output=True, env=dict(os.environ, GIT_AUTHOR_DATE=date,
                                                     GIT_COMMITTER_DATE=date))

    (root / ".gitignore").write_text("site/\n.cache/\nmkdocs-*.yml\n")
    git("init", "-q")
    git("add", "-A")
    git("commit", "-qm", "The playbook")
    git("tag", "-a", "2026.1", "-m", "First release")
    for i in range(0, items, 100):
        item = root / f"playbook/collateral/item-{i}.yml"
        item.write_text(item.read_text().replace("updated: ", "version: '2'\nupdated: "))
    git("commit", "-qam", "A quarter's reviews", date="2026-04-02T10:00:00")


def plugin_seconds(log: str) -> float:
    """The plugin's own work, as its log line sums it: load, validate, render, and what it
    does in MkDocs' events (files, pages, search index)."""
    import re

    found = re.search(r"its own work took ([\d.]+) s of this build", log)
    if found is None:
        raise SystemExit("the build did not say how long the plugin took:\n" + log[-2000:])
    return float(found.group(1))


def timed(cmd: list[str], cwd: Path, env: dict[str, str]) -> tuple[float, str]:
    start = time.perf_counter()
    done = subprocess.run(cmd, cwd=cwd, env=env, capture_output=True, text=True)
    seconds = time.perf_counter() - start
    if done.returncode not in (0, 1):
        raise SystemExit(f"{' '.join(cmd)} failed:\n{done.stderr[-3000:]}")
    return seconds, done.stderr + done.stdout


def rebuild(hub: Path, env: dict[str, str], n: int) -> float:
    """`mkdocs build` of the hub again after a marketer's one-file change (an item's
    title), with what the builds before kept in its .cache."""
    import re

    item = hub / "playbook/collateral/item-7.yml"
    item.write_text(re.sub(r"(?m)^title: .*$", f"title: Item 7 rebuilt {n}",
                           item.read_text()))
    shutil.rmtree(hub / "site", ignore_errors=True)
    seconds, log = timed([sys.executable, "-m", "mkdocs", "build", "-d", str(hub / "site")],
                         hub, env)
    if "as an earlier build made them" not in log:
        raise SystemExit("the rebuild kept no page:\n" + log[-2000:])
    return seconds


def serve_edit(hub: Path, env: dict[str, str], edits: int = 3, watch: str = "poll") -> float:
    """`mkdocs serve` the hub, change one collateral item's title ``edits`` times and
    return the median time from saving the file to the served page showing the new title
    (polled every 50 ms, as a browser's live reload would fetch it). ``watch``: the
    plugin's option, how the server sees the edit (``poll``: MkDocs' own way)."""
    import re
    import socket
    import urllib.request

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    config = hub / f"mkdocs-{watch}.yml"
    config.write_text((hub / "mkdocs.yml").read_text().replace(
        "  - playbook\n", f"  - playbook:\n      watch: {watch}\n"))
    server = subprocess.Popen([sys.executable, "-m", "mkdocs", "serve", "-f", str(config),
                               "-a", f"127.0.0.1:{port}"], cwd=hub, env=env,
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}/collateral/item-7/"

    def page() -> str:
        try:
            return urllib.request.urlopen(url, timeout=10).read().decode("utf-8")
        except OSError:
            return ""

    try:
        deadline = time.time() + 600
        while "Item 7" not in page():
            if time.time() > deadline or server.poll() is not None:
                raise SystemExit("mkdocs serve did not start")
            time.sleep(0.5)
        time.sleep(2)
        item = hub / "playbook/collateral/item-7.yml"
        seconds = []
        for n in range(edits):
            title = f"Item 7 edited {n}"
            item.write_text(re.sub(r"(?m)^title: .*$", f"title: {title}", item.read_text()))
            start = time.perf_counter()
            while title not in page():
                if time.perf_counter() - start > 120:
                    raise SystemExit("mkdocs serve never showed the edit")
                time.sleep(0.05)
            seconds.append(time.perf_counter() - start)
            time.sleep(3)  # (the author reads the page; the background index starts)
        return sorted(seconds)[len(seconds) // 2]
    finally:
        server.terminate()
        server.wait(30)
        config.unlink()


#: Further words typed after the first query: latency is the median over all of them.
FOLLOW_UP = ["forecast", "renewal", "campaign", "pricing"]


def first_query(site: Path, word: str) -> tuple[int, tuple[float, float], int]:
    """Bytes search fetched up to the first query's results, the median time from the last
    keystroke to the results (first query, median of five), and the results shown for the
    first."""
    from browser import browser, serve

    served: list[tuple[str, int]] = []
    with serve(site, served) as base, browser() as b:
        page = b.new_page()
        page.goto(base)
        page.wait_for_load_state("networkidle")
        page.wait_for_timeout(500)
        page.keyboard.press("/")
        page.wait_for_function("() => /Type to start/.test(document.querySelector("
                               "'.md-search-result__meta').textContent)", timeout=60000)
        box = page.locator("input.md-search__input")
        latencies = []
        for query in [word] + FOLLOW_UP:
            box.fill("")
            page.wait_for_timeout(200)
            box.press_sequentially(query[:-1], delay=5)
            page.wait_for_timeout(300)
            page.evaluate("document.querySelector('.md-search-result__meta').textContent = ''")
            start = time.perf_counter()
            box.press(query[-1])
            page.wait_for_function("() => /matching/.test(document.querySelector("
                                   "'.md-search-result__meta').textContent)", timeout=60000)
            latencies.append(time.perf_counter() - start)
            page.wait_for_load_state("networkidle")
            if query == word:
                count = page.locator(".md-search-result__item").count()
                first_bytes = sum(size for path, size in served
                                  if path.startswith(("/pagefind/", "/search/",
                                                      "/assets/javascripts/workers/")))
        latency = (latencies[0], sorted(latencies)[len(latencies) // 2])
        return first_bytes, latency, count


def sandbox_cost(hub: Path, runs: int) -> dict[str, float]:
    """Seconds to load and render every page of ``hub`` in this process with template
    overrides: trusted (`trust_templates: true`), and sandboxed as a hub's overrides render
    by default, with a page's template overridden (only those pages render sandboxed) and
    with the macros every page shares overridden (all do). Medians of ``runs``."""
    import datetime as dt

    from playbook import RenderOptions, run
    from playbook.templating import SOURCE_TEMPLATES

    override = hub / "templates"
    override.mkdir(exist_ok=True)
    macros = (SOURCE_TEMPLATES / "_macros.html.j2").read_text(encoding="utf-8")
    variants = {"trusted": ("role.html.j2", '{% extends "playbook/role.html.j2" %}\n', True),
                "role.html.j2": ("role.html.j2", '{% extends "playbook/role.html.j2" %}\n',
                                 False),
                "_macros.html.j2": ("_macros.html.j2", macros, False)}
    times: dict[str, list[float]] = {name: [] for name in variants}
    for _ in range(runs):
        for name, (file, text, trusted) in variants.items():
            for old in override.iterdir():
                old.unlink()
            (override / file).write_text(text, encoding="utf-8")
            options = RenderOptions(today=dt.date(2026, 11, 25), templates_dir=override,
                                    trust_templates=trusted, history=False, workers=1)
            started = time.perf_counter()
            run(hub / "playbook", hub / "content", hub, options, render_pages=True)
            times[name].append(time.perf_counter() - started)
    shutil.rmtree(override)
    return {name: statistics.median(t) for name, t in times.items()}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--items", type=int, nargs="+", default=[1000, 10000])
    parser.add_argument("--runs", type=int, default=3,
                        help="builds of each hub and baseline; their median is shown")
    parser.add_argument("--keep", action="store_true", help="keep the generated hubs")
    args = parser.parse_args()
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1", SOURCE_DATE_EPOCH="1795564800")
    rows, sandboxes = [], []
    work = Path(tempfile.mkdtemp(prefix="playbook-bench-"))
    for items in args.items:
        hub = work / f"hub-{items}"
        generate(hub, items)
        released(hub, items)
        validate = [sys.executable, "-m", "playbook.cli", "validate", str(hub)]
        validate_s, _ = timed(validate, hub, env)  # (the first: every file parsed)
        again_s = statistics.median(timed(validate, hub, env)[0] for _ in range(3))
        # Builds alternate with the baseline's, and each figure is the median of the runs:
        # on this machine single builds vary by up to 20 %.
        plain = work / f"plain-{items}"
        builds, owns, plains = [], [], []
        for _ in range(args.runs):
            shutil.rmtree(hub / "site", ignore_errors=True)
            shutil.rmtree(hub / ".cache", ignore_errors=True)  # (a cold build)
            seconds, log = timed([sys.executable, "-m", "mkdocs", "build", "-d",
                                  str(hub / "site")], hub, env)
            builds.append(seconds)
            owns.append(plugin_seconds(log))
            if not plain.exists():
                page_count = sum(1 for _ in (hub / "site").rglob("index.html"))
                plain_hub(plain, page_count)
            shutil.rmtree(plain / "site", ignore_errors=True)
            plains.append(timed([sys.executable, "-m", "mkdocs", "build", "-d",
                                 str(plain / "site")], plain, env)[0])
        build_s, own_s, plain_s = (statistics.median(x) for x in (builds, owns, plains))
        rebuild_s = statistics.median(rebuild(hub, env, n) for n in range(args.runs))
        shutil.rmtree(plain)
        site = hub / "site"
        size = sum(p.stat().st_size for p in site.rglob("*") if p.is_file())
        pages = list((site / "collateral").glob("item-*/index.html"))
        per_item = sum(p.stat().st_size for p in pages) / max(len(pages), 1)
        bundle = sum(p.stat().st_size for p in (site / "pagefind").rglob("*") if p.is_file())
        fetched, latency, found = first_query(site, "pipeline")
        edit_s = serve_edit(hub, env), serve_edit(hub, env, watch="events")
        sandboxes.append((items, sandbox_cost(hub, args.runs)))
        rows.append((items, build_s, size / 1e6, per_item / 1e3, validate_s, bundle / 1e6,
                     fetched / 1e3, latency, found, own_s, plain_s, page_count, edit_s,
                     again_s, rebuild_s))
        if not args.keep:
            shutil.rmtree(hub)
    header = ("items", "pages", "build s", "plain MkDocs s", "x plain", "rebuild s",
              "rebuild %", "plugin s", "plugin %",
              "output MB", "KB/item page", "validate s", "again s", "search MB",
              "1st query KB",
              "1st query ms", "query ms (median)", "serve edit s", "with events s")
    print("| " + " | ".join(header) + " |")
    print("|" + "---|" * len(header))
    for r in rows:
        print(f"| {r[0]:,} | {r[11]:,} | {r[1]:.1f} | {r[10]:.1f} | {r[1] / r[10]:.2f} | "
              f"{r[14]:.1f} | {100 * r[14] / r[1]:.0f} | {r[9]:.1f} | {100 * r[9] / r[1]:.0f} | {r[2]:.0f} | "
              f"{r[3]:.1f} | {r[4]:.2f} | {r[13]:.2f} | {r[5]:.1f} | {r[6]:.0f} | "
              f"{r[7][0] * 1000:.0f} | "
              f"{r[7][1] * 1000:.0f} | {r[12][0]:.1f} | {r[12][1]:.1f} |")
    print("\nplain MkDocs s: as many hand-written pages out of the nav, Material with its search"
          " plugin (the goal's baseline), and x plain the build's time over it (a cold build:"
          " the hub's .cache removed first);\n"
          "rebuild s: `mkdocs build` again after one collateral file's title changed, pages"
          " whose inputs did not change taken from .cache/playbook (median of the runs), and"
          " rebuild % its share of the cold build;\n"
          "plugin s: the plugin's own work in the build (load, validate, render, and its part of"
          " MkDocs' events: files, pages, search index), and plugin % its share of the build;\n"
          "validate s: `playbook validate` of the new hub, every file parsed; again s: run again"
          " (median of 3), a hub of 1,000 files or more taking the files parsed before from"
          " its .cache;\n"
          "1st query KB: all search fetched from page load to the first results (the worker"
          " starts at page load); 1st query ms and median of five queries: from the last"
          " keystroke to the results on screen;\nserve edit s: with `mkdocs serve` running,"
          " from saving a collateral file to its page showing the change (median of 3), and"
          " with events s the same with the plugin's `watch: events` (the system tells of the"
          " edit; MkDocs polls every file twice a second).")
    print("\nA hub's template overrides render sandboxed (load and render, one process; "
          "trusted: `trust_templates: true`):")
    for items, cost in sandboxes:
        trusted = cost["trusted"]
        print(f"- {items:,} items: trusted {trusted:.2f} s; role.html.j2 overridden "
              f"{cost['role.html.j2']:.2f} s ({cost['role.html.j2'] / trusted:.2f} times); "
              f"_macros.html.j2 overridden, every page sandboxed {cost['_macros.html.j2']:.2f} s "
              f"({cost['_macros.html.j2'] / trusted:.2f} times)")
    print(f"\nbuild, plain and plugin s: medians of {args.runs} runs each, builds and baselines"
          " alternating")
    print(f"machine: {os.cpu_count()} cores; python {sys.version.split()[0]}")
    if args.keep:
        print(f"hubs kept in {work}")


if __name__ == "__main__":
    main()
