"""Serve the API over TLS with several uvicorn workers (`contactpoint-directory serve`).

Workers are separate processes that import `app_from_environment`, so the settings travel
in environment variables set by `serve` in the parent. Plain HTTP is refused unless the
address is loopback and the caller asked for it explicitly (development only).
"""

from __future__ import annotations

import dataclasses
import ipaddress
import json
import os

import uvicorn
from fastapi import FastAPI

from directory.api.app import ApiSettings, create_app
from directory.auth import Policy
from directory.database import connect, migrate
from directory.usage_limits import DEFAULT_LIMITS, UsageLimits

ENV_SETTINGS = "CONTACTPOINT_DIRECTORY_SETTINGS"


def app_from_environment() -> FastAPI:
    """The factory each worker calls: one engine (and connection pool) per process."""
    raw = json.loads(os.environ[ENV_SETTINGS])
    settings = ApiSettings(
        origin=raw["origin"],
        trusted_ca_files=tuple(raw["trusted_cas"]),
        policy=Policy(password_required=raw["password_required"]),
        limits=UsageLimits(**raw["limits"]),
    )
    return create_app(connect(raw["db"]), settings)


def settings_for_workers(
    *,
    db: str,
    origin: str,
    trusted_cas: list[str],
    password_required: bool,
    limits: UsageLimits = DEFAULT_LIMITS,
) -> str:
    """What `serve` hands every worker through the environment (app_from_environment)."""
    return json.dumps(
        {
            "db": db,
            "origin": origin,
            "trusted_cas": trusted_cas,
            "password_required": password_required,
            "limits": dataclasses.asdict(limits),
        }
    )


def is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def serve(
    *,
    db: str,
    host: str,
    port: int,
    tls_cert: str | None,
    tls_key: str | None,
    trusted_cas: list[str],
    workers: int,
    origin: str | None = None,
    password_required: bool = False,
    limits: UsageLimits = DEFAULT_LIMITS,
    plain_http_on_loopback: bool = False,
) -> None:
    tls = tls_cert is not None and tls_key is not None
    if not tls and not (plain_http_on_loopback and is_loopback(host)):
        raise ValueError(
            "The directory serves HTTPS: give --tls-cert and --tls-key (plain HTTP is only "
            "for development, on a loopback address, with --plain-http-on-loopback)."
        )
    migrate(connect(db))  # once, in the parent, before any worker takes requests
    os.environ[ENV_SETTINGS] = settings_for_workers(
        db=db,
        origin=origin or f"{'https' if tls else 'http'}://{host}:{port}",
        trusted_cas=trusted_cas,
        password_required=password_required,
        limits=limits,
    )
    uvicorn.run(
        "directory.api.server:app_from_environment",
        factory=True,
        host=host,
        port=port,
        workers=workers,
        ssl_certfile=tls_cert,
        ssl_keyfile=tls_key,
        access_log=False,  # our own access log carries correlation ids and no paths
        server_header=False,
        proxy_headers=False,
    )
