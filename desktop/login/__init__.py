"""The login flow's values: what the PIN dialog is asked to show."""

from __future__ import annotations

from desktop.login.prompt import PinPrompt, TokenChoice

__all__ = ["PinPrompt", "TokenChoice"]
