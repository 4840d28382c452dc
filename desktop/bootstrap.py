"""Build the client's core from a machine policy: the PKCS#11 module it names, the
directory client trusting only its CA bundle, and the controller that joins them."""

from __future__ import annotations

from PySide6.QtCore import QObject

from desktop.controller import Controller
from desktop.errors import DesktopError
from desktop.policy import MachinePolicy
from smartcard import TokenError, open_module
from sync import DirectoryClient


class StartupError(DesktopError):
    """The client cannot start on this policy; the message says what to fix."""


def build_controller(policy: MachinePolicy, parent: QObject | None = None) -> Controller:
    """StartupError if the policy's PKCS#11 module or CA bundle cannot be loaded; nothing is
    half-built. The CA bundle also decides which card certificate is the user's."""
    try:
        rules = policy.card_rules()
    except (OSError, ValueError) as exc:
        raise StartupError(
            f"The certificate authorities in {policy.card_authorities} cannot be read: {exc}"
        ) from exc
    try:
        tokens = open_module(policy.pkcs11_module, rules)
    except TokenError as exc:
        raise StartupError(str(exc)) from exc
    client = DirectoryClient(policy.directory_url, verify=str(policy.ca_file))
    return Controller(policy, tokens, client, parent=parent)
