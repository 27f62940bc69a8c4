"""The content-distribution contract: a pack's manifest, and where its files are on the server.

`acier media publish` writes a Manifest for every content version; the controller's HTTP server
serves it and every file of the pack by hash, and the version is announced over MQTT
(`fleet.ContentAnnounce`). Kiosks trust nothing in a manifest they have not validated here:
a path that could leave the kiosk's content folder is refused.

    GET <url>/content/versions/<version>.json    the Manifest (JSON)
    GET <url>/content/objects/<sha256>           one file, by the sha256 of its bytes (Range ok)
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field

VERSION_PATTERN = r"^[0-9]{8}-[0-9]{6}-[0-9a-f]{8}$"  # 20261129-101500-1a2b3c4d
SHA256_PATTERN = r"^[0-9a-f]{64}$"


def _safe_path(path: str) -> str:
    parts = path.split("/")
    if (
        path.startswith("/")
        or "\\" in path
        or "\x00" in path
        or any(p in ("", ".", "..") for p in parts)
    ):
        raise ValueError(f"{path!r} is not a plain relative path inside the pack")
    return path


class PackFile(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    path: Annotated[str, Field(min_length=1, max_length=512), AfterValidator(_safe_path)]
    sha256: Annotated[str, Field(pattern=SHA256_PATTERN)]
    size: int = Field(ge=0)


class Manifest(BaseModel):
    """Every file of one content version (the media folder without its render cache)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    v: Literal[1] = 1
    version: Annotated[str, Field(pattern=VERSION_PATTERN)]
    created: float
    files: list[PackFile]

    @property
    def size(self) -> int:
        return sum(f.size for f in self.files)


def manifest_url(base: str, version: str) -> str:
    return f"{base.rstrip('/')}/content/versions/{version}.json"


def object_url(base: str, sha256: str) -> str:
    return f"{base.rstrip('/')}/content/objects/{sha256}"
