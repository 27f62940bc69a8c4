"""What every exhibit provides: a pure `Play` (inputs in, interactions and outputs out) and a
`Scene` that draws it. The exhibit loop (`acier/kiosk/exhibit_app.py`) owns the rest: display,
sessions, attract loop, language, fleet, hardware.

Data flows one way: hardware event -> `Play.handle` -> model -> `Interaction`s (to the outbox)
and `Play.outputs()` (to LEDs and relays); the scene reads the play and draws it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal, Protocol

from acier.hardware.inputs import InputEvent


@dataclass(frozen=True)
class Interaction:
    """One thing a visitor did, as an outbox event: a type from `acier/protocol/events.py`."""

    type: str
    data: dict = field(default_factory=dict)


@dataclass(frozen=True)
class Key:
    """What a keyboard key does in simulation: it drives the named input's simulated hardware
    (a mock pin or a fake serial board), or gives an on-screen command directly.

    kind "press": a button, down while the key is down; "turn": an encoder by `amount` detents;
    "reading": adds `amount` to value `key` of a serial board; "token": shows the RFID tag bound
    to token `key` on the reader; "motion": someone walks past the PIR sensor `input`;
    "command": `Play.command(key)`. `command`, if given, is what
    the key does instead when its input is not bound (a lab without a reader still plays).
    `start` is a simulated board value's level before the first key moves it, `limits` the
    ends of its travel (a knob turns only so far).
    """

    kind: Literal["press", "turn", "reading", "token", "motion", "command"]
    input: str = ""
    key: str = ""
    amount: float = 0.0
    command: str = ""
    start: float = 0.0
    limits: tuple[float, float] = (float("-inf"), float("inf"))


class Play(Protocol):
    """An exhibit's rules, with no pygame and no GPIO: tested at full speed."""

    busy: bool
    """A visitor is waiting on the exhibit (a challenge under way): idle is given longer."""

    def is_action(self, event: InputEvent) -> bool:
        """Whether an event is a visitor's doing. Buttons, wheels and tags always are; a board
        reporting every second is not, unless its value moved (a knob was turned)."""

    def handle(self, event: InputEvent) -> list[Interaction]:
        """A hardware event, by input name."""

    def command(self, action: str) -> list[Interaction]:
        """An on-screen button (from `Scene.hit`) or a key's command."""

    def update(self, dt_s: float) -> list[Interaction]:
        """Real seconds since the last frame."""

    def outputs(self) -> dict[str, float]:
        """Wanted level (0..1) of each named output; unbound names are ignored."""

    def reset(self) -> None:
        """A new visitor: start afresh."""


class Scene(Protocol):
    def draw(self, surface, play: Play, language: str, now: float) -> None:
        """Draw the whole screen from the play's state."""

    def hit(self, x: float, y: float) -> str | None:
        """The command of the on-screen button under a touch, if any."""
