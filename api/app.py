"""The Litestar application: routes, OpenAPI at /schema, problem details, authentication, body
checks and limit.

`create_app(runtime)` builds it around an open Runtime; the caller owns the runtime (and closes
it). Handlers are synchronous and run in the thread pool: the domain does blocking I/O.
"""

from __future__ import annotations

from litestar import Litestar, Request
from litestar.datastructures import State

from api.auth import APP_DEPENDENCIES, authenticate_first, echo_request_id
from api.bodies import check_body
from api.controllers import CONTROLLERS
from api.logs import RequestLog
from api.openapi import document_problems, openapi_config
from api.problems import EXCEPTION_HANDLERS
from api.runtime import Runtime


def optional_request_tags(app: Litestar) -> None:
    """Request bodies may leave out their `"type"` tag (msgspec checks it only when given), but
    the generated schema lists it as required, which would tell clients to send it: drop it
    from `required` in every schema a request body refers to (responses always carry it)."""
    spec = app.openapi_schema
    refs = {media.schema.ref.rsplit("/", 1)[-1]
            for item in (spec.paths or {}).values()
            for op in (getattr(item, m) for m in ("post", "put", "patch", "delete"))
            if op is not None and op.request_body is not None
            for media in (op.request_body.content or {}).values()
            if getattr(media.schema, "ref", None)}
    for name, schema in (spec.components.schemas or {}).items():
        if name in refs and schema.required and "type" in schema.required:
            schema.required = [r for r in schema.required if r != "type"] or None


async def admit(request: Request) -> None:
    """before_request hook: who is asking comes before what they sent. A members' route checks
    the bearer token (401) before the body (415, 413, 400) and, by running ahead of Litestar's
    own parsing, before the query and headers (400) too."""
    await authenticate_first(request)
    await check_body(request)


def create_app(runtime: Runtime) -> Litestar:
    """The HTTP app around `runtime` (every error answered as application/problem+json)."""
    return Litestar(
        route_handlers=CONTROLLERS,
        dependencies=APP_DEPENDENCIES,
        exception_handlers=EXCEPTION_HANDLERS,
        request_max_body_size=runtime.settings.max_body_bytes,
        openapi_config=openapi_config(),
        state=State({"runtime": runtime}),
        before_request=admit,
        before_send=[echo_request_id],
        on_startup=[optional_request_tags, document_problems],
        middleware=[RequestLog],
        logging_config=None,  # api.logs configures logging (JSON lines) for the process
    )
