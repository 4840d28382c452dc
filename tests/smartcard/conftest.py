"""SoftHSM fixtures: one provisioned directory holding several tokens, for the whole session.

A PKCS#11 library is loaded and C_Initialize'd once per process and SoftHSM reads
SOFTHSM2_CONF at that moment, so the session sets SOFTHSM2_CONF before anything here
opens the module, and every test shares that one configuration. (Provisioning itself
runs in child processes and never loads the library here.) A later test package that
needs SoftHSM in the same pytest process must use this fixture too, not its own conf.

Without SoftHSM the tests skip on a developer's machine and fail loudly with CI=true.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from smartcard import (
    ModuleMissing,
    Pkcs11Module,
    ProvisionedToken,
    SoftHSMHome,
    Token,
    TrainingCA,
    find_module,
    open_module,
    prepare_softhsm,
    provision_token,
)
from smartcard.provisioning import AuthKeyType, Layout
from tests.conftest import IN_CI
from tests.smartcard.opensc_card import make_opensc_card

ORGANISATION = "Leeds City Council"


@dataclass(frozen=True)
class Training:
    home: SoftHSMHome
    ca: TrainingCA
    ec: ProvisionedToken  # EC P-256 auth key: the usual case
    rsa: ProvisionedToken  # RSA 2048 auth key: the RSASSA-PSS path
    wrong_pin: ProvisionedToken  # its count-low flag is set by the wrong-PIN tests
    pin_change: ProvisionedToken  # its PIN is changed by the PIN-change tests
    piv: ProvisionedToken  # OpenSC's PIV layout: EC key management, a card-auth certificate
    lacking: ProvisionedToken  # PIV layout; a test deletes its key-management key
    opensc: ProvisionedToken  # PIV layout made with pkcs11-tool and openssl, not by us


def _softhsm_module() -> Path:
    try:
        module = find_module()
    except ModuleMissing as exc:
        reason = str(exc)
    else:
        if shutil.which("softhsm2-util"):
            return module
        reason = "softhsm2-util is not on PATH"
    if IN_CI:
        pytest.fail(f"SoftHSM2 is required in CI and is not usable: {reason}", pytrace=False)
    pytest.skip(f"SoftHSM2 not available: {reason}")


@pytest.fixture(scope="session")
def training(tmp_path_factory: pytest.TempPathFactory) -> Training:
    module = _softhsm_module()
    directory = tmp_path_factory.mktemp("softhsm")
    home = prepare_softhsm(directory, module)
    ca = TrainingCA.create(directory / "ca", "Tests")

    def make(
        label: str, name: str, auth_key: AuthKeyType = "ec-p256", layout: Layout = "contactpoint"
    ) -> ProvisionedToken:
        return provision_token(
            home,
            ca,
            label,
            user_name=name,
            organisation=ORGANISATION,
            auth_key=auth_key,
            layout=layout,
        )

    return Training(
        home=home,
        ca=ca,
        ec=make("alice", "Alice Example"),
        rsa=make("bob", "Bob Example", auth_key="rsa-2048"),
        wrong_pin=make("carol", "Carol Example"),
        pin_change=make("grace", "Grace Example"),
        piv=make("PIV_II", "Dave Example", layout="piv"),
        lacking=make("PIV_II (incomplete)", "Erin Example", layout="piv"),
        opensc=make_opensc_card(
            home, ca, "PIV_II (opensc)", holder="Fay Example", organisation=ORGANISATION
        ),
    )


@pytest.fixture(scope="session")
def module(training: Training) -> Iterator[Pkcs11Module]:
    # Not monkeypatch (function-scoped): the variable must hold from the first load of the
    # library to the end of the session. Restored afterwards for tidiness only.
    previous = os.environ.get("SOFTHSM2_CONF")
    os.environ["SOFTHSM2_CONF"] = str(training.home.conf_path)
    try:
        yield open_module(training.home.module)
    finally:
        if previous is None:
            os.environ.pop("SOFTHSM2_CONF", None)
        else:
            os.environ["SOFTHSM2_CONF"] = previous


def _open(module: Pkcs11Module, provisioned: ProvisionedToken) -> Iterator[Token]:
    token = module.open_token(provisioned.label)
    try:
        yield token
    finally:
        # PKCS#11 login state belongs to the token, not to our object: log out so the
        # next test starts logged out.
        token.logout()


@pytest.fixture
def ec_token(module: Pkcs11Module, training: Training) -> Iterator[Token]:
    yield from _open(module, training.ec)


@pytest.fixture
def rsa_token(module: Pkcs11Module, training: Training) -> Iterator[Token]:
    yield from _open(module, training.rsa)
