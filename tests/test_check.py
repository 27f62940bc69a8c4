"""`acier check` on a config folder: each file alone, then the files against each other."""

from __future__ import annotations

from pathlib import Path

from acier.check import check
from tests.sample_content import make_pack

SITE = """\
site: museum
zones: [hall, lab]
"""


def device(name: str, site: str = "museum", zone: str = "hall") -> str:
    return f"device: {name}\nmedia: media\nfleet:\n  site: {site}\n  zone: {zone}\n"


def folder(tmp: Path, files: dict[str, str]) -> Path:
    config = tmp / "config"
    config.mkdir()
    make_pack(config / "media", entries=3, images=False)
    for name, text in files.items():
        (config / name).write_text(text, encoding="utf-8")
    return config


def messages(result) -> list[str]:
    return [f"{p.path.name}:{p.line}:{p.column}: {p.message}" for p in result.errors]


def test_a_consistent_folder_passes(tmp_path):
    config = folder(tmp_path, {"site.yaml": SITE, "k1.yaml": device("k1"), "k2.yaml": device("k2")})
    result = check([config], [])
    assert result.errors == []
    assert any("site museum, 2 device(s)" in line for line in result.summary)
    assert any("3 entries" in line for line in result.summary)


def test_unknown_zone_wrong_site_and_duplicate_ids_are_reported_where_they_are(tmp_path):
    config = folder(
        tmp_path,
        {
            "site.yaml": SITE,
            "k1.yaml": device("k1", zone="hal"),
            "k2.yaml": device("k2", site="other"),
            "k3.yaml": device("k1"),
        },
    )
    assert messages(check([config], [])) == [
        "k1.yaml:5:9: zone 'hal' is not one of the zones in "
        f"{config / 'site.yaml'}: hall, lab (did you mean 'hall'?)",
        f"k2.yaml:4:9: site 'other' is not the site of {config / 'site.yaml'} ('museum')",
        f"k3.yaml:1:9: device id 'k1' is also used by {config / 'k1.yaml'}:1",
    ]


def test_each_file_is_checked_on_its_own_first(tmp_path):
    config = folder(
        tmp_path,
        {
            "site.yaml": SITE + "heartbeat: 15\n",
            "k1.yaml": device("k1").replace("media: media", "media: media\nidle_timout_s: 30"),
            "broken.yaml": "device: [k9\n",
        },
    )
    assert messages(check([config], [])) == [
        "broken.yaml:2:1: invalid YAML: did not find expected ',' or ']'",
        "k1.yaml:3:1: unknown key 'idle_timout_s' (did you mean 'idle_timeout_s'?)",
        "site.yaml:3:1: unknown key 'heartbeat' (did you mean 'heartbeat_s'?)",
    ]


def test_one_site_file_only(tmp_path):
    config = folder(tmp_path, {"a-site.yaml": "site: annexe\n", "site.yaml": SITE})
    assert messages(check([config], [])) == [
        f"site.yaml:1:7: a second site file; the site is {config / 'a-site.yaml'}"
    ]


def test_media_errors_come_with_the_config(tmp_path):
    config = folder(tmp_path, {"site.yaml": SITE, "k1.yaml": device("k1")})
    entry = config / "media" / "timeline" / "entry-001.yaml"
    entry.write_text(entry.read_text().replace("era: ", "era: bronze-", 1))
    found = messages(check([config], []))
    assert len(found) == 1 and found[0].startswith("entry-001.yaml:") and "unknown era" in found[0]


def test_a_picture_smaller_than_its_open_card_is_a_warning_at_its_image_line(tmp_path):
    from tests.sample_content import make_image

    config = folder(tmp_path, {"site.yaml": SITE, "k1.yaml": device("k1")})
    media = config / "media"
    make_pack(media, entries=3)  # with pictures this time (1280×800)
    make_image(media / "images" / "entry-001.jpg", seed=5, size=(400, 250))
    result = check([config], [])
    assert result.errors == []
    (warning,) = [w for w in result.warnings if "look soft" in w.message]
    entry = media / "timeline" / "entry-001.yaml"
    line = next(i for i, row in enumerate(entry.read_text().splitlines(), 1) if "image:" in row)
    assert (warning.path, warning.line) == (entry, line)
    assert warning.message.startswith("images/entry-001.jpg is 400×250, smaller than the ")


def test_a_media_folder_named_as_a_path_is_checked_as_media(tmp_path):
    media = make_pack(tmp_path / "media", entries=3, images=False)
    entry = media / "timeline" / "entry-001.yaml"
    entry.write_text(entry.read_text().replace("era: ", "era: bronze-", 1))
    (found,) = messages(check([media], []))
    assert found.startswith("entry-001.yaml:") and "unknown era 'bronze-" in found


def test_a_folder_with_nothing_to_check_is_an_error_not_a_silent_ok(tmp_path):
    assert [str(p) for p in check([tmp_path], []).errors] == [
        f"{tmp_path}:1:1: error: nothing to check here: no config files (*.yaml) "
        "and no timeline/ folder"
    ]
