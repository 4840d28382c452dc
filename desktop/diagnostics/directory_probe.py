"""The directory as this machine reaches it: can it connect, over which TLS, with which
certificate chain and expiry, what /healthz and /readyz say, and how far this computer's
clock is from the directory's: a skewed clock makes certificates look not yet valid or
expired, and the cache's ages and expiry wrong.

Each probe sends a correlation id of the client's, noted with the client's own requests.
"""

from __future__ import annotations

import datetime as dt
import email.utils
import http.client
import ssl
from dataclasses import dataclass
from urllib.parse import urlsplit

from desktop.diagnostics.report import Section
from desktop.errors import DesktopError
from desktop.policy import MachinePolicy
from desktop.selftest import directory_connection, network_reason
from sync.answers import CORRELATION_HEADER
from sync.recent import RECENT, UNREACHABLE, new_correlation_id

# Worth the helpdesk's look: the tolerance Kerberos domains use, which Windows estates keep.
SKEW_WARNING = dt.timedelta(minutes=5)


@dataclass(frozen=True, slots=True)
class _Answer:
    status: int
    date: dt.datetime | None


def _get(connection: http.client.HTTPConnection, path: str) -> _Answer:
    correlation_id = new_correlation_id()
    try:
        connection.request("GET", path, headers={CORRELATION_HEADER: correlation_id})
        response = connection.getresponse()
        response.read(4096)
    except (OSError, http.client.HTTPException):
        RECENT.note(correlation_id, UNREACHABLE)
        raise
    RECENT.note(correlation_id, str(response.status))
    date = response.getheader("Date")
    return _Answer(response.status, email.utils.parsedate_to_datetime(date) if date else None)


def _chain(sock: ssl.SSLSocket, policy: MachinePolicy, now: dt.datetime) -> list[tuple[str, str]]:
    from cryptography import x509  # only here: the lock screen never needs it

    der = sock.getpeercert(binary_form=True)
    if der is None:
        return [("server certificate", "none sent")]
    leaf = x509.load_der_x509_certificate(der)
    items = [
        ("server certificate", leaf.subject.rfc4514_string()),
        ("  expires", _when(leaf.not_valid_after_utc, now)),
    ]
    anchors = x509.load_pem_x509_certificates(policy.ca_file.read_bytes())
    issuer = next((ca for ca in anchors if ca.subject == leaf.issuer), None)
    if issuer is None:
        items.append(("issued by", f"{leaf.issuer.rfc4514_string()} (through an intermediate)"))
    else:
        items += [
            ("issued by", f"{issuer.subject.rfc4514_string()} (in the CA file)"),
            ("  expires", _when(issuer.not_valid_after_utc, now)),
        ]
    return items


def _when(moment: dt.datetime, now: dt.datetime) -> str:
    days = (moment - now).days
    return f"{moment.date().isoformat()} ({'expired' if days < 0 else f'in {days} days'})"


def directory_section(policy: MachinePolicy, now: dt.datetime, timeout: float = 5.0) -> Section:
    items: list[tuple[str, str]] = [("url", policy.directory_url)]
    host = urlsplit(policy.directory_url).hostname or ""
    try:
        connection = directory_connection(policy, timeout)
    except DesktopError as exc:  # the CA file, in the self-test's words
        return Section("Directory", (*items, ("CA file", str(exc))), ok=False)
    base = urlsplit(policy.directory_url).path.rstrip("/")
    try:
        connection.connect()
        sock = connection.sock
        items.append(("reachable", "yes"))
        if isinstance(sock, ssl.SSLSocket):
            items.append(("tls", sock.version() or "unknown"))
            items += _chain(sock, policy, now)
        else:
            items.append(("tls", "none (a loopback training directory)"))
        health = _get(connection, f"{base}/healthz")
        ready = _get(connection, f"{base}/readyz")
    except OSError as exc:
        items += [("reachable", "no"), ("reason", network_reason(exc, host, timeout))]
        return Section("Directory", tuple(items), ok=False)
    except http.client.HTTPException as exc:
        items.append(("reason", f"the answer is not HTTP ({type(exc).__name__})"))
        return Section("Directory", tuple(items), ok=False)
    finally:
        connection.close()
    items += [("/healthz", str(health.status)), ("/readyz", str(ready.status))]
    ok = health.status == 200 and ready.status == 200
    if health.date is not None:
        skew = dt.datetime.now(dt.UTC) - health.date
        seconds = round(skew.total_seconds())
        items.append(("clock skew", f"{seconds:+d} s (this computer minus the directory; ±1 s)"))
        ok = ok and abs(skew) < SKEW_WARNING
    else:
        items.append(("clock skew", "unknown: the directory sent no Date"))
    return Section("Directory", tuple(items), ok=ok)
