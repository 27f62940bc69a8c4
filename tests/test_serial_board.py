"""Serial sensor boards and RFID readers, through real pty pairs and real pyserial.

The protocol functions and splitters are tested pure; the devices are tested against fake boards
that are real pseudo-terminals behind a by-id style symlink, unplugged and plugged back for real.
"""

from __future__ import annotations

import contextlib
import errno
import itertools
import logging
import queue
import socket
import threading
import time
from collections.abc import Callable, Iterator

import pytest
import serial
from hypothesis import given
from hypothesis import strategies as st

from acier.hardware.fake_board import FakeRfidReader, FakeSensorBoard
from acier.hardware.inputs import BoardState, InputEvent, Reading, Tag
from acier.hardware.serial_board import RfidReader, SerialBoard, open_trouble
from acier.hardware.serial_protocol import (
    ETX,
    MAX_FRAME_BYTES,
    MAX_LINE_BYTES,
    STX,
    BadLine,
    FrameSplitter,
    LineSplitter,
    encode_line,
    encode_tag_frame,
    parse_line,
    parse_tag_frame,
)

WAIT_S = 10.0  # a deadline, not a duration: waits return as soon as the event is there
POLL_S = 0.01
RETRY_S = 0.05
A, B = "0400E3A1B2", "1A2B3C4D5E"

KEYS = st.from_regex(r"[a-z][a-z0-9_]{0,15}", fullmatch=True)
FINITE = st.floats(allow_nan=False, allow_infinity=False)


# --- the line protocol ----------------------------------------------------------------------


def test_the_documented_example_parses():
    assert parse_line(b"$temp=21.5,hum=40*4C\r\n") == {"temp": 21.5, "hum": 40.0}
    assert parse_line(b"$temp=21.5,hum=40*4c\n") == {"temp": 21.5, "hum": 40.0}
    assert encode_line({"temp": 21.5, "hum": 40}) == b"$temp=21.5,hum=40.0*52\n"


@pytest.mark.parametrize(
    ("line", "reason"),
    [
        (b"$temp=21.5,hum=40*4D\n", "bad_checksum"),
        (b"temp=21.5*4C\n", "garbage"),  # no $
        (b"$temp=21.5\n", "garbage"),  # no checksum
        (b"$temp=21.5*4\n", "garbage"),
        (b"$temp=21.5*ZZ\n", "garbage"),
        (b"$" + b"k=" + b"1" * 122 + b"*00\n", "garbage"),  # 129 bytes
    ],
)
def test_bad_lines_say_why(line, reason):
    with pytest.raises(BadLine) as caught:
        parse_line(line)
    assert caught.value.reason == reason


@pytest.mark.parametrize(
    "body",
    [b"", b"Temp=1", b"temp=", b"temp=nan", b"temp=inf", b"temp=1e999", b"t=0x10", b"t=1_0",
     b"t=1,t=2", b"t = 1", b"t=1,", b"\xe9=1", b"waytoolongakey_17=1"],
)  # fmt: skip
def test_malformed_bodies_are_garbage_even_with_a_good_checksum(body):
    checksum = 0
    for byte in body:
        checksum ^= byte
    with pytest.raises(BadLine) as caught:
        parse_line(b"$%s*%02X\n" % (body, checksum))
    assert caught.value.reason == "garbage"


def test_encode_refuses_what_parse_would_drop():
    for values in [{}, {"Temp": 1.0}, {"t": float("nan")}, {"t": float("inf")}]:
        with pytest.raises(ValueError):
            encode_line(values)
    with pytest.raises(ValueError, match="over 128"):
        encode_line({f"k{i}": -1.2345678901234567e-300 for i in range(5)})


@given(st.dictionaries(KEYS, FINITE, min_size=1, max_size=4))
def test_lines_round_trip(values):
    try:
        encoded = encode_line(values)
    except ValueError as error:
        assert "over 128" in str(error)  # the only thing refused for valid keys and values
        return
    assert len(encoded) <= MAX_LINE_BYTES
    assert parse_line(encoded) == values
    if len(encoded) < MAX_LINE_BYTES:
        assert parse_line(encoded[:-1] + b"\r\n") == values


@given(st.dictionaries(KEYS, FINITE, min_size=1, max_size=2), st.data())
def test_one_corrupted_byte_never_gives_other_values(values, data):
    encoded = encode_line(values)
    at = data.draw(st.integers(0, len(encoded) - 1))
    corrupted = encoded[:at] + bytes([data.draw(st.integers(0, 255))]) + encoded[at + 1 :]
    with contextlib.suppress(BadLine):
        assert parse_line(corrupted) == values  # e.g. a checksum digit changed case


@given(st.binary(max_size=150))
def test_any_bytes_parse_or_raise_badline(data):
    for parse in (parse_line, parse_tag_frame):
        try:
            parse(data)
        except BadLine as bad:
            assert bad.reason in ("garbage", "bad_checksum")


# --- the RFID frame protocol ----------------------------------------------------------------


def test_tag_frames():
    frame = encode_tag_frame(A.lower())
    assert frame == b"\x020400E3A1B2F4\x03"
    assert parse_tag_frame(frame) == A
    assert parse_tag_frame(b"\x020400e3a1b2f4\r\n\x03") == A  # ID-12 style, lower case
    with pytest.raises(BadLine, match="bad_checksum"):
        parse_tag_frame(b"\x020400E3A1B2F5\x03")
    for garbage in [b"\x020400E3A1B2F4", b"0400E3A1B2F4\x03", b"\x020400E3A1B2\x03", b"\x02\x03"]:
        with pytest.raises(BadLine, match="garbage"):
            parse_tag_frame(garbage)
    for bad_tag in ["0400E3A1B", "0400E3A1BZ", "0400E3A1B2é"]:
        with pytest.raises(ValueError):
            encode_tag_frame(bad_tag)


@given(st.from_regex(r"[0-9A-Fa-f]{10}", fullmatch=True))
def test_tag_frames_round_trip(tag):
    assert parse_tag_frame(encode_tag_frame(tag)) == tag.upper()


# --- the splitters ------------------------------------------------------------------------


def reference_split(stream: bytes, splitter: LineSplitter | FrameSplitter):
    """The splitters' rules, one byte at a time, written the plainest way."""
    start, end, blank = splitter.START, splitter.END, splitter.BLANK
    units, partial, garbage = [], 0, 0
    unit, dropping = None, False
    for byte in (stream[i : i + 1] for i in range(len(stream))):
        if unit is not None:
            if byte == end:
                units.append(unit + end)
                unit = None
            elif byte == start:
                partial += 1
                unit = start
            else:
                unit += byte
                if len(unit) >= splitter.MAX_BYTES:
                    garbage, unit, dropping = garbage + 1, None, True
        elif dropping:
            if byte in (start, end):
                dropping = False
                unit = start if byte == start else None
        elif byte == start:
            unit = start
        elif byte not in blank:
            partial += 1
            dropping = byte != end
    return units, partial, garbage


def split(splitter: LineSplitter | FrameSplitter, chunks: list[bytes]):
    units = [unit for chunk in chunks for unit in splitter.feed(chunk)]
    return units, splitter.partial, splitter.garbage


def line(n: int) -> bytes:
    return encode_line({"n": n})


LINE_STREAM = b"".join(
    [
        b"=21.5*3A\n",  # the tail of a line already under way: partial 1
        line(1),
        b"\r\n",  # a blank line: nothing
        b"$n=2,t",  # cut by the next $: partial 2
        line(3),
        b"$k=" + b"1" * 200 + b"\n",  # over 128 bytes: garbage 1
        line(4),
        b"boot v1.2\r\n",  # a banner: partial 3
        b"$k=" + b"1" * 121 + b"*00\n",  # exactly 128 bytes: a line (its checksum is parse's job)
        line(5),
    ]
)
LINE_UNITS = [line(1), line(3), line(4), b"$k=" + b"1" * 121 + b"*00\n", line(5)]


def test_line_splitter_counts_exactly_whatever_the_chunking():
    expected = (LINE_UNITS, 3, 1)
    assert split(LineSplitter(), [LINE_STREAM]) == expected
    bytewise = [LINE_STREAM[i : i + 1] for i in range(len(LINE_STREAM))]
    assert split(LineSplitter(), bytewise) == expected
    assert reference_split(LINE_STREAM, LineSplitter()) == expected


def test_frame_splitter_counts_exactly_whatever_the_chunking():
    stream = b"".join(
        [
            b"B2F4\x03",  # the tail of a frame: partial 1
            encode_tag_frame(A),
            encode_tag_frame(B)[:6],  # cut by the next STX: partial 2
            encode_tag_frame(B),
            STX + b"0" * MAX_FRAME_BYTES + ETX,  # too long: garbage 1
            b"\x020400e3a1b2f4\r\n\x03",  # ID-12 style
            ETX,  # a stray ETX: partial 3
            encode_tag_frame(A),
        ]
    )
    frames = [encode_tag_frame(A), encode_tag_frame(B), b"\x020400e3a1b2f4\r\n\x03"]
    expected = ([*frames, encode_tag_frame(A)], 3, 1)
    assert split(FrameSplitter(), [stream]) == expected
    assert split(FrameSplitter(), [stream[i : i + 1] for i in range(len(stream))]) == expected
    assert reference_split(stream, FrameSplitter()) == expected


PIECES = st.one_of(
    st.sampled_from([line(7), encode_tag_frame(A), b"$", b"\n", b"\r", STX, ETX, b"x" * 130]),
    st.binary(max_size=40),
)


@given(st.lists(PIECES, max_size=30), st.lists(st.integers(0, 2000), max_size=10))
def test_splitters_follow_the_byte_rules_in_any_chunking(pieces, cuts):
    stream = b"".join(pieces)
    bounds = [0, *sorted(c for c in cuts if c < len(stream)), len(stream)]
    chunks = [stream[a:b] for a, b in itertools.pairwise(bounds)]
    for make in (LineSplitter, FrameSplitter):
        assert split(make(), chunks) == reference_split(stream, make())


def test_a_splitter_reset_counts_the_cut_line():
    splitter = LineSplitter()
    assert splitter.feed(b"$n=1") == []
    splitter.reset()
    assert splitter.feed(b",k=2*00\n" + line(2)) == [line(2)]  # the tail is a fragment too
    assert (splitter.partial, splitter.garbage) == (2, 0)


# --- devices on fake boards -------------------------------------------------------------------


class Events:
    """What a device emitted, waited for by polling a queue against a deadline."""

    def __init__(self) -> None:
        self.queue: queue.Queue[InputEvent] = queue.Queue()
        self.seen: list[InputEvent] = []

    def put(self, event: InputEvent) -> None:
        self.queue.put(event)

    def wait(self, wanted: InputEvent) -> None:
        deadline = time.monotonic() + WAIT_S
        while True:
            try:
                event = self.queue.get(timeout=max(0.0, deadline - time.monotonic()))
            except queue.Empty:
                raise AssertionError(f"no {wanted} in {WAIT_S} s; last: {self.seen[-5:]}") from None
            self.seen.append(event)
            if event == wanted:
                return

    def drain(self) -> list[InputEvent]:
        """Everything seen so far, including what is queued now."""
        while not self.queue.empty():
            self.seen.append(self.queue.get())
        return self.seen

    def of(self, kind: type) -> list[InputEvent]:
        return [e for e in self.drain() if isinstance(e, kind)]


def until(condition: Callable[[], bool]) -> None:
    deadline = time.monotonic() + WAIT_S
    while not condition():
        assert time.monotonic() < deadline, "condition not met in time"
        time.sleep(POLL_S)


@pytest.fixture
def events() -> Events:
    return Events()


@pytest.fixture
def start(events) -> Iterator[Callable[..., SerialBoard | RfidReader]]:
    """start(SerialBoard, fake.path, **options): a started device, stopped after the test."""
    devices: list[SerialBoard | RfidReader] = []

    def start(kind, port: str, **options) -> SerialBoard | RfidReader:
        device = kind("dev", port, None, events.put, **{"retry_s": RETRY_S, **options})
        devices.append(device)
        device.start()
        return device

    yield start
    for device in devices:
        device.stop()


@pytest.fixture
def board(tmp_path) -> Iterator[FakeSensorBoard]:
    with FakeSensorBoard(tmp_path) as fake:
        yield fake


@pytest.fixture
def reader(tmp_path) -> Iterator[FakeRfidReader]:
    with FakeRfidReader(tmp_path) as fake:
        yield fake


def reader_threads() -> list[threading.Thread]:
    return [t for t in threading.enumerate() if t.name == "serial-dev"]


def test_valid_lines_arrive_as_readings(board, start, events):
    device = start(SerialBoard, board.path)
    events.wait(BoardState("dev", "connected"))
    assert device.stats()["last_value_age_s"] is None
    board.send(temp=21.5, hum=40)
    board.send(temp=22)
    events.wait(Reading("dev", "temp", 22.0))
    assert events.of(Reading) == [
        Reading("dev", "temp", 21.5),
        Reading("dev", "hum", 40.0),
        Reading("dev", "temp", 22.0),
    ]
    stats = device.stats()
    assert stats["state"] == "connected"
    assert stats["lines"] == 2
    assert stats["last_value_age_s"] >= 0


def test_bad_input_is_dropped_and_counted_while_good_lines_around_it_arrive(board, start, events):
    device = start(SerialBoard, board.path)
    events.wait(BoardState("dev", "connected"))
    board.send_raw(LINE_STREAM)  # 3 partial, 1 over-long, and a 128-byte line with a bad checksum
    board.send_raw(b"$n=six*" + b"%02X" % (ord("n") ^ ord("=") ^ 0x73 ^ 0x69 ^ 0x78) + b"\n")
    board.send_raw(line(6).replace(b"*", b"*F") + b"\x00\xff noise\n")
    board.send(n=7)
    events.wait(Reading("dev", "n", 7.0))
    assert [e.value for e in events.of(Reading)] == [1.0, 3.0, 4.0, 5.0, 7.0]
    stats = device.stats()
    assert {k: stats[k] for k in ("lines", "garbage", "bad_checksum", "partial")} == {
        "lines": 5,
        "garbage": 3,  # over-long, "n=six", line 6 with three checksum digits
        "bad_checksum": 1,
        "partial": 4,
    }


def test_unplug_and_replug_while_streaming_needs_no_restart(board, start, events, caplog):
    caplog.set_level(logging.INFO, logger="acier.hardware.serial_board")
    device = start(SerialBoard, board.path)
    events.wait(BoardState("dev", "connected"))
    board.run(lambda: {"pot": 0.25}, hz=50)
    events.wait(Reading("dev", "pot", 0.25))
    board.unplug()
    events.wait(BoardState("dev", "disconnected"))
    assert device.stats()["state"] == "disconnected"
    time.sleep(5 * RETRY_S)  # the cable stays out for a few failed reopenings
    board.replug()
    events.wait(BoardState("dev", "connected"))
    events.wait(Reading("dev", "pot", 0.25))
    assert events.of(BoardState) == [
        BoardState("dev", "connected"),
        BoardState("dev", "disconnected"),
        BoardState("dev", "connected"),
    ]
    assert device.stats()["state"] == "connected"
    assert device.stats()["reconnects"] == 1
    warnings = [r.getMessage() for r in caplog.records if r.levelno == logging.WARNING]
    assert len(warnings) == 1, warnings  # the first error only, not one per reopening
    assert "disconnected" in warnings[0]
    assert "after" in caplog.records[-1].getMessage()  # the recovery, at INFO


def test_a_board_absent_at_start_works_once_plugged_in(tmp_path, start, events):
    with FakeSensorBoard(tmp_path, plugged=False) as board:
        device = start(SerialBoard, board.path)
        events.wait(BoardState("dev", "absent"))
        assert device.stats()["state"] == "absent"
        board.replug()
        events.wait(BoardState("dev", "connected"))
        board.send(temp=19.5)
        events.wait(Reading("dev", "temp", 19.5))
        assert events.of(BoardState) == [
            BoardState("dev", "absent"),
            BoardState("dev", "connected"),
        ]
        assert device.stats()["reconnects"] == 0


def test_a_board_that_stops_talking_is_silent_until_it_talks_again(
    board, tmp_path, start, events, caplog
):
    caplog.set_level(logging.INFO, logger="acier.hardware.serial_board")
    with FakeRfidReader(tmp_path, name="rfid") as tags:
        reader = start(RfidReader, tags.path)
        device = start(SerialBoard, board.path)
        events.wait(BoardState("dev", "connected"))
        board.send(temp=20)
        events.wait(BoardState("dev", "silent"))  # a hung sketch: connected, sending nothing
        assert device.stats()["state"] == "silent"
        assert "no valid line for 3." in device.stats()["last_error"]
        assert reader.stats()["state"] == "connected"  # a reader without a tag is quiet by design
        board.send(temp=21)
        events.wait(Reading("dev", "temp", 21.0))
        events.wait(BoardState("dev", "connected"))
        assert "is silent" in caplog.text and "talks again" in caplog.text


def test_a_port_held_by_another_program_is_busy_until_it_is_let_go(board, start, events):
    holder = serial.serial_for_url(board.path, 115200, exclusive=True)  # e.g. a running exhibit
    try:
        device = start(SerialBoard, board.path)
        events.wait(BoardState("dev", "busy"))
        assert "exclusively lock" in device.stats()["last_error"]
    finally:
        holder.close()
    events.wait(BoardState("dev", "connected"))
    board.send(temp=20)
    events.wait(Reading("dev", "temp", 20.0))


def test_a_board_back_from_an_unplug_but_held_by_another_program_says_busy(board, start, events):
    device = start(SerialBoard, board.path, retry_s=1.0)  # slow retries: the holder wins the race
    events.wait(BoardState("dev", "connected"))
    board.unplug()
    events.wait(BoardState("dev", "disconnected"))
    board.replug()
    holder = serial.serial_for_url(board.path, 115200, exclusive=True)
    try:
        events.wait(BoardState("dev", "busy"))  # not "disconnected": the technician must know
    finally:
        holder.close()
    events.wait(BoardState("dev", "connected"))
    stats = device.stats()
    assert stats["reconnects"] == 1 and stats["last_error"] == ""  # no fixed fault shown


def test_why_a_port_would_not_open():
    assert open_trouble(serial.SerialException(errno.ENOENT, "could not open port")) == "absent"
    assert open_trouble(serial.SerialException(errno.EACCES, "could not open port")) == "denied"
    assert open_trouble(PermissionError(errno.EPERM, "Operation not permitted")) == "denied"
    assert open_trouble(serial.SerialException("no errno at all")) == "absent"


def test_stop_returns_even_while_waiting_to_retry(tmp_path, events):
    device = SerialBoard("dev", str(tmp_path / "nothing"), 115200, events.put, retry_s=3600)
    device.start()
    events.wait(BoardState("dev", "absent"))
    device.stop()  # joins the thread; a retry wait that ignored stop would leave it alive
    assert reader_threads() == []


def test_stop_returns_while_connected(board, events):
    device = SerialBoard("dev", board.path, 115200, events.put)
    device.start()
    events.wait(BoardState("dev", "connected"))
    device.stop()
    assert reader_threads() == []


def test_a_flood_of_lines_loses_nothing(board, start, events):
    count = 20_000
    device = start(SerialBoard, board.path)
    events.wait(BoardState("dev", "connected"))
    board.write(b"".join(line(n) for n in range(count)))  # as fast as the pty takes them
    events.wait(Reading("dev", "n", count - 1))
    assert [e.value for e in events.of(Reading)] == list(range(count))
    assert device.stats()["lines"] == count
    assert device.stats()["garbage"] == device.stats()["partial"] == 0


def test_a_socket_url_works_and_its_closing_is_an_unplug(start, events):
    with socket.create_server(("127.0.0.1", 0)) as server:
        server.settimeout(WAIT_S)
        start(SerialBoard, f"socket://127.0.0.1:{server.getsockname()[1]}")
        connection, _ = server.accept()
        with connection:
            events.wait(BoardState("dev", "connected"))
            connection.sendall(line(8))
            events.wait(Reading("dev", "n", 8.0))
        events.wait(BoardState("dev", "disconnected"))


# --- RFID readers -------------------------------------------------------------------------


def test_a_held_tag_is_one_tag(reader, start, events):
    device = start(RfidReader, reader.path)
    assert device.baud == 9600
    events.wait(BoardState("dev", "connected"))
    reader.show(A)
    events.wait(Tag("dev", A))
    until(lambda: device.stats()["lines"] >= 6)  # the frame has repeated five times
    assert events.of(Tag) == [Tag("dev", A)]


def test_a_tag_put_back_is_a_new_tag(reader, start, events):
    device = start(RfidReader, reader.path)
    events.wait(BoardState("dev", "connected"))
    reader.show(A)
    events.wait(Tag("dev", A))
    reader.remove()
    time.sleep(2 * device.hold_s)  # the visitor keeps the token away longer than hold_s
    reader.show(A)
    events.wait(Tag("dev", A))
    seen = device.stats()["lines"]
    until(lambda: device.stats()["lines"] >= seen + 2)
    assert events.of(Tag) == [Tag("dev", A), Tag("dev", A)]


def test_two_tags_alternating_are_each_emitted_at_once(reader, start, events):
    start(RfidReader, reader.path)
    events.wait(BoardState("dev", "connected"))
    for tag in (A, B, A):
        reader.show(tag)
        events.wait(Tag("dev", tag))
    assert events.of(Tag) == [Tag("dev", A), Tag("dev", B), Tag("dev", A)]


def test_a_bad_frame_is_counted_and_dropped(reader, start, events):
    device = start(RfidReader, reader.path)
    events.wait(BoardState("dev", "connected"))
    reader.send_raw(encode_tag_frame(B)[:-3] + b"00" + ETX)  # bad checksum
    reader.send_raw(STX + b"not a tag!!!" + ETX)  # garbage
    reader.send_raw(encode_tag_frame(A))
    events.wait(Tag("dev", A))
    assert events.of(Tag) == [Tag("dev", A)]
    stats = device.stats()
    assert (stats["lines"], stats["bad_checksum"], stats["garbage"]) == (1, 1, 1)


def test_a_reader_unplugged_says_so_once_and_comes_back(reader, start, events):
    device = start(RfidReader, reader.path)
    events.wait(BoardState("dev", "connected"))
    reader.show(A)
    events.wait(Tag("dev", A))
    reader.unplug()
    events.wait(BoardState("dev", "disconnected"))
    reader.replug()  # the token is still on the antenna
    events.wait(BoardState("dev", "connected"))
    until(lambda: device.stats()["lines"] >= 3)
    assert events.of(BoardState) == [
        BoardState("dev", "connected"),
        BoardState("dev", "disconnected"),
        BoardState("dev", "connected"),
    ]
