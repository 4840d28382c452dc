"""tpm2-pkcs11 on a software TPM: the stack starts and stops, provisioning works, and the
tokens log in, sign, unwrap and lock out as `smartcard.tpm2`'s docstring records."""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import secrets
import select
import signal
import subprocess
import sys
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import Any, TypeVar

import pkcs11
import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec, padding, rsa
from cryptography.hazmat.primitives.asymmetric.utils import encode_dss_signature
from cryptography.x509.oid import ExtendedKeyUsageOID
from pkcs11 import MGF, Attribute, KeyType, Mechanism, ObjectClass, TokenFlag

from desktop.signin import PIN_LOCKED_UNREPORTED, failure_sentence
from smartcard import (
    ModuleMissing,
    PinLocked,
    Pkcs11Module,
    ProvisionedToken,
    WrongPin,
    open_module,
    tpm2,
)
from smartcard.labels import AUTH_ID, AUTH_LABEL, KMK_ID, KMK_LABEL
from smartcard.provisioning import random_pin
from smartcard.pubkeys import to_cryptography
from tests.smartcard.conftest import Training
from tests.smartcard.tpm2_support import Tpm2Training, _unavailable

T = TypeVar("T")
_P256 = 32
_SOURCE_ROOT = Path(__file__).resolve().parents[2]  # where `smartcard` is, for children


def _on_worker(
    module: Pkcs11Module, token: ProvisionedToken, work: Callable[[pkcs11.Session], T]
) -> T:
    """`work` in a session logged in with the user PIN, on the module's worker thread."""

    def run() -> T:
        lib = pkcs11.lib(str(module.path))  # the already-loaded library (python-pkcs11 caches)
        with lib.get_token(token_label=token.label).open(user_pin=token.user_pin) as session:
            return work(session)

    return module.worker.run(run)


def _by_id(session: pkcs11.Session, cls: ObjectClass, key_id: bytes) -> Any:
    found = list(session.get_objects({Attribute.CLASS: cls, Attribute.ID: key_id}))
    assert len(found) == 1, f"{cls!r} with CKA_ID {key_id.hex()}: {len(found)} objects"
    return found[0]


def _certificate(session: pkcs11.Session, key_id: bytes) -> x509.Certificate:
    der = _by_id(session, ObjectClass.CERTIFICATE, key_id)[Attribute.VALUE]
    return x509.load_der_x509_certificate(bytes(der))


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except FileNotFoundError:
        return False
    return state != "Z"  # a zombie has exited; only its parent's wait() is missing


def test_the_stack_starts_and_every_process_is_gone_after(tmp_path: Path) -> None:
    try:
        with tpm2.running(tmp_path / "tpm") as stack:
            pids = stack.pids
            assert len(set(pids)) == 3 and all(_alive(pid) for pid in pids)
            assert stack.variables()["TPM2_PKCS11_STORE"] == str(stack.store)
            # The broker answers: a tool reaches the TPM through it on the private bus.
            tpm2.reset_lockout(stack)
    except ModuleMissing as exc:
        _unavailable(str(exc))
    assert not [pid for pid in pids if _alive(pid)]


def test_a_killed_test_run_leaves_no_process_behind(tmp_path: Path) -> None:
    # A child process starts a stack, reports its pids and is killed before it can stop it.
    script = (
        "import sys; from pathlib import Path; from smartcard import tpm2\n"
        "with tpm2.running(Path(sys.argv[1])) as stack:\n"
        "    print(*stack.pids, flush=True); sys.stdin.read()\n"
    )
    child = subprocess.Popen(  # noqa: S603 - our own interpreter and script
        [sys.executable, "-c", script, str(tmp_path / "tpm")],
        cwd=_SOURCE_ROOT,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert child.stdout is not None
    line = child.stdout.readline()
    if not line:
        child.wait()
        _unavailable("a child could not start the stack")
    pids = [int(pid) for pid in line.split()]
    handles = [os.pidfd_open(pid) for pid in pids]
    try:
        child.kill()
        child.wait()
        for handle in handles:  # a pidfd becomes readable when its process exits
            readable, _, _ = select.select([handle], [], [], 30)
            assert readable, "a process of the killed stack is still running"
    finally:
        for handle in handles:
            with contextlib.suppress(ProcessLookupError):  # a failed run tidies up after itself
                signal.pidfd_send_signal(handle, signal.SIGKILL)
            os.close(handle)
        assert child.stdin is not None
        child.stdin.close()
        child.stdout.close()


def test_a_missing_module_is_named(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("TPM2_PKCS11_MODULE", str(tmp_path / "libnothing.so"))
    with pytest.raises(ModuleMissing, match="libtpm2-pkcs11-1"):
        tpm2.find_module()


def test_tokens_report_one_serial_and_the_library_adds_an_empty_slot(
    tpm2_module: Pkcs11Module, tpm2_training: Tpm2Training
) -> None:
    tokens = {info.label: info for info in tpm2_module.tokens()}
    assert {tpm2_training.ec.label, tpm2_training.rsa.label} <= set(tokens)
    # The finding the client must live with: serials cannot tell these tokens apart.
    assert {tokens[label].serial for label in tokens} == {"0000000000000000"}
    assert open_module(tpm2_training.stack.module) is tpm2_module

    def slots() -> list[tuple[str, int]]:
        lib = pkcs11.lib(str(tpm2_module.path))
        return [(s.get_token().label, int(s.get_token().flags)) for s in lib.get_slots()]

    uninitialised = [
        f for _, f in tpm2_module.worker.run(slots) if not f & TokenFlag.TOKEN_INITIALIZED
    ]
    assert len(uninitialised) == 1


def test_the_softhsm_templates_are_refused_and_a_later_token_is_not_seen(
    tpm2_module: Pkcs11Module, tpm2_training: Tpm2Training
) -> None:
    stack, pin = tpm2_training.stack, random_pin()
    tpm2.init_token(stack, "late", random_pin(8), pin)
    request = {"module": str(stack.module), "label": "late", "pin": pin, "auth_key": "ec-p256"}
    refused = subprocess.run(  # noqa: S603 - our own interpreter and module
        [sys.executable, "-m", "smartcard.provision_worker", "generate"],
        input=json.dumps(request),
        env=stack.environment(),
        cwd=_SOURCE_ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert refused.returncode == 1
    assert "GeneralError" in json.loads(refused.stdout)["error"]
    # This process loaded the library before "late" existed, and never sees it.
    assert "late" not in {info.label for info in tpm2_module.tokens()}


@pytest.mark.parametrize("which", ["ec", "rsa"])
def test_provisioned_token_holds_both_key_pairs_and_certificates_under_other_labels(
    tpm2_module: Pkcs11Module, tpm2_training: Tpm2Training, which: str
) -> None:
    token: ProvisionedToken = getattr(tpm2_training, which)

    def read(session: pkcs11.Session) -> dict[str, Any]:
        labels = {str(obj[Attribute.LABEL]) for obj in session.get_objects()}
        auth_private = _by_id(session, ObjectClass.PRIVATE_KEY, AUTH_ID)
        kmk_private = _by_id(session, ObjectClass.PRIVATE_KEY, KMK_ID)
        return {
            "labels": labels,
            "auth_certificate": _certificate(session, AUTH_ID),
            "kmk_certificate": _certificate(session, KMK_ID),
            "auth_public": to_cryptography(_by_id(session, ObjectClass.PUBLIC_KEY, AUTH_ID)),
            "kmk_public": to_cryptography(_by_id(session, ObjectClass.PUBLIC_KEY, KMK_ID)),
            "auth_type": auth_private.key_type,
            "kmk_type": kmk_private.key_type,
            "sensitive": [k[Attribute.SENSITIVE] for k in (auth_private, kmk_private)],
            "extractable": [k[Attribute.EXTRACTABLE] for k in (auth_private, kmk_private)],
        }

    found = _on_worker(tpm2_module, token, read)
    assert not found["labels"] & {AUTH_LABEL, KMK_LABEL}
    assert found["auth_type"] == (KeyType.EC if which == "ec" else KeyType.RSA)
    assert found["kmk_type"] == KeyType.RSA
    assert found["sensitive"] == [True, True] and found["extractable"] == [False, False]

    auth: x509.Certificate = found["auth_certificate"]
    auth.verify_directly_issued_by(tpm2_training.ca.certificate)
    usage = auth.extensions.get_extension_for_class(x509.KeyUsage).value
    assert usage.digital_signature and not usage.key_encipherment
    eku = auth.extensions.get_extension_for_class(x509.ExtendedKeyUsage).value
    assert ExtendedKeyUsageOID.CLIENT_AUTH in eku
    assert auth.public_key() == found["auth_public"]
    assert auth.fingerprint(hashes.SHA256()).hex() == token.fingerprint_sha256
    assert x509.load_pem_x509_certificate(token.certificate_path.read_bytes()) == auth

    kmk: x509.Certificate = found["kmk_certificate"]
    kmk.verify_directly_issued_by(tpm2_training.ca.certificate)
    usage = kmk.extensions.get_extension_for_class(x509.KeyUsage).value
    assert usage.key_encipherment and not usage.digital_signature
    with pytest.raises(x509.ExtensionNotFound):
        kmk.extensions.get_extension_for_class(x509.ExtendedKeyUsage)
    assert kmk.public_key() == found["kmk_public"]


def test_mechanisms_are_as_recorded(tpm2_module: Pkcs11Module, tpm2_training: Tpm2Training) -> None:
    def mechanisms() -> set[Mechanism]:
        lib = pkcs11.lib(str(tpm2_module.path))
        return set(lib.get_token(token_label=tpm2_training.ec.label).slot.get_mechanisms())

    offered = tpm2_module.worker.run(mechanisms)
    assert {
        Mechanism.ECDSA,
        Mechanism.ECDSA_SHA256,
        Mechanism.RSA_PKCS_PSS,
        Mechanism.SHA256_RSA_PKCS_PSS,
        Mechanism.RSA_PKCS_OAEP,
    } <= offered
    assert Mechanism.ECDH1_DERIVE not in offered


def test_ecdsa_signatures_verify_with_the_certificate_key(
    tpm2_module: Pkcs11Module, tpm2_training: Tpm2Training
) -> None:
    message = b"contactpoint-auth-v1\n" + secrets.token_bytes(16)

    def sign(session: pkcs11.Session) -> tuple[bytes, bytes, x509.Certificate]:
        key = _by_id(session, ObjectClass.PRIVATE_KEY, AUTH_ID)
        prehashed = key.sign(hashlib.sha256(message).digest(), mechanism=Mechanism.ECDSA)
        whole = key.sign(message, mechanism=Mechanism.ECDSA_SHA256)
        return bytes(prehashed), bytes(whole), _certificate(session, AUTH_ID)

    prehashed, whole, certificate = _on_worker(tpm2_module, tpm2_training.ec, sign)
    public = certificate.public_key()
    assert isinstance(public, ec.EllipticCurvePublicKey)
    for raw in (prehashed, whole):
        assert len(raw) == 2 * _P256
        der = encode_dss_signature(
            int.from_bytes(raw[:_P256], "big"), int.from_bytes(raw[_P256:], "big")
        )
        public.verify(der, message, ec.ECDSA(hashes.SHA256()))


def test_rsa_pss_signature_verifies_with_the_certificate_key(
    tpm2_module: Pkcs11Module, tpm2_training: Tpm2Training
) -> None:
    message = b"contactpoint-auth-v1\n" + secrets.token_bytes(16)

    def sign(session: pkcs11.Session) -> tuple[bytes, x509.Certificate]:
        key = _by_id(session, ObjectClass.PRIVATE_KEY, AUTH_ID)
        signature = key.sign(
            message,
            mechanism=Mechanism.SHA256_RSA_PKCS_PSS,
            mechanism_param=(Mechanism.SHA256, MGF.SHA256, 32),
        )
        return bytes(signature), _certificate(session, AUTH_ID)

    signature, certificate = _on_worker(tpm2_module, tpm2_training.rsa, sign)
    public = certificate.public_key()
    assert isinstance(public, rsa.RSAPublicKey)
    pss = padding.PSS(mgf=padding.MGF1(hashes.SHA256()), salt_length=32)
    public.verify(signature, message, pss, hashes.SHA256())
    with pytest.raises(Exception):  # noqa: B017 - any failure: a different message must not verify
        public.verify(signature, message + b"!", pss, hashes.SHA256())


@pytest.mark.parametrize(
    ("digest", "mgf", "mechanism_hash"),
    [(hashes.SHA1, MGF.SHA1, Mechanism.SHA_1), (hashes.SHA256, MGF.SHA256, Mechanism.SHA256)],
    ids=["sha1", "sha256"],
)
def test_oaep_unwraps_a_key_wrapped_in_software_for_the_kmk_certificate(
    tpm2_module: Pkcs11Module,
    tpm2_training: Tpm2Training,
    digest: type[hashes.HashAlgorithm],
    mgf: MGF,
    mechanism_hash: Mechanism,
) -> None:
    token = tpm2_training.ec
    certificate = _on_worker(tpm2_module, token, lambda s: _certificate(s, KMK_ID))
    public = certificate.public_key()
    assert isinstance(public, rsa.RSAPublicKey)
    cache_key = os.urandom(32)
    wrapped = public.encrypt(
        cache_key, padding.OAEP(mgf=padding.MGF1(digest()), algorithm=digest(), label=None)
    )

    def unwrap(session: pkcs11.Session) -> bytes:
        key = _by_id(session, ObjectClass.PRIVATE_KEY, KMK_ID)
        plain = key.decrypt(
            wrapped, mechanism=Mechanism.RSA_PKCS_OAEP, mechanism_param=(mechanism_hash, mgf, None)
        )
        return bytes(plain)

    assert _on_worker(tpm2_module, token, unwrap) == cache_key


@pytest.mark.usefixtures("lockout_reset")
def test_wrong_pins_lock_every_token_and_the_flags_never_say_so(
    tpm2_module: Pkcs11Module, tpm2_training: Tpm2Training
) -> None:
    ec_token, rsa_token = tpm2_training.ec, tpm2_training.rsa
    flags_before = tpm2_module.pin_state(ec_token.label)
    assert not flags_before.tries_unknown  # nothing known yet: nothing said
    token = tpm2_module.open_token(ec_token.label)
    with pytest.raises(WrongPin) as wrong:
        token.login(bytearray(b"000000"))
    # The flags did not move, so the client now knows this token does not count aloud,
    # and says so instead of implying tries remain.
    after = tpm2_module.pin_state(ec_token.label)
    assert replace(after, tries_unknown=False) == flags_before and after.tries_unknown
    assert "does not say how many remain" in str(wrong.value)
    # The lockout counts wrong PINs on any token of the TPM: two more on the other one...
    other = tpm2_module.open_token(rsa_token.label)
    for _ in range(2):
        with pytest.raises(WrongPin):
            other.login(bytearray(b"000000"))
    # ... and now the right PIN is refused on both, while the flags still show nothing,
    # and the words do not blame the card whose PIN was right.
    with pytest.raises(PinLocked) as locked:
        token.login(bytearray(ec_token.user_pin.encode()))
    assert locked.value.pin_state is not None and not locked.value.pin_state.locked
    assert failure_sentence(locked.value) == PIN_LOCKED_UNREPORTED
    with pytest.raises(PinLocked):
        other.login(bytearray(rsa_token.user_pin.encode()))
    for label in (ec_token.label, rsa_token.label):
        assert replace(tpm2_module.pin_state(label), tries_unknown=False) == flags_before
    tpm2.reset_lockout(tpm2_training.stack)
    token.login(bytearray(ec_token.user_pin.encode()))
    assert token.logged_in
    token.logout()


def test_softhsm_and_tpm2_work_in_one_process(
    module: Pkcs11Module, training: Training, tpm2_module: Pkcs11Module, tpm2_training: Tpm2Training
) -> None:
    assert module is not tpm2_module
    assert training.ec.label in {info.label for info in module.tokens()}
    assert tpm2_training.ec.label in {info.label for info in tpm2_module.tokens()}
    for loaded, provisioned in ((module, training.ec), (tpm2_module, tpm2_training.ec)):
        token = loaded.open_token(provisioned.label)
        token.login(bytearray(provisioned.user_pin.encode()))
        assert token.logged_in
        token.logout()
