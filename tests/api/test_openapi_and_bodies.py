"""The OpenAPI document tells the truth (error statuses and bodies, field limits), and request
bodies are JSON, strictly typed, and complete where leaving a field out could loosen something."""

from __future__ import annotations

import pytest

from tests.api.conftest import assert_problem

PROBLEM_REF = "#/components/schemas/Problem"


@pytest.fixture
def spec(client):
    return client.get("/schema/openapi.json").json()


def _problem_schema(response: dict) -> str:
    return response["content"]["application/problem+json"]["schema"]["$ref"]


def test_a_generation_documents_its_errors_as_problem_documents(spec):
    responses = spec["paths"]["/v1/generations"]["post"]["responses"]
    assert {"202", "400", "401", "403", "404", "409", "410", "413", "415", "422", "429", "503"} == set(responses)
    for status in ("400", "401", "404", "429"):
        assert _problem_schema(responses[status]) == PROBLEM_REF
    assert "Retry-After" in responses["429"]["headers"]
    assert "WWW-Authenticate" in responses["401"]["headers"]
    problem = spec["components"]["schemas"]["Problem"]
    assert {"type", "title", "status", "detail", "instance", "errors"} <= set(problem["properties"])


def test_every_error_response_of_every_operation_is_problem_json(spec):
    for path, item in spec["paths"].items():
        for method, operation in item.items():
            for status, response in operation["responses"].items():
                if int(status) >= 400:
                    assert _problem_schema(response) == PROBLEM_REF, (method, path, status)
                    assert "application/json" not in response["content"]  # not Litestar's {status_code, detail, extra}


@pytest.mark.parametrize(("path", "method", "statuses"), [
    ("/healthz", "get", {"200", "503"}),
    ("/v1/me", "get", {"200", "401"}),
    ("/v1/auth/login", "post", {"200", "400", "401", "413", "415", "429"}),
    ("/v1/auth/signup", "post", {"201", "400", "403", "409", "413", "415"}),
    ("/v1/credits", "post", {"201", "400", "401", "402", "403", "409", "413", "415"}),
    ("/v1/videos/{video_id}/media", "get", {"200", "206", "401", "404", "410", "416"}),
    ("/v1/characters", "post", {"201", "400", "401", "403", "409", "413", "415", "422", "429", "503"}),
    ("/v1/characters", "get", {"200", "400", "401"}),
    ("/v1/characters/{name}", "get", {"200", "401", "404"}),
    ("/v1/characters/me/capture", "put", {"200", "400", "401", "404", "409", "413", "415", "422", "429", "503"}),
    ("/v1/characters/me/audience", "put", {"200", "400", "401", "403", "404", "409", "413", "415", "422"}),
    ("/v1/characters/me", "delete", {"204", "400", "401", "404", "409", "413", "415"}),
    ("/v1/characters/me/videos", "get", {"200", "400", "401"}),
    ("/v1/characters/me", "get", {"200", "401", "404"}),
    ("/v1/characters/me/videos/{video_id}", "delete", {"204", "400", "401", "404", "413", "415"}),
])
def test_each_operation_lists_only_the_statuses_it_answers(spec, path, method, statuses):
    assert set(spec["paths"][path][method]["responses"]) == statuses


def test_the_schemas_state_the_limits_the_domain_enforces(spec):
    schemas = spec["components"]["schemas"]
    signup = schemas["SignUpRequest"]["properties"]
    assert (signup["handle"]["minLength"], signup["handle"]["maxLength"]) == (3, 30)
    assert signup["handle"]["pattern"] == "^[A-Za-z0-9_]{3,30}$"
    assert signup["password"]["minLength"] == 8
    assert signup["display_name"]["maxLength"] == 80
    assert "1906" in signup["birth_year"]["description"]
    assert schemas["UpdateMeRequest"]["properties"]["display_name"]["maxLength"] == 80
    credits = schemas["PurchaseRequest"]["properties"]["credits"]
    assert (credits["minimum"], credits["maximum"]) == (1, 1000)
    cap = schemas["ControlsBody"]["properties"]["session_minutes_cap"]
    assert (cap["minimum"], cap["maximum"]) == (5, 1440)
    required = {"daily_generation_limit", "personalised_feed", "session_minutes_cap"}
    assert set(schemas["ControlsBody"]["required"]) == required
    characters = schemas["ControlsBody"]["properties"]["characters_allowed"]
    assert [one["type"] for one in characters.get("oneOf", [characters])] == ["boolean"]  # not null
    assert "neither loosens nor tightens" in characters["description"]
    generation = schemas["GenerationRequest"]["properties"]
    assert generation["characters"]["items"] == {"type": "string"}
    assert "alias" in generation["tier"]["description"]


def test_the_schema_page_at_the_root_reads_offline(client):
    page = client.get("/schema")
    assert page.status_code == 200 and page.headers["content-type"].startswith("text/html")
    assert "/v1/generations" in page.text and "openapi.json" in page.text
    assert "cdn" not in page.text.lower() and "<script" not in page.text


def _controls(client, members):
    guardian, teen = members.join("mum"), members.join("kid", birth_year=2011)
    code = client.post("/v1/guardians/links", headers=guardian).json()["code"]
    assert client.post("/v1/guardians/confirm", headers=teen, json={"code": code}).status_code == 204
    return guardian


def test_a_partial_controls_body_is_a_400_and_loosens_nothing(client, members):
    guardian = _controls(client, members)
    tight = {"daily_generation_limit": 1, "session_minutes_cap": 30, "personalised_feed": False}
    assert client.put("/v1/guardians/kid/controls", headers=guardian, json=tight).status_code == 200
    body = assert_problem(client.put("/v1/guardians/kid/controls", headers=guardian, json={}), 400,
                          detail_has="missing required fields")
    assert {e["key"] for e in body["errors"]} == set(tight)
    assert_problem(client.put("/v1/guardians/kid/controls", headers=guardian, json={"personalised_feed": True}), 400)
    [link] = client.get("/v1/guardians", headers=guardian).json()["links"]
    assert link["controls"] == {**tight, "purchases_allowed": False, "characters_allowed": True,
                                "feed_daily_items": None, "quiet_hours": None,
                                "type": "ControlsBody"}  # answers carry every field
    loosest = {"daily_generation_limit": None, "session_minutes_cap": None, "personalised_feed": True,
               "purchases_allowed": True}  # purchases_allowed left out is false
    answer = client.put("/v1/guardians/kid/controls", headers=guardian, json=loosest).json()
    assert answer == {**loosest, "characters_allowed": True, "feed_daily_items": None, "quiet_hours": None,
                      "type": "ControlsBody"}
    fewer = client.put("/v1/guardians/kid/controls", headers=guardian, json={**loosest, "feed_daily_items": 5})
    assert fewer.json()["feed_daily_items"] == 5
    again = client.put("/v1/guardians/kid/controls", headers=guardian, json=loosest).json()
    assert again["feed_daily_items"] == 5  # left out: as it was, never loosened by forgetting it
    assert_problem(client.put("/v1/guardians/kid/controls", headers=guardian,
                              json={**loosest, "feed_daily_items": 1000}), 400, detail_has="feed_daily_items")
    assert_problem(client.put("/v1/guardians/kid/controls", headers=guardian,
                              json={**loosest, "characters_allowed": None}), 400)  # left out, not null


@pytest.mark.parametrize("content_type", ["text/plain", "application/xml", "application/x-www-form-urlencoded"])
def test_a_body_that_is_not_json_is_a_415(client, members, content_type):
    headers = {**members.join("alice"), "content-type": content_type}
    response = client.post("/v1/generations", content=b'{"prompt": "a ball drops"}', headers=headers)
    assert_problem(response, 415, detail_has="application/json")
    login = client.post("/v1/auth/login", content=b'{"handle": "alice", "password": "password123"}',
                        headers={"content-type": content_type})
    assert_problem(login, 415)


def test_a_json_body_without_a_content_type_is_still_taken(client, members):
    headers = members.join("alice")
    response = client.post("/v1/generations", content=b'{"prompt": "a ball drops"}', headers=headers)
    assert response.status_code == 202
    assert client.post("/v1/generations", content=b'{"prompt": "a ball drops"}',
                       headers={**headers, "content-type": "application/json; charset=utf-8"}).status_code == 202


@pytest.mark.parametrize("body", [
    {"prompt": "a ball drops", "shots": "2"},
    {"prompt": "a ball drops", "shots": 2.0},
    {"prompt": "a ball drops", "characters": "maya"},
    {"prompt": "a ball drops", "tier": 2},
])
def test_a_body_of_the_wrong_type_is_a_400_not_coerced(client, members, body):
    headers = members.join("alice")
    problem = assert_problem(client.post("/v1/generations", json=body, headers=headers), 400)
    assert problem["errors"][0]["source"] == "body"


def test_strict_bodies_leave_query_parameters_as_strings_converted(client, members):
    headers = members.join("alice")
    assert client.get("/v1/me/videos?limit=5&offset=0", headers=headers).status_code == 200
    assert_problem(client.get("/v1/me/videos?limit=five", headers=headers), 400)
    assert_problem(client.post("/v1/credits", json={"credits": "5", "card_token": "tok_visa"}, headers=headers), 400)


def test_a_route_that_takes_no_body_refuses_one_with_fields(client, members):
    headers = members.join("alice")
    problem = assert_problem(client.post("/v1/invites", json={"count": 5}, headers=headers), 400,
                             detail_has="takes no request body")
    assert "count" in problem["detail"]
    assert_problem(client.post("/v1/invites", json=[1], headers=headers), 400)
    assert client.post("/v1/invites", headers=headers).status_code == 201
    assert client.post("/v1/invites", json={}, headers=headers).status_code == 201


@pytest.mark.parametrize("body, says", [
    (b"{bad", "not valid JSON"), (b"\xff\xfe", "not valid JSON"), (b'{"a": "\xff"}', "not UTF-8"),
    (b"[" * 1000 + b"]" * 1000, "nested too deeply"),
])
def test_a_body_that_is_not_json_at_all_is_refused_where_no_body_is_read(client, members, body, says):
    """A route that takes no body never decodes one: a garbled body must not make an invite or
    revoke a token as if nothing were wrong."""
    headers = {**members.join("alice"), "content-type": "application/json"}
    assert_problem(client.post("/v1/invites", content=body, headers=headers), 400, detail_has=says)
    assert_problem(client.post("/v1/auth/logout", content=body, headers=headers), 400, detail_has=says)
    assert client.get("/v1/invites", headers=headers).json()["invites"] == []
    assert client.get("/v1/me", headers=headers).status_code == 200


@pytest.mark.parametrize("body, says", [
    (b'{"handle": "alice"', "not valid JSON: it ends too soon"),
    (b'{"handle": "alice"} and more', "not valid JSON: trailing characters"),
    (b"{handle: alice}", "not valid JSON: object keys must be strings"),
    # msgspec says "truncated" for half a surrogate pair near the body's end, as for a body ending too soon
    (b'{"handle": "\\ud800"}', "escape without the other half of its surrogate pair"),
])
def test_malformed_json_is_an_invalid_body_that_says_what_is_wrong(client, body, says):
    response = client.post("/v1/auth/login", content=body, headers={"content-type": "application/json"})
    problem = assert_problem(response, 400, detail_has=says)
    assert (problem["type"], problem["title"]) == ("urn:reelworld:problem:invalid-request-body", "Invalid request body")


def test_a_bad_query_parameter_or_header_is_titled_by_where_it_is_and_named_as_sent(client, members):
    headers = members.join("alice")
    query = assert_problem(client.get("/v1/me/videos?limit=0", headers=headers), 400,
                           detail_has="(query parameter 'limit')")
    assert query["title"] == "Invalid query parameter" and query["errors"][0]["source"] == "query"
    purchase = {"credits": 1, "card_token": "tok_visa"}
    for key in ("a key with spaces", "k" * 201, ""):
        problem = assert_problem(client.post("/v1/credits", json=purchase, headers={**headers, "Idempotency-Key": key}),
                                 400, detail_has="the Idempotency-Key header is not valid: 1 to 200 visible ASCII")
        assert problem["title"] == "Invalid header" and problem["errors"][0]["key"] == "Idempotency-Key"
    assert client.get("/v1/credits", headers=headers).json()["balance"] == 0
    body = assert_problem(client.post("/v1/credits", json={**purchase, "credits": 0}, headers=headers), 400,
                          detail_has="(field 'credits')")
    assert body["title"] == "Invalid request body"
