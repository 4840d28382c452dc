"""Training and test tokens: a SoftHSM token per user, with keys, PINs and a CA-issued certificate.

    home = softhsm.prepare(directory)
    ca = TrainingCA.create(directory / "ca")
    token = provision_token(home, ca, "alice", user_name="Alice Smith", organisation="Leeds")

The PKCS#11 work runs in a child process (`smartcard.provision_worker`, whose docstring
says why); this process only runs the CA and softhsm2-util, so it can still load SoftHSM
afterwards with any SOFTHSM2_CONF it likes.
"""

from __future__ import annotations

import base64
import datetime as dt
import json
import secrets
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal, Protocol

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, rsa

from smartcard import labels, softhsm
from smartcard.ca import TrainingCA
from smartcard.errors import ProvisioningFailed

AuthKeyType = Literal["ec-p256", "rsa-2048"]
# "contactpoint": our own layout; "piv": OpenSC's PIV layout (smartcard.labels).
Layout = Literal["contactpoint", "piv"]

# The package root, so that the child finds `smartcard` even without an installed package.
_SOURCE_ROOT = Path(__file__).resolve().parents[1]
_CHILD_TIMEOUT = 120.0  # RSA 2048 generation is the slow part: well under a second usually


@dataclass(frozen=True)
class ProvisionedToken:
    label: str
    user_pin: str
    so_pin: str
    certificate_der: bytes
    certificate_path: Path
    fingerprint_sha256: str
    auth_key: AuthKeyType
    layout: Layout = "contactpoint"

    def __repr__(self) -> str:
        # PINs stay out of reprs, and so out of test failure output and logs.
        return f"ProvisionedToken(label={self.label!r}, fingerprint={self.fingerprint_sha256})"


def random_pin(digits: int = 6) -> str:
    return "".join(str(secrets.randbelow(10)) for _ in range(digits))


class ChildHome(Protocol):
    """Where a provisioning child finds its PKCS#11 module and the environment to load it in
    (`softhsm.SoftHSMHome`, `tpm2.TpmStack`)."""

    @property
    def module(self) -> Path: ...

    def environment(self) -> dict[str, str]: ...


def run_child(
    home: ChildHome,
    action: str,
    request: dict[str, Any],
    worker: str = "smartcard.provision_worker",
) -> dict[str, Any]:
    env = home.environment()
    env["PYTHONPATH"] = str(_SOURCE_ROOT) + (
        ":" + env["PYTHONPATH"] if env.get("PYTHONPATH") else ""
    )
    try:
        result = subprocess.run(  # noqa: S603 - our own interpreter and module, no shell
            [sys.executable, "-m", worker, action],
            input=json.dumps({"module": str(home.module), **request}),
            env=env,
            capture_output=True,
            text=True,
            timeout=_CHILD_TIMEOUT,
            check=False,
        )
    except subprocess.TimeoutExpired as exc:
        raise ProvisioningFailed(f"Provisioning ({action}) did not finish in time.") from exc
    try:
        answer: dict[str, Any] = json.loads(result.stdout)
    except json.JSONDecodeError:
        lines = result.stderr.strip().splitlines()
        answer = {"error": lines[-1] if lines else f"exit status {result.returncode}"}
    if result.returncode != 0 or "error" in answer:
        raise ProvisioningFailed(f"Provisioning ({action}) failed: {answer.get('error')}")
    return answer


def provision_token(
    home: softhsm.SoftHSMHome,
    ca: TrainingCA,
    label: str,
    *,
    user_name: str,
    organisation: str,
    user_pin: str | None = None,
    so_pin: str | None = None,
    auth_key: AuthKeyType = "ec-p256",
    not_before: dt.datetime | None = None,
    not_after: dt.datetime | None = None,
    layout: Layout = "contactpoint",
) -> ProvisionedToken:
    """Create token `label` in `home` holding an auth key pair, a key-management key pair
    and the auth certificate issued by `ca` for `user_name` at `organisation`.

    `layout="contactpoint"`: "auth" (ID 01) and an RSA 2048 "kmk" (ID 03, no certificate).
    `layout="piv"`: OpenSC's PIV labels, an EC P-256 key-management key (ID 03) with a
    keyAgreement certificate, and a card-authentication key and certificate (ID 04).
    The auth certificate is also written to HOME/certificates/LABEL.pem for the directory's
    enrolment. Give `not_before`/`not_after` to make an expired or not-yet-valid one.
    """
    user_pin = user_pin or random_pin()
    so_pin = so_pin or random_pin(8)
    softhsm.init_token(home, label, so_pin, user_pin)
    request = {"label": label, "pin": user_pin}
    answer = run_child(home, "generate", {**request, "auth_key": auth_key, "layout": layout})
    certificate = ca.issue_user_certificate(
        public_key_from_spki(answer["auth_public_key"]),
        user_name,
        organisation,
        not_before=not_before,
        not_after=not_after,
    )
    der = certificate.public_bytes(serialization.Encoding.DER)
    if layout == "contactpoint":
        _store(home, request, der, labels.AUTH_LABEL, labels.AUTH_ID)
    else:
        _store(home, request, der, labels.PIV_AUTH_CERTIFICATE, labels.PIV_AUTH_ID)
        kmk = ca.issue_key_management_certificate(
            public_key_from_spki(answer["kmk_public_key"]), user_name, organisation
        )
        _store(
            home,
            request,
            kmk.public_bytes(serialization.Encoding.DER),
            labels.PIV_KMK_CERTIFICATE,
            labels.PIV_KMK_ID,
        )
        card = ca.issue_card_authentication_certificate(
            public_key_from_spki(answer["card_auth_public_key"]), user_name, organisation
        )
        _store(
            home,
            request,
            card.public_bytes(serialization.Encoding.DER),
            labels.PIV_CARD_AUTH_CERTIFICATE,
            labels.PIV_CARD_AUTH_ID,
        )
    return recorded(
        home.directory, label, certificate, user_pin, so_pin, auth_key=auth_key, layout=layout
    )


def recorded(
    directory: Path,
    label: str,
    certificate: x509.Certificate,
    user_pin: str,
    so_pin: str,
    *,
    auth_key: AuthKeyType,
    layout: Layout = "contactpoint",
) -> ProvisionedToken:
    """The token as provisioned, its authentication certificate written to
    DIRECTORY/certificates/LABEL.pem for the directory's enrolment (every token kind alike)."""
    path = directory / "certificates" / f"{label}.pem"
    path.parent.mkdir(exist_ok=True)
    path.write_bytes(certificate.public_bytes(serialization.Encoding.PEM))
    return ProvisionedToken(
        label=label,
        user_pin=user_pin,
        so_pin=so_pin,
        certificate_der=certificate.public_bytes(serialization.Encoding.DER),
        certificate_path=path,
        fingerprint_sha256=certificate.fingerprint(hashes.SHA256()).hex(),
        auth_key=auth_key,
        layout=layout,
    )


def public_key_from_spki(spki: str) -> ec.EllipticCurvePublicKey | rsa.RSAPublicKey:
    public_key = serialization.load_der_public_key(base64.b64decode(spki))
    if not isinstance(public_key, ec.EllipticCurvePublicKey | rsa.RSAPublicKey):
        raise ProvisioningFailed("The token produced an unexpected kind of public key.")
    return public_key


def _store(
    home: softhsm.SoftHSMHome,
    request: dict[str, Any],
    der: bytes,
    object_label: str,
    object_id: bytes,
) -> None:
    run_child(
        home,
        "store-certificate",
        {
            **request,
            "certificate": base64.b64encode(der).decode(),
            "object_label": object_label,
            "object_id": object_id.hex(),
        },
    )
