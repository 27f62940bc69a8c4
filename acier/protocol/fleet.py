"""The fleet contract over MQTT: every topic string and every payload schema, in one place.

Both the device agent and the controller import this module; no other module writes a topic.
All topics live under `acier/v1/<site>/`; payloads are UTF-8 JSON objects with a `v` field.

    acier/v1/<site>/device/<id>/status     retained  DeviceStatus (last will: state "offline")
    acier/v1/<site>/device/<id>/events     QoS 1     EventBatch (device -> controller)
    acier/v1/<site>/device/<id>/ack        QoS 1     Ack (controller -> device, after its commit)
    acier/v1/<site>/device/<id>/reply      QoS 1     Reply (device -> controller, to a Command)
    acier/v1/<site>/cmd/device/<id>        QoS 1     Command to one device, never retained
    acier/v1/<site>/cmd/zone/<zone>        QoS 1     Command to every device of a zone
    acier/v1/<site>/cmd/all                QoS 1     Command to every device
    acier/v1/<site>/controller/state       retained  ControllerState (last will: "offline")
    acier/v1/<site>/content                retained  ContentAnnounce (the version to run)

The `session` counter in DeviceStatus and ControllerState grows by one on every connection, and
the last will carries the same value, so a will published late by the broker for a previous
connection can be recognised as stale and ignored.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import Annotated, Any, Literal, TypeVar

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from acier.protocol.content import VERSION_PATTERN
from acier.protocol.events import Event

VERSION = 1
ROOT = "acier/v1"
MAX_PAYLOAD = 4 * 1024 * 1024  # bytes; anything larger is refused unparsed
MAX_BATCH = 1000  # events per batch

Name = Annotated[str, Field(pattern=r"^[a-z0-9][a-z0-9-]{0,63}$")]


class _Message(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    v: Literal[1] = VERSION


class DeviceStatus(_Message):
    """Retained per-device state; published on connect, on change and as a heartbeat."""

    device: Name
    session: int = Field(ge=0)
    state: Literal["online", "sleeping", "offline"]
    ts: float
    role: str = ""
    zone: str = ""
    app_version: str = ""
    content_version: str = ""
    content_sync: str = ""  # "downloading <version>", "ready <version>" or empty
    scene: str = ""
    fps: float = 0.0
    uptime_s: float = 0.0
    outbox_depth: int = 0
    dropped: int = 0
    error: str = ""  # the last error worth a technician's eye, e.g. a failed reload
    # an exhibit's serial boards and readers: name -> {"state": connected, silent, disconnected,
    # absent, denied or busy, "lines", "garbage", "bad_checksum", "partial", "reconnects",
    # "last_value_age_s", "last_error"}
    boards: dict[str, dict[str, Any]] = {}


class EventBatch(_Message):
    device: Name
    events: list[Event] = Field(max_length=MAX_BATCH)


class Ack(_Message):
    """The controller has committed these event ids; the device may delete them."""

    ids: list[str]


COMMANDS = frozenset(
    {"identify", "sleep", "wake", "goto", "language", "reload", "restart", "selftest"}
)


class Command(_Message):
    id: str = Field(default_factory=lambda: uuid.uuid4().hex)
    name: str  # checked against COMMANDS by the device: an unknown one gets an error reply
    args: dict[str, Any] = {}


class Reply(_Message):
    id: str  # the Command's id
    device: Name
    ok: bool
    error: str = ""
    result: dict[str, Any] = {}


class ControllerState(_Message):
    state: Literal["online", "offline"]
    session: int = Field(ge=0)
    ts: float


class ContentAnnounce(_Message):
    """The content version every kiosk of the site should run, and where to download it."""

    version: Annotated[str, Field(pattern=VERSION_PATTERN)]
    url: Annotated[str, Field(pattern=r"^https?://[^\s]+$")]  # the controller's HTTP server
    files: int = Field(ge=0)
    bytes: int = Field(ge=0)
    ts: float


# --- topics -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Topics:
    """Every topic of one site."""

    site: str

    @property
    def base(self) -> str:
        return f"{ROOT}/{self.site}"

    def status(self, device: str) -> str:
        return f"{self.base}/device/{device}/status"

    def events(self, device: str) -> str:
        return f"{self.base}/device/{device}/events"

    def ack(self, device: str) -> str:
        return f"{self.base}/device/{device}/ack"

    def reply(self, device: str) -> str:
        return f"{self.base}/device/{device}/reply"

    def command_device(self, device: str) -> str:
        return f"{self.base}/cmd/device/{device}"

    def command_zone(self, zone: str) -> str:
        return f"{self.base}/cmd/zone/{zone}"

    @property
    def command_all(self) -> str:
        return f"{self.base}/cmd/all"

    @property
    def controller(self) -> str:
        return f"{self.base}/controller/state"

    @property
    def content(self) -> str:
        return f"{self.base}/content"

    def command_target(self, target: str) -> str:
        """'DEVICE', 'zone:NAME' or 'all' -> the command topic."""
        if target == "all":
            return self.command_all
        if target.startswith("zone:"):
            return self.command_zone(target.removeprefix("zone:"))
        return self.command_device(target)

    # subscriptions
    def device_subscriptions(self, device: str, zone: str) -> list[str]:
        subs = [self.command_device(device), self.command_all, self.controller, self.ack(device)]
        subs.append(self.content)
        return [*subs, self.command_zone(zone)] if zone else subs

    @property
    def controller_subscriptions(self) -> list[str]:
        return [f"{self.base}/device/+/{leaf}" for leaf in ("status", "events", "reply")]

    def parse_device_topic(self, topic: str) -> tuple[str, str] | None:
        """`.../device/<id>/<leaf>` -> (id, leaf); None for any other topic of any site."""
        prefix = f"{self.base}/device/"
        if not topic.startswith(prefix):
            return None
        parts = topic[len(prefix) :].split("/")
        if len(parts) != 2 or not parts[0]:
            return None
        return parts[0], parts[1]


# --- encoding -----------------------------------------------------------------------------


def encode(message: BaseModel) -> bytes:
    return message.model_dump_json().encode()


class BadMessage(ValueError):
    """A payload that does not fit the contract; the text says why, for the log."""


M = TypeVar("M", bound=BaseModel)


def decode(model: type[M], payload: bytes) -> M:
    """Parse one payload; raises BadMessage for oversize, non-JSON, wrong version or shape."""
    if len(payload) > MAX_PAYLOAD:
        raise BadMessage(f"payload of {len(payload)} bytes is over {MAX_PAYLOAD}")
    try:
        return model.model_validate_json(payload)
    except ValidationError as exc:
        first = exc.errors()[0]
        if first["type"] == "json_invalid":
            raise BadMessage(f"not JSON: {first['msg']}") from None
        if first["type"] == "model_type":
            raise BadMessage("not a JSON object") from None
        if first["loc"] == ("v",):
            raise BadMessage(f"unknown version {first.get('input')!r}") from None
        where = ".".join(str(p) for p in first["loc"])
        raise BadMessage(f"{model.__name__}: {where}: {first['msg']}") from None
