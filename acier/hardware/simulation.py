"""Hardware without hardware: a device's bindings on gpiozero's mock pins and fake serial boards.

`acier demo`, `acier kiosk --simulate`, `acier selftest --simulate`, the tests and the
benchmarks all run the real `Hardware` on these: a simulated button press is a mock pin pulled
low, so gpiozero's debounce and callbacks run as on a Pi; a simulated reading is a checksummed
line written into a pty, so the serial reader parses it as it would a real board's.
"""

from __future__ import annotations

import tempfile
import time
from pathlib import Path

from gpiozero.pins.mock import MockFactory, MockPWMPin

from acier.hardware.bindings import InputBinding, OutputBinding
from acier.hardware.devices import Hardware
from acier.hardware.fake_board import FakeRfidReader, FakeSensorBoard
from acier.hardware.selftest import Check

# one detent of a quadrature encoder, clockwise: (A, B) levels, from rest (both high)
DETENT_CW = ((0, 1), (0, 0), (1, 0), (1, 1))
DETENT_CCW = ((1, 0), (0, 0), (0, 1), (1, 1))
DEMO_TAG = "0102030405"
BOARD_HZ = 2.0  # a simulated board repeats its values this often, as real ones do to stay alive
PIR_SETTLE_S = 0.25  # longer than a MotionSensor's sampling, so it sees nobody before someone


class Simulation:
    """Mock pins and fake boards for every binding; `hardware()` builds the real driver on them."""

    def __init__(
        self,
        inputs: dict[str, InputBinding],
        outputs: dict[str, OutputBinding],
        folder: Path | None = None,
    ) -> None:
        self.inputs = inputs
        self.outputs = outputs
        self.factory = MockFactory(pin_class=MockPWMPin)
        self._tmp = None if folder else tempfile.TemporaryDirectory(prefix="acier-ports-")
        folder = folder or Path(self._tmp.name)
        self.fakes: dict[str, FakeSensorBoard | FakeRfidReader] = {}
        for name, binding in inputs.items():
            if binding.kind == "board":
                self.fakes[name] = FakeSensorBoard(folder, name)
            elif binding.kind == "rfid":
                self.fakes[name] = FakeRfidReader(folder, name)
        self.values: dict[tuple[str, str], float] = {}  # last value sent per (board, key)

    def stream_boards(self, starts: dict[tuple[str, str], float]) -> None:
        """Every fake sensor board repeats its latest values `BOARD_HZ` times a second, from
        `starts` ((board, key) -> value) until a key moves them: a knob's board always talks."""
        for where, value in starts.items():
            if where[0] in self.fakes:
                self.values.setdefault(where, value)
        for name, fake in self.fakes.items():
            if isinstance(fake, FakeSensorBoard):
                fake.run(lambda name=name: self._board_values(name), BOARD_HZ)

    def _board_values(self, name: str) -> dict[str, float]:
        return {key: v for (board, key), v in list(self.values.items()) if board == name}

    def hardware(self) -> Hardware:
        ports = {name: fake.path for name, fake in self.fakes.items()}
        return Hardware(self.inputs, self.outputs, self.factory, ports)

    def _pin(self, name: str, index: int = 0):
        return self.factory.pin(self.inputs[name].pins[index])

    def press(self, name: str) -> None:
        self._pin(name).drive_low()  # buttons pull the pin to ground

    def release(self, name: str) -> None:
        self._pin(name).drive_high()

    def turn(self, name: str, steps: int) -> None:
        a, b = self._pin(name, 0), self._pin(name, 1)
        for _ in range(abs(steps)):
            for level_a, level_b in DETENT_CW if steps > 0 else DETENT_CCW:
                a.drive_high() if level_a else a.drive_low()
                b.drive_high() if level_b else b.drive_low()

    def motion(self, name: str, active: bool) -> None:
        self._pin(name).drive_high() if active else self._pin(name).drive_low()

    def send(self, name: str, **values: float) -> None:
        """A sensor board sends one line of readings."""
        for key, value in values.items():
            self.values[(name, key)] = value
        self.fakes[name].send(**values)

    def nudge(
        self,
        name: str,
        key: str,
        amount: float,
        start: float = 0.0,
        limits: tuple[float, float] = (float("-inf"), float("inf")),
    ) -> None:
        """Move a board's value by `amount` (a knob turned a little, within its travel)."""
        value = self.values.get((name, key), start) + amount
        self.send(name, **{key: min(limits[1], max(limits[0], value))})

    def show_tag(self, name: str, tag: str) -> None:
        self.fakes[name].show(tag)

    def remove_tag(self, name: str) -> None:
        self.fakes[name].remove()

    def act(self, check: Check) -> None:
        """Do what the self-test asks of a technician (`acier selftest --simulate`)."""
        name = check.name
        if check.direction == "output":
            self.factory.pin(self.outputs[name].pins[0]).clear_states()
            return
        if check.kind == "button":
            self.press(name)
            self.release(name)
        elif check.kind == "encoder":
            self.turn(name, 1)
            self.turn(name, -1)
        elif check.kind == "motion":
            self.motion(name, False)
            time.sleep(PIR_SETTLE_S)
            self.motion(name, True)
        elif check.kind == "board":
            self.send(name, value=1.0)
        elif check.kind == "rfid":
            self.show_tag(name, DEMO_TAG)

    def saw(self, check: Check) -> bool:
        """What a simulated technician answers for an output: its pin took more than one level
        since `act` (it blinked), as a person would see it."""
        pin = self.factory.pin(self.outputs[check.name].pins[0])
        return len({round(float(s.state), 3) for s in pin.states}) > 1

    def close(self) -> None:
        for fake in self.fakes.values():
            fake.close()
        if self._tmp:
            self._tmp.cleanup()
