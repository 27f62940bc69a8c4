"""Hardware bindings in device files: each mistake reported at its file:line."""

from __future__ import annotations

from pathlib import Path

import pytest
from pydantic import BaseModel, ConfigDict

from acier.check import check
from acier.config import ConfigError, load_kiosk_config
from acier.exhibits import WIRING
from acier.hardware.bindings import InputBinding, OutputBinding, binding_problems
from acier.yamlfile import load_yaml, validate


class Bindings(BaseModel):
    model_config = ConfigDict(extra="forbid")

    role: str = "timeline"
    inputs: dict[str, InputBinding] = {}
    outputs: dict[str, OutputBinding] = {}


def problems(tmp_path: Path, text: str) -> list[str]:
    path = tmp_path / "furnace-1.yaml"
    path.write_text(text, encoding="utf-8")
    doc = load_yaml(path)
    config, found = validate(doc, Bindings, doc.data)
    if config is not None:
        wiring = WIRING[config.role]
        found += binding_problems(doc, config.inputs, config.outputs, config.role, wiring)
    return [str(p).removeprefix(f"{path}:") for p in found]


FURNACE = """\
role: blast_furnace
inputs:
  ore: {button: 17}
  coke: {button: 27}
  limestone: {button: 22}
  blast: {encoder: [5, 6]}
  stove: {board: /dev/ttyACM0, baud: 115200}
outputs:
  hearth: {pwm_led: 12}
  tap_light: {relay: 16}
"""


def test_a_complete_furnace_is_clean(tmp_path):
    assert problems(tmp_path, FURNACE) == []
    assert InputBinding(encoder=(5, 6)).pins == (5, 6)
    assert InputBinding(rfid="/dev/ttyUSB0").port == "/dev/ttyUSB0"


def test_a_pin_used_twice_names_both_lines(tmp_path):
    text = FURNACE.replace("tap_light: {relay: 16}", "tap_light: {relay: 27}")
    assert problems(tmp_path, text) == [
        "10:22: error: pin 27 is also used by inputs.coke (furnace-1.yaml:4)"
    ]
    text = FURNACE.replace("blast: {encoder: [5, 6]}", "blast: {encoder: [5, 17]}")
    assert problems(tmp_path, text) == [
        "6:11: error: pin 17 is also used by inputs.ore (furnace-1.yaml:3)"
    ]


def test_a_serial_port_named_twice(tmp_path):
    text = FURNACE + "  # \n"
    text = text.replace(
        "  stove: {board: /dev/ttyACM0, baud: 115200}\n",
        "  stove: {board: /dev/ttyACM0, baud: 115200}\n  tokens: {rfid: /dev/ttyACM0}\n",
    )
    assert [p for p in problems(tmp_path, text) if ": error:" in p] == [
        "8:18: error: serial port /dev/ttyACM0 is also used by inputs.stove (furnace-1.yaml:7)"
    ]


def test_one_serial_port_under_two_spellings_is_named_twice(tmp_path):
    target = tmp_path / "ttyACM0"
    target.touch()
    (tmp_path / "usb-Arduino_Uno-if00").symlink_to(target)  # as /dev/serial/by-id/ links are
    text = FURNACE.replace(
        "  stove: {board: /dev/ttyACM0, baud: 115200}\n",
        f"  stove: {{board: {tmp_path}/usb-Arduino_Uno-if00}}\n"
        f"  tokens: {{rfid: {tmp_path}//ttyACM0}}\n",
    )
    found = [p for p in problems(tmp_path, text) if ": error:" in p]
    assert len(found) == 1 and "is also used by inputs.stove (furnace-1.yaml:7)" in found[0]


def test_an_input_the_exhibit_needs_is_missing_or_of_the_wrong_kind(tmp_path):
    text = FURNACE.replace("  blast: {encoder: [5, 6]}\n", "")
    assert problems(tmp_path, text) == [
        "2:1: error: the blast_furnace exhibit needs an input 'blast' (encoder); "
        "bind it under inputs:"
    ]
    text = FURNACE.replace("coke: {button: 27}", "coke: {motion: 27}")
    assert problems(tmp_path, text) == [
        "4:18: error: the blast_furnace exhibit needs 'coke' to be a button, not a motion"
    ]
    assert problems(tmp_path, "role: blast_furnace\n")[0].startswith(
        "1:7: error: the blast_furnace exhibit needs an input 'ore' (button)"
    )


def test_a_name_the_exhibit_ignores_is_a_warning_and_a_wrong_kind_an_error(tmp_path):
    text = FURNACE.replace("  stove:", "  tapp: {button: 23}\n  hall: {motion: 4}\n  stove:")
    text = text.replace("hearth: {pwm_led: 12}", "hearth: {relay: 12}")
    text += "  glow: {led: 13}\n"
    assert problems(tmp_path, text) == [
        "7:3: warning: the blast_furnace exhibit does not use input 'tapp', so it is ignored "
        "(it uses: ore, coke, limestone, blast, tap, stove and motion sensors by any name)",
        "11:19: error: the blast_furnace exhibit needs 'hearth' to be a pwm_led or led, "
        "not a relay",
        "13:3: warning: the blast_furnace exhibit does not use output 'glow', so it is ignored "
        "(it uses: hearth, tap_light)",
    ]
    lab = "role: alloy_lab\ninputs:\n  token: {rfid: /dev/ttyUSB0}\n  clear: {encoder: [5, 6]}\n"
    assert problems(tmp_path, lab) == [
        "3:3: warning: the alloy_lab exhibit does not use input 'token', so it is ignored "
        "(it uses: tokens, temperature, clear and motion sensors by any name)",
        "4:11: error: the alloy_lab exhibit needs 'clear' to be a button, not an encoder",
    ]


def test_a_timeline_reads_a_motion_sensor_and_warns_of_anything_else(tmp_path):
    text = "role: timeline\ninputs:\n  hall: {motion: 4}\n"
    assert problems(tmp_path, text) == []
    text += "  next: {button: 17}\noutputs:\n  lamp: {led: 12}\n"
    assert problems(tmp_path, text) == [
        "4:3: warning: the timeline kiosk does not use input 'next', so it is ignored "
        "(it uses: only motion sensors, by any name)",
        "6:3: warning: the timeline kiosk does not use output 'lamp', so it is ignored "
        "(it uses: none)",
    ]


def test_a_warning_does_not_stop_the_exhibit_but_is_logged(tmp_path, caplog):
    path = tmp_path / "furnace-1.yaml"
    path.write_text("device: furnace-1\n" + FURNACE.replace("  stove:", "  stve:"))
    config = load_kiosk_config(path)
    assert "stve" in config.inputs
    assert "does not use input 'stve'" in caplog.text
    assert [str(w) for w in check([path], []).warnings] == [
        f"{path}:8:3: warning: the blast_furnace exhibit does not use input 'stve', so it is "
        "ignored (it uses: ore, coke, limestone, blast, tap, stove and motion sensors by any name)"
    ]


def test_bad_bindings(tmp_path):
    assert problems(tmp_path, "inputs:\n  ore: {button: 17, motion: 4}\n") == [
        "2:3: error: inputs.ore: give exactly one of button, motion, encoder, board, rfid"
    ]
    assert problems(tmp_path, "inputs:\n  ore: {buton: 17}\n") == [
        "2:9: error: unknown key 'buton' (did you mean 'button'?)"
    ]
    assert problems(tmp_path, "inputs:\n  ore: {button: 40}\n") == [
        "2:17: error: inputs.ore.button: Input should be less than or equal to 27"
    ]
    assert problems(tmp_path, "inputs:\n  blast: {encoder: [5, 5]}\n") == [
        "2:3: error: inputs.blast: an encoder's two pins must differ"
    ]
    assert problems(tmp_path, "outputs:\n  lamp: {led: 12, baud: 9600}\n") == [
        "2:19: error: unknown key 'baud'"
    ]
    assert problems(tmp_path, "inputs:\n  visitor: {motion: 4, bounce_s: 0.1}\n") == [
        "2:3: error: inputs.visitor: bounce_s is for a button"
    ]
    assert problems(tmp_path, "inputs:\n  thermo: {board: ' '}\n") == [
        "2:19: error: inputs.thermo.board: String should have at least 1 character"
    ]


def test_check_and_the_kiosk_report_the_same_wiring_problem(tmp_path):
    path = tmp_path / "furnace-1.yaml"
    path.write_text(
        "device: furnace-1\n" + FURNACE.replace("tap_light: {relay: 16}", "tap_light: {relay: 27}")
    )
    expected = f"{path}:11:22: error: pin 27 is also used by inputs.coke (furnace-1.yaml:5)"
    assert [str(p) for p in check([path], []).errors] == [expected]
    with pytest.raises(ConfigError) as err:
        load_kiosk_config(path)
    assert [str(p) for p in err.value.problems] == [expected]


def test_the_wiring_names_what_the_exhibits_read_and_drive():
    """`acier check` warns on names outside WIRING: the plays must use no others."""
    from acier.exhibits.alloy_lab.play import KEYS as LAB_KEYS
    from acier.exhibits.alloy_lab.play import AlloyPlay
    from acier.exhibits.blast_furnace.play import KEYS as FURNACE_KEYS
    from acier.exhibits.blast_furnace.play import FurnacePlay

    for role, keys, play in (
        ("blast_furnace", FURNACE_KEYS, FurnacePlay()),
        ("alloy_lab", LAB_KEYS, AlloyPlay({})),
    ):
        wiring = WIRING[role]
        inputs = {**wiring.needs, **wiring.inputs}
        read = {k.input for k in keys.values() if k.input and k.kind != "motion"}
        assert read <= set(inputs), role
        assert set(play.outputs()) <= set(wiring.outputs), role
