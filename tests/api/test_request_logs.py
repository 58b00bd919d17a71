"""Every request is logged once, as JSON, with its request id, status and duration."""

from __future__ import annotations

import json
import logging

from api.logs import JsonFormatter


class _Collect(logging.Handler):
    def __init__(self) -> None:
        super().__init__()
        self.lines: list[dict] = []
        self.setFormatter(JsonFormatter())

    def emit(self, record: logging.LogRecord) -> None:
        self.lines.append(json.loads(self.format(record)))


def test_each_request_logs_one_json_line_with_its_request_id(client):
    collect = _Collect()
    logger = logging.getLogger("reelworld.http")
    logger.addHandler(collect)
    logger.setLevel(logging.INFO)
    try:
        response = client.get("/v1/me", headers={"x-request-id": "req-42"})
    finally:
        logger.removeHandler(collect)
    assert response.status_code == 401
    assert response.headers["x-request-id"] == "req-42"
    [line] = [entry for entry in collect.lines if entry.get("path") == "/v1/me"]
    assert line["request_id"] == "req-42"
    assert (line["method"], line["status"]) == ("GET", 401)
    assert line["duration_ms"] >= 0 and line["level"] == "info"
