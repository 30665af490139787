"""The HTTP API, ``/v1``: enrol a laptop, push, pull, health. OpenAPI at ``/openapi.json``.

Every refusal is a 4xx with a ``Problem`` body (a code and a plain reason); bodies are limited in
size; sign-in is rate-limited. Nothing personal is logged: requests are logged by route and status.
"""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator, Iterator
from contextlib import asynccontextmanager, contextmanager
from typing import Annotated, Any

import anyio.to_thread
from fastapi import Depends, FastAPI, Query, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from sqlalchemy import Connection, Engine
from sqlalchemy.exc import IntegrityError, OperationalError
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.responses import Response
from starlette.types import ASGIApp, Receive, Scope, Send

from linkworker import __version__
from linkworker.server import accounts, records
from linkworker.server.db import READ_ONLY
from linkworker.server.ratelimit import SignInLimiter
from linkworker.sync.protocol import (
    MAX_PAGE,
    PROTOCOL_VERSION,
    EnrolRequest,
    EnrolResponse,
    Health,
    OpResult,
    Problem,
    PullPage,
    PushRequest,
    PushResponse,
)

log = logging.getLogger("linkworker.server")
THREADS = 8
MAX_BODY = 8 * 1024 * 1024  # a full batch of 1,000 ops is far below this

PROBLEMS: dict[int | str, dict[str, Any]] = {
    400: {"model": Problem, "description": "The request cannot be understood"},
    401: {"model": Problem, "description": "Not signed in, or the device is not enrolled"},
    403: {"model": Problem, "description": "Not allowed for this device"},
    411: {"model": Problem, "description": "The body has no Content-Length"},
    413: {"model": Problem, "description": "The request body is too large"},
    422: {"model": Problem, "description": "The request is not valid"},
    429: {"model": Problem, "description": "Too many sign-in attempts"},
    503: {"model": Problem, "description": "The server is busy; nothing was saved, try again"},
}


class Refusal(Exception):
    def __init__(
        self, status: int, code: str, detail: str, headers: dict[str, str] | None = None,
        extra: dict[str, Any] | None = None,
    ) -> None:  # fmt: skip
        super().__init__(detail)
        self.status = status
        self.code = code
        self.detail = detail
        self.headers = headers
        self.extra = extra or {}


def _problem(status: int, code: str, detail: str, **extra: Any) -> JSONResponse:
    return JSONResponse({"code": code, "detail": detail, **extra}, status_code=status)


async def _bearer(request: Request) -> str:
    """The device token from the Authorization header. It is checked in the request's own
    transaction (``_signed_in``): one database connection per request, not two."""
    header = request.headers.get("authorization", "")
    scheme, _, token = header.partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        raise Refusal(401, "not_signed_in", "Send the device token as 'Authorization: Bearer'.")
    return token.strip()


def _signed_in(conn: Connection, token: str) -> records.Caller:
    """The device behind the token, refused with the reason if it may not sync."""
    try:
        return accounts.authenticate(conn, token)
    except accounts.DeviceRefused as exc:
        status = 401 if exc.code == "unknown_token" else 403
        raise Refusal(status, exc.code, exc.detail) from None


Token = Annotated[str, Depends(_bearer)]


class BodyLimit:
    """Refuses a body over ``MAX_BODY`` (413) or without a Content-Length (411), unread.

    Plain ASGI, not ``@app.middleware("http")``: that wraps every response in a stream and a
    task of its own, a cost every sync request paid."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http":
            refusal = self._refusal(scope)
            if refusal is not None:
                await refusal(scope, receive, send)
                return
        await self.app(scope, receive, send)

    @staticmethod
    def _refusal(scope: Scope) -> Response | None:
        length: str | None = None
        for name, value in scope["headers"]:
            if name == b"content-length":
                length = value.decode("latin-1")
                break
        if length is not None:
            if not (length.isascii() and length.isdigit()):
                return _problem(400, "bad_length", "The Content-Length header is not a number.")
            if int(length) > MAX_BODY:
                return _problem(413, "too_large", f"Requests are limited to {MAX_BODY} bytes.")
        elif scope["method"] in ("POST", "PUT", "PATCH"):
            return _problem(411, "length_required", "Send a Content-Length with the body.")
        return None


def create_app(
    engine: Engine, limiter: SignInLimiter | None = None, threads: int = THREADS
) -> FastAPI:
    """``threads``: requests worked on at once (each holds a database connection meanwhile)."""

    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        # Requests run in anyio's worker threads, 40 by default. On two cores, forty requests
        # taking turns at the GIL (and at SQLite's one writer) finish later than eight working
        # through a queue: the slowest request is what a laptop feels.
        anyio.to_thread.current_default_thread_limiter().total_tokens = threads
        yield

    app = FastAPI(
        lifespan=lifespan,
        title="Linkworker server",
        version=__version__,
        description="Sync for Linkworker laptops. Protocol version "
        f"{PROTOCOL_VERSION}; see DESIGN.md section 5.",
    )
    limiter = limiter or SignInLimiter()
    readers = engine.execution_options(**{READ_ONLY: True})
    if engine.dialect.name == "postgresql":
        readers = readers.execution_options(isolation_level="REPEATABLE READ")

    @contextmanager
    def writing() -> Iterator[Connection]:
        with engine.begin() as conn:
            yield conn

    @contextmanager
    def reading() -> Iterator[Connection]:
        with readers.begin() as conn:
            yield conn

    app.add_middleware(BodyLimit)

    @app.exception_handler(Refusal)
    async def refused(_request: Request, exc: Refusal) -> JSONResponse:
        response = _problem(exc.status, exc.code, exc.detail, **exc.extra)
        if exc.headers:
            response.headers.update(exc.headers)
        return response

    @app.exception_handler(RequestValidationError)
    async def invalid(_request: Request, exc: RequestValidationError) -> JSONResponse:
        first = exc.errors()[0] if exc.errors() else {}
        where = ".".join(str(p) for p in first.get("loc", ()) if p != "body")
        reason = str(first.get("msg", "invalid"))
        detail = f"{where}: {reason}" if where else reason
        return _problem(422, "invalid", f"The request is not valid: {detail}"[:500])

    @app.exception_handler(OperationalError)
    @app.exception_handler(IntegrityError)
    async def busy(_request: Request, exc: OperationalError | IntegrityError) -> JSONResponse:
        """The database is locked, overloaded or unreachable: not the laptop's fault, and
        nothing was saved. Said as a 503 with a time to come back, which laptops retry."""
        log.warning("database unavailable: %s", type(exc.orig).__name__)
        response = _problem(
            503, "busy", "The server is busy or its database is unavailable; nothing was saved. "
            "Try again shortly.",
        )  # fmt: skip
        response.headers["Retry-After"] = "5"
        return response

    @app.exception_handler(StarletteHTTPException)
    async def http_error(_request: Request, exc: StarletteHTTPException) -> JSONResponse:
        codes = {404: "not_found", 405: "method_not_allowed"}
        response = _problem(exc.status_code, codes.get(exc.status_code, "error"), str(exc.detail))
        if exc.headers:  # a 405's Allow, which HTTP requires
            response.headers.update(exc.headers)
        return response

    def check_protocol(version: int) -> None:
        if version != PROTOCOL_VERSION:
            raise Refusal(
                400, "protocol_version",
                f"This server speaks protocol {PROTOCOL_VERSION}; update Linkworker on the laptop.",
            )  # fmt: skip

    @app.get("/v1/health", response_model=Health)
    def health() -> Health:
        return Health(version=__version__)

    @app.post("/v1/enrol", response_model=EnrolResponse, responses=PROBLEMS)
    def enrol(body: EnrolRequest, request: Request) -> EnrolResponse:
        check_protocol(body.protocol)
        user_key = "user:" + body.username.strip().lower()
        addr_key = "addr:" + (request.client.host if request.client else "?")
        wait = limiter.retry_after(user_key, addr_key)
        if wait:
            raise Refusal(
                429, "too_many_attempts",
                f"Too many sign-in attempts. Try again in {wait} seconds.",
                headers={"Retry-After": str(wait)},
            )  # fmt: skip
        try:
            with writing() as conn:
                done = accounts.enrol(
                    conn, body.username, body.password, body.device_id, body.device_name
                )
        except accounts.SignInRefused:
            limiter.failed(user_key, addr_key)
            raise Refusal(
                401, "sign_in_refused", "That username and password do not match."
            ) from None
        except accounts.DeviceRefused as exc:
            raise Refusal(403, exc.code, exc.detail) from None
        limiter.succeeded(user_key)
        log.info("device enrolled")
        return done

    def _push_once_more_if_raced(token: str, body: PushRequest) -> list[OpResult]:
        """Two laptops creating one record at the same moment (the same id) can only meet at
        the insert; the second batch is then merged again, into what the first wrote."""
        for attempt in (1, 2):
            try:
                with writing() as conn:
                    return records.push(conn, _signed_in(conn, token), body.ops)
            except IntegrityError:
                if attempt == 2:
                    raise
        raise AssertionError("unreachable")

    @app.post("/v1/push", response_model=PushResponse, responses=PROBLEMS)
    def push(body: PushRequest, token: Token) -> PushResponse:
        check_protocol(body.protocol)
        try:
            results = _push_once_more_if_raced(token, body)
        except records.OutOfScope as exc:
            raise Refusal(
                403, "out_of_scope",
                f"{len(exc.op_ids)} of these changes are for records your team does not hold; "
                "nothing in this batch was saved.",
                extra={"refused": exc.op_ids},
            ) from None  # fmt: skip
        return PushResponse(results=results)

    @app.get("/v1/pull", response_model=PullPage, responses=PROBLEMS)
    def pull(
        token: Token,
        cursor: Annotated[int, Query(ge=0, le=2**53)] = 0,
        limit: Annotated[int, Query(ge=1, le=MAX_PAGE)] = MAX_PAGE,
        count: bool = False,
    ) -> Response:
        with reading() as conn:
            body = records.pull_json(conn, _signed_in(conn, token), cursor, limit, count)
        # Spliced from the stored records (the response model documents it; decoding and
        # checking thousands of stored records again on the way out would be most of the cost).
        return Response(body, media_type="application/json")

    return app
