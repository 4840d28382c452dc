"""The login flow's values: what the PIN dialog is asked to show."""

from __future__ import annotations

from desktop.login.prompt import MAX_PIN_LENGTH, PinPrompt, TokenChoice

__all__ = ["MAX_PIN_LENGTH", "PinPrompt", "TokenChoice"]
