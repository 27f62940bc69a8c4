"""Timeline content from `media/`: eras and entries, validated with file:line messages.

Pure: no pygame. The kiosk refuses to start on errors (a half-translated exhibit is worse than a
closed one) but only warns about a missing image or video, which the entry is shown without.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

from acier.yamlfile import Problem, YamlDoc, YamlError, load_yaml, validate

LANGUAGES = ("fr", "nl", "en")
MAX_TITLE = 60
MAX_TEXT = 520
ID_PATTERN = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")

Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]
Translated = dict[str, Text]


class Era(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    id: Annotated[str, Field(pattern=ID_PATTERN.pattern)]
    colour: Annotated[str, Field(pattern=r"^#[0-9a-fA-F]{6}$")]
    title: Translated


class Entry(BaseModel):
    """One timeline entry; `id` comes from the file name."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    id: str = ""
    year: int
    date: Translated
    era: str
    scope: Literal["global", "regional"]
    place: Translated | None = None
    title: Translated
    text: Translated
    image: str | None = None
    illustration: str | None = None
    video: str | None = None
    subtitles: dict[str, str] | None = None
    credits: str = ""
    tags: list[str] = []


@dataclass(frozen=True)
class Content:
    """Everything the timeline shows, in display order."""

    root: Path
    eras: tuple[Era, ...]
    entries: tuple[Entry, ...]
    warnings: tuple[Problem, ...] = ()

    def era(self, era_id: str) -> Era:
        return next(e for e in self.eras if e.id == era_id)

    def media_path(self, relative: str | None) -> Path | None:
        return self.root / relative if relative else None


class ContentError(Exception):
    """The content cannot be shown; `problems` lists every error with its position."""

    def __init__(self, problems: list[Problem]) -> None:
        super().__init__("\n".join(str(p) for p in problems))
        self.problems = problems


def _check_languages(doc: YamlDoc, data: dict, keys: tuple[str, ...], loc=()) -> list[Problem]:
    problems = []
    for key in keys:
        value = data.get(key)
        if not isinstance(value, dict):
            continue
        for lang in LANGUAGES:
            if lang not in value:
                problems.append(doc.problem((*loc, key), f"{key}: missing language {lang!r}"))
        for lang in value:
            if lang not in LANGUAGES:
                problems.append(doc.problem((*loc, key, lang), f"{key}: unknown language {lang!r}"))
    return problems


def _check_lengths(doc: YamlDoc, entry: Entry) -> list[Problem]:
    problems = []
    for key, limit in (("title", MAX_TITLE), ("text", MAX_TEXT)):
        for lang, value in getattr(entry, key).items():
            if len(value) > limit:
                problems.append(
                    doc.problem(
                        (key, lang),
                        f"{key} in {lang!r} is {len(value)} characters; at most {limit} fit a card",
                    )
                )
    return problems


def _check_files(doc: YamlDoc, root: Path, entry: Entry) -> list[Problem]:
    refs: list[tuple[tuple, str]] = []
    if entry.image:
        refs.append((("image",), entry.image))
    if entry.video:
        refs.append((("video",), entry.video))
    for lang, sub in (entry.subtitles or {}).items():
        refs.append((("subtitles", lang), sub))
    return [
        doc.problem(loc, f"file not found: {rel} (shown without it)", "warning")
        for loc, rel in refs
        if not (root / rel).is_file()
    ]


def load_eras(path: Path) -> tuple[list[Era], list[Problem]]:
    try:
        doc = load_yaml(path)
    except YamlError as exc:
        return [], [exc.problem]
    if not isinstance(doc.data, list) or not doc.data:
        return [], [doc.problem((), "eras.yaml must be a non-empty list of eras")]
    eras, problems = [], []
    seen: set[str] = set()
    for i, item in enumerate(doc.data):
        era, errors = validate(doc, Era, item, (i,))
        problems += errors
        if isinstance(item, dict):
            problems += _check_languages(doc, item, ("title",), (i,))
        if era:
            if era.id in seen:
                problems.append(doc.problem((i, "id"), f"duplicate era id {era.id!r}"))
            seen.add(era.id)
            eras.append(era)
    return eras, problems


def load_entry(path: Path, root: Path, era_ids: set[str]) -> tuple[Entry | None, list[Problem]]:
    try:
        doc = load_yaml(path)
    except YamlError as exc:
        return None, [exc.problem]
    if not isinstance(doc.data, dict):
        return None, [doc.problem((), "an entry must be a mapping of keys to values")]
    if not ID_PATTERN.match(path.stem):
        msg = f"file name {path.name!r} is not a valid id (lowercase letters, digits, dashes)"
        return None, [doc.problem((), msg)]
    data = {**doc.data, "id": path.stem}
    problems = _check_languages(doc, data, ("title", "text", "date", "place"))
    entry, errors = validate(doc, Entry, data)
    problems += errors
    if entry is None:
        return None, problems
    if entry.era not in era_ids:
        known = ", ".join(sorted(era_ids))
        problems.append(doc.problem(("era",), f"unknown era {entry.era!r} (known: {known})"))
    problems += _check_lengths(doc, entry)
    problems += _check_files(doc, root, entry)
    return entry, problems


def load_content(root: Path) -> Content:
    """Load and validate `root/timeline/`; raises ContentError listing every error."""
    root = Path(root)
    folder = root / "timeline"
    eras_path = folder / "eras.yaml"
    if not eras_path.is_file():
        raise ContentError([Problem(eras_path, 1, 1, "eras.yaml not found")])
    eras, problems = load_eras(eras_path)
    era_ids = {e.id for e in eras}
    entries = []
    for path in sorted(folder.glob("*.yaml")):
        if path.name == "eras.yaml":
            continue
        entry, found = load_entry(path, root, era_ids)
        problems += found
        if entry:
            entries.append(entry)
    errors = [p for p in problems if p.severity == "error"]
    if not errors and not entries:
        errors = [Problem(folder, 1, 1, "no timeline entries found")]
    if errors:
        raise ContentError(errors)
    order = {e.id: i for i, e in enumerate(eras)}
    entries.sort(key=lambda e: (order[e.era], e.year, e.id))
    warnings = tuple(p for p in problems if p.severity != "error")
    return Content(root, tuple(eras), tuple(entries), warnings)
