"""The HTTP app on PostgreSQL: one walk through the main routes on a fresh database."""

from __future__ import annotations

import pytest

from tests.api.conftest import assert_problem


@pytest.mark.postgres
def test_the_api_works_on_postgresql(pg):
    client, members, _ = pg
    alice, bob = members.join("alice"), members.join("bob", birth_year=2010)
    assert client.get("/healthz").json()["database"] == "postgresql"
    assert client.post("/v1/follows", headers=alice, json={"handle": "bob"}).status_code == 201
    assert client.get("/v1/users/bob", headers=alice).json()["followers"] == 1
    bought = client.post("/v1/credits", headers=alice, json={"credits": 3, "card_token": "tok_visa"})
    assert bought.json()["balance"] == 3
    code = client.post("/v1/guardians/links", headers=alice).json()["code"]
    assert client.post("/v1/guardians/confirm", headers=bob, json={"code": code}).status_code == 204
    assert client.delete("/v1/me", headers=bob).status_code == 204
    assert_problem(client.get("/v1/users/bob", headers=alice), 404)


@pytest.mark.postgres
def test_text_holding_nul_is_a_400_on_postgresql_not_a_500(pg):
    """PostgreSQL refuses NUL in text (SQLite takes it): every route that passes text on."""
    client, members, _ = pg
    alice = members.join("alice")
    assert_problem(client.post("/v1/auth/login", json={"handle": "a\x00b", "password": "x" * 10}), 401)
    assert client.get("/v1/users/a%00b", headers=alice).status_code == 404
    controls = client.put("/v1/guardians/a%00b/controls", headers=alice, json={"daily_generation_limit": 2, "personalised_feed": True, "session_minutes_cap": None})
    assert controls.status_code == 404
    assert client.post("/v1/follows", headers=alice, json={"handle": "a\x00b"}).status_code == 404
    assert client.delete("/v1/follows/a%00b", headers=alice).status_code == 404
    for body in ({"prompt": "a red ball\x00 bounces"}, {"shots": ["a red ball", "it bounces\x00"]}):
        assert_problem(client.post("/v1/generations", headers=alice, json=body), 400,
                       detail_has="control character U+0000")
    for route, body in (("/v1/generations", {"prompt": "a red ball bounces"}),
                        ("/v1/credits", {"credits": 1, "card_token": "tok_visa"})):
        for key in ("k\x00", ""):
            answer = client.post(route, headers={**alice, "Idempotency-Key": key}, json=body)
            assert_problem(answer, 400)
    assert client.get("/v1/credits", headers=alice).json()["balance"] == 0
