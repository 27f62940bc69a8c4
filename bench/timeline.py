"""Timeline kiosk speed: frame time during a drag-and-fling over 200 entries, start-up, memory.

Headless (SDL dummy driver), 1920×1080. Frame times are divided by the time of one bare
full-screen blit + flip measured in the same run, so the figures read as ratios on a noisy machine.
Last line: `timeline: frame_median_ratio=X frame_p99_ratio=Y startup_s=Z rss_mb=W`.
"""

from __future__ import annotations

import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

os.environ["SDL_VIDEODRIVER"] = "dummy"
os.environ["SDL_AUDIODRIVER"] = "dummy"
REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

import pygame  # noqa: E402

from tests.sample_content import make_pack  # noqa: E402

SIZE = (1920, 1080)
ENTRIES = 200

FIRST_FRAME = """
import sys, time
from pathlib import Path
from acier.config import KioskConfig
from acier.kiosk.runner import open_display
from acier.kiosk.content import load_content
from acier.kiosk.app import KioskApp
from acier.outbox import Outbox
media, outbox = Path(sys.argv[1]), Path(sys.argv[2])
config = KioskConfig(device="bench", media=media, audio=False)
surface = open_display(config, (1920, 1080))
app = KioskApp(config, load_content(media), Outbox(outbox, "bench"), surface)
app.step()
print(time.time())
"""


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def bare_frame_s(surface: pygame.Surface, frames: int = 300) -> float:
    """The cheapest honest frame: one full-screen blit and a flip."""
    picture = pygame.Surface(SIZE).convert()
    picture.fill((40, 40, 44))
    times = []
    for _ in range(frames):
        start = time.perf_counter()
        surface.blit(picture, (0, 0))
        pygame.display.flip()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def startup_s(media: Path, tmp: Path) -> float:
    """Wall time from launching a kiosk process to its first presented frame."""
    launched = time.time()
    out = subprocess.run(
        [sys.executable, "-c", FIRST_FRAME, str(media), str(tmp / "startup.sqlite")],
        capture_output=True,
        text=True,
        check=True,
        cwd=REPO,
    )
    return float(out.stdout.strip().splitlines()[-1]) - launched


def drag_and_fling(media: Path, tmp: Path) -> list[float]:
    """Frame times of a visitor flinging from the first entry to the last, then back."""
    from tests.pilot import Pilot

    pilot = Pilot(media, tmp, size=SIZE)
    app = pilot.app
    pilot.wake()
    pilot.settle()
    times: list[float] = []
    real_step = app.step

    def timed_step():
        start = time.perf_counter()
        real_step()
        times.append(time.perf_counter() - start)

    app.step = timed_step
    last = len(app.content.entries) - 1
    for direction in (1, -1):
        target = last if direction == 1 else 0
        guard = 0
        while app.scroll.nearest(app.scroll.offset) != target and guard < 200:
            guard += 1
            x0, x1 = (1700, 200) if direction == 1 else (200, 1700)
            pilot.drag(x0, x1, 600, steps=12)  # 125 px per frame: a brisk fling
            pilot.frames(40)  # let it glide
    pilot.close()
    return times


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp_name:
        tmp = Path(tmp_name)
        media = make_pack(tmp / "media", entries=ENTRIES)
        start = startup_s(media, tmp)
        pygame.display.init()
        surface = pygame.display.set_mode(SIZE)
        bare = bare_frame_s(surface)
        times = drag_and_fling(media, tmp)
        rss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    median, p99 = statistics.median(times), percentile(times, 0.99)
    print(f"bare blit+flip: {bare * 1000:.3f} ms; frames measured: {len(times)}")
    print(f"frame median {median * 1000:.3f} ms, p99 {p99 * 1000:.3f} ms")
    print(
        f"timeline: frame_median_ratio={median / bare:.2f} frame_p99_ratio={p99 / bare:.2f} "
        f"startup_s={start:.2f} rss_mb={rss_mb:.0f}"
    )


if __name__ == "__main__":
    main()
