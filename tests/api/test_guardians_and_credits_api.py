"""/v1/guardians and /v1/credits through the HTTP app."""

from __future__ import annotations

from tests.api.conftest import assert_problem


def _link(client, guardian, teen):
    code = client.post("/v1/guardians/links", headers=guardian).json()["code"]
    assert client.post("/v1/guardians/confirm", headers=teen, json={"code": code}).status_code == 204
    return code


def test_guardian_and_teen_link_then_the_guardian_sets_controls(client, members):
    guardian, teen = members.join("mum"), members.join("kid", birth_year=2011)
    started = client.post("/v1/guardians/links", headers=guardian)
    assert started.status_code == 201
    assert client.get("/v1/guardians", headers=guardian).json()["links"][0]["status"] == "pending"
    assert client.post("/v1/guardians/confirm", headers=teen, json={"code": started.json()["code"]}).status_code == 204
    controls = {"daily_generation_limit": 2, "personalised_feed": False, "session_minutes_cap": 60}
    response = client.put("/v1/guardians/kid/controls", headers=guardian, json=controls)
    assert response.status_code == 200
    [seen_by_teen] = client.get("/v1/guardians", headers=teen).json()["links"]
    assert seen_by_teen["status"] == "active" and seen_by_teen["guardian"] == "mum"
    assert {k: seen_by_teen["controls"][k] for k in controls} == controls
    assert seen_by_teen["code"] == ""  # the code is the guardian's
    assert client.get("/v1/credits", headers=teen).json()["daily_limit"] == 2


def test_only_the_guardian_sets_a_teens_controls(client, members):
    guardian, teen, stranger = members.join("mum"), members.join("kid", birth_year=2011), members.join("x_y")
    _link(client, guardian, teen)
    body = {"daily_generation_limit": 2, "personalised_feed": True, "session_minutes_cap": None}
    assert_problem(client.put("/v1/guardians/kid/controls", headers=stranger, json=body), 403)
    assert_problem(client.put("/v1/guardians/kid/controls", headers=teen, json=body), 403)
    assert_problem(client.put("/v1/guardians/ghost/controls", headers=guardian, json=body), 404)
    assert client.get("/v1/guardians", headers=stranger).json()["links"] == []


def test_controls_with_bad_values_are_a_400(client, members):
    guardian, teen = members.join("mum"), members.join("kid", birth_year=2011)
    _link(client, guardian, teen)
    for change in ({"daily_generation_limit": 1000}, {"session_minutes_cap": 1}, {"personalised_feed": "no"}):
        body = {"daily_generation_limit": None, "personalised_feed": True, "session_minutes_cap": None, **change}
        assert_problem(client.put("/v1/guardians/kid/controls", headers=guardian, json=body), 400)


def test_guardian_linking_refuses_the_wrong_people_and_codes(client, members):
    adult, teen = members.join("dad"), members.join("kid", birth_year=2011)
    assert_problem(client.post("/v1/guardians/links", headers=teen), 403, detail_has="adult")
    code = client.post("/v1/guardians/links", headers=adult).json()["code"]
    assert_problem(client.post("/v1/guardians/confirm", headers=adult, json={"code": code}), 403)
    assert_problem(client.post("/v1/guardians/confirm", headers=teen, json={"code": "WrongCode123"}), 400)
    assert_problem(client.post("/v1/guardians/confirm", headers=teen, json={}), 400)
    assert_problem(client.post("/v1/guardians/confirm", json={"code": code}), 401)


def test_credits_show_the_balance_and_todays_quota(client, members, runtime):
    body = client.get("/v1/credits", headers=members.join("alice")).json()
    assert body["balance"] == 0 and body["free_per_day"] == runtime.settings.daily_free_generations
    assert body["used_today"] == 0 and body["daily_limit"] is None


def test_buying_credits_with_a_test_card_adds_them(client, members, runtime):
    headers = members.join("alice")
    response = client.post("/v1/credits", headers={**headers, "Idempotency-Key": "buy-1"},
                           json={"credits": 5, "card_token": "tok_visa"})
    assert response.status_code == 201
    assert response.json()["balance"] == 5
    assert response.json()["amount_cents"] == 5 * runtime.settings.credit_price_cents
    again = client.post("/v1/credits", headers={**headers, "Idempotency-Key": "buy-1"},
                        json={"credits": 5, "card_token": "tok_visa"})
    assert again.json()["balance"] == 5  # the retry did not charge twice


def test_a_declined_card_is_a_402_and_adds_nothing(client, members):
    headers = members.join("alice")
    assert_problem(client.post("/v1/credits", headers=headers, json={"credits": 5, "card_token": "tok_declined"}),
                   402, detail_has="declined")
    assert client.get("/v1/credits", headers=headers).json()["balance"] == 0


def test_buying_credits_with_bad_input_is_a_400(client, members):
    headers = members.join("alice")
    for body in ({"credits": 0, "card_token": "tok_visa"}, {"credits": "five", "card_token": "tok_visa"},
                 {"card_token": "tok_visa"}, {"credits": 5}):
        assert_problem(client.post("/v1/credits", headers=headers, json=body), 400)
    assert_problem(client.get("/v1/credits"), 401)


def test_a_session_cap_set_by_the_guardian_ends_the_teens_session(client, members, clock):
    guardian, teen = members.join("mum"), members.join("kid", birth_year=2011)
    _link(client, guardian, teen)
    response = client.put("/v1/guardians/kid/controls", headers=guardian, json={"daily_generation_limit": None, "personalised_feed": True, "session_minutes_cap": 30})
    assert response.status_code == 200
    clock.advance(minutes=31)
    assert_problem(client.get("/v1/me", headers=teen), 401, detail_has="expired")
    assert client.get("/v1/me", headers=guardian).status_code == 200


def test_a_guardian_ends_the_guardianship_and_nobody_else_can(client, members):
    mum, teen, other = members.join("mum"), members.join("kid", birth_year=2011), members.join("other")
    code = client.post("/v1/guardians/links", headers=mum).json()["code"]
    assert client.post("/v1/guardians/confirm", headers=teen, json={"code": code}).status_code == 204
    assert_problem(client.delete("/v1/guardians/kid", headers=other), 403)
    assert_problem(client.delete("/v1/guardians/kid", headers=teen), 403)
    assert client.delete("/v1/guardians/kid", headers=mum).status_code == 204
    assert client.get("/v1/guardians", headers=teen).json()["links"] == []
    assert_problem(client.delete("/v1/guardians/kid", headers=mum), 404)


def test_a_teen_buys_credits_over_http_only_once_their_guardian_allows_it(client, members, runtime):
    guardian, teen = members.join("mum"), members.join("kid", birth_year=2011)
    buy = {"credits": 3, "card_token": "tok_visa"}
    assert_problem(client.post("/v1/credits", headers=teen, json=buy), 403, detail_has="link a guardian first")
    _link(client, guardian, teen)
    assert client.get("/v1/credits", headers=teen).json()["purchases_allowed"] is False
    assert_problem(client.post("/v1/credits", headers=teen, json=buy), 403, detail_has="purchases_allowed")
    controls = {"daily_generation_limit": None, "personalised_feed": True, "session_minutes_cap": None}
    assert client.put("/v1/guardians/kid/controls", headers=guardian, json=controls).json()["purchases_allowed"] is False
    allowed = {**controls, "purchases_allowed": True}
    assert client.put("/v1/guardians/kid/controls", headers=guardian, json=allowed).status_code == 200
    [seen_by_teen] = client.get("/v1/guardians", headers=teen).json()["links"]
    assert seen_by_teen["controls"]["purchases_allowed"] is True
    assert client.get("/v1/credits", headers=teen).json()["purchases_allowed"] is True
    bought = client.post("/v1/credits", headers=teen, json=buy)
    assert bought.status_code == 201 and bought.json()["balance"] == 3
    assert len(runtime.gateway.charges) == 1  # the refused tries charged nothing
    assert client.get("/v1/credits", headers=members.join("alice")).json()["purchases_allowed"] is True


def test_a_guardian_keeps_a_teens_character_to_themselves_over_http(client, members):
    from tests.capture_fixtures import make_capture

    guardian, teen, friend = members.join("mum"), members.join("kid", birth_year=2011), members.join("pal")
    for who, other in ((teen, "pal"), (friend, "kid")):
        assert client.post("/v1/follows", headers=who, json={"handle": other}).status_code == 201
    for who in (teen, friend):
        uploaded = client.post("/v1/characters", headers=who, data={"audience": "mutuals"},
                               files={"capture": ("me.mp4", make_capture(size=96, seconds=3.0), "video/mp4")})
        assert uploaded.status_code == 201, uploaded.text
    _link(client, guardian, teen)

    def usable(who: dict[str, str]) -> list[str]:
        return [c["name"] for c in client.get("/v1/characters", headers=who).json()["usable"]]

    assert usable(teen) == usable(friend) == ["kid", "pal"]
    controls = {"daily_generation_limit": 3, "personalised_feed": True, "session_minutes_cap": None}
    forbidden = client.put("/v1/guardians/kid/controls", headers=guardian,
                           json={**controls, "characters_allowed": False})
    assert forbidden.status_code == 200 and forbidden.json()["characters_allowed"] is False
    assert_problem(client.get("/v1/characters/kid", headers=friend), 404)  # at once: the next request
    assert_problem(client.get("/v1/characters/pal", headers=teen), 404)
    assert client.get("/v1/characters/kid", headers=teen).status_code == 200  # their own still works
    assert (usable(teen), usable(friend)) == (["kid"], ["pal"])
    kept = client.put("/v1/guardians/kid/controls", headers=guardian, json={**controls, "daily_generation_limit": 2})
    assert kept.json() == {**controls, "daily_generation_limit": 2, "purchases_allowed": False,
                           "characters_allowed": False, "feed_daily_items": None, "quiet_hours": None,
                           "type": "ControlsBody"}  # left out: as it was
    for who in (guardian, teen):  # both sides see it
        [link] = client.get("/v1/guardians", headers=who).json()["links"]
        assert link["controls"]["characters_allowed"] is False
    assert_problem(client.get("/v1/characters/kid", headers=friend), 404)
    allowed = client.put("/v1/guardians/kid/controls", headers=guardian, json={**controls, "characters_allowed": True})
    assert allowed.json()["characters_allowed"] is True
    assert usable(teen) == usable(friend) == ["kid", "pal"]
    client.put("/v1/guardians/kid/controls", headers=guardian, json={**controls, "characters_allowed": False})
    assert client.delete("/v1/guardians/kid", headers=guardian).status_code == 204  # the control ends with it
    assert usable(teen) == usable(friend) == ["kid", "pal"]
