"""What `acier check` finds in a media folder beyond each file's own syntax: languages the site
requires, ids, eras nobody uses, paths outside the folder, files that cannot be read, texts too
long for their card. Each case asserts the exact file, line and message."""

from __future__ import annotations

import shutil
import struct
from pathlib import Path

import pygame
import pytest
import yaml

from acier.check import MIN_TEXT_SHRINK, _probe_video, check
from acier.kiosk import text
from acier.kiosk.content import ContentError, load_content
from acier.kiosk.detail_view import DetailView, card_text
from acier.kiosk.layout import TEXT_SCALES, DetailGeometry, Screen
from acier.kiosk.style import INK
from tests.sample_content import make_image, make_pack

REPO = Path(__file__).parent.parent
VIDEO = REPO / "media" / "videos" / "bessemer-1856.mp4"


@pytest.fixture
def pack(tmp_path: Path) -> Path:
    return make_pack(tmp_path / "media", entries=3, images=False)


def entry(pack: Path, n: int = 1) -> Path:
    return pack / "timeline" / f"entry-{n:03d}.yaml"


def line_of(path: Path, start: str) -> int:
    return next(
        i for i, row in enumerate(path.read_text().splitlines(), 1) if row.startswith(start)
    )


def edit(path: Path, change) -> None:
    data = yaml.safe_load(path.read_text())
    change(data)
    path.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True))


def add(path: Path, lines: str) -> None:
    path.write_text(path.read_text() + lines)


def content_errors(pack: Path, languages=("fr", "nl", "en")) -> list[str]:
    with pytest.raises(ContentError) as info:
        load_content(pack, languages)
    return [str(p) for p in info.value.problems]


def checked(pack: Path) -> tuple[list[str], list[str]]:
    result = check([], [pack])
    return [str(p) for p in result.errors], [str(p) for p in result.warnings]


# ---- languages ---------------------------------------------------------------------------------


def test_only_the_languages_the_site_requires_are_errors_when_missing(pack):
    path = entry(pack)
    edit(path, lambda d: (d["text"].pop("nl"), d["title"].pop("en")))
    line = line_of(path, "text:")
    assert content_errors(pack) == [
        f"{path}:{line_of(path, 'title:')}:1: error: title: missing language 'en'",
        f"{path}:{line}:1: error: text: missing language 'nl'",
    ]
    assert content_errors(pack, ("fr", "nl")) == [
        f"{path}:{line}:1: error: text: missing language 'nl'"
    ]
    content = load_content(pack, ("fr",))  # nl and en optional now: shown in French
    assert content.warnings == ()
    opened = next(e for e in content.entries if e.id == "entry-001")
    assert (opened.text["nl"], opened.title["en"]) == (opened.text["fr"], opened.title["fr"])
    assert content.languages == ("fr",)
    # a pack in Dutch and English only, for a site that does not require French
    edit(path, lambda d: (d["title"].update(en="Iron"), d["text"].update(nl="Het ijzer.")))
    eras = pack / "timeline" / "eras.yaml"
    edit(eras, lambda d: [era["title"].pop("fr") for era in d])
    for n in range(3):
        edit(entry(pack, n), lambda d: [d[k].pop("fr", None) for k in ("date", "title", "text")])
    content = load_content(pack, ("nl", "en"))
    assert content.eras[0].title["fr"] == content.eras[0].title["nl"]
    assert all(e.text["fr"] == e.text["nl"] for e in content.entries)


def test_the_kiosk_shows_an_optional_language_that_is_missing_in_the_first_one_there_is(
    pack, tmp_path
):
    from tests.pilot import Pilot

    for n in range(3):
        edit(entry(pack, n), lambda d: [d[k].pop("nl") for k in ("date", "title", "text")])
    # a visitor picks Dutch, which this site does not require
    pilot = Pilot(pack, tmp_path, language="nl", languages=("fr", "en"))
    try:
        pilot.wake()
        pilot.settle()
        pilot.key(pygame.K_RETURN)
        pilot.frames(3)
        assert pilot.app.language == "nl"
        assert [e["type"] for e in pilot.events()] == ["session.start", "entry.open"]
    finally:
        pilot.close()


def test_check_requires_the_languages_of_the_site(tmp_path):
    config = tmp_path / "config"
    make_pack(config / "media", entries=3, images=False)
    (config / "site.yaml").write_text("site: museum\nlanguages: [fr, en]\n")
    (config / "k1.yaml").write_text("device: k1\nmedia: media\n")
    path = entry(config / "media")
    edit(path, lambda d: d["text"].pop("nl"))
    result = check([config], [])
    assert result.errors == []
    (config / "site.yaml").write_text("site: museum\nlanguages: [nl, en]\n")
    assert [str(p) for p in check([config], []).errors] == [
        f"{path}:{line_of(path, 'text:')}:1: error: text: missing language 'nl'"
    ]


def test_subtitles_in_an_unknown_language_are_an_error_a_missing_one_a_warning(pack):
    path = entry(pack)
    add(path, "video: videos/v.mp4\nsubtitles:\n  fr: videos/v.fr.srt\n  de: videos/v.de.srt\n")
    (pack / "videos").mkdir()
    for name in ("v.mp4", "v.fr.srt", "v.de.srt"):
        shutil.copy(
            VIDEO if name.endswith("mp4") else VIDEO.with_suffix(".fr.srt"), pack / "videos" / name
        )
    line = line_of(path, "subtitles:")
    assert content_errors(pack) == [f"{path}:{line + 2}:3: error: subtitles: unknown language 'de'"]
    path.write_text(path.read_text().replace("  de: videos/v.de.srt\n", ""))
    assert [str(w) for w in load_content(pack, ("fr", "nl")).warnings] == [
        f"{path}:{line}:1: warning: subtitles: missing language 'nl' "
        "(the video plays without subtitles in it)"
    ]


# ---- ids and references ------------------------------------------------------------------------


def test_yml_entries_are_read_and_the_same_id_twice_is_an_error(pack):
    moved = entry(pack, 2).rename(entry(pack, 2).with_suffix(".yml"))
    assert [e.id for e in load_content(pack).entries] == ["entry-000", "entry-001", "entry-002"]
    shutil.copy(entry(pack, 1), entry(pack, 1).with_suffix(".yml"))
    assert content_errors(pack) == [
        f"{entry(pack, 1).with_suffix('.yml')}:1:1: error: entry id 'entry-001' is also "
        f"{entry(pack, 1)}: remove one of the two"
    ]
    assert moved.is_file()


def test_a_second_eras_file_is_an_error(pack):
    eras = pack / "timeline" / "eras.yaml"
    shutil.copy(eras, eras.with_suffix(".yml"))
    assert content_errors(pack) == [
        f"{eras.with_suffix('.yml')}:1:1: error: a second eras file; the eras are in {eras}"
    ]


def test_an_id_that_is_not_the_file_name_is_an_error(pack):
    path = entry(pack)
    add(path, "id: bessemer\n")
    assert content_errors(pack) == [
        f"{path}:{line_of(path, 'id:')}:1: error: id: an entry's id is its file name "
        "('entry-001'); remove this line, or rename the file"
    ]
    path.write_text(path.read_text().replace("id: bessemer", "id: entry-001"))
    assert load_content(pack).entries[1].id == "entry-001"


def test_an_era_with_no_entries_is_a_warning_at_its_id(pack):
    edit(entry(pack, 2), lambda d: d.update(era="industrial"))
    eras = pack / "timeline" / "eras.yaml"
    line = line_of(eras, "- colour: '#4f8a7c'") + 1
    assert [str(w) for w in load_content(pack).warnings] == [
        f"{eras}:{line}:7: warning: era 'future' has no entries: it is not shown on the timeline"
    ]


@pytest.mark.parametrize(
    ("key", "value"),
    [
        ("image", "../secret.png"),
        ("image", "images/../../secret.png"),
        ("video", "/etc/passwd"),
        ("subtitles", "{fr: ../../subs.srt}"),
    ],
)
def test_a_path_outside_the_media_folder_is_an_error(pack, key, value):
    (pack.parent / "secret.png").write_bytes(b"")
    path = entry(pack)
    add(path, f"{key}: {value}\n")
    line = line_of(path, f"{key}:")
    column = len(f"{key}: ") + 1 if key != "subtitles" else len("subtitles: {fr: ") + 1
    rel = value.removeprefix("{fr: ").removesuffix("}")
    assert content_errors(pack) == [
        f"{path}:{line}:{column}: error: {rel} is outside the media folder; "
        "give a path inside it, like images/…"
    ]


# ---- files that are missing or cannot be read ------------------------------------------------


def test_a_missing_file_only_warns_the_kiosk_and_is_an_error_for_check(pack):
    path = entry(pack)
    add(path, "image: images/nowhere.png\n")
    where = f"{path}:{line_of(path, 'image:')}:8"
    message = where + ": {}: file not found: images/nowhere.png (shown without it)"
    assert [str(w) for w in load_content(pack).warnings] == [message.format("warning")]
    assert checked(pack) == ([message.format("error")], [])


def test_check_reports_a_picture_pillow_cannot_read(pack):
    path = entry(pack)
    add(path, "image: images/entry-001.png\n")
    picture = pack / "images" / "entry-001.png"
    picture.parent.mkdir()
    picture.write_text("<html>404 Not Found</html>")
    where = f"{path}:{line_of(path, 'image:')}:8: error: images/entry-001.png"
    assert load_content(pack).warnings == ()  # the kiosk shows the entry without it
    assert checked(pack) == ([f"{where} cannot be read: it is not a picture (PNG or JPEG)"], [])
    make_image(picture, seed=1)  # a PNG cut short (an interrupted copy)
    picture.write_bytes(picture.read_bytes()[:5_000])
    assert checked(pack) == (
        [f"{where} cannot be read: the picture is damaged (Truncated File Read)"],
        [],
    )
    picture = picture.with_suffix(".jpg")  # a JPEG cut short: verify() misses it, decoding not
    make_image(picture, seed=1)
    picture.write_bytes(picture.read_bytes()[:5_000])
    path.write_text(path.read_text().replace("entry-001.png", "entry-001.jpg"))
    where = where.replace(".png", ".jpg")
    (error,), warnings = checked(pack)
    assert error.startswith(f"{where} cannot be read: the picture is damaged (image file is ")
    assert "truncated" in error and warnings == []


def test_check_reports_a_video_that_cannot_be_played(pack):
    path = entry(pack)
    add(path, "video: videos/v.mp4\n")
    video = pack / "videos" / "v.mp4"
    video.parent.mkdir()
    where = f"{path}:{line_of(path, 'video:')}:8: error: videos/v.mp4"
    data = VIDEO.read_bytes()
    video.write_bytes(data)
    first = int.from_bytes(data[:4], "big")  # the 'ftyp' box, then the next box's header
    second, name = int.from_bytes(data[first : first + 4], "big"), data[first + 4 : first + 8]
    assert checked(pack) == ([], [])
    cases = {
        b"": "cannot be played: the file is empty",
        b"<html>404 Not Found</html>": "cannot be played: it is not a video file "
        "(MP4, MOV, WebM, MKV, AVI, Ogg or MPEG)",
        data[:1000]: f"is cut short: its {name.decode()!r} box needs {first + second} bytes, "
        "the file has 1000 (an unfinished copy or export?)",
        data[:first] + struct.pack(">I", 16) + b"mdat" + bytes(8): (
            "cannot be played: it has no 'moov' box, the video's index (an unfinished export?)"
        ),
    }
    for body, message in cases.items():
        video.write_bytes(body)
        assert checked(pack) == ([f"{where} {message}"], []), message
    assert load_content(pack).warnings == ()  # the kiosk shows the entry, "video unavailable"


def test_probing_a_video_reads_only_its_box_headers(tmp_path):
    # a real video followed by a 200 MB (sparse) media-data box: probing must skip over it
    big = tmp_path / "big.mp4"
    big.write_bytes(VIDEO.read_bytes())
    with big.open("r+b") as f:
        f.seek(0, 2)
        f.write((200_000_008).to_bytes(4, "big") + b"mdat")
        f.truncate(f.tell() + 200_000_000)
    before = _bytes_read()
    assert _probe_video(big) is None
    assert _bytes_read() - before < 64_000


def _bytes_read() -> int:
    """Bytes this process has read through system calls (Linux)."""
    for line in Path("/proc/self/io").read_text().splitlines():
        if line.startswith("rchar:"):
            return int(line.split()[1])
    raise AssertionError("no rchar in /proc/self/io")


def test_check_reports_subtitles_that_do_not_parse_at_their_own_line(pack):
    path = entry(pack)
    add(path, "video: videos/v.mp4\nsubtitles:\n  fr: videos/v.fr.srt\n")
    (pack / "videos").mkdir()
    shutil.copy(VIDEO, pack / "videos" / "v.mp4")
    srt = pack / "videos" / "v.fr.srt"
    srt.write_text(
        "1\n00:00:01,000 --> 00:00:02,000\nBonjour\n\n2\n00:00:03,000 --> 0:0:4x\nSalut\n"
    )
    assert checked(pack)[0] == [f"{srt}:6:1: error: malformed timestamp '0:0:4x'"]
    srt.write_bytes("1\n00:00:01,000 --> 00:00:02,000\nD\xe9j\xe0\n".encode("latin-1"))
    assert checked(pack)[0] == [f"{srt}:3:1: error: not UTF-8 text: save the file as UTF-8"]
    srt.write_text("\n\n")
    assert checked(pack)[0] == [
        f"{path}:{line_of(path, 'subtitles:') + 1}:7: error: videos/v.fr.srt has no subtitles in it"
    ]


# ---- texts too long for their card --------------------------------------------------------------


def test_check_reports_a_text_too_long_for_its_card_at_the_largest_size(pack):
    path = entry(pack)
    long = "Hoogovenarbeidersvakbond en walserijarbeiders staakten samen. " * 8
    edit(path, lambda d: d["text"].update(nl=long[:518]))
    errors, _ = checked(pack)
    assert errors == [
        f"{path}:{_text_line(path, 'nl')}:7: error: text in 'nl' is too long for its card at "
        "the largest text size on a 1080×1920 screen: it takes 12 lines, 11 fit "
        "(about 41 characters too many)"
    ]
    load_content(pack)  # the kiosk shrinks it and shows it: only check refuses it


def _text_line(path: Path, lang: str) -> int:
    rows = path.read_text().splitlines()
    start = rows.index("text:")
    return next(i for i, row in enumerate(rows[start:], start + 1) if row.startswith(f"  {lang}:"))


def test_a_text_is_measured_where_the_open_card_draws_it(pack):
    """The room check.py computes is the room DetailView gives the text, on both screens."""
    pygame.display.init()
    pygame.font.init()
    pygame.display.set_mode((64, 64))
    content = load_content(REPO / "media")
    entries = [*content.entries[:8], *load_content(pack).entries]
    for size in ((1920, 1080), (1080, 1920)):
        screen = Screen(*size)
        view = DetailView(screen)
        canvas = pygame.Surface(size)
        for scale in TEXT_SCALES:
            view.set_scale(scale)
            for item in entries:
                for lang in ("fr", "nl", "en"):
                    view.compose(canvas, item, lang, scale, (200, 100, 50), None, True, True)
                    geometry = DetailGeometry(screen, scale)
                    _, _, width, room = card_text(screen, geometry, item, lang, scale, INK).body
                    wanted = round(31 * screen.unit * scale)
                    fitted = text.fit_size(item.text[lang], "regular", wanted, width, room)
                    assert fitted == view.body_size, (item.id, lang, size, scale)
    assert MIN_TEXT_SHRINK == 0.85


def test_a_generated_200_entry_pack_is_clean(tmp_path):
    """The benchmarks' pack (bench/content.py times checking it) has nothing to report."""
    media = make_pack(tmp_path / "media", entries=200)
    result = check([], [media])
    assert result.errors == [] and result.warnings == []
