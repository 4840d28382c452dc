"""Serve the API over TLS with several uvicorn workers (`contactpoint-directory serve`).

Workers are separate processes that import `app_from_environment`, so the settings travel
in environment variables set by `serve` in the parent. Plain HTTP is refused unless the
address is loopback and the caller asked for it explicitly (development only).

Logging. uvicorn configures only its own loggers, so without `LOG_CONFIG` the directory's
own (the access log "contactpoint.directory.access", the error log) had no handler and
Python dropped everything below WARNING: `serve`, and `training serve` through it, wrote
no access line at all. LOG_CONFIG sends them and uvicorn's to standard error, and strips
any traceback from every record (NoTracebacks): a traceback's frames can carry request
data, and the directory logs an error's class and correlation id only.
"""

from __future__ import annotations

import dataclasses
import ipaddress
import json
import logging
import os
from collections.abc import Sequence
from typing import Any

import uvicorn
from fastapi import FastAPI

from directory.api.app import ApiSettings, create_app
from directory.api.nodelay import HTTP_PROTOCOL
from directory.auth import Policy
from directory.auth.policy import CHALLENGES_PER_ADDRESS_PER_MINUTE
from directory.database import connect, migrate
from directory.usage_limits import DEFAULT_LIMITS, UsageLimits

ENV_SETTINGS = "CONTACTPOINT_DIRECTORY_SETTINGS"


class NoTracebacks(logging.Filter):
    """Drop a record's traceback and stack, keep its message (module docstring)."""

    def filter(self, record: logging.LogRecord) -> bool:
        record.exc_info = None
        record.exc_text = None
        record.stack_info = None
        return True


LOG_CONFIG: dict[str, Any] = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"no_tracebacks": {"()": NoTracebacks}},
    "formatters": {
        "plain": {"format": "%(asctime)s %(levelname)s %(name)s: %(message)s"},
    },
    "handlers": {
        "stderr": {
            "class": "logging.StreamHandler",
            "stream": "ext://sys.stderr",
            "formatter": "plain",
            "filters": ["no_tracebacks"],
        },
    },
    "loggers": {
        "uvicorn": {"handlers": ["stderr"], "level": "INFO", "propagate": False},
        # Ours carries the route template and correlation id; uvicorn's carries raw paths.
        "uvicorn.access": {"handlers": [], "level": "CRITICAL", "propagate": False},
        "contactpoint": {"handlers": ["stderr"], "level": "INFO", "propagate": False},
    },
}


def app_from_environment() -> FastAPI:
    """The factory each worker calls: one engine (and connection pool) per process."""
    raw = json.loads(os.environ[ENV_SETTINGS])
    settings = ApiSettings(
        origin=raw["origin"],
        trusted_ca_files=tuple(raw["trusted_cas"]),
        policy=Policy(
            password_required=raw["password_required"],
            challenges_per_address_per_minute=raw["challenges_per_address"],
        ),
        crl_files=tuple(raw["crl_files"]),
        limits=UsageLimits(**raw["limits"]),
    )
    return create_app(connect(raw["db"]), settings)


def settings_for_workers(
    *,
    db: str,
    origin: str,
    trusted_cas: list[str],
    password_required: bool,
    crl_files: Sequence[str] = (),
    challenges_per_address: int = CHALLENGES_PER_ADDRESS_PER_MINUTE,
    limits: UsageLimits = DEFAULT_LIMITS,
) -> str:
    """What `serve` hands every worker through the environment (app_from_environment)."""
    return json.dumps(
        {
            "db": db,
            "origin": origin,
            "trusted_cas": trusted_cas,
            "password_required": password_required,
            "crl_files": list(crl_files),
            "challenges_per_address": challenges_per_address,
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
    crl_files: Sequence[str] = (),
    challenges_per_address: int = CHALLENGES_PER_ADDRESS_PER_MINUTE,
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
        crl_files=crl_files,
        challenges_per_address=challenges_per_address,
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
        log_config=LOG_CONFIG,
        server_header=False,
        proxy_headers=False,
        http=HTTP_PROTOCOL,  # TCP_NODELAY on every connection: directory.api.nodelay
    )
