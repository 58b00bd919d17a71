"""The Litestar application: routes, OpenAPI at /schema, problem details, body size limit.

`create_app(runtime)` builds it around an open Runtime; the caller owns the runtime (and closes
it). Handlers are synchronous and run in the thread pool: the domain does blocking I/O.
"""

from __future__ import annotations

from litestar import Litestar
from litestar.datastructures import State
from litestar.openapi import OpenAPIConfig
from litestar.openapi.spec import Components, SecurityScheme

from api.auth import APP_DEPENDENCIES, echo_request_id
from api.controllers import CONTROLLERS
from api.logs import RequestLog
from api.problems import EXCEPTION_HANDLERS
from api.runtime import Runtime


def openapi_config() -> OpenAPIConfig:
    return OpenAPIConfig(
        title="Reelworld API",
        version="1.0.0",
        path="/schema",
        description="Social AI video: accounts, invites, follows, guardians, quotas and credits.",
        components=Components(security_schemes={
            "BearerToken": SecurityScheme(type="http", scheme="bearer", description="from /v1/auth/login"),
        }),
    )


def create_app(runtime: Runtime) -> Litestar:
    """The HTTP app around `runtime` (every error answered as application/problem+json)."""
    return Litestar(
        route_handlers=CONTROLLERS,
        dependencies=APP_DEPENDENCIES,
        exception_handlers=EXCEPTION_HANDLERS,
        request_max_body_size=runtime.settings.max_body_bytes,
        openapi_config=openapi_config(),
        state=State({"runtime": runtime}),
        before_send=[echo_request_id],
        middleware=[RequestLog],
        logging_config=None,  # api.logs configures logging (JSON lines) for the process
    )
