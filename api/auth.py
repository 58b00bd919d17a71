"""Bearer-token authentication and the per-request command context, as Litestar dependencies.

`principal` resolves the `Authorization: Bearer <token>` header to the member (401 problem
details when it is missing, unknown, revoked or expired); `context` carries the acting member
and request id into every event the request appends.
"""

from __future__ import annotations

import uuid

from litestar import Request
from litestar.di import Provide

from api.runtime import Runtime
from events import Context
from social import InvalidToken, Principal

REQUEST_ID_HEADER = "x-request-id"


def provide_runtime(request: Request) -> Runtime:
    return request.app.state.runtime


def bearer_token(request: Request) -> str:
    """The token of the Authorization header. Raises InvalidToken if there is none."""
    header = request.headers.get("authorization", "")
    scheme, _, token = header.partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        raise InvalidToken("send an 'Authorization: Bearer <token>' header; log in to get a token")
    return token.strip()


def provide_principal(request: Request, runtime: Runtime) -> Principal:
    return runtime.accounts.authenticate(bearer_token(request))


def _request_id(request: Request) -> str:
    return request.headers.get(REQUEST_ID_HEADER) or str(uuid.uuid4())


def provide_context(request: Request, principal: Principal) -> Context:
    return Context(actor=principal.user_id, request_id=_request_id(request))


def provide_anonymous_context(request: Request) -> Context:
    return Context(request_id=_request_id(request))


APP_DEPENDENCIES = {"runtime": Provide(provide_runtime, sync_to_thread=False)}
"""Everywhere: the runtime."""

MEMBER_DEPENDENCIES = {
    "principal": Provide(provide_principal, sync_to_thread=True),
    "context": Provide(provide_context, sync_to_thread=False),
}
"""On every controller that needs a signed-in member."""

BEARER = [{"BearerToken": []}]
"""OpenAPI security requirement of those controllers (scheme declared in api.app)."""
