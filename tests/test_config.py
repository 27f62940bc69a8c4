from pathlib import Path

import pytest

from acier.config import ConfigError, load_kiosk_config

REPO = Path(__file__).parent.parent


def test_shipped_config_loads_with_paths_resolved():
    config = load_kiosk_config(REPO / "config" / "timeline-1.yaml")
    assert config.device == "timeline-1"
    assert config.media == (REPO / "media").resolve()
    assert config.outbox == (REPO / "var" / "timeline-1-outbox.sqlite").resolve()
    assert config.idle_timeout_s == 90


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        (
            "device: k1\nidle_timout_s: 5\n",
            "2:1: error: unknown key 'idle_timout_s' (did you mean 'idle_timeout_s'?)",
        ),
        ("device: k1\nlanguage: de\n", "2:11: error: language:"),
        ("device: K 1\n", "1:9: error: device:"),
        ("device: k1\ndisplay:\n  size: [100, 100]\n", "3:10: error: display.size"),
        ("device: [k1\n", "error: invalid YAML"),
        ("- a list\n", "1:1: error: a config file must be a mapping"),
        ("device: k1\ninputs:\n  ? [a, b]\n  : {button: 17}\n", "3:5: error: a key must be"),
        ("device: k1\nidle_timeout_s: " + "9" * 5000 + "\n", "2:17: error: invalid value"),
        (
            "device: k1\ndisplay: !!python/object:os.system {size: [800, 600]}\n",
            "2:10: error: unsupported tag !!python/object:os.system",
        ),
        ("device: k1\ntokens: !!set {a, b}\n", "2:9: error: unsupported tag !!set"),
        ("device: k1\nlanguages: !!python/tuple [fr]\n", "2:12: error: unsupported tag"),
        ("device: k1\nidle_timeout_s: !!python/name:os.system 5\n", "2:17: error: invalid YAML"),
    ],
)
def test_bad_configs_say_where(tmp_path, body, expected):
    path = tmp_path / "kiosk.yaml"
    path.write_text(body)
    with pytest.raises(ConfigError) as info:
        load_kiosk_config(path)
    assert any(expected in str(p) for p in info.value.problems), info.value.problems
    assert all(str(p).startswith(f"{path}:") for p in info.value.problems)
