"""The blast-furnace exhibit's rules: buttons, wheel and knob in; interactions and lights out.

Pure (no pygame, no GPIO): `FurnacePlay` owns a running `Furnace` and turns hardware events
and on-screen commands into model calls and outbox `Interaction`s. Time runs at `TIME_SCALE`
game seconds per real second. The scene reads `play.state` (one `Furnace.state()` per frame)
and the few facts about what just happened (`last_tap`, `last_charge`, `challenge`).

Until a visitor acts the cast-house crew runs the furnace (the attract loop): it keeps it
charged with the good recipe, leaving room at the throat, and taps a full hearth; nothing of
that is recorded. Once a visitor acts, the charging is theirs; the crew still taps a full
hearth, and that tap, the problems that begin and the blast settings are recorded.

Wiring (config/furnace-1.yaml)::

    inputs:  ore, coke, limestone, tap   buttons       -> charge one skip / open the tap hole
             blast                       encoder       -> hot-blast rate, 5 % per detent
             stove                       serial board  -> key `temp`: blast temperature in C
    outputs: hearth                      PWM LED       -> glows with the hearth temperature
             tap_light                   relay         -> on while iron runs after a tap

Example::

    play = FurnacePlay()
    play.handle(Pressed("ore"))     # [Interaction("furnace.charge", {"material": "ore", ...})]
    play.update(1 / 60)             # two game seconds later
    play.outputs()                  # {"hearth": 0.9, "tap_light": 0.0}
"""

from __future__ import annotations

from dataclasses import dataclass

from acier.exhibits.base import Interaction, Key
from acier.exhibits.blast_furnace.model import (
    BLAST_TEMP_MAX_C,
    BLAST_TEMP_MIN_C,
    DEFAULT_BLAST_TEMP_C,
    GOOD_RECIPE,
    HEARTH_FULL_FRACTION,
    MATERIALS,
    READY_THROAT_ROOM,
    TIME_SCALE,
    ZONES,
    Challenge,
    Furnace,
    FurnaceState,
    Tap,
)
from acier.hardware.inputs import InputEvent, Pressed, Reading, Turned

BLAST_SETTLE_S = 1.5
"""Real seconds without a turn of the wheel (or a move of the knob) before `furnace.blast`."""

TAP_LIGHT_S = 6.0
"""Real seconds the tapping light stays on, and the scene shows iron running, after a tap."""

AUTO_TAP_FILL = HEARTH_FULL_FRACTION - 0.05
"""The cast-house crew opens the tap hole at this hearth fill, just before the model would
warn that the hearth is full. (The fill counts only liquid iron and slag, which even a chilled
hearth holds, so a tap at this fill always runs well over a tonne.)"""

PROBLEM_REARM_S = 20.0
"""A problem that went away comes back as a new `furnace.problem` only after this long (real
seconds): a furnace hovering at a threshold does not flood the outbox."""

HEARTH_DARK_C = 600.0
HEARTH_BRIGHT_C = 1500.0
LED_GAMMA = 2.2
"""The hearth LED: dark at `HEARTH_DARK_C`, full at `HEARTH_BRIGHT_C`, with a gamma so a
chilled hearth (1300 C) looks clearly dimmer than a good one (1450 C)."""

THROAT_ROOM = READY_THROAT_ROOM
"""Share of the stack the crew leaves empty at the throat, so a visitor's first presses are
taken (about seven skips of ore or three of coke) rather than refused by a full throat: what
`Furnace.ready()` leaves."""

STOVE_DEADBAND_C = 5.0
"""A knob reading this close to the last one is the board's noise, not a visitor."""

CHALLENGE_ID = "one_tonne"

EXPLAIN_S = 10.0
"""Real seconds a zone or material the visitor touched stays explained on screen."""

CHARGE_NOTE_S = 4.0
"""Real seconds what a charged material does is shown, when no problem needs the space."""

TAP_WORTH_KG = 200.0
"""Iron the hearth must hold before the visitor's tap button opens the tap hole: a tap just
after the last would run a few kilograms and read "0.0 t"; the screen says "nothing to tap
yet" instead (about six real seconds of filling). The crew taps only a full hearth."""

REFUSED_S = 3.0
"""Real seconds a refused press (throat full, nothing to tap) is said on screen."""

TOPICS = tuple(f"zone.{z}" for z in ZONES) + tuple(f"material.{m}" for m in MATERIALS)
"""What a visitor can ask about by touching it: each zone of the furnace, each material."""

STOVE_STEP_C = 25.0
"""One step of the stove knob in simulation, or of the on-screen "stove:+" / "stove:-"."""

SHIFT_CHECK_S = 300.0
"""Game seconds of the challenge's shift check (`Challenge.check_shift`) run per update: about
3 ms here (`make bench` prints it), so the twelve game hours take 144 frames, under three
seconds at 60 fps, while the panel says the next shift is being checked."""

_ORE, _COKE, _LIME = (Key("press", m, command=f"charge:{m}") for m in MATERIALS)
_TAP = Key("press", "tap", command="tap")
_MORE, _LESS = (
    Key("turn", "blast", amount=1, command="blast:+"),
    Key("turn", "blast", amount=-1, command="blast:-"),
)
_HOTTER, _COOLER = (
    Key(
        "reading",
        "stove",
        "temp",
        amount=step,
        command=command,
        start=DEFAULT_BLAST_TEMP_C,
        limits=(BLAST_TEMP_MIN_C, BLAST_TEMP_MAX_C),
    )
    for step, command in ((STOVE_STEP_C, "stove:+"), (-STOVE_STEP_C, "stove:-"))
)
KEYS: dict[str, Key] = {
    "o": _ORE,
    "c": _COKE,
    "l": _LIME,
    "1": _ORE,
    "2": _COKE,
    "3": _LIME,
    "t": _TAP,
    "up": _MORE,
    "right": _MORE,
    "down": _LESS,
    "left": _LESS,
    "page up": _HOTTER,
    "page down": _COOLER,
    "+": _HOTTER,
    "=": _HOTTER,  # + without shift on a US keyboard
    "[+]": _HOTTER,
    "-": _COOLER,
    "[-]": _COOLER,
    "g": Key("command", key="challenge"),
}
"""Simulation keys, by `pygame.key.name()`: o/c/l (or 1/2/3) charge, t taps, the arrows turn
the blast wheel, page up/down or +/- move the stove knob by 25 C, g starts the challenge.
Where an input is not bound, the key gives the matching command instead."""


@dataclass(frozen=True)
class Charged:
    """The last skip a visitor charged (for the scene's falling-skip animation)."""

    material: str
    accepted: bool
    at: float  # play clock, real seconds


@dataclass(frozen=True)
class Explained:
    """A zone or material explained on screen: touched (`asked`), or just charged."""

    topic: str  # one of `TOPICS`
    at: float
    asked: bool


@dataclass(frozen=True)
class Tapped:
    """The last tap: what ran out, when, and whether the crew did it (hearth full)."""

    tap: Tap
    at: float
    automatic: bool


class FurnacePlay:
    """The exhibit's rules around one `Furnace` (see the module docstring)."""

    def __init__(self) -> None:
        self.clock = 0.0  # real seconds since the play was made
        self._stove_c: float | None = None  # the knob is physical: its setting outlives visitors
        self._stove_moved_c: float | None = None
        self.reset()

    # ---- the Play protocol ---------------------------------------------------------------------

    def reset(self) -> None:
        """A new visitor: a fresh furnace in steady operation on a good burden, with room at
        the throat (`Furnace.ready`: made once per process, when the play is made, then copied
        in under a millisecond)."""
        self.furnace = Furnace.ready(THROAT_ROOM)
        if self._stove_c is not None:
            self.furnace.set_blast_temperature(self._stove_c)
        self.state: FurnaceState = self.furnace.state()
        self._iron_base_kg = self.state.iron_made_kg
        self._blast_c = self.state.blast_temperature_c
        self.engaged = False  # a visitor acted since the reset (else the crew runs it)
        self._recipe_at = self.furnace.recipe_phase(GOOD_RECIPE)
        self.last_charge: Charged | None = None
        self.last_tap: Tapped | None = None
        self.tap_refused_at: float | None = None  # the tap button pressed on an empty hearth
        self.explained: Explained | None = None
        self._blast_changed_at: float | None = None
        self._problem_seen: dict[str, float] = {p: self.clock for p in self.state.problems}
        self.challenge: Challenge | None = None
        self.challenge_started_at = 0.0
        self.challenge_seconds = 0.0  # real seconds, frozen when the tonne is counted

    def handle(self, event: InputEvent) -> list[Interaction]:
        if isinstance(event, Pressed):
            if event.name in MATERIALS:
                return self._charge(event.name)
            if event.name == "tap":
                return self._tap()
            return []
        if isinstance(event, Turned) and event.name == "blast":
            self._engage()
            self.furnace.adjust_blast(event.steps)
            self._blast_changed_at = self.clock
            return []
        if isinstance(event, Reading) and event.name == "stove" and event.key == "temp":
            value = event.value
            if value != value:  # NaN from a flaky board
                return []
            self._stove_c = value
            self._set_blast_c(value)
            moved = self._stove_moved_c
            if moved is None or abs(value - moved) >= STOVE_DEADBAND_C:
                self._stove_moved_c = value
                if moved is not None:  # the first reading is where the knob was left
                    self._engage()
                    self._blast_changed_at = self.clock
            return []
        return []

    def command(self, action: str) -> list[Interaction]:
        """On-screen buttons and command keys: "tap", "challenge", "abandon",
        "charge:<material>", "blast:+", "blast:-", "stove:+", "stove:-", and
        "explain:<topic>" (a touch on a zone or a material, see `TOPICS`)."""
        if action == "tap":
            return self._tap()
        if action.startswith("explain:") and action[8:] in TOPICS:
            self._engage()
            self.explained = Explained(action[8:], self.clock, asked=True)
            return [Interaction("furnace.explain", {"topic": action[8:]})]
        if action == "challenge":
            return self._start_challenge()
        if action == "abandon":
            return self._end_challenge(completed=False)
        if action.startswith("charge:") and action[7:] in MATERIALS:
            return self._charge(action[7:])
        if action in ("blast:+", "blast:-"):
            return self.handle(Turned("blast", 1 if action == "blast:+" else -1))
        if action in ("stove:+", "stove:-"):
            step = STOVE_STEP_C if action == "stove:+" else -STOVE_STEP_C
            self._set_blast_c(self._blast_c + step)
            self._engage()
            self._blast_changed_at = self.clock
            return []
        return []

    def update(self, dt_s: float) -> list[Interaction]:
        """`dt_s` real seconds: the furnace runs, the crew taps a full hearth, problems that
        begin, a blast setting that settled and a challenge that ends are recorded."""
        out: list[Interaction] = []
        if dt_s > 0.0:
            self.clock += dt_s
            if not self.engaged:
                self._crew_charges()
            self.furnace.step(dt_s * TIME_SCALE)
        state = self.state
        if state.hearth_fill >= AUTO_TAP_FILL:
            out += self._tap(automatic=True)
        self.state = self.furnace.state()
        out += self._new_problems()
        changed = self._blast_changed_at
        if changed is not None and self.clock - changed >= BLAST_SETTLE_S:
            self._blast_changed_at = None
            out.append(
                Interaction(
                    "furnace.blast",
                    {
                        "rate": round(self.state.blast_rate, 3),
                        "temperature_c": round(self.state.blast_temperature_c, 1),
                    },
                )
            )
        out += self._challenge_progress()
        return out if self.engaged else []

    def outputs(self) -> dict[str, float]:
        """The hearth LED follows the hearth temperature; the tap light is on while iron runs."""
        t = self.state.hearth_temperature_c
        glow = (t - HEARTH_DARK_C) / (HEARTH_BRIGHT_C - HEARTH_DARK_C)
        glow = max(0.0, min(1.0, glow)) ** LED_GAMMA
        return {"hearth": round(glow, 4), "tap_light": 1.0 if self.tapping else 0.0}

    # ---- what the scene reads ------------------------------------------------------------------

    @property
    def tapping(self) -> bool:
        """Iron is running from the tap hole (the tapping light is on)."""
        last = self.last_tap
        return last is not None and last.tap.iron_kg > 0.0 and self.clock - last.at < TAP_LIGHT_S

    @property
    def explanation(self) -> str | None:
        """The topic the scene explains now: one the visitor touched, for `EXPLAIN_S`, even
        over a problem; the material just charged, for `CHARGE_NOTE_S`, unless a problem is
        showing (a visitor charging every few seconds must still see it)."""
        shown = self.explained
        if shown is None:
            return None
        age = self.clock - shown.at
        if shown.asked:
            return shown.topic if age < EXPLAIN_S else None
        return shown.topic if age < CHARGE_NOTE_S and not self.state.problems else None

    @property
    def refusal(self) -> str | None:
        """Why the last press did nothing, for `REFUSED_S`: "throat_full" or "nothing_to_tap"."""
        charge = self.last_charge
        if charge is not None and not charge.accepted and self.clock - charge.at < REFUSED_S:
            return "throat_full"
        refused = self.tap_refused_at
        if refused is not None and self.clock - refused < REFUSED_S:
            return "nothing_to_tap"
        return None

    @property
    def iron_made_kg(self) -> float:
        """Hot metal made since this visitor came (the furnace made some before)."""
        return self.state.iron_made_kg - self._iron_base_kg

    @property
    def blast_settling(self) -> bool:
        """The visitor is still turning the wheel or the knob."""
        return self._blast_changed_at is not None

    # ---- actions ---------------------------------------------------------------------------------

    def _set_blast_c(self, celsius: float) -> None:
        """The stoves' temperature, as the model clamps it (kept here between frames)."""
        self._blast_c = max(BLAST_TEMP_MIN_C, min(BLAST_TEMP_MAX_C, celsius))
        self.furnace.set_blast_temperature(self._blast_c)

    def _engage(self) -> None:
        self.engaged = True

    def _charge(self, material: str) -> list[Interaction]:
        self._engage()
        accepted = self.furnace.charge(material)
        self.last_charge = Charged(material, accepted, self.clock)
        if accepted:
            self.explained = Explained(f"material.{material}", self.clock, asked=False)
        return [Interaction("furnace.charge", {"material": material, "accepted": accepted})]

    def _tap(self, automatic: bool = False) -> list[Interaction]:
        if not automatic:
            self._engage()
        if not automatic and self.state.hearth_iron_kg < TAP_WORTH_KG:
            self.tap_refused_at = self.clock
            return []
        tap = self.furnace.tap()
        if tap is None:  # a frozen hearth: the "chilled" problem on screen says why
            return []
        self.last_tap = Tapped(tap, self.clock, automatic)
        return [
            Interaction(
                "furnace.tap",
                {
                    "iron_kg": round(tap.iron_kg, 1),
                    "slag_kg": round(tap.slag_kg, 1),
                    "carbon_pct": round(tap.carbon_pct, 2),
                    "temperature_c": round(tap.temperature_c, 1),
                },
            )
        ]

    def _crew_charges(self) -> None:
        """Before a visitor acts, the crew keeps the furnace charged with the good recipe,
        leaving `THROAT_ROOM` for the next visitor (one skip a frame at most)."""
        material = GOOD_RECIPE[self._recipe_at % len(GOOD_RECIPE)]
        if self.state.stock_line > THROAT_ROOM and self.furnace.charge(material):
            self._recipe_at += 1

    def _new_problems(self) -> list[Interaction]:
        out = []
        for problem in self.state.problems:
            seen = self._problem_seen.get(problem)
            if seen is None or self.clock - seen > PROBLEM_REARM_S:
                out.append(Interaction("furnace.problem", {"problem": problem}))
            self._problem_seen[problem] = self.clock
        return out

    # ---- the challenge ---------------------------------------------------------------------------

    def _start_challenge(self) -> list[Interaction]:
        """A school group takes on "one tonne of iron with the least CO2".

        Fair start: every group gets the same furnace, a fresh copy of the running one at
        nominal blast (the stove knob stays where it is: it is theirs to set), whatever the
        visitors before left behind. The model's `Challenge` only counts once the group's own
        skips reach the melting zone, so the burden already in the stack does not count for or
        against them. A challenge already running is abandoned first.
        """
        out = self._end_challenge(completed=False)
        self.reset()
        self.engaged = True
        self.challenge = Challenge()
        self.challenge.update(self.state)
        self.challenge_started_at = self.clock
        self.challenge_seconds = 0.0
        out.append(Interaction("challenge.start", {"challenge": CHALLENGE_ID}))
        return out

    def _end_challenge(self, completed: bool) -> list[Interaction]:
        challenge = self.challenge
        if challenge is None or (challenge.done and not completed):
            return []  # nothing running (a finished one stays on screen)
        if not completed:
            self.challenge = None
        if not challenge.counted:  # a counted run's time stopped with its tonne
            self.challenge_seconds = self.clock - self.challenge_started_at
        co2 = challenge.co2_per_t
        return [
            Interaction(
                "challenge.end",
                {
                    "challenge": CHALLENGE_ID,
                    "completed": completed,
                    "score": challenge.score,
                    "stars": challenge.stars if completed else 0,
                    "seconds": round(self.challenge_seconds, 1),
                    "co2_per_t": None if co2 is None else round(co2, 1),
                    "shift_problem": challenge.shift_problem,
                },
            )
        ]

    def _challenge_progress(self) -> list[Interaction]:
        challenge = self.challenge
        if challenge is None or challenge.done:
            return []
        challenge.update(self.state)
        if not challenge.counted:
            self.challenge_seconds = self.clock - self.challenge_started_at
        challenge.check_shift(self.furnace, SHIFT_CHECK_S)
        return self._end_challenge(completed=True) if challenge.done else []

    @property
    def challenge_running(self) -> bool:
        return self.challenge is not None and not self.challenge.done

    @property
    def busy(self) -> bool:
        """A group waiting for its skips to come down is still playing."""
        return self.challenge_running

    def is_action(self, event: InputEvent) -> bool:
        """The stove board reports all the time: only a knob moved past the dead band counts."""
        if not isinstance(event, Reading):
            return True
        moved = self._stove_moved_c
        return (
            event.name == "stove"
            and event.key == "temp"
            and moved is not None
            and abs(event.value - moved) >= STOVE_DEADBAND_C
        )
