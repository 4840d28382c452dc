"""The training CA: its own certificate, practitioners' certificates and the TLS server's."""

from __future__ import annotations

import datetime as dt
import ipaddress
import stat
from pathlib import Path

import pytest
from cryptography import x509
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

from smartcard import TrainingCA
from smartcard.ca import CA_KEY_FILE


@pytest.fixture(scope="module")
def ca(tmp_path_factory: pytest.TempPathFactory) -> TrainingCA:
    return TrainingCA.create(tmp_path_factory.mktemp("ca"), "Unit")


def test_ca_certificate_is_a_p256_ca(ca: TrainingCA) -> None:
    cert = ca.certificate
    assert isinstance(cert.public_key(), ec.EllipticCurvePublicKey)
    assert cert.subject.get_attributes_for_oid(NameOID.COMMON_NAME)[0].value == (
        "ContactPoint Training CA Unit"
    )
    assert cert.extensions.get_extension_for_class(x509.BasicConstraints).value.ca
    usage = cert.extensions.get_extension_for_class(x509.KeyUsage).value
    assert usage.key_cert_sign and usage.crl_sign and not usage.digital_signature
    cert.verify_directly_issued_by(cert)


def test_ca_key_is_private_to_its_owner_and_reloads(ca: TrainingCA) -> None:
    assert stat.S_IMODE((ca.directory / CA_KEY_FILE).stat().st_mode) == 0o600
    again = TrainingCA.load(ca.directory)
    assert again.certificate == ca.certificate


def test_user_certificate_for_client_authentication(ca: TrainingCA) -> None:
    key = ec.generate_private_key(ec.SECP256R1())
    cert = ca.issue_user_certificate(key.public_key(), "Alice Example", "Leeds City Council")
    cert.verify_directly_issued_by(ca.certificate)
    assert cert.subject.rfc4514_string() == "O=Leeds City Council,CN=Alice Example"
    assert not cert.extensions.get_extension_for_class(x509.BasicConstraints).value.ca
    assert cert.extensions.get_extension_for_class(x509.KeyUsage).value.digital_signature
    eku = cert.extensions.get_extension_for_class(x509.ExtendedKeyUsage).value
    assert list(eku) == [ExtendedKeyUsageOID.CLIENT_AUTH]
    now = dt.datetime.now(dt.UTC)
    assert cert.not_valid_before_utc <= now < cert.not_valid_after_utc


def test_validity_can_be_set_to_make_expired_and_future_certificates(ca: TrainingCA) -> None:
    key = ec.generate_private_key(ec.SECP256R1()).public_key()
    now = dt.datetime.now(dt.UTC).replace(microsecond=0)
    expired = ca.issue_user_certificate(
        key,
        "Old",
        "Org",
        not_before=now - dt.timedelta(days=30),
        not_after=now - dt.timedelta(days=1),
    )
    assert expired.not_valid_after_utc < now
    future = ca.issue_user_certificate(key, "New", "Org", not_before=now + dt.timedelta(days=1))
    assert future.not_valid_before_utc > now
    assert future.not_valid_after_utc == future.not_valid_before_utc + dt.timedelta(days=365)


def test_server_certificate_for_the_training_directory(ca: TrainingCA, tmp_path: Path) -> None:
    server = ca.issue_server_certificate(tmp_path)
    cert = x509.load_pem_x509_certificate(server.certificate_path.read_bytes())
    cert.verify_directly_issued_by(ca.certificate)
    names = cert.extensions.get_extension_for_class(x509.SubjectAlternativeName).value
    assert names.get_values_for_type(x509.DNSName) == ["localhost"]
    assert names.get_values_for_type(x509.IPAddress) == [ipaddress.ip_address("127.0.0.1")]
    eku = cert.extensions.get_extension_for_class(x509.ExtendedKeyUsage).value
    assert list(eku) == [ExtendedKeyUsageOID.SERVER_AUTH]
    assert stat.S_IMODE(server.key_path.stat().st_mode) == 0o600
