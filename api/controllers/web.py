"""/app: the small web client served with the API (api/web: one page, its script and its
stylesheet; plain files, no build step, nothing fetched from elsewhere). It talks to the API
like any other client, with the bearer token it keeps in the tab's sessionStorage, so these
routes need no token and stay out of the OpenAPI document."""

from __future__ import annotations

from pathlib import Path

from litestar import Controller, Response, get
from litestar.exceptions import NotFoundException

WEB_DIR = Path(__file__).resolve().parent.parent / "web"

ASSETS = {
    "app.js": "text/javascript",
    "style.css": "text/css",
}
"""The files under /app/ by name, and their content types; nothing else under api/web is served."""

CONTENT_SECURITY_POLICY = "; ".join((
    "default-src 'none'",
    "script-src 'self'",
    "style-src 'self'",
    "connect-src 'self'",
    "media-src 'self' blob:",  # videos play from object URLs of media fetched with the token
    "img-src 'self' data:",
    "form-action 'self'",
    "base-uri 'none'",
    "frame-ancestors 'none'",
))
"""The page's own script and stylesheet only: no inline script or style, no other origin."""

HEADERS = {
    "Content-Security-Policy": CONTENT_SECURITY_POLICY,
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "Cache-Control": "no-cache",  # revalidate: a new release's script is picked up at once
}


def _file(name: str, media_type: str) -> Response[bytes]:
    return Response((WEB_DIR / name).read_bytes(), media_type=media_type, headers=HEADERS)


class WebController(Controller):
    path = "/app"
    include_in_schema = False

    @get(sync_to_thread=True)
    def page(self) -> Response[bytes]:
        """The client's single page."""
        return _file("index.html", "text/html")

    @get("/{name:str}", sync_to_thread=True)
    def asset(self, name: str) -> Response[bytes]:
        """The page's script or stylesheet (404 for any other name)."""
        media_type = ASSETS.get(name)
        if media_type is None:
            raise NotFoundException(f"no such file of the web client: /app/{name} (try /app)")
        return _file(name, media_type)
