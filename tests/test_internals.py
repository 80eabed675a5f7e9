"""The MkDocs internals the plugin relies on (`playbook.adapter.internals`), checked against
the installed MkDocs: when a release moves one, this fails here, loudly, instead of
`mkdocs serve` quietly doing full builds or `--strict` publishing a failed build."""

from __future__ import annotations

import inspect
import logging

from playbook.adapter import internals


def test_mkdocs_page_functions_are_there_with_the_arguments_we_pass():
    from mkdocs.commands import build

    assert internals.page_builder() is not None
    populate = list(inspect.signature(build._populate_page).parameters)
    assert populate[:3] == ["page", "config", "files"]
    assert list(inspect.signature(build._build_page).parameters)[:5] == [
        "page", "config", "doc_files", "nav", "env"]


def test_our_handler_joins_the_watches_of_mkdocs_server(tmp_path):
    from mkdocs.livereload import LiveReloadServer

    server = LiveReloadServer(builder=lambda: None, host="127.0.0.1", port=0,
                              root=str(tmp_path))
    try:
        server.watch(str(tmp_path))
        assert isinstance(server._watch_refs, dict) and server._watch_refs
        handler = object()
        assert internals.join_watches(server, handler) is True
        watch = next(iter(server._watch_refs.values()))
        assert handler in server.observer._handlers[watch]
    finally:
        server.observer.unschedule_all()
        server.server_close()


def test_warnings_are_counted_where_strict_reads_them():
    from mkdocs.utils import CountHandler

    counter = CountHandler()
    counter.setLevel(logging.WARNING)
    logger = logging.getLogger("mkdocs")
    logger.addHandler(counter)
    try:
        assert internals.warnings_counted() is False
        logging.getLogger("mkdocs.plugins.playbook").warning("a warning, counted")
        assert internals.warnings_counted() is True
    finally:
        logger.removeHandler(counter)


def test_without_the_watches_every_edit_is_a_full_build_and_the_log_says_so(caplog):
    class Server:  # a server that shows MkDocs' observer but no watches
        observer = object()

    with caplog.at_level(logging.INFO, logger="mkdocs.plugins.playbook"):
        assert internals.join_watches(Server(), object()) is False
    assert "every edit is a full build" in caplog.text


def test_the_page_and_file_attributes_and_the_plugin_collection_are_as_we_use_them():
    from mkdocs.plugins import PluginCollection
    from mkdocs.structure.files import File

    file = File("data.json", src_dir=None, dest_dir="site", use_directory_urls=True)
    file.content_string = "{}"
    assert file._content == "{}" and file.content_bytes == b"{}"
    # a dict whose own __setitem__ registers a plugin's events (which dict's does not)
    assert issubclass(PluginCollection, dict)
    assert PluginCollection.__setitem__ is not dict.__setitem__
    assert "_register_event" in inspect.getsource(PluginCollection.__setitem__)

