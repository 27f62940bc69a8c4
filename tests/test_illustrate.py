"""Tests for scripts/illustrate.py, the generator of the timeline illustrations."""

from __future__ import annotations

import importlib.util
from pathlib import Path
from types import ModuleType

import pytest
import yaml
from PIL import Image, ImageChops, ImageStat

SCRIPT = Path(__file__).resolve().parent.parent / "scripts" / "illustrate.py"

# entry id -> (motif, era, year); the last one is left out with --only
ENTRIES = {
    "bessemer-1856": ("converter", "industrial", 1856),
    "coil-1965": ("coil", "modern", 1965),
    "rails-1830": ("rail", "industrial", 1830),
    "mystery-1700": ("no-such-motif", "early", 1700),
    "chart-2000": ("chart", "modern", 2000),
}
DRAWN = ["bessemer-1856", "coil-1965", "rails-1830", "mystery-1700"]


def load_script() -> ModuleType:
    """Import scripts/illustrate.py as a module (scripts/ is not a package)."""
    spec = importlib.util.spec_from_file_location("illustrate", SCRIPT)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


illustrate = load_script()


@pytest.fixture(scope="module")
def media(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A temporary media folder with a few entries, illustrated once with --only."""
    root = tmp_path_factory.mktemp("media")
    timeline = root / "timeline"
    timeline.mkdir()
    eras = [
        {"id": "early", "colour": "#8c6a4f", "title": {"en": "Early"}},
        {"id": "industrial", "colour": "#b5542f", "title": {"en": "Industrial"}},
        {"id": "modern", "colour": "#3f6fa8", "title": {"en": "Modern"}},
    ]
    (timeline / "eras.yaml").write_text(yaml.safe_dump(eras), encoding="utf-8")
    for entry_id, (motif, era, year) in ENTRIES.items():
        entry = {"year": year, "era": era, "image": f"images/{entry_id}.png", "illustration": motif}
        (timeline / f"{entry_id}.yaml").write_text(yaml.safe_dump(entry), encoding="utf-8")
    assert illustrate.main([str(root), "--only", *DRAWN]) == 0
    return root


def image_of(media: Path, entry_id: str) -> Image.Image:
    """The generated illustration of an entry, loaded as RGB."""
    with Image.open(media / "images" / f"{entry_id}.png") as img:
        assert img.format == "PNG"
        return img.convert("RGB")


@pytest.mark.parametrize("entry_id", DRAWN)
def test_each_entry_gets_a_1280x800_png(media: Path, entry_id: str) -> None:
    path = media / "images" / f"{entry_id}.png"
    assert path.exists()
    assert path.stat().st_size < 350_000
    assert image_of(media, entry_id).size == (1280, 800)


@pytest.mark.parametrize("entry_id", DRAWN)
def test_images_are_not_flat(media: Path, entry_id: str) -> None:
    img = image_of(media, entry_id)
    stat = ImageStat.Stat(img)
    assert max(stat.stddev) > 12
    colours = img.getcolors(maxcolors=1 << 16)
    assert colours is None or len(colours) > 64


def test_different_motifs_give_different_images(media: Path) -> None:
    converter = image_of(media, "bessemer-1856")
    coil = image_of(media, "coil-1965")
    diff = ImageStat.Stat(ImageChops.difference(converter, coil))
    assert max(diff.mean) > 10


def test_unknown_motif_falls_back_to_the_year(media: Path) -> None:
    img = image_of(media, "mystery-1700")
    centre = img.crop((320, 200, 960, 600))
    assert max(ImageStat.Stat(centre).stddev) > 30


def test_only_limits_the_output(media: Path) -> None:
    assert not (media / "images" / "chart-2000.png").exists()
    assert sorted(p.stem for p in (media / "images").glob("*.png")) == sorted(DRAWN)
