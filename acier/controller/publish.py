"""Publishing a content version: check the pack, store it, announce it to the site's kiosks."""

from __future__ import annotations

import time
from pathlib import Path

from acier.check import CheckResult, check
from acier.controller.content_store import ContentStore
from acier.controller.observer import FleetObserver
from acier.controller.site import SiteConfig
from acier.protocol.content import Manifest
from acier.protocol.fleet import ContentAnnounce
from acier.yamlfile import Problem


class Refused(Exception):
    """The pack has errors; nothing was stored or announced."""

    def __init__(self, result: CheckResult) -> None:
        super().__init__(f"{len(result.errors)} error(s)")
        self.result = result


def publish(
    site: SiteConfig, site_file: Path | None, media: Path
) -> tuple[Manifest, int, list[Problem]]:
    """Check `media` (with the site file, for its languages), store it as the site's current
    version and announce it (retained). Returns the version, the bytes newly stored and the
    check's warnings.

    Raises Refused on errors, TimeoutError if the broker does not confirm the announcement (the
    version is then stored, and publishing again announces it)."""
    result = check([site_file] if site_file else [], [media])
    if result.errors:
        raise Refused(result)
    manifest, added = ContentStore(site.content.store).publish(media)
    announce = ContentAnnounce(
        version=manifest.version,
        url=site.content.url,
        files=len(manifest.files),
        bytes=manifest.size,
        ts=time.time(),
    )
    with FleetObserver(site) as fleet:
        fleet.connect()
        fleet.announce(announce)
    return manifest, added, result.warnings
