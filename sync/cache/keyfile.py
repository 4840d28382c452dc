"""The wrapped cache key in a file beside the cache, for a desktop with no secure keyring.

    store = KeyFile(files.cache_directory())
    store.kind == "file"
    store.load(fingerprint) -> bytes | None;  store.save(fingerprint, wrapped)
    store.forget(fingerprint)

`<first 16 hex of the fingerprint>.key` beside `<same>.db`, holding what the keyring entry
would (`cp-cache-1:` and the base64 of the wrapped blob). The wrapped key opens nothing
without the token and its PIN (keys.py), so the token stays the first wall; the keyring's
part, keeping other users of the machine from even finding the blob, is played here by
the folder (0700) and the file (0600) on POSIX and by the user profile's ACL on Windows.
Forgetting the file still shreds the cache cryptographically, as forgetting the entry does.

A save never leaves half a key: the blob goes to a temporary file in the same folder, is
flushed to disk, and replaces the old file in one rename, which is then made durable. A
crash at any point leaves the old key or the new one.

A file that is not plainly this user's own key file (not a regular file, someone else's,
open to other users, too long, or not in the format) answers None: the cache then treats
its file as one whose key is lost, removes it with its one log line and starts afresh,
and the next save replaces the key file.
"""

from __future__ import annotations

import contextlib
import errno
import os
import stat
import tempfile
from pathlib import Path

from sync.cache import files
from sync.cache.errors import KeyringUnavailable
from sync.cache.files import KEY_SUFFIX
from sync.cache.keystore import KeyStoreKind, decode_entry, encode_entry

# A wrapped key is a few hundred bytes (RSA-4096 OAEP: 512, base64'd); anything far
# longer is not a key file, and is not read into memory whole.
_MAX_BYTES = 16 * 1024
_NO_FOLLOW = getattr(os, "O_NOFOLLOW", 0)  # POSIX: never read through a planted link


class KeyFile:
    """The wrapped cache keys as files in one private folder (the cache's)."""

    def __init__(self, directory: Path) -> None:
        self._directory = Path(directory)

    @property
    def kind(self) -> KeyStoreKind:
        return "file"

    @property
    def directory(self) -> Path:
        return self._directory

    def path(self, fingerprint: str) -> Path:
        return self._directory / f"{fingerprint[:16]}{KEY_SUFFIX}"

    def load(self, fingerprint: str) -> bytes | None:
        """The wrapped key, or None if there is no file or it is not this user's key file."""
        try:
            descriptor = os.open(self.path(fingerprint), os.O_RDONLY | _NO_FOLLOW)
        except FileNotFoundError:
            return None
        except OSError as exc:
            if _is_link_refusal(exc):
                return None  # a symbolic link: not a file this store wrote
            raise KeyringUnavailable("The cache key file could not be read.") from exc
        try:
            if not _owned_and_private(os.fstat(descriptor)):
                return None
            content = os.read(descriptor, _MAX_BYTES + 1)
        except OSError as exc:
            raise KeyringUnavailable("The cache key file could not be read.") from exc
        finally:
            os.close(descriptor)
        if len(content) > _MAX_BYTES:
            return None
        try:
            text = content.decode("ascii")
        except UnicodeDecodeError:
            return None
        return decode_entry(text)

    def save(self, fingerprint: str, wrapped: bytes) -> None:
        """Write the key atomically; `KeyringUnavailable` if the disk refuses."""
        data = encode_entry(wrapped).encode("ascii")
        try:
            files.ensure_private_directory(self._directory)
            # mkstemp: O_EXCL and mode 0600 from the start, in the same folder so that the
            # rename below cannot cross file systems.
            descriptor, temporary = tempfile.mkstemp(
                prefix=".", suffix=KEY_SUFFIX + ".tmp", dir=self._directory
            )
            try:
                with os.fdopen(descriptor, "wb") as file:
                    file.write(data)
                    file.flush()
                    os.fsync(file.fileno())
                os.replace(temporary, self.path(fingerprint))
            except BaseException:
                with contextlib.suppress(OSError):
                    os.unlink(temporary)
                raise
            files.sync_directory(self._directory)
        except OSError as exc:
            raise KeyringUnavailable("The cache key file could not be written.") from exc

    def forget(self, fingerprint: str) -> None:
        """Remove the file; one that is already gone is not an error."""
        try:
            os.unlink(self.path(fingerprint))
        except FileNotFoundError:
            return
        except OSError as exc:
            raise KeyringUnavailable("The cache key file could not be removed.") from exc
        with contextlib.suppress(OSError):
            files.sync_directory(self._directory)


def _owned_and_private(status: os.stat_result) -> bool:
    if not stat.S_ISREG(status.st_mode):
        return False
    if os.name != "posix":
        return True  # the profile's ACL protects it; there is no owner or mode to check
    return status.st_uid == os.getuid() and not status.st_mode & 0o077


def _is_link_refusal(exc: OSError) -> bool:
    # O_NOFOLLOW on a link fails with ELOOP (Linux) or EMLINK (some BSDs).
    return exc.errno in (errno.ELOOP, errno.EMLINK)
