"""Fixtures of the HTTP API tests: an app around a runtime on SQLite, and signed-in members.

The client fails any test whose request gets a 5xx answer, so "never a 500" is checked on every
request of every test.
"""

from __future__ import annotations

import httpx
import pytest
from litestar.testing import TestClient

from api.app import create_app
from events import ManualClock
from tests.fixtures_db import build_runtime


@pytest.fixture
def clock() -> ManualClock:
    return ManualClock()


@pytest.fixture
def runtime(tmp_path, clock):
    rt = build_runtime(f"sqlite:///{tmp_path / 'api.db'}", tmp_path, clock, max_body_bytes=10_000)
    yield rt
    rt.close()


def _no_server_errors(response: httpx.Response) -> None:
    assert response.status_code < 500, f"{response.request.method} {response.request.url}: {response.status_code}"


@pytest.fixture
def client(runtime):
    with TestClient(create_app(runtime)) as test_client:
        test_client.event_hooks = {"request": [], "response": [_no_server_errors]}
        yield test_client


class Members:
    """Signs people up through the API and hands back their Authorization headers."""

    def __init__(self, client: TestClient, runtime) -> None:  # noqa: ANN001
        self.client, self.runtime = client, runtime

    def invite(self) -> str:
        return self.runtime.invites.issue_by_operator(1)[0].code

    def join(self, handle: str, *, birth_year: int = 1990, password: str = "password123") -> dict[str, str]:
        body = {"invite_code": self.invite(), "handle": handle, "password": password, "birth_year": birth_year}
        assert self.client.post("/v1/auth/signup", json=body).status_code == 201
        return self.login(handle, password)

    def login(self, handle: str, password: str = "password123") -> dict[str, str]:
        response = self.client.post("/v1/auth/login", json={"handle": handle, "password": password})
        assert response.status_code == 200, response.text
        return {"Authorization": f"Bearer {response.json()['token']}"}


@pytest.fixture
def members(client, runtime) -> Members:
    return Members(client, runtime)


def assert_problem(response: httpx.Response, status: int, *, detail_has: str | None = None) -> dict:
    """The response is RFC 9457 problem details with `status`, and no traceback."""
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith("application/problem+json")
    body = response.json()
    assert {"type", "title", "status", "detail"} <= body.keys()
    assert body["status"] == status and body["detail"]
    assert "Traceback" not in response.text
    if detail_has is not None:
        assert detail_has in body["detail"], body["detail"]
    return body


@pytest.fixture
def pg(tmp_path):
    """(client, members, runtime): the app on a fresh PostgreSQL database."""
    from tests.fixtures_db import fresh_postgres_database

    with fresh_postgres_database() as url:
        runtime = build_runtime(url, tmp_path, ManualClock())
        try:
            with TestClient(create_app(runtime)) as client:
                yield client, Members(client, runtime), runtime
        finally:
            runtime.close()
