"""A corpus of broken hubs: each gives a clear, located error and a non-zero exit from
`playbook validate`, with no traceback, within seconds; the alias bomb with bounded memory."""

from __future__ import annotations

import time
import tracemalloc

import pytest
from click.testing import CliRunner

from playbook.cli import main

GUIDE = ("title: G\nsummary: S\ntype: deck\naudience: [rep]\nowner: O\n")
BOMB = "\n".join(['a: &a ["x","x","x","x","x","x","x","x","x","x"]'] + [
    f"{chr(98 + i)}: &{chr(98 + i)} [" + ",".join([f"*{chr(97 + i)}"] * 10) + "]"
    for i in range(8)]) + "\n"

CORPUS = {
    "yaml syntax": ({"playbook/roles/rep.yml": "title: [oops\n"}, "playbook/roles/rep.yml:2:1"),
    "duplicate key": ({"playbook/metrics/close-rate.yml": "title: A\ntitle: B\ndefinition: D\n"},
                      "duplicate key 'title'"),
    "unknown field": ({"playbook/metrics/close-rate.yml": "title: A\ndefinition: D\nunits: x\n"},
                      "did you mean 'unit'?"),
    "wrong type": ({"playbook/lead-types/hot.yml": "title: H\ndefinition: D\norder: [1]\n"},
                   "order: expected a whole number, found a list of 1 item"),
    "bad date": ({"playbook/collateral/guide.yml": GUIDE + "url: https://x.org\nupdated: 2026-02-30\n"},
                 "updated: expected a date written YYYY-MM-DD, found '2026-02-30'"),
    "bad id": ({"playbook/roles/Sales_Rep.yml": "title: R\nsummary: S\nteam: sales\n"},
               "is not a valid id"),
    "id twice": ({"playbook/roles/rep.yaml": "title: R\nsummary: S\nteam: sales\n"},
                 "the id 'rep' is used twice"),
    "dangling reference": ({"playbook/roles/rep.yml": "title: R\nsummary: S\nteam: sales\n"
                                                      "kpis: [nope]\n"}, "unknown metric 'nope'"),
    "reports_to cycle": ({"playbook/roles/manager.yml": "title: M\nsummary: S\nteam: sales\n"
                                                        "reports_to: rep\n"},
                         "forms a cycle: manager -> rep -> manager"),
    "after cycle": ({"playbook/onboarding/welcome.yml": "title: W\nroles: all\nhours: 1\n"
                                                        "after: [welcome]\n"},
                    "forms a cycle: welcome -> welcome"),
    "two accountable": ({"playbook/responsibilities/closing.yml": "title: C\naccountable: [rep, "
                                                                  "manager]\nresponsible: [rep]\n"},
                        "expected exactly one role id"),
    "no accountable": ({"playbook/responsibilities/closing.yml": "title: C\nresponsible: [rep]\n"},
                       "accountable: is required but missing"),
    "url and file": ({"playbook/collateral/guide.yml": GUIDE + "url: https://x.org\n"
                                                       "file: files/guide.txt\n"},
                     "set either 'url' or 'file', not both"),
    "neither url nor file": ({"playbook/collateral/guide.yml": GUIDE}, "an item needs a 'url'"),
    "file climbs out": ({"playbook/collateral/guide.yml": GUIDE + "file: ../mkdocs.yml\n"},
                        "climbs out with '..'"),
    "absolute file": ({"playbook/collateral/guide.yml": GUIDE + "file: /etc/passwd\n"},
                      "found the absolute path '/etc/passwd'"),
    "javascript url": ({"playbook/collateral/guide.yml": GUIDE + "url: javascript:alert(1)\n"},
                       "found the scheme 'javascript:'"),
    "data url": ({"playbook/collateral/guide.yml": GUIDE + "url: data:text/html,x\n"},
                 "found the scheme 'data:'"),
    "file url": ({"playbook/collateral/guide.yml": GUIDE + "url: file:///etc/passwd\n"},
                 "found the scheme 'file:'"),
    "not utf-8": ({"playbook/metrics/close-rate.yml": "title: Caf\xe9\ndefinition: D\n".encode("latin-1")},
                  "is not valid UTF-8"),
    "empty file": ({"playbook/metrics/close-rate.yml": ""}, "the file is empty"),
    "list for a mapping": ({"playbook/metrics/close-rate.yml": "- a\n- b\n"},
                           "expected a mapping of fields"),
    "python tag": ({"playbook/metrics/close-rate.yml": "title: !!python/object/apply:os.system "
                                                       "['true']\ndefinition: D\n"},
                   "is not allowed: playbook files hold plain data"),
    "alias bomb": ({"playbook/metrics/close-rate.yml": BOMB}, "expands to more than 100,000"),
}


@pytest.mark.parametrize("name", sorted(CORPUS))
def test_broken_hub_gives_a_clear_error(hub, name):
    files, expected = CORPUS[name]
    root = hub(files)
    tracemalloc.start()
    # the CPU time of this process: what a bomb would burn, whatever else the machine runs
    start = time.process_time()
    result = CliRunner().invoke(main, ["validate", str(root)])
    seconds = time.process_time() - start
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert result.exit_code == 1, result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert "Traceback" not in result.output
    assert expected in result.output, result.output
    assert ": error: " in result.output and "playbook/" in result.output
    assert seconds < 5, f"{name} took {seconds:.1f} s"
    assert peak < 200 * 2**20, f"{name} used {peak / 2**20:.0f} MB"


def test_yaml_11_words_stay_text(hub):
    root = hub({"playbook/roles/rep.yml": "title: 'no'\nsummary: off\nteam: sales\nowner: yes\n"})
    result = CliRunner().invoke(main, ["validate", str(root)])
    assert result.exit_code == 0, result.output
