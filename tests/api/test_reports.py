"""Reports of videos and their review through the HTTP app: a member reports a video posted to
them, a reviewer reads the reports, watches the video and removes it or keeps it; clear 4xx
answers for what may not be done. Real chain (tiny model), real feed and review desk."""

from __future__ import annotations

import pytest

from tests.api.conftest import assert_problem
from tests.jobs.api_fixtures import app_runtime, tiny_model  # noqa: F401 - tiny_model is a fixture


@pytest.fixture
def runtime(tmp_path, clock, tiny_model):  # noqa: F811
    yield from app_runtime(tmp_path, clock, tiny_model)


@pytest.fixture
def reviewer(members, runtime) -> dict[str, str]:
    headers = members.join("rita")
    runtime.reviews.appoint("rita")
    runtime.catch_up()
    return headers


def _posted_video(client, runtime, headers: dict[str, str], prompt: str = "a red ball bounces in a gym") -> str:
    response = client.post("/v1/generations", headers=headers, json={"prompt": prompt})
    assert response.status_code == 202, response.text
    gid = response.json()["generation_id"]
    runtime.chain.run(gid)
    runtime.catch_up()
    video = client.get(f"/v1/generations/{gid}", headers=headers).json()["video_id"]
    assert client.post(f"/v1/videos/{video}/post", headers=headers, json={}).status_code == 201
    return video


def test_a_report_is_filed_once_and_followed(client, members, runtime):
    alice, bob, carol = members.join("alice"), members.join("bob"), members.join("carol")
    video = _posted_video(client, runtime, alice)
    response = client.post(f"/v1/videos/{video}/report", headers=bob, json={"reason": "hate", "note": "a slur"})
    assert response.status_code == 201, response.text
    report = response.json()
    assert report["status"] == "open" and report["reason"] == "hate" and report["video_id"] == video
    again = assert_problem(client.post(f"/v1/videos/{video}/report", headers=bob, json={"reason": "spam"}), 409)
    assert again["report_id"] == report["report_id"]
    assert_problem(client.post(f"/v1/videos/{video}/report", headers=alice, json={"reason": "spam"}), 409,
                   detail_has="your own")
    assert_problem(client.post(f"/v1/videos/{video}/report", headers=carol, json={"reason": "rude"}), 400)
    assert_problem(client.post(f"/v1/videos/{video}/report", headers=carol, json={}), 400)
    assert_problem(client.post(f"/v1/videos/{video}/report", headers=carol, json={"reason": "other"}), 400,
                   detail_has="note")
    assert_problem(client.post("/v1/videos/nope/report", headers=carol, json={"reason": "spam"}), 404)
    assert_problem(client.post(f"/v1/videos/{video}/report", json={"reason": "spam"}), 401)
    listed = client.get("/v1/reports", headers=bob).json()["reports"]
    assert [r["report_id"] for r in listed] == [report["report_id"]] and listed[0]["note"] == "a slur"
    assert client.get(f"/v1/reports/{report['report_id']}", headers=bob).status_code == 200
    assert_problem(client.get(f"/v1/reports/{report['report_id']}", headers=carol), 404)
    assert [i["video"]["video_id"] for i in client.get("/v1/feed", headers=bob).json()["items"]] == []
    assert [i["video"]["video_id"] for i in client.get("/v1/feed", headers=carol).json()["items"]] == [video]


def test_a_reviewer_reads_watches_and_removes_a_reported_video(client, members, runtime, reviewer):
    alice, bob, carol = members.join("alice"), members.join("bob"), members.join("carol")
    video = _posted_video(client, runtime, alice)
    client.post(f"/v1/videos/{video}/report", headers=bob, json={"reason": "graphic_violence", "note": "gore"})
    assert_problem(client.get("/v1/reviews/reports", headers=bob), 403)
    queue = client.get("/v1/reviews/reports", headers=reviewer).json()["cases"]
    assert [c["video_id"] for c in queue] == [video]
    case = client.get(f"/v1/reviews/reports/{video}", headers=reviewer).json()
    assert case["status"] == "open" and case["reasons"] == {"graphic_violence": 1} and case["prompt"]
    assert case["reports"][0]["note"] == "gore" and "reporter" not in str(case["reports"])
    assert client.get(case["media_url"], headers=reviewer).status_code == 200
    assert client.get("/v1/reviews", headers=reviewer).json()["cases"] == []  # the appeals' queue still answers
    assert_problem(client.post(f"/v1/reviews/reports/{video}/decision", headers=reviewer,
                               json={"decision": "keep", "category": "spam"}), 400)
    decided = client.post(f"/v1/reviews/reports/{video}/decision", headers=reviewer,
                          json={"decision": "remove", "note": "too graphic for the feed"})
    assert decided.status_code == 200, decided.text
    assert decided.json()["status"] == "removed" and decided.json()["category"] == "graphic_violence"
    assert_problem(client.post(f"/v1/reviews/reports/{video}/decision", headers=reviewer,
                               json={"decision": "keep"}), 409)
    assert_problem(client.get(f"/v1/videos/{video}/media", headers=carol), 404)
    assert_problem(client.post(f"/v1/videos/{video}/post", headers=alice, json={}), 409,
                   detail_has="too graphic for the feed")
    assert client.get("/v1/reports", headers=bob).json()["reports"][0]["status"] == "removed"
    assert_problem(client.get("/v1/reviews/reports/nope", headers=reviewer), 404)
    assert_problem(client.post(f"/v1/reviews/reports/{video}/decision", headers=bob, json={"decision": "keep"}), 403)


def test_the_owner_reads_a_removal_and_appeals_it_to_another_reviewer(client, members, runtime, reviewer):
    alice, bob = members.join("alice"), members.join("bob")
    sam = members.join("sam")
    runtime.reviews.appoint("sam")
    video = _posted_video(client, runtime, alice)
    assert_problem(client.get(f"/v1/videos/{video}/removal", headers=alice), 404)
    client.post(f"/v1/videos/{video}/report", headers=bob, json={"reason": "spam"})
    client.post(f"/v1/reviews/reports/{video}/decision", headers=reviewer, json={"decision": "remove", "note": "ads"})
    removal = client.get(f"/v1/videos/{video}/removal", headers=alice).json()
    assert removal["category"] == "spam" and removal["note"] == "ads" and removal["appealable"] is True
    assert_problem(client.get(f"/v1/videos/{video}/removal", headers=bob), 404)
    appealed = client.post(f"/v1/videos/{video}/removal/appeal", headers=alice, json={"note": "no ads in it"})
    assert appealed.status_code == 201, appealed.text
    assert appealed.json()["appeal"] == "pending"
    assert_problem(client.post(f"/v1/videos/{video}/removal/appeal", headers=alice, json={}), 409,
                   detail_has="appealed already")
    assert client.get(f"/v1/reviews/reports/{video}", headers=sam).json()["appeal"] == "no ads in it"
    assert_problem(client.post(f"/v1/reviews/reports/{video}/decision", headers=reviewer,
                               json={"decision": "restore"}), 403)
    restored = client.post(f"/v1/reviews/reports/{video}/decision", headers=sam, json={"decision": "restore"})
    assert restored.status_code == 200 and restored.json()["status"] == "restored"
    after = client.get(f"/v1/videos/{video}/removal", headers=alice).json()
    assert after["in_force"] is False and after["appeal"] == "restored"
    assert client.post(f"/v1/videos/{video}/post", headers=alice, json={}).status_code == 201
