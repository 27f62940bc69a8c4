"""The site file the controller runs from: site name, broker, store, timings, opening hours."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field

from acier.config import BrokerConfig, DeviceName, load_config
from acier.controller.schedule import OpeningHours


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
    hours: OpeningHours | None = None  # none: devices are never put to sleep
    content: ContentServing = ContentServing()

    @property
    def stale_after_s(self) -> float:
        """Three missed heartbeats make an online device stale."""
        return 3 * self.heartbeat_s


def load_site(path: Path) -> SiteConfig:
    """Read a site file; the store URL and password file are made absolute against it."""
    path = Path(path)
    site = load_config(path, SiteConfig)
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
