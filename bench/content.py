"""Content pipeline speed: check, first and incremental build, and bytes moved by a sync.

A generated pack of 200 entries with 200 photo-like pictures (1600×1000 JPEG, ~0.4 MB each).
- check_s: `acier check` of the pack (YAML, translations, files, pictures, text fit at the
  largest size on both screens). Baseline: parsing the same YAML files alone.
- build_first_s: `acier media build` from nothing (both screens, on all cores). Baseline:
  decoding every picture once with Pillow, on one.
- build_incremental_ratio: the rebuild of the unchanged pack / the first build (target ≤ 0.1).
- sync_bytes_ratio: a kiosk holding version 1 fetches version 2, where one picture changed,
  from the controller's real HTTP server; bytes sent by the server / size of that picture
  (target ≤ 1.1: the picture and a gzipped manifest, nothing else).
Last line: `content: check_s=A build_first_s=B build_incremental_ratio=C sync_bytes_ratio=D`.
"""

from __future__ import annotations

import os
import random
import sys
import tempfile
import time
from pathlib import Path

os.environ["SDL_VIDEODRIVER"] = "dummy"
os.environ["SDL_AUDIODRIVER"] = "dummy"
REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

import yaml  # noqa: E402
from PIL import Image, ImageDraw, ImageFilter  # noqa: E402

from acier.check import check  # noqa: E402
from acier.controller.content_store import ContentStore  # noqa: E402
from acier.controller.web import HttpServer, content_app  # noqa: E402
from acier.kiosk.sync import ContentSync  # noqa: E402
from acier.media_build import build  # noqa: E402
from acier.protocol.fleet import ContentAnnounce  # noqa: E402
from tests.sample_content import make_pack  # noqa: E402

ENTRIES = 200
PHOTO = (1600, 1000)


def photo(path: Path, seed: int) -> None:
    """A picture that compresses like a photograph: shapes, then grain and a little blur."""
    rng = random.Random(seed)
    img = Image.new("RGB", PHOTO, tuple(rng.randrange(30, 90) for _ in range(3)))
    draw = ImageDraw.Draw(img)
    for _ in range(40):
        x, y, r = rng.randrange(PHOTO[0]), rng.randrange(PHOTO[1]), rng.randrange(20, 300)
        draw.ellipse((x - r, y - r, x + r, y + r), fill=tuple(rng.randrange(256) for _ in "rgb"))
    grain = Image.effect_noise(PHOTO, 40).convert("RGB")
    img = Image.blend(img.filter(ImageFilter.GaussianBlur(3)), grain, 0.25)
    img.save(path, quality=88)


def timed(fn) -> tuple[float, object]:
    start = time.perf_counter()
    result = fn()
    return time.perf_counter() - start, result


def main() -> None:
    tmp = Path(tempfile.mkdtemp(prefix="acier-bench-content-"))
    media = make_pack(tmp / "media", entries=ENTRIES)
    images = sorted((media / "images").glob("*.jpg"))
    for n, path in enumerate(images):
        photo(path, n)
    total = sum(p.stat().st_size for p in images)
    print(f"pack: {ENTRIES} entries, {len(images)} pictures, {total / 1e6:.0f} MB")

    yaml_files = sorted((media / "timeline").glob("*.yaml"))
    parse_s, _ = timed(lambda: [yaml.safe_load(p.read_text("utf-8")) for p in yaml_files])
    check_s, result = timed(lambda: check([], [media]))
    assert not result.errors, result.errors[:3]
    print(f"check: {check_s:.2f} s ({check_s / parse_s:.1f}× parsing the YAML, {parse_s:.3f} s)")

    def decode_all():
        for p in images:
            with Image.open(p) as img:
                img.load()

    decode_s, _ = timed(decode_all)
    first_s, report = timed(lambda: build(media, workers=os.cpu_count() or 1))
    assert not report.failed, report.failed
    again_s, report = timed(lambda: build(media, workers=os.cpu_count() or 1))
    assert report.rendered == 0
    print(
        f"build: first {first_s:.1f} s ({first_s / decode_s:.1f}× decoding every picture, "
        f"{decode_s:.2f} s), {report.kept} renders; unchanged rebuild {again_s:.2f} s"
    )

    store = ContentStore(tmp / "store")
    http = HttpServer(content_app(store), "127.0.0.1", 0)
    http.start()
    url = f"http://127.0.0.1:{http.port}"
    sync = ContentSync(tmp / "kiosk")
    sync.displays = ((1920, 1080),)

    def fetch(manifest) -> int:
        before = http.counter.sent
        announced = ContentAnnounce(
            version=manifest.version, url=url, files=len(manifest.files), bytes=0, ts=0
        )
        sync.fetch(announced)
        sync.switched(manifest.version)
        return http.counter.sent - before

    v1, _ = store.publish(media)
    full_s, full = timed(lambda: fetch(v1))
    changed = images[len(images) // 2]
    photo(changed, seed=10_000)
    v2, _ = store.publish(media)
    moved = fetch(v2)
    http.stop()
    ratio = moved / changed.stat().st_size
    print(
        f"sync: first version {full / 1e6:.0f} MB in {full_s:.1f} s (with renders); "
        f"one picture of {changed.stat().st_size} bytes changed: {moved} bytes moved"
    )
    print(
        f"content: check_s={check_s:.2f} build_first_s={first_s:.1f} "
        f"build_incremental_ratio={again_s / first_s:.3f} sync_bytes_ratio={ratio:.3f}"
    )


if __name__ == "__main__":
    main()
