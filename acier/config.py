"""A device's YAML configuration, validated with file:line messages.

Paths in the file are relative to the file itself, so a config folder can be moved whole.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Literal, TypeVar

from pydantic import BaseModel, ConfigDict, Field

from acier.kiosk.content import LANGUAGES
from acier.mqttclient import BrokerAddress, read_secret
from acier.outbox import DEFAULT_MAX_EVENTS
from acier.yamlfile import Problem, YamlError, load_yaml, validate


class DisplayConfig(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    size: (
        Literal["native"] | tuple[Annotated[int, Field(ge=320)], Annotated[int, Field(ge=320)]]
    ) = "native"
    windowed: bool = False


DeviceName = Annotated[str, Field(pattern=r"^[a-z0-9][a-z0-9-]{0,63}$")]


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
    role: Literal["timeline"] = "timeline"
    media: Path = Path("../media")
    language: Literal[LANGUAGES] = "fr"  # type: ignore[valid-type]
    idle_timeout_s: Annotated[float, Field(gt=0)] = 90.0
    outbox: Path | None = None
    display: DisplayConfig = DisplayConfig()
    audio: bool = True
    fleet: FleetLink | None = None

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


M = TypeVar("M", bound=BaseModel)


def load_config(path: Path, model: type[M]) -> M:
    """Read and validate one YAML config file; raises ConfigError with positioned messages."""
    path = Path(path)
    try:
        doc = load_yaml(path)
    except YamlError as exc:
        raise ConfigError([exc.problem]) from exc
    if not isinstance(doc.data, dict):
        raise ConfigError([doc.problem((), "a config file must be a mapping of keys to values")])
    config, problems = validate(doc, model, doc.data)
    if problems:
        raise ConfigError(problems)
    return config


def load_kiosk_config(path: Path) -> KioskConfig:
    """Read and validate a kiosk config, with its paths made absolute."""
    return load_config(path, KioskConfig).resolved(Path(path).parent.resolve())
