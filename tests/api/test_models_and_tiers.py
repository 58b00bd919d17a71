"""Tiers and models by name through the HTTP app: standard and pro (high is its old name), a
model field (422 listing the known models), the video records its model, old videos play on."""

from __future__ import annotations

import pytest

from generation.jobs import FixedCatalog
from tests.api.conftest import assert_problem
from tests.jobs.api_fixtures import tiny_model  # noqa: F401 - tiny_model is a fixture
from tests.jobs.fixtures import FAST, chain_runtime

BALL = {"prompt": "a red ball bounces in a gym"}
SMALL, BIG = FAST.default_model, "tiny-big"


@pytest.fixture
def runtime(tmp_path, clock, tiny_model):  # noqa: F811
    models = FixedCatalog({SMALL: lambda: tiny_model, BIG: lambda: tiny_model}, sizes={SMALL: 10, BIG: 20})
    rt = chain_runtime(tmp_path, clock, tiny_model, models=models, max_body_bytes=10_000)
    yield rt
    rt.close()


def _publish(client, runtime, headers, body) -> tuple[dict, dict]:
    response = client.post("/v1/generations", headers=headers, json=body)
    assert response.status_code == 202, response.text
    generation = response.json()
    runtime.chain.run(generation["generation_id"])
    runtime.catch_up()
    generation = client.get(f"/v1/generations/{generation['generation_id']}", headers=headers).json()
    assert generation["status"] == "published", generation["detail"]
    return generation, client.get(f"/v1/videos/{generation['video_id']}", headers=headers).json()


def test_standard_uses_the_default_model_and_pro_the_largest_with_more_steps(client, members, runtime):
    headers = members.join("alice")
    generation, video = _publish(client, runtime, headers, BALL)
    assert (generation["tier"], generation["model"], video["model"], video["steps"]) == \
        ("standard", SMALL, SMALL, FAST.standard_steps)
    generation, video = _publish(client, runtime, headers, {**BALL, "tier": "pro"})
    assert (generation["tier"], generation["model"], video["model"], video["steps"]) == \
        ("pro", BIG, BIG, FAST.high_steps)


def test_high_is_read_as_pro(client, members, runtime):
    headers = members.join("alice")
    generation = client.post("/v1/generations", headers=headers, json={**BALL, "tier": "high"}).json()
    assert generation["tier"] == "pro" and generation["model"] == BIG


def test_a_tier_is_read_in_any_case_and_an_unknown_one_is_refused_by_name(client, members, runtime):
    headers = members.join("alice")
    for asked in (" Pro ", "PRO", "High"):
        generation = client.post("/v1/generations", headers=headers, json={**BALL, "tier": asked}).json()
        assert generation["tier"] == "pro" and generation["model"] == BIG, (asked, generation)
    body = assert_problem(client.post("/v1/generations", headers=headers, json={**BALL, "tier": "Medium"}), 400,
                          detail_has="'Medium'")
    assert "standard or pro" in body["detail"]


def test_a_model_named_in_the_request_is_used_with_the_tiers_steps(client, members, runtime):
    headers = members.join("alice")
    _, video = _publish(client, runtime, headers, {**BALL, "tier": "pro", "model": SMALL})
    assert video["model"] == SMALL and video["steps"] == FAST.high_steps


def test_an_unknown_model_is_422_listing_the_known_ones_and_costs_nothing(client, members):
    headers = members.join("alice")
    body = assert_problem(client.post("/v1/generations", headers=headers, json={**BALL, "model": "sora-9"}), 422,
                          detail_has="sora-9")
    assert body["possible"] == [SMALL, BIG]
    assert client.get("/v1/credits", headers=headers).json()["used_today"] == 0
    assert_problem(client.post("/v1/generations", headers=headers, json={**BALL, "model": ""}), 400)


def test_the_models_are_listed_with_the_tiers_that_use_them(client, members):
    listed = client.get("/v1/models", headers=members.join("alice")).json()["models"]
    assert [{k: v for k, v in m.items() if k != "type"} for m in listed] == [{"name": SMALL, "size_bytes": 10, "tiers": ["standard"]},
                      {"name": BIG, "size_bytes": 20, "tiers": ["pro"]}]


def test_a_video_stays_playable_when_its_model_is_gone(client, members, runtime, tmp_path, clock, tiny_model):  # noqa: F811
    headers = members.join("alice")
    _, video = _publish(client, runtime, headers, {**BALL, "model": BIG})
    whole = client.get(video["media_url"], headers=headers).content
    later = chain_runtime(tmp_path, clock, tiny_model, models=FixedCatalog({SMALL: lambda: tiny_model}),
                          max_body_bytes=10_000)  # the same database and media, BIG uninstalled
    try:
        from litestar.testing import TestClient

        from api.app import create_app

        with TestClient(create_app(later)) as after:
            again = after.get(f"/v1/videos/{video['video_id']}", headers=headers).json()
            assert again["model"] == BIG
            assert after.get(video["media_url"], headers=headers).content == whole
            assert_problem(after.post("/v1/generations", headers=headers, json={**BALL, "model": BIG}), 422)
    finally:
        later.close()
