"""The `acier` command as a technician or curator runs it, in a real subprocess."""

import os
import re
import subprocess
import sys
import time
from pathlib import Path

from acier.device_lock import hold_device
from tests.sample_content import make_pack

REPO = Path(__file__).parent.parent


def acier(*args: str, timeout: float = 60) -> subprocess.CompletedProcess:
    env = {**os.environ, "SDL_VIDEODRIVER": "dummy", "SDL_AUDIODRIVER": "dummy"}
    return subprocess.run(
        [sys.executable, "-m", "acier.cli", *args],
        capture_output=True,
        text=True,
        timeout=timeout,
        env=env,
        cwd=REPO,
    )


def test_check_passes_on_the_shipped_media_and_config():
    result = acier("check", "config/timeline-1.yaml")
    assert result.returncode == 0, result.stdout
    assert result.stdout.splitlines()[-1].startswith("ok: ")


def test_check_reports_file_line_and_fails(tmp_path):
    media = make_pack(tmp_path / "media", entries=3, images=False)
    broken = media / "timeline" / "entry-001.yaml"
    broken.write_text(re.sub(r"era: [a-z]+", "era: bronze", broken.read_text()))
    result = acier("check", "--media", str(media))
    assert result.returncode == 1
    line = next(i for i, row in enumerate(broken.read_text().splitlines(), 1) if "era:" in row)
    assert f"{broken}:{line}:6: error: unknown era 'bronze'" in result.stdout


def test_kiosk_refuses_to_start_on_invalid_content(tmp_path):
    media = make_pack(tmp_path / "media", entries=3, images=False)
    (media / "timeline" / "entry-002.yaml").write_text("year: [1856\n")
    config = tmp_path / "kiosk.yaml"
    config.write_text(f"device: k1\nmedia: {media}\ndisplay: {{windowed: true}}\n")
    result = acier("kiosk", str(config), "--seconds", "1")
    assert result.returncode == 2
    assert "entry-002.yaml:2:1: error: invalid YAML" in result.stdout


def test_kiosk_refuses_an_invalid_config(tmp_path):
    config = tmp_path / "kiosk.yaml"
    config.write_text("device: k1\nlanguge: nl\n")
    result = acier("kiosk", str(config))
    assert result.returncode == 2
    assert f"{config}:2:1: error: unknown key 'languge' (did you mean 'language'?)" in result.stderr


def test_kiosk_runs_and_saves_a_screenshot(tmp_path):
    config = tmp_path / "kiosk.yaml"
    config.write_text(f"device: k1\nmedia: {REPO / 'media'}\noutbox: {tmp_path / 'o.sqlite'}\n")
    shot = tmp_path / "shot.png"
    result = acier(
        "kiosk", str(config), "--size", "960x540", "--seconds", "1", "--screenshot", str(shot)
    )
    assert result.returncode == 0, result.stderr
    assert shot.stat().st_size > 10_000


def test_headless_demo_delivers_a_scripted_visitors_events_to_the_store():
    result = acier("demo", "--headless", "--seconds", "12", timeout=90)
    assert result.returncode == 0, result.stderr
    assert "broker on 127.0.0.1:" in result.stdout
    assert re.search(r"demo: [1-9]\d* events reached the store", result.stdout), result.stdout
    for kind in ("session.start", "entry.open", "entry.close", "alloy.compose", "furnace.charge"):
        assert f"  {kind}: " in result.stdout, result.stdout
    # the timeline kiosk and both exhibits (their own processes, on simulated hardware) had
    # visitors, and their events reached the one store
    sessions = int(re.search(r"  session.start: (\d+)", result.stdout).group(1))
    assert sessions >= 3, result.stdout
    assert "furnace-1 (blast_furnace) runs on simulated hardware" in result.stdout


def test_events_prints_the_outbox(tmp_path):
    from acier.outbox import Outbox

    box = Outbox(tmp_path / "o.sqlite", "k1")
    box.record("session.start", "s", language="nl")
    box.close()
    result = acier("events", "show", str(tmp_path / "o.sqlite"))
    assert result.returncode == 0
    assert '"type": "session.start"' in result.stdout and '"language": "nl"' in result.stdout


def test_events_export_writes_csv_from_the_store(tmp_path):
    from acier.controller.store import Store
    from acier.protocol.events import Event, uuid7

    url = f"sqlite:///{tmp_path / 'store.sqlite'}"
    store = Store(url)
    now = time.time()
    store.insert(
        [
            Event(id=uuid7(), device="k1", seq=i + 1, ts=now - age, session=None,
                  type="textsize.change", data={"level": 1})
            for i, age in enumerate([3 * 86400, 3600, 60])
        ]
    )  # fmt: skip
    store.close()
    out = tmp_path / "out.csv"
    result = acier("events", "export", "--store", url, "--since", "2h", "--format", "csv",
                   "-o", str(out))  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert "2 events" in result.stderr
    assert out.read_text().splitlines()[0] == "id,device,seq,ts_iso,ts,session,type,data"
    bad = acier("events", "export", "--store", url, "--since", "last week")
    assert bad.returncode == 2 and "neither a date" in bad.stderr


def test_a_second_copy_of_a_device_refuses_to_start_and_a_killed_one_never_blocks(tmp_path):
    config = tmp_path / "kiosk.yaml"
    outbox = tmp_path / "o.sqlite"
    config.write_text(f"device: k1\nmedia: {REPO / 'media'}\noutbox: {outbox}\n")
    env = {**os.environ, "SDL_VIDEODRIVER": "dummy", "SDL_AUDIODRIVER": "dummy"}
    first = subprocess.Popen(
        [sys.executable, "-m", "acier.cli", "kiosk", str(config), "--size", "320x180"],
        env=env,
        cwd=REPO,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        lock = tmp_path / "o.sqlite.lock"
        deadline = time.monotonic() + 30
        while not (lock.exists() and lock.read_text().strip()) and time.monotonic() < deadline:
            time.sleep(0.05)
        second = acier("kiosk", str(config), "--size", "320x180", "--seconds", "1")
        assert second.returncode == 2
        assert f"k1 is already running (pid {first.pid}" in second.stderr
    finally:
        first.kill()
        first.wait()
    after = acier("kiosk", str(config), "--size", "320x180", "--seconds", "1")
    assert after.returncode == 0, after.stderr


def test_selftest_of_a_running_device_says_how_to_run_it_instead(tmp_path):
    config = tmp_path / "hall.yaml"
    outbox = tmp_path / "o.sqlite"
    config.write_text(f"device: hall-1\noutbox: {outbox}\ninputs:\n  visitor: {{motion: 4}}\n")
    with hold_device("hall-1", outbox):
        result = acier("selftest", str(config), "--timeout", "1")
    assert result.returncode == 2
    assert f"hall-1 is already running (pid {os.getpid()}" in result.stdout
    assert "acier send hall-1 selftest" in result.stdout
    assert (tmp_path / "o.sqlite.lock").read_text() == ""  # released: no stale pid left
