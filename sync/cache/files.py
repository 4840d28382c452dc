"""The cache file on disk: where it lives, its permissions, a first look, and removal.

One file per user (per token certificate) in the platform's user data directory:
`<user data>/ContactPoint/cache/<first 16 hex of the certificate's SHA-256>.db`, in a
directory only the user can enter (0700), readable only by the user (0600). SQLite gives
its journal the database file's permissions, so the journal is private too.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import os
import re
from pathlib import Path

import platformdirs

from sync.cache.damage import Damage

APP_NAME = "ContactPoint"
PAGE_SIZE = 4096  # SQLCipher 4's cipher_page_size: every intact file is whole pages
_SQLITE_HEADER = b"SQLite format 3\x00"  # a plaintext SQLite database starts so
_COMPANIONS = ("-journal", "-wal", "-shm")
_CACHE_NAME = re.compile(r"[0-9a-f]{16}\.db")
KEY_SUFFIX = ".key"  # keyfile.KeyFile's files, `<same 16 hex>.key` beside each cache


def fingerprint(certificate_der: bytes) -> str:
    """The SHA-256 fingerprint of the certificate, lower-case hex: the keyring user name."""
    return hashlib.sha256(certificate_der).hexdigest()


def cache_directory() -> Path:
    """The folder of this user's cache files (and key files, where there is no keyring)."""
    return platformdirs.user_data_path(APP_NAME, appauthor=False) / "cache"


def default_path(certificate_der: bytes) -> Path:
    """Where this certificate's cache lives on this machine."""
    return cache_directory() / f"{fingerprint(certificate_der)[:16]}.db"


def ensure_private_directory(directory: Path) -> None:
    directory.mkdir(mode=0o700, parents=True, exist_ok=True)
    # mkdir's mode does not apply to a directory that already exists; tighten ours, and
    # leave alone one that belongs to someone else (a test's shared folder, say).
    if os.name == "posix" and directory.stat().st_uid == os.getuid():
        os.chmod(directory, 0o700)


def create_private_file(path: Path) -> None:
    """Create the empty database file 0600 before SQLite does (it would use the umask).

    O_EXCL: never follow a link or reuse a file someone else put there.
    """
    ensure_private_directory(path.parent)
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    os.close(descriptor)


def sync_directory(directory: Path) -> None:
    """Make a rename or unlink in `directory` durable (POSIX; Windows has no such call)."""
    if os.name != "posix":
        return
    descriptor = os.open(directory, os.O_RDONLY)
    try:
        os.fsync(descriptor)
    finally:
        os.close(descriptor)


def make_private(path: Path) -> None:
    if os.name == "posix":
        os.chmod(path, 0o600)


def sniff(path: Path) -> Damage | None:
    """What the file's size and first bytes already say is wrong with it, if anything.

    An SQLCipher file is indistinguishable from random bytes, so only two things show
    without the key: a plaintext SQLite database (someone else's file), and a length that
    is not whole pages (truncated, or appended to).
    """
    size = path.stat().st_size
    with path.open("rb") as file:
        head = file.read(len(_SQLITE_HEADER))
    if head == _SQLITE_HEADER:
        return Damage.FOREIGN
    if size % PAGE_SIZE:
        return Damage.DAMAGED
    return None


def remove(path: Path) -> None:
    """Delete the database and any journal beside it; what is already gone is fine."""
    for name in (path.name, *(path.name + suffix for suffix in _COMPANIONS)):
        with contextlib.suppress(FileNotFoundError):
            (path.parent / name).unlink()


def sweep_stale(directory: Path, keep: Path, now: dt.datetime, oldest: dt.timedelta) -> int:
    """Remove cache files (other than `keep`) untouched for longer than `oldest`.

    Every entry expires at most `oldest` (24 hours) after it was written, so such a file
    holds nothing live; it is a file nobody will open again (a renewed certificate, a user
    who left), and the rule that the file goes when everything in it has expired must
    hold for it too. Only names this module gives are touched.
    """
    if not directory.is_dir():
        return 0
    cutoff = (now - oldest).timestamp()
    removed = 0
    for candidate in directory.iterdir():
        if not _CACHE_NAME.fullmatch(candidate.name) or candidate == keep:
            continue
        with contextlib.suppress(FileNotFoundError):
            if candidate.stat().st_mtime < cutoff:
                remove(candidate)
                # Its key file too, where the key is kept in one (a keyring entry stays:
                # it wraps a key to a file that no longer exists).
                with contextlib.suppress(FileNotFoundError):
                    candidate.with_suffix(KEY_SUFFIX).unlink()
                removed += 1
    return removed
