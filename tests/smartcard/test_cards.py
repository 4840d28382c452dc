"""Real tokens found by what their objects are, on three implementations: SoftHSM in
ContactPoint's own layout (EC and RSA authentication keys, an RSA key-management key
without a certificate), SoftHSM in OpenSC's PIV layout (EC P-256 key management by ECDH,
a card-authentication certificate that must never be taken for the user's), a second
PIV-layout card made with OpenSC's pkcs11-tool and openssl rather than our provisioning
(four certificates, no public key objects: tests/smartcard/opensc_card.py), and
tpm2-pkcs11 on a software TPM (labels not ours, serials all 0000000000000000, both
certificates labelled alike, every key able to sign and decrypt)."""

from __future__ import annotations

import contextlib
import secrets
from collections.abc import Iterator
from dataclasses import dataclass

import pkcs11
import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec, padding, rsa
from pkcs11 import Attribute

from desktop.signin import failure_sentence
from smartcard import (
    CardRules,
    KeyMissing,
    ObjectRef,
    Pkcs11Module,
    ProvisionedToken,
    Scheme,
    Token,
    TokenError,
    TrainingCA,
    WrappingKey,
    wrap_for_token,
)
from smartcard.keywrap import oaep_padding
from smartcard.labels import PIV_CARD_AUTH_CERTIFICATE, PIV_KMK_ID
from sync.cache.keys import unwrap
from tests.smartcard.conftest import Training
from tests.smartcard.tpm2_support import Tpm2Training

LAYOUTS = ("ours-ec", "ours-rsa", "piv", "opensc", "tpm2-ec", "tpm2-rsa")
EXPECTED_SCHEME = {
    # SoftHSM 2.6 refuses OAEP with SHA-256, so the negotiation must land on SHA-1 there;
    # tpm2-pkcs11 accepts it.
    "ours-ec": Scheme.RSA_OAEP_SHA1,
    "ours-rsa": Scheme.RSA_OAEP_SHA1,
    "piv": Scheme.ECDH_P256,
    "opensc": Scheme.ECDH_P256,
    "tpm2-ec": Scheme.RSA_OAEP_SHA256,
    "tpm2-rsa": Scheme.RSA_OAEP_SHA256,
}


@dataclass(frozen=True)
class Card:
    layout: str
    module: Pkcs11Module
    token: Token
    made: ProvisionedToken


@pytest.fixture(params=LAYOUTS)
def card(request: pytest.FixtureRequest) -> Iterator[Card]:
    layout: str = request.param
    if layout.startswith("tpm2"):
        module: Pkcs11Module = request.getfixturevalue("tpm2_module")
        tpm: Tpm2Training = request.getfixturevalue("tpm2_training")
        made = tpm.ec if layout == "tpm2-ec" else tpm.rsa
    else:
        module = request.getfixturevalue("module")
        soft: Training = request.getfixturevalue("training")
        made = {"ours-ec": soft.ec, "ours-rsa": soft.rsa, "piv": soft.piv, "opensc": soft.opensc}[
            layout
        ]
    token = module.open_token(made.label)
    try:
        yield Card(layout, module, token, made)
    finally:
        token.logout()


@contextlib.contextmanager
def rules(module: Pkcs11Module, rules: CardRules) -> Iterator[None]:
    module.use_rules(rules)
    try:
        yield
    finally:
        module.use_rules(CardRules())


def login(token: Token, made: ProvisionedToken) -> None:
    token.login(bytearray(made.user_pin.encode()))


def verify(certificate_der: bytes, signature: bytes, message: bytes) -> None:
    public = x509.load_der_x509_certificate(certificate_der).public_key()
    if isinstance(public, rsa.RSAPublicKey):
        pss = padding.PSS(mgf=padding.MGF1(hashes.SHA256()), salt_length=32)
        public.verify(signature, message, pss, hashes.SHA256())
    else:
        assert isinstance(public, ec.EllipticCurvePublicKey)
        public.verify(signature, message, ec.ECDSA(hashes.SHA256()))


def test_the_authentication_certificate_is_found_by_what_it_is(
    card: Card,
) -> None:
    token, made = card.token, card.made
    assert token.certificate_der() == made.certificate_der
    assert token.fingerprint() == made.fingerprint_sha256
    listed = {info.label: info for info in card.module.tokens()}
    assert listed[made.label].fingerprint == made.fingerprint_sha256


def test_the_token_signs_what_its_certificate_verifies(
    card: Card,
) -> None:
    token, made = card.token, card.made
    login(token, made)
    message = (
        f"contactpoint-auth-v1\nhttps://127.0.0.1:8443\n{secrets.token_hex(8)}\nbm9uY2U=".encode()
    )
    verify(token.certificate_der(), token.sign(message), message)


def test_the_cache_key_is_wrapped_for_the_key_management_key_and_unwrapped_on_the_token(
    card: Card,
) -> None:
    token, made = card.token, card.made
    before_login = token.key_management()
    key = bytearray(secrets.token_bytes(32))
    early = wrap_for_token(before_login, key)  # no PIN needed to wrap
    login(token, made)
    target = token.key_management()  # the cache wraps after sign-in, with the PIN given
    assert target.scheme is EXPECTED_SCHEME[card.layout]
    assert unwrap(token, early) == key
    assert unwrap(token, wrap_for_token(target, key)) == key


def test_a_key_wrapped_for_another_key_does_not_open(card: Card) -> None:
    token, made = card.token, card.made
    mine = token.key_management()
    if mine.scheme is Scheme.ECDH_P256:
        stranger = WrappingKey(ec.generate_private_key(ec.SECP256R1()).public_key(), mine.scheme)
    else:
        other = rsa.generate_private_key(public_exponent=65537, key_size=2048)
        stranger = WrappingKey(other.public_key(), mine.scheme)
    wrapped = wrap_for_token(stranger, bytes(32))
    login(token, made)
    assert unwrap(token, wrapped) is None
    with pytest.raises(TokenError):
        token.unwrap(wrapped)


def test_a_cache_key_wrapped_before_the_blob_format_still_opens(
    module: Pkcs11Module, training: Training
) -> None:
    # What every cache from before the versioned format holds: bare RSA-OAEP SHA-1.
    token = module.open_token(training.ec.label)
    try:
        public = token.key_management().public_key
        assert isinstance(public, rsa.RSAPublicKey)
        key = secrets.token_bytes(32)
        legacy = public.encrypt(key, oaep_padding(Scheme.RSA_OAEP_SHA1))
        login(token, training.ec)
        assert token.unwrap(legacy) == key
    finally:
        token.logout()


def test_the_card_authentication_certificate_is_only_taken_when_the_policy_names_it(
    module: Pkcs11Module, training: Training
) -> None:
    token = module.open_token(training.piv.label)
    assert token.certificate_der() == training.piv.certificate_der
    named = CardRules(auth_object=ObjectRef.parse(f"label:{PIV_CARD_AUTH_CERTIFICATE}"))
    with rules(module, named):
        chosen = module.open_token(training.piv.label).certificate_der()
    assert chosen != training.piv.certificate_der
    assert (
        x509.load_der_x509_certificate(chosen).subject
        == x509.load_der_x509_certificate(training.piv.certificate_der).subject
    )


def test_a_named_object_that_is_not_there_is_named_in_the_message(
    module: Pkcs11Module, training: Training
) -> None:
    with rules(module, CardRules(kmk_object=ObjectRef.parse("id:7f"))):
        token = module.open_token(training.piv.label)
        with pytest.raises(KeyMissing, match=r"id:7f \(policy token_kmk_object\)"):
            token.key_management()


def test_a_certificate_from_an_untrusted_ca_is_not_taken(
    module: Pkcs11Module, training: Training, tmp_path_factory: pytest.TempPathFactory
) -> None:
    stranger = TrainingCA.create(tmp_path_factory.mktemp("stranger"), "Stranger")
    with rules(module, CardRules(trusted=(stranger.certificate,))):
        token = module.open_token(training.piv.label)
        with pytest.raises(KeyMissing, match="not issued by a certificate authority"):
            token.certificate_der()
        # The identity falls back to the serial: no certificate can be vouched for.
        listed = {info.label: info for info in module.tokens()}
        assert listed[training.piv.label].fingerprint == ""
    with rules(module, CardRules(trusted=(training.ca.certificate,))):
        token = module.open_token(training.piv.label)
        assert token.certificate_der() == training.piv.certificate_der


def test_a_card_without_a_key_management_key_gets_a_clear_message(
    module: Pkcs11Module, training: Training
) -> None:
    made = training.lacking

    def strip() -> None:
        # The key-management certificate, key pair and all: what an authentication-only
        # card looks like.
        lib = pkcs11.lib(str(module.path))
        with lib.get_token(token_label=made.label).open(rw=True, user_pin=made.user_pin) as s:
            for obj in list(s.get_objects({Attribute.ID: PIV_KMK_ID})):
                obj.destroy()

    module.worker.run(strip)
    token = module.open_token(made.label)
    assert token.certificate_der() == made.certificate_der  # it still signs in
    with pytest.raises(KeyMissing, match="no key-management key") as raised:
        token.key_management()
    sentence = failure_sentence(raised.value)
    assert sentence.startswith("This card cannot be used with ContactPoint:")
    assert "key-management key" in sentence
