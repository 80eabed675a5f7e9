"""The YAML reader: plain data only, every value located, nothing silently changed."""

from __future__ import annotations

from playbook.yaml_loader import load_bytes, load_text


def test_every_value_and_key_has_its_line_and_column():
    doc, issues = load_text("title: Rep\nhandoffs:\n  - to: manager\n    lead_type: hot\n", "r.yml")
    assert issues == []
    assert doc.data == {"title": "Rep", "handoffs": [{"to": "manager", "lead_type": "hot"}]}
    assert str(doc.locate(("handoffs", 0, "lead_type"))) == "r.yml:4:16"
    assert str(doc.locate(("handoffs", 0, "lead_type"), key=True)) == "r.yml:4:5"
    assert str(doc.locate(("handoffs", 0, "missing"))) == "r.yml:3:5"


def test_scalars_stay_the_text_that_was_written():
    doc, _ = load_text("a: 1.10\nb: no\nc: 0755\nd: 12:30\ne: ~\nf:\ng: 2026-01-05\n", "x.yml")
    assert doc.data == {"a": "1.10", "b": "no", "c": "0755", "d": "12:30", "e": None,
                        "f": None, "g": "2026-01-05"}


def test_merge_keys_and_anchors_work():
    doc, issues = load_text(
        "base: &b {team: sales, focus: short-term}\nrole:\n  <<: *b\n  focus: long-term\n", "m.yml")
    assert issues == []
    assert doc.data["role"] == {"team": "sales", "focus": "long-term"}


def test_a_bom_is_accepted_and_other_encodings_are_refused():
    doc, issues = load_bytes("\ufefftitle: Café\n".encode("utf-8"), "b.yml")
    assert issues == [] and doc.data == {"title": "Café"}
    _, issues = load_bytes("title: Café\n".encode("utf-16"), "u.yml")
    assert issues[0].code == "encoding"


def test_two_documents_in_one_file_are_an_error():
    _, issues = load_text("title: a\n---\ntitle: b\n", "two.yml")
    assert issues[0].format().startswith("two.yml:2:1: error: YAML syntax error: expected a "
                                         "single document in the stream")


def test_unfinished_flow_says_where_it_started():
    _, issues = load_text("title: [broken\n", "b.yml")
    assert issues[0].format().endswith("(it started on line 1, column 8)")


def test_keys_must_be_plain_names():
    _, issues = load_text("? [a, b]\n: value\n", "k.yml")
    assert issues[0].format() == "k.yml:1:3: error: a key must be a plain name such as 'title'"


def test_a_large_hub_read_in_two_processes_gives_what_one_gives(tmp_path, monkeypatch):
    """Issue 37: a hub of more than file_reading.PARALLEL_MIN files is read and parsed in as many
    processes as cores; every entity, every place of every value and every problem (a
    syntax error, an empty file, a list, a bad field, a symbolic link) come out as in one
    process, in the same order."""
    import os

    from conftest import write_hub
    from playbook import file_reading
    from playbook.load import load

    monkeypatch.setattr(file_reading, "PARALLEL_MIN", 60)  # (1,000 files in a real hub)
    files = {f"playbook/metrics/m{n:04}.yml": f"title: Metric {n}\ndefinition: D {n}.\n"
             for n in range(80)}
    files.update({
        "playbook/metrics/broken.yml": "title: [unclosed\n",
        "playbook/metrics/empty.yml": "# nothing\n",
        "playbook/metrics/a-list.yml": "- title: A list\n",
        "playbook/roles/no-team.yml": "title: No team\nsummary: S.\nteam: nowhere\n",
    })
    root = write_hub(tmp_path / "hub", files)
    os.symlink(root / "playbook/metrics/m0001.yml", root / "playbook/metrics/linked.yml")

    def read(workers: int):
        pb, report = load(root / "playbook", root / "content", root, workers=workers)
        entities = {(kind, id): (e.model_dump(), pb.source_of(kind, id).doc.marks)
                    for kind in pb.entities for id, e in pb.entities[kind].items()}
        return entities, [i.format() for i in report.issues], sorted(pb.drafts), \
            sorted(pb.broken)

    one, two = read(1), read(2)
    assert len(one[0]) > 60 and len(one[1]) >= 3
    assert two == one
