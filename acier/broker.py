"""An MQTT broker for development, tests and `acier demo`: Mosquitto if installed, else amqtt.

Production runs the system Mosquitto with `systemd/mosquitto.conf`. Here a private broker is
started on a free port with its own config and persistence folder, so tests can restart or kill
it. The amqtt fallback (pure Python) speaks MQTT 3.1.1 only and sends retained messages to
clients that never subscribed to them; our clients ignore topics they did not ask for.
"""

from __future__ import annotations

import shutil
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path
from typing import Literal

MOSQUITTO_CONF = """\
listener {port} 127.0.0.1
allow_anonymous true
persistence true
persistence_location {data}/
autosave_interval 5
# bursts to a client that is briefly away must queue, not drop (defaults: 1000 messages)
max_queued_messages 1000000
max_queued_bytes 0
max_inflight_messages 0
set_tcp_nodelay true
log_dest file {data}/mosquitto.log
log_type error
log_type warning
log_type notice
"""


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def mosquitto_binary() -> str | None:
    found = shutil.which("mosquitto")
    if found:
        return found
    return "/usr/sbin/mosquitto" if Path("/usr/sbin/mosquitto").exists() else None


class Broker:
    """A broker process on 127.0.0.1:`port`; `restart()` keeps the port and persisted state."""

    def __init__(self, data_dir: Path, port: int, kind: Literal["mosquitto", "amqtt"]) -> None:
        self.host = "127.0.0.1"
        self.port = port
        self.kind = kind
        self.data_dir = Path(data_dir)
        self.process: subprocess.Popen | None = None

    def __enter__(self) -> Broker:
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def _command(self) -> list[str]:
        if self.kind == "mosquitto":
            conf = self.data_dir / "mosquitto.conf"
            conf.write_text(MOSQUITTO_CONF.format(port=self.port, data=self.data_dir))
            return [mosquitto_binary() or "mosquitto", "-c", str(conf)]
        return [sys.executable, "-m", "acier.broker", str(self.port)]

    def start(self, timeout: float = 10.0) -> None:
        self.data_dir.mkdir(parents=True, exist_ok=True)
        log = open(self.data_dir / "process.log", "ab")  # noqa: SIM115 - lives with the process
        end = time.monotonic() + timeout
        while True:  # the port may still be held for a moment after a kill
            self.process = subprocess.Popen(self._command(), stdout=log, stderr=log)
            if self._wait_listening(min(end, time.monotonic() + 3.0)):
                return
            if self.process.poll() is None or time.monotonic() >= end:
                break
        self.kill()
        raise RuntimeError(
            f"the {self.kind} broker did not start on port {self.port}:\n" + self._log_tail()
        )

    def _wait_listening(self, end: float) -> bool:
        while time.monotonic() < end:
            if self.process.poll() is not None:
                time.sleep(0.2)
                return False
            try:
                with socket.create_connection((self.host, self.port), timeout=0.2):
                    return True
            except OSError:
                time.sleep(0.02)
        return False

    def _log_tail(self) -> str:
        text = ""
        for name in ("mosquitto.log", "process.log"):
            path = self.data_dir / name
            if path.exists():
                text += path.read_text(errors="replace")[-2000:]
        return text

    @property
    def running(self) -> bool:
        return self.process is not None and self.process.poll() is None

    def stop(self) -> None:
        """SIGTERM (Mosquitto saves its persistence file), SIGKILL if it hangs."""
        if self.running:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=5.0)
            except subprocess.TimeoutExpired:
                self.kill()

    def kill(self) -> None:
        if self.running:
            self.process.kill()
            self.process.wait()

    def restart(self) -> None:
        self.stop()
        self.start()


def start_broker(
    data_dir: Path,
    port: int | None = None,
    prefer: Literal["mosquitto", "amqtt"] | None = None,
) -> Broker:
    """Start a private broker and wait until it accepts connections."""
    kind = prefer or ("mosquitto" if mosquitto_binary() else "amqtt")
    broker = Broker(data_dir, port or free_port(), kind)
    broker.start()
    return broker


def _run_amqtt(port: int) -> None:
    """The amqtt fallback, run as `python -m acier.broker PORT`."""
    import asyncio

    from amqtt.broker import Broker as AmqttBroker

    config = {
        "listeners": {"default": {"type": "tcp", "bind": f"127.0.0.1:{port}"}},
        "plugins": {"amqtt.plugins.authentication.AnonymousAuthPlugin": {"allow_anonymous": True}},
    }

    async def serve() -> None:
        broker = AmqttBroker(config)
        await broker.start()
        stop = asyncio.Event()
        loop = asyncio.get_running_loop()
        loop.add_signal_handler(signal.SIGTERM, stop.set)
        await stop.wait()
        await broker.shutdown()

    asyncio.run(serve())


if __name__ == "__main__":
    _run_amqtt(int(sys.argv[1]))
