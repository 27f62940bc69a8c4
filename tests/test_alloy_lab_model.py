"""The alloy lab's pure model: recipes, families, the Fe–C diagram, structures, grades, texts."""

from __future__ import annotations

import itertools
import math

import pytest

from acier.exhibits.alloy_lab import model
from acier.exhibits.alloy_lab.model import (
    ALLOYING,
    CONSTITUENTS_AT,
    DIAGRAM_LINES,
    DOSE,
    ELEMENTS,
    FAMILIES,
    GRADES,
    GRADES_BY_ID,
    LEVELS,
    LINE_LABELS,
    MAX_PCT,
    MICROSTRUCTURE_CONSTITUENTS,
    PHASES,
    REGION_LABELS,
    SECTORS,
    TREATMENTS,
    Alloy,
    analyse,
    carbon_class,
    classify,
    constituents_at,
    field_id,
    hardens_through_mm,
    microstructure,
    phases_at,
    resembles,
)
from acier.exhibits.alloy_lab.texts import STRINGS

CARBON_GRID = [*(i * 0.05 for i in range(134)), 0.01, 0.022, 0.76, 2.14, 4.3, 6.67]
TEMPERATURE_GRID = [*range(20, 1601, 7), 726.9, 727.0, 727.1, 1147.0, 1495.0, 1538.0]


def press(*elements: str) -> Alloy:
    """A visitor's recipe, token by token."""
    alloy = Alloy()
    for element in elements:
        alloy = alloy.add(element)
    return alloy


def as_dict(pairs) -> dict[str, float]:
    return dict(pairs)


# --- the recipe -----------------------------------------------------------------------------


def test_first_press_gives_the_dose_and_later_presses_climb_the_ladder():
    alloy = press("Fe", "Cr")
    assert alloy.get("Cr") == DOSE["Cr"] == 1.0
    assert press("Fe", "Cr", "Cr", "Cr", "Cr").get("Cr") == 18.0
    assert press("Fe", "Mo").get("Mo") == 0.2
    assert press("Fe", *["C"] * 3).carbon == pytest.approx(0.4)


def test_every_ladder_climbs_and_stays_under_its_cap():
    for element in ALLOYING:
        rungs = LEVELS[element]
        assert list(rungs) == sorted(rungs) and len(set(rungs)) == len(rungs)
        assert rungs[-1] <= MAX_PCT[element]


def test_a_press_past_the_top_rung_changes_nothing():
    top = press("Fe", *["W"] * len(LEVELS["W"]))
    assert top.add("W") == top


def test_remove_goes_back_one_rung_then_to_zero():
    alloy = press("Fe", "C", "C", "C")
    assert alloy.remove("C").carbon == pytest.approx(0.2)
    assert alloy.remove("C").remove("C").remove("C").carbon == 0.0
    assert alloy.remove("C").remove("C").remove("C").remove("C").carbon == 0.0


def test_an_explicit_dose_adds_exactly_and_is_capped():
    assert Alloy.of(C=6.0).add("C", 2.0).carbon == MAX_PCT["C"]
    assert Alloy.of().add("Cr", 0.5).add("Cr", 0.25).get("Cr") == pytest.approx(0.75)
    with pytest.raises(ValueError):
        Alloy.of().add("C", -1.0)


def test_unknown_elements_are_refused():
    with pytest.raises(ValueError):
        Alloy().add("Cu")
    with pytest.raises(ValueError):
        Alloy().remove("Au")
    with pytest.raises(ValueError):
        Alloy.of(Co=5.0)


def test_iron_stays_the_majority():
    alloy = Alloy.of(Cr=30.0, Ni=20.0)
    assert alloy.add("Mn", 5.0) == alloy
    assert alloy.iron_pct == pytest.approx(50.0)
    with pytest.raises(ValueError):
        Alloy.of(Cr=30.0, Ni=30.0)


def test_alloys_are_frozen_values():
    a = Alloy(True, {"Cr": 18.0, "C": 0.05})
    b = Alloy.of(C=0.05, Cr=18.0)
    assert a == b and hash(a) == hash(b) and {a: 1}[b] == 1
    assert a.pct == (("C", 0.05), ("Cr", 18.0))
    assert a.iron_pct == pytest.approx(81.95)
    with pytest.raises(AttributeError):
        a.has_iron = False  # type: ignore[misc]


def test_nothing_counts_without_the_iron_token():
    before = press("C", "C", "Cr")
    assert classify(before) == "no_iron"
    assert microstructure(before, "quench").constituents == ()
    assert resembles(before, "quench") == ()
    after = before.add("Fe")
    assert classify(after) == "steel" and after.carbon == pytest.approx(0.2)
    assert classify(after.remove("Fe")) == "no_iron"


# --- families -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("pct", "family"),
    [
        ({}, "wrought_iron"),
        ({"C": 0.04}, "wrought_iron"),
        ({"C": 0.05}, "steel"),
        ({"Si": 3.0}, "steel"),  # electrical steel, not wrought iron
        ({"C": 2.14}, "steel"),
        ({"C": 2.15}, "cast_iron"),
        ({"C": 0.05, "Cr": 10.4}, "steel"),
        ({"C": 0.05, "Cr": 10.5}, "stainless_martensitic"),
        ({"C": 0.05, "Cr": 18.0, "Ni": 8.0}, "stainless_austenitic"),
        ({"Cr": 18.0, "Ni": 8.0}, "stainless_austenitic"),
        ({"C": 0.05, "Cr": 18.0, "Ni": 8.0, "Mo": 2.5}, "stainless_austenitic"),
        ({"C": 0.05, "Cr": 18.0, "Ni": 4.0}, "stainless_martensitic"),  # 17-4 type
        ({"C": 0.05, "Cr": 17.0}, "stainless_ferritic"),  # 430
        ({"C": 0.3, "Cr": 13.0}, "stainless_martensitic"),  # 420
        ({"C": 1.0, "Cr": 17.0}, "stainless_martensitic"),  # 440C
        ({"C": 0.12, "Cr": 12.5}, "stainless_martensitic"),  # 410
        ({"C": 0.1, "Cr": 25.0, "Ni": 20.0, "Mn": 1.5}, "stainless_austenitic"),  # 310
        ({"C": 0.1, "Cr": 17.0, "Ni": 4.5, "Mn": 6.5}, "stainless_austenitic"),  # 201
        ({"C": 0.03, "Cr": 22.0, "Ni": 5.5, "Mo": 3.0, "Mn": 1.5}, "stainless_ferritic"),  # 2205
        ({"Cr": 13.0}, "stainless_ferritic"),  # the γ-loop is closed: no carbon, no hardening
        ({"C": 1.3, "Cr": 18.0}, "steel"),  # too much carbon to be stainless
        ({"C": 3.0, "Cr": 18.0}, "cast_iron"),
        ({"C": 1.2, "Mn": 12.0}, "manganese_austenitic"),
        ({"C": 0.4, "Mn": 12.0}, "steel"),
        ({"C": 1.2, "Mn": 8.0}, "steel"),
        ({"C": 0.85, "Cr": 4.0, "Mo": 5.0, "W": 6.0, "V": 2.0}, "high_speed_steel"),
        ({"C": 0.75, "Cr": 4.0, "W": 18.0, "V": 1.0}, "high_speed_steel"),
        ({"C": 0.4, "Cr": 4.0, "Mo": 5.0, "W": 6.0}, "steel"),
        ({"C": 0.8, "W": 6.0}, "steel"),
    ],
)
def test_families(pct, family):
    assert classify(Alloy.of(**pct)) == family


def test_carbon_classes_around_the_eutectoid_and_the_eutectic():
    assert carbon_class(0.70) == "hypoeutectoid"
    assert carbon_class(0.76) == "eutectoid"
    assert carbon_class(0.80) == "hypereutectoid"
    assert carbon_class(2.14) == "hypereutectoid"
    assert carbon_class(3.4) == "hypoeutectic"
    assert carbon_class(4.3) == "eutectic"
    assert carbon_class(5.0) == "hypereutectic"


# --- the Fe–C diagram -----------------------------------------------------------------------


def shares(carbon, temp):
    return {p.id: p.fraction for p in phases_at(carbon, temp)}


def test_lever_rule_at_known_points():
    below = as_dict(constituents_at(0.4, 726))
    assert below["pearlite"] == pytest.approx(0.512, abs=0.002)  # ≈ 51 %
    assert below["proeutectoid_ferrite"] == pytest.approx(0.488, abs=0.002)
    assert as_dict(constituents_at(0.76, 726)) == {"pearlite": pytest.approx(1.0)}
    hyper = as_dict(constituents_at(1.2, 726))
    assert hyper["proeutectoid_cementite"] == pytest.approx(0.0745, abs=0.001)  # ≈ 7.5 %
    assert shares(0.4, 726)["cementite"] == pytest.approx((0.4 - 0.022) / (6.67 - 0.022), abs=1e-3)


def test_eutectoid_steel_is_all_austenite_just_above_727():
    assert shares(0.76, 727.1) == {"austenite": pytest.approx(1.0)}
    assert set(shares(0.76, 726.9)) == {"ferrite", "cementite"}


def test_above_the_liquidus_everything_is_liquid():
    for carbon in CARBON_GRID:
        temp = model.liquidus_temp_c(carbon) + 1.0
        if temp <= 1600:
            assert shares(carbon, temp) == {"liquid": pytest.approx(1.0)}, carbon


def test_pure_iron_through_its_allotropes():
    assert set(shares(0.0, 900)) == {"ferrite"}
    assert set(shares(0.0, 1000)) == {"austenite"}
    assert set(shares(0.0, 1450)) == {"delta_ferrite"}
    assert set(shares(0.0, 1550)) == {"liquid"}


def test_the_lever_rule_at_the_eutectic_and_the_peritectic():
    just_above = shares(3.0, 1148)
    assert just_above["liquid"] == pytest.approx((3.0 - 2.14) / (4.3 - 2.14), abs=0.01)
    ledeburite = as_dict(constituents_at(3.0, 1146))["ledeburite"]
    assert ledeburite == pytest.approx((3.0 - 2.14) / (4.3 - 2.14))
    assert set(shares(0.12, 1494)) == {"delta_ferrite", "austenite"}
    assert set(shares(0.3, 1494)) == {"liquid", "austenite"}
    assert set(shares(0.3, 1496)) == {"liquid", "delta_ferrite"}


def test_fractions_sum_to_one_everywhere_and_compositions_are_sane():
    for carbon, temp in itertools.product(CARBON_GRID, TEMPERATURE_GRID):
        phases = phases_at(carbon, temp)
        assert sum(p.fraction for p in phases) == pytest.approx(1.0), (carbon, temp)
        assert all(0.0 <= p.fraction <= 1.0 for p in phases)
        assert all(0.0 <= p.carbon_pct <= 6.67 + 1e-9 for p in phases)
        assert [p.id for p in phases] == sorted((p.id for p in phases), key=PHASES.index)
        # the lever rule: the phases' carbon adds up to the alloy's
        total = sum(p.fraction * p.carbon_pct for p in phases)
        assert total == pytest.approx(min(carbon, 6.67), abs=1e-6), (carbon, temp)
        parts = constituents_at(carbon, temp)
        assert sum(f for _, f in parts) == pytest.approx(1.0), (carbon, temp)
        assert {name for name, _ in parts} <= set(CONSTITUENTS_AT)


def test_inputs_are_clamped():
    assert phases_at(-1.0, -50) == phases_at(0.0, 20)
    assert phases_at(9.0, 5000) == phases_at(6.67, 1600)


def test_line_labels_sit_on_their_lines_and_key_values_are_the_diagrams():
    lines = dict(DIAGRAM_LINES)
    for line, (carbon, temp) in LINE_LABELS:
        (c0, t0), (c1, t1) = lines[line]
        assert t0 == t1 == temp and c0 < carbon < c1, line
    assert model.KEY_TEMPERATURES == (727.0, 912.0, 1147.0, 1394.0, 1538.0)
    assert model.KEY_CARBONS == (0.76, 2.14, 4.3)
    dots = {model.KEY_POINTS[p] for p in model.KEY_POINT_DOTS}
    assert dots == {(0.76, 727.0), (2.14, 1147.0), (4.3, 1147.0)}


def test_region_labels_sit_in_their_fields_and_cover_every_field():
    for field, (carbon, temp) in REGION_LABELS:
        assert field_id(phases_at(carbon, temp)) == field, field
    seen = {field_id(phases_at(c, t)) for c, t in itertools.product(CARBON_GRID, TEMPERATURE_GRID)}
    assert seen == {field for field, _ in REGION_LABELS}


def test_crossing_any_diagram_line_changes_the_phase_field():
    for line, points in DIAGRAM_LINES:
        if line == "cementite":  # the right-hand edge: nothing beyond it
            continue
        for (c0, t0), (c1, t1) in itertools.pairwise(points):
            mid_c, mid_t = (c0 + c1) / 2, (t0 + t1) / 2
            if t0 == t1:
                sides = [(mid_c, mid_t - 0.5), (mid_c, mid_t + 0.5)]
            else:
                step = min(0.002, mid_c / 2) if mid_c > 0 else 0.002
                sides = [(mid_c - step, mid_t), (mid_c + step, mid_t)]
            fields = {field_id(phases_at(c, t)) for c, t in sides}
            assert len(fields) == 2, (line, (c0, t0), (c1, t1), fields)


def test_lines_run_through_the_key_points():
    lines = dict(DIAGRAM_LINES)
    assert (0.76, 727.0) in lines["a3"] and (0.76, 727.0) in lines["acm"]
    assert (4.3, 1147.0) in lines["liquidus"]
    assert (2.14, 1147.0) in lines["solidus"]
    assert (0.17, 1495.0) in lines["a4"]
    assert lines["eutectoid"] == ((0.022, 727.0), (6.67, 727.0))
    assert lines["liquidus"][0] == (0.0, 1538.0)
    assert (0.0, 912.0) in lines["a3"] and (0.0, 1394.0) in lines["a4"]


# --- structure at room temperature ----------------------------------------------------------


def test_quenched_eutectoid_steel_is_hard_martensite():
    micro = microstructure(Alloy.of(C=0.8), "quench")
    assert micro.fraction("martensite") > 0.8
    assert micro.hardness_hv[0] > 600
    assert micro.magnetic


def test_slowly_cooled_mild_steel_is_soft_ferrite_and_pearlite():
    micro = microstructure(Alloy.of(C=0.2), "slow_cool")
    assert {name for name, _ in micro.constituents} == {"ferrite", "pearlite"}
    assert micro.fraction("pearlite") == pytest.approx((0.2 - 0.022) / (0.76 - 0.022))
    assert micro.hardness_hv[1] < 250
    assert micro.tensile_mpa[0] == pytest.approx(3.3 * micro.hardness_hv[0], abs=10)


def test_slow_cooling_a_hypereutectoid_steel_gives_pearlite_and_cementite():
    micro = microstructure(Alloy.of(C=1.2), "slow_cool")
    assert micro.fraction("cementite") == pytest.approx(0.0745, abs=0.001)
    assert micro.fraction("pearlite") == pytest.approx(1 - 0.0745, abs=0.001)


def test_each_treatment_moves_hardness_the_right_way():
    steel = Alloy.of(C=0.4)
    slow, air, quench, tempered = (microstructure(steel, t).hardness_hv[0] for t in TREATMENTS)
    assert slow < air < tempered < quench
    assert microstructure(steel, "quench_temper").fraction("tempered_martensite") == 1.0


def test_low_carbon_steel_hardens_little_and_wrought_iron_not_at_all():
    low = microstructure(Alloy.of(C=0.05), "quench").hardness_hv[1]
    high = microstructure(Alloy.of(C=0.8), "quench").hardness_hv[1]
    assert low < 350 < 700 < high
    wrought = microstructure(Alloy.of(), "quench")
    assert wrought.fraction("martensite") == 0 and wrought.hardness_hv[1] < 150


def test_alloying_raises_hardenability():
    plain = microstructure(Alloy.of(C=0.42), "quench").hardens_through_mm
    crmo = microstructure(Alloy.of(C=0.42, Cr=1.05, Mo=0.22, Mn=0.75), "quench").hardens_through_mm
    assert plain < 10 and crmo > 40
    assert crmo == hardens_through_mm(Alloy.of(C=0.42, Cr=1.05, Mo=0.22, Mn=0.75))
    normalised = microstructure(Alloy.of(C=0.42, Cr=1.05, Mo=0.22, Mn=0.75), "air_cool")
    assert normalised.fraction("bainite") > 0.2


def test_quench_and_temper_of_42crmo4_lands_in_its_grade_range():
    micro = microstructure(Alloy.of(C=0.42, Cr=1.05, Mo=0.22, Mn=0.75), "quench_temper")
    grade = GRADES_BY_ID["42CrMo4"]
    assert grade.hardness_hv[0] - 30 <= sum(micro.hardness_hv) / 2 <= grade.hardness_hv[1] + 30


def test_high_speed_steel_keeps_its_hardness_when_tempered():
    m2 = Alloy.of(C=0.85, Cr=4.0, Mo=5.0, W=6.0, V=2.0)
    assert microstructure(m2, "quench_temper").hardness_hv[0] >= 650  # about 58 HRC
    assert microstructure(m2, "air_cool").fraction("martensite") > 0.5  # air-hardening
    assert microstructure(m2, "quench").fraction("carbides") > 0


@pytest.mark.parametrize("treatment", TREATMENTS)
def test_18_8_stays_austenite_and_hadfield_stays_non_magnetic(treatment):
    micro = microstructure(Alloy.of(C=0.05, Cr=18.0, Ni=8.0), treatment)
    assert micro.constituents == (("austenite", 1.0),) and not micro.magnetic
    hadfield = microstructure(Alloy.of(C=1.2, Mn=12.0), treatment)
    assert hadfield.fraction("austenite") > 0.8 and not hadfield.magnetic


def test_hadfield_is_tough_only_water_quenched():
    hadfield = Alloy.of(C=1.2, Mn=12.0)
    quenched = microstructure(hadfield, "quench")
    assert quenched.constituents == (("austenite", 1.0),) and quenched.variant == ""
    assert quenched.tensile_mpa[0] <= 880 <= quenched.tensile_mpa[1]  # fact sheet 3f
    slow, air = microstructure(hadfield, "slow_cool"), microstructure(hadfield, "air_cool")
    assert 0.10 < slow.fraction("carbides") < 0.14  # lever rule from 0.45 % C kept to 6.67 %
    assert 0 < air.fraction("carbides") < slow.fraction("carbides")
    for cooled in (slow, air, microstructure(hadfield, "quench_temper")):
        assert cooled.variant == "embrittled"
        assert cooled.hardness_hv[0] > quenched.hardness_hv[0]  # harder, yet
        assert cooled.tensile_mpa[1] < quenched.tensile_mpa[1]  # it breaks sooner
    assert slow.tensile_mpa[1] < air.tensile_mpa[1]
    assert microstructure(Alloy.of(C=0.4, Mn=12.0), "slow_cool").variant == ""  # too little C


def test_ferritic_stainless_does_not_harden_and_stays_magnetic():
    micro = microstructure(Alloy.of(C=0.05, Cr=17.0), "quench")
    assert micro.fraction("martensite") == 0 and micro.magnetic
    assert micro.hardness_hv == microstructure(Alloy.of(C=0.05, Cr=17.0), "slow_cool").hardness_hv


def test_steels_whose_ferrite_formers_close_the_gamma_loop_never_harden():
    """The bug this guards against: Fe-0.05C-3Si, the nearest the tokens come to electrical
    steel, quenched to martensite (250-310 HV), though 3 % Si keeps iron ferrite at every
    temperature (fact sheet: 3 % Si gives electrical steel)."""
    for closed in (Alloy.of(C=0.05, Si=3.0), Alloy.of(C=0.05, Mo=5.0)):
        assert classify(closed) == "steel"
        quenched, slow = microstructure(closed, "quench"), microstructure(closed, "slow_cool")
        assert quenched.fraction("martensite") == 0 and quenched.fraction("ferrite") > 0.99
        assert quenched.hardness_hv == slow.hardness_hv and quenched.hardens_through_mm is None
        assert quenched.magnetic
        verdict = analyse(closed, "quench", 900.0)
        assert not verdict.diagram_applies and verdict.stays_ferrite  # no austenite field
    # the loop closes at the handbook's amounts; carbon, manganese and nickel widen it
    assert model.ferrite_factor(Alloy.of(Si=2.25)) == pytest.approx(model.FERRITE_FACTOR_CLOSED)
    assert model.ferrite_factor(Alloy.of(Cr=13.5)) == pytest.approx(model.FERRITE_FACTOR_CLOSED)
    for hardens in (
        Alloy.of(C=0.05, Si=2.0),
        Alloy.of(C=0.2, Si=3.0),  # carbon widens the loop
        Alloy.of(C=0.76, Si=2.0, Mn=0.7),  # a silicon spring steel
        Alloy.of(C=0.05, Si=3.0, Ni=2.0),
    ):
        assert microstructure(hardens, "quench").fraction("martensite") > 0.8, hardens
        assert not analyse(hardens, "quench", 900.0).stays_ferrite


def test_cast_iron_is_grey_with_silicon_and_white_without_it():
    grey = Alloy.of(C=3.4, Si=2.0)
    for treatment in TREATMENTS:  # the flakes form in the mould; no heat treatment undoes them
        micro = microstructure(grey, treatment)
        assert micro.variant == "grey_iron" and micro.fraction("graphite_flakes") > 0.02
    assert microstructure(grey, "air_cool").fraction("pearlite") > 0.9
    assert microstructure(grey, "slow_cool").fraction("ferrite") > 0.9
    for treatment in TREATMENTS:
        white = microstructure(Alloy.of(C=3.4), treatment)
        assert white.variant == "white_iron" and white.fraction("graphite_flakes") == 0
        assert white.fraction("ledeburite") > 0.5
    white = microstructure(Alloy.of(C=3.4), "slow_cool")
    assert white.hardness_hv[0] > microstructure(grey, "air_cool").hardness_hv[1]


def test_quenching_a_grey_iron_hardens_its_matrix_around_the_graphite():
    grey = Alloy.of(C=3.4, Si=2.0)
    as_cast = microstructure(grey, "air_cool")
    quenched = microstructure(grey, "quench")
    assert quenched.fraction("martensite") > 0.8 and quenched.fraction("ledeburite") == 0
    assert quenched.fraction("graphite_flakes") == as_cast.fraction("graphite_flakes")
    tempered = microstructure(grey, "quench_temper")
    assert tempered.fraction("tempered_martensite") > 0.9
    assert tempered.fraction("martensite") == tempered.fraction("austenite") == 0
    assert as_cast.hardness_hv[1] < tempered.hardness_hv[0] < quenched.hardness_hv[0]
    assert quenched.tensile_mpa[1] <= 400  # the flakes, not the matrix, limit its strength


RECIPES = [
    Alloy.of(**dict(zip(ALLOYING, amounts, strict=True)))
    for amounts in [
        (0.0, 0, 0, 0, 0, 0, 0, 0),
        (0.05, 0, 0, 0, 0, 0, 0, 0),
        (0.4, 1, 0, 0.7, 0.2, 0, 0, 0.3),
        (0.8, 0, 0, 0, 0, 0, 0, 0),
        (1.2, 1, 0, 0, 0, 0, 0, 0),
        (0.2, 18, 8, 0, 2.5, 0, 0, 0),
        (0.05, 13, 4, 0, 0, 0, 0, 0),
        (0.3, 13, 0, 0, 0, 0, 0, 0),
        (1.2, 0, 0, 12, 0, 0, 0, 0),
        (0.8, 4, 0, 0, 5, 2, 6, 0),
        (2.5, 0, 0, 0, 0, 0, 0, 1),
        (3.4, 0, 0, 0, 0, 0, 0, 2),
        (4.3, 18, 0, 0, 0, 0, 0, 0),
        (6.67, 0, 0, 0, 0, 0, 0, 3),
        (0.4, 4, 12, 6, 5, 2, 12, 3),
    ]
]


def test_every_structure_adds_up_and_has_sane_numbers():
    for alloy, treatment in itertools.product(RECIPES, TREATMENTS):
        micro = microstructure(alloy, treatment)
        assert sum(f for _, f in micro.constituents) == pytest.approx(1.0), alloy.formula()
        assert {name for name, _ in micro.constituents} <= set(MICROSTRUCTURE_CONSTITUENTS)
        low, high = micro.hardness_hv
        assert 50 <= low <= high <= 1100, (alloy.formula(), treatment)
        assert 0 < micro.tensile_mpa[0] <= micro.tensile_mpa[1]


def test_unknown_treatments_are_refused():
    with pytest.raises(ValueError):
        microstructure(Alloy.of(C=0.4), "boil")
    with pytest.raises(ValueError):
        analyse(Alloy.of(C=0.4), "boil", 20)


# --- grades ---------------------------------------------------------------------------------


def best(alloy: Alloy, treatment: str = "air_cool") -> str | None:
    matches = resembles(alloy, treatment)
    return matches[0].grade.id if matches else None


def test_resembles_finds_the_classic_grades():
    assert best(Alloy.of(C=0.05, Cr=18.0, Ni=8.0)) == "304"
    assert best(Alloy.of(C=0.05, Cr=18.0, Ni=8.0, Mo=2.0)) == "316"
    assert best(Alloy.of(C=0.4, Cr=1.0, Mo=0.2)) == "42CrMo4"
    assert best(Alloy.of(C=0.15)) == "S235JR"
    assert best(Alloy.of(C=0.2, Mn=1.5)) == "S355J2"
    assert best(Alloy.of(C=1.2, Mn=12.0)) == "X120Mn12"
    assert best(Alloy.of(C=3.4, Si=2.0)) == "EN-GJL-250"
    assert best(Alloy.of(C=0.05, Cr=17.0)) == "430"
    assert best(Alloy.of(C=0.85, Cr=4.0, Mo=5.0, W=6.0, V=2.0)) == "M2"
    assert best(Alloy.of(Si=3.0)) == "electrical_steel"
    assert best(Alloy.of()) == "puddled_iron"


def test_visitors_reach_the_grades_in_a_few_presses():
    assert best(press("Fe", "C", "C", "C", "Cr", "Mo")) == "42CrMo4"
    assert best(press("Fe", "C", "Cr", "Cr", "Cr", "Cr", "Ni", "Ni", "Ni")) == "304"
    assert best(press("Fe", *["C"] * 5, *["Mn"] * 4)) == "X120Mn12"
    assert best(press("Fe", *["C"] * 7, "Si", "Si", "Si")) == "EN-GJL-250"


def test_a_white_iron_is_not_grey_iron_and_ductile_iron_needs_magnesium():
    assert best(Alloy.of(C=3.4, Si=2.0), "quench") == "EN-GJL-250"  # hardened, still grey
    assert best(Alloy.of(C=3.4, Si=0.3), "air_cool") is None  # white: no graphite
    grey = GRADES_BY_ID["EN-GJL-250"]
    assert grey.relative == "EN-GJS-400-18"
    for alloy, treatment in itertools.product(RECIPES, TREATMENTS):
        assert all(m.grade.id != "EN-GJS-400-18" for m in resembles(alloy, treatment))


def test_matches_are_few_close_sorted_and_of_the_same_family():
    for alloy, treatment in itertools.product(RECIPES, TREATMENTS):
        matches = resembles(alloy, treatment)
        assert len(matches) <= 3
        distances = [m.distance for m in matches]
        assert distances == sorted(distances)
        assert all(m.distance <= model.MAX_MATCH_DISTANCE for m in matches)
        assert all(m.grade.family == classify(alloy) for m in matches)
        assert all(0.0 <= m.closeness <= 1.0 for m in matches)
    assert resembles(Alloy.of(C=0.2, Cr=18.0, Ni=8.0, W=12.0), "quench") == ()


def test_grade_data_is_consistent():
    assert len({g.id for g in GRADES}) == len(GRADES)
    for grade in GRADES:
        assert grade.family in FAMILIES
        assert grade.sectors and set(grade.sectors) <= set(SECTORS)
        assert grade.condition in model.CONDITIONS
        assert {el for el, _ in grade.composition} <= set(ALLOYING)
        assert grade.hardness_hv[0] <= grade.hardness_hv[1]
        if grade.requires != "graphite_nodules":  # ductile iron: the one we cannot make
            assert classify(Alloy.of(**dict(grade.composition))) == grade.family, grade.id
            assert best(Alloy.of(**dict(grade.composition)), "air_cool") == grade.id, grade.id
    sectors = {grade.id: set(grade.sectors) for grade in GRADES}
    assert {"construction", "energy"} <= sectors["S355J2"]
    assert {"medical", "food"} <= sectors["316"]
    assert "food" in sectors["304"] and "rail" in sectors["X120Mn12"]
    assert {"automotive", "energy"} <= sectors["42CrMo4"]


# --- everything at once ---------------------------------------------------------------------


def test_analyse_bundles_everything():
    verdict = analyse(Alloy.of(C=0.4, Cr=1.0, Mo=0.2), "quench_temper", 800)
    assert verdict.family == "steel" and verdict.carbon_class == "hypoeutectoid"
    assert verdict.phase_field == "austenite+ferrite" and verdict.diagram_applies
    assert as_dict(verdict.constituents)["proeutectoid_ferrite"] > 0
    assert verdict.microstructure == microstructure(verdict.alloy, "quench_temper")
    assert verdict.matches[0].grade.id == "42CrMo4"
    assert verdict.iron_pct == pytest.approx(98.4)
    assert analyse(Alloy.of(C=0.4), "quench", 5000).temp_c == 1600
    with pytest.raises(AttributeError):
        verdict.family = "x"  # type: ignore[misc]


def test_the_carbon_class_is_given_only_where_the_diagram_speaks():
    assert analyse(Alloy.of(C=3.4, Si=2.0), "air_cool", 20).carbon_class == "hypoeutectic"
    assert analyse(Alloy.of(C=0.05), "slow_cool", 20).carbon_class == "hypoeutectoid"
    off = [
        Alloy.of(C=0.05, Cr=18.0, Ni=8.0),  # stainless
        Alloy.of(C=1.2, Mn=12.0),  # Hadfield
        Alloy.of(C=0.85, Cr=4.0, Mo=5.0, W=6.0, V=2.0),  # high-speed steel
        Alloy.of(C=0.4, Ni=8.0),  # too highly alloyed
        Alloy.of(),  # wrought iron: no carbon to speak of
        Alloy.of(Si=3.0),  # electrical steel, 0 % C
        Alloy(),  # no iron yet
    ]
    assert [analyse(alloy, "slow_cool", 20).carbon_class for alloy in off] == [""] * len(off)


def test_analyse_without_iron_and_for_high_alloys():
    empty = analyse(press("Cr", "C"), "quench", 20)
    assert empty.family == "no_iron" and empty.phases == () and empty.matches == ()
    assert not empty.diagram_applies
    assert not analyse(Alloy.of(C=0.05, Cr=18.0, Ni=8.0), "quench", 20).diagram_applies


# --- texts ----------------------------------------------------------------------------------


def emitted_ids() -> set[str]:
    """Every id the model can show, as a text key, from its tables and from actual runs."""
    keys = {f"family.{f}" for f in FAMILIES}
    keys |= {f"carbon_class.{c}" for c in model.CARBON_CLASSES}
    keys |= {f"phase.{p}" for p in PHASES}
    keys |= {f"constituent.{c}" for c in CONSTITUENTS_AT + MICROSTRUCTURE_CONSTITUENTS}
    keys |= {f"variant.{v}" for v in model.VARIANTS if v}
    keys |= {f"treatment.{t}" for t in TREATMENTS}
    keys |= {f"sector.{s}" for s in SECTORS}
    keys |= {f"condition.{c}" for c in model.CONDITIONS}
    keys |= {f"grade.{g.id}" for g in GRADES}
    keys |= {f"element.{e}" for e in ELEMENTS}
    keys |= {f"line.{line}" for line, _ in LINE_LABELS}
    for carbon, temp in itertools.product(CARBON_GRID[::5], TEMPERATURE_GRID[::5]):
        keys |= {f"phase.{p.id}" for p in phases_at(carbon, temp)}
        keys |= {f"constituent.{c}" for c, _ in constituents_at(carbon, temp)}
    for alloy, treatment in itertools.product(RECIPES, TREATMENTS):
        verdict = analyse(alloy, treatment, 20)
        keys.add(f"family.{verdict.family}")
        if verdict.carbon_class:
            keys.add(f"carbon_class.{verdict.carbon_class}")
        keys |= {f"constituent.{c}" for c, _ in verdict.microstructure.constituents}
        if verdict.microstructure.variant:
            keys.add(f"variant.{verdict.microstructure.variant}")
        for match in verdict.matches:
            keys |= {f"grade.{match.grade.id}", f"condition.{match.grade.condition}"}
            keys |= {f"sector.{s}" for s in match.grade.sectors}
    return keys


SCENE_LABELS = [
    "title", "hint", "no_iron", "temperature", "hardness", "strength", "resembles", "used_in",
    "axis_carbon", "axis_temperature", "magnetic", "not_magnetic", "hardens_through",
    "diagram_not_applicable", "diagram_ferrite", "nearest_relative", "embrittled",
]  # fmt: skip


def test_every_emitted_id_and_scene_label_has_all_three_languages():
    needed = emitted_ids() | {f"label.{name}" for name in SCENE_LABELS}
    missing = sorted(needed - STRINGS.keys())
    assert not missing
    for key, texts in STRINGS.items():
        assert set(texts) == {"fr", "nl", "en"}, key
        assert all(text.strip() for text in texts.values()), key


def test_grade_sentences_are_short_and_placeholders_kept():
    for key, texts in STRINGS.items():
        if key.startswith("grade."):
            assert all(len(text) <= 100 for text in texts.values()), key
    assert all("{mm:.0f}" in text for text in STRINGS["label.hardens_through"].values())


def test_tempering_keeps_a_stable_austenite_and_turns_a_retained_minority():
    whole = Alloy.of(C=0.4, Mn=12.0)  # Ms below room temperature: the quench keeps austenite
    assert classify(whole) == "steel"
    assert microstructure(whole, "quench").constituents == (("austenite", 1.0),)
    tempered = microstructure(whole, "quench_temper")
    assert tempered.constituents == (("austenite", 1.0),) and not tempered.magnetic
    minority = Alloy.of(C=0.4, Mn=6.0)  # medium-Mn: some retained austenite after quenching
    quenched = microstructure(minority, "quench")
    assert 0 < quenched.fraction("austenite") < quenched.fraction("martensite")
    assert microstructure(minority, "quench_temper").fraction("austenite") == 0  # 550-600 °C
    bearing = Alloy.of(C=1.2, Cr=1.0)  # 100Cr6-like, tempered low (about 200 °C): it stays
    quenched = microstructure(bearing, "quench")
    assert 0 < quenched.fraction("austenite") < quenched.fraction("martensite")
    kept = microstructure(bearing, "quench_temper").fraction("austenite")
    assert kept == pytest.approx(quenched.fraction("austenite"))
    m2 = Alloy.of(C=0.85, Cr=4.0, Mo=5.0, W=6.0, V=2.0)
    assert microstructure(m2, "quench_temper").fraction("austenite") == 0


def test_deoxidisers_a_grade_leaves_unnamed_cost_nothing_up_to_the_standards_limit():
    for mn in (0.7, 1.5):
        assert best(Alloy.of(C=0.05, Cr=18.0, Ni=8.0, Mn=mn)) == "304"
        assert best(Alloy.of(C=0.05, Cr=18.0, Ni=12.0, Mo=2.5, Mn=mn)) == "316"
    assert best(Alloy.of(C=0.05, Cr=18.0, Ni=8.0, Si=1.0)) == "304"
    far = Alloy.of(C=0.05, Cr=18.0, Ni=8.0, Mn=6.0)  # well past 2 %: it counts
    near = Alloy.of(C=0.05, Cr=18.0, Ni=8.0, Mn=1.5)
    grade = GRADES_BY_ID["304"]
    assert model.grade_distance(near, grade) == model.grade_distance(
        Alloy.of(C=0.05, Cr=18.0, Ni=8.0), grade
    )
    assert model.grade_distance(far, grade) > model.grade_distance(near, grade) + 1


def test_air_hardening_steels_harden_through_in_any_size():
    for alloy in (Alloy.of(C=0.85, Cr=4.0, Mo=5.0, W=6.0, V=2.0), Alloy.of(C=0.4, Cr=13.0)):
        assert microstructure(alloy, "quench").hardens_through_mm == math.inf
    assert microstructure(Alloy.of(C=0.4), "quench").hardens_through_mm < 20


def test_only_normalising_refines_a_carbon_free_iron():
    for alloy in (Alloy.of(), Alloy.of(C=0.02, Mn=0.7)):
        slow, air, quench, tempered = (microstructure(alloy, t).hardness_hv for t in TREATMENTS)
        assert quench == tempered == slow < air


def _overlaps(a: tuple[float, float], b: tuple[float, float]) -> bool:
    return a[0] <= b[1] and b[0] <= a[1]


def test_a_tempered_steel_is_never_softer_than_the_same_steel_annealed():
    # tempering at 550-600 °C leaves ferrite and fine carbides, and the dissolved elements
    # harden that ferrite as they harden an annealed one: every carbon rung with every dose of
    # one other element, all treatments of the steels that harden
    checked = 0
    for carbon in LEVELS["C"]:
        for element in ALLOYING[1:]:
            for amount in LEVELS[element]:
                alloy = Alloy.of(C=carbon, **{element: amount})
                if classify(alloy) not in ("steel", "high_speed_steel", "wrought_iron"):
                    continue
                annealed = microstructure(alloy, "slow_cool")
                if annealed.variant == "embrittled":  # Hadfield-like: slow cooling is worse
                    continue
                tempered = microstructure(alloy, "quench_temper")
                assert sum(tempered.hardness_hv) >= sum(annealed.hardness_hv), alloy
                secondary = element in ("Mo", "V", "W")  # their carbides harden on tempering
                if classify(alloy) == "steel" and not secondary:  # else never above a quench
                    quenched = microstructure(alloy, "quench")
                    assert sum(tempered.hardness_hv) <= sum(quenched.hardness_hv), alloy
                checked += 1
    assert checked > 100


def test_a_steel_its_quench_keeps_austenite_never_claims_to_harden():
    # Ms below room temperature: austenite however it is cooled, not magnetic, nothing to
    # harden through; with 13 % Cr that is an austenitic (Cr-Mn) stainless, not a martensitic one
    manganese = Alloy.of(C=0.4, Mn=12.0)
    assert classify(manganese) == "steel"
    for treatment in TREATMENTS:
        micro = microstructure(manganese, treatment)
        assert micro.constituents == (("austenite", 1.0),), treatment
        assert not micro.magnetic and micro.hardens_through_mm is None
    assert classify(Alloy.of(Cr=13.0, Mn=12.0)) == "stainless_austenitic"
    assert classify(Alloy.of(Cr=13.0, Mn=6.0)) == "stainless_martensitic"
    hardening = microstructure(Alloy.of(C=0.4, Mn=0.7), "quench")
    assert hardening.fraction("martensite") > 0.9 and hardening.hardens_through_mm > 5


def test_hard_steels_are_tempered_low_and_show_their_grades_hardness():
    # bearing and knife steels are tempered at about 200 °C, tough parts at 550-600 °C: each
    # token recipe's quench-and-temper lands in the hardness of the grade it is named after
    for recipe, grade_id in (
        ({"C": 1.2, "Cr": 1.0}, "100Cr6"),
        ({"C": 0.4, "Cr": 13.0}, "420"),
        ({"C": 0.4, "Cr": 1.0, "Mo": 0.2, "Mn": 0.7}, "42CrMo4"),
    ):
        alloy = Alloy.of(**recipe)
        assert resembles(alloy, "quench_temper")[0].grade.id == grade_id
        tempered = microstructure(alloy, "quench_temper")
        assert _overlaps(tempered.hardness_hv, GRADES_BY_ID[grade_id].hardness_hv), grade_id
        assert tempered.hardness_hv[1] < microstructure(alloy, "quench").hardness_hv[1]


def test_the_eutectoid_carbon_rung_gives_all_pearlite():
    eutectoid = LEVELS["C"][3]
    assert carbon_class(eutectoid) == "eutectoid"
    micro = microstructure(Alloy.of(C=eutectoid), "slow_cool")
    assert micro.constituents == (("pearlite", 1.0),)  # no cementite network around it


def test_a_grey_irons_graphite_softens_it_by_the_area_it_covers():
    # 2.7 % graphite by mass covers about 9 % of the section: the as-cast (pearlitic) grey iron
    # reads its grade's hardness, below what its pearlite alone would give
    grey = Alloy.of(C=3.4, Si=2.0)
    as_cast = microstructure(grey, "air_cool")
    graphite = as_cast.fraction("graphite_flakes")
    assert 0.02 < graphite < 0.035
    assert 3.0 * graphite < model.graphite_area_share(graphite) < 4.0 * graphite
    assert _overlaps(as_cast.hardness_hv, GRADES_BY_ID["EN-GJL-250"].hardness_hv)
    assert as_cast.hardness_hv[1] < (1.0 - 3.0 * graphite) * model.PEARLITE_FINE_HV[1]


def test_carbon_an_austenitic_stainless_cannot_hold_comes_out_as_carbides():
    # 304 keeps its 0.05 % C dissolved whatever the treatment; at 1.2 % C the carbon beyond
    # about 0.1 % comes out as chromium carbides on the grain boundaries when cooled slowly or
    # tempered (sensitised), and a water quench keeps it in solution
    for treatment in TREATMENTS:
        assert microstructure(Alloy.of(C=0.05, Cr=18.0, Ni=8.0), treatment).constituents == (
            ("austenite", 1.0),
        )
    rich = Alloy.of(C=1.2, Cr=18.0, Ni=8.0)
    assert classify(rich) == "stainless_austenitic"
    slow = microstructure(rich, "slow_cool")
    assert slow.variant == "embrittled" and 0.1 < slow.fraction("carbides") < 0.2
    assert slow.hardness_hv[0] > 200 and not slow.magnetic
    assert microstructure(rich, "quench").constituents == (("austenite", 1.0),)
