"""Exhibits: one folder each, with a pure model, its scene and the inputs it needs.

`NEEDS` lists, per exhibit role, the inputs a device running it must bind (name -> kind, see
`acier/hardware/bindings.py`); `acier check` reports a device that lacks one. An exhibit may
use more inputs when they are bound (a PIR sensor, LEDs); without hardware, keys stand in.
"""

# the alloy lab's element tokens, in the order its keys and screen list them; here, not in the
# lab's model, so device files are checked without loading the metallurgy
ELEMENTS = ("Fe", "C", "Cr", "Ni", "Mn", "Mo", "V", "W", "Si")

NEEDS: dict[str, dict[str, str]] = {
    "blast_furnace": {"ore": "button", "coke": "button", "limestone": "button", "blast": "encoder"},
    "alloy_lab": {},  # element tokens on an RFID reader, or knobs and keys
}


def load_exhibit(config, screen):
    """The play, scene and simulation keys of the device's exhibit (its `role`)."""
    if config.role == "blast_furnace":
        from acier.exhibits.blast_furnace.play import KEYS, FurnacePlay
        from acier.exhibits.blast_furnace.scene import FurnaceScene

        return FurnacePlay(), FurnaceScene(screen), KEYS
    if config.role == "alloy_lab":
        from acier.exhibits.alloy_lab.play import KEYS, AlloyPlay
        from acier.exhibits.alloy_lab.scene import AlloyScene

        return AlloyPlay(config.tokens), AlloyScene(screen), KEYS
    raise ValueError(f"{config.role!r} is not an exhibit")
