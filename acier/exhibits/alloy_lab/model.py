"""The alloy lab's rules: what a visitor's recipe is, where it sits on the iron–carbon diagram,
what it looks like at room temperature after a heat treatment, and which real grades it resembles.

Pure: no pygame, no GPIO, no I/O, so every rule is tested at full speed. The numbers are textbook
values from the fact sheet (`content/steel-facts.md`, section 3) and simple rules of thumb, each
named where it is defined and explained there: right in kind and roughly right in size, which is
what an exhibit needs, never a metallurgist's software.

Units everywhere: compositions in mass percent (wt %), fractions as mass fractions 0..1,
temperatures in °C, hardness in HV (Vickers), strength in MPa.

    >>> steel = Alloy().add("Fe").add("C").add("C").add("C")       # 0.05 -> 0.2 -> 0.4 % C
    >>> classify(steel), steel.carbon
    ('steel', 0.4)
    >>> [(c, round(f, 2)) for c, f in constituents_at(0.4, 20)]
    [('proeutectoid_ferrite', 0.49), ('pearlite', 0.51)]
"""

from __future__ import annotations

import functools
import itertools
import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from acier.exhibits import ELEMENTS

# ---------------------------------------------------------------------------------------------
# Elements, doses and the alloy itself
# ---------------------------------------------------------------------------------------------

ALLOYING = ELEMENTS[1:]
"""Everything but iron: iron is the balance, never a stored percentage."""

LEVELS: dict[str, tuple[float, ...]] = {
    "Fe": (),
    # Carbon: 0.05 (mild steel, 304), 0.2 (S235), 0.4 (C45, 42CrMo4), 0.76 (eutectoid: all
    # pearlite; rails), 1.2 (hypereutectoid, Hadfield), then cast irons: 2.5 (commercial
    # minimum), 3.4 (grey iron), 4.3 (eutectic). The rungs widen so a cast iron takes 7 presses,
    # not 17.
    "C": (0.05, 0.2, 0.4, 0.76, 1.2, 2.5, 3.4, 4.3),
    # Chromium: 1 (42CrMo4), 4 (high-speed steels), 13 (just stainless: 420), 18 (304, 430).
    "Cr": (1.0, 4.0, 13.0, 18.0),
    # Nickel: 2 and 4 (tough Ni steels, 17-4 stainless), 8 (18/8 = 304), 12 (316).
    "Ni": (2.0, 4.0, 8.0, 12.0),
    # Manganese: 0.7 (every plain steel), 1.5 (S355), 6 (medium-Mn steels), 12 (Hadfield).
    "Mn": (0.7, 1.5, 6.0, 12.0),
    # Molybdenum works in small amounts, so it starts small: 0.2 (42CrMo4), 1 (boiler steels),
    # 2.5 (316), 5 (M2 high-speed steel).
    "Mo": (0.2, 1.0, 2.5, 5.0),
    # Vanadium likewise: 0.1 (microalloyed steels), 1 (T1), 2 (M2).
    "V": (0.1, 1.0, 2.0),
    # Tungsten: 6 (M2), 12, 18 (T1).
    "W": (6.0, 12.0, 18.0),
    # Silicon: 0.3 (deoxidised steel), 1-2 (grey cast iron), 3 (electrical steel).
    "Si": (0.3, 1.0, 2.0, 3.0),
}
"""The amounts (wt %) a token or key climbs through, press by press.

A fixed dose cannot serve both 42CrMo4 (about 1 % Cr, 0.2 % Mo) and 304 (18 % Cr) in a few
presses, so each element climbs a ladder of the amounts that make real grades: the first press
gives `DOSE`, the next ones the following rungs. After the top rung a press changes nothing.
"""

DOSE: dict[str, float] = {
    element: (rungs[0] if rungs else 0.0) for element, rungs in LEVELS.items()
}
"""What the first token (or key press) of each element adds, wt %. The iron token adds nothing to
the alloying elements: it is the base, and without it the recipe is "no iron yet"."""

MAX_PCT: dict[str, float] = {
    "C": 6.67,  # cementite Fe3C: the right-hand edge of the diagram
    "Cr": 30.0,  # the most chromium in commercial stainless and heat-resisting steels
    "Ni": 36.0,  # Invar, Fe-36Ni
    "Mn": 20.0,  # past Hadfield (11-14 %): the 15-20 % Mn TWIP steels are the richest made
    "Mo": 10.0,  # the richest molybdenum high-speed steels (M-series) stop near 9.5 %
    "V": 5.0,  # T15 high-speed steel, about 5 %
    "W": 20.0,  # the richest tungsten high-speed steels (T-series) stop near 20 %
    "Si": 6.5,  # 6.5 % Si electrical steel, the practical limit
}
"""Caps per alloying element, wt %: the richest iron alloys actually made."""

MIN_IRON_PCT = 50.0
"""An iron alloy stays mostly iron: a dose that would push iron below this is cut short."""

_EPS = 1e-9


def _check_element(element: str) -> None:
    if element not in ELEMENTS:
        raise ValueError(f"unknown element {element!r}; expected one of {', '.join(ELEMENTS)}")


@dataclass(frozen=True)
class Alloy:
    """A visitor's recipe: whether the iron token is down, and wt % of each alloying element.

    Frozen and hashable. `pct` is a tuple of (element, wt %) pairs in `ELEMENTS` order, zeros
    left out; a mapping is accepted and normalised. Tokens placed before the iron are kept (the
    visitor put them down) but nothing counts until iron is there: `classify` says "no_iron".
    """

    has_iron: bool = False
    pct: tuple[tuple[str, float], ...] = ()
    _amounts: dict[str, float] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        items = self.pct.items() if isinstance(self.pct, Mapping) else self.pct
        amounts: dict[str, float] = {}
        for element, value in items:
            if element not in ALLOYING:
                raise ValueError(f"{element!r} is not an alloying element ({', '.join(ALLOYING)})")
            value = float(value)
            if not math.isfinite(value) or value < 0:
                raise ValueError(f"{element}: {value} is not a percentage")
            amounts[element] = round(min(value, MAX_PCT[element]), 4)
        if sum(amounts.values()) > 100.0 - MIN_IRON_PCT + _EPS:
            raise ValueError(f"an iron alloy keeps at least {MIN_IRON_PCT:g} % iron")
        ordered = tuple((el, amounts[el]) for el in ALLOYING if amounts.get(el, 0.0) > 0.0)
        object.__setattr__(self, "pct", ordered)
        # A lookup table for speed; equality and hashing ignore it.
        object.__setattr__(self, "_amounts", dict(ordered))

    @classmethod
    def of(cls, **pct: float) -> Alloy:
        """An alloy with its iron token down: `Alloy.of(C=0.4, Cr=1.0, Mo=0.2)`."""
        return cls(True, tuple(pct.items()))

    def get(self, element: str) -> float:
        """Wt % of an alloying element (0 when absent); for "Fe" the balance."""
        if element in self._amounts:
            return self._amounts[element]
        _check_element(element)
        if element == "Fe":
            return self.iron_pct
        return self._amounts.get(element, 0.0)

    def as_dict(self) -> dict[str, float]:
        return dict(self.pct)

    @property
    def iron_pct(self) -> float:
        """Iron is the balance: 100 minus everything else."""
        return 100.0 - sum(value for _, value in self.pct)

    @property
    def carbon(self) -> float:
        return self.get("C")

    def formula(self) -> str:
        """A compact name for logs and events, in the trade's style: "Fe-0.4C-1Cr-0.2Mo"."""
        parts = ["Fe" if self.has_iron else "(no Fe)"]
        parts += [f"{value:g}{el}" for el, value in self.pct]
        return "-".join(parts)

    def next_amount(self, element: str) -> float:
        """The wt % one more token of `element` would give (the next rung of `LEVELS`)."""
        _check_element(element)
        if element == "Fe":
            return 0.0
        current = self.get(element)
        for rung in LEVELS[element]:
            if rung > current + _EPS:
                return self._capped(element, rung)
        return current

    def add(self, element: str, dose: float | None = None) -> Alloy:
        """A new alloy with one more token of `element` (the next rung), or `dose` wt % more.

        Capped by `MAX_PCT` and by `MIN_IRON_PCT`; a capped press returns an equal alloy.
        """
        _check_element(element)
        if element == "Fe":
            return Alloy(True, self.pct)
        if dose is None:
            target = self.next_amount(element)
        else:
            if not math.isfinite(dose) or dose <= 0:
                raise ValueError(f"dose must be a positive percentage, not {dose}")
            target = self._capped(element, self.get(element) + dose)
        return self._with(element, target)

    def remove(self, element: str) -> Alloy:
        """A new alloy with one token of `element` taken back: down one rung (or to zero).

        Removing iron keeps the rest of the recipe but makes it "no iron yet" again.
        """
        _check_element(element)
        if element == "Fe":
            return Alloy(False, self.pct)
        current = self.get(element)
        lower = [rung for rung in LEVELS[element] if rung < current - _EPS]
        return self._with(element, lower[-1] if lower else 0.0)

    def _capped(self, element: str, target: float) -> float:
        room = 100.0 - MIN_IRON_PCT - (sum(v for _, v in self.pct) - self.get(element))
        return max(0.0, min(target, MAX_PCT[element], room))

    def _with(self, element: str, value: float) -> Alloy:
        amounts = self.as_dict()
        amounts[element] = value
        return Alloy(self.has_iron, tuple(amounts.items()))


# ---------------------------------------------------------------------------------------------
# Families
# ---------------------------------------------------------------------------------------------

FAMILIES = (
    "no_iron",
    "wrought_iron",
    "steel",
    "cast_iron",
    "stainless_ferritic",
    "stainless_martensitic",
    "stainless_austenitic",
    "manganese_austenitic",
    "high_speed_steel",
)

WROUGHT_IRON_MAX_C = 0.05
"""Fact sheet 3a: wrought iron is below 0.035 % C (Britannica), about 0.03 % (Weldcor) or below
0.05 % (a third source). We take the widest, 0.05 %, so that "iron alone" and its first traces
of carbon read as wrought iron and the first carbon rung (0.05 %) is already a (mild) steel."""

WROUGHT_IRON_MAX_ALLOYING = 1.0
"""Wrought iron is nearly pure iron: with more than 1 % of other elements it is an alloy steel."""

AUSTENITE_MAX_C = 2.14
"""Fact sheet 3a/3b: the most carbon austenite holds (at 1147 °C), the steel / cast-iron border."""

STAINLESS_MIN_CR = 10.5
STAINLESS_MAX_C = 1.2
"""Fact sheet 3d (EN 10088, ASSDA): stainless means at least 10.5 % Cr and at most 1.2 % C."""

HADFIELD_MIN_MN = 10.0
HADFIELD_C_RANGE = (0.9, 1.5)
"""Hadfield steel is 11-14 % Mn with about 1.2 % C (fact sheet 3e); with that much Mn and C the
austenite never transforms. We accept a little either side: from 10 % Mn, 0.9-1.5 % C."""

HSS_MIN_C = 0.6
HSS_MIN_W_EQ = 10.0
"""A high-speed steel is a high-carbon steel rich in tungsten and/or molybdenum: W + 2 Mo of at
least 10 % (M2: 6 + 2x5 = 16; T1: 18) with at least 0.6 % C to make their carbides."""

SCHAEFFLER_MAX_DISSOLVED_C = 0.1
"""In a stainless steel carbon beyond about 0.1 % ends up in chromium carbides, so it no longer
keeps austenite stable: the nickel equivalent for austenite stability counts carbon up to this."""

AUSTENITE_NI_EQ_AT_18_CR = 7.5
AUSTENITE_NI_EQ_PER_CR_BELOW = 0.7
AUSTENITE_NI_EQ_BASE_FERRITE_SIDE = 4.0
AUSTENITE_NI_EQ_PER_CR_ABOVE = 0.75
"""A simplified Schaeffler diagram (see `stainless_family`): the austenite field's lower edge as
two straight lines meeting near Cr_eq 20. Below 18 % Cr_eq each missing 1 % needs 0.7 more Ni_eq
(Cr, like Ni, lowers the martensite start; 0.7 is the ratio of their Eichelman-Hull
coefficients); on the ferrite side the half-ferrite line climbs 0.75 per %. Calibrated so that
304, 316, 310 and 201 come out austenitic and 410, 420, 430, 17-4 and 2205 do not."""

FERRITE_CR_EQ_BASE = 12.0
FERRITE_CR_EQ_PER_NI_EQ = 5.0 / 3.0
"""Ferritic versus martensitic: chromium closes the iron-chromium γ-loop near 12 % Cr, above which
the steel never becomes austenite and so cannot be hardened; carbon and nickel widen the loop, by
roughly 5 % Cr per 0.1 % C (3 points of Ni_eq). Below the line a 12-18 % Cr steel hardens."""


FERRITE_FACTOR_CLOSED = 13.5
"""Kaltenhauser's ferrite factor (`ferrite_factor`) from which a steel is ferrite at every
temperature, so no quench can harden it. Carbon-free, it closes the γ-loop at 2.25 % Si, 3.4 %
Mo or 13.5 % Cr (handbook loops: about 2, 3 and 12-13 %); 3 % Si with 0.05 % C (the nearest the
tokens come to electrical steel) stays ferrite, 2 % Si spring steels with 0.6 % C harden. Used
below `STAINLESS_MIN_CR`, where the stainless steels' Schaeffler rule does not reach."""


def ferrite_factor(alloy: Alloy) -> float:
    """Kaltenhauser: Cr + 6 Si + 4 Mo − 2 Mn − 4 Ni − 40 C (its Ti, Al, Nb and N terms have no
    tokens here): ferrite formers against austenite formers, weighted by how far each closes or
    widens the γ-loop."""
    a = alloy
    ferrite = a.get("Cr") + 6.0 * a.get("Si") + 4.0 * a.get("Mo")
    return ferrite - 2.0 * a.get("Mn") - 4.0 * a.get("Ni") - 40.0 * a.carbon


def chromium_equivalent(alloy: Alloy) -> float:
    """Schaeffler's chromium equivalent: Cr + Mo + 1.5 Si (ferrite formers; no Nb tokens here)."""
    return alloy.get("Cr") + alloy.get("Mo") + 1.5 * alloy.get("Si")


def nickel_equivalent(alloy: Alloy, max_carbon: float | None = None) -> float:
    """Schaeffler's nickel equivalent: Ni + 30 C + 0.5 Mn (austenite formers).

    `max_carbon` counts carbon only up to that much (the dissolved part)."""
    carbon = alloy.carbon if max_carbon is None else min(alloy.carbon, max_carbon)
    return alloy.get("Ni") + 30.0 * carbon + 0.5 * alloy.get("Mn")


def tungsten_equivalent(alloy: Alloy) -> float:
    """W + 2 Mo: molybdenum does tungsten's work in high-speed steels at about half the weight."""
    return alloy.get("W") + 2.0 * alloy.get("Mo")


def stainless_family(alloy: Alloy) -> str:
    """Austenitic, ferritic or martensitic, by a simplified Schaeffler diagram.

    Schaeffler plots Ni_eq = Ni + 30 C + 0.5 Mn against Cr_eq = Cr + Mo + 1.5 Si. Austenitic when
    Ni_eq (carbon counted up to 0.1 %) reaches the austenite line, else ferritic when Cr_eq is
    beyond the closed γ-loop (12 % plus 5/3 per point of Ni_eq), else martensitic. Duplex steels
    (half austenite, half ferrite) fall on the ferritic side: the exhibit has no duplex family.
    A steel on the martensite side whose martensite would start below room temperature (Andrews'
    Ms, `martensite_start_temp_c`) stays austenite however it is quenched: austenitic (the Cr-Mn
    steels, 13 % Cr with 12 % Mn).
    """
    cr_eq = chromium_equivalent(alloy)
    stable_ni_eq = nickel_equivalent(alloy, SCHAEFFLER_MAX_DISSOLVED_C)
    martensite_side = AUSTENITE_NI_EQ_AT_18_CR + AUSTENITE_NI_EQ_PER_CR_BELOW * (18.0 - cr_eq)
    ferrite_side = AUSTENITE_NI_EQ_BASE_FERRITE_SIDE + AUSTENITE_NI_EQ_PER_CR_ABOVE * (cr_eq - 18.0)
    if stable_ni_eq >= max(martensite_side, ferrite_side) - _EPS:
        return "stainless_austenitic"
    if cr_eq >= FERRITE_CR_EQ_BASE + FERRITE_CR_EQ_PER_NI_EQ * nickel_equivalent(alloy):
        return "stainless_ferritic"
    dissolved = min(alloy.carbon, HARDENING_MATRIX_C["stainless_martensitic"])
    if martensite_start_temp_c(alloy, dissolved) <= QUENCH_TO_TEMP_C:
        return "stainless_austenitic"
    return "stainless_martensitic"


def classify(alloy: Alloy) -> str:
    """The alloy's family, one of `FAMILIES`; the order of the tests is the order of priority."""
    if not alloy.has_iron:
        return "no_iron"
    carbon = alloy.carbon
    if carbon > AUSTENITE_MAX_C + _EPS:
        return "cast_iron"
    if alloy.get("Cr") >= STAINLESS_MIN_CR - _EPS and carbon <= STAINLESS_MAX_C + _EPS:
        return stainless_family(alloy)
    low_c, high_c = HADFIELD_C_RANGE
    if alloy.get("Mn") >= HADFIELD_MIN_MN - _EPS and low_c - _EPS <= carbon <= high_c + _EPS:
        return "manganese_austenitic"
    if carbon >= HSS_MIN_C - _EPS and tungsten_equivalent(alloy) >= HSS_MIN_W_EQ - _EPS:
        return "high_speed_steel"
    others = sum(value for el, value in alloy.pct if el != "C")
    if carbon < WROUGHT_IRON_MAX_C - _EPS and others < WROUGHT_IRON_MAX_ALLOYING:
        return "wrought_iron"
    return "steel"


CARBON_CLASSES = (
    "hypoeutectoid",
    "eutectoid",
    "hypereutectoid",
    "hypoeutectic",
    "eutectic",
    "hypereutectic",
)
EUTECTOID_BAND = 0.01
EUTECTIC_BAND = 0.05
"""The fact sheet gives the eutectoid at 0.76-0.77 % C: within 0.01 % of 0.76 counts as eutectoid;
the eutectic (4.3 %) gets a band of 0.05 %."""


def carbon_class(carbon_pct: float) -> str:
    """Where the carbon sits against the eutectoid (steels) or the eutectic (cast irons)."""
    if carbon_pct <= AUSTENITE_MAX_C:
        if abs(carbon_pct - EUTECTOID_C) <= EUTECTOID_BAND + _EPS:
            return "eutectoid"
        return "hypoeutectoid" if carbon_pct < EUTECTOID_C else "hypereutectoid"
    if abs(carbon_pct - EUTECTIC_C) <= EUTECTIC_BAND + _EPS:
        return "eutectic"
    return "hypoeutectic" if carbon_pct < EUTECTIC_C else "hypereutectic"


# ---------------------------------------------------------------------------------------------
# The Fe–Fe3C diagram
# ---------------------------------------------------------------------------------------------
#
# Key points (wt % C, °C), with the letters textbooks use. The fact sheet (3b) gives A, G, N, S,
# P, E, C, J and the 6.67 % edge; H, B (the ends of the peritectic line), D (where the cementite
# liquidus meets 6.67 %) and Q (ferrite's solubility at room temperature) are standard textbook
# values. Every line between them is a straight segment: the real A3, Acm, liquidus and solidus
# curve gently (Acm the most, by a few tens of degrees mid-way), which is fine at exhibit scale.

PURE_IRON_MELTS_T = 1538.0
DELTA_TO_GAMMA_T = 1394.0
GAMMA_TO_ALPHA_T = 912.0
PERITECTIC_T = 1495.0
PERITECTIC_C = 0.17
DELTA_MAX_C = 0.09
PERITECTIC_LIQUID_C = 0.53
EUTECTIC_T = 1147.0
EUTECTIC_C = 4.3
EUTECTOID_T = 727.0
EUTECTOID_C = 0.76
FERRITE_MAX_C = 0.022
FERRITE_ROOM_C = 0.005
CEMENTITE_C = 6.67
CEMENTITE_LIQUIDUS_T = 1227.0
"""The cementite liquidus is drawn up to about 1227 °C at 6.67 % C (Callister); cementite really
decomposes before it melts, so the value is conventional."""

CARBON_RANGE = (0.0, CEMENTITE_C)
TEMPERATURE_RANGE = (20.0, 1600.0)
"""Inputs are clamped to these: the diagram's width, and room temperature to above the melt."""

KEY_POINTS: dict[str, tuple[float, float]] = {
    "A": (0.0, PURE_IRON_MELTS_T),
    "B": (PERITECTIC_LIQUID_C, PERITECTIC_T),
    "H": (DELTA_MAX_C, PERITECTIC_T),
    "J": (PERITECTIC_C, PERITECTIC_T),
    "N": (0.0, DELTA_TO_GAMMA_T),
    "E": (AUSTENITE_MAX_C, EUTECTIC_T),
    "C": (EUTECTIC_C, EUTECTIC_T),
    "F": (CEMENTITE_C, EUTECTIC_T),
    "D": (CEMENTITE_C, CEMENTITE_LIQUIDUS_T),
    "G": (0.0, GAMMA_TO_ALPHA_T),
    "S": (EUTECTOID_C, EUTECTOID_T),
    "P": (FERRITE_MAX_C, EUTECTOID_T),
    "K": (CEMENTITE_C, EUTECTOID_T),
    "Q": (FERRITE_ROOM_C, TEMPERATURE_RANGE[0]),
    "Z": (CEMENTITE_C, TEMPERATURE_RANGE[0]),
}
_P = KEY_POINTS

DIAGRAM_LINES: tuple[tuple[str, tuple[tuple[float, float], ...]], ...] = (
    ("liquidus", (_P["A"], _P["B"], _P["C"], _P["D"])),
    ("solidus", (_P["A"], _P["H"], _P["J"], _P["E"])),
    ("peritectic", (_P["H"], _P["B"])),
    ("eutectic", (_P["E"], _P["F"])),
    ("eutectoid", (_P["P"], _P["K"])),  # A1
    ("a3", (_P["G"], _P["S"])),
    ("acm", (_P["S"], _P["E"])),
    ("a4", (_P["N"], _P["J"])),  # where δ-ferrite turns to austenite
    ("delta_solvus", (_P["N"], _P["H"])),  # the δ-ferrite field's edge
    ("ferrite_solvus", (_P["G"], _P["P"], _P["Q"])),  # the α field's edge, above and below A1
    ("cementite", (_P["Z"], _P["D"])),  # the Fe3C edge of the diagram
)
"""The diagram's lines as (id, polyline of (wt % C, °C)), for a scene to draw: straight segments
between `KEY_POINTS`, the same segments `phases_at` reads its boundaries from."""

PHASES = ("liquid", "delta_ferrite", "austenite", "ferrite", "cementite")
"""Equilibrium phases, in the order `phases_at` lists them."""

PHASE_SYMBOLS = {
    "liquid": "L",
    "delta_ferrite": "δ",
    "austenite": "γ",
    "ferrite": "α",
    "cementite": "Fe₃C",
}
"""Language-neutral symbols, for labelling the diagram's fields ("γ + Fe₃C")."""

REGION_LABELS: tuple[tuple[str, tuple[float, float]], ...] = (
    ("liquid", (2.5, 1450.0)),
    ("liquid+delta_ferrite", (0.2, 1515.0)),
    ("delta_ferrite", (0.02, 1450.0)),
    ("delta_ferrite+austenite", (0.1, 1470.0)),
    ("liquid+austenite", (1.5, 1350.0)),
    ("austenite", (1.0, 1000.0)),
    ("liquid+cementite", (6.0, 1180.0)),
    ("austenite+cementite", (3.5, 950.0)),
    ("austenite+ferrite", (0.3, 780.0)),
    ("ferrite", (0.005, 600.0)),
    ("ferrite+cementite", (3.0, 400.0)),
)
"""(phase-field id, (wt % C, °C) anchor inside that field). A field id is its phases joined by
"+" in `PHASES` order, as `field_id` makes it from `phases_at`."""


LINE_LABELS: tuple[tuple[str, tuple[float, float]], ...] = (
    ("eutectoid", (5.0, EUTECTOID_T)),
    ("eutectic", (5.45, EUTECTIC_T)),
)
"""(line id, (wt % C, °C) on that line): where the scene names the two lines a visitor meets, the
name centred there and hung just below the line, in the wide two-phase fields (α + Fe₃C and
γ + Fe₃C) on the cast-iron side, clear of the field labels."""

KEY_TEMPERATURES = (
    EUTECTOID_T,
    GAMMA_TO_ALPHA_T,
    EUTECTIC_T,
    DELTA_TO_GAMMA_T,
    PURE_IRON_MELTS_T,
)
KEY_CARBONS = (EUTECTOID_C, AUSTENITE_MAX_C, EUTECTIC_C)
"""The values the diagram's axes call out: 727 °C (A1), pure iron's 912, 1394 and 1538 °C, the
eutectic's 1147 °C; 0.76 % (eutectoid), 2.14 % (steel / cast iron) and 4.3 % (eutectic)."""

KEY_POINT_DOTS = ("S", "E", "C")
"""The key points marked with a dot, each joined to the axes by a faint guide: the eutectoid,
the most carbon austenite holds (the steel / cast-iron border) and the eutectic."""


@dataclass(frozen=True)
class PhaseShare:
    """One equilibrium phase: its id, mass fraction (lever rule) and own carbon content."""

    id: str
    fraction: float
    carbon_pct: float


def _clamp(value: float, low: float, high: float) -> float:
    return max(low, min(high, value))


def _c_at(p: tuple[float, float], q: tuple[float, float], temp_c: float) -> float:
    """Carbon on the straight segment p-q at a temperature (p and q at different temperatures)."""
    (c0, t0), (c1, t1) = p, q
    return c0 + (c1 - c0) * (temp_c - t0) / (t1 - t0)


def _t_at(p: tuple[float, float], q: tuple[float, float], carbon: float) -> float:
    """Temperature on the straight segment p-q at a carbon content."""
    (c0, t0), (c1, t1) = p, q
    return t0 + (t1 - t0) * (carbon - c0) / (c1 - c0)


def liquidus_temp_c(carbon_pct: float) -> float:
    """Temperature above which the alloy is all liquid (A-B-C-D)."""
    if carbon_pct <= PERITECTIC_LIQUID_C:
        return _t_at(_P["A"], _P["B"], carbon_pct)
    if carbon_pct <= EUTECTIC_C:
        return _t_at(_P["B"], _P["C"], carbon_pct)
    return _t_at(_P["C"], _P["D"], carbon_pct)


def _two(a: str, ca: float, b: str, cb: float, carbon: float) -> tuple[PhaseShare, ...]:
    """The lever rule between phase a (carbon ca) and phase b (carbon cb)."""
    fraction_b = _clamp((carbon - ca) / (cb - ca), 0.0, 1.0)
    return (PhaseShare(a, 1.0 - fraction_b, ca), PhaseShare(b, fraction_b, cb))


def _one(phase: str, carbon: float) -> tuple[PhaseShare, ...]:
    return (PhaseShare(phase, 1.0, carbon),)


def phases_at(carbon_pct: float, temp_c: float) -> tuple[PhaseShare, ...]:
    """The equilibrium phases of a plain Fe-C alloy at a temperature, by the lever rule.

    Inputs are clamped to `CARBON_RANGE` and `TEMPERATURE_RANGE`. On a horizontal line (727,
    1147, 1495 °C) the field just above is given. Alloying elements shift these lines; this is
    the binary diagram only (see `Verdict.diagram_applies`).
    """
    c = _clamp(carbon_pct, *CARBON_RANGE)
    t = _clamp(temp_c, *TEMPERATURE_RANGE)
    if t >= liquidus_temp_c(c):
        return _one("liquid", c)
    if t >= EUTECTIC_T:
        if c >= EUTECTIC_C:
            return _two("liquid", _c_at(_P["C"], _P["D"], t), "cementite", CEMENTITE_C, c)
        if t >= PERITECTIC_T:
            delta_c = _c_at(_P["A"], _P["H"], t)
            if c <= delta_c:
                return _one("delta_ferrite", c)
            return _two("liquid", _c_at(_P["A"], _P["B"], t), "delta_ferrite", delta_c, c)
        solidus = _c_at(_P["J"], _P["E"], t)
        if c > solidus:
            return _two("liquid", _c_at(_P["B"], _P["C"], t), "austenite", solidus, c)
        if t > DELTA_TO_GAMMA_T:
            delta_c = _c_at(_P["N"], _P["H"], t)
            gamma_c = _c_at(_P["N"], _P["J"], t)
            if c <= delta_c:
                return _one("delta_ferrite", c)
            if c < gamma_c:
                return _two("delta_ferrite", delta_c, "austenite", gamma_c, c)
        return _one("austenite", c)
    if t >= EUTECTOID_T:
        acm = _c_at(_P["S"], _P["E"], t)
        if c > acm:
            return _two("austenite", acm, "cementite", CEMENTITE_C, c)
        if t >= GAMMA_TO_ALPHA_T:
            return _one("austenite", c)
        a3 = _c_at(_P["G"], _P["S"], t)
        alpha_c = _c_at(_P["G"], _P["P"], t)
        if c >= a3:
            return _one("austenite", c)
        if c <= alpha_c:
            return _one("ferrite", c)
        return _two("austenite", a3, "ferrite", alpha_c, c)
    solvus = _c_at(_P["Q"], _P["P"], t)
    if c <= solvus:
        return _one("ferrite", c)
    return _two("ferrite", solvus, "cementite", CEMENTITE_C, c)


def field_id(phases: Iterable[PhaseShare]) -> str:
    """The phase field's id: its phases joined by "+" ("austenite+cementite")."""
    return "+".join(share.id for share in phases)


CONSTITUENTS_AT = (
    "liquid",
    "delta_ferrite",
    "austenite",
    "ferrite",
    "proeutectoid_ferrite",
    "pearlite",
    "proeutectoid_cementite",
    "primary_cementite",
    "ledeburite",
)
"""Ids `constituents_at` may give: what a microscope shows after slow cooling."""

LEDEBURITE_CEMENTITE = (EUTECTIC_C - AUSTENITE_MAX_C) / (CEMENTITE_C - AUSTENITE_MAX_C)
"""Ledeburite is eutectic austenite (2.14 % C) + cementite: about 48 % cementite by mass."""


def _room_constituents(c: float) -> tuple[tuple[str, float], ...]:
    """Constituents formed by the time the alloy has cooled through 727 °C.

    Fractions by the lever rule at the eutectoid (0.022 / 0.76 / 6.67 % C, 2.14 and 4.3 for the
    eutectic); they do not change on further cooling (the tiny tertiary cementite that ferrite
    sheds below 727 °C, at most 0.3 %, is left out).
    """
    if c <= FERRITE_MAX_C:
        return (("ferrite", 1.0),)
    if c <= EUTECTOID_C:
        ferrite = (EUTECTOID_C - c) / (EUTECTOID_C - FERRITE_MAX_C)
        return _nonzero((("proeutectoid_ferrite", ferrite), ("pearlite", 1.0 - ferrite)))
    if c <= AUSTENITE_MAX_C:
        cementite = (c - EUTECTOID_C) / (CEMENTITE_C - EUTECTOID_C)
        return _nonzero((("pearlite", 1.0 - cementite), ("proeutectoid_cementite", cementite)))
    if c < EUTECTIC_C:
        ledeburite = (c - AUSTENITE_MAX_C) / (EUTECTIC_C - AUSTENITE_MAX_C)
        primary = 1.0 - ledeburite
        secondary = primary * (AUSTENITE_MAX_C - EUTECTOID_C) / (CEMENTITE_C - EUTECTOID_C)
        return _nonzero(
            (
                ("pearlite", primary - secondary),
                ("proeutectoid_cementite", secondary),
                ("ledeburite", ledeburite),
            )
        )
    primary_cementite = (c - EUTECTIC_C) / (CEMENTITE_C - EUTECTIC_C)
    return _nonzero(
        (("ledeburite", 1.0 - primary_cementite), ("primary_cementite", primary_cementite))
    )


def _nonzero(pairs: Iterable[tuple[str, float]]) -> tuple[tuple[str, float], ...]:
    return tuple((name, fraction) for name, fraction in pairs if fraction > 1e-12)


def constituents_at(carbon_pct: float, temp_c: float) -> tuple[tuple[str, float], ...]:
    """The microconstituents of a slowly cooled plain Fe-C alloy at a temperature: (id, fraction).

    Below 727 °C: ferrite (≤ 0.022 % C), proeutectoid ferrite + pearlite (hypoeutectoid),
    pearlite + proeutectoid cementite (hypereutectoid), pearlite + proeutectoid cementite +
    ledeburite (hypoeutectic cast iron) or ledeburite + primary cementite (hypereutectic).
    From 727 °C up: the phases, named for how they formed (ferrite beside austenite is
    proeutectoid; cementite beside liquid is primary), and ledeburite below the eutectic.
    """
    c = _clamp(carbon_pct, *CARBON_RANGE)
    t = _clamp(temp_c, *TEMPERATURE_RANGE)
    if t < EUTECTOID_T:
        return _room_constituents(c)
    if c > AUSTENITE_MAX_C and t < EUTECTIC_T:
        if c < EUTECTIC_C:
            ledeburite = (c - AUSTENITE_MAX_C) / (EUTECTIC_C - AUSTENITE_MAX_C)
            primary = 1.0 - ledeburite
            acm = _c_at(_P["S"], _P["E"], t)
            secondary = primary * (AUSTENITE_MAX_C - acm) / (CEMENTITE_C - acm)
            return _nonzero(
                (
                    ("austenite", primary - secondary),
                    ("proeutectoid_cementite", secondary),
                    ("ledeburite", ledeburite),
                )
            )
        primary_cementite = (c - EUTECTIC_C) / (CEMENTITE_C - EUTECTIC_C)
        return _nonzero(
            (("ledeburite", 1.0 - primary_cementite), ("primary_cementite", primary_cementite))
        )
    phases = phases_at(c, t)
    ids = {share.id for share in phases}
    out = []
    for share in phases:
        name = share.id
        if name == "ferrite" and "austenite" in ids:
            name = "proeutectoid_ferrite"
        elif name == "cementite":
            name = "primary_cementite" if "liquid" in ids else "proeutectoid_cementite"
        out.append((name, share.fraction))
    return _nonzero(out)


# ---------------------------------------------------------------------------------------------
# Room-temperature microstructure after a heat treatment
# ---------------------------------------------------------------------------------------------

TREATMENTS = ("slow_cool", "air_cool", "quench", "quench_temper")
"""slow_cool: furnace cooling (annealing), the equilibrium structure. air_cool: normalising, finer
pearlite. quench: into water, martensite. quench_temper: quenched, then tempered as the steel is in
practice: at about 550-600 °C for tough parts (and triple tempering for high-speed steels), at
about 150-250 °C for hard ones (`LOW_TEMPER_MIN_C_BY_FAMILY`: bearings, tools, knives)."""

MICROSTRUCTURE_CONSTITUENTS = (
    "ferrite",
    "pearlite",
    "cementite",
    "martensite",
    "tempered_martensite",
    "bainite",
    "austenite",
    "graphite_flakes",
    "ledeburite",
    "carbides",
)
"""Ids `microstructure` may give. Graphite nodules (ductile iron) need magnesium, which no token
brings, so they never appear."""

VARIANTS = ("", "grey_iron", "white_iron", "embrittled")
"""A cast iron's kind, when it matters: grey (graphite) or white (cementite); a Hadfield steel
whose carbides came out at its grain boundaries (`_austenitic`)."""

# Hardness of each constituent, HV, from the fact sheet's table 3c unless said otherwise.
FERRITE_HV = (60.0, 90.0)
AUSTENITE_HV = (160.0, 200.0)  # "about 180 HV"
HADFIELD_AUSTENITE_HV = (190.0, 230.0)  # "about 200 HB as supplied" (3e, 3f), HV ≈ 1.05 HB
CEMENTITE_HV = (800.0, 1100.0)
CARBIDES_HV = CEMENTITE_HV  # alloy carbides (Cr, Mo, W, V) are harder still; we stay modest
PEARLITE_COARSE_HV = (200.0, 250.0)
PEARLITE_FINE_HV = (250.0, 300.0)
"""Pearlite is "about 200-300 HB" (3c; HB ≈ HV at these hardnesses). The slower it forms, the
coarser its lamellae and the softer it is: slow cooling gets the lower half, air cooling the
upper half."""
GRAPHITE_HV = (0.0, 0.0)  # pencil lead: counts for nothing in the mix
AIR_COOL_FERRITE_BONUS_HV = 30.0
"""Normalising refines the ferrite grain, and smaller grains are harder (Hall-Petch)."""

SOLID_SOLUTION_HV_PER_PCT = {
    "Si": 30.0,
    "Mn": 10.0,
    "Ni": 5.0,
    "Cr": 4.0,
    "Mo": 10.0,
    "W": 5.0,
    "V": 10.0,
}
"""Rough hardening of ferrite by dissolved elements, HV per wt % (Pickering's coefficients for
Si, Mn, Mo, turned into HV as yield / 3; Cr, Ni, W, V set so that 430 and 3 % Si electrical
steel land near their handbook hardness). Silicon "strengthens ferrite" (3e)."""

MARTENSITE_HV_BY_CARBON = (
    (0.0, 200.0),
    (0.1, 360.0),
    (0.2, 470.0),
    (0.3, 560.0),
    (0.4, 640.0),
    (0.5, 710.0),
    (0.6, 770.0),
    (0.8, 830.0),
)
"""Hardness of fully martensitic steel against its carbon, in the spirit of Grange, Hribal and
Porter (3c: "depends essentially only on carbon"; > 60 HRC ≈ 700 HV at ≥ 0.6 % C). Nearly
carbon-free martensite is barely harder than normalised steel; beyond 0.8 % it stays flat."""
MARTENSITE_SPREAD_HV = 30.0

TEMPER_KEEPS = 0.42
"""Tempering at about 550-600 °C keeps roughly 40 % of the as-quenched hardness of a plain
carbon steel (a 640 HV martensite comes out near 270 HV: tough, machinable). The dissolved
elements still harden its ferrite as they do an annealed steel's (`SOLID_SOLUTION_HV_PER_PCT`),
so a tempered steel is never softer than the same steel annealed."""
LOW_TEMPER_MIN_C_BY_FAMILY = {"steel": 0.6, "stainless_martensitic": 0.15}
LOW_TEMPER_KEEPS = 0.88
"""Hard steels are tempered low, at about 150-250 °C: carbon steels of 0.6 % C and more (bearing
and tool steels such as 100Cr6) and martensitic stainless steels of 0.15 % C and more (knives,
surgical instruments: 420; the leaner 410 is tempered hot, for toughness). That only relieves
the quench stresses and keeps about 88 % of the as-quenched hardness (100Cr6: 60-64 HRC,
700-800 HV), and its retained austenite; high-speed steels are the exception, tempered hot for
their secondary hardening."""
SECONDARY_HARDENING_HV = 20.0
TEMPER_RESISTANCE_CR_HV = 5.0
"""Tungsten, molybdenum and vanadium precipitate fine carbides during tempering ("secondary
hardening", 3e): HV added per point of W + 2 Mo + 4 V, plus a little per % Cr. A high-speed
steel keeps its as-quenched hardness; 42CrMo4 gains a few tens of HV."""

KM_RATE_PER_DEGREE = 0.011
QUENCH_TO_TEMP_C = 20.0
"""Koistinen-Marburger: the fraction of austenite turned to martensite on quenching to T is
1 - exp(-0.011 (Ms - T)); the rest stays as retained austenite."""

HARDENING_MATRIX_C = {"steel": EUTECTOID_C, "stainless_martensitic": 0.6, "high_speed_steel": 0.5}
"""How much carbon the austenite holds when it is quenched. Hypereutectoid steels are hardened
from just above A1, so their extra carbon stays as cementite; a 13-17 % Cr steel dissolves about
0.6 %, a high-speed steel about 0.5 % at its 1200 °C hardening heat; the rest are carbides."""

GROSSMANN_BASE_MM_PER_SQRT_C = 25.4 * 0.33
GROSSMANN_FACTOR_PER_PCT = {
    "Mn": 3.33,
    "Si": 0.7,
    "Ni": 0.36,
    "Cr": 2.16,
    "Mo": 3.0,
    "V": 1.73,
    "W": 1.5,
}
"""Hardenability after Grossmann: an ideal critical diameter DI ≈ 0.33 in × √C for plain carbon
steel (fine grain), multiplied by (1 + k × wt %) for each element (ASTM A255 factors, read as
straight lines; tungsten, not in A255, taken at half molybdenum's weight-for-weight effect)."""
WATER_QUENCH_DIAMETER_PER_DI = 0.6
"""A round bar hardens through (half martensite at its centre) in agitated water when its
diameter is about 0.6 DI (a rough reading of Grossmann's chart at H ≈ 1)."""
HARDENS_THROUGH_CAP_MM = 500.0
BAINITE_FROM_DI_MM = 50.0
AIR_HARDENING_DI_MM = 150.0
"""Air cooling is a very gentle quench. Below DI = 50 mm a steel normalises to ferrite and
pearlite; from 50 mm bainite replaces them, all of them by 150 mm; from DI = 150 mm the steel is
"air-hardening" and turns to martensite as if quenched."""
AIR_HARDENING_FAMILIES = ("stainless_martensitic", "high_speed_steel")
"""12-18 % Cr and high-speed steels harden in still air (their DI is off Grossmann's chart), so
they harden through in any size: their `hardens_through_mm` is `math.inf`, not a capped number."""

BAINITE_TOWARD_MARTENSITE = 1.0 / 3.0
BAINITE_SPREAD_HV = 35.0
"""Bainite lies between fine pearlite and martensite (3c): a third of the way up."""

HARDENING_MIN_C = 0.05
"""Below 0.05 % C a steel, like wrought iron, cannot be hardened: ferrite forms before any
martensite could (and a 3 % Si electrical steel never even becomes austenite, unless carbon
widens its γ-loop again: `FERRITE_FACTOR_CLOSED`)."""

GREY_IRON_MIN_SI = 1.0
"""Grey iron has 1-3 % Si (3a): silicon turns cementite into graphite on slow cooling."""

TENSILE_PER_HV = 3.3
"""Rule of thumb for steels: Rm (MPa) ≈ 3.3 × HV. It holds well to about 500 HV; hard
martensite is brittle and breaks below the figure, so it is capped."""
TENSILE_CAP_MPA = 2200.0
GREY_IRON_TENSILE_PER_HV = 1.2
GREY_IRON_TENSILE_CAP_MPA = 400.0
WHITE_IRON_TENSILE_PER_HV = 0.6
EMBRITTLED_TENSILE_PER_HV = 1.6
"""Cast irons break far below the steel rule: graphite flakes act as notches (EN-GJL-250:
≥ 250 MPa at about 200 HB) and white iron's cementite network is brittle. The flakes, not the
matrix, set a grey iron's strength: even hardened it stays near the strongest grade, EN-GJL-350
([K] about 350-400 MPa). A Hadfield steel with carbides along its grain boundaries cracks along
that network: [K] about 400-550 MPa as cast, against about 880 MPa water-quenched (3f)."""
HADFIELD_TENSILE_PER_HV = 4.0
"""A water-quenched Hadfield steel breaks far above the steel rule: its austenite work-hardens
during the tensile test itself, from about 200 HB to several hundred (3e), so Rm is about 4 × its
starting HV (3f: about 880 MPa at about 200 HB). 18/8 austenite hardens much less and keeps the
steel rule (3f: 304, about 600 MPa at ≤ 201 HB)."""

HADFIELD_AUSTENITE_KEEPS_C = 0.45
"""Carbon a slowly cooled Hadfield austenite still holds [K]; the rest comes out as (Fe,Mn)3C
carbides ("carbides") at the grain boundaries: 1.2 % C gives about 12 % by the lever rule."""
HADFIELD_CARBIDES_KEPT = {"slow_cool": 1.0, "air_cool": 0.5, "quench": 0.0, "quench_temper": 0.5}
"""Share of those carbides each treatment lets out: all of them on slow cooling, about half in
air (a casting's core cools slowly), none in a water quench from 1,050 °C, which keeps the carbon
in solution; tempering at the usual 500-600 °C brings half of them back [K] (Hadfield steel must
not be reheated above about 300 °C)."""

MAGNETIC_MIN_FRACTION = 0.05
NON_MAGNETIC = ("austenite", "graphite_flakes", "carbides")
"""Ferrite, pearlite, martensite and cementite are ferromagnetic at room temperature; austenite is
not (3c), nor are alloy carbides (Cr, Mo, W, V; [K]) or the manganese-rich carbides of a Hadfield
steel. An alloy counts as magnetic with at least 5 % of magnetic constituents."""


@dataclass(frozen=True)
class Microstructure:
    """What a microscope and a hardness tester show at room temperature.

    `constituents`: (id, mass fraction) from `MICROSTRUCTURE_CONSTITUENTS`, summing to 1 (empty
    without iron). `hardness_hv` and `tensile_mpa`: (low, high). `variant`: "grey_iron" or
    "white_iron" for cast iron, else "". `hardens_through_mm`: the largest round bar that hardens
    through in water, `math.inf` for air-hardening steels (any size hardens, even in air), None
    where quenching does not harden (austenitic, ferritic, cast iron).
    """

    constituents: tuple[tuple[str, float], ...]
    hardness_hv: tuple[int, int]
    tensile_mpa: tuple[int, int]
    magnetic: bool
    variant: str = ""
    hardens_through_mm: float | None = None

    def fraction(self, constituent: str) -> float:
        return sum(f for name, f in self.constituents if name == constituent)


EMPTY_MICROSTRUCTURE = Microstructure((), (0, 0), (0, 0), False)


def _check_treatment(treatment: str) -> None:
    if treatment not in TREATMENTS:
        raise ValueError(
            f"unknown treatment {treatment!r}; expected one of {', '.join(TREATMENTS)}"
        )


def _interpolate(table: tuple[tuple[float, float], ...], x: float) -> float:
    if x <= table[0][0]:
        return table[0][1]
    for (x0, y0), (x1, y1) in itertools.pairwise(table):
        if x <= x1:
            return y0 + (y1 - y0) * (x - x0) / (x1 - x0)
    return table[-1][1]


def martensite_hv(carbon_pct: float) -> float:
    """As-quenched hardness of fully martensitic steel with this much carbon in solution."""
    return _interpolate(MARTENSITE_HV_BY_CARBON, carbon_pct)


def martensite_start_temp_c(alloy: Alloy, matrix_carbon: float) -> float:
    """Ms by Andrews' linear formula: 539 - 423 C - 30.4 Mn - 17.7 Ni - 12.1 Cr - 7.5 Mo (°C)."""
    return (
        539.0
        - 423.0 * matrix_carbon
        - 30.4 * alloy.get("Mn")
        - 17.7 * alloy.get("Ni")
        - 12.1 * alloy.get("Cr")
        - 7.5 * alloy.get("Mo")
    )


THROUGH_MIN_MARTENSITE = 0.5
"""A steel hardens (and `hardens_through_mm` means anything) only if its quench turns at least
half the austenite into martensite: "hardened through" is half martensite at the centre."""


def ideal_diameter_mm(alloy: Alloy) -> float:
    """Grossmann's ideal critical diameter DI, mm: how deep the alloy can harden."""
    carbon = min(alloy.carbon, EUTECTOID_C)
    di = GROSSMANN_BASE_MM_PER_SQRT_C * math.sqrt(carbon)
    for element, k in GROSSMANN_FACTOR_PER_PCT.items():
        di *= 1.0 + k * alloy.get(element)
    return di


def hardens_through_mm(alloy: Alloy) -> float:
    """The largest round bar that hardens through in a water quench, mm (capped)."""
    return round(
        min(WATER_QUENCH_DIAMETER_PER_DI * ideal_diameter_mm(alloy), HARDENS_THROUGH_CAP_MM), 1
    )


def _solid_solution_hv(alloy: Alloy) -> float:
    return sum(k * alloy.get(el) for el, k in SOLID_SOLUTION_HV_PER_PCT.items())


def _ferrite_hv(alloy: Alloy, fine: bool) -> tuple[float, float]:
    bonus = _solid_solution_hv(alloy)
    if fine:
        bonus += AIR_COOL_FERRITE_BONUS_HV
    return (FERRITE_HV[0] + bonus, FERRITE_HV[1] + bonus)


def _tempers_low(alloy: Alloy, family: str) -> bool:
    """Tempered at about 200 °C, not 600 (`LOW_TEMPER_KEEPS`)."""
    least = LOW_TEMPER_MIN_C_BY_FAMILY.get(family)
    return least is not None and alloy.carbon >= least - _EPS


def _tempered_hv(alloy: Alloy, quenched_hv: float, low: bool) -> float:
    if low:
        return LOW_TEMPER_KEEPS * quenched_hv
    points = alloy.get("W") + 2.0 * alloy.get("Mo") + 4.0 * alloy.get("V")
    resistance = SECONDARY_HARDENING_HV * points + TEMPER_RESISTANCE_CR_HV * alloy.get("Cr")
    tempered = TEMPER_KEEPS * quenched_hv + resistance + _solid_solution_hv(alloy)
    return min(quenched_hv, tempered)  # tempering never hardens the martensite itself


def _spread(centre: float, half: float) -> tuple[float, float]:
    return (centre - half, centre + half)


GRAPHITE_DENSITY_RATIO = 7.87 / 2.2
"""Iron is about 3.6 times as dense as graphite: 3 % graphite by mass covers about 10 % of a
polished section, which is what a microscope shows and what a hardness indenter meets (the
model's fractions are by mass)."""


def graphite_area_share(mass_fraction: float) -> float:
    """The share of a section that graphite making `mass_fraction` of the iron covers."""
    ratio = GRAPHITE_DENSITY_RATIO
    return mass_fraction * ratio / (1.0 + mass_fraction * (ratio - 1.0))


def _mix(
    constituents: tuple[tuple[str, float], ...], hv: Mapping[str, tuple[float, float]]
) -> tuple[float, float]:
    """Hardness mixed by the share of the section each constituent covers: by mass, except that
    light graphite covers more than its mass (and counts for nothing)."""
    graphite = dict(constituents).get("graphite_flakes", 0.0)
    others = (1.0 - graphite_area_share(graphite)) / (1.0 - graphite) if graphite > 0 else 1.0
    low = others * sum(f * hv[name][0] for name, f in constituents)
    high = others * sum(f * hv[name][1] for name, f in constituents)
    return (low, high)


def _merge(pairs: Iterable[tuple[str, float]]) -> tuple[tuple[str, float], ...]:
    """Adds up repeated ids, keeping first-seen order, and drops empty ones."""
    totals: dict[str, float] = {}
    for name, fraction in pairs:
        totals[name] = totals.get(name, 0.0) + fraction
    return _nonzero(totals.items())


_ROOM_TO_MICRO = {
    "ferrite": "ferrite",
    "proeutectoid_ferrite": "ferrite",
    "pearlite": "pearlite",
    "proeutectoid_cementite": "cementite",
    "primary_cementite": "cementite",
    "ledeburite": "ledeburite",
}


def _equilibrium(carbon: float) -> tuple[tuple[str, float], ...]:
    return _merge((_ROOM_TO_MICRO[name], f) for name, f in _room_constituents(carbon))


def _ledeburite_hv() -> tuple[float, float]:
    """Transformed ledeburite: pearlite (from its austenite) and cementite, mixed by mass."""
    cem = LEDEBURITE_CEMENTITE
    low = (1 - cem) * PEARLITE_COARSE_HV[0] + cem * CEMENTITE_HV[0]
    high = (1 - cem) * PEARLITE_COARSE_HV[1] + cem * CEMENTITE_HV[1]
    return (low, high)


def _finish(
    constituents: tuple[tuple[str, float], ...],
    hv: Mapping[str, tuple[float, float]],
    tensile_per_hv: float,
    variant: str = "",
    through: float | None = None,
    cap: float = TENSILE_CAP_MPA,
) -> Microstructure:
    low, high = _mix(constituents, hv)
    tensile = (min(low * tensile_per_hv, cap), min(high * tensile_per_hv, cap))
    magnetic = (
        sum(f for name, f in constituents if name not in NON_MAGNETIC) >= MAGNETIC_MIN_FRACTION
    )
    return Microstructure(
        constituents=constituents,
        hardness_hv=(round(low), round(high)),
        tensile_mpa=(round(tensile[0], -1), round(tensile[1], -1)),
        magnetic=magnetic,
        variant=variant,
        hardens_through_mm=through,
    )


def _hardness_table(
    alloy: Alloy, matrix_c: float, fine: bool, low_temper: bool = False
) -> dict[str, tuple[float, float]]:
    quenched = martensite_hv(matrix_c)
    fine_pearlite_mid = sum(PEARLITE_FINE_HV) / 2
    bainite = fine_pearlite_mid + (quenched - fine_pearlite_mid) * BAINITE_TOWARD_MARTENSITE
    return {
        "ferrite": _ferrite_hv(alloy, fine),
        "pearlite": PEARLITE_FINE_HV if fine else PEARLITE_COARSE_HV,
        "cementite": CEMENTITE_HV,
        "carbides": CARBIDES_HV,
        "martensite": _spread(quenched, MARTENSITE_SPREAD_HV),
        "tempered_martensite": _spread(
            _tempered_hv(alloy, quenched, low_temper), MARTENSITE_SPREAD_HV
        ),
        "bainite": _spread(bainite, BAINITE_SPREAD_HV),
        "austenite": AUSTENITE_HV,
        "graphite_flakes": GRAPHITE_HV,
        "ledeburite": _ledeburite_hv(),
    }


def _martensite_share(alloy: Alloy, matrix_c: float) -> float:
    """How much of a quenched austenite holding `matrix_c` % C turns to martensite at room
    temperature (Koistinen-Marburger from Andrews' Ms); the rest is retained austenite."""
    ms = martensite_start_temp_c(alloy, matrix_c)
    if ms <= QUENCH_TO_TEMP_C:
        return 0.0
    return 1.0 - math.exp(-KM_RATE_PER_DEGREE * (ms - QUENCH_TO_TEMP_C))


def _hardened(alloy: Alloy, family: str) -> tuple[tuple[tuple[str, float], ...], float]:
    """The quenched surface: martensite, retained austenite and undissolved carbides."""
    carbon = alloy.carbon
    matrix_c = min(carbon, HARDENING_MATRIX_C.get(family, EUTECTOID_C))
    carbide = (carbon - matrix_c) / (CEMENTITE_C - matrix_c) if carbon > matrix_c else 0.0
    turned = _martensite_share(alloy, matrix_c)
    matrix = 1.0 - carbide
    carbide_id = "cementite" if family == "steel" else "carbides"
    pairs = (
        ("martensite", matrix * turned),
        ("austenite", matrix * (1.0 - turned)),
        (carbide_id, carbide),
    )
    return _merge(pairs), matrix_c


def _temper(
    parts: tuple[tuple[str, float], ...], austenite_too: bool
) -> tuple[tuple[str, float], ...]:
    """The quenched structure after tempering: martensite (and, if `austenite_too`, the retained
    austenite) becomes tempered martensite; carbides and graphite stay as they are."""
    tempers = ("martensite", "austenite") if austenite_too else ("martensite",)
    return _merge(("tempered_martensite" if name in tempers else name, f) for name, f in parts)


def _stays_austenite(alloy: Alloy, family: str) -> bool:
    """Its quench turns less than `THROUGH_MIN_MARTENSITE` of the austenite into martensite."""
    matrix_c = min(alloy.carbon, HARDENING_MATRIX_C.get(family, EUTECTOID_C))
    return _martensite_share(alloy, matrix_c) < THROUGH_MIN_MARTENSITE


def _retained_is_minority(parts: tuple[tuple[str, float], ...]) -> bool:
    """Tempering turns retained austenite into tempered structure only where it is a minority
    among the martensite: there it is unstable and decomposes at 550-600 °C. An austenite that
    the quench left whole (Ms below room temperature, as in Fe-0.4C-12Mn) is stable and stays."""
    fractions = dict(parts)
    return fractions.get("austenite", 0.0) < fractions.get("martensite", 0.0)


def _steel(alloy: Alloy, family: str, treatment: str) -> Microstructure:
    """Wrought iron, carbon and alloy steels, martensitic stainless and high-speed steels."""
    carbon = alloy.carbon
    if family == "wrought_iron" or (family == "steel" and carbon < HARDENING_MIN_C - _EPS):
        # 3a: almost carbon-free ferrite that "cannot be hardened by quenching". Only normalising
        # refines its grain; a quench from the ferrite field changes nothing.
        hv = _hardness_table(alloy, carbon, fine=treatment == "air_cool")
        return _finish(_equilibrium(carbon), hv, TENSILE_PER_HV)
    di = ideal_diameter_mm(alloy)
    through: float | None = hardens_through_mm(alloy)
    if family in AIR_HARDENING_FAMILIES:
        through = math.inf
    if _stays_austenite(alloy, family):
        through = None  # the quench leaves it mostly austenite: nothing hardens
    air_hardens = family in AIR_HARDENING_FAMILIES or di >= AIR_HARDENING_DI_MM
    if treatment == "slow_cool":
        if family in AIR_HARDENING_FAMILIES:
            # Annealed tool and martensitic stainless steels: ferrite with spheroidised carbides.
            parts = _ferrite_and_carbides(carbon)
        else:
            parts = _equilibrium(carbon)
        hv = _hardness_table(alloy, carbon, fine=False)
        return _finish(parts, hv, TENSILE_PER_HV, through=through)
    if treatment == "air_cool" and not air_hardens:
        bainite = _clamp(
            (di - BAINITE_FROM_DI_MM) / (AIR_HARDENING_DI_MM - BAINITE_FROM_DI_MM), 0, 1
        )
        parts = _merge(
            [(name, f * (1.0 - bainite)) for name, f in _equilibrium(carbon)]
            + [("bainite", bainite)]
        )
        hv = _hardness_table(alloy, carbon, fine=True)
        return _finish(parts, hv, TENSILE_PER_HV, through=through)
    parts, matrix_c = _hardened(alloy, family)
    low = _tempers_low(alloy, family)
    if treatment == "quench_temper":
        # a low temper leaves retained austenite as it is; a hot one decomposes a minority of it
        hot = not low and _retained_is_minority(parts)
        parts = _temper(parts, family == "high_speed_steel" or hot)
    hv = _hardness_table(alloy, matrix_c, fine=False, low_temper=low)
    return _finish(parts, hv, TENSILE_PER_HV, through=through)


def _austenitic(alloy: Alloy, family: str, treatment: str) -> Microstructure:
    """18/8 stainless: austenite, non-magnetic; carbon beyond the 0.1 % it keeps dissolved
    (`SCHAEFFLER_MAX_DISSOLVED_C`) comes out as chromium carbides on its grain boundaries
    wherever Hadfield's would (a "sensitised" stainless, which the water quench of a solution
    anneal avoids). Hadfield steel too, but only water-quenched: cooled slowly (or tempered)
    its carbon comes out as a network of carbides along the grain boundaries, harder and
    brittle ("embrittled"), which is why it is always quenched (`HADFIELD_CARBIDES_KEPT`). Any
    other steel whose quench keeps it austenite (`_stays_austenite`: Fe-0.4C-12Mn,
    Fe-0.8C-12Ni) is treated as Hadfield steel is: no cooling is too slow for an austenite that
    even a quench cannot turn."""
    stainless = family == "stainless_austenitic"
    keeps = SCHAEFFLER_MAX_DISSOLVED_C if stainless else HADFIELD_AUSTENITE_KEEPS_C
    kept = HADFIELD_CARBIDES_KEPT[treatment]  # the fuller the network, the more brittle
    carbides = kept * _clamp((alloy.carbon - keeps) / (CEMENTITE_C - keeps), 0.0, 1.0)
    austenite_hv = AUSTENITE_HV if stainless else HADFIELD_AUSTENITE_HV
    per_hv_whole = TENSILE_PER_HV if stainless else HADFIELD_TENSILE_PER_HV
    hv = {"austenite": austenite_hv, "carbides": CARBIDES_HV}
    if carbides <= 0.0:
        return _finish((("austenite", 1.0),), hv, per_hv_whole)
    parts = (("austenite", 1.0 - carbides), ("carbides", carbides))
    per_hv = per_hv_whole + (EMBRITTLED_TENSILE_PER_HV - per_hv_whole) * kept
    return _finish(parts, hv, per_hv, variant="embrittled")


def _ferrite_and_carbides(carbon: float) -> tuple[tuple[str, float], ...]:
    """Ferrite holding what carbon it can, the rest as carbide particles (lever rule)."""
    carbide = max(0.0, carbon - FERRITE_MAX_C) / (CEMENTITE_C - FERRITE_MAX_C)
    return _merge((("ferrite", 1.0 - carbide), ("carbides", carbide)))


def _never_austenite(alloy: Alloy, family: str) -> bool:
    """Ferritic stainless, or a steel whose ferrite formers close the γ-loop
    (`FERRITE_FACTOR_CLOSED`): ferrite at every temperature."""
    if family == "stainless_ferritic":
        return True
    return family == "steel" and ferrite_factor(alloy) >= FERRITE_FACTOR_CLOSED - _EPS


def _ferritic(alloy: Alloy) -> Microstructure:
    """430-type stainless and 3 % Si electrical steel: ferrite, with carbides for the carbon it
    cannot dissolve, whatever the treatment (it never becomes austenite, so never hardens)."""
    parts = _ferrite_and_carbides(alloy.carbon)
    hv = {"ferrite": _ferrite_hv(alloy, fine=False), "carbides": CARBIDES_HV}
    return _finish(parts, hv, TENSILE_PER_HV)


def _cast_iron(alloy: Alloy, treatment: str) -> Microstructure:
    """Grey iron when silicon lets graphite form as the casting solidifies (3a), else white iron.

    The graphite flakes, once there, stay whatever the heat treatment; the treatment sets the
    iron around them, as in a steel of eutectoid carbon: slow_cool gives ferrite (a ferritising
    anneal), air_cool pearlite (the as-cast state of EN-GJL-250), quench martensite with some
    retained austenite (hardened grey iron: cylinder liners, machine ways), quench_temper
    tempered martensite. Without 1 % Si the carbon stays as cementite: white iron, ledeburite,
    whatever the treatment (turning cementite into graphite takes days of malleablising anneal).
    """
    carbon = alloy.carbon
    hv = _hardness_table(alloy, EUTECTOID_C, fine=False)
    if alloy.get("Si") < GREY_IRON_MIN_SI - _EPS:
        return _finish(_equilibrium(carbon), hv, WHITE_IRON_TENSILE_PER_HV, variant="white_iron")
    matrix_c = FERRITE_MAX_C if treatment == "slow_cool" else EUTECTOID_C
    graphite = (carbon - matrix_c) / (100.0 - matrix_c)
    iron = 1.0 - graphite
    if treatment == "slow_cool":
        matrix: tuple[tuple[str, float], ...] = (("ferrite", iron),)
    elif treatment == "air_cool":
        matrix = (("pearlite", iron),)
    else:
        turned = _martensite_share(alloy, matrix_c)
        matrix = (("martensite", iron * turned), ("austenite", iron * (1.0 - turned)))
        if treatment == "quench_temper":
            matrix = _temper(matrix, _retained_is_minority(matrix))
    parts = _merge((*matrix, ("graphite_flakes", graphite)))
    return _finish(
        parts, hv, GREY_IRON_TENSILE_PER_HV, variant="grey_iron", cap=GREY_IRON_TENSILE_CAP_MPA
    )


def _microstructure(alloy: Alloy, family: str, treatment: str) -> Microstructure:
    if family == "no_iron":
        return EMPTY_MICROSTRUCTURE
    austenitic_steel = family == "steel" and _stays_austenite(alloy, family)
    if family in ("stainless_austenitic", "manganese_austenitic") or austenitic_steel:
        return _austenitic(alloy, family, treatment)
    if _never_austenite(alloy, family):
        return _ferritic(alloy)
    if family == "cast_iron":
        return _cast_iron(alloy, treatment)
    return _steel(alloy, family, treatment)


def microstructure(alloy: Alloy, treatment: str) -> Microstructure:
    """The room-temperature structure after `treatment` (one of `TREATMENTS`).

    Steels: slow cool gives the equilibrium constituents (`constituents_at` at 20 °C); air cool
    gives finer pearlite and finer ferrite (harder), with bainite or martensite when alloying makes
    the steel hardenable enough; quench gives martensite at the surface, its hardness set by the
    carbon it holds, with retained austenite (Koistinen-Marburger) and undissolved carbides; how
    deep it goes is `hardens_through_mm`. Quench and temper turns that martensite into tempered
    martensite, and the retained austenite too where it is a minority (always in high-speed steels,
    whose triple temper is made for it); an austenite the quench left whole stays austenite.
    Hardness mixes the constituents' hardness by fraction; strength follows from it.
    """
    _check_treatment(treatment)
    return _microstructure(alloy, classify(alloy), treatment)


# ---------------------------------------------------------------------------------------------
# Real grades
# ---------------------------------------------------------------------------------------------

SECTORS = ("construction", "automotive", "energy", "aerospace", "rail", "medical", "food")

CONDITIONS = (
    "as_rolled",
    "normalised",
    "annealed",
    "solution_annealed",
    "quenched_tempered",
    "water_quenched",
    "as_cast",
    "puddled",
)


@dataclass(frozen=True)
class Grade:
    """A real grade: nominal composition (the elements that make it what it is, at typical
    values), the condition it is used in, the sectors it serves, and its hardness (HV) and
    tensile strength (MPa, None for tools, which are not specified that way).

    `requires`: a constituent its microstructure must show (grey iron: graphite flakes).
    `relative`: a grade it leads to with an ingredient the lab lacks (grey -> ductile: Mg).
    """

    id: str
    family: str
    composition: tuple[tuple[str, float], ...]
    condition: str
    sectors: tuple[str, ...]
    hardness_hv: tuple[int, int]
    tensile_mpa: tuple[int, int] | None
    requires: str = ""
    relative: str = ""

    def get(self, element: str) -> float:
        return dict(self.composition).get(element, 0.0)


# Hardness and strength from the fact sheet's table 3f where it has them (HB turned into HV with
# HV ≈ 1.05 HB); [K] marks handbook values the fact sheet does not give, and "by rule" values
# derived with Rm ≈ 3.3 HV.
GRADES: tuple[Grade, ...] = (
    Grade(
        "S235JR", "steel", (("C", 0.17), ("Mn", 0.6)), "as_rolled", ("construction",),
        (110, 155), (360, 510),  # 3f tensile; hardness by rule
    ),
    Grade(
        "S355J2", "steel", (("C", 0.18), ("Mn", 1.5)), "as_rolled",
        ("construction", "energy", "rail"),
        (145, 190), (470, 630),  # 3f tensile; hardness by rule
    ),
    Grade(
        "C45", "steel", (("C", 0.45), ("Mn", 0.65)), "normalised", ("automotive", "rail"),
        (190, 230), (620, 760),  # [K] EN 10083-2, normalised
    ),
    Grade(
        "42CrMo4", "steel", (("C", 0.42), ("Cr", 1.05), ("Mo", 0.22), ("Mn", 0.75)),
        "quenched_tempered", ("automotive", "energy"),
        (260, 317), (850, 1000),  # 3f: 248-302 HB, Rm 850-1000 (hardened and tempered)
    ),
    Grade(
        "R260", "steel", (("C", 0.72), ("Mn", 1.0)), "as_rolled", ("rail",),
        (273, 315), (880, 1030),  # [K] EN 13674-1 rail steel: 260-300 HB, Rm ≥ 880, pearlitic
    ),
    Grade(
        "100Cr6", "steel", (("C", 1.0), ("Cr", 1.5)), "quenched_tempered",
        ("automotive", "energy", "rail"),
        (700, 800), None,  # [K] bearing steel, hardened to about 60-64 HRC
    ),
    Grade(
        "304", "stainless_austenitic", (("C", 0.04), ("Cr", 18.0), ("Ni", 8.5)),
        "solution_annealed", ("food", "construction"),
        (150, 210), (515, 650),  # 3f: ≤ 201 HB, Rm ≥ 515, typically about 600
    ),
    Grade(
        "316", "stainless_austenitic", (("C", 0.04), ("Cr", 17.0), ("Ni", 11.0), ("Mo", 2.5)),
        "solution_annealed", ("medical", "food"),
        (150, 220), (515, 650),  # [K] ASTM A240: as 304, ≤ 217 HB
    ),
    Grade(
        "430", "stainless_ferritic", (("C", 0.06), ("Cr", 17.0)), "annealed",
        ("food", "automotive"),
        (150, 190), (450, 600),  # [K] ASTM A240: ≤ 183 HB, Rm ≥ 450
    ),
    Grade(
        "420", "stainless_martensitic", (("C", 0.3), ("Cr", 13.0)), "quenched_tempered",
        ("medical", "food"),
        (450, 550), None,  # [K] instruments and knives, about 45-52 HRC
    ),
    Grade(
        "X120Mn12", "manganese_austenitic", (("C", 1.2), ("Mn", 12.5)), "water_quenched",
        ("rail", "construction"),
        (200, 230), (830, 930),  # 3f: about 200 HB as supplied, Rm about 880
    ),
    Grade(
        "EN-GJL-250", "cast_iron", (("C", 3.4), ("Si", 2.0)), "as_cast", ("automotive", "rail"),
        (180, 250), (250, 350),  # 3f: 170-240 HB, Rm ≥ 250 ([K] EN 1561: up to 350)
        requires="graphite_flakes", relative="EN-GJS-400-18",
    ),
    Grade(
        "EN-GJS-400-18", "cast_iron", (("C", 3.6), ("Si", 2.5)), "as_cast",
        ("energy", "automotive"),
        (147, 200), (400, 480),  # 3f: 140-190 HB, Rm ≥ 400
        requires="graphite_nodules",  # needs magnesium (3a), which no token brings
    ),
    Grade(
        "M2", "high_speed_steel",
        (("C", 0.85), ("Cr", 4.0), ("Mo", 5.0), ("W", 6.0), ("V", 2.0)),
        "quenched_tempered", ("automotive", "aerospace"),
        (650, 830), None,  # 3f: about 58-65 HRC
    ),
    Grade(
        "T1", "high_speed_steel", (("C", 0.75), ("Cr", 4.0), ("W", 18.0), ("V", 1.0)),
        "quenched_tempered", ("automotive", "aerospace"),
        (650, 830), None,  # 3f: about 58-65 HRC
    ),
    Grade(
        "electrical_steel", "steel", (("C", 0.005), ("Si", 3.0)), "annealed",
        ("energy", "automotive"),
        (180, 220), (480, 600),  # [K] non-oriented Fe-3 % Si
    ),
    Grade(
        "puddled_iron", "wrought_iron", (("C", 0.03),), "puddled", ("construction", "rail"),
        (90, 105), (300, 350),  # 3f: about 300-350 MPa [U]; hardness by rule
    ),
)  # fmt: skip
GRADES_BY_ID = {grade.id: grade for grade in GRADES}

MATCH_ABS_TOLERANCE = {
    "C": 0.05, "Cr": 0.5, "Ni": 0.5, "Mn": 0.3, "Mo": 0.1, "V": 0.1, "W": 0.5, "Si": 0.3,
}  # fmt: skip
MATCH_REL_TOLERANCE = 0.15
MATCH_WEIGHT = {"Mn": 0.5, "Si": 0.5}
MATCH_FREE_PCT = {"Mn": 2.0, "Si": 1.0}
MAX_MATCH_DISTANCE = 2.5
MAX_MATCHES = 3
"""Distance between a recipe and a grade: each element's difference divided by a tolerance
(an absolute part, plus 15 % of the grade's own amount, so 1 % off 18 % Cr matters less than
1 % off 1 % Cr), weighted (Mn and Si by half: every real steel carries them as deoxidisers,
a visitor may leave them out), then the root of the sum of squares. Within 2.5 a grade is
"reasonably close"; at most three are shown, closest first.

Mn and Si a grade does not list cost nothing up to `MATCH_FREE_PCT`: the standards allow that
much without naming it (EN 10088: stainless steels up to 2 % Mn and 1 % Si), so 304 with
1.5 % Mn is still 304. Only the excess counts."""


@dataclass(frozen=True)
class GradeMatch:
    """A grade the recipe resembles: its distance, and closeness 0..1 (1 = the nominal recipe)."""

    grade: Grade
    distance: float

    @property
    def closeness(self) -> float:
        return max(0.0, 1.0 - self.distance / MAX_MATCH_DISTANCE)


def _grade_scales(grade: Grade) -> dict[str, tuple[float, float]]:
    """element -> (nominal wt %, weight / tolerance), for the grade's own elements."""
    scales = {}
    for element, target in grade.composition:
        tolerance = MATCH_ABS_TOLERANCE[element] + MATCH_REL_TOLERANCE * target
        scales[element] = (target, MATCH_WEIGHT.get(element, 1.0) / tolerance)
    return scales


_GRADE_SCALES = {grade.id: _grade_scales(grade) for grade in GRADES}
_ABSENT_SCALE = {el: MATCH_WEIGHT.get(el, 1.0) / MATCH_ABS_TOLERANCE[el] for el in ALLOYING}


def grade_distance(alloy: Alloy, grade: Grade) -> float:
    """The documented weighted composition distance (see `MAX_MATCH_DISTANCE`)."""
    scales = _GRADE_SCALES[grade.id]
    total = 0.0
    for element, (target, scale) in scales.items():
        total += ((alloy.get(element) - target) * scale) ** 2
    for element, amount in alloy.pct:
        if element not in scales:
            excess = max(0.0, amount - MATCH_FREE_PCT.get(element, 0.0))
            total += (excess * _ABSENT_SCALE[element]) ** 2
    return math.sqrt(total)


def _resembles(alloy: Alloy, family: str, micro: Microstructure) -> tuple[GradeMatch, ...]:
    matches = []
    for grade in GRADES:
        if grade.family != family or (grade.requires and micro.fraction(grade.requires) <= 0):
            continue
        distance = grade_distance(alloy, grade)
        if distance <= MAX_MATCH_DISTANCE:
            matches.append(GradeMatch(grade, distance))
    matches.sort(key=lambda match: match.distance)
    return tuple(matches[:MAX_MATCHES])


def resembles(alloy: Alloy, treatment: str) -> tuple[GradeMatch, ...]:
    """Real grades close to the recipe, closest first (at most `MAX_MATCHES`).

    The family must match, and a grade that needs a structure must show it after `treatment`:
    grey iron needs its graphite, so a white cast iron (too little silicon) resembles no grey
    iron grade. Ductile iron (EN-GJS-400-18) needs magnesium, which no token brings: it is never
    matched, and is shown as grey iron's `relative` instead.
    """
    _check_treatment(treatment)
    family = classify(alloy)
    if family == "no_iron":
        return ()
    return _resembles(alloy, family, _microstructure(alloy, family, treatment))


# ---------------------------------------------------------------------------------------------
# Everything at once
# ---------------------------------------------------------------------------------------------

DIAGRAM_MAX_ALLOYING = 5.0
"""The binary diagram is a fair guide for plain and low-alloy steels and cast irons; with more
than 5 % of other elements (or for stainless, Hadfield and high-speed steels) its lines move too
far to mean much, and the scene should say so rather than plot the point. Nor does it apply to a
steel whose γ-loop is closed (`FERRITE_FACTOR_CLOSED`): it has no austenite field at all."""


@dataclass(frozen=True)
class Verdict:
    """Everything the scene shows for one recipe, treatment and diagram temperature.

    `carbon_pct`/`temp_c` are the clamped point on the diagram; `phases`, `phase_field` and
    `constituents` are read there (empty without iron); `microstructure` is at room temperature
    after `treatment`; `matches` are the grades it resembles. `carbon_class` is "" where it
    means nothing: off the diagram (`diagram_applies` false) or with no more carbon than ferrite
    holds (0.022 %). `stays_ferrite` says why a steel is off the diagram when it is: its ferrite
    formers keep it ferrite at every temperature, so the diagram's austenite field is not its own.
    """

    alloy: Alloy
    treatment: str
    temp_c: float
    family: str
    carbon_class: str
    carbon_pct: float
    iron_pct: float
    diagram_applies: bool
    stays_ferrite: bool
    phases: tuple[PhaseShare, ...]
    phase_field: str
    constituents: tuple[tuple[str, float], ...]
    microstructure: Microstructure
    matches: tuple[GradeMatch, ...]


@functools.lru_cache(maxsize=512)
def _at_room_temperature(
    alloy: Alloy, treatment: str
) -> tuple[str, Microstructure, tuple[GradeMatch, ...]]:
    """Family, structure and grades depend on recipe and treatment only, not on the diagram's
    temperature: cached, so turning the temperature knob recomputes just the diagram."""
    family = classify(alloy)
    micro = _microstructure(alloy, family, treatment)
    matches = _resembles(alloy, family, micro) if family != "no_iron" else ()
    return family, micro, matches


def analyse(alloy: Alloy, treatment: str, temp_c: float) -> Verdict:
    """All of the above for one recipe: family, diagram point, structure, resembling grades."""
    _check_treatment(treatment)
    family, micro, matches = _at_room_temperature(alloy, treatment)
    carbon = _clamp(alloy.carbon, *CARBON_RANGE)
    temp = _clamp(float(temp_c), *TEMPERATURE_RANGE)
    if family == "no_iron":
        phases: tuple[PhaseShare, ...] = ()
        constituents: tuple[tuple[str, float], ...] = ()
        applies = ferrite = False
    else:
        phases = phases_at(carbon, temp)
        constituents = constituents_at(carbon, temp)
        others = sum(value for el, value in alloy.pct if el != "C")
        ferrite = _never_austenite(alloy, family)
        applies = (
            family in ("wrought_iron", "steel", "cast_iron")
            and others <= DIAGRAM_MAX_ALLOYING
            and not ferrite
        )
    return Verdict(
        alloy=alloy,
        treatment=treatment,
        temp_c=temp,
        family=family,
        carbon_class=carbon_class(carbon) if applies and carbon > FERRITE_MAX_C else "",
        carbon_pct=carbon,
        iron_pct=alloy.iron_pct,
        diagram_applies=applies,
        stays_ferrite=ferrite,
        phases=phases,
        phase_field=field_id(phases),
        constituents=constituents,
        microstructure=micro,
        matches=matches,
    )
