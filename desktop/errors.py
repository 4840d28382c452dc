"""The one root of every error the desktop core raises, and the tree under it.

    DesktopError
    ├── PolicyError                 a machine policy that cannot be used (desktop.policy)
    │   └── RegistryPolicyError     ... set by Group Policy (the registry value is named)
    ├── FieldError (ValueError)     one policy field's rule, before the file is known
    ├── StartupError                the client cannot start on this policy (desktop.bootstrap)
    ├── FormProblem (ValueError)    a search form the directory would refuse (desktop.search_form)
    ├── BadRules                    override reasons that make no usable rule (directory_work)
    ├── NotTheSessionCard (TokenError)  another card offered to unlock (desktop.signin)
    └── TrainingError               a training home that cannot be prepared or served
        ├── HomeExists, HomeInRepository, NotAHome
        └── ScenarioMissing

Where an error is also a kind the caller already catches (ValueError for bad input, the
token layer's TokenError for a card), it derives from both, so that neither catch changes.
Errors of the layers beneath (smartcard.TokenError, sync.DirectoryError, sync.cache's
CacheError) keep their own roots: the core passes them on as `Problem`s, never re-raises
them as its own.
"""

from __future__ import annotations


class DesktopError(Exception):
    """Every error the desktop core defines derives from this."""
