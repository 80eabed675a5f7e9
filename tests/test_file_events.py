"""`watch: auto` (the default): `mkdocs serve` is told of edits by the system where the hub
lies on a local disk, and looks at every file twice a second elsewhere (a network share, a
folder of the host in WSL, a virtual machine or a container, where the system may tell of
nothing); and if the system refuses to tell as the server starts, it looks instead."""

from __future__ import annotations

import logging
import sys
import time

import pytest

from playbook import file_events
from playbook.file_events import verdict

#: A machine's mount table: a container's overlay root, a disk, WSL's Windows drive, a
#: network share, a folder with a space in its name, and a point mounted twice.
TABLE = """\
22 27 0:21 / /proc rw,relatime - proc proc rw
27 1 0:33 / / rw,relatime master:1 - overlay overlay rw,lowerdir=/l,upperdir=/u
40 27 8:1 / /srv rw,noatime shared:2 - ext4 /dev/sda1 rw
41 27 0:40 / /mnt/c rw,noatime - 9p drvfs rw,dirsync,aname=drvfs;path=C:\\
42 40 0:41 / /srv/share rw,relatime - nfs4 files:/export rw,vers=4.2
43 27 8:2 / /media/my\\040disk rw - exfat /dev/sdb1 rw
44 27 8:3 / /data rw - ext4 /dev/sdc1 rw
45 44 0:42 / /data rw - fuse.sshfs host:/data rw
"""


@pytest.mark.parametrize("paths, told, said", [
    (["/work/hub", "/work/hub/mkdocs.yml"], True, "on overlay"),
    (["/srv/hubs/sales", "/srv/sharepoint"], True, "on ext4"),  # (not inside /srv/share)
    (["/srv/hubs/sales", "/srv/share/sales/playbook"], False, "nfs4 (/srv/share/sales"),
    (["/mnt/c/Users/ana/hub"], False, "9p (/mnt/c/Users/ana/hub)"),
    (["/media/my disk/hub"], True, "on exfat"),
    (["/data/hub"], False, "fuse.sshfs"),  # the later mount on /data hides the disk
])
def test_the_file_system_of_every_watched_path_decides(paths, told, said):
    found = verdict(paths, TABLE)
    assert found.told is told and said in found.why, found


def test_where_the_mount_table_is_not_read_auto_polls(monkeypatch, tmp_path):
    monkeypatch.setattr(sys, "platform", "darwin")
    assert verdict([str(tmp_path)]) == file_events.Verdict(
        False, "the mount table of darwin is not read here")
    monkeypatch.setattr(sys, "platform", "linux")
    monkeypatch.setattr(file_events, "MOUNT_TABLE", tmp_path / "no-such-table")
    found = verdict([str(tmp_path)])
    assert not found.told and "could not be read" in found.why
    (tmp_path / "table").write_text("27 1 0:33 / / rw - ext4 /dev/vda rw\n")
    monkeypatch.setattr(file_events, "MOUNT_TABLE", tmp_path / "table")
    assert verdict([str(tmp_path)]).told


def _server(tmp_path):
    """MkDocs' own LiveReloadServer, watching a hub's folder and its mkdocs.yml, with our
    handler joined to its watches."""
    from mkdocs.livereload import LiveReloadServer

    from playbook.adapter import internals
    from playbook.adapter.serve import ChangeLog

    folder = tmp_path / "playbook"
    folder.mkdir()
    (folder / "item.yml").write_text("title: A\n")
    (tmp_path / "mkdocs.yml").write_text("site_name: A\n")
    server = LiveReloadServer(builder=lambda: None, host="127.0.0.1", port=0,
                              root=str(tmp_path / "site"))
    server.watch(str(folder))
    server.watch(str(tmp_path / "mkdocs.yml"))
    changes = ChangeLog()
    assert internals.join_watches(server, changes.handler())
    return server, changes


def _heard(server, changes, path) -> bool:
    """Whether the server wants a build for an edit of ``path`` (within five seconds) and
    our handler noted the file."""
    deadline = time.monotonic() + 5
    while not server._want_rebuild and time.monotonic() < deadline:
        time.sleep(0.01)
    return server._want_rebuild and path.resolve() in {p.resolve() for p in changes.take()}


def test_with_watch_events_serve_sees_an_edit_told_by_the_system_and_not_a_read(tmp_path):
    """`watch: events`: MkDocs' server takes the system's file events instead of polling
    (at 10,000 items a look at every file took 0.1 s twice a second, and an edit waited up
    to half a second to be seen), with its own watches and ours; a file read (the build
    reads mkdocs.yml and the hub) sets off nothing, or every build would set off the next."""
    from watchdog.observers.polling import PollingObserver

    from playbook.adapter import internals

    server, changes = _server(tmp_path)
    item, config = tmp_path / "playbook/item.yml", tmp_path / "mkdocs.yml"
    assert internals.watch_with_events(server)
    assert not isinstance(server.observer, PollingObserver)
    server.observer.start()
    try:
        time.sleep(0.2)
        item.read_text()
        config.read_text()
        time.sleep(0.5)
        assert not server._want_rebuild and changes.take() == set()
        item.write_text("title: B\n")
        assert _heard(server, changes, item)
        server.unwatch(str(tmp_path / "playbook"))  # (MkDocs' own unwatch finds its watch)
    finally:
        server.observer.stop()
        server.observer.join(5)


@pytest.mark.parametrize("watch, table, told", [
    ("auto", "27 1 0:33 / / rw - ext4 /dev/vda rw\n", True),
    ("auto", "27 1 0:33 / / rw - virtiofs host rw\n", False),
    ("poll", "27 1 0:33 / / rw - ext4 /dev/vda rw\n", False),
    ("events", "27 1 0:33 / / rw - virtiofs host rw\n", True),
])
def test_serve_is_told_of_edits_where_the_option_and_the_disk_say(
        tmp_path, monkeypatch, caplog, watch, table, told):
    from playbook.adapter import internals
    from playbook.adapter.serve import Session

    monkeypatch.setattr(sys, "platform", "linux")
    (tmp_path / "table").write_text(table)
    monkeypatch.setattr(file_events, "MOUNT_TABLE", tmp_path / "table")
    server, _ = _server(tmp_path)
    with caplog.at_level(logging.INFO, logger="mkdocs.plugins.playbook"):
        assert Session._told_of_edits(watch, internals.watched_paths(server)) is told
    said = " ".join(r.getMessage() for r in caplog.records)
    if watch == "auto":  # (the author learns which, and why)
        assert ("tells of edits to the hub, on ext4" in said) if told else (
            "twice a second, the hub being not on a local disk: virtiofs" in said), said
    else:
        assert said == ""


def test_if_the_system_refuses_to_tell_the_server_looks_at_the_files(tmp_path, monkeypatch,
                                                                      caplog):
    """inotify's instances or watches per user may all be taken by other programs: the
    server starts all the same, says so, and sees an edit by looking."""
    import watchdog.observers
    from watchdog.observers.polling import PollingEmitter

    from playbook.adapter import internals

    native = watchdog.observers.Observer
    if native.__name__ == "PollingObserver":
        pytest.skip("this system's watchdog polls anyway")
    server, changes = _server(tmp_path)
    assert internals.watch_with_events(server)
    emitter_class = server.observer._emitter_class

    def refuse(self) -> None:
        raise OSError(24, "inotify instance limit reached")

    monkeypatch.setattr(emitter_class, "start", refuse)
    with caplog.at_level(logging.WARNING, logger="mkdocs.plugins.playbook"):
        server.observer.start()
    try:
        assert "will not tell of edits ([Errno 24] inotify instance limit reached)" in \
            caplog.text
        assert server.observer.emitters and all(
            isinstance(e, PollingEmitter) for e in server.observer.emitters)
        time.sleep(0.6)  # (the first look)
        (tmp_path / "playbook/item.yml").write_text("title: Changed\n")
        assert _heard(server, changes, tmp_path / "playbook/item.yml")
    finally:
        server.observer.stop()
        server.observer.join(5)
