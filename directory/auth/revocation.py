"""Certificate revocation lists from the trusted CAs, reloaded when their files change.

Each file holds one CRL, PEM or DER, and must be signed by one of the trusted CAs (the one
whose subject is the CRL's issuer): a list nobody trusted signed could revoke anyone, or,
swapped for an empty one, un-revoke them. The files are looked at (a `stat`, no read) at
most once per `check_interval` seconds, and one is read again only when its modification
time or size changed, so that every request may ask without touching the disk.

A file that goes missing or stops verifying after it was loaded keeps its last good list:
refusing every practitioner of that CA because the CA's publishing job wrote half a file
would stop child protection work, and a revocation, once seen, is never forgotten that way.
A file that is missing when the directory starts is an error if it was named explicitly
(`serve --crl`), and simply absent if it is the optional CRL beside a CA file.
"""

from __future__ import annotations

import logging
import os
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from cryptography import x509

log = logging.getLogger("contactpoint.directory.auth")

CRL_SUFFIX = ".crl"


@dataclass(frozen=True, slots=True)
class _Loaded:
    stamp: tuple[int, int]  # (mtime_ns, size) when it was read
    issuer: x509.Name
    serials: frozenset[int]


def beside(ca_file: Path | str) -> Path:
    """The CRL the directory looks for next to a CA file: ca.pem -> ca.crl."""
    return Path(ca_file).with_suffix(CRL_SUFFIX)


def _parse(data: bytes) -> x509.CertificateRevocationList:
    if data.lstrip().startswith(b"-----BEGIN"):
        return x509.load_pem_x509_crl(data)
    return x509.load_der_x509_crl(data)


def _stamp(path: Path) -> tuple[int, int] | None:
    try:
        info = os.stat(path)
    except OSError:
        return None
    return info.st_mtime_ns, info.st_size


class RevocationLists:
    """The CRLs of the trusted CAs; `is_revoked` is safe to call from any thread."""

    def __init__(
        self,
        trusted: Sequence[x509.Certificate],
        required: Sequence[Path | str] = (),
        optional: Sequence[Path | str] = (),
        *,
        check_interval: float = 1.0,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._trusted = tuple(trusted)
        self._files = [Path(p) for p in (*required, *optional)]
        self._interval = check_interval
        self._clock = clock
        self._lock = threading.Lock()
        self._loaded: dict[Path, _Loaded] = {}
        self._checked_at = clock()
        for path in required:
            if _stamp(Path(path)) is None:
                raise ValueError(f"{path}: no such CRL file")
        for path in self._files:
            loaded = self._read(path)
            if loaded is None and path in (Path(p) for p in required):
                raise ValueError(f"{path}: not a CRL signed by a trusted CA")
            if loaded is not None:
                self._loaded[path] = loaded
        self._by_issuer = self._index()

    def _read(self, path: Path) -> _Loaded | None:
        stamp = _stamp(path)
        if stamp is None:
            return None
        try:
            crl = _parse(path.read_bytes())
            issuer = crl.issuer
            signer = next(
                (
                    ca
                    for ca in self._trusted
                    if ca.subject == issuer and crl.is_signature_valid(ca.public_key())  # type: ignore[arg-type]
                ),
                None,
            )
            serials = frozenset(entry.serial_number for entry in crl)
        except (OSError, ValueError, TypeError):
            signer = None
        if signer is None:
            log.error("CRL not loaded: unreadable or not signed by a trusted CA (%s)", path.name)
            return None
        return _Loaded(stamp, issuer, serials)

    def _index(self) -> dict[x509.Name, frozenset[int]]:
        by_issuer: dict[x509.Name, frozenset[int]] = {}
        for loaded in self._loaded.values():
            by_issuer[loaded.issuer] = by_issuer.get(loaded.issuer, frozenset()) | loaded.serials
        return by_issuer

    def _refresh(self) -> None:
        now = self._clock()
        if now - self._checked_at < self._interval:
            return
        with self._lock:
            if now - self._checked_at < self._interval:
                return
            self._checked_at = now
            changed = False
            for path in self._files:
                stamp = _stamp(path)
                current = self._loaded.get(path)
                if stamp is None or (current is not None and current.stamp == stamp):
                    continue
                loaded = self._read(path)
                if loaded is not None:
                    self._loaded[path] = loaded
                    changed = True
            if changed:
                self._by_issuer = self._index()

    def is_revoked(self, certificate: x509.Certificate) -> bool:
        self._refresh()
        serials = self._by_issuer.get(certificate.issuer)
        return serials is not None and certificate.serial_number in serials
