"""Which certificate on a card is for what, judged by the certificate itself (never its label).

Real cards carry their own labels ("Certificate for PIV Authentication" from OpenSC's PIV
driver, others from ykcs11 or a vendor's module), so the client reads what each
certificate says it is for:

* authentication: key usage allows digitalSignature (or there is no key usage extension),
  and extended key usage includes clientAuth (or there is none), on an EC P-256 or RSA
  key; it must also chain to a trusted CA and be in date. This excludes PIV's
  card-authentication certificate (EKU id-PIV-cardAuth only) and key-management and
  signing-only certificates that lack digitalSignature.
* key management: key usage allows keyEncipherment or keyAgreement. No trust or date
  check: an expired key-management key still has to open what was wrapped for it.

Where several qualify, PIV's slot wins (CKA_ID 01 for authentication, 03 for key
management), then the newest certificate.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

from cryptography import x509
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric import ec, rsa
from cryptography.x509.oid import ExtendedKeyUsageOID

from smartcard.errors import KeyMissing

PIV_AUTH_ID = b"\x01"
PIV_KEY_MANAGEMENT_ID = b"\x03"
_MAX_CHAIN = 6  # leaf plus intermediates: more than any real issuing hierarchy


@dataclass(frozen=True, slots=True)
class CardCertificate:
    """A certificate object found on the token, with its CKA_ID and CKA_LABEL."""

    der: bytes
    object_id: bytes
    label: str

    @property
    def certificate(self) -> x509.Certificate:
        return x509.load_der_x509_certificate(self.der)


def _extension(certificate: x509.Certificate, kind: type[x509.ExtensionType]) -> object | None:
    try:
        return certificate.extensions.get_extension_for_class(kind).value
    except x509.ExtensionNotFound:
        return None


def _usable_key(certificate: x509.Certificate) -> bool:
    key = certificate.public_key()
    if isinstance(key, ec.EllipticCurvePublicKey):
        return isinstance(key.curve, ec.SECP256R1)
    return isinstance(key, rsa.RSAPublicKey)


def is_authentication(certificate: x509.Certificate) -> bool:
    usage = _extension(certificate, x509.KeyUsage)
    if isinstance(usage, x509.KeyUsage) and not usage.digital_signature:
        return False
    extended = _extension(certificate, x509.ExtendedKeyUsage)
    if isinstance(extended, x509.ExtendedKeyUsage) and (
        ExtendedKeyUsageOID.CLIENT_AUTH not in extended
    ):
        return False
    return _usable_key(certificate)


def is_key_management(certificate: x509.Certificate) -> bool:
    usage = _extension(certificate, x509.KeyUsage)
    if not isinstance(usage, x509.KeyUsage):
        return False
    return (usage.key_encipherment or usage.key_agreement) and _usable_key(certificate)


def in_date(certificate: x509.Certificate, now: dt.datetime) -> bool:
    return certificate.not_valid_before_utc <= now <= certificate.not_valid_after_utc


def chains_to(
    certificate: x509.Certificate, trusted: Sequence[x509.Certificate], now: dt.datetime
) -> bool:
    """Issued by a certificate in `trusted`, directly or through CAs also in `trusted`.

    The bundle holds the roots and the issuing CAs; each link's signature and dates are
    checked. Revocation is the directory's business (it refuses a revoked user at login).
    """
    current = certificate
    for _ in range(_MAX_CHAIN):
        for issuer in trusted:
            if issuer.subject != current.issuer or not in_date(issuer, now):
                continue
            try:
                current.verify_directly_issued_by(issuer)
            except (InvalidSignature, ValueError, TypeError):
                continue
            if issuer.subject == issuer.issuer:  # a root: the chain is complete
                return True
            current = issuer
            break
        else:
            return False
    return False


def choose_authentication(
    found: Iterable[CardCertificate],
    trusted: Sequence[x509.Certificate] | None,
    now: dt.datetime | None = None,
    *,
    check_usage: bool = True,
) -> CardCertificate:
    """The authentication certificate among `found`, or `KeyMissing` saying why there is none.

    `check_usage=False` for a certificate the policy names: only its key, dates and CA count.
    """
    now = now or dt.datetime.now(dt.UTC)
    usable = is_authentication if check_usage else _usable_key
    candidates = [c for c in found if usable(c.certificate)]
    if not candidates:
        raise KeyMissing(
            "The security token holds no authentication certificate (one whose key usage "
            "allows digital signatures for client authentication)."
        )
    current = [c for c in candidates if in_date(c.certificate, now)]
    if not current:
        raise KeyMissing(
            "The security token's authentication certificate has expired or is not yet valid."
        )
    if trusted is not None:
        current = [c for c in current if chains_to(c.certificate, trusted, now)]
        if not current:
            raise KeyMissing(
                "The security token's authentication certificate is not issued by a "
                "certificate authority this computer trusts."
            )
    return sorted(current, key=_sort_key(PIV_AUTH_ID))[0]


def key_management_candidates(found: Iterable[CardCertificate]) -> list[CardCertificate]:
    """Certificates for key management, PIV's slot first, then the newest."""
    return sorted(
        (c for c in found if is_key_management(c.certificate)),
        key=_sort_key(PIV_KEY_MANAGEMENT_ID),
    )


def _sort_key(preferred_id: bytes) -> Callable[[CardCertificate], tuple[bool, float, bytes]]:
    def key(found: CardCertificate) -> tuple[bool, float, bytes]:
        started = found.certificate.not_valid_before_utc.timestamp()
        return (found.object_id != preferred_id, -started, found.object_id)

    return key
