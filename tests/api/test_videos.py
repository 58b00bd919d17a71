"""/v1/videos and /v1/me/videos through the HTTP app: media with range requests, delete."""

from __future__ import annotations

import hashlib

import pytest

from tests.api.conftest import assert_problem
from tests.jobs.api_fixtures import app_runtime, tiny_model  # noqa: F401 - tiny_model is a fixture


@pytest.fixture
def runtime(tmp_path, clock, tiny_model):  # noqa: F811
    yield from app_runtime(tmp_path, clock, tiny_model)


@pytest.fixture
def published(client, members, runtime):
    """(headers of the owner, the published video's JSON)."""
    headers = members.join("alice")
    gid = client.post("/v1/generations", headers=headers, json={"prompt": "a red ball bounces in a gym"}).json()
    runtime.chain.run(gid["generation_id"])
    runtime.catch_up()
    video_id = client.get(f"/v1/generations/{gid['generation_id']}", headers=headers).json()["video_id"]
    return headers, client.get(f"/v1/videos/{video_id}", headers=headers).json()


def test_a_video_carries_its_provenance_and_its_media_matches_the_hash(client, published):
    headers, video = published
    response = client.get(video["media_url"], headers=headers)
    assert response.status_code == 200 and response.headers["content-type"].startswith("video/mp4")
    assert response.headers["accept-ranges"] == "bytes"
    assert len(response.content) == video["size_bytes"]
    assert hashlib.sha256(response.content).hexdigest() == video["content_sha256"]
    assert video["model"] == "reelworld-tiny-untrained" and "ball" in video["caption"]


def test_range_requests_get_206_with_content_range(client, published):
    headers, video = published
    whole = client.get(video["media_url"], headers=headers).content
    size = len(whole)
    for asked, first, last in (("bytes=0-99", 0, 99), ("bytes=100-", 100, size - 1),
                               ("bytes=-50", size - 50, size - 1), (f"bytes=10-{size + 500}", 10, size - 1)):
        part = client.get(video["media_url"], headers={**headers, "Range": asked})
        assert part.status_code == 206, asked
        assert part.headers["content-range"] == f"bytes {first}-{last}/{size}"
        assert part.content == whole[first:last + 1]


def test_head_answers_what_get_would_without_the_bytes(client, published):
    headers, video = published
    whole = client.head(video["media_url"], headers=headers)
    assert whole.status_code == 200 and whole.content == b""
    assert whole.headers["content-length"] == str(video["size_bytes"]) and whole.headers["accept-ranges"] == "bytes"
    assert whole.headers["content-type"].startswith("video/mp4")
    part = client.head(video["media_url"], headers={**headers, "Range": "bytes=0-99"})
    assert part.status_code == 206 and part.headers["content-range"] == f"bytes 0-99/{video['size_bytes']}"
    assert client.head(video["media_url"], headers={**headers, "Range": f"bytes={video['size_bytes']}-"}).status_code == 416
    assert client.head(video["media_url"]).status_code == 401


def test_a_range_outside_the_file_is_416(client, published):
    headers, video = published
    response = client.get(video["media_url"], headers={**headers, "Range": f"bytes={video['size_bytes']}-"})
    assert_problem(response, 416)
    assert response.headers["content-range"] == f"bytes */{video['size_bytes']}"
    assert client.get(video["media_url"], headers={**headers, "Range": "items=0-1"}).status_code == 200


def test_a_range_with_absurd_numbers_is_no_range_and_a_416_opens_nothing(client, published, runtime,
                                                                         monkeypatch):
    headers, video = published
    huge = client.get(video["media_url"], headers={**headers, "Range": "bytes=" + "1" * 5000 + "-"})
    assert huge.status_code == 200 and len(huge.content) == video["size_bytes"]
    opened = []
    real = runtime.media.open
    monkeypatch.setattr(runtime.media, "open", lambda key: opened.append(key) or real(key))
    outside = client.get(video["media_url"], headers={**headers, "Range": f"bytes={video['size_bytes']}-"})
    assert_problem(outside, 416)
    assert opened == []  # nothing left open behind the 416


def test_paging_past_any_listing_is_a_400_not_a_500(client, published):
    headers, video = published
    for path in ("/v1/me/videos", f"/v1/videos/{video['video_id']}/remixes", "/v1/follows"):
        for offset in ("99999999999999999999", str(2**63), "1000001"):
            assert_problem(client.get(f"{path}?offset={offset}", headers=headers), 400)
        assert client.get(f"{path}?offset=1000000", headers=headers).status_code == 200


def test_another_members_video_is_404(client, members, published):
    _, video = published
    bob = members.join("bob")
    for path in (f"/v1/videos/{video['video_id']}", video["media_url"]):
        assert_problem(client.get(path, headers=bob), 404)
    assert_problem(client.delete(f"/v1/videos/{video['video_id']}", headers=bob), 404)
    assert client.get("/v1/me/videos", headers=bob).json()["videos"] == []
    assert_problem(client.get(video["media_url"]), 401)


def test_a_video_deleted_by_another_process_is_410_before_the_list_hears_of_it(client, published, runtime):
    # another API process deleted it: its file is gone, but this process's list of videos has
    # not caught up with the deletion yet (no catch_up here)
    headers, video = published
    member = runtime.accounts.authenticate(headers["Authorization"].removeprefix("Bearer "))
    runtime.generations.delete_video(member.user_id, video["video_id"])
    for asked in (client.get(video["media_url"], headers=headers), client.head(video["media_url"], headers=headers)):
        assert asked.status_code == 410, asked.text
    assert "deleted" in assert_problem(client.get(video["media_url"], headers=headers), 410)["detail"]


def test_a_lost_media_file_is_404_saying_so(client, published, runtime):
    headers, video = published
    for path in runtime.settings.media_dir.rglob("*.mp4"):
        path.unlink()
    assert_problem(client.get(video["media_url"], headers=headers), 404, detail_has="is gone")


def test_only_its_owner_learns_a_video_was_deleted(client, members, published):
    headers, video = published
    bob = members.join("bob")
    assert client.delete(f"/v1/videos/{video['video_id']}", headers=headers).status_code == 204
    for path in (f"/v1/videos/{video['video_id']}", video["media_url"], f"/v1/videos/{video['video_id']}/remixes"):
        assert_problem(client.get(path, headers=bob), 404)  # as for any video not theirs
    assert_problem(client.delete(f"/v1/videos/{video['video_id']}", headers=bob), 404)


def test_the_library_lists_ones_own_videos(client, published):
    headers, video = published
    listed = client.get("/v1/me/videos", headers=headers).json()["videos"]
    assert [v["video_id"] for v in listed] == [video["video_id"]]
    assert_problem(client.get("/v1/me/videos?limit=0", headers=headers), 400)


def test_deleting_ones_video_removes_it_everywhere(client, published, runtime):
    headers, video = published
    assert client.delete(f"/v1/videos/{video['video_id']}", headers=headers).status_code == 204
    # its owner is told it was deleted on every route, as /remixes and remix_of tell it
    for asked in (client.get(f"/v1/videos/{video['video_id']}", headers=headers),
                  client.get(video["media_url"], headers=headers), client.head(video["media_url"], headers=headers),
                  client.get(f"/v1/videos/{video['video_id']}/remixes", headers=headers),
                  client.delete(f"/v1/videos/{video['video_id']}", headers=headers)):
        assert asked.status_code == 410, (asked.request.method, asked.request.url)
        if asked.request.method != "HEAD":
            assert_problem(asked, 410)
            assert "deleted" in asked.json()["detail"]
    assert client.get("/v1/me/videos", headers=headers).json()["videos"] == []
    generation = client.get(f"/v1/generations/{video['generation_id']}", headers=headers).json()
    assert generation["status"] == "deleted" and generation["video_id"] is None
    assert not [p for p in runtime.settings.media_dir.rglob("*") if p.is_file()]  # the frames and sound too


def test_deleting_ones_account_removes_the_video_files(client, published, runtime):
    headers, video = published
    path = runtime.settings.media_dir / f"videos/{video['video_id']}.mp4"
    assert path.exists()
    assert client.delete("/v1/me", headers=headers).status_code == 204
    assert runtime.sweeper.sweep().erased == 1  # what the chain worker runs in `reelworld up`
    assert not path.exists() and not list(runtime.settings.media_dir.rglob("*.npy"))
    erased = runtime.store.read_stream(f"generation-{video['generation_id']}")[-1]
    assert erased.type == "MediaErased" and f"videos/{video['video_id']}.mp4" in erased.event.keys


def test_the_person_a_video_shows_watches_it_and_takes_it_down_over_http(client, members, runtime):
    from tests.capture_fixtures import make_capture

    alice, bob, carol = members.join("alice"), members.join("bob"), members.join("carol")
    made = client.post("/v1/characters", headers=alice, data={"audience": "everyone"},
                       files={"capture": ("me.mp4", make_capture(size=96, seconds=3.0), "video/mp4")})
    assert made.status_code == 201, made.text
    gid = client.post("/v1/generations", headers=bob, json={"prompt": "a person kicks a ball in a park",
                                                             "characters": ["alice"]}).json()["generation_id"]
    assert runtime.chain.run(gid).status == "published"
    runtime.catch_up()
    [shown] = client.get("/v1/characters/me/videos", headers=alice).json()["videos"]
    assert shown["generation_id"] == gid and client.get("/v1/characters/me/videos", headers=carol).json() == {
        "type": "VideoListResponse", "videos": []}
    assert client.get(shown["media_url"], headers=alice).status_code == 200  # she may watch it
    assert_problem(client.get(shown["media_url"], headers=carol), 404)
    assert_problem(client.delete(f"/v1/characters/me/videos/{shown['video_id']}", headers=carol), 404)
    assert client.delete(f"/v1/characters/me/videos/{shown['video_id']}", headers=alice).status_code == 204
    assert_problem(client.get(f"/v1/videos/{shown['video_id']}", headers=bob), 410)
    assert client.get("/v1/characters/me/videos", headers=alice).json()["videos"] == []
    assert_problem(client.delete(f"/v1/characters/me/videos/{shown['video_id']}", headers=alice), 404)
