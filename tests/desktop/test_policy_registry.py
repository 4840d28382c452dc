"""Group Policy in the registry (issue 5): every value read and checked with its name in the
error, the registry winning over %ProgramData%'s policy.json field by field, locks from
both, and the ADMX template naming exactly the values the reader reads."""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from dataclasses import fields
from pathlib import Path
from typing import Any

import pytest

from desktop.policy import (
    CACHE_KEY_STORES,
    LOCKABLE,
    MachinePolicy,
    PolicyError,
    RegistryPolicyError,
    load_effective_policy,
    load_machine_policy,
    read_registry_policy,
)
from desktop.policy.registry import REGISTRY_KEY, REGISTRY_VALUES
from tests.desktop.fake_winreg import (
    KEY_WOW64_64KEY,
    REG_BINARY,
    REG_DWORD,
    REG_EXPAND_SZ,
    REG_MULTI_SZ,
    REG_QWORD,
    REG_SZ,
    Entry,
    FakeWinreg,
)

ROOT = Path(__file__).resolve().parents[2]
ADMX = ROOT / "installer" / "windows" / "contactpoint.admx"
ADML = ROOT / "installer" / "windows" / "en-US" / "contactpoint.adml"
EXAMPLE = ROOT / "installer" / "linux" / "policy.json.example"
EXAMPLE_DOC = ROOT / "installer" / "linux" / "policy.md"
NS = {"p": "http://schemas.microsoft.com/GroupPolicy/2006/07/PolicyDefinitions"}
KEY = r"HKLM\Software\Policies\ContactPoint"

URL = "https://gp.example.org"
# Paths are checked as paths of the system the tests run on; on Windows they are C:\...
CA = "/opt/contactpoint/gp-ca.pem"
MODULE = "/opt/contactpoint/gp-pkcs11.so"


def registry(*entries: Entry) -> FakeWinreg:
    return FakeWinreg({KEY: list(entries)})


def complete() -> list[Entry]:
    return [
        ("DirectoryUrl", URL, REG_SZ),
        ("CaFile", CA, REG_SZ),
        ("Pkcs11Module", MODULE, REG_SZ),
        ("IdleTimeoutMinutes", 5, REG_DWORD),
        ("CacheHours", 0, REG_DWORD),
        ("CaptureProtection", 1, REG_DWORD),
        ("PasswordRequired", 0, REG_DWORD),
        ("AllowTraining", 0, REG_DWORD),
        ("Locked", ["cache_hours", "idle_timeout_minutes"], REG_MULTI_SZ),
    ]


def write_file(tmp_path: Path, data: object) -> Path:
    path = tmp_path / "policy.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    return path


def on_windows(tmp_path: Path, reg: FakeWinreg, file: object = None) -> MachinePolicy | None:
    path = write_file(tmp_path, file) if file is not None else tmp_path / "absent.json"
    return load_effective_policy("win32", path=path, winreg_module=reg)


def file_policy(**changes: Any) -> dict[str, Any]:
    return {
        "directory_url": "https://file.example.org",
        "ca_file": "/etc/contactpoint/ca.pem",
        "pkcs11_module": "/usr/lib/p11.so",
        **changes,
    }


# --- reading the key -------------------------------------------------------------------


def test_absent_key_is_no_group_policy() -> None:
    reg = FakeWinreg({})
    assert read_registry_policy(reg) is None
    assert reg.opened and reg.opened[0][1] == REGISTRY_KEY


def test_every_value_is_read_as_its_policy_field() -> None:
    reg = registry(*complete())
    assert read_registry_policy(reg) == {
        "directory_url": URL,
        "ca_file": CA,
        "pkcs11_module": MODULE,
        "idle_timeout_minutes": 5,
        "cache_hours": 0,
        "capture_protection": True,
        "password_required": False,
        "allow_training": False,
        "locked": ["cache_hours", "idle_timeout_minutes"],
    }
    # The 64-bit view, where Group Policy writes, whatever the client's own bitness.
    assert reg.opened[0][2] & KEY_WOW64_64KEY
    assert all(handle.closed for handle in reg.handles)


def test_an_empty_key_sets_nothing() -> None:
    assert read_registry_policy(registry()) == {}


def test_group_policy_sets_the_worklist_poll(tmp_path: Path) -> None:
    reg = registry(("WorklistPollSeconds", 120, REG_DWORD))
    assert read_registry_policy(reg) == {"worklist_poll_seconds": 120}
    effective = on_windows(tmp_path, reg, file_policy(worklist_poll_seconds=10))
    assert effective is not None and effective.worklist_poll_seconds == 120  # the registry wins


def test_group_policy_turns_on_opening_a_single_match(tmp_path: Path) -> None:
    reg = registry(("OpenSingleMatch", 1, REG_DWORD))
    assert read_registry_policy(reg) == {"open_single_match": True}
    effective = on_windows(tmp_path, reg, file_policy())
    assert effective is not None and effective.open_single_match is True


def test_group_policy_chooses_the_cache_key_store(tmp_path: Path) -> None:
    reg = registry(("CacheKeyStore", "keyring", REG_SZ))
    assert read_registry_policy(reg) == {"cache_key_store": "keyring"}
    effective = on_windows(tmp_path, reg, file_policy(cache_key_store="file"))
    assert effective is not None and effective.cache_key_store == "keyring"  # the registry wins


def test_a_cache_key_store_group_policy_cannot_name_another_store(tmp_path: Path) -> None:
    reg = registry(("CacheKeyStore", "plaintext", REG_SZ))
    with pytest.raises(RegistryPolicyError) as caught:
        on_windows(tmp_path, reg, file_policy())
    assert caught.value.value_name == "CacheKeyStore"
    assert "must be one of 'auto', 'keyring', 'file'" in str(caught.value)


def test_group_policy_sets_high_contrast_and_the_text_size(tmp_path: Path) -> None:
    reg = registry(("HighContrast", 1, REG_DWORD), ("TextScalePercent", 175, REG_DWORD))
    assert read_registry_policy(reg) == {"high_contrast": True, "text_scale_percent": 175}
    effective = on_windows(tmp_path, reg, file_policy(text_scale_percent=125))
    assert effective is not None and effective.high_contrast
    assert effective.text_scale_percent == 175  # the registry wins


def test_value_names_are_case_insensitive_as_in_the_registry() -> None:
    reg = registry(("cachehours", 2, REG_DWORD), ("LOCKED", ["ca_file"], REG_MULTI_SZ))
    assert read_registry_policy(reg) == {"cache_hours": 2, "locked": ["ca_file"]}


WRONG: list[tuple[str, Entry, str]] = [
    ("number as text", ("CacheHours", "8", REG_SZ), "must be REG_DWORD, not REG_SZ"),
    ("qword", ("IdleTimeoutMinutes", 5, REG_QWORD), "must be REG_DWORD, not REG_QWORD"),
    ("flag as text", ("CaptureProtection", "1", REG_SZ), "must be REG_DWORD, not REG_SZ"),
    ("flag binary", ("PasswordRequired", b"\x01", REG_BINARY), "not REG_BINARY"),
    ("expand sz", ("DirectoryUrl", URL, REG_EXPAND_SZ), "must be REG_SZ, not REG_EXPAND_SZ"),
    ("path dword", ("CaFile", 1, REG_DWORD), "must be REG_SZ, not REG_DWORD"),
    ("locked sz", ("Locked", "directory_url", REG_SZ), "must be REG_MULTI_SZ, not REG_SZ"),
    ("unknown type", ("Pkcs11Module", MODULE, 99), "not registry type 99"),
    ("idle zero", ("IdleTimeoutMinutes", 0, REG_DWORD), "is 0, out of range (must be 1 to 120)"),
    ("idle high", ("IdleTimeoutMinutes", 121, REG_DWORD), "out of range (must be 1 to 120)"),
    ("cache high", ("CacheHours", 25, REG_DWORD), "is 25, out of range (must be 0 to 24)"),
    ("cache -1", ("CacheHours", 0xFFFFFFFF, REG_DWORD), "out of range (must be 0 to 24)"),
    ("poll low", ("WorklistPollSeconds", 4, REG_DWORD), "is 4, out of range (must be 5 to 600)"),
    ("poll high", ("WorklistPollSeconds", 601, REG_DWORD), "out of range (must be 5 to 600)"),
    ("poll text", ("WorklistPollSeconds", "30", REG_SZ), "must be REG_DWORD, not REG_SZ"),
    ("key store number", ("CacheKeyStore", 1, REG_DWORD), "must be REG_SZ, not REG_DWORD"),
    ("flag two", ("CaptureProtection", 2, REG_DWORD), "is 2; must be 0 (off) or 1 (on)"),
    ("training two", ("AllowTraining", 7, REG_DWORD), "must be 0 (off) or 1 (on)"),
    ("empty url", ("DirectoryUrl", "  ", REG_SZ), "is empty"),
    ("lock unknown", ("Locked", ["colour"], REG_MULTI_SZ), "'colour', which cannot be locked"),
    ("lock training", ("Locked", ["training"], REG_MULTI_SZ), "cannot be locked"),
    ("lock value name", ("Locked", ["CacheHours"], REG_MULTI_SZ), "cannot be locked"),
    ("unknown value", ("CacheHour", 4, REG_DWORD), "is not a ContactPoint policy value"),
]


@pytest.mark.parametrize(
    ("entry", "problem"), [case[1:] for case in WRONG], ids=[case[0] for case in WRONG]
)
def test_a_wrong_value_is_refused_with_its_registry_path(entry: Entry, problem: str) -> None:
    with pytest.raises(RegistryPolicyError) as caught:
        read_registry_policy(registry(("CaptureProtection", 1, REG_DWORD), entry))
    error = caught.value
    assert isinstance(error, PolicyError)  # so the client stops on it as on a bad file
    message = str(error)
    assert f"{KEY}\\{entry[0]}" in message
    assert problem in message
    assert error.field == entry[0] and str(error.path) == f"{KEY}\\{entry[0]}"
    assert "Policy file" not in message


def test_a_key_that_cannot_be_read_stops_the_client() -> None:
    reg = FakeWinreg({KEY: complete()}, denied=True)
    with pytest.raises(
        RegistryPolicyError, match=r"ContactPoint: cannot be read: Access is denied"
    ):
        read_registry_policy(reg)


# --- Group Policy over the file -----------------------------------------------------------


def test_elsewhere_than_windows_only_the_file_counts(tmp_path: Path) -> None:
    reg = registry(*complete())
    path = write_file(tmp_path, file_policy(cache_hours=4))
    assert load_effective_policy("linux", path=path, winreg_module=reg) == load_machine_policy(path)
    assert reg.opened == []
    assert load_effective_policy("linux", path=tmp_path / "none.json", winreg_module=reg) is None


def test_windows_with_neither_is_no_policy(tmp_path: Path) -> None:
    assert on_windows(tmp_path, FakeWinreg({})) is None


def test_windows_file_alone_is_read_as_the_file(tmp_path: Path) -> None:
    data = file_policy(cache_hours=4, locked=["ca_file"])
    effective = on_windows(tmp_path, FakeWinreg({}), data)
    assert effective == load_machine_policy(tmp_path / "policy.json")


def test_windows_registry_alone_is_a_whole_policy(tmp_path: Path) -> None:
    effective = on_windows(tmp_path, registry(*complete()))
    assert effective == MachinePolicy(
        directory_url=URL,
        ca_file=Path(CA),
        pkcs11_module=Path(MODULE),
        idle_timeout_minutes=5,
        cache_hours=0,
        capture_protection=True,
        password_required=False,
        allow_training=False,
        locked=frozenset({"cache_hours", "idle_timeout_minutes"}),
    )


def test_the_registry_wins_field_by_field(tmp_path: Path) -> None:
    reg = registry(
        ("DirectoryUrl", URL, REG_SZ),
        ("IdleTimeoutMinutes", 5, REG_DWORD),
        ("CaptureProtection", 0, REG_DWORD),
    )
    data = file_policy(idle_timeout_minutes=30, cache_hours=2, capture_protection=True)
    effective = on_windows(tmp_path, reg, data)
    assert effective is not None
    # From Group Policy:
    assert effective.directory_url == URL
    assert effective.idle_timeout_minutes == 5
    assert effective.capture_protection is False
    # From the file, where Group Policy says nothing:
    assert effective.cache_hours == 2
    assert effective.ca_file == Path("/etc/contactpoint/ca.pem")


def test_locks_from_both_are_kept(tmp_path: Path) -> None:
    reg = registry(("Locked", ["cache_hours", "directory_url"], REG_MULTI_SZ))
    data = file_policy(locked=["directory_url", "capture_protection"])
    effective = on_windows(tmp_path, reg, data)
    assert effective is not None
    assert effective.locked == {"cache_hours", "directory_url", "capture_protection"}
    # Group Policy cannot unlock what the file locks, even with an empty list.
    effective = on_windows(tmp_path, registry(("Locked", [], REG_MULTI_SZ)), data)
    assert effective is not None and effective.locked == {"directory_url", "capture_protection"}


def test_a_registry_value_the_policy_rules_refuse_names_the_value(tmp_path: Path) -> None:
    reg = registry(("DirectoryUrl", "http://gp.example.org", REG_SZ))
    with pytest.raises(RegistryPolicyError) as caught:
        on_windows(tmp_path, reg, file_policy())
    message = str(caught.value)
    assert f"{KEY}\\DirectoryUrl" in message and "not https" in message
    assert "directory_url" in message


def test_card_objects_named_by_group_policy_are_checked_as_in_the_file(
    tmp_path: Path,
) -> None:
    reg = registry(("TokenAuthObject", "id:01", REG_SZ), ("TokenKmkObject", "label:K", REG_SZ))
    loaded = on_windows(tmp_path, reg, file_policy())
    assert loaded is not None
    assert (loaded.token_auth_object, loaded.token_kmk_object) == ("id:01", "label:K")
    with pytest.raises(RegistryPolicyError) as caught:
        on_windows(tmp_path, registry(("TokenKmkObject", "03", REG_SZ)), file_policy())
    assert f"{KEY}\\TokenKmkObject" in str(caught.value)
    assert "id:<hex> or label:<text>" in str(caught.value)


def test_a_bad_file_value_is_refused_even_where_the_registry_overrides_it(
    tmp_path: Path,
) -> None:
    reg = registry(("CacheHours", 4, REG_DWORD))
    with pytest.raises(PolicyError) as caught:
        on_windows(tmp_path, reg, file_policy(cache_hours="8"))
    assert not isinstance(caught.value, RegistryPolicyError)
    assert caught.value.path == tmp_path / "policy.json" and caught.value.field == "cache_hours"


def test_a_malformed_lock_list_in_the_file_is_blamed_on_the_file(tmp_path: Path) -> None:
    reg = registry(("Locked", ["cache_hours"], REG_MULTI_SZ))
    for bad in ("cache_hours", ["colour"]):
        with pytest.raises(PolicyError) as caught:
            on_windows(tmp_path, reg, file_policy(locked=bad))
        assert caught.value.path == tmp_path / "policy.json" and caught.value.field == "locked"


def test_a_required_field_set_by_neither_says_where_to_set_it(tmp_path: Path) -> None:
    data = file_policy()
    del data["pkcs11_module"]
    with pytest.raises(PolicyError) as caught:
        on_windows(tmp_path, registry(("CacheHours", 4, REG_DWORD)), data)
    message = str(caught.value)
    assert str(tmp_path / "policy.json") in message and "'pkcs11_module'" in message
    assert f"{KEY}\\Pkcs11Module" in message
    # Group Policy alone, without the file:
    with pytest.raises(RegistryPolicyError) as caught:
        on_windows(tmp_path, registry(("DirectoryUrl", URL, REG_SZ)))
    message = str(caught.value)
    assert f"{KEY}\\CaFile" in message and "required and missing" in message
    assert str(tmp_path / "absent.json") in message


def test_a_malformed_file_still_stops_the_client_on_windows(tmp_path: Path) -> None:
    path = tmp_path / "policy.json"
    path.write_text("{", encoding="utf-8")
    with pytest.raises(PolicyError, match="is not valid JSON") as caught:
        load_effective_policy("win32", path=path, winreg_module=registry(*complete()))
    assert caught.value.path == path


# --- the ADMX template and the Linux example ------------------------------------------------


def parsed(path: Path) -> ET.Element:
    # Well-formed XML or a ParseError here; these are our own files, not untrusted input.
    return ET.parse(path).getroot()  # noqa: S314


def admx_values() -> set[tuple[str, str, int | None, int | None]]:
    """(value name, registry type, low, high) for every value the template writes."""
    found: set[tuple[str, str, int | None, int | None]] = set()
    for policy in parsed(ADMX).iterfind("p:policies/p:policy", NS):
        name = policy.get("name")
        assert policy.get("key") == REGISTRY_KEY, name
        assert policy.get("class") == "Machine", name
        if value_name := policy.get("valueName"):
            # An on/off policy: Enabled writes one number, Disabled the other.
            on = policy.find("p:enabledValue/p:decimal", NS)
            off = policy.find("p:disabledValue/p:decimal", NS)
            assert on is not None and off is not None, name
            low, high = int(off.get("value", "")), int(on.get("value", ""))
            found.add((value_name, "REG_DWORD", low, high))
        for element in policy.iterfind("p:elements/*", NS):
            assert element.get("key") in (None, REGISTRY_KEY), name
            kind = element.tag.split("}")[1]
            value_name = element.get("valueName", "")
            if kind == "text":
                assert element.get("expandable") in (None, "false"), name
                found.add((value_name, "REG_SZ", None, None))
            elif kind == "decimal":
                assert element.get("storeAsText") in (None, "false"), name
                low, high = int(element.get("minValue", "0")), int(element.get("maxValue", ""))
                found.add((value_name, "REG_DWORD", low, high))
            elif kind == "enum":
                # A drop-down: each item writes its word, the words the policy accepts.
                words = tuple(v.text for v in element.iterfind("p:item/p:value/p:string", NS))
                assert words == CACHE_KEY_STORES, name
                found.add((value_name, "REG_SZ", None, None))
            elif kind == "multiText":
                found.add((value_name, "REG_MULTI_SZ", None, None))
            else:
                pytest.fail(f"unexpected element {kind} in {name}")
    return found


def test_the_admx_names_exactly_the_values_the_reader_reads() -> None:
    expected = {(v.name, v.type_name, v.low, v.high) for v in REGISTRY_VALUES}
    assert admx_values() == expected


def test_every_admx_reference_resolves_in_the_adml() -> None:
    admx, adml = parsed(ADMX), parsed(ADML)
    strings = {s.get("id"): s.text or "" for s in adml.iterfind(".//p:stringTable/p:string", NS)}
    presentations = {p.get("id"): p for p in adml.iterfind(".//p:presentationTable/*", NS)}
    admx_text = ADMX.read_text(encoding="utf-8")
    assert set(re.findall(r"\$\(string\.(\w+)\)", admx_text)) <= set(strings)
    for policy in admx.iterfind("p:policies/p:policy", NS):
        ids = {element.get("id") for element in policy.iterfind("p:elements/*", NS)}
        reference = policy.get("presentation")
        if not ids:
            assert reference is None, policy.get("name")
            continue
        match = re.fullmatch(r"\$\(presentation\.(\w+)\)", reference or "")
        assert match, policy.get("name")
        assert {child.get("refId") for child in presentations[match.group(1)]} == ids
    categories = {category.get("name") for category in admx.iterfind(".//p:category", NS)}
    for parent in admx.iterfind(".//p:parentCategory", NS):
        assert parent.get("ref") in categories
    supported = {d.get("name") for d in admx.iterfind(".//p:supportedOn/p:definitions/*", NS)}
    for policy in admx.iterfind("p:policies/p:policy", NS):
        reference_element = policy.find("p:supportedOn", NS)
        assert reference_element is not None and reference_element.get("ref") in supported
    # The lock list's help names every setting that can be locked, exactly as spelled.
    for name in LOCKABLE:
        assert re.search(rf"^{name} \(", strings["Locked_Help"], re.MULTILINE), name


def test_the_linux_example_is_a_valid_policy_with_every_field() -> None:
    data = json.loads(EXAMPLE.read_text(encoding="utf-8"))
    every = {f.name for f in fields(MachinePolicy)}
    assert set(data) == every
    assert set(data["locked"]) <= LOCKABLE and data["locked"]
    policy = load_machine_policy(EXAMPLE)
    assert not policy.training and policy.directory_url.startswith("https://")
    documented = EXAMPLE_DOC.read_text(encoding="utf-8")
    for name in every:
        assert f"| `{name}` |" in documented, name
