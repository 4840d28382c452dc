"""Child process that does the PKCS#11 half of provisioning: `python -m smartcard.provision_worker`.

Why a separate process: SoftHSM reads SOFTHSM2_CONF once, at C_Initialize, and a
PKCS#11 library can be loaded only once per process. Provisioning in a child leaves the
caller free to load SoftHSM later with whichever configuration it wants (a test session,
the training launcher), and never finalizes a library the caller may be using.

Protocol: one action name as the argument, a JSON request on stdin, a JSON answer on
stdout, exit status 0. On failure: exit status 1 and {"error": sentence} on stdout. PINs
travel on stdin, never on the command line.

    generate            {module, label, pin, auth_key: "ec-p256" | "rsa-2048",
                         layout?: "contactpoint" | "piv"}
                        -> {"auth_public_key": base64 SubjectPublicKeyInfo DER,
                            and for "piv": "kmk_public_key", "card_auth_public_key"}
    store-certificate   {module, label, pin, certificate: base64 DER,
                         object_label?: CKA_LABEL, object_id?: hex CKA_ID}  -> {}

Layouts (smartcard.labels): "contactpoint", our own (auth 01, an RSA "kmk" 03 with no
certificate); "piv", as OpenSC presents a PIV card (PIV AUTH 01, an EC P-256 KEY MAN 03
for ECDH, CARD AUTH 04).
"""

from __future__ import annotations

import base64
import json
import sys
from collections.abc import Callable, Mapping
from typing import Any

import pkcs11
from cryptography import x509
from cryptography.hazmat.primitives import serialization
from pkcs11 import Attribute, CertificateType, KeyType, MechanismFlag, ObjectClass

from smartcard.errors import TokenError
from smartcard.labels import (
    AUTH_ID,
    AUTH_LABEL,
    KMK_ID,
    KMK_LABEL,
    PIV_AUTH_ID,
    PIV_AUTH_LABEL,
    PIV_AUTH_PUBLIC,
    PIV_CARD_AUTH_ID,
    PIV_CARD_AUTH_LABEL,
    PIV_CARD_AUTH_PUBLIC,
    PIV_KMK_ID,
    PIV_KMK_LABEL,
    PIV_KMK_PUBLIC,
)
from smartcard.pubkeys import P256_PARAMS, to_cryptography
from smartcard.translate import translated

_PRIVATE = {
    Attribute.TOKEN: True,
    Attribute.PRIVATE: True,
    Attribute.SENSITIVE: True,
    Attribute.EXTRACTABLE: False,
}


def _der_integer(value: int) -> bytes:
    """DER INTEGER for CKA_SERIAL_NUMBER (certificate serials are positive, at most 20 bytes)."""
    body = value.to_bytes(value.bit_length() // 8 + 1, "big")
    return bytes([0x02, len(body)]) + body


def _session(request: dict[str, Any]) -> pkcs11.Session:
    lib = pkcs11.lib(request["module"])
    token = lib.get_token(token_label=request["label"])
    return token.open(rw=True, user_pin=request["pin"])


def _generate_auth(
    session: pkcs11.Session, kind: str, object_id: bytes, label: str, public_label: str
) -> pkcs11.PublicKey:
    private = {**_PRIVATE, Attribute.SIGN: True, Attribute.DECRYPT: False}
    if kind == "ec-p256":
        key_type, length, public_template = KeyType.EC, None, {Attribute.EC_PARAMS: P256_PARAMS}
    elif kind == "rsa-2048":
        key_type, length, public_template = KeyType.RSA, 2048, {}
    else:
        raise ValueError(f"Unknown authentication key type {kind!r}.")
    public, _ = session.generate_keypair(
        key_type,
        length,
        id=object_id,
        label=label,
        store=True,
        capabilities=MechanismFlag.SIGN | MechanismFlag.VERIFY,
        public_template={**public_template, Attribute.LABEL: public_label},
        private_template=private,
    )
    return public


def _generate_rsa_kmk(session: pkcs11.Session) -> None:
    # The key-management key only ever unwraps keys wrapped in software with its public
    # half (RSA-OAEP); it signs nothing.
    session.generate_keypair(
        KeyType.RSA,
        2048,
        id=KMK_ID,
        label=KMK_LABEL,
        store=True,
        capabilities=MechanismFlag.ENCRYPT
        | MechanismFlag.DECRYPT
        | MechanismFlag.WRAP
        | MechanismFlag.UNWRAP,
        private_template={**_PRIVATE, Attribute.SIGN: False},
    )


def _generate_ec_kmk(session: pkcs11.Session) -> pkcs11.PublicKey:
    # ECDH only (CKA_DERIVE): what a PIV card's key-management slot does on EC P-256.
    public, _ = session.generate_keypair(
        KeyType.EC,
        None,
        id=PIV_KMK_ID,
        label=PIV_KMK_LABEL,
        store=True,
        capabilities=MechanismFlag.DERIVE,
        public_template={Attribute.EC_PARAMS: P256_PARAMS, Attribute.LABEL: PIV_KMK_PUBLIC},
        private_template={**_PRIVATE, Attribute.SIGN: False, Attribute.DERIVE: True},
    )
    return public


def _spki(public: pkcs11.PublicKey) -> str:
    der = to_cryptography(public).public_bytes(
        serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo
    )
    return base64.b64encode(der).decode("ascii")


def generate(request: dict[str, Any]) -> dict[str, Any]:
    layout = request.get("layout", "contactpoint")
    with _session(request) as session:
        if layout == "contactpoint":
            auth = _generate_auth(session, request["auth_key"], AUTH_ID, AUTH_LABEL, AUTH_LABEL)
            _generate_rsa_kmk(session)
            return {"auth_public_key": _spki(auth)}
        if layout != "piv":
            raise ValueError(f"Unknown token layout {layout!r}.")
        auth = _generate_auth(
            session, request["auth_key"], PIV_AUTH_ID, PIV_AUTH_LABEL, PIV_AUTH_PUBLIC
        )
        kmk = _generate_ec_kmk(session)
        card_auth = _generate_auth(
            session, "ec-p256", PIV_CARD_AUTH_ID, PIV_CARD_AUTH_LABEL, PIV_CARD_AUTH_PUBLIC
        )
        return {
            "auth_public_key": _spki(auth),
            "kmk_public_key": _spki(kmk),
            "card_auth_public_key": _spki(card_auth),
        }


def store_certificate(request: dict[str, Any]) -> dict[str, Any]:
    der = base64.b64decode(request["certificate"])
    certificate = x509.load_der_x509_certificate(der)
    with _session(request) as session:
        session.create_object(
            {
                Attribute.CLASS: ObjectClass.CERTIFICATE,
                Attribute.CERTIFICATE_TYPE: CertificateType.X_509,
                Attribute.TOKEN: True,
                # Public, so that the client can read it before asking for the PIN.
                Attribute.PRIVATE: False,
                Attribute.LABEL: request.get("object_label", AUTH_LABEL),
                Attribute.ID: bytes.fromhex(request.get("object_id", AUTH_ID.hex())),
                Attribute.SUBJECT: certificate.subject.public_bytes(),
                Attribute.ISSUER: certificate.issuer.public_bytes(),
                Attribute.SERIAL_NUMBER: _der_integer(certificate.serial_number),
                Attribute.VALUE: der,
            }
        )
    return {}


Action = Callable[[dict[str, Any]], dict[str, Any]]
ACTIONS: Mapping[str, Action] = {"generate": generate, "store-certificate": store_certificate}


def main(argv: list[str], actions: Mapping[str, Action] = ACTIONS) -> int:
    """Run the action argv[0] names (from `actions`: another worker may bring its own)."""
    try:
        action = actions[argv[0]]
        with translated():
            answer = action(json.load(sys.stdin))
    except (TokenError, KeyError, IndexError, ValueError) as exc:
        # None of these messages carries a PIN: python-pkcs11's are empty or generic.
        json.dump({"error": f"{type(exc).__name__}: {exc}"}, sys.stdout)
        return 1
    json.dump(answer, sys.stdout)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
