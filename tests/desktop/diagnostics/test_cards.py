"""The cards section where the module cannot be used: said, and the report goes on."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from desktop.diagnostics.cards import cards_section
from desktop.policy import MachinePolicy


def test_a_module_that_does_not_load_is_a_problem_named_with_its_path() -> None:
    module = Path("/nonexistent/contactpoint/libpkcs11.so")
    policy = MachinePolicy(
        directory_url="https://directory.example", ca_file=Path("/ca.pem"), pkcs11_module=module
    )
    section = cards_section(policy, dt.datetime.now(dt.UTC))
    items = dict(section.items)
    assert not section.ok and items["module"] == str(module)
    assert str(module) in items["problem"]
    assert "/ca.pem" in items["card CAs"]  # and the CA file that is not there either
