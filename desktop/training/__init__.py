"""The training launcher: the one place that brings `smartcard` and `directory` together
(DESIGN.md 2, 4.1).

    prepare(home, children=, seed=, db_url=, port=, force=) -> Prepared   # fills DIR
    summary(prepared) -> str                                            # for the trainer
    serve_home(home)                                                    # foreground, TLS

Errors: every refusal is a TrainingError (desktop.training.errors draws the hierarchy);
token and SoftHSM failures arrive as smartcard.TokenError.
"""

from __future__ import annotations

from desktop.training.errors import (
    HomeExists,
    HomeInRepository,
    NotAHome,
    ScenarioMissing,
    TrainingError,
)
from desktop.training.layout import Layout
from desktop.training.prepare import (
    DEFAULT_CHILDREN,
    DEFAULT_PORT,
    DEFAULT_SEED,
    Prepared,
    prepare,
)
from desktop.training.serve import serve_home
from desktop.training.summary import summary

__all__ = [
    "DEFAULT_CHILDREN",
    "DEFAULT_PORT",
    "DEFAULT_SEED",
    "HomeExists",
    "HomeInRepository",
    "Layout",
    "NotAHome",
    "Prepared",
    "ScenarioMissing",
    "TrainingError",
    "prepare",
    "serve_home",
    "summary",
]
