"""VideoPlayer against the real libvlc, decoding small videos made with ffmpeg in tmp_path.

Waits poll with a deadline (the player is driven by calling frame()/state, as the render loop
does), never fixed sleeps.
"""

from __future__ import annotations

import os

os.environ["SDL_VIDEODRIVER"] = "dummy"
os.environ["SDL_AUDIODRIVER"] = "dummy"  # also selects VLC's dummy audio output

import colorsys
import random
import shutil
import subprocess
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pygame
import pytest

from acier.kiosk.video import VideoPlayer, fit_size, libvlc_available

DEADLINE_S = 10.0
BOX = (160, 160)  # a 320×240 test video fits as 160×120

needs_libvlc = pytest.mark.skipif(
    not libvlc_available(), reason="libvlc cannot be loaded (install libvlc5 and vlc-plugin-base)"
)


def make_test_video(path: Path, seconds: float = 1.0, *, audio: bool = False) -> Path:
    """A 320×240, 25 fps H.264 video of ffmpeg's testsrc pattern (colour bars and a counter)."""
    if shutil.which("ffmpeg") is None:
        pytest.skip("ffmpeg is not installed (needed to make the test video)")
    command = ["ffmpeg", "-v", "error", "-y"]
    command += ["-f", "lavfi", "-i", f"testsrc=size=320x240:rate=25:duration={seconds}"]
    if audio:
        command += ["-f", "lavfi", "-i", f"sine=frequency=440:duration={seconds}"]
        command += ["-c:a", "aac", "-b:a", "32k"]
    command += ["-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv420p"]
    command += ["-movflags", "+faststart", str(path)]
    subprocess.run(command, check=True)
    return path


@pytest.fixture(scope="module", autouse=True)
def display() -> Iterator[None]:
    pygame.init()
    pygame.display.set_mode((16, 16))
    yield


@pytest.fixture
def open_player() -> Iterator[Callable[..., VideoPlayer]]:
    """Makes players and closes them all at the end of the test, even when it fails."""
    players: list[VideoPlayer] = []

    def make(path: Path, box: tuple[int, int] = BOX, audio: bool = False) -> VideoPlayer:
        player = VideoPlayer(path, box, audio=audio)
        players.append(player)
        return player

    yield make
    for player in players:
        player.close()


def wait_for(player: VideoPlayer, done: Callable[[], bool], on_frame=None) -> None:
    """Drive the player like the render loop (frame() each tick) until done() or the deadline."""
    deadline = time.monotonic() + DEADLINE_S
    while not done():
        surface = player.frame()
        if on_frame is not None and surface is not None:
            on_frame(surface)
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out; player state {player.state!r}")
        time.sleep(0.005)


def saturated_hues(surface: pygame.Surface) -> set[int]:
    """Hue buckets (of 12) among strongly coloured pixels on a sparse grid."""
    hues = set()
    width, height = surface.get_size()
    for y in range(2, height, 6):
        for x in range(2, width, 6):
            r, g, b, _ = surface.get_at((x, y))
            h, s, v = colorsys.rgb_to_hsv(r / 255, g / 255, b / 255)
            if s > 0.6 and v > 0.6:
                hues.add(int(h * 12) % 12)
    return hues


def test_fit_size_keeps_aspect() -> None:
    assert fit_size((320, 240), (160, 160)) == (160, 120)
    assert fit_size((640, 400), (800, 600)) == (800, 500)
    assert fit_size((1920, 1080), (400, 400)) == (400, 225)
    assert fit_size((100, 1000), (50, 50)) == (5, 50)
    assert fit_size((10, 10), (0, 0)) == (1, 1)


@needs_libvlc
def test_plays_to_the_end_with_frames(tmp_path: Path, open_player) -> None:
    player = open_player(make_test_video(tmp_path / "testsrc.mp4", audio=True), audio=True)
    assert player.state in ("opening", "paused")  # parsing, or parsed and not yet told to play
    player.play()
    surfaces: list[pygame.Surface] = []
    positions: list[float] = []

    def on_frame(surface: pygame.Surface) -> None:
        if not surfaces or surface is not surfaces[-1]:
            surfaces.append(surface)
        positions.append(player.position_s)

    # Many frame() calls per decoded picture: frame() must return at once, new picture or not.
    wait_for(player, lambda: player.state in ("ended", "error"), on_frame)

    assert player.state == "ended"
    assert player.size == (160, 120)
    assert len(surfaces) >= 10, "pictures should arrive during the second of video"
    assert all(surface.get_size() == (160, 120) for surface in surfaces)
    assert len(saturated_hues(surfaces[len(surfaces) // 2])) >= 5, "testsrc has colour bars"
    assert positions == sorted(positions), "position never steps backwards"
    assert any(0.1 < p < 0.95 for p in positions), "position advances during playback"
    assert player.duration_s == pytest.approx(1.0, abs=0.1)
    assert player.position_s == pytest.approx(1.0, abs=0.1)
    assert player.watched_fraction == pytest.approx(1.0, abs=0.05)
    assert player.frame() is surfaces[-1], "the last picture stays available after the end"


@needs_libvlc
def test_pause_stops_advancing_and_play_resumes(tmp_path: Path, open_player) -> None:
    player = open_player(make_test_video(tmp_path / "three.mp4", seconds=3.0))
    player.play()
    wait_for(player, lambda: player.state == "playing" and player.position_s > 0.3)

    player.toggle()
    assert player.state == "paused"
    settle_until = time.monotonic() + 0.2  # let libvlc settle on its paused time
    while time.monotonic() < settle_until:
        player.frame()
        time.sleep(0.01)
    held = player.position_s
    frame = player.frame()
    watch_until = time.monotonic() + 0.6
    while time.monotonic() < watch_until:
        assert player.frame() is not None
        assert player.position_s == pytest.approx(held, abs=0.02)
        assert player.state == "paused"
        time.sleep(0.01)
    assert player.frame() is frame, "no new picture while paused"
    assert 0.0 < player.watched_fraction < 0.5

    player.toggle()
    wait_for(player, lambda: player.position_s > held + 0.3)
    assert player.state == "playing"


@needs_libvlc
def test_play_after_the_end_restarts(tmp_path: Path, open_player) -> None:
    player = open_player(make_test_video(tmp_path / "again.mp4"))
    player.play()
    wait_for(player, lambda: player.state in ("ended", "error"))
    assert player.state == "ended"
    player.play()
    assert player.position_s < 0.5
    wait_for(player, lambda: player.state == "playing")
    wait_for(player, lambda: player.state in ("ended", "error"))
    assert player.state == "ended"
    assert player.watched_fraction == pytest.approx(1.0, abs=0.05)


@needs_libvlc
@pytest.mark.parametrize("kind", ["random", "truncated", "empty"])
def test_corrupt_file_ends_in_error_without_frames(tmp_path: Path, open_player, kind) -> None:
    path = tmp_path / f"{kind}.mp4"
    if kind == "random":
        path.write_bytes(random.Random(4).randbytes(200_000))
    elif kind == "truncated":
        good = make_test_video(tmp_path / "good.mp4", seconds=2.0).read_bytes()
        path.write_bytes(good[:3000])
    else:
        path.write_bytes(b"")
    player = open_player(path)
    player.play()
    wait_for(player, lambda: player.state in ("error", "ended"))
    assert player.state == "error"
    assert player.frame() is None
    player.toggle()  # controls on a broken video do nothing, and do not raise
    player.pause()
    assert player.state == "error"
    assert player.watched_fraction == 0.0


def test_missing_file_is_an_error(tmp_path: Path) -> None:
    player = VideoPlayer(tmp_path / "nowhere.mp4", BOX)
    player.play()
    assert player.state == "error"
    assert player.frame() is None
    assert player.duration_s is None
    assert player.position_s == 0.0
    assert player.watched_fraction == 0.0
    assert player.size == BOX
    player.close()
    player.close()


@needs_libvlc
def test_close_is_idempotent_and_final(tmp_path: Path) -> None:
    player = VideoPlayer(make_test_video(tmp_path / "close.mp4", seconds=2.0), BOX, audio=False)
    player.play()
    wait_for(player, lambda: player.frame() is not None)
    player.close()
    player.close()
    assert player.frame() is None
    player.play()  # after close: no effect, no exception
    player.toggle()
    assert player.state == "playing", "state is frozen at close()"
    assert player.position_s >= 0.0
