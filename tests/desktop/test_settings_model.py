"""The settings view model: every row shows the value in force, locked rows offer nothing,
and editable rows offer only values at least as strict as the machine policy."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from desktop.policy import LOCKABLE, MachinePolicy, apply_user_settings
from desktop.settings import LOCKED_TEXT, TRAINING_TEXT, SettingsModel

URL = "https://directory.example.org"


def machine(**changes: Any) -> MachinePolicy:
    values: dict[str, Any] = {
        "directory_url": URL,
        "ca_file": Path("/etc/contactpoint/ca.pem"),
        "pkcs11_module": Path("/usr/lib/p11.so"),
        "idle_timeout_minutes": 15,
        "cache_hours": 8,
        "capture_protection": False,
        "password_required": False,
    }
    values.update(changes)
    return MachinePolicy(**values)


def stricter_or_equal(name: str, wanted: object, policy: object) -> bool:
    if name in ("idle_timeout_minutes", "cache_hours"):
        assert isinstance(wanted, int) and isinstance(policy, int)
        return wanted <= policy
    if name == "text_scale_percent":
        assert isinstance(wanted, int) and isinstance(policy, int)
        return wanted >= policy  # larger text is the stronger setting
    return bool(wanted) or wanted == policy


def test_one_row_for_every_setting_a_user_can_see() -> None:
    model = SettingsModel.build(machine(), {})
    assert {view.name for view in model.settings} == LOCKABLE
    assert model.effective == machine()
    texts = {view.name: view.value_text for view in model.settings}
    assert texts == {
        "idle_timeout_minutes": "15 minutes",
        "cache_hours": "Kept for 8 hours",
        "capture_protection": "Off — screen capture allowed",
        "password_required": "Not asked",
        "high_contrast": "Off — the system's colours",
        "text_scale_percent": "100% — the system's size",
        "directory_url": URL,
        "ca_file": "/etc/contactpoint/ca.pem",
        "pkcs11_module": "/usr/lib/p11.so",
    }
    assert all(view.editable and not view.locked for view in model.settings)


def test_what_is_shown_is_what_runs() -> None:
    user = {"idle_timeout_minutes": 5, "cache_hours": 0, "capture_protection": True}
    model = SettingsModel.build(machine(), user)
    effective, _ = apply_user_settings(machine(), user)
    assert model.effective == effective
    for view in model.settings:
        assert view.value == getattr(effective, view.name)
    assert model.setting("cache_hours").value_text == "Off — nothing is kept on this computer"
    assert model.setting("idle_timeout_minutes").value_text == "5 minutes"


@pytest.mark.parametrize("idle", [1, 7, 15, 60, 120])
@pytest.mark.parametrize("cache", [0, 1, 5, 8, 24])
@pytest.mark.parametrize("flags", [(False, False), (True, True), (True, False)])
@pytest.mark.parametrize("scale", [100, 130, 200])
def test_no_weakening_value_is_ever_offered(
    idle: int, cache: int, flags: tuple[bool, bool], scale: int
) -> None:
    policy = machine(
        idle_timeout_minutes=idle,
        cache_hours=cache,
        capture_protection=flags[0],
        password_required=flags[1],
        high_contrast=flags[1],
        text_scale_percent=scale,
    )
    model = SettingsModel.build(policy, {})
    for view in model.settings:
        if view.is_text:
            assert view.choices == ()
            continue
        values = [choice.value for choice in view.choices]
        assert getattr(policy, view.name) in values  # the policy's own value is there
        for value in values:
            assert stricter_or_equal(view.name, value, getattr(policy, view.name)), (view, value)
            # And every value offered is one apply_user_settings accepts.
            assert apply_user_settings(policy, {view.name: value})[1] == []


def test_choices_run_from_the_strictest_and_mark_the_policys_value() -> None:
    model = SettingsModel.build(machine(idle_timeout_minutes=20, cache_hours=8), {})
    idle = model.setting("idle_timeout_minutes")
    assert [c.value for c in idle.choices] == [1, 2, 3, 5, 10, 15, 20]
    assert idle.choices[-1].text == "20 minutes (your organisation's setting)"
    cache = model.setting("cache_hours")
    assert [c.value for c in cache.choices] == [0, 1, 2, 4, 8]
    assert cache.choices[0].text == "Off — nothing is kept on this computer"
    # Off is offered only where the policy itself has it off.
    capture = SettingsModel.build(machine(capture_protection=True), {}).setting(
        "capture_protection"
    )
    assert [c.value for c in capture.choices] == [True]
    password = model.setting("password_required")
    assert [c.value for c in password.choices] == [True, False]
    # The text size runs from the policy's up, smallest first; contrast as the flags do.
    strong = SettingsModel.build(machine(text_scale_percent=150, high_contrast=True), {})
    scale = strong.setting("text_scale_percent")
    assert [c.value for c in scale.choices] == [150, 175, 200]
    assert scale.choices[0].text == "150% (your organisation's setting)"
    assert [c.value for c in strong.setting("high_contrast").choices] == [True]
    assert [c.value for c in model.setting("high_contrast").choices] == [True, False]


def test_an_odd_value_in_force_is_offered_too() -> None:
    model = SettingsModel.build(machine(idle_timeout_minutes=50), {"idle_timeout_minutes": 7})
    values = [c.value for c in model.setting("idle_timeout_minutes").choices]
    assert values == [1, 2, 3, 5, 7, 10, 15, 20, 30, 45, 50]


def test_locked_settings_show_the_lock_and_offer_nothing() -> None:
    policy = machine(locked=frozenset({"idle_timeout_minutes", "directory_url"}))
    model = SettingsModel.build(policy, {"idle_timeout_minutes": 5})
    idle = model.setting("idle_timeout_minutes")
    assert idle.locked and not idle.editable and idle.choices == ()
    assert idle.lock_text == LOCKED_TEXT == "Locked by your administrator"
    assert idle.value == 15
    assert idle.note == "Your saved setting is not used: locked by the administrator."
    url = model.setting("directory_url")
    assert url.locked and not url.editable
    assert model.setting("cache_hours").editable


def test_changes_are_only_what_differs_and_the_policys_value_means_follow_it() -> None:
    model = SettingsModel.build(machine(), {"idle_timeout_minutes": 5})
    assert model.changes({"idle_timeout_minutes": 5, "cache_hours": 8}) == {}
    assert model.changes({"idle_timeout_minutes": 15}) == {"idle_timeout_minutes": None}
    assert model.changes({"cache_hours": 2, "password_required": True}) == {
        "cache_hours": 2,
        "password_required": True,
    }
    assert model.changes({"directory_url": f" {URL} "}) == {}
    assert model.changes({"ca_file": "/opt/ca.pem"}) == {"ca_file": "/opt/ca.pem"}
    with pytest.raises(TypeError):
        model.changes({"cache_hours": "2"})


def test_locked_settings_never_become_changes() -> None:
    model = SettingsModel.build(machine(locked=frozenset({"cache_hours"})), {})
    assert model.changes({"cache_hours": 0}) == {}
    assert model.refusals({"cache_hours": 0}) == {"cache_hours": LOCKED_TEXT}


def test_refusals_give_the_policy_rules_reason() -> None:
    model = SettingsModel.build(machine(), {})
    assert model.refusals({"cache_hours": 2, "directory_url": None}) == {}
    reasons = model.refusals({"directory_url": "http://directory.example.org", "ca_file": "ca.pem"})
    assert set(reasons) == {"directory_url", "ca_file"}
    assert "not https" in reasons["directory_url"] and "absolute" in reasons["ca_file"]
    assert (
        "longer idle timeout"
        in model.refusals({"idle_timeout_minutes": 60})["idle_timeout_minutes"]
    )


def test_with_changes_is_the_model_after_saving() -> None:
    model = SettingsModel.build(machine(), {"idle_timeout_minutes": 5, "cache_hours": 2})
    after = model.with_changes({"idle_timeout_minutes": None, "capture_protection": True})
    assert after.user == {"cache_hours": 2, "capture_protection": True}
    assert after.effective.idle_timeout_minutes == 15 and after.effective.capture_protection


def test_a_saved_value_the_policy_no_longer_allows_is_explained() -> None:
    model = SettingsModel.build(machine(idle_timeout_minutes=10), {"idle_timeout_minutes": 30})
    idle = model.setting("idle_timeout_minutes")
    assert idle.value == 10 and idle.editable
    assert idle.note == (
        "Your saved setting is not used: a longer idle timeout than the machine policy allows."
    )


def test_notices_about_the_file_and_unknown_entries() -> None:
    model = SettingsModel.build(
        machine(), {"theme": "dark"}, file_problem="Your settings file x is ignored."
    )
    assert model.notices == (
        "Your settings file x is ignored.",
        "Your settings file has entries ContactPoint does not use: theme (not a setting).",
    )


def test_training_ignores_the_users_connection_settings() -> None:
    training = machine(directory_url="http://127.0.0.1:8443", training=True)
    user = {"directory_url": "https://live.example.org", "cache_hours": 1}
    model = SettingsModel.build(training, user)
    # A trainee's client never talks to a directory the training policy did not name.
    assert model.effective.directory_url == "http://127.0.0.1:8443"
    assert model.effective.cache_hours == 1
    url = model.setting("directory_url")
    assert url.locked and not url.editable and url.lock_text == TRAINING_TEXT
    assert url.note == "Your own setting is not used in training."
    assert model.refusals({"directory_url": "https://live.example.org"}) == {
        "directory_url": TRAINING_TEXT
    }
    assert model.changes({"directory_url": "https://live.example.org"}) == {}
