"""A device file inherits the `site.yaml` next to it: defaults, languages, site name, broker.

Every problem is reported where the value was written: a bad default at the site file's line,
an override at the device file's line.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from acier.check import check
from acier.config import ConfigError, load_kiosk_config
from acier.controller.site import load_site
from tests.sample_content import make_pack

REPO = Path(__file__).parent.parent

SITE = """\
site: museum
broker:
  host: 10.0.0.2
  port: 1884
  username: controller
  password_file: controller.secret
zones: [hall, lab]
defaults:
  media: media
  language: nl
  idle_timeout_s: 45
  display:
    size: [1080, 1920]
    windowed: true
  fleet:
    keepalive_s: 20
"""


def write(folder: Path, files: dict[str, str]) -> Path:
    folder.mkdir(exist_ok=True)
    for name, text in files.items():
        (folder / name).write_text(text, encoding="utf-8")
    return folder


def problems(path: Path) -> list[str]:
    with pytest.raises(ConfigError) as info:
        load_kiosk_config(path)
    return [f"{p.path.name}:{p.line}:{p.column}: {p.message}" for p in info.value.problems]


def test_a_device_needs_only_its_name_role_zone_and_what_differs(tmp_path):
    folder = write(
        tmp_path,
        {
            "site.yaml": SITE,
            "k1.yaml": "device: k1\nrole: timeline\nfleet:\n  zone: hall\n",
            "k2.yaml": "device: k2\nidle_timeout_s: 20\ndisplay:\n  windowed: false\n"
            "fleet:\n  zone: lab\n  keepalive_s: 5\n  broker: {username: k2}\n",
        },
    )
    k1 = load_kiosk_config(folder / "k1.yaml")
    assert (k1.language, k1.idle_timeout_s) == ("nl", 45)
    assert k1.media == (folder / "media").resolve()
    assert (k1.display.size, k1.display.windowed) == ((1080, 1920), True)
    assert (k1.fleet.site, k1.fleet.zone, k1.fleet.keepalive_s) == ("museum", "hall", 20)
    # where the broker is, not the controller's credentials: each device has its own user
    broker = k1.fleet.broker
    assert (broker.host, broker.port, broker.username, broker.password_file) == (
        "10.0.0.2",
        1884,
        None,
        None,
    )
    k2 = load_kiosk_config(folder / "k2.yaml")
    assert k2.idle_timeout_s == 20
    assert (k2.display.size, k2.display.windowed) == ((1080, 1920), False)  # merged key by key
    assert (k2.fleet.zone, k2.fleet.keepalive_s) == ("lab", 5)
    assert (k2.fleet.broker.host, k2.fleet.broker.username) == ("10.0.0.2", "k2")


def test_lists_and_values_replace_and_fleet_null_leaves_the_fleet(tmp_path):
    folder = write(
        tmp_path,
        {
            "site.yaml": SITE,
            "k1.yaml": "device: k1\ndisplay: {size: [1920, 1080]}\nfleet: null\n",
        },
    )
    k1 = load_kiosk_config(folder / "k1.yaml")
    assert k1.display.size == (1920, 1080)
    assert k1.fleet is None


def test_without_fleet_in_either_file_the_device_runs_on_its_own(tmp_path):
    folder = write(tmp_path, {"site.yaml": "site: museum\n", "k1.yaml": "device: k1\n"})
    assert load_kiosk_config(folder / "k1.yaml").fleet is None


def test_a_bad_default_is_reported_at_the_site_file_and_an_override_at_the_device(tmp_path):
    site = SITE.replace("idle_timeout_s: 45", "idle_timeout_s: -1").replace(
        "keepalive_s: 20", "keepalive_s: 1"
    )
    folder = write(
        tmp_path,
        {
            "site.yaml": site,
            "k1.yaml": "device: k1\nfleet:\n  zone: hall\n  keepalive_s: 700\n",
        },
    )
    assert problems(folder / "k1.yaml") == [
        "site.yaml:11:19: idle_timeout_s: Input should be greater than 0",
        "k1.yaml:4:16: fleet.keepalive_s: Input should be less than or equal to 600",
    ]
    # without the override, the site's own bad keepalive shows, at the site's line
    (folder / "k1.yaml").write_text("device: k1\nidle_timeout_s: 9\nfleet: {zone: hall}\n")
    assert problems(folder / "k1.yaml") == [
        "site.yaml:16:18: fleet.keepalive_s: Input should be greater than or equal to 2"
    ]


def test_a_misspelt_default_and_a_bad_site_broker_point_at_the_site_file(tmp_path):
    site = SITE.replace("  language: nl", "  languag: nl").replace("port: 1884", "port: 0")
    folder = write(tmp_path, {"site.yaml": site, "k1.yaml": "device: k1\nfleet: {zone: hall}\n"})
    assert problems(folder / "k1.yaml") == [
        "site.yaml:4:9: fleet.broker.port: Input should be greater than or equal to 1",
        "site.yaml:10:3: unknown key 'languag' (did you mean 'language'?)",
    ]


def test_device_is_not_a_default(tmp_path):
    folder = write(
        tmp_path,
        {"site.yaml": SITE.replace("defaults:\n", "defaults:\n  device: k9\n"), "k1.yaml": ""},
    )
    (folder / "k1.yaml").write_text("device: k1\n")
    assert problems(folder / "k1.yaml") == [
        "site.yaml:9:3: defaults: 'device' is each device's own name, it cannot be a default"
    ]


def test_the_controller_refuses_a_site_file_with_bad_defaults(tmp_path):
    site = SITE.replace("size: [1080, 1920]", "size: huge")
    folder = write(tmp_path, {"site.yaml": site})
    with pytest.raises(ConfigError) as info:
        load_site(folder / "site.yaml")
    assert [str(p) for p in info.value.problems] == [
        f"{folder / 'site.yaml'}:13:11: error: display.size: Input should be 'native'",
        f"{folder / 'site.yaml'}:13:11: error: display.size: Input should be a valid tuple",
    ]


def test_the_site_languages_bound_the_device_language(tmp_path):
    site = "site: museum\nlanguages: [nl, en]\n"
    folder = write(
        tmp_path, {"site.yaml": site, "k1.yaml": "device: k1\n", "k2.yaml": "device: k2\n"}
    )
    k1 = load_kiosk_config(folder / "k1.yaml")
    assert (k1.languages, k1.language) == (("nl", "en"), "nl")  # fr is not offered: the first
    (folder / "k2.yaml").write_text("device: k2\nlanguage: fr\n")
    assert problems(folder / "k2.yaml") == [
        "k2.yaml:2:11: language: 'fr' is not one of the languages of the site: nl, en"
    ]
    (folder / "site.yaml").write_text("site: museum\nlanguages: [nl, de, nl]\n")
    assert problems(folder / "k1.yaml") == [
        "site.yaml:2:17: languages.1: Input should be 'fr', 'nl' or 'en'"
    ]
    (folder / "site.yaml").write_text("site: museum\nlanguages: [nl, nl]\n")
    assert problems(folder / "k1.yaml") == [
        "site.yaml:2:1: languages: each language may be listed once"
    ]


def test_no_site_file_keeps_a_device_file_self_contained(tmp_path):
    path = tmp_path / "k1.yaml"
    path.write_text("device: k1\nfleet:\n  zone: hall\n")
    assert problems(path) == ["k1.yaml:2:1: missing required key 'fleet.site'"]
    path.write_text("device: k1\nfleet:\n  site: museum\n")
    config = load_kiosk_config(path)
    assert (config.fleet.site, config.fleet.broker.host, config.language) == (
        "museum",
        "127.0.0.1",
        "fr",
    )


def test_the_shipped_kiosk_inherits_the_shipped_site():
    config = load_kiosk_config(REPO / "config" / "timeline-1.yaml")
    site = load_site(REPO / "config" / "site.yaml")
    assert config.fleet is not None
    assert (config.fleet.site, config.fleet.zone) == (site.site, "hall")
    assert (config.fleet.broker.host, config.fleet.broker.port) == (
        site.broker.host,
        site.broker.port,
    )
    assert config.media == (REPO / "media").resolve()
    assert site.languages == ("fr", "nl", "en")


def test_check_reports_a_bad_default_once_however_many_devices_inherit_it(tmp_path):
    folder = write(
        tmp_path,
        {
            "site.yaml": SITE.replace("idle_timeout_s: 45", "idle_timeout_s: 0"),
            "k1.yaml": "device: k1\nfleet: {zone: hall}\n",
            "k2.yml": "device: k2\nfleet: {zone: lab}\n",
        },
    )
    make_pack(folder / "media", entries=3, images=False)
    result = check([folder], [])
    assert [str(p) for p in result.errors] == [
        f"{folder / 'site.yaml'}:11:19: error: idle_timeout_s: Input should be greater than 0"
    ]


def test_check_reads_yml_device_files_and_cross_checks_inherited_values(tmp_path):
    folder = write(
        tmp_path,
        {
            "site.yaml": SITE,
            "k1.yaml": "device: k1\nfleet: {zone: hall}\n",
            "k2.yml": "device: k1\nfleet: {zone: kitchen}\n",
        },
    )
    make_pack(folder / "media", entries=3, images=False)
    result = check([folder], [])
    assert [f"{p.path.name}:{p.line}:{p.column}: {p.message}" for p in result.errors] == [
        f"k2.yml:1:9: device id 'k1' is also used by {folder / 'k1.yaml'}:1",
        f"k2.yml:2:15: zone 'kitchen' is not one of the zones in {folder / 'site.yaml'}: hall, lab",
    ]
    assert any("site museum, 2 device(s)" in line for line in result.summary)


def test_check_warns_that_only_site_yaml_passes_defaults_on(tmp_path):
    folder = write(
        tmp_path,
        {
            "museum.yaml": "site: museum\nzones: [hall]\ndefaults:\n  idle_timeout_s: 30\n",
            "k1.yaml": "device: k1\nmedia: media\nfleet: {site: museum, zone: hall}\n",
        },
    )
    make_pack(folder / "media", entries=3, images=False)
    result = check([folder], [])
    assert result.errors == []
    assert [str(w) for w in result.warnings] == [
        f"{folder / 'museum.yaml'}:3:1: warning: defaults: only a site file named site.yaml "
        "passes its defaults to the device files in its folder; rename museum.yaml to site.yaml"
    ]


def test_a_misspelt_nested_key_gets_a_hint_from_its_own_mapping(tmp_path):
    folder = write(
        tmp_path,
        {
            "site.yaml": "site: museum\ndefaults:\n  display: {windowd: true}\n",
            "k1.yaml": "device: k1\nfleet:\n  keepalive: 5\n  broker: {hots: a}\n",
        },
    )
    assert problems(folder / "k1.yaml") == [
        "site.yaml:3:13: unknown key 'windowd' (did you mean 'windowed'?)",
        "k1.yaml:4:12: unknown key 'hots' (did you mean 'host'?)",
        "k1.yaml:3:3: unknown key 'keepalive' (did you mean 'keepalive_s'?)",
    ]


def test_an_unknown_token_element_is_reported_at_its_line(tmp_path):
    device = tmp_path / "alloy.yaml"
    device.write_text(
        "device: alloy-9\nrole: alloy_lab\ntokens:\n"
        "  '0A00000001': Fe\n  '0A00000002': Xx\n  'zz': C\n"
    )
    with pytest.raises(ConfigError) as caught:
        load_kiosk_config(device)
    element, tag = caught.value.problems
    assert (element.path.name, element.line) == ("alloy.yaml", 5)
    assert "'Fe', 'C', 'Cr'" in element.message
    assert (tag.line, tag.column) == (6, 9) and "[0-9A-F]{10}" in tag.message
