"""/v1/characters over HTTP: a real capture uploaded as multipart/form-data and read by the real
analyser, bad uploads refused saying why, audiences, 404s that hide, removal, listings."""

from __future__ import annotations

import pytest

from events.characters import character_subject
from generation.capture import MAX_CAPTURE_BYTES
from tests.api.conftest import assert_problem
from tests.capture_fixtures import make_capture


@pytest.fixture(scope="module")
def captures() -> dict[str, bytes]:
    return {"red": make_capture(size=96, seconds=3.0),
            "blue": make_capture(rgb=(40, 60, 210), size=96, seconds=3.0)}


def _upload(client, headers, data: bytes, *, path: str = "/v1/characters", method: str = "post",  # noqa: ANN001
            **fields):  # noqa: ANN003, ANN202
    return client.request(method.upper(), path, headers=headers, files={"capture": ("me.mp4", data, "video/mp4")},
                          data=fields)


def test_an_upload_makes_the_members_character_and_the_api_shows_it(client, members, captures, runtime):
    alice = members.join("alice")
    created = _upload(client, alice, captures["red"], audience="mutuals")
    assert created.status_code == 201, created.text
    body = created.json()
    assert (body["name"], body["colour"], body["audience"], body["approved"]) == ("alice", "red", "mutuals", [])
    assert isinstance(body["voice_pitch"], int) and isinstance(body["voice_speed"], int)
    listed = client.get("/v1/characters", headers=alice).json()
    assert listed["own"]["character_id"] == body["character_id"]
    assert client.get("/v1/characters/me", headers=alice).json() == listed["own"]
    assert_problem(client.get("/v1/characters/me", headers=members.join("nobody")), 404,
                   detail_has="you have no character")
    assert listed["usable"] == [{"type": "UsableCharacterResponse", "name": "alice", "owner": "alice",
                                 "colour": "red", "own": True}]
    again = _upload(client, alice, captures["blue"])
    assert_problem(again, 409, detail_has="DELETE /v1/characters/me first")
    assert "PUT /v1/characters/me/capture" in again.json()["detail"]
    assert_problem(_upload(client, alice, captures["blue"], path="/v1/characters/me/capture", method="put",
                           audience="everyone"), 400)  # the audience is changed where it is changed
    recaptured = _upload(client, alice, captures["blue"], path="/v1/characters/me/capture", method="put")
    assert recaptured.status_code == 200, recaptured.text
    assert (recaptured.json()["colour"], recaptured.json()["character_id"], recaptured.json()["audience"]) == (
        "blue", body["character_id"], "mutuals")


def test_who_may_use_a_character_follows_its_audience_and_others_get_a_404(client, members, captures):
    alice, bob = members.join("alice"), members.join("bob")
    assert _upload(client, alice, captures["red"]).status_code == 201
    hidden = assert_problem(client.get("/v1/characters/alice", headers=bob), 404)
    nowhere = assert_problem(client.get("/v1/characters/nobody", headers=bob), 404)
    assert hidden["title"] == nowhere["title"]
    assert hidden["detail"].replace("alice", "X") == nowhere["detail"].replace("nobody", "X")
    opened = client.put("/v1/characters/me/audience", headers=alice, json={"audience": "approved", "approved": ["bob"]})
    assert opened.status_code == 200 and opened.json()["approved"] == ["bob"]
    seen = client.get("/v1/characters/@Alice", headers=bob)
    assert seen.status_code == 200 and seen.json()["owner"] == "alice"
    assert [c["name"] for c in client.get("/v1/characters", headers=bob).json()["usable"]] == ["alice"]
    closed = client.put("/v1/characters/me/audience", headers=alice, json={"audience": "only_me"})
    assert closed.status_code == 200
    assert_problem(client.get("/v1/characters/alice", headers=bob), 404)  # revoked at once
    assert client.get("/v1/characters", headers=bob).json() == {
        "type": "CharacterListResponse", "own": None, "usable": []}


def test_an_audience_that_cannot_be_is_refused_with_a_reason(client, members, captures):
    alice = members.join("alice")
    teen = members.join("kiddo", birth_year=2011)
    unknown = client.put("/v1/characters/me/audience", headers=alice, json={"audience": "everyone"})
    assert_problem(unknown, 404, detail_has="POST /v1/characters")
    assert _upload(client, alice, captures["red"]).status_code == 201
    named = assert_problem(client.put("/v1/characters/me/audience", headers=alice,
                                      json={"audience": "approved", "approved": ["ghost_one", "ghost_two"]}),
                           422, detail_has="@ghost_one, @ghost_two")
    assert named["unknown"] == ["ghost_one", "ghost_two"]
    members.join("bob")
    as_in_the_form = client.put("/v1/characters/me/audience", headers=alice,
                                json={"audience": "approved", "approved": ["@Bob"]})  # '@' as the form takes it
    assert as_in_the_form.status_code == 200 and as_in_the_form.json()["approved"] == ["bob"]
    long = assert_problem(_upload(client, alice, captures["red"], path="/v1/characters/me/capture", method="put",
                                  approved="x" * 5000), 400)  # not a field of a re-capture
    assert len(long["detail"]) < 1000
    echoed = assert_problem(_upload(client, members.join("dana"), captures["red"], audience="approved",
                                    approved="y" * 5000), 422)
    assert echoed["unknown"] == ["y" * 30 + "..."] and len(echoed["detail"]) < 200
    assert_problem(client.put("/v1/characters/me/audience", headers=alice,
                              json={"audience": "approved", "approved": [f"member{i}" for i in range(51)]}), 400)
    assert_problem(client.put("/v1/characters/me/audience", headers=alice, json={"audience": "friends"}), 400)
    assert_problem(_upload(client, teen, captures["red"], audience="everyone"), 403, detail_has="teen")


def test_bad_uploads_are_refused_saying_what_to_send(client, members, captures):
    alice = members.join("alice")
    as_json = client.post("/v1/characters", headers=alice, json={"capture": "me.mp4"})
    assert_problem(as_json, 415, detail_has="multipart/form-data")
    no_file = client.post("/v1/characters", headers=alice, files={"audience": (None, "only_me")})
    assert_problem(no_file, 400, detail_has="file field named 'capture'")
    garbage = assert_problem(_upload(client, alice, b"not a video, just some bytes" * 50), 422)
    assert garbage["title"] == "Capture not usable" and garbage["detail"].endswith(".")
    too_big = _upload(client, alice, b"\0" * (MAX_CAPTURE_BYTES + 128 * 1024))
    assert_problem(too_big, 413, detail_has=f"a capture is at most {MAX_CAPTURE_BYTES / 1e6:g} MB")
    misspelt = assert_problem(_upload(client, alice, captures["red"], audiences="everyone"), 400)
    assert "audiences" in misspelt["detail"]  # not a character made for only_me without a word
    assert_problem(_upload(client, {}, captures["red"]), 401)
    assert_problem(client.get("/v1/characters"), 401)
    assert_problem(client.delete("/v1/characters/me"), 401)
    assert client.get("/v1/characters", headers=alice).json()["own"] is None


def test_a_removed_character_is_erased_and_a_new_capture_is_a_new_character(client, members, captures, runtime):
    alice = members.join("alice")
    first = _upload(client, alice, captures["red"], audience="everyone").json()
    assert client.delete("/v1/characters/me", headers=alice).status_code == 204
    assert runtime.vault.is_shredded(character_subject(first["character_id"]))
    assert client.get("/v1/characters", headers=alice).json()["own"] is None
    assert_problem(client.delete("/v1/characters/me", headers=alice), 404, detail_has="no character")
    assert_problem(_upload(client, alice, captures["blue"], path="/v1/characters/me/capture", method="put"), 404)
    second = _upload(client, alice, captures["blue"])
    assert second.status_code == 201 and second.json()["character_id"] != first["character_id"]


def test_deleting_the_account_takes_the_character_with_it(client, members, captures, runtime):
    alice, bob = members.join("alice"), members.join("bob")
    made = _upload(client, alice, captures["red"], audience="everyone").json()
    assert client.get("/v1/characters/alice", headers=bob).status_code == 200
    assert client.delete("/v1/me", headers=alice).status_code == 204
    assert runtime.vault.is_shredded(character_subject(made["character_id"]))
    assert_problem(client.get("/v1/characters/alice", headers=bob), 404)


def test_an_upload_may_name_its_audience_and_approved_handles_and_listings_page(client, members, captures):
    alice, bob, carol = members.join("alice"), members.join("bob"), members.join("carol")
    made = _upload(client, alice, captures["red"], audience="approved", approved=["bob", "@Carol"])
    assert made.status_code == 201, made.text
    assert made.json()["approved"] == ["bob", "carol"]
    assert _upload(client, bob, captures["blue"], audience="everyone").status_code == 201
    listed = client.get("/v1/characters", headers=carol).json()["usable"]
    assert [(c["name"], c["own"]) for c in listed] == [("alice", False), ("bob", False)]
    page = client.get("/v1/characters?limit=1&offset=1", headers=carol).json()["usable"]
    assert [c["name"] for c in page] == ["bob"]
    assert_problem(client.get("/v1/characters?limit=0", headers=carol), 400)
    unknown = _upload(client, carol, captures["red"], audience="approved", approved=["ghost"])
    assert_problem(unknown, 422, detail_has="@ghost")


@pytest.mark.postgres
def test_characters_over_http_on_postgresql(pg, captures):
    client, members, runtime = pg
    alice, bob = members.join("alice"), members.join("bob")
    made = _upload(client, alice, captures["red"], audience="everyone")
    assert made.status_code == 201, made.text
    assert client.get("/v1/characters/alice", headers=bob).json()["colour"] == "red"
    assert client.put("/v1/characters/me/audience", headers=alice, json={"audience": "only_me"}).status_code == 200
    assert_problem(client.get("/v1/characters/alice", headers=bob), 404)
    assert client.delete("/v1/me", headers=alice).status_code == 204
    assert runtime.vault.is_shredded(character_subject(made.json()["character_id"]))


def test_the_eleventh_capture_within_the_hour_is_a_429_saying_when(client, members, captures, clock):
    alice = members.join("alice")
    assert _upload(client, alice, captures["red"]).status_code == 201
    for _ in range(9):
        clock.advance(minutes=1)
        assert _upload(client, alice, captures["blue"], path="/v1/characters/me/capture", method="put").status_code == 200
    refused = _upload(client, alice, captures["red"], path="/v1/characters/me/capture", method="put")
    assert_problem(refused, 429, detail_has="try again in 51 minutes")
    assert refused.headers["retry-after"] == str(51 * 60)
