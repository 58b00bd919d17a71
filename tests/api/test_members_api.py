"""/v1/me, /v1/users, /v1/follows and /v1/invites through the HTTP app."""

from __future__ import annotations

from tests.api.conftest import assert_problem


def test_me_shows_my_account(client, members):
    headers = members.join("alice")
    body = client.get("/v1/me", headers=headers).json()
    assert (body["handle"], body["birth_year"], body["is_teen"]) == ("alice", 1990, False)


def test_patching_me_changes_the_display_name(client, members):
    headers = members.join("alice")
    response = client.patch("/v1/me", headers=headers, json={"display_name": "Alice Liddell"})
    assert response.status_code == 200 and response.json()["display_name"] == "Alice Liddell"
    assert client.get("/v1/users/alice", headers=headers).json()["display_name"] == "Alice Liddell"


def test_patching_me_with_bad_input_is_a_400(client, members):
    headers = members.join("alice")
    assert_problem(client.patch("/v1/me", headers=headers, json={"display_name": "   "}), 400)
    assert_problem(client.patch("/v1/me", headers=headers, json={"display_name": 7}), 400)
    assert_problem(client.patch("/v1/me", headers=headers, json={}), 400)


def test_deleting_me_erases_the_account_and_its_tokens(client, members, runtime):
    headers, other = members.join("alice"), members.join("bob")
    client.post("/v1/follows", headers=other, json={"handle": "alice"})
    assert client.delete("/v1/me", headers=headers).status_code == 204
    assert_problem(client.get("/v1/me", headers=headers), 401)
    assert_problem(client.get("/v1/users/alice", headers=other), 404)
    assert client.get("/v1/follows", headers=other).json()["members"] == []
    assert_problem(client.post("/v1/auth/login", json={"handle": "alice", "password": "password123"}), 401)


def test_a_profile_shows_counts_and_hides_teen_status_from_others(client, members):
    teen, adult = members.join("kid", birth_year=2011), members.join("bob")
    client.post("/v1/follows", headers=adult, json={"handle": "kid"})
    seen_by_other = client.get("/v1/users/kid", headers=adult).json()
    assert (seen_by_other["followers"], seen_by_other["following"]) == (1, 0)
    assert "is_teen" not in seen_by_other or seen_by_other["is_teen"] is None
    assert client.get("/v1/users/kid", headers=teen).json()["is_teen"] is True


def test_an_unknown_profile_is_a_404_and_needs_a_token(client, members):
    assert_problem(client.get("/v1/users/ghost", headers=members.join("alice")), 404)
    assert_problem(client.get("/v1/users/alice"), 401)


def test_follow_list_and_unfollow(client, members):
    a, b = members.join("ann"), members.join("ben")
    assert client.post("/v1/follows", headers=a, json={"handle": "ben"}).status_code == 201
    assert client.post("/v1/follows", headers=b, json={"handle": "ann"}).status_code == 201
    listed = client.get("/v1/follows", headers=a, params={"relation": "mutuals"}).json()
    assert [m["handle"] for m in listed["members"]] == ["ben"]
    assert [m["handle"] for m in client.get("/v1/follows", headers=a, params={"relation": "followers"})
            .json()["members"]] == ["ben"]
    assert client.delete("/v1/follows/ben", headers=a).status_code == 204
    assert client.get("/v1/follows", headers=a).json()["members"] == []


def test_follow_lists_are_paged(client, members):
    me = members.join("ann")
    for handle in ("bea", "cal", "dee"):
        members.join(handle)
        client.post("/v1/follows", headers=me, json={"handle": handle})
    page = client.get("/v1/follows", headers=me, params={"limit": 2, "offset": 1}).json()["members"]
    assert [m["handle"] for m in page] == ["cal", "dee"]
    assert_problem(client.get("/v1/follows", headers=me, params={"limit": 0}), 400)
    assert_problem(client.get("/v1/follows", headers=me, params={"limit": "many"}), 400)


def test_follow_with_bad_input_is_refused(client, members):
    a = members.join("ann")
    assert_problem(client.post("/v1/follows", headers=a, json={"handle": "ann"}), 400, detail_has="yourself")
    assert_problem(client.post("/v1/follows", headers=a, json={"handle": "ghost"}), 404)
    assert_problem(client.post("/v1/follows", headers=a, json={"who": "ben"}), 400)
    assert_problem(client.post("/v1/follows", headers=a, json=["ben"]), 400)
    assert_problem(client.delete("/v1/follows/ghost", headers=a), 404)
    assert_problem(client.get("/v1/follows", headers=a, params={"relation": "enemies"}), 400)
    assert_problem(client.post("/v1/follows", json={"handle": "ann"}), 401)


def test_unfollowing_someone_you_do_not_follow_is_a_404(client, members):
    a, _ = members.join("ann"), members.join("ben")
    assert_problem(client.delete("/v1/follows/ben", headers=a), 404, detail_has="do not follow")


def test_invites_are_listed_and_made_until_the_allowance_is_used(client, members, runtime):
    headers = members.join("alice")
    for _ in range(runtime.settings.invites_per_member):
        assert client.post("/v1/invites", headers=headers).status_code == 201
    assert_problem(client.post("/v1/invites", headers=headers), 403, detail_has="all")
    mine = client.get("/v1/invites", headers=headers).json()
    assert mine["remaining"] == 0 and len(mine["invites"]) == runtime.settings.invites_per_member


def test_a_member_sees_only_their_own_invites(client, members):
    alice, bob = members.join("alice"), members.join("bob")
    code = client.post("/v1/invites", headers=alice).json()["code"]
    assert code not in str(client.get("/v1/invites", headers=bob).json())
    assert_problem(client.get("/v1/invites"), 401)


def test_a_member_invite_works_for_a_friend(client, members):
    code = client.post("/v1/invites", headers=members.join("alice")).json()["code"]
    body = {"invite_code": code, "handle": "friend", "password": "password123", "birth_year": 2000}
    assert client.post("/v1/auth/signup", json=body).status_code == 201


def test_bad_codes_get_the_problem_type_of_their_kind_and_unknown_fields_are_refused(client, members):
    teen = members.join("kid", birth_year=2011)
    short = assert_problem(client.post("/v1/guardians/confirm", headers=teen, json={"code": "short"}), 400,
                           detail_has="that is not a guardian code we issued")
    unknown = assert_problem(client.post("/v1/guardians/confirm", headers=teen, json={"code": "x" * 12}), 400)
    assert short["type"] == unknown["type"]
    body = {"invite_code": "bad", "handle": "zed", "password": "password123", "birth_year": 1990}
    malformed = assert_problem(client.post("/v1/auth/signup", json=body), 400)
    unissued = assert_problem(client.post("/v1/auth/signup", json={**body, "invite_code": "y" * 16}), 400)
    assert malformed["type"] == unissued["type"] == "urn:reelworld:problem:invalid-invite"
    patched = client.patch("/v1/me", headers=teen, json={"display_name": "Kid", "birth_year": 1980})
    assert_problem(patched, 400, detail_has="birth_year")
