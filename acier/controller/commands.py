"""Commands to devices and the wait for their replies, matched on the command's correlation id.

Used by the controller (and through it the web console) and by `acier send`, which is its own
short-lived MQTT client: each gives a function naming the devices a target should reach.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

import paho.mqtt.client as mqtt

from acier.protocol.fleet import Command, Reply, Topics, encode


class Commander:
    def __init__(
        self, client: mqtt.Client, topics: Topics, targets: Callable[[str], list[str]]
    ) -> None:
        self.client = client
        self.topics = topics
        self.targets = targets
        self._lock = threading.Condition()
        self._waiting: dict[str, dict[str, Reply | None]] = {}

    def send(
        self, target: str, name: str, args: dict[str, Any], timeout: float
    ) -> dict[str, Reply | None]:
        """Publish once (QoS 1, never retained); wait up to `timeout` for every expected reply.

        Returns device -> its Reply, or None for a device that did not answer in time. A device
        that answers without being expected (it came online meanwhile) is included too.
        """
        command = Command(name=name, args=args)
        expected = self.targets(target)
        replies: dict[str, Reply | None] = dict.fromkeys(expected)
        with self._lock:
            self._waiting[command.id] = replies
        self.client.publish(self.topics.command_target(target), encode(command), qos=1)
        with self._lock:
            self._lock.wait_for(lambda: all(r is not None for r in replies.values()), timeout)
            del self._waiting[command.id]
            return dict(replies)

    def on_reply(self, reply: Reply) -> None:
        with self._lock:
            replies = self._waiting.get(reply.id)
            if replies is not None:
                replies[reply.device] = reply
                self._lock.notify_all()
