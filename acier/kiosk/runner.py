"""Start a timeline kiosk: display, content, outbox, app; and stop it cleanly.

Fullscreen at the display's native size on a Pi (KMSDRM, no X, cursor hidden), or a window
for development. Invalid content stops the start with file:line messages; nothing half-shown.
A PIR sensor bound in the device file runs on the Pi's pin, or with `simulate` on a mock pin.
"""

from __future__ import annotations

import logging
import signal
import sys
from pathlib import Path

from acier.config import KioskConfig
from acier.kiosk.content import ContentError, load_content
from acier.kiosk.rotation import RotatedPanel
from acier.kiosk.sync import ContentSwitch, ContentSync
from acier.outbox import Outbox

log = logging.getLogger(__name__)


def open_display(config: KioskConfig, size: tuple[int, int] | None):
    """A fullscreen surface at native size, or a window of `size` (or the config's size)."""
    import pygame

    pygame.display.init()
    pygame.font.init()
    pygame.display.set_caption(f"Acier — {config.device}")
    want = size or (None if config.display.size == "native" else tuple(config.display.size))
    if config.display.windowed or size:
        surface = pygame.display.set_mode(want or (1280, 720))
    else:
        surface = pygame.display.set_mode(want or (0, 0), pygame.FULLSCREEN)
        pygame.mouse.set_visible(False)
    return surface


def join_fleet(config: KioskConfig, outbox: Outbox):
    """The device's agent (not started yet), or None for a device outside the fleet."""
    from acier.agent import AgentSettings, DeviceAgent

    fleet = config.fleet
    if fleet is None:
        return None
    settings = AgentSettings(
        site=fleet.site,
        device=config.device,
        broker=fleet.broker.address(Path()),
        role=config.role,
        zone=fleet.zone,
        keepalive_s=fleet.keepalive_s,
    )
    return DeviceAgent(settings, outbox)


def new_outbox(config: KioskConfig) -> Outbox:
    fleet = config.fleet
    return Outbox(config.outbox, config.device, fleet.max_outbox_events if fleet else None)


def run_until_stopped(app, surface, seconds, screenshot, script) -> None:
    """Run an app's loop until it quits, `seconds` pass, SIGTERM or Ctrl-C; the caller cleans up."""
    import pygame

    def stop(*_):
        app.running = False

    signal.signal(signal.SIGTERM, stop)
    try:
        if script is not None:
            script(app)
        app.run(seconds)
        if screenshot:
            pygame.image.save(surface, str(screenshot))
    except KeyboardInterrupt:
        pass


def run_kiosk(
    config: KioskConfig,
    size: tuple[int, int] | None = None,
    seconds: float | None = None,
    screenshot: Path | None = None,
    script=None,
    preview: bool = False,
    config_path: Path | None = None,
    simulate: bool = False,
) -> int:
    """Run until quit (or `seconds`); returns the process exit status."""
    fleet = config.fleet
    sync = ContentSync(fleet.content_dir, config.languages) if fleet else None
    version, media = None, config.media
    for version, media in [*(sync.start_candidates() if sync else []), (None, config.media)]:
        try:
            content = load_content(media, config.languages)
            break
        except ContentError as exc:
            if version is None:
                print(f"acier: the content in {media} has errors, the kiosk will not start:")
                for problem in exc.problems:
                    print(f"  {problem}")
                return 2
            log.warning("content %s does not load, rolling back: %s", version, exc.problems[0])
            sync.refuse(version, str(exc.problems[0]))
    for warning in content.warnings:
        log.warning("%s", warning)
    import pygame

    from acier.kiosk.app import KioskApp
    from acier.kiosk.remote import TimelineRemote

    hardware = simulation = None
    # a PIR sensor is all a timeline reads; `acier check` warns of any other binding
    motion = {name: b for name, b in config.inputs.items() if b.kind == "motion"}
    if motion:
        opened = open_hardware(config, motion, {}, simulate)
        if opened is None:
            return 2
        hardware, simulation = opened
    surface = open_display(config, size)
    outbox = new_outbox(config)
    rotation = config.display.rotation
    panel = RotatedPanel(surface, rotation) if rotation else None
    upright = panel.surface if panel else surface
    app = KioskApp(config, content, outbox, upright, hardware=hardware, simulation=simulation)
    if hardware:
        hardware.start()
    if panel:
        app.rotation, app.present = rotation, panel.present
    agent = join_fleet(config, outbox)
    remote = None
    if agent:
        remote = TimelineRemote(app, agent, media, config_path, version)
        agent.on_content = sync.announce
        app.hooks += [remote, ContentSwitch(app, sync, remote)]
        sync.start((surface.get_size(),), agent.set_status)
        agent.start()

    reloader = None
    if preview:
        from acier.kiosk.preview import PreviewReloader

        reloader = PreviewReloader(app, config.media)
        app.hooks.append(reloader)

    try:
        run_until_stopped(app, surface, seconds, screenshot, script)
    finally:
        app.shutdown()
        if reloader:
            reloader.stop()
        if agent:
            sync.stop()
            agent.stop(drain_s=2.0)
        if hardware:
            hardware.close()
        if simulation:
            simulation.close()
        outbox.close()
        pygame.quit()
    return remote.exit_status if remote else 0


def open_hardware(config: KioskConfig, inputs: dict, outputs: dict, simulate: bool):
    """`Hardware` for these bindings of the device and, with `simulate`, the `Simulation` it
    runs on; None (said why) when the Pi's pins cannot be used."""
    from gpiozero.exc import GPIOZeroError

    from acier.hardware.devices import Hardware
    from acier.hardware.simulation import Simulation

    simulation = Simulation(inputs, outputs) if simulate else None
    try:
        return (simulation.hardware() if simulation else Hardware(inputs, outputs)), simulation
    except (GPIOZeroError, OSError) as exc:
        print(f"acier: the GPIO pins of {config.device} cannot be used: {exc}")
        print("acier: on a machine without them, add --simulate")
        return None


def configure_logging(verbose: bool = False) -> None:
    logging.basicConfig(
        level=logging.DEBUG if verbose else logging.INFO,
        format="%(asctime)s %(levelname)s %(name)s: %(message)s",
        stream=sys.stderr,
    )
