"""The directory's HTTP API: `create_app(engine, ApiSettings(...))` and `serve(...)`."""

from __future__ import annotations

from directory.api.app import ApiSettings, create_app

__all__ = ["ApiSettings", "create_app"]
