"""A fake PKCS#11 module and token, for tests and training UI demos only. Never for real use.

SoftHSM (the real path in tests, DESIGN.md 5) cannot be pulled out of a reader, never sets
the final-try or locked flags, and has no PIN pad. These fakes can, with the same surface
as `Pkcs11Module` / `Token` (mypy checks both against `smartcard.protocols` at the end of
this file), as KeePassXC keeps a mock beside its real YubiKey driver.

    card = FakeToken("alice", pin="123456", max_tries=3)
    module = FakeModule([card])          # smartcard.fake_module; close() it when done
    token = module.open_token("alice")   # the FakeToken itself (login state is the card's)
    card.remove(); card.insert()         # what a hand at the reader does
    FakeToken("tpm", reports_tries=False)  # flags never change (tpm2-pkcs11's lockout)
    FakeToken("ec", kmk="ec-p256")         # key management by ECDH, as PIV cards often do
    FakeToken("bare", kmk=None)            # no key-management key at all
    FakeToken("new", must_change=True)     # PIN to be changed (change_pin clears it)
    module.fail_with(TokenError(...))    # every module call raises it (reader unplugged)

Keys are software keys from `cryptography`, made per FakeToken, and its certificate is
self-signed with "FAKE" in its subject: nothing the directory would ever trust. A test
that needs the directory to trust the card gives it a key and a certificate issued by
its test CA instead (`key=`, `certificate_der=`; EC P-256 or RSA, signed as `Token` signs).
"""

from __future__ import annotations

import datetime
import hashlib
import threading
from typing import Literal

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, padding, rsa
from cryptography.x509.oid import NameOID
from pkcs11 import TokenFlag

from devices import wipe
from smartcard import keywrap
from smartcard.errors import (
    BadWrappedKey,
    KeyMissing,
    NewPinRefused,
    NotLoggedIn,
    PinLocked,
    PinMustChange,
    TokenError,
    TokenRemoved,
)
from smartcard.keywrap import Scheme, WrappingKey, oaep_padding
from smartcard.module import TokenInfo
from smartcard.pinlengths import PinLengths
from smartcard.pinstate import PinState
from smartcard.token import LOCKED_UNREPORTED, NEW_PIN_REFUSED, wrong_pin

AuthKey = ec.EllipticCurvePrivateKey | rsa.RSAPrivateKey
KmkKey = ec.EllipticCurvePrivateKey | rsa.RSAPrivateKey
KmkType = Literal["rsa-2048", "ec-p256"]
# What many cards report: 4 to 8 digits.
FAKE_LENGTHS = PinLengths(4, 8)


def _public_der(key: AuthKey | x509.Certificate) -> bytes:
    return key.public_key().public_bytes(
        serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo
    )


class FakeToken:
    """A simulated card: PIN with a retry counter, EC auth key, RSA key-management key.

    `kmk` chooses the key-management key ("rsa-2048", "ec-p256", or None for a card that
    has none). `reports_tries=False` makes the PIN flags never change, as tpm2-pkcs11's
    do: a wrong PIN leaves count-low, final-try and locked unset, and the exhausting one
    is refused as locked while the flags still say nothing.

    Thread-safe (one lock), because a test's hand (`remove()`) and the poller or the
    worker may act at once. With `pin_pad=True` the reader reports a protected
    authentication path: `login()` ignores the buffer it is given (the client passes an
    empty one) and checks `pad_entry`, what the simulated person types on the pad.
    """

    def __init__(
        self,
        label: str,
        *,
        pin: str = "123456",
        serial: str | None = None,
        max_tries: int = 3,
        pin_pad: bool = False,
        must_change: bool = False,
        user_name: str = "Fake User",
        key: AuthKey | None = None,
        certificate_der: bytes | None = None,
        kmk: KmkType | None = "rsa-2048",
        reports_tries: bool = True,
        lengths: PinLengths = FAKE_LENGTHS,
    ) -> None:
        if max_tries < 1:
            raise ValueError("A token allows at least one PIN try.")
        if (key is None) != (certificate_der is None):
            raise ValueError("Give the authentication key and its certificate together.")
        if key is not None and certificate_der is not None:
            certificate = x509.load_der_x509_certificate(certificate_der)
            # A card whose certificate names another key could never sign in; say so here
            # rather than as a refused signature far away in a test.
            if _public_der(certificate) != _public_der(key):
                raise ValueError("The certificate is not for the key given.")
        self._label = label
        self.serial = (
            serial if serial is not None else hashlib.sha256(label.encode()).hexdigest()[:16]
        )
        self._pin = pin.encode()
        self.max_tries = max_tries
        self.pin_pad = pin_pad
        self.pad_entry: str = pin
        self.must_change = must_change
        self.user_name = user_name
        self._tries_left = max_tries
        self._present = True
        self._logged_in = False
        self._lock = threading.RLock()
        self._auth_key: AuthKey = (
            key if key is not None else ec.generate_private_key(ec.SECP256R1())
        )
        self._kmk_type = kmk
        self._kmk: KmkKey | None = None  # made on first use: RSA keygen is slow
        self._certificate: bytes | None = certificate_der
        self.reports_tries = reports_tries
        self._refused_once = False
        self.lengths = lengths  # CK_TOKEN_INFO's ulMinPinLen / ulMaxPinLen

    # -- the hand at the reader, and the helpdesk ------------------------------------------

    def remove(self) -> None:
        """Pull the card out: the login ends and every operation raises `TokenRemoved`."""
        with self._lock:
            self._present = False
            self._logged_in = False

    def insert(self) -> None:
        """Put the card back, logged out; the retry counter is the card's and is kept."""
        with self._lock:
            self._present = True

    def unblock(self) -> None:
        """What the security officer does: all tries restored (the client has no such path)."""
        with self._lock:
            self._tries_left = self.max_tries

    @property
    def present(self) -> bool:
        return self._present

    @property
    def tries_left(self) -> int:
        return self._tries_left

    @property
    def flags(self) -> int:
        """CK_TOKEN_INFO.flags as a real token would report them now."""
        with self._lock:
            state = self._state()
        flags = int(
            TokenFlag.TOKEN_INITIALIZED | TokenFlag.USER_PIN_INITIALIZED | TokenFlag.LOGIN_REQUIRED
        )
        for on, bit in (
            (state.count_low, TokenFlag.USER_PIN_COUNT_LOW),
            (state.final_try, TokenFlag.USER_PIN_FINAL_TRY),
            (state.locked, TokenFlag.USER_PIN_LOCKED),
            (state.must_change, TokenFlag.USER_PIN_TO_BE_CHANGED),
            (state.protected_authentication_path, TokenFlag.PROTECTED_AUTHENTICATION_PATH),
        ):
            if on:
                flags |= bit
        return flags

    # -- the TokenLike surface -------------------------------------------------------------

    @property
    def label(self) -> str:
        return self._label

    @property
    def logged_in(self) -> bool:
        return self._logged_in

    def _require_present(self) -> None:
        if not self._present:
            raise TokenRemoved("The security token was removed.")

    def _state(self) -> PinState:
        tries = self._tries_left
        if not self.reports_tries:
            return PinState(
                count_low=False,
                final_try=False,
                locked=False,
                must_change=self.must_change,
                protected_authentication_path=self.pin_pad,
                tries_unknown=self._refused_once,
            )
        return PinState(
            # As cards do: count-low after any failure, final-try with one left (both set).
            count_low=0 < tries < self.max_tries,
            final_try=tries == 1 and self.max_tries > 1,
            locked=tries == 0,
            must_change=self.must_change,
            protected_authentication_path=self.pin_pad,
        )

    def pin_state(self) -> PinState:
        with self._lock:
            self._require_present()
            return self._state()

    def certificate_der(self) -> bytes:
        with self._lock:
            self._require_present()
            return self._certificate_value()

    def _certificate_value(self) -> bytes:
        with self._lock:
            if self._certificate is None:
                self._certificate = self._make_certificate()
            return self._certificate

    @property
    def certificate_fingerprint(self) -> str:
        """What `fingerprint()` answers, known to the test's hand even while the card is out."""
        return hashlib.sha256(self._certificate_value()).hexdigest()

    def _make_certificate(self) -> bytes:
        name = x509.Name(
            [
                x509.NameAttribute(NameOID.COMMON_NAME, self.user_name),
                x509.NameAttribute(NameOID.ORGANIZATION_NAME, "FAKE TOKEN - tests and training"),
            ]
        )
        now = datetime.datetime.now(datetime.UTC)
        certificate = (
            x509.CertificateBuilder()
            .subject_name(name)
            .issuer_name(name)
            .public_key(self._auth_key.public_key())
            .serial_number(x509.random_serial_number())
            .not_valid_before(now - datetime.timedelta(minutes=5))
            .not_valid_after(now + datetime.timedelta(days=365))
            .sign(self._auth_key, hashes.SHA256())
        )
        return certificate.public_bytes(serialization.Encoding.DER)

    def fingerprint(self) -> str:
        with self._lock:
            self._require_present()
            return self.certificate_fingerprint

    def key_management(self) -> WrappingKey:
        """RSA keys are wrapped to with OAEP SHA-256, as a card that offers it would be."""
        with self._lock:
            self._require_present()
            public = self._key_management_key().public_key()
        if isinstance(public, ec.EllipticCurvePublicKey):
            return WrappingKey(public, Scheme.ECDH_P256)
        return WrappingKey(public, Scheme.RSA_OAEP_SHA256)

    def _key_management_key(self) -> KmkKey:
        if self._kmk_type is None:
            raise KeyMissing(
                "The security token holds no key-management key (a certificate whose key usage "
                "allows key encipherment or key agreement, or a key pair with ID 03)."
            )
        if self._kmk is None:
            if self._kmk_type == "ec-p256":
                self._kmk = ec.generate_private_key(ec.SECP256R1())
            else:
                self._kmk = rsa.generate_private_key(public_exponent=65537, key_size=2048)
        return self._kmk

    def login(self, pin: bytearray) -> None:
        """As `Token.login`: `pin` is zeroed before this returns or raises; tried once."""
        try:
            with self._lock:
                self._require_present()
                self._logged_in = False
                self._check_pin(self.pad_entry.encode() if self.pin_pad else bytes(pin))
                if self.must_change:
                    raise PinMustChange("The PIN must be changed before the token can be used.")
                self._logged_in = True
        finally:
            wipe(pin)

    def _check_pin(self, given: bytes) -> None:
        """Count a PIN given at login or at a PIN change, as the card's one counter does."""
        if self._tries_left == 0:
            # Locked: even the right PIN is refused, and not counted.
            raise self._locked()
        if given != self._pin:
            self._tries_left -= 1
            self._refused_once = True
            if self._tries_left == 0:
                # Most cards answer the exhausting try with CKR_PIN_LOCKED.
                raise self._locked()
            raise wrong_pin(self._state())
        self._tries_left = self.max_tries

    def _locked(self) -> PinLocked:
        if not self.reports_tries:
            return PinLocked(LOCKED_UNREPORTED, self._state())
        return PinLocked("The PIN is locked after too many wrong attempts; ask the helpdesk.")

    def pin_lengths(self) -> PinLengths:
        with self._lock:
            self._require_present()
            return self.lengths

    def change_pin(self, old: bytearray, new: bytearray) -> None:
        """As `Token.change_pin`: both zeroed; a wrong `old` counts as a wrong login; a new
        PIN outside `lengths` is refused (CKR_PIN_LEN_RANGE) after `old` was checked."""
        try:
            with self._lock:
                self._require_present()
                if self.pin_pad:
                    raise TokenError("This reader's PIN is changed on its keypad.")
                self._check_pin(bytes(old))
                if not self.lengths.fits(len(new)):
                    raise NewPinRefused(NEW_PIN_REFUSED)
                self._pin = bytes(new)
                self.must_change = False
        finally:
            wipe(old)
            wipe(new)

    def logout(self) -> None:
        # Like the real Token: logging out of a removed token is not an error.
        with self._lock:
            self._logged_in = False

    def _require_login(self) -> None:
        self._require_present()
        if not self._logged_in:
            raise NotLoggedIn("The PIN must be given before the token can do this.")

    def sign(self, message: bytes) -> bytes:
        """What `Token.sign` returns: ECDSA P-256 over SHA-256, DER-encoded, for an EC key;
        RSASSA-PSS SHA-256 (MGF1 SHA-256, 32-byte salt) for an RSA key."""
        with self._lock:
            self._require_login()
            key = self._auth_key
            if isinstance(key, rsa.RSAPrivateKey):
                pss = padding.PSS(mgf=padding.MGF1(hashes.SHA256()), salt_length=32)
                return key.sign(message, pss, hashes.SHA256())
            return key.sign(message, ec.ECDSA(hashes.SHA256()))

    def unwrap(self, wrapped: bytes) -> bytes:
        """Undo `keywrap.wrap_for_token` with the key-management key, as `Token.unwrap` does."""
        parsed = keywrap.parse(wrapped)
        with self._lock:
            self._require_login()
            key = self._key_management_key()
        if not parsed.is_for(key.public_key()):
            raise BadWrappedKey("The cache key was wrapped for another key than this token's.")
        if isinstance(key, ec.EllipticCurvePrivateKey):
            if parsed.scheme is not Scheme.ECDH_P256:
                raise BadWrappedKey("The cache key was wrapped for an RSA key; this token's is EC.")
            try:
                peer = ec.EllipticCurvePublicKey.from_encoded_point(
                    ec.SECP256R1(), parsed.ephemeral_point()
                )
            except ValueError as exc:
                raise BadWrappedKey("The wrapped cache key is malformed.") from exc
            shared = key.exchange(ec.ECDH(), peer)
            return keywrap.unwrap_with_secret(parsed, shared, keywrap.point_of(key.public_key()))
        if parsed.scheme is Scheme.ECDH_P256:
            raise BadWrappedKey("The cache key was wrapped for an EC key; this token's is RSA.")
        try:
            return key.decrypt(parsed.body, oaep_padding(parsed.scheme))
        except ValueError as exc:
            raise TokenError("The security token could not unwrap the key.") from exc

    def info(self, slot_id: int) -> TokenInfo:
        return TokenInfo(
            label=self._label,
            serial=self.serial,
            manufacturer="ContactPoint fake",
            model="FakeToken",
            slot_id=slot_id,
            flags=self.flags,
            fingerprint=self.certificate_fingerprint,
        )
