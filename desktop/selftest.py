"""`contactpoint --self-test`: can this machine run the client with this policy?

    checks = run_self_test(policy, timeout=5.0)
    for check in checks: print(check.line)    # "ok   SQLCipher: ..." / "FAIL TLS trust: ..."

Five independent checks, each answering one question a helpdesk asks first: do the Qt
libraries load, does the PKCS#11 module load and see tokens, does the encrypted cache
work, does the CA file hold trust anchors, and does the directory answer over TLS with
them. One failing never stops the others, and none raises: every failure is a line that
says what is wrong in words, never a traceback. No line carries personal data (token labels
can be people's names, so only their number is given).
"""

from __future__ import annotations

import http.client
import json
import secrets
import socket
import ssl
from collections.abc import Callable
from dataclasses import dataclass
from typing import Final
from urllib.parse import urlsplit

from desktop.errors import DesktopError
from desktop.policy import MachinePolicy

QT: Final = "Qt"
PKCS11: Final = "PKCS#11 module"
SQLCIPHER: Final = "SQLCipher"
TLS_TRUST: Final = "TLS trust"
DIRECTORY: Final = "Directory over TLS"


@dataclass(frozen=True, slots=True)
class Check:
    name: str
    ok: bool
    detail: str

    @property
    def line(self) -> str:
        # "ok" is padded to the width of "FAIL" so that the names line up.
        return f"{'ok  ' if self.ok else 'FAIL'} {self.name}: {self.detail}"


class _Failed(DesktopError):
    """A check's own failure: its message is the detail shown."""


def run_self_test(policy: MachinePolicy, *, timeout: float = 5.0) -> list[Check]:
    """Run every check against `policy`; the directory check waits at most `timeout` seconds."""
    steps: list[tuple[str, Callable[[], str]]] = [
        (QT, _qt),
        (PKCS11, lambda: _pkcs11(policy)),
        (SQLCIPHER, _sqlcipher),
        (TLS_TRUST, lambda: _tls_trust(policy)),
        (DIRECTORY, lambda: _directory(policy, timeout)),
    ]
    return [_run(name, step) for name, step in steps]


def _run(name: str, step: Callable[[], str]) -> Check:
    try:
        return Check(name, True, step())
    except _Failed as exc:
        return Check(name, False, str(exc))
    except Exception as exc:  # a self-test reports everything, and goes on to the next check
        return Check(name, False, f"{type(exc).__name__}: {exc}")


# -- Qt ----------------------------------------------------------------------------------


def _qt() -> str:
    try:
        import PySide6
        from PySide6 import QtGui, QtWidgets
        from PySide6.QtCore import QCoreApplication, qVersion
    except ImportError as exc:
        raise _Failed(f"PySide6 does not import: {exc}") from None
    # A core application (never a window) proves the Qt runtime starts in this process; a
    # running client already has its QApplication, which is left alone.
    if QCoreApplication.instance() is None:
        QCoreApplication([])
    modules = ", ".join(m.__name__.rsplit(".", 1)[1] for m in (QtGui, QtWidgets))
    return f"PySide6 {PySide6.__version__}, Qt {qVersion()} (QtCore, {modules} load)"


# -- PKCS#11 -----------------------------------------------------------------------------


def _pkcs11(policy: MachinePolicy) -> str:
    from smartcard import TokenError, open_module

    try:
        # The module stays loaded for the life of the process (smartcard keeps one per
        # path: a PKCS#11 library is initialised once), so a client started later in this
        # process reuses it.
        module = open_module(policy.pkcs11_module)
        count = len(module.tokens())
    except TokenError as exc:
        raise _Failed(str(exc)) from None
    noun = "token" if count == 1 else "tokens"
    return f"{policy.pkcs11_module} loaded, {count} {noun} present"


# -- SQLCipher ---------------------------------------------------------------------------


def _sqlcipher() -> str:
    try:
        import sqlcipher3
    except ImportError as exc:
        raise _Failed(f"sqlcipher3 does not import: {exc}") from None
    # The cache's own keying: a random 256-bit raw key, no passphrase derivation.
    key = secrets.token_bytes(32)
    connection = sqlcipher3.connect(":memory:")
    try:
        connection.execute(f"PRAGMA key = \"x'{key.hex()}'\"")
        row = connection.execute("PRAGMA cipher_version").fetchone()
        # A plain SQLite build ignores the cipher pragmas and answers nothing.
        if not row or not row[0]:
            raise _Failed("sqlcipher3 is linked to SQLite without SQLCipher (no cipher_version)")
        sentinel = secrets.token_hex(8)
        connection.execute("CREATE TABLE probe (value TEXT)")
        connection.execute("INSERT INTO probe VALUES (?)", (sentinel,))
        read = connection.execute("SELECT value FROM probe").fetchone()
    finally:
        connection.close()
    if read != (sentinel,):
        raise _Failed("a value written to a keyed database did not read back")
    return f"SQLCipher {row[0]}, keyed database written and read back"


# -- TLS ---------------------------------------------------------------------------------


def _context(policy: MachinePolicy) -> ssl.SSLContext:
    """The client's TLS context: the policy's CA file only, hostname checked."""
    path = policy.ca_file
    try:
        context = ssl.create_default_context(cafile=str(path))
    except FileNotFoundError:
        raise _Failed(f"the CA file {path} does not exist") from None
    except ssl.SSLError as exc:
        raise _Failed(f"the CA file {path} holds no usable certificate ({exc.reason})") from None
    except OSError as exc:
        raise _Failed(f"the CA file {path} cannot be read: {exc.strerror or exc}") from None
    return context


def _tls_trust(policy: MachinePolicy) -> str:
    authorities = _context(policy).cert_store_stats()["x509_ca"]
    if authorities < 1:
        raise _Failed(f"the CA file {policy.ca_file} holds no CA certificate")
    noun = "certificate" if authorities == 1 else "certificates"
    return f"{policy.ca_file}: {authorities} CA {noun} loaded"


def directory_connection(policy: MachinePolicy, timeout: float) -> http.client.HTTPConnection:
    """A connection (not yet open) to the policy's directory, trusting its CA file only;
    a DesktopError saying what is wrong with the CA file if it cannot be used. The
    diagnostics report (desktop.diagnostics.directory_probe) connects the same way."""
    parts = urlsplit(policy.directory_url)
    host = parts.hostname or ""
    if parts.scheme == "https":
        return http.client.HTTPSConnection(
            host, parts.port or 443, timeout=timeout, context=_context(policy)
        )
    # MachinePolicy allows http only for a loopback training directory.
    return http.client.HTTPConnection(host, parts.port or 80, timeout=timeout)


def _directory(policy: MachinePolicy, timeout: float) -> str:
    parts = urlsplit(policy.directory_url)
    host = parts.hostname or ""
    origin = f"{parts.scheme}://{parts.netloc}"
    path = parts.path.rstrip("/") + "/healthz"
    try:
        connection = directory_connection(policy, timeout)
    except _Failed as exc:
        raise _Failed(f"not tried: {exc}") from None
    try:
        connection.connect()
        sock = connection.sock
        protocol = sock.version() if isinstance(sock, ssl.SSLSocket) else "no TLS (training)"
        connection.request("GET", path, headers={"Accept": "application/json"})
        response = connection.getresponse()
        body = response.read(4096)
    except OSError as exc:
        raise _Failed(f"{origin}: {network_reason(exc, host, timeout)}") from None
    except http.client.HTTPException as exc:
        raise _Failed(f"{origin}: the answer is not HTTP ({type(exc).__name__})") from None
    finally:
        connection.close()
    if response.status != 200:
        raise _Failed(f"{origin}{path} answered HTTP {response.status}, not 200")
    if not _healthy(body):
        raise _Failed(f"{origin}{path} answered 200 without the directory's status")
    return f"{origin} answered {path} over {protocol}"


def _healthy(body: bytes) -> bool:
    try:
        data = json.loads(body)
    except ValueError:
        return False
    return isinstance(data, dict) and data.get("status") == "ok"


def network_reason(exc: OSError, host: str, timeout: float) -> str:
    # Order matters: the ssl and timeout errors are OSError subclasses too.
    if isinstance(exc, ssl.SSLCertVerificationError):
        return f"the server's certificate is not trusted: {exc.verify_message}"
    if isinstance(exc, ssl.SSLError):
        return f"the TLS handshake failed: {exc.reason or exc}"
    if isinstance(exc, TimeoutError):
        return f"no answer within {timeout:g} s"
    if isinstance(exc, socket.gaierror):
        return f"the host name {host} is not known ({exc.strerror})"
    if isinstance(exc, ConnectionRefusedError):
        return "connection refused: nothing listens there"
    return f"cannot connect: {exc.strerror or exc}"
