"""A media folder as a content pack: every file a kiosk needs, with its size and sha256.

The render cache (`.cache/`, made by `acier media build`) is left out: renders depend on the
screen, so each kiosk builds its own, and a one-picture change moves one picture over the
network. Hidden files and editors' leftovers are left out too.
"""

from __future__ import annotations

import hashlib
import time
from pathlib import Path

from acier.protocol.content import Manifest, PackFile

IGNORED_SUFFIXES = (".tmp", ".part", ".swp", "~")


def sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def pack_files(media: Path) -> list[Path]:
    """The files of the pack under `media`, sorted; hidden names (and `.cache/`) skipped."""
    media = Path(media)
    out = []
    for path in sorted(media.rglob("*")):
        relative = path.relative_to(media)
        if any(part.startswith(".") for part in relative.parts):
            continue
        if path.is_file() and not path.name.endswith(IGNORED_SUFFIXES):
            out.append(path)
    return out


def scan(media: Path) -> list[PackFile]:
    """Hash every file of the pack."""
    media = Path(media)
    return [
        PackFile(
            path=path.relative_to(media).as_posix(), sha256=sha256(path), size=path.stat().st_size
        )
        for path in pack_files(media)
    ]


def make_manifest(files: list[PackFile], now: float | None = None) -> Manifest:
    """A new version: its name sorts by time and ends with a digest of the files it holds."""
    now = time.time() if now is None else now
    digest = hashlib.sha256()
    for f in files:
        digest.update(f"{f.path}\0{f.sha256}\n".encode())
    name = time.strftime("%Y%m%d-%H%M%S", time.gmtime(now)) + "-" + digest.hexdigest()[:8]
    return Manifest(version=name, created=now, files=files)
