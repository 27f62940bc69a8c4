"""Serial sensor boards and RFID readers: a reader thread per port that survives unplugging.

Wiring: an Arduino-class board or an EM4100 reader module on USB shows up as /dev/ttyACM0 or
/dev/ttyUSB0; bind it by its stable /dev/serial/by-id/... name so it keeps its name across
reboots. The thread opens the port, turns what arrives into `Reading` or `Tag` events, and when the
cable is pulled it says `BoardState(name, "disconnected")` once and keeps trying to reopen the
port, so plugging the cable back in is all a technician has to do. A sensor board that sends no
valid line for `SILENT_S` (a hung sketch, a broken wire) is `silent` until it talks again; a port
that cannot be opened says why (`absent`, `denied`, `busy`)::

    events = queue.Queue()
    board = SerialBoard("thermo", "/dev/ttyACM0", 115200, events.put)
    board.start()
    events.get()  # BoardState("thermo", "connected"), then Reading("thermo", "temp", 21.5), ...
    board.stop()

`port` can also be any pyserial URL (`socket://host:port`, `loop://`), and
`acier.hardware.fake_board` makes fake boards on pty pairs for the demo and the tests. The line and
frame formats are in `acier.hardware.serial_protocol`.
"""

from __future__ import annotations

import contextlib
import errno
import logging
import threading
import time
from collections.abc import Callable
from typing import Any, ClassVar

import serial

from acier.hardware.inputs import BoardState, BoardStateName, InputEvent, Reading, Tag
from acier.hardware.serial_protocol import (
    BadLine,
    FrameSplitter,
    LineSplitter,
    parse_line,
    parse_tag_frame,
)

log = logging.getLogger(__name__)

READ_TIMEOUT_S = 0.1  # how long a read waits for a byte, hence how soon stop() is noticed
DEFAULT_RETRY_S = 0.5
DEFAULT_HOLD_S = 0.5
STOP_JOIN_S = 2.0  # opening a socket:// URL can take this long; a pty or tty returns at once
SILENT_S = 3.0  # a board sends at least once a second (serial_protocol.py): three missed is dead
# why a port would not open, by errno; anything else reads as not found
OPEN_TROUBLE = {
    errno.EACCES: "denied",
    errno.EPERM: "denied",
    errno.EBUSY: "busy",
    errno.EAGAIN: "busy",  # pyserial's exclusive lock is held by another program
}


def open_trouble(error: BaseException) -> BoardStateName:
    """What a failed open says about the port: `absent`, `denied` or `busy`."""
    return OPEN_TROUBLE.get(getattr(error, "errno", None), "absent")  # type: ignore[return-value]


class _SerialDevice:
    """One port read by one thread: open, read, split, parse, emit; on error close and retry.

    The counters are plain ints written by the thread only, so `stats()` can read them from any
    thread.
    """

    DEFAULT_BAUD: ClassVar[int]  # for a binding without `baud:`
    KIND: ClassVar[str]  # "board" or "reader", for log messages
    SILENT_S: ClassVar[float | None]  # silence that means trouble; None if silence is normal
    SPLITTER: ClassVar[type[LineSplitter | FrameSplitter]]

    def __init__(
        self,
        name: str,
        port: str,
        baud: int | None,
        emit: Callable[[InputEvent], None],
        *,
        retry_s: float = DEFAULT_RETRY_S,
    ) -> None:
        self.name = name
        self.port = port
        self.baud = baud or self.DEFAULT_BAUD
        self.retry_s = retry_s
        self._emit = emit
        self._splitter = self.SPLITTER()
        self._stopping = threading.Event()
        self._thread: threading.Thread | None = None
        self._state: BoardStateName | None = None
        self._outage_since = 0.0
        self._lines = 0
        self._garbage = 0
        self._bad_checksum = 0
        self._reconnects = 0
        self._last_value_at: float | None = None
        self._connected_at = 0.0
        self._last_error = ""

    def start(self) -> None:
        """Start reading in a daemon thread; the port need not exist yet."""
        if self._thread is not None:
            raise RuntimeError(f"{self.name} is already started")
        self._thread = threading.Thread(target=self._run, name=f"serial-{self.name}", daemon=True)
        self._thread.start()

    def stop(self) -> None:
        """Stop the thread and close the port; returns within a read timeout."""
        self._stopping.set()
        if self._thread is not None:
            self._thread.join(STOP_JOIN_S)

    def stats(self) -> dict[str, Any]:
        """Counters for the device status; `state` is None until the first attempt to open."""
        age = None if self._last_value_at is None else time.monotonic() - self._last_value_at
        return {
            "state": self._state,
            "lines": self._lines,
            "garbage": self._garbage + self._splitter.garbage,
            "bad_checksum": self._bad_checksum,
            "partial": self._splitter.partial,
            "reconnects": self._reconnects,
            "last_value_age_s": age,
            "last_error": self._last_error,
        }

    def _accept(self, unit: bytes) -> None:
        """Parse one line or frame and emit its events; raises BadLine."""
        raise NotImplementedError

    def _run(self) -> None:
        while not self._stopping.is_set():
            try:
                self._session()
            except (OSError, ValueError) as error:  # SerialException is an OSError
                self._outage(error)
            except Exception as error:  # a bug must not leave the exhibit deaf until a restart
                log.exception("%s: unexpected error reading %s", self.name, self.port)
                self._outage(error)
            self._stopping.wait(self.retry_s)

    def _session(self) -> None:
        """Open the port and read it until stop() or an error."""
        port = serial.serial_for_url(
            self.port, self.baud, timeout=READ_TIMEOUT_S, exclusive=True
        )  # exclusive: a self-test beside the running exhibit would split its bytes
        try:
            self._connected()
            while not self._stopping.is_set():
                self._consume(port.read(port.in_waiting or 1))
                self._watch_silence()
        finally:
            with contextlib.suppress(OSError):
                port.close()

    def _consume(self, data: bytes) -> None:
        for unit in self._splitter.feed(data):
            try:
                self._accept(unit)
            except BadLine as bad:
                if bad.reason == "bad_checksum":
                    self._bad_checksum += 1
                else:
                    self._garbage += 1
            else:
                self._lines += 1
                self._last_value_at = time.monotonic()
                if self._state == "silent":
                    log.info("%s: %s on %s talks again", self.name, self.KIND, self.port)
                    self._set_state("connected")

    def _watch_silence(self) -> None:
        if self.SILENT_S is None or self._state != "connected":
            return
        now = time.monotonic()
        heard = max(self._connected_at, self._last_value_at or 0.0)
        if now - heard >= self.SILENT_S:
            self._last_error = f"no valid line for {now - heard:.1f} s"
            log.warning(
                "%s: %s on %s is silent (%s)", self.name, self.KIND, self.port, self._last_error
            )
            self._set_state("silent")

    def _connected(self) -> None:
        outage = time.monotonic() - self._outage_since
        after = f" (after {outage:.1f} s {self._state})" if self._state else ""
        log.info("%s: %s connected on %s%s", self.name, self.KIND, self.port, after)
        if self._connected_at:  # it was connected before this outage
            self._reconnects += 1
        self._connected_at = time.monotonic()
        self._set_state("connected")

    def _outage(self, error: BaseException) -> None:
        """Say once that the port is gone (or why it will not open), logging only the first
        error of an outage and a change of reason."""
        self._last_error = str(error) or repr(error)
        trouble = open_trouble(error)
        if self._state in ("connected", "silent"):
            self._splitter.reset()
            self._set_state("disconnected")
        elif trouble != self._state and (self._state != "disconnected" or trouble != "absent"):
            self._set_state(trouble)  # an unplugged board back, but held or forbidden, says so
        else:
            return
        self._outage_since = time.monotonic()
        log.warning(
            "%s: %s %s on %s (%s); retrying every %.1f s",
            self.name,
            self.KIND,
            self._state,
            self.port,
            error,
            self.retry_s,
        )

    def _set_state(self, state: BoardStateName) -> None:
        self._state = state
        if state == "connected":
            self._last_error = ""  # the status must not show a fixed fault beside "connected"
        self._send(BoardState(self.name, state))

    def _send(self, event: InputEvent) -> None:
        """Emit, so that a failing consumer cannot stop the reading."""
        try:
            self._emit(event)
        except Exception:
            log.exception("%s: emitting %r failed", self.name, event)


class SerialBoard(_SerialDevice):
    """A sensor board sending `$key=value,...*HH` lines: one `Reading` per value."""

    DEFAULT_BAUD = 115200
    KIND = "board"
    SILENT_S = SILENT_S
    SPLITTER = LineSplitter

    def _accept(self, unit: bytes) -> None:
        for key, value in parse_line(unit).items():
            self._send(Reading(self.name, key, value))


class RfidReader(_SerialDevice):
    """An EM4100 reader module: one `Tag` when a tag arrives, not one per repeated frame.

    The module repeats its frame while a tag stays on the antenna. The same tag is emitted again
    only after `hold_s` without it (taken off and put back); a different tag is emitted at once.
    """

    DEFAULT_BAUD = 9600
    KIND = "reader"
    SILENT_S = None  # a reader speaks only while a tag is on it
    SPLITTER = FrameSplitter

    def __init__(
        self,
        name: str,
        port: str,
        baud: int | None,
        emit: Callable[[InputEvent], None],
        *,
        retry_s: float = DEFAULT_RETRY_S,
        hold_s: float = DEFAULT_HOLD_S,
    ) -> None:
        super().__init__(name, port, baud, emit, retry_s=retry_s)
        self.hold_s = hold_s
        self._tag: str | None = None
        self._tag_seen_at = 0.0

    def _accept(self, unit: bytes) -> None:
        tag = parse_tag_frame(unit)
        now = time.monotonic()
        if tag != self._tag or now - self._tag_seen_at > self.hold_s:
            self._send(Tag(self.name, tag))
        self._tag, self._tag_seen_at = tag, now
