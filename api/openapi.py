"""The OpenAPI document: its config, the error responses each route declares, an offline page.

Every error leaves as an RFC 9457 problem document (api.problems.Problem), so a route declares
its error statuses with `responses=problems(401, 404, ...)`: one shared set of response specs,
each with the problem+json body. Litestar's ResponseSpec carries no headers, so
`document_problem_headers` adds the ones that come with some statuses (Retry-After with a 429,
WWW-Authenticate with a 401, Content-Range with a 206 or 416) once the document is built.
"""

from __future__ import annotations

from html import escape
from typing import Any

from litestar import Litestar, Request, Response, Router
from litestar.exceptions import NotFoundException
from litestar.openapi import OpenAPIConfig, ResponseSpec
from litestar.openapi.plugins import JsonRenderPlugin, OpenAPIRenderPlugin, SwaggerRenderPlugin, YamlRenderPlugin
from litestar.openapi.spec import Components, OpenAPIHeader, OpenAPIResponse, OpenAPIType, Schema, SecurityScheme

from api.problems import MEDIA_TYPE, Problem

_PROBLEM_DESCRIPTIONS = {
    400: "Invalid input: a body that is not valid JSON, a wrong type, a missing or unknown field, a value "
         "out of range, or a rule of the domain (`errors` lists field-level messages)",
    401: "No valid bearer token (missing, unknown, revoked or expired), or wrong credentials",
    402: "The payment was declined; nothing was charged or credited",
    403: "Not allowed for this member (age, role or allowance)",
    404: "No such resource, or not one this member may see",
    409: "A conflict with the current state (taken, already done, changed concurrently, a reused key)",
    410: "The resource is gone (deleted)",
    413: "The request body is larger than the server accepts (REELWORLD_MAX_BODY_BYTES; an upload: its own limit)",
    415: "The request body is not JSON: send `Content-Type: application/json` (an upload: `multipart/form-data`)",
    416: "The requested range lies outside the media; Content-Range gives its size",
    422: "Understood but cannot be made; `possible` lists what can be asked instead (`unknown`: handles no member has)",
    429: "Too many requests or today's quota is used; Retry-After says when to try again (`resets_at` for a quota)",
    503: "A dependency (the database, a model) is unavailable right now",
}

PROBLEMS: dict[int, ResponseSpec] = {
    status: ResponseSpec(data_container=Problem, media_type=MEDIA_TYPE, description=text, generate_examples=False)
    for status, text in _PROBLEM_DESCRIPTIONS.items()
}
"""The error responses a route may declare, by status, each an application/problem+json body."""

BODY_PROBLEMS = (400, 413, 415)
"""What any route that reads a JSON body can answer (a route that takes none answers 400 to one)."""

_HEADERS = {
    "429": {"Retry-After": ("seconds to wait before trying again", Schema(type=OpenAPIType.INTEGER, minimum=1))},
    "401": {"WWW-Authenticate": ("the scheme to authenticate with: Bearer", Schema(type=OpenAPIType.STRING))},
    "416": {"Content-Range": ("`bytes */SIZE`: the media's size", Schema(type=OpenAPIType.STRING))},
    "206": {"Content-Range": ("`bytes FIRST-LAST/SIZE`: the part sent", Schema(type=OpenAPIType.STRING))},
}


def problems(*statuses: int) -> dict[int | str, ResponseSpec]:
    """The shared response specs of `statuses` (each a key of PROBLEMS), for a route's
    `responses=`. Raises KeyError for a status no route answers with a problem document."""
    return {status: PROBLEMS[status] for status in sorted(set(statuses))}


def document_problems(app: Litestar) -> None:
    """on_startup hook: finish the error responses of the OpenAPI document. Litestar adds a 400
    of its own shape ({status_code, detail, extra}) to every route with parameters; every error
    this API answers is declared with `problems()`, so any other error response goes. And the
    headers that come with some statuses are added (ResponseSpec cannot declare headers)."""
    for item in (app.openapi_schema.paths or {}).values():
        for method in ("get", "head", "post", "put", "patch", "delete"):
            operation = getattr(item, method)
            if operation is None or not operation.responses:
                continue
            for status, response in list(operation.responses.items()):
                if not isinstance(response, OpenAPIResponse):
                    continue
                if int(status) >= 400 and MEDIA_TYPE not in (response.content or {}):
                    del operation.responses[status]
                elif status in _HEADERS:
                    added = {name: OpenAPIHeader(description=text, schema=schema)
                             for name, (text, schema) in _HEADERS[status].items()}
                    response.headers = {**(response.headers or {}), **added}


class ReferencePage(OpenAPIRenderPlugin):
    """A plain HTML page of every operation, its body and its responses, rendered on the server:
    no script and nothing from a CDN, so it reads offline (Swagger UI, at /schema/swagger, loads
    its assets from a CDN)."""

    def render(self, request: Request, openapi_schema: dict[str, Any]) -> bytes:
        info = openapi_schema.get("info", {})
        rows = []
        for path, item in openapi_schema.get("paths", {}).items():
            for method, op in item.items():
                if not isinstance(op, dict) or "responses" not in op:
                    continue
                body = op.get("requestBody", {}).get("content", {}).get("application/json", {}).get("schema", {})
                statuses = ", ".join(op["responses"])
                rows.append(
                    f"<tr><td><code>{escape(method.upper())} {escape(path)}</code></td>"
                    f"<td>{escape(op.get('description') or op.get('summary') or '')}</td>"
                    f"<td>{escape(body.get('$ref', '').rsplit('/', 1)[-1])}</td><td>{escape(statuses)}</td></tr>"
                )
        json_url = escape(self.get_openapi_json_route(request))
        return (
            f"<!doctype html><html><head><meta charset='utf-8'><title>{escape(info.get('title', ''))}</title>"
            "<style>body{font-family:sans-serif;margin:2em}td{border-top:1px solid #ccc;padding:.3em;"
            "vertical-align:top}</style></head><body>"
            f"<h1>{escape(info.get('title', ''))} {escape(info.get('version', ''))}</h1>"
            f"<p>{escape(info.get('description', ''))}</p>"
            f"<p>The full document: <a href='{json_url}'>openapi.json</a>, "
            f"<a href='{json_url[:-4]}yaml'>openapi.yaml</a>"
            " (schemas of every body, field limits, error bodies).</p>"
            "<table><tr><th>operation</th><th>what it does</th><th>body</th><th>statuses</th></tr>"
            + "".join(rows) + "</table></body></html>"
        ).encode()


def _schema_not_found_as_problem(response: Response) -> Response:
    """Litestar answers an unknown path under /schema with an HTML page of its own; raise
    instead, so that it leaves as a problem document like every other 404."""
    if response.status_code == 404:
        raise NotFoundException(
            "no such schema document: try /schema (a page), /schema/openapi.json, /schema/openapi.yaml or /schema/swagger"
        )
    return response


DESCRIPTION = (
    "Social AI video: accounts, invites, follows, guardians, quotas and credits, characters (members' "
    "likenesses, used with their leave), generations and videos. "
    "Every error is an RFC 9457 problem document (application/problem+json: type, title, status, detail, "
    "instance, and errors for field-level messages); each operation lists the statuses it can answer with. "
    "Any route also answers 405 to a method it does not take, and 500 for a fault of ours."
)


def openapi_config() -> OpenAPIConfig:
    return OpenAPIConfig(
        title="Reelworld API",
        version="1.0.0",
        path="/schema",
        openapi_router=Router("/schema", route_handlers=[], include_in_schema=False,
                              after_request=_schema_not_found_as_problem),
        render_plugins=[
            ReferencePage(path=["/", "/docs"]), JsonRenderPlugin(), YamlRenderPlugin(), SwaggerRenderPlugin(),
        ],
        description=DESCRIPTION,
        use_handler_docstrings=True,
        components=Components(security_schemes={
            "BearerToken": SecurityScheme(type="http", scheme="bearer", description="from /v1/auth/login"),
        }),
    )
