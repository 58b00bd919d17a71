"""Capacity through the HTTP app: past a queue depth, free requests get 429 with Retry-After and
a clear message, while requests paid with purchased credits still go through."""

from __future__ import annotations

import pytest

from generation.jobs import chain_config
from tests.api.conftest import assert_problem
from tests.jobs.api_fixtures import tiny_model  # noqa: F401 - tiny_model is a fixture
from tests.jobs.fixtures import FAST, chain_runtime

BALL = {"prompt": "a red ball bounces in a gym"}


@pytest.fixture
def runtime(tmp_path, clock, tiny_model):  # noqa: F811
    busy = chain_config({"max_queue_for_free": 2, "retry_after_s": 30}, FAST)  # as from REELWORLD_CHAIN
    rt = chain_runtime(tmp_path, clock, tiny_model, chain=busy, max_body_bytes=10_000)
    yield rt
    rt.close()


def test_past_the_queue_limit_free_requests_wait_and_credits_go_through(client, members, runtime):
    alice, bob = members.join("alice"), members.join("bob")
    queued = [client.post("/v1/generations", headers=alice, json=BALL).json()["generation_id"] for _ in range(2)]
    refused = client.post("/v1/generations", headers=bob, json=BALL)
    body = assert_problem(refused, 429, detail_has="credits")
    assert refused.headers["retry-after"] == "30" and "busy" in body["detail"]
    assert client.get("/v1/credits", headers=bob).json()["used_today"] == 0

    bought = client.post("/v1/credits", headers=bob, json={"credits": 3, "card_token": "tok_visa"})
    assert bought.status_code == 201, bought.text
    paid = client.post("/v1/generations", headers=bob, json=BALL)
    assert paid.status_code == 202, paid.text
    assert client.get("/v1/credits", headers=bob).json()["balance"] == 2  # paid with a credit, not a free one
    queued.append(paid.json()["generation_id"])

    for gid in queued:  # the queue drains: free requests are taken again
        runtime.chain.run(gid)
    runtime.catch_up()
    assert client.post("/v1/generations", headers=bob, json=BALL).status_code == 202
    assert client.get("/v1/credits", headers=bob).json()["balance"] == 2


def test_a_cancelled_generation_leaves_the_queue(client, members, runtime):
    alice = members.join("alice")
    gids = [client.post("/v1/generations", headers=alice, json=BALL).json()["generation_id"] for _ in range(2)]
    assert_problem(client.post("/v1/generations", headers=alice, json=BALL), 429)
    assert client.post(f"/v1/generations/{gids[0]}/cancel", headers=alice).status_code == 200
    assert client.post("/v1/generations", headers=alice, json=BALL).status_code == 202
