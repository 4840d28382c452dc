"""An in-memory keyring backend. Training, tests and benchmarks only, imported from its
module (`sync.cache` does not export it), never by the client.

It holds the wrapped cache keys in a dict, so that the cache can be tested and measured
on a machine with no OS keyring (a build machine, a test run) and without the desktop's
keyring latency. Its priority raises, which `keyring` reads as "not viable here", so
that defining the class (keyring registers every backend subclass) can never make it the
process's default keyring; and `KeyStore` accepts it only with `testing=True`.
"""

from __future__ import annotations

from keyring.backend import KeyringBackend
from keyring.compat import properties
from keyring.errors import KeyringLocked, PasswordDeleteError


class MemoryKeyring(KeyringBackend):
    def __init__(self) -> None:
        super().__init__()  # type: ignore[no-untyped-call]  # keyring leaves it untyped
        self.entries: dict[tuple[str, str], str] = {}
        self.locked = False  # a test's way to make the keyring refuse, as a locked one does

    @properties.classproperty
    def priority(cls) -> float:
        raise RuntimeError("MemoryKeyring is for tests and benchmarks only.")

    def _check(self) -> None:
        if self.locked:
            raise KeyringLocked("The test keyring is locked.")

    def get_password(self, service: str, username: str) -> str | None:
        self._check()
        return self.entries.get((service, username))

    def set_password(self, service: str, username: str, password: str) -> None:
        self._check()
        self.entries[(service, username)] = password

    def delete_password(self, service: str, username: str) -> None:
        self._check()
        if self.entries.pop((service, username), None) is None:
            raise PasswordDeleteError("No such entry.")
