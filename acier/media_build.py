"""`acier media build`: every picture pre-rendered at every size the kiosks show it.

A Raspberry Pi then only decodes a picture already at its final size instead of resampling a
large one with Lanczos, the costliest step of showing it. Renders go to
`MEDIA/.cache/<W>x<H>/<path of the image>.jpg` (JPEG, quality 92), with
`MEDIA/.cache/manifest.json` recording the sha256 of every source and every render. A rebuild
re-renders only images whose source hash changed (or whose render is missing), so an unchanged
pack costs one hash per file.
The kiosk uses a render only when it is newer than its source (see `ImageCache`).
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from pathlib import Path

from PIL import Image

from acier.content_pack import sha256
from acier.kiosk.content import LANGUAGES, load_content
from acier.kiosk.images import PREBUILT, load_scaled, render_path
from acier.kiosk.layout import Screen, image_sizes

DISPLAYS = ((1920, 1080), (1080, 1920))  # the supported kiosk screens


@dataclass
class BuildReport:
    sources: int = 0
    rendered: int = 0  # renders written this time
    kept: int = 0  # renders whose source had not changed
    failed: list[str] | None = None


def build(
    media: Path,
    displays: tuple[tuple[int, int], ...] = DISPLAYS,
    languages: tuple[str, ...] = LANGUAGES,
) -> BuildReport:
    """Render every entry's picture for every display; returns what was done."""
    content = load_content(media, languages)
    sizes = sorted({size for d in displays for size in image_sizes(Screen(*d))})
    manifest_path = media / PREBUILT / "manifest.json"
    try:
        old = json.loads(manifest_path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        old = {}
    images = sorted({content.media_path(e.image) for e in content.entries if e.image})
    report = BuildReport(failed=[])
    manifest: dict[str, dict] = {}
    for image in images:
        if not image.is_file():
            continue
        report.sources += 1
        key = image.resolve().relative_to(media.resolve()).as_posix()
        source_hash = sha256(image)
        before = old.get(key, {})
        renders = {}
        for size in sizes:
            name = f"{size[0]}x{size[1]}"
            target = render_path(media, image, size)
            known = before.get("renders", {}).get(name)
            if before.get("sha256") == source_hash and known and target.is_file():
                renders[name] = known
                report.kept += 1
                continue
            try:
                pixels, real = load_scaled(image, size)
            except (OSError, ValueError, Image.DecompressionBombError) as exc:
                report.failed.append(f"{key}: {exc}")
                break
            target.parent.mkdir(parents=True, exist_ok=True)
            staged = target.with_suffix(".tmp")
            # JPEG at the final size decodes 2-3x faster than resampling the source, where a PNG
            # render of a screen-sized picture would be slower than that
            render = Image.frombytes("RGB", real, pixels)
            render.save(staged, "JPEG", quality=92, subsampling=0)
            os.replace(staged, target)  # a kiosk never reads half a file
            renders[name] = sha256(target)
            report.rendered += 1
        manifest[key] = {"sha256": source_hash, "renders": renders}
    manifest_path.parent.mkdir(parents=True, exist_ok=True)
    staged = manifest_path.with_suffix(".tmp")
    staged.write_text(json.dumps(manifest, indent=1, sort_keys=True), encoding="utf-8")
    os.replace(staged, manifest_path)
    return report
