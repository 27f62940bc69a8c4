"""Named hardware on gpiozero's MockFactory and fake serial boards; the self-test walk."""

from __future__ import annotations

import time

import pytest
from gpiozero.pins.mock import MockFactory

from acier.cli import main
from acier.hardware.bindings import InputBinding, OutputBinding
from acier.hardware.devices import Hardware
from acier.hardware.inputs import BoardState, Motion, Pressed, Reading, Released, Tag, Turned
from acier.hardware.selftest import SelfTest
from acier.hardware.simulation import Simulation

INPUTS = {
    "ore": InputBinding(button=17, bounce_s=0),
    "blast": InputBinding(encoder=(5, 6)),
    "visitor": InputBinding(motion=4),
    "stove": InputBinding(board="/dev/ttyACM0"),
    "tokens": InputBinding(rfid="/dev/ttyUSB0"),
}
OUTPUTS = {
    "hearth": OutputBinding(pwm_led=12),
    "tap_light": OutputBinding(relay=16, active_high=False),
    "ready": OutputBinding(led=13),
}


@pytest.fixture
def rig(tmp_path):
    sim = Simulation(INPUTS, OUTPUTS, tmp_path)
    hardware = sim.hardware()
    hardware.start()
    yield sim, hardware
    hardware.close()
    sim.close()


def gpio(events):
    return [e for e in events if not isinstance(e, BoardState)]


def collect(hardware, want, timeout=5.0):
    """Poll the hardware's queue until `want(events)` holds, or fail with what arrived."""
    events = []
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        events += hardware.poll()
        if want(events):
            return events
        time.sleep(0.005)
    raise AssertionError(f"timed out; got {events}")


def test_buttons_encoders_and_motion_arrive_by_name(rig):
    sim, hardware = rig
    sim.press("ore")
    sim.release("ore")
    sim.turn("blast", 3)
    sim.turn("blast", -2)
    events = collect(hardware, lambda e: len(gpio(e)) >= 7)
    assert gpio(events)[:2] == [Pressed("ore"), Released("ore")]
    assert gpio(events)[2:] == [Turned("blast", 1)] * 3 + [Turned("blast", -1)] * 2

    # gpiozero samples a PIR sensor at 10 Hz and its first sample sets the level without an
    # edge: let it see the empty hall first, as it would after booting
    time.sleep(0.3)
    sim.motion("visitor", True)
    collect(hardware, lambda e: Motion("visitor", True) in e)


def test_board_readings_and_tags_arrive_as_typed_events(rig):
    sim, hardware = rig
    collect(hardware, lambda e: e.count(BoardState("stove", "connected")) == 1)
    sim.send("stove", temp=1150.0)
    sim.nudge("stove", "temp", -50.0)
    events = collect(hardware, lambda e: len([x for x in e if isinstance(x, Reading)]) == 2)
    readings = [x for x in events if isinstance(x, Reading)]
    assert readings == [Reading("stove", "temp", 1150.0), Reading("stove", "temp", 1100.0)]
    sim.show_tag("tokens", "0A00000003")
    assert collect(hardware, lambda e: Tag("tokens", "0A00000003") in e)
    assert hardware.board_states()["stove"]["lines"] == 2


def test_outputs_drive_the_pins_with_their_polarity(rig):
    sim, hardware = rig
    assert hardware.set_output("hearth", 0.37)
    assert sim.factory.pin(12).state == pytest.approx(0.37)
    assert hardware.set_output("tap_light", 1.0)
    assert sim.factory.pin(16).state == 0  # active low: on pulls the pin down
    assert hardware.set_output("ready", 0.8)
    assert sim.factory.pin(13).state == 1
    assert not hardware.set_output("nothing", 1.0)


def test_a_board_missing_at_start_is_reported_and_the_rest_works(tmp_path):
    inputs = {"ore": InputBinding(button=17), "stove": InputBinding(board=str(tmp_path / "gone"))}
    hardware = Hardware(inputs, {}, MockFactory())
    hardware.start()
    try:
        assert collect(hardware, lambda e: BoardState("stove", "absent") in e)
        assert hardware.board_states()["stove"]["state"] == "absent"
    finally:
        hardware.close()


class Clock:
    def __init__(self) -> None:
        self.now = 0.0


def test_selftest_walks_inputs_then_outputs_and_fails_what_nobody_confirms(rig):
    sim, hardware = rig
    test = SelfTest(INPUTS, OUTPUTS, step_timeout_s=5.0, blink_s=1.0)
    clock = Clock()
    levels = []

    def set_output(name, level):
        levels.append((name, level))
        return hardware.set_output(name, level)

    while not test.finished:
        check = test.current
        test.tick(clock.now, set_output)
        if check.direction == "output":
            sim.act(check)
            assert not sim.saw(check)  # nothing has blinked yet
            while not test.awaiting_answer(clock.now):
                clock.now += 0.1
                test.tick(clock.now, set_output)
            if check.name == "tap_light":  # the technician walked away: its time runs out
                clock.now += 5.0
                test.tick(clock.now, set_output)
            else:
                test.answer(sim.saw(check), clock.now, set_output)
            continue
        if check.name != "visitor":  # nobody waves at the motion sensor
            sim.act(check)
        deadline = time.monotonic() + 2.0
        while test.current is check and time.monotonic() < deadline:
            for event in hardware.poll():
                test.feed(event, clock.now)
            time.sleep(0.002)
        if test.current is check:  # nobody answered: let its time run out
            clock.now += 6.0
            test.tick(clock.now, set_output)
    results = test.results()
    assert {n for n, r in results.items() if not r["ok"]} == {"visitor", "tap_light"}
    assert results["visitor"]["detail"] == "no answer"
    assert results["tap_light"]["detail"] == "not confirmed"
    assert results["hearth"]["detail"] == "seen"
    assert results["blast"]["detail"] == "both directions"
    assert results["tokens"]["detail"] == "tag 0102030405"
    assert {name for name, _ in levels} == set(OUTPUTS)
    pins = sim.factory.pin
    assert (pins(12).state, pins(16).state, pins(13).state) == (0, 1, 0)  # all off (16: low on)
    assert not test.passed
    assert "FAIL" in test.table().splitlines()[3]


def test_a_pir_already_seeing_someone_passes_when_they_step_away():
    test = SelfTest({"visitor": InputBinding(motion=4)}, {"ready": OutputBinding(led=13)})
    test.feed(Motion("visitor", False), 1.0)
    assert test.results()["visitor"] == {"kind": "motion", "ok": True, "detail": "seen"}
    test.answer(False, 2.0, lambda *_: None)  # the technician saw no light
    assert test.results()["ready"]["detail"] == "not seen" and not test.passed


def test_stopping_a_selftest_fails_every_check_left_and_switches_the_output_off(rig):
    sim, hardware = rig
    test = SelfTest({"ore": INPUTS["ore"]}, OUTPUTS, step_timeout_s=5.0)
    test.feed(Pressed("ore"), 0.0)
    test.tick(0.1, hardware.set_output)  # the hearth LED blinks, lit
    assert sim.factory.pin(12).state > 0
    test.stop(0.2, hardware.set_output)
    assert test.finished and sim.factory.pin(12).state == 0
    assert [r["detail"] for r in test.results().values()] == ["seen"] + ["stopped"] * 3


def test_selftest_skip_and_a_wheel_turned_one_way_only():
    inputs = {"blast": InputBinding(encoder=(5, 6)), "ore": InputBinding(button=17)}
    test = SelfTest(inputs, {}, step_timeout_s=5.0)
    test.feed(Turned("blast", 1), 0.0)
    test.feed(Turned("blast", 1), 1.0)
    test.tick(6.0, lambda *_: True)
    assert test.checks[0].ok is False and "only one direction" in test.checks[0].detail
    test.feed(Pressed("other"), 6.5)  # not the input asked for
    assert test.current.name == "ore"
    test.skip(7.0, lambda *_: True)
    assert test.finished and test.results()["ore"] == {
        "kind": "button",
        "ok": False,
        "detail": "skipped",
    }


def test_a_skipped_blink_leaves_the_output_off_and_a_missing_board_says_so(rig):
    sim, hardware = rig
    stove = {"stove": InputBinding(board="/dev/ttyACM9")}
    test = SelfTest(stove, {"hearth": OutputBinding(pwm_led=12)}, step_timeout_s=5.0)
    test.feed(BoardState("stove", "absent"), 0.0)  # found absent at boot
    test.tick(6.0, hardware.set_output)
    assert test.results()["stove"]["detail"] == "port not found"
    test.tick(6.3, hardware.set_output)  # the LED is mid-blink, lit
    assert sim.factory.pin(12).state > 0
    test.skip(6.4, hardware.set_output)
    assert sim.factory.pin(12).state == 0 and test.finished


def test_selftest_command_line_with_a_simulated_technician(tmp_path, capsys):
    config = tmp_path / "bench.yaml"
    config.write_text(
        "device: bench-1\nrole: timeline\nmedia: .\n"
        "inputs:\n  ore: {button: 17}\n  blast: {encoder: [5, 6]}\n"
        "  stove: {board: /dev/ttyACM0}\n  visitor: {motion: 4}\n"
        "outputs:\n  hearth: {pwm_led: 12}\n  tap_light: {relay: 16}\n"
    )
    assert main(["selftest", str(config), "--simulate", "--timeout", "5"]) == 0
    out = capsys.readouterr().out
    assert "[1/6] ore: press the button" in out
    table = out[out.index("name ") :].splitlines()
    assert [line.split()[2] for line in table[1:]] == ["pass"] * 6
