"""Child process that does the PKCS#11 half of provisioning: `python -m smartcard.provision_worker`.

Why a separate process: SoftHSM reads SOFTHSM2_CONF once, at C_Initialize, and a
PKCS#11 library can be loaded only once per process. Provisioning in a child leaves the
caller free to load SoftHSM later with whichever configuration it wants (a test session,
the training launcher), and never finalizes a library the caller may be using.

Protocol: one action name as the argument, a JSON request on stdin, a JSON answer on
stdout, exit status 0. On failure: exit status 1 and {"error": sentence} on stdout. PINs
travel on stdin, never on the command line.

    generate            {module, label, pin, auth_key: "ec-p256" | "rsa-2048"}
                        -> {"auth_public_key": base64 SubjectPublicKeyInfo DER}
    store-certificate   {module, label, pin, certificate: base64 DER}  -> {}
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
from smartcard.labels import AUTH_ID, AUTH_LABEL, KMK_ID, KMK_LABEL
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


def _generate_auth(session: pkcs11.Session, kind: str) -> pkcs11.PublicKey:
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
        id=AUTH_ID,
        label=AUTH_LABEL,
        store=True,
        capabilities=MechanismFlag.SIGN | MechanismFlag.VERIFY,
        public_template=public_template,
        private_template=private,
    )
    return public


def generate(request: dict[str, Any]) -> dict[str, Any]:
    with _session(request) as session:
        auth_public = _generate_auth(session, request["auth_key"])
        # The key-management key only ever unwraps keys wrapped in software with its
        # public half (RSA-OAEP); it signs nothing.
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
        spki = to_cryptography(auth_public).public_bytes(
            serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo
        )
    return {"auth_public_key": base64.b64encode(spki).decode("ascii")}


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
                Attribute.LABEL: AUTH_LABEL,
                Attribute.ID: AUTH_ID,
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
