"""A large hub's parsed files kept between runs (`playbook/parse_cache.py`, issue 37): the
second run parses only what changed and finds what the first found; a cache it did not
seal itself (brought by a pull request, tampered with, another machine's) is not read, and
nothing is written through a link."""

from __future__ import annotations

import hashlib
import hmac
import marshal
import os
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from playbook import cache_files, file_reading, parse_cache

from conftest import check, problems, tamper

BROKEN = "title: [unclosed\n"


@dataclass
class Hub:
    root: Path
    parsed: list[str] = field(default_factory=list)  # the files the parser read

    def __truediv__(self, other: str) -> Path:
        return self.root / other

    @property
    def files(self) -> int:
        """How many files of entities it has (hub.yml is read apart)."""
        return len(list((self.root / "playbook").glob("*/*.yml")))


@pytest.fixture
def large(hub, tmp_path, monkeypatch) -> Hub:
    """The mini hub, counted as large (its few files enough to keep), with this machine's
    key in a folder of the test's; ``parsed`` lists the files the parser read."""
    monkeypatch.setattr(parse_cache, "MIN_FILES", 1)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "user-cache"))
    monkeypatch.delenv("CI", raising=False)
    made = Hub(hub())
    real = file_reading.load_bytes

    def counted(raw: bytes, display: str):
        if not display.endswith("hub.yml"):  # (read apart from the entities, every run)
            made.parsed.append(Path(display).name)
        return real(raw, display)

    monkeypatch.setattr(file_reading, "load_bytes", counted)
    return made


def entities(hub: Hub) -> dict:
    return {kind: {id: e.model_dump() for id, e in found.items()}
            for kind, found in check(hub.root).playbook.entities.items()}


def test_the_second_run_parses_nothing_and_finds_the_same(large):
    first = entities(large)
    assert len(large.parsed) == large.files and (large / ".cache/playbook/parsed.bin").is_file()
    large.parsed.clear()
    assert entities(large) == first
    assert large.parsed == []
    # an edit: that file alone is parsed again
    metric = large / "playbook/metrics/close-rate.yml"
    metric.write_text(metric.read_text().replace("Close rate", "Win ratio"))
    again = entities(large)
    assert large.parsed == ["close-rate.yml"]
    assert str(again["metrics"]["close-rate"]["title"]) == "Win ratio"


def test_a_file_with_an_error_is_parsed_and_reported_every_run(large):
    (large / "playbook/metrics/broken.yml").write_text(BROKEN)
    first = problems(large.root)
    assert any("broken.yml:2" in p and "YAML syntax error" in p for p in first), first
    large.parsed.clear()
    assert problems(large.root) == first
    assert large.parsed == ["broken.yml"]  # (the other files from the cache)


@pytest.mark.parametrize("spoil", ["tampered", "another key", "not ours", "another format"])
def test_a_cache_not_sealed_here_is_not_read(large, tmp_path, monkeypatch, spoil):
    first = entities(large)
    cache = large / ".cache/playbook/parsed.bin"
    if spoil == "tampered":  # a title changed in the kept data, as a pull request could
        assert tamper(cache, b"Close rate", b"Evil rate") > 0
    elif spoil == "another format":  # an earlier release's, this machine's: not compressed
        key = cache_files.cache_key()
        value = cache_files.Sealed(cache, key, parse_cache.MAGIC, parse_cache._version()).load()
        assert value is not None
        payload = marshal.dumps(value)
        seal = hmac.new(key, parse_cache._version() + payload, hashlib.sha256).digest()
        cache.write_bytes(parse_cache.MAGIC + seal + payload)
    elif spoil == "another key":  # written on another machine
        monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "elsewhere"))
    else:
        cache.write_bytes(parse_cache.MAGIC + os.urandom(32) + b"\xff" * 64)
    large.parsed.clear()
    assert entities(large) == first
    assert len(large.parsed) == large.files


def test_nothing_is_read_or_written_through_a_link(large, tmp_path):
    outside = tmp_path / "outside"
    outside.mkdir()
    (large / ".cache").symlink_to(outside, target_is_directory=True)
    first = problems(large.root, "warning")
    large.parsed.clear()
    assert problems(large.root, "warning") == first
    assert len(large.parsed) == large.files  # (no cache: parsed again)
    assert list(outside.iterdir()) == []


def test_continuous_integration_keeps_no_cache(large, monkeypatch):
    """A CI job's checkout and machine are new each time: what it kept would never be read."""
    monkeypatch.setenv("CI", "true")
    first = entities(large)
    assert not (large / ".cache").exists()
    large.parsed.clear()
    assert entities(large) == first and len(large.parsed) == large.files


def test_a_ci_that_gives_the_key_keeps_the_cache_and_believes_only_its_own(large,
                                                                          monkeypatch):
    """With the repository's secret (PLAYBOOK_CACHE_KEY) and .cache/playbook kept between
    jobs, a CI job parses only what changed; a cache sealed with another key is not read."""
    monkeypatch.setenv("CI", "true")
    monkeypatch.setenv("PLAYBOOK_CACHE_KEY", "a long random secret of the repository")
    first = entities(large)
    large.parsed.clear()
    assert entities(large) == first and large.parsed == []
    monkeypatch.setenv("PLAYBOOK_CACHE_KEY", "a guess of someone else's")
    assert entities(large) == first and len(large.parsed) == large.files


def test_a_small_hub_keeps_no_cache(hub, tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "user-cache"))
    monkeypatch.delenv("CI", raising=False)
    root = hub()
    assert check(root).report.ok
    assert not (root / ".cache").exists()


def test_files_parsed_in_two_processes_are_kept_as_in_one(large, monkeypatch):
    """The files the cache lacks are parsed in processes, for a hub that large: what is kept
    and found again is what one process finds (every entity and the place of each value)."""
    from playbook.load import load

    monkeypatch.setattr(file_reading, "PARALLEL_MIN", 1)
    root = large.root

    def read(workers: int):
        pb, report = load(root / "playbook", root / "content", root, workers=workers)
        return ({(kind, id): (e.model_dump(), pb.source_of(kind, id).doc.marks)
                 for kind in pb.entities for id, e in pb.entities[kind].items()},
                [i.format() for i in report.issues])

    cold = read(2)  # (parsed in two processes, and kept)
    assert (root / ".cache/playbook/parsed.bin").is_file()
    large.parsed.clear()
    assert read(2) == cold and large.parsed == []
    monkeypatch.setattr(parse_cache, "MIN_FILES", 10**6)  # (no cache: read as before)
    assert read(1) == cold


def test_the_collector_rests_while_a_hub_is_read_checked_and_rendered(hub, tmp_path):
    """What a run makes lives until it ends, and Python's collector went through it again
    and again as it grew (a third of `playbook validate` at 10,000 items): it is paused for
    the run, and after it is as the caller had it, an error in the run included."""
    import gc

    from playbook import RenderOptions, run
    from playbook.pipeline import collector_paused

    root = hub()
    seen = []
    assert gc.isenabled()
    result = run(root / "playbook", root / "content", root, RenderOptions(),
                 on_loaded=lambda playbook: seen.append(gc.isenabled()))
    assert result.report.ok and result.pages and seen == [False] and gc.isenabled()
    gc.disable()  # a caller that had it off (mkdocs serve's settling, a test) keeps it off
    try:
        run(root / "playbook", root / "content", root, RenderOptions())
        assert not gc.isenabled()
    finally:
        gc.enable()
    with pytest.raises(RuntimeError), collector_paused():
        raise RuntimeError("a run that failed")
    assert gc.isenabled()
