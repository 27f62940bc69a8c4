"""Exhibit speed: the furnace model's step, a button press to the frame that shows it, and
serial lines read from a board flooding its port.

- model_step_us: one `Furnace.step` of a 60 fps frame at the exhibit's game speed, on a furnace
  full of burden, averaged over 20,000 steps (target ≤ 1,000 µs). Baseline: the frame budget at
  60 fps, printed as the share of it one step takes.
- input_to_frame_ms: a gpiozero mock pin pulled low (the ore button) → the first frame whose
  pixels differ, through the real exhibit loop (gpiozero callback, event queue, play, scene,
  present) with the clock held still so only the press can change the picture; the furnace is
  reset before each press so the throat has room and the charge shows. Median of 30 presses
  (target ≤ one frame at 60 fps, 16.7 ms). Baseline: one frame with no input, same loop.
- serial_lines_per_s: a fake board floods 50,000 checksummed lines into a pty, with a bad line
  after every tenth (alternately a wrong checksum, and line noise outside any `$...` line); the
  real `Hardware` reads, checks and queues them as readings; every valid line must arrive
  (lost=0) and every bad one be dropped and counted (bad_checksum, garbage or partial).
  Baseline: reading the same bytes from a pty with plain `os.read`, nothing parsed.
- alloy lab: one `analyse` of a fresh recipe (classification, diagram, lever rule,
  microstructure, grades), as a token or touch triggers it. Baseline: the frame budget.
- shift check: once a challenge's tonne is counted, the next shift runs ahead on a copy of the
  furnace, `SHIFT_CHECK_S` game seconds a frame: the median slice in ms and the frames the
  twelve game hours take. Baseline: the frame budget, and the model step above.
Last line: `exhibits: model_step_us=A input_to_frame_ms=B serial_lines_per_s=C`.
"""

from __future__ import annotations

import os
import statistics
import sys
import tempfile
import threading
import time
import tty
from pathlib import Path

os.environ["SDL_VIDEODRIVER"] = "dummy"
os.environ["SDL_AUDIODRIVER"] = "dummy"
REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

import pygame  # noqa: E402

from acier.config import load_kiosk_config  # noqa: E402
from acier.exhibits import load_exhibit  # noqa: E402
from acier.exhibits.alloy_lab.model import TREATMENTS, Alloy, analyse  # noqa: E402
from acier.exhibits.blast_furnace.model import (  # noqa: E402
    GOOD_RECIPE,
    TIME_SCALE,
    Furnace,
    ShiftCheck,
)
from acier.exhibits.blast_furnace.play import SHIFT_CHECK_S  # noqa: E402
from acier.hardware.bindings import InputBinding  # noqa: E402
from acier.hardware.inputs import Reading  # noqa: E402
from acier.hardware.serial_protocol import encode_line  # noqa: E402
from acier.hardware.simulation import Simulation  # noqa: E402
from acier.kiosk.exhibit_app import ExhibitApp  # noqa: E402
from acier.kiosk.layout import Screen  # noqa: E402
from acier.outbox import Outbox  # noqa: E402

FRAME_S = 1 / 60
LINES = 50_000


def model_step_us() -> float:
    furnace = Furnace()
    for _ in range(12):  # fill the stack, as a visitor's session does
        for material in GOOD_RECIPE:
            furnace.charge(material)
        furnace.step(600.0)
    steps = 20_000
    start = time.perf_counter()
    for i in range(steps):
        if i % 600 == 0:
            for material in GOOD_RECIPE:
                furnace.charge(material)
        furnace.step(FRAME_S * TIME_SCALE)
    return (time.perf_counter() - start) / steps * 1e6


def shift_check_ms() -> tuple[float, int]:
    """Median ms of one frame's slice of the shift check, and how many frames it takes."""
    check = ShiftCheck(Furnace(), GOOD_RECIPE)
    slices = []
    while not check.done:
        start = time.perf_counter()
        check.advance(SHIFT_CHECK_S)
        slices.append((time.perf_counter() - start) * 1000.0)
    return statistics.median(slices), len(slices)


class Frozen:
    now = 1000.0

    def __call__(self) -> float:
        return self.now


def input_to_frame_ms(folder: Path) -> tuple[float, float, int]:
    config = load_kiosk_config(REPO / "config" / "furnace-1.yaml")
    config = config.model_copy(update={"outbox": folder / "outbox.sqlite", "fleet": None})
    pygame.display.init()
    pygame.font.init()
    surface = pygame.display.set_mode((1920, 1080))
    sim = Simulation(config.inputs, config.outputs, folder)
    hardware = sim.hardware()
    hardware.start()
    outbox = Outbox(config.outbox, config.device)
    play, scene, keys = load_exhibit(config, Screen(1920, 1080))
    clock = Frozen()
    app = ExhibitApp(config, play, scene, hardware, outbox, surface, keys, sim, clock)
    app.start_session(clock.now)
    for _ in range(5):
        app.step()
    idle = []
    for _ in range(30):
        start = time.perf_counter()
        app.step()
        idle.append(time.perf_counter() - start)
    latencies, frames_needed = [], []
    for _ in range(30):
        play.reset()  # room at the throat again: every press is a charge the visitor sees
        app.step()
        before = pygame.image.tobytes(surface, "RGB")
        start = time.perf_counter()
        sim.press("ore")
        frames = 0
        while True:
            app.step()
            frames += 1
            if pygame.image.tobytes(surface, "RGB") != before or frames > 60:
                break
        latencies.append(time.perf_counter() - start)
        frames_needed.append(frames)
        sim.release("ore")
        time.sleep(0.06)  # past gpiozero's debounce (bounce_s 0.05), which runs on real time
        app.step()
    hardware.close()
    sim.close()
    outbox.close()
    pygame.quit()
    return statistics.median(latencies) * 1e3, statistics.median(idle) * 1e3, max(frames_needed)


BAD_LINES = (b"$temp=900.0,pot=0.5*00\r\n", b"\x07~~ line noise ~~\x00\r\n")


def serial_lines_per_s(folder: Path) -> tuple[float, float, int, int]:
    """Lines a second through `Hardware` and raw, valid lines lost, bad lines not counted."""
    chunks = []
    for i in range(LINES):
        chunks.append(encode_line({"temp": 800.0 + i % 400, "pot": (i % 1000) / 1000}))
        if i % 10 == 9:
            chunks.append(BAD_LINES[i // 10 % 2])
    payload = b"".join(chunks)
    bad = len(chunks) - LINES

    # baseline: the same bytes through a pty, read with os.read and nothing else
    master, slave = os.openpty()
    tty.setraw(slave)
    got = 0
    writer = threading.Thread(target=lambda: os.write(master, payload), daemon=True)
    start = time.perf_counter()
    writer.start()
    while got < len(payload):
        got += len(os.read(slave, 65536))
    baseline = LINES / (time.perf_counter() - start)
    os.close(master)
    os.close(slave)

    sim = Simulation({"stove": InputBinding(board="/dev/ttyACM0")}, {}, folder)
    hardware = sim.hardware()
    hardware.start()
    while hardware.board_states()["stove"]["state"] != "connected":
        time.sleep(0.01)
    hardware.poll()
    fake = sim.fakes["stove"]
    received = 0
    start = time.perf_counter()
    writer = threading.Thread(target=lambda: fake.send_raw(payload), daemon=True)
    writer.start()
    deadline = start + 60
    while received < 2 * LINES and time.perf_counter() < deadline:
        received += sum(isinstance(e, Reading) for e in hardware.poll())
        time.sleep(0.001)
    elapsed = time.perf_counter() - start
    stats = hardware.board_states()["stove"]
    hardware.close()
    sim.close()
    lost = LINES - received // 2  # two readings per line
    uncounted = bad - stats["garbage"] - stats["bad_checksum"] - stats["partial"]
    return LINES / elapsed, baseline, lost, uncounted


def alloy_analyse_us() -> float:
    recipes = [Alloy.of(C=0.05 * (1 + i % 80), Cr=i % 19, Ni=i % 13) for i in range(2_000)]
    start = time.perf_counter()
    for i, alloy in enumerate(recipes):
        analyse(alloy, TREATMENTS[i % len(TREATMENTS)], 700.0 + i % 600)
    return (time.perf_counter() - start) / len(recipes) * 1e6


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        (folder / "frame").mkdir()
        (folder / "serial").mkdir()
        step_us = model_step_us()
        print(f"model step: {step_us:.1f} µs = {step_us / (FRAME_S * 1e6):.4f} of a 60 fps frame")
        slice_ms, slices = shift_check_ms()
        print(
            f"shift check: {slice_ms:.2f} ms a frame for {slices} frames = "
            f"{slice_ms / (FRAME_S * 1e3):.3f} of a 60 fps frame, "
            f"{slice_ms * 1e3 / step_us:.0f} model steps"
        )
        alloy_us = alloy_analyse_us()
        print(
            f"alloy lab: {alloy_us:.1f} µs an analysis = "
            f"{alloy_us / (FRAME_S * 1e6):.4f} of a 60 fps frame"
        )
        latency_ms, idle_ms, frames = input_to_frame_ms(folder / "frame")
        print(
            f"input to frame: {latency_ms:.2f} ms (at most {frames} frame), "
            f"a frame with no input {idle_ms:.2f} ms, ratio {latency_ms / idle_ms:.2f}"
        )
        rate, baseline, lost, uncounted = serial_lines_per_s(folder / "serial")
        print(
            f"serial: {rate:,.0f} lines/s through Hardware, {baseline:,.0f} lines/s raw pty "
            f"(ratio {rate / baseline:.3f}), lost={lost}, bad lines not counted={uncounted}"
        )
    print(
        f"exhibits: model_step_us={step_us:.1f} input_to_frame_ms={latency_ms:.2f} "
        f"serial_lines_per_s={rate:.0f}"
    )


if __name__ == "__main__":
    main()
