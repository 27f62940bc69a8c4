"""`acier media publish` to a real kiosk process, through a real broker and HTTP server.

The kiosk reaches the controller's HTTP server through a link the test can slow down and
corrupt (tests/netcut.py), and counts what crossed it.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from PIL import Image

from acier.cli import main
from acier.controller.content_store import ContentStore
from acier.controller.observer import FleetObserver
from acier.controller.site import load_site
from acier.controller.web import HttpServer, content_app
from acier.kiosk.sync import SyncState
from tests.fleet_helpers import new_site_name, wait_for
from tests.netcut import CuttableLink
from tests.sample_content import make_image, make_pack

ACIER = [sys.executable, "-m", "acier.cli"]
DEVICE = "k-sync"


@pytest.fixture
def floor(mosquitto, tmp_path):
    """A site with its content store served over HTTP, and a kiosk config that joins it."""
    store = ContentStore(tmp_path / "controller" / "content")
    http = HttpServer(content_app(store), "127.0.0.1", 0)
    http.start()
    link = CuttableLink("127.0.0.1", http.port)
    site = new_site_name()
    site_file = tmp_path / "controller" / "site.yaml"
    site_file.parent.mkdir(exist_ok=True)
    site_file.write_text(
        f"site: {site}\n"
        f"broker: {{host: {mosquitto.host}, port: {mosquitto.port}}}\n"
        f"store: sqlite:///{tmp_path / 'store.sqlite'}\n"
        f"content: {{store: content, url: 'http://127.0.0.1:{link.port}'}}\n"
    )
    make_pack(tmp_path / "kiosk" / "media", entries=3, seed=1)  # what it shows before any publish
    kiosk_file = tmp_path / "kiosk" / "kiosk.yaml"
    kiosk_file.write_text(
        f"device: {DEVICE}\nmedia: media\naudio: false\n"
        "display: {size: [960, 540], windowed: true}\n"
        f"fleet: {{site: {site}, broker: {{host: {mosquitto.host}, port: {mosquitto.port}}}, "
        "keepalive_s: 5, content_dir: content}\n"
    )
    yield site_file, kiosk_file, store, link
    link.close()
    http.stop()


def start_kiosk(config: Path, log: Path) -> subprocess.Popen:
    env = {**os.environ, "SDL_VIDEODRIVER": "dummy", "SDL_AUDIODRIVER": "dummy"}
    return subprocess.Popen(
        [*ACIER, "kiosk", str(config)], env=env, stdout=log.open("ab"), stderr=subprocess.STDOUT
    )


def status(fleet: FleetObserver):
    views = [v for v in fleet.devices() if v.device == DEVICE]
    return views[0].status if views else None


def showing(fleet: FleetObserver, version: str) -> bool:
    s = status(fleet)
    return s is not None and s.state == "online" and s.content_version == version


def settled(link: CuttableLink) -> int:
    """The link's count once nothing has crossed it for half a second."""
    last = -1
    while link.carried != last:
        last = link.carried
        time.sleep(0.5)
    return last


def publish(site_file: Path, media: Path) -> str:
    assert main(["media", "publish", str(media), "--site", str(site_file)]) == 0
    return ContentStore(load_site(site_file).content.store).current().version


def test_publish_reaches_a_kiosk_moving_only_what_changed(floor, tmp_path):
    site_file, kiosk_file, _, link = floor
    media = make_pack(tmp_path / "curator", entries=4, seed=2)
    log = tmp_path / "kiosk.log"
    kiosk = start_kiosk(kiosk_file, log)
    fleet = FleetObserver(load_site(site_file))
    try:
        fleet.connect()
        wait_for(lambda: status(fleet) is not None, timeout=30, what="the kiosk online")
        assert status(fleet).content_version and not status(fleet).content_sync

        v1 = publish(site_file, media)
        wait_for(lambda: showing(fleet, v1), timeout=30, what=f"kiosk on {v1}")

        # one picture changed: only it (and a small manifest) crosses the network
        image = media / "images" / "entry-002.jpg"
        make_image(image, seed=42)
        before = link.carried
        v2 = publish(site_file, media)
        wait_for(lambda: showing(fleet, v2), timeout=30, what=f"kiosk on {v2}")
        moved, size = link.carried - before, image.stat().st_size
        assert size < moved < size + 8192, (moved, size)

        # a big new picture over a slow link; the kiosk is killed mid-download, then resumes
        big = media / "images" / "poster.jpg"
        noise = Image.frombytes("RGB", (1400, 1000), os.urandom(1400 * 1000 * 3))
        noise.save(big, quality=95)
        link.rate = 400_000
        v3 = publish(site_file, media)
        staging = kiosk_file.parent / "content" / "staging" / v3 / "images" / "poster.jpg.part"
        wait_for(
            lambda: staging.is_file() and staging.stat().st_size > 200_000,
            timeout=30,
            what="half a download",
        )
        kiosk.send_signal(signal.SIGKILL)
        kiosk.wait(timeout=10)
        had = staging.stat().st_size
        assert had < big.stat().st_size
        link.rate = None
        before = settled(link)  # what the dead connection still had in flight is not counted
        kiosk = start_kiosk(kiosk_file, log)
        wait_for(lambda: showing(fleet, v3), timeout=30, what=f"kiosk on {v3} after a restart")
        resumed = link.carried - before
        assert resumed < big.stat().st_size - had + 8192, (resumed, had)

        # a picture corrupted on the way: three tries, then the version is refused
        link.corrupt_at = 5000
        make_image(media / "images" / "entry-001.jpg", seed=9)
        v4 = publish(site_file, media)
        wait_for(
            lambda: "do not match" in status(fleet).error, timeout=30, what="a refusal in status"
        )
        assert showing(fleet, v3)  # still on the last good version
        assert v4 in status(fleet).error
        state = SyncState.load(kiosk_file.parent / "content" / "state.json")
        assert state.current == v3 and v4 in state.failed

        # the link is mended and the curator publishes again: the kiosk catches up
        link.corrupt_at = None
        make_image(media / "images" / "entry-001.jpg", seed=10)
        v5 = publish(site_file, media)
        wait_for(lambda: showing(fleet, v5), timeout=30, what=f"kiosk on {v5}")
        assert status(fleet).error == ""
    finally:
        fleet.close()
        kiosk.terminate()
        kiosk.wait(timeout=15)
    assert kiosk.returncode == 0, log.read_text()[-3000:]


def test_publish_refuses_a_pack_with_errors(floor, tmp_path, capsys):
    site_file, _, store, _ = floor
    media = make_pack(tmp_path / "curator", entries=2)
    (media / "timeline" / "entry-001.yaml").write_text(
        (media / "timeline" / "entry-001.yaml").read_text().replace("era: ", "era: nowhere-")
    )
    assert main(["media", "publish", str(media), "--site", str(site_file)]) == 1
    out = capsys.readouterr().out
    assert "entry-001.yaml:" in out and "unknown era" in out
    assert "refused, 1 error(s); nothing was published" in out
    assert store.current() is None
