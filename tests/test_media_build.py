"""`acier media build` and the kiosk using its renders."""

from __future__ import annotations

import json
import os
import time

import pygame
from PIL import Image

from acier.kiosk.images import ImageCache, render_path
from acier.kiosk.layout import Screen, image_sizes
from acier.media_build import build
from tests.sample_content import make_image, make_pack

DISPLAY = ((1920, 1080),)


def test_first_build_renders_everything_and_a_rebuild_only_what_changed(tmp_path):
    media = make_pack(tmp_path / "media", entries=3)
    sizes = image_sizes(Screen(1920, 1080))
    first = build(media, DISPLAY)
    assert (first.sources, first.rendered, first.kept) == (3, 3 * len(sizes), 0)
    image = media / "images" / "entry-001.jpg"
    for size in sizes:
        with Image.open(render_path(media, image, size)) as render:
            assert render.size == size
    manifest = json.loads((media / ".cache" / "manifest.json").read_text())
    assert set(manifest["images/entry-001.jpg"]["renders"]) == {f"{w}x{h}" for w, h in sizes}

    again = build(media, DISPLAY)
    assert (again.rendered, again.kept) == (0, 3 * len(sizes))

    make_image(image, seed=99)  # a curator replaces one picture
    changed = build(media, DISPLAY)
    assert (changed.rendered, changed.kept) == (len(sizes), 2 * len(sizes))

    render_path(media, image, sizes[0]).unlink()  # a lost render is made again
    assert build(media, DISPLAY).rendered == 1


def load(cache: ImageCache, path, size) -> pygame.Surface:
    end = time.monotonic() + 10
    while (surface := cache.get(path, size)) is None:
        assert time.monotonic() < end
        cache.poll()
        time.sleep(0.005)
    return surface


def near(colour, expected) -> bool:
    return all(abs(a - b) <= 8 for a, b in zip(colour[:3], expected, strict=True))


def test_the_kiosk_uses_a_render_only_while_it_is_newer_than_its_source(tmp_path):
    pygame.display.init()
    media = make_pack(tmp_path / "media", entries=2)
    build(media, DISPLAY)
    image = media / "images" / "entry-000.jpg"
    size = image_sizes(Screen(1920, 1080))[0]
    render = render_path(media, image, size)
    Image.new("RGB", size, (10, 200, 30)).save(render, "JPEG")  # marked, to see which is used

    cache = ImageCache()
    cache.media_root = media
    assert near(load(cache, image, size).get_at((5, 5)), (10, 200, 30))

    later = render.stat().st_mtime_ns + 5_000_000_000
    os.utime(image, ns=(later, later))  # the source was edited after the build
    fresh = ImageCache()
    fresh.media_root = media
    assert not near(load(fresh, image, size).get_at((5, 5)), (10, 200, 30))

    render.write_bytes(b"not a jpeg")  # a broken render never hides the picture
    os.utime(render, ns=(later + 1, later + 1))
    third = ImageCache()
    third.media_root = media
    assert load(third, image, size).get_size() == size
