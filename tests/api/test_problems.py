"""Problem details for errors no public route raises yet (quota, races, bugs), and health."""

from __future__ import annotations

from datetime import timedelta

import pytest
from litestar import Litestar, get
from litestar.datastructures import State
from litestar.testing import TestClient
from sqlalchemy import create_engine
from sqlalchemy.exc import DataError

from api.problems import EXCEPTION_HANDLERS
from events import ConcurrencyError
from social import QuotaExceeded
from tests.api.conftest import assert_problem


@pytest.fixture
def raising_client(runtime, clock):
    @get("/quota", sync_to_thread=False)
    def quota() -> None:
        raise QuotaExceeded("no generations left today", resets_at=clock() + timedelta(hours=2))

    @get("/race", sync_to_thread=False)
    def race() -> None:
        raise ConcurrencyError("ledger-x", 3, 4)

    @get("/bug", sync_to_thread=False)
    def bug() -> None:
        raise RuntimeError("secret internal detail")

    @get("/bug/{kind:str}", sync_to_thread=False)
    def decode_bug(kind: str) -> None:  # our own code failing as a bad body fails Litestar's decoding
        if kind == "recursion":
            raise RecursionError("maximum recursion depth exceeded")
        b"\xff".decode()

    @get("/refused/{what:str}", sync_to_thread=False)
    def refused(what: str) -> None:  # a value PostgreSQL refuses, as psycopg reports it
        message = "PostgreSQL text fields cannot contain NUL (0x00) bytes" if what == "nul" else "numeric field overflow"
        raise DataError("INSERT ...", {}, ValueError(message))

    app = Litestar([quota, race, bug, decode_bug, refused], exception_handlers=EXCEPTION_HANDLERS, state=State({"runtime": runtime}))
    with TestClient(app) as client:
        yield client


def test_quota_exceeded_is_a_429_with_when_it_resets(raising_client, clock):
    response = raising_client.get("/quota")
    body = assert_problem(response, 429)
    assert response.headers["retry-after"] == str(2 * 3600)
    assert body["resets_at"] == (clock() + timedelta(hours=2)).isoformat().replace("+00:00", "Z")  # as CreditsResponse


def test_a_concurrency_error_is_a_409(raising_client):
    assert_problem(raising_client.get("/race"), 409, detail_has="same moment")


def test_an_unexpected_error_is_a_500_without_its_details(raising_client):
    response = raising_client.get("/bug")
    assert_problem(response, 500)
    assert "secret internal detail" not in response.text


def test_health_is_a_503_when_the_database_does_not_answer(runtime, monkeypatch):
    from api.app import create_app

    monkeypatch.setattr(runtime.store, "engine", create_engine("postgresql+psycopg://nobody@127.0.0.1:1/none"))
    with TestClient(create_app(runtime)) as client:
        assert_problem(client.get("/healthz"), 503, detail_has="database")


def test_an_empty_json_body_is_named_as_such(client):
    response = client.post("/v1/auth/login", content=b"", headers={"content-type": "application/json"})
    assert_problem(response, 400, detail_has="the request body is empty: send a JSON object")


@pytest.mark.parametrize("body, detail", [
    (b'{"handle": "\xff\xfeabc", "password": "password123"}', "not UTF-8"),
    ('{"handle": "café", "password": "password123"}'.encode("latin-1"), "not UTF-8"),
    (b"[" * 1000 + b"]" * 1000, "nested too deeply"),
    (b'{"a": ' * 1000 + b"1" + b"}" * 1000, "nested too deeply"),
])
def test_a_body_that_cannot_be_decoded_is_a_400(client, body, detail):
    response = client.post("/v1/auth/login", content=body, headers={"content-type": "application/json"})
    assert_problem(response, 400, detail_has=detail)


@pytest.mark.parametrize("kind", ["recursion", "unicode"])
def test_the_same_errors_raised_by_our_code_stay_500s(raising_client, kind):
    assert_problem(raising_client.get(f"/bug/{kind}"), 500)


def test_text_the_database_refuses_for_its_nul_is_a_400_and_any_other_refusal_a_500(raising_client):
    assert_problem(raising_client.get("/refused/nul"), 400, detail_has="NUL")
    assert_problem(raising_client.get("/refused/overflow"), 500)


def test_a_problem_type_keeps_one_title_whoever_raised_it(client, members):
    """Litestar's 404 (no such route) and the domain's (no such member) are one problem type,
    so they carry one title (RFC 9457: the title does not change between occurrences)."""
    headers = members.join("alice")
    no_route = assert_problem(client.get("/v1/nothing-here", headers=headers), 404,
                              detail_has="not found: /v1/nothing-here")
    no_member = assert_problem(client.get("/v1/users/nobody", headers=headers), 404)
    assert no_route["type"] == no_member["type"] and no_route["title"] == no_member["title"] == "Not found"
    assert assert_problem(client.put("/healthz"), 405)["title"] == "Method not allowed"
