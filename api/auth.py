"""Bearer-token authentication and the per-request command context, as Litestar dependencies.

`principal` resolves the `Authorization: Bearer <token>` header to the member (401 problem
details when it is missing, unknown, revoked or expired); `context` carries the acting member
and request id into every event the request appends. `authenticate_first` resolves it before
anything else looks at the request, so a caller without a valid token is told that first.
"""

from __future__ import annotations

import re
import uuid
from typing import Any

from litestar import Request
from litestar.datastructures import Headers, MutableScopeHeaders
from litestar.di import Provide
from litestar.params import Parameter
from litestar.utils.sync import sync_to_thread

from api.runtime import Runtime
from events import Context
from social import InvalidToken, Principal

REQUEST_ID_HEADER = "x-request-id"
_SANE_REQUEST_ID = re.compile(r"^[A-Za-z0-9._:-]{1,100}$")


def provide_runtime(request: Request) -> Runtime:
    return request.app.state.runtime


def bearer_token(request: Request) -> str:
    """The token of the Authorization header. Raises InvalidToken if there is none."""
    header = request.headers.get("authorization", "")
    scheme, _, token = header.partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        raise InvalidToken("send an 'Authorization: Bearer <token>' header; log in to get a token")
    return token.strip()


_PRINCIPAL = "principal"
"""Where `authenticate_first` leaves the member in the request's scope state."""


def needs_member(request: Request) -> bool:
    """Whether the route answers only signed-in members: every route of a layer that provides a
    `principal`, but OPTIONS. Litestar answers OPTIONS itself (the allowed methods) from a handler
    owned by the route's controller, so it inherits `principal`; a client asking what a route
    allows (a browser's CORS preflight among them) sends no credentials."""
    return request.method != "OPTIONS" and _PRINCIPAL in request.route_handler.resolve_dependencies()


async def authenticate_first(request: Request) -> None:
    """before_request step: on a members' route, resolve the bearer token before the body, the
    query or the headers are read and checked. A caller without a valid token gets its 401
    whatever else is wrong with the request, and learns nothing of what the route accepts.
    Raises InvalidToken."""
    if not needs_member(request):
        return
    runtime: Runtime = request.app.state.runtime
    token = bearer_token(request)
    principal = await sync_to_thread(runtime.accounts.authenticate, token)  # blocking: the database
    request.scope.setdefault("state", {})[_PRINCIPAL] = principal


def provide_principal(request: Request) -> Principal:
    """The member `authenticate_first` found before the request was read (the app's
    before_request step, api.app.admit, runs it on every route that provides this)."""
    return request.scope["state"][_PRINCIPAL]


def scope_request_id(scope: Any) -> str:
    """The request's id, fixed once per request: the client's X-Request-ID when it is a short
    token, else a new UUID. It goes into every event's metadata and back in the response."""
    state = scope.setdefault("state", {})
    if "request_id" not in state:
        given = Headers.from_scope(scope).get(REQUEST_ID_HEADER, "")
        state["request_id"] = given if _SANE_REQUEST_ID.fullmatch(given) else str(uuid.uuid4())
    return state["request_id"]


def echo_request_id(message: Any, scope: Any) -> None:
    """before_send hook: every HTTP response carries its X-Request-ID."""
    if message["type"] == "http.response.start":
        MutableScopeHeaders.from_message(message)[REQUEST_ID_HEADER] = scope_request_id(scope)


def _request_id(request: Request) -> str:
    return scope_request_id(request.scope)


def provide_context(request: Request, principal: Principal) -> Context:
    return Context(actor=principal.user_id, request_id=_request_id(request))


def provide_anonymous_context(request: Request) -> Context:
    return Context(request_id=_request_id(request))


APP_DEPENDENCIES = {"runtime": Provide(provide_runtime, sync_to_thread=False)}
"""Everywhere: the runtime."""

MEMBER_DEPENDENCIES = {
    "principal": Provide(provide_principal, sync_to_thread=False),
    "context": Provide(provide_context, sync_to_thread=False),
}
"""On every controller that needs a signed-in member."""

BEARER = [{"BearerToken": []}]
"""OpenAPI security requirement of those controllers (scheme declared in api.app)."""

IDEMPOTENCY_KEY = r"^[\x21-\x7e]+$"
"""What an Idempotency-Key header may hold: visible ASCII (a UUID, a ULID, a random token)."""

IDEMPOTENCY_KEY_HEADER = Parameter(
    header="Idempotency-Key", default=None, min_length=1, max_length=200, pattern=IDEMPOTENCY_KEY,
    description="1 to 200 visible ASCII characters (letters, digits, punctuation; no spaces), e.g. a UUID; "
                "a retry with the same key and body is answered as the first request was",
)
"""The optional Idempotency-Key header of a route that makes something (its description is
also what a client is told when the header is not valid)."""
