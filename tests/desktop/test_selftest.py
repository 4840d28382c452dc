"""The self-test's checks, run in this process where that is safe.

The PKCS#11 check against a real SoftHSM runs in a child process (tests/desktop/test_cli.py):
SoftHSM can be initialised once per process and the smartcard tests own this one's. Here it
only ever meets paths that fail before any library is initialised. The Qt check creates a
core application when there is none, so every test here holds pytest-qt's QApplication.
"""

from __future__ import annotations

import sqlite3
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication

from desktop.policy import MachinePolicy
from desktop.selftest import Check, run_self_test
from smartcard import ServerCertificate, TrainingCA
from tests.desktop.healthz_server import closed_port, healthz_server, silent_listener

NAMES = ["Qt", "PKCS#11 module", "SQLCipher", "TLS trust", "Directory over TLS"]


@dataclass(frozen=True)
class Pki:
    ca: TrainingCA
    server: ServerCertificate
    stranger: ServerCertificate  # issued by a CA the policy does not trust


@pytest.fixture(scope="module")
def pki(tmp_path_factory: pytest.TempPathFactory) -> Pki:
    directory = tmp_path_factory.mktemp("pki")
    ca = TrainingCA.create(directory / "ca", "Self-test")
    other = TrainingCA.create(directory / "other", "Stranger")
    return Pki(
        ca,
        ca.issue_server_certificate(directory / "server"),
        other.issue_server_certificate(directory / "stranger"),
    )


@pytest.fixture(autouse=True)
def _app(qapp: QApplication) -> Iterator[None]:
    yield


def _policy(url: str, ca_file: Path, module: Path | None = None) -> MachinePolicy:
    return MachinePolicy(
        directory_url=url,
        ca_file=ca_file,
        pkcs11_module=module or Path("/nonexistent/contactpoint/libpkcs11.so"),
    )


def _by_name(checks: list[Check]) -> dict[str, Check]:
    assert [c.name for c in checks] == NAMES
    return {c.name: c for c in checks}


def test_lines_line_up_and_say_ok_or_fail() -> None:
    assert Check("SQLCipher", True, "fine").line == "ok   SQLCipher: fine"
    assert Check("SQLCipher", False, "broken").line == "FAIL SQLCipher: broken"


def test_a_healthy_directory_over_trusted_tls(pki: Pki) -> None:
    with healthz_server(pki.server) as url:
        checks = _by_name(run_self_test(_policy(url, pki.ca.certificate_path), timeout=5))
    assert checks["Qt"].ok, checks["Qt"].detail
    assert "PySide6 6." in checks["Qt"].detail
    assert checks["SQLCipher"].ok, checks["SQLCipher"].detail
    assert checks["TLS trust"].ok
    assert checks["TLS trust"].detail == f"{pki.ca.certificate_path}: 1 CA certificate loaded"
    assert checks["Directory over TLS"].ok, checks["Directory over TLS"].detail
    assert checks["Directory over TLS"].detail == f"{url} answered /healthz over TLSv1.3"


def test_every_check_runs_after_others_fail(tmp_path: Path) -> None:
    module = tmp_path / "libmissing.so"
    ca = tmp_path / "missing-ca.pem"
    checks = _by_name(run_self_test(_policy("https://127.0.0.1:9", ca, module), timeout=1))
    assert not checks["PKCS#11 module"].ok
    assert str(module) in checks["PKCS#11 module"].detail
    assert not checks["TLS trust"].ok
    assert checks["TLS trust"].detail == f"the CA file {ca} does not exist"
    assert not checks["Directory over TLS"].ok
    assert checks["Directory over TLS"].detail.startswith("not tried: ")
    assert checks["Qt"].ok and checks["SQLCipher"].ok  # independent of the failures


def test_a_file_that_is_not_a_pkcs11_module(tmp_path: Path, pki: Pki) -> None:
    impostor = tmp_path / "libimpostor.so"
    impostor.write_bytes(b"\x7fELF not really")
    [check] = [
        c
        for c in run_self_test(_policy(closed_port(), pki.ca.certificate_path, impostor))
        if c.name == "PKCS#11 module"
    ]
    assert check == Check("PKCS#11 module", False, f"{impostor} is not a loadable PKCS#11 module.")


@pytest.mark.parametrize(
    ("content", "problem"),
    [
        (b"", "holds no usable certificate"),
        (b"-----BEGIN CERTIFICATE-----\nbroken\n-----END CERTIFICATE-----\n", "no usable"),
    ],
)
def test_a_ca_file_without_certificates(tmp_path: Path, content: bytes, problem: str) -> None:
    ca = tmp_path / "ca.pem"
    ca.write_bytes(content)
    checks = _by_name(run_self_test(_policy(closed_port(), ca), timeout=1))
    assert not checks["TLS trust"].ok
    assert str(ca) in checks["TLS trust"].detail
    assert problem in checks["TLS trust"].detail


def test_a_ca_file_holding_only_a_server_certificate(pki: Pki) -> None:
    leaf = pki.server.certificate_path
    checks = _by_name(run_self_test(_policy(closed_port(), leaf), timeout=1))
    assert checks["TLS trust"] == Check(
        "TLS trust", False, f"the CA file {leaf} holds no CA certificate"
    )


def test_a_directory_whose_certificate_is_not_trusted(pki: Pki) -> None:
    with healthz_server(pki.stranger) as url:
        checks = _by_name(run_self_test(_policy(url, pki.ca.certificate_path), timeout=5))
    detail = checks["Directory over TLS"].detail
    assert not checks["Directory over TLS"].ok
    assert detail.startswith(f"{url}: the server's certificate is not trusted: ")
    assert checks["TLS trust"].ok  # the CA file itself is fine


@pytest.mark.skipif(
    not sys.platform.startswith("linux"), reason="only Linux answers on all of 127.0.0.0/8"
)
def test_a_directory_under_a_name_its_certificate_does_not_carry(pki: Pki) -> None:
    # The certificate names 127.0.0.1 and localhost, and the CA is trusted: only the
    # hostname check can refuse this one.
    with healthz_server(pki.server, host="127.0.0.2") as url:
        checks = _by_name(run_self_test(_policy(url, pki.ca.certificate_path), timeout=5))
    check = checks["Directory over TLS"]
    assert not check.ok
    assert check.detail.startswith(f"{url}: the server's certificate is not trusted: ")
    assert "127.0.0.2" in check.detail


def test_nothing_listening(pki: Pki) -> None:
    url = closed_port()
    checks = _by_name(run_self_test(_policy(url, pki.ca.certificate_path), timeout=1))
    assert checks["Directory over TLS"] == Check(
        "Directory over TLS", False, f"{url}: connection refused: nothing listens there"
    )


def test_a_directory_that_never_answers(pki: Pki) -> None:
    with silent_listener() as url:
        checks = _by_name(run_self_test(_policy(url, pki.ca.certificate_path), timeout=0.3))
    assert checks["Directory over TLS"] == Check(
        "Directory over TLS", False, f"{url}: no answer within 0.3 s"
    )


@pytest.mark.parametrize(
    ("status", "body", "problem"),
    [
        (503, b'{"status": "ok"}', "answered HTTP 503, not 200"),
        (200, b"<html>a captive portal</html>", "answered 200 without the directory's status"),
    ],
)
def test_a_server_that_is_not_a_healthy_directory(
    pki: Pki, status: int, body: bytes, problem: str
) -> None:
    with healthz_server(pki.server, status=status, body=body) as url:
        checks = _by_name(run_self_test(_policy(url, pki.ca.certificate_path), timeout=5))
    assert checks["Directory over TLS"] == Check(
        "Directory over TLS", False, f"{url}/healthz {problem}"
    )


def test_sqlite_without_sqlcipher_fails(monkeypatch: pytest.MonkeyPatch, pki: Pki) -> None:
    # A plain SQLite build accepts the pragmas silently and encrypts nothing.
    monkeypatch.setitem(sys.modules, "sqlcipher3", sqlite3)
    checks = _by_name(run_self_test(_policy(closed_port(), pki.ca.certificate_path)))
    assert checks["SQLCipher"] == Check(
        "SQLCipher", False, "sqlcipher3 is linked to SQLite without SQLCipher (no cipher_version)"
    )


def test_an_unexpected_error_is_a_line_and_the_rest_still_run(
    monkeypatch: pytest.MonkeyPatch, pki: Pki
) -> None:
    class Broken:
        @staticmethod
        def connect(database: str) -> None:
            raise RuntimeError("the library is damaged")

    monkeypatch.setitem(sys.modules, "sqlcipher3", Broken)
    with healthz_server(pki.server) as url:
        checks = _by_name(run_self_test(_policy(url, pki.ca.certificate_path), timeout=5))
    assert checks["SQLCipher"] == Check("SQLCipher", False, "RuntimeError: the library is damaged")
    assert checks["TLS trust"].ok and checks["Directory over TLS"].ok
