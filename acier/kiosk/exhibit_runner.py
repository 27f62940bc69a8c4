"""Start an exhibit kiosk: display, hardware (real or simulated), play and scene, fleet link.

With `simulate`, the device's bindings run on gpiozero's mock pins and fake serial boards on
pty pairs, and keys drive them (see each exhibit's KEYS); without, on the Pi's own pins and
ports. A missing board is not fatal: the exhibit runs, and the status says the board is absent.
"""

from __future__ import annotations

import logging
from pathlib import Path

from acier.config import KioskConfig
from acier.kiosk.rotation import RotatedPanel
from acier.kiosk.runner import join_fleet, new_outbox, open_display, run_until_stopped

log = logging.getLogger(__name__)


def run_exhibit(
    config: KioskConfig,
    size: tuple[int, int] | None = None,
    seconds: float | None = None,
    screenshot: Path | None = None,
    simulate: bool = False,
    script=None,
) -> int:
    """Run until quit (or `seconds`); returns the process exit status."""
    import pygame
    from gpiozero.exc import GPIOZeroError

    from acier.exhibits import load_exhibit
    from acier.hardware.devices import Hardware
    from acier.hardware.simulation import Simulation
    from acier.kiosk.exhibit_app import ExhibitApp
    from acier.kiosk.layout import Screen, exhibit_frame
    from acier.kiosk.remote import ExhibitRemote

    simulation = Simulation(config.inputs, config.outputs) if simulate else None
    try:
        hardware = simulation.hardware() if simulation else Hardware(config.inputs, config.outputs)
    except (GPIOZeroError, OSError) as exc:
        print(f"acier: the GPIO pins of {config.device} cannot be used: {exc}")
        print("acier: on a machine without them, add --simulate")
        return 2
    app = agent = remote = outbox = None
    try:  # whatever fails from here, the pins, ports and fake boards are released
        surface = open_display(config, size)
        outbox = new_outbox(config)
        rotation = config.display.rotation
        panel = RotatedPanel(surface, rotation) if rotation else None
        upright = panel.surface if panel else surface
        drawn = upright.subsurface(exhibit_frame(*upright.get_size()))
        play, scene, keys = load_exhibit(config, Screen(*drawn.get_size()))
        app = ExhibitApp(config, play, scene, hardware, outbox, drawn, keys, simulation)
        if panel:
            app.rotation, app.present = rotation, panel.present
        hardware.start()
        agent = join_fleet(config, outbox)
        if agent:
            remote = ExhibitRemote(app, agent)
            app.hooks.append(remote)
            agent.start()
        run_until_stopped(app, surface, seconds, screenshot, script)
    finally:
        if app:
            app.shutdown()
        if agent:
            agent.stop(drain_s=2.0)
        hardware.close()
        if simulation:
            simulation.close()
        if outbox:
            outbox.close()
        pygame.quit()
    return remote.exit_status if remote else 0
