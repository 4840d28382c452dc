"""Choosing the signing and unwrapping mechanisms from what a card offers."""

from __future__ import annotations

import pytest
from pkcs11 import KeyType, Mechanism, MechanismFlag

from smartcard import MechanismMissing
from smartcard.mechanisms import PSS_PARAMS, Mechanisms

SIGN = int(MechanismFlag.SIGN)
DECRYPT = int(MechanismFlag.DECRYPT)


def test_ec_prefers_ecdsa_on_a_software_digest() -> None:
    both = Mechanisms({Mechanism.ECDSA: SIGN, Mechanism.ECDSA_SHA256: SIGN})
    chosen = both.signing(KeyType.EC)
    assert (chosen.mechanism, chosen.prehash) == (Mechanism.ECDSA, True)


def test_ec_falls_back_to_the_hashing_variant() -> None:
    chosen = Mechanisms({Mechanism.ECDSA_SHA256: SIGN}).signing(KeyType.EC)
    assert (chosen.mechanism, chosen.prehash) == (Mechanism.ECDSA_SHA256, False)


def test_rsa_signs_with_pss_sha256_either_way() -> None:
    hashing = Mechanisms({Mechanism.SHA256_RSA_PKCS_PSS: SIGN}).signing(KeyType.RSA)
    plain = Mechanisms({Mechanism.RSA_PKCS_PSS: SIGN}).signing(KeyType.RSA)
    assert (hashing.mechanism, hashing.prehash) == (Mechanism.SHA256_RSA_PKCS_PSS, False)
    assert (plain.mechanism, plain.prehash) == (Mechanism.RSA_PKCS_PSS, True)
    assert hashing.param == plain.param == PSS_PARAMS


def test_a_mechanism_listed_for_another_purpose_is_not_used_to_sign() -> None:
    offered = Mechanisms({Mechanism.ECDSA: DECRYPT, Mechanism.ECDSA_SHA256: SIGN})
    assert offered.signing(KeyType.EC).mechanism is Mechanism.ECDSA_SHA256


def test_empty_mechanism_info_is_taken_on_trust() -> None:
    # Some modules list a mechanism and leave its flags empty.
    assert Mechanisms({Mechanism.ECDSA: 0}).signing(KeyType.EC).mechanism is Mechanism.ECDSA


def test_a_card_that_cannot_sign_is_told_what_it_lacks() -> None:
    with pytest.raises(MechanismMissing, match="neither CKM_ECDSA or CKM_ECDSA_SHA256"):
        Mechanisms({Mechanism.RSA_PKCS_PSS: SIGN}).signing(KeyType.EC)
    with pytest.raises(MechanismMissing, match="CKM_SHA256_RSA_PKCS_PSS or CKM_RSA_PKCS_PSS"):
        Mechanisms({}).signing(KeyType.RSA)
    with pytest.raises(MechanismMissing, match="neither EC nor RSA"):
        Mechanisms({}).signing(KeyType.DSA)


def test_a_card_that_cannot_unwrap_is_told_what_it_lacks() -> None:
    offered = Mechanisms({Mechanism.RSA_PKCS_OAEP: DECRYPT})
    offered.require(Mechanism.RSA_PKCS_OAEP, MechanismFlag.DECRYPT, "open the cache")
    with pytest.raises(MechanismMissing, match=r"cannot open the cache.*CKM_ECDH1_DERIVE"):
        offered.require(Mechanism.ECDH1_DERIVE, MechanismFlag.DERIVE, "open the cache")
