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
from acier.kiosk.runner import (
    join_fleet,
    new_outbox,
    open_display,
    open_hardware,
    run_until_stopped,
)

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

    from acier.exhibits import load_exhibit
    from acier.kiosk.exhibit_app import ExhibitApp
    from acier.kiosk.layout import Screen, exhibit_frame
    from acier.kiosk.remote import ExhibitRemote

    opened = open_hardware(config, config.inputs, config.outputs, simulate)
    if opened is None:
        return 2
    hardware, simulation = opened
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
