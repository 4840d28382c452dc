"""The runtime path against real SoftHSM: tokens, PIN login, signing and unwrapping."""

from __future__ import annotations

import os
import secrets
import threading
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec, padding, rsa

from devices import DeviceWorker
from smartcard import (
    ModuleMissing,
    NotLoggedIn,
    NoToken,
    Pkcs11Module,
    Token,
    WrongPin,
    open_module,
    wrap_for_token,
)
from tests.smartcard.conftest import Training


def pin_of(text: str) -> bytearray:
    return bytearray(text.encode())


def auth_message(origin: str = "https://127.0.0.1:8443") -> bytes:
    """A login message exactly as DESIGN.md 3.7 builds it."""
    challenge_id = secrets.token_urlsafe(16)
    nonce = "q2Vf0sZ6yQbq9mJ0mN5k8A=="
    return f"contactpoint-auth-v1\n{origin}\n{challenge_id}\n{nonce}".encode()


def test_module_missing_for_a_path_that_does_not_exist(tmp_path: Path) -> None:
    with pytest.raises(ModuleMissing, match="does not exist"):
        open_module(tmp_path / "libnothing.so")


def test_module_missing_for_a_file_that_is_not_a_library(tmp_path: Path) -> None:
    bogus = tmp_path / "libbogus.so"
    bogus.write_text("not a shared object")
    with pytest.raises(ModuleMissing, match="not a loadable PKCS#11 module"):
        open_module(bogus)


def test_lists_the_provisioned_tokens(module: Pkcs11Module, training: Training) -> None:
    tokens = {info.label: info for info in module.tokens()}
    assert {"alice", "bob", "carol"} <= set(tokens)
    assert tokens["alice"].manufacturer == "SoftHSM project"
    assert tokens["alice"].serial
    assert open_module(training.home.module) is module  # loaded once per process


def test_no_token_for_an_unknown_label(module: Pkcs11Module) -> None:
    with pytest.raises(NoToken):
        module.open_token("nobody")
    with pytest.raises(NoToken):
        module.pin_state("nobody")


def test_certificate_is_readable_without_the_pin(ec_token: Token, training: Training) -> None:
    der = ec_token.certificate_der()
    assert der == training.ec.certificate_der
    x509.load_der_x509_certificate(der).verify_directly_issued_by(training.ca.certificate)
    assert not ec_token.logged_in


def test_login_with_the_right_pin_zeroes_it(ec_token: Token, training: Training) -> None:
    pin = pin_of(training.ec.user_pin)
    ec_token.login(pin)
    assert ec_token.logged_in
    assert pin == bytearray(len(training.ec.user_pin))


def test_wrong_pin_raises_wrong_pin_zeroes_it_and_reports_the_state(
    module: Pkcs11Module, training: Training
) -> None:
    token = module.open_token(training.wrong_pin.label)
    pin = pin_of("000000" if training.wrong_pin.user_pin != "000000" else "111111")
    with pytest.raises(WrongPin) as caught:
        token.login(pin)
    assert pin == bytearray(6)
    assert not token.logged_in
    # SoftHSM 2.6 reports CKF_USER_PIN_COUNT_LOW after a failed login but no count, and
    # never sets FINAL_TRY or LOCKED (hence the fake token for those).
    state = caught.value.pin_state
    assert state is not None and state.count_low and not state.locked
    assert module.pin_state(training.wrong_pin.label) == state
    assert training.wrong_pin.user_pin not in str(caught.value)
    # The right PIN still works afterwards: nothing was retried or locked behind our back.
    token.login(pin_of(training.wrong_pin.user_pin))
    assert not token.pin_state().count_low
    token.logout()


def test_signing_needs_the_pin_first(ec_token: Token) -> None:
    with pytest.raises(NotLoggedIn):
        ec_token.sign(auth_message())


def test_ec_signature_verifies_against_the_certificate(ec_token: Token, training: Training) -> None:
    ec_token.login(pin_of(training.ec.user_pin))
    message = auth_message()
    signature = ec_token.sign(message)
    public = x509.load_der_x509_certificate(ec_token.certificate_der()).public_key()
    assert isinstance(public, ec.EllipticCurvePublicKey)
    public.verify(signature, message, ec.ECDSA(hashes.SHA256()))  # DER-encoded ECDSA


def test_rsa_signature_is_pss_and_verifies(rsa_token: Token, training: Training) -> None:
    rsa_token.login(pin_of(training.rsa.user_pin))
    message = auth_message()
    signature = rsa_token.sign(message)
    public = x509.load_der_x509_certificate(training.rsa.certificate_der).public_key()
    assert isinstance(public, rsa.RSAPublicKey)
    pss = padding.PSS(mgf=padding.MGF1(hashes.SHA256()), salt_length=32)
    public.verify(signature, message, pss, hashes.SHA256())


def test_unwrap_round_trips_a_32_byte_key(ec_token: Token, training: Training) -> None:
    key = os.urandom(32)
    wrapped = wrap_for_token(ec_token.key_management(), key)
    with pytest.raises(NotLoggedIn):
        ec_token.unwrap(wrapped)
    ec_token.login(pin_of(training.ec.user_pin))
    assert ec_token.unwrap(wrapped) == key


def test_pkcs11_calls_happen_on_the_worker_thread_only(
    module: Pkcs11Module, ec_token: Token, training: Training, monkeypatch: pytest.MonkeyPatch
) -> None:
    seen: set[int] = set()
    original = DeviceWorker.assert_current

    def recording(self: DeviceWorker) -> None:
        seen.add(threading.get_ident())
        original(self)

    monkeypatch.setattr(DeviceWorker, "assert_current", recording)
    ec_token.login(pin_of(training.ec.user_pin))

    def work(_: int) -> None:
        module.tokens()
        ec_token.pin_state()
        ec_token.sign(auth_message())

    with ThreadPoolExecutor(4) as pool:
        list(pool.map(work, range(8)))
    assert seen == {module.worker.thread_ident}
    assert threading.get_ident() not in seen
