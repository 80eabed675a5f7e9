"""`playbook init`: the files of a new hub, small and whole. It validates with no warning
and builds with `mkdocs build --strict`: a home page (where a rep picks a role), the theme
set up as the sample hub's (tabs, sections, breadcrumbs, a dark scheme, no web fonts), and a
few files of each core kind that name one another, to edit or replace; and what checks
every change: CI for GitHub and GitLab (`playbook validate`, `mkdocs build --strict`) and a
pre-commit hook."""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path

from . import __version__
from .kinds.base import a_year_after



class StarterError(Exception):
    """The folder already holds a hub, or a file of the starter is in the way."""


def slug(name: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-") or "playbook"


def _yaml_text(value: str) -> str:
    """A one-line YAML string, quoted (a name may hold ': ' or start with '@')."""
    return json.dumps(value, ensure_ascii=False)


def mkdocs_yml(name: str) -> str:
    return f"""# A sales playbook hub: `mkdocs serve` to edit it, `mkdocs build --strict` to publish.
site_name: {_yaml_text(name)}
docs_dir: content
site_dir: site
# Set these to your repository to get "Edit this page" links.
# repo_url: https://github.com/your-org/{slug(name)}
# edit_uri: edit/main/content/

theme:
  name: material
  # No web fonts: the hub works on an intranet or a plain static host with no internet.
  font: false
  features:
    - navigation.tabs
    - navigation.sections
    - navigation.path
    - navigation.top
    - search.highlight
    - search.suggest
  palette:
    - media: "(prefers-color-scheme: light)"
      scheme: default
      primary: indigo
      accent: indigo
      toggle:
        icon: material/brightness-7
        name: Switch to dark mode
    - media: "(prefers-color-scheme: dark)"
      scheme: slate
      primary: indigo
      accent: indigo
      toggle:
        icon: material/brightness-4
        name: Switch to light mode

plugins:
  - search
  - playbook

markdown_extensions:
  - toc:
      permalink: true
  - tables
  - admonition
  - attr_list
  - md_in_html
"""


#: Every pull request checked: the files (every problem, as annotations on the changed
#: lines), then the site, built as it will be published.
CI_GITHUB = """name: playbook
on:
  pull_request:
  push:
    branches: [main]
env:
  # Material for MkDocs' end-of-life notice (2027-05-05), printed by every mkdocs command;
  # what it means for this hub: Playbook Hub's docs, "Without the plugin: Zensical"
  NO_MKDOCS_2_WARNING: "1"
jobs:
  check:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
        with:
          fetch-depth: 0  # the pages' "what changed" and "last changed" read the history
      - uses: actions/setup-python@v5
        with:
          python-version: "3.12"
      - run: pip install -r requirements.txt
      - run: playbook validate --format github
      # What the last builds kept (pages as the theme made them, parsed files): a build
      # puts through the theme only the pages a change touches. Believed only with the
      # repository's secret PLAYBOOK_CACHE_KEY (any long random text); without it, and in
      # pull requests from forks, which get no secret, everything is built.
      - uses: actions/cache@v4
        with:
          path: .cache/playbook
          key: playbook-${{ github.ref }}-${{ github.sha }}
          restore-keys: |
            playbook-${{ github.ref }}-
            playbook-refs/heads/main-
      - run: mkdocs build --strict
        env:
          PLAYBOOK_CACHE_KEY: ${{ secrets.PLAYBOOK_CACHE_KEY }}
"""

CI_GITLAB = """playbook:
  image: python:3.12
  variables:
    GIT_DEPTH: 0  # the pages' "what changed" and "last changed" read the history
    NO_MKDOCS_2_WARNING: "1"  # Material's end-of-life notice (see Playbook Hub's docs)
  # What the last builds kept (pages as the theme made them, parsed files): believed only
  # with the CI/CD variable PLAYBOOK_CACHE_KEY (masked, any long random text); without it
  # everything is built.
  cache:
    key: playbook
    paths: [.cache/playbook]
  script:
    - pip install -r requirements.txt
    - playbook validate
    - mkdocs build --strict
  rules:
    - if: $CI_PIPELINE_SOURCE == "merge_request_event"
    - if: $CI_COMMIT_BRANCH == $CI_DEFAULT_BRANCH
"""


def files(name: str, languages: list[str], today: dt.date) -> dict[str, str]:
    """The starter's files by path in the hub."""
    day = today.isoformat()
    year_on = a_year_after(today).isoformat()
    head = "# yaml-language-server: $schema=../../schemas/{}.schema.json\n"
    out = {
        "mkdocs.yml": mkdocs_yml(name),
        ".gitignore": "site/\n.cache/\n",
        "requirements.txt": (
            "# What builds this hub (CI installs it; so can you: pip install -r requirements.txt).\n"
            "# Point it at where your team keeps Playbook Hub, and pin a tag.\n"
            f"playbook-hub @ git+https://your-git-host/playbook-hub@v{__version__}\n"),
        ".github/workflows/playbook.yml": CI_GITHUB,
        ".gitlab-ci.yml": CI_GITLAB,
        ".pre-commit-config.yaml": (
            "# Check the playbook before each commit: pip install pre-commit && pre-commit install\n"
            "repos:\n"
            "  - repo: https://your-git-host/playbook-hub\n"
            f"    rev: v{__version__}\n"
            "    hooks:\n"
            "      - id: playbook-validate\n"),
        "content/index.md": f"""# {name}

Welcome. This playbook says **who does what** in sales, how a lead moves through the
funnel, and which material to use when.

- New here? Pick your role above: this page then leads to your onboarding path, your
  KPIs and the collateral meant for you.
- [Roles](roles/index.md): what each job is for, and whom it reports to.
- [Who does what](responsibilities/index.md): one role accountable for each duty.
- [The funnel](lead-types/index.md): the stages of a lead, and when it moves on.
- [The collateral library](collateral/index.md): decks, scripts and case studies.
- [Onboarding](onboarding/index.md): a week-by-week path for every role.
""",
        "playbook/hub.yml": (
            "# yaml-language-server: $schema=../schemas/hub.schema.json\n"
            f"name: {_yaml_text(name)}\n"
            f"languages: [{', '.join(languages)}]  # the first is the default\n"
            "# teams: [sales, marketing, enablement, operations, customer-success]\n"
            "# stale_after_days: 365\n"),
        "playbook/roles/sales-manager.yml": head.format("roles") + """title: Sales Manager
summary: |
  Leads the account executives: sets their targets, coaches their deals and owns the
  forecast.
team: sales
kpis: [win-rate]
""",
        "playbook/roles/account-executive.yml": head.format("roles") + """title: Account Executive
summary: |
  Turns qualified leads into customers: runs the demo, the proposal and the close.
team: sales
reports_to: sales-manager
works: [qualified]
kpis: [win-rate]
""",
        "playbook/lead-types/new-lead.yml": head.format("lead-types") + """title: New lead
definition: Someone who asked to hear from us and has not been spoken to yet.
order: 10
temperature: cold
next: [qualified]
""",
        "playbook/lead-types/qualified.yml": head.format("lead-types") + """title: Qualified lead
definition: A lead with a named problem, a buyer and a timeline, agreed on a call.
order: 20
temperature: hot
""",
        "playbook/metrics/win-rate.yml": head.format("metrics") + """title: Win rate
definition: The share of qualified deals that end as customers.
formula: deals won / deals closed
unit: "%"
better: higher
""",
        "playbook/responsibilities/closing-deals.yml": head.format("responsibilities") + """\
title: Closing deals
description: From the first demo to the signed order.
accountable: sales-manager
responsible: [account-executive]
metrics: [win-rate]
collateral: [product-overview]
""",
        "playbook/collateral/product-overview.yml": head.format("collateral") + f"""\
title: Product overview
summary: |
  What the product does and for whom, in ten slides: the deck for a first meeting.
type: deck
url: https://example.com/product-overview
audience: [account-executive]
stages: [qualified]
owner: Your name (your team)
updated: {day}
review_by: {year_on}
""",
        "playbook/onboarding/welcome.yml": head.format("onboarding") + """title: Welcome
roles: all
hours: 2
body: Who is who, where things are, and how this playbook works.
tasks:
  - Read the page of your role
  - Find your KPIs and who reviews them with you
""",
    }
    return out


def write(root: Path, name: str, languages: list[str], today: dt.date) -> list[Path]:
    """Write the starter into ``root`` (made if missing); refuses a folder that has a hub
    (its mkdocs.yml or playbook/) and overwrites nothing."""
    if (root / "mkdocs.yml").exists() or (root / "playbook").exists():
        raise StarterError(f"{root} has a hub already (mkdocs.yml or playbook/): nothing "
                           "was written")
    planned = files(name, languages, today)
    in_the_way = [p for p in planned if (root / p).exists()]
    if in_the_way:
        raise StarterError(f"{', '.join(in_the_way)} exist already in {root}: nothing was "
                           "written")
    written = []
    for path, text in planned.items():
        target = root / path
        target.parent.mkdir(parents=True, exist_ok=True)
        with open(target, "x", encoding="utf-8", newline="\n") as f:
            f.write(text)
        written.append(target)
    return written
