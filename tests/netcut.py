"""A TCP link that a test can cut, like a pulled cable, or slow down, like a poor network."""

from __future__ import annotations

import contextlib
import socket
import threading
import time


class CuttableLink:
    def __init__(self, host: str, port: int) -> None:
        self.target = (host, port)
        self.server = socket.create_server(("127.0.0.1", 0))
        self.host, self.port = "127.0.0.1", self.server.getsockname()[1]
        self._cut = threading.Event()
        self.rate: float | None = None  # bytes per second each way; None: full speed
        self.corrupt_at: int | None = None  # flip the byte at this offset of every reply
        self.carried = 0  # bytes that crossed the link, both ways
        self._lock = threading.Lock()
        self._sockets: list[socket.socket] = []
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self) -> None:
        while True:
            try:
                client, _ = self.server.accept()
            except OSError:
                return
            if self._cut.is_set():
                client.close()
                continue
            try:
                upstream = socket.create_connection(self.target)
            except OSError:
                client.close()
                continue
            with self._lock:
                self._sockets += [client, upstream]
            for a, b, reply in ((client, upstream, False), (upstream, client, True)):
                threading.Thread(target=self._pipe, args=(a, b, reply), daemon=True).start()

    def _pipe(self, src: socket.socket, dst: socket.socket, reply: bool) -> None:
        offset = 0
        try:
            while data := src.recv(16384 if self.rate else 65536):
                at = self.corrupt_at
                if reply and at is not None and offset <= at < offset + len(data):
                    data = (
                        data[: at - offset]
                        + bytes([data[at - offset] ^ 0xFF])
                        + data[at - offset + 1 :]
                    )
                offset += len(data)
                with self._lock:
                    self.carried += len(data)
                if not self._cut.is_set():  # while cut, bytes vanish as on a dead cable
                    dst.sendall(data)
                if self.rate:
                    time.sleep(len(data) / self.rate)
        except OSError:
            pass
        for s in (src, dst):
            with contextlib.suppress(OSError):
                s.shutdown(socket.SHUT_RDWR)

    def cut(self, silent: bool = True) -> None:
        """Refuse new connections until `restore()`. Silent: open connections stay up but carry
        nothing (only keepalives can tell); otherwise they are reset at once."""
        self._cut.set()
        if silent:
            return
        with self._lock:
            for s in self._sockets:
                with contextlib.suppress(OSError):
                    s.shutdown(socket.SHUT_RDWR)
                s.close()
            self._sockets.clear()

    def restore(self) -> None:
        self._cut.clear()

    def close(self) -> None:
        self.cut()
        self.server.close()
