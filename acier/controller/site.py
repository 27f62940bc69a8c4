"""The site file the controller runs from: site name, broker, store, timings, opening hours.

It also holds what every device file in its folder inherits (see `acier.config`): the site's
`languages` and a `defaults:` block of device keys.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, Field

from acier.config import (
    LANGUAGES,
    BrokerConfig,
    ConfigError,
    DeviceName,
    Languages,
    read_config,
    site_defaults_problems,
)
from acier.controller.schedule import OpeningHours
from acier.yamlfile import validate


class ContentServing(BaseModel):
    """Where published content versions live, and how kiosks download them."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    store: Path = Path("../var/content")  # relative to the site file
    listen: str = "0.0.0.0"  # the controller's HTTP server
    port: Annotated[int, Field(ge=1, le=65535)] = 8080
    url: str = "http://127.0.0.1:8080"  # the same server as the kiosks reach it


class SiteConfig(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    site: DeviceName
    broker: BrokerConfig = BrokerConfig()
    # SQLAlchemy URL; a relative sqlite path is taken from the site file's folder
    store: str = "sqlite:///../var/interactions.sqlite"
    heartbeat_s: Annotated[float, Field(gt=0)] = 15.0  # devices' status heartbeat
    zones: list[DeviceName] = []
    # the languages every text must have (the kiosks offer these; others are optional)
    languages: Languages = LANGUAGES
    # device keys every device file in this folder inherits (checked as a device's keys)
    defaults: dict[str, Any] | None = None
    hours: OpeningHours | None = None  # none: devices are never put to sleep
    content: ContentServing = ContentServing()

    @property
    def stale_after_s(self) -> float:
        """Three missed heartbeats make an online device stale."""
        return 3 * self.heartbeat_s


def load_site(path: Path) -> SiteConfig:
    """Read a site file; the store URL and password file are made absolute against it."""
    path = Path(path)
    doc = read_config(path)
    site, problems = validate(doc, SiteConfig, doc.data)
    if site is not None:
        problems += site_defaults_problems(doc)
    if problems:
        raise ConfigError(problems)
    base = path.parent.resolve()
    update: dict[str, object] = {}
    prefix = "sqlite:///"
    if site.store.startswith(prefix) and not site.store.startswith(prefix + "/"):
        update["store"] = prefix + str((base / site.store.removeprefix(prefix)).resolve())
    if site.broker.password_file:
        update["broker"] = site.broker.model_copy(
            update={"password_file": base / site.broker.password_file}
        )
    update["content"] = site.content.model_copy(
        update={"store": (base / site.content.store).resolve()}
    )
    return site.model_copy(update=update)
