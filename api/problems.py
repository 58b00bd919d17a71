"""RFC 9457 problem details: every error leaves the API as application/problem+json.

Domain errors (social, generation jobs) map by their `kind` to a status; Litestar's own HTTP errors (validation, 404,
405, 413) keep their status with a clear detail, as does a body Litestar cannot decode (not UTF-8,
nested too deeply: 400); ConcurrencyError is a 409; anything else is a
500 with a generic message and no traceback (it is logged, with the request id).
"""

from __future__ import annotations

import logging
from http import HTTPStatus
from typing import Any

import msgspec
from litestar import Request, Response
from litestar.exceptions import HTTPException, ValidationException
from sqlalchemy.exc import DataError

from api.auth import scope_request_id
from events import ConcurrencyError, SubjectForgotten
from generation.jobs import AtCapacity, JobError
from social import QuotaExceeded, SocialError, TooManyAttempts

log = logging.getLogger(__name__)

MEDIA_TYPE = "application/problem+json"

_STATUS_OF_KIND = {
    "invalid": 400,
    "unauthenticated": 401,
    "payment": 402,
    "forbidden": 403,
    "not_found": 404,
    "gone": 410,
    "conflict": 409,
    "busy": 429,
    "quota": 429,
    "unprocessable": 422,
    "unavailable": 503,
}


class Problem(msgspec.Struct, frozen=True, kw_only=True, omit_defaults=True):
    """An RFC 9457 problem document (its own `type` member, so no msgspec tag)."""

    type: str
    title: str
    status: int
    detail: str
    instance: str | None = None
    errors: list[Any] | None = None
    """Field-level messages of a validation failure."""
    resets_at: str | None = None
    """When a quota resets (429)."""
    possible: list[str] | None = None
    """What can be asked instead: what a generation can show (nothing in the prompt could be
    made), or the known models (an unknown one was named); 422."""


def _slug(text: str) -> str:
    return "-".join(text.lower().replace("'", "").split())


def problem_response(
    request: Request, status: int, title: str, detail: str, *, headers: dict[str, str] | None = None,
    **extra: Any,
) -> Response[Problem]:
    body = Problem(
        type=f"urn:reelworld:problem:{_slug(title)}", title=title, status=status, detail=detail,
        instance=request.url.path, **extra,
    )
    return Response(body, status_code=status, media_type=MEDIA_TYPE, headers=headers)


def social_error_handler(request: Request, error: SocialError) -> Response[Problem]:
    status = _STATUS_OF_KIND.get(error.kind, 400)
    headers, extra = None, {}
    if status == 401:
        headers = {"WWW-Authenticate": 'Bearer realm="reelworld"'}
    if isinstance(error, TooManyAttempts):
        headers = {"Retry-After": str(error.retry_after_s)}
    if isinstance(error, QuotaExceeded):
        extra["resets_at"] = error.resets_at.isoformat()
        seconds = max(1, int((error.resets_at - request.app.state.runtime.clock()).total_seconds()))
        headers = {"Retry-After": str(seconds)}
    return problem_response(request, status, error.title, error.detail, headers=headers, **extra)


def job_error_handler(request: Request, error: JobError) -> Response[Problem]:
    possible = getattr(error, "possible", None)  # NothingToGenerate, UnknownModel: what can be asked
    extra = {"possible": list(possible)} if possible is not None else {}
    headers = {"Retry-After": str(error.retry_after_s)} if isinstance(error, AtCapacity) else None
    status = _STATUS_OF_KIND.get(error.kind, 400)
    return problem_response(request, status, error.title, error.detail, headers=headers, **extra)


def http_error_handler(request: Request, error: HTTPException) -> Response[Problem]:
    status = error.status_code
    title = HTTPStatus(status).phrase if status in HTTPStatus._value2member_map_ else "Error"
    if status == 413:
        limit = request.app.state.runtime.settings.max_body_bytes
        return problem_response(request, 413, title, f"the request body is larger than {limit} bytes")
    if isinstance(error, ValidationException):
        return problem_response(
            request, status, "Invalid request body" if status == 400 else title,
            _validation_detail(error), errors=_errors(error.extra),
        )
    if status == 500:
        return _internal(request, error)
    detail = error.detail if error.detail and error.detail != title else f"{title.lower()}: {request.url.path}"
    return problem_response(request, status, title, detail, headers=error.headers)


def _validation_detail(error: ValidationException) -> str:
    errors = _errors(error.extra)
    missing = [e.get("key") for e in errors or [] if isinstance(e, dict)
               and str(e.get("message", "")).startswith("Object missing required field")]
    if len(missing) > 1:
        return "Object missing required fields " + ", ".join(f"`{key}`" for key in missing)
    if errors:
        first = errors[0]
        if isinstance(first, dict) and first.get("message"):
            where = first.get("key") or ""
            if where == "data" and first["message"] == "'data'":  # Litestar's KeyError: no body at all
                return "the request body is empty: send a JSON object"
            shown = where and where != "data" and where not in first["message"]
            return first["message"] + (f" (field {where!r})" if shown else "")
    return error.detail or "the request is not valid"


def _errors(extra: Any) -> list[Any] | None:
    if not extra:
        return None
    return list(extra) if isinstance(extra, list) else [extra]


def concurrency_error_handler(request: Request, error: ConcurrencyError) -> Response[Problem]:
    return problem_response(
        request, 409, "Conflict", "someone changed this at the same moment; read it again and retry"
    )


def forgotten_handler(request: Request, error: SubjectForgotten) -> Response[Problem]:
    return problem_response(request, 404, "Not found", "this account was deleted")


def _internal(request: Request, error: Exception) -> Response[Problem]:
    log.error(
        "unhandled error on %s %s (request %s)", request.method, request.url.path,
        scope_request_id(request.scope), exc_info=error,
    )
    return problem_response(request, 500, "Internal Server Error", "something went wrong on our side")


def internal_error_handler(request: Request, error: Exception) -> Response[Problem]:
    return _internal(request, error)


def _from_body_decoding(error: BaseException) -> bool:
    """Whether `error` was raised by Litestar's JSON decoding of the request body (its
    innermost Python frame is litestar.serialization's decode_json; msgspec itself is C)."""
    tb, frame = error.__traceback__, None
    while tb is not None:
        frame, tb = tb.tb_frame, tb.tb_next
    return frame is not None and frame.f_code.co_name == "decode_json" and (
        "litestar" in frame.f_code.co_filename)


def undecodable_body_handler(request: Request, error: UnicodeDecodeError | RecursionError) -> Response[Problem]:
    """A body that is not UTF-8, or nested too deeply to decode, is the client's error (400);
    the same exceptions raised anywhere else are ours (500)."""
    if not _from_body_decoding(error):
        return _internal(request, error)
    detail = ("the request body is not UTF-8: send JSON encoded as UTF-8"
              if isinstance(error, UnicodeDecodeError) else "the request body's JSON is nested too deeply")
    return problem_response(request, 400, "Invalid request body", detail)


def data_error_handler(request: Request, error: DataError) -> Response[Problem]:
    """PostgreSQL refuses text holding NUL (U+0000), which SQLite takes: whatever input brought
    it this far, it is the client's (400). Any other refused value is ours (500)."""
    if "NUL" in str(error.orig) or "\\u0000" in str(error.orig):
        return problem_response(request, 400, "Invalid input", "text may not contain NUL (U+0000) characters")
    return _internal(request, error)


EXCEPTION_HANDLERS = {
    SocialError: social_error_handler,
    JobError: job_error_handler,
    ConcurrencyError: concurrency_error_handler,
    SubjectForgotten: forgotten_handler,
    HTTPException: http_error_handler,
    UnicodeDecodeError: undecodable_body_handler,
    RecursionError: undecodable_body_handler,
    DataError: data_error_handler,
    Exception: internal_error_handler,
}
