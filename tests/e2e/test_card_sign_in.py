"""End to end on three kinds of card (issue 15): the client signs in against the served
training directory, opens its encrypted cache, locks when the card is pulled and unlocks
on the same card, with

    ours   SoftHSM in the project's training layout (the teacher's card)
    piv    SoftHSM in OpenSC's PIV layout, EC P-256 key management (the health visitor's)
    tpm2   tpm2-pkcs11 on a software TPM, made here for a user enrolled here, with labels
           that are not ours and the serial every tpm2-pkcs11 token reports

The client side runs as a pytest process of its own per card (card_scenario.py, through
tests/e2e/isolated.py): a
PKCS#11 library reads its configuration once per process, and this one has loaded SoftHSM
and tpm2-pkcs11 with the smartcard tests' configurations.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from directory.auth import add_user, load_trusted_cas
from directory.database import connect
from smartcard import TrainingCA, tpm2
from smartcard.tpm2_provisioning import provision_tpm2_token
from tests.desktop.homes import require_softhsm
from tests.e2e.disk import (
    assert_no_personal_data,
    assert_unreadable_without_the_token,
    personal_data,
)
from tests.e2e.isolated import run_scenario
from tests.e2e.served import Served, serve

SCENARIO = Path(__file__).with_name("card_scenario.py")
TPM2_LABEL = "tpm2-card"
TPM2_PIN = "246810"


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Served]:
    module = require_softhsm()
    yield from serve(tmp_path_factory.mktemp("cards"), module, None)


def _softhsm_card(served: Served, label: str, scheme: str) -> tuple[dict[str, Any], dict[str, str]]:
    user = served.user(label)
    card = {"token_label": label, "pin": user["pin"], "module": served.manifest["pkcs11_module"]}
    return {**card, "scheme": scheme}, {"SOFTHSM2_CONF": served.manifest["softhsm2_conf"]}


def _tpm2_card(served: Served, stack: tpm2.TpmStack) -> tuple[dict[str, Any], dict[str, str]]:
    """A TPM-backed card issued by the served home's CA to a new user of the teacher's
    school, enrolled in the served directory as an administrator's script would."""
    teacher = next(u for u in served.prepared.users if u.member.label == "teacher")
    ca = TrainingCA.load(served.prepared.layout.ca)
    made = provision_tpm2_token(
        stack,
        ca,
        TPM2_LABEL,
        user_name="Tia Tpm",
        organisation=teacher.member.organisation,
        user_pin=TPM2_PIN,
    )
    engine = connect(served.prepared.db_url)
    try:
        add_user(
            engine,
            name="Tia Tpm",
            organisation_name=teacher.member.organisation,
            roles=["practitioner"],
            local_authority=None,
            certificate_der=made.certificate_der,
            password=None,
            trusted=load_trusted_cas([str(ca.certificate_path)]),
            now=dt.datetime.now(dt.UTC),
            actor="tests:e2e",
            organisation_id=teacher.member.organisation_id,
        )
    finally:
        engine.dispose()
    card = {"token_label": TPM2_LABEL, "pin": TPM2_PIN, "module": str(stack.module)}
    return {**card, "scheme": "RSA_OAEP_SHA256"}, stack.variables()


@pytest.mark.parametrize("kind", ["ours", "piv", "tpm2"])
def test_each_kind_of_card_signs_in_opens_its_cache_locks_and_unlocks(
    kind: str, served: Served, tmp_path: Path, request: pytest.FixtureRequest
) -> None:
    if kind == "tpm2":
        card, variables = _tpm2_card(served, request.getfixturevalue("tpm2_stack"))
    elif kind == "piv":
        # SoftHSM 2.6 refuses OAEP with SHA-256, so RSA lands on SHA-1 there; PIV is EC.
        card, variables = _softhsm_card(served, "health-visitor", "ECDH_P256")
    else:
        card, variables = _softhsm_card(served, "teacher", "RSA_OAEP_SHA1")
    left = run_scenario(
        SCENARIO, served, tmp_path, {**variables, "CONTACTPOINT_E2E_CARD": json.dumps(card)}
    )
    assert_no_personal_data(left, personal_data(served.manifest))
    caches = [path for path in left if path.parent.name == "cache" and path.suffix == ".db"]
    assert len(caches) == 1, left
    assert_unreadable_without_the_token(caches[0])
