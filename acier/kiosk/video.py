"""Video playback for the kiosk: libvlc decodes into memory, pygame shows the newest frame.

libvlc's own window output cannot live inside a fullscreen pygame window, so the player uses
libvlc's video callbacks (lock/unlock/display) with a fixed RGBA format: VLC scales each picture to
the size fitted in the caller's box and writes it into a buffer we own. The decode thread copies a
finished picture into a shared buffer under a lock held only for that copy; the render loop's
`frame()` takes a copy under the same lock only when a new picture arrived, and otherwise returns
the Surface it already built. Nothing on the main thread ever waits for the decoder.

libvlc calls our callbacks (video and events) on its own threads and is not reentrant, so those
callbacks only copy pixels or set flags; every libvlc call is made from the caller's thread.

Before playing, the file is pre-parsed (asynchronously, polled from the main thread) for its
picture size: with memory output VLC 3 reports only the decoder's padded size, which would distort
the aspect ratio, and a file without a video track is rejected early as an error.
"""

from __future__ import annotations

import atexit
import ctypes
import logging
import os
import threading
import time
from pathlib import Path
from typing import Any

import pygame

log = logging.getLogger(__name__)

# How long a file may take to parse, and then to show its first picture, before it counts as broken.
PARSE_TIMEOUT_S = 5.0
FIRST_FRAME_TIMEOUT_S = 6.0

# Chroma asked from VLC, and the matching pygame layout (the 4th byte is ignored: no alpha).
_VLC_CHROMA = "RGBA"
_PYGAME_FORMAT = "RGBX"
_BYTES_PER_PIXEL = 4
_ALIGN = 32  # libvlc wants picture planes and pitches aligned on 32 bytes

# libvlc_media_parsed_status_t and libvlc_track_type_t values (libvlc 3).
_PARSED_DONE = 4
_TRACK_VIDEO = 1

_instance_lock = threading.Lock()
_instance: Any = None
_instance_failed = False
_live_players: set[VideoPlayer] = set()


def _vlc_options() -> list[str]:
    """Instance options: no X11, quiet, and no text VLC would burn into our frames.

    Subtitles are drawn by the kiosk itself, so VLC must neither show the file name nor load the
    .srt files lying next to the video. Audio goes to the dummy output when ACIER_AUDIO=dummy or
    SDL_AUDIODRIVER=dummy (tests, headless runs); otherwise to the machine's default output.
    """
    options = [
        "--no-xlib",
        "--quiet",
        "--no-video-title-show",
        "--no-sub-autodetect-file",
        "--no-spu",
        "--no-osd",
    ]
    if "dummy" in (os.environ.get("ACIER_AUDIO"), os.environ.get("SDL_AUDIODRIVER")):
        options.append("--aout=dummy")
    return options


def _get_instance() -> Any:
    """The process's single vlc.Instance (created on first use), or None if libvlc is unusable.

    One instance per process: each one loads and scans VLC's plugins, which is slow and memory
    hungry. A machine without libvlc still runs the kiosk; its videos just show as unavailable.
    """
    global _instance, _instance_failed
    with _instance_lock:
        if _instance is None and not _instance_failed:
            try:
                import vlc

                _instance = vlc.Instance(_vlc_options())
            except Exception:  # python-vlc raises various errors when libvlc is missing
                log.exception("libvlc could not be loaded; videos are disabled")
                _instance = None
            if _instance is None:
                _instance_failed = True
        return _instance


def libvlc_available() -> bool:
    """True if libvlc loads and its instance can be created (creates the shared instance)."""
    return _get_instance() is not None


def fit_size(source: tuple[int, int], box: tuple[int, int]) -> tuple[int, int]:
    """Largest size with the source's aspect ratio that fits in the box (at least 1×1)."""
    src_w, src_h = source
    box_w, box_h = max(1, box[0]), max(1, box[1])
    scale = min(box_w / src_w, box_h / src_h)
    width = min(box_w, max(1, round(src_w * scale)))
    height = min(box_h, max(1, round(src_h * scale)))
    return width, height


def _aligned(value: int) -> int:
    return (value + _ALIGN - 1) // _ALIGN * _ALIGN


class _VideoTrack(ctypes.Structure):
    """Leading fields of libvlc_video_track_t (all we read)."""

    _fields_ = (
        ("height", ctypes.c_uint),
        ("width", ctypes.c_uint),
        ("sar_num", ctypes.c_uint),
        ("sar_den", ctypes.c_uint),
    )


class _MediaTrack(ctypes.Structure):
    """libvlc_media_track_t of libvlc 3.

    Declared here because python-vlc 3.0.21203's MediaTrack lays the audio/video/subtitle union
    out as three separate pointers, so reading its `video` field crashes the process.
    """

    _fields_ = (
        ("codec", ctypes.c_uint32),
        ("original_fourcc", ctypes.c_uint32),
        ("id", ctypes.c_int),
        ("type", ctypes.c_int),
        ("profile", ctypes.c_int),
        ("level", ctypes.c_int),
        ("detail", ctypes.c_void_p),  # the union: audio, video or subtitle track pointer
        ("bitrate", ctypes.c_uint),
        ("language", ctypes.c_char_p),
        ("description", ctypes.c_char_p),
    )


def _video_track_size(media: Any) -> tuple[int, int] | None:
    """Display size (sample aspect applied) of the media's first video track, if it has one."""
    import vlc

    tracks_pp = ctypes.POINTER(ctypes.POINTER(_MediaTrack))
    get = ctypes.CFUNCTYPE(ctypes.c_uint, ctypes.c_void_p, ctypes.POINTER(tracks_pp))(
        ("libvlc_media_tracks_get", vlc.dll)
    )
    release = ctypes.CFUNCTYPE(None, tracks_pp, ctypes.c_uint)(
        ("libvlc_media_tracks_release", vlc.dll)
    )
    tracks = tracks_pp()
    count = get(media._as_parameter_, ctypes.byref(tracks))
    try:
        for i in range(count):
            track = tracks[i].contents
            if track.type != _TRACK_VIDEO or not track.detail:
                continue
            video = ctypes.cast(track.detail, ctypes.POINTER(_VideoTrack)).contents
            if video.width == 0 or video.height == 0:
                continue
            width = video.width
            if video.sar_num and video.sar_den:
                width = round(video.width * video.sar_num / video.sar_den)
            return max(1, width), video.height
        return None
    finally:
        if count:
            release(tracks, count)


def _close_all() -> None:
    """Stop every open player at exit: VLC threads must not call into a dying interpreter."""
    for player in list(_live_players):
        player.close()


atexit.register(_close_all)


class VideoPlayer:
    """One video file, decoded by libvlc into memory, shown through `frame()`.

    Nothing here raises because of the file: a missing, unreadable or corrupt file ends in state
    "error" (and is logged). An open player is kept alive by a module registry until `close()`,
    since VLC holds pointers to its callbacks.

    audio=False plays the picture only (VLC does not even decode the sound). Where sound goes is
    a process-wide choice of the shared instance: VLC's dummy output when ACIER_AUDIO=dummy or
    SDL_AUDIODRIVER=dummy (tests, headless), otherwise the machine's default output.
    """

    def __init__(self, path: Path, box: tuple[int, int], *, audio: bool = True) -> None:
        self.path = Path(path)
        self.box = (max(1, int(box[0])), max(1, int(box[1])))
        self.audio = audio
        self._lock = threading.Lock()  # guards _front and _serial (held only for a copy)

        # Set from VLC's threads (plain assignments only).
        self._serial = 0  # number of pictures delivered by the display callback
        self._ended_flag = False
        self._error_flag = False

        # Main-thread state.
        self._closed = False
        self._closed_state = "ended"  # what `state` reports after close()
        self._failed: str | None = None  # why the player is in "error", once logged
        self._parsed = False
        self._started = False  # the libvlc player has been told to play
        self._want_play = False
        self._paused = False
        self._deadline = time.monotonic() + PARSE_TIMEOUT_S
        self._size: tuple[int, int] | None = None
        self._pitch = 0
        self._duration_ms: int | None = None
        self._time_ms = -1  # last value read from libvlc
        self._time_read_at = 0.0
        self._position_s = 0.0
        self._furthest_s = 0.0
        self._surface: pygame.Surface | None = None
        self._surface_pixels: bytearray | None = None  # memory behind _surface
        self._surface_serial = 0

        self._media: Any = None
        self._player: Any = None
        self._events: Any = None
        self._callbacks: tuple[Any, ...] = ()
        self._back: Any = None  # VLC writes pictures here (32-byte aligned)
        self._back_address = 0
        self._front = bytearray()  # newest finished picture, copied from _back
        self._front_address = 0
        self._front_view: Any = None

        if not self.path.is_file():
            self._fail(f"video file not found: {self.path}")
            return
        instance = _get_instance()
        if instance is None:
            self._fail("libvlc is not available")
            return
        try:
            self._media = instance.media_new_path(str(self.path))
            if self._media is None:
                self._fail(f"libvlc cannot open {self.path}")
                return
            self._media.add_option(":avcodec-hw=none")  # frames end up in RAM anyway
            if not audio:
                self._media.add_option(":no-audio")
            import vlc

            timeout_ms = round(PARSE_TIMEOUT_S * 1000)
            if self._media.parse_with_options(vlc.MediaParseFlag.local, timeout_ms) != 0:
                self._fail(f"libvlc cannot parse {self.path}")
                return
        except Exception:
            log.exception("libvlc failed on %s", self.path)
            self._fail(f"libvlc failed on {self.path}")
            return
        _live_players.add(self)

    # -- controls ---------------------------------------------------------------------------

    def play(self) -> None:
        """Start, resume, or restart after the end. Never raises."""
        if self._closed:
            return
        self._want_play = True
        self._paused = False
        if self._player is None or self.state == "error":
            self._pump()
            return
        try:
            if self._ended_flag:
                self._player.stop()
                self._ended_flag = False
                self._time_ms = -1
                self._position_s = 0.0
                self._deadline = time.monotonic() + FIRST_FRAME_TIMEOUT_S
                self._player.play()
            else:
                if not self._serial:  # still waiting for the first picture: restart the clock
                    self._deadline = time.monotonic() + FIRST_FRAME_TIMEOUT_S
                self._player.set_pause(0)
        except Exception:
            log.exception("libvlc failed to play %s", self.path)
            self._fail(f"libvlc failed to play {self.path}")

    def pause(self) -> None:
        """Pause (kept as an intent if playback has not really started yet)."""
        if self._closed:
            return
        self._want_play = False
        if self._ended_flag or self._failed:
            return
        self._paused = True
        self._position_s = self._read_position()
        if self._player is not None:
            try:
                self._player.set_pause(1)
            except Exception:
                log.exception("libvlc failed to pause %s", self.path)

    def toggle(self) -> None:
        """Play/pause button: pause while playing or opening, otherwise play."""
        if self.state in ("playing", "opening") and self._want_play:
            self.pause()
        else:
            self.play()

    def close(self) -> None:
        """Stop and release the libvlc objects; safe to call more than once."""
        if self._closed:
            return
        self._closed_state = self._state()
        self._closed = True
        _live_players.discard(self)
        player, media, events = self._player, self._media, self._events
        self._player = self._media = self._events = None
        try:
            if player is not None:
                player.stop()  # after this VLC no longer calls our video callbacks
                if events is not None:
                    import vlc

                    for event_type in self._event_types(vlc):
                        events.event_detach(event_type)
                player.release()
            if media is not None:
                media.release()
        except Exception:
            log.exception("libvlc failed to close %s", self.path)
        self._callbacks = ()
        self._back = None
        self._surface = None
        self._surface_pixels = None

    # -- frames -----------------------------------------------------------------------------

    def frame(self) -> pygame.Surface | None:
        """Newest decoded picture as a Surface of `size`, or None before the first one.

        Builds a new Surface only when the decoder delivered a different picture since the last
        call; the decoder is never waited for. Call on the main thread.
        """
        self._pump()
        if self._closed or self._serial == self._surface_serial:
            return self._surface
        with self._lock:
            pixels = bytearray(self._front)
            serial = self._serial
        self._surface_serial = serial
        if pixels == self._surface_pixels:  # VLC redraws the same picture while paused
            return self._surface
        assert self._size is not None
        self._surface = pygame.image.frombuffer(pixels, self._size, _PYGAME_FORMAT, self._pitch)
        self._surface_pixels = pixels
        return self._surface

    # -- state ------------------------------------------------------------------------------

    @property
    def state(self) -> str:
        """One of "opening", "playing", "paused", "ended", "error"."""
        self._pump()
        return self._state()

    @property
    def position_s(self) -> float:
        """Current time in seconds (interpolated between libvlc's coarse time updates)."""
        self._pump()
        return self._position_s

    @property
    def duration_s(self) -> float | None:
        """Length in seconds, None while unknown."""
        self._pump()
        return None if self._duration_ms is None else self._duration_ms / 1000

    @property
    def watched_fraction(self) -> float:
        """Furthest point reached / duration, 0..1 (for visitor statistics)."""
        self._pump()
        duration = self.duration_s
        if not duration:
            return 0.0
        return max(0.0, min(1.0, self._furthest_s / duration))

    @property
    def size(self) -> tuple[int, int]:
        """Frame size fitted in the box; the box itself until the picture size is known."""
        return self._size or self.box

    # -- internals --------------------------------------------------------------------------

    def _state(self) -> str:
        if self._closed:
            return self._closed_state
        if self._failed or self._error_flag:
            return "error"
        if self._ended_flag:
            return "ended" if self._serial else "error"
        if self._paused:
            return "paused"
        if not self._started:
            return "opening" if self._want_play or not self._parsed else "paused"
        if self._serial:
            return "playing"
        return "opening"

    def _fail(self, reason: str) -> None:
        if self._failed is None:
            self._failed = reason
            log.warning("video unavailable: %s", reason)

    def _pump(self) -> None:
        """Advance the player from the main thread: finish opening, apply flags, track time."""
        if self._closed:
            return
        if self._error_flag and self._failed is None:
            self._fail(f"libvlc reported an error playing {self.path}")
        if self._ended_flag and not self._serial and self._failed is None:
            self._fail(f"no picture could be decoded from {self.path}")
        if self._failed:
            return
        try:
            if not self._parsed:
                self._poll_parse()
            if self._parsed and not self._started and self._want_play:
                self._start()
            if self._started:
                self._track_time()
        except Exception:
            log.exception("libvlc failed on %s", self.path)
            self._fail(f"libvlc failed on {self.path}")
            return
        waiting = self._started and not self._serial and not self._paused and not self._ended_flag
        if waiting and time.monotonic() > self._deadline:
            self._fail(f"no picture from {self.path} within {FIRST_FRAME_TIMEOUT_S:.0f} s")

    def _poll_parse(self) -> None:
        status = self._media.get_parsed_status().value
        if status == 0:
            if time.monotonic() > self._deadline:
                self._fail(f"parsing {self.path} took too long")
            return
        if status != _PARSED_DONE:
            self._fail(f"libvlc could not parse {self.path} (status {status})")
            return
        source = _video_track_size(self._media)
        if source is None:
            self._fail(f"no video track in {self.path}")
            return
        self._size = fit_size(source, self.box)
        duration = self._media.get_duration()
        self._duration_ms = duration if duration > 0 else None
        self._parsed = True

    def _start(self) -> None:
        """Create the libvlc player with our memory output and start it."""
        import vlc

        assert self._size is not None
        width, height = self._size
        self._pitch = _aligned(width * _BYTES_PER_PIXEL)
        frame_bytes = self._pitch * height
        # VLC's converters may write whole aligned rows: leave slack below the picture.
        self._back = (ctypes.c_ubyte * (self._pitch * _aligned(height) + _ALIGN))()
        address = ctypes.addressof(self._back)
        self._back_address = (address + _ALIGN - 1) // _ALIGN * _ALIGN
        self._front = bytearray(frame_bytes)
        self._front_view = (ctypes.c_char * frame_bytes).from_buffer(self._front)
        self._front_address = ctypes.addressof(self._front_view)

        instance = _get_instance()
        player = instance.media_player_new()
        self._player = player
        decorators = vlc.CallbackDecorators
        # Referenced from self for as long as VLC may call them.
        self._callbacks = (
            decorators.VideoLockCb(self._on_lock),
            decorators.VideoUnlockCb(self._on_unlock),
            decorators.VideoDisplayCb(self._on_display),
        )
        player.video_set_callbacks(*self._callbacks, None)
        player.video_set_format(_VLC_CHROMA, width, height, self._pitch)
        self._events = player.event_manager()
        end, error = self._event_types(vlc)
        self._events.event_attach(end, self._on_end)
        self._events.event_attach(error, self._on_error)
        player.set_media(self._media)
        self._deadline = time.monotonic() + FIRST_FRAME_TIMEOUT_S
        self._started = True
        if player.play() != 0:
            self._fail(f"libvlc refused to play {self.path}")
        elif self._paused:
            player.set_pause(1)

    @staticmethod
    def _event_types(vlc: Any) -> tuple[Any, ...]:
        return (vlc.EventType.MediaPlayerEndReached, vlc.EventType.MediaPlayerEncounteredError)

    def _track_time(self) -> None:
        """Update position, duration and furthest point from libvlc (main thread only)."""
        import vlc

        player = self._player
        if self._duration_ms is None:
            length = player.get_length()
            self._duration_ms = length if length > 0 else None
        if self._ended_flag:
            if self._serial and self._duration_ms:
                self._position_s = self._duration_ms / 1000
                self._furthest_s = self._position_s
            return
        # Re-apply the pause intent: libvlc ignores set_pause while the input is still opening.
        if self._paused and player.get_state() == vlc.State.Playing:
            player.set_pause(1)
        self._position_s = self._read_position()
        if self._serial:  # only what was actually shown counts as watched
            self._furthest_s = max(self._furthest_s, self._position_s)

    def _read_position(self) -> float:
        """libvlc's time advances in steps of ~0.3 s; interpolate in between while playing."""
        if self._player is None or not self._started:
            return self._position_s
        now = time.monotonic()
        time_ms = self._player.get_time()
        if time_ms < 0:
            return self._position_s
        if time_ms != self._time_ms or self._paused:
            self._time_ms = time_ms
            self._time_read_at = now  # interpolation restarts from here
        position = time_ms / 1000
        if not self._paused and self._serial:
            position += min(now - self._time_read_at, 0.5)
        position = max(position, self._position_s)  # never step backwards (reset on restart)
        if self._duration_ms:
            position = min(position, self._duration_ms / 1000)
        return position

    # -- libvlc callbacks (VLC threads: copy pixels or set flags, nothing else) --------------

    def _on_lock(self, opaque: Any, planes: Any) -> int:
        """VLC asks where to write the next picture: our aligned back buffer."""
        planes[0] = self._back_address
        return 0

    def _on_unlock(self, opaque: Any, picture: Any, planes: Any) -> None:
        """Picture written; it is published in _on_display, when it is due on screen."""

    def _on_display(self, opaque: Any, picture: Any) -> None:
        """The picture is due on screen: publish it to the main thread."""
        with self._lock:
            ctypes.memmove(self._front_address, self._back_address, len(self._front))
            self._serial += 1

    def _on_end(self, event: Any) -> None:
        self._ended_flag = True

    def _on_error(self, event: Any) -> None:
        self._error_flag = True
