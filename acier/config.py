"""A device's YAML configuration, validated with file:line messages.

Paths in the file are relative to the file itself, so a config folder can be moved whole.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field

from acier.kiosk.content import LANGUAGES
from acier.yamlfile import Problem, YamlError, load_yaml, validate


class DisplayConfig(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    size: (
        Literal["native"] | tuple[Annotated[int, Field(ge=320)], Annotated[int, Field(ge=320)]]
    ) = "native"
    windowed: bool = False


class KioskConfig(BaseModel):
    """One timeline kiosk."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    device: Annotated[str, Field(pattern=r"^[a-z0-9][a-z0-9-]*$")]
    role: Literal["timeline"] = "timeline"
    media: Path = Path("../media")
    language: Literal[LANGUAGES] = "fr"  # type: ignore[valid-type]
    idle_timeout_s: Annotated[float, Field(gt=0)] = 90.0
    outbox: Path | None = None
    display: DisplayConfig = DisplayConfig()
    audio: bool = True

    def resolved(self, base: Path) -> KioskConfig:
        """Paths made absolute against the config file's folder; default outbox under var/."""
        outbox = self.outbox or Path("../var") / f"{self.device}-outbox.sqlite"
        return self.model_copy(
            update={"media": (base / self.media).resolve(), "outbox": (base / outbox).resolve()}
        )


class ConfigError(Exception):
    def __init__(self, problems: list[Problem]) -> None:
        super().__init__("\n".join(str(p) for p in problems))
        self.problems = problems


def load_kiosk_config(path: Path) -> KioskConfig:
    """Read and validate a kiosk config; raises ConfigError with positioned messages."""
    path = Path(path)
    try:
        doc = load_yaml(path)
    except YamlError as exc:
        raise ConfigError([exc.problem]) from exc
    if not isinstance(doc.data, dict):
        raise ConfigError([doc.problem((), "a device config must be a mapping of keys to values")])
    config, problems = validate(doc, KioskConfig, doc.data)
    if problems:
        raise ConfigError(problems)
    return config.resolved(path.parent.resolve())
