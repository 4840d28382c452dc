"""What the machine tells the token layer about cards: the CAs it trusts, and named objects.

    rules = CardRules(trusted=load_trust_anchors(ca_file),
                      auth_object=ObjectRef.parse("id:01"), kmk_object=None)
    module = open_module(path, rules)

The policy fields `token_auth_object` and `token_kmk_object` (desktop/policy) are parsed
by `ObjectRef.parse`: "id:" and the CKA_ID in hex, or "label:" and the CKA_LABEL, for
cards whose objects the usual rules (smartcard.discovery) do not find.

`trusted=None` skips the client-side chain check (tests and tools that have no CA bundle);
the directory checks the chain at every sign-in regardless (DESIGN.md 3.7), so the
client's check only chooses between certificates and gives a clearer message sooner.
"""

from __future__ import annotations

import binascii
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from cryptography import x509


@dataclass(frozen=True, slots=True)
class ObjectRef:
    """A PKCS#11 object named by its CKA_ID or its CKA_LABEL (exactly one of them)."""

    object_id: bytes | None = None
    label: str | None = None

    def __post_init__(self) -> None:
        if (self.object_id is None) == (self.label is None):
            raise ValueError("Name an object by its ID or by its label, not both or neither.")

    @classmethod
    def parse(cls, text: str) -> ObjectRef:
        """ "id:01" (hex, at least one byte) or "label:PIV AUTH key"; ValueError says why not."""
        kind, sep, value = text.partition(":")
        if not sep or kind not in ("id", "label"):
            raise ValueError(f"{text!r} must be id:<hex> or label:<text>")
        if kind == "label":
            if not value:
                raise ValueError("label: needs the object's label after the colon")
            return cls(label=value)
        try:
            object_id = binascii.unhexlify(value)
        except (binascii.Error, ValueError):
            raise ValueError(f"{value!r} is not an ID in hex (e.g. id:01)") from None
        if not object_id:
            raise ValueError("id: needs the object's ID in hex after the colon")
        return cls(object_id=object_id)

    def __str__(self) -> str:
        if self.object_id is not None:
            return f"id:{self.object_id.hex()}"
        return f"label:{self.label}"


@dataclass(frozen=True, slots=True)
class CardRules:
    trusted: tuple[x509.Certificate, ...] | None = None
    auth_object: ObjectRef | None = None
    kmk_object: ObjectRef | None = None


def load_trust_anchors(path: Path) -> tuple[x509.Certificate, ...]:
    """The certificates in a PEM bundle (OSError / ValueError for a file that is not one)."""
    # Here rather than at the top: the machine policy imports this module, and the lock
    # screen is painted before cryptography loads (issue 12: start under 1 s).
    from cryptography import x509

    certificates = x509.load_pem_x509_certificates(path.read_bytes())
    return tuple(certificates)
