"""Child process that makes a tpm2-pkcs11 token's keys and stores its certificates:
`python -m smartcard.tpm2_provision_worker`. Same protocol as `smartcard.provision_worker`
(whose docstring says why a child), and run with `tpm2.TpmStack.environment()`.

    generate            {module, label, pin, auth_key: "ec-p256" | "rsa-2048",
                         auth_label, kmk_label}
                        -> {"auth_public_key", "kmk_public_key": base64 SPKI DER}
    store-certificates  {module, label, pin,
                         certificates: [{"der": base64 DER, "label": str, "id": hex}]} -> {}

Why these templates: tpm2-pkcs11 makes every TPM key able to sign and to decrypt, and
refuses (CKR_GENERAL_ERROR, "attr mismatch") a template in which CKA_SIGN, CKA_VERIFY,
CKA_DECRYPT or CKA_ENCRYPT is false, which python-pkcs11 writes for every capability not
asked for. So the templates here say only what each key is for, as true, and leave the
rest out (`DEFAULT` removes an attribute python-pkcs11 would otherwise add). The keys
are still non-extractable and sensitive: the TPM never lets a private key out.
"""

from __future__ import annotations

import base64
import sys
from collections.abc import Mapping
from typing import Any

import pkcs11
from cryptography import x509
from cryptography.hazmat.primitives import serialization
from pkcs11 import Attribute, CertificateType, KeyType, ObjectClass
from pkcs11.constants import DEFAULT

from smartcard.labels import AUTH_ID, KMK_ID
from smartcard.provision_worker import Action, _der_integer, _session, main
from smartcard.pubkeys import P256_PARAMS, to_cryptography

# Every capability python-pkcs11 would set, left out unless a template says true.
_UNSAID_PUBLIC = {Attribute.ENCRYPT: DEFAULT, Attribute.VERIFY: DEFAULT, Attribute.WRAP: DEFAULT}
_UNSAID_PRIVATE = {
    Attribute.DECRYPT: DEFAULT,
    Attribute.SIGN: DEFAULT,
    Attribute.UNWRAP: DEFAULT,
    Attribute.DERIVE: DEFAULT,
    Attribute.PRIVATE: True,
    Attribute.SENSITIVE: True,
    Attribute.EXTRACTABLE: False,
}
_RSA_BITS = 2048


def _spki(key: pkcs11.PublicKey) -> str:
    der = to_cryptography(key).public_bytes(
        serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo
    )
    return base64.b64encode(der).decode("ascii")


def _generate_auth(session: pkcs11.Session, kind: str, label: str) -> pkcs11.PublicKey:
    if kind == "ec-p256":
        key_type, bits, public = KeyType.EC, None, {Attribute.EC_PARAMS: P256_PARAMS}
    elif kind == "rsa-2048":
        key_type, bits, public = KeyType.RSA, _RSA_BITS, {}
    else:
        raise ValueError(f"Unknown authentication key type {kind!r}.")
    key, _ = session.generate_keypair(
        key_type,
        bits,
        id=AUTH_ID,
        label=label,
        store=True,
        public_template={**_UNSAID_PUBLIC, **public, Attribute.VERIFY: True},
        private_template={**_UNSAID_PRIVATE, Attribute.SIGN: True},
    )
    return key


def generate(request: dict[str, Any]) -> dict[str, Any]:
    with _session(request) as session:
        auth = _generate_auth(session, request["auth_key"], request["auth_label"])
        # RSA: tpm2-pkcs11 has no CKM_ECDH1_DERIVE, so an EC key could not unwrap anything.
        kmk, _ = session.generate_keypair(
            KeyType.RSA,
            _RSA_BITS,
            id=KMK_ID,
            label=request["kmk_label"],
            store=True,
            public_template={**_UNSAID_PUBLIC, Attribute.ENCRYPT: True, Attribute.WRAP: True},
            private_template={**_UNSAID_PRIVATE, Attribute.DECRYPT: True, Attribute.UNWRAP: True},
        )
        return {"auth_public_key": _spki(auth), "kmk_public_key": _spki(kmk)}


def store_certificates(request: dict[str, Any]) -> dict[str, Any]:
    with _session(request) as session:
        for entry in request["certificates"]:
            der = base64.b64decode(entry["der"])
            certificate = x509.load_der_x509_certificate(der)
            session.create_object(
                {
                    Attribute.CLASS: ObjectClass.CERTIFICATE,
                    Attribute.CERTIFICATE_TYPE: CertificateType.X_509,
                    Attribute.TOKEN: True,
                    Attribute.PRIVATE: False,  # readable before the PIN, as on a card
                    Attribute.LABEL: entry["label"],
                    Attribute.ID: bytes.fromhex(entry["id"]),
                    Attribute.SUBJECT: certificate.subject.public_bytes(),
                    Attribute.ISSUER: certificate.issuer.public_bytes(),
                    Attribute.SERIAL_NUMBER: _der_integer(certificate.serial_number),
                    Attribute.VALUE: der,
                }
            )
    return {}


ACTIONS: Mapping[str, Action] = {"generate": generate, "store-certificates": store_certificates}

if __name__ == "__main__":
    sys.exit(main(sys.argv[1:], ACTIONS))
