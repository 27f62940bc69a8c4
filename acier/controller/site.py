"""The site file the controller runs from: site name, broker, store, timings, opening hours."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field

from acier.config import BrokerConfig, DeviceName, load_config
from acier.controller.schedule import OpeningHours


class SiteConfig(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    site: DeviceName
    broker: BrokerConfig = BrokerConfig()
    # SQLAlchemy URL; a relative sqlite path is taken from the site file's folder
    store: str = "sqlite:///../var/interactions.sqlite"
    heartbeat_s: Annotated[float, Field(gt=0)] = 15.0  # devices' status heartbeat
    zones: list[DeviceName] = []
    hours: OpeningHours | None = None  # none: devices are never put to sleep

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
    return site.model_copy(update=update)
