"""Content versions from the controller: download, verify, stage, and switch when nobody looks.

    CONTENT_DIR/versions/<version>/   verified packs: the one running and the one before it
    CONTENT_DIR/staging/<version>/    a download in progress; `*.part` files resume with Range
    CONTENT_DIR/state.json            current, previous, trial, and the versions refused

A worker thread fetches an announced version: files already held (same sha256) are hard-linked
from the running version, the others downloaded into staging and checked against their hash;
then the kiosk's own picture renders are built and the folder is renamed into `versions/`.
Nothing in front of a visitor changes until the app, between frames and only in its attract
loop or asleep, loads the new pack and swaps it in (`ContentSwitch`). A pack that fails to
load is refused and the running one kept; a version the kiosk keeps stopping on before it has
run for a minute (a crash loop) is rolled back at the next start. A full disk stops the
download and frees its staging space: never half a version.
"""

from __future__ import annotations

import errno
import gzip
import json
import logging
import os
import shutil
import threading
import urllib.error
import urllib.request
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from pathlib import Path

from pydantic import ValidationError

from acier.content_pack import sha256
from acier.kiosk.content import LANGUAGES, Content, ContentError, load_content
from acier.media_build import build
from acier.protocol.content import Manifest, manifest_url, object_url
from acier.protocol.fleet import ContentAnnounce

log = logging.getLogger(__name__)

MANIFEST = ".manifest.json"  # the version's manifest, inside its folder
RENDERS = ".cache"  # the render cache of `acier media build`, rebuilt per kiosk
RESERVE_BYTES = 64 * 1024 * 1024  # left free for the outbox and logs
ATTEMPTS = 3  # downloads of one file before its hash mismatch refuses the version
TRIAL_S = 60.0  # a new version that runs this long without the kiosk stopping is kept
TRIAL_RUNS = 3  # runs of a version on trial (the switch is the first) before a rollback
RETRY_S = (5.0, 60.0)  # back-off after a network error, first and longest
CHUNK = 256 * 1024


class SyncError(Exception):
    """A version could not be made ready; `permanent` ones are not tried again."""

    def __init__(self, message: str, permanent: bool = False) -> None:
        super().__init__(message)
        self.permanent = permanent


@dataclass
class SyncState:
    current: str | None = None
    previous: str | None = None
    trial: int = 0  # runs of `current` since the switch, while none has lasted TRIAL_S
    failed: dict[str, str] = field(default_factory=dict)

    @classmethod
    def load(cls, path: Path) -> SyncState:
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
            return cls(**data)
        except FileNotFoundError:
            return cls()
        except (ValueError, TypeError) as exc:
            log.warning("%s is unreadable (%s); starting from the local media", path, exc)
            return cls()

    def save(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        staged = path.with_name(path.name + ".tmp")
        staged.write_text(json.dumps(asdict(self), indent=1), encoding="utf-8")
        os.replace(staged, path)


class ContentSync:
    """Fetches announced versions on its own thread; `ready` holds one waiting to be shown."""

    def __init__(self, content_dir: Path, languages: tuple[str, ...] = LANGUAGES) -> None:
        self.dir = Path(content_dir)
        self.languages = languages  # the ones every text must have (the site's)
        self.displays: tuple[tuple[int, int], ...] = ()  # the screen, to build renders for
        self.report: Callable[..., None] = lambda **fields: None  # the agent's set_status
        self.downloaded = 0  # bytes received over HTTP since start
        self.reserve_bytes = RESERVE_BYTES
        self.ready: tuple[str, Path, Content] | None = None  # version, folder, loaded pack
        self._lock = threading.Lock()
        self._state = SyncState.load(self.state_path)
        self._announced: ContentAnnounce | None = None
        self._wake = threading.Event()
        self._stopping = threading.Event()
        self._thread = threading.Thread(target=self._loop, name="content-sync", daemon=True)

    @property
    def state_path(self) -> Path:
        return self.dir / "state.json"

    def version_path(self, version: str) -> Path:
        return self.dir / "versions" / version

    # --- start-up and the app's side ----------------------------------------------------------

    def start_candidates(self) -> list[tuple[str, Path]]:
        """Versions to start on, best first; a version the kiosk keeps stopping on while on
        trial (a power cut is one stop; a crash loop is many) is rolled back."""
        with self._lock:
            state = self._state
            if state.trial and state.current:
                state.trial += 1
                if state.trial > TRIAL_RUNS:
                    log.warning("the kiosk keeps stopping on %s; rolling back", state.current)
                    state.failed[state.current] = "the kiosk kept stopping on this version"
                    state.current, state.previous, state.trial = state.previous, None, 0
                state.save(self.state_path)
            names = [v for v in (state.current, state.previous) if v]
        return [(v, self.version_path(v)) for v in names if self.version_path(v).is_dir()]

    def refuse(self, version: str, reason: str) -> None:
        """Never try this version again (it failed to load or to verify)."""
        with self._lock:
            self._state.failed[version] = reason
            if self._state.current == version:
                self._state.current, self._state.previous = self._state.previous, None
                self._state.trial = 0
            self._state.save(self.state_path)
        if self.ready and self.ready[0] == version:
            self.ready = None

    def switched(self, version: str) -> None:
        """The app now shows `version`; it stays on trial until `confirm`."""
        with self._lock:
            state = self._state
            if state.current != version:
                state.previous, state.current = state.current, version
            state.trial = 1
            state.save(self.state_path)
        self.ready = None
        self._wake.set()  # the worker prunes versions no longer needed

    def confirm(self) -> None:
        with self._lock:
            if self._state.trial:
                self._state.trial = 0
                self._state.save(self.state_path)

    def announce(self, message: ContentAnnounce) -> None:
        """Called on the MQTT thread: remember the newest announcement and wake the worker."""
        self._announced = message
        self._wake.set()

    def start(self, displays: tuple[tuple[int, int], ...], report: Callable[..., None]) -> None:
        """Start fetching, building renders for `displays`, with progress through `report`."""
        self.displays, self.report = displays, report
        self._thread.start()

    def stop(self) -> None:
        self._stopping.set()
        self._wake.set()
        self._thread.join(timeout=10.0)

    # --- the worker ---------------------------------------------------------------------------

    def _loop(self) -> None:
        delay = None
        while not self._stopping.is_set():
            self._wake.wait(timeout=delay)
            self._wake.clear()
            if self._stopping.is_set():
                return
            self._prune()
            wanted = self._announced
            if wanted is None or not self._wanted(wanted.version):
                delay = None
                continue
            try:
                self.report(content_sync=f"downloading {wanted.version}")
                path = self.fetch(wanted)
                content = self._load(wanted.version, path)
            except SyncError as exc:
                if self._stopping.is_set():
                    return  # a download cut short by the kiosk stopping resumes at next start
                log.warning("content %s: %s", wanted.version, exc)
                self.report(content_sync="", error=f"content {wanted.version}: {exc}")
                if exc.permanent:
                    self.refuse(wanted.version, str(exc))
                    delay = None
                else:
                    delay = min(RETRY_S[1], (delay or RETRY_S[0] / 2) * 2)
                continue
            except Exception as exc:  # the sync must outlive any surprise; retried later
                log.exception("content sync failed")
                self.report(content_sync="", error=f"content {wanted.version}: {exc}")
                delay = RETRY_S[1]
                continue
            delay = None
            self.ready = (wanted.version, path, content)
            self.report(content_sync=f"ready {wanted.version}")
            log.info("content %s is ready (%d bytes downloaded so far)", path, self.downloaded)

    def _load(self, version: str, path: Path) -> Content:
        """The pack as the app will show it, parsed here so the switch costs the app a swap."""
        try:
            return load_content(path, self.languages)
        except ContentError as exc:
            raise _does_not_load(exc, path) from exc

    def _wanted(self, version: str) -> bool:
        with self._lock:
            state = self._state
            known = version in (state.current, *(state.failed or {}))
        return not known and not (self.ready and self.ready[0] == version)

    def _prune(self) -> None:
        """Keep the running, the previous and the announced version, and only the staging of
        the announced one (nothing is pruned before the first announcement arrives)."""
        if self._announced is None:
            return
        announced = self._announced.version
        with self._lock:
            keep = {self._state.current, self._state.previous, announced}
        if self.ready:
            keep.add(self.ready[0])
        for folder, kept in ((self.dir / "versions", keep), (self.dir / "staging", {announced})):
            if folder.is_dir():
                for path in folder.iterdir():
                    if path.name not in kept:
                        shutil.rmtree(path, ignore_errors=True)

    def fetch(self, announced: ContentAnnounce) -> Path:
        """Make `announced` a complete, verified folder under versions/; returns its path."""
        final = self.version_path(announced.version)
        if (final / MANIFEST).is_file():
            return final  # made ready before a restart
        staging = self.dir / "staging" / announced.version
        try:
            manifest = self._manifest(announced)
            staging.mkdir(parents=True, exist_ok=True)
            held = self._held()
            self._check_space(manifest, staging, held)
            self._link_renders(staging)
            for f in manifest.files:
                self._place(announced.url, f, staging, held)
            self._remove_strays(manifest, staging)
            try:
                build(staging, self.displays, self.languages)
            except ContentError as exc:
                raise _does_not_load(exc, staging) from exc
            (staging / MANIFEST).write_text(manifest.model_dump_json(), encoding="utf-8")
            final.parent.mkdir(parents=True, exist_ok=True)
            shutil.rmtree(final, ignore_errors=True)
            os.replace(staging, final)
            return final
        except OSError as exc:
            if exc.errno != errno.ENOSPC:
                raise SyncError(f"cannot write the content folder: {exc}") from exc
            shutil.rmtree(staging, ignore_errors=True)  # give the space back to the kiosk
            raise SyncError(f"disk full while downloading; kept {self._state.current}") from exc

    def _manifest(self, announced: ContentAnnounce) -> Manifest:
        body = self._get(manifest_url(announced.url, announced.version))
        try:
            manifest = Manifest.model_validate_json(body)
        except ValidationError as exc:
            raise SyncError(f"the manifest is invalid: {exc.errors()[0]['msg']}", True) from exc
        if manifest.version != announced.version:
            raise SyncError(f"the manifest is of version {manifest.version}", True)
        return manifest

    def _held(self) -> dict[str, Path]:
        """sha256 -> a verified local file with those bytes, from the running version."""
        current = self._state.current
        if not current:
            return {}
        try:
            text = (self.version_path(current) / MANIFEST).read_text(encoding="utf-8")
            files = Manifest.model_validate_json(text).files
        except (OSError, ValidationError):
            return {}
        root = self.version_path(current)
        return {f.sha256: root / f.path for f in files if (root / f.path).is_file()}

    def _check_space(self, manifest: Manifest, staging: Path, held: dict[str, Path]) -> None:
        needed = 0
        for f in manifest.files:
            if f.sha256 in held or (staging / f.path).is_file():
                continue
            part = _part(staging / f.path)
            needed += f.size - (part.stat().st_size if part.is_file() else 0)
        free = shutil.disk_usage(self.dir).free
        if needed + self.reserve_bytes > free:
            raise SyncError(
                f"disk full: {needed / 1e6:.1f} MB to download and "
                f"{self.reserve_bytes / 1e6:.0f} MB "
                f"to keep free, but only {free / 1e6:.1f} MB free; kept {self._state.current}"
            )

    def _link_renders(self, staging: Path) -> None:
        """The running version's renders, hard-linked, so only changed pictures are rendered."""
        current = self._state.current
        source = self.version_path(current) / RENDERS if current else None
        if source is None or not source.is_dir() or (staging / RENDERS).exists():
            return
        shutil.copytree(source, staging / RENDERS, copy_function=_link_or_copy)

    def _place(self, url: str, f, staging: Path, held: dict[str, Path]) -> None:
        target = staging / f.path
        if target.is_file() and target.stat().st_size == f.size:
            return  # placed (and verified) before an interruption
        target.parent.mkdir(parents=True, exist_ok=True)
        if f.sha256 in held:
            target.unlink(missing_ok=True)
            _link_or_copy(held[f.sha256], target)
            return
        part = _part(target)
        for attempt in range(1, ATTEMPTS + 1):
            self._download(object_url(url, f.sha256), part, f.size)
            if sha256(part) == f.sha256:
                os.replace(part, target)
                return
            log.warning("%s: hash mismatch (attempt %d of %d)", f.path, attempt, ATTEMPTS)
            part.unlink()
        raise SyncError(f"{f.path}: the bytes received do not match the manifest's sha256", True)

    def _download(self, url: str, part: Path, size: int) -> None:
        """Into `part`, resuming from its length with a Range request."""
        have = part.stat().st_size if part.is_file() else 0
        if have > size:
            part.unlink()
            have = 0
        if have == size:
            return
        request = urllib.request.Request(url, headers={"Range": f"bytes={have}-"})
        try:
            with urllib.request.urlopen(request, timeout=15) as response:
                mode = "ab" if response.status == 206 else "wb"  # 200: the whole file again
                with part.open(mode) as out:
                    while block := response.read(CHUNK):
                        out.write(block)
                        self.downloaded += len(block)
                        if self._stopping.is_set():
                            raise SyncError("stopped")
        except urllib.error.HTTPError as exc:
            raise SyncError(f"{url}: HTTP {exc.code}", exc.code == 404) from exc
        except (urllib.error.URLError, TimeoutError, ConnectionError) as exc:
            raise SyncError(f"{url}: {exc}") from exc

    def _get(self, url: str) -> bytes:
        request = urllib.request.Request(url, headers={"Accept-Encoding": "gzip"})
        try:
            with urllib.request.urlopen(request, timeout=15) as response:
                body = response.read()
                gzipped = response.headers.get("Content-Encoding") == "gzip"
        except urllib.error.HTTPError as exc:
            raise SyncError(f"{url}: HTTP {exc.code}", exc.code == 404) from exc
        except (urllib.error.URLError, TimeoutError, ConnectionError) as exc:
            raise SyncError(f"{url}: {exc}") from exc
        self.downloaded += len(body)
        try:
            return gzip.decompress(body) if gzipped else body
        except (OSError, EOFError) as exc:
            raise SyncError(f"{url}: a broken gzip body: {exc}") from exc

    def _remove_strays(self, manifest: Manifest, staging: Path) -> None:
        wanted = {f.path for f in manifest.files}
        for path in staging.rglob("*"):
            relative = path.relative_to(staging)
            if relative.parts[0] in (RENDERS, MANIFEST) or not path.is_file():
                continue
            if relative.as_posix() not in wanted:
                path.unlink()


def _does_not_load(exc: ContentError, root: Path) -> SyncError:
    """The first problem, placed inside the pack (the staging folder's name is noise)."""
    first = exc.problems[0]
    where = f"{first.path.relative_to(root)}:{first.line}:{first.column}"
    return SyncError(f"the pack does not load: {where}: {first.message}", permanent=True)


def _part(target: Path) -> Path:
    return target.with_name(target.name + ".part")


def _link_or_copy(source: Path | str, target: Path | str) -> None:
    """A hard link costs no space; a copy where links are impossible (another filesystem)."""
    try:
        os.link(source, target)
    except OSError:
        shutil.copy2(source, target)


class ContentSwitch:
    """An app hook: shows a ready version at a safe moment (attract loop or asleep)."""

    def __init__(self, app, sync: ContentSync, remote) -> None:
        self.app = app
        self.sync = sync
        self.remote = remote  # TimelineRemote: its media folder follows the version shown
        self.trial_since: float | None = None

    def __call__(self, now: float) -> None:
        if self.trial_since is not None and now - self.trial_since >= TRIAL_S:
            self.sync.confirm()
            self.trial_since = None
        ready = self.sync.ready
        if ready is None or self.app.mode not in ("attract", "asleep"):
            return
        version, path, content = ready
        self.app.use_content(content)
        self.remote.use_version(version, path)
        self.sync.switched(version)
        self.trial_since = now
        self.sync.report(content_sync="", error="")
        log.info("now showing content %s", version)
