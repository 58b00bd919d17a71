"""RFC 9457 problem details: every error leaves the API as application/problem+json.

Domain errors (social, generation jobs, characters, review) map by their `kind` to a status;
Litestar's own HTTP errors (validation, 404, 405, 413) keep their status with a clear detail,
titled by where the bad value is (body, query, header); a body that is not JSON at all is refused
by api.bodies before Litestar reads it (400); ConcurrencyError is a 409; anything else is a 500
with a generic message and no traceback (it is logged, with the request id).
"""

from __future__ import annotations

import logging
from datetime import datetime
from http import HTTPStatus
from typing import Any

import msgspec
from litestar import Request, Response
from litestar.exceptions import HTTPException, ValidationException
from sqlalchemy.exc import DataError

from api.auth import scope_request_id
from events import ConcurrencyError, SubjectForgotten
from generation.jobs import JobError
from recsys.errors import FeedError
from safety.likeness import LikenessError, UnknownHandles
from safety.review import ReviewError
from social import QuotaExceeded, SocialError

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
    "too_large": 413,
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
    resets_at: datetime | None = None
    """When a quota resets (429); written as every other time of the API is (UTC, `Z`)."""
    possible: list[str] | None = None
    """What can be asked instead: what a generation can show (nothing in the prompt could be
    made), or the known models (an unknown one was named); 422."""
    unknown: list[str] | None = None
    """The handles no member has, where a request named some (a character's approved handles); 422."""
    appeal_id: str | None = None
    """The appeal a generation already has, where it was appealed again; 409."""
    report_id: str | None = None
    """The member's report of a video, where they reported it again; 409."""


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


DomainError = SocialError | JobError | LikenessError | ReviewError | FeedError


def domain_error_handler(request: Request, error: DomainError) -> Response[Problem]:
    """A domain's error (social, generation jobs, characters, review) as a problem: the status its
    `kind` maps to; Retry-After where it says how long to wait (`retry_after_s`; a used quota:
    until it resets); WWW-Authenticate with a 401; and what it names beside its words (what can
    be asked instead, the unknown handles, the appeal a generation or the report a video has already)."""
    status = _STATUS_OF_KIND.get(error.kind, 400)
    headers, extra = None, {}
    if status == 401:
        headers = {"WWW-Authenticate": 'Bearer realm="reelworld"'}
    if (wait := getattr(error, "retry_after_s", None)) is not None:  # TooManyAttempts, AtCapacity, TooManyCaptures
        headers = {"Retry-After": str(wait)}
    if isinstance(error, QuotaExceeded):
        extra["resets_at"] = error.resets_at
        seconds = max(1, int((error.resets_at - request.app.state.runtime.clock()).total_seconds()))
        headers = {"Retry-After": str(seconds)}
    if (possible := getattr(error, "possible", None)) is not None:  # NothingToGenerate, UnknownModel
        extra["possible"] = list(possible)
    if isinstance(error, UnknownHandles):
        extra["unknown"] = list(error.handles)
    if (appeal_id := getattr(error, "appeal_id", None)) is not None:  # AlreadyAppealed
        extra["appeal_id"] = appeal_id
    if (report_id := getattr(error, "report_id", None)) is not None:  # AlreadyReported
        extra["report_id"] = report_id
    return problem_response(request, status, error.title, error.detail, headers=headers, **extra)


def _status_title(status: int) -> str:
    """The status's phrase in sentence case ("Not found"), as the domain's titles are: one problem
    type (`...:not-found`) keeps one title whether Litestar or the domain raised it (RFC 9457 3.1.3)."""
    phrase = HTTPStatus(status).phrase if status in HTTPStatus._value2member_map_ else "Error"
    return phrase[:1] + phrase[1:].lower()


def http_error_handler(request: Request, error: HTTPException) -> Response[Problem]:
    status = error.status_code
    title = _status_title(status)
    if status == 413:  # the route's own limit where it sets one (an upload's), and its words for it
        handler = request.scope.get("route_handler")
        limit = (handler.resolve_request_max_body_size() if handler is not None else None) \
            or request.app.state.runtime.settings.max_body_bytes
        detail = getattr(handler, "opt", {}).get("too_large") or f"the request body is larger than {limit} bytes"
        return problem_response(request, 413, title, detail)
    if isinstance(error, ValidationException):
        return _validation_problem(request, error, title)
    if status == 500:
        return _internal(request, error)
    given = error.detail and error.detail.lower() != title.lower()  # Litestar's default detail is the phrase
    detail = error.detail if given else f"{title.lower()}: {request.url.path}"
    return problem_response(request, status, title, detail, headers=error.headers)


_NOUN_OF_SOURCE = {"query": "query parameter", "header": "header", "path": "path parameter", "body": "field"}
"""What a bad value is called, by where Litestar found it (its `source`); a body's is a field."""


def _validation_problem(request: Request, error: ValidationException, title: str) -> Response[Problem]:
    """A 400 of Litestar's parsing or of api.bodies, titled by where the bad value is (a client
    told "Invalid request body" about its query looks in the wrong place); a bad header is named
    as the client sends it and said by its rule."""
    errors = _errors(error.extra)
    first = errors[0] if errors and isinstance(errors[0], dict) else {}
    if error.status_code == 400:
        noun = _NOUN_OF_SOURCE.get(first.get("source"), "field")
        title = "Invalid request body" if noun == "field" else f"Invalid {noun}"
    detail = _header_detail(request, first) if first.get("source") == "header" else _validation_detail(error)
    return problem_response(request, error.status_code, title, detail, errors=errors)


def _header_detail(request: Request, entry: dict[str, Any]) -> str:
    """Litestar names a bad header by the handler's argument (`idempotency_key`) and by msgspec's
    constraint (a regex); say the header's own name and, where the parameter has one, its
    description. Renames the entry's key to the header's name too."""
    parameter = request.route_handler.parsed_fn_signature.parameters.get(entry.get("key", ""))
    definition = parameter.kwarg_definition if parameter is not None else None
    entry["key"] = getattr(definition, "header", None) or entry.get("key")
    rule = getattr(definition, "description", None) or entry.get("message")
    return f"the {entry['key']} header is not valid: {rule}"


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
            noun = _NOUN_OF_SOURCE.get(first.get("source"), "field")
            return first["message"] + (f" ({noun} {where!r})" if shown else "")
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
    return problem_response(request, 500, _status_title(500), "something went wrong on our side")


def internal_error_handler(request: Request, error: Exception) -> Response[Problem]:
    return _internal(request, error)


def data_error_handler(request: Request, error: DataError) -> Response[Problem]:
    """PostgreSQL refuses text holding NUL (U+0000), which SQLite takes: whatever input brought
    it this far, it is the client's (400). Any other refused value is ours (500)."""
    if "NUL" in str(error.orig) or "\\u0000" in str(error.orig):
        return problem_response(request, 400, "Invalid input", "text may not contain NUL (U+0000) characters")
    return _internal(request, error)


EXCEPTION_HANDLERS = {
    SocialError: domain_error_handler,
    JobError: domain_error_handler,
    LikenessError: domain_error_handler,
    ReviewError: domain_error_handler,
    FeedError: domain_error_handler,
    ConcurrencyError: concurrency_error_handler,
    SubjectForgotten: forgotten_handler,
    HTTPException: http_error_handler,
    DataError: data_error_handler,
    Exception: internal_error_handler,
}
