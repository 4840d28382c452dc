"""Provisioned SoftHSM tokens hold both key pairs and the CA-issued certificate."""

from __future__ import annotations

import contextlib
import hashlib
from typing import Any

import pkcs11
import pytest
from cryptography import x509
from pkcs11 import Attribute, KeyType, ObjectClass

from smartcard import Pkcs11Module, ProvisionedToken
from smartcard.labels import AUTH_ID, AUTH_LABEL, KMK_ID, KMK_LABEL
from tests.smartcard.conftest import ORGANISATION, Training


def _objects(module: Pkcs11Module, token: ProvisionedToken) -> dict[tuple[int, str], Any]:
    """The attributes of each object on the token, read with the user PIN on the worker."""
    wanted = [
        Attribute.ID,
        Attribute.KEY_TYPE,
        Attribute.SENSITIVE,
        Attribute.EXTRACTABLE,
        Attribute.SIGN,
        Attribute.DECRYPT,
        Attribute.UNWRAP,
        Attribute.ENCRYPT,
        Attribute.WRAP,
    ]

    def read() -> dict[tuple[int, str], Any]:
        lib = pkcs11.lib(str(module.path))  # the already-loaded library (python-pkcs11 caches)
        found: dict[tuple[int, str], Any] = {}
        with lib.get_token(token_label=token.label).open(user_pin=token.user_pin) as session:
            for obj in session.get_objects():
                cls, label = obj[Attribute.CLASS], obj[Attribute.LABEL]
                if cls == ObjectClass.CERTIFICATE:
                    found[cls, label] = {"id": obj[Attribute.ID], "der": obj[Attribute.VALUE]}
                    continue
                attrs = {}
                for attr in wanted:
                    # Public keys have no CKA_SENSITIVE, private keys no CKA_WRAP.
                    with contextlib.suppress(pkcs11.AttributeTypeInvalid):
                        attrs[attr] = obj[attr]
                found[cls, label] = attrs
        return found

    return module.worker.run(read)


@pytest.mark.parametrize("which", ["ec", "rsa"])
def test_token_holds_both_key_pairs_and_the_certificate(
    module: Pkcs11Module, training: Training, which: str
) -> None:
    token: ProvisionedToken = getattr(training, which)
    objects = _objects(module, token)
    assert set(objects) == {
        (ObjectClass.PRIVATE_KEY, AUTH_LABEL),
        (ObjectClass.PUBLIC_KEY, AUTH_LABEL),
        (ObjectClass.CERTIFICATE, AUTH_LABEL),
        (ObjectClass.PRIVATE_KEY, KMK_LABEL),
        (ObjectClass.PUBLIC_KEY, KMK_LABEL),
    }
    auth = objects[ObjectClass.PRIVATE_KEY, AUTH_LABEL]
    assert auth[Attribute.KEY_TYPE] == (KeyType.EC if which == "ec" else KeyType.RSA)
    assert auth[Attribute.ID] == AUTH_ID
    assert auth[Attribute.SENSITIVE] and not auth[Attribute.EXTRACTABLE]
    assert auth[Attribute.SIGN] and not auth[Attribute.DECRYPT]
    kmk = objects[ObjectClass.PRIVATE_KEY, KMK_LABEL]
    assert kmk[Attribute.KEY_TYPE] == KeyType.RSA and kmk[Attribute.ID] == KMK_ID
    assert kmk[Attribute.UNWRAP] and kmk[Attribute.DECRYPT] and not kmk[Attribute.SIGN]
    assert kmk[Attribute.SENSITIVE] and not kmk[Attribute.EXTRACTABLE]
    kmk_public = objects[ObjectClass.PUBLIC_KEY, KMK_LABEL]
    assert kmk_public[Attribute.WRAP] and kmk_public[Attribute.ENCRYPT]
    certificate = objects[ObjectClass.CERTIFICATE, AUTH_LABEL]
    assert certificate == {"id": AUTH_ID, "der": token.certificate_der}


def test_certificate_names_the_user_and_chains_to_the_ca(training: Training) -> None:
    token = training.ec
    cert = x509.load_der_x509_certificate(token.certificate_der)
    cert.verify_directly_issued_by(training.ca.certificate)
    assert cert.subject.rfc4514_string() == f"O={ORGANISATION},CN=Alice Example"
    assert token.fingerprint_sha256 == hashlib.sha256(token.certificate_der).hexdigest()
    assert x509.load_pem_x509_certificate(token.certificate_path.read_bytes()) == cert


def test_tokens_share_one_configuration_and_pins_stay_out_of_reprs(training: Training) -> None:
    conf = training.home.conf_path.read_text()
    assert f"directories.tokendir = {training.home.token_dir}" in conf
    assert "objectstore.backend = file" in conf
    assert len({training.ec.label, training.rsa.label, training.wrong_pin.label}) == 3
    assert training.ec.user_pin not in repr(training.ec)
    assert training.ec.so_pin not in repr(training.ec)
