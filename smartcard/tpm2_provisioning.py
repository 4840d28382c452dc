"""Training and test tokens on tpm2-pkcs11: what `smartcard.provisioning` makes on SoftHSM.

    with tpm2.running(directory) as stack:
        ca = TrainingCA.create(directory / "ca")
        token = provision_tpm2_token(stack, ca, "alice", user_name="Alice Smith",
                                     organisation="Leeds")        # -> ProvisionedToken

Make every token before the process that uses them loads tpm2-pkcs11: the library reads
its list of tokens once, at C_Initialize, and does not see a token added afterwards.

Each token holds, like a PIV card, but with labels a token of this kind might carry and
never ours ("auth", "kmk"), so that the client has to find its objects by what they are:

    CKA_ID 01   authentication key pair (EC P-256, or RSA 2048) and its certificate
                (keyUsage digitalSignature, extended key usage clientAuth), issued by `ca`
    CKA_ID 03   key-management key pair (RSA 2048: tpm2-pkcs11 cannot derive, so no EC)
                and its certificate (keyUsage keyEncipherment), issued by `ca`

Both key pairs are labelled by a random key-container name, as Windows and many card
middlewares label keys, and both certificates by the holder's name, as pkcs11-tool and
p11tool label imported certificates: the two certificates carry the same label.
tpm2-pkcs11 reports every TPM key as able to sign and to decrypt
(`smartcard.tpm2_provision_worker` says why), so CKA_SIGN / CKA_DECRYPT cannot tell them
apart either; only the certificates' key usage and CKA_ID do.
"""

from __future__ import annotations

import base64
import datetime as dt
import uuid

from cryptography.hazmat.primitives import serialization

from smartcard.ca import TrainingCA
from smartcard.labels import AUTH_ID, KMK_ID
from smartcard.provisioning import (
    AuthKeyType,
    ProvisionedToken,
    public_key_from_spki,
    random_pin,
    recorded,
    run_child,
)
from smartcard.tpm2 import TpmStack, init_token

_WORKER = "smartcard.tpm2_provision_worker"


def _container_name() -> str:
    return f"te-{uuid.uuid4()}"


def provision_tpm2_token(
    stack: TpmStack,
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
) -> ProvisionedToken:
    """Create token `label` on the stack's TPM with both key pairs and both certificates.

    As `smartcard.provisioning.provision_token` does on SoftHSM, and with the same result:
    `certificate_der` and `certificate_path` are the authentication certificate's. Give
    `not_before`/`not_after` to make an expired or not-yet-valid one.
    """
    user_pin = user_pin or random_pin()
    so_pin = so_pin or random_pin(8)
    init_token(stack, label, so_pin, user_pin)
    request = {"label": label, "pin": user_pin}
    generated = run_child(
        stack,
        "generate",
        {
            **request,
            "auth_key": auth_key,
            "auth_label": _container_name(),
            "kmk_label": _container_name(),
        },
        worker=_WORKER,
    )
    auth = ca.issue_user_certificate(
        public_key_from_spki(generated["auth_public_key"]),
        user_name,
        organisation,
        not_before=not_before,
        not_after=not_after,
    )
    kmk = ca.issue_key_management_certificate(
        public_key_from_spki(generated["kmk_public_key"]), user_name, organisation
    )
    entries = [
        {
            "der": base64.b64encode(certificate.public_bytes(serialization.Encoding.DER)).decode(),
            "label": user_name,
            "id": key_id.hex(),
        }
        for certificate, key_id in ((auth, AUTH_ID), (kmk, KMK_ID))
    ]
    run_child(stack, "store-certificates", {**request, "certificates": entries}, worker=_WORKER)
    return recorded(stack.directory, label, auth, user_pin, so_pin, auth_key=auth_key)
