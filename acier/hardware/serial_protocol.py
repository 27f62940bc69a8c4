"""What serial sensor boards and RFID readers send: framing, checksums and parsing, with no I/O.

Sensor-board line protocol (for board firmware authors)
=======================================================

A board sends ASCII lines, one line per set of readings::

    $temp=21.5,hum=40*4C\\r\\n

- A line starts with ``$`` and ends with ``\\n``; a ``\\r\\n`` ending is accepted too, so Arduino's
  ``Serial.println`` works. The whole line, ``$`` to ``\\n`` inclusive, is at most 128 bytes.
- Between ``$`` and ``*`` come one or more ``key=value`` pairs separated by ``,`` with no spaces.
- A key is 1 to 16 characters: a lower-case letter then lower-case letters, digits or ``_``
  (``temp``, ``wheel``, ``pot_1``). A key appears at most once per line.
- A value is a decimal number: ``21.5``, ``-3``, ``0.25``, ``.5``, ``1e-3``. Not ``nan``, not
  ``inf``, not hexadecimal, no thousands separator.
- After ``*`` come two hex digits (either case): the XOR of every byte between ``$`` and ``*``
  (exclusive), as in NMEA 0183. ``temp=21.5,hum=40`` XORs to 0x4C, hence ``*4C``.

A line that breaks any rule is dropped whole and counted: ``bad_checksum`` when the checksum does
not match (noise on the cable), ``garbage`` when it is malformed or too long, ``partial`` for a
fragment (bytes before the first ``$``, such as a boot banner or the tail of a line already under
way when the kiosk opened the port, or a line cut short by the next ``$``). The counters are in the
device status the kiosk publishes, so a technician can see a noisy cable from the console.

Send a line whenever a value changes, and at least once a second anyway so the kiosk knows the
board is alive. An Arduino sender::

    void sendLine(const char *body) {          // body: "temp=21.5,hum=40"
      uint8_t sum = 0;
      for (const char *p = body; *p; p++) sum ^= (uint8_t)*p;
      Serial.print('$'); Serial.print(body); Serial.print('*');
      if (sum < 0x10) Serial.print('0');
      Serial.println(sum, HEX);                // ends the line with \\r\\n
    }

RFID reader protocol
====================

The common 125 kHz EM4100 reader modules (RDM6300, ID-12/ID-20 style) send, at 9600 baud, one frame
per read, repeated several times a second while a tag stays on the antenna::

    STX(0x02)  10 ASCII hex digits  2 ASCII hex digits  [CR LF]  ETX(0x03)
               version byte + 4-byte tag id   XOR of those 5 bytes   (ID-12 only)

The tag's id is the ten hex digits, upper-case: ``0400E3A1B2``.

Splitting
=========

`LineSplitter` and `FrameSplitter` cut a byte stream into lines or frames, whatever the chunking:
fed a byte at a time or a megabyte at once, they return the same lines and counts, and hold at most
one line or frame in memory.
"""

from __future__ import annotations

import math
import re
from functools import reduce
from typing import ClassVar, Literal

MAX_LINE_BYTES = 128  # from `$` to `\n` inclusive
LINE_START = b"$"
LINE_END = b"\n"
CHECKSUM_MARK = b"*"

STX = b"\x02"
ETX = b"\x03"
TAG_DIGITS = 10  # version byte + 4-byte id, in hex
MAX_FRAME_BYTES = 1 + TAG_DIGITS + 2 + 2 + 1  # STX, tag, checksum, the ID-12's CR LF, ETX

_KEY = re.compile(r"[a-z][a-z0-9_]{0,15}")
_VALUE = re.compile(r"[-+]?(?:[0-9]+\.?[0-9]*|\.[0-9]+)(?:[eE][-+]?[0-9]+)?")
_HEX = re.compile(rb"[0-9A-Fa-f]+")

BadReason = Literal["garbage", "bad_checksum"]


class BadLine(ValueError):
    """A line or frame that must be dropped; `reason` names the counter it goes to."""

    def __init__(self, reason: BadReason, detail: str) -> None:
        super().__init__(f"{reason}: {detail}")
        self.reason: BadReason = reason


def _xor(data: bytes) -> int:
    return reduce(lambda total, byte: total ^ byte, data, 0)


def encode_line(values: dict[str, float]) -> bytes:
    """One board line carrying `values`, as firmware would send it (for fakes and tests)."""
    if not values:
        raise ValueError("a line carries at least one value")
    pairs = []
    for key, value in values.items():
        if not _KEY.fullmatch(key):
            raise ValueError(f"bad key {key!r}: a lower-case letter, then up to 15 [a-z0-9_]")
        if not math.isfinite(value):
            raise ValueError(f"{key}={value}: values must be finite")
        pairs.append(f"{key}={float(value)!r}")
    body = ",".join(pairs).encode("ascii")
    line = b"$%s*%02X\n" % (body, _xor(body))
    if len(line) > MAX_LINE_BYTES:
        raise ValueError(f"line of {len(line)} bytes is over {MAX_LINE_BYTES}")
    return line


def parse_line(line: bytes) -> dict[str, float]:
    """The values of one board line (`\\n`, `\\r\\n` or no ending), or BadLine."""
    if len(line) > MAX_LINE_BYTES:
        raise BadLine("garbage", f"over {MAX_LINE_BYTES} bytes")
    text = line.removesuffix(LINE_END).removesuffix(b"\r")
    body, mark, checksum = text[1:].partition(CHECKSUM_MARK)
    if not text.startswith(LINE_START) or not mark or len(checksum) != 2:
        raise BadLine("garbage", "not $...*HH")
    if not _HEX.fullmatch(checksum):
        raise BadLine("garbage", f"checksum {checksum!r} is not hex")
    if int(checksum, 16) != (actual := _xor(body)):
        raise BadLine("bad_checksum", f"*{checksum.decode()} but the bytes XOR to {actual:02X}")
    try:
        pairs = body.decode("ascii").split(",")
    except UnicodeDecodeError:
        raise BadLine("garbage", "non-ASCII bytes") from None
    values: dict[str, float] = {}
    for pair in pairs:
        key, _, value = pair.partition("=")
        if not _KEY.fullmatch(key) or not _VALUE.fullmatch(value):
            raise BadLine("garbage", f"bad pair {pair!r}")
        if key in values:
            raise BadLine("garbage", f"{key} twice")
        number = float(value)
        if not math.isfinite(number):
            raise BadLine("garbage", f"{pair} is out of range")
        values[key] = number
    return values


def encode_tag_frame(tag: str) -> bytes:
    """The frame an EM4100 reader module sends for `tag` (ten hex digits)."""
    if len(tag) != TAG_DIGITS or not _HEX.fullmatch(tag.encode("ascii", "replace")):
        raise ValueError(f"tag {tag!r} is not {TAG_DIGITS} hex digits")
    digits = tag.upper().encode("ascii")
    return b"%s%s%02X%s" % (STX, digits, _xor(bytes.fromhex(tag)), ETX)


def parse_tag_frame(frame: bytes) -> str:
    """The tag id (ten upper-case hex digits) in one reader frame, or BadLine."""
    if not frame.startswith(STX) or not frame.endswith(ETX):
        raise BadLine("garbage", "not STX...ETX")
    inside = frame[1:-1].removesuffix(b"\r\n")
    if len(inside) != TAG_DIGITS + 2 or not _HEX.fullmatch(inside):
        raise BadLine("garbage", f"{inside!r} is not {TAG_DIGITS + 2} hex digits")
    digits, checksum = inside[:TAG_DIGITS], int(inside[TAG_DIGITS:], 16)
    if checksum != _xor(bytes.fromhex(digits.decode("ascii"))):
        raise BadLine("bad_checksum", f"{inside.decode()} does not add up")
    return digits.decode("ascii").upper()


class _Splitter:
    """Cuts a byte stream into units from START to END, in bounded memory.

    Byte by byte: between units, BLANK bytes are ignored; START opens a unit; any other byte is a
    fragment (`partial` += 1, and the rest of the fragment up to the next START or END is dropped
    with it). Inside a unit, END closes it; START cuts it (`partial` += 1) and opens a new one; a
    unit that reaches MAX_BYTES without its END is too long (`garbage` += 1) and dropped up to the
    next START or END. Chunking makes no difference.
    """

    START: ClassVar[bytes]
    END: ClassVar[bytes]
    MAX_BYTES: ClassVar[int]
    BLANK: ClassVar[bytes]

    def __init__(self) -> None:
        self.partial = 0
        self.garbage = 0
        self._unit = bytearray()  # the unit under way, from START; empty between units
        self._dropping = False  # inside a fragment or an over-long unit
        self._delimiter = re.compile(b"[" + re.escape(self.START + self.END) + b"]")

    def feed(self, data: bytes) -> list[bytes]:
        """The units that `data` completes, each from START to END inclusive."""
        units: list[bytes] = []
        pos = 0
        while pos < len(data):
            if self._unit or self._dropping:
                found = self._delimiter.search(data, pos)
                end = found.start() if found else len(data)
                if self._unit:
                    self._unit += data[pos : min(end, pos + self.MAX_BYTES)]
                    if len(self._unit) >= self.MAX_BYTES:
                        self.garbage += 1
                        self._unit.clear()
                        self._dropping = True
                if found is None:
                    break
                if data[end : end + 1] == self.END:
                    if self._unit:
                        units.append(bytes(self._unit + self.END))
                        self._unit.clear()
                    self._dropping = False
                else:
                    if self._unit:
                        self.partial += 1
                    self._unit[:] = self.START
                    self._dropping = False
                pos = end + 1
            else:
                byte = data[pos : pos + 1]
                if byte == self.START:
                    self._unit[:] = byte
                elif byte not in self.BLANK:
                    self.partial += 1
                    self._dropping = byte != self.END
                pos += 1
        return units

    def reset(self) -> None:
        """Forget the unit under way (the link dropped); it counts as `partial`."""
        if self._unit:
            self.partial += 1
        self._unit.clear()
        self._dropping = False


class LineSplitter(_Splitter):
    """Board lines, `$` to `\\n`; blank `\\r`/`\\n` between lines are not fragments."""

    START = LINE_START
    END = LINE_END
    MAX_BYTES = MAX_LINE_BYTES
    BLANK = b"\r\n"


class FrameSplitter(_Splitter):
    """RFID reader frames, STX to ETX; every stray byte is part of a fragment."""

    START = STX
    END = ETX
    MAX_BYTES = MAX_FRAME_BYTES
    BLANK = b""
