"""Appeals of blocked generations and their review through the HTTP app: a member appeals a
block of the real prompt check, a reviewer the operator appointed decides, and an overturned
generation is made by the chain (the tiny model samples it)."""

from __future__ import annotations

import pytest

from generation.jobs.worker import ChainWorker
from tests.api.conftest import assert_problem
from tests.jobs.api_fixtures import app_runtime, tiny_model  # noqa: F401 - tiny_model is a fixture


@pytest.fixture
def runtime(tmp_path, clock, tiny_model):  # noqa: F811
    yield from app_runtime(tmp_path, clock, tiny_model)


VIOLENT = {"prompt": "a man stabbing his wife in the kitchen"}  # graphic_violence, for adults and teens
MINORS = {"prompt": "a 12 year old girl in lingerie posing seductively"}  # sexual_minors: never reviewed
BALL = {"prompt": "a red ball bounces in a gym"}


def _generate(client, runtime, headers: dict[str, str], body: dict, *, run: bool = True) -> str:
    """A generation of `body` by the member of `headers`, run through the chain (unless not
    `run`); its id."""
    response = client.post("/v1/generations", headers=headers, json=body)
    assert response.status_code == 202, response.text
    gid = response.json()["generation_id"]
    if run:
        runtime.chain.run(gid)
        runtime.catch_up()
    return gid


def _appeal(client, headers: dict[str, str], gid: str, note: str = "it is a scene from a play") -> dict:
    response = client.post(f"/v1/generations/{gid}/appeal", headers=headers, json={"note": note})
    assert response.status_code == 201, response.text
    return response.json()


@pytest.fixture
def reviewer(members, runtime) -> dict[str, str]:
    """The headers of rita, a reviewer the operator appointed."""
    headers = members.join("rita")
    runtime.reviews.appoint("rita")
    runtime.catch_up()
    return headers


def test_a_blocked_generation_is_appealed_once(client, members, runtime):
    alice = members.join("alice")
    gid = _generate(client, runtime, alice, VIOLENT)
    assert client.get(f"/v1/generations/{gid}", headers=alice).json()["status"] == "blocked"
    appeal = _appeal(client, alice, gid)
    assert appeal["status"] == "open" and appeal["generation_id"] == gid
    assert appeal["category"] == "graphic_violence" and appeal["message"]
    assert appeal["note"] == "it is a scene from a play" and appeal["answer"] is None
    again = assert_problem(client.post(f"/v1/generations/{gid}/appeal", headers=alice, json={}), 409)
    assert again["appeal_id"] == appeal["appeal_id"]
    assert client.get(f"/v1/appeals/{appeal['appeal_id']}", headers=alice).json() == appeal
    assert client.get("/v1/appeals", headers=alice).json()["appeals"] == [appeal]


def test_an_appeal_needs_no_note_and_appeals_list_newest_first(client, members, runtime, clock):
    alice = members.join("alice")
    first, second = (_generate(client, runtime, alice, VIOLENT) for _ in range(2))
    assert client.post(f"/v1/generations/{first}/appeal", headers=alice, json={}).status_code == 201
    clock.advance(minutes=5)
    assert client.post(f"/v1/generations/{second}/appeal", headers=alice, json={}).json()["note"] == ""
    listed = client.get("/v1/appeals", headers=alice).json()["appeals"]
    assert [a["generation_id"] for a in listed] == [second, first]
    assert [a["generation_id"] for a in client.get("/v1/appeals?limit=1&offset=1", headers=alice).json()["appeals"]] \
        == [first]
    assert_problem(client.get("/v1/appeals?limit=101", headers=alice), 400)


def test_only_a_generation_the_prompt_check_blocked_is_appealed(client, members, runtime):
    alice, bob = members.join("alice"), members.join("bob")
    queued = _generate(client, runtime, alice, BALL, run=False)
    assert_problem(client.post(f"/v1/generations/{queued}/appeal", headers=alice, json={}), 409, detail_has="queued")
    published = _generate(client, runtime, alice, BALL)
    assert_problem(client.post(f"/v1/generations/{published}/appeal", headers=alice, json={}), 409,
                   detail_has="published")
    blocked = _generate(client, runtime, alice, VIOLENT)
    assert_problem(client.post(f"/v1/generations/{blocked}/appeal", headers=bob, json={}), 404)
    assert_problem(client.post("/v1/generations/no-such-id/appeal", headers=alice, json={}), 404)
    assert_problem(client.post(f"/v1/generations/{blocked}/appeal", json={}), 401)
    assert client.get("/v1/appeals", headers=alice).json()["appeals"] == []


def test_a_block_for_sexual_content_involving_minors_is_never_appealed(client, members, runtime):
    alice = members.join("alice")
    gid = _generate(client, runtime, alice, MINORS)
    assert_problem(client.post(f"/v1/generations/{gid}/appeal", headers=alice, json={}), 403,
                   detail_has="never reviewed")


def test_a_block_is_appealed_within_thirty_days(client, members, runtime, clock):
    alice = members.join("alice")
    gid = _generate(client, runtime, alice, VIOLENT)
    clock.advance(days=31)
    alice = members.login("alice")  # the first login has expired
    assert_problem(client.post(f"/v1/generations/{gid}/appeal", headers=alice, json={}), 409,
                   detail_has="within 30 days")


def test_a_note_too_long_or_with_control_characters_is_400(client, members, runtime):
    alice = members.join("alice")
    gid = _generate(client, runtime, alice, VIOLENT)
    url = f"/v1/generations/{gid}/appeal"
    assert_problem(client.post(url, headers=alice, json={"note": "x" * 1001}), 400)
    assert_problem(client.post(url, headers=alice, json={"note": "please\x00"}), 400, detail_has="control characters")
    assert_problem(client.post(url, headers=alice, json={"note": 5}), 400)
    assert_problem(client.post(url, headers=alice, json={"reason": "x"}), 400)
    assert_problem(client.post(url, headers=alice), 400)  # no body: `{}` at least
    assert _appeal(client, alice, gid, "line one\nline two")["note"] == "line one\nline two"


def test_only_reviewers_read_and_decide_appeals(client, members, runtime):
    alice, bob = members.join("alice"), members.join("bob")
    appeal_id = _appeal(client, alice, _generate(client, runtime, alice, VIOLENT))["appeal_id"]
    for response in (client.get("/v1/reviews", headers=bob), client.get(f"/v1/reviews/{appeal_id}", headers=bob),
                     client.post(f"/v1/reviews/{appeal_id}/decision", headers=bob, json={"outcome": "overturn"})):
        assert_problem(response, 403, detail_has="only reviewers")
    assert_problem(client.get("/v1/reviews"), 401)
    assert client.get(f"/v1/generations/{appeal_id}", headers=alice).status_code == 404  # an appeal is no generation


def test_a_reviewer_reads_the_request_and_the_note_but_not_their_own_appeals(client, members, runtime, reviewer):
    alice = members.join("alice")
    theirs = _appeal(client, alice, _generate(client, runtime, alice, VIOLENT), "a stage fight")
    own = _appeal(client, reviewer, _generate(client, runtime, reviewer, VIOLENT))
    [case] = client.get("/v1/reviews", headers=reviewer).json()["cases"]
    assert case["appeal_id"] == theirs["appeal_id"] and case["status"] == "open"
    assert case["prompt"] == VIOLENT["prompt"] and case["note"] == "a stage fight"
    assert case["category"] == "graphic_violence" and case["layer"] and case["caption"]
    assert "alice" not in str(case) and case["decided_by"] is None
    assert client.get(f"/v1/reviews/{theirs['appeal_id']}", headers=reviewer).json() == case
    assert_problem(client.post(f"/v1/reviews/{own['appeal_id']}/decision", headers=reviewer,
                               json={"outcome": "overturn"}), 403)
    assert client.get("/v1/reviews?status=decided", headers=reviewer).json()["cases"] == []
    for missing in ("no-such-appeal", theirs["generation_id"]):
        assert_problem(client.get(f"/v1/reviews/{missing}", headers=reviewer), 404)
        assert_problem(client.get(f"/v1/appeals/{missing}", headers=alice), 404)
    assert_problem(client.get(f"/v1/appeals/{theirs['appeal_id']}", headers=reviewer), 404)  # not rita's own


def test_an_upheld_block_stays_and_the_appellant_reads_the_answer(client, members, runtime, reviewer):
    alice = members.join("alice")
    gid = _generate(client, runtime, alice, VIOLENT)
    appeal_id = _appeal(client, alice, gid)["appeal_id"]
    decided = client.post(f"/v1/reviews/{appeal_id}/decision", headers=reviewer,
                          json={"outcome": "uphold", "note": "a stabbing is shown, play or not"})
    assert decided.status_code == 200, decided.text
    assert decided.json()["status"] == "upheld" and decided.json()["decided_by"] == "rita"
    mine = client.get(f"/v1/appeals/{appeal_id}", headers=alice).json()
    assert (mine["status"], mine["answer"]) == ("upheld", "a stabbing is shown, play or not")
    assert mine["decided_at"] is not None
    assert client.get(f"/v1/generations/{gid}", headers=alice).json()["status"] == "blocked"
    assert client.get("/v1/reviews", headers=reviewer).json()["cases"] == []
    assert [c["appeal_id"] for c in client.get("/v1/reviews?status=decided", headers=reviewer).json()["cases"]] \
        == [appeal_id]
    assert_problem(client.post(f"/v1/reviews/{appeal_id}/decision", headers=reviewer, json={"outcome": "overturn"}),
                   409)


def test_an_overturned_block_is_made_by_the_chain_worker(client, members, runtime, reviewer):
    worker = ChainWorker(runtime.store, runtime.chain, on_progress=runtime.catch_up)  # as in `reelworld up`
    alice = members.join("alice")
    gid = _generate(client, runtime, alice, VIOLENT, run=False)
    assert worker.work_once() == 1 and worker.pending == {}
    appeal_id = _appeal(client, alice, gid)["appeal_id"]
    decided = client.post(f"/v1/reviews/{appeal_id}/decision", headers=reviewer, json={"outcome": "overturn"})
    assert decided.status_code == 200 and decided.json()["status"] == "overturned", decided.text
    assert client.get(f"/v1/generations/{gid}", headers=alice).json()["status"] == "queued"
    assert client.get(f"/v1/appeals/{appeal_id}", headers=alice).json()["status"] == "overturned"
    assert worker.work_once() == 1
    made = client.get(f"/v1/generations/{gid}", headers=alice).json()
    assert made["status"] == "published" and made["video_id"], made
    assert [s["event"] for s in made["steps"]][2:6] == ["PromptBlocked", "BlockOverturned", "PromptApproved",
                                                      "SamplingCompleted"]
    assert client.get("/v1/credits", headers=alice).json()["used_today"] == 0  # the block was our mistake
    assert client.get(f"/v1/videos/{made['video_id']}", headers=alice).status_code == 200
    assert_problem(client.post(f"/v1/reviews/{appeal_id}/decision", headers=reviewer, json={"outcome": "uphold"}),
                   409)


def test_a_bad_decision_or_query_is_400(client, members, runtime, reviewer):
    alice = members.join("alice")
    appeal_id = _appeal(client, alice, _generate(client, runtime, alice, VIOLENT))["appeal_id"]
    url = f"/v1/reviews/{appeal_id}/decision"
    for body in ({"outcome": "overturned"}, {}, {"outcome": "uphold", "note": "x" * 1001},
                 {"outcome": "uphold", "because": "x"}):
        assert_problem(client.post(url, headers=reviewer, json=body), 400)
    assert_problem(client.post(url, headers=reviewer, json={"outcome": "uphold", "note": "\x07"}), 400,
                   detail_has="control characters")
    assert_problem(client.get("/v1/reviews?status=closed", headers=reviewer), 400)
    assert_problem(client.get("/v1/reviews?limit=0", headers=reviewer), 400)
    assert client.get(f"/v1/appeals/{appeal_id}", headers=alice).json()["status"] == "open"  # nothing decided


def test_the_review_routes_document_their_statuses(client):
    spec = client.get("/schema/openapi.json").json()
    expected = {
        ("/v1/generations/{generation_id}/appeal", "post"): {"201", "400", "401", "403", "404", "409", "413", "415",
                                                             "429"},
        ("/v1/appeals", "get"): {"200", "400", "401"},
        ("/v1/appeals/{appeal_id}", "get"): {"200", "401", "404"},
        ("/v1/reviews", "get"): {"200", "400", "401", "403"},
        ("/v1/reviews/{appeal_id}", "get"): {"200", "401", "403", "404"},
        ("/v1/reviews/{appeal_id}/decision", "post"): {"200", "400", "401", "403", "404", "409", "413", "415"},
    }
    for (path, method), statuses in expected.items():
        assert set(spec["paths"][path][method]["responses"]) == statuses, (path, method)
    schemas = spec["components"]["schemas"]
    assert schemas["DecisionRequest"]["properties"]["outcome"]["enum"] == ["overturn", "uphold"]
    assert schemas["AppealRequest"]["properties"]["note"]["maxLength"] == 1000
    assert "appeal_id" in schemas["Problem"]["properties"]


def test_the_eleventh_appeal_in_a_day_is_a_429_with_retry_after(client, members, runtime):
    from safety.review import APPEALS_PER_DAY

    alice = members.join("alice")
    gids = [_generate(client, runtime, alice, VIOLENT) for _ in range(APPEALS_PER_DAY + 1)]
    for gid in gids[:APPEALS_PER_DAY]:
        _appeal(client, alice, gid)
    response = client.post(f"/v1/generations/{gids[-1]}/appeal", headers=alice, json={})
    problem = assert_problem(response, 429)
    assert "10 appeals within a day" in problem["detail"] and int(response.headers["retry-after"]) > 0


def test_a_generation_says_whether_it_may_be_appealed_and_how_its_appeal_stands(client, members, runtime, reviewer):
    alice = members.join("alice")
    published = _generate(client, runtime, alice, BALL)
    assert client.get(f"/v1/generations/{published}", headers=alice).json()["appeal"] is None
    blocked = _generate(client, runtime, alice, VIOLENT)
    assert client.get(f"/v1/generations/{blocked}", headers=alice).json()["appeal"] == {
        "appealable": True, "reason": None, "appeal_id": None, "status": None}
    never = _generate(client, runtime, alice, MINORS)
    standing = client.get(f"/v1/generations/{never}", headers=alice).json()["appeal"]
    assert standing["appealable"] is False and "never reviewed" in standing["reason"]

    appeal = _appeal(client, alice, blocked)
    assert client.get(f"/v1/generations/{blocked}", headers=alice).json()["appeal"] == {
        "appealable": False, "reason": None, "appeal_id": appeal["appeal_id"], "status": "open"}
    client.post(f"/v1/reviews/{appeal['appeal_id']}/decision", headers=reviewer, json={"outcome": "overturn"})
    body = client.get(f"/v1/generations/{blocked}", headers=alice).json()
    assert body["status"] == "queued" and body["appeal"]["status"] == "overturned"
