"""The HTTP app on PostgreSQL: one walk through the main routes on a fresh database."""

from __future__ import annotations

import pytest
from litestar.testing import TestClient

from api.app import create_app
from events import ManualClock
from tests.api.conftest import Members, assert_problem
from tests.fixtures_db import build_runtime, fresh_postgres_database


@pytest.mark.postgres
def test_the_api_works_on_postgresql(tmp_path):
    with fresh_postgres_database() as url:
        runtime = build_runtime(url, tmp_path, ManualClock())
        try:
            with TestClient(create_app(runtime)) as client:
                members = Members(client, runtime)
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
        finally:
            runtime.close()
