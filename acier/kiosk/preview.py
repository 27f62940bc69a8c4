"""Curator preview: the kiosk reloads its media folder a moment after a file in it changes.

A watcher thread fingerprints the folder (path, size, modification time of every file) twice a
second and, when it changes, loads the content there, off the render thread. The frame hook
then swaps the new content in and reopens the entry the curator was looking at. Content with
errors is not shown: the last good content stays, under a red banner with the file:line
messages, until the file is fixed.
"""

from __future__ import annotations

import logging
import os
import threading
from pathlib import Path

from acier.kiosk.app import KioskApp
from acier.kiosk.content import Content, ContentError, load_content

log = logging.getLogger(__name__)

POLL_S = 0.5


def fingerprint(root: Path) -> frozenset[tuple[str, int, int]]:
    """Every file under `root` with its size and modification time."""
    out = set()
    for folder, _, files in os.walk(root):
        for name in files:
            path = os.path.join(folder, name)
            try:
                st = os.stat(path)
            except OSError:
                continue  # removed while we looked: the next poll sees it gone
            out.add((path, st.st_size, st.st_mtime_ns))
    return frozenset(out)


class PreviewReloader:
    """Frame hook (see KioskApp.hooks) plus its watcher thread; `stop()` ends the thread."""

    def __init__(self, app: KioskApp, media: Path, poll_s: float = POLL_S) -> None:
        self.app = app
        self.media = media
        self.languages = app.config.languages
        self.poll_s = poll_s
        self.reloads = 0
        self._ready: Content | list[str] | None = None
        self._lock = threading.Lock()
        self._stop = threading.Event()
        self._seen = fingerprint(media)
        self._thread = threading.Thread(target=self._watch, name="preview", daemon=True)
        self._thread.start()

    def _watch(self) -> None:
        while not self._stop.wait(self.poll_s):
            now = fingerprint(self.media)
            if now == self._seen:
                continue
            self._seen = now
            try:
                result: Content | list[str] = load_content(self.media, self.languages)
            except ContentError as exc:
                result = [str(p) for p in exc.problems]
                log.warning("preview: %d problem(s), showing the last good content", len(result))
            with self._lock:
                self._ready = result

    def __call__(self, now: float) -> None:
        with self._lock:
            ready, self._ready = self._ready, None
        if ready is None:
            return
        app = self.app
        if isinstance(ready, list):
            app.notice = ["The change is not shown; fix this and save:", *ready]
            return
        app.notice = []
        opened = app.content.entries[app.detail.index].id if app.detail else None
        position = app.scroll.nearest(app.scroll.offset)
        app.close_entry(now)
        app.use_content(ready)
        self.reloads += 1
        ids = [e.id for e in ready.entries]
        if opened in ids:
            app.open_entry(ids.index(opened), "command", now)
        elif ids:
            app.scroll.scroll_to_index(min(position, len(ids) - 1), instant=True)
        log.info("preview: reloaded %d entries", len(ids))

    def stop(self) -> None:
        self._stop.set()
        self._thread.join(timeout=2.0)
