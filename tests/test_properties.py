"""Whatever a file holds, a run ends in a validation error or a good build, never another
exception (hypothesis; at least 1,000 examples in all)."""

from __future__ import annotations

import datetime as dt
import shutil
import tempfile
from pathlib import Path

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from playbook import RenderOptions, run
from playbook.kinds import KINDS

from conftest import MINI_HUB, examples, write_hub

TODAY = dt.date(2026, 11, 25)
FIELDS = sorted({name for kind in KINDS.values() for name in kind.model.model_fields}
                | {"name", "languages", "teams", "onboarding", "hours_per_week"})
WORDS = ["no", "yes", "off", "~", "null", "1.10", "0x1F", "2026-13-40", "2026-01-05", "all",
         "manager", "rep", "hot", "close-rate", "guide", "welcome", "sales", "deck",
         "https://example.com/x", "javascript:alert(1)", "../../etc/passwd", "/etc/passwd",
         "files/guide.txt", "<script>x</script>", "ಮಾರಾಟ", "فروخت", "", " ", "\t"]

scalars = st.one_of(st.sampled_from(WORDS), st.text(max_size=20), st.integers(),
                    st.floats(allow_nan=False), st.booleans(), st.none())
values = st.recursive(scalars, lambda inner: st.one_of(
    st.lists(inner, max_size=4),
    st.dictionaries(st.sampled_from(FIELDS + ["x", "en", "ur"]), inner, max_size=4)),
    max_leaves=12)
documents = st.dictionaries(st.sampled_from(FIELDS), values, max_size=8)
raw_text = st.one_of(
    st.text(max_size=200),
    st.lists(st.sampled_from(["key: value", "- item", "  nested: 1", "&a [1, 2]", "*a",
                              "<<: *a", "!!python/object:os.system", "? complex", "---",
                              "title: [", "title: 'x", "\\x00", "%YAML 1.1", "k: v: w"]),
             max_size=8).map("\n".join),
)
#: Files the examples write: hub.yml, each file of the mini hub, and a new file of every kind
#: of the registry (a kind added is tried by construction).
targets = st.sampled_from(sorted(
    {"playbook/hub.yml"} | {name for name in MINI_HUB if name.startswith("playbook/")
                            and name.count("/") == 2}
    | {f"playbook/{folder}/new-one.yml" for folder in KINDS}))


def check(files: dict[str, str | bytes]) -> None:
    root = Path(tempfile.mkdtemp(prefix="pb-prop-"))
    try:
        write_hub(root, files)
        result = run(root / "playbook", root / "content", root, RenderOptions(today=TODAY))
        if result.report.ok:
            assert result.pages, "a valid hub renders its pages"
        else:
            assert result.report.errors and all(i.location.path for i in result.report.errors)
    finally:
        shutil.rmtree(root, ignore_errors=True)


@given(targets, documents)
@settings(max_examples=examples(500), deadline=None, suppress_health_check=[HealthCheck.too_slow])
def test_any_yaml_document_ends_in_an_error_or_a_build(target, document):
    check({target: yaml.safe_dump(document, allow_unicode=True)})


@given(targets, raw_text)
@settings(max_examples=examples(300), deadline=None, suppress_health_check=[HealthCheck.too_slow])
def test_any_text_in_a_file_ends_in_an_error_or_a_build(target, text):
    check({target: text})


@given(st.lists(st.tuples(targets, documents), min_size=1, max_size=4))
@settings(max_examples=examples(250), deadline=None, suppress_health_check=[HealthCheck.too_slow])
def test_hubs_with_several_changed_files(changes):
    check({target: yaml.safe_dump(doc, allow_unicode=True) for target, doc in changes})


def test_the_mini_hub_stays_valid():
    assert "playbook/roles/rep.yml" in MINI_HUB


segments = st.lists(st.sampled_from(["roles", "collateral", "item-1", "a", ".", "..", ""]),
                    max_size=4).map("/".join)


@given(segments, st.booleans(), segments, st.booleans())
@settings(max_examples=examples(500), deadline=None)
def test_relative_urls_are_posix_relative_paths(target, slash, base, directory_urls):
    """The links of the generated pages: the fast path gives what posixpath.relpath gives."""
    import posixpath

    from playbook.urls import relative_url

    target += "/" if slash and target else ""
    expected = posixpath.relpath(target or ".", base or ".")
    expected = "./" if expected == "." else \
        expected + "/" if directory_urls and target.endswith("/") else expected
    assert relative_url(target, base, directory_urls) == expected
