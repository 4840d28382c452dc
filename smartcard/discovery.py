"""Finding the authentication certificate, its private key and the key-management key on a
token by what the objects are (smartcard.certificates), not by labels of our own.

    certificate = authentication_certificate(session, rules)   # public session, no PIN
    key = private_key(session, pair_of(certificate))           # logged-in session
    pair = key_management_pair(session, rules)                 # public half, no PIN

A private key is the one with its certificate's CKA_ID, or failing that the one whose
public key (RSA modulus, EC point) matches. The key-management key is, in order: the key
pair the policy names (`token_kmk_object`), the key of a certificate whose key usage allows
keyEncipherment or keyAgreement (PIV's 03 first), or a key pair with CKA_ID 03 and no
certificate, as ContactPoint's own training tokens carry it. Every call runs on the
module's worker (the caller, smartcard.token, makes sure of that).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pkcs11
from cryptography.hazmat.primitives import serialization
from pkcs11 import Attribute, KeyType, ObjectClass

from smartcard.cardrules import CardRules, ObjectRef
from smartcard.certificates import (
    PIV_KEY_MANAGEMENT_ID,
    CardCertificate,
    choose_authentication,
    key_management_candidates,
)
from smartcard.errors import KeyMissing
from smartcard.pubkeys import PublicKey, to_cryptography

_NO_KMK = (
    "The security token holds no key-management key (a certificate whose key usage allows "
    "key encipherment or key agreement, or a key pair with ID 03)."
)


@dataclass(frozen=True, slots=True)
class KeyPair:
    """A key pair's public half (as `cryptography` reads it) and how to find its private half."""

    public_key: PublicKey
    object_id: bytes

    @property
    def spki(self) -> bytes:
        return _spki(self.public_key)


def _spki(key: PublicKey) -> bytes:
    return key.public_bytes(
        serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo
    )


def _attribute(obj: pkcs11.Object, attribute: Attribute) -> Any:
    """The attribute's value, or None where the module does not have or show it."""
    try:
        return obj[attribute]
    except (pkcs11.PKCS11Error, KeyError, NotImplementedError):
        return None


def _objects(session: pkcs11.Session, template: dict[Attribute, Any]) -> list[pkcs11.Object]:
    """Every match, the search finished (C_FindObjectsFinal) before anything else is done:
    tpm2-pkcs11 refuses another operation in a session while a search is open
    (CKR_OPERATION_ACTIVE), and a search left open by an early return stays open."""
    return list(session.get_objects(template))


def certificates(session: pkcs11.Session) -> list[CardCertificate]:
    """Every X.509 certificate the session can see (a public session sees the public ones)."""
    found = []
    for obj in _objects(session, {Attribute.CLASS: ObjectClass.CERTIFICATE}):
        value = _attribute(obj, Attribute.VALUE)
        if not value:
            continue
        candidate = CardCertificate(
            der=bytes(value),
            object_id=bytes(_attribute(obj, Attribute.ID) or b""),
            label=str(_attribute(obj, Attribute.LABEL) or ""),
        )
        try:
            candidate.certificate  # noqa: B018 - parse now: a malformed one is skipped, not fatal later
        except ValueError:
            continue
        found.append(candidate)
    return found


def _named_ids(session: pkcs11.Session, ref: ObjectRef) -> set[bytes]:
    """The CKA_IDs of every object (certificate or key) the reference names."""
    if ref.object_id is not None:
        return {ref.object_id}
    ids = set()
    for obj in _objects(session, {Attribute.LABEL: ref.label}):
        object_id = _attribute(obj, Attribute.ID)
        if object_id:
            ids.add(bytes(object_id))
    return ids


def authentication_certificate(session: pkcs11.Session, rules: CardRules) -> CardCertificate:
    found = certificates(session)
    if rules.auth_object is not None:
        ref = rules.auth_object
        ids = _named_ids(session, ref)
        named = [
            c
            for c in found
            if c.object_id in ids or (ref.label is not None and c.label == ref.label)
        ]
        if not named:
            raise KeyMissing(
                f"The security token holds no certificate named {ref} (policy token_auth_object)."
            )
        # Named by the administrator: its usage is taken as given, its dates and CA are not.
        return choose_authentication(named, rules.trusted, check_usage=False)
    return choose_authentication(found, rules.trusted)


def pair_of(certificate: CardCertificate) -> KeyPair:
    public = certificate.certificate.public_key()
    if not isinstance(public, PublicKey):  # choose_authentication admits only these
        raise KeyMissing("The certificate's key is neither EC nor RSA.")
    return KeyPair(public, certificate.object_id)


def _public_objects(session: pkcs11.Session) -> Iterator[tuple[pkcs11.Object, PublicKey]]:
    for obj in _objects(session, {Attribute.CLASS: ObjectClass.PUBLIC_KEY}):
        try:
            yield obj, to_cryptography(obj)  # type: ignore[arg-type]
        except (KeyMissing, pkcs11.PKCS11Error, ValueError):
            continue


def _private_public_match(key: pkcs11.Object, pair: KeyPair) -> bool:
    """Whether a private key object shows the pair's public key (RSA modulus, EC point)."""
    numbers = pair.public_key.public_numbers()
    if getattr(key, "key_type", None) == KeyType.RSA:
        modulus = _attribute(key, Attribute.MODULUS)
        return modulus is not None and int.from_bytes(modulus, "big") == getattr(numbers, "n", None)
    point = _attribute(key, Attribute.EC_POINT)
    if point is None:
        return False
    try:
        shown = to_cryptography(key)  # type: ignore[arg-type]
    except (KeyMissing, pkcs11.PKCS11Error, ValueError):
        return False
    return _spki(shown) == pair.spki


def private_key(session: pkcs11.Session, pair: KeyPair, role: str) -> pkcs11.Object:
    """The private key of `pair` (needs a logged-in session); `role` names it in the error."""
    if pair.object_id:
        for key in _objects(
            session, {Attribute.CLASS: ObjectClass.PRIVATE_KEY, Attribute.ID: pair.object_id}
        ):
            return key
    # No private key with the certificate's ID: find the public key object that matches
    # and take its ID, or a private key that shows its public half.
    for obj, public in _public_objects(session):
        object_id = _attribute(obj, Attribute.ID)
        if object_id and object_id != pair.object_id and _spki(public) == pair.spki:
            for key in _objects(
                session, {Attribute.CLASS: ObjectClass.PRIVATE_KEY, Attribute.ID: bytes(object_id)}
            ):
                return key
    for key in _objects(session, {Attribute.CLASS: ObjectClass.PRIVATE_KEY}):
        if _private_public_match(key, pair):
            return key
    raise KeyMissing(f"The security token holds no private key for its {role} certificate.")


def _public_pair(session: pkcs11.Session, object_ids: set[bytes]) -> KeyPair | None:
    for obj, public in _public_objects(session):
        object_id = bytes(_attribute(obj, Attribute.ID) or b"")
        if object_id in object_ids:
            return KeyPair(public, object_id)
    return None


def key_management_pair(session: pkcs11.Session, rules: CardRules) -> KeyPair:
    found = certificates(session)
    if rules.kmk_object is not None:
        ref = rules.kmk_object
        ids = _named_ids(session, ref)
        for certificate in found:
            if certificate.object_id in ids or certificate.label == ref.label:
                return pair_of(certificate)
        pair = _public_pair(session, ids)
        if pair is None:
            raise KeyMissing(
                f"The security token holds no key pair named {ref} (policy token_kmk_object)."
            )
        return pair
    for certificate in key_management_candidates(found):
        try:
            return pair_of(certificate)
        except KeyMissing:
            continue
    pair = _public_pair(session, {PIV_KEY_MANAGEMENT_ID})
    if pair is None:
        raise KeyMissing(_NO_KMK)
    return pair
