"""Errors as RFC 9457 problem details (application/problem+json), and the handlers that make them.

Every error the server sends has `type`, `title`, `status` and `detail`, plus `instance` (the
request path). Validation errors add `errors: [{location, message}]`.
"""

from __future__ import annotations

import logging
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.routing import Match, Route

log = logging.getLogger(__name__)

PROBLEM_JSON = "application/problem+json"
TYPE_PREFIX = "urn:homeagent:problem:"

# slug -> title (titles are fixed per type, as RFC 9457 asks)
TITLES = {
    "bad-request": "The request does not match the API contract",
    "unprocessable": "The request is well formed but cannot be applied",
    "unauthorized": "A valid access token is required",
    "token-expired": "The access token has expired",
    "invalid-credentials": "Unknown username or wrong password",
    "invalid-refresh-token": "The refresh token is unknown, used, revoked or expired",
    "too-many-attempts": "Too many failed sign-in attempts",
    "not-found": "No such resource",
    "method-not-allowed": "Method not allowed on this resource",
    "idempotency-conflict": "This id was already used with a different body",
    "internal": "Internal server error",
}
_SLUG_BY_STATUS = {
    400: "bad-request",
    401: "unauthorized",
    404: "not-found",
    405: "method-not-allowed",
    409: "idempotency-conflict",
    422: "unprocessable",
    429: "too-many-attempts",
}


class ProblemError(Exception):
    """Raised by the server's code; turned into a problem+json response."""

    def __init__(
        self,
        status: int,
        slug: str,
        detail: str,
        *,
        headers: dict[str, str] | None = None,
        extra: dict[str, Any] | None = None,
    ) -> None:
        super().__init__(f"{status} {slug}: {detail}")
        self.status = status
        self.slug = slug
        self.detail = detail
        self.headers = headers or {}
        self.extra = extra or {}


def problem_response(
    request: Request,
    status: int,
    slug: str,
    detail: str,
    *,
    headers: dict[str, str] | None = None,
    extra: dict[str, Any] | None = None,
) -> JSONResponse:
    body: dict[str, Any] = {
        "type": TYPE_PREFIX + slug,
        "title": TITLES.get(slug, "Error"),
        "status": status,
        "detail": detail,
        "instance": request.url.path,
    }
    body.update(extra or {})
    return JSONResponse(body, status_code=status, headers=headers, media_type=PROBLEM_JSON)


def bad_request(detail: str) -> ProblemError:
    return ProblemError(400, "bad-request", detail)


def unprocessable(detail: str) -> ProblemError:
    return ProblemError(422, "unprocessable", detail)


def not_found(detail: str) -> ProblemError:
    return ProblemError(404, "not-found", detail)


def conflict(kind: str, id_: str) -> ProblemError:
    return ProblemError(
        409,
        "idempotency-conflict",
        f"{kind} {id_} was already received with a different body; use a new id for new data",
    )


async def _on_problem(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, ProblemError)
    return problem_response(
        request, exc.status, exc.slug, exc.detail, headers=exc.headers, extra=exc.extra
    )


async def _on_validation(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, RequestValidationError)
    errors: list[dict[str, Any]] = [
        {"location": list(err.get("loc", ())), "message": str(err.get("msg", ""))}
        for err in exc.errors()
    ]
    detail = "invalid request"
    if errors:
        where = ".".join(str(part) for part in errors[0]["location"])
        detail = f"{where}: {errors[0]['message']}" if where else errors[0]["message"]
    return problem_response(request, 400, "bad-request", detail, extra={"errors": errors})


async def _on_http(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, StarletteHTTPException)
    slug = _SLUG_BY_STATUS.get(exc.status_code, "bad-request")
    detail = exc.detail if isinstance(exc.detail, str) else TITLES[slug]
    if exc.status_code == 404 and detail == "Not Found":
        detail = f"no resource at {request.url.path}"
    headers = dict(exc.headers or {})
    if exc.status_code == 405:
        detail = f"{request.method} is not allowed on {request.url.path}"
        headers["Allow"] = _allowed_methods(request)
    return problem_response(request, exc.status_code, slug, detail, headers=headers)


def _allowed_methods(request: Request) -> str:
    """Every method of every route on this path (Starlette names only the first route's)."""
    methods: set[str] = set()
    for route in request.app.router.routes:
        if isinstance(route, Route) and route.methods:
            match, _ = route.matches(request.scope)
            if match != Match.NONE:
                methods |= route.methods
    return ", ".join(sorted(methods))


async def _on_crash(request: Request, exc: Exception) -> JSONResponse:
    log.exception("unhandled error on %s %s", request.method, request.url.path, exc_info=exc)
    return problem_response(request, 500, "internal", "the server failed; see its log")


def install_handlers(app: FastAPI) -> None:
    app.add_exception_handler(ProblemError, _on_problem)
    app.add_exception_handler(RequestValidationError, _on_validation)
    app.add_exception_handler(StarletteHTTPException, _on_http)
    app.add_exception_handler(Exception, _on_crash)
