"""The directory as the report sees it: TLS, the chain and its expiry, /healthz and
/readyz, the clock; and each way of not reaching it, in words."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest

from desktop.diagnostics.directory_probe import directory_section
from desktop.policy import MachinePolicy
from smartcard import ServerCertificate, TrainingCA
from sync.recent import RECENT
from tests.desktop.healthz_server import closed_port, healthz_server

NOW = dt.datetime.now(dt.UTC)


@pytest.fixture(scope="module")
def pki(tmp_path_factory: pytest.TempPathFactory) -> tuple[TrainingCA, ServerCertificate]:
    folder = tmp_path_factory.mktemp("pki")
    ca = TrainingCA.create(folder / "ca", "Diagnostics")
    return ca, ca.issue_server_certificate(folder / "server")


def _policy(url: str, ca_file: Path) -> MachinePolicy:
    return MachinePolicy(directory_url=url, ca_file=ca_file, pkcs11_module=Path("/none.so"))


def _text(items: tuple[tuple[str, str], ...]) -> str:
    return "\n".join(f"{name}: {value}" for name, value in items)


def test_a_directory_over_tls_with_its_chain_clock_and_readiness(
    pki: tuple[TrainingCA, ServerCertificate],
) -> None:
    ca, server = pki
    with healthz_server(server) as url:
        section = directory_section(_policy(url, ca.certificate_path), NOW)
    text = _text(section.items)
    assert "reachable: yes" in text and re.search(r"tls: TLSv1\.[23]", text)
    assert re.search(r"server certificate: .*CN=localhost", text) and "(in the CA file)" in text
    assert "/healthz: 200" in text
    assert re.search(r"clock skew: [+-]\d+ s", text)
    # This stand-in answers only /healthz: not ready is a thing to look at.
    assert "/readyz: 404" in text and not section.ok
    # Both probes are among the last requests, with their outcomes.
    assert [r.outcome for r in RECENT.latest()[:2]] == ["404", "200"]


def test_nothing_listening_is_said_in_words(pki: tuple[TrainingCA, ServerCertificate]) -> None:
    ca, _ = pki
    section = directory_section(_policy(closed_port(), ca.certificate_path), NOW)
    items = dict(section.items)
    assert not section.ok and items["reachable"] == "no"
    assert items["reason"] == "connection refused: nothing listens there"


def test_a_server_the_ca_file_does_not_vouch_for(
    pki: tuple[TrainingCA, ServerCertificate], tmp_path: Path
) -> None:
    _, server = pki
    other = TrainingCA.create(tmp_path / "other", "Other")
    with healthz_server(server) as url:
        section = directory_section(_policy(url, other.certificate_path), NOW)
    assert not section.ok
    assert dict(section.items)["reason"].startswith("the server's certificate is not trusted")
