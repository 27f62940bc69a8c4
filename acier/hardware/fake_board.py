"""Fake serial sensor boards and RFID readers on pty pairs, for the demo, the tests and benchmarks.

A `FakePort` is a pseudo-terminal: the reader opens its slave end like any serial port, the fake
writes into the master end. `path` is a stable symlink to the slave, like udev's
/dev/serial/by-id/ links, so unplugging and plugging back in can be played for real::

    board = FakeSensorBoard()
    reader = SerialBoard("thermo", board.path, 115200, events.put)
    reader.start()              # -> BoardState("thermo", "connected")
    board.send(temp=21.5)       # -> Reading("thermo", "temp", 21.5)
    board.unplug()              # -> BoardState("thermo", "disconnected")
    board.replug()              # -> BoardState("thermo", "connected"), with no restart
    board.close()

Writes wait while the reader's buffer is full, like a link with flow control, so a flood loses
nothing; while unplugged they go nowhere, as from a board whose cable is out.
"""

from __future__ import annotations

import contextlib
import os
import select
import shutil
import tempfile
import threading
import tty
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import ClassVar, Self

from acier.hardware.serial_protocol import encode_line, encode_tag_frame

WRITE_WAIT_S = 0.05  # a blocked write looks this often whether the port was unplugged
DRAIN_POLL_S = 0.05  # the drain thread looks this often whether to stop
DRAIN_CHUNK = 4096
TAG_REPEAT_S = 0.1  # EM4100 modules repeat a held tag's frame about ten times a second


@dataclass(frozen=True)
class _Pty:
    """One plugging-in: the pty pair and the thread draining its master."""

    master: int
    slave: int  # kept open too, so the pty outlives the reader closing and reopening it
    stop_drain: threading.Event
    drain: threading.Thread


def _drain(master: int, stop: threading.Event) -> None:
    """Read what the reader writes, so its writes never block on a full pty."""
    while not stop.is_set():
        readable, _, _ = select.select([master], [], [], DRAIN_POLL_S)
        if readable:
            with contextlib.suppress(BlockingIOError):
                os.read(master, DRAIN_CHUNK)


class FakePort:
    """A serial device on a pty pair, reached through the stable symlink `path`."""

    LINK_NAME: ClassVar[str] = "fake-serial"

    def __init__(
        self, directory: str | Path | None = None, name: str | None = None, plugged: bool = True
    ) -> None:
        """Link `name` in `directory` (a fresh temporary one by default); plugged in unless told."""
        self._own_directory = directory is None
        folder = Path(tempfile.mkdtemp(prefix="acier-serial-") if directory is None else directory)
        self._directory = folder
        self.path = str(folder / (name or self.LINK_NAME))
        self._lock = threading.Lock()  # one write at a time; unplug waits for it
        self._pty: _Pty | None = None
        self._stream: tuple[threading.Event, threading.Thread] | None = None
        if plugged:
            self.replug()

    def replug(self) -> None:
        """Plug in (again): a fresh pty, and `path` now points at its slave."""
        if self._pty is not None:
            return
        master, slave = os.openpty()
        tty.setraw(slave)
        os.set_blocking(master, False)
        staging = f"{self.path}.new"
        os.symlink(os.ttyname(slave), staging)
        os.replace(staging, self.path)
        stop = threading.Event()
        drain = threading.Thread(target=_drain, args=(master, stop), daemon=True)
        drain.start()
        self._pty = _Pty(master, slave, stop, drain)

    def unplug(self) -> None:
        """Pull the cable: the reader's next read fails, and `path` is gone until `replug()`."""
        pty, self._pty = self._pty, None  # a write under way gives up within WRITE_WAIT_S
        if pty is None:
            return
        pty.stop_drain.set()
        pty.drain.join()
        with self._lock:
            os.close(pty.master)
            os.close(pty.slave)
        os.unlink(self.path)

    def write(self, data: bytes) -> None:
        """Send `data` down the wire, all of it, waiting while the reader catches up."""
        self._write(data, threading.Event())

    send_raw = write  # bytes as they are: noise, cut lines, bad checksums

    def close(self) -> None:
        """Stop streaming, unplug, and remove the temporary directory if this fake made it."""
        self._stop_stream()
        self.unplug()
        if self._own_directory:
            shutil.rmtree(self._directory, ignore_errors=True)

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def _write(self, data: bytes, cancel: threading.Event) -> None:
        pending = memoryview(data)
        with self._lock:
            while pending and not cancel.is_set() and (pty := self._pty) is not None:
                try:
                    pending = pending[os.write(pty.master, pending) :]
                except BlockingIOError:
                    select.select([], [pty.master], [], WRITE_WAIT_S)

    def _start_stream(self, make: Callable[[], bytes], period_s: float) -> None:
        """Write `make()` every `period_s` from a thread, until `_stop_stream()`."""
        self._stop_stream()
        stop = threading.Event()

        def loop() -> None:
            while not stop.is_set():
                self._write(make(), stop)
                stop.wait(period_s)

        thread = threading.Thread(target=loop, name=f"fake-{self.path}", daemon=True)
        thread.start()
        self._stream = (stop, thread)

    def _stop_stream(self) -> None:
        if self._stream is not None:
            stop, thread = self._stream
            stop.set()
            thread.join()
            self._stream = None


class FakeSensorBoard(FakePort):
    """A sensor board sending protocol lines, one at a time or streamed."""

    LINK_NAME = "fake-board"

    def send(self, **values: float) -> None:
        """One valid line: `send(temp=21.5, hum=40)`."""
        self.write(encode_line(values))

    def run(self, values_fn: Callable[[], dict[str, float]], hz: float) -> None:
        """Stream `values_fn()` `hz` times a second until close(): a potentiometer, a wheel.
        Nothing is sent while it returns no values."""

        def line() -> bytes:
            values = values_fn()
            return encode_line(values) if values else b""

        self._start_stream(line, 1 / hz)


class FakeRfidReader(FakePort):
    """An EM4100 reader module: a held tag's frame repeats until the tag is removed."""

    LINK_NAME = "fake-rfid"

    def show(self, tag: str) -> None:
        """Put `tag` (ten hex digits) on the antenna, in place of any tag already there."""
        frame = encode_tag_frame(tag)
        self._start_stream(lambda: frame, TAG_REPEAT_S)

    def remove(self) -> None:
        """Take the tag off the antenna."""
        self._stop_stream()
