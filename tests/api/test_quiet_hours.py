"""A guardian's quiet hours through the HTTP app: the teen's feed rests, generations wait, the
notification stream ends and stays shut until they end."""

from __future__ import annotations

import time
from datetime import UTC, datetime

import pytest

from tests.api.conftest import assert_problem
from tests.jobs.api_fixtures import app_runtime, tiny_model  # noqa: F401 - tiny_model is a fixture

PARIS_NIGHTS = {"start": "21:30", "end": "07:00", "timezone": "Europe/Paris"}  # UTC+1 in winter
CONTROLS = {"daily_generation_limit": None, "personalised_feed": True, "session_minutes_cap": None}
BALL = {"prompt": "a red ball bounces in a gym"}


@pytest.fixture
def runtime(tmp_path, clock, tiny_model):  # noqa: F811
    yield from app_runtime(tmp_path, clock, tiny_model)


@pytest.fixture
def family(client, members, clock):
    """(guardian, teen) headers, linked, at noon UTC of 2026-01-10."""
    clock.now = datetime(2026, 1, 10, 12, 0, tzinfo=UTC)
    guardian, teen = members.join("mum"), members.join("kid", birth_year=2011)
    code = client.post("/v1/guardians/links", headers=guardian).json()["code"]
    assert client.post("/v1/guardians/confirm", headers=teen, json={"code": code}).status_code == 204
    return guardian, teen


def _generate(client, headers, key):
    return client.post("/v1/generations", headers={**headers, "Idempotency-Key": key}, json=BALL)


def test_within_quiet_hours_the_teen_s_feed_generations_and_stream_rest_until_they_end(client, family, clock):
    guardian, teen = family
    before = _generate(client, teen, "before")
    assert before.status_code == 202, before.text
    answer = client.put("/v1/guardians/kid/controls", headers=guardian, json={**CONTROLS, "quiet_hours": PARIS_NIGHTS})
    assert answer.status_code == 200 and answer.json()["quiet_hours"] == {**PARIS_NIGHTS, "type": "QuietHoursBody"}
    for who in (guardian, teen):  # both sides read them
        [link] = client.get("/v1/guardians", headers=who).json()["links"]
        assert link["controls"]["quiet_hours"]["start"] == "21:30"
    assert _generate(client, teen, "noon").status_code == 202  # 13:00 in Paris: not quiet

    clock.now = datetime(2026, 1, 10, 21, 0, tzinfo=UTC)  # 22:00 in Paris
    refused = _generate(client, teen, "night")
    body = assert_problem(refused, 403, detail_has="21:30-07:00 (Europe/Paris)")
    assert body["title"] == "Quiet hours" and "opens again at 07:00" in body["detail"]
    assert refused.headers["retry-after"] == str(9 * 3600)  # until 06:00 UTC, 07:00 in Paris
    again = _generate(client, teen, "before")  # a retry of what was reserved before them
    assert (again.status_code, again.json()["generation_id"]) == (202, before.json()["generation_id"])
    page = client.get("/v1/feed", headers=teen).json()
    assert page["items"] == [] and page["caught_up"] is True and page["personalised"] is False
    assert any("Quiet hours" in n and "opens again at 07:00" in n for n in page["notices"])
    shut = client.get("/v1/notifications/stream", headers=teen, params={"seconds": 1})
    assert_problem(shut, 403, detail_has="notification stream opens again at 07:00")
    assert _generate(client, guardian, "grown-up").status_code == 202  # the guardian has no quiet hours
    assert client.get("/v1/notifications/stream", headers=guardian, params={"seconds": 1}).status_code == 200

    clock.now = datetime(2026, 1, 11, 6, 0, tzinfo=UTC)  # 07:00 in Paris: over
    assert _generate(client, teen, "morning").status_code == 202
    assert not any("Quiet hours" in n for n in client.get("/v1/feed", headers=teen).json()["notices"])
    assert client.get("/v1/notifications/stream", headers=teen, params={"seconds": 1}).status_code == 200


def test_a_teen_s_stream_ends_as_quiet_hours_begin(client, family, clock):
    guardian, teen = family
    client.put("/v1/guardians/kid/controls", headers=guardian, json={**CONTROLS, "quiet_hours": PARIS_NIGHTS})
    clock.now = datetime(2026, 1, 10, 20, 29, 59, tzinfo=UTC)  # one second before 21:30 in Paris
    started = time.monotonic()
    opened = client.get("/v1/notifications/stream", headers=teen, params={"seconds": 300})
    assert opened.status_code == 200 and opened.text.startswith("event: unread")
    assert time.monotonic() - started < 10  # ended after 1 s, not 300


def test_quiet_hours_left_out_stay_and_null_ends_them(client, family, clock):
    guardian, teen = family
    client.put("/v1/guardians/kid/controls", headers=guardian, json={**CONTROLS, "quiet_hours": PARIS_NIGHTS})
    kept = client.put("/v1/guardians/kid/controls", headers=guardian, json={**CONTROLS, "daily_generation_limit": 3})
    assert kept.json()["quiet_hours"]["end"] == "07:00"  # left out: as they were, never loosened by forgetting
    clock.now = datetime(2026, 1, 10, 23, 0, tzinfo=UTC)
    assert_problem(_generate(client, teen, "late"), 403)
    ended = client.put("/v1/guardians/kid/controls", headers=guardian, json={**CONTROLS, "quiet_hours": None})
    assert ended.json()["quiet_hours"] is None
    assert _generate(client, teen, "late").status_code == 202


@pytest.mark.parametrize("quiet, says", [
    ({**PARIS_NIGHTS, "start": "24:00"}, "start"),
    ({**PARIS_NIGHTS, "end": "7:00"}, "end"),
    ({**PARIS_NIGHTS, "timezone": "Mars/Olympus_Mons"}, "quiet_hours.timezone is an IANA time zone"),
    ({**PARIS_NIGHTS, "timezone": "../../etc/passwd"}, "quiet_hours.timezone is an IANA time zone"),
    ({**PARIS_NIGHTS, "end": "21:30"}, "must differ"),
    ({"start": "21:30", "end": "07:00"}, "timezone"),
])
def test_bad_quiet_hours_are_a_400_naming_the_field(client, family, quiet, says):
    guardian, _ = family
    assert_problem(client.put("/v1/guardians/kid/controls", headers=guardian, json={**CONTROLS, "quiet_hours": quiet}),
                   400, detail_has=says)
    [link] = client.get("/v1/guardians", headers=guardian).json()["links"]
    assert link["controls"] is None  # nothing recorded


def test_a_stream_already_open_ends_when_quiet_hours_come_into_force(client, family, clock, runtime, monkeypatch):
    import asyncio

    from api.controllers import notifications
    from events.social import QuietHours
    from social import Controls

    guardian, teen = family
    teen_id, guardian_id = (runtime.accounts.authenticate(h["Authorization"][7:]).user_id for h in (teen, guardian))
    clock.now = datetime(2026, 1, 10, 21, 0, tzinfo=UTC)  # 22:00 in Paris
    monkeypatch.setattr(notifications, "KEEP_ALIVE_SECONDS", 0.3)

    async def heard_until_the_end(change) -> list[str | None]:  # noqa: ANN001 - what brings quiet hours
        stream, heard = notifications._unread_events(runtime, teen_id, 60), []
        heard.append((await asyncio.wait_for(stream.__anext__(), 5)).event)
        change()
        try:
            while True:
                heard.append((await asyncio.wait_for(stream.__anext__(), 5)).comment)
        except StopAsyncIteration:
            return heard

    def guardian_sets_them() -> None:  # in force at once: the stream ends as the inbox moves
        runtime.guardians.set_controls(guardian_id, "kid", Controls(quiet_hours=QuietHours(**PARIS_NIGHTS)))
        runtime.catch_up()

    assert asyncio.run(heard_until_the_end(guardian_sets_them)) == ["unread"]
    runtime.guardians.set_controls(guardian_id, "kid", Controls(quiet_hours=QuietHours(
        start="23:00", end="07:00", timezone="Europe/Paris")))
    runtime.catch_up()

    def the_clock_reaches_them() -> None:  # nothing moves in the inbox: ended at the next keep-alive
        clock.now = datetime(2026, 1, 10, 22, 0, tzinfo=UTC)

    assert asyncio.run(heard_until_the_end(the_clock_reaches_them)) == ["unread"]
    assert runtime.inbox_watch.watchers == 0


# -- a member's own quiet hours (PUT /v1/me/quiet-hours) ----------------------------------------

MORNINGS = {"start": "05:30", "end": "08:00", "timezone": "Europe/Paris"}


def _untagged(body: dict | None) -> dict | None:
    return None if body is None else {k: v for k, v in body.items() if k != "type"}


def test_a_member_chooses_quiet_hours_for_themselves_and_their_feed_and_stream_rest(client, members, clock):
    clock.now = datetime(2026, 1, 10, 12, 0, tzinfo=UTC)
    me = members.join("night_owl")
    assert client.get("/v1/me/quiet-hours", headers=me).json() == {
        "type": "QuietHoursResponse", "own": None, "guardian": None, "resting_until": None}
    chosen = client.put("/v1/me/quiet-hours", headers=me, json=PARIS_NIGHTS)
    assert chosen.status_code == 200, chosen.text
    assert _untagged(chosen.json()["own"]) == PARIS_NIGHTS and chosen.json()["resting_until"] is None

    clock.now = datetime(2026, 1, 10, 21, 0, tzinfo=UTC)  # 22:00 in Paris
    assert client.get("/v1/me/quiet-hours", headers=me).json()["resting_until"] == "2026-01-11T06:00:00Z"
    page = client.get("/v1/feed", headers=me).json()
    assert page["items"] == [] and page["notices"] == [
        "Quiet hours: you set 21:30-07:00 (Europe/Paris). The feed opens again at 07:00."]
    shut = client.get("/v1/notifications/stream", headers=me, params={"seconds": 1})
    assert_problem(shut, 403, detail_has="you set 21:30-07:00") and shut.headers["retry-after"] == str(9 * 3600)
    assert _generate(client, me, "late").status_code == 202, "one's own quiet hours leave creating open"

    assert client.delete("/v1/me/quiet-hours", headers=me).status_code == 204
    assert client.get("/v1/me/quiet-hours", headers=me).json()["own"] is None
    assert not any("Quiet hours" in n for n in client.get("/v1/feed", headers=me).json()["notices"])
    assert client.get("/v1/notifications/stream", headers=me, params={"seconds": 1}).status_code == 200


def test_a_teen_s_own_quiet_hours_add_to_their_guardian_s_and_cannot_remove_them(client, family, clock):
    guardian, teen = family
    client.put("/v1/guardians/kid/controls", headers=guardian, json={**CONTROLS, "quiet_hours": PARIS_NIGHTS})
    assert client.put("/v1/me/quiet-hours", headers=teen, json=MORNINGS).status_code == 200
    clock.now = datetime(2026, 1, 10, 23, 0, tzinfo=UTC)  # midnight in Paris: the guardian's, then the teen's
    status = client.get("/v1/me/quiet-hours", headers=teen).json()
    assert _untagged(status["guardian"]) == PARIS_NIGHTS and _untagged(status["own"]) == MORNINGS
    assert status["resting_until"] == "2026-01-11T07:00:00Z"  # 08:00 in Paris, when the teen's end
    notice = client.get("/v1/feed", headers=teen).json()["notices"]
    assert notice == ["Quiet hours: your guardian set 21:30-07:00 (Europe/Paris) and you set 05:30-08:00 "
                      "(Europe/Paris). The feed opens again at 08:00."]
    refused = assert_problem(_generate(client, teen, "late"), 403, detail_has="your guardian set 21:30-07:00")
    assert "generating opens again at 07:00" in refused["detail"], "only the guardian's hold creating"
    clock.now = datetime(2026, 1, 11, 6, 30, tzinfo=UTC)  # 07:30 in Paris: the teen's own alone
    assert _generate(client, teen, "morning").status_code == 202
    assert client.get("/v1/feed", headers=teen).json()["items"] == []
    assert client.delete("/v1/me/quiet-hours", headers=teen).status_code == 204
    clock.now = datetime(2026, 1, 11, 23, 0, tzinfo=UTC)
    assert _untagged(client.get("/v1/me/quiet-hours", headers=teen).json()["guardian"]) == PARIS_NIGHTS
    assert_problem(_generate(client, teen, "again"), 403)


@pytest.mark.parametrize("quiet, says", [
    ({**MORNINGS, "start": "5:30"}, "start"),
    ({**MORNINGS, "timezone": "Europe"}, "quiet_hours.timezone is an IANA time zone"),
    ({**MORNINGS, "end": "05:30"}, "must differ"),
    ({"start": "05:30", "end": "08:00"}, "timezone"),
])
def test_bad_own_quiet_hours_are_a_400_and_record_nothing(client, members, quiet, says):
    me = members.join("night_owl")
    assert_problem(client.put("/v1/me/quiet-hours", headers=me, json=quiet), 400, detail_has=says)
    assert client.get("/v1/me/quiet-hours", headers=me).json()["own"] is None
    assert_problem(client.get("/v1/me/quiet-hours"), 401)


def test_own_quiet_hours_are_sealed_and_read_as_none_once_the_member_is_forgotten(client, members, runtime):
    from events.social import quiet_stream

    me = members.join("night_owl")
    client.put("/v1/me/quiet-hours", headers=me, json=MORNINGS)
    client.put("/v1/me/quiet-hours", headers=me, json=MORNINGS)  # the same again: nothing new recorded
    user_id = runtime.accounts.authenticate(me["Authorization"][7:]).user_id
    assert len(runtime.store.read_stream(quiet_stream(user_id))) == 1
    assert runtime.quiet_hours.own(user_id).timezone == "Europe/Paris"
    assert client.delete("/v1/me", headers=me).status_code == 204
    assert runtime.quiet_hours.own(user_id) is None  # the zone was sealed under the shredded key
