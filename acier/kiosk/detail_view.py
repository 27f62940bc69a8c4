"""Draws an open entry: illustration or video with its controls and subtitles, the text, credits.

The card is composed once (with the dimmed timeline behind it) into one opaque screen-sized
picture; each frame blits that and draws only what moves: the newest video frame, the progress
bar and the current subtitle. Drawing never waits for the decoder.
"""

from __future__ import annotations

from dataclasses import dataclass

import pygame

from acier.kiosk import text
from acier.kiosk.content import Entry
from acier.kiosk.i18n import t
from acier.kiosk.layout import DetailGeometry, Screen
from acier.kiosk.style import INK, MOLTEN, MUTED, PANEL_EDGE, button, shadowed_panel

DARK = (20, 18, 16)


@dataclass
class VideoView:
    """What the card shows of its video; the app copies the player's state in each frame."""

    frame: pygame.Surface | None = None
    state: str = "idle"  # idle | opening | playing | paused | ended | error
    progress: float = 0.0
    subtitle: str | None = None


@dataclass
class CardText:
    """The heading of an open card's text, drawn, and the box left for the body under it."""

    date: pygame.Surface
    title: pygame.Surface
    date_y: int
    title_y: int
    rule_y: int
    body: tuple[int, int, int, int]  # x, y, width, height


def card_text(
    s: Screen, g: DetailGeometry, entry: Entry, language: str, scale: float, colour
) -> CardText:
    """Date and place, title and rule as the card draws them; `acier check` measures the body
    box with this too, so what it calls too long is what the card cannot show."""
    x, y, w, h = g.text
    bottom = g.credits[1] - s.px(16) if s.portrait else y + h
    header = entry.date[language] + (f"  ·  {entry.place[language]}" if entry.place else "")
    date = text.render_fitted_line(header, "bold", round(30 * s.unit * scale), colour, w)
    title_y = y + date.get_height() + s.px(10)
    size = round(52 * s.unit * (1 + (scale - 1) / 2))  # titles are large already
    title = text.fit_block(entry.title[language], "black", size, INK, w, (bottom - title_y) // 3)
    rule_y = title_y + title.get_height() + s.px(22)
    body_y = rule_y + s.px(28)
    return CardText(date, title, y, title_y, rule_y, (x, body_y, w, bottom - body_y))


def play_icon(surface: pygame.Surface, centre: tuple[int, int], radius: int, playing: bool) -> None:
    cx, cy = centre
    pygame.draw.circle(surface, MOLTEN, centre, radius)
    if playing:
        bar_w, bar_h = radius // 4, radius
        pygame.draw.rect(surface, DARK, (cx - bar_w * 3 // 2, cy - bar_h // 2, bar_w, bar_h))
        pygame.draw.rect(surface, DARK, (cx + bar_w // 2, cy - bar_h // 2, bar_w, bar_h))
    else:
        r = radius // 2
        tip = [(cx - r * 2 // 3, cy - r), (cx - r * 2 // 3, cy + r), (cx + r, cy)]
        pygame.draw.polygon(surface, DARK, tip)


def dimmed(snapshot: pygame.Surface) -> pygame.Surface:
    """The timeline behind an open card, darkened once rather than every frame."""
    backdrop = snapshot.copy()
    veil = pygame.Surface(backdrop.get_size(), pygame.SRCALPHA)
    veil.fill((8, 8, 10, 185))
    backdrop.blit(veil, (0, 0))
    return backdrop


class DetailView:
    def __init__(self, screen: Screen) -> None:
        self.screen = screen
        self.geometry = DetailGeometry(screen)
        self.body_size = 0  # font size the last composed text needed to fit its card

    def set_scale(self, scale: float) -> None:
        """Lay the card out for this text size."""
        self.geometry = DetailGeometry(self.screen, scale)

    def play_button_rect(self) -> pygame.Rect:
        x, y, _w, h = self.geometry.video_controls
        return pygame.Rect(x, y, h, h)

    def compose(
        self,
        surface: pygame.Surface,
        entry: Entry,
        language: str,
        scale: float,
        colour: tuple[int, int, int],
        image: pygame.Surface | None,
        has_previous: bool,
        has_next: bool,
    ) -> None:
        """Draw the parts of the card that do not move."""
        g, unit = self.geometry, self.screen.unit
        shadowed_panel(surface, g.card, unit)
        media = pygame.Rect(g.media)
        if image is not None:
            surface.blit(image, media.topleft)
        else:
            pygame.draw.rect(surface, PANEL_EDGE, media, border_radius=self.screen.px(8))
            year = text.render_line(entry.date[language], "black", self.screen.px(96), colour)
            surface.blit(year, year.get_rect(center=media.center))
        self._draw_text(surface, entry, language, scale, colour)
        close = pygame.Rect(g.close_button)
        pygame.draw.circle(surface, PANEL_EDGE, close.center, close.width // 2)
        pygame.draw.circle(surface, INK, close.center, close.width // 2, max(2, self.screen.px(3)))
        arm = close.width // 5
        for sign in (1, -1):
            pygame.draw.line(
                surface,
                INK,
                (close.centerx - arm, close.centery - sign * arm),
                (close.centerx + arm, close.centery + sign * arm),
                max(3, self.screen.px(5)),
            )
        previous, following = g.arrows
        for rect, enabled, glyph in ((previous, has_previous, "‹"), (following, has_next, "›")):
            if enabled:
                button(surface, rect, glyph, unit * 1.6)

    def draw_video(self, surface: pygame.Surface, language: str, video: VideoView) -> None:
        """Draw what moves: the frame, the play state, the subtitle, the progress bar."""
        s = self.screen
        media = pygame.Rect(self.geometry.media)
        if video.frame is not None and video.state != "idle":
            pygame.draw.rect(surface, (0, 0, 0), media)
            # Clipped: the text size may have changed the box since the video started.
            surface.set_clip(media)
            surface.blit(video.frame, video.frame.get_rect(center=media.center))
            surface.set_clip(None)
        if video.state in ("idle", "ended"):
            play_icon(surface, media.center, s.px(70), playing=False)
        if video.state == "error":
            note = text.render_line(t("video.unavailable", language), "bold", s.px(30), INK)
            box = note.get_rect(center=media.center).inflate(s.px(40), s.px(24))
            pygame.draw.rect(surface, (0, 0, 0), box, border_radius=s.px(10))
            surface.blit(note, note.get_rect(center=media.center))
        if video.subtitle and video.state in ("playing", "paused"):
            block = text.render_block(video.subtitle, "bold", s.px(30), INK, media.width - s.px(80))
            box = block.get_rect(midbottom=(media.centerx, media.bottom - s.px(20)))
            pygame.draw.rect(surface, (0, 0, 0), box.inflate(s.px(24), s.px(12)))
            surface.blit(block, box)
        controls = pygame.Rect(self.geometry.video_controls)
        play = self.play_button_rect()
        pygame.draw.rect(surface, (40, 42, 48), controls)
        play_icon(surface, play.center, play.width // 2, playing=video.state == "playing")
        bar = pygame.Rect(
            play.right + s.px(20),
            controls.centery - s.px(6),
            controls.right - play.right - s.px(20),
            s.px(12),
        )
        pygame.draw.rect(surface, PANEL_EDGE, bar, border_radius=bar.height // 2)
        filled = bar.copy()
        filled.width = round(bar.width * max(0.0, min(1.0, video.progress)))
        if filled.width:
            pygame.draw.rect(surface, MOLTEN, filled, border_radius=bar.height // 2)

    def _draw_text(self, surface, entry: Entry, language: str, scale: float, colour) -> None:
        s = self.screen
        cx, cy, cw, ch = self.geometry.credits
        credits = text.fit_block(entry.credits, "italic", s.px(20), MUTED, cw, ch, 12)
        surface.blit(credits, (cx, cy + ch - credits.get_height()))
        card = card_text(s, self.geometry, entry, language, scale, colour)
        x, y, w, room = card.body
        surface.blit(card.date, (x, card.date_y))
        surface.blit(card.title, (x, card.title_y))
        pygame.draw.rect(surface, colour, (x, card.rule_y, s.px(90), s.px(6)))
        size = round(31 * s.unit * scale)
        self.body_size = text.fit_size(entry.text[language], "regular", size, w, room)
        body = text.render_block(entry.text[language], "regular", self.body_size, INK, w)
        surface.blit(body, (x, y))
