"""The pages' own words: every message the templates use is in the catalog template, and
every translation keeps the message's placeholders."""

from __future__ import annotations

import re

import yaml

from playbook.render import I18N, INDEX_TITLES, SEARCH_KINDS, gettext

from conftest import REPO

PLACEHOLDER = re.compile(r"\{(\w+)\}")


def test_messages_txt_lists_every_message_of_the_templates():
    known = set((I18N / "messages.txt").read_text(encoding="utf-8").splitlines())
    used = set()
    for template in (REPO / "templates").glob("*.j2"):
        used |= set(re.findall(r'_\("((?:[^"\\]|\\.)*)"', template.read_text()))
    used |= set(INDEX_TITLES.values()) | set(SEARCH_KINDS.values())
    assert used - known == set(), "add these to plugins/playbook/i18n/messages.txt"


def test_translations_keep_placeholders_and_cover_the_messages():
    messages = (I18N / "messages.txt").read_text(encoding="utf-8").splitlines()
    catalogs = sorted(I18N.glob("*.yml"))
    for catalog in catalogs:
        data = yaml.safe_load(catalog.read_text(encoding="utf-8"))
        for key, value in data.items():
            assert key in messages, f"{catalog.name}: unknown message {key!r}"
            assert set(PLACEHOLDER.findall(value)) == set(PLACEHOLDER.findall(key)), \
                f"{catalog.name}: {key!r}"


def test_gettext_falls_back_to_english_and_fills_values():
    assert gettext("xx", "{n} items", n=3) == "3 items"
    assert gettext("en", "Roles") == "Roles"
