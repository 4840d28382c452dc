"""desktop.policy: the machine policy file, user settings on top, and training policies.

Every malformed case checks that the message names both the file and the field: that
message is all an administrator gets when the client refuses to start.
"""

from __future__ import annotations

import json
from pathlib import Path, PurePosixPath, PureWindowsPath
from typing import Any

import pytest

from desktop.policy import (
    CACHE_KEY_STORES,
    MachinePolicy,
    PolicyError,
    apply_user_settings,
    installed_machine_policy,
    load_machine_policy,
    load_training_policy,
)
from desktop.policy.machine import policy_path_for
from desktop.training import manifest
from smartcard import ObjectRef, TrainingCA

CA = "/etc/contactpoint/ca.pem"
MISSING = object()  # a field left out of the file
MODULE = "/usr/lib/softhsm/libsofthsm2.so"


def valid() -> dict[str, Any]:
    return {
        "directory_url": "https://directory.example.org:8443",
        "ca_file": CA,
        "pkcs11_module": MODULE,
        "idle_timeout_minutes": 10,
        "cache_hours": 4,
        "capture_protection": True,
        "password_required": True,
        "allow_training": False,
        "training": False,
        "locked": ["directory_url", "idle_timeout_minutes"],
    }


def write(tmp_path: Path, data: object, name: str = "policy.json") -> Path:
    path = tmp_path / name
    path.write_text(data if isinstance(data, str) else json.dumps(data), encoding="utf-8")
    return path


def policy(**changes: Any) -> MachinePolicy:
    values: dict[str, Any] = {
        "directory_url": "https://directory.example.org",
        "ca_file": Path(CA),
        "pkcs11_module": Path(MODULE),
    }
    values.update(changes)
    return MachinePolicy(**values)


# --- the machine policy file ---------------------------------------------------------


def test_valid_policy_round_trip(tmp_path: Path) -> None:
    loaded = load_machine_policy(write(tmp_path, valid()))
    assert loaded == MachinePolicy(
        directory_url="https://directory.example.org:8443",
        ca_file=Path(CA),
        pkcs11_module=Path(MODULE),
        idle_timeout_minutes=10,
        cache_hours=4,
        capture_protection=True,
        password_required=True,
        allow_training=False,
        training=False,
        locked=frozenset({"directory_url", "idle_timeout_minutes"}),
    )


def test_absent_fields_take_the_documented_defaults(tmp_path: Path) -> None:
    data = {k: valid()[k] for k in ("directory_url", "ca_file", "pkcs11_module")}
    loaded = load_machine_policy(write(tmp_path, data))
    assert (loaded.idle_timeout_minutes, loaded.cache_hours) == (15, 8)
    assert loaded.capture_protection and not loaded.password_required
    assert loaded.allow_training and not loaded.training
    assert loaded.locked == frozenset() and loaded.cache_enabled


def test_named_card_objects_reach_the_token_layer(tmp_path: Path) -> None:
    ca = TrainingCA.create(tmp_path / "ca", "Policy")
    named = {"token_auth_object": "label:PIV AUTH key", "token_kmk_object": "id:03"}
    data = valid() | named | {"ca_file": str(ca.certificate_path)}
    rules = load_machine_policy(write(tmp_path, data)).card_rules()
    assert rules.auth_object == ObjectRef(label="PIV AUTH key")
    assert rules.kmk_object == ObjectRef(object_id=b"\x03")
    assert rules.trusted == (ca.certificate,)
    unnamed = load_machine_policy(write(tmp_path, data | {"token_auth_object": None}))
    assert unnamed.card_rules().auth_object is None


def test_cards_may_come_from_other_cas_than_the_directorys_certificate(tmp_path: Path) -> None:
    tls = TrainingCA.create(tmp_path / "tls", "Directory TLS")
    cards = TrainingCA.create(tmp_path / "cards", "Card issuer")
    data = valid() | {"ca_file": str(tls.certificate_path)}
    both = load_machine_policy(write(tmp_path, data))
    assert both.card_rules().trusted == (tls.certificate,)
    data["card_ca_file"] = str(cards.certificate_path)
    apart = load_machine_policy(write(tmp_path, data))
    assert apart.ca_file == tls.certificate_path  # the TLS trust is unchanged
    assert apart.card_rules().trusted == (cards.certificate,)


def test_the_worklist_poll_defaults_to_30_seconds_and_may_be_set(tmp_path: Path) -> None:
    assert load_machine_policy(write(tmp_path, valid())).worklist_poll_seconds == 30
    for seconds in (5, 600):
        data = valid() | {"worklist_poll_seconds": seconds}
        assert load_machine_policy(write(tmp_path, data)).worklist_poll_seconds == seconds


def test_a_user_cannot_set_the_worklist_poll() -> None:
    _, refused = apply_user_settings(policy(), {"worklist_poll_seconds": 5})
    assert refused and "worklist_poll_seconds" in refused[0]


def test_opening_a_single_match_is_off_by_default_and_machine_only(tmp_path: Path) -> None:
    assert load_machine_policy(write(tmp_path, valid())).open_single_match is False
    data = valid() | {"open_single_match": True}
    assert load_machine_policy(write(tmp_path, data)).open_single_match is True
    _, refused = apply_user_settings(policy(), {"open_single_match": True})
    assert refused and "open_single_match" in refused[0]


def test_the_cache_key_store_defaults_to_auto_and_may_be_set(tmp_path: Path) -> None:
    assert load_machine_policy(write(tmp_path, valid())).cache_key_store == "auto"
    for choice in CACHE_KEY_STORES:
        data = valid() | {"cache_key_store": choice}
        assert load_machine_policy(write(tmp_path, data)).cache_key_store == choice


def test_a_user_cannot_choose_the_cache_key_store() -> None:
    _, refused = apply_user_settings(policy(), {"cache_key_store": "file"})
    assert refused and "cache_key_store" in refused[0]


def test_accessibility_is_off_and_100_percent_by_default_and_may_be_set(tmp_path: Path) -> None:
    loaded = load_machine_policy(write(tmp_path, valid()))
    assert loaded.high_contrast is False and loaded.text_scale_percent == 100
    data = valid() | {"high_contrast": True, "text_scale_percent": 200}
    loaded = load_machine_policy(write(tmp_path, data))
    assert loaded.high_contrast is True and loaded.text_scale_percent == 200


def test_a_user_may_only_make_accessibility_stronger() -> None:
    stronger, refused = apply_user_settings(
        policy(), {"high_contrast": True, "text_scale_percent": 150}
    )
    assert refused == [] and stronger.high_contrast and stronger.text_scale_percent == 150
    machine = policy(high_contrast=True, text_scale_percent=150)
    weaker, refused = apply_user_settings(
        machine, {"high_contrast": False, "text_scale_percent": 125}
    )
    assert weaker == machine
    assert [line.split(":")[0] for line in refused] == ["high_contrast", "text_scale_percent"]
    assert "smaller text" in refused[1]
    locked = policy(locked=frozenset({"high_contrast", "text_scale_percent"}))
    unchanged, refused = apply_user_settings(
        locked, {"high_contrast": True, "text_scale_percent": 200}
    )
    assert unchanged == locked and all("locked" in line for line in refused)


def test_zero_cache_hours_means_no_cache(tmp_path: Path) -> None:
    loaded = load_machine_policy(write(tmp_path, valid() | {"cache_hours": 0}))
    assert not loaded.cache_enabled


MALFORMED: list[tuple[str, dict[str, Any], str, str]] = [
    ("unknown field", {"idle_timeout": 5}, "idle_timeout", "unknown"),
    ("missing url", {"directory_url": MISSING}, "directory_url", "missing"),
    ("missing ca", {"ca_file": MISSING}, "ca_file", "missing"),
    ("missing module", {"pkcs11_module": MISSING}, "pkcs11_module", "missing"),
    ("url type", {"directory_url": 443}, "directory_url", "must be a string"),
    ("http", {"directory_url": "http://directory.example.org"}, "directory_url", "not https"),
    ("http loopback", {"directory_url": "http://127.0.0.1:8443"}, "directory_url", "not https"),
    ("ftp", {"directory_url": "ftp://directory.example.org"}, "directory_url", "not https"),
    ("no host", {"directory_url": "https://"}, "directory_url", "no host"),
    ("bad port", {"directory_url": "https://d.example.org:99999"}, "directory_url", "valid"),
    ("credentials", {"directory_url": "https://u:p@d.example.org"}, "directory_url", "password"),
    ("empty ca", {"ca_file": ""}, "ca_file", "empty"),
    ("relative ca", {"ca_file": "ca.pem"}, "ca_file", "absolute"),
    ("module type", {"pkcs11_module": ["x"]}, "pkcs11_module", "must be a string"),
    ("idle zero", {"idle_timeout_minutes": 0}, "idle_timeout_minutes", "out of range"),
    ("idle high", {"idle_timeout_minutes": 121}, "idle_timeout_minutes", "out of range"),
    ("idle string", {"idle_timeout_minutes": "15"}, "idle_timeout_minutes", "whole number"),
    ("idle float", {"idle_timeout_minutes": 15.5}, "idle_timeout_minutes", "whole number"),
    ("idle bool", {"idle_timeout_minutes": True}, "idle_timeout_minutes", "whole number"),
    ("cache high", {"cache_hours": 25}, "cache_hours", "out of range"),
    ("cache negative", {"cache_hours": -1}, "cache_hours", "out of range"),
    ("poll low", {"worklist_poll_seconds": 4}, "worklist_poll_seconds", "is 4, out of range"),
    ("poll high", {"worklist_poll_seconds": 601}, "worklist_poll_seconds", "must be 5 to 600"),
    ("poll text", {"worklist_poll_seconds": "30"}, "worklist_poll_seconds", "whole number"),
    ("poll bool", {"worklist_poll_seconds": True}, "worklist_poll_seconds", "whole number"),
    ("single match", {"open_single_match": 1}, "open_single_match", "true or false"),
    ("contrast int", {"high_contrast": 1}, "high_contrast", "true or false"),
    ("scale low", {"text_scale_percent": 99}, "text_scale_percent", "must be 100 to 200"),
    ("scale high", {"text_scale_percent": 201}, "text_scale_percent", "must be 100 to 200"),
    ("scale bool", {"text_scale_percent": True}, "text_scale_percent", "whole number"),
    ("key store word", {"cache_key_store": "disk"}, "cache_key_store", "is 'disk'; must be one"),
    ("key store case", {"cache_key_store": "File"}, "cache_key_store", "'auto', 'keyring', 'file'"),
    ("key store type", {"cache_key_store": 1}, "cache_key_store", "must be a string"),
    ("capture type", {"capture_protection": "yes"}, "capture_protection", "true or false"),
    ("capture null", {"capture_protection": None}, "capture_protection", "true or false"),
    ("password int", {"password_required": 1}, "password_required", "true or false"),
    ("training type", {"training": "false"}, "training", "true or false"),
    ("allow type", {"allow_training": 0}, "allow_training", "true or false"),
    ("locked type", {"locked": "directory_url"}, "locked", "list"),
    ("locked unknown", {"locked": ["colour"]}, "locked", "cannot be locked"),
    ("auth object type", {"token_auth_object": 1}, "token_auth_object", "must be a string"),
    ("auth object form", {"token_auth_object": "01"}, "token_auth_object", "id:<hex> or label"),
    ("kmk object hex", {"token_kmk_object": "id:zz"}, "token_kmk_object", "not an ID in hex"),
    ("kmk object label", {"token_kmk_object": "label:"}, "token_kmk_object", "needs the object"),
    ("card ca type", {"card_ca_file": 5}, "card_ca_file", "must be a string"),
    ("card ca empty", {"card_ca_file": " "}, "card_ca_file", "empty"),
    ("card ca relative", {"card_ca_file": "cards.pem"}, "card_ca_file", "absolute"),
    ("locked training", {"locked": ["training"]}, "locked", "cannot be locked"),
]


@pytest.mark.parametrize(
    ("change", "field", "problem"),
    [case[1:] for case in MALFORMED],
    ids=[case[0] for case in MALFORMED],
)
def test_malformed_policy_names_file_and_field(
    tmp_path: Path, change: dict[str, Any], field: str, problem: str
) -> None:
    data = valid() | change
    data = {k: v for k, v in data.items() if v is not MISSING}
    path = write(tmp_path, data)
    with pytest.raises(PolicyError) as caught:
        load_machine_policy(path)
    message = str(caught.value)
    assert str(path) in message
    assert f"'{field}'" in message
    assert problem in message
    assert caught.value.field == field and caught.value.path == path


def test_invalid_json_names_file_and_line(tmp_path: Path) -> None:
    path = write(tmp_path, '{\n  "directory_url": "https://d.example.org",\n  "ca_file": \n}\n')
    with pytest.raises(PolicyError, match=r"is not valid JSON: line 4") as caught:
        load_machine_policy(path)
    assert str(path) in str(caught.value)


def test_duplicate_field_is_refused(tmp_path: Path) -> None:
    text = json.dumps(valid())[:-1] + ', "cache_hours": 24}'
    with pytest.raises(PolicyError, match=r"'cache_hours' appears more than once"):
        load_machine_policy(write(tmp_path, text))


@pytest.mark.parametrize("body", ["[]", '"policy"', "null"])
def test_top_level_must_be_an_object(tmp_path: Path, body: str) -> None:
    path = write(tmp_path, body)
    with pytest.raises(PolicyError, match="must hold a JSON object") as caught:
        load_machine_policy(path)
    assert str(path) in str(caught.value)


def test_missing_and_unreadable_files(tmp_path: Path) -> None:
    missing = tmp_path / "absent.json"
    with pytest.raises(PolicyError, match="does not exist") as caught:
        load_machine_policy(missing)
    assert str(missing) in str(caught.value)
    binary = tmp_path / "binary.json"
    binary.write_bytes(b'{"directory_url": "\xff"}')
    with pytest.raises(PolicyError, match="not UTF-8"):
        load_machine_policy(binary)


def test_default_policy_paths() -> None:
    linux = policy_path_for("linux", {})
    assert linux == PurePosixPath("/etc/contactpoint/policy.json")
    windows = policy_path_for("win32", {"ProgramData": r"D:\ProgramData"})
    assert windows == PureWindowsPath(r"D:\ProgramData\ContactPoint\policy.json")
    assert policy_path_for("win32", {}) == PureWindowsPath(
        r"C:\ProgramData\ContactPoint\policy.json"
    )


def test_policy_object_is_checked_however_it_is_made() -> None:
    with pytest.raises(ValueError, match="out of range"):
        policy(cache_hours=48)
    with pytest.raises(ValueError, match="not https"):
        policy(directory_url="http://localhost:8443")
    assert policy(directory_url="http://localhost:8443", training=True).training
    assert policy(directory_url="http://[::1]:8443", training=True).training
    with pytest.raises(ValueError, match="not https"):
        policy(directory_url="http://10.0.0.1", training=True)


# --- user settings ---------------------------------------------------------------------


def test_user_may_tighten_unlocked_settings() -> None:
    machine = policy(idle_timeout_minutes=15, cache_hours=8, capture_protection=False)
    effective, refused = apply_user_settings(
        machine,
        {
            "idle_timeout_minutes": 5,
            "cache_hours": 0,
            "capture_protection": True,
            "password_required": True,
        },
    )
    assert refused == []
    assert effective.idle_timeout_minutes == 5 and not effective.cache_enabled
    assert effective.capture_protection and effective.password_required
    assert effective.locked == machine.locked


def test_user_may_not_weaken_even_unlocked_settings() -> None:
    machine = policy(idle_timeout_minutes=15, cache_hours=8, password_required=True)
    effective, refused = apply_user_settings(
        machine,
        {
            "idle_timeout_minutes": 60,
            "cache_hours": 24,
            "capture_protection": False,
            "password_required": False,
        },
    )
    assert effective == machine
    assert [line.split(":")[0] for line in refused] == [
        "cache_hours",
        "capture_protection",
        "idle_timeout_minutes",
        "password_required",
    ]
    assert all("refused" in line for line in refused)


def test_locked_settings_are_never_changed_and_say_so() -> None:
    machine = policy(
        idle_timeout_minutes=15,
        cache_hours=8,
        locked=frozenset({"idle_timeout_minutes", "directory_url", "ca_file"}),
    )
    effective, refused = apply_user_settings(
        machine,
        {
            "idle_timeout_minutes": 120,  # weaker: refused
            "directory_url": "https://elsewhere.example.org",
            "ca_file": "/home/user/ca.pem",
            "cache_hours": 2,  # unlocked and stricter: applied
        },
    )
    assert effective == policy(idle_timeout_minutes=15, cache_hours=2, locked=machine.locked)
    assert refused == [
        "ca_file: locked by the administrator",
        "directory_url: locked by the administrator",
        "idle_timeout_minutes: locked by the administrator",
    ]
    # Even stricter is refused for a locked setting: the UI shows it as not editable.
    _, refused = apply_user_settings(machine, {"idle_timeout_minutes": 5})
    assert refused == ["idle_timeout_minutes: locked by the administrator"]
    # Restating the locked value is not an error worth showing.
    assert apply_user_settings(machine, {"idle_timeout_minutes": 15, "ca_file": CA})[1] == []


def test_unlocked_connection_settings_follow_the_file_rules() -> None:
    machine = policy()
    effective, refused = apply_user_settings(
        machine,
        {"directory_url": "https://other.example.org", "pkcs11_module": "/opt/card/p11.so"},
    )
    assert refused == []
    assert effective.directory_url == "https://other.example.org"
    assert effective.pkcs11_module == Path("/opt/card/p11.so")
    effective, refused = apply_user_settings(
        machine,
        {"directory_url": "http://other.example.org", "ca_file": "ca.pem", "pkcs11_module": 3},
    )
    assert effective == machine
    assert len(refused) == 3
    assert refused[0].startswith("ca_file:") and "absolute" in refused[0]
    assert refused[1].startswith("directory_url:") and "not https" in refused[1]
    assert refused[2].startswith("pkcs11_module:")


def test_user_settings_of_the_wrong_kind_are_refused() -> None:
    machine = policy()
    effective, refused = apply_user_settings(
        machine,
        {
            "training": True,
            "allow_training": True,
            "locked": [],
            "theme": "dark",
            "idle_timeout_minutes": True,
            "cache_hours": "1",
            "capture_protection": 1,
        },
    )
    assert effective == machine
    assert refused == [
        "allow_training: set only by the machine policy",
        "cache_hours: must be a whole number",
        "capture_protection: must be true or false",
        "idle_timeout_minutes: must be a whole number",
        "locked: set only by the machine policy",
        "theme: not a setting",
        "training: set only by the machine policy",
    ]


# --- training policies (contactpoint --policy FILE) --------------------------------------


def training_data() -> dict[str, Any]:
    return manifest.training_policy("https://127.0.0.1:8443", Path(CA), Path(MODULE))


def test_policy_written_by_training_prepare_loads(tmp_path: Path) -> None:
    # The same writer `contactpoint training prepare` uses for DIR/policy.json.
    path = tmp_path / "policy.json"
    manifest.write_json(path, training_data())
    loaded = load_training_policy(path, machine=None)
    assert loaded.training and loaded.directory_url == "https://127.0.0.1:8443"
    assert loaded.ca_file == Path(CA) and loaded.pkcs11_module == Path(MODULE)
    assert not loaded.password_required and loaded.capture_protection
    assert load_machine_policy(path) == loaded


def test_training_policy_may_use_http_on_loopback(tmp_path: Path) -> None:
    data = training_data() | {"directory_url": "http://127.0.0.1:8443"}
    assert load_training_policy(write(tmp_path, data), machine=None).training


def test_policy_not_marked_training_is_refused(tmp_path: Path) -> None:
    for marker in (False, "true", None):
        data = training_data() | {"training": marker}
        if marker is None:
            del data["training"]
        path = write(tmp_path, data)
        with pytest.raises(PolicyError, match="is not a training policy") as caught:
            load_training_policy(path, machine=None)
        assert str(path) in str(caught.value) and "'training'" in str(caught.value)


def test_training_refused_when_machine_policy_forbids_it(tmp_path: Path) -> None:
    path = write(tmp_path, training_data())
    with pytest.raises(PolicyError, match="does not allow training") as caught:
        load_training_policy(path, machine=policy(allow_training=False))
    assert str(path) in str(caught.value)
    assert load_training_policy(path, machine=policy(allow_training=True)).training


def test_malformed_training_policy_names_file_and_field(tmp_path: Path) -> None:
    path = write(tmp_path, training_data() | {"cache_hours": 48})
    with pytest.raises(PolicyError, match="'cache_hours' is 48, out of range") as caught:
        load_training_policy(path, machine=None)
    assert str(path) in str(caught.value)


def test_installed_machine_policy(tmp_path: Path) -> None:
    assert installed_machine_policy(tmp_path / "none.json") is None
    forbidding = write(tmp_path, valid())
    machine = installed_machine_policy(forbidding)
    assert machine is not None and not machine.allow_training
    with pytest.raises(PolicyError, match="'cache_hours'"):
        installed_machine_policy(write(tmp_path, valid() | {"cache_hours": "8"}, "bad.json"))
