"""Serving a built feed on the local network: ``/<token>/feed.xml``, its audio (range requests for seeking),
its cover and the reminders calendar. Any other path, or a wrong token, is a plain 404."""

from __future__ import annotations

import secrets
import socket
from pathlib import Path
from typing import Any


def lan_address() -> str:
    """This machine's address on the local network (no packet is sent), or 127.0.0.1 when it has none."""
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:
        try:
            probe.connect(("10.255.255.255", 1))
            return probe.getsockname()[0]
        except OSError:
            return "127.0.0.1"


def feed_url(folder: str | Path, host: str, port: int) -> str:
    """The address a phone subscribes to: this machine's LAN address when listening on every interface."""
    from engine.feed.build import token_of

    where = lan_address() if host in ("0.0.0.0", "::") else host
    return f"http://{where}:{port}/{token_of(Path(folder).expanduser())}/feed.xml"


def free_port(preferred: int) -> int:
    """``preferred`` when nothing listens there, else a free port the system picks."""
    for port in (preferred, 0):
        with socket.socket() as probe:
            try:
                probe.bind(("0.0.0.0", port))
                return probe.getsockname()[1]
            except OSError:
                continue
    raise OSError("no free port")


class FeedServer:
    """:func:`app` served by uvicorn in a background thread (the studio's "send to phone")."""

    def __init__(self, folder: str | Path, host: str = "0.0.0.0", port: int = 8790,
                 calendar: Path | None = None) -> None:
        import uvicorn

        self.port = free_port(port)
        self.url = feed_url(folder, host, self.port)
        self._server = uvicorn.Server(uvicorn.Config(app(folder, calendar), host=host, port=self.port,
                                                     log_level="warning", lifespan="off"))
        self._thread: Any = None

    def start(self) -> str:
        import threading

        self._thread = threading.Thread(target=self._server.run, name="waqup-feed", daemon=True)
        self._thread.start()
        return self.url

    def stop(self) -> None:
        self._server.should_exit = True
        if self._thread is not None:
            self._thread.join(5)


def app(folder: str | Path, calendar: Path | None = None) -> Any:
    """A Starlette app serving the feed built in ``folder`` (and ``calendar`` as ``reminders.ics``)."""
    from starlette.applications import Starlette
    from starlette.requests import Request
    from starlette.responses import FileResponse, PlainTextResponse, Response
    from starlette.routing import Route

    from engine.feed.build import load, rss, token_of

    folder = Path(folder).expanduser().resolve()
    token = token_of(folder)
    missing = PlainTextResponse("not found", status_code=404)

    def _allowed(request: Request) -> bool:
        return secrets.compare_digest(request.path_params["token"].encode(), token.encode())

    async def feed_xml(request: Request) -> Response:
        if not _allowed(request):
            return missing
        base = f"{request.url.scheme}://{request.url.netloc}/{token}/"
        return Response(rss(load(folder), base), media_type="application/rss+xml; charset=utf-8")

    async def audio(request: Request) -> Response:
        if not _allowed(request):
            return missing
        name = request.path_params["name"]
        episode = next((e for e in load(folder).episodes if e.file == name), None)
        if episode is None:  # only files the feed lists: no path reaches anything else
            return missing
        return FileResponse(folder / "audio" / episode.file, media_type=episode.mime)

    async def cover(request: Request) -> Response:
        return FileResponse(folder / "cover.png", media_type="image/png") if _allowed(request) else missing

    async def reminders(request: Request) -> Response:
        if not _allowed(request) or calendar is None or not calendar.is_file():
            return missing
        return FileResponse(calendar, media_type="text/calendar; charset=utf-8")

    methods = ["GET", "HEAD"]
    return Starlette(routes=[
        Route("/{token}/feed.xml", feed_xml, methods=methods),
        Route("/{token}/audio/{name}", audio, methods=methods),
        Route("/{token}/cover.png", cover, methods=methods),
        Route("/{token}/reminders.ics", reminders, methods=methods),
    ])
