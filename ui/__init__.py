"""Qt widgets and dialogs of the desktop client, and their front door.

    from ui import ClientApp, open_client

ui/ holds widgets only: it sees desktop/ through `desktop`'s front door, shows the values
the core gives and sends it events (tests/test_layers.py checks both). `ClientApp` joins
the windows to a `desktop.Controller`; `open_client` runs the client on a machine policy
(the `contactpoint` command is `ui.main:main`). One module per window or dialog.

Loaded on first use (PEP 562): importing `ui.no_export` in a test does not build the app.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from ui.app import ClientApp
    from ui.main import open_client

_HOMES = {"ClientApp": "ui.app", "open_client": "ui.main"}

__all__ = ["ClientApp", "open_client"]


def __getattr__(name: str) -> Any:
    home = _HOMES.get(name)
    if home is None:
        raise AttributeError(f"module 'ui' has no attribute {name!r}")
    value = getattr(importlib.import_module(home), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return __all__
