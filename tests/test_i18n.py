"""The pages' own words: every message the templates use is in the catalog template, and
every translation keeps the message's placeholders."""

from __future__ import annotations

import re


from playbook import history
from playbook.catalog import id_label, messages, words
from playbook.kinds import HUB_LISTS, KINDS
from playbook.hub_model import Hub
from playbook.kinds.responsibilities import RACI_NAMES
from playbook.catalog import I18N
from playbook.urls import INDEX_TITLES, SEARCH_KINDS
from playbook.yaml_loader import safe_data

from conftest import REPO

PLACEHOLDER = re.compile(r"\{(\w+)\}")


#: A message of ours in a template (`_("...")`, `_md("...")`, `words("...")`) or in Python
#: (`N_("...")`, `words("...")`), a literal possibly split over lines.
MESSAGE_CALL = re.compile(r'\b(?:_|_md|N_|words|say|gettext)\(\s*((?:"(?:[^"\\]|\\.)*"\s*)+)')
#: ... or one of the values of a mapping chosen from: `_({"cold": "Cold lead", ...}[id])`
MESSAGE_CHOICE = re.compile(r'\b(?:_|_md|words)\(\{((?:[^{}]|\{\w+\})*)\}\[')


def used_messages() -> set[str]:
    """Every message our pages and scripts show, as the code writes it."""
    used = set()
    sources = [*(REPO / "templates").glob("*.j2"), *(REPO / "plugins/playbook").rglob("*.py")]
    for source in sources:
        for literals in MESSAGE_CALL.findall(source.read_text(encoding="utf-8")):
            used.add("".join(re.findall(r'"((?:[^"\\]|\\.)*)"', literals))
                     .encode().decode("unicode_escape").encode("latin-1").decode())
        for choices in MESSAGE_CHOICE.findall(source.read_text(encoding="utf-8")):
            used |= set(re.findall(r':\s*"((?:[^"\\]|\\.)*)"', choices))
    used |= set(INDEX_TITLES.values()) | set(SEARCH_KINDS.values())
    # the labels of the ids we ship (teams, collateral types, temperatures), of the fields
    # the changes page names, and RACI's words
    hub = Hub(name="x")
    lists = [id for setting, _ in HUB_LISTS.values() for id in getattr(hub, setting)]
    used |= {id_label(id) for id in [*lists, "hot", "warm", "cold",
                                     "online", "offline", "referral"]}
    used |= {history.label(name) for kind in KINDS.values() for name in kind.model.model_fields}
    used |= set(RACI_NAMES.values())
    # the kinds' names (the changes page's headings) and the nav section's default name
    used |= {kind.plural.capitalize() for kind in KINDS.values()} | {"Playbook"}
    return used


def test_messages_txt_lists_every_message_of_the_pages():
    known = set(messages())
    missing = used_messages() - known
    assert missing == set(), "add these to plugins/playbook/i18n/messages.txt"


def test_messages_txt_lists_only_messages_the_pages_use():
    """A message no page shows any more is a word translators would keep for nothing."""
    assert set(messages()) - used_messages() == set()


def test_every_shipped_catalog_translates_every_message():
    for catalog in sorted(I18N.glob("*.yml")):
        data = safe_data(catalog.read_text(encoding="utf-8"))
        assert [m for m in messages() if not data.get(m)] == [], catalog.name


def test_translations_keep_placeholders_and_cover_the_messages():
    messages = (I18N / "messages.txt").read_text(encoding="utf-8").splitlines()
    catalogs = sorted(I18N.glob("*.yml"))
    for catalog in catalogs:
        data = safe_data(catalog.read_text(encoding="utf-8"))
        for key, value in data.items():
            assert key in messages, f"{catalog.name}: unknown message {key!r}"
            assert set(PLACEHOLDER.findall(value)) == set(PLACEHOLDER.findall(key)), \
                f"{catalog.name}: {key!r}"


def test_gettext_falls_back_to_english_and_fills_values():
    assert words("xx")("{n} items", n=3) == "3 items"
    assert words("en")("Roles") == "Roles"


def test_a_responsibilitys_area_is_a_label_the_hubs_words_translate(sample_site):
    """Issue 34: the area column of a role's page and a responsibility's kicker show the
    area's label in the site's language (the hub's own words), not its id."""
    row = sample_site.article("ur/roles/account-executive/").select_one(
        "table tbody tr:has(.pb-raci)")
    assert row.select("td")[-1].get_text(strip=True) in {
        "تجزیات", "عمل درآمد", "پیروی", "منصوبہ بندی"}
    english = sample_site.article("roles/account-executive/").select_one(
        "table tbody tr:has(.pb-raci)")
    assert english.select("td")[-1].get_text(strip=True) in {
        "Analytics", "Execution", "Follow up", "Planning"}
