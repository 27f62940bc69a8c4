"""Typed input events: what exhibits see of their hardware, by name, never by pin or port.

gpiozero callbacks and serial reader threads turn hardware changes into these and put them on
one queue; the exhibit loop drains it once per frame. Keyboard keys in simulation drive the
same pins and ports, so an exhibit cannot tell a key from a button.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal


@dataclass(frozen=True)
class Pressed:
    """A button went down."""

    name: str


@dataclass(frozen=True)
class Released:
    """A button came back up."""

    name: str


@dataclass(frozen=True)
class Turned:
    """A rotary encoder moved by `steps` detents (positive: clockwise)."""

    name: str
    steps: int


@dataclass(frozen=True)
class Motion:
    """A PIR sensor saw someone (`active`) or stopped seeing anyone."""

    name: str
    active: bool


@dataclass(frozen=True)
class Reading:
    """One value from a serial sensor board, e.g. key "temp" on board "stove"."""

    name: str
    key: str
    value: float


@dataclass(frozen=True)
class Tag:
    """An RFID tag arrived on a reader; `tag` is its id as ten upper-case hex digits."""

    name: str
    tag: str


BoardStateName = Literal["connected", "silent", "disconnected", "absent", "denied", "busy"]


@dataclass(frozen=True)
class BoardState:
    """A serial board or reader was plugged in, fell silent, was unplugged, or could not be
    opened: never found (`absent`), no permission (`denied`), or held by another program
    (`busy`)."""

    name: str
    state: BoardStateName


InputEvent = Pressed | Released | Turned | Motion | Reading | Tag | BoardState
