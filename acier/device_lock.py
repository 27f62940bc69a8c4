"""One running copy per device: a second `acier kiosk` for the same device refuses to start.

Two copies of one device would take turns kicking each other off the broker (same client id),
fight over its GPIO pins and serial ports and show two screens' worth of events as one. The
lock is an advisory `flock` on a file next to the device's outbox, so the kernel releases it
when the holder dies, however it dies: a crashed kiosk never blocks its restart.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
from collections.abc import Iterator
from pathlib import Path


class DeviceBusy(Exception):
    """Another process holds the device; `holder` is its pid as it wrote it (or "?")."""

    def __init__(self, device: str, path: Path, holder: str) -> None:
        super().__init__(f"{device} is already running (pid {holder}, lock {path})")


@contextlib.contextmanager
def hold_device(device: str, outbox: Path) -> Iterator[None]:
    """Hold the device for the duration of the block; raise `DeviceBusy` if another process does."""
    path = outbox.with_name(outbox.name + ".lock")
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            holder = os.pread(fd, 32, 0).decode(errors="replace").strip() or "?"
            raise DeviceBusy(device, path, holder) from None
        os.ftruncate(fd, 0)
        os.pwrite(fd, f"{os.getpid()}\n".encode(), 0)
        try:
            yield
        finally:
            os.ftruncate(fd, 0)  # a clean exit leaves no pid behind to mislead whoever looks
    finally:
        os.close(fd)
