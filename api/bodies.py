"""What a request body must be before a handler sees it (a before_request hook).

- JSON: a body sent as text/plain, XML or a form is a 415, not parsed as JSON anyway. A body
  without a Content-Type is taken as JSON (the README's curl lines send one; plain HTTP tools
  may not).
- Strictly typed: Litestar converts the body together with the query and path parameters in
  msgspec's lax mode (those are strings by nature), so `"shots": "2"` would pass as 2. The body
  is decoded strictly here first, so a wrong type is a 400 like any other; the parameters keep
  their lax conversion.
- None where a route takes none: a body with fields on such a route is a 400, as an unknown
  field is everywhere else (an empty body or `{}` is fine).
- Decodable: a body that is not JSON at all (malformed, not UTF-8, nested too deeply) is a 400
  that says so, on every route; a route that takes no body would otherwise never read it, and
  act on a request its client got wrong.

- Uploads (a route whose `opt` has `upload`, such as a character's capture) take
  multipart/form-data instead: anything else is a 415, and the form is left to Litestar, which
  streams it under the route's own body limit.

These run after authentication (api.app.admit): on a members' route, a caller without a valid
token gets a 401 whatever its body holds.
"""

from __future__ import annotations

from typing import Any

import re

import msgspec
from litestar import Request
from litestar.exceptions import HTTPException, ValidationException

_BODYLESS_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
_LONE_SURROGATE = re.compile(rb"\\u[dD][89abAB][0-9a-fA-F]{2}(?!\\u[dD][c-fC-F][0-9a-fA-F]{2})"
                             rb"|(?<!\\u[dD][89abAB][0-9a-fA-F]{2})\\u[dD][c-fC-F][0-9a-fA-F]{2}")
"""A JSON \\u escape of half a surrogate pair without its other half: no character."""


class _NoBody(msgspec.Struct, forbid_unknown_fields=True):
    """What a route that takes no body accepts: nothing, or an empty object."""


def _is_json(request: Request) -> bool:
    if "content-type" not in request.headers:
        return True
    media_type = request.content_type[0].lower()
    return media_type == "application/json" or (media_type.startswith("application/") and media_type.endswith("+json"))


def _error_entry(error: msgspec.ValidationError) -> dict[str, str]:
    """Litestar's shape of a field error: {"message", "key", "source"} (key "data": the body)."""
    message, _, where = str(error).partition(" - at `")
    path = where.rstrip("`").removeprefix("$").removeprefix(".")
    return {"message": message, "key": path or "data", "source": "body"}


def _missing_fields(raw: Any, target: Any) -> list[dict[str, str]]:
    """One entry per required field a JSON object leaves out (msgspec names only the first), so
    a client learns every field it forgot at once; [] when none is missing."""
    if not isinstance(raw, dict) or not (isinstance(target, type) and issubclass(target, msgspec.Struct)):
        return []
    return [{"message": f"Object missing required field `{f.encode_name}`", "key": f.encode_name, "source": "body"}
            for f in msgspec.structs.fields(target) if f.required and f.encode_name not in raw]


def undecodable(error: msgspec.DecodeError | UnicodeDecodeError | RecursionError, body: bytes = b"") -> str:
    """Why a body is not JSON, in the client's terms (msgspec says "Input data was truncated"
    for a body that ends too soon, and for half a surrogate pair escaped near its end, such as
    \\ud800, which is no character; it names no body)."""
    if isinstance(error, UnicodeDecodeError):
        return "the request body is not UTF-8: send JSON encoded as UTF-8"
    if isinstance(error, RecursionError):
        return "the request body's JSON is nested too deeply"
    reason = str(error).removeprefix("JSON is malformed: ")
    if reason == "Input data was truncated" and _LONE_SURROGATE.search(body):
        reason = "it holds a \\uD800-\\uDFFF escape without the other half of its surrogate pair (no character)"
    return "the request body is not valid JSON: " + (
        "it ends too soon" if reason == "Input data was truncated" else reason)


async def check_body(request: Request) -> None:
    """Raise 415 for a body that is not JSON (not multipart/form-data on an upload route), 400
    (ValidationException) for one that does not decode as JSON or is of the wrong shape for the route."""
    if request.method in _BODYLESS_METHODS:
        return
    if request.route_handler.opt.get("upload"):
        media_type = request.content_type[0].lower() if "content-type" in request.headers else "nothing"
        if media_type != "multipart/form-data":
            raise HTTPException(status_code=415, detail=(
                f"this route takes an upload as multipart/form-data (a file field named "
                f"'{request.route_handler.opt['upload']}'), not {media_type}"))
        return
    body = await request.body()
    if not body.strip():
        return  # Litestar answers a missing body where one is needed
    if not _is_json(request):
        raise HTTPException(
            status_code=415,
            detail=f"the request body must be JSON (Content-Type: application/json), not {request.content_type[0]}",
        )
    try:
        raw = msgspec.json.decode(body)
    except (msgspec.DecodeError, UnicodeDecodeError, RecursionError) as error:
        raise ValidationException(detail=undecodable(error, body)) from None
    data = request.route_handler.parsed_fn_signature.parameters.get("data")
    target: Any = data.annotation if data is not None else _NoBody
    try:
        msgspec.convert(raw, target, strict=True)
    except msgspec.ValidationError as error:
        missing = str(error).startswith("Object missing required field") and _missing_fields(raw, target)
        entries = missing or [_error_entry(error)]
        if data is None:
            entries[0]["message"] = f"this route takes no request body ({entries[0]['message']})"
        raise ValidationException(detail=entries[0]["message"], extra=entries) from None
