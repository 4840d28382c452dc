"""tpm2-pkcs11 fixtures: one software TPM stack and its tokens for the whole session.

A pytest plugin (listed in tests/conftest.py), so that tests/smartcard and tests/e2e can
both ask for `tpm2_training` and `tpm2_module`:

    tpm2_stack     swtpm + tpm2-abrmd on a private D-Bus (`smartcard.tpm2.running`),
                   stopped at the end of the session
    tpm2_training  the stack, a training CA and two tokens on it (EC and RSA auth keys)
    tpm2_module    tpm2-pkcs11 loaded in this process with the stack's variables

Why one stack per session: tpm2-pkcs11 reads its environment and its list of tokens once,
at C_Initialize, which happens once per process (`smartcard.open_module`), so every test in
the process shares the one TPM; and every token is made before the library is loaded.
Wrong PINs count towards one dictionary lockout shared by every token on that TPM: a test
that gives wrong PINs must call `smartcard.tpm2.reset_lockout` afterwards (or use
`lockout_reset`).

Without swtpm, tpm2-abrmd or tpm2-pkcs11 the tests skip on a developer's machine and fail
loudly with CI=true.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from dataclasses import dataclass

import pytest

from smartcard import ModuleMissing, Pkcs11Module, ProvisionedToken, TrainingCA, open_module, tpm2
from smartcard.provisioning import AuthKeyType
from smartcard.tpm2_provisioning import provision_tpm2_token
from tests.conftest import IN_CI

ORGANISATION = "Leeds City Council"


@dataclass(frozen=True)
class Tpm2Training:
    stack: tpm2.TpmStack
    ca: TrainingCA
    ec: ProvisionedToken  # EC P-256 auth key
    rsa: ProvisionedToken  # RSA 2048 auth key: the RSASSA-PSS path


def _unavailable(reason: str) -> None:
    if IN_CI:
        pytest.fail(f"tpm2-pkcs11 on swtpm is required in CI and is not usable: {reason}")
    pytest.skip(f"tpm2-pkcs11 on swtpm not available: {reason}")


@pytest.fixture(scope="session")
def tpm2_stack(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tpm2.TpmStack]:
    try:
        module = tpm2.find_module()
        with tpm2.running(
            tmp_path_factory.mktemp("tpm2"), module, bus_outlives_block=True
        ) as stack:
            yield stack
    except ModuleMissing as exc:
        _unavailable(str(exc))


@pytest.fixture(scope="session")
def tpm2_training(
    tpm2_stack: tpm2.TpmStack, tmp_path_factory: pytest.TempPathFactory
) -> Tpm2Training:
    ca = TrainingCA.create(tmp_path_factory.mktemp("tpm2-ca"), "TPM tests")

    def make(label: str, name: str, auth_key: AuthKeyType) -> ProvisionedToken:
        return provision_tpm2_token(
            tpm2_stack, ca, label, user_name=name, organisation=ORGANISATION, auth_key=auth_key
        )

    return Tpm2Training(
        stack=tpm2_stack,
        ca=ca,
        ec=make("dana", "Dana Example", "ec-p256"),
        rsa=make("eve", "Eve Example", "rsa-2048"),
    )


@pytest.fixture(scope="session")
def tpm2_module(tpm2_training: Tpm2Training) -> Iterator[Pkcs11Module]:
    # Set for the whole session, not with monkeypatch: the library reads them when it is
    # first loaded and every later use in this process depends on them. Restored afterwards.
    variables = tpm2_training.stack.variables()
    previous = {name: os.environ.get(name) for name in variables}
    os.environ.update(variables)
    try:
        yield open_module(tpm2_training.stack.module)
    finally:
        for name, value in previous.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value


@pytest.fixture
def lockout_reset(tpm2_training: Tpm2Training) -> Iterator[None]:
    """For a test that gives wrong PINs: the TPM's shared lockout is cleared after it."""
    try:
        yield
    finally:
        tpm2.reset_lockout(tpm2_training.stack)
