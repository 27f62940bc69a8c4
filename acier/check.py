"""`acier check`: the site file, every device file and the media they show, checked together.

Each file is validated on its own first (file:line:column for every problem), a device file
merged with what it inherits from the `site.yaml` next to it; then the files are checked against
each other: one site file, each device on that site and in one of its zones, no device id used
twice. Every media folder a device points at is checked as content, in every language the
devices using it require, and more strictly than the kiosk does: a file an entry shows that is
missing or cannot be read is an error here (the kiosk shows the entry without it), and every
text must fit its open card at the largest text size on both screens.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass, field
from pathlib import Path

from PIL import Image, UnidentifiedImageError

from acier.config import SITE_FILES, ConfigError, KioskConfig, load_device
from acier.controller.site import SiteConfig, load_site
from acier.kiosk.content import LANGUAGES, Content, inspect_content, media_refs, outside
from acier.kiosk.layout import TEXT_SCALES, DetailGeometry, Screen
from acier.kiosk.subtitles import SubtitleError, parse_srt
from acier.media_build import DISPLAYS
from acier.yamlfile import Positioned, Problem, YamlDoc, YamlError, load_yaml

# Larger text may shrink a little to fit its card (the kiosk does), never below this share of
# the size asked for; a text that would have to shrink more is too long.
MIN_TEXT_SHRINK = 0.85


@dataclass
class CheckResult:
    errors: list[Problem] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)
    summary: list[str] = field(default_factory=list)


def yaml_files(paths: list[Path]) -> list[Path]:
    """The files named, and the *.yaml and *.yml files directly inside the folders named."""
    out: list[Path] = []
    for path in paths:
        if path.is_dir():
            out += sorted(p for p in path.glob("*") if p.suffix in (".yaml", ".yml"))
        else:
            out.append(path)
    return out


def _is_site(doc: YamlDoc) -> bool:
    return isinstance(doc.data, dict) and "site" in doc.data and "device" not in doc.data


def check(paths: list[Path], media: list[Path]) -> CheckResult:
    """Check config files (or folders of them) and media folders; nothing is started.

    A folder in `paths` that holds a `timeline/` folder is a media folder (`acier check media`);
    a folder with neither config files nor a timeline is an error, not a silent "ok"."""
    result = CheckResult()
    media = [*media, *(p for p in paths if p.is_dir() and (p / "timeline").is_dir())]
    paths = [p for p in paths if p not in media]
    for folder in paths:
        if folder.is_dir() and not yaml_files([folder]):
            message = "nothing to check here: no config files (*.yaml) and no timeline/ folder"
            result.errors.append(Problem(folder, 1, 1, message))
    site: tuple[Path, SiteConfig] | None = None
    devices: list[tuple[Positioned, KioskConfig]] = []
    for path in yaml_files(paths):
        try:
            doc = load_yaml(path)
        except YamlError as exc:
            result.errors.append(exc.problem)
            continue
        try:
            if _is_site(doc):
                config = load_site(path)
                if site is not None:
                    result.errors.append(
                        doc.problem(("site",), f"a second site file; the site is {site[0]}")
                    )
                    continue
                site = (path, config)
                result.warnings += _unnamed_site(doc)
            else:
                config, sources, warnings = load_device(path)
                result.warnings += warnings
                devices.append((sources, config.resolved(path.parent.resolve())))
        except ConfigError as exc:
            result.errors += exc.problems
    result.errors += _cross_check(site, devices)
    # each media folder, in every language a device showing it (or the site) requires
    folders: dict[Path, tuple[Path, list[str]]] = {}
    for folder in media:
        languages = list(site[1].languages if site else LANGUAGES)
        folders.setdefault(folder.resolve(), (folder, []))[1].extend(languages)
    for _, config in devices:
        folders.setdefault(config.media, (config.media, []))[1].extend(config.languages)
    for folder, languages in folders.values():
        content, problems = inspect_content(folder, tuple(dict.fromkeys(languages)), "error")
        problems += _media_files(content) + _text_fit(content)
        result.errors += [p for p in problems if p.severity == "error"]
        result.warnings += [p for p in problems if p.severity != "error"]
        result.summary.append(
            f"{folder}: {len(content.entries)} entries in {len(content.eras)} eras"
        )
    if site:
        result.summary.append(f"{site[0]}: site {site[1].site}, {len(devices)} device(s)")
    # a mistake in a site's defaults is found once per device that inherits it: say it once
    result.errors = list(dict.fromkeys(result.errors))
    result.warnings = list(dict.fromkeys(result.warnings))
    return result


def _unnamed_site(doc: YamlDoc) -> list[Problem]:
    """Devices inherit only from a site file named site.yaml: say so where it matters."""
    if doc.path.name in SITE_FILES:
        return []
    return [
        doc.problem(
            (key,),
            f"{key}: only a site file named site.yaml passes its {key} to the device files "
            f"in its folder; rename {doc.path.name} to site.yaml",
            "warning",
            at_key=True,
        )
        for key in ("languages", "defaults")
        if key in doc.data
    ]


def _cross_check(
    site: tuple[Path, SiteConfig] | None, devices: list[tuple[Positioned, KioskConfig]]
) -> list[Problem]:
    problems: list[Problem] = []
    seen: dict[str, Positioned] = {}
    for doc, config in devices:
        first = seen.setdefault(config.device, doc)
        if first is not doc:
            where = first.problem(("device",), "")
            problems.append(
                doc.problem(
                    ("device",),
                    f"device id {config.device!r} is also used by {where.path}:{where.line}",
                )
            )
        if site is None or config.fleet is None:
            continue
        path, site_config = site
        if config.fleet.site != site_config.site:
            problems.append(
                doc.problem(
                    ("fleet", "site"),
                    f"site {config.fleet.site!r} is not the site of {path} ({site_config.site!r})",
                )
            )
        zones = site_config.zones
        if config.fleet.zone and zones and config.fleet.zone not in zones:
            hint = difflib.get_close_matches(config.fleet.zone, zones, n=1)
            suffix = f" (did you mean {hint[0]!r}?)" if hint else ""
            problems.append(
                doc.problem(
                    ("fleet", "zone"),
                    f"zone {config.fleet.zone!r} is not one of the zones in {path}: "
                    f"{', '.join(zones)}{suffix}",
                )
            )
    return problems


def _media_files(content: Content) -> list[Problem]:
    """Every picture, video and subtitle file an entry shows, opened: an error for one that
    cannot be read, a warning for a picture smaller than its open card."""
    shown = {d: DetailGeometry(Screen(*d), TEXT_SCALES[0]).media[2:] for d in DISPLAYS}
    problems = []
    for entry in content.entries:
        doc: YamlDoc | None = None
        for loc, rel in media_refs(entry):
            path = content.root / rel
            if outside(rel) or not path.is_file():
                continue  # reported by the content check
            if loc[0] == "image":
                size, message = _read_image(path)
                if message is None and size is not None:
                    message = _too_small(rel, size, shown)
                    severity = "warning"
                else:
                    severity = "error"
            elif loc[0] == "video":
                message, severity = _probe_video(path), "error"
            else:
                found = _read_subtitles(path)
                if isinstance(found, Problem):
                    problems.append(found)
                    continue
                message, severity = found, "error"
            if message:
                doc = doc or load_yaml(content.entry_file(entry.id))
                problems.append(doc.problem(loc, f"{rel} {message}", severity))
    return problems


def _read_image(path: Path) -> tuple[tuple[int, int] | None, str | None]:
    """The picture's size, or why Pillow cannot read it: its structure is verified (PNG chunks
    and their checksums). Verifying does not see a JPEG cut short: one whose end-of-image
    marker is not in its last kilobyte is decoded at 1/8 scale to find out."""
    try:
        with Image.open(path) as img:
            size, kind = img.size, img.format
            img.verify()
        if kind == "JPEG" and not _ends_a_jpeg(path):
            with Image.open(path) as img:
                img.draft("RGB", (img.width // 8, img.height // 8))
                img.load()
        return size, None
    except UnidentifiedImageError:
        return None, "cannot be read: it is not a picture (PNG or JPEG)"
    except Exception as exc:  # Pillow raises many kinds for damaged files
        return None, f"cannot be read: the picture is damaged ({exc})"


def _ends_a_jpeg(path: Path) -> bool:
    """True if the end-of-image marker FF D9 is in the last kilobyte (inside the compressed data
    an FF byte is always followed by 00 or a restart marker, so it cannot be mistaken)."""
    with path.open("rb") as f:
        f.seek(max(0, path.stat().st_size - 1024))
        return b"\xff\xd9" in f.read()


def _too_small(rel: str, size: tuple[int, int], shown: dict) -> str | None:
    width, height = size
    for (dw, dh), (mw, mh) in shown.items():
        if width < mw or height < mh:
            return (
                f"is {width}×{height}, smaller than the {mw}×{mh} it is shown at on a "
                f"{dw}×{dh} screen: it will look soft"
            )
    return None


# Containers libvlc plays, by the bytes they start with (MP4/MOV are walked box by box).
_ISO_BOXES = {b"ftyp", b"moov", b"mdat", b"free", b"skip", b"wide", b"pnot"}
_MAGIC = {
    b"\x1aE\xdf\xa3": "Matroska/WebM",
    b"OggS": "Ogg",
    b"\x00\x00\x01\xba": "MPEG program stream",
}


def _probe_video(path: Path) -> str | None:
    """Why the file is not a playable video container, from its first bytes and (MP4, MOV) its
    top-level boxes; reads a few bytes, not the video."""
    size = path.stat().st_size
    with path.open("rb") as f:
        head = f.read(12)
        if not head:
            return "cannot be played: the file is empty"
        if head[4:8] in _ISO_BOXES:
            return _walk_boxes(f, size)
        if head[:4] in _MAGIC or (head[:4] == b"RIFF" and head[8:12] == b"AVI "):
            return None
        f.seek(188)
        if head[:1] == b"G" and f.read(1) == b"G":  # MPEG transport stream: 0x47 every 188
            return None
    return "cannot be played: it is not a video file (MP4, MOV, WebM, MKV, AVI, Ogg or MPEG)"


def _walk_boxes(f, size: int) -> str | None:
    pos, seen = 0, set()
    while pos < size and len(seen) < 100_000:
        f.seek(pos)
        header = f.read(16)
        if len(header) < 8:
            return f"is cut short: it ends inside a box header at byte {pos}"
        length, kind = int.from_bytes(header[:4], "big"), header[4:8]
        if length == 1 and len(header) == 16:
            length = int.from_bytes(header[8:16], "big")
        elif length == 0:  # the last box runs to the end of the file
            length = size - pos
        name = kind.decode("latin-1")
        if length < 8:
            return f"cannot be played: the file is damaged (box {name!r} at byte {pos})"
        if pos + length > size:
            return (
                f"is cut short: its {name!r} box needs {pos + length} bytes, the file has "
                f"{size} (an unfinished copy or export?)"
            )
        seen.add(kind)
        pos += length
    if b"moov" not in seen:
        return "cannot be played: it has no 'moov' box, the video's index (an unfinished export?)"
    return None


def _read_subtitles(path: Path) -> Problem | str | None:
    """A problem at the subtitle file's own line, or a message for the entry's line."""
    data = path.read_bytes()
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        return Problem(path, line, 1, "not UTF-8 text: save the file as UTF-8")
    try:
        cues = parse_srt(text, str(path))
    except SubtitleError as exc:
        where, _, message = str(exc).removeprefix(f"{path}:").partition(": ")
        line = int(where) if where.isdigit() else 1
        return Problem(path, line, 1, message or str(exc))
    return None if cues else "has no subtitles in it"


def _text_fit(content: Content) -> list[Problem]:
    """A text that cannot fit its open card at the largest text size (shrinking at most to
    MIN_TEXT_SHRINK, as the kiosk does), in any language, on either screen: an error at it."""
    from acier.kiosk import text
    from acier.kiosk.detail_view import card_text
    from acier.kiosk.style import INK

    scale = TEXT_SCALES[-1]
    problems: dict[tuple[str, str], Problem] = {}
    for display in DISPLAYS:
        screen = Screen(*display)
        geometry = DetailGeometry(screen, scale)
        for entry in content.entries:
            measured: set[tuple[str, int, int]] = set()
            for lang in dict.fromkeys((*content.languages, *LANGUAGES)):
                _, _, width, room = card_text(screen, geometry, entry, lang, scale, INK).body
                body = entry.text[lang]
                if (body, width, room) in measured or (entry.id, lang) in problems:
                    continue
                measured.add((body, width, room))
                found = _overflow(text, body, round(31 * screen.unit * scale), width, room)
                if found:
                    lines, fit = found
                    extra = round(len(body) * (lines - fit) / lines)
                    message = (
                        f"text in {lang!r} is too long for its card at the largest text size "
                        f"on a {display[0]}×{display[1]} screen: it takes {lines} lines, "
                        f"{fit} fit (about {extra} characters too many)"
                    )
                    doc = load_yaml(content.entry_file(entry.id))
                    problems[(entry.id, lang)] = doc.problem(("text", lang), message)
    return list(problems.values())


def _overflow(text, body: str, wanted: int, width: int, room: int) -> tuple[int, int] | None:
    """None if `body` fits `room` at `wanted` or shrunk no further than MIN_TEXT_SHRINK;
    else (lines it takes, lines that fit) at the smallest size allowed."""
    f = text.font("regular", wanted)
    if text.line_step(f) * len(text.wrap(body, f, width)) <= room:
        return None
    if text.fit_size(body, "regular", wanted, width, room) >= MIN_TEXT_SHRINK * wanted:
        return None
    size = wanted  # the smallest size of the kiosk's steps (text.fit_size) still allowed
    while size - max(1, size // 12) >= MIN_TEXT_SHRINK * wanted:
        size -= max(1, size // 12)
    f = text.font("regular", size)
    return len(text.wrap(body, f, width)), room // text.line_step(f)
