"""Content versions: the controller's store and HTTP server, and a kiosk's sync, for real.

A real uvicorn server on a free port serves a real store; `ContentSync` downloads over HTTP
into real folders. The whole chain with MQTT and a kiosk process is in test_content_publish.
"""

from __future__ import annotations

import shutil
import subprocess
import time
import urllib.request
from pathlib import Path

import pytest
from pydantic import ValidationError

from acier.controller.content_store import KEEP_VERSIONS, ContentStore
from acier.controller.web import HttpServer, content_app
from acier.kiosk.sync import MANIFEST, TRIAL_RUNS, ContentSync, SyncError, SyncState
from acier.protocol.content import Manifest, PackFile
from acier.protocol.fleet import ContentAnnounce
from tests.fleet_helpers import wait_for
from tests.sample_content import make_image, make_pack

DISPLAY = ((960, 540),)


@pytest.fixture
def served(tmp_path):
    """A media pack, the controller's store of it and its HTTP server."""
    media = make_pack(tmp_path / "media", entries=4)
    store = ContentStore(tmp_path / "store")
    http = HttpServer(content_app(store), "127.0.0.1", 0)
    http.start()
    yield media, store, http
    http.stop()


def announce(store: ContentStore, http: HttpServer, manifest: Manifest) -> ContentAnnounce:
    return ContentAnnounce(
        version=manifest.version,
        url=f"http://127.0.0.1:{http.port}",
        files=len(manifest.files),
        bytes=manifest.size,
        ts=time.time(),
    )


def new_sync(folder: Path) -> ContentSync:
    sync = ContentSync(folder)
    sync.displays = DISPLAY
    return sync


def store_manifest(store: ContentStore, version: str) -> Manifest:
    return Manifest.model_validate_json(store.manifest_path(version).read_text())


def same_files(a: Path, b: Path) -> bool:
    names = sorted(p.relative_to(a).as_posix() for p in a.rglob("*") if p.is_file())
    others = sorted(
        p.relative_to(b).as_posix()
        for p in b.rglob("*")
        if p.is_file() and not p.relative_to(b).parts[0].startswith(".")
    )
    return names == others and all((a / n).read_bytes() == (b / n).read_bytes() for n in names)


def test_the_store_keeps_each_file_once_and_the_newest_versions(served, tmp_path):
    media, store, _ = served
    first, added = store.publish(media)
    assert added == first.size > 0
    assert store.current() == first
    assert store.publish(media) == (first, 0)  # nothing changed: the same version
    image = media / "images" / "entry-001.jpg"
    make_image(image, seed=77)
    _, added = store.publish(media)
    assert added == image.stat().st_size
    for n in range(KEEP_VERSIONS):
        (media / "timeline" / "entry-002.yaml").open("a").write(f"# edit {n}\n")
        store.publish(media)
    kept = sorted(p.stem for p in store.versions.glob("*.json"))
    assert len(kept) == KEEP_VERSIONS and first.version not in kept
    used = set()
    for name in kept:
        used |= {f.sha256 for f in store_manifest(store, name).files}
    old_picture = next(f.sha256 for f in first.files if f.path == "images/entry-001.jpg")
    assert {p.name for p in store.objects.glob("*/*")} == used and old_picture not in used


def test_a_manifest_cannot_point_outside_the_pack():
    for path in ("../etc/passwd", "/etc/passwd", "a/../../b", "a//b", "a\\b", "./a"):
        with pytest.raises(ValidationError, match="plain relative path"):
            PackFile(path=path, sha256="0" * 64, size=1)


def test_the_server_answers_range_requests_and_404s(served):
    media, store, http = served
    manifest, _ = store.publish(media)
    f = manifest.files[-1]
    url = f"http://127.0.0.1:{http.port}/content/objects/{f.sha256}"
    request = urllib.request.Request(url, headers={"Range": "bytes=10-"})
    with urllib.request.urlopen(request) as response:
        assert response.status == 206
        assert response.read() == (media / f.path).read_bytes()[10:]
    for bad in ("/content/objects/" + "0" * 64, "/content/objects/..%2Fcurrent.json"):
        with pytest.raises(urllib.error.HTTPError) as err:
            urllib.request.urlopen(f"http://127.0.0.1:{http.port}{bad}")
        assert err.value.code == 404


def test_a_kiosk_fetches_only_what_changed(served, tmp_path):
    media, store, http = served
    sync = new_sync(tmp_path / "kiosk")
    v1, _ = store.publish(media)
    path = sync.fetch(announce(store, http, v1))
    assert same_files(media, path)
    assert (path / ".cache").is_dir()  # the kiosk's own renders, for its screen
    sync.switched(v1.version)

    image = media / "images" / "entry-002.jpg"
    make_image(image, seed=123)
    v2, _ = store.publish(media)
    sent = http.counter.sent
    path2 = sync.fetch(announce(store, http, v2))
    moved = http.counter.sent - sent
    size = image.stat().st_size
    assert size <= moved <= size + 4096, (moved, size)  # the picture and a gzipped manifest
    assert same_files(media, path2)
    # the unchanged files are the same inodes as in the running version: no space spent
    other = "images/entry-000.jpg"
    assert (path / other).stat().st_ino == (path2 / other).stat().st_ino


def test_an_interrupted_download_resumes_where_it_stopped(served, tmp_path):
    media, store, http = served
    v1, _ = store.publish(media)
    sync = new_sync(tmp_path / "kiosk")
    big = max(v1.files, key=lambda f: f.size)
    part = tmp_path / "kiosk" / "staging" / v1.version / (big.path + ".part")
    part.parent.mkdir(parents=True)
    part.write_bytes((media / big.path).read_bytes()[: big.size // 2])  # cut off halfway
    sync.fetch(announce(store, http, v1))
    assert http.counter.sent < v1.size - big.size // 2 + 4096
    assert same_files(media, sync.version_path(v1.version))


def test_a_file_corrupted_in_transit_refuses_the_version(served, tmp_path):
    media, store, http = served
    sync = new_sync(tmp_path / "kiosk")
    v1, _ = store.publish(media)
    sync.switched(v1.version)
    sync.fetch(announce(store, http, v1))
    make_image(media / "images" / "entry-003.jpg", seed=5)
    v2, _ = store.publish(media)
    changed = next(f for f in v2.files if f.path == "images/entry-003.jpg")
    damaged = store.object_path(changed.sha256)
    data = bytearray(damaged.read_bytes())
    data[len(data) // 2] ^= 0xFF  # one flipped byte
    damaged.write_bytes(bytes(data))

    reports: list[dict] = []
    sync.start(DISPLAY, lambda **fields: reports.append(fields))
    try:
        sync.announce(announce(store, http, v2))
        wait_for(lambda: v2.version in SyncState.load(sync.state_path).failed, what="refusal")
    finally:
        sync.stop()
    state = SyncState.load(sync.state_path)
    assert state.current == v1.version and sync.ready is None
    assert "entry-003.jpg: the bytes received do not match" in state.failed[v2.version]
    assert any("do not match" in r.get("error", "") for r in reports)
    assert not (tmp_path / "kiosk" / "versions" / v2.version).exists()


def test_a_pack_that_does_not_load_is_refused(served, tmp_path):
    media, store, http = served
    (media / "timeline" / "entry-001.yaml").write_text("year: [unclosed\n", encoding="utf-8")
    broken, _ = store.publish(media)  # `acier media publish` would refuse; an old one might not
    sync = new_sync(tmp_path / "kiosk")
    with pytest.raises(
        SyncError, match=r"does not load: timeline/entry-001.yaml:2:1: invalid YAML"
    ) as err:
        sync.fetch(announce(store, http, broken))
    assert err.value.permanent


def test_a_version_the_kiosk_keeps_stopping_on_is_rolled_back(tmp_path):
    folder = tmp_path / "kiosk"
    old, new = "20260101-000000-aaaaaaaa", "20260102-000000-bbbbbbbb"
    for name in (old, new):
        (folder / "versions" / name).mkdir(parents=True)
        (folder / "versions" / name / MANIFEST).write_text("{}")
    SyncState(new, old, trial=1).save(folder / "state.json")  # just switched to `new`
    for _ in range(TRIAL_RUNS - 1):  # a power cut or two: it starts on `new` again
        assert [v for v, _ in ContentSync(folder).start_candidates()] == [new, old]
    assert [v for v, _ in ContentSync(folder).start_candidates()] == [old]  # a crash loop
    state = SyncState.load(folder / "state.json")
    assert state.current == old and not state.trial
    assert "kept stopping" in state.failed[new]

    SyncState(new, old, trial=1).save(folder / "state.json")
    sync = ContentSync(folder)
    sync.confirm()  # ran for a minute: kept for good
    for _ in range(TRIAL_RUNS + 1):
        assert [v for v, _ in ContentSync(folder).start_candidates()] == [new, old]


@pytest.fixture
def small_disk(tmp_path):
    """A 3 MB tmpfs: a real full disk, not a simulated one."""
    mount = tmp_path / "disk"
    mount.mkdir()
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=3m", "tmpfs", str(mount)])
    if done.returncode != 0:
        pytest.skip("cannot mount a tmpfs here (needs root)")
    yield mount
    subprocess.run(["umount", "-l", str(mount)])


def test_a_full_disk_is_reported_and_nothing_is_applied(served, small_disk):
    media, store, http = served
    v1, _ = store.publish(media)
    sync = new_sync(small_disk / "kiosk")
    with pytest.raises(SyncError, match=r"disk full: .* MB to download .* only .* MB free"):
        sync.fetch(announce(store, http, v1))  # refused before a byte is written
    assert not (small_disk / "kiosk" / "versions").exists()

    # the space was there when it looked, then something else filled the disk
    sync.reserve_bytes = -(10**9)
    with open(small_disk / "filler", "wb") as filler:
        filler.write(b"\0" * (shutil.disk_usage(small_disk).free - v1.size // 2))
    with pytest.raises(SyncError, match="disk full while downloading"):
        sync.fetch(announce(store, http, v1))
    assert not (small_disk / "kiosk" / "staging" / v1.version).exists()  # space given back
    assert not (small_disk / "kiosk" / "versions").exists()
