"""The instant a request is handled at: the app's clock (ApiSettings.clock), injected so
that tests run at a fixed time."""

from __future__ import annotations

import datetime as dt

from fastapi import Request


def request_now(request: Request) -> dt.datetime:
    now: dt.datetime = request.app.state.settings.clock()
    return now
