"""Hardware bindings in a device file: named inputs and outputs on GPIO pins and serial ports.

Exhibits see only the names; which pin or port is behind a name is the technician's business:

    inputs:
      ore: {button: 17}                          # BCM pin; pressed pulls it to ground
      blast: {encoder: [5, 6]}                   # a rotary encoder's A and B pins
      visitor: {motion: 4}                       # a PIR sensor
      thermo: {board: /dev/ttyACM0, baud: 115200}  # a serial sensor board
      tokens: {rfid: /dev/ttyUSB0}               # a serial RFID reader
    outputs:
      hearth: {pwm_led: 12}
      ready: {led: 13}
      tap_light: {relay: 16}

Pure: validation only (ports are compared with their symlinks resolved), nothing touches
hardware here.
"""

from __future__ import annotations

import os
from typing import Annotated, ClassVar

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, model_validator

from acier.exhibits import Wiring
from acier.yamlfile import Location, Positioned, Problem

# BCM GPIO numbers on the 40-pin header; 0 and 1 are reserved for the HAT ID EEPROM
Pin = Annotated[int, Field(ge=2, le=27)]
Port = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]


class _Binding(BaseModel):
    """One named piece of hardware: exactly one of the KINDS keys says what it is."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    KINDS: ClassVar[tuple[str, ...]] = ()

    @model_validator(mode="after")
    def _one_kind(self) -> _Binding:
        self.kind  # noqa: B018 - raises unless exactly one kind is given
        return self

    @property
    def kind(self) -> str:
        given = [k for k in self.KINDS if getattr(self, k) is not None]
        if len(given) != 1:
            raise ValueError(f"give exactly one of {', '.join(self.KINDS)}")
        return given[0]

    @property
    def pins(self) -> tuple[int, ...]:
        value = getattr(self, self.kind)
        return (
            tuple(value) if isinstance(value, tuple) else (value,) if isinstance(value, int) else ()
        )

    @property
    def port(self) -> str | None:
        value = getattr(self, self.kind)
        return value if isinstance(value, str) else None


class InputBinding(_Binding):
    KINDS: ClassVar[tuple[str, ...]] = ("button", "motion", "encoder", "board", "rfid")

    button: Pin | None = None
    motion: Pin | None = None
    encoder: tuple[Pin, Pin] | None = None
    board: Port | None = None
    rfid: Port | None = None
    baud: Annotated[int, Field(ge=1200, le=4_000_000)] | None = None  # serial only
    bounce_s: Annotated[float, Field(ge=0, le=1)] = 0.05  # buttons only

    @model_validator(mode="after")
    def _check(self) -> InputBinding:
        if self.baud is not None and self.port is None:
            raise ValueError("baud is for a serial board or RFID reader")
        if "bounce_s" in self.model_fields_set and self.kind != "button":
            raise ValueError("bounce_s is for a button")
        if self.encoder and self.encoder[0] == self.encoder[1]:
            raise ValueError("an encoder's two pins must differ")
        return self


class OutputBinding(_Binding):
    KINDS: ClassVar[tuple[str, ...]] = ("led", "pwm_led", "relay")

    led: Pin | None = None
    pwm_led: Pin | None = None
    relay: Pin | None = None
    active_high: bool = True


def _place(doc: Positioned, loc: Location) -> str:
    """`inputs.ore (site.yaml:12)`: where an earlier use is, for a message about a later one."""
    first = doc.problem(loc, "")
    return f"{'.'.join(map(str, loc[:2]))} ({first.path.name}:{first.line})"


def binding_problems(
    doc: Positioned,
    inputs: dict[str, InputBinding],
    outputs: dict[str, OutputBinding],
    role: str,
    wiring: Wiring,
) -> list[Problem]:
    """Pins or serial ports used twice; inputs the role needs but lacks; names it would
    ignore (warnings) or read as the wrong kind (errors)."""
    problems: list[Problem] = []
    pins: dict[int, Location] = {}
    ports: dict[str, Location] = {}
    bound = [(("inputs", n), b) for n, b in inputs.items()]
    bound += [(("outputs", n), b) for n, b in outputs.items()]
    for loc, binding in bound:
        where = (*loc, binding.kind)
        for pin in binding.pins:
            first = pins.setdefault(pin, where)
            if first != where:
                message = f"pin {pin} is also used by {_place(doc, first)}"
                problems.append(doc.problem(where, message))
        port = binding.port
        if port:
            # one device under two spellings (a by-id link and its target) is still one device
            same = os.path.realpath(port) if port.startswith("/") else port
            first = ports.setdefault(same, where)
            if first != where:
                message = f"serial port {port} is also used by {_place(doc, first)}"
                problems.append(doc.problem(where, message))
    who = f"the {role} {wiring.noun}"
    for name, kind in wiring.needs.items():
        if name not in inputs:
            at = ("inputs",) if inputs else ("role",)
            message = f"{who} needs an input {name!r} ({kind}); bind it under inputs:"
            problems.append(doc.problem(at, message, at_key=bool(inputs)))
    known_inputs = {**wiring.needs, **wiring.inputs}
    for name, binding in inputs.items():
        if name not in known_inputs and binding.kind == "motion":
            continue  # a PIR sensor by any name
        kinds = (known_inputs[name],) if name in known_inputs else None
        problems += _kind_problems(doc, who, "inputs", name, binding, kinds, list(known_inputs))
    for name, binding in outputs.items():
        kinds = wiring.outputs.get(name)
        problems += _kind_problems(doc, who, "outputs", name, binding, kinds, list(wiring.outputs))
    return problems


def _kind_problems(
    doc: Positioned,
    who: str,
    section: str,
    name: str,
    binding: InputBinding | OutputBinding,
    kinds: tuple[str, ...] | None,
    known: list[str],
) -> list[Problem]:
    """A bound name the role (`who`, "the alloy_lab exhibit") reads as another kind, or never
    reads at all."""
    where = (section, name, binding.kind)
    if kinds is None:
        if section == "outputs":
            uses = ", ".join(known) or "none"
        elif known:
            uses = f"{', '.join(known)} and motion sensors by any name"
        else:
            uses = "only motion sensors, by any name"
        message = f"{who} does not use {section[:-1]} {name!r}, so it is ignored (it uses: {uses})"
        return [doc.problem((section, name), message, "warning", at_key=True)]
    if binding.kind in kinds:
        return []
    wanted = " or ".join(kinds)
    article = "an" if binding.kind[0] in "aeiou" else "a"
    message = f"{who} needs {name!r} to be a {wanted}, not {article} {binding.kind}"
    return [doc.problem(where, message)]
