"""Illustrations loaded lazily off the render thread, scaled once, kept in a bounded cache.

The render loop asks for (path, size) every frame and gets a Surface or None (draw a placeholder).
Decoding and high-quality resampling run on a worker thread with Pillow; the main thread only
wraps finished pixels into Surfaces, a few per frame, so a fling over 200 entries never stutters.
"""

from __future__ import annotations

import logging
import queue
import threading
from collections import OrderedDict
from pathlib import Path

import pygame
from PIL import Image, ImageOps, UnidentifiedImageError

log = logging.getLogger(__name__)

Key = tuple[Path, tuple[int, int]]


PREBUILT = ".cache"  # `acier media build` writes renders here, inside the media folder


def render_path(media: Path, image: Path, size: tuple[int, int]) -> Path:
    """Where `acier media build` puts the render of `image` (inside `media`) at `size`."""
    relative = image.resolve().relative_to(media.resolve())
    return media / PREBUILT / f"{size[0]}x{size[1]}" / relative.with_suffix(".jpg")


def load_prebuilt(media: Path, path: Path, size: tuple[int, int]) -> tuple[bytes, tuple[int, int]]:
    """The build's render of `path` at `size` when there is one newer than its source;
    raises OSError (or ValueError) otherwise, and the caller resamples the source itself."""
    render = render_path(media, path, size)
    if render.stat().st_mtime_ns < path.stat().st_mtime_ns:
        raise OSError(f"{render} is older than {path}")
    with Image.open(render) as img:
        if img.size != size:
            raise ValueError(f"{render} is {img.size}, not {size}")
        return img.convert("RGB").tobytes(), img.size


def decode(path: Path, largest: tuple[int, int]) -> Image.Image:
    """Decode `path` as RGB with its EXIF orientation applied.

    A JPEG is decoded at the smallest DCT scale (1/2, 1/4, 1/8) still at least as large as
    `largest` in both directions: several times faster for a big photo, and Lanczos does the
    rest, so the result looks the same."""
    with Image.open(path) as img:
        side = max(largest)
        img.draft("RGB", (side, side))
        return ImageOps.exif_transpose(img).convert("RGB")


def fit(img: Image.Image, size: tuple[int, int]) -> Image.Image:
    """Crop-to-fill `size`, high-quality resampling."""
    return ImageOps.fit(img, size, Image.Resampling.LANCZOS)


def load_scaled(path: Path, size: tuple[int, int]) -> tuple[bytes, tuple[int, int]]:
    """Decode `path`, honour EXIF orientation, crop-to-fill `size`; returns RGB bytes."""
    fitted = fit(decode(path, size), size)
    return fitted.tobytes(), fitted.size


class ImageCache:
    """Scaled surfaces keyed by (path, size), at most `budget_bytes` of pixels held."""

    def __init__(self, budget_bytes: int = 96 * 1024 * 1024, per_frame: int = 3) -> None:
        self.media_root: Path | None = None  # where to look for `acier media build` renders
        self.budget = budget_bytes
        self.per_frame = per_frame
        self._surfaces: OrderedDict[Key, pygame.Surface] = OrderedDict()
        self._bytes = 0
        self._failed: set[Path] = set()
        self._requested: set[Key] = set()
        self._todo: queue.LifoQueue[Key] = queue.LifoQueue()
        self._done: queue.Queue[tuple[Key, bytes | None, tuple[int, int]]] = queue.Queue()
        self._worker = threading.Thread(target=self._work, name="image-loader", daemon=True)
        self._worker.start()

    def get(self, path: Path, size: tuple[int, int]) -> pygame.Surface | None:
        """The surface if ready; otherwise queue it (newest requests first) and return None."""
        key = (path, size)
        surface = self._surfaces.get(key)
        if surface is not None:
            self._surfaces.move_to_end(key)
            return surface
        if path not in self._failed and key not in self._requested:
            self._requested.add(key)
            self._todo.put(key)
        return None

    def failed(self, path: Path) -> bool:
        return path in self._failed

    def poll(self) -> int:
        """Turn up to `per_frame` finished loads into surfaces; returns how many arrived."""
        arrived = 0
        while arrived < self.per_frame:
            try:
                key, pixels, size = self._done.get_nowait()
            except queue.Empty:
                break
            self._requested.discard(key)
            if pixels is None:
                self._failed.add(key[0])
                continue
            surface = pygame.image.frombytes(pixels, size, "RGB")
            self._store(key, surface)
            arrived += 1
        return arrived

    def wait_idle(self, timeout: float = 10.0) -> None:
        """Block until every requested image is loaded (tests and screenshots only)."""
        import time

        deadline = time.monotonic() + timeout
        while (self._requested or not self._done.empty()) and time.monotonic() < deadline:
            if not self.poll():
                time.sleep(0.005)

    def _store(self, key: Key, surface: pygame.Surface) -> None:
        w, h = surface.get_size()
        self._surfaces[key] = surface
        self._bytes += w * h * 4
        while self._bytes > self.budget and len(self._surfaces) > 1:
            _, old = self._surfaces.popitem(last=False)
            ow, oh = old.get_size()
            self._bytes -= ow * oh * 4

    def _work(self) -> None:
        while True:
            key = self._todo.get()
            path, size = key
            try:
                pixels, real = self._load(path, size)
            except (
                OSError,
                UnidentifiedImageError,
                ValueError,
                Image.DecompressionBombError,
            ) as exc:
                log.warning("image %s unreadable, entry shown without it: %s", path, exc)
                self._done.put((key, None, size))
                continue
            self._done.put((key, pixels, real))

    def _load(self, path: Path, size: tuple[int, int]) -> tuple[bytes, tuple[int, int]]:
        if self.media_root is not None:
            try:
                return load_prebuilt(self.media_root, path, size)
            except (OSError, ValueError, UnidentifiedImageError):
                pass  # no usable render: resample the source
        return load_scaled(path, size)
