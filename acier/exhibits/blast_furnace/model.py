"""The blast-furnace exhibit's physics: a small, scaled, counter-current iron-making reactor.

Pure: no pygame, no GPIO, no I/O, so every rule is tested at full speed. The exhibit loop calls
`Furnace.step(dt)` every frame with game seconds (`TIME_SCALE` game seconds per real second)
and draws from `Furnace.state()`, a frozen snapshot.

    >>> furnace = Furnace()                      # already running, as a visitor finds it
    >>> furnace.step(3600.0)                     # a game hour: 30 real seconds, 60 fps
    >>> furnace.charge("ore"), furnace.charge("coke")
    (True, True)
    >>> furnace.adjust_blast(+2)                 # two detents of the blast wheel: +10 %
    >>> furnace.step(2.0)                        # one frame at 60 fps
    >>> 1400 < furnace.state().hearth_temperature_c < 1550
    True

What the model is
-----------------
A blast furnace is a counter-current reactor: the solids (ore, coke, limestone) go down the
stack in 6-8 hours while the gas made at the tuyeres rises in seconds. The model keeps that
shape with a handful of parts, each explained where it is coded:

* **Burden column.** Every press drops one skip (`SKIP_KG`) on the column as a layer. Layer
  thickness is volume over stack volume, so positions run from 0 (throat) to 1 (foot of the
  cohesive zone). The column rests on the coke bed and sinks only as fast as the bed is burnt
  away: coke at its foot refills the bed, ore and limestone slump past into the melting zone.
  Descent speed is an outcome of the physics, not a setting.
* **Raceway.** The hot blast burns bed coke in front of the tuyeres: 2 C + O2 -> 2 CO (the
  blast's moisture adds C + H2O -> CO + H2). The flame reaches `raceway_flame_c()`.
* **The rising gas** crosses every layer, bottom to top, in each sub-step (gas takes seconds):

  - ore (lump haematite) is reduced *indirectly* in three steps, each above its own temperature:
    3 Fe2O3 + CO -> 2 Fe3O4 + CO2 (upper stack), Fe3O4 + CO -> 3 FeO + CO2 (middle stack),
    FeO + CO -> Fe + CO2 (thermal reserve zone); H2 does the same, leaving as water. A step
    stops when the gas reaches that step's equilibrium (Baur-Glaessner: wustite needs a gas of
    about two thirds CO). That limit is why gas alone cannot finish the job;
  - limestone calcines from about 800 C, CaCO3 -> CaO + CO2;
  - above about 950 C coke turns CO2 back into CO (Boudouard, C + CO2 -> 2 CO, strongly
    endothermic), and in the cohesive zone the softened ore touching the coke is reduced
    *directly*, FeO + C -> Fe + CO: that is how the ore is finished, at the cost of coke and
    heat;
  - moisture dries off near the top.

  What leaves the throat is the top gas: CO, CO2, N2 from the air, a little H2, and water.
* **Lower zone** (bosh, raceway, hearth) is one well-mixed node whose temperature is the
  hearth temperature. Oxide still left in the burden is reduced there by the coke bed
  (FeO + C -> Fe + CO), raw limestone calcines, and the iron soaks up carbon (to about 4 %,
  `hot_metal_carbon_pct()`) and drips into the hearth with the slag (CaO, SiO2, Al2O3, MgO).
  A heat balance sets the temperature: combustion and the blast's sensible heat in; direct
  reduction, Boudouard, calcination, melting, wall losses and the heat the gas carries up out.
  Below `CHILL_C` the hearth is chilled: too cold for the slag to run, so it turns stiff, the iron
  no longer drips through the coke bed and drains into the hearth, nothing melts, and the burden
  that keeps coming down piles up unmelted, in a melting zone that holds `POOL_MAX_KG`: once it
  is full the column rests on it and stops (coke still gets through to the bed), so a full
  throat refuses the skips. (The iron itself would not freeze yet: hot metal at about 4.3 % C
  stays liquid down to the 1147 C eutectic; below `TAP_FREEZE_C` the hearth cannot be tapped.)
* **Stack temperatures** come from a counter-current heat balance: the gas entering the stack
  must warm the cold burden to the thermal reserve zone, dry it and calcine its limestone;
  what it has left leaves with the top gas.

What follows from it (no timers, no scripts)
--------------------------------------------
* Too little coke: less CO per tonne of ore, more oxide reaches the cohesive zone and is
  reduced there directly, which eats heat and coke; the column sinks faster per tonne of coke;
  the hearth drops below `CHILL_C` and no more iron flows ("chilled"). Recovery needs
  coke-rich burden, which takes hours to come down, and then the unmelted burden must be
  melted: a real furnace is no quicker (a lean recipe for 3 real minutes costs about 5 to put
  right with extra coke).
* Hotter blast: more heat per kilogram of coke, a hotter flame and hearth. The same recipe
  burns the same coke per tonne (what is charged is what burns), so the gain is a hotter
  hearth: with a hotter blast a leaner recipe, less coke per tonne, still keeps it above
  `CHILL_C` (J. B. Neilson's hot blast, 1828).
* More blast: coke burns faster, the burden sinks faster, more heat goes up the stack (hotter
  top gas); the ore spends less time in the stack, arrives less reduced and its direct
  reduction takes heat from the hearth. Burden then comes down faster than the hearth can melt
  it: the hearth sinks to the edge of `CHILL_C` and the unmelted burden piles up in the bosh
  ("unmelted", more than `UNMELTED_WARN_KG`), where it stays for as long as the blast does (a
  furnace on the verge of chilling, its iron leaner in carbon). Meanwhile the raceway burns
  coke at the pace of the blast while less and less iron comes out: the coke burnt per tonne
  of hot metal climbs well past a good recipe's ("high_fuel", once the blast is over
  `OVER_BLOWN_RATE`), for the hours the pile takes to build. With a fixed recipe every
  kilogram of coke charged is burnt sooner or later, so over a whole campaign the figure comes
  back down; what runs short is heat, and the only cures are less blast or more coke per
  tonne, more CO2. Less blast: slower, but the gas is used better and the hearth is warmer.
* Too much coke: the coke per tonne, and so the CO2, rises ("high_fuel"), however hot the
  hearth.
* Too little limestone: the basicity CaO/SiO2 of the slag forming in the cohesive zone falls,
  that slag is viscous, the bed lets less blast through and the burden sinks more slowly
  ("sticky_slag").
* Nothing left to melt ("starved") and a full hearth ("hearth_full", drips stop when it
  overflows) complete the problems; `PROBLEMS` lists them all.

Scale, figures, accounting
--------------------------
Masses in kg, temperatures in C, heat in MJ, gases in kmol, time in game seconds. The furnace
is small: about 1 t of hot metal per game hour (25 t a day, a furnace of the 1840s), but every
ratio per tonne of hot metal (thm) is a real one. `GOOD_RECIPE` (ore, ore, coke, limestone,
repeated) at nominal blast and 1150 C settles at (see tests/test_blast_furnace_model.py):

* 1.53 t ore (lump haematite, 62.6 % Fe) and 210 kg limestone per thm, about 1.04 t/h, each skip
  6.5 h on its way down;
* hot metal at 4.3 % C, tapped at about 1470 C;
* coke about 505 kg/thm: the top of real practice for a furnace fed lump ore and raw limestone
  (modern ones use sinter and coal injection: 300-400 kg coke + 150-200 kg coal);
* slag about 275 kg/thm at basicity about 1.2;
* dry top gas about 21 % CO, 27 % CO2, 51 % N2, 1 % H2, at about 120 C;
* about 1.55 t CO2/thm.

That figure is the blast furnace's own coke and limestone per tonne of hot metal, not a route's
figure per tonne of steel: the whole blast-furnace-converter route emits about 2 t CO2 per t of
steel, a scrap electric arc furnace about 0.4 t (fact sheet 2e; other sources give 1.8-2.2 and
0.3-0.7), and those two are what the visitor texts compare.

CO2 accounting: every carbon atom leaving with the top gas counts as CO2, whether it leaves as
CO2 or as CO, because the CO is burnt later in the Cowper stoves and the power plant; that is
how plants report it. The CO2 from calcining limestone leaves with the top gas too and counts.
The carbon dissolved in the hot metal does not count here: it leaves later, in the steel shop.

Simplifications: one well-mixed lower zone; a straight stack; a layer's volume follows its mass
(reduced ore layers thin out, as real ones do in a widening stack); hot metal is Fe + C (no Si,
Mn, P, S); equilibria and rates are linearised textbook values, right in kind and roughly right
in size, which is what an exhibit needs.
"""

from __future__ import annotations

import copy
import math
from dataclasses import dataclass

# ---------------------------------------------------------------------------------------------
# Time scale
# ---------------------------------------------------------------------------------------------

TIME_SCALE = 120.0
"""Game seconds per real second. A skip takes about 6.5 game hours from the throat to the foot
of the cohesive zone at nominal blast (a real furnace: 6-8 h): about 3 real minutes, long
enough to watch it go down, short enough for a visit. A tonne of iron every 30 real seconds."""

SUBSTEP_S = 30.0
"""Longest internal step (game seconds). `step()` cuts longer calls into equal sub-steps: a
frame at 60 fps (2 game seconds) is one sub-step, a 10-minute jump is 20."""

# ---------------------------------------------------------------------------------------------
# Names
# ---------------------------------------------------------------------------------------------

MATERIALS = ("ore", "coke", "limestone")
ZONES = (
    "throat",
    "upper_stack",
    "middle_stack",
    "thermal_reserve",
    "cohesive",
    "raceway",
    "hearth",
)
PROBLEMS = ("starved", "chilled", "high_fuel", "unmelted", "sticky_slag", "hearth_full")
"""Everything that can go wrong, most pressing first: `FurnaceState.problems` keeps this order
and the scene says the first that shows (an empty furnace needs burden before anything else,
even if the ash of its last coke makes an acid slag)."""

ZONE_SPANS: dict[str, tuple[float, float]] = {
    "throat": (0.0, 0.08),
    "upper_stack": (0.08, 0.35),
    "middle_stack": (0.35, 0.60),
    "thermal_reserve": (0.60, 0.80),
    "cohesive": (0.80, 1.00),
}
"""Where each zone lies in the stack, as fractions of its height (0 = throat, 1 = foot of the
cohesive zone). The raceway and the hearth lie below the burden column."""

COHESIVE_TOP = ZONE_SPANS["cohesive"][0]

# ---------------------------------------------------------------------------------------------
# Chemistry: molar masses (kg/kmol) built from the elements, so every reaction balances exactly
# ---------------------------------------------------------------------------------------------

M_C = 12.011
M_O = 15.999
M_H = 1.008
M_N = 14.007
M_FE = 55.845
M_CA = 40.078
M_SI = 28.085
M_AL = 26.982
M_MG = 24.305
M_CO = M_C + M_O
M_CO2 = M_C + 2 * M_O
M_O2 = 2 * M_O
M_N2 = 2 * M_N
M_H2 = 2 * M_H
M_H2O = M_H2 + M_O
M_CAO = M_CA + M_O
M_CACO3 = M_CA + M_C + 3 * M_O
M_FE2O3 = 2 * M_FE + 3 * M_O

ELEMENTS = ("Fe", "C", "O", "H", "N", "Ca", "Si", "Al", "Mg")
"""Every element the furnace holds, for its balance element by element (`Furnace.element_in_kg`):
a slip that kept the total mass but turned one element into another would show there."""

_ATOMIC_MASS = dict(zip(ELEMENTS, (M_FE, M_C, M_O, M_H, M_N, M_CA, M_SI, M_AL, M_MG), strict=True))
_FORMULAS: dict[str, dict[str, int]] = {
    "fe": {"Fe": 1},
    "o": {"O": 1},  # bound to the iron (see `_Lot`)
    "c": {"C": 1},
    "h2o": {"H": 2, "O": 1},
    "caco3": {"Ca": 1, "C": 1, "O": 3},
    "cao": {"Ca": 1, "O": 1},
    "sio2": {"Si": 1, "O": 2},
    "al2o3": {"Al": 2, "O": 3},
    "mgo": {"Mg": 1, "O": 1},
    "o2": {"O": 2},
    "n2": {"N": 2},
    "co": {"C": 1, "O": 1},
    "co2": {"C": 1, "O": 2},
    "h2": {"H": 2},
}
"""Atoms per molecule of every species the furnace holds, takes in or gives out."""

# ---------------------------------------------------------------------------------------------
# The charge
# ---------------------------------------------------------------------------------------------

SKIP_KG: dict[str, float] = {"ore": 400.0, "coke": 265.0, "limestone": 110.0}
"""One press = one skip. With `GOOD_RECIPE` a tonne of hot metal takes about 8 presses."""

GOOD_RECIPE = ("ore", "ore", "coke", "limestone")
"""The reference charging pattern: per thm about 1.53 t ore, 510 kg coke, 210 kg limestone."""

_HAEMATITE = 0.895
ORE: dict[str, float] = {
    "fe": _HAEMATITE * 2 * M_FE / M_FE2O3,  # 62.6 % Fe
    "o": _HAEMATITE * 3 * M_O / M_FE2O3,
    "sio2": 0.045,
    "al2o3": 0.020,
    "mgo": 0.008,
    "h2o": 0.032,
}
"""Lump haematite ore: 89.5 % Fe2O3 (62.6 % Fe), 7.3 % gangue (mostly silica), 3.2 % water."""

COKE: dict[str, float] = {"c": 0.875, "sio2": 0.055, "al2o3": 0.035, "h2o": 0.035}
"""Metallurgical coke: 87.5 % carbon, 9 % ash (silica, alumina), 3.5 % water."""

LIMESTONE: dict[str, float] = {"caco3": 0.96, "sio2": 0.02, "h2o": 0.02}
"""The flux ("castine" in French works): 96 % calcium carbonate."""

COMPOSITION = {"ore": ORE, "coke": COKE, "limestone": LIMESTONE}
COKE_C = COKE["c"]

BULK_DENSITY_KG_M3 = {"ore": 2000.0, "coke": 500.0, "limestone": 1500.0}
"""Coke is light and bulky: it keeps the burden open for the gas, and its burning is what makes
room for the column to sink."""

IRON_DENSITY_KG_M3 = 6900.0  # liquid hot metal
SLAG_DENSITY_KG_M3 = 2600.0  # liquid slag, lighter: it floats on the iron

CP_SOLID_MJ_PER_KG_K = {"ore": 0.75e-3, "coke": 1.20e-3, "limestone": 0.90e-3}

# ---------------------------------------------------------------------------------------------
# The scaled furnace
# ---------------------------------------------------------------------------------------------

STACK_VOLUME_M3 = 10.0
"""Working volume from the throat to the foot of the cohesive zone: about 45 skips."""

BED_VOLUME_M3 = 1.0
"""The coke bed in front of the tuyeres (about 500 kg of coke)."""

POOL_MAX_KG = 9000.0
"""What the melting zone (bosh) holds of burden waiting to be reduced and melted: about 1.5 m3
of softened ore and flux, seven skips of ore. A good recipe keeps under 700 kg there. When it is
full (a chilled hearth melts nothing), ore and limestone stay at the foot of the column and the
burden stops sinking; coke, which stays solid and lumpy down to the tuyeres, still works its
way through them (the coke windows of the cohesive zone) into the bed as the blast burns it.
So the unmelted burden is bounded by this plus the stack, which a full throat refuses to
overfill."""

HEARTH_VOLUME_M3 = 0.8
"""What the hearth holds: about 3 t of hot metal with its slag, some 3 game hours."""

HEARTH_FULL_FRACTION = 0.9
"""Above this fill the furnace warns "hearth_full"; when it is full nothing more can drip down."""

# ---------------------------------------------------------------------------------------------
# Hot blast
# ---------------------------------------------------------------------------------------------

NOMINAL_AIR_KG_S = 1520.0 / 3600.0
"""Dry blast at rate 1.0: 1.52 t of air per game hour, about 1.45 t per tonne of iron, and
about 2.5 t of top gas out: today's figures for an oxygen-enriched blast on about 500 kg of
coke a tonne. The fact sheet's "3.5 t of air in, 4-5 t of gas out" is a 1958 furnace's, on
about a tonne of coke and plain air: the air a tonne takes follows the carbon it burns."""

BLAST_O2_MOLE_FRACTION = 0.25
"""Oxygen-enriched air (25 % O2 instead of 21 %), as most furnaces blow today."""

O2_MASS_FRACTION = (BLAST_O2_MOLE_FRACTION * M_O2) / (
    BLAST_O2_MOLE_FRACTION * M_O2 + (1.0 - BLAST_O2_MOLE_FRACTION) * M_N2
)

NOMINAL_N2_KMOL_S = NOMINAL_AIR_KG_S * (1.0 - O2_MASS_FRACTION) / M_N2

BLAST_MOISTURE_KG_PER_KG = 0.015
"""Water vapour in the blast, kg per kg of dry air (about 20 g/Nm3): the top gas's H2."""

BLAST_STEP = 0.05
"""One detent of the blast wheel: 5 % of nominal blast."""

BLAST_MAX = 1.5
BLAST_TEMP_MIN_C = 800.0
BLAST_TEMP_MAX_C = 1250.0
DEFAULT_BLAST_TEMP_C = 1150.0
"""Cowper stoves heat the blast to about 870-1260 C (fact sheet); the knob spans 800-1250."""

# ---------------------------------------------------------------------------------------------
# Thermochemistry (MJ per kmol unless stated), heat capacities
# ---------------------------------------------------------------------------------------------

H_C_TO_CO = 110.5  # C + 1/2 O2 -> CO, released
H_WATER_GAS = 131.3  # C + H2O -> CO + H2, absorbed
H_BOUDOUARD = 172.5  # C + CO2 -> 2 CO, absorbed
H_DIRECT = 155.0  # FeO + C -> Fe + CO, absorbed, per kmol of O removed
H_CALCINE = 178.0  # CaCO3 -> CaO + CO2, absorbed
H_INDIRECT = (-47.0, 19.0, -17.0)  # per kmol CO: Fe2O3->Fe3O4, Fe3O4->FeO, FeO->Fe
H_INDIRECT_H2 = (-6.0, 63.0, 25.0)  # the same three steps by H2
H_EVAPORATE_MJ_PER_KG = 2.5  # water to vapour, with its warming
H_MELT_IRON_MJ_PER_KG = 0.70  # iron at ~950 C to hot metal at 1450 C, carbon included
H_MELT_SLAG_MJ_PER_KG = 0.88  # slag formers at ~950 C to liquid slag at 1450 C
CP_HOT_METAL_MJ_PER_KG_K = 0.82e-3  # liquid iron, for superheat above HEARTH_NOMINAL_C
CP_SLAG_MJ_PER_KG_K = 1.2e-3  # liquid slag

CP_AIR = 0.0316  # MJ/(kmol K), blast air, mean 25-1150 C
CP_BOSH_GAS = 0.031  # MJ/(kmol K), bosh gas (N2, CO, H2), mean 25-1000 C
CP_STACK_GAS = 0.033  # MJ/(kmol K), stack gas (N2, CO, CO2), mean 100-1000 C
CP_FLAME = 0.037  # MJ/(kmol K), raceway gas, mean 25-2200 C (with some dissociation)
CP_COKE = 0.024  # MJ/(kmol K), carbon at high temperature
AMBIENT_C = 25.0

# ---------------------------------------------------------------------------------------------
# Heat balance of the lower zone
# ---------------------------------------------------------------------------------------------

HEARTH_NOMINAL_C = 1450.0
"""The hearth temperature the enthalpies above refer to (tapped iron: 1400-1500 C)."""

CHILL_C = 1350.0
"""Below this the hearth is chilled: too cold for the slag, which turns too stiff to let iron
drip through the coke bed, so nothing reaches the hearth and the furnace makes no iron (the iron
would not freeze: hot metal at about 4.3 % C stays liquid down to the 1147 C eutectic). Melting
picks up from `CHILL_C` and is in full swing `MELT_RAMP_K` above it."""
MELT_RAMP_K = 50.0

TAP_FREEZE_C = 1200.0
"""Below this the hearth cannot be tapped: `tap()` gives nothing. Hot metal at about 4.3 % C is
fully solid at the 1147 C eutectic; the threshold sits a little above it because what runs out
cools on its way through the tap hole and along the runner, so a few tens of degrees of margin
are gone before it reaches the ladle, and the slag above the iron is stiff well before that: the
tap hole of a hearth this cold cannot be opened. Between this and `CHILL_C` the liquids already
in the hearth still run out; below it they stay until the furnace is hot again ("chilled" shows
for both), the hearth keeps its contents and the mass balance is unchanged."""

HEAT_LOSS_MW = 0.055
"""Heat lost through the walls and cooling staves of the lower zone, at nominal temperature."""

LOWER_HEAT_CAPACITY_MJ_K = 20.0
"""Thermal inertia of the lower zone (liquids, coke bed, refractory): two skips of ore too many
cool it by about 100 C; a recipe short of coke chills it within a few game hours."""

BOSH_GAS_C = 1000.0
"""Temperature of the gas leaving the lower zone for the stack, at a nominal hearth."""

BOSH_GAS_COUPLING_HOT = 0.8
BOSH_GAS_COUPLING_COLD = 0.25
"""A hotter hearth sends hotter gas up the stack, 0.8 C per C: the surplus heat goes up and out
of the top, which keeps a coke-rich furnace from running away. A colder hearth cools that gas
much less, 0.25 C per C: below about 1000 C the coke stops taking heat from the gas (no more
Boudouard), which is why the thermal reserve zone keeps its temperature."""

BOSH_GAS_PER_BLAST_K = 150.0
"""More blast pushes heat higher: the gas crosses the bosh faster and leaves it hotter by this
much per nominal blast above 1.0 (cooler below): a hotter stack, less heat left for the hearth."""

FLAME_MARGIN_K = 500.0
"""Nothing in the lower zone gets hotter than the raceway flame less this margin."""

# ---------------------------------------------------------------------------------------------
# Stack temperatures
# ---------------------------------------------------------------------------------------------

THERMAL_RESERVE_NOMINAL_C = 950.0
THERMAL_RESERVE_COUPLING = 0.25
"""How much of a change of the hearth temperature reaches the thermal reserve zone."""
THERMAL_RESERVE_SPREAD_K = 25.0
"""The reserve zone is a plateau: +-25 C from its top to its bottom."""
TOP_GAS_MIN_C = 60.0
STACK_TIME_CONSTANT_S = 1200.0
"""The stack's brickwork and burden smooth its temperatures over about 20 game minutes."""

# ---------------------------------------------------------------------------------------------
# Reaction rates. Each runs from the lower temperature of its range, at full pace from the upper.
# ---------------------------------------------------------------------------------------------

K_HAEMATITE = 1.0 / 1500.0  # share of the step done per second at full pace
K_MAGNETITE = 1.0 / 4000.0
K_WUSTITE = 1.0 / 6000.0
HAEMATITE_RANGE = (400.0, 600.0)
MAGNETITE_RANGE = (600.0, 850.0)
WUSTITE_RANGE = (700.0, 880.0)

K_CALCINE = 5.0e-4  # 1/s
K_CALCINE_BOSH = 2.0e-3  # raw limestone reaching the bosh calcines fast
CALCINE_RANGE = (800.0, 950.0)
K_DRY = 2.0e-3
DRY_RANGE = (60.0, 200.0)
K_BOUDOUARD = 40.0  # per unit of stack height of coke the gas crosses
BOUDOUARD_RANGE = (950.0, 1150.0)
K_COHESIVE_DIRECT = 1.0 / 1500.0  # softened ore on coke in the cohesive zone, 1/s
K_DIRECT = 1.0 / 900.0  # oxide left in the burden below the column, 1/s
DIRECT_RANGE = (900.0, 1200.0)
DIRECT_MAX_KMOL_S = 2.0e-3
"""Below the cohesive zone, direct reduction happens where slag touches coke: its pace is
limited by that contact (about 7 kmol O per hour), not by how much oxide is waiting."""
K_MELT = 1.0 / 600.0

HOT_METAL_C_PCT = 4.2
"""Carbon in hot metal from a hearth at `HEARTH_NOMINAL_C`; a hotter one dissolves more."""
HOT_METAL_C_PER_K = 0.004

# ---------------------------------------------------------------------------------------------
# Slag, problems, averages
# ---------------------------------------------------------------------------------------------

SLAG_FORECAST_TOP = 0.6
"""Basicity is read from the burden below this position (thermal reserve and cohesive zones)
and what waits to melt: the primary slag those layers are about to form."""
BASICITY_STICKY = 0.9
"""Below this CaO/SiO2 the primary slag is viscous and clogs the cohesive zone."""
BASICITY_LIME_HEAVY = 1.8
"""From this CaO/SiO2 up the burden carries far more limestone than its slag needs (a good
recipe makes about 1.2): calcining it (CaCO3 -> CaO + CO2 takes about 1.8 MJ per kg) and
melting the extra slag take heat the coke makes, so a hearth that cools then owes it to the
limestone (`FurnaceState.blames_limestone`), not to too little coke."""
PERMEABILITY_SLOPE = 0.8
PERMEABILITY_MIN = 0.35
HIGH_FUEL_KG_PER_T = 650.0
"""Coke burnt per tonne of hot metal (recent average) above which the furnace is fuel-hungry:
a good recipe burns about 500. Said while melting is in full swing (`CHILL_C` +
`MELT_RAMP_K`), or in any hearth while the furnace is over-blown (`OVER_BLOWN_RATE`): the
blast burns coke faster than the cooling hearth turns burden into iron, and that is the fuel
the blast wastes. A hearth gone cold at nominal blast burns coke per tonne of little iron
because its recipe is short of coke: "chilled" or "unmelted" says so, not "too much coke"."""
OVER_BLOWN_RATE = 1.2
"""Blast rate above which the blast itself is what tips the furnace: `GOOD_RECIPE` keeps its
hearth hot up to this (it makes more iron, a little leaner in carbon) and falls behind from one
detent more. Over it, and with the hearth cooling (`FurnaceState.blames_blast`), the scene
blames the blast for a cold hearth or a high coke rate."""
UNMELTED_WARN_KG = 2500.0
"""Unmelted burden in the bosh (`FurnaceState.unmelted_kg`) above which, in a hearth too cold
to melt in full swing, the furnace warns "unmelted": about six skips of ore waiting. A good
recipe keeps under 700 kg there."""
CATCHING_UP_KG_S = 100.0 / 3600.0
POOL_CHANGE_AVERAGE_S = 10800.0
"""A pile of unmelted burden shrinking by more than 100 kg an hour (averaged over three game
hours, 90 real seconds: skips land a few hundred kilograms at a time) is being caught up with,
until it grows as fast again: the hearth melts more than comes down, so "unmelted" is not
said, though the hearth is still at the edge of `CHILL_C` (after a chill the backlog takes
several real minutes to melt, a few hundred kilograms an hour faster than the burden brings
it; extra coke or a hotter blast speeds it)."""
STARVED_FE_KG = 20.0
"""Less iron than this above the hearth: nothing left to melt."""
TAP_MIN_KG = 1.0

RECENT_S = 10800.0
"""Averaging time of the "now" figures (production, coke rate, CO2 per tonne): three game
hours, 90 real seconds, enough to smooth out the skip-by-skip layering."""
TOP_GAS_MIN_BLAST = 0.05
"""Below this share of nominal blast (read from the nitrogen, which only the blast brings) the
top gas has no composition to speak of: a furnace off blast lets out a trickle of calcination
CO2, which would read as 100 % CO2. `FurnaceState.top_gas` then reads 0 % of everything."""
GAS_AVERAGE_S = 600.0
MELT_AVERAGE_S = 300.0
"""Averaging time of `FurnaceState.melting_t_per_h`: five game minutes, 2.5 real seconds, so
the drips on screen stop when the melting does."""
SLAG_AVERAGE_S = 3600.0


# ---------------------------------------------------------------------------------------------
# Snapshot types
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ZoneTemp:
    id: str
    temp_c: float


@dataclass(frozen=True)
class Layer:
    """One skip in the stack, for the cross-section (positions: 0 = throat, 1 = foot).

    `reduced` is how far the layer has gone on its way down: for ore, its reduction degree
    (share of the haematite's oxygen removed); for limestone, the share calcined; for coke,
    the share of its carbon already gasified by CO2.
    """

    material: str
    top: float
    bottom: float
    reduced: float
    temp_c: float
    charge_no: int


@dataclass(frozen=True)
class TopGas:
    """Dry top gas in volume %, averaged over the last ten game minutes."""

    co_pct: float
    co2_pct: float
    n2_pct: float
    h2_pct: float
    temperature_c: float


@dataclass(frozen=True)
class Tap:
    iron_kg: float
    slag_kg: float
    carbon_pct: float
    temperature_c: float


@dataclass(frozen=True)
class OreDown:
    """The latest moment ore came down out of the stack into the melting zone, with what the
    burden that came down before it is worth.

    Ore slumps into the melting zone a run of layers at a time, when the coke below it has gone
    into the bed; the coke that follows it down is what melts it. So between two such moments
    the burden that came down is whole layers of ore with the coke that pays for them: over
    that span, `burden_co2_kg` per `burden_iron_kg` is what that burden costs (see
    `Challenge`). Both count from when the furnace object was made, up to just before this ore.
    """

    first_no: int  # the ore skips that came down then, by number: all of them are between
    last_no: int  # (they come down together, nothing but limestone between them)
    count: int  # times ore has come down since the furnace object was made, this one included
    time_s: float
    burden_co2_kg: float
    """CO2 the carbon of the coke and limestone that came down makes: all of it leaves with
    the top gas sooner or later, but for what the iron dissolves."""
    burden_iron_kg: float
    """Hot metal the iron of the ore that came down makes, with its carbon."""


@dataclass(frozen=True)
class FurnaceState:
    """Everything a scene needs, copied out so it can draw without touching the furnace.

    Totals count since the furnace object was made. `co2_per_t`, `coke_rate` and `slag_rate`
    divide them by the hot metal made (None before any); the `_now` figures use the last game
    hours (`RECENT_S`) and follow the visitor's choices. `coke_rate` counts coke burnt, not
    charged. `burden` runs from the throat down. `bottom_charge_no` is the number of the lowest
    skip still in the stack (None when the stack is empty): everything charged before it has
    reached the melting zone. `ore_down` is the latest time ore came down into the melting zone
    (None until ore has, since the furnace object was made); `burden_co2_kg` and
    `burden_iron_kg` are what all the burden that came down is worth, as in `OreDown`.
    `melting_t_per_h` is the hot metal melting
    now (averaged over `MELT_AVERAGE_S`): zero in a chilled hearth.
    """

    time_s: float
    blast_rate: float
    blast_effective: float
    blast_temperature_c: float
    zones: tuple[ZoneTemp, ...]
    burden: tuple[Layer, ...]
    stock_line: float
    descent_per_h: float
    coke_bed_kg: float
    unmelted_kg: float
    hearth_iron_kg: float
    hearth_slag_kg: float
    hearth_carbon_pct: float
    hearth_temperature_c: float
    hearth_fill: float
    top_gas: TopGas
    iron_made_kg: float
    slag_made_kg: float
    iron_tapped_kg: float
    slag_tapped_kg: float
    coke_charged_kg: float
    coke_burned_kg: float
    co2_kg: float
    charges: int
    last_charge_no: int
    bottom_charge_no: int | None
    ore_down: OreDown | None
    burden_co2_kg: float
    burden_iron_kg: float
    co2_per_t: float | None
    coke_rate: float | None
    slag_rate: float | None
    co2_per_t_now: float | None
    coke_rate_now: float | None
    slag_basicity: float | None
    production_t_per_h: float
    melting_t_per_h: float
    problems: tuple[str, ...]

    @property
    def over_blown(self) -> bool:
        """More blast than the furnace can turn into iron (`OVER_BLOWN_RATE`)."""
        return _over_blown(self.blast_rate)

    @property
    def blames_blast(self) -> bool:
        """Over-blown with a hearth no longer melting in full swing: what goes wrong there is
        the blast's doing, and less blast the first cure. (Over-blown on a hot hearth, a high
        coke rate is the recipe's: too much coke.)"""
        return self.over_blown and self.hearth_temperature_c < CHILL_C + MELT_RAMP_K

    @property
    def blames_limestone(self) -> bool:
        """The slag forming is far more basic than it needs (`BASICITY_LIME_HEAVY`): a cold
        hearth is the extra limestone's doing, and fewer skips of it the cure."""
        basicity = self.slag_basicity
        return basicity is not None and basicity >= BASICITY_LIME_HEAVY

    def zone_temp(self, zone_id: str) -> float:
        """The temperature of one zone, by id."""
        for zone in self.zones:
            if zone.id == zone_id:
                return zone.temp_c
        raise KeyError(zone_id)


# ---------------------------------------------------------------------------------------------
# Bookkeeping and small physics helpers
# ---------------------------------------------------------------------------------------------

_SPECIES = ("h2o", "fe", "o", "c", "caco3", "cao", "sio2", "al2o3", "mgo")
_SLAG_SPECIES = ("cao", "sio2", "al2o3", "mgo")


class _Lot:
    """A heap of solid material, species by species (kg): a layer, the coke bed, the burden
    waiting to melt. Iron oxide is kept as iron plus the oxygen bound to it, so reduction is
    just oxygen leaving."""

    __slots__ = (*_SPECIES, "c0", "cp0", "kind", "no")

    def __init__(self, kind: str = "", no: int = 0) -> None:
        self.kind = kind
        self.no = no
        self.h2o = self.fe = self.o = self.c = self.caco3 = 0.0
        self.cao = self.sio2 = self.al2o3 = self.mgo = 0.0
        self.c0 = 0.0  # carbon as charged (coke; limestone: its carbonate's), to tell how
        # much of a coke layer is gone and what a layer's carbon costs in CO2
        self.cp0 = 0.0  # heat capacity as charged (MJ/K), what the stack gas had to warm

    def mass(self) -> float:
        return (
            self.h2o
            + self.fe
            + self.o
            + self.c
            + self.caco3
            + self.cao
            + self.sio2
            + self.al2o3
            + self.mgo
        )

    def split(self, fraction: float) -> _Lot:
        """Take `fraction` of everything out of this lot, as a new lot."""
        part = _Lot(self.kind, self.no)
        for name in (*_SPECIES, "c0", "cp0"):
            amount = getattr(self, name) * fraction
            setattr(part, name, amount)
            setattr(self, name, getattr(self, name) - amount)
        return part

    def absorb(self, other: _Lot) -> None:
        for name in _SPECIES:
            setattr(self, name, getattr(self, name) + getattr(other, name))

    def reduced(self) -> float:
        if self.kind == "ore":
            if self.fe <= 0.0:
                return 1.0
            return max(0.0, min(1.0, 1.0 - (self.o / M_O) / (1.5 * self.fe / M_FE)))
        if self.kind == "coke":
            return 0.0 if self.c0 <= 0.0 else max(0.0, min(1.0, 1.0 - self.c / self.c0))
        lime, burnt = self.caco3 / M_CACO3, self.cao / M_CAO
        return 0.0 if lime + burnt <= 0.0 else burnt / (lime + burnt)


def _over_blown(blast_rate: float) -> bool:
    return blast_rate > OVER_BLOWN_RATE + 1e-9


def _ramp(x: float, lo: float, hi: float) -> float:
    if x <= lo:
        return 0.0
    if x >= hi:
        return 1.0
    return (x - lo) / (hi - lo)


def _ema(old: float, new: float, dt: float, tau: float) -> float:
    """Exponential average, exact for any dt."""
    return old + (new - old) * (1.0 - math.exp(-dt / tau))


def _elements(species_kg: dict[str, float]) -> dict[str, float]:
    """kg of each of `ELEMENTS` in `species_kg` (kg by species, as in `_FORMULAS`)."""
    elements = dict.fromkeys(ELEMENTS, 0.0)
    for name, kg in species_kg.items():
        formula = _FORMULAS[name]
        molar = sum(n * _ATOMIC_MASS[element] for element, n in formula.items())
        for element, n in formula.items():
            elements[element] += kg * n * _ATOMIC_MASS[element] / molar
    return elements


def _x_eq_wustite(t: float) -> float:
    """CO share of CO + CO2 in equilibrium with Fe and FeO: 0.60 at 700 C, 0.71 at 1000 C."""
    return min(0.75, max(0.55, 0.60 + 0.00038 * (t - 700.0)))


def _x_eq_magnetite(t: float) -> float:
    """CO share of CO + CO2 in equilibrium with FeO and Fe3O4: about 0.3 at 800 C."""
    return min(0.35, max(0.10, 0.35 - 0.0005 * (t - 700.0)))


def _x_eq_wustite_h2(t: float) -> float:
    """H2 share of H2 + H2O in equilibrium with Fe and FeO: 0.70 at 700 C, 0.59 at 1000 C."""
    return min(0.75, max(0.50, 0.70 - 0.00037 * (t - 700.0)))


def _x_eq_magnetite_h2(t: float) -> float:
    """H2 share of H2 + H2O in equilibrium with FeO and Fe3O4: about 0.35 at 800 C."""
    return min(0.45, max(0.10, 0.41 - 0.0006 * (t - 700.0)))


def hot_metal_carbon_pct(hearth_c: float) -> float:
    """Carbon the iron dissolves from the coke before it drips into a hearth at `hearth_c`."""
    return max(2.0, min(5.0, HOT_METAL_C_PCT + HOT_METAL_C_PER_K * (hearth_c - HEARTH_NOMINAL_C)))


def raceway_flame_c(blast_c: float, coke_c: float = HEARTH_NOMINAL_C) -> float:
    """Adiabatic flame temperature in front of the tuyeres.

    Per kmol of O2 blown, 2 C -> 2 CO releases 221 MJ; the blast brings its sensible heat, the
    coke arrives nearly at hearth temperature, the blast's moisture takes some back (water gas);
    all of it heats the 2 CO, the H2 and the N2: about 2000-2300 C for a normal blast.
    """
    air = 1.0 / BLAST_O2_MOLE_FRACTION
    water = (M_O2 / O2_MASS_FRACTION) * BLAST_MOISTURE_KG_PER_KG / M_H2O
    heat = (
        2.0 * H_C_TO_CO
        - water * H_WATER_GAS
        + air * CP_AIR * (blast_c - AMBIENT_C)
        + (2.0 + water) * CP_COKE * (coke_c - AMBIENT_C)
    )
    gas = 2.0 + 2.0 * water + (air - 1.0)
    return AMBIENT_C + heat / (gas * CP_FLAME)


# ---------------------------------------------------------------------------------------------
# The furnace
# ---------------------------------------------------------------------------------------------


class Furnace:
    """A blast furnace: charge it, blow it, step it, tap it, read its `state()`.

    `Furnace()` is a furnace in steady operation on `GOOD_RECIPE`, its throat full (the settled
    furnace is computed once per process, then copied: under half a second the first time).
    `Furnace.ready()` is the same with room at the throat, as a visitor should find the exhibit.
    `Furnace(prefill=False)` is freshly blown in: a hot coke bed, an empty stack.
    Whatever the furnace holds when it is made counts as its first input, so
    `mass_in_kg() == mass_out_kg() + inventory_kg()` at all times, and so for each element
    (`element_in_kg`).
    """

    def __init__(self, prefill: bool = True) -> None:
        if prefill:
            self.__dict__.update(copy.deepcopy(_running_template().__dict__))
            return
        self._layers: list[_Lot] = []  # bottom first
        self._bed = _Lot("coke")
        bed_coke = BED_VOLUME_M3 * BULK_DENSITY_KG_M3["coke"]
        for name, share in COKE.items():
            if name != "h2o":
                setattr(self._bed, name, bed_coke * share)
        self._pool = _Lot("pool")  # burden below the column, waiting to be reduced and melted
        self._hearth_fe = self._hearth_c = 0.0
        self._slag = dict.fromkeys(_SLAG_SPECIES, 0.0)
        self._t_low = HEARTH_NOMINAL_C
        self._t_top = THERMAL_RESERVE_NOMINAL_C
        self._t_trz = THERMAL_RESERVE_NOMINAL_C
        self._blast_rate = 1.0
        self._blast_temp = DEFAULT_BLAST_TEMP_C
        self._blast_effective = 1.0
        self._burning = True
        self._catching_up = False  # the unmelted pile is shrinking (`CATCHING_UP_KG_S`)
        self._time = 0.0
        self._charges = 0
        self._charge_no = 0
        self._reset_totals()
        self._initial_kg = self.inventory_kg()
        self._initial_elements = _elements(self._inventory_species())
        self._avg = dict.fromkeys(
            (
                "iron",  # hot metal made, kg/s
                "coke",  # coke burnt, kg/s
                "co2",  # CO2 counted, kg/s
                "descent",  # stack heights per second
                "co",  # top gas, kmol/s
                "gco2",
                "n2",
                "h2",
                "melt",  # hot metal melting, kg/s (short average)
                "pool_change",  # unmelted burden in the bosh, kg/s gained (< 0: shrinking)
                "gas_cp",  # heat capacity flows into the stack, MJ/(K s)
                "solids_cp",
                "stack_load",  # drying and calcining in the stack, MJ/s
                "cao",  # primary slag forecast, kg
                "sio2",
            ),
            0.0,
        )

    @classmethod
    def ready(cls, throat_room: float | None = None) -> Furnace:
        """A furnace as a visitor should find it at the exhibit: like `Furnace()`, in steady
        operation on `GOOD_RECIPE`, but left to burn down without new skips until `throat_room`
        (a share of the stack, `READY_THROAT_ROOM` by default) is empty at the throat, so the
        visitor's first presses are taken rather than refused by a full throat.

        The hearth holds what the furnace made meanwhile; totals count from here, like those of
        `Furnace()`. Made once per process for each `throat_room` (at most two game hours of
        simulation on the settled furnace), then copied: under a millisecond.

            >>> furnace = Furnace.ready()
            >>> furnace.state().stock_line >= READY_THROAT_ROOM
            True
        """
        room = READY_THROAT_ROOM if throat_room is None else float(throat_room)
        if not 0.0 <= room < 1.0:
            raise ValueError(f"throat_room must be a share of the stack, not {throat_room!r}")
        key = round(room, 6)
        ready = _ready.get(key)
        if ready is None:
            ready = _ready[key] = _burnt_down(cls(), room)
        return copy.deepcopy(ready)

    def _restart_totals(self) -> None:
        """Count from now on, as if the furnace had just been made with what it holds."""
        self._initial_kg = self.inventory_kg()
        self._initial_elements = _elements(self._inventory_species())
        self._reset_totals()
        self._charges = 0
        self._time = 0.0

    def _reset_totals(self) -> None:
        self._species_in = dict.fromkeys(_FORMULAS, 0.0)  # kg by species, since the start
        self._species_out = dict.fromkeys(_FORMULAS, 0.0)
        self._iron_made = 0.0
        self._slag_made = 0.0
        self._iron_tapped = 0.0
        self._slag_tapped = 0.0
        self._coke_charged = 0.0
        self._coke_burned = 0.0
        self._co2 = 0.0
        self._ore_down: OreDown | None = None
        self._ore_downs = 0
        self._burden_co2 = 0.0  # what the burden that came down is worth, see `OreDown`
        self._burden_iron = 0.0

    # --- visitor actions -----------------------------------------------------------------------

    def charge(self, material: str) -> bool:
        """Drop one skip of `material` on the burden; False, and nothing charged, if the
        throat is too full for it.

        One exception: a skip of coke is always taken while the column holds no coke. A furnace
        starved of coke has nothing left to burn, so nothing sinks and the throat stays full;
        crews then force a blank charge of coke into it, which works down past the stuck ore to
        the tuyeres and revives it. Without that, no button could ever save it."""
        if material not in MATERIALS:
            raise ValueError(
                f"unknown material {material!r} (expected one of {', '.join(MATERIALS)})"
            )
        kg = SKIP_KG[material]
        rescue = material == "coke" and all(lot.kind != "coke" for lot in self._layers)
        over = self._column_volume() + kg / BULK_DENSITY_KG_M3[material] > STACK_VOLUME_M3 + 1e-9
        if over and not rescue:
            return False
        self._charge_no += 1
        self._charges += 1
        layer = _Lot(material, self._charge_no)
        for name, share in COMPOSITION[material].items():
            setattr(layer, name, kg * share)
            self._species_in[name] += kg * share
        layer.c0 = layer.c + layer.caco3 * M_C / M_CACO3
        layer.cp0 = kg * CP_SOLID_MJ_PER_KG_K[material]
        self._layers.append(layer)
        if material == "coke":
            self._coke_charged += kg
        return True

    def adjust_blast(self, steps: int) -> None:
        """Turn the blast wheel by `steps` detents (negative: less air), within 0..`BLAST_MAX`."""
        rate = self._blast_rate + steps * BLAST_STEP
        self._blast_rate = round(max(0.0, min(BLAST_MAX, rate)), 6)

    def set_blast_temperature(self, celsius: float) -> None:
        """Set the hot-blast temperature, clamped to what the stoves can give; NaN is ignored
        (a flaky sensor must not poison the model)."""
        if math.isnan(celsius):
            return
        self._blast_temp = max(BLAST_TEMP_MIN_C, min(BLAST_TEMP_MAX_C, float(celsius)))

    def tap(self) -> Tap | None:
        """Open the tap hole: drain the hearth's hot metal and slag. None, and nothing runs
        out, if there is nothing to tap or the hearth is below `TAP_FREEZE_C`."""
        iron = self._hearth_fe + self._hearth_c
        slag = sum(self._slag.values())
        if iron + slag < TAP_MIN_KG or self._t_low < TAP_FREEZE_C:
            return None
        carbon = 100.0 * self._hearth_c / iron if iron > 0.0 else 0.0
        out = self._species_out
        out["fe"] += self._hearth_fe
        out["c"] += self._hearth_c
        for name, kg in self._slag.items():
            out[name] += kg
        self._hearth_fe = self._hearth_c = 0.0
        self._slag = dict.fromkeys(_SLAG_SPECIES, 0.0)
        self._iron_tapped += iron
        self._slag_tapped += slag
        return Tap(iron_kg=iron, slag_kg=slag, carbon_pct=carbon, temperature_c=self._t_low)

    # --- time ----------------------------------------------------------------------------------

    def step(self, dt_s: float) -> None:
        """Advance `dt_s` game seconds, in sub-steps of at most `SUBSTEP_S`."""
        if not dt_s > 0.0 or math.isinf(dt_s):
            return
        n = max(1, math.ceil(dt_s / SUBSTEP_S))
        h = dt_s / n
        for _ in range(n):
            self._advance(h)

    # --- mass balance --------------------------------------------------------------------------

    def mass_in_kg(self) -> float:
        """Everything that went in: the starting contents, every skip, all the blast."""
        return self._initial_kg + sum(self._species_in.values())

    def mass_out_kg(self) -> float:
        """Everything that came out: tapped iron and slag, and the top gas with its water."""
        return sum(self._species_out.values())

    def inventory_kg(self) -> float:
        """Everything inside: burden, coke bed, burden waiting to melt, hearth liquids."""
        return sum(self._inventory_species().values())

    def element_in_kg(self, element: str) -> float:
        """What went in of one of `ELEMENTS`, counted like `mass_in_kg`.

        `element_in_kg(e) == element_out_kg(e) + element_inventory_kg(e)` for each element, as
        for the total: reactions move atoms between species, never make or lose them.
        """
        return self._initial_elements[element] + _elements(self._species_in)[element]

    def element_out_kg(self, element: str) -> float:
        """What came out of one of `ELEMENTS`: with the hot metal, the slag and the top gas."""
        return _elements(self._species_out)[element]

    def element_inventory_kg(self, element: str) -> float:
        """What is inside of one of `ELEMENTS`, wherever `inventory_kg` counts it."""
        return _elements(self._inventory_species())[element]

    def recipe_phase(self, recipe: tuple[str, ...]) -> int:
        """Where in `recipe` the skips on top of the burden leave off: the position whose
        preceding skips match the longest run of the top layers (0 if none match)."""
        n = len(recipe)
        top = [layer.kind for layer in self._layers[-n:]]
        best, best_run = 0, 0
        for phase in range(n):
            run = 0
            while run < len(top) and top[-1 - run] == recipe[(phase - 1 - run) % n]:
                run += 1
            if run > best_run:
                best, best_run = phase, run
        return best

    @property
    def hearth_fill(self) -> float:
        """Share of the hearth taken by hot metal and slag."""
        return self._hearth_volume() / HEARTH_VOLUME_M3

    # --- internals -----------------------------------------------------------------------------

    def _inventory_species(self) -> dict[str, float]:
        """What `inventory_kg` counts, kg by species."""
        held = dict.fromkeys(_SPECIES, 0.0)
        for lot in (*self._layers, self._bed, self._pool):
            for name in _SPECIES:
                held[name] += getattr(lot, name)
        held["fe"] += self._hearth_fe
        held["c"] += self._hearth_c
        for name, kg in self._slag.items():
            held[name] += kg
        return held

    def _column_volume(self) -> float:
        return sum(layer.mass() / BULK_DENSITY_KG_M3[layer.kind] for layer in self._layers)

    def _hearth_volume(self) -> float:
        iron = self._hearth_fe + self._hearth_c
        return iron / IRON_DENSITY_KG_M3 + sum(self._slag.values()) / SLAG_DENSITY_KG_M3

    def _basicity(self) -> float | None:
        """CaO/SiO2 of the primary slag the lower burden is about to form."""
        sio2 = self._avg["sio2"]
        return None if sio2 <= 1e-9 else self._avg["cao"] / sio2

    def _permeability(self) -> float:
        """Share of the set blast the bed lets through: viscous, acid slag clogs it."""
        basicity = self._basicity()
        if basicity is None or basicity >= BASICITY_STICKY:
            return 1.0
        return max(PERMEABILITY_MIN, 1.0 - (BASICITY_STICKY - basicity) * PERMEABILITY_SLOPE)

    def _take_carbon(self, kg: float) -> float:
        """Take up to `kg` of carbon from the coke bed; the ash of that coke joins the slag."""
        bed = self._bed
        if bed.c <= 0.0 or kg <= 0.0:
            return 0.0
        taken = min(kg, bed.c)
        share = taken / bed.c
        ash_si, ash_al = bed.sio2 * share, bed.al2o3 * share
        bed.sio2 -= ash_si
        bed.al2o3 -= ash_al
        self._pool.sio2 += ash_si
        self._pool.al2o3 += ash_al
        bed.c -= taken
        if bed.c < 1e-12:
            bed.c = 0.0
        return taken

    def _profile(self) -> tuple[tuple[float, float], ...]:
        """Temperature along the stack, (position, C) from the throat down.

        Upper and middle stack sit where a counter-current exchanger puts them between the top
        gas and the reserve zone (the textbook 550 and 800 C for a 175 C top and a 950 C
        reserve); the reserve zone is a plateau; the cohesive zone leads to the hearth.
        """
        top, trz, low = self._t_top, self._t_trz, self._t_low
        cohesive = trz + 0.6 * (low - trz)
        return (
            (0.0, top),
            (0.215, top + 0.484 * (trz - top)),
            (0.475, top + 0.806 * (trz - top)),
            (0.60, trz - THERMAL_RESERVE_SPREAD_K),
            (0.80, trz + THERMAL_RESERVE_SPREAD_K),
            (0.90, cohesive),
            (1.0, cohesive + 0.5 * (low - cohesive)),
        )

    def _advance(self, dt: float) -> None:
        """One sub-step of the physics, in the order things happen: blast, lower zone, descent,
        gas through the column, top gas, heat balance, stack temperatures."""
        bed, pool = self._bed, self._pool
        pool_before = pool.mass()
        t_low = self._t_low
        q_low = 0.0  # MJ gained by the lower zone in this sub-step
        q_up = 0.0  # MJ the stack gas must give for drying and calcining
        c_used = 0.0  # kg of coke carbon consumed

        # 1. Tuyeres: the hot blast burns coke in the raceway, 2 C + O2 -> 2 CO.
        self._blast_effective = self._blast_rate * self._permeability()
        air = NOMINAL_AIR_KG_S * self._blast_effective * dt
        o2 = air * O2_MASS_FRACTION / M_O2
        water = air * BLAST_MOISTURE_KG_PER_KG / M_H2O
        need = (2.0 * o2 + water) * M_C
        self._burning = need > 0.0
        if need > 0.0:
            got = self._take_carbon(need)
            if got < need:  # no coke in front of the tuyeres: the blast is held back
                share = got / need
                air, o2, water = air * share, o2 * share, water * share
                self._burning = got > 0.0
            c_used += got
        n2 = air * (1.0 - O2_MASS_FRACTION) / M_N2
        self._species_in["o2"] += o2 * M_O2
        self._species_in["n2"] += n2 * M_N2
        self._species_in["h2o"] += water * M_H2O
        co = 2.0 * o2 + water
        h2 = water
        co2 = 0.0
        h2o = 0.0
        q_low += 2.0 * o2 * H_C_TO_CO - water * H_WATER_GAS
        q_low += (o2 + n2 + water) * CP_AIR * (self._blast_temp - AMBIENT_C)

        # 2. Lower zone: what reached the foot of the cohesive zone calcines, is reduced by the
        # coke bed (FeO + C -> Fe + CO) and, when hot enough, melts and drips into the hearth.
        if pool.caco3 > 0.0:
            d = pool.caco3 * (1.0 - math.exp(-K_CALCINE_BOSH * _ramp(t_low, *CALCINE_RANGE) * dt))
            pool.caco3 -= d
            pool.cao += d * M_CAO / M_CACO3
            co2 += d / M_CACO3
            q_low -= d / M_CACO3 * H_CALCINE
        if pool.o > 0.0:
            d = pool.o * (1.0 - math.exp(-K_DIRECT * _ramp(t_low, *DIRECT_RANGE) * dt))
            d = min(d, DIRECT_MAX_KMOL_S * M_O * dt)
            got = self._take_carbon(d / M_O * M_C)
            n = got / M_C
            pool.o = max(0.0, pool.o - n * M_O)
            co += n
            c_used += got
            q_low -= n * H_DIRECT
        metal = pool.fe - pool.o / M_O * M_FE  # iron not bound as FeO (or higher oxides)
        slag_formers = pool.cao + pool.sio2 + pool.al2o3 + pool.mgo
        melt = 1.0 - math.exp(-K_MELT * _ramp(t_low, CHILL_C, CHILL_C + MELT_RAMP_K) * dt)
        hot_metal = 0.0
        if melt > 0.0 and (metal > 0.0 or slag_formers > 0.0):
            metal = max(0.0, metal) * melt
            carbon_pct = hot_metal_carbon_pct(t_low)
            carbon = metal * carbon_pct / (100.0 - carbon_pct)
            slag = slag_formers * melt
            volume = (metal + carbon) / IRON_DENSITY_KG_M3 + slag / SLAG_DENSITY_KG_M3
            room = max(0.0, HEARTH_VOLUME_M3 - self._hearth_volume())
            if volume > room:  # the hearth is full: only what fits can drip down
                share = room / volume
                metal, carbon, slag, melt = (
                    metal * share,
                    carbon * share,
                    slag * share,
                    melt * share,
                )
            carbon = self._take_carbon(carbon)
            c_used += carbon
            pool.fe -= metal
            for name in _SLAG_SPECIES:
                amount = getattr(pool, name) * melt
                setattr(pool, name, getattr(pool, name) - amount)
                self._slag[name] += amount
            superheat = t_low - HEARTH_NOMINAL_C
            self._hearth_fe += metal
            self._hearth_c += carbon
            hot_metal = metal + carbon
            self._iron_made += hot_metal
            self._slag_made += slag
            q_low -= hot_metal * (H_MELT_IRON_MJ_PER_KG + CP_HOT_METAL_MJ_PER_KG_K * superheat)
            q_low -= slag * (H_MELT_SLAG_MJ_PER_KG + CP_SLAG_MJ_PER_KG_K * superheat)
        if bed.c <= 0.0 and (bed.sio2 > 0.0 or bed.al2o3 > 0.0):
            pool.sio2 += bed.sio2
            pool.al2o3 += bed.al2o3
            bed.sio2 = bed.al2o3 = 0.0

        # 3. Descent: coke at the foot of the column moves into the bed as fast as the bed is
        # burnt away; ore and limestone slump past it into the melting zone. So the burden sinks
        # at the pace the coke is consumed, carrying its ore with it, melted or not.
        layers = self._layers
        room = BED_VOLUME_M3 - bed.mass() / BULK_DENSITY_KG_M3["coke"]
        moved = 0.0
        warmed = 0.0  # heat capacity of the burden that crossed the stack (MJ/K)
        landed: list[int] = []  # ore skips that came down into the melting zone
        before: tuple[float, float] | None = None  # burden worth when ore began to come down
        full = pool.mass() >= POOL_MAX_KG
        k = 0  # the lowest layer that can still move: those below it rest on a full pool
        while k < len(layers):
            bottom = layers[k]
            volume = bottom.mass() / BULK_DENSITY_KG_M3[bottom.kind]
            if bottom.kind == "coke":
                if room <= 1e-12:
                    break
                if volume <= room:
                    part = layers.pop(k)
                else:
                    part = bottom.split(room / volume)
                    volume = room
                room -= volume
                if not landed:  # limestone alone before this coke: no ore came down with it
                    before = None
            else:
                if full:  # the melting zone is full: this layer stays, coke still gets by
                    k += 1
                    continue
                part = layers.pop(k)
                full = pool.mass() + part.mass() >= POOL_MAX_KG
                if part.kind == "ore":
                    landed.append(part.no)
                if before is None:
                    before = (self._burden_co2, self._burden_iron)
            self._came_down(part, t_low)
            moved += volume
            warmed += part.cp0
            if part.h2o > 0.0:  # water still in it flashes off in the hot bosh
                h2o += part.h2o / M_H2O
                q_low -= part.h2o * H_EVAPORATE_MJ_PER_KG
                part.h2o = 0.0
            (bed if part.kind == "coke" else pool).absorb(part)

        # 4. The gas rises through the column, bottom to top.
        gas_from_below = co + co2 + n2 + h2 + h2o
        bosh_gas_c = self._bosh_gas_c()
        q_low -= gas_from_below * CP_BOSH_GAS * (bosh_gas_c - AMBIENT_C)
        profile = self._profile()
        seg = len(profile) - 2
        z = 1.0
        lime = pool.cao + pool.caco3 * M_CAO / M_CACO3  # the primary slag about to form
        silica = pool.sio2
        for layer in layers:
            thick = layer.mass() / BULK_DENSITY_KG_M3[layer.kind] / STACK_VOLUME_M3
            mid = z - 0.5 * thick
            z -= thick
            while seg > 0 and mid < profile[seg][0]:
                seg -= 1
            (p0, t0), (p1, t1) = profile[seg], profile[seg + 1]
            t = t0 + (t1 - t0) * max(0.0, min(1.0, (mid - p0) / (p1 - p0)))
            low = mid >= COHESIVE_TOP
            if mid >= SLAG_FORECAST_TOP:
                lime += layer.cao + layer.caco3 * M_CAO / M_CACO3
                silica += layer.sio2
            if layer.h2o > 0.0 and t > DRY_RANGE[0]:
                d = layer.h2o * (1.0 - math.exp(-K_DRY * _ramp(t, *DRY_RANGE) * dt))
                layer.h2o -= d
                h2o += d / M_H2O
                if low:
                    q_low -= d * H_EVAPORATE_MJ_PER_KG
                else:
                    q_up += d * H_EVAPORATE_MJ_PER_KG
            kind = layer.kind
            if kind == "ore":
                if layer.o > 0.0 and t > HAEMATITE_RANGE[0] and co + h2 > 0.0:
                    gas = [co, co2, h2, h2o]
                    heat = self._reduce(layer, t, dt, gas)
                    co, co2, h2, h2o = gas
                    if low:
                        q_low -= heat
                    else:
                        q_up += heat
                if low and layer.o > 0.0 and t > BOUDOUARD_RANGE[0]:
                    # softened ore touching the coke: FeO + C -> Fe + CO (direct reduction)
                    rate = K_COHESIVE_DIRECT * _ramp(t, *BOUDOUARD_RANGE)
                    d = layer.o * (1.0 - math.exp(-rate * dt))
                    got = self._take_carbon(d / M_O * M_C)
                    n = got / M_C
                    layer.o = max(0.0, layer.o - n * M_O)
                    co += n
                    c_used += got
                    q_low -= n * (H_DIRECT + CP_BOSH_GAS * (bosh_gas_c - AMBIENT_C))
            elif kind == "coke":
                if co2 > 0.0 and layer.c > 0.0 and t > BOUDOUARD_RANGE[0]:
                    f = 1.0 - math.exp(-K_BOUDOUARD * _ramp(t, *BOUDOUARD_RANGE) * thick)
                    n = min(co2 * f, layer.c / M_C)
                    layer.c -= n * M_C
                    co2 -= n
                    co += 2.0 * n
                    c_used += n * M_C
                    q_low -= n * (H_BOUDOUARD + CP_BOSH_GAS * (bosh_gas_c - AMBIENT_C))
            elif layer.caco3 > 0.0 and t > CALCINE_RANGE[0]:
                d = layer.caco3 * (1.0 - math.exp(-K_CALCINE * _ramp(t, *CALCINE_RANGE) * dt))
                layer.caco3 -= d
                layer.cao += d * M_CAO / M_CACO3
                co2 += d / M_CACO3
                if low:
                    q_low -= d / M_CACO3 * H_CALCINE
                else:
                    q_up += d / M_CACO3 * H_CALCINE

        # 5. Top gas out: every carbon atom in it is counted as CO2.
        out = self._species_out
        for name, kmol, molar in (
            ("co", co, M_CO),
            ("co2", co2, M_CO2),
            ("n2", n2, M_N2),
            ("h2", h2, M_H2),
            ("h2o", h2o, M_H2O),
        ):
            out[name] += kmol * molar
        co2_kg = (co + co2) * M_CO2
        self._co2 += co2_kg
        self._coke_burned += c_used / COKE_C
        if landed and before is not None:
            self._ore_downs += 1
            self._ore_down = OreDown(
                landed[0], landed[-1], self._ore_downs, self._time + dt, *before
            )
        avg = self._avg
        for key, value, tau in (
            ("iron", hot_metal, RECENT_S),
            ("coke", c_used / COKE_C, RECENT_S),
            ("co2", co2_kg, RECENT_S),
            ("descent", moved / STACK_VOLUME_M3, RECENT_S / 2),
            ("co", co, GAS_AVERAGE_S),
            ("gco2", co2, GAS_AVERAGE_S),
            ("n2", n2, GAS_AVERAGE_S),
            ("h2", h2, GAS_AVERAGE_S),
            ("melt", hot_metal, MELT_AVERAGE_S),
            ("pool_change", pool.mass() - pool_before, POOL_CHANGE_AVERAGE_S),
        ):
            avg[key] = _ema(avg[key], value / dt, dt, tau)
        if self._burning:
            # the stack's heat exchange: with the blast off neither gas nor burden moves, so
            # its flows keep what they were and the stack its temperatures (`_update_stack`)
            for key, value, tau in (
                ("gas_cp", (co + co2 + n2 + h2) * CP_STACK_GAS, GAS_AVERAGE_S),
                ("stack_load", q_up, RECENT_S / 2),
                ("solids_cp", warmed, RECENT_S / 2),
            ):
                avg[key] = _ema(avg[key], value / dt, dt, tau)
        change = avg["pool_change"]
        if change < -CATCHING_UP_KG_S:
            self._catching_up = True
        elif change > CATCHING_UP_KG_S:  # in between it stays: no flicker skip by skip
            self._catching_up = False
        avg["cao"] = _ema(avg["cao"], lime, dt, SLAG_AVERAGE_S)
        avg["sio2"] = _ema(avg["sio2"], silica, dt, SLAG_AVERAGE_S)

        # 6. Lower-zone heat balance: losses through the walls, then the temperature.
        q_low -= HEAT_LOSS_MW * dt * (t_low - AMBIENT_C) / (HEARTH_NOMINAL_C - AMBIENT_C)
        # Nothing down there can get hotter than the flame that heats it.
        ceiling = raceway_flame_c(self._blast_temp) - FLAME_MARGIN_K
        self._t_low = max(AMBIENT_C, min(ceiling, t_low + q_low / LOWER_HEAT_CAPACITY_MJ_K))

        # 7. Stack temperatures: a counter-current heat exchanger. The gas can warm the burden
        # to the thermal reserve zone and still leave warm only if it carries more heat than
        # the cold burden (and its drying and calcining) takes.
        self._update_stack(dt)
        self._time += dt

    def _came_down(self, part: _Lot, t_low: float) -> None:
        """Book what a layer (or the part of a coke layer) leaving the stack is worth."""
        self._burden_co2 += part.c0 * M_CO2 / M_C
        if part.fe > 0.0:
            pct = hot_metal_carbon_pct(t_low)
            carbon = part.fe * pct / (100.0 - pct)
            self._burden_iron += part.fe + carbon
            self._burden_co2 -= carbon * M_CO2 / M_C

    def _reduce(self, layer: _Lot, t: float, dt: float, gas: list[float]) -> float:
        """Indirect reduction of one ore layer by the gas passing it (CO, and a little H2).

        Each step goes at a steady pace (`K_*`: share of the step done per second once the
        layer is hot enough) until the gas reaches that step's equilibrium. `gas` is
        [CO, CO2, H2, H2O] in kmol and is updated; returns the heat absorbed (MJ).
        """
        co, co2, h2, h2o = gas
        fe = layer.fe / M_FE
        heat = 0.0
        left = dt
        while left > 0.0:
            o = layer.o / M_O
            ratio = o / fe
            if ratio > 4.0 / 3.0 + 1e-9:  # haematite -> magnetite
                stage, end, width, k, span = 0, 4.0 / 3.0, 1.0 / 6.0, K_HAEMATITE, HAEMATITE_RANGE
                x_co = x_h2 = 0.0
            elif ratio > 1.0 + 1e-9:  # magnetite -> wustite
                stage, end, width, k, span = 1, 1.0, 1.0 / 3.0, K_MAGNETITE, MAGNETITE_RANGE
                x_co, x_h2 = _x_eq_magnetite(t), _x_eq_magnetite_h2(t)
            elif ratio > 1e-9:  # wustite -> iron
                stage, end, width, k, span = 2, 0.0, 1.0, K_WUSTITE, WUSTITE_RANGE
                x_co, x_h2 = _x_eq_wustite(t), _x_eq_wustite_h2(t)
            else:
                break
            pace = k * _ramp(t, *span) * width * fe  # kmol O per second
            if pace <= 0.0:
                break
            need = o - end * fe
            # what each reducing gas can give before it reaches this step's equilibrium
            by_co = max(0.0, co - x_co * (co + co2))
            by_h2 = max(0.0, h2 - x_h2 * (h2 + h2o))
            n = min(need, pace * left, by_co + by_h2)
            if n <= 0.0:
                break
            n_h2 = n * by_h2 / (by_co + by_h2)
            n_co = n - n_h2
            layer.o -= n * M_O
            co, co2 = co - n_co, co2 + n_co
            h2, h2o = h2 - n_h2, h2o + n_h2
            heat += n_co * H_INDIRECT[stage] + n_h2 * H_INDIRECT_H2[stage]
            if n < need:
                break
            left -= need / pace
            layer.o = end * fe * M_O  # exactly at the boundary: the next step takes over
        if layer.o < 0.0:
            layer.o = 0.0
        gas[0], gas[1], gas[2], gas[3] = co, co2, h2, h2o
        return heat

    def _bosh_gas_c(self) -> float:
        """Temperature of the gas leaving the lower zone for the stack."""
        warmer = self._t_low - HEARTH_NOMINAL_C
        coupling = BOSH_GAS_COUPLING_HOT if warmer > 0.0 else BOSH_GAS_COUPLING_COLD
        bosh = BOSH_GAS_C + coupling * warmer + BOSH_GAS_PER_BLAST_K * (self._blast_effective - 1.0)
        return max(600.0, min(1450.0, bosh))

    def _update_stack(self, dt: float) -> None:
        """Stack temperatures from a counter-current heat balance.

        The gas enters the stack at `BOSH_GAS_C` and must warm the cold burden to the thermal
        reserve zone, dry it and calcine its limestone: whatever heat is left leaves with the
        top gas. If the gas cannot do it all, the top is cold and the reserve zone itself cools.
        """
        avg = self._avg
        trz = THERMAL_RESERVE_NOMINAL_C + THERMAL_RESERVE_COUPLING * (
            self._t_low - HEARTH_NOMINAL_C
        )
        bosh = self._bosh_gas_c()
        trz = max(AMBIENT_C, min(bosh, trz))
        gas, solids, load = avg["gas_cp"], avg["solids_cp"], avg["stack_load"]
        if gas > 1e-9 and self._burning:
            top = bosh - (solids * (trz - AMBIENT_C) + load) / gas
            if top < TOP_GAS_MIN_C:  # not enough gas heat: the burden stays cooler
                top = TOP_GAS_MIN_C
                if solids > 1e-12:
                    warm = (gas * (bosh - TOP_GAS_MIN_C) - load) / solids
                    trz = max(AMBIENT_C + 100.0, min(trz, AMBIENT_C + warm))
        else:  # no gas flowing: temperatures stay where they are
            top, trz = self._t_top, self._t_trz
        self._t_top = _ema(self._t_top, min(top, trz), dt, STACK_TIME_CONSTANT_S)
        self._t_trz = _ema(self._t_trz, trz, dt, STACK_TIME_CONSTANT_S)

    # --- the snapshot --------------------------------------------------------------------------

    def state(self) -> FurnaceState:
        """A frozen snapshot for the scene (about as costly as one `step`)."""
        profile = self._profile()
        raceway = raceway_flame_c(self._blast_temp, self._t_low) if self._burning else self._t_low
        temps = (
            profile[0][1],
            profile[1][1],
            profile[2][1],
            self._t_trz,
            profile[5][1],
            raceway,
            self._t_low,
        )
        zones = tuple(
            ZoneTemp(zone_id, round(temp, 1)) for zone_id, temp in zip(ZONES, temps, strict=True)
        )
        burden: list[Layer] = []
        z = 1.0
        seg = len(profile) - 2
        iron_left = self._pool.fe
        for layer in self._layers:
            thick = layer.mass() / BULK_DENSITY_KG_M3[layer.kind] / STACK_VOLUME_M3
            mid = z - 0.5 * thick
            while seg > 0 and mid < profile[seg][0]:
                seg -= 1
            (p0, t0), (p1, t1) = profile[seg], profile[seg + 1]
            t = t0 + (t1 - t0) * max(0.0, min(1.0, (mid - p0) / (p1 - p0)))
            burden.append(
                Layer(layer.kind, max(0.0, z - thick), z, layer.reduced(), round(t, 1), layer.no)
            )
            z -= thick
            iron_left += layer.fe
        burden.reverse()

        avg = self._avg
        gas = avg["co"] + avg["gco2"] + avg["n2"] + avg["h2"]
        top_c = round(profile[0][1], 1)
        if avg["n2"] > TOP_GAS_MIN_BLAST * NOMINAL_N2_KMOL_S:
            top_gas = TopGas(
                co_pct=100.0 * avg["co"] / gas,
                co2_pct=100.0 * avg["gco2"] / gas,
                n2_pct=100.0 * avg["n2"] / gas,
                h2_pct=100.0 * avg["h2"] / gas,
                temperature_c=top_c,
            )
        else:
            top_gas = TopGas(0.0, 0.0, 0.0, 0.0, top_c)

        made_t = self._iron_made / 1000.0
        iron_now = avg["iron"]
        recent = iron_now > 0.05 / 3.6  # more than 5 % of nominal output (kg/s)
        coke_now = 1000.0 * avg["coke"] / iron_now if recent else None
        basicity = self._basicity()
        fill = self.hearth_fill
        problems = []
        melting = self._t_low >= CHILL_C + MELT_RAMP_K  # in full swing
        over_blown = _over_blown(self._blast_rate)
        if self._t_low < CHILL_C:
            problems.append("chilled")
        if (melting or over_blown) and coke_now is not None and coke_now > HIGH_FUEL_KG_PER_T:
            problems.append("high_fuel")
        piled = self._pool.mass() > UNMELTED_WARN_KG and not self._catching_up
        if self._t_low >= CHILL_C and not melting and piled:
            problems.append("unmelted")
        if basicity is not None and basicity < BASICITY_STICKY:
            problems.append("sticky_slag")
        if iron_left < STARVED_FE_KG:
            problems.append("starved")
        if fill >= HEARTH_FULL_FRACTION:
            problems.append("hearth_full")
        problems.sort(key=PROBLEMS.index)

        hearth_iron = self._hearth_fe + self._hearth_c
        return FurnaceState(
            time_s=self._time,
            blast_rate=self._blast_rate,
            blast_effective=self._blast_effective,
            blast_temperature_c=self._blast_temp,
            zones=zones,
            burden=tuple(burden),
            stock_line=max(0.0, z),
            descent_per_h=avg["descent"] * 3600.0,
            coke_bed_kg=self._bed.mass(),
            unmelted_kg=self._pool.mass(),
            hearth_iron_kg=hearth_iron,
            hearth_slag_kg=sum(self._slag.values()),
            hearth_carbon_pct=100.0 * self._hearth_c / hearth_iron if hearth_iron > 0 else 0.0,
            hearth_temperature_c=round(self._t_low, 1),
            hearth_fill=fill,
            top_gas=top_gas,
            iron_made_kg=self._iron_made,
            slag_made_kg=self._slag_made,
            iron_tapped_kg=self._iron_tapped,
            slag_tapped_kg=self._slag_tapped,
            coke_charged_kg=self._coke_charged,
            coke_burned_kg=self._coke_burned,
            co2_kg=self._co2,
            charges=self._charges,
            last_charge_no=self._charge_no,
            bottom_charge_no=self._layers[0].no if self._layers else None,
            ore_down=self._ore_down,
            burden_co2_kg=self._burden_co2,
            burden_iron_kg=self._burden_iron,
            co2_per_t=self._co2 / made_t if made_t > 0.0 else None,
            coke_rate=self._coke_burned / made_t if made_t > 0.0 else None,
            slag_rate=self._slag_made / made_t if made_t > 0.0 else None,
            co2_per_t_now=1000.0 * avg["co2"] / iron_now if recent else None,
            coke_rate_now=coke_now,
            slag_basicity=basicity,
            production_t_per_h=iron_now * 3.6,
            melting_t_per_h=avg["melt"] * 3.6,
            problems=tuple(problems),
        )


# ---------------------------------------------------------------------------------------------
# An operator, and a furnace already running
# ---------------------------------------------------------------------------------------------


def run_recipe(
    furnace: Furnace, recipe: tuple[str, ...], seconds: float, start: int | None = None
) -> int:
    """Run `furnace` for `seconds` like an attentive operator: keep the throat full with
    `recipe`, cycled, and tap when the hearth is half full.

    Without `start` the operator carries on the pattern the top of the burden shows, so that
    switching operators does not slip in an extra skip of ore. Used to settle the default
    furnace, by the tests, and usable by an attract loop. Returns the position in `recipe` to
    continue from.
    """
    i = furnace.recipe_phase(recipe) if start is None else start
    elapsed = 0.0
    while elapsed < seconds:
        while furnace.charge(recipe[i % len(recipe)]):
            i += 1
        dt = min(SUBSTEP_S, seconds - elapsed)
        furnace.step(dt)
        elapsed += dt
        if furnace.hearth_fill > 0.5:
            furnace.tap()
    return i


BLOW_IN_COKE_SHARE = 0.1
"""A furnace is blown in on a column whose lower part is coke only ("blank" coke) ..."""
BLOW_IN_RECIPE = ("ore", "coke", "ore", "coke", "limestone")
"""... and a coke-rich burden above it, so the start cannot chill."""
SETTLE_S = 30 * 3600.0
"""How long the default furnace runs on `GOOD_RECIPE` after blowing in: over two stack
residence times, so none of the blow-in burden is left."""

READY_THROAT_ROOM = 0.15
"""Share of the stack `Furnace.ready()` leaves empty at the throat: room for about seven skips
of ore or three of coke."""
BURN_DOWN_STEP_S = 300.0
BURN_DOWN_MAX_S = 2 * 3600.0
"""`Furnace.ready()` lets the burden sink in steps of five game minutes, two game hours at most
(a furnace sinks about a seventh of its stack an hour)."""

_template: Furnace | None = None
_ready: dict[float, Furnace] = {}


def _running_template() -> Furnace:
    """A furnace blown in and run on `GOOD_RECIPE` until settled; made once per process."""
    global _template
    if _template is None:
        furnace = Furnace(prefill=False)
        while furnace._column_volume() < BLOW_IN_COKE_SHARE * STACK_VOLUME_M3:
            furnace.charge("coke")
        i = 0
        while furnace.charge(BLOW_IN_RECIPE[i % len(BLOW_IN_RECIPE)]):
            i += 1
        run_recipe(furnace, GOOD_RECIPE, SETTLE_S, start=0)
        furnace.tap()
        furnace._restart_totals()
        _template = furnace
    return _template


def _burnt_down(furnace: Furnace, throat_room: float) -> Furnace:
    """`furnace` left to sink until `throat_room` of the stack is empty, its top first made a
    whole `GOOD_RECIPE`: whoever charges next, the crew or a visitor following the hint, starts
    a new one with ore instead of stacking a third and a fourth skip of ore."""
    most = (1.0 - throat_room) * STACK_VOLUME_M3
    phase = furnace.recipe_phase(GOOD_RECIPE)
    elapsed = 0.0
    while (phase or furnace._column_volume() > most) and elapsed < BURN_DOWN_MAX_S:
        if phase and furnace.charge(GOOD_RECIPE[phase]):
            phase = (phase + 1) % len(GOOD_RECIPE)
            continue
        furnace.step(BURN_DOWN_STEP_S)
        elapsed += BURN_DOWN_STEP_S
    furnace._restart_totals()
    return furnace


# ---------------------------------------------------------------------------------------------
# The school challenge: one tonne of iron with the least CO2
# ---------------------------------------------------------------------------------------------

SCORE_FULL_KG_PER_T = 1300.0
"""kg CO2 per t of hot metal that scores 100. The score's two anchors are a game design choice,
set on what this model's furnace can do, not a claim about real furnaces: 100 lies a little
beyond the best this furnace has shown (a lean burden on a hot, gentle blast: about 1.4 t)."""
SCORE_ZERO_KG_PER_T = 2550.0
"""kg CO2/thm that scores 0 (game design, as above): `GOOD_RECIPE` (about 1.55 t) scores 80, a
hotter, gentler blast with a little less coke about 90, a tonne of coke per tonne of iron
(about 3.2 t) 0. For real-world context the visitor texts compare whole routes per tonne of
steel instead (about 2 t blast furnace and converter, 0.4 t scrap electric furnace): a figure
per tonne of hot metal from the furnace alone is not one of those."""
STAR_SCORES = (40, 65, 85)
"""Scores for one, two and three stars."""
MEASURED_RUNS = 4
"""The challenge's CO2 per tonne covers at least this many runs of the group's ore (each with
the coke that follows it down), and at least its target; and whole turns of the group's pattern
(`runs_per_turn`): 2, 2, 2, 2 and 3 skips of ore between cokes is measured over its five runs,
not over four that may leave out the run of three (which read 1.55 t instead of 1.37)."""


PENALTY_POINTS: dict[str, int] = {"unmelted": 25, "sticky_slag": 25}
"""Points a run loses for each of these problems showing at any time while the challenge runs:
a furnace whose burden piles up unmelted, or whose slag clogs the bed, is not a recipe to
copy, however little CO2 it shows (without limestone there is no carbonate to calcine)."""
VOIDING_PROBLEMS = ("chilled",)
"""A run during which the hearth chilled scores 0: the furnace stopped making iron."""
SHIFT_S = 12 * 3600.0
"""Once the tonne is counted, the group's burden must keep the furnace going through the next
12-hour shift (`ShiftCheck`). The count itself lasts a few game hours, less than a burden a
little too lean takes to cool the hearth to the edge of chilling: on nominal blast, 9 ore to 4
coke scores like the best and piles up unmelted two hours later."""
SHIFT_PROBLEMS = ("chilled", "unmelted")
"""What the next shift must not see: a hearth too cold to melt what comes down."""
SHIFT_POINTS = 25
"""Points a run loses when the next shift would see one of `SHIFT_PROBLEMS` (unless the run
already lost points for it, `PENALTY_POINTS`, or was void)."""
SHIFT_SAMPLE_S = 300.0
"""How often the shift check looks at the furnace's problems (they last for game hours)."""


def challenge_score(co2_kg_per_t: float) -> int:
    """0..100 for a result in kg CO2 per t of hot metal, linear between the two anchors:
    round(100 * (2550 - x) / (2550 - 1300)), clamped."""
    share = (SCORE_ZERO_KG_PER_T - co2_kg_per_t) / (SCORE_ZERO_KG_PER_T - SCORE_FULL_KG_PER_T)
    return round(100.0 * max(0.0, min(1.0, share)))


def repeating_unit(skips: tuple[str, ...]) -> tuple[str, ...]:
    """The shortest pattern the group settled into, else `skips` itself: what carrying on "the
    same way" means. A pattern repeats to the last skip, at least twice over and over at least
    half the skips (a stray skip or a change of mind before it is allowed); it is given as its
    last turn, so the next skip is its first.

        >>> repeating_unit(("coke",) + ("ore", "ore", "coke") * 3 + ("ore",))
        ('ore', 'coke', 'ore')
    """
    n = len(skips)
    for size in range(1, n // 2 + 1):
        run = size  # how many of the last skips repeat every `size`
        while run < n and skips[n - 1 - run] == skips[n - 1 - run + size]:
            run += 1
        if run >= max(2 * size, (n + 1) // 2):
            return skips[n - size :]
    return skips


def runs_per_turn(skips: tuple[str, ...]) -> int:
    """How many runs of ore (skips of ore with only limestone between them, which come down
    together) one turn of the pattern `skips` repeats holds (`repeating_unit`); 1 where they
    keep no pattern, since then no span is more whole than another.

        >>> runs_per_turn(("ore", "ore", "coke", "limestone") * 2 + ("ore", "coke") + ("ore",))
        1
        >>> runs_per_turn((("ore", "ore", "coke") * 2 + ("ore", "ore", "ore", "coke")) * 2)
        3
    """
    unit = repeating_unit(skips)
    if 2 * len(unit) > len(skips):
        return 1
    kinds = [skip for skip in unit if skip != "limestone"]
    after = kinds[1:] + kinds[:1]  # the pattern turns round: its last skip is followed by its first
    return max(1, sum(a == "coke" and b == "ore" for a, b in zip(kinds, after, strict=True)))


class ShiftCheck:
    """The next shift, run ahead on a copy of the furnace: the crew carries on charging as the
    group did (`skips`, `Challenge.recipe`): their pattern (`repeating_unit`) from where they
    left off or, if they kept none, all their skips over again, so at their ratio of ore to
    coke; on their blast, tapping as `run_recipe` does. The check notes the first of
    `SHIFT_PROBLEMS` to show, but for those in `paid` (already counted against the group):
    `problem`, `after_s` game seconds in. `advance` runs a slice at a time, so an exhibit
    spreads the twelve game hours (under half a second here, `make bench`) over frames instead of
    stalling one.

        >>> check = ShiftCheck(Furnace(), GOOD_RECIPE)
        >>> check.advance(SHIFT_S)
        >>> check.done, check.problem
        (True, None)
    """

    def __init__(
        self, furnace: Furnace, skips: tuple[str, ...], paid: tuple[str, ...] = ()
    ) -> None:
        if not skips or not set(skips) <= set(MATERIALS):
            raise ValueError(f"the shift needs skips of {MATERIALS}, not {skips!r}")
        self._furnace = copy.deepcopy(furnace)
        self._recipe = repeating_unit(skips)
        self._at = 0
        self._watched = tuple(p for p in SHIFT_PROBLEMS if p not in paid)
        self.elapsed_s = 0.0
        self.problem: str | None = None
        self.after_s: float | None = None

    @property
    def done(self) -> bool:
        return self.problem is not None or self.elapsed_s >= SHIFT_S

    def advance(self, seconds: float) -> None:
        """Run up to `seconds` more of the shift (less if it ends or a problem shows)."""
        end = min(SHIFT_S, self.elapsed_s + seconds)
        while not self.done and self.elapsed_s < end:
            dt = min(SHIFT_SAMPLE_S, end - self.elapsed_s)
            self._at = run_recipe(self._furnace, self._recipe, dt, start=self._at)
            self.elapsed_s += dt
            shown = [p for p in self._furnace.state().problems if p in self._watched]
            if shown:
                self.problem, self.after_s = shown[0], self.elapsed_s


class Challenge:
    """ "Make one tonne of iron with the least CO2", for a school group.

    A furnace is full of other people's burden, which takes about 3 real minutes to come down,
    so the challenge counts only once the group's own burden reaches the melting zone: it waits
    (`waiting`) until a run of ore that is all theirs has come down out of the stack
    (`FurnaceState.ore_down`; ore charged just before theirs can come down with their first).
    From then on it counts the iron the group taps (less what was already in the hearth); it is
    `counted` when `target_iron_kg` has been tapped and the result is measured, and `done` once
    `check_shift` has run the next shift on the group's burden (`ShiftCheck`, `SHIFT_S`).

    The result, `co2_per_t`, is what the group's burden costs: the CO2 its coke and limestone
    make (all their carbon leaves with the top gas sooner or later, but for what the iron
    dissolves) per tonne of hot metal its ore makes, over whole runs of their ore, each with
    the coke that follows it down and melts it, from their first run to the one that makes at
    least `MEASURED_RUNS` runs, whole turns of their pattern and `target_iron_kg`. That span is
    fixed by the burden, not by when the group taps. "Sooner or later" holds only for a furnace
    that keeps melting: ore that comes down into a hearth too cold to melt it would count as
    iron it never makes, so a run during which the hearth chilled scores 0 and one whose burden
    piled up unmelted loses points (below). It is None until their first run is paid for
    (when the next comes down), so it never counts a half-counted layer; what the scene shows
    while the group plays is `live_co2_per_t`, which also waits for their first tapped iron and
    hides while the hearth is chilled or the burden piles up unmelted. (Should no more ore be
    on its way down once their tonne is tapped, the span ends with the burden that came down.)

    The score (`score`) is 0 for a run during which the hearth chilled (`VOIDING_PROBLEMS`,
    `voided`) and loses `PENALTY_POINTS` for each other problem that showed (`penalties`), and
    `SHIFT_POINTS` if the next shift, charging the same burden (`recipe`: the group's skips as
    they charged them), would see its hearth chill or its burden pile up unmelted
    (`shift_problem`, `shift_penalty`): a burden a little too lean runs the hearth down slowly,
    over more game hours than the count lasts, and must not score like the best.

    Why not the top gas over the same minutes: ore comes down a run at a time and melts in a
    surge while the coke burns steadily, Boudouard and calcination take carbon from layers
    before they come down, and the melting zone still holds the previous burden's iron. Over the
    hour or so the count lasts, those timings decided the result: the good recipe scored about
    0.8 t instead of its 1.55. In steady operation the furnace's own top gas
    (`FurnaceState.co2_per_t_now`) comes to the same figure.

        >>> furnace, challenge = Furnace(), Challenge()
        >>> challenge.update(furnace.state())   # call every frame, or every few
        >>> challenge.waiting, challenge.progress, challenge.score, challenge.stars
        (True, 0.0, 0, 0)
        >>> challenge.check_shift(furnace, SHIFT_S)  # every frame too: runs once `counted`
    """

    def __init__(self, target_iron_kg: float = 1000.0) -> None:
        if not target_iron_kg > 0.0:
            raise ValueError(f"target_iron_kg must be positive, not {target_iron_kg!r}")
        self.target_iron_kg = float(target_iron_kg)
        self.first_charge_no: int | None = None  # the group's first skip
        self.iron_kg = 0.0  # tapped since counting began
        self.made_kg = 0.0  # hot metal their ore makes, over the runs measured so far
        self.co2_kg = 0.0  # CO2 their coke and limestone make, over the same runs
        self.done = False
        self.seen: set[str] = set()  # problems that showed while it ran
        self.recipe: tuple[str, ...] = ()  # the group's skips, in the order they charged them
        self.shift_problem: str | None = None  # what the next shift would see (`ShiftCheck`)
        self.shift_after_s: float | None = None  # game seconds into that shift
        self._recorded_no = 0  # the last skip in `recipe`, by number
        self._counted = False
        self._shift: ShiftCheck | None = None
        # when counting began: iron tapped or in the hearth, and `OreDown.burden_iron_kg` and
        # `burden_co2_kg`
        self._base: tuple[float, float, float] | None = None
        self._start: OreDown | None = None  # their first ore coming down: the count began
        self._measured = False  # the span is long enough: the result is final
        self._cold = False  # at the last update, the hearth was too cold to melt it all

    @property
    def waiting(self) -> bool:
        """True until the group's own burden reaches the melting zone."""
        return self._base is None

    @property
    def counted(self) -> bool:
        """The tonne is tapped and the result measured; `check_shift` comes next."""
        return self._counted

    @property
    def progress(self) -> float:
        return min(1.0, self.iron_kg / self.target_iron_kg)

    @property
    def co2_per_t(self) -> float | None:
        """kg of CO2 per tonne of hot metal over the runs of their ore measured so far (None
        before the first is)."""
        if self.made_kg <= 0.0:
            return None
        return 1000.0 * self.co2_kg / self.made_kg

    @property
    def live_co2_per_t(self) -> float | None:
        """`co2_per_t` as the scene may show it while the group plays: None (hidden) before any
        of the group's iron has been tapped, and while the hearth is chilled or its burden
        piles up unmelted: ore that leaves the stack counts as hot metal, so the figure would
        look best just when the furnace makes least iron."""
        if self._cold or self.iron_kg <= 0.0:
            return None
        return self.co2_per_t

    @property
    def voided(self) -> bool:
        """The hearth chilled while the challenge ran: the run scores 0."""
        return any(problem in self.seen for problem in VOIDING_PROBLEMS)

    @property
    def penalties(self) -> tuple[str, ...]:
        """The problems that cost this run points (`PENALTY_POINTS`), in `PROBLEMS` order."""
        return tuple(p for p in PROBLEMS if p in self.seen and p in PENALTY_POINTS)

    @property
    def shift_penalty(self) -> bool:
        """The next shift would see a problem this run has not already lost points for."""
        return self.shift_problem is not None and not self.voided

    @property
    def shift_hours(self) -> int | None:
        """Within how many whole game hours of the next shift `shift_problem` shows."""
        after = self.shift_after_s
        return None if after is None else max(1, math.ceil(after / 3600.0))

    @property
    def score(self) -> int:
        """0..100 (see `challenge_score`, less `penalties` and the `shift_penalty`; 0 if
        `voided`), live while counting, final once done."""
        result = self.co2_per_t
        if result is None or self.voided:
            return 0
        lost = sum(PENALTY_POINTS[p] for p in self.penalties)
        lost += SHIFT_POINTS if self.shift_penalty else 0
        return max(0, challenge_score(result) - lost)

    @property
    def stars(self) -> int:
        """0..3, awarded when done."""
        if not self.done:
            return 0
        return sum(self.score >= threshold for threshold in STAR_SCORES)

    def update(self, state: FurnaceState) -> None:
        """Follow the furnace; call with each new state, at any interval up to a few game hours
        (the span is measured by the furnace itself; the group's skips, `recipe`, are read off
        the stack, where each stays for hours): every frame will do."""
        if self._counted:
            return
        self._cold = not {"chilled", "unmelted"}.isdisjoint(state.problems)
        self.seen.update(state.problems)
        if self.first_charge_no is None:
            self.first_charge_no = state.last_charge_no + 1
            self._recorded_no = state.last_charge_no
        self._record_charges(state)
        down = state.ore_down
        if self._base is None:
            # ore of theirs only: ore charged just before theirs may come down with it
            if down is None or down.first_no < self.first_charge_no:
                return
            self._start = down
            self._base = (
                state.iron_tapped_kg + state.hearth_iron_kg,
                down.burden_iron_kg,
                down.burden_co2_kg,
            )
        tapped, made, co2 = self._base
        self.iron_kg = max(0.0, state.iron_tapped_kg - tapped)
        start = self._start
        if not self._measured and down is not None and start is not None:
            runs = down.count - start.count  # whole runs of their ore, each with its coke
            if runs > 0:
                self.made_kg = max(0.0, down.burden_iron_kg - made)
                self.co2_kg = max(0.0, down.burden_co2_kg - co2)
                turn = runs_per_turn(self.recipe)
                whole = runs >= MEASURED_RUNS and runs % turn == 0
                self._measured = whole and self.made_kg >= self.target_iron_kg
        if self.iron_kg < self.target_iron_kg:
            return
        if not self._measured and not any(layer.material == "ore" for layer in state.burden):
            # their tonne is tapped and no more ore is on its way down to close the span: it
            # ends with the burden that came down so far
            self.made_kg = max(0.0, state.burden_iron_kg - made)
            self.co2_kg = max(0.0, state.burden_co2_kg - co2)
            self._measured = True
        self._counted = self._measured

    def check_shift(self, furnace: Furnace, seconds: float) -> None:
        """Once `counted`, run up to `seconds` more of the next shift on a copy of `furnace`
        (made at the first call: call it with the furnace the group played); `done` when the
        shift is over or a problem showed that the run has not already paid for (voided, or
        `penalties`). With no skips of theirs recorded (`update` called hours apart) there is
        nothing to carry on with: done, unchecked."""
        if not self._counted or self.done:
            return
        if not self.recipe or self.voided:
            self.done = True
            return
        if self._shift is None:
            self._shift = ShiftCheck(furnace, self.recipe, self.penalties)
        self._shift.advance(seconds)
        if self._shift.done:
            self.shift_problem = self._shift.problem
            self.shift_after_s = self._shift.after_s
            self.done = True

    def _record_charges(self, state: FurnaceState) -> None:
        """Add the skips charged since the last update (still near the throat: a skip takes
        hours to come down) to `recipe`."""
        new = [layer for layer in state.burden if layer.charge_no > self._recorded_no]
        if new:
            new.sort(key=lambda layer: layer.charge_no)
            self.recipe += tuple(layer.material for layer in new)
            self._recorded_no = new[-1].charge_no
