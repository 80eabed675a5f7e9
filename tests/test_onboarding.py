"""Onboarding paths: order, weeks, per-role selection, prerequisites, and the built pages."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from playbook import RenderOptions, run
from playbook.onboarding import PathBuilder
from playbook.onboarding_plan import PathModule, split_weeks
from playbook.ordering import CycleError, order

from conftest import REPO, examples

TODAY = dt.date(2026, 11, 25)


# -- ordering, as properties --------------------------------------------------------------

@st.composite
def dags(draw):
    """A random graph without cycles: a node may only come after nodes of a lower index."""
    n = draw(st.integers(1, 25))
    after = {}
    for i in range(n):
        after[f"m{i}"] = draw(st.lists(st.sampled_from([f"m{j}" for j in range(i)]), max_size=4)
                              if i else st.just([]))
    names = list(after)
    shuffled = draw(st.permutations(names))
    return {k: after[k] for k in shuffled}


@given(dags(), st.randoms())
@settings(max_examples=examples(300), deadline=None)
def test_order_respects_after_for_any_graph_without_cycles(after, rnd):
    key = {n: (rnd.randint(0, 3), n) for n in after}
    result = order(after, key)
    assert sorted(result) == sorted(after)
    position = {n: i for i, n in enumerate(result)}
    for node, deps in after.items():
        for dep in deps:
            assert position[dep] < position[node]


@given(dags(), st.data())
@settings(max_examples=examples(300), deadline=None)
def test_any_graph_with_a_cycle_gives_the_cycle_error(after, data):
    nodes = list(after)
    cycle = data.draw(st.lists(st.sampled_from(nodes), min_size=1, max_size=5, unique=True))
    graph = {k: list(v) for k, v in after.items()}
    # close a cycle: each node of `cycle` comes after the next one, the last after the first
    for a, b in zip(cycle, cycle[1:] + cycle[:1]):
        graph[a].append(b)
    with pytest.raises(CycleError) as err:
        order(graph, {n: (n,) for n in graph})
    found = err.value.cycle
    assert found[0] == found[-1]
    for a, b in zip(found, found[1:]):
        assert b in graph[a], f"{a} does not come after {b}"


def test_ties_are_broken_by_key_then_given_order():
    after = {"c": [], "a": [], "b": ["c"]}
    assert order(after, {"a": (1,), "b": (0,), "c": (2,)}) == ["a", "c", "b"]


def test_weeks_pack_modules_in_order():
    mods = [PathModule(k, k, h, 0, -1) for k, h in
            [("a", 8), ("b", 10), ("c", 4), ("d", 45), ("e", 1)]]
    weeks = split_weeks(mods, 20)
    assert [(w.label, [m.key for m in w.modules], w.hours) for w in weeks] == [
        ("Week 1", ["a", "b"], 18), ("Week 2", ["c"], 4), ("Weeks 3–5", ["d"], 45),
        ("Week 6", ["e"], 1)]


# -- paths of the sample hub --------------------------------------------------------------

@pytest.fixture(scope="module")
def sample_paths():
    result = run(REPO / "playbook", REPO / "content", REPO, RenderOptions(today=TODAY),
                 render_pages=False)
    assert result.report.ok
    builder = PathBuilder(result.playbook)
    return result.playbook, {p.role.id: p for p in builder.paths()}


def test_each_role_gets_its_own_modules(sample_paths):
    pb, paths = sample_paths
    assert set(paths) == set(pb.roles)
    for role_id, path in paths.items():
        authored = {m.key for m in path.modules if not m.generated}
        for module in pb.onboarding.values():
            meant = module.roles == "all" or role_id in module.roles
            assert (module.id in authored) == meant or module.id in authored and any(
                m.needed_by for m in path.modules if m.key == module.id)
    sdr = {m.key for m in paths["sales-development-rep"].modules}
    assert "discovery-calls" in sdr and "content-publishing" not in sdr
    writer = {m.key for m in paths["content-writer"].modules}
    assert "content-publishing" in writer and "discovery-calls" not in writer


def test_generated_modules_follow_the_data(sample_paths):
    pb, paths = sample_paths
    ae = paths["account-executive"]
    keys = [m.key for m in ae.modules]
    for resp, letters in pb.raci_by_role["account-executive"]:
        generated = f"generated-responsibility-{resp.id}" in keys
        assert generated == ("A" in letters or "R" in letters), resp.id
    assert "generated-funnel" in keys and "generated-kpis" in keys
    kpis = next(m for m in ae.modules if m.key == "generated-kpis")
    assert [link for link in kpis.links] == [("metrics", m) for m in pb.roles["account-executive"].kpis]
    assert kpis.hours == 0.5 * len(pb.roles["account-executive"].kpis)
    # collateral modules come in funnel order and list each item meant for the role once
    stages = [m.key.removeprefix("generated-collateral-") for m in ae.modules
              if m.key.startswith("generated-collateral-")]
    assert stages == [lt.id for lt in pb.funnel if lt.id in stages]
    # each item the reader can use (in the page's or the hub's language) is a task once on
    # the whole path; items only in a third language are none
    tasked = [t.about.split(":", 1)[1] for m in ae.modules for t in m.tasks
              if t.about.startswith("collateral:")]
    assert len(tasked) == len(set(tasked)), tasked
    words = [str(t.text) for m in ae.modules for t in m.tasks]
    assert len(words) == len(set(words)), [w for w in words if words.count(w) > 1]
    usable = {c.id for c in pb.referring("collateral", "roles")["account-executive"]
              if c.language in (None, pb.default_language)}
    assert usable <= set(tasked)
    assert {pb.collateral[i].language for i in tasked} <= {None, pb.default_language}
    assert any(c.language not in (None, pb.default_language)
               for c in pb.referring("collateral", "roles")["account-executive"])  # (so this means something)


def test_a_path_in_another_language_offers_that_languages_items(sample_paths):
    from playbook.onboarding import PathBuilder

    pb, _ = sample_paths
    for lang in pb.hub.languages:
        path = PathBuilder(pb, language=lang).path(pb.roles["account-executive"])
        tasked = {t.about.split(":", 1)[1] for m in path.modules for t in m.tasks
                  if t.about.startswith("collateral:")}
        assert {pb.collateral[i].language for i in tasked} <= {None, pb.default_language, lang}
        own = {c.id for c in pb.referring("collateral", "roles")["account-executive"] if c.language == lang}
        assert own <= tasked, lang


def test_task_verbs_fit_the_item(sample_paths):
    pb, paths = sample_paths
    texts = {t.about.split(":", 1)[1]: str(t.text) for path in paths.values()
             for m in path.modules for t in m.tasks if t.about.startswith("collateral:")}
    for item_id, text in texts.items():
        kind = pb.collateral[item_id].type
        verb = ("Watch" if kind in ("video", "webinar") else
                "Practise with" if kind in ("call-script", "email-template", "battlecard",
                                            "checklist") else "Read")
        assert text.startswith(verb + " "), (kind, text)


def test_order_and_weeks_of_a_path(sample_paths):
    pb, paths = sample_paths
    for path in paths.values():
        position = {m.key: i for i, m in enumerate(path.modules)}
        for m in path.modules:
            for dep in m.after:
                if dep in position:
                    assert position[dep] < position[m.key]
        for week in path.weeks:
            assert week.hours <= 20 or len(week.modules) == 1
        assert sum(w.hours for w in path.weeks) == path.hours
    ae = [m.key for m in paths["account-executive"].modules]
    assert ae[:3] == ["welcome-and-company", "crm-basics", "product-fundamentals"]
    assert ae.index("discovery-calls") < ae.index("demo-certification")


def test_after_outside_the_path_pulls_in_the_prerequisite(hub):
    root = hub({
        "playbook/onboarding/advanced.yml": "title: Advanced\nroles: [rep]\nhours: 3\n"
                                            "after: [managers-only]\n",
        "playbook/onboarding/managers-only.yml": "title: Coaching basics\nroles: [manager]\n"
                                                 "hours: 2\n",
    })
    result = run(root / "playbook", root / "content", root, RenderOptions(today=TODAY))
    assert result.report.ok
    page = next(p for p in result.pages if p.path == "onboarding/rep.md").markdown
    assert page.index("Coaching basics") < page.index("Advanced")
    assert "not meant for this role, but needed before “Advanced”" in page
    manager = next(p for p in result.pages if p.path == "onboarding/manager.md").markdown
    assert "Advanced" not in manager


def test_effort_of_generated_modules_is_tunable(hub):
    root = hub({"playbook/hub.yml": "name: Mini\nonboarding:\n  hours_per_week: 4\n"
                                    "  effort:\n    responsibility: 3\n"})
    result = run(root / "playbook", root / "content", root, RenderOptions(today=TODAY))
    assert result.report.ok
    path = PathBuilder(result.playbook).path(result.playbook.roles["rep"])
    resp = next(m for m in path.modules if m.key == "generated-responsibility-closing")
    assert resp.hours == 3


# -- the built pages ------------------------------------------------------------------------

def test_onboarding_index_lists_every_role(sample_site, sample_paths):
    pb, paths = sample_paths
    article = sample_site.article("onboarding/")
    rows = article.select("tbody tr")
    assert len(rows) == len(pb.roles)
    for row in rows:
        cells = [c.get_text(strip=True) for c in row.select("td")]
        role_id = row.a["href"].strip("/").split("/")[-1]
        path = paths[role_id]
        assert cells[1:] == [str(path.week_count), f"{path.hours:g}", str(len(path.modules)),
                             str(len(path.tasks))]


def test_path_page_shows_weeks_modules_and_tasks(sample_site, sample_paths):
    pb, paths = sample_paths
    path = paths["account-executive"]
    article = sample_site.article("onboarding/account-executive/")
    weeks = [re.sub(r"\s*¶$", "", h.get_text(strip=True)) for h in article.select("h2")]
    assert weeks == [w.label for w in path.weeks] + ["What changed on this path"]
    titles = [re.sub(r"^\d+\.\s*|¶$", "", h.get_text(strip=True)) for h in article.select(".pb-module h3")]
    assert titles == [str(m.title) for m in path.modules]
    assert len(article.select("input[type=checkbox][data-pb-task]")) == len(path.tasks)
    keys = [i["data-pb-task"] for i in article.select("input[data-pb-task]")]
    assert len(set(keys)) == len(keys)
    assert article.select_one("[data-pb-path]")["data-pb-path"] == \
        "playbook:northwind-analytics-sales-playbook:account-executive"
    summary = next(p.get_text(" ", strip=True) for p in article.select("p")
                   if p.get_text().startswith("Your ramp-up plan"))
    assert f"{path.week_count} weeks" in summary and f"{path.hours:g} h" in summary
    # every module links to the pages it draws from
    resp = next(h for h in article.select(".pb-module h3")
                if "Responsibility: Close deals" in h.get_text())
    links = {a["href"] for a in resp.find_parent("div").select("a")}
    assert "../../responsibilities/deal-closing/" in links
    assert "../../metrics/close-rate/" in links


def test_the_plays_a_role_runs_become_practice_tasks_once(sample_paths):
    """A module's `plays` (format v1.1) and the plays a role runs are practised, each once
    on a path: in the first module that asks for it."""
    pb, paths = sample_paths

    def practised(role):
        return [(m.key, t.about) for m in paths[role].modules for t in m.tasks
                if t.about.startswith("play:")]

    sdr = practised("sales-development-rep")
    runs = {f"play:{p.id}" for p in pb.referring("plays", "roles")["sales-development-rep"]}
    assert sorted(about for _, about in sdr) == sorted(runs)  # each one, once
    assert ("discovery-calls", "play:mql-discovery-call") in sdr  # the module asks first
    assert all(key == "generated-plays" for key, about in sdr
               if about != "play:mql-discovery-call")
    module = next(m for m in paths["sales-development-rep"].modules
                  if m.key == "generated-plays")
    assert module.hours == pb.hub.onboarding.effort.play * (len(runs) - 1)
    # a role that runs no play has no such module
    assert not practised("content-writer")
    assert "generated-plays" not in {m.key for m in paths["content-writer"].modules}


def test_a_module_naming_a_play_that_does_not_exist_is_an_error(hub):
    from playbook import RenderOptions as Options

    root = hub({"playbook/onboarding/welcome.yml": "title: Welcome\nroles: all\nhours: 2\n"
                                                  "plays: [no-such-play]\n"})
    result = run(root / "playbook", root / "content", root, Options(today=TODAY),
                 render_pages=False)
    errors = [i.format() for i in result.report.errors]
    assert len(errors) == 1 and errors[0].startswith("playbook/onboarding/welcome.yml:4:")
    assert "plays[0]" in errors[0] and "no-such-play" in errors[0]
