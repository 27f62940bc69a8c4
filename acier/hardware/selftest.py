"""The self-test: walk every bound input and output, one at a time, and say which work.

A technician at the exhibit is asked to act on each input in turn (press the button, turn the
wheel both ways, wave at the motion sensor, show a tag); a sensor board passes on its first valid
reading. Each output blinks until the technician says whether they saw (or heard) it: only a
person can tell a lit LED from a dead one, since a pin reads back whatever it was told. A step
with no answer before its timeout fails, and so does every step left when the test is stopped.

Pure: fed typed input events and a clock, it tells the caller which output level to set; the
CLI (`acier selftest`) and the exhibit screen (the `selftest` fleet command) both drive it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from acier.hardware.bindings import InputBinding, OutputBinding
from acier.hardware.inputs import BoardState, InputEvent, Motion, Pressed, Reading, Tag, Turned

STEP_TIMEOUT_S = 20.0  # a technician has this long to act on each input
BLINK_S = 3.0  # each output blinks this long
BLINK_HZ = 2.0

BOARD_TROUBLE = {
    "absent": "port not found",
    "disconnected": "unplugged",
    "silent": "connected but sends nothing",
    "denied": "no permission to open the port (add the user to the dialout group)",
    "busy": "port in use by another program (stop the exhibit first)",
}

INSTRUCTIONS = {
    "button": "press the button",
    "encoder": "turn the wheel one way, then the other",
    "motion": "step out of its view, then wave in front of the motion sensor",
    "board": "waiting for a reading from the board",
    "rfid": "show a tag to the reader",
    "led": "does the LED blink?",
    "pwm_led": "does the LED fade up and down?",
    "relay": "does the relay click?",
}


@dataclass
class Check:
    name: str
    direction: str  # "input" or "output"
    kind: str
    ok: bool | None = None  # None while waiting
    detail: str = ""

    @property
    def instruction(self) -> str:
        return f"{self.name}: {INSTRUCTIONS[self.kind]}"


class SelfTest:
    """Inputs first (a person is needed), then outputs; `finished` once every check is decided."""

    def __init__(
        self,
        inputs: dict[str, InputBinding],
        outputs: dict[str, OutputBinding],
        step_timeout_s: float = STEP_TIMEOUT_S,
        blink_s: float = BLINK_S,
    ) -> None:
        self.checks = [Check(n, "input", b.kind) for n, b in inputs.items()]
        self.checks += [Check(n, "output", b.kind) for n, b in outputs.items()]
        self.step_timeout_s = step_timeout_s
        self.blink_s = blink_s
        self.index = 0
        self._since: float | None = None
        self._turns: set[int] = set()
        self._boards: dict[str, str] = {}  # serial inputs' last known states

    @property
    def current(self) -> Check | None:
        return self.checks[self.index] if self.index < len(self.checks) else None

    @property
    def finished(self) -> bool:
        return self.current is None

    @property
    def passed(self) -> bool:
        return self.finished and all(c.ok for c in self.checks)

    def feed(self, event: InputEvent, now: float) -> None:
        """An input event: passes the current input check if it is that input's answer."""
        check = self.current
        if self._since is None:
            self._since = now  # the first step's clock starts with the first sign of life
        if isinstance(event, BoardState):
            self._boards[event.name] = event.state
        if check is None or check.direction != "input" or event.name != check.name:
            return
        if isinstance(event, (Pressed, Motion)):
            # any change proves a PIR sensor: one already seeing someone can only report leaving
            self._decide(True, "seen", now)
        elif isinstance(event, Turned):
            self._turns.add(1 if event.steps > 0 else -1)
            if len(self._turns) == 2:
                self._decide(True, "both directions", now)
        elif isinstance(event, Reading):
            self._decide(True, f"{event.key}={event.value:g}", now)
        elif isinstance(event, Tag):
            self._decide(True, f"tag {event.tag}", now)

    def awaiting_answer(self, now: float) -> bool:
        """The current output has blinked long enough for a person to say whether it works."""
        check = self.current
        return (
            check is not None
            and check.direction == "output"
            and self._since is not None
            and now - self._since >= self.blink_s
        )

    def tick(self, now: float, set_output: Callable[[str, float], object]) -> None:
        """Advance the clock: time out an input or output nobody answered, blink the output."""
        check = self.current
        if check is None:
            return
        if self._since is None:
            self._since = now
        elapsed = now - self._since
        if check.direction == "input":
            if elapsed >= self.step_timeout_s:
                turned = " (only one direction)" if self._turns else ""
                state = self._boards.get(check.name, "")
                self._decide(False, BOARD_TROUBLE.get(state, "no answer") + turned, now)
            return
        if elapsed >= max(self.step_timeout_s, self.blink_s):
            set_output(check.name, 0.0)
            self._decide(False, "not confirmed", now)
            return
        phase = (elapsed * BLINK_HZ) % 1.0
        if check.kind == "pwm_led":
            level = 1.0 - abs(2.0 * phase - 1.0)
        else:
            level = 1.0 if phase < 0.5 else 0.0
        set_output(check.name, level)

    def answer(self, seen: bool, now: float, set_output: Callable[[str, float], object]) -> None:
        """The technician saw (or heard) the current output work, or did not."""
        check = self.current
        if check is not None and check.direction == "output":
            set_output(check.name, 0.0)
            self._decide(seen, "seen" if seen else "not seen", now)

    def skip(self, now: float, set_output: Callable[[str, float], object]) -> None:
        """The technician gave up on this one (e.g. the part is not fitted yet)."""
        check = self.current
        if check is not None:
            if check.direction == "output":
                set_output(check.name, 0.0)  # never left lit
            self._decide(False, "skipped", now)

    def stop(self, now: float, set_output: Callable[[str, float], object]) -> None:
        """Give up the whole walk: every check not yet decided fails as "stopped"."""
        while self.current is not None:
            check = self.current
            if check.direction == "output":
                set_output(check.name, 0.0)
            self._decide(False, "stopped", now)

    def _decide(self, ok: bool, detail: str, now: float) -> None:
        check = self.checks[self.index]
        check.ok, check.detail = ok, detail
        self.index += 1
        self._since = now
        self._turns = set()

    def table(self) -> str:
        """A pass/fail table for a terminal or a log."""
        width = max([len(c.name) for c in self.checks] + [4])
        lines = [f"{'name':<{width}}  {'kind':<8} {'result':<7} detail"]
        for c in self.checks:
            result = "waiting" if c.ok is None else "pass" if c.ok else "FAIL"
            lines.append(f"{c.name:<{width}}  {c.kind:<8} {result:<7} {c.detail}")
        return "\n".join(lines)

    def results(self) -> dict[str, dict]:
        """The same, as data for a fleet reply."""
        return {c.name: {"kind": c.kind, "ok": bool(c.ok), "detail": c.detail} for c in self.checks}
