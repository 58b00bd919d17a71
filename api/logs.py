"""Structured logs: one JSON object per line, each carrying the request id of its request.

`configure_logging` installs the JSON formatter on the root logger; `RequestLog` is an ASGI
middleware that binds the request id (see api.auth.scope_request_id) for everything logged
while the request runs, and logs one line per request with its status and duration.
"""

from __future__ import annotations

import logging
import sys
import time
from contextvars import ContextVar
from datetime import UTC, datetime
from typing import Any

import msgspec

from api.auth import scope_request_id

request_id_var: ContextVar[str | None] = ContextVar("request_id", default=None)
_encoder = msgspec.json.Encoder()
_STANDARD = set(logging.LogRecord("", 0, "", 0, "", (), None).__dict__) | {"message", "asctime", "color_message"}


class JsonFormatter(logging.Formatter):
    """{"ts", "level", "logger", "msg", "request_id", ...extra fields, "exc"}"""

    def format(self, record: logging.LogRecord) -> str:
        line: dict[str, Any] = {
            "ts": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname.lower(),
            "logger": record.name,
            "msg": record.getMessage(),
        }
        if (request_id := request_id_var.get()) is not None:
            line["request_id"] = request_id
        line.update({k: v for k, v in record.__dict__.items() if k not in _STANDARD and not k.startswith("_")})
        if record.exc_info:
            line["exc"] = self.formatException(record.exc_info)
        return _encoder.encode(line).decode()


def configure_logging(level: str = "INFO") -> None:
    """JSON lines on stderr for every logger; uvicorn's own access log is replaced by RequestLog."""
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(JsonFormatter())
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(level.upper())
    for name in ("uvicorn", "uvicorn.error"):
        logging.getLogger(name).handlers[:] = []
        logging.getLogger(name).propagate = True
    logging.getLogger("uvicorn.access").disabled = True


class RequestLog:
    """ASGI middleware: binds the request id and logs each HTTP request once it is answered."""

    log = logging.getLogger("reelworld.http")

    def __init__(self, app: Any) -> None:
        self.app = app

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        token = request_id_var.set(scope_request_id(scope))
        status = {"code": 500}
        started = time.perf_counter()

        async def capture(message: Any) -> None:
            if message["type"] == "http.response.start":
                status["code"] = message["status"]
            await send(message)

        try:
            await self.app(scope, receive, capture)
        finally:
            self.log.info(
                "%s %s %s", scope["method"], scope["path"], status["code"],
                extra={"method": scope["method"], "path": scope["path"], "status": status["code"],
                       "duration_ms": round((time.perf_counter() - started) * 1000, 2)},
            )
            request_id_var.reset(token)
