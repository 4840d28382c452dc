"""The training certificate authority: issues practitioners' and the training server's certificates.

For training and tests only. A real deployment uses each organisation's own CA; nothing
here is meant to protect a real key (the CA key is written unencrypted, mode 0600).
"""

from __future__ import annotations

import datetime as dt
import ipaddress
import os
from dataclasses import dataclass
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, rsa
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

CA_KEY_FILE = "ca-key.pem"
CA_CERT_FILE = "ca.pem"
SERVER_KEY_FILE = "server-key.pem"
SERVER_CERT_FILE = "server.pem"

CertificatePublicKey = ec.EllipticCurvePublicKey | rsa.RSAPublicKey

# Backdate a little so that a client whose clock is slightly behind still accepts a
# certificate issued a moment ago.
_CLOCK_SLACK = dt.timedelta(minutes=5)


def write_private_key(path: Path, key: ec.EllipticCurvePrivateKey) -> None:
    """Write a PEM private key readable by its owner only (created 0600, never wider)."""
    pem = key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "wb") as out:
        os.fchmod(out.fileno(), 0o600)  # O_CREAT's mode does not apply to an existing file
        out.write(pem)


def _name(common_name: str, organisation: str | None = None) -> x509.Name:
    parts = [x509.NameAttribute(NameOID.COMMON_NAME, common_name)]
    if organisation:
        parts.append(x509.NameAttribute(NameOID.ORGANIZATION_NAME, organisation))
    return x509.Name(parts)


# PIV's card-authentication EKU (NIST SP 800-73, id-PIV-cardAuth): not client authentication.
PIV_CARD_AUTH_EKU = x509.ObjectIdentifier("2.16.840.1.101.3.6.8")


def _key_usage(
    *,
    digital_signature: bool = False,
    cert_sign: bool = False,
    key_encipherment: bool = False,
    key_agreement: bool = False,
) -> x509.KeyUsage:
    return x509.KeyUsage(
        digital_signature=digital_signature,
        content_commitment=False,
        key_encipherment=key_encipherment,
        data_encipherment=False,
        key_agreement=key_agreement,
        key_cert_sign=cert_sign,
        crl_sign=cert_sign,
        encipher_only=False,
        decipher_only=False,
    )


@dataclass(frozen=True)
class ServerCertificate:
    certificate_path: Path
    key_path: Path


@dataclass(frozen=True)
class TrainingCA:
    """An EC P-256 CA whose key and self-signed certificate live in `directory`."""

    directory: Path
    key: ec.EllipticCurvePrivateKey
    certificate: x509.Certificate

    @property
    def certificate_path(self) -> Path:
        return self.directory / CA_CERT_FILE

    @classmethod
    def create(cls, directory: Path, name: str = "Training") -> TrainingCA:
        directory.mkdir(parents=True, exist_ok=True)
        key = ec.generate_private_key(ec.SECP256R1())
        subject = _name(f"ContactPoint Training CA {name}", "ContactPoint Training")
        now = dt.datetime.now(dt.UTC)
        certificate = (
            x509.CertificateBuilder()
            .subject_name(subject)
            .issuer_name(subject)
            .public_key(key.public_key())
            .serial_number(x509.random_serial_number())
            .not_valid_before(now - _CLOCK_SLACK)
            .not_valid_after(now + dt.timedelta(days=3650))
            .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
            .add_extension(_key_usage(cert_sign=True), critical=True)
            .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), False)
            .sign(key, hashes.SHA256())
        )
        write_private_key(directory / CA_KEY_FILE, key)
        (directory / CA_CERT_FILE).write_bytes(certificate.public_bytes(serialization.Encoding.PEM))
        return cls(directory, key, certificate)

    @classmethod
    def load(cls, directory: Path) -> TrainingCA:
        key = serialization.load_pem_private_key((directory / CA_KEY_FILE).read_bytes(), None)
        if not isinstance(key, ec.EllipticCurvePrivateKey):
            raise ValueError("The training CA key is not an EC key.")
        certificate = x509.load_pem_x509_certificate((directory / CA_CERT_FILE).read_bytes())
        return cls(directory, key, certificate)

    def _builder(
        self,
        subject: x509.Name,
        public_key: CertificatePublicKey,
        not_before: dt.datetime | None,
        not_after: dt.datetime | None,
        validity: dt.timedelta,
    ) -> x509.CertificateBuilder:
        start = not_before or dt.datetime.now(dt.UTC) - _CLOCK_SLACK
        return (
            x509.CertificateBuilder()
            .subject_name(subject)
            .issuer_name(self.certificate.subject)
            .public_key(public_key)
            .serial_number(x509.random_serial_number())
            .not_valid_before(start)
            .not_valid_after(not_after or start + validity)
            .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
            .add_extension(
                x509.AuthorityKeyIdentifier.from_issuer_public_key(self.key.public_key()), False
            )
        )

    def issue_user_certificate(
        self,
        public_key: CertificatePublicKey,
        common_name: str,
        organisation: str,
        *,
        not_before: dt.datetime | None = None,
        not_after: dt.datetime | None = None,
        validity: dt.timedelta = dt.timedelta(days=365),
    ) -> x509.Certificate:
        """A client-authentication certificate; give past or future dates to test rejections."""
        return (
            self._builder(
                _name(common_name, organisation), public_key, not_before, not_after, validity
            )
            .add_extension(_key_usage(digital_signature=True), critical=True)
            .add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.CLIENT_AUTH]), False)
            .sign(self.key, hashes.SHA256())
        )

    def issue_key_management_certificate(
        self,
        public_key: CertificatePublicKey,
        common_name: str,
        organisation: str,
        *,
        validity: dt.timedelta = dt.timedelta(days=365),
    ) -> x509.Certificate:
        """A key-management certificate, as PIV's slot 9D carries: keyEncipherment for an
        RSA key (it unwraps keys encrypted to it), keyAgreement for an EC key (ECDH). No
        extended key usage: it authenticates nothing."""
        is_ec = isinstance(public_key, ec.EllipticCurvePublicKey)
        usage = _key_usage(key_encipherment=not is_ec, key_agreement=is_ec)
        return (
            self._builder(_name(common_name, organisation), public_key, None, None, validity)
            .add_extension(usage, critical=True)
            .sign(self.key, hashes.SHA256())
        )

    def issue_card_authentication_certificate(
        self, public_key: CertificatePublicKey, common_name: str, organisation: str
    ) -> x509.Certificate:
        """A PIV card-authentication certificate: it signs, but not for client authentication."""
        return (
            self._builder(
                _name(common_name, organisation), public_key, None, None, dt.timedelta(days=365)
            )
            .add_extension(_key_usage(digital_signature=True), critical=True)
            .add_extension(x509.ExtendedKeyUsage([PIV_CARD_AUTH_EKU]), False)
            .sign(self.key, hashes.SHA256())
        )

    def issue_server_certificate(self, directory: Path) -> ServerCertificate:
        """A TLS certificate and software key for the training directory on 127.0.0.1/localhost."""
        key = ec.generate_private_key(ec.SECP256R1())
        names = x509.SubjectAlternativeName(
            [x509.DNSName("localhost"), x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]
        )
        certificate = (
            self._builder(
                _name("localhost", "ContactPoint Training"),
                key.public_key(),
                None,
                None,
                dt.timedelta(days=825),
            )
            .add_extension(names, critical=False)
            .add_extension(_key_usage(digital_signature=True), critical=True)
            .add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.SERVER_AUTH]), False)
            .sign(self.key, hashes.SHA256())
        )
        directory.mkdir(parents=True, exist_ok=True)
        result = ServerCertificate(directory / SERVER_CERT_FILE, directory / SERVER_KEY_FILE)
        write_private_key(result.key_path, key)
        result.certificate_path.write_bytes(certificate.public_bytes(serialization.Encoding.PEM))
        return result
