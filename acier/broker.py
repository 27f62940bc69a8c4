"""An MQTT broker for development, tests and `acier demo`: Mosquitto if installed, else amqtt.

Production runs the system Mosquitto with `systemd/mosquitto.conf`. Here a private broker is
started on a free port of 127.0.0.1 with its own config and data folder, so tests can restart or
kill it without touching anything else on the machine.

The amqtt fallback (pure Python, development only) differs, as of amqtt 0.12.1: MQTT 3.1.1 only;
everything in memory (a restart loses retained messages and sessions); a connecting client gets
every retained message matching anyone's subscription, asked for or not (our clients ignore
topics they did not subscribe to); and an anonymous client's persistent session is not kept, so
nothing is queued for it while it is away (the fleet resends what was not acknowledged).
"""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path
from typing import Literal

Kind = Literal["mosquitto", "amqtt"]

# The limits are those of systemd/mosquitto.conf (see the reasons there), so the tests exercise
# what production runs.
MOSQUITTO_CONF = """\
listener {port} 127.0.0.1
allow_anonymous true
persistence true
persistence_location {data}/
autosave_interval 5
max_queued_messages 0
max_queued_bytes 268435456
max_inflight_messages 1000
set_tcp_nodelay true
log_dest file {data}/mosquitto.log
log_type error
log_type warning
log_type notice
"""


def stay_root() -> str:
    """`user root` for a Mosquitto started as root, else nothing.

    As root, Mosquitto switches to the "mosquitto" user, which cannot write a private data
    folder: neither its log nor its persistence file would be written, unnoticed.
    """
    return "user root\n" if os.geteuid() == 0 else ""


def free_port() -> int:
    """A TCP port of 127.0.0.1 that nothing listens on right now."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def mosquitto_binary() -> str | None:
    """The Mosquitto executable; Debian puts it in /usr/sbin, often not on a user's PATH."""
    found = shutil.which("mosquitto")
    if found:
        return found
    return "/usr/sbin/mosquitto" if Path("/usr/sbin/mosquitto").exists() else None


class Broker:
    """A broker process on 127.0.0.1:`port`; `restart()` keeps the port and the data folder."""

    def __init__(self, data_dir: Path, port: int, kind: Kind) -> None:
        self.host = "127.0.0.1"
        self.port = port
        self.kind = kind
        self.data_dir = Path(data_dir)
        self.process: subprocess.Popen[bytes] | None = None

    def __enter__(self) -> Broker:
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def mosquitto_config(self) -> str:
        """The text of the private mosquitto.conf (a test may override it)."""
        return MOSQUITTO_CONF.format(port=self.port, data=self.data_dir) + stay_root()

    def _command(self) -> list[str]:
        if self.kind == "mosquitto":
            binary = mosquitto_binary()
            if binary is None:
                raise RuntimeError("Mosquitto is not installed")
            conf = self.data_dir / "mosquitto.conf"
            conf.write_text(self.mosquitto_config())
            return [binary, "-c", str(conf)]
        return [sys.executable, "-m", "acier.broker", "--amqtt", str(self.port)]

    def start(self, timeout: float = 10.0) -> None:
        """Start the process and wait until the port accepts connections.

        The port must first be free, else a connection to another process would pass for ours;
        until `timeout` it is waited for, also when another process takes it first. On failure
        the RuntimeError carries the tail of the broker's log.
        """
        self.data_dir.mkdir(parents=True, exist_ok=True)
        deadline = time.monotonic() + timeout
        launched = False
        while True:
            if self._port_free():
                launched = True
                with open(self.data_dir / "process.log", "ab") as log:  # the child has its own
                    self.process = subprocess.Popen(
                        self._command(), stdout=log, stderr=subprocess.STDOUT
                    )
                if self._wait_listening(deadline):
                    return
                if self.running or self._port_free():
                    break  # alive but deaf until the deadline, or failed for another reason
            if time.monotonic() >= deadline:
                break
            time.sleep(0.1)
        self.kill()
        why = f":\n{self._log_tail()}" if launched else ": in use by another process"
        raise RuntimeError(f"the {self.kind} broker did not start on port {self.port}{why}")

    def _port_free(self) -> bool:
        """Whether the broker can bind the port; like brokers, SO_REUSEADDR skips TIME_WAIT."""
        with socket.socket() as s:
            s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            try:
                s.bind((self.host, self.port))
            except OSError:
                return False
            return True

    def _wait_listening(self, deadline: float) -> bool:
        """True once the port answers; False if the process exits first or time runs out."""
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                return False
            try:
                with socket.create_connection((self.host, self.port), timeout=0.2):
                    pass
            except OSError:
                time.sleep(0.02)
            else:
                return True
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
        """SIGTERM, so Mosquitto writes its persistence file; SIGKILL if it hangs."""
        if self.running:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=5.0)
            except subprocess.TimeoutExpired:
                self.kill()

    def kill(self) -> None:
        """SIGKILL, as a crash or power cut would: only the last autosave survives."""
        if self.running:
            self.process.kill()
            self.process.wait()

    def restart(self) -> None:
        """Stop (if running) and start again on the same port with the same data."""
        self.stop()
        self.start()


def start_broker(data_dir: Path, port: int | None = None, prefer: Kind | None = None) -> Broker:
    """Start a private broker in `data_dir` and wait until it accepts connections.

    Mosquitto when installed (or when `prefer`red), else amqtt; `port` defaults to a free one.
    """
    kind = prefer or ("mosquitto" if mosquitto_binary() else "amqtt")
    broker = Broker(data_dir, port or free_port(), kind)
    broker.start()
    return broker


def _run_amqtt(port: int) -> None:
    """The amqtt fallback until SIGTERM, run as `python -m acier.broker --amqtt PORT`."""
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
        for sig in (signal.SIGTERM, signal.SIGINT):
            loop.add_signal_handler(sig, stop.set)
        await stop.wait()
        await broker.shutdown()

    asyncio.run(serve())


if __name__ == "__main__":
    if sys.argv[1:2] != ["--amqtt"] or len(sys.argv) != 3:
        sys.exit("usage: python -m acier.broker --amqtt PORT")
    _run_amqtt(int(sys.argv[2]))
