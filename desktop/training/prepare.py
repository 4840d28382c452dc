"""`contactpoint training prepare`: everything a training or test directory needs, in DIR.

The order matters: the population first (the cast is built around its scenarios), then
the CA and the tokens, then the enrolments, then the work the cast leaves on the management
team's lists (desktop.training.worklists), and training.json last, so that a home with a
manifest is always a finished one. A failed prepare removes what it wrote.
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import Engine, func, select

from desktop.training import manifest
from desktop.training.errors import HomeExists, HomeInRepository, TrainingError
from desktop.training.layout import Layout
from desktop.training.scenarios import Scenarios, find_scenarios
from desktop.training.users import TrainingUser, cast, enrol
from desktop.training.worklists import Seeded, seed_worklists
from directory.database import connect, migrate
from directory.population import populate
from directory.schema import app_user, child
from smartcard import SoftHSMHome, TrainingCA, find_module, prepare_softhsm

DEFAULT_CHILDREN = 8000
DEFAULT_SEED = 1
DEFAULT_PORT = 8443
# What prepare writes at the top of a home, and so all that --force may remove: never
# anything else, in case DIR is a directory that merely contains a home's files.
_ENTRIES = (
    "training.json",
    "policy.json",
    "directory.db",
    "directory.db-wal",
    "directory.db-shm",
    "directory.db-journal",
    "ca",
    "server",
    "softhsm",
)


@dataclass(frozen=True)
class Prepared:
    layout: Layout
    directory_url: str
    db_url: str
    users: tuple[TrainingUser, ...]
    scenarios: Scenarios
    worklists: Seeded


def _clear(layout: Layout) -> None:
    for name in _ENTRIES:
        path = layout.home / name
        if path.is_dir() and not path.is_symlink():
            shutil.rmtree(path)
        elif path.exists() or path.is_symlink():
            path.unlink()


def _claim(layout: Layout, force: bool) -> None:
    """Make DIR ready to fill: refuse a home inside the source tree, and an existing one
    without --force."""
    if layout.inside_source_tree():
        raise HomeInRepository(
            f"{layout.home} is inside the source tree; a training home holds keys, tokens "
            "and a database that must never be committed. Choose a directory elsewhere."
        )
    if layout.home.exists() and not layout.home.is_dir():
        raise TrainingError(f"{layout.home} exists and is not a directory.")
    present = [name for name in _ENTRIES if (layout.home / name).exists()]
    if present and not force:
        raise HomeExists(
            f"{layout.home} already holds a training home; give --force to replace it."
        )
    _clear(layout)
    layout.home.mkdir(parents=True, exist_ok=True, mode=0o700)


def _require_empty(engine: Engine) -> None:
    """A database named with --db must not already hold a directory: prepare never deletes
    from a database it did not create."""
    with engine.connect() as conn:
        children = conn.scalar(select(func.count()).select_from(child))
        users = conn.scalar(select(func.count()).select_from(app_user))
    if children or users:
        raise TrainingError(
            "The database given with --db already holds children or users; give an empty "
            "database (prepare never deletes from one it did not create)."
        )


def _owner_only(root: Path) -> None:
    """Token objects hold private keys: files 0600, directories 0700."""
    for directory, subdirectories, files in os.walk(root):
        os.chmod(directory, 0o700)
        for name in subdirectories:
            os.chmod(os.path.join(directory, name), 0o700)
        for name in files:
            os.chmod(os.path.join(directory, name), 0o600)


def prepare(
    home: Path,
    *,
    children: int = DEFAULT_CHILDREN,
    seed: int = DEFAULT_SEED,
    db_url: str | None = None,
    port: int = DEFAULT_PORT,
    force: bool = False,
    pkcs11_module: Path | None = None,
    today: dt.date | None = None,
    clock: Callable[[], dt.datetime] = lambda: dt.datetime.now(dt.UTC),
) -> Prepared:
    if children <= 0:
        raise TrainingError("The number of children must be positive.")
    if not 0 < port < 65536:
        raise TrainingError("The port must be between 1 and 65535.")
    layout = Layout.at(home)
    _claim(layout, force)
    try:
        return _fill(layout, children, seed, db_url, port, pkcs11_module, today, clock)
    except BaseException:
        _clear(layout)
        raise


def _fill(
    layout: Layout,
    children: int,
    seed: int,
    db_url: str | None,
    port: int,
    pkcs11_module: Path | None,
    today: dt.date | None,
    clock: Callable[[], dt.datetime],
) -> Prepared:
    now = clock()
    today = today or now.date()
    module = pkcs11_module or find_module()  # before the slow work: ModuleMissing at once
    url = db_url or layout.sqlite_url
    engine = connect(url)
    try:
        migrate(engine)
        _require_empty(engine)
        populate(engine, children, seed, today)
        if db_url is None:
            layout.database.chmod(0o600)
        with engine.connect() as conn:
            scenarios = find_scenarios(conn, today, children)
            members = cast(conn, scenarios)
        ca = TrainingCA.create(layout.ca, "Training")
        ca.issue_server_certificate(layout.server)
        softhsm: SoftHSMHome = prepare_softhsm(layout.softhsm, module)
        users = tuple(enrol(engine, softhsm, ca, member, now) for member in members)
        worklists = seed_worklists(engine, scenarios, members, now)
    finally:
        engine.dispose()
    # The CA and server keys are written 0600 by smartcard; the token store is ours to close.
    _owner_only(layout.softhsm)

    directory_url = f"https://127.0.0.1:{port}"
    manifest.write_json(
        layout.policy, manifest.training_policy(directory_url, ca.certificate_path, module)
    )
    manifest.write_json(
        layout.manifest,
        {
            "directory_url": directory_url,
            "ca_file": str(ca.certificate_path),
            "pkcs11_module": str(module),
            "softhsm2_conf": str(softhsm.conf_path),
            "db_url": url,
            "policy_file": str(layout.policy),
            "users": [user.as_json() for user in users],
            "scenarios": scenarios.as_json(),
        },
    )
    return Prepared(layout, directory_url, url, users, scenarios, worklists)
