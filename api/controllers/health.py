"""/healthz: the process is up and its database answers."""

from __future__ import annotations

from litestar import get
from litestar.exceptions import ServiceUnavailableException
from sqlalchemy import text

from api.openapi import problems
from api.runtime import Runtime
from api.schemas import HealthResponse


@get("/healthz", tags=["health"], sync_to_thread=True, responses=problems(503))
def health(runtime: Runtime) -> HealthResponse:
    """200 when the database answers a query; 503 problem details otherwise."""
    try:
        with runtime.store.engine.connect() as conn:
            conn.execute(text("SELECT 1"))
    except Exception as error:  # noqa: BLE001 - any database failure means unhealthy
        raise ServiceUnavailableException(detail=f"the database does not answer: {type(error).__name__}") from None
    return HealthResponse(status="ok", database=runtime.store.engine.dialect.name)
