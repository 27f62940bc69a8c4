"""Video inside an open card: real libvlc decoding a real clip, driven through the app."""

import shutil
from pathlib import Path

import pytest

from tests.pilot import Pilot
from tests.sample_content import make_pack

DATA = Path(__file__).parent / "data"
vlc = pytest.importorskip("vlc")


def video_pack(tmp_path: Path, clip: Path) -> Path:
    media = make_pack(tmp_path / "media", entries=3)
    shutil.copy(clip, media / "images" / "clip.mp4")
    shutil.copy(DATA / "clip.fr.srt", media / "images" / "clip.fr.srt")
    entry = media / "timeline" / "entry-000.yaml"
    entry.write_text(
        entry.read_text() + "video: images/clip.mp4\nsubtitles: {fr: images/clip.fr.srt}\n"
    )
    return media


def open_video_entry(p: Pilot) -> None:
    p.wake()
    p.settle()
    p.tap(p.w / 2, 600)
    assert p.app.detail and p.app.detail.video is not None
    media = p.app.detail_view.geometry.media
    p.tap(media[0] + media[2] / 2, media[1] + media[3] / 2)


def test_video_plays_to_its_end_event_with_subtitles(tmp_path):
    p = Pilot(video_pack(tmp_path, DATA / "clip.mp4"), tmp_path)
    try:
        open_video_entry(p)
        assert p.types()[-1] == "video.start"
        seen = set()

        def done():
            view = p.app.detail.video
            if view.subtitle:
                seen.add(view.subtitle)
            return "video.end" in p.types()

        p.until(done)
        end = p.events()[-1]
        assert end["type"] == "video.end" and end["reason"] == "ended"
        assert end["watched_fraction"] > 0.9
        assert "Premier sous-titre" in seen
        assert p.app.detail.video.frame is not None
    finally:
        p.close()


def test_idle_timeout_is_held_while_a_video_plays(tmp_path):
    p = Pilot(video_pack(tmp_path, DATA / "clip.mp4"), tmp_path, idle_timeout_s=0.5)
    try:
        open_video_entry(p)
        p.until(lambda: p.app.detail.video.state == "playing")
        p.advance(0.4)
        p.until(lambda: "video.end" in p.types())
        assert p.app.mode == "detail"  # still there: watching is not leaving
        p.advance(1.0)
        assert p.app.mode == "attract"
    finally:
        p.close()


def test_corrupt_video_shows_unavailable_and_is_reported(tmp_path):
    broken = tmp_path / "broken.mp4"
    broken.write_bytes(b"\x00\x00\x00\x18ftypmp42" + bytes(range(256)) * 40)
    p = Pilot(video_pack(tmp_path, broken), tmp_path)
    try:
        open_video_entry(p)
        p.until(lambda: "video.end" in p.types())
        end = p.events()[-1]
        assert end["reason"] == "error"
        assert p.app.detail.video.state == "error"
        p.frames(3)  # still drawing
        assert p.app.mode == "detail"
    finally:
        p.close()


def test_closing_the_card_stops_the_video_and_records_what_was_watched(tmp_path):
    p = Pilot(video_pack(tmp_path, DATA / "clip.mp4"), tmp_path)
    try:
        open_video_entry(p)
        p.until(lambda: p.app.detail.video.state == "playing")
        close = p.app.detail_view.geometry.close_button
        p.tap(close[0] + close[2] / 2, close[1] + close[3] / 2)
        assert p.types()[-2:] == ["video.end", "entry.close"]
        assert p.events()[-2]["reason"] == "closed"
    finally:
        p.close()
