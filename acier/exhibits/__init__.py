"""Exhibits: one folder each, with a pure model, its scene and the inputs it needs.

`NEEDS` lists, per exhibit role, the inputs a device running it must bind (name -> kind, see
`acier/hardware/bindings.py`); `acier check` reports a device that lacks one. An exhibit may
use more inputs when they are bound (a PIR sensor, LEDs); without hardware, keys stand in.
"""

NEEDS: dict[str, dict[str, str]] = {
    "blast_furnace": {"ore": "button", "coke": "button", "limestone": "button", "blast": "encoder"},
    "alloy_lab": {},  # element tokens on an RFID reader, or knobs and keys
}
