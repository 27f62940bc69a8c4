"""Generate a synthetic media pack (eras, entries, images) for tests and benchmarks."""

from __future__ import annotations

import random
from pathlib import Path

import yaml
from PIL import Image, ImageDraw

ERAS = [
    ("ancient", "#8c6a4f", {"fr": "Les origines", "nl": "De oorsprong", "en": "Origins"}),
    (
        "industrial",
        "#b5653a",
        {"fr": "L'ère industrielle", "nl": "Het industriële tijdperk", "en": "The industrial age"},
    ),
    ("future", "#4f8a7c", {"fr": "Demain", "nl": "Morgen", "en": "Tomorrow"}),
]

WORDS = {
    "fr": "fer acier fonte haut-fourneau coke minerai laminoir aciérie ouvriers région élève",
    "nl": "ijzer staal gietijzer hoogoven cokes erts walserij arbeiders vakbond",
    "en": "iron steel cast furnace coke ore rolling mill workers region history engineer",
}


def make_image(path: Path, seed: int, size: tuple[int, int] = (1280, 800)) -> None:
    rng = random.Random(seed)
    img = Image.new(
        "RGB", size, (rng.randrange(40, 90), rng.randrange(30, 70), rng.randrange(20, 60))
    )
    draw = ImageDraw.Draw(img)
    for _ in range(12):
        x, y = rng.randrange(size[0]), rng.randrange(size[1])
        r = rng.randrange(30, 220)
        colour = (rng.randrange(120, 256), rng.randrange(60, 200), rng.randrange(0, 120))
        draw.ellipse((x - r, y - r, x + r, y + r), fill=colour)
    path.parent.mkdir(parents=True, exist_ok=True)
    img.save(path, quality=85)


def sentence(rng: random.Random, lang: str, words: int) -> str:
    return " ".join(rng.choice(WORDS[lang].split()) for _ in range(words)).capitalize() + "."


def make_pack(root: Path, entries: int = 12, images: bool = True, seed: int = 3) -> Path:
    """Write a valid pack of `entries` entries under `root`; returns `root`."""
    rng = random.Random(seed)
    timeline = root / "timeline"
    timeline.mkdir(parents=True, exist_ok=True)
    eras = [{"id": i, "colour": c, "title": t} for i, c, t in ERAS]
    (timeline / "eras.yaml").write_text(yaml.safe_dump(eras, allow_unicode=True), encoding="utf-8")
    for n in range(entries):
        era = ERAS[min(len(ERAS) - 1, n * len(ERAS) // entries)][0]
        year = -3000 + n * 5000 // max(1, entries)
        entry = {
            "year": year,
            "date": {lang: str(year) for lang in ("fr", "nl", "en")},
            "era": era,
            "scope": "regional" if n % 3 == 0 else "global",
            "title": {lang: sentence(rng, lang, 4)[:58] for lang in ("fr", "nl", "en")},
            "text": {
                lang: " ".join(sentence(rng, lang, 9) for _ in range(6))[:500]
                for lang in ("fr", "nl", "en")
            },
            "credits": "Illustration: generated for tests.",
            "tags": ["test"],
        }
        if images:
            entry["image"] = f"images/entry-{n:03d}.jpg"
            make_image(root / entry["image"], seed * 1000 + n)
        (timeline / f"entry-{n:03d}.yaml").write_text(
            yaml.safe_dump(entry, allow_unicode=True, sort_keys=False), encoding="utf-8"
        )
    return root
