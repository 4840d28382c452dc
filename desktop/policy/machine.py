"""The machine policy: its fields, their rules, and reading it from a JSON file.

A policy is read once at start and then only passed around, so `MachinePolicy` is a frozen
dataclass whose constructor enforces every rule: a value of this type is always valid,
whichever way it was made (file, user settings, tests).

Every problem is a `PolicyError` naming the file and the field. Nothing falls back to a
default when a value is present but wrong: an administrator who mistypes a lock must see
the client refuse to start, not run with a weaker setting they believe they locked.
Only fields that are absent take their defaults, and the three connection fields have none.
"""

from __future__ import annotations

import ipaddress
import json
import os
import sys
from collections.abc import Mapping
from dataclasses import dataclass, field, fields
from pathlib import Path, PurePath, PurePosixPath, PureWindowsPath
from typing import Any, Final
from urllib.parse import urlsplit

from desktop.errors import DesktopError
from smartcard.cardrules import CardRules, ObjectRef, load_trust_anchors


class PolicyError(DesktopError):
    """A policy file that cannot be used; the message names the file, the field and the fault.

    The client shows `str(error)` and stops: this is an administrator's problem, and the
    message is all they get to go on.
    """

    def __init__(self, path: PurePath, problem: str, field_name: str | None = None) -> None:
        self.path = path
        self.field = field_name
        self.problem = problem
        where = f"field '{field_name}' " if field_name is not None else ""
        super().__init__(f"Policy file {path}: {where}{problem}")


class FieldError(DesktopError, ValueError):
    """A rule broken by one field, before we know which file it came from."""

    def __init__(self, field_name: str | None, problem: str) -> None:
        super().__init__(problem)
        self.field = field_name
        self.problem = problem


IDLE_TIMEOUT_RANGE: Final = (1, 120)
# How often the management workspace asks for its worklists: often enough that a new
# override alert is seen within the team's target, rarely enough that a room of open
# workspaces does not load the directory (every poll is audited there).
WORKLIST_POLL_RANGE: Final = (5, 600)
CACHE_HOURS_MAX: Final = 24
# The application font as a percentage of the system's (issue 12: usable at 200%).
TEXT_SCALE_RANGE: Final = (100, 200)
# Where the token-wrapped cache key is kept (sync.cache.key_choice): "auto" is the OS
# keyring when a secure one is available, else a file beside the cache; "keyring" requires
# the keyring (no cache without one); "file" always uses the file.
CACHE_KEY_STORES: Final = ("auto", "keyring", "file")

# Settings an administrator may lock, and so the only ones a user may ever set.
# `training`, `allow_training` and `locked` describe the policy itself, not a preference.
LOCKABLE: Final = frozenset(
    {
        "directory_url",
        "ca_file",
        "pkcs11_module",
        "idle_timeout_minutes",
        "cache_hours",
        "capture_protection",
        "password_required",
        "high_contrast",
        "text_scale_percent",
    }
)

REQUIRED: Final = ("directory_url", "ca_file", "pkcs11_module")


@dataclass(frozen=True, slots=True)
class MachinePolicy:
    """Settings the client runs with (DESIGN.md 4, "Machine policy").

    `cache_hours == 0` means no cache at all. `locked` names settings the administrator
    locked; the UI shows them as locked and `apply_user_settings` never changes them.
    Paths are not checked for existence here: `contactpoint --self-test` loads them and
    says which one fails, with the reason the loader gives.
    """

    directory_url: str
    ca_file: Path
    pkcs11_module: Path
    idle_timeout_minutes: int = 15
    cache_hours: int = 8
    capture_protection: bool = True
    password_required: bool = False
    allow_training: bool = True
    training: bool = False
    locked: frozenset[str] = field(default_factory=frozenset)
    # For cards whose objects the usual rules do not find (smartcard.discovery):
    # "id:<hex CKA_ID>" or "label:<CKA_LABEL>"; None: found by what they are.
    token_auth_object: str | None = None
    token_kmk_object: str | None = None
    # The CAs that issue practitioners' cards, where they are not the ones in `ca_file`
    # (which the directory's TLS certificate chains to): an estate whose directory has a
    # certificate from one CA and whose cards come from the organisations' own CAs. None:
    # `ca_file` holds both. Machine-only: a user may not choose whose cards to accept.
    card_ca_file: Path | None = None
    # Seconds between two polls of the management workspace's worklists. Machine-only:
    # it is the directory's load, not a user's preference.
    worklist_poll_seconds: int = 30
    # A search with exactly one match opens that record at once, saving a key. Off by
    # default and machine-only: opening a record is an audited view, so whether a search
    # alone may cause one is the organisation's choice, not each user's.
    open_single_match: bool = False
    # Where the wrapped cache key is kept (CACHE_KEY_STORES). Machine-only: whether a
    # keyring is required is the administrator's security decision.
    cache_key_store: str = "auto"
    # Accessibility (issue 12): a strong black, white and yellow palette with thick focus
    # outlines, and the text size. A user may only make them stronger (contrast on, text
    # larger); the operating system's high-contrast setting turns contrast on as well.
    high_contrast: bool = False
    text_scale_percent: int = 100

    def __post_init__(self) -> None:
        # Raises FieldError; load_machine_policy adds the file name. The flags come first:
        # the URL rule depends on `training`.
        for name in (
            "capture_protection",
            "password_required",
            "allow_training",
            "training",
            "open_single_match",
            "high_contrast",
        ):
            if not isinstance(getattr(self, name), bool):
                raise FieldError(
                    name, f"must be true or false, not {_describe(getattr(self, name))}"
                )
        _check_url(self.directory_url, training=self.training)
        for name in ("ca_file", "pkcs11_module"):
            _check_path(name, getattr(self, name))
        if self.card_ca_file is not None:
            _check_path("card_ca_file", self.card_ca_file)
        for name in ("token_auth_object", "token_kmk_object"):
            _check_object_ref(name, getattr(self, name))
        _check_int("idle_timeout_minutes", self.idle_timeout_minutes, *IDLE_TIMEOUT_RANGE)
        _check_int("cache_hours", self.cache_hours, 0, CACHE_HOURS_MAX)
        _check_int("worklist_poll_seconds", self.worklist_poll_seconds, *WORKLIST_POLL_RANGE)
        _check_int("text_scale_percent", self.text_scale_percent, *TEXT_SCALE_RANGE)
        _check_choice("cache_key_store", self.cache_key_store, CACHE_KEY_STORES)
        unknown = sorted(self.locked - LOCKABLE)
        if unknown:
            raise FieldError(
                "locked",
                f"names {', '.join(map(repr, unknown))}, which cannot be locked "
                f"(lockable: {', '.join(sorted(LOCKABLE))})",
            )

    @property
    def cache_enabled(self) -> bool:
        return self.cache_hours > 0

    @property
    def card_authorities(self) -> Path:
        """The PEM bundle of the CAs whose card certificates the client takes."""
        return self.card_ca_file if self.card_ca_file is not None else self.ca_file

    def card_rules(self) -> CardRules:
        """What the token layer needs of this policy: the card CAs and named objects.

        OSError or ValueError if the card CA bundle cannot be read (the caller says so).
        """
        return CardRules(
            trusted=load_trust_anchors(self.card_authorities),
            auth_object=_object_ref(self.token_auth_object),
            kmk_object=_object_ref(self.token_kmk_object),
        )


def _object_ref(text: str | None) -> ObjectRef | None:
    return None if text is None else ObjectRef.parse(text)


def _check_object_ref(name: str, value: object) -> None:
    if value is None:
        return
    if not isinstance(value, str):
        raise FieldError(name, f"must be a string, not {_describe(value)}")
    try:
        ObjectRef.parse(value)
    except ValueError as exc:
        raise FieldError(name, str(exc)) from None


FIELD_NAMES: Final = frozenset(f.name for f in fields(MachinePolicy))


def default_policy_path() -> Path:
    """Where the administrator's policy lives on this machine.

    Linux (and any other non-Windows system): /etc/contactpoint/policy.json.
    Windows: %ProgramData%\\ContactPoint\\policy.json. On Windows, issue 5 also reads
    HKLM\\Software\\Policies\\ContactPoint (Group Policy), which is not part of this module.
    """
    return Path(policy_path_for(sys.platform, os.environ))


def policy_path_for(platform: str, environ: Mapping[str, str]) -> PurePath:
    """`default_policy_path` for a given platform, so both answers are testable anywhere."""
    if platform == "win32":
        # %ProgramData% is always set by Windows; the fallback is its documented default.
        base = environ.get("ProgramData") or r"C:\ProgramData"
        return PureWindowsPath(base) / "ContactPoint" / "policy.json"
    return PurePosixPath("/etc/contactpoint/policy.json")


def load_machine_policy(path: Path) -> MachinePolicy:
    """Read and check the policy file at `path`; PolicyError on any fault."""
    data = read_policy_json(path)
    try:
        return policy_from_mapping(data)
    except FieldError as exc:
        raise PolicyError(path, exc.problem, exc.field) from None


def read_policy_json(path: Path) -> dict[str, Any]:
    """The file's top-level JSON object, or PolicyError naming the file (and line)."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise PolicyError(path, "does not exist") from None
    except UnicodeDecodeError as exc:
        raise PolicyError(path, f"is not UTF-8 text (byte {exc.start})") from None
    except OSError as exc:
        raise PolicyError(path, f"cannot be read: {exc.strerror or exc}") from None
    try:
        data = json.loads(text, object_pairs_hook=_no_duplicates)
    except json.JSONDecodeError as exc:
        raise PolicyError(
            path, f"is not valid JSON: line {exc.lineno}, column {exc.colno}: {exc.msg}"
        ) from None
    except FieldError as exc:
        raise PolicyError(path, exc.problem, exc.field) from None
    if not isinstance(data, dict):
        raise PolicyError(path, f"must hold a JSON object, not {_describe(data)}")
    return data


def policy_from_mapping(data: Mapping[str, Any]) -> MachinePolicy:
    """A MachinePolicy from parsed JSON; FieldError for the first fault found."""
    for name in data:
        if name not in FIELD_NAMES:
            known = ", ".join(sorted(FIELD_NAMES))
            raise FieldError(name, f"is unknown: not a policy field (known: {known})")
    for name in REQUIRED:
        if name not in data:
            raise FieldError(name, "is required and missing")
    kwargs: dict[str, Any] = dict(data)
    for name in REQUIRED:
        _check_text(name, data[name])
    kwargs["ca_file"] = Path(data["ca_file"])
    kwargs["pkcs11_module"] = Path(data["pkcs11_module"])
    if data.get("card_ca_file") is not None:
        _check_text("card_ca_file", data["card_ca_file"])
        kwargs["card_ca_file"] = Path(data["card_ca_file"])
    if "locked" in data:
        locked = data["locked"]
        if not isinstance(locked, list) or not all(isinstance(n, str) for n in locked):
            raise FieldError("locked", f"must be a list of setting names, not {_describe(locked)}")
        kwargs["locked"] = frozenset(locked)
    return MachinePolicy(**kwargs)


def _check_text(name: str, value: object) -> None:
    if not isinstance(value, str):
        raise FieldError(name, f"must be a string, not {_describe(value)}")
    if not value.strip():
        raise FieldError(name, "is empty")


def _no_duplicates(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    # json keeps the last of two equal keys; a policy that says two things about one
    # setting is ambiguous, and the one the administrator meant may be the first.
    result: dict[str, Any] = {}
    for key, value in pairs:
        if key in result:
            raise FieldError(key, "appears more than once")
        result[key] = value
    return result


def _check_url(url: object, *, training: bool) -> None:
    if not isinstance(url, str):
        raise FieldError("directory_url", f"must be a string, not {_describe(url)}")
    try:
        parts = urlsplit(url)
        host = parts.hostname
        parts.port  # noqa: B018 - raises ValueError for a port out of range or not a number
    except ValueError as exc:
        raise FieldError("directory_url", f"{url!r} is not a valid URL: {exc}") from None
    if not host:
        raise FieldError("directory_url", f"{url!r} has no host")
    # Credentials in a world-readable file would be a leak, and the client signs in with
    # the token anyway; a query or fragment would be silently dropped by the client.
    if parts.username is not None or parts.password is not None:
        raise FieldError("directory_url", "must not contain a user name or password")
    if parts.query or parts.fragment:
        raise FieldError("directory_url", "must not have a query or fragment")
    if parts.scheme == "https":
        return
    if parts.scheme == "http":
        # Plain HTTP exposes the session to anyone on the path; only a training directory
        # on this machine, which never holds real children, may use it.
        if training and _is_loopback(host):
            return
        raise FieldError(
            "directory_url",
            f"{url!r} is not https (http is allowed only for a loopback address "
            "in a training policy)",
        )
    raise FieldError("directory_url", f"{url!r} is not https")


def _is_loopback(host: str) -> bool:
    if host.lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def _check_path(name: str, value: object) -> None:
    if not isinstance(value, PurePath):
        raise FieldError(name, f"must be a path, not {_describe(value)}")
    # A relative path would depend on the directory the client was started from.
    if not value.is_absolute():
        raise FieldError(name, f"{str(value)!r} is not an absolute path")


def _check_int(name: str, value: object, low: int, high: int) -> None:
    # bool is an int in Python; `true` for a number of minutes is a mistake, not 1.
    if isinstance(value, bool) or not isinstance(value, int):
        raise FieldError(name, f"must be a whole number, not {_describe(value)}")
    if not low <= value <= high:
        raise FieldError(name, f"is {value}, out of range (must be {low} to {high})")


def _check_choice(name: str, value: object, choices: tuple[str, ...]) -> None:
    if not isinstance(value, str):
        raise FieldError(name, f"must be a string, not {_describe(value)}")
    if value not in choices:
        raise FieldError(name, f"is {value!r}; must be one of {', '.join(map(repr, choices))}")


def _describe(value: object) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return f"the string {value!r}"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "an object"
    return f"{type(value).__name__} {value!r}"
