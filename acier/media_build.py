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
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from PIL import Image

from acier.content_pack import sha256
from acier.kiosk.content import LANGUAGES, load_content
from acier.kiosk.images import PREBUILT, decode, fit, render_path
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
    workers: int = 1,
) -> BuildReport:
    """Render every entry's picture for every display; returns what was done.

    `workers` pictures are rendered at once (Pillow works outside the GIL): all the cores for
    `acier media build`, one on a kiosk so its screen keeps its frame rate."""
    content = load_content(media, languages)
    sizes = sorted({size for d in displays for size in image_sizes(Screen(*d))})
    manifest_path = media / PREBUILT / "manifest.json"
    try:
        old = json.loads(manifest_path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        old = {}
    images = sorted({content.media_path(e.image) for e in content.entries if e.image})
    images = [image for image in images if image.is_file()]
    report = BuildReport(sources=len(images), failed=[])
    manifest: dict[str, dict] = {}
    keys = [image.resolve().relative_to(media.resolve()).as_posix() for image in images]

    def one(job: tuple[Path, str]) -> tuple[str, dict | str, int]:
        image, key = job
        return (key, *_render(media, image, sizes, old.get(key, {})))

    with ThreadPoolExecutor(max_workers=max(1, workers)) as pool:
        for key, entry, rendered in pool.map(one, zip(images, keys, strict=True)):
            if isinstance(entry, str):
                report.failed.append(f"{key}: {entry}")
                continue
            manifest[key] = entry
            report.rendered += rendered
            report.kept += len(entry["renders"]) - rendered
    manifest_path.parent.mkdir(parents=True, exist_ok=True)
    staged = manifest_path.with_suffix(".tmp")
    staged.write_text(json.dumps(manifest, indent=1, sort_keys=True), encoding="utf-8")
    os.replace(staged, manifest_path)
    return report


def _render(
    media: Path, image: Path, sizes: list[tuple[int, int]], before: dict
) -> tuple[dict | str, int]:
    """Make the renders of one picture that are missing or stale.

    Returns its manifest entry (or why it failed) and how many renders were written."""
    source_hash = sha256(image)
    renders = {}
    missing = []
    for size in sizes:
        name = f"{size[0]}x{size[1]}"
        known = before.get("renders", {}).get(name)
        if (
            before.get("sha256") == source_hash
            and known
            and render_path(media, image, size).is_file()
        ):
            renders[name] = known
        else:
            missing.append(size)
    if missing:
        side = max(max(size) for size in missing)
        try:  # decoded once for all its sizes, at the scale the largest of them needs
            source = decode(image, (side, side))
        except (OSError, ValueError, Image.DecompressionBombError) as exc:
            return str(exc), 0
        for size in missing:
            target = render_path(media, image, size)
            target.parent.mkdir(parents=True, exist_ok=True)
            staged = target.with_name(target.name + ".tmp")
            # JPEG at the final size decodes 2-3x faster than resampling the source, where a
            # PNG render of a screen-sized picture would be slower than that
            fit(source, size).save(staged, "JPEG", quality=92, subsampling=0)
            os.replace(staged, target)  # a kiosk never reads half a file
            renders[f"{size[0]}x{size[1]}"] = sha256(target)
    return {"sha256": source_hash, "renders": renders}, len(missing)
