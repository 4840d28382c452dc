"""A test CA and software "cards" standing in for tokens: EC P-256 and RSA 2048 keys.

The directory never imports smartcard/, so these tests sign with keys from `cryptography`
exactly as DESIGN.md 3.7 fixes the signature: ECDSA P-256/SHA-256 (DER), or RSASSA-PSS
SHA-256 with MGF1 SHA-256 and a 32-byte salt.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

from cryptography import x509
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec, padding, rsa
from cryptography.hazmat.primitives.serialization import Encoding
from cryptography.x509.oid import NameOID
from sqlalchemy import Engine

from contract.messages import login_message, override_message
from directory.auth import Challenge, UserSummary, add_user

NOW = dt.datetime(2026, 6, 15, 9, 0, tzinfo=dt.UTC)
ORIGIN = "https://directory.test:8443"
KeyKind = Literal["ec", "rsa"]
PrivateKey = ec.EllipticCurvePrivateKey | rsa.RSAPrivateKey


@functools.cache
def _rsa_key(slot: int) -> rsa.RSAPrivateKey:
    # RSA generation is slow; a few keys, reused, keep the suite fast.
    return rsa.generate_private_key(public_exponent=65537, key_size=2048)


def new_key(kind: KeyKind, slot: int | None = None) -> PrivateKey:
    if kind == "ec":
        return ec.generate_private_key(ec.SECP256R1())
    return _rsa_key(0 if slot is None else slot)


def _name(common_name: str) -> x509.Name:
    return x509.Name(
        [
            x509.NameAttribute(NameOID.ORGANIZATION_NAME, "Zztest Council"),
            x509.NameAttribute(NameOID.COMMON_NAME, common_name),
        ]
    )


def _sign(builder: x509.CertificateBuilder, key: PrivateKey, pss: bool) -> x509.Certificate:
    if isinstance(key, rsa.RSAPrivateKey) and pss:
        return builder.sign(
            key,
            hashes.SHA256(),
            rsa_padding=padding.PSS(mgf=padding.MGF1(hashes.SHA256()), salt_length=32),
        )
    return builder.sign(key, hashes.SHA256())


@dataclass
class Card:
    """A token's key pair and certificate."""

    key: PrivateKey
    certificate: x509.Certificate

    @property
    def der(self) -> bytes:
        return self.certificate.public_bytes(Encoding.DER)

    @property
    def pem(self) -> bytes:
        return self.certificate.public_bytes(Encoding.PEM)

    def sign(self, message: bytes) -> bytes:
        if isinstance(self.key, ec.EllipticCurvePrivateKey):
            return self.key.sign(message, ec.ECDSA(hashes.SHA256()))
        return self.key.sign(
            message,
            padding.PSS(mgf=padding.MGF1(hashes.SHA256()), salt_length=32),
            hashes.SHA256(),
        )

    def sign_login(self, challenge: Challenge, origin: str = ORIGIN) -> bytes:
        return self.sign(login_message(origin, challenge.challenge_id, challenge.nonce))

    def sign_override(self, challenge: Challenge, cp_id: str, origin: str = ORIGIN) -> bytes:
        return self.sign(override_message(origin, challenge.challenge_id, challenge.nonce, cp_id))


@dataclass
class TestCA:
    __test__ = False  # not a pytest test class

    key: PrivateKey
    certificate: x509.Certificate
    pss: bool = False
    _serial: int = 1

    @classmethod
    def create(
        cls,
        name: str = "Zztest Council Token CA",
        kind: KeyKind = "ec",
        *,
        pss: bool = False,
        key: PrivateKey | None = None,
        not_before: dt.datetime = NOW - dt.timedelta(days=3650),
        not_after: dt.datetime = NOW + dt.timedelta(days=3650),
    ) -> TestCA:
        ca_key = key or new_key(kind, slot=1)
        builder = (
            x509.CertificateBuilder()
            .subject_name(_name(name))
            .issuer_name(_name(name))
            .public_key(ca_key.public_key())
            .serial_number(x509.random_serial_number())
            .not_valid_before(not_before)
            .not_valid_after(not_after)
            .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
        )
        return cls(ca_key, _sign(builder, ca_key, pss), pss)

    @property
    def pem(self) -> bytes:
        return self.certificate.public_bytes(Encoding.PEM)

    def issue(
        self,
        kind: KeyKind = "ec",
        *,
        name: str = "Zztest Practitioner",
        key: PrivateKey | None = None,
        not_before: dt.datetime = NOW - dt.timedelta(days=30),
        not_after: dt.datetime = NOW + dt.timedelta(days=365),
        ca: bool = False,
        digital_signature: bool = True,
    ) -> Card:
        card_key = key or new_key(kind, slot=2 if kind == "rsa" else None)
        self._serial += 1
        builder = (
            x509.CertificateBuilder()
            .subject_name(_name(name))
            .issuer_name(self.certificate.subject)
            .public_key(card_key.public_key())
            .serial_number(self._serial)
            .not_valid_before(not_before)
            .not_valid_after(not_after)
            .add_extension(x509.BasicConstraints(ca=ca, path_length=None), critical=True)
            .add_extension(
                x509.KeyUsage(
                    digital_signature=digital_signature,
                    content_commitment=False,
                    key_encipherment=False,
                    data_encipherment=False,
                    key_agreement=False,
                    key_cert_sign=ca,
                    crl_sign=False,
                    encipher_only=False,
                    decipher_only=False,
                ),
                critical=True,
            )
        )
        return Card(card_key, _sign(builder, self.key, self.pss))

    def crl(
        self,
        revoked: Sequence[Card] = (),
        *,
        encoding: Encoding = Encoding.PEM,
        signer: PrivateKey | None = None,
        this_update: dt.datetime = NOW - dt.timedelta(days=1),
    ) -> bytes:
        """A CRL from this CA listing `revoked` (signed by `signer` instead, to forge one)."""
        builder = (
            x509.CertificateRevocationListBuilder()
            .issuer_name(self.certificate.subject)
            .last_update(this_update)
            .next_update(this_update + dt.timedelta(days=7))
        )
        for card in revoked:
            builder = builder.add_revoked_certificate(
                x509.RevokedCertificateBuilder()
                .serial_number(card.certificate.serial_number)
                .revocation_date(this_update)
                .build()
            )
        return builder.sign(signer or self.key, hashes.SHA256()).public_bytes(encoding)


def enrol(
    engine: Engine,
    ca: TestCA,
    card: Card,
    *,
    name: str = "zz-practitioner",
    roles: str = "practitioner",
    local_authority: str | None = None,
    organisation_id: int | None = None,
    password: str | None = None,
) -> UserSummary:
    return add_user(
        engine,
        name=name,
        organisation_name="Zzhealth Visiting",
        roles=roles,
        local_authority=local_authority,
        certificate_der=card.der,
        password=password,
        trusted=[ca.certificate],
        now=NOW,
        actor="test:administrator",
        organisation_id=organisation_id,
    )
