"""A device's named hardware, live: gpiozero devices and serial readers built from its bindings.

Every change becomes a typed event (see `inputs.py`) on one queue, filled from gpiozero's and
the serial readers' threads and drained by the exhibit loop once a frame, so the loop never
blocks on hardware. Outputs are set by name with a level from 0 to 1.

    hardware = Hardware(config.inputs, config.outputs)   # the Pi's own pins
    hardware.start()
    for event in hardware.poll():
        ...
    hardware.set_output("hearth", 0.7)

On a laptop, `pin_factory=MockFactory(pin_class=MockPWMPin)` and `ports` pointing at fake
boards (see `simulation.py`) run the same code with no hardware.
"""

from __future__ import annotations

import logging
import queue

from acier.hardware.bindings import InputBinding, OutputBinding
from acier.hardware.inputs import InputEvent, Motion, Pressed, Released, Turned
from acier.hardware.serial_board import RfidReader, SerialBoard

log = logging.getLogger(__name__)


class Hardware:
    """Inputs and outputs of one device by name; nothing outside sees a pin or a port."""

    def __init__(
        self,
        inputs: dict[str, InputBinding],
        outputs: dict[str, OutputBinding],
        pin_factory=None,
        ports: dict[str, str] | None = None,
    ) -> None:
        """`ports` replaces the serial port of a named input (fake boards in simulation)."""
        self.inputs = inputs
        self.events: queue.SimpleQueue[InputEvent] = queue.SimpleQueue()
        self._devices: list = []
        self._outputs: dict[str, object] = {}
        self._levels: dict[str, float | None] = {}  # the level each output was last given
        self.readers: dict[str, SerialBoard | RfidReader] = {}
        ports = ports or {}
        for name, binding in inputs.items():
            self._build_input(name, binding, pin_factory, ports.get(name))
        for name, binding in outputs.items():
            self._outputs[name] = self._build_output(binding, pin_factory)

    def _build_input(self, name: str, binding: InputBinding, factory, port: str | None) -> None:
        from gpiozero import Button, MotionSensor, RotaryEncoder

        put = self.events.put
        kind = binding.kind
        if kind == "button":
            device = Button(
                binding.button, bounce_time=binding.bounce_s or None, pin_factory=factory
            )
            device.when_pressed = lambda: put(Pressed(name))
            device.when_released = lambda: put(Released(name))
        elif kind == "motion":
            device = MotionSensor(binding.motion, pin_factory=factory)
            device.when_motion = lambda: put(Motion(name, True))
            device.when_no_motion = lambda: put(Motion(name, False))
        elif kind == "encoder":
            a, b = binding.encoder
            device = RotaryEncoder(a, b, max_steps=0, pin_factory=factory)
            device.when_rotated_clockwise = lambda: put(Turned(name, 1))
            device.when_rotated_counter_clockwise = lambda: put(Turned(name, -1))
        else:
            reader_class = SerialBoard if kind == "board" else RfidReader
            self.readers[name] = reader_class(name, port or binding.port, binding.baud, put)
            return
        self._devices.append(device)

    def _build_output(self, binding: OutputBinding, factory):
        from gpiozero import LED, PWMLED, OutputDevice

        device_class = {"led": LED, "pwm_led": PWMLED, "relay": OutputDevice}[binding.kind]
        device = device_class(binding.pins[0], active_high=binding.active_high, pin_factory=factory)
        self._devices.append(device)
        return device

    def start(self) -> None:
        """Start the serial readers (GPIO devices are live from construction)."""
        for reader in self.readers.values():
            reader.start()

    def poll(self) -> list[InputEvent]:
        """Every event since the last call, oldest first; never blocks."""
        events = []
        while True:
            try:
                events.append(self.events.get_nowait())
            except queue.Empty:
                return events

    def set_output(self, name: str, level: float) -> bool:
        """Drive a named output: brightness for a PWM LED, on above one half otherwise.

        Called every frame: the pin is written only when the level changes, and then read back
        to say whether it took it (False for an unbound name or a refused level)."""
        device = self._outputs.get(name)
        if device is None:
            return False
        level = min(1.0, max(0.0, level))
        if not hasattr(device, "frequency"):  # on or off
            level = 1.0 if level > 0.5 else 0.0
        last = self._levels.get(name)
        if last is not None and abs(last - level) <= 0.004:
            return True
        device.value = level
        took = abs(device.value - level) <= 0.004
        self._levels[name] = level if took else None
        return took

    def board_states(self) -> dict[str, dict]:
        """Each serial board's and reader's state and counters, for the device status."""
        return {name: reader.stats() for name, reader in self.readers.items()}

    def close(self) -> None:
        for reader in self.readers.values():
            reader.stop()
        for device in self._devices:
            try:
                device.close()
            except Exception:  # a device already gone at shutdown is not worth a crash
                log.debug("closing %s failed", device, exc_info=True)
