"""The controller's HTTP side: an ASGI app (Starlette) served by uvicorn on a thread of its own.

Today it serves published content to the kiosks (see `protocol/content.py`); the staff web
console will be mounted on the same app. Starlette's FileResponse answers Range requests, so a
kiosk cut off mid-download asks only for the rest.
"""

from __future__ import annotations

import asyncio
import logging
import re
import socket
import threading
from pathlib import Path

import uvicorn
from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.middleware.gzip import GZipMiddleware
from starlette.requests import Request
from starlette.responses import FileResponse, PlainTextResponse, Response
from starlette.routing import Route
from starlette.types import ASGIApp, Receive, Scope, Send

from acier.controller.content_store import ContentStore
from acier.protocol.content import SHA256_PATTERN, VERSION_PATTERN

log = logging.getLogger(__name__)


class ByteCounter:
    """ASGI middleware counting the body bytes sent, so tests and benchmarks see the traffic."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app
        self.sent = 0

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        async def counted(message) -> None:
            if message["type"] == "http.response.body":
                self.sent += len(message.get("body", b""))
            await send(message)

        await self.app(scope, receive, counted)


def content_app(store: ContentStore) -> Starlette:
    """Manifests and objects of the store; anything not in it is a 404."""

    def served(path: Path, valid: bool, media_type: str) -> Response:
        if not valid or not path.is_file():
            return PlainTextResponse("not found", status_code=404)
        return FileResponse(path, media_type=media_type)

    def manifest(request: Request) -> Response:
        version = request.path_params["version"]
        valid = re.match(VERSION_PATTERN, version) is not None
        return served(store.manifest_path(version), valid, "application/json")

    def content_object(request: Request) -> Response:
        sha = request.path_params["sha256"]
        valid = re.match(SHA256_PATTERN, sha) is not None
        return served(store.object_path(sha), valid, "application/octet-stream")

    return Starlette(
        routes=[
            Route("/content/versions/{version}.json", manifest),
            Route("/content/objects/{sha256}", content_object),
        ],
        # manifests shrink by half; kiosks never ask for gzip on objects, which are compressed
        # already and fetched by byte range
        middleware=[Middleware(GZipMiddleware, minimum_size=1024)],
    )


class HttpServer:
    """uvicorn on a daemon thread; `port` 0 takes a free port (read `.port` after start)."""

    def __init__(self, app: ASGIApp, host: str, port: int) -> None:
        self.counter = ByteCounter(app)
        self.sock = socket.create_server((host, port), reuse_port=False)
        self.port = self.sock.getsockname()[1]
        config = uvicorn.Config(self.counter, log_level="warning", access_log=False)
        self.server = uvicorn.Server(config)
        self._thread = threading.Thread(target=self._run, name="http", daemon=True)

    def _run(self) -> None:
        asyncio.run(self.server.serve(sockets=[self.sock]))

    def start(self) -> None:
        self._thread.start()
        while not self.server.started and self._thread.is_alive():
            self._thread.join(timeout=0.01)
        log.info("HTTP server on port %d", self.port)

    def stop(self) -> None:
        self.server.should_exit = True
        self._thread.join(timeout=5.0)
        self.sock.close()
