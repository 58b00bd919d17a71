"""/v1/generations through the HTTP app: accept, idempotent retry, steps, cancel, errors."""

from __future__ import annotations

import pytest

from tests.api.conftest import assert_problem
from tests.jobs.api_fixtures import app_runtime, tiny_model  # noqa: F401 - tiny_model is a fixture


@pytest.fixture
def runtime(tmp_path, clock, tiny_model):  # noqa: F811
    yield from app_runtime(tmp_path, clock, tiny_model)

BALL = {"prompt": "a red ball bounces in a gym"}


def test_a_generation_is_accepted_and_shows_each_step_of_the_chain(client, members, runtime):
    headers = members.join("alice")
    response = client.post("/v1/generations", headers=headers, json={**BALL, "style": "anime", "shots": 1})
    assert response.status_code == 202, response.text
    body = response.json()
    assert body["status"] == "queued" and [s["event"] for s in body["steps"]] == ["GenerationRequested"]
    runtime.chain.run(body["generation_id"])  # what the chain worker does in `reelworld up`
    runtime.catch_up()
    done = client.get(f"/v1/generations/{body['generation_id']}", headers=headers).json()
    assert done["status"] == "published" and done["video_id"] and "anime" in done["caption"].lower()
    assert [s["event"] for s in done["steps"]][-1] == "VideoPublished" and len(done["steps"]) == 7


def test_a_retry_with_the_same_idempotency_key_returns_the_same_generation(client, members):
    headers = members.join("alice")
    keyed = {**headers, "Idempotency-Key": "tap-1"}
    first = client.post("/v1/generations", headers=keyed, json=BALL).json()
    again = client.post("/v1/generations", headers=keyed, json=BALL)
    assert again.status_code == 202 and again.json()["generation_id"] == first["generation_id"]
    assert client.get("/v1/credits", headers=headers).json()["used_today"] == 1
    assert_problem(client.post("/v1/generations", headers=keyed, json={"prompt": "a crate slides"}), 409,
                   detail_has="Idempotency-Key")


def test_bad_generation_requests_are_400(client, members):
    headers = members.join("alice")
    for body in ({}, {"prompt": ""}, {**BALL, "shots": 9}, {**BALL, "style": "baroque"},
                 {**BALL, "tier": "ultra"}, {**BALL, "characters": ["a"] * 5}, {"prompt": "!!! ???"}):
        assert_problem(client.post("/v1/generations", headers=headers, json=body), 400)
    assert_problem(client.post("/v1/generations", json=BALL), 401)


def test_a_style_is_read_in_any_case_and_an_unknown_one_is_named(client, members):
    headers = members.join("alice")
    response = client.post("/v1/generations", headers=headers, json={**BALL, "style": " Anime "})
    assert response.status_code == 202, response.text
    assert response.json()["style"] == "anime"  # recorded as the style's own name
    keyed = {**headers, "Idempotency-Key": "styled"}
    first = client.post("/v1/generations", headers=keyed, json={**BALL, "style": "CINEMATIC"}).json()
    again = client.post("/v1/generations", headers=keyed, json={**BALL, "style": "cinematic"}).json()
    assert again["generation_id"] == first["generation_id"]  # the same request, however it was spelled
    for body in ({**BALL, "style": "Baroque"}, {"prompt": "make it anime", "style": "Baroque", "remix_of": "v"}):
        assert_problem(client.post("/v1/generations", headers=headers, json=body), 400,
                       detail_has="unknown style 'Baroque'; choose one of realistic, cinematic, anime")


def test_the_length_limit_counts_what_the_person_wrote(client, members):
    headers = members.join("alice")
    longest = ("a red ball bounces in a gym, " * 40)[:999] + "x"
    assert client.post("/v1/generations", headers=headers, json={"prompt": longest}).status_code == 202
    shots = [("a red ball bounces in a gym, " * 20)[:300]] * 4
    assert_problem(client.post("/v1/generations", headers=headers, json={"shots": shots}), 400,
                   detail_has="the prompt and the shot prompts come to 1200 characters; at most 1000 are read")


def test_a_prompt_nothing_can_be_made_of_is_422_with_what_can_be(client, members):
    headers = members.join("alice")
    body = assert_problem(client.post("/v1/generations", headers=headers, json={"prompt": "quantum spreadsheet taxonomy"}), 422)
    assert any("ball" in p for p in body["possible"])
    assert client.get("/v1/credits", headers=headers).json()["used_today"] == 0


def test_when_todays_quota_is_used_a_request_is_429_with_retry_after(client, members, runtime):
    headers = members.join("alice")
    for _ in range(runtime.settings.daily_free_generations):
        assert client.post("/v1/generations", headers=headers, json=BALL).status_code == 202
    response = client.post("/v1/generations", headers=headers, json=BALL)
    assert_problem(response, 429)
    assert int(response.headers["retry-after"]) > 0
    assert response.json()["resets_at"] == client.get("/v1/credits", headers=headers).json()["resets_at"]  # same form


def test_cancel_stops_a_generation_and_a_second_cancel_is_409(client, members, runtime):
    headers = members.join("alice")
    gid = client.post("/v1/generations", headers=headers, json=BALL).json()["generation_id"]
    response = client.post(f"/v1/generations/{gid}/cancel", headers=headers)
    assert response.status_code == 200 and response.json()["status"] == "cancelled"
    assert runtime.chain.run(gid).status == "cancelled"
    assert client.get("/v1/credits", headers=headers).json()["used_today"] == 0
    assert_problem(client.post(f"/v1/generations/{gid}/cancel", headers=headers), 409)


def test_another_members_generation_is_404(client, members):
    alice, bob = members.join("alice"), members.join("bob")
    gid = client.post("/v1/generations", headers=alice, json=BALL).json()["generation_id"]
    assert_problem(client.get(f"/v1/generations/{gid}", headers=bob), 404)
    assert_problem(client.post(f"/v1/generations/{gid}/cancel", headers=bob), 404)
    assert_problem(client.get("/v1/generations/no-such-id", headers=alice), 404)


def test_a_retry_must_repeat_the_shots_and_the_model(client, members):
    headers = {**members.join("alice"), "Idempotency-Key": "tap-2"}
    body = {"prompt": "a red ball in a gym", "shots": ["it bounces", "it rolls away"], "tier": "pro"}
    first = client.post("/v1/generations", headers=headers, json=body).json()
    again = client.post("/v1/generations", headers=headers, json={**body, "tier": "high"})
    assert again.status_code == 202 and again.json()["generation_id"] == first["generation_id"]
    assert_problem(client.post("/v1/generations", headers=headers, json={**body, "shots": ["it bounces"]}), 409)
    assert_problem(client.post("/v1/generations", headers=headers,
                               json={**body, "model": "reelworld-tiny-untrained", "tier": "standard"}), 409)


def test_a_character_is_a_404_saying_why_and_costs_nothing(client, members):
    headers = members.join("alice")
    for names in (["a naked child"], ["Taylor Swift"]):
        body = assert_problem(client.post("/v1/generations", headers=headers, json={**BALL, "characters": names}),
                              404, detail_has="you may use")
        assert "capture" in body["detail"]
    assert client.get("/v1/credits", headers=headers).json()["free_used_today"] == 0
