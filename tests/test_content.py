"""Bad content never reaches a visitor: each case names the file, line and problem."""

from pathlib import Path

import pytest
import yaml

from acier.kiosk.content import ContentError, load_content
from tests.sample_content import make_pack


@pytest.fixture
def pack(tmp_path: Path) -> Path:
    return make_pack(tmp_path / "media", entries=4, images=False)


def entry_file(pack: Path, n: int = 1) -> Path:
    return pack / "timeline" / f"entry-{n:03d}.yaml"


def errors(pack: Path) -> list[str]:
    with pytest.raises(ContentError) as info:
        load_content(pack)
    return [str(p) for p in info.value.problems]


def test_valid_pack_loads_in_era_then_year_order(pack):
    content = load_content(pack)
    assert [e.id for e in content.entries] == [f"entry-{n:03d}" for n in range(4)]
    assert content.entries[0].title["fr"]


def test_yaml_syntax_error_points_at_the_line(pack):
    path = entry_file(pack)
    lines = path.read_text().splitlines()
    lines.insert(3, "title: [unclosed")
    path.write_text("\n".join(lines) + "\n")
    [message] = errors(pack)
    assert message.startswith(f"{path}:")
    assert "invalid YAML" in message


def test_missing_translation_names_the_language_and_line(pack):
    path = entry_file(pack)
    data = yaml.safe_load(path.read_text())
    del data["text"]["nl"]
    path.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True))
    rows = path.read_text().splitlines()
    line = next(i for i, row in enumerate(rows, 1) if row.startswith("text:"))
    assert errors(pack) == [f"{path}:{line}:1: error: text: missing language 'nl'"]


def test_unknown_key_suggests_the_right_one(pack):
    path = entry_file(pack)
    path.write_text(path.read_text() + "titel: {fr: x}\n")
    line = len(path.read_text().splitlines())
    assert errors(pack) == [f"{path}:{line}:1: error: unknown key 'titel' (did you mean 'title'?)"]


def test_wrong_type_and_unknown_era(pack):
    path = entry_file(pack)
    text = path.read_text().replace("year: ", "year: not-a-number #", 1)
    text = text.replace("era: ancient", "era: stone-age")
    path.write_text(text)
    [message] = errors(pack)
    line = next(i for i, row in enumerate(text.splitlines(), 1) if row.startswith("year:"))
    assert message.startswith(f"{path}:{line}:7: error: year:")
    path.write_text(path.read_text().replace("year: not-a-number #", "year: "))
    [message] = errors(pack)
    assert "unknown era 'stone-age'" in message


def test_text_too_long_for_a_card(pack):
    path = entry_file(pack)
    data = yaml.safe_load(path.read_text())
    data["text"]["nl"] = "hoogovenarbeiders " * 40
    path.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True))
    [message] = errors(pack)
    assert "text in 'nl' is" in message and "at most 520" in message


def test_duplicate_key_is_an_error(pack):
    path = entry_file(pack)
    path.write_text(path.read_text() + "year: 5\n")
    [message] = errors(pack)
    assert "key 'year' appears twice" in message


def test_missing_image_is_only_a_warning(pack):
    path = entry_file(pack)
    path.write_text(path.read_text() + "image: images/nowhere.png\n")
    content = load_content(pack)
    [warning] = content.warnings
    assert "file not found: images/nowhere.png" in str(warning)
    assert warning.severity == "warning"


def test_every_error_is_reported_at_once(pack):
    entry_file(pack, 1).write_text("- not\n- a mapping\n")
    entry_file(pack, 2).write_text("year: [\n")
    assert len(errors(pack)) == 2


def test_bad_file_name_and_bad_era_colour(pack):
    (pack / "timeline" / "Bad Name.yaml").write_text(entry_file(pack).read_text())
    eras = pack / "timeline" / "eras.yaml"
    eras.write_text(eras.read_text().replace("'#8c6a4f'", "'brown'"))
    found = errors(pack)
    assert any("not a valid id" in m for m in found)
    assert any("colour" in m for m in found)


def test_empty_or_missing_timeline(tmp_path):
    with pytest.raises(ContentError, match=r"eras\.yaml not found"):
        load_content(tmp_path)


def test_shipped_media_is_valid():
    content = load_content(Path(__file__).parent.parent / "media")
    assert len(content.entries) >= 40
    assert content.warnings == ()
    regional = [e for e in content.entries if e.scope == "regional"]
    assert len(regional) >= 15
