"""An exhibit kiosk's loop: hardware events and touches in; play, scene, outputs and events out.

Each frame: fleet hooks run, then every hardware event since the last frame goes to the play
(or to a running self-test), time advances, the scene draws the play's state and the outputs
(LEDs, relays) follow the play. A visitor session starts at the first action and ends after
`idle_timeout_s` without one; a PIR sensor wakes the screen from its invitation as someone comes
near, and each arrival is counted as a `presence` event. Keys stand in for the hardware in
simulation: they drive the simulated pins and boards, so the same code path runs as on a Pi.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from typing import TYPE_CHECKING

import pygame

from acier.config import KioskConfig
from acier.exhibits.base import Interaction, Key, Play, Scene
from acier.hardware.devices import Hardware
from acier.hardware.inputs import BoardState, InputEvent, Motion, Reading
from acier.hardware.selftest import SelfTest
from acier.kiosk import text
from acier.kiosk.i18n import LANGUAGE_NAMES, t
from acier.kiosk.layout import Screen, contains
from acier.kiosk.loop import ScreenApp, draw_identify, draw_veil
from acier.kiosk.presence import Presence
from acier.kiosk.rotation import content_size, to_content
from acier.kiosk.session import VisitorSession
from acier.kiosk.style import INK, MOLTEN, button
from acier.outbox import Outbox

if TYPE_CHECKING:
    from acier.hardware.simulation import Simulation

log = logging.getLogger(__name__)

BUSY_IDLE_S = 300.0  # the idle timeout while the play is busy (a group waiting on a challenge)
SELFTEST_KEYS = {"y": "seen", "n": "not_seen", "s": "skip", "escape": "stop"}
SELFTEST_LABELS = {"seen": "Seen (y)", "not_seen": "Not seen (n)", "skip": "Skip (s)"}
SELFTEST_LABELS["stop"] = "Stop (Esc)"


class ExhibitApp(ScreenApp):
    """One exhibit's whole loop; tests drive it with `step()` through pygame's queue."""

    def __init__(
        self,
        config: KioskConfig,
        play: Play,
        scene: Scene,
        hardware: Hardware,
        outbox: Outbox,
        surface: pygame.Surface,
        keys: dict[str, Key] | None = None,
        simulation: Simulation | None = None,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.config = config
        self.play = play
        self.scene = scene
        self.hardware = hardware
        self.outbox = outbox
        self.surface = surface
        self.keys = dict(keys or {})
        for name, binding in config.inputs.items():  # M walks past the PIR sensor
            if binding.kind == "motion":
                self.keys.setdefault("m", Key("motion", name))
        self.simulation = simulation
        if simulation is not None:  # its knobs' boards talk from the start, as real ones do
            starts = {(k.input, k.key): k.start for k in self.keys.values() if k.kind == "reading"}
            simulation.stream_boards(starts)
        self.clock = clock
        self.screen = Screen(*surface.get_size())
        self.languages = config.languages
        self.language = config.language
        self.session = VisitorSession(config.idle_timeout_s)
        self.hooks: list[Callable[[float], None]] = []
        self.rotation = 0
        self.present: Callable[[], None] = pygame.display.flip
        self.identify_until = 0.0
        self.mode = "attract"
        self.running = True
        self.frames = 0
        self.selftest: SelfTest | None = None
        self.on_selftest_done: Callable[[SelfTest], None] | None = None
        self.boards: dict[str, str] = {}  # serial board -> its state (see BoardState)
        now = clock()
        self.presence = Presence(any(b.kind == "motion" for b in config.inputs.values()), now)
        self._last_frame = now
        self._attract_since = now

    # ---- sessions ----------------------------------------------------------------------------

    def start_session(self, now: float) -> None:
        self.language = self.config.language
        self.play.reset()
        session = self.session.start(now)
        self.outbox.record("session.start", session, language=self.language)
        self.mode = "playing"

    def end_session(self, reason: str, now: float) -> None:
        session = self.session.id
        if session is not None:
            self._record(self.play.command("abandon"))
            dwell = self.session.end()
            self.outbox.record("session.end", session, dwell_s=round(dwell, 3), reason=reason)
        self.play.reset()
        self.mode = "attract"
        self._attract_since = now

    def _visitor_acted(self, now: float) -> None:
        self.presence.acted(now)
        if self.mode == "attract":
            self.start_session(now)
        self.session.touched(now)

    def _record(self, interactions: list[Interaction]) -> None:
        for interaction in interactions:
            self.outbox.record(interaction.type, self.session.id, **interaction.data)

    # ---- input -------------------------------------------------------------------------------

    def hardware_event(self, event: InputEvent, now: float) -> None:
        """One event from the hardware queue (or the self-test's, while one runs)."""
        if isinstance(event, BoardState):
            self.boards[event.name] = event.state
        if self.selftest is not None:
            self.selftest.feed(event, now)
            return
        if self.mode == "asleep" or isinstance(event, BoardState):
            return
        if isinstance(event, Motion):
            # someone walking past is not playing: motion never keeps a visit alive
            if self.presence.motion(event.active, now):
                self.outbox.record("presence", None, input=event.name)
            return
        if not isinstance(event, Reading) or self.play.is_action(event):
            self._visitor_acted(now)
        self._record(self.play.handle(event))

    def handle(self, event: pygame.event.Event) -> None:
        """A pygame event: touches on the scene and language buttons, keys in simulation."""
        now = self.clock()
        kind = event.type
        if kind == pygame.QUIT:
            self.running = False
        elif kind == pygame.KEYDOWN or kind == pygame.KEYUP:
            self._key(pygame.key.name(event.key), kind == pygame.KEYDOWN, now)
        elif self.mode == "asleep":
            return
        elif kind == pygame.FINGERDOWN:
            x, y = to_content(event.x, event.y, self.rotation)
            self._tap_upright(x, y, now)
        elif kind == pygame.MOUSEBUTTONDOWN and event.button == 1 and not event.touch:
            w, h = content_size(self.surface.get_abs_parent().get_size(), self.rotation)
            x, y = to_content(event.pos[0] / w, event.pos[1] / h, self.rotation)
            self._tap_upright(x, y, now)

    def _tap_upright(self, x: float, y: float, now: float) -> None:
        """A tap at (`x`, `y`) of the upright picture (0..1 each way), which the exhibit fills
        or, letterboxed (`exhibit_frame`), only part of: to the exhibit's own pixels."""
        w, h = self.surface.get_abs_parent().get_size()
        ox, oy = self.surface.get_abs_offset()
        self._tap(x * w - ox, y * h - oy, now)

    def _tap(self, x: float, y: float, now: float) -> None:
        if self.selftest is not None:
            for action, rect in self.screen.selftest_buttons().items():
                if contains(rect, x, y):
                    self.selftest_action(action, now)
            return
        was_attract = self.mode == "attract"
        self._visitor_acted(now)
        if was_attract:
            return  # the first touch only wakes the exhibit
        for language, rect in self.screen.language_buttons(self.languages).items():
            if contains(rect, x, y):
                self.set_language(language)
                return
        action = self.scene.hit(x, y)
        if action:
            self._record(self.play.command(action))

    def _key(self, name: str, down: bool, now: float) -> None:
        """Keys drive the simulated hardware; a few are the technician's (see the README)."""
        if self.selftest is not None and down and name in SELFTEST_KEYS:
            self.selftest_action(SELFTEST_KEYS[name], now)
            return
        if name == "tab" and down and self.mode != "asleep":
            following = self.languages.index(self.language) + 1
            self.set_language(self.languages[following % len(self.languages)])
            return
        key = self.keys.get(name)
        if key is None or self.mode == "asleep":
            return
        sim = self.simulation
        bound = sim is not None and key.input in sim.inputs
        command = key.key if key.kind == "command" else "" if bound else key.command
        if command:
            if down:
                self._visitor_acted(now)
                self._record(self.play.command(command))
            return
        if not bound:
            return
        if key.kind == "press":
            sim.press(key.input) if down else sim.release(key.input)
        elif key.kind == "motion":  # someone in front of the sensor while the key is down
            sim.motion(key.input, down)
        elif key.kind == "token":  # held on the reader while the key is down
            tag = next((tag for tag, token in self.config.tokens.items() if token == key.key), None)
            if tag is None:
                return
            sim.show_tag(key.input, tag) if down else sim.remove_tag(key.input)
        elif not down:
            return
        elif key.kind == "turn":
            sim.turn(key.input, int(key.amount))
        elif key.kind == "reading":
            sim.nudge(key.input, key.key, key.amount, key.start, key.limits)

    # ---- time and drawing --------------------------------------------------------------------

    def start_selftest(self, done: Callable[[SelfTest], None] | None = None) -> SelfTest:
        """Walk the hardware on screen (the `selftest` command); `done` gets the result."""
        now = self.clock()
        if self.session.active:
            self.end_session("selftest", now)
        self.selftest = SelfTest(self.config.inputs, self.config.outputs)
        for name, state in self.boards.items():  # a board found absent at boot says so
            self.selftest.feed(BoardState(name, state), now)
        self.on_selftest_done = done
        return self.selftest

    def selftest_action(self, action: str, now: float) -> None:
        """A technician's answer on the self-test screen: seen, not_seen, skip or stop."""
        test, set_output = self.selftest, self.hardware.set_output
        if test is None:
            return
        if action in ("seen", "not_seen"):
            test.answer(action == "seen", now, set_output)
        elif action == "skip":
            test.skip(now, set_output)
        elif action == "stop":
            test.stop(now, set_output)

    def update(self, now: float, dt: float) -> None:
        for hook in self.hooks:
            hook(now)
        for event in self.hardware.poll():
            self.hardware_event(event, now)
        test = self.selftest
        if test is not None:
            test.tick(now, self.hardware.set_output)
            if test.finished:
                self.selftest = None
                if self.on_selftest_done:
                    self.on_selftest_done(test)
            return
        blink = self.clock() < self.identify_until and int(self.clock() * 4) % 2
        if self.mode == "asleep":
            for name in self.config.outputs:
                self.hardware.set_output(name, 1.0 if blink else 0.0)
            return
        self._record(self.play.update(dt))
        for name, level in self.play.outputs().items():
            self.hardware.set_output(name, 1.0 if blink else level)
        idle = now - self.session.last_input
        limit = max(BUSY_IDLE_S, self.config.idle_timeout_s) if self.play.busy else None
        if self.session.expired(now) and (limit is None or idle >= limit):
            self.end_session("idle", now)

    def draw(self) -> None:
        surface = self.surface
        s = self.screen
        if self.selftest is not None:  # a technician at work, even after closing time
            self._draw_selftest(surface)
        elif self.mode == "asleep":
            surface.fill((0, 0, 0))
        else:
            self._draw_exhibit(surface)
        if self.clock() < self.identify_until:
            draw_identify(surface, s, self.config.device, self.clock())

    def _draw_exhibit(self, surface: pygame.Surface) -> None:
        s = self.screen
        self.scene.draw(surface, self.play, self.language, self.clock())
        for language, rect in s.language_buttons(self.languages).items():
            button(surface, rect, LANGUAGE_NAMES[language], s.unit, language == self.language)
        if self.mode == "attract":
            if not self.presence.near(self.clock()):
                draw_veil(surface)
            self._draw_invitation(surface)

    def _draw_invitation(self, surface: pygame.Surface) -> None:
        """A band across the middle in every language, pulsing slowly: "press a button"."""
        s = self.screen
        pulse = 0.5 + 0.5 * abs(((self.clock() - self._attract_since) / 2.0) % 2.0 - 1.0)
        lines = [t(f"exhibit.invite.{self.config.role}", lang) for lang in self.languages]
        band_h = s.px(90) * len(lines) + s.px(60)
        band = pygame.Surface((s.width, band_h), pygame.SRCALPHA)
        band.fill((10, 10, 12, 200))
        y = s.px(30)
        for i, line in enumerate(lines):
            colour = MOLTEN if i == 0 else INK
            size = s.px(64 if i == 0 else 44)
            rendered = text.render_fitted_line(line, "black", size, colour, s.width - s.px(80))
            rendered.set_alpha(round(150 + 105 * pulse) if i == 0 else 255)
            band.blit(rendered, rendered.get_rect(midtop=(s.width // 2, y)))
            y += rendered.get_height() + s.px(20)
        surface.blit(band, (0, (s.height - band_h) // 2))

    def _draw_selftest(self, surface: pygame.Surface) -> None:
        """The technician's view: what to do now, and every check so far."""
        s = self.screen
        surface.fill((12, 12, 14))
        test = self.selftest
        x, y = s.px(60), s.px(140)
        title = text.render_line("Self-test", "black", s.px(60), MOLTEN)
        surface.blit(title, (x, y))
        y += title.get_height() + s.px(20)
        current = test.current
        if current is not None:
            line = text.render_fitted_line(
                current.instruction, "bold", s.px(48), INK, s.width - 2 * x
            )
            surface.blit(line, (x, y))
            y += line.get_height() + s.px(30)
        f = text.font("regular", s.px(30))
        rows = [
            (c, (c.name, c.kind, "waiting" if c.ok is None else "pass" if c.ok else "FAIL"))
            for c in test.checks
        ]
        lefts = [x]  # each column as wide as its widest cell, the detail taking the rest
        for i in range(3):
            lefts.append(lefts[-1] + max(f.size(r[i])[0] for _, r in rows) + s.px(40))
        for check, cells in rows:
            colour = INK if check.ok is not False else MOLTEN
            for cell, left in zip((*cells, check.detail), lefts, strict=True):
                room = s.width - x - left if left == lefts[-1] else s.width
                line = text.render_fitted_line(cell, "regular", s.px(30), colour, room)
                surface.blit(line, (left, y))
            y += f.get_linesize() + s.px(6)
        output = current is not None and current.direction == "output"
        for action, rect in s.selftest_buttons().items():
            if output or action not in ("seen", "not_seen"):
                button(surface, rect, SELFTEST_LABELS[action], s.unit, action == "seen")

    def shutdown(self) -> None:
        now = self.clock()
        if self.session.active:
            self.end_session("shutdown", now)
        for name in self.config.outputs:
            self.hardware.set_output(name, 0.0)
