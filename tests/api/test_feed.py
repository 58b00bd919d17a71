"""The feed through the HTTP app: posting a video (and taking it down), watching another's posted
video, the instructed feed page with reasons, the instruction said back, wellbeing answers, and
clear 4xx answers for bad input. Real chain (tiny model), real index and embedding model."""

from __future__ import annotations

import dataclasses

import pytest

from tests.api.conftest import assert_problem
from tests.jobs.api_fixtures import app_runtime, tiny_model  # noqa: F401 - tiny_model is a fixture


@pytest.fixture
def runtime(tmp_path, clock, tiny_model):  # noqa: F811
    yield from app_runtime(tmp_path, clock, tiny_model)


def _video(client, runtime, headers: dict[str, str], prompt: str, style: str | None = None) -> str:
    response = client.post("/v1/generations", headers=headers, json={"prompt": prompt, "style": style})
    assert response.status_code == 202, response.text
    gid = response.json()["generation_id"]
    runtime.chain.run(gid)
    runtime.catch_up()
    return client.get(f"/v1/generations/{gid}", headers=headers).json()["video_id"]


def _post(client, headers: dict[str, str], video_id: str, **body) -> dict:  # noqa: ANN003
    response = client.post(f"/v1/videos/{video_id}/post", headers=headers, json=body)
    assert response.status_code == 201, response.text
    return response.json()


def test_a_posted_video_reaches_the_feed_of_others_who_may_watch_it(client, members, runtime):
    alice, bob = members.join("alice"), members.join("bob")
    video = _video(client, runtime, alice, "a red basketball misses and rebounds off the backboard", "anime")
    assert_problem(client.get(f"/v1/videos/{video}", headers=bob), 404)
    posted = _post(client, alice, video)
    assert posted["audience"] == "everyone" and posted["teen"] is False and posted["video_id"] == video
    page = client.get("/v1/feed", headers=bob).json()
    assert [item["video"]["video_id"] for item in page["items"]] == [video]
    item = page["items"][0]
    assert item["owner"] == "alice" and item["reasons"] and item["video"]["media_url"] == f"/v1/videos/{video}/media"
    assert item["remixable"] is True  # posted with the default: those it reaches may remix it
    assert page["personalised"] is False and page["caught_up"] is True and page["served_today"] == 1
    assert client.get(f"/v1/videos/{video}", headers=bob).status_code == 200
    media = client.get(f"/v1/videos/{video}/media", headers=bob)
    assert media.status_code == 200 and media.headers["content-type"] == "video/mp4"
    assert client.get("/v1/feed", headers=alice).json()["items"] == []  # never one's own
    assert client.delete(f"/v1/videos/{video}/post", headers=alice).status_code == 204
    assert_problem(client.get(f"/v1/videos/{video}/media", headers=bob), 404)


def test_posting_refuses_what_it_cannot_do(client, members, runtime, clock):
    alice, bob = members.join("alice"), members.join("bob")
    teen = members.join("kiddo", birth_year=clock().year - 15)
    video = _video(client, runtime, alice, "a beach ball floats in a pool")
    assert_problem(client.post(f"/v1/videos/{video}/post", headers=alice, json={"audience": "friends"}), 400)
    assert_problem(client.post(f"/v1/videos/{video}/post", headers=alice, json={"audiense": "everyone"}), 400)
    assert_problem(client.post(f"/v1/videos/{video}/post", headers=bob, json={}), 404)
    assert_problem(client.post("/v1/videos/nope/post", headers=alice, json={}), 404)
    assert_problem(client.delete(f"/v1/videos/{video}/post", headers=alice), 404)  # not posted
    _post(client, alice, video)
    assert_problem(client.delete(f"/v1/videos/{video}/post", headers=bob), 403, detail_has="owner")
    teens = _video(client, runtime, teen, "a beach ball floats in a pool")
    assert_problem(client.post(f"/v1/videos/{teens}/post", headers=teen, json={"audience": "everyone"}), 409,
                   detail_has="mutuals only")
    assert _post(client, teen, teens)["audience"] == "mutuals"


def test_an_instruction_is_said_back_and_steers_the_page(client, members, runtime):
    alice, bob = members.join("alice"), members.join("bob")
    sports = _video(client, runtime, alice, "a yellow tennis ball bounces on the court")
    calm = _video(client, runtime, alice, "a blue beach ball floats in a pool", "anime")
    for video in (sports, calm):
        _post(client, alice, video)
    assert_problem(client.get("/v1/feed/instruction", headers=bob), 404)
    said = client.put("/v1/feed/instruction", headers=bob, json={"text": "more anime, no sports, calmer please"})
    assert said.status_code == 200, said.text
    body = said.json()
    assert "style:anime" in body["understood"]["more"] and "topic:sports" in body["understood"]["exclude"]
    assert body["understood"]["calm"] > 0 and body["summary"] and body["text"] == "more anime, no sports, calmer please"
    assert client.get("/v1/feed/instruction", headers=bob).json() == body
    page = client.get("/v1/feed?limit=5", headers=bob).json()
    assert [item["video"]["video_id"] for item in page["items"]] == [calm]
    assert page["personalised"] is True and page["instruction"] == body["summary"]
    assert any("as you asked" in reason for reason in page["items"][0]["reasons"])
    assert client.delete("/v1/feed/instruction", headers=bob).status_code == 204
    assert_problem(client.get("/v1/feed/instruction", headers=bob), 404)


def test_bad_feed_input_is_a_clear_4xx(client, members, runtime):
    bob = members.join("bob")
    for body in ({"text": ""}, {"text": "x" * 501}, {"text": "more anime\u0007"}, {"text": "more \u202eanime"}, {},
                 {"text": 5}):
        assert_problem(client.put("/v1/feed/instruction", headers=bob, json=body), 400)
    for query in ("limit=0", "limit=51", "limit=x"):
        assert_problem(client.get(f"/v1/feed?{query}", headers=bob), 400)
    assert_problem(client.post("/v1/feed/wellbeing", headers=bob, json={"poll_id": "2026-01-01.1", "answer": "meh"}),
                   400)
    assert_problem(client.post("/v1/feed/wellbeing", headers=bob, json={"poll_id": "nope", "answer": "worse"}), 404)
    assert_problem(client.get("/v1/feed"), 401)


def test_a_wellbeing_answer_is_taken_once(client, members, runtime):
    alice, bob = members.join("alice"), members.join("bob")
    for prompt in ("a red ball bounces in a gym", "a beach ball floats in a pool"):
        _post(client, alice, _video(client, runtime, alice, prompt))
    runtime.feed.config = dataclasses.replace(runtime.feed.config, poll_every=2)
    page = client.get("/v1/feed?limit=2", headers=bob).json()
    poll = page["poll"]
    assert poll["answers"] == ["better", "same", "worse"] and poll["question"]
    answer = {"poll_id": poll["poll_id"], "answer": "better"}
    assert client.post("/v1/feed/wellbeing", headers=bob, json=answer).status_code == 204
    assert_problem(client.post("/v1/feed/wellbeing", headers=bob, json=answer), 404)


def test_a_member_likes_or_wants_less_of_a_video_in_their_feed_and_may_take_it_back(client, members, runtime, clock):
    alice, bob = members.join("alice"), members.join("bob")
    pool = _video(client, runtime, alice, "a beach ball floats in a pool")
    crate = _video(client, runtime, alice, "two crates collide in the street")
    for video in (pool, crate):
        _post(client, alice, video)
    said = client.put(f"/v1/feed/signals/{pool}", headers=bob, json={"signal": "less"})
    assert said.status_code == 200 and said.json() == {"type": "SignalResponse", "video_id": pool, "signal": "less"}
    assert client.put(f"/v1/feed/signals/{crate}", headers=bob, json={"signal": "like"}).status_code == 200
    listed = {s["video_id"]: s["signal"] for s in client.get("/v1/feed/signals", headers=bob).json()["signals"]}
    assert listed == {pool: "less", crate: "like"}
    [item] = client.get("/v1/feed", headers=bob).json()["items"]
    assert item["video"]["video_id"] == crate and item["liked"] is True
    assert client.put(f"/v1/feed/signals/{pool}", headers=bob, json={"signal": "none"}).status_code == 200
    clock.advance(days=1)
    assert {i["video"]["video_id"] for i in client.get("/v1/feed", headers=bob).json()["items"]} == {pool, crate}


def test_bad_signals_are_a_clear_4xx(client, members, runtime):
    alice, bob = members.join("alice"), members.join("bob")
    video = _video(client, runtime, alice, "a red ball bounces in a gym")
    assert_problem(client.put(f"/v1/feed/signals/{video}", headers=bob, json={"signal": "like"}), 404)  # not posted
    _post(client, alice, video, audience="followers")
    assert_problem(client.put(f"/v1/feed/signals/{video}", headers=bob, json={"signal": "like"}), 404,
                   detail_has="reaches you")  # posted to alice's followers only
    for body in ({"signal": "love"}, {}, {"signal": None}):
        assert_problem(client.put(f"/v1/feed/signals/{video}", headers=alice, json=body), 400)
    assert_problem(client.put("/v1/feed/signals/x", json={"signal": "like"}), 401)
    assert client.get("/v1/feed/signals", headers=bob).json()["signals"] == []


def test_why_a_video_was_in_the_feed_is_read_back_from_the_log(client, members, runtime, clock):
    alice, bob = members.join("alice"), members.join("bob")
    video = _video(client, runtime, alice, "a beach ball floats in a pool", "anime")
    _post(client, alice, video)
    assert client.put("/v1/feed/instruction", headers=bob, json={"text": "more anime"}).status_code == 200
    assert_problem(client.get(f"/v1/feed/why/{video}", headers=bob), 404, detail_has="not in your feed")
    [item] = client.get("/v1/feed", headers=bob).json()["items"]
    clock.advance(days=2)
    client.put(f"/v1/feed/signals/{video}", headers=bob, json={"signal": "like"})
    why = client.get(f"/v1/feed/why/{video}", headers=bob).json()
    assert why["reasons"] == item["reasons"] and "anime, as you asked" in why["reasons"]
    assert why["personalised"] is True and why["signal"] == "like" and why["score"] == item["score"]
    assert_problem(client.get(f"/v1/feed/why/{video}", headers=alice), 404)  # never in her own feed
    assert client.delete(f"/v1/videos/{video}/post", headers=alice).status_code == 204
    assert_problem(client.get(f"/v1/feed/why/{video}", headers=bob), 404, detail_has="reaches you")  # taken down
    _post(client, alice, video)
    assert client.get(f"/v1/feed/why/{video}", headers=bob).status_code == 200
    clock.advance(days=31)
    assert_problem(client.get(f"/v1/feed/why/{video}", headers=members.login("bob")), 404)  # too long ago
