"""Only the user's token (and PIN) opens the cache: encryption at rest, the wrapped key in
the keyring, other users, renewed certificates, lost keys, and the keyring backends that
production refuses."""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import logging
import sqlite3
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import keyring
import platformdirs
import pytest
import sqlcipher3
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID
from keyring.backend import KeyringBackend
from keyring.backends import chainer, fail, null

from smartcard.errors import NotLoggedIn, TokenRemoved
from sync.cache import (
    InsecureKeyring,
    KeyringUnavailable,
    KeyStore,
    default_path,
    fingerprint,
    require_secure_backend,
)
from sync.cache.keys import wrap
from sync.cache.memory_keyring import MemoryKeyring
from tests.sync.cache_support import PIN, User, card, view

SECRETS = ("Zzsecretfamily", "Zzsecretgiven", "ZZ9 9ZZ", "Zzcarername", "Zzschoolname")


def _sensitive_view() -> dict[str, object]:
    return view(
        family="Zzsecretfamily",
        given="Zzsecretgiven",
        address={"line1": "1 Zzstreet", "postcode": "ZZ9 9ZZ", "state": "current"},
        carers=[{"name": "Zzcarername", "phone": "07000 000000"}],
        school={"name": "Zzschoolname", "phone": "0113 000 0000"},
    )


@pytest.fixture
def user(tmp_path: Path) -> User:
    return User(tmp_path)


@pytest.fixture
def filled(user: User) -> Iterator[User]:
    """The user after one session that cached a view."""
    with user.open() as cache:
        assert cache.put("479755171614", _sensitive_view(), user.clock.now)
    yield user


def _cached(user: User) -> dict[str, object] | None:
    with user.open() as cache:
        record = cache.get("479755171614")
    return None if record is None else record.body


# --- encryption at rest ------------------------------------------------------------------


def test_no_name_postcode_or_carer_is_on_disk_in_the_clear(filled: User) -> None:
    for path in filled.folder.iterdir():
        data = path.read_bytes()
        for secret in SECRETS:
            for encoding in ("utf-8", "utf-16-le", "utf-16-be"):
                assert secret.encode(encoding) not in data, (path.name, secret)


def test_plain_sqlite_cannot_read_the_file(filled: User) -> None:
    plain = sqlite3.connect(filled.file)
    try:
        with pytest.raises(sqlite3.DatabaseError, match="not a database"):
            plain.execute("SELECT * FROM sqlite_master").fetchall()
    finally:
        plain.close()


def test_sqlcipher_with_another_key_cannot_read_the_file(filled: User) -> None:
    other = sqlcipher3.connect(str(filled.file))
    try:
        other.set_key(bytearray(b"x'" + b"ab" * 32 + b"'"))
        with pytest.raises(sqlcipher3.DatabaseError, match="not a database"):
            other.execute("SELECT count(*) FROM sqlite_master").fetchone()
    finally:
        other.close()


def test_the_file_opens_with_the_raw_key_the_token_unwraps(filled: User) -> None:
    # The design end to end: the keyring holds the key wrapped for this token; the token
    # unwraps 32 bytes; they open the file as a raw SQLCipher key (no passphrase KDF).
    entry = filled.keyring_entry
    assert entry is not None
    prefix, _, encoded = entry.partition(":")
    assert prefix == "cp-cache-1"
    key = filled.token.unwrap(base64.b64decode(encoded))
    assert len(key) == 32
    direct = sqlcipher3.connect(str(filled.file))
    try:
        direct.set_key(bytearray(b"x'" + key.hex().encode() + b"'"))
        assert direct.execute("SELECT cp_id FROM entries").fetchall() == [("479755171614",)]
    finally:
        direct.close()


def test_the_file_and_its_folder_are_private_to_the_user(filled: User) -> None:
    assert filled.file.stat().st_mode & 0o777 == 0o600
    assert filled.folder.stat().st_mode & 0o777 == 0o700


def test_an_existing_file_with_loose_permissions_is_tightened(filled: User) -> None:
    filled.file.chmod(0o644)
    assert _cached(filled) is not None
    assert filled.file.stat().st_mode & 0o777 == 0o600


# --- the token and its PIN ---------------------------------------------------------------


def test_without_the_pin_the_cache_does_not_open_and_the_file_is_kept(filled: User) -> None:
    filled.token.logout()
    before = filled.file.read_bytes()
    with pytest.raises(NotLoggedIn):
        filled.open()
    assert filled.file.read_bytes() == before
    filled.token.login(bytearray(PIN.encode()))
    assert _cached(filled) == _sensitive_view()


def test_a_removed_token_opens_nothing_and_the_file_is_kept(filled: User) -> None:
    filled.token.remove()
    with pytest.raises(TokenRemoved):
        filled.open()
    assert filled.file.exists()


def test_a_fresh_cache_needs_no_pin_until_the_first_view_is_kept(user: User) -> None:
    user.token.logout()  # wrapping needs only the public key
    with user.open() as cache:
        assert cache.get("479755171614") is None
        assert cache.put("479755171614", view(), user.clock.now)
    assert user.file.exists()


# --- other users, renewed certificates, lost keys ----------------------------------------


def test_another_user_gets_a_fresh_cache_and_the_first_users_file_is_untouched(
    filled: User,
) -> None:
    before = filled.file.read_bytes()
    other = User(filled.folder, token=card("bob"), keyring=filled.keyring, clock=filled.clock)
    assert other.file != filled.file
    with other.open() as cache:
        assert cache.get("479755171614") is None
        assert cache.search("Zzsecretfamily") == []
        cache.put("097789160387", view("097789160387"), other.clock.now)
    assert filled.file.read_bytes() == before
    assert _cached(filled) == _sensitive_view()


def test_another_token_cannot_open_the_file_even_with_the_users_certificate(
    filled: User, caplog: pytest.LogCaptureFixture
) -> None:
    # Presenting alice's certificate with bob's token: bob's token cannot unwrap the key.
    intruder = card("bob")
    with caplog.at_level(logging.WARNING), filled.open(token=intruder) as cache:
        assert cache.get("479755171614") is None
        assert cache.search("Zzsecretfamily") == []
    assert [r.getMessage() for r in caplog.records] == [
        "The offline cache could not be used (it cannot be read with this user's key: "
        "unwrap); it was removed and a fresh one will be started."
    ]


def _renewed(certificate_der: bytes) -> bytes:
    """A new certificate for the same person (new key, new serial): a new fingerprint."""
    old = x509.load_der_x509_certificate(certificate_der)
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "Zztest renewed")])
    now = dt.datetime.now(dt.UTC)
    certificate = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(old.serial_number + 1)
        .not_valid_before(now)
        .not_valid_after(now + dt.timedelta(days=365))
        .sign(key, hashes.SHA256())
    )
    return certificate.public_bytes(serialization.Encoding.DER)


def test_a_changed_certificate_means_a_fresh_cache(filled: User) -> None:
    renewed = User(filled.folder, token=filled.token, keyring=filled.keyring, clock=filled.clock)
    renewed.certificate = _renewed(filled.certificate)
    renewed.path = filled.folder / "renewed.db"
    with renewed.open() as cache:
        assert cache.get("479755171614") is None
    assert filled.file.exists()  # a day later the sweep removes it (test_cache_expiry)


def test_a_changed_certificate_at_the_same_path_replaces_the_old_file(
    filled: User, caplog: pytest.LogCaptureFixture
) -> None:
    old_entry = filled.keyring_entry
    filled.certificate = _renewed(filled.certificate)
    with caplog.at_level(logging.WARNING), filled.open() as cache:
        assert cache.get("479755171614") is None
        assert not filled.file.exists()
        assert cache.put("479755171614", view(), filled.clock.now)
    assert len(caplog.records) == 1
    assert "no longer in the system keyring" in caplog.records[0].getMessage()
    assert filled.keyring_entry not in (None, old_entry)


def test_a_lost_keyring_entry_means_a_fresh_cache_not_an_error(
    filled: User, caplog: pytest.LogCaptureFixture
) -> None:
    filled.keyring.entries.clear()
    with caplog.at_level(logging.WARNING), filled.open() as cache:
        assert cache.get("479755171614") is None
        assert not filled.file.exists()
        assert cache.put("097789160387", view("097789160387"), filled.clock.now)
        assert cache.get("097789160387") is not None
    assert len(caplog.records) == 1
    assert filled.keyring_entry is not None


@pytest.mark.parametrize("entry", ["not-ours", "cp-cache-1:***", "cp-cache-1:"])
def test_a_garbled_keyring_entry_counts_as_lost(filled: User, entry: str) -> None:
    filled.keyring.entries[next(iter(filled.keyring.entries))] = entry
    assert _cached(filled) is None
    assert filled.keyring_entry is None  # forgotten with the file it no longer opens


def test_a_key_wrapped_for_this_token_that_does_not_open_the_file_is_detected(
    filled: User, caplog: pytest.LogCaptureFixture
) -> None:
    stranger_key = bytearray(b"\x01" * 32)
    filled.keystore.save(filled.keyring_entry_name, wrap(filled.token, stranger_key))
    with caplog.at_level(logging.WARNING), filled.open() as cache:
        assert cache.get("479755171614") is None
    assert [r.getMessage() for r in caplog.records] == [
        "The offline cache could not be used (it cannot be read with this user's key: "
        "SQLITE_NOTADB); it was removed and a fresh one will be started."
    ]
    assert not filled.file.exists()


def test_a_locked_keyring_leaves_the_file_for_later(filled: User) -> None:
    filled.keyring.locked = True
    with pytest.raises(KeyringUnavailable):
        filled.open()
    assert filled.file.exists()
    filled.keyring.locked = False
    assert _cached(filled) == _sensitive_view()


def test_a_keyring_that_refuses_writes_means_nothing_is_kept(
    user: User, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.WARNING), user.open() as cache:
        user.keyring.locked = True
        assert not cache.put("479755171614", view(), user.clock.now)
        assert cache.get("479755171614") is None
    assert not user.file.exists()
    assert [r.getMessage() for r in caplog.records] == [
        "The offline cache could not be started (KeyringUnavailable); records are not kept offline."
    ]


# --- which keyrings production accepts ---------------------------------------------------


class _Trusted:
    """Stands for an OS keyring (Secret Service, Keychain, Credential Locker).

    Deliberately not a KeyringBackend subclass: `keyring` registers every subclass and
    could pick one with a high priority as this process's default keyring.
    """

    priority = 5.0


class PlaintextKeyring(_Trusted):
    """Named as keyrings.alt names its file backend, and claiming a high priority."""


def _with_priority(base: type[_Trusted], value: float) -> KeyringBackend:
    kind = type(base.__name__, (base,), {"priority": value, "__module__": __name__})
    backend: KeyringBackend = kind()
    return backend


def test_an_os_keyring_is_accepted() -> None:
    require_secure_backend(_with_priority(_Trusted, 5))
    KeyStore(_with_priority(_Trusted, 4.9))


@pytest.mark.parametrize(
    "backend",
    [
        pytest.param(fail.Keyring(), id="fail"),
        pytest.param(null.Keyring(), id="null"),
        pytest.param(_with_priority(_Trusted, 0.5), id="not-recommended"),
        pytest.param(_with_priority(PlaintextKeyring, 5), id="plaintext"),
        pytest.param(MemoryKeyring(), id="in-memory-outside-tests"),
    ],
)
def test_keyrings_that_do_not_protect_the_key_are_refused(backend: KeyringBackend) -> None:
    with pytest.raises(InsecureKeyring, match="offline cache is turned off"):
        KeyStore(backend)


def test_a_chain_is_only_as_good_as_its_weakest_keyring(monkeypatch: pytest.MonkeyPatch) -> None:
    links = [_with_priority(_Trusted, 5), _with_priority(_Trusted, 0.5)]
    monkeypatch.setattr(chainer.ChainerBackend, "backends", links)
    with pytest.raises(InsecureKeyring):
        require_secure_backend(chainer.ChainerBackend())
    monkeypatch.setattr(chainer.ChainerBackend, "backends", links[:1])
    require_secure_backend(chainer.ChainerBackend())
    monkeypatch.setattr(chainer.ChainerBackend, "backends", [])
    with pytest.raises(InsecureKeyring, match="No system keyring"):
        require_secure_backend(chainer.ChainerBackend())


def test_the_system_keyring_is_checked_too() -> None:
    previous = keyring.get_keyring()
    keyring.set_keyring(fail.Keyring())
    try:
        with pytest.raises(InsecureKeyring):
            KeyStore.system()
    finally:
        keyring.set_keyring(previous)


def test_the_connection_runs_with_memory_security_secure_delete_and_temp_in_memory(
    user: User, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A spy on connect (the real one runs) hands the test the connection to ask.
    made: list[Any] = []
    real_connect = sqlcipher3.connect

    def connect(*args: Any, **kwargs: Any) -> Any:
        made.append(real_connect(*args, **kwargs))
        return made[-1]

    monkeypatch.setattr(sqlcipher3, "connect", connect)
    with user.open() as cache:
        cache.put("479755171614", view(), user.clock.now)
        (connection,) = made

        def settings() -> tuple[Any, ...]:
            return tuple(
                connection.execute(f"PRAGMA {name}").fetchone()[0]
                for name in ("cipher_memory_security", "secure_delete", "temp_store")
            )

        assert cache.worker.run(settings) == ("1", 1, 2)


def test_each_certificate_has_its_own_file_in_the_user_data_folder(user: User) -> None:
    other = card("bob").certificate_der()
    path = default_path(user.certificate)
    assert path.parent == platformdirs.user_data_path("ContactPoint", appauthor=False) / "cache"
    assert path.name == f"{hashlib.sha256(user.certificate).hexdigest()[:16]}.db"
    assert default_path(other) != path
    assert fingerprint(user.certificate) == hashlib.sha256(user.certificate).hexdigest()
