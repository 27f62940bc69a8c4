"""SubRip (.srt) subtitles: parsing and lookup by time.

Pure Python (no pygame, no vlc) so `acier check` can validate subtitle files without a display.
Curators edit these files by hand, often on Windows, so the parser accepts a BOM, CRLF line
endings, missing or extra blank lines and a missing cue number; a timestamp it cannot read is an
error that names the file and line.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

_TIMING = re.compile(r"^\s*(?P<start>\S+)\s*-->\s*(?P<end>\S+)(?:\s+.*)?$")
# Hours optional; comma (the SRT standard) or dot before the milliseconds, 1 to 3 digits.
_TIMESTAMP = re.compile(
    r"^(?:(?P<h>\d+):)?(?P<m>[0-5]?\d):(?P<s>[0-5]?\d)(?:[,.](?P<ms>\d{1,3}))?$"
)


class SubtitleError(ValueError):
    """A malformed subtitle file; the message starts with "<source>:<line>: "."""


@dataclass(frozen=True)
class Cue:
    """One subtitle shown from start_s (inclusive) to end_s (exclusive)."""

    start_s: float
    end_s: float
    text: str


def _parse_timestamp(value: str, source: str, line: int) -> float:
    match = _TIMESTAMP.match(value)
    if match is None:
        raise SubtitleError(f"{source}:{line}: malformed timestamp {value!r}")
    hours = int(match["h"] or 0)
    millis = int((match["ms"] or "0").ljust(3, "0"))
    return hours * 3600 + int(match["m"]) * 60 + int(match["s"]) + millis / 1000


def _starts_cue(lines: list[str], index: int) -> bool:
    """A timing line, or a cue number followed by one (so a missing blank line still splits)."""
    line = lines[index].strip()
    if "-->" in line:
        return True
    return line.isdigit() and index + 1 < len(lines) and "-->" in lines[index + 1]


def parse_srt(text: str, source: str = "<srt>") -> list[Cue]:
    """Parse SRT text into cues sorted by start time.

    A cue is an optional number line, a timing line "00:00:01,000 --> 00:00:03,500" and one or
    more text lines; blank lines separate cues. Cues with no text are dropped.
    """
    lines = text.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n").split("\n")
    cues: list[Cue] = []
    index = 0
    while index < len(lines):
        line = lines[index].strip()
        if not line:
            index += 1
            continue
        if line.isdigit() and _starts_cue(lines, index):
            index += 1  # the optional cue number
            line = lines[index].strip()
        number = index + 1
        timing = _TIMING.match(line)
        if timing is None:
            raise SubtitleError(f"{source}:{number}: expected a timing line, found {line!r}")
        start = _parse_timestamp(timing["start"], source, number)
        end = _parse_timestamp(timing["end"], source, number)
        if end < start:
            raise SubtitleError(f"{source}:{number}: cue ends before it starts")
        index += 1
        body: list[str] = []
        while index < len(lines) and lines[index].strip() and not _starts_cue(lines, index):
            body.append(lines[index].strip())
            index += 1
        if body:
            cues.append(Cue(start, end, "\n".join(body)))
    cues.sort(key=lambda cue: cue.start_s)
    return cues


def cue_at(cues: Sequence[Cue], t: float) -> str | None:
    """Text of the cue showing at time t (the latest-starting one if cues overlap), or None.

    `cues` must be sorted by start time, as parse_srt returns them.
    """
    showing = None
    for cue in cues:
        if cue.start_s > t:
            break
        if t < cue.end_s:
            showing = cue.text
    return showing
