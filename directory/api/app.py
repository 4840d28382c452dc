"""The directory's HTTP API (DESIGN.md 3.6): create_app(engine, settings) -> ASGI app."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from sqlalchemy import Engine, text
from sqlalchemy.exc import DataError, OperationalError
from starlette.exceptions import HTTPException

from contract.codes import ErrorCode
from directory.actions.alerts import DEFAULT_TARGET as ALERT_TARGET
from directory.api import (
    actions,
    authentication,
    children,
    errors,
    shapes,
    shields,
    support,
    worklists,
)
from directory.api.middleware import RequestGuard
from directory.auth import Policy, RevocationLists, crl_beside, load_trusted_cas
from directory.errors import DirectoryError
from directory.request_log import RequestLog
from directory.service import Directory
from directory.usage_limits import UsageLimits


@dataclass(frozen=True)
class ApiSettings:
    # scheme://host:port exactly as clients address the directory: signed into every login.
    origin: str
    # The organisations' CAs whose certificates may log in (DESIGN.md 3.7).
    trusted_ca_files: tuple[str, ...]
    policy: Policy = field(default_factory=lambda: Policy(password_required=False))
    # Injected so that tests can run at a fixed instant; production uses the real clock.
    clock: Callable[[], dt.datetime] = field(default=lambda: dt.datetime.now(dt.UTC))
    # Per-user limits on searches and record views (the brake on fishing, DESIGN.md 3.4).
    limits: UsageLimits = field(default_factory=UsageLimits)
    # CRL files of the trusted CAs (PEM or DER), besides the optional one next to each CA
    # file (ca.pem -> ca.crl); each is reloaded when it changes (directory.auth.revocation).
    crl_files: tuple[str, ...] = ()
    # How often, at most, the CRL files are looked at, in seconds.
    crl_check_seconds: float = 1.0
    # How long an alert may stay open before it is past the team's target (DESIGN.md 3.6.1).
    alert_target: dt.timedelta = ALERT_TARGET


def create_app(engine: Engine, settings: ApiSettings) -> FastAPI:
    app = FastAPI(
        title="ContactPoint directory",
        version="1",
        description="The central directory: who is working with a child. JSON over HTTPS.",
        docs_url=None,
        redoc_url=None,
        openapi_url="/v1/openapi.json",
    )
    app.state.engine = engine
    app.state.settings = settings
    app.state.directory = Directory(
        engine,
        today=lambda: settings.clock().date(),
        clock=settings.clock,
        limits=settings.limits,
    )
    app.state.trusted_cas = load_trusted_cas(settings.trusted_ca_files)
    app.state.revocations = RevocationLists(
        app.state.trusted_cas,
        required=settings.crl_files,
        optional=[crl_beside(path) for path in settings.trusted_ca_files],
        check_interval=settings.crl_check_seconds,
    )
    app.add_exception_handler(DirectoryError, errors.on_directory_error)
    app.add_exception_handler(RequestValidationError, errors.on_invalid_body)
    app.add_exception_handler(HTTPException, errors.on_http_error)
    app.add_exception_handler(OperationalError, errors.on_database_unavailable)
    app.add_exception_handler(DataError, errors.on_unstorable_value)
    # Anything else is answered (500, the error shape) and logged by RequestGuard, which
    # sits inside Starlette's ServerErrorMiddleware: that one would log the traceback.
    app.include_router(authentication.router)
    app.include_router(children.router)
    app.include_router(actions.router)
    app.include_router(shields.router)
    app.include_router(worklists.router)
    app.include_router(support.router)

    @app.get("/healthz", response_model=shapes.Health, summary="The process is up")
    def healthz() -> dict[str, str]:
        return {"status": "ok"}

    @app.get("/readyz", response_model=shapes.Health, summary="The database answers")
    def readyz(request: Request) -> JSONResponse:
        try:
            with engine.connect() as conn:
                conn.execute(text("SELECT 1"))
        except Exception:  # any failure at all means not ready
            return errors.error_response(
                request, 503, ErrorCode.NOT_READY, "The database is unavailable."
            )
        return JSONResponse({"status": "ready"})

    app.add_middleware(
        RequestGuard,
        record=RequestLog(engine, settings.clock).write,
        # Probes arrive every few seconds from the load balancer and carry nothing to trace.
        unlogged=frozenset({"/healthz", "/readyz"}),
    )
    return app
