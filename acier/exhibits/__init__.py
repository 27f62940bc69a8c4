"""Exhibits: one folder each, with a pure model, its scene and the hardware it uses.

`WIRING` says, per role, which named inputs and outputs a device running it binds (see
`acier/hardware/bindings.py`), so `acier check` can tell a technician that a name is missing,
misspelt or of the wrong kind before the exhibit silently ignores it. A PIR sensor (`motion`)
may have any name: every exhibit wakes on one. Without hardware, keys stand in.
"""

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Wiring:
    """The names a role reads and drives, with the kinds each accepts; `noun` names the role
    in `acier check`'s messages ("the alloy_lab exhibit", "the timeline kiosk")."""

    needs: dict[str, str]  # inputs a device must bind: name -> kind
    inputs: dict[str, str] = field(default_factory=dict)  # inputs it uses when bound
    outputs: dict[str, tuple[str, ...]] = field(default_factory=dict)  # name -> kinds
    noun: str = "exhibit"


# the alloy lab's element tokens, in the order its keys and screen list them; here, not in the
# lab's model, so device files are checked without loading the metallurgy
ELEMENTS = ("Fe", "C", "Cr", "Ni", "Mn", "Mo", "V", "W", "Si")

WIRING: dict[str, Wiring] = {
    # the timeline kiosk reads a PIR sensor (by any name) and nothing else
    "timeline": Wiring(needs={}, noun="kiosk"),
    "blast_furnace": Wiring(
        needs={"ore": "button", "coke": "button", "limestone": "button", "blast": "encoder"},
        inputs={"tap": "button", "stove": "board"},
        outputs={"hearth": ("pwm_led", "led"), "tap_light": ("relay", "led")},
    ),
    # element tokens on an RFID reader, or (without one) touches on the screen's element chips
    "alloy_lab": Wiring(
        needs={}, inputs={"tokens": "rfid", "temperature": "encoder", "clear": "button"}
    ),
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

        palette = "tokens" not in config.inputs  # no reader: the element chips are touched
        return AlloyPlay(config.tokens), AlloyScene(screen, palette), KEYS
    raise ValueError(f"{config.role!r} is not an exhibit")
