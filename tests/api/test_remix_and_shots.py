"""Remix and multi-shot through the HTTP app: lineage, noised source frames, shots that
continue each other, and the 4xx answers for what cannot be remixed."""

from __future__ import annotations

import numpy as np
import pytest

from tests.api.conftest import assert_problem
from tests.jobs.api_fixtures import tiny_model  # noqa: F401 - tiny_model is a fixture
from tests.jobs.fixtures import FAST, RecordingGenerator, SmoothGenerator, chain_runtime

BALL = {"prompt": "a red ball bounces in a gym"}


@pytest.fixture
def recorder(request, tiny_model):  # noqa: F811
    """The tiny untrained model; a smooth test double for the multi-shot tests (the untrained
    model's noise, over several shots, fails the flashing check before publishing)."""
    return RecordingGenerator(SmoothGenerator() if "shot" in request.node.name else tiny_model)


@pytest.fixture
def runtime(tmp_path, clock, recorder):
    rt = chain_runtime(tmp_path, clock, recorder, max_body_bytes=10_000)
    yield rt
    rt.close()


def _generate(client, runtime, headers, body) -> dict:
    response = client.post("/v1/generations", headers=headers, json=body)
    assert response.status_code == 202, response.text
    gid = response.json()["generation_id"]
    runtime.chain.run(gid)
    runtime.catch_up()
    return client.get(f"/v1/generations/{gid}", headers=headers).json()


def _frames(runtime, generation_id: str) -> np.ndarray:
    state = runtime.chain.state(generation_id)
    with runtime.media.open(state.sampling.frames_key) as stream:
        return np.load(stream)


def test_a_remix_starts_from_the_sources_noised_frames_and_keeps_its_world(client, members, runtime, recorder):
    headers = members.join("alice")
    source = _generate(client, runtime, headers, BALL)
    remix = _generate(client, runtime, headers, {"prompt": "make it anime", "remix_of": source["video_id"]})
    assert remix["status"] == "published" and remix["remix_of"] == source["video_id"]
    caption = remix["caption"].lower()
    assert "anime" in caption and "red" in caption and "gym" in caption, caption  # the source's world, restyled
    conditioning = recorder.calls[-1]["conditioning"]
    assert conditioning["strength"] == FAST.remix_strength
    source_frames = _frames(runtime, source["generation_id"])
    assert np.array_equal(conditioning["init"][0], source_frames)  # same model size: the frames themselves
    video = client.get(f"/v1/videos/{remix['video_id']}", headers=headers).json()
    assert video["remix_of"] == source["video_id"]
    listed = client.get(f"/v1/videos/{source['video_id']}/remixes", headers=headers).json()["videos"]
    assert [v["video_id"] for v in listed] == [remix["video_id"]]
    requested = runtime.store.read_stream(f"generation-{remix['generation_id']}")[0].event
    assert requested.remix.video_id == source["video_id"] and requested.remix.generation_id == source["generation_id"]


def test_remixing_a_video_you_cannot_see_is_404_and_a_deleted_one_410(client, members, runtime):
    alice, bob = members.join("alice"), members.join("bob")
    source = _generate(client, runtime, alice, BALL)
    assert_problem(client.post("/v1/generations", headers=bob, json={"prompt": "at night", "remix_of": source["video_id"]}), 404)
    assert_problem(client.get(f"/v1/videos/{source['video_id']}/remixes", headers=bob), 404)
    assert_problem(client.post("/v1/generations", headers=alice, json={"prompt": "at night", "remix_of": "no-such-video"}), 404)
    assert client.delete(f"/v1/videos/{source['video_id']}", headers=alice).status_code == 204
    gone = assert_problem(client.post("/v1/generations", headers=alice,
                                      json={"prompt": "make it anime", "remix_of": source["video_id"]}), 410)
    assert "deleted" in gone["detail"]
    assert client.get("/v1/credits", headers=alice).json()["used_today"] == 1  # refusals cost nothing


def test_a_source_deleted_while_its_remix_waits_fails_the_remix_clearly(client, members, runtime):
    headers = members.join("alice")
    source = _generate(client, runtime, headers, BALL)
    gid = client.post("/v1/generations", headers=headers,
                      json={"prompt": "make it blue", "remix_of": source["video_id"]}).json()["generation_id"]
    assert client.delete(f"/v1/videos/{source['video_id']}", headers=headers).status_code == 204
    runtime.chain.run(gid)
    runtime.catch_up()
    failed = client.get(f"/v1/generations/{gid}", headers=headers).json()
    assert failed["status"] == "failed" and "deleted" in failed["detail"]
    assert client.get("/v1/credits", headers=headers).json()["used_today"] == 1  # the remix's slot came back


def test_a_remix_change_that_names_nothing_is_422(client, members, runtime):
    headers = members.join("alice")
    source = _generate(client, runtime, headers, BALL)
    body = assert_problem(client.post("/v1/generations", headers=headers,
                                      json={"prompt": "quantum spreadsheet", "remix_of": source["video_id"]}), 422)
    assert body["possible"]


def test_a_removal_holds_the_posted_remix_and_a_restoration_releases_it_by_the_time_each_answer_comes(
        client, members, runtime):
    alice, bob, carol, rita, sam = (members.join(h) for h in ("alice", "bob", "carol", "rita", "sam"))
    for reviewer in ("rita", "sam"):
        runtime.reviews.appoint(reviewer)
    source = _generate(client, runtime, alice, BALL)["video_id"]
    assert client.post(f"/v1/videos/{source}/post", headers=alice, json={}).status_code == 201
    remix = _generate(client, runtime, bob, {"prompt": "make it night", "remix_of": source})["video_id"]
    assert client.post(f"/v1/videos/{remix}/post", headers=bob, json={}).status_code == 201
    assert client.get(f"/v1/videos/{remix}/media", headers=carol).status_code == 200
    assert client.post(f"/v1/videos/{source}/report", headers=carol, json={"reason": "hate"}).status_code == 201
    removed = client.post(f"/v1/reviews/reports/{source}/decision", headers=rita, json={"decision": "remove"})
    assert removed.status_code == 200, removed.text
    # the removal appended only the source's streams; its remix is held all the same when the answer comes
    assert_problem(client.get(f"/v1/videos/{remix}/media", headers=carol), 404)
    assert client.get(f"/v1/videos/{remix}/media", headers=bob).status_code == 200
    case = client.get(f"/v1/reviews/reports/{remix}", headers=sam).json()
    assert case["held"] is True and case["reasons"] == {"hate": 1}
    assert client.post(f"/v1/videos/{source}/removal/appeal", headers=alice, json={}).status_code == 201
    restored = client.post(f"/v1/reviews/reports/{source}/decision", headers=sam, json={"decision": "restore"})
    assert restored.status_code == 200, restored.text
    assert client.get(f"/v1/videos/{remix}/media", headers=carol).status_code == 200
    assert client.get("/v1/reviews/reports", headers=sam).json()["cases"] == []


def test_shots_continue_each_other_from_the_last_frames_of_the_one_before(client, members, runtime, recorder):
    headers = members.join("alice")
    done = _generate(client, runtime, headers, {**BALL, "shots": 3})
    assert done["status"] == "published" and done["shots"] == 3, done["detail"]
    calls = recorder.calls[-3:]
    assert "known" not in calls[0]["conditioning"]
    keep = FAST.continuation_frames
    for before, after in zip(calls, calls[1:]):
        conditioning = after["conditioning"]
        assert np.array_equal(conditioning["known"][0, :keep], before["clips"][0][-keep:])
        assert conditioning["known_mask"][0].tolist() == [1.0] * keep + [0.0] * (len(conditioning["known_mask"][0]) - keep)
    frames = _frames(runtime, done["generation_id"])
    per_shot = recorder.frames
    assert len(frames) == per_shot + 2 * (per_shot - keep)
    assert np.array_equal(frames[:per_shot], calls[0]["clips"][0])
    assert np.array_equal(frames[per_shot:per_shot + per_shot - keep], calls[1]["clips"][0][keep:])
    video = client.get(f"/v1/videos/{done['video_id']}", headers=headers).json()
    assert video["duration_s"] == pytest.approx(len(frames) / recorder.fps, abs=1e-3)


def test_shots_listed_one_by_one_get_a_caption_each_in_the_same_world(client, members, runtime, recorder):
    headers = members.join("alice")
    body = {"prompt": "a red ball in a gym", "shots": ["it bounces", "it rolls away"], "style": "cinematic"}
    done = _generate(client, runtime, headers, body)
    assert done["status"] == "published" and done["shots"] == 2
    first, second = (c["prompts"][0].lower() for c in recorder.calls[-2:])
    assert "bounce" in first and "roll" in second
    places = ("gym", "indoor court")  # the caption phrases the gym either way
    assert all("red" in c and any(p in c for p in places) for c in (first, second)), (first, second)
    assert recorder.calls[-1]["styles"] == ["cinematic"]


def test_a_prompt_describing_several_shots_becomes_that_many(client, members, runtime, recorder):
    headers = members.join("alice")
    done = _generate(client, runtime, headers, {"prompt": "a red ball bounces in a gym, cut to it rolls away"})
    assert done["status"] == "published"
    assert len(recorder.calls) == 2 and "known" in recorder.calls[1]["conditioning"]


def test_bad_shot_requests_are_400(client, members):
    headers = members.join("alice")
    for body in ({"shots": []}, {"shots": ["a"] * 5}, {"shots": [""]}, {"shots": 0}, {"shots": "two"},
                 {"prompt": "   "}, {"remix_of": "x", "shots": ["a ball drops"]}):
        assert_problem(client.post("/v1/generations", headers=headers, json=body), 400)


def test_shots_listed_one_by_one_need_no_separate_prompt(client, members):
    headers = members.join("alice")
    response = client.post("/v1/generations", headers=headers,
                           json={"shots": ["a red ball bounces in a gym", "it rolls away"]})
    assert response.status_code == 202, response.text
    assert response.json()["shots"] == 2 and response.json()["prompt"] == ""
