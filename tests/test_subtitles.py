"""SubRip parsing: tolerant of how curators' editors save files, strict about timestamps."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from acier.kiosk.subtitles import Cue, SubtitleError, cue_at, parse_srt

VIDEOS = Path(__file__).resolve().parent.parent / "media" / "videos"

BASIC = """1
00:00:00,500 --> 00:00:03,000
Air is blown through molten pig iron.

2
00:00:03,200 --> 00:00:06,000
It burns out the carbon.
"""


def test_parses_cues_in_order() -> None:
    assert parse_srt(BASIC) == [
        Cue(0.5, 3.0, "Air is blown through molten pig iron."),
        Cue(3.2, 6.0, "It burns out the carbon."),
    ]


def test_bom_crlf_and_lone_cr_are_accepted() -> None:
    expected = parse_srt(BASIC)
    assert parse_srt("\ufeff" + BASIC.replace("\n", "\r\n")) == expected
    assert parse_srt(BASIC.replace("\n", "\r")) == expected


def test_blank_line_variations() -> None:
    messy = (
        "\n\n1\n00:00:00,500 --> 00:00:03,000\nAir is blown through molten pig iron.\n\n\n\n"
        "2\n00:00:03,200 --> 00:00:06,000\nIt burns out the carbon."
    )
    assert parse_srt(messy) == parse_srt(BASIC)
    no_separator = BASIC.replace("iron.\n\n2", "iron.\n2")
    assert parse_srt(no_separator) == parse_srt(BASIC)
    spaces_on_blank_lines = BASIC.replace("iron.\n\n", "iron.\n   \n")
    assert parse_srt(spaces_on_blank_lines) == parse_srt(BASIC)


def test_missing_numbers_multiline_text_and_dot_separator() -> None:
    text = (
        "00:00:01.000 --> 00:00:02.5\nFirst line\n  second line  \n\n0:03,000 --> 0:04,000\nLast\n"
    )
    assert parse_srt(text) == [Cue(1.0, 2.5, "First line\nsecond line"), Cue(3.0, 4.0, "Last")]


def test_hours_and_position_suffix() -> None:
    text = "7\n01:02:03,004 --> 01:02:05,000 X1:10 X2:100 Y1:5 Y2:50\nLate\n"
    assert parse_srt(text) == [Cue(3723.004, 3725.0, "Late")]


def test_cues_are_sorted_and_empty_cues_dropped() -> None:
    text = "2\n00:00:05,000 --> 00:00:06,000\nB\n\n1\n00:00:01,000 --> 00:00:02,000\nA\n\n"
    text += "3\n00:00:07,000 --> 00:00:08,000\n\n"
    assert [cue.text for cue in parse_srt(text)] == ["A", "B"]


def test_empty_file_has_no_cues() -> None:
    assert parse_srt("") == []
    assert parse_srt("\ufeff\r\n\r\n") == []


@pytest.mark.parametrize(
    ("text", "line", "needle"),
    [
        ("1\n00:00:01,000 --> 00:00:0x,000\nText\n", 2, "malformed timestamp '00:00:0x,000'"),
        ("1\n00:00:01,000 --> 00:00:02,000\nA\n\n2\n00:61:00,000 --> 01:00:00,000\nB\n", 6, ""),
        ("\n\n1\n1:2:3:4,000 --> 00:00:02,000\nText\n", 4, "malformed timestamp"),
        ("1\n00:00:03,000 --> 00:00:02,000\nText\n", 2, "ends before it starts"),
        ("1\n00:00:01,000 -> 00:00:02,000\nText\n", 1, "expected a timing line"),
        ("Hello\n", 1, "expected a timing line"),
    ],
)
def test_malformed_input_names_file_and_line(text: str, line: int, needle: str) -> None:
    with pytest.raises(SubtitleError) as caught:
        parse_srt(text, "videos/bessemer-1856.fr.srt")
    message = str(caught.value)
    assert message.startswith(f"videos/bessemer-1856.fr.srt:{line}: ")
    assert needle in message


def test_default_source_name() -> None:
    with pytest.raises(SubtitleError, match=r"^<srt>:2: "):
        parse_srt("1\nnonsense --> 00:00:01,000\nText\n")


def test_line_numbers_count_crlf_lines_once() -> None:
    with pytest.raises(SubtitleError, match=r"^x\.srt:6: "):
        parse_srt(
            "1\r\n00:00:01,000 --> 00:00:02,000\r\nA\r\n\r\n2\r\n00:00:0,000 --> bad\r\n", "x.srt"
        )


def test_cue_at() -> None:
    cues = parse_srt(BASIC)
    assert cue_at(cues, 0.0) is None
    assert cue_at(cues, 0.5) == "Air is blown through molten pig iron."  # start is inclusive
    assert cue_at(cues, 2.999) == "Air is blown through molten pig iron."
    assert cue_at(cues, 3.0) is None  # end is exclusive; the gap shows nothing
    assert cue_at(cues, 3.2) == "It burns out the carbon."
    assert cue_at(cues, 60.0) is None
    assert cue_at([], 1.0) is None


def test_cue_at_overlap_prefers_the_later_cue() -> None:
    cues = [Cue(0.0, 5.0, "long"), Cue(2.0, 3.0, "short")]
    assert cue_at(cues, 1.0) == "long"
    assert cue_at(cues, 2.5) == "short"
    assert cue_at(cues, 4.0) == "long"


def test_cue_is_frozen() -> None:
    cue = Cue(0.0, 1.0, "x")
    with pytest.raises(dataclasses.FrozenInstanceError):
        cue.text = "y"  # type: ignore[misc]


def test_demo_video_subtitles_parse() -> None:
    files = sorted(VIDEOS.glob("*.srt"))
    if not files:
        pytest.skip("no demo subtitles (run scripts/make_videos.py)")
    for path in files:
        cues = parse_srt(path.read_text(encoding="utf-8"), str(path))
        assert 3 <= len(cues) <= 4, path
        assert all(0 <= cue.start_s < cue.end_s <= 12.5 for cue in cues), path
