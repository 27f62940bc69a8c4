"""The alloy lab's rules at the exhibit: tokens, the temperature wheel and touches in; the recipe,
its verdict and `alloy.compose` / `alloy.treat` interactions out.

Pure (no pygame, no GPIO): the exhibit loop feeds it hardware events and on-screen commands and
the scene reads its state. The wiring, from `config/alloy-1.yaml`:

    tokens       RFID reader   one element token per tag id (`tokens:` in the device file)
    temperature  encoder       the marker on the Fe–C diagram, 10 °C per detent
    clear        button        start a new alloy

A lab without a reader (no `tokens` input) shows every element as a chip to touch instead.

Each token put on the reader, or touch of an element's chip, climbs its element one rung of
`model.LEVELS` (iron is the base). Commands (from `AlloyScene.hit` or a key):
"treat:<treatment>", "tap:<El>" (a touch on a chip), "remove:<El>", "add:<El>" (a key standing
in for a token), "clear", "temp:+", "temp:-", "temp:<°C>" (a tap on the diagram), "abandon".

    >>> play = AlloyPlay({"0A00000001": "Fe", "0A00000002": "C"})
    >>> [i.type for i in play.handle(Tag("tokens", "0A00000001"))]
    ['alloy.compose']
    >>> play.handle(Tag("tokens", "0A00000002"))[0].data["composition"]
    {'C': 0.05}
    >>> play.command("treat:quench")[0].data["structure"]
    ['martensite', 'austenite']
"""

from __future__ import annotations

import logging
import math

from acier.exhibits.alloy_lab.model import (
    ELEMENTS,
    LEVELS,
    MAX_PCT,
    TEMPERATURE_RANGE,
    TREATMENTS,
    Alloy,
    Verdict,
    analyse,
    classify,
)
from acier.exhibits.base import Interaction, Key
from acier.hardware.inputs import InputEvent, Pressed, Reading, Tag, Turned

log = logging.getLogger(__name__)

TOKEN_INPUT = "tokens"
TEMPERATURE_INPUT = "temperature"
CLEAR_INPUT = "clear"

START_TREATMENT = "slow_cool"
START_TEMP_C = 900.0
"""A fresh recipe is slowly cooled, and the diagram's marker starts in the austenite field of
plain steels, where the first carbon tokens show something happening."""

DETENT_C = 10.0  # one detent of the temperature wheel
TOUCH_STEP_C = 50.0  # one tap on an on-screen temperature button: a wheel turn's worth
FEEDBACK_S = 4.0  # how long a short message ("this token is not recognised") stays
CHANGE_GLOW_S = 1.2  # how long the chip of the element that just changed glows

KEYS: dict[str, Key] = {
    **{
        str(i): Key("token", TOKEN_INPUT, element, command=f"add:{element}")
        for i, element in enumerate(ELEMENTS, start=1)
    },
    "up": Key("turn", TEMPERATURE_INPUT, amount=1, command="temp:+"),
    "down": Key("turn", TEMPERATURE_INPUT, amount=-1, command="temp:-"),
    "backspace": Key("press", CLEAR_INPUT, command="clear"),
    "f1": Key("command", key="treat:slow_cool"),
    "f2": Key("command", key="treat:air_cool"),
    "f3": Key("command", key="treat:quench"),
    "f4": Key("command", key="treat:quench_temper"),
}
"""Simulation keys (pygame key names): 1-9 show the tokens of Fe C Cr Ni Mn Mo V W Si on the
reader, up/down turn the temperature wheel one detent, backspace presses "clear", F1-F4 pick a
heat treatment as the touch buttons do."""


def _clamp_temp(temp_c: float) -> float:
    low, high = TEMPERATURE_RANGE
    return max(low, min(high, float(temp_c)))


class AlloyPlay:
    """The visitor's recipe, treatment and diagram temperature, and what the model says of them.

    `tokens` maps tag ids (as the reader sends them) to element symbols.
    """

    def __init__(self, tokens: dict[str, str] | None = None) -> None:
        self.tokens = {tag.upper(): element for tag, element in (tokens or {}).items()}
        unknown = sorted(set(self.tokens.values()) - set(ELEMENTS))
        if unknown:
            raise ValueError(f"tokens name unknown elements: {', '.join(unknown)}")
        self.reset()

    # ---- state -------------------------------------------------------------------------------

    def reset(self) -> None:
        """A new visitor: an empty crucible (no iron), slow cooling, the marker at 900 °C."""
        self.alloy = Alloy()
        self.treatment = START_TREATMENT
        self.temp_c = START_TEMP_C
        self.feedback: str | None = None
        self.feedback_element = ""
        self.feedback_age = 0.0
        self.changed: str | None = None  # element whose amount just changed
        self.changed_age = 0.0
        self.verdict: Verdict = analyse(self.alloy, self.treatment, self.temp_c)

    def _refresh(self) -> None:
        verdict = self.verdict
        if (verdict.alloy, verdict.treatment, verdict.temp_c) != (
            self.alloy,
            self.treatment,
            self.temp_c,
        ):
            self.verdict = analyse(self.alloy, self.treatment, self.temp_c)

    def _say(self, feedback: str, element: str = "") -> None:
        self.feedback, self.feedback_element, self.feedback_age = feedback, element, 0.0

    @property
    def composition(self) -> dict[str, float]:
        """The alloying elements in wt % (iron is the balance), as events carry them."""
        return self.alloy.as_dict()

    # ---- changes -----------------------------------------------------------------------------

    def _compose(self, element: str, change: str, via: str) -> Interaction:
        return Interaction(
            "alloy.compose",
            {
                "element": element,
                "change": change,
                "via": via,
                "composition": self.composition,
                "family": classify(self.alloy),
            },
        )

    def add(self, element: str, via: str) -> list[Interaction]:
        """One more token of `element`: the next rung, or a message when nothing changes."""
        before = self.alloy
        after = before.add(element)
        if element != "Fe" and not before.has_iron:
            self._say("no_iron")  # kept, but nothing counts until the iron is there
        if after == before:
            if element == "Fe":
                self._say("iron_already")
            else:
                current, rungs = before.get(element), LEVELS[element]
                at_top = current >= min(rungs[-1], MAX_PCT[element]) - 1e-9
                self._say("top_rung" if at_top else "mix_full", element)
            return []
        self.alloy = after
        self.changed, self.changed_age = element, 0.0
        if element == "Fe" and self.feedback == "no_iron":
            self.feedback = None  # asked and answered
        self._refresh()
        return [self._compose(element, "add", via)]

    def remove(self, element: str, via: str) -> list[Interaction]:
        """One token of `element` taken back (down one rung); nothing if it is not there."""
        before = self.alloy
        present = before.has_iron if element == "Fe" else before.get(element) > 0
        if not present:
            return []
        self.alloy = before.remove(element)
        self.changed, self.changed_age = element, 0.0
        self._refresh()
        return [self._compose(element, "remove", via)]

    def clear(self, via: str) -> list[Interaction]:
        """Empty the crucible; the treatment and the temperature stay where they are."""
        self.alloy = Alloy()
        self.changed = None
        self.feedback = None
        self._refresh()
        return [self._compose("Fe", "clear", via)]

    def treat(self, treatment: str) -> list[Interaction]:
        """Choose a heat treatment: what the microscope and hardness tester then show."""
        self.treatment = treatment
        self._refresh()
        micro = self.verdict.microstructure
        matches = self.verdict.matches
        return [
            Interaction(
                "alloy.treat",
                {
                    "treatment": treatment,
                    "composition": self.composition,
                    "structure": [name for name, _ in micro.constituents],
                    "hardness_hv": tuple(float(v) for v in micro.hardness_hv),
                    "grade": matches[0].grade.id if matches else None,
                },
            )
        ]

    def set_temperature(self, temp_c: float) -> None:
        """Move the diagram's marker; clamped to the diagram (no event: it is a knob). A
        reading that is no number (NaN, infinity) leaves it where it was."""
        if not math.isfinite(temp_c):
            return
        self.temp_c = _clamp_temp(temp_c)
        self._refresh()

    # ---- the Play protocol -------------------------------------------------------------------

    def handle(self, event: InputEvent) -> list[Interaction]:
        if isinstance(event, Tag):
            element = self.tokens.get(event.tag.upper())
            if element is None:
                self._say("unknown_token")
                log.info("tag %s on %s is not a token of this lab", event.tag, event.name)
                return []
            return self.add(element, "token")
        if isinstance(event, Turned) and event.name == TEMPERATURE_INPUT:
            self.set_temperature(self.temp_c + DETENT_C * event.steps)
            return []
        if isinstance(event, Pressed) and event.name == CLEAR_INPUT:
            return self.clear("button")
        return []

    def command(self, action: str) -> list[Interaction]:
        verb, _, arg = action.partition(":")
        if verb == "treat" and arg in TREATMENTS:
            return self.treat(arg)
        if verb == "add" and arg in ELEMENTS:
            return self.add(arg, "key")
        if verb == "tap" and arg in ELEMENTS:
            return self.add(arg, "touch")
        if verb == "remove" and arg in ELEMENTS:
            return self.remove(arg, "touch")
        if action == "clear":
            return self.clear("touch")
        if verb == "temp":
            if arg in ("+", "-"):
                step = TOUCH_STEP_C if arg == "+" else -TOUCH_STEP_C
                self.set_temperature(self.temp_c + step)
            else:
                try:
                    self.set_temperature(float(arg))
                except ValueError:
                    log.warning("bad temperature command %r", action)
            return []
        if action != "abandon":
            log.warning("unknown alloy lab command %r", action)
        return []

    def update(self, dt_s: float) -> list[Interaction]:
        if self.feedback is not None:
            self.feedback_age += dt_s
            if self.feedback_age >= FEEDBACK_S:
                self.feedback = None
        if self.changed is not None:
            self.changed_age += dt_s
            if self.changed_age >= CHANGE_GLOW_S:
                self.changed = None
        return []

    def outputs(self) -> dict[str, float]:
        return {}  # the lab drives no LEDs or relays

    busy = False  # nothing in the lab runs on without the visitor

    def is_action(self, event: InputEvent) -> bool:
        return not isinstance(event, Reading)  # tokens, wheel, button: yes; a board: no
