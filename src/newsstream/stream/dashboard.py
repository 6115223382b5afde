"""The live dashboard: ``GET /`` (index.html) and ``GET /static/{name}`` from the package's files.

The files under ``newsstream/stream/static/`` are built from ``dashboard/`` (npm, esbuild) and
committed, so running a worker needs no Node. Nothing is fetched from the internet by the page:
the bundle includes the map. Files are read once through importlib.resources and kept in memory.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from importlib import resources
from typing import Any

import faust
from faust.web import Request, Response, View

__all__ = ["CONTENT_TYPES", "StaticFile", "load_static", "register_dashboard"]

PACKAGE = "newsstream.stream"
DIRECTORY = "static"
INDEX = "index.html"

#: Served suffixes and their content types; any other file is not served.
CONTENT_TYPES: dict[str, str] = {
    ".html": "text/html; charset=utf-8",
    ".js": "text/javascript; charset=utf-8",
    ".css": "text/css; charset=utf-8",
    ".json": "application/json",
    ".txt": "text/plain; charset=utf-8",
    ".svg": "image/svg+xml",
    ".png": "image/png",
    ".ico": "image/x-icon",
}

#: A plain file name: no separators, no leading dot (so no ``..``), a served suffix.
_NAME = re.compile(r"^[A-Za-z0-9_-][A-Za-z0-9_.-]{0,127}$")

#: The page only talks to this worker (relative URLs); no inline script, no external origin.
_CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'"
)


@dataclass(frozen=True)
class StaticFile:
    body: bytes
    content_type: str
    version: str  # first 12 hex digits of the SHA-256, as index.html's ``?v=`` (see dashboard/build.mjs)

    @property
    def etag(self) -> str:
        return f'"{self.version}"'


def _content_type(name: str) -> str | None:
    dot = name.rfind(".")
    return CONTENT_TYPES.get(name[dot:].lower()) if dot > 0 else None


def load_static() -> dict[str, StaticFile]:
    """Every servable file of the package's static directory, by name."""
    files: dict[str, StaticFile] = {}
    root = resources.files(PACKAGE).joinpath(DIRECTORY)
    if not root.is_dir():
        return files
    for entry in root.iterdir():
        name = entry.name
        content_type = _content_type(name)
        if not entry.is_file() or content_type is None or not _NAME.match(name):
            continue
        body = entry.read_bytes()
        files[name] = StaticFile(body, content_type, hashlib.sha256(body).hexdigest()[:12])
    return files


def _etag_matches(request: Request, etag: str) -> bool:
    header = request.headers.get("If-None-Match", "")
    candidates = {tag.strip().removeprefix("W/") for tag in header.split(",")}
    return etag in candidates or "*" in candidates


def _serve(web: Any, request: Request, file: StaticFile, cache_control: str) -> Response:
    headers = {
        "Cache-Control": cache_control,
        "ETag": file.etag,
        "X-Content-Type-Options": "nosniff",
    }
    if file.content_type.startswith("text/html"):
        headers["Content-Security-Policy"] = _CSP
        headers["Referrer-Policy"] = "no-referrer"
    if _etag_matches(request, file.etag):
        return web.bytes(b"", status=304, headers=headers)
    # Content-Type goes in the headers: aiohttp refuses a charset in ``content_type``.
    headers["Content-Type"] = file.content_type
    return web.bytes(file.body, headers=headers)


def _not_found(web: Any) -> Response:
    return web.bytes(
        b"not found\n",
        status=404,
        headers={"Content-Type": "text/plain; charset=utf-8", "X-Content-Type-Options": "nosniff"},
    )


def register_dashboard(app: faust.App) -> None:
    """Serve the dashboard at ``/`` and its assets at ``/static/{name}``.

    Call before the web server starts: the route for ``/`` must be added before Faust's own
    index blueprint (mounted when the server starts), so that this one answers.
    """
    files = load_static()

    @app.page("/")
    async def dashboard_index(web: View, request: Request) -> Response:
        index = files.get(INDEX)
        if index is None:
            return _not_found(web)
        # Always revalidate: the page names the assets by content hash (``?v=``).
        return _serve(web, request, index, "no-cache")

    @app.page("/static/{name}")
    async def dashboard_static(web: View, request: Request, name: str) -> Response:
        file = files.get(name) if _NAME.match(name) else None
        if file is None:
            return _not_found(web)
        # A URL naming this content (``?v=<hash>``, from index.html) never changes; others may.
        versioned = request.query.get("v") == file.version
        cache = "public, max-age=31536000, immutable" if versioned else "public, max-age=300"
        return _serve(web, request, file, cache)
