"""The desktop client's application core, and its front door: what ui/ may use.

    from desktop import Controller, MachinePolicy, Problem, RecordModel, ...

desktop/ holds no widget: the session machine (desktop.session) and the override flow
(desktop.override) decide, the controller's parts execute what they decide
(desktop.controller builds them: session_driver, session_steps, directory_front,
directory_work, cache_lifecycle, busy), and the windows in ui/ show plain values
(records, requests, search_form, settings, identity, problems) and send events. ui/
imports only from here (tests/test_layers.py checks it); the implementation modules are
for desktop/ itself and its tests. Every error the core defines derives from
`DesktopError` (desktop.errors draws the tree).

The names are loaded on first use (PEP 562), so that `import desktop.policy` in a
directory worker or a command-line tool does not pull in Qt and the whole client.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from desktop import cli
    from desktop.bootstrap import StartupError, build_controller
    from desktop.controller import Controller
    from desktop.diagnostics import Report
    from desktop.errors import DesktopError
    from desktop.identity import DirectoryStatus, SignedInUser
    from desktop.login import MAX_PIN_LENGTH, PinPrompt
    from desktop.management.action_request import Action, ActionRequest, ItemKind
    from desktop.management.controller import WorkspaceController
    from desktop.management.drafts import (
        ALERT_OUTCOMES,
        ALERT_STEPS,
        DECISIONS,
        AlertStepDraft,
        DecisionDraft,
        ShieldStepDraft,
    )
    from desktop.management.flow import WorkspaceFlow
    from desktop.management.history_flow import HistoryFlow
    from desktop.management.items import (
        AccessEntry,
        Alert,
        Page,
        RequestKind,
        ShieldReasonItem,
        ShieldStatus,
        WorkRequest,
    )
    from desktop.management.lists import WORKLISTS, ListKey, lists_for
    from desktop.operations import Operation
    from desktop.override.flow import JustificationRequest, OverrideController, OverrideFlow
    from desktop.pin_change import PinChangeRequest
    from desktop.platform import CaptureProtection, exclude_from_capture
    from desktop.policy import MachinePolicy, UserSettings, read_user_settings
    from desktop.policy.user_file import UserValue
    from desktop.problems import Problem
    from desktop.records import (
        Address,
        Authority,
        Carer,
        Involvement,
        Organisation,
        RecordLevel,
        RecordModel,
        ResultRow,
        SearchOutcome,
        Shield,
        wording,
    )
    from desktop.requests import (
        CONSENT_BASES,
        SHIELD_REASONS,
        CeaseDraft,
        ContactDraft,
        InvolvementDraft,
        JustificationRule,
        OverrideDraft,
        OverrideReason,
        ShieldDraft,
    )
    from desktop.search_form import GENDERS, FormProblem, SearchForm
    from desktop.settings import CONNECTION, SettingsModel, SettingView, with_user_settings

_HOMES: dict[str, str] = {
    "StartupError": "desktop.bootstrap",
    "build_controller": "desktop.bootstrap",
    "Controller": "desktop.controller",
    "Report": "desktop.diagnostics",
    "DesktopError": "desktop.errors",
    "DirectoryStatus": "desktop.identity",
    "SignedInUser": "desktop.identity",
    "PinPrompt": "desktop.login",
    "MAX_PIN_LENGTH": "desktop.login",
    "PinChangeRequest": "desktop.pin_change",
    "Operation": "desktop.operations",
    "Action": "desktop.management.action_request",
    "ActionRequest": "desktop.management.action_request",
    "ItemKind": "desktop.management.action_request",
    "ALERT_OUTCOMES": "desktop.management.drafts",
    "ALERT_STEPS": "desktop.management.drafts",
    "DECISIONS": "desktop.management.drafts",
    "AlertStepDraft": "desktop.management.drafts",
    "DecisionDraft": "desktop.management.drafts",
    "ShieldStepDraft": "desktop.management.drafts",
    "AccessEntry": "desktop.management.items",
    "Alert": "desktop.management.items",
    "Page": "desktop.management.items",
    "RequestKind": "desktop.management.items",
    "ShieldReasonItem": "desktop.management.items",
    "ShieldStatus": "desktop.management.items",
    "WorkRequest": "desktop.management.items",
    "WorkspaceController": "desktop.management.controller",
    "WorkspaceFlow": "desktop.management.flow",
    "HistoryFlow": "desktop.management.history_flow",
    "WORKLISTS": "desktop.management.lists",
    "ListKey": "desktop.management.lists",
    "lists_for": "desktop.management.lists",
    "JustificationRequest": "desktop.override.flow",
    "OverrideController": "desktop.override.flow",
    "OverrideFlow": "desktop.override.flow",
    "CaptureProtection": "desktop.platform",
    "exclude_from_capture": "desktop.platform",
    "MachinePolicy": "desktop.policy",
    "UserSettings": "desktop.policy",
    "read_user_settings": "desktop.policy",
    "UserValue": "desktop.policy.user_file",
    "Problem": "desktop.problems",
    "Address": "desktop.records",
    "Authority": "desktop.records",
    "Carer": "desktop.records",
    "Involvement": "desktop.records",
    "Organisation": "desktop.records",
    "RecordLevel": "desktop.records",
    "RecordModel": "desktop.records",
    "ResultRow": "desktop.records",
    "SearchOutcome": "desktop.records",
    "Shield": "desktop.records",
    "wording": "desktop.records",
    "CONSENT_BASES": "desktop.requests",
    "CeaseDraft": "desktop.requests",
    "ContactDraft": "desktop.requests",
    "InvolvementDraft": "desktop.requests",
    "JustificationRule": "desktop.requests",
    "OverrideDraft": "desktop.requests",
    "OverrideReason": "desktop.requests",
    "SHIELD_REASONS": "desktop.requests",
    "ShieldDraft": "desktop.requests",
    "FormProblem": "desktop.search_form",
    "GENDERS": "desktop.search_form",
    "SearchForm": "desktop.search_form",
    "CONNECTION": "desktop.settings",
    "SettingView": "desktop.settings",
    "SettingsModel": "desktop.settings",
    "with_user_settings": "desktop.settings",
}
_MODULES = frozenset({"cli"})  # submodules the front door hands out whole

__all__ = [
    "ALERT_OUTCOMES",
    "ALERT_STEPS",
    "CONNECTION",
    "CONSENT_BASES",
    "DECISIONS",
    "GENDERS",
    "MAX_PIN_LENGTH",
    "SHIELD_REASONS",
    "WORKLISTS",
    "AccessEntry",
    "Action",
    "ActionRequest",
    "Address",
    "Alert",
    "AlertStepDraft",
    "Authority",
    "CaptureProtection",
    "Carer",
    "CeaseDraft",
    "ContactDraft",
    "Controller",
    "DecisionDraft",
    "DesktopError",
    "DirectoryStatus",
    "FormProblem",
    "HistoryFlow",
    "Involvement",
    "InvolvementDraft",
    "ItemKind",
    "JustificationRequest",
    "JustificationRule",
    "ListKey",
    "MachinePolicy",
    "Operation",
    "Organisation",
    "OverrideController",
    "OverrideDraft",
    "OverrideFlow",
    "OverrideReason",
    "Page",
    "PinChangeRequest",
    "PinPrompt",
    "Problem",
    "RecordLevel",
    "RecordModel",
    "Report",
    "RequestKind",
    "ResultRow",
    "SearchForm",
    "SearchOutcome",
    "SettingView",
    "SettingsModel",
    "Shield",
    "ShieldDraft",
    "ShieldReasonItem",
    "ShieldStatus",
    "ShieldStepDraft",
    "SignedInUser",
    "StartupError",
    "UserSettings",
    "UserValue",
    "WorkRequest",
    "WorkspaceController",
    "WorkspaceFlow",
    "build_controller",
    "cli",
    "exclude_from_capture",
    "lists_for",
    "read_user_settings",
    "with_user_settings",
    "wording",
]


def __getattr__(name: str) -> Any:
    if name in _MODULES:
        return importlib.import_module(f"desktop.{name}")
    home = _HOMES.get(name)
    if home is None:
        raise AttributeError(f"module 'desktop' has no attribute {name!r}")
    module = importlib.import_module(home)
    try:
        value = getattr(module, name)
    except AttributeError:  # a submodule of `home` not imported yet (records.wording)
        value = importlib.import_module(f"{home}.{name}")
    globals()[name] = value  # later lookups skip this function
    return value


def __dir__() -> list[str]:
    return __all__
