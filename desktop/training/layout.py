"""Where everything lives inside a training home (DIR).

DIR/training.json      the manifest trainers and tests read (DESIGN.md 4.1)
DIR/policy.json        the client's training machine policy
DIR/directory.db       the SQLite directory, unless --db names another database
DIR/ca/                the training CA (ca.pem, ca-key.pem)
DIR/server/            the TLS certificate and key for 127.0.0.1 / localhost
DIR/softhsm/           softhsm2.conf, tokens/ and the users' certificates
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

# The source tree this package was imported from: a home inside it would put keys, tokens
# and a database one `git add` away from the repository.
SOURCE_ROOT = Path(__file__).resolve().parents[2]


@dataclass(frozen=True)
class Layout:
    home: Path

    @classmethod
    def at(cls, home: Path) -> Layout:
        return cls(home.expanduser().resolve())

    @property
    def manifest(self) -> Path:
        return self.home / "training.json"

    @property
    def policy(self) -> Path:
        return self.home / "policy.json"

    @property
    def database(self) -> Path:
        return self.home / "directory.db"

    @property
    def sqlite_url(self) -> str:
        return f"sqlite:///{self.database}"

    @property
    def ca(self) -> Path:
        return self.home / "ca"

    @property
    def server(self) -> Path:
        return self.home / "server"

    @property
    def softhsm(self) -> Path:
        return self.home / "softhsm"

    def inside_source_tree(self) -> bool:
        return (SOURCE_ROOT / ".git").exists() and self.home.is_relative_to(SOURCE_ROOT)
