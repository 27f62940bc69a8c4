"""The alloy lab's rules at the exhibit (`AlloyPlay`): tokens, wheel, button and touches in,
recipe, verdict and interaction events out. Pure: no pygame, no hardware."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from acier.config import load_kiosk_config
from acier.exhibits.alloy_lab.model import (
    ELEMENTS,
    TEMPERATURE_RANGE,
    TREATMENTS,
    Alloy,
    analyse,
)
from acier.exhibits.alloy_lab.play import (
    DETENT_C,
    FEEDBACK_S,
    KEYS,
    START_TEMP_C,
    START_TREATMENT,
    TOUCH_STEP_C,
    AlloyPlay,
)
from acier.exhibits.alloy_lab.texts import STRINGS
from acier.hardware.inputs import Motion, Pressed, Released, Tag, Turned
from acier.protocol.events import validate_payload

CONFIG = Path(__file__).resolve().parent.parent / "config" / "alloy-1.yaml"
TOKENS = {f"0A0000000{i}": element for i, element in enumerate(ELEMENTS, start=1)}
TAG = {element: tag for tag, element in TOKENS.items()}


def token(element: str) -> Tag:
    return Tag("tokens", TAG[element])


def valid(interactions) -> list:
    """Every interaction validates as the outbox would validate it."""
    for interaction in interactions:
        validate_payload(interaction.type, interaction.data)
    return interactions


@pytest.fixture
def play() -> AlloyPlay:
    return AlloyPlay(TOKENS)


def test_a_fresh_play_is_an_empty_crucible_slowly_cooled(play):
    assert play.alloy == Alloy()
    assert play.treatment == START_TREATMENT == "slow_cool"
    assert play.temp_c == START_TEMP_C
    assert play.verdict.family == "no_iron"
    assert play.feedback is None
    assert play.outputs() == {}


def test_tokens_become_elements_and_compose_events(play):
    (iron,) = valid(play.handle(token("Fe")))
    assert iron.type == "alloy.compose"
    assert iron.data == {
        "element": "Fe",
        "change": "add",
        "via": "token",
        "composition": {},
        "family": "wrought_iron",
    }
    (carbon,) = valid(play.handle(token("C")))
    assert carbon.data["composition"] == {"C": 0.05}
    assert carbon.data["family"] == "steel"
    for _ in range(2):
        play.handle(token("C"))
    (chromium,) = valid(play.handle(token("Cr")))
    assert chromium.data["composition"] == {"C": 0.4, "Cr": 1.0}
    assert play.verdict.alloy == play.alloy == Alloy.of(C=0.4, Cr=1.0)


def test_tag_ids_are_matched_whatever_their_case():
    play = AlloyPlay({"0a0000000b": "Ni"})
    (nickel,) = play.handle(Tag("tokens", "0A0000000B"))
    assert nickel.data["element"] == "Ni"


def test_an_unknown_tag_says_so_and_changes_nothing(play):
    play.handle(token("Fe"))
    verdict = play.verdict
    assert play.handle(Tag("tokens", "FFFFFFFFFF")) == []
    assert play.feedback == "unknown_token"
    assert play.alloy == Alloy(True)
    assert play.verdict is verdict  # nothing recomputed


def test_tokens_before_the_iron_count_but_the_lab_asks_for_iron(play):
    (event,) = valid(play.handle(token("C")))
    assert event.data["family"] == "no_iron" and event.data["composition"] == {"C": 0.05}
    assert play.feedback == "no_iron"
    (iron,) = play.handle(token("Fe"))
    assert iron.data["family"] == "steel"
    assert play.feedback is None  # asked and answered


def test_a_second_iron_token_and_a_full_rung_ladder_are_explained(play):
    play.handle(token("Fe"))
    assert play.handle(token("Fe")) == []
    assert play.feedback == "iron_already"
    for _ in range(4):
        assert play.handle(token("Cr"))
    assert play.alloy.get("Cr") == 18.0
    assert play.handle(token("Cr")) == []
    assert (play.feedback, play.feedback_element) == ("top_rung", "Cr")


def test_a_crucible_that_would_drop_below_half_iron_is_full(play):
    play.handle(token("Fe"))
    for element in ("Cr", "Ni", "Mn"):
        for _ in range(4):
            play.handle(token(element))
    assert play.handle(token("W"))  # 6 % fits
    assert play.handle(token("W"))  # 12 % is cut down to what leaves 50 % iron
    assert play.alloy.iron_pct == pytest.approx(50.0)
    assert play.handle(token("W")) == []
    assert (play.feedback, play.feedback_element) == ("mix_full", "W")


def test_feedback_fades_after_a_few_seconds(play):
    play.handle(Tag("tokens", "0123456789"))
    play.update(FEEDBACK_S / 2)
    assert play.feedback == "unknown_token"
    play.update(FEEDBACK_S / 2)
    assert play.feedback is None


def test_the_clear_button_empties_the_crucible(play):
    play.handle(token("Fe"))
    play.handle(token("C"))
    play.command("treat:quench")
    (cleared,) = valid(play.handle(Pressed("clear")))
    assert cleared.data == {
        "element": "Fe",
        "change": "clear",
        "via": "button",
        "composition": {},
        "family": "no_iron",
    }
    assert play.alloy == Alloy()
    assert play.treatment == "quench"  # the visitor's treatment stays chosen
    assert play.handle(Released("clear")) == []
    (touched,) = valid(play.command("clear"))
    assert touched.data["via"] == "touch"


def test_remove_takes_one_rung_back(play):
    for element in ("Fe", "C", "C", "C"):
        play.handle(token(element))
    (removed,) = valid(play.command("remove:C"))
    assert removed.data == {
        "element": "C",
        "change": "remove",
        "via": "touch",
        "composition": {"C": 0.2},
        "family": "steel",
    }
    play.command("remove:C")
    play.command("remove:C")
    assert play.alloy == Alloy(True)
    assert play.command("remove:C") == []  # nothing left to take back
    assert play.command("remove:Cr") == []


def test_keys_without_a_reader_add_elements_via_key(play):
    (event,) = valid(play.command("add:Fe"))
    assert event.data["via"] == "key"
    assert play.command("add:Xx") == []


def test_touches_on_the_element_chips_add_elements_via_touch(play):
    (event,) = valid(play.command("tap:Fe"))
    assert event.data["via"] == "touch"
    (event,) = valid(play.command("tap:C"))
    assert (event.data["via"], event.data["composition"]) == ("touch", {"C": 0.05})
    assert play.command("tap:Xx") == []


def test_treating_emits_the_structure_hardness_and_nearest_grade(play):
    for element in ("Fe", "C", "C", "C"):
        play.handle(token(element))
    (treat,) = valid(play.command("treat:quench"))
    expected = analyse(Alloy.of(C=0.4), "quench", START_TEMP_C)
    assert treat.type == "alloy.treat"
    assert treat.data == {
        "treatment": "quench",
        "composition": {"C": 0.4},
        "structure": [name for name, _ in expected.microstructure.constituents],
        "hardness_hv": tuple(float(v) for v in expected.microstructure.hardness_hv),
        "grade": expected.matches[0].grade.id,
    }
    assert "martensite" in treat.data["structure"]
    assert play.treatment == "quench" and play.verdict.treatment == "quench"
    assert play.command("treat:boil") == []
    assert play.treatment == "quench"


def test_treating_an_empty_crucible_still_validates(play):
    (treat,) = valid(play.command("treat:air_cool"))
    assert treat.data["structure"] == [] and treat.data["grade"] is None
    assert treat.data["hardness_hv"] == (0.0, 0.0)


def test_the_wheel_moves_the_temperature_without_events_and_clamps(play):
    low, high = TEMPERATURE_RANGE
    assert play.handle(Turned("temperature", 3)) == []
    assert play.temp_c == START_TEMP_C + 3 * DETENT_C
    assert play.verdict.temp_c == play.temp_c
    play.handle(Turned("temperature", 10_000))
    assert play.temp_c == high
    play.handle(Turned("temperature", -10_000))
    assert play.temp_c == low
    play.handle(Turned("some_other_knob", 5))
    assert play.temp_c == low


def test_touch_temperature_commands_step_set_and_clamp(play):
    play.command("temp:+")
    assert play.temp_c == START_TEMP_C + TOUCH_STEP_C
    play.command("temp:-")
    play.command("temp:-")
    assert play.temp_c == START_TEMP_C - TOUCH_STEP_C
    play.command("temp:1200")
    assert play.temp_c == 1200
    play.command("temp:99999")
    assert play.temp_c == TEMPERATURE_RANGE[1]
    play.command("temp:warm")
    play.command("temp:1200")
    for reading in ("nan", "inf", "-inf"):  # no number: the marker stays where it was
        play.command(f"temp:{reading}")
        assert play.temp_c == 1200


def test_the_verdict_is_recomputed_only_when_something_changed(play):
    play.handle(token("Fe"))
    verdict = play.verdict
    play.handle(Motion("visitor", True))
    play.handle(Turned("temperature", 0))
    play.update(0.5)
    play.command("abandon")
    assert play.verdict is verdict
    play.handle(Turned("temperature", 1))
    assert play.verdict is not verdict


def test_abandon_and_reset(play):
    play.handle(token("Fe"))
    assert play.command("abandon") == []
    play.command("treat:quench")
    play.handle(Turned("temperature", 20))
    play.reset()
    assert (play.alloy, play.treatment, play.temp_c) == (Alloy(), START_TREATMENT, START_TEMP_C)
    assert play.verdict.family == "no_iron"


def test_unknown_token_elements_are_refused():
    with pytest.raises(ValueError, match="Zz"):
        AlloyPlay({"0A00000001": "Zz"})


def test_the_feedback_messages_have_words():
    for feedback in ("unknown_token", "no_iron", "iron_already", "top_rung", "mix_full"):
        assert f"label.{feedback}" in STRINGS
    assert all("{element}" in words for words in STRINGS["label.top_rung"].values())


def test_keys_drive_the_shipped_config():
    """Digits are the tokens in ELEMENTS order, arrows the wheel, backspace the clear button,
    F1-F4 the treatments; every input and token they name exists in config/alloy-1.yaml."""
    config = load_kiosk_config(CONFIG)
    digits = [KEYS[str(i)] for i in range(1, 10)]
    assert [key.key for key in digits] == list(ELEMENTS)
    assert all(key.kind == "token" and key.input == "tokens" for key in digits)
    assert set(config.tokens.values()) == set(ELEMENTS)
    assert (KEYS["up"].kind, KEYS["up"].amount, KEYS["down"].amount) == ("turn", 1, -1)
    assert KEYS["backspace"].kind == "press"
    treatments = [KEYS[f"f{i}"] for i in range(1, 5)]
    assert [key.key for key in treatments] == [f"treat:{t}" for t in TREATMENTS]
    for key in KEYS.values():
        if key.kind != "command":
            assert key.input in config.inputs, key


actions = st.one_of(
    st.sampled_from(ELEMENTS).map(lambda el: ("tag", TAG[el])),
    st.just(("tag", "ABCDEF0123")),
    st.integers(-40, 40).map(lambda n: ("turn", n)),
    st.just(("press", "clear")),
    st.sampled_from(
        [f"treat:{t}" for t in TREATMENTS]
        + [f"remove:{el}" for el in ELEMENTS]
        + [f"add:{el}" for el in ELEMENTS]
        + ["clear", "temp:+", "temp:-", "temp:700", "abandon"]
    ).map(lambda c: ("command", c)),
)


@settings(max_examples=60, deadline=None)
@given(st.lists(actions, max_size=40))
def test_any_visit_emits_only_valid_events_and_keeps_a_consistent_verdict(steps):
    play = AlloyPlay(TOKENS)
    for kind, value in steps:
        if kind == "tag":
            out = play.handle(Tag("tokens", value))
        elif kind == "turn":
            out = play.handle(Turned("temperature", value))
        elif kind == "press":
            out = play.handle(Pressed(value))
        else:
            out = play.command(value)
        valid(out)
        for interaction in out:
            if interaction.type == "alloy.compose":
                assert interaction.data["composition"] == play.alloy.as_dict()
        assert TEMPERATURE_RANGE[0] <= play.temp_c <= TEMPERATURE_RANGE[1]
        verdict = play.verdict
        assert (verdict.alloy, verdict.treatment, verdict.temp_c) == (
            play.alloy,
            play.treatment,
            play.temp_c,
        )
