"""Published content versions on the controller, kept by hash so unchanged files are stored once.

    STORE/objects/<sha256[:2]>/<sha256>    one file's bytes
    STORE/versions/<version>.json          a Manifest
    STORE/current.json                     the Manifest of the version announced last

Every write goes to a temporary name first and is renamed into place, so the HTTP server never
serves half a file, and a publish cut short leaves the previous version whole.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

from acier.content_pack import make_manifest, scan
from acier.protocol.content import Manifest

KEEP_VERSIONS = 5  # older versions (and the objects only they use) are deleted on publish


class ContentStore:
    def __init__(self, root: Path) -> None:
        self.root = Path(root)
        self.objects = self.root / "objects"
        self.versions = self.root / "versions"

    def object_path(self, sha256: str) -> Path:
        return self.objects / sha256[:2] / sha256

    def manifest_path(self, version: str) -> Path:
        return self.versions / f"{version}.json"

    def current(self) -> Manifest | None:
        try:
            text = (self.root / "current.json").read_text(encoding="utf-8")
        except FileNotFoundError:
            return None
        return Manifest.model_validate_json(text)

    def publish(self, media: Path) -> tuple[Manifest, int]:
        """Store the pack in `media` as a new version; returns it and the bytes newly stored.

        A pack identical to the current version is that version again (nothing new to fetch).
        The caller checks the pack first: this stores whatever it is given.
        """
        files = scan(media)
        current = self.current()
        if current is not None and current.files == files:
            return current, 0
        manifest = make_manifest(files)
        added = 0
        for f in files:
            target = self.object_path(f.sha256)
            if target.is_file():
                continue
            target.parent.mkdir(parents=True, exist_ok=True)
            staged = target.with_name(target.name + ".tmp")
            shutil.copyfile(Path(media) / f.path, staged)
            os.replace(staged, target)
            added += f.size
        self.versions.mkdir(parents=True, exist_ok=True)
        text = manifest.model_dump_json()
        _write_atomic(self.manifest_path(manifest.version), text)
        _write_atomic(self.root / "current.json", text)
        self.prune()
        return manifest, added

    def prune(self, keep: int = KEEP_VERSIONS) -> None:
        """Delete all but the newest `keep` versions and the objects no kept version uses."""
        manifests = [
            Manifest.model_validate_json(path.read_text(encoding="utf-8"))
            for path in self.versions.glob("*.json")
        ]
        manifests.sort(key=lambda m: m.created)
        for old in manifests[:-keep]:
            self.manifest_path(old.version).unlink()
        used = {f.sha256 for m in manifests[-keep:] for f in m.files}
        for path in self.objects.glob("*/*"):
            if path.name not in used:
                path.unlink()


def _write_atomic(path: Path, text: str) -> None:
    staged = path.with_name(path.name + ".tmp")
    staged.write_text(text, encoding="utf-8")
    os.replace(staged, path)
