"""Notifications through the HTTP app, end to end: the real chain (tiny model) makes the videos,
the real feed posts them and the real review desk decides reports; each member reads what
concerns them and marks it read."""

from __future__ import annotations

import pytest

from tests.api.conftest import assert_problem
from tests.jobs.api_fixtures import app_runtime, tiny_model  # noqa: F401 - tiny_model is a fixture


@pytest.fixture
def runtime(tmp_path, clock, tiny_model):  # noqa: F811
    yield from app_runtime(tmp_path, clock, tiny_model)


def _made(client, runtime, headers: dict[str, str], body: dict) -> str:
    response = client.post("/v1/generations", headers=headers, json=body)
    assert response.status_code == 202, response.text
    gid = response.json()["generation_id"]
    runtime.chain.run(gid)
    runtime.catch_up()
    return client.get(f"/v1/generations/{gid}", headers=headers).json()["video_id"]


def _inbox(client, headers: dict[str, str], **params) -> dict:
    response = client.get("/v1/notifications", headers=headers, params=params)
    assert response.status_code == 200, response.text
    return response.json()


def test_members_hear_of_their_videos_follows_remixes_and_reviews_and_mark_them_read(client, members, runtime):
    alice, bob, carol = members.join("alice"), members.join("bob"), members.join("carol")
    rita = members.join("rita")
    runtime.reviews.appoint("rita")
    runtime.catch_up()
    video = _made(client, runtime, alice, {"prompt": "a red ball bounces in a gym"})
    inbox = _inbox(client, alice)
    assert inbox["unread"] == 1 and inbox["next_before"] is None
    ready = inbox["notifications"][0]
    assert (ready["kind"], ready["video_id"], ready["text"], ready["unread"]) == (
        "video_ready", video, "Your video is ready.", True)

    assert client.post("/v1/follows", headers=bob, json={"handle": "alice"}).status_code == 201
    assert client.post(f"/v1/videos/{video}/post", headers=alice, json={}).status_code == 201
    remix = _made(client, runtime, bob, {"prompt": "make it night", "remix_of": video})
    assert client.post(f"/v1/videos/{remix}/post", headers=bob, json={"audience": "mutuals"}).status_code == 201
    runtime.catch_up()
    # bob's remix reaches his mutuals only, and alice does not follow him back: not told
    assert [n["kind"] for n in _inbox(client, alice)["notifications"]] == ["followed", "video_ready"]
    assert client.post(f"/v1/videos/{remix}/post", headers=bob, json={"audience": "everyone"}).status_code == 201
    runtime.catch_up()
    told = _inbox(client, alice)
    assert [(n["kind"], n["actor"]) for n in told["notifications"]] == [
        ("remixed", "bob"), ("followed", "bob"), ("video_ready", None)]
    assert told["unread"] == 3 and client.get("/v1/notifications/unread", headers=alice).json()["unread"] == 3

    seen = client.post("/v1/notifications/seen", headers=alice, json={"up_to": told["notifications"][1]["id"]})
    assert seen.status_code == 200 and seen.json()["unread"] == 1
    assert [n["unread"] for n in _inbox(client, alice)["notifications"]] == [True, False, False]

    assert client.post(f"/v1/videos/{video}/report", headers=carol, json={"reason": "spam"}).status_code == 201
    decided = client.post(f"/v1/reviews/reports/{video}/decision", headers=rita,
                          json={"decision": "remove", "note": "an advert"})
    assert decided.status_code == 200, decided.text
    runtime.catch_up()
    newest = _inbox(client, alice)["notifications"][0]
    assert newest["kind"] == "removed" and newest["video_id"] == video and "carol" not in str(newest)
    assert newest["text"] == ("A reviewer removed your video (reason: spam or misleading). "
                              "You may appeal within 30 days.")
    assert [(n["kind"], n["detail"]) for n in _inbox(client, carol)["notifications"]] == [("report_decided", "removed")]

    assert client.post("/v1/notifications/seen", headers=alice, json={}).json()["unread"] == 0
    assert _inbox(client, alice)["unread"] == 0
    assert _inbox(client, rita)["notifications"] == []


def test_bad_requests_are_4xx(client, members):
    alice = members.join("alice")
    assert_problem(client.get("/v1/notifications"), 401)
    assert_problem(client.get("/v1/notifications", headers=alice, params={"limit": 0}), 400)
    assert_problem(client.get("/v1/notifications", headers=alice, params={"limit": 101}), 400)
    assert_problem(client.get("/v1/notifications", headers=alice, params={"before": 0}), 400)
    assert_problem(client.get("/v1/notifications", headers=alice, params={"before": "x"}), 400)
    assert_problem(client.get("/v1/notifications", headers=alice, params={"before": 2**63}), 400)
    assert_problem(client.get("/v1/notifications", headers=alice, params={"before": 10**25}), 400)
    assert_problem(client.post("/v1/notifications/seen", headers=alice, json={"up_to": 10**25}), 400)
    assert_problem(client.post("/v1/notifications/seen", headers=alice, json={"up_to": 0}), 400)
    assert_problem(client.post("/v1/notifications/seen", headers=alice, json={"up_to": "all"}), 400)
    assert_problem(client.post("/v1/notifications/seen", headers=alice, json={"everything": True}), 400)
    assert client.post("/v1/notifications/seen", headers=alice, json={}).json()["unread"] == 0


def test_a_member_mutes_kinds_of_notification_over_http(client, members):
    alice, bob = members.join("alice"), members.join("bob")
    settings = client.get("/v1/notifications/settings", headers=alice).json()
    assert settings["muted"] == [] and "followed" in settings["mutable"] and "cast" not in settings["mutable"]
    muted = client.put("/v1/notifications/settings", headers=alice, json={"muted": ["followed", "remixed"]})
    assert muted.status_code == 200, muted.text
    assert muted.json()["muted"] == ["followed", "remixed"]
    assert client.post("/v1/follows", headers=bob, json={"handle": "alice"}).status_code == 201
    assert _inbox(client, alice)["notifications"] == [] and _inbox(client, alice)["unread"] == 0
    assert_problem(client.put("/v1/notifications/settings", headers=alice, json={"muted": ["cast"]}), 400,
                   detail_has="likeness")
    assert_problem(client.put("/v1/notifications/settings", headers=alice, json={"muted": ["gossip"]}), 400)
    assert_problem(client.put("/v1/notifications/settings", headers=alice, json={}), 400)
    assert_problem(client.put("/v1/notifications/settings", json={"muted": []}), 401)
    assert client.put("/v1/notifications/settings", headers=alice, json={"muted": []}).json()["muted"] == []
    assert [n["kind"] for n in _inbox(client, alice)["notifications"]] == ["followed"]


def _events(body: str) -> list[tuple[str, str]]:
    """(field, value) of each line of a server-sent event stream, but blank ones."""
    return [tuple(line.split(":", 1)) for line in body.replace("\r\n", "\n").split("\n") if line]


def test_the_unread_count_is_pushed_as_it_changes(client, members, runtime, monkeypatch):
    import asyncio
    import threading

    from api.controllers import notifications

    alice, bob = members.join("alice"), members.join("bob")
    members.join("carol")  # whom bob follows besides alice
    opened = client.get("/v1/notifications/stream", headers=alice, params={"seconds": 1})
    assert opened.status_code == 200 and opened.headers["content-type"].startswith("text/event-stream")
    assert _events(opened.text) == [("event", " unread"), ("data", ' {"unread":0}'), ("retry", " 3000")]
    assert runtime.inbox_watch.watchers == 0  # the stream ended, and stopped watching
    alice_id, bob_id = (runtime.accounts.authenticate(h["Authorization"][7:]).user_id for h in (alice, bob))
    monkeypatch.setattr(notifications, "KEEP_ALIVE_SECONDS", 0.3)
    counted = []
    real_unread = runtime.inbox.unread
    monkeypatch.setattr(runtime.inbox, "unread", lambda user_id: counted.append(user_id) or real_unread(user_id))

    async def listen() -> list[str | None]:
        stream = notifications._unread_events(runtime, alice_id, 60)

        async def told() -> str:  # the next count, past keep-alive comments
            while (message := await asyncio.wait_for(stream.__anext__(), 5)).data is None:
                pass
            return message.data

        heard = [await told()]
        await asyncio.sleep(1.2)  # the watch has read her inbox's signature
        asked = len(counted)
        runtime.follows.follow(bob_id, "carol")  # the log moves, her inbox does not: not asked again
        runtime.catch_up()
        heard.append((await asyncio.wait_for(stream.__anext__(), 5)).comment)
        await asyncio.sleep(1.2)
        assert len(counted) == asked
        runtime.follows.follow(bob_id, "alice")
        runtime.catch_up()  # as the projector would: the watch sees the inbox move
        heard.append(await told())
        heard.append((await asyncio.wait_for(stream.__anext__(), 5)).comment)  # quiet: kept alive
        runtime.inbox.mark_seen(alice_id, None)
        runtime.catch_up()
        heard.append(await told())
        assert runtime.inbox_watch.watchers == 1
        await stream.aclose()  # the client went away
        return heard

    assert asyncio.run(listen()) == ['{"unread":0}', "keep-alive", '{"unread":1}', "keep-alive", '{"unread":0}']
    assert runtime.inbox_watch.watchers == 0
    runtime.inbox_watch.close()
    assert not any(t.name == "inbox-watch" and t.is_alive() for t in threading.enumerate()), "closed with the runtime"


def test_the_stream_asks_for_a_member_and_a_sensible_length(client, members):
    alice = members.join("alice")
    assert_problem(client.get("/v1/notifications/stream"), 401)
    assert_problem(client.get("/v1/notifications/stream", headers=alice, params={"seconds": 0}), 400)
    assert_problem(client.get("/v1/notifications/stream", headers=alice, params={"seconds": 3601}), 400)
    assert_problem(client.get("/v1/notifications/stream", headers=alice, params={"seconds": "long"}), 400)
