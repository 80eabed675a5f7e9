"""Knowledge checks (format v1.1, ``checks`` of an onboarding module): located errors for a
bad check; on the path, a question whose answer the page does not give away, right or wrong
with the explanation once answered, kept in the browser with the ticks, counted in the
progress; printed, the answers on a page of their own."""

from __future__ import annotations

import re


from playbook.onboarding_plan import seal

from browser import stay_on
from conftest import problems, write_hub

AE = "account-executive"
PATH = f"onboarding/{AE}/"


def test_each_mistake_in_a_check_is_reported_where_it_is(tmp_path):
    root = write_hub(tmp_path / "hub", {"playbook/onboarding/welcome.yml": """
        title: Welcome
        roles: all
        hours: 2
        checks:
          - question: Which lead is ready for sales?
            choices: [A suspect, An SQL]
            answer: 2
          - question: Only one?
            choices: [Yes]
            answer: 0
          - question: Too many
            choices: [a, b, c, d, e, f, g]
            answer: 0
          - choices: [a, b]
            answer: 0
          - question: Negative
            choices: [a, b]
            answer: -1
    """})
    assert problems(root) == [
        "playbook/onboarding/welcome.yml:7:13: error: checks[0].answer: expected the number "
        "of one of the 2 choices, 0 to 1 (0 is the first), found 2",
        "playbook/onboarding/welcome.yml:9:14: error: checks[1].choices: expected at least 2 "
        "items, found 1",
        "playbook/onboarding/welcome.yml:12:14: error: checks[2].choices: expected at most 6 "
        "items, found 7",
        "playbook/onboarding/welcome.yml:14:5: error: checks[3].question: is required but "
        "missing (required here: 'question', 'choices', 'answer')",
        "playbook/onboarding/welcome.yml:18:13: error: checks[4].answer: expected a number of "
        "at least 0, found '-1'",
    ]


def test_the_page_asks_without_giving_the_answer_away(sample_site):
    article = sample_site.article(PATH)
    checks = article.select("fieldset[data-pb-check]")
    assert len(checks) >= 3
    for check in checks:
        choices = check.select("input[type=radio]")
        assert [c["value"] for c in choices] == [str(i) for i in range(len(choices))]
        # one seal, matching exactly one choice: the browser tells which without the page
        right = [c["value"] for c in choices
                 if seal(check["data-pb-check"], int(c["value"])) == check["data-pb-seal"]]
        assert len(right) == 1
        assert check["data-pb-seal"] not in [c["value"] for c in choices]
        assert check.select_one(".pb-check__explanation")["hidden"] is not None
        assert check.select_one(".pb-check__verdict").get_text() == ""
    key = article.select_one("section.pb-answer-key")
    assert "Marketing-qualified lead (MQL)" in key.get_text()  # for the printed path
    assert key.has_attr("data-pagefind-ignore")


def open_path(chromium, site_url, context=None, prefix=""):
    context = context or chromium.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.outside = stay_on(page, site_url)
    page.errors = []
    page.on("pageerror", lambda e: page.errors.append(str(e)))
    page.goto(site_url + prefix + PATH)
    page.wait_for_selector(".pb-progress:not([hidden])")
    return context, page


def progress(page) -> tuple[int, int]:
    done, total = map(int, re.findall(r"\d+", page.locator("[data-pb-progress-text]")
                                      .inner_text())[:2])
    return done, total


def test_a_check_answered_wrong_then_right_is_kept_across_a_reload(chromium, site_url):
    context, page = open_path(chromium, site_url)
    check = page.locator("fieldset[data-pb-check]").first
    verdict = check.locator(".pb-check__verdict")
    explanation = check.locator(".pb-check__explanation")
    assert not verdict.is_visible() and not explanation.is_visible()
    before = progress(page)
    assert before[1] == page.locator("input[data-pb-task]").count() + \
        page.locator("fieldset[data-pb-check]").count()

    check.locator("input").nth(0).check()  # "Suspect": wrong
    assert verdict.inner_text() == "Not quite. Try another answer."
    assert explanation.is_visible() and "MQL" in explanation.inner_text()
    assert progress(page) == before

    check.locator("input").nth(1).check()  # "Marketing-qualified lead (MQL)": right
    assert verdict.inner_text() == "Right."
    assert progress(page) == (before[0] + 1, before[1])

    page.reload()
    page.wait_for_selector(".pb-progress:not([hidden])")
    check = page.locator("fieldset[data-pb-check]").first
    assert check.locator("input").nth(1).is_checked()
    assert check.locator(".pb-check__verdict").inner_text() == "Right."
    assert progress(page) == (before[0] + 1, before[1])
    # and on the Urdu site of the same hub, in its words
    urdu = context.new_page()
    urdu.goto(site_url + "ur/" + PATH)
    urdu.wait_for_selector(".pb-progress:not([hidden])")
    first = urdu.locator("fieldset[data-pb-check]").first
    assert first.locator("input").nth(1).is_checked()
    assert first.locator(".pb-check__verdict").inner_text() == "درست۔"
    assert page.errors == [] and page.outside == []
    context.close()


def test_a_module_is_done_when_its_tasks_are_ticked_and_its_checks_answered_right(
        chromium, site_url):
    context, page = open_path(chromium, site_url)
    module = page.locator(".pb-module", has=page.locator("fieldset[data-pb-check]")).first
    for box in module.locator("input[data-pb-task]").all():
        box.check()
    checks = module.locator("fieldset[data-pb-check]").all()
    assert "pb-module--done" not in module.get_attribute("class")
    for check in checks:  # the right answer of each: try them in turn, as a reader would
        for choice in check.locator("input").all():
            choice.check()
            if "pb-check--right" in check.get_attribute("class"):
                break
    assert "pb-module--done" in module.get_attribute("class")
    context.close()


def test_the_answers_print_on_a_page_of_their_own(chromium, site_url):
    context, page = open_path(chromium, site_url)
    key = page.locator("section.pb-answer-key")
    assert not key.is_visible()  # on screen, the reader answers first
    page.emulate_media(media="print")
    assert key.is_visible()
    assert key.evaluate("e => getComputedStyle(e).breakBefore") == "page"
    assert page.locator(".pb-check__verdict").first.is_hidden()
    context.close()
