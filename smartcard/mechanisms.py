"""Which PKCS#11 mechanisms to use, chosen from what the token says it offers.

Read once per opened token (C_GetMechanismList, then C_GetMechanismInfo for the ones we
might use): cards differ. SoftHSM 2.6 has CKM_ECDSA but not CKM_ECDSA_SHA256; some cards
have only the hashing variants; an RSA card may offer CKM_RSA_PKCS_PSS (we hash) or
CKM_SHA256_RSA_PKCS_PSS (it hashes). Either gives the signature DESIGN.md 3.7 fixes.
A card that offers none of the ways to do something gets `MechanismMissing` naming them.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from pkcs11 import MGF, KeyType, Mechanism, MechanismFlag

from smartcard.errors import MechanismMissing

# RSASSA-PSS as DESIGN.md 3.7 fixes it: SHA-256, MGF1-SHA256, 32-byte salt.
PSS_PARAMS = (Mechanism.SHA256, MGF.SHA256, 32)


@dataclass(frozen=True, slots=True)
class SigningMethod:
    mechanism: Mechanism
    prehash: bool  # True: SHA-256 is computed here and the card signs the digest
    param: tuple[Mechanism, MGF, int] | None = None


# In order of preference: the plain mechanism on a software digest works on the most cards.
_EC_SIGNING = (
    SigningMethod(Mechanism.ECDSA, prehash=True),
    SigningMethod(Mechanism.ECDSA_SHA256, prehash=False),
)
_RSA_SIGNING = (
    SigningMethod(Mechanism.SHA256_RSA_PKCS_PSS, prehash=False, param=PSS_PARAMS),
    SigningMethod(Mechanism.RSA_PKCS_PSS, prehash=True, param=PSS_PARAMS),
)
_WHAT_SIGNS = MechanismFlag.SIGN


@dataclass(frozen=True, slots=True)
class Mechanisms:
    """A token's mechanisms and their flags (CK_MECHANISM_INFO.flags; 0 if unreadable)."""

    offered: Mapping[Mechanism, int]

    def can(self, mechanism: Mechanism, flag: MechanismFlag) -> bool:
        if mechanism not in self.offered:
            return False
        flags = self.offered[mechanism]
        # Some modules leave the info empty; trust the list then.
        return flags == 0 or bool(flags & flag)

    def signing(self, key_type: KeyType) -> SigningMethod:
        if key_type == KeyType.EC:
            methods, kind = _EC_SIGNING, "EC"
        elif key_type == KeyType.RSA:
            methods, kind = _RSA_SIGNING, "RSA"
        else:
            raise MechanismMissing("The card's authentication key is neither EC nor RSA.")
        for method in methods:
            if self.can(method.mechanism, _WHAT_SIGNS):
                return method
        names = " or ".join(f"CKM_{m.mechanism.name}" for m in methods)
        raise MechanismMissing(
            f"The card cannot sign with its {kind} authentication key: it offers neither {names}."
        )

    def require(self, mechanism: Mechanism, flag: MechanismFlag, purpose: str) -> None:
        if not self.can(mechanism, flag):
            raise MechanismMissing(
                f"The card cannot {purpose}: it does not offer CKM_{mechanism.name}."
            )


# The mechanisms whose info is read; the rest of the list is ignored.
OF_INTEREST = frozenset(
    {m.mechanism for m in _EC_SIGNING + _RSA_SIGNING}
    | {Mechanism.RSA_PKCS_OAEP, Mechanism.ECDH1_DERIVE}
)
