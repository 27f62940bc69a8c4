"""Curator preview: an edited file shows up in the running kiosk; a broken one never does."""

from __future__ import annotations

import os
import time

import yaml

from acier.kiosk.preview import PreviewReloader
from acier.kiosk.style import NOTICE
from tests.pilot import Pilot
from tests.sample_content import make_pack


def edit(path, change) -> None:
    """Rewrite a YAML file through `change`, with a new modification time even on coarse clocks."""
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    change(data)
    # written outside the media folder, then swapped in: the watcher sees one change
    staged = path.parent.parent.parent / path.name
    staged.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    stat = path.stat()
    os.utime(staged, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000_000))
    os.replace(staged, path)


def until(pilot, condition, timeout=10.0) -> None:
    end = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < end, "timed out"
        pilot.app.step()
        time.sleep(0.01)


def test_an_edit_is_shown_and_a_broken_file_is_not(tmp_path):
    media = make_pack(tmp_path / "media", entries=5)
    pilot = Pilot(media, tmp_path)
    reloader = PreviewReloader(pilot.app, media, poll_s=0.05)
    pilot.app.hooks.append(reloader)
    try:
        pilot.wake()
        pilot.app.open_entry(2, "tap", pilot.now)
        entry = media / "timeline" / "entry-002.yaml"

        def retitle(data):
            data["title"]["fr"] = "Le haut fourneau de Denain, revu"

        edit(entry, retitle)
        until(pilot, lambda: reloader.reloads == 1)
        app = pilot.app
        assert app.content.entries[2].title["fr"] == "Le haut fourneau de Denain, revu"
        assert app.mode == "detail" and app.detail.index == 2  # still on the edited entry

        good = entry.read_text(encoding="utf-8")
        entry.write_text(good.replace("era:", "era: [", 1), encoding="utf-8")
        until(pilot, lambda: app.notice)
        assert any("entry-002.yaml:" in line for line in app.notice)
        assert app.content.entries[2].title["fr"] == "Le haut fourneau de Denain, revu"
        pilot.frames()
        assert pilot.pixel(5, pilot.h - 5) == NOTICE  # the banner is on screen

        entry.write_text(good, encoding="utf-8")
        until(pilot, lambda: not app.notice)
        assert reloader.reloads == 2
        pilot.frames()
        assert pilot.pixel(5, pilot.h - 5) != NOTICE
    finally:
        reloader.stop()
        pilot.close()
