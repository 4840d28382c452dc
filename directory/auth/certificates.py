"""Token certificates: the trusted CAs and the checks a client certificate must pass.

The organisation's CA issues each practitioner's certificate directly (DESIGN.md 3.7), so a
certificate is accepted only when one of the configured CA certificates signed it: no
intermediates are fetched or followed. An organisation with an intermediate CA configures
that intermediate as its trusted CA.

Two steps, because sign-in answers every readable certificate alike until its holder has
proved possession (directory.auth.challenges):

* `read_certificate`: the DER parses, every extension parses (`cryptography` parses them
  lazily, so a malformed one would otherwise surface later as an unexpected error), and its
  key is one the login signature can use (EC P-256, or RSA of 2048 bits or more). Without
  that no signature can be checked at all.
* `check_certificate`: it is not itself a CA; if it states a key usage, that includes
  digital signatures; its issuer name matches a trusted CA whose key verifies its signature
  (ECDSA, RSA PKCS#1 v1.5 or RSA-PSS, as that CA signed); `now` is inside its validity
  window and the CA's; and the CA's CRL, where one is configured, does not list it.

Refusals are AuthenticationFailed with a reason code; no message names the subject.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from cryptography import x509
from cryptography.exceptions import InvalidSignature, UnsupportedAlgorithm
from cryptography.hazmat.primitives.asymmetric import ec, rsa
from cryptography.hazmat.primitives.serialization import Encoding

from directory.auth.instants import utc
from directory.auth.revocation import RevocationLists
from directory.errors import AuthenticationFailed

MIN_RSA_BITS = 2048

# The public key types a login signature can be verified with (directory.auth.message).
PublicKey = ec.EllipticCurvePublicKey | rsa.RSAPublicKey


@dataclass(frozen=True, slots=True)
class VerifiedCertificate:
    fingerprint: str  # SHA-256 of the DER, lower-case hex: the certificate's identity here
    public_key: PublicKey
    not_before: dt.datetime
    not_after: dt.datetime
    der: bytes


def fingerprint(der: bytes) -> str:
    return hashlib.sha256(der).hexdigest()


def load_trusted_cas(paths: Iterable[Path | str]) -> tuple[x509.Certificate, ...]:
    """Read CA certificates from PEM files (each may hold several). Raises ValueError."""
    found: list[x509.Certificate] = []
    for path in paths:
        data = Path(path).read_bytes()
        try:
            certificates = x509.load_pem_x509_certificates(data)
        except ValueError:
            raise ValueError(f"{path}: not a PEM file of certificates") from None
        for certificate in certificates:
            if not _is_ca(certificate):
                raise ValueError(f"{path}: holds a certificate that is not a CA certificate")
            found.append(certificate)
    if not found:
        raise ValueError("At least one trusted CA certificate is needed.")
    return tuple(found)


def parse_certificate(data: bytes) -> x509.Certificate:
    """A certificate from PEM or DER bytes (the CLI accepts either). Raises ValueError."""
    if data.lstrip().startswith(b"-----BEGIN"):
        return x509.load_pem_x509_certificate(data)
    return x509.load_der_x509_certificate(data)


def _is_ca(certificate: x509.Certificate) -> bool:
    try:
        constraints = certificate.extensions.get_extension_for_class(x509.BasicConstraints)
    except x509.ExtensionNotFound:
        return False
    return constraints.value.ca


def _refuse(reason: str, message: str) -> AuthenticationFailed:
    return AuthenticationFailed(message, reason=reason)


def _check_key(certificate: x509.Certificate) -> PublicKey:
    try:
        key = certificate.public_key()
    except (ValueError, TypeError, UnsupportedAlgorithm):
        key = None
    if isinstance(key, ec.EllipticCurvePublicKey) and isinstance(key.curve, ec.SECP256R1):
        return key
    if isinstance(key, rsa.RSAPublicKey) and key.key_size >= MIN_RSA_BITS:
        return key
    raise _refuse(
        "unsupported_key",
        "The certificate's key is not supported: use EC P-256 or RSA of 2048 bits or more.",
    )


def _check_usage(certificate: x509.Certificate) -> None:
    try:
        usage = certificate.extensions.get_extension_for_class(x509.KeyUsage).value
    except x509.ExtensionNotFound:
        return
    if not usage.digital_signature:
        raise _refuse("key_usage", "The certificate may not be used for signing in.")


def _issuer(certificate: x509.Certificate, trusted: Sequence[x509.Certificate]) -> x509.Certificate:
    for ca in trusted:
        if ca.subject != certificate.issuer:
            continue
        try:
            # Checks the issuer name and the signature with the CA's key and algorithm.
            certificate.verify_directly_issued_by(ca)
        except (ValueError, TypeError, InvalidSignature, UnsupportedAlgorithm):
            continue
        return ca
    raise _refuse("untrusted_issuer", "The certificate was not issued by a trusted authority.")


def _check_dates(certificate: x509.Certificate, now: dt.datetime, what: str) -> None:
    if now < certificate.not_valid_before_utc:
        raise _refuse(f"{what}_not_yet_valid", f"The {what.replace('_', ' ')} is not valid yet.")
    if now > certificate.not_valid_after_utc:
        raise _refuse(f"{what}_expired", f"The {what.replace('_', ' ')} has expired.")


@dataclass(frozen=True, slots=True)
class ReadCertificate:
    """A certificate that parses whole and whose key can verify a login signature."""

    certificate: x509.Certificate
    public_key: PublicKey
    fingerprint: str  # of the canonical DER (VerifiedCertificate.fingerprint)
    der: bytes  # canonical


def read_certificate(der: bytes) -> ReadCertificate:
    """Parse untrusted DER completely, or raise AuthenticationFailed (never anything else)."""
    try:
        certificate = x509.load_der_x509_certificate(der)
        # Every lazily parsed part is touched here, so that a malformed extension, name or
        # date is this refusal and not an error in a later check.
        certificate.extensions  # noqa: B018 - parses every extension
        certificate.subject  # noqa: B018
        certificate.issuer  # noqa: B018
        certificate.not_valid_before_utc  # noqa: B018
        certificate.not_valid_after_utc  # noqa: B018
        canonical = certificate.public_bytes(Encoding.DER)
    except (ValueError, TypeError, UnsupportedAlgorithm):
        raise _refuse("certificate_unreadable", "The certificate could not be read.") from None
    return ReadCertificate(certificate, _check_key(certificate), fingerprint(canonical), canonical)


def check_certificate(
    read: ReadCertificate,
    trusted: Sequence[x509.Certificate],
    now: dt.datetime,
    revocations: RevocationLists | None = None,
) -> None:
    """Raise AuthenticationFailed unless the certificate may sign in at `now`."""
    moment = utc(now)
    certificate = read.certificate
    try:
        if _is_ca(certificate):
            raise _refuse("certificate_is_ca", "A CA certificate cannot be used to sign in.")
        _check_usage(certificate)
    except (ValueError, TypeError):  # read_certificate parsed them; this is the backstop
        raise _refuse("certificate_unreadable", "The certificate could not be read.") from None
    ca = _issuer(certificate, trusted)
    _check_dates(certificate, moment, "certificate")
    _check_dates(ca, moment, "issuing_authority")
    if revocations is not None and revocations.is_revoked(certificate):
        raise _refuse("certificate_revoked", "The certificate has been revoked.")


def verify_client_certificate(
    der: bytes,
    trusted: Sequence[x509.Certificate],
    now: dt.datetime,
    revocations: RevocationLists | None = None,
) -> VerifiedCertificate:
    """Accept a practitioner's token certificate or raise AuthenticationFailed."""
    read = read_certificate(der)
    check_certificate(read, trusted, now, revocations)
    return VerifiedCertificate(
        fingerprint=read.fingerprint,
        public_key=read.public_key,
        not_before=read.certificate.not_valid_before_utc,
        not_after=read.certificate.not_valid_after_utc,
        der=read.der,
    )


def public_key_of(der: bytes) -> PublicKey:
    """The key of a certificate read_certificate accepted (enrolled, or a challenge's)."""
    return read_certificate(der).public_key
