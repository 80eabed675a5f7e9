"""The Pagefind process: one ``pagefind --service`` per run, spoken to in the protocol of
Pagefind's own Python API (base64 JSON messages, each followed by a comma)."""

from __future__ import annotations

import base64
import contextlib
import json
import os
import signal
import subprocess
import threading
from typing import Any, Iterator


class SearchError(Exception):
    pass


class Service:
    """One ``pagefind --service`` process (the protocol of Pagefind's own Python API:
    base64 JSON messages, each followed by a comma), for any number of indexes.

    Pagefind loads a word segmenter once per process, and the Japanese one takes about a
    second: the sites of a hub's languages, and the rebuilds of `mkdocs serve`, share one
    process (:class:`Pagefind`). Replies are read by a thread; messages are handled by
    Pagefind one at a time, in the order they are sent.
    """

    def __init__(self) -> None:
        from pagefind.service import get_executable

        binary = get_executable()
        if binary is None:
            raise SearchError("the Pagefind binary was not found: install pagefind[extended]")
        try:
            self._proc = subprocess.Popen([str(binary), "--service"], stdin=subprocess.PIPE,
                                          stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                                          env={**os.environ, "PAGEFIND_SITE": ""})
        except OSError as exc:
            raise SearchError(f"could not run Pagefind ({binary}): {exc}") from exc
        self._message_id = 0
        self._replies: dict[int, dict[str, Any]] = {}
        self._waiting: dict[int, threading.Event] = {}
        #: errors Pagefind reported, by the id of the message they answer (None: no message)
        self._errors: dict[int | None, list[str]] = {}
        self._lock = threading.Lock()  # the tables above
        self._send_lock = threading.Lock()  # writing to the process
        self._buffer = b""
        # Every message gets one reply. A thread reads them while some are due, and ends
        # when none is: between builds no thread runs, so the renderer may fork its workers.
        self._due = 0
        self._reader: threading.Thread | None = None

    @property
    def running(self) -> bool:
        return self._proc.poll() is None

    def _read(self) -> None:
        assert self._proc.stdout is not None
        while chunk := self._proc.stdout.read1(1 << 16):
            self._take(chunk)
            with self._lock:
                if self._due <= 0:  # all answered: end (a next message starts another)
                    self._reader = None
                    return
        with self._lock:  # the service is gone: nobody waits for ever
            self._reader = None
            for event in self._waiting.values():
                event.set()

    def _take(self, chunk: bytes) -> None:
        self._buffer += chunk
        *messages, self._buffer = self._buffer.split(b",")
        for message in messages:
            # Base64 has no spaces: text Pagefind printed before a message is cut off.
            token = message.rsplit(None, 1)[-1] if message.strip() else b""
            try:
                reply = json.loads(base64.b64decode(token))
            except ValueError:  # a line Pagefind printed, not a message
                continue
            payload = reply.get("payload") or {}
            with self._lock:
                id = reply.get("message_id")
                if id is not None:
                    self._due -= 1
                if payload.get("type") == "Error":
                    self._errors.setdefault(id, []).append(str(payload.get("message")))
                if id in self._waiting:
                    self._replies[id] = payload
                    self._waiting.pop(id).set()

    def _reading(self) -> None:
        """Start the reader thread unless it runs (call with ``_lock`` held)."""
        if self._reader is None and self._due > 0:
            self._reader = threading.Thread(target=self._read, name="pagefind-replies",
                                            daemon=True)
            self._reader.start()

    def settle(self) -> None:
        """Wait for the reader thread to end once every reply has come (so that no thread
        runs when the next build forks its workers)."""
        with self._lock:
            reader = self._reader if self._due <= 0 else None
        if reader is not None:
            reader.join(5)

    def post(self, payload: dict[str, Any], reply: bool = False, flush: bool = False,
             read: bool = True) -> tuple[int, threading.Event | None]:
        """Send a message; with ``reply``, an event set when its reply has come. Messages
        are buffered until one asks for a reply or ``flush``. ``read=False`` leaves the
        reply in the pipe for later (no thread is started)."""
        with self._send_lock:
            self._message_id += 1
            id, event = self._message_id, None
            with self._lock:
                self._due += 1
                if reply:
                    event = self._waiting[id] = threading.Event()
                if read:
                    self._reading()
            message = json.dumps({"message_id": id, "payload": payload}).encode("utf-8")
            try:
                assert self._proc.stdin is not None
                self._proc.stdin.write(base64.b64encode(message) + b",")
                if reply or flush:
                    self._proc.stdin.flush()
            except (OSError, ValueError) as exc:
                raise SearchError(f"Pagefind stopped: {self.said() or exc}") from exc
        return id, event

    def wait(self, id: int, event: threading.Event, what: str, timeout: float,
             in_thread: bool = True) -> dict[str, Any]:
        """The reply to message ``id``. ``in_thread=False`` reads it here, starting no
        thread (only while no reader thread runs)."""
        if not in_thread:
            assert self._proc.stdout is not None and self._reader is None
            while not event.is_set():
                chunk = self._proc.stdout.read1(1 << 16)
                if not chunk:  # the service is gone
                    raise SearchError(f"Pagefind did not {what}: it stopped")
                self._take(chunk)
        if not event.wait(timeout) or id not in self._replies:
            raise SearchError(f"Pagefind did not {what}: {self.said() or 'no reply'}")
        reply = self._replies.pop(id)
        if reply.get("type") == "Error":
            raise SearchError(str(reply.get("message")))
        return reply

    def send(self, payload: dict[str, Any], what: str, timeout: float,
             in_thread: bool = True) -> dict[str, Any]:
        id, event = self.post(payload, reply=True, read=in_thread)
        assert event is not None
        return self.wait(id, event, what, timeout, in_thread)

    def errors(self, ids: set[int]) -> list[str]:
        """What Pagefind reported about the messages ``ids``, or about no message."""
        with self._lock:
            return [error for id, errors in self._errors.items()
                    if id is None or id in ids for error in errors]

    def said(self) -> str:
        with self._lock:
            return "; ".join([e for errors in self._errors.values() for e in errors][-3:])

    def close(self) -> None:
        try:
            if self._proc.stdin:
                self._proc.stdin.close()
        except OSError:
            pass
        self._proc.terminate()
        try:
            self._proc.wait(5)
        except subprocess.TimeoutExpired:
            self._proc.kill()
        if self._reader is not None:
            self._reader.join(5)  # it ends with the service's output


class Pagefind:
    """The Pagefind process of a run, started when an index first needs it and shared by
    every index after (the sites of a hub's languages, the rebuilds of `mkdocs serve`);
    its owner stops it at the end of the run."""

    def __init__(self) -> None:
        self._service: Service | None = None
        self._lock = threading.Lock()

    def service(self) -> Service:
        with self._lock:
            if self._service is None or not self._service.running:
                self._service = Service()
            return self._service

    @contextlib.contextmanager
    def held(self) -> Iterator[None]:
        """Pagefind's process stops working meanwhile (SIGSTOP, then SIGCONT; where the
        system has no such signals, it goes on): the background index of `mkdocs serve`
        waits while an edit's update runs. At 10,000 items Pagefind indexes on every core
        for 20 s after each edit, and an update made meanwhile rendered its pages in 2.0
        to 2.5 s instead of 1.2 to 1.7 s, even with Pagefind's priority lowered (`nice`)."""
        with self._lock:
            service = self._service if self._service is not None and \
                self._service.running else None
        stop = getattr(signal, "SIGSTOP", None)
        if service is None or stop is None:
            yield
            return
        pid = service._proc.pid
        try:
            os.kill(pid, stop)
        except OSError:
            pid = 0
        try:
            yield
        finally:
            if pid:
                try:
                    os.kill(pid, signal.SIGCONT)
                except OSError:  # (it ended meanwhile)
                    pass

    def stop(self) -> None:
        with self._lock:
            if self._service is not None:
                self._service.close()
                self._service = None

    def __del__(self) -> None:  # a run that ended without stop(): no process left behind
        if self._service is not None:
            self._service.close()


class Superseded(SearchError):
    """An index given up for a newer one (an edit came while it was made)."""
