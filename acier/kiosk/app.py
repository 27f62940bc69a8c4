"""The timeline kiosk: one loop that turns touches into state, state into pixels and events.

Input (FINGER* and mouse events, de-duplicated) → gestures → state changes (scroll, open entry,
language, video) → interaction events in the outbox. Drawing reads the state and never waits:
images arrive from a loader thread, video frames from libvlc's thread, both when ready.

A PIR sensor (a `motion` input in the device file, drained from `Hardware` once a frame) counts
each arrival as a `presence` event, and the attract loop dims while nobody is near (see
`presence.py`); in simulation the M key stands in front of it.
"""

from __future__ import annotations

import gc
import logging
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

import pygame

from acier.config import KioskConfig
from acier.hardware.inputs import Motion
from acier.kiosk import text
from acier.kiosk.attract_view import AttractView
from acier.kiosk.content import LANGUAGES, Content
from acier.kiosk.detail_view import DetailView, VideoView, dimmed
from acier.kiosk.gestures import Drag, DragStart, PointerTracker, Release, Tap
from acier.kiosk.i18n import LANGUAGE_NAMES, t
from acier.kiosk.images import ImageCache
from acier.kiosk.layout import TEXT_SCALES, Screen, contains
from acier.kiosk.loop import ScreenApp, draw_identify, draw_veil
from acier.kiosk.presence import Presence
from acier.kiosk.rotation import content_size, to_content
from acier.kiosk.scroll import KineticScroll
from acier.kiosk.session import VisitorSession
from acier.kiosk.style import BACKGROUND, INK, MUTED, NOTICE, button, hex_colour
from acier.kiosk.subtitles import Cue, SubtitleError, cue_at, parse_srt
from acier.kiosk.timeline_view import TimelineView
from acier.kiosk.video import VideoPlayer
from acier.outbox import Outbox

if TYPE_CHECKING:
    from acier.hardware.devices import Hardware
    from acier.hardware.simulation import Simulation

log = logging.getLogger(__name__)

SWIPE_DESIGN_PX = 120  # a horizontal drag this long on an open card goes to the neighbour
CATCH_SPEED = 150.0  # px/s: a touch on a timeline gliding faster than this only stops it


@dataclass
class OpenEntry:
    index: int
    opened_at: float
    backdrop: pygame.Surface
    video: VideoView | None = None
    player: VideoPlayer | None = None
    video_reported: bool = False
    cues: list[Cue] = field(default_factory=list)
    scene: pygame.Surface | None = None
    scene_key: tuple | None = None


class KioskApp(ScreenApp):
    """The kiosk's whole state and loop; tests drive it with `step()` through pygame's queue."""

    def __init__(
        self,
        config: KioskConfig,
        content: Content,
        outbox: Outbox,
        surface: pygame.Surface,
        clock: Callable[[], float] = time.monotonic,
        hardware: Hardware | None = None,
        simulation: Simulation | None = None,
    ) -> None:
        """`hardware`: the device's motion sensors, if it has any (`simulation` runs them on
        mock pins, which the M key drives)."""
        self.config = config
        self.content = content
        self.outbox = outbox
        self.surface = surface
        self.clock = clock
        self.screen = Screen(*surface.get_size())
        self.languages = LANGUAGES
        self.language = config.language
        self.text_level = 0
        self.images = ImageCache()
        self.detail_view = DetailView(self.screen)
        self.use_content(content)
        self.tracker = PointerTracker(slop=self.screen.px(14))
        self.session = VisitorSession(config.idle_timeout_s)
        # called at the start of every frame: fleet commands, the curator's preview reloader
        self.hooks: list[Callable[[float], None]] = []
        # a panel mounted turned: the runner sets both (see rotation.py)
        self.rotation = 0
        self.present: Callable[[], None] = pygame.display.flip
        self.notice: list[str] = []  # lines shown in a banner over everything (preview errors)
        self.identify_until = 0.0
        self._bar: pygame.Surface | None = None
        self._bar_key: tuple | None = None
        self.mode = "attract"
        self.detail: OpenEntry | None = None
        self.running = True
        self._swallowed: object | None = None
        self._caught_glide = False
        now = clock()
        self._attract_since = now
        self._last_frame = now
        self.frames = 0
        self.hardware = hardware
        self.simulation = simulation
        self.presence = Presence(bool(hardware and hardware.inputs), now)
        # Everything built so far lives as long as the app: keep it out of the garbage
        # collector's full scans, which otherwise stall a frame for several milliseconds.
        gc.freeze()

    def use_content(self, content: Content) -> None:
        """Show this content from now on (at start, and when a fleet command reloads it)."""
        self.content = content
        self.images.media_root = content.root
        self.timeline = TimelineView(self.screen, content, self.images)
        pictures = [content.media_path(e.image) for e in content.entries if e.image]
        self.attract = AttractView(self.screen, self.images, pictures)
        self.scroll = KineticScroll(self.timeline.geometry.snaps())
        self.subtitles = self._load_subtitles()

    # ---- input -------------------------------------------------------------------------------

    def handle(self, event: pygame.event.Event) -> None:
        """Route one pygame event; emulated mouse events from a touch screen are ignored."""
        now = self.clock()
        kind = event.type
        if kind == pygame.QUIT:
            self.running = False
        elif kind in (pygame.KEYDOWN, pygame.KEYUP) and event.key == pygame.K_m:
            self._simulated_motion(kind == pygame.KEYDOWN)
        elif self.mode == "asleep":
            return  # closed to the public: touches wait for the wake command
        elif kind == pygame.FINGERDOWN:
            self._down(("finger", event.finger_id), *self._at(event.x, event.y), now)
        elif kind == pygame.FINGERMOTION:
            self._move(("finger", event.finger_id), *self._at(event.x, event.y), now)
        elif kind == pygame.FINGERUP:
            self._up(("finger", event.finger_id), *self._at(event.x, event.y), now)
        elif getattr(event, "touch", False):
            return
        elif kind == pygame.MOUSEBUTTONDOWN and event.button == 1:
            self._down("mouse", *self._mouse(event.pos), now)
        elif kind == pygame.MOUSEMOTION and event.buttons[0]:
            self._move("mouse", *self._mouse(event.pos), now)
        elif kind == pygame.MOUSEBUTTONUP and event.button == 1:
            self._up("mouse", *self._mouse(event.pos), now)
        elif kind == pygame.KEYDOWN:
            self._key(event.key, now)
        elif kind == pygame.WINDOWFOCUSLOST:
            self.tracker.cancel()

    def _at(self, x: float, y: float) -> tuple[float, float]:
        """A touch on the panel (0..1 each way) -> pixels of the upright picture."""
        x, y = to_content(x, y, self.rotation)
        return x * self.screen.width, y * self.screen.height

    def _mouse(self, pos: tuple[int, int]) -> tuple[float, float]:
        if not self.rotation:
            return pos
        w, h = content_size((self.screen.width, self.screen.height), self.rotation)
        return self._at(pos[0] / w, pos[1] / h)

    def _down(self, pointer: object, x: float, y: float, now: float) -> None:
        if self.mode == "attract":
            self.start_session(now)
            self._swallowed = pointer
            return
        if self._swallowed is not None or self.tracker.active:
            return
        self.session.touched(now)
        if self.mode == "timeline":
            self._caught_glide = abs(self.scroll.velocity) > CATCH_SPEED
            self.scroll.begin_drag()
        self.tracker.down(pointer, x, y, now)

    def _move(self, pointer: object, x: float, y: float, now: float) -> None:
        if pointer == self._swallowed:
            return
        self.session.touched(now)
        self._gestures(self.tracker.move(pointer, x, y, now), now)

    def _up(self, pointer: object, x: float, y: float, now: float) -> None:
        if pointer == self._swallowed:
            self._swallowed = None
            return
        self.session.touched(now)
        self._gestures(self.tracker.up(pointer, x, y, now), now)

    def _gestures(self, gestures: list, now: float) -> None:
        for gesture in gestures:
            if self.mode == "timeline":
                self._timeline_gesture(gesture, now)
            elif self.mode == "detail":
                self._detail_gesture(gesture, now)

    def _timeline_gesture(self, gesture, now: float) -> None:
        if isinstance(gesture, DragStart):
            self.scroll.begin_drag()
        elif isinstance(gesture, Drag):
            self.scroll.drag_by(gesture.dx)
        elif isinstance(gesture, Release):
            self.scroll.release(gesture.vx)
        elif isinstance(gesture, Tap):
            self.scroll.release(0.0)
            if self._top_bar_tap(gesture.x, gesture.y, now) or self._caught_glide:
                return
            index = self.timeline.hit(self.scroll.offset, gesture.x, gesture.y)
            if index is not None:
                self.open_entry(index, "tap", now)

    def _detail_gesture(self, gesture, now: float) -> None:
        if isinstance(gesture, Release):
            if abs(gesture.total_dx) >= self.screen.px(SWIPE_DESIGN_PX) and abs(
                gesture.total_dx
            ) > abs(gesture.total_dy):
                self.neighbour(-1 if gesture.total_dx > 0 else 1, "swipe", now)
            return
        if not isinstance(gesture, Tap):
            return
        x, y = gesture.x, gesture.y
        g = self.detail_view.geometry
        previous, following = g.arrows
        if self._top_bar_tap(x, y, now):
            return
        if contains(g.close_button, x, y):
            self.close_entry(now)
        elif contains(previous, x, y):
            self.neighbour(-1, "arrow", now)
        elif contains(following, x, y):
            self.neighbour(1, "arrow", now)
        elif (
            self.detail
            and self.detail.video
            and (contains(g.media, x, y) or self.detail_view.play_button_rect().collidepoint(x, y))
        ):
            self._toggle_video(now)
        elif not contains(g.card, x, y):
            self.close_entry(now)

    def _top_bar_tap(self, x: float, y: float, now: float) -> bool:
        for lang, rect in self.screen.language_buttons(self.languages).items():
            if contains(rect, x, y):
                self.set_language(lang)
                return True
        if contains(self.screen.text_size_button(self.languages), x, y):
            self.set_text_level((self.text_level + 1) % len(TEXT_SCALES))
            return True
        return False

    def _simulated_motion(self, active: bool) -> None:
        """M held: someone in front of each simulated PIR sensor."""
        if self.simulation is None:
            return
        for name in self.simulation.inputs:
            self.simulation.motion(name, active)

    def _hardware_event(self, event, now: float) -> None:
        """A PIR sensor's change; closed to the public (asleep), nobody is counted."""
        if not isinstance(event, Motion) or self.mode == "asleep":
            return
        if self.presence.motion(event.active, now):
            self.outbox.record("presence", None, input=event.name)

    def _key(self, key: int, now: float) -> None:
        """Keyboard for development and maintenance; visitors only have the touch screen."""
        if self.mode == "attract":
            self.start_session(now)
            return
        self.session.touched(now)
        step = {pygame.K_LEFT: -1, pygame.K_RIGHT: 1}.get(key)
        if self.mode == "detail":
            if step:
                self.neighbour(step, "arrow", now)
            elif key in (pygame.K_ESCAPE, pygame.K_BACKSPACE):
                self.close_entry(now)
            elif key == pygame.K_SPACE and self.detail and self.detail.video:
                self._toggle_video(now)
        elif step:
            self.scroll.scroll_to_index(self.scroll.nearest(self.scroll.offset) + step)
        elif key == pygame.K_RETURN:
            self.open_entry(self.scroll.nearest(self.scroll.offset), "tap", now)

    # ---- state changes (each one an interaction event) -------------------------------------

    def start_session(self, now: float) -> None:
        self.language = self.config.language
        self._apply_text_level(0)
        session = self.session.start(now)
        self.outbox.record("session.start", session, language=self.language)
        self.mode = "timeline"
        self.presence.acted(now)

    def end_session(self, reason: str, now: float) -> None:
        if self.detail:
            self.close_entry(now, reason="idle" if reason == "idle" else "closed")
        session = self.session.id
        if session is not None:
            dwell = self.session.end()
            self.outbox.record("session.end", session, dwell_s=round(dwell, 3), reason=reason)
        self.mode = "attract"
        self._attract_since = now
        self.presence.acted(now)  # bright a while after a visit, then dim if nobody comes
        self.tracker.cancel()
        self._swallowed = None
        self.language = self.config.language
        self._apply_text_level(0)
        self.scroll.scroll_to_index(0, instant=True)

    def set_language(self, language: str) -> None:
        super().set_language(language)
        self._refresh_backdrop()

    def set_text_level(self, level: int) -> None:
        self._apply_text_level(level)
        self.outbox.record("textsize.change", self.session.id, level=level)
        self._refresh_backdrop()

    def _apply_text_level(self, level: int) -> None:
        self.text_level = level
        self.detail_view.set_scale(TEXT_SCALES[level])

    def open_entry(self, index: int, via: str, now: float) -> None:
        entry = self.content.entries[index]
        self.scroll.scroll_to_index(index, instant=True)
        self.mode = "detail"
        self.detail = OpenEntry(index, now, self._backdrop())
        if entry.video and self.content.media_path(entry.video).is_file():
            self.detail.video = VideoView()
            self.detail.cues = self.subtitles.get((entry.id, self.language), [])
        self.outbox.record("entry.open", self.session.id, entry=entry.id, via=via)

    def close_entry(self, now: float, reason: str = "closed") -> None:
        detail = self.detail
        if detail is None:
            return
        entry = self.content.entries[detail.index]
        self._stop_video(reason)
        self.outbox.record(
            "entry.close",
            self.session.id,
            entry=entry.id,
            dwell_s=round(max(0.0, now - detail.opened_at), 3),
        )
        self.detail = None
        self.mode = "timeline"

    def neighbour(self, step: int, via: str, now: float) -> None:
        if self.detail is None:
            return
        index = self.detail.index + step
        if 0 <= index < len(self.content.entries):
            self.close_entry(now)
            self.open_entry(index, via, now)

    def _toggle_video(self, now: float) -> None:
        detail = self.detail
        entry = self.content.entries[detail.index]
        if detail.player is None or detail.video.state == "ended":
            self._stop_video("closed")
            media = self.detail_view.geometry.media
            detail.player = VideoPlayer(
                self.content.media_path(entry.video), (media[2], media[3]), audio=self.config.audio
            )
            detail.player.play()
            detail.video_reported = False
            detail.cues = self.subtitles.get((entry.id, self.language), [])
            self.outbox.record("video.start", self.session.id, entry=entry.id)
        else:
            detail.player.toggle()

    def _stop_video(self, reason: str) -> None:
        detail = self.detail
        if detail is None or detail.player is None:
            return
        if not detail.video_reported:
            self._report_video_end(reason)
        detail.player.close()
        detail.player = None
        if detail.video:
            detail.video.state = "idle"
            detail.video.frame = None

    def _report_video_end(self, reason: str) -> None:
        detail = self.detail
        entry = self.content.entries[detail.index]
        self.outbox.record(
            "video.end",
            self.session.id,
            entry=entry.id,
            watched_fraction=round(detail.player.watched_fraction, 4),
            reason=reason,
        )
        detail.video_reported = True

    # ---- time --------------------------------------------------------------------------------

    def update(self, now: float, dt: float) -> None:
        for hook in self.hooks:
            hook(now)
        for event in self.hardware.poll() if self.hardware else ():
            self._hardware_event(event, now)
        if self.mode == "asleep":
            return
        self.images.poll()
        self.scroll.step(dt)
        if self.mode == "timeline":
            heading = self.scroll.target - self.scroll.offset
            scale = TEXT_SCALES[self.text_level]
            self.timeline.prepare(self.scroll.offset, heading, self.language, scale)
        detail = self.detail
        if detail and detail.player:
            player, view = detail.player, detail.video
            state = player.state  # read once: VLC's threads may change it between two reads
            view.state = state
            view.frame = player.frame() or view.frame
            duration = player.duration_s
            view.progress = player.position_s / duration if duration else 0.0
            view.subtitle = cue_at(detail.cues, player.position_s)
            if state == "playing":
                self.session.hold(now)
            if state in ("ended", "error") and not detail.video_reported:
                if state == "ended":
                    view.progress = 1.0
                self._report_video_end(state)
        if self.session.expired(now):
            self.end_session("idle", now)

    # ---- drawing -----------------------------------------------------------------------------

    def draw(self) -> None:
        surface = self.surface
        if self.mode == "asleep":
            surface.fill((0, 0, 0))
        elif self.mode == "attract":
            surface.fill((0, 0, 0))
            self.attract.draw(surface, self.clock() - self._attract_since, self.languages)
            if not self.presence.near(self.clock()):
                draw_veil(surface)
        elif self.mode == "detail" and self.detail:
            surface.blit(self._detail_scene(), (0, 0))
            if self.detail.video:
                self.detail_view.draw_video(surface, self.language, self.detail.video)
        else:
            self._draw_timeline(surface)
        if self.clock() < self.identify_until:
            draw_identify(surface, self.screen, self.config.device, self.clock())
        if self.notice:
            self._draw_notice(surface)

    def _draw_notice(self, surface: pygame.Surface) -> None:
        """A red banner at the bottom with the lines of `notice` (e.g. a curator's YAML error)."""
        s = self.screen
        size = s.px(24)
        lines = [
            text.render_fitted_line(line, "regular", size, INK, s.width - s.px(60))
            for line in self.notice[:6]
        ]
        height = sum(line.get_height() for line in lines) + s.px(30)
        top = s.height - height
        surface.fill(NOTICE, (0, top, s.width, height))
        y = top + s.px(15)
        for line in lines:
            surface.blit(line, (s.px(30), y))
            y += line.get_height()

    def _draw_timeline(self, surface: pygame.Surface) -> None:
        scale = TEXT_SCALES[self.text_level]
        bar = self._top_bar()
        self.timeline.draw(surface, self.scroll.offset, self.language, scale, bar.get_height())
        surface.blit(bar, (0, 0))

    def _detail_scene(self) -> pygame.Surface:
        """The dimmed timeline, top bar and static card in one picture, rebuilt on change only."""
        detail = self.detail
        entry = self.content.entries[detail.index]
        path = self.content.media_path(entry.image)
        m = self.detail_view.geometry.media
        image = self.images.get(path, (m[2], m[3])) if path else None
        key = (self.language, self.text_level, image is not None)
        if detail.scene is None or detail.scene_key != key:
            scene = detail.backdrop.copy()
            scene.blit(self._top_bar(), (0, 0))
            self.detail_view.compose(
                scene,
                entry,
                self.language,
                TEXT_SCALES[self.text_level],
                hex_colour(self.content.era(entry.era).colour),
                image,
                detail.index > 0,
                detail.index < len(self.content.entries) - 1,
            )
            detail.scene, detail.scene_key = scene, key
        return detail.scene

    def _backdrop(self) -> pygame.Surface:
        snapshot = pygame.Surface(self.surface.get_size()).convert()
        self._draw_timeline(snapshot)
        return dimmed(snapshot)

    def _refresh_backdrop(self) -> None:
        if self.detail:
            self.detail.backdrop = self._backdrop()

    def _top_bar(self) -> pygame.Surface:
        """Title, hint and buttons, drawn once per language and text size."""
        key = (self.language, self.text_level)
        if self._bar_key != key:
            s = self.screen
            bar = pygame.Surface(s.top_bar[2:]).convert()
            bar.fill(BACKGROUND)
            self._draw_top_bar(bar)
            self._bar, self._bar_key = bar, key
        return self._bar

    def _draw_top_bar(self, surface: pygame.Surface) -> None:
        s = self.screen
        right = s.text_size_button(self.languages)[0] - s.px(30)
        width = right - s.px(40)
        title = text.render_fitted_line(
            t("timeline.title", self.language), "black", s.px(44), INK, width
        )
        surface.blit(title, (s.px(40), s.px(14)))
        hint_at = (s.px(40), s.px(116)) if s.portrait else (s.px(40), s.px(14) + title.get_height())
        hint_width = s.width - s.px(80) if s.portrait else width
        hint = text.render_fitted_line(
            t("timeline.hint", self.language), "regular", s.px(26), MUTED, hint_width
        )
        surface.blit(hint, hint_at)
        for lang, rect in s.language_buttons(self.languages).items():
            button(surface, rect, LANGUAGE_NAMES[lang], s.unit, active=lang == self.language)
        size_rect = s.text_size_button(self.languages)
        button(surface, size_rect, "", s.unit, active=self.text_level > 0)
        colour = (20, 18, 16) if self.text_level > 0 else INK
        small = text.render_line("A", "black", s.px(24), colour)
        large = text.render_line("A", "black", s.px(40), colour)
        r = pygame.Rect(size_rect)
        baseline = r.centery + large.get_height() // 2 - s.px(4)
        surface.blit(small, small.get_rect(bottomright=(r.centerx - s.px(1), baseline - s.px(3))))
        surface.blit(large, large.get_rect(bottomleft=(r.centerx + s.px(1), baseline)))

    def shutdown(self) -> None:
        """End the visitor's session cleanly (the process is stopping) and release the video."""
        now = self.clock()
        if self.session.active:
            self.end_session("shutdown", now)

    def _load_subtitles(self) -> dict[tuple[str, str], list[Cue]]:
        """Parse every subtitle file once at start, so opening a video never reads the disk."""
        cues: dict[tuple[str, str], list[Cue]] = {}
        for entry in self.content.entries:
            for lang, rel in (entry.subtitles or {}).items():
                path: Path = self.content.media_path(rel)
                try:
                    cues[(entry.id, lang)] = parse_srt(
                        path.read_text(encoding="utf-8-sig"), str(path)
                    )
                except (OSError, UnicodeDecodeError, SubtitleError) as exc:
                    log.warning("subtitles skipped: %s", exc)
        return cues
