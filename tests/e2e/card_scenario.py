"""One card end to end, run by test_card_sign_in.py in a process of its own (see there).

The client, built from the training policy as `contactpoint` builds it, signs in with the
card named by CONTACTPOINT_E2E_CARD against the served training directory, opens the
user's encrypted cache and keeps the ordinary child in it, locks when the card is pulled
(the cache closes), and unlocks on the same card and PIN (the cache opens again with the
key the card unwraps, holding the same record).
"""

from __future__ import annotations

import dataclasses
import json
import os
from pathlib import Path
from typing import Any

import pytest
from pytestqt.qtbot import QtBot

from desktop.controller import Controller
from desktop.policy import load_training_policy
from desktop.session_cache import SessionCache
from smartcard import Scheme, open_module
from smartcard.keywrap import parse
from smartcard.simulated_reader import SimulatedReader
from sync import DirectoryClient
from sync.cache import KeyStore
from tests.e2e.driving import search_and_open, sign_in
from tests.sync.memory_keyring import MemoryKeyring
from ui.app import ClientApp

MANIFEST = os.environ.get("CONTACTPOINT_E2E_MANIFEST")
CARD = os.environ.get("CONTACTPOINT_E2E_CARD")
if MANIFEST is None or CARD is None:  # run only by test_card_sign_in.py
    raise RuntimeError("Run through tests/e2e/test_card_sign_in.py (needs a served home).")


@pytest.fixture(scope="module")
def manifest() -> dict[str, Any]:
    data: dict[str, Any] = json.loads(Path(str(MANIFEST)).read_text(encoding="utf-8"))
    return data


@pytest.fixture(scope="module")
def card() -> dict[str, Any]:
    """{"token_label", "pin", "module", "scheme"}: the card, its PIN, the PKCS#11 module
    that presents it, and the key-management scheme its key must negotiate."""
    data: dict[str, Any] = json.loads(str(CARD))
    return data


def test_the_card_signs_in_opens_its_cache_locks_when_pulled_and_unlocks(
    qtbot: QtBot, manifest: dict[str, Any], card: dict[str, Any]
) -> None:
    policy = load_training_policy(Path(manifest["policy_file"]), None)
    policy = dataclasses.replace(policy, pkcs11_module=Path(card["module"]))
    # As desktop.bootstrap builds the core (the policy's CA bundle decides which
    # certificate on the card is the user's), with a reader the card can be pulled out of.
    module = open_module(policy.pkcs11_module, policy.card_rules())
    reader = SimulatedReader(module)
    directory = DirectoryClient(policy.directory_url, verify=str(policy.ca_file))
    # The real encrypted cache in HOME; the wrapped key in an in-memory keyring (this
    # machine has none), so that only the card can open it.
    keyring = MemoryKeyring()
    cache = SessionCache(policy.cache_hours, keystore=lambda: KeyStore(keyring, testing=True))
    client = ClientApp(Controller(policy, reader, directory, cache=cache))
    client.start()
    try:
        sign_in(qtbot, client, reader, card)
        qtbot.waitUntil(lambda: cache.is_open, timeout=15_000)
        ordinary = manifest["scenarios"]["ordinary"]
        search_and_open(qtbot, client, ordinary)
        qtbot.waitUntil(lambda: cache.lookup(ordinary["cp_id"]) is not None, timeout=10_000)
        window = client.window
        assert window is not None

        reader.remove()
        qtbot.waitUntil(lambda: not window.isVisible(), timeout=5_000)
        assert client.lock_screen.isVisible()
        qtbot.waitUntil(lambda: not cache.is_open, timeout=5_000)

        sign_in(qtbot, client, reader, card)
        assert client.window is window  # the same session, unlocked
        qtbot.waitUntil(lambda: cache.is_open, timeout=15_000)
        kept = cache.lookup(ordinary["cp_id"])
        assert kept is not None
    finally:
        client.stop()
        reader.remove()
        directory.close()
    # The cache key was wrapped as the card's kind asks: ECDH on the PIV layout's EC P-256
    # key, RSA-OAEP with the hash the card takes on the others (the blob names its scheme).
    (fingerprint,) = [user for _, user in keyring.entries]
    wrapped = KeyStore(keyring, testing=True).load(fingerprint)
    assert wrapped is not None
    assert parse(wrapped).scheme is Scheme[card["scheme"]]
