"""One way to make a paho-mqtt client, shared by the device agent, the controller and the CLI.

paho does not set TCP_NODELAY, so small messages can wait ~40 ms for Nagle's algorithm; the
socket is switched to no-delay as soon as it opens. Reconnects back off from 1 s to 30 s.
"""

from __future__ import annotations

import os
import socket
from dataclasses import dataclass
from pathlib import Path

import paho.mqtt.client as mqtt


@dataclass(frozen=True)
class BrokerAddress:
    host: str = "127.0.0.1"
    port: int = 1883
    username: str | None = None
    password: str | None = None


def read_secret(file: Path | None, env: str | None) -> str | None:
    """A secret named by a config: from a file (first line) or an environment variable."""
    if file is not None:
        return Path(file).read_text(encoding="utf-8").splitlines()[0].strip()
    if env:
        return os.environ.get(env)
    return None


def _no_delay(client: mqtt.Client, userdata: object, sock: object) -> None:
    if isinstance(sock, socket.socket):
        sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)


def make_client(client_id: str, broker: BrokerAddress, clean_session: bool = True) -> mqtt.Client:
    """A paho client (MQTT 3.1.1, callback API 2) with no-delay sockets and unbounded queues."""
    client = mqtt.Client(
        mqtt.CallbackAPIVersion.VERSION2,
        client_id=client_id,
        clean_session=clean_session,
        protocol=mqtt.MQTTv311,
    )
    client.on_socket_open = _no_delay
    client.reconnect_delay_set(1, 30)
    # 0 = no limit: paho would otherwise hold QoS 1 messages back (acknowledgements behind a
    # burst), and our own windows already bound what is in flight.
    client.max_inflight_messages_set(0)
    if broker.username:
        client.username_pw_set(broker.username, broker.password)
    return client
