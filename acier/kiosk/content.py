"""Timeline content from `media/`: eras and entries, validated with file:line messages.

Pure: no pygame. The kiosk refuses to start on errors (a half-translated exhibit is worse than a
closed one) but only warns about a missing image or video, which the entry is shown without.

Every text must be in each language the site requires (all three unless the site file says
otherwise); a language the site does not require may be missing, and the kiosk then shows the
first language the text has, in the site's order.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

from acier.yamlfile import Problem, YamlDoc, YamlError, load_yaml, validate

LANGUAGES = ("fr", "nl", "en")
SUFFIXES = (".yaml", ".yml")  # both are read; `a.yaml` and `a.yml` are the same id twice
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
    languages: tuple[str, ...] = LANGUAGES  # the languages every text has in full

    def era(self, era_id: str) -> Era:
        return next(e for e in self.eras if e.id == era_id)

    def media_path(self, relative: str | None) -> Path | None:
        return self.root / relative if relative else None

    def entry_file(self, entry_id: str) -> Path:
        """The file an entry was read from (`<id>.yaml`, or `<id>.yml`)."""
        folder = self.root / "timeline"
        found = [p for p in _yaml_files(folder) if p.stem == entry_id] if folder.is_dir() else []
        return found[0] if found else folder / f"{entry_id}.yaml"


class ContentError(Exception):
    """The content cannot be shown; `problems` lists every error with its position."""

    def __init__(self, problems: list[Problem]) -> None:
        super().__init__("\n".join(str(p) for p in problems))
        self.problems = problems


def _check_languages(
    doc: YamlDoc, data: dict, keys: tuple[str, ...], languages: tuple[str, ...], loc=()
) -> list[Problem]:
    problems = []
    for key in keys:
        value = data.get(key)
        if not isinstance(value, dict):
            continue
        for lang in languages:
            if lang not in value:
                problems.append(doc.problem((*loc, key), f"{key}: missing language {lang!r}"))
        for lang in value:
            if lang not in LANGUAGES:
                problems.append(doc.problem((*loc, key, lang), f"{key}: unknown language {lang!r}"))
    return problems


def _complete(value: dict[str, str], languages: tuple[str, ...]) -> dict[str, str]:
    """`value` in every language: one the site does not require shows the first it has."""
    present = [lang for lang in (*languages, *LANGUAGES) if value.get(lang)]
    if not present or all(value.get(lang) for lang in LANGUAGES):
        return value
    return {**value, **{lang: value.get(lang) or value[present[0]] for lang in LANGUAGES}}


def _check_subtitles(doc: YamlDoc, entry: Entry, languages: tuple[str, ...]) -> list[Problem]:
    if not entry.subtitles:
        return []
    problems = [
        doc.problem(("subtitles", lang), f"subtitles: unknown language {lang!r}", at_key=True)
        for lang in entry.subtitles
        if lang not in LANGUAGES
    ]
    for lang in languages:
        if lang not in entry.subtitles:
            message = (
                f"subtitles: missing language {lang!r} (the video plays without subtitles in it)"
            )
            problems.append(doc.problem(("subtitles",), message, "warning"))
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


def media_refs(entry: Entry) -> list[tuple[tuple, str]]:
    """(key path in the entry's file, path relative to media/) of every file it shows."""
    refs: list[tuple[tuple, str]] = []
    if entry.image:
        refs.append((("image",), entry.image))
    if entry.video:
        refs.append((("video",), entry.video))
    for lang, sub in (entry.subtitles or {}).items():
        refs.append((("subtitles", lang), sub))
    return refs


def outside(relative: str) -> bool:
    """True if a path written in an entry leaves the media folder (absolute, or `../`)."""
    path = relative.replace("\\", "/")
    return path.startswith("/") or os.path.normpath(path).split("/")[0] == ".."


def _check_files(doc: YamlDoc, root: Path, entry: Entry, missing: str) -> list[Problem]:
    problems = []
    for loc, rel in media_refs(entry):
        if outside(rel):
            message = f"{rel} is outside the media folder; give a path inside it, like images/…"
            problems.append(doc.problem(loc, message))
        elif not (root / rel).is_file():
            problems.append(doc.problem(loc, f"file not found: {rel} (shown without it)", missing))
    return problems


def _read_eras(
    path: Path, languages: tuple[str, ...]
) -> tuple[list[Era], list[Problem], dict[str, Problem]]:
    """The eras, their problems, and for each era id a warning placed at it (for unused eras)."""
    try:
        doc = load_yaml(path)
    except YamlError as exc:
        return [], [exc.problem], {}
    if not isinstance(doc.data, list) or not doc.data:
        return [], [doc.problem((), f"{path.name} must be a non-empty list of eras")], {}
    eras, problems = [], []
    places: dict[str, Problem] = {}
    for i, item in enumerate(doc.data):
        era, errors = validate(doc, Era, item, (i,))
        problems += errors
        if isinstance(item, dict):
            problems += _check_languages(doc, item, ("title",), languages, (i,))
        if era:
            if era.id in places:
                problems.append(doc.problem((i, "id"), f"duplicate era id {era.id!r}"))
                continue
            message = f"era {era.id!r} has no entries: it is not shown on the timeline"
            places[era.id] = doc.problem((i, "id"), message, "warning")
            eras.append(era.model_copy(update={"title": _complete(era.title, languages)}))
    return eras, problems, places


def load_entry(
    path: Path,
    root: Path,
    era_ids: set[str],
    languages: tuple[str, ...] = LANGUAGES,
    missing: str = "warning",
) -> tuple[Entry | None, list[Problem]]:
    """One entry file; `missing` is the severity of a file it shows that is not there."""
    try:
        doc = load_yaml(path)
    except YamlError as exc:
        return None, [exc.problem]
    if not isinstance(doc.data, dict):
        return None, [doc.problem((), "an entry must be a mapping of keys to values")]
    if not ID_PATTERN.match(path.stem):
        msg = f"file name {path.name!r} is not a valid id (lowercase letters, digits, dashes)"
        return None, [doc.problem((), msg)]
    problems = []
    if "id" in doc.data and doc.data["id"] != path.stem:
        message = (
            f"id: an entry's id is its file name ({path.stem!r}); remove this line, "
            "or rename the file"
        )
        problems.append(doc.problem(("id",), message, at_key=True))
    data = {**doc.data, "id": path.stem}
    problems += _check_languages(doc, data, ("title", "text", "date", "place"), languages)
    entry, errors = validate(doc, Entry, data)
    problems += errors
    if entry is None:
        return None, problems
    if entry.era not in era_ids:
        known = ", ".join(sorted(era_ids))
        problems.append(doc.problem(("era",), f"unknown era {entry.era!r} (known: {known})"))
    problems += _check_lengths(doc, entry)
    problems += _check_subtitles(doc, entry, languages)
    problems += _check_files(doc, root, entry, missing)
    texts = {"title": entry.title, "text": entry.text, "date": entry.date, "place": entry.place}
    update = {key: _complete(value, languages) for key, value in texts.items() if value}
    return entry.model_copy(update=update), problems


def _yaml_files(folder: Path) -> list[Path]:
    return sorted(p for p in folder.glob("*") if p.suffix.lower() in SUFFIXES and p.is_file())


def inspect_content(
    root: Path, languages: tuple[str, ...] = LANGUAGES, missing: str = "warning"
) -> tuple[Content, list[Problem]]:
    """Everything that validated in `root/timeline/`, and every problem (errors and warnings).

    `missing` is the severity of a file an entry shows that is not there."""
    root = Path(root)
    folder = root / "timeline"
    files = _yaml_files(folder) if folder.is_dir() else []
    era_files = [p for p in files if p.stem == "eras"]
    if not era_files:
        return Content(root, (), (), (), languages), [
            Problem(folder / "eras.yaml", 1, 1, "eras.yaml not found")
        ]
    eras, problems, places = _read_eras(era_files[0], languages)
    problems += [
        Problem(extra, 1, 1, f"a second eras file; the eras are in {era_files[0]}")
        for extra in era_files[1:]
    ]
    era_ids = {e.id for e in eras}
    entries = []
    seen: dict[str, Path] = {}
    for path in files:
        if path.stem == "eras":
            continue
        if path.stem in seen:
            message = f"entry id {path.stem!r} is also {seen[path.stem]}: remove one of the two"
            problems.append(Problem(path, 1, 1, message))
            continue
        seen[path.stem] = path
        entry, found = load_entry(path, root, era_ids, languages, missing)
        problems += found
        if entry:
            entries.append(entry)
    used = {e.era for e in entries}
    problems += [place for era_id, place in places.items() if era_id not in used and entries]
    errors = [p for p in problems if p.severity == "error"]
    if not errors and not entries:
        problems.append(Problem(folder, 1, 1, "no timeline entries found"))
    order = {e.id: i for i, e in enumerate(eras)}
    entries.sort(key=lambda e: (order.get(e.era, len(order)), e.year, e.id))
    warnings = tuple(p for p in problems if p.severity != "error")
    return Content(root, tuple(eras), tuple(entries), warnings, languages), problems


def load_content(root: Path, languages: tuple[str, ...] = LANGUAGES) -> Content:
    """Load and validate `root/timeline/`; raises ContentError listing every error.

    `languages` are the ones every text must have (the site's `languages`)."""
    content, problems = inspect_content(root, tuple(languages))
    errors = [p for p in problems if p.severity == "error"]
    if errors:
        raise ContentError(errors)
    return content
