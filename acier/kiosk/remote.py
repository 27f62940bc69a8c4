"""Fleet commands carried out by a timeline kiosk or an exhibit, on its render thread.

The device agent queues commands from the controller; `RemoteControl.__call__` runs once a frame,
carries out what has arrived and replies. Each command is quick (reload parses YAML only), so a
frame never waits on the network. It also keeps the agent's status fields up to date.
"""

from __future__ import annotations

import hashlib
import logging
from pathlib import Path
from typing import TYPE_CHECKING

from acier import __version__
from acier.agent import DeviceAgent
from acier.config import ConfigError, load_kiosk_config
from acier.kiosk.app import KioskApp
from acier.kiosk.content import Content, ContentError, load_content
from acier.protocol.fleet import Command

if TYPE_CHECKING:
    from acier.hardware.selftest import SelfTest
    from acier.kiosk.exhibit_app import ExhibitApp

log = logging.getLogger(__name__)

IDENTIFY_S = 10.0
RESTART_EXIT = 3  # systemd's Restart=always starts the kiosk again
BOARDS_S = 15.0  # how often an exhibit refreshes its serial boards' counters in its status


def content_version(content: Content) -> str:
    """A short fingerprint of the loaded entries, so staff can see which pack a kiosk shows."""
    digest = hashlib.sha256()
    for entry in content.entries:
        digest.update(entry.model_dump_json().encode())
    return digest.hexdigest()[:12]


class RemoteControl:
    """The commands every screen device carries out; subclasses add their own."""

    def __init__(self, app, agent: DeviceAgent) -> None:
        self.app = app
        self.agent = agent
        self.exit_status = 0
        self._fps_frames = app.frames
        self._fps_since: float | None = None
        self.agent.settings.app_version = __version__

    def __call__(self, now: float) -> None:
        for command in self.agent.commands():
            try:
                if not self._run(command, now):
                    self.agent.reply(command, False, f"{command.name!r} is not for this device")
            except Exception as exc:  # a failing command is an error reply, never a crash
                log.exception("command %s failed", command.name)
                self.agent.reply(command, False, f"{type(exc).__name__}: {exc}")
        self._report(now)

    def _report(self, now: float) -> None:
        app = self.app
        if self._fps_since is None:
            self._fps_since = now
        elapsed = now - self._fps_since
        fields: dict[str, object] = {
            "scene": self.scene(),
            "state": "sleeping" if app.mode == "asleep" else "online",
        }
        if elapsed >= 1.0:
            fields["fps"] = (app.frames - self._fps_frames) / elapsed
            self._fps_frames, self._fps_since = app.frames, now
        self.agent.set_status(**fields)

    def scene(self) -> str:
        """What the screen shows, for the status."""
        return self.app.mode

    def _run(self, command: Command, now: float) -> bool:
        """Carry out a command; False if this device does not know it."""
        app, args, reply = self.app, command.args, self.agent.reply
        name = command.name
        if name == "identify":
            app.identify_until = app.clock() + float(args.get("seconds", IDENTIFY_S))
            reply(command, True)
        elif name == "sleep":
            app.sleep(now)
            reply(command, True, state="sleeping")
        elif name == "wake":
            app.wake(now)
            reply(command, True, state="online")
        elif name == "language":
            language = args.get("language")
            if language not in app.languages:
                reply(command, False, f"language must be one of {', '.join(app.languages)}")
                return True
            if app.mode == "attract":
                app.start_session(now)
            app.set_language(language)
            reply(command, True, language=language)
        elif name == "restart":
            reply(command, True)
            self.exit_status = RESTART_EXIT
            app.running = False
        else:
            return False
        return True


class TimelineRemote(RemoteControl):
    """A timeline kiosk also goes to an entry, reloads its content and checks its video."""

    def __init__(
        self,
        app: KioskApp,
        agent: DeviceAgent,
        media: Path,
        config_path: Path | None = None,
        version: str | None = None,
    ) -> None:
        super().__init__(app, agent)
        self.media = media  # the folder shown: the config's, or a version from the controller
        self.config_path = config_path  # re-read by `reload`, when the kiosk has one
        self.synced = version is not None  # showing a version published by the controller
        self.version = version or content_version(app.content)
        self.agent.set_status(content_version=self.version, scene=app.mode)

    def use_version(self, version: str, media: Path) -> None:
        """The app now shows a content version from the controller, from `media`."""
        self.version, self.media, self.synced = version, media, True
        self.agent.set_status(content_version=version)

    def _run(self, command: Command, now: float) -> bool:
        name = command.name
        if name == "goto":
            self._goto(command, now)
        elif name == "reload":
            self._reload(command)
        elif name == "selftest":
            checks = self.selftest()
            failed = [k for k, (ok, _) in checks.items() if not ok]
            self.agent.reply(
                command,
                not failed,
                f"failed: {', '.join(failed)}" if failed else "",
                checks={k: {"ok": ok, "detail": d} for k, (ok, d) in checks.items()},
            )
        else:
            return super()._run(command, now)
        return True

    def _goto(self, command: Command, now: float) -> None:
        app = self.app
        entry = command.args.get("entry")
        ids = [e.id for e in app.content.entries]
        if entry not in ids:
            self.agent.reply(command, False, f"no entry {entry!r} in this kiosk's content")
            return
        if app.mode == "asleep":
            self.agent.reply(command, False, "the kiosk is asleep")
            return
        if app.mode == "attract":
            app.start_session(now)
        app.close_entry(now)
        app.open_entry(ids.index(entry), "command", now)
        self.agent.reply(command, True, entry=entry)

    def _reload(self, command: Command) -> None:
        """Read the device config and the media folder again; on any error keep the last good
        config and content, and say why in the reply and the status."""
        config = self.app.config
        if self.config_path is not None:
            try:
                config = load_kiosk_config(self.config_path)
            except ConfigError as exc:
                first = str(exc.problems[0]) if exc.problems else "invalid config"
                error = f"reload refused, kept the previous config: {first}"
                self.agent.set_status(error=error)
                self.agent.reply(command, False, error, problems=[str(p) for p in exc.problems])
                return
            if not self.synced:  # a version from the controller outranks the config's folder
                self.media = config.media
        try:
            content = load_content(self.media, config.languages)
        except ContentError as exc:
            first = str(exc.problems[0]) if exc.problems else "invalid content"
            error = f"reload refused, kept the previous content: {first}"
            self.agent.set_status(error=error)
            self.agent.reply(command, False, error, problems=[str(p) for p in exc.problems[:20]])
            return
        now = self.app.clock()
        if self.app.session.active:
            self.app.end_session("shutdown", now)
        # what a running kiosk can take from a new config: its languages, timeout and media
        self.app.config = self.app.config.model_copy(
            update={
                "language": config.language,
                "languages": config.languages,
                "idle_timeout_s": config.idle_timeout_s,
                "media": self.media,
            }
        )
        self.app.session.idle_timeout_s = config.idle_timeout_s
        self.app.language = config.language
        self.app.use_content(content)
        if not self.synced:
            self.version = content_version(content)
        version = self.version
        self.agent.set_status(content_version=version, error="")
        self.agent.reply(command, True, content_version=version, entries=len(content.entries))

    def selftest(self) -> dict[str, tuple[bool, str]]:
        """Quick checks a technician can run remotely: content, outbox, display, video."""
        app = self.app
        checks: dict[str, tuple[bool, str]] = {}
        try:
            content = load_content(self.media, app.config.languages)
            checks["content"] = (True, f"{len(content.entries)} entries")
        except ContentError as exc:
            checks["content"] = (False, str(exc.problems[0]))
        depth = app.outbox.depth()
        checks["outbox"] = (depth < app.outbox.max_events, f"{depth} events waiting")
        w, h = app.surface.get_size()
        checks["display"] = (w > 0 and h > 0, f"{w}x{h}")
        try:
            import vlc

            checks["video"] = (
                vlc.Instance("--quiet") is not None,
                vlc.libvlc_get_version().decode(),
            )
        except Exception as exc:
            checks["video"] = (False, f"libvlc unavailable: {exc}")
        return checks


class ExhibitRemote(RemoteControl):
    """An exhibit walks its hardware on `selftest` and reports its serial boards' states."""

    def __init__(self, app: ExhibitApp, agent: DeviceAgent) -> None:
        super().__init__(app, agent)
        self._boards: dict[str, str] | None = None
        self._boards_at = 0.0
        self.agent.set_status(scene=app.mode)

    def _run(self, command: Command, now: float) -> bool:
        if command.name != "selftest":
            return super()._run(command, now)
        if command.args.get("stop"):  # the one running replies with what it had done
            running = self.app.selftest is not None
            self.app.selftest_action("stop", now)
            self.agent.reply(command, running, "" if running else "no self-test is running")
            return True
        if self.app.selftest is not None:
            self.agent.reply(command, False, "a self-test is already running")
            return True

        def done(test: SelfTest) -> None:
            failed = [c.name for c in test.checks if not c.ok]
            error = f"failed: {', '.join(failed)}" if failed else ""
            self.agent.reply(command, not failed, error, checks=test.results())

        self.app.start_selftest(done)
        return True

    def scene(self) -> str:
        return "selftest" if self.app.selftest is not None else self.app.mode

    def _report(self, now: float) -> None:
        super()._report(now)
        states = dict(self.app.boards)
        # the counters grow with every line: sent when a state changes, and every BOARDS_S
        if states != self._boards or now - self._boards_at >= BOARDS_S:
            self._boards, self._boards_at = states, now
            stats = self.app.hardware.board_states()
            boards = {n: {**stats.get(n, {}), "state": state} for n, state in states.items()}
            self.agent.set_status(boards=boards)
