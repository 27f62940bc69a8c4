"""A device's YAML configuration, validated with file:line messages.

Paths in the file are relative to the file itself, so a config folder can be moved whole.

A device file inherits from the site file next to it (`site.yaml` in the same folder): every
key of the site's `defaults:` block, the site's `languages`, and, for a device in the fleet, the
site's name as `fleet.site` and its broker's `host` and `port`. The device's own keys win, key by
key (mappings merge, lists and scalars replace), and every problem is reported in the file and
at the line the value came from.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field

from acier.exhibits import ELEMENTS, WIRING
from acier.hardware.bindings import InputBinding, OutputBinding, binding_problems
from acier.kiosk.content import LANGUAGES
from acier.mqttclient import BrokerAddress, read_secret
from acier.outbox import DEFAULT_MAX_EVENTS
from acier.yamlfile import (
    Layer,
    Location,
    MergedDoc,
    Positioned,
    Problem,
    YamlDoc,
    YamlError,
    load_yaml,
    merge,
    validate,
)

log = logging.getLogger(__name__)

SITE_FILES = ("site.yaml", "site.yml")  # the site file a device file inherits from, in its folder

Language = Literal[LANGUAGES]  # type: ignore[valid-type]


def _each_once(languages: tuple[str, ...]) -> tuple[str, ...]:
    if len(set(languages)) != len(languages):
        raise ValueError("each language may be listed once")
    return languages


# The languages a site's content must have in full, in order of preference.
Languages = Annotated[tuple[Language, ...], Field(min_length=1), AfterValidator(_each_once)]


class DisplayConfig(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    size: (
        Literal["native"] | tuple[Annotated[int, Field(ge=320)], Annotated[int, Field(ge=320)]]
    ) = "native"
    windowed: bool = False
    # degrees clockwise the picture is turned on the panel: 90 or 270 for a landscape panel
    # mounted as a portrait one (the layout follows the turned size)
    rotation: Literal[0, 90, 180, 270] = 0


DeviceName = Annotated[str, Field(pattern=r"^[a-z0-9][a-z0-9-]{0,63}$")]
TagId = Annotated[str, Field(pattern=r"^[0-9A-F]{10}$")]
InputName = Annotated[str, Field(pattern=r"^[a-z][a-z0-9_]{0,31}$")]


class BrokerConfig(BaseModel):
    """Where the MQTT broker is; the password comes from a file or a variable, never the YAML."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    host: str = "127.0.0.1"
    port: Annotated[int, Field(ge=1, le=65535)] = 1883
    username: str | None = None
    password_file: Path | None = None
    password_env: str | None = None

    def address(self, base: Path) -> BrokerAddress:
        file = (base / self.password_file) if self.password_file else None
        password = read_secret(file, self.password_env)
        return BrokerAddress(self.host, self.port, self.username, password)


class FleetLink(BaseModel):
    """How a device joins the fleet; a device without it runs on its own (no controller)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    site: DeviceName
    broker: BrokerConfig = BrokerConfig()
    zone: str = ""
    keepalive_s: Annotated[int, Field(ge=2, le=600)] = 10
    max_outbox_events: Annotated[int, Field(ge=100)] = DEFAULT_MAX_EVENTS
    # where content versions published by the controller are downloaded and kept
    content_dir: Path | None = None


class KioskConfig(BaseModel):
    """One timeline kiosk."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    device: DeviceName
    role: Literal["timeline", "blast_furnace", "alloy_lab"] = "timeline"
    media: Path = Path("../media")
    language: Language = "fr"
    # the languages the content must have in full; from the site file's `languages`
    languages: Languages = LANGUAGES
    idle_timeout_s: Annotated[float, Field(gt=0)] = 90.0
    outbox: Path | None = None
    display: DisplayConfig = DisplayConfig()
    audio: bool = True
    fleet: FleetLink | None = None
    # named hardware, see acier/hardware/bindings.py
    inputs: dict[InputName, InputBinding] = {}
    outputs: dict[InputName, OutputBinding] = {}
    # the alloy lab's RFID tokens: tag id (10 hex digits, as the reader sends it) -> element
    tokens: dict[TagId, Literal[ELEMENTS]] = {}  # type: ignore[valid-type]

    def resolved(self, base: Path) -> KioskConfig:
        """Paths made absolute against the config file's folder; default outbox under var/."""
        outbox = self.outbox or Path("../var") / f"{self.device}-outbox.sqlite"
        update = {"media": (base / self.media).resolve(), "outbox": (base / outbox).resolve()}
        if self.fleet:
            fleet: dict[str, object] = {
                "content_dir": (
                    base / (self.fleet.content_dir or Path("../var") / f"{self.device}-content")
                ).resolve()
            }
            if self.fleet.broker.password_file:
                broker = self.fleet.broker
                fleet["broker"] = broker.model_copy(
                    update={"password_file": base / broker.password_file}
                )
            update["fleet"] = self.fleet.model_copy(update=fleet)
        return self.model_copy(update=update)


class ConfigError(Exception):
    def __init__(self, problems: list[Problem]) -> None:
        super().__init__("\n".join(str(p) for p in problems))
        self.problems = problems


def read_config(path: Path) -> YamlDoc:
    """Parse a config file that must be a mapping; raises ConfigError."""
    try:
        doc = load_yaml(Path(path))
    except YamlError as exc:
        raise ConfigError([exc.problem]) from exc
    if not isinstance(doc.data, dict):
        raise ConfigError([doc.problem((), "a config file must be a mapping of keys to values")])
    return doc


def site_file(folder: Path) -> Path | None:
    """The site file device files in `folder` inherit from, if there is one."""
    return next((folder / name for name in SITE_FILES if (folder / name).is_file()), None)


def _site_layers(site: YamlDoc, fleet: bool) -> tuple[list[Layer], list[Problem]]:
    """What a device inherits from the site file, lowest first, and what is wrong with it."""
    data = site.data
    problems: list[Problem] = []
    inherited: dict[str, Any] = {}
    if "languages" in data:
        inherited["languages"] = data["languages"]
    if fleet:
        link: dict[str, Any] = {}
        if "site" in data:
            link["site"] = data["site"]
        broker = data.get("broker")
        if isinstance(broker, dict):  # where the broker is, not the controller's credentials
            link["broker"] = {k: broker[k] for k in ("host", "port") if k in broker}
        inherited["fleet"] = link

    def place_inherited(loc: Location) -> Location:
        if loc[:2] in (("fleet", "site"), ("fleet", "broker")):
            return loc[1:]
        return loc

    layers = [Layer(site, inherited, place_inherited)]
    defaults = data.get("defaults")
    if defaults is None:
        return layers, problems
    if not isinstance(defaults, dict):
        message = "defaults: must be a mapping of device keys (language, display, fleet, …)"
        return layers, [site.problem(("defaults",), message)]
    if "device" in defaults:
        message = "defaults: 'device' is each device's own name, it cannot be a default"
        problems.append(site.problem(("defaults", "device"), message, at_key=True))
        defaults = {k: v for k, v in defaults.items() if k != "device"}
    layers.append(Layer(site, defaults, lambda loc: ("defaults", *loc)))
    return layers, problems


def merge_with_site(device: YamlDoc, site: YamlDoc | None) -> tuple[MergedDoc, list[Problem]]:
    """The device's data with what it inherits from the site file merged under it."""
    own = Layer(device, device.data)
    if site is None or not isinstance(site.data, dict) or "device" in site.data:
        return merge(device.path, [own]), []
    layers, problems = _site_layers(site, fleet=False)
    joined = merge(device.path, [*layers, own])
    if isinstance(joined.data.get("fleet"), dict):  # in the fleet: the site's name and broker
        layers, problems = _site_layers(site, fleet=True)
        joined = merge(device.path, [*layers, own])
    return joined, problems


def _validate_device(merged: MergedDoc) -> tuple[KioskConfig | None, list[Problem]]:
    config, problems = validate(merged, KioskConfig, merged.data)
    if config is None:
        return config, problems
    wiring = WIRING[config.role]
    found = binding_problems(merged, config.inputs, config.outputs, config.role, wiring)
    problems = [*problems, *found]
    if any(p.severity == "error" for p in found):
        return None, problems
    if config.language in config.languages:
        return config, problems
    if merged.origins.get(("language",)) is None:  # not written anywhere: the first language
        return config.model_copy(update={"language": config.languages[0]}), problems
    message = (
        f"language: {config.language!r} is not one of the languages of the site: "
        f"{', '.join(config.languages)}"
    )
    return None, [*problems, merged.problem(("language",), message)]


def load_device(path: Path) -> tuple[KioskConfig, Positioned, list[Problem]]:
    """Read and validate a device file merged with its site file (paths not yet resolved).

    Returns the config, where each of its values came from (for later messages) and the
    warnings: things that work but are probably not what the technician meant."""
    path = Path(path)
    doc = read_config(path)
    folder = path.parent
    found = site_file(folder)
    site = None
    if found is not None and found.resolve() != path.resolve():
        site = read_config(found)
    merged, problems = merge_with_site(doc, site)
    config, found_problems = _validate_device(merged)
    problems += found_problems
    errors = [p for p in problems if p.severity == "error"]
    if errors or config is None:
        raise ConfigError(errors)
    return config, merged, [p for p in problems if p.severity != "error"]


def site_defaults_problems(site: YamlDoc) -> list[Problem]:
    """Everything wrong in a site file's `defaults:`, found by merging it into an empty device."""
    device = YamlDoc(site.path, {"device": "defaults"}, {}, {})
    merged, problems = merge_with_site(device, site)
    return problems + _validate_device(merged)[1]


def load_kiosk_config(path: Path) -> KioskConfig:
    """Read and validate a kiosk config (with what it inherits from its site file), with its
    paths made absolute."""
    config, _, warnings = load_device(path)
    for warning in warnings:
        log.warning("%s", warning)
    return config.resolved(Path(path).parent.resolve())
