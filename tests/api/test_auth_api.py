"""/v1/auth and /healthz and /schema through the HTTP app, including every kind of bad input."""

from __future__ import annotations

import re

import pytest

from tests.api.conftest import assert_problem


def _signup(client, code, handle="alice", **overrides):
    body = {"invite_code": code, "handle": handle, "password": "password123", "birth_year": 1990, **overrides}
    return client.post("/v1/auth/signup", json=body)


def test_health_answers_with_the_database_dialect(client):
    response = client.get("/healthz")
    assert response.status_code == 200 and response.json()["database"] == "sqlite"


def test_openapi_schema_lists_every_route(client):
    paths = client.get("/schema/openapi.json").json()["paths"]
    for path in ("/v1/auth/signup", "/v1/auth/login", "/v1/auth/logout", "/v1/me", "/v1/users/{handle}",
                 "/v1/follows", "/v1/follows/{handle}", "/v1/invites", "/v1/guardians",
                 "/v1/guardians/links", "/v1/guardians/confirm", "/v1/guardians/{handle}/controls",
                 "/v1/credits", "/healthz"):
        assert path in paths
    assert paths["/v1/me"]["get"]["security"] == [{"BearerToken": []}]
    assert "security" not in paths["/v1/auth/signup"]["post"]


def test_an_unknown_schema_document_is_a_problem_not_an_html_page(client):
    for path in ("/schema/nope", "/schema/nope.json"):
        assert_problem(client.get(path), 404)
    assert "/schema/openapi.json" in client.get("/schema/nope").json()["detail"]
    assert client.get("/schema/swagger").headers["content-type"].startswith("text/html")
    assert client.get("/schema/openapi.yaml").status_code == 200


def test_openapi_schema_leaves_the_body_tag_optional_on_input_only(client, members):
    schemas = client.get("/schema/openapi.json").json()["components"]["schemas"]
    assert "type" not in schemas["SignUpRequest"]["required"]  # a body without it is accepted ...
    assert {"invite_code", "handle", "password", "birth_year"} <= set(schemas["SignUpRequest"]["required"])
    assert "type" in schemas["MeResponse"]["required"]  # ... and every answer carries it
    assert _signup(client, members.invite()).status_code == 201
    wrong = _signup(client, members.invite(), handle="bob", type="LoginRequest")
    assert wrong.status_code == 400
    assert _signup(client, members.invite(), handle="bobby", type="SignUpRequest").status_code == 201


def test_sign_up_creates_a_member(client, members):
    response = _signup(client, members.invite(), display_name="Alice A.")
    assert response.status_code == 201
    assert response.json()["handle"] == "alice" and response.json()["is_teen"] is False


def test_sign_up_marks_a_teen(client, members):
    assert _signup(client, members.invite(), birth_year=2010).json()["is_teen"] is True


def test_sign_up_under_13_is_refused(client, members):
    assert_problem(_signup(client, members.invite(), birth_year=2015), 403, detail_has="13")


@pytest.mark.parametrize(("overrides", "where"), [
    ({"birth_year": "nineteen ninety"}, "birth_year"),
    ({"handle": 42}, "handle"),
    ({"password": None}, "password"),
    ({"display_name": ""}, "display_name"),
])
def test_sign_up_with_wrong_types_is_a_400(client, members, overrides, where):
    body = assert_problem(_signup(client, members.invite(), **overrides), 400)
    assert where in str(body["errors"])


def test_sign_up_with_missing_fields_is_a_400(client):
    assert_problem(client.post("/v1/auth/signup", json={"handle": "xyz"}), 400, detail_has="missing required field")


def test_sign_up_with_a_body_that_is_not_json_is_a_400(client):
    assert_problem(client.post("/v1/auth/signup", content=b"{nope", headers={"content-type": "application/json"}), 400)


def test_sign_up_with_an_oversized_body_is_a_413(client, members):
    assert_problem(_signup(client, members.invite(), display_name="x" * 20_000), 413, detail_has="10000 bytes")


def test_sign_up_with_an_invalid_handle_is_a_400(client, members):
    assert_problem(_signup(client, members.invite(), handle="no spaces!"), 400, detail_has="handle")


def test_sign_up_with_an_unknown_invite_is_a_400(client):
    assert_problem(_signup(client, "NotARealCode123"), 400, detail_has="not an invite")


def test_sign_up_with_a_used_invite_is_a_400(client, members):
    code = members.invite()
    assert _signup(client, code, handle="first").status_code == 201
    assert_problem(_signup(client, code, handle="second"), 400, detail_has="already used")


def test_sign_up_with_an_expired_invite_is_a_400(client, members, clock, runtime):
    code = members.invite()
    clock.advance(days=runtime.settings.invite_ttl_days + 1)
    assert_problem(_signup(client, code), 400, detail_has="expired")


def test_sign_up_with_a_taken_handle_is_a_409(client, members):
    members.join("Taken")
    assert_problem(_signup(client, members.invite(), handle="taken"), 409, detail_has="@taken")


def test_login_with_a_wrong_password_is_a_401(client, members):
    members.join("alice")
    response = client.post("/v1/auth/login", json={"handle": "alice", "password": "wrong-password"})
    assert_problem(response, 401)
    assert response.headers["www-authenticate"].startswith("Bearer")


def test_login_with_missing_fields_is_a_400(client):
    assert_problem(client.post("/v1/auth/login", json={"handle": "alice"}), 400)


def test_logout_revokes_the_token(client, members):
    headers = members.join("alice")
    assert client.post("/v1/auth/logout", headers=headers).status_code == 204
    assert_problem(client.get("/v1/me", headers=headers), 401, detail_has="revoked")


def test_logout_without_a_token_is_a_401(client):
    assert_problem(client.post("/v1/auth/logout"), 401)


def test_an_expired_token_is_a_401(client, members, clock, runtime):
    headers = members.join("alice")
    clock.advance(hours=runtime.settings.token_ttl_hours + 1)
    assert_problem(client.get("/v1/me", headers=headers), 401, detail_has="expired")


@pytest.mark.parametrize("header", ["", "Bearer ", "Basic abc", "Bearer not-a-token"])
def test_missing_or_bad_authorization_is_a_401(client, header):
    assert_problem(client.get("/v1/me", headers={"Authorization": header}), 401)


def test_unknown_routes_and_methods_are_problem_details(client):
    assert_problem(client.get("/v1/nothing-here"), 404)
    assert_problem(client.put("/healthz"), 405)


def test_the_request_id_is_echoed_and_recorded_in_the_events_metadata(client, members, runtime):
    body = {"invite_code": members.invite(), "handle": "alice", "password": "password123", "birth_year": 1990}
    response = client.post("/v1/auth/signup", json=body, headers={"X-Request-ID": "req-42"})
    assert response.headers["x-request-id"] == "req-42"
    [registered] = runtime.store.read_stream(f"user-{response.json()['user_id']}")
    assert registered.metadata.request_id == "req-42"
    assert client.get("/healthz").headers["x-request-id"]  # made up when the client sent none


def test_repeated_failed_logins_get_a_429_with_retry_after(client, members):
    members.join("kim")
    for _ in range(10):
        assert client.post("/v1/auth/login", json={"handle": "kim", "password": "wrong password"}).status_code == 401
    refused = client.post("/v1/auth/login", json={"handle": "kim", "password": "password123"})
    assert_problem(refused, 429, detail_has="too many failed logins for @kim")
    assert refused.headers["retry-after"] == str(15 * 60)


def _routes(client) -> list[tuple[str, str, bool]]:
    """(method, path with its parameters filled in, needs a member) of every route of the app
    but OPTIONS and the schema pages."""
    found = []
    for route in client.app.routes:
        if route.path.startswith("/schema"):
            continue
        path = re.sub(r"\{(\w+):\w+\}", r"\1", route.path)
        for handler in route.route_handlers:
            for method in handler.http_methods - {"OPTIONS"}:
                found.append((method, path, "principal" in handler.resolve_dependencies()))
    return sorted(found)


def test_every_route_but_signup_login_health_and_the_web_client_needs_a_member(client):
    open_routes = {(method, path) for method, path, member in _routes(client) if not member}
    assert open_routes == {("POST", "/v1/auth/signup"), ("POST", "/v1/auth/login"), ("GET", "/healthz"),
                           ("GET", "/app"), ("GET", "/app/name")}  # the web client's page and its two files


@pytest.mark.parametrize("authorization", [None, "Bearer not-a-token"])
@pytest.mark.parametrize("content_type, body", [
    ("application/json", b'{"prompt": 5, "credits": "x", "handle": [], "code": null, "unknown": 1}'),
    ("application/json", b"{not json"),
    ("application/json", b"\xff\xfe"),
    ("text/plain", b"hello"),
])
def test_a_request_without_a_valid_token_is_a_401_whatever_else_is_wrong(client, authorization, content_type, body):
    """A caller without a token learns first that it needs one, and nothing of what the route
    accepts: bad bodies, queries and headers are judged only for members."""
    headers = {"content-type": content_type, "Idempotency-Key": "not visible ascii é".encode(),
               **({"Authorization": authorization} if authorization else {})}
    for method, path, member in _routes(client):
        if not member:
            continue
        response = client.request(method, f"{path}?limit=0&offset=-1&relation=enemies", headers=headers,
                                  content=None if method in ("GET", "HEAD") else body)
        assert response.status_code == 401, (method, path, response.text)
        if method != "HEAD":
            problem = assert_problem(response, 401)
            assert "errors" not in problem, (method, path, problem)
            assert ("Authorization" if authorization is None else "not valid") in problem["detail"]
        assert response.headers["www-authenticate"].startswith("Bearer")


def test_a_cors_preflight_needs_no_token(client):
    response = client.options("/v1/me", headers={"Origin": "http://localhost:5173",
                                                 "Access-Control-Request-Method": "PATCH"})
    assert response.status_code == 204 and "GET" in response.headers["allow"]
