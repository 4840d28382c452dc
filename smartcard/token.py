"""An opened token: PIN login and change, signing and key unwrapping (by smartcard.module).

Every call into python-pkcs11 runs on the module's `DeviceWorker` thread; the public
methods here block until the worker has answered (issue 4 adds the GUI's asynchronous
layer on `DeviceWorker.submit`). Every python-pkcs11 exception is translated into the
`smartcard.errors` hierarchy.

Objects are found by what they are (smartcard.discovery, under the module's `CardRules`),
and mechanisms are chosen from what each token offers (smartcard.mechanisms), read once
per opened token. Tokens are told apart by their authentication certificate's SHA-256
fingerprint as well as their serial (`TokenInfo.fingerprint`): tpm2-pkcs11 gives every
token the serial 0000000000000000. The certificate is read once per token arrival, not at
every presence poll.
"""

from __future__ import annotations

import contextlib
import hashlib
from typing import TYPE_CHECKING

import pkcs11
import pkcs11.exceptions as ck
from cryptography.hazmat.primitives.asymmetric import ec, rsa
from cryptography.hazmat.primitives.asymmetric.utils import encode_dss_signature
from pkcs11 import KDF, MGF, Attribute, KeyType, Mechanism, MechanismFlag

from devices import DeviceWorker, on_worker, wipe
from smartcard import discovery, keywrap, pinlengths
from smartcard.certificates import CardCertificate
from smartcard.errors import (
    BadWrappedKey,
    KeyMissing,
    NewPinRefused,
    NotLoggedIn,
    PinLocked,
    PinMustChange,
    TokenError,
    WrongPin,
)
from smartcard.keywrap import Scheme, WrappingKey
from smartcard.mechanisms import OF_INTEREST, Mechanisms
from smartcard.pinlengths import PinLengths
from smartcard.pinstate import PinState
from smartcard.translate import translated

if TYPE_CHECKING:
    from smartcard.module import Pkcs11Module

_OAEP_PARAMS = {
    Scheme.RSA_OAEP_SHA1: (Mechanism.SHA_1, MGF.SHA1, None),
    Scheme.RSA_OAEP_SHA256: (Mechanism.SHA256, MGF.SHA256, None),
}
_P256_COORDINATE = 32
_SHARED_SECRET_BITS = 256

WRONG_PIN = "The PIN is not correct."
FINAL_TRY = "One more wrong PIN will lock the token."
TRIES_UNKNOWN = "Cards lock after a few wrong PINs, and this card does not say how many remain."
NEW_PIN_REFUSED = "The card does not accept that new PIN (its length or its characters)."
LOCKED_UNREPORTED = (
    "The PIN cannot be tried now: too many wrong PINs were given. The token does not say "
    "whether it was its own PIN: a token kept in this computer's security chip shares that "
    "lock with every such token on the computer."
)


class _PinBuffer:
    """Hands the caller's bytearray to python-pkcs11 without an immutable copy.

    python-pkcs11 0.10.1 does `user_pin.encode("utf-8")` and passes the result to C_Login
    as a `CK_UTF8CHAR *` (and `Session.set_pin` the same with both PINs, to C_SetPIN);
    Cython accepts a bytearray there. Answering `encode` with the
    caller's own buffer means the only copy of the PIN is the one we zero afterwards. If a
    later python-pkcs11 stops accepting this, the login tests fail (the version is pinned).
    """

    def __init__(self, pin: bytearray) -> None:
        self._pin = pin

    def encode(self, encoding: str = "utf-8") -> bytearray:
        return self._pin


def wrong_pin(state: PinState) -> WrongPin:
    """A wrong PIN, saying what the state read after it tells of the tries (the fake's too)."""
    message = WRONG_PIN
    if state.final_try:
        message += f" {FINAL_TRY}"
    elif state.tries_unknown:
        message += f" {TRIES_UNKNOWN}"
    return WrongPin(message, state)


def fingerprint_of(der: bytes) -> str:
    return hashlib.sha256(der).hexdigest()


class Token:
    """One token: its certificate, PIN login, signing with the auth key, unwrapping with the kmk."""

    def __init__(self, module: Pkcs11Module, token: pkcs11.Token) -> None:
        self._module = module
        self._token = token
        self.label: str = token.label
        self._session: pkcs11.Session | None = None
        # Read once for this token (worker thread only): what it offers does not change.
        self._auth: CardCertificate | None = None
        self._kmk: discovery.KeyPair | None = None
        self._wrapping: WrappingKey | None = None
        self._mechanisms: Mechanisms | None = None

    @property
    def worker(self) -> DeviceWorker:
        return self._module.worker

    @property
    def logged_in(self) -> bool:
        return self._session is not None

    def _public(self) -> contextlib.AbstractContextManager[pkcs11.Session]:
        """The logged-in session if there is one (it sees private objects too), else a new one."""
        if self._session is not None:
            return contextlib.nullcontext(self._session)
        return self._token.open()

    def _auth_certificate(self) -> CardCertificate:
        self.worker.assert_current()
        if self._auth is None:
            with translated(), self._public() as session:
                self._auth = discovery.authentication_certificate(session, self._module.rules)
        return self._auth

    def _mechanism_list(self) -> Mechanisms:
        self.worker.assert_current()
        if self._mechanisms is None:
            slot = self._token.slot
            offered: dict[Mechanism, int] = {}
            with translated():
                for mechanism in slot.get_mechanisms():
                    if mechanism not in OF_INTEREST:
                        continue
                    try:
                        offered[mechanism] = int(slot.get_mechanism_info(mechanism).flags)
                    except pkcs11.PKCS11Error:
                        offered[mechanism] = 0
            self._mechanisms = Mechanisms(offered)
        return self._mechanisms

    @on_worker
    def certificate_der(self) -> bytes:
        """The DER X.509 authentication certificate (public: no PIN needed)."""
        return self._auth_certificate().der

    @on_worker
    def fingerprint(self) -> str:
        """SHA-256 (hex) of the authentication certificate: this token's identity."""
        return fingerprint_of(self._auth_certificate().der)

    def _key_management_pair(self) -> discovery.KeyPair:
        if self._kmk is None:
            with translated(), self._public() as session:
                self._kmk = discovery.key_management_pair(session, self._module.rules)
        return self._kmk

    @on_worker
    def key_management(self) -> WrappingKey:
        """The key-management key's public half and the scheme this token can undo (no PIN)."""
        if self._wrapping is None:
            pair = self._key_management_pair()
            mechanisms = self._mechanism_list()
            public = pair.public_key
            if isinstance(public, ec.EllipticCurvePublicKey):
                if not isinstance(public.curve, ec.SECP256R1):
                    raise KeyMissing("The security token's key-management key is not on P-256.")
                mechanisms.require(
                    Mechanism.ECDH1_DERIVE, MechanismFlag.DERIVE, "unwrap the cache key"
                )
                self._wrapping = WrappingKey(public, Scheme.ECDH_P256)
            else:
                mechanisms.require(
                    Mechanism.RSA_PKCS_OAEP, MechanismFlag.DECRYPT, "unwrap the cache key"
                )
                scheme = self._oaep_scheme(pair)
                target = WrappingKey(public, scheme)
                # tpm2-pkcs11 uses even a public key only after login (it must unseal its
                # wrapping key first): before login the probe proves nothing, so SHA-1
                # (which every OAEP token takes) is used now and the question asked again.
                if scheme is Scheme.RSA_OAEP_SHA256 or self.logged_in:
                    self._wrapping = target
                return target
        return self._wrapping

    def _oaep_scheme(self, pair: discovery.KeyPair) -> Scheme:
        """OAEP with SHA-256 if the token accepts its parameters, else SHA-1.

        CK_MECHANISM_INFO says nothing of OAEP's hashes, so the token is asked to encrypt
        a throwaway block with SHA-256 using the key pair's public object; a token that
        refuses (SoftHSM 2.6: CKR_ARGUMENTS_BAD) or has no public object gets SHA-1. The
        logged-in session is used where there is one (tpm2-pkcs11 needs it).
        """
        probe = bytes(32)
        with contextlib.suppress(pkcs11.PKCS11Error, TokenError), self._public() as session:
            # A list: the search must be over before the encryption (discovery._objects).
            found = list(
                session.get_objects(
                    {Attribute.CLASS: pkcs11.ObjectClass.PUBLIC_KEY, Attribute.ID: pair.object_id}
                )
            )
            for key in found:
                if isinstance(key, pkcs11.EncryptMixin):
                    key.encrypt(
                        probe,
                        mechanism=Mechanism.RSA_PKCS_OAEP,
                        mechanism_param=_OAEP_PARAMS[Scheme.RSA_OAEP_SHA256],
                    )
                    return Scheme.RSA_OAEP_SHA256
        return Scheme.RSA_OAEP_SHA1

    @on_worker
    def pin_state(self) -> PinState:
        return self._fresh_pin_state()

    def _fresh_pin_state(self) -> PinState:
        self.worker.assert_current()
        with translated():
            # pkcs11.Token caches CK_TOKEN_INFO from when it was made; ask the slot again.
            return self._module.state_of(self._token.slot.get_token())

    def login(self, pin: bytearray) -> None:
        """Log in with `pin`, which is zeroed before this returns or raises.

        Tried once: a wrong PIN raises `WrongPin` (with the PIN state read after the
        failure) and is never retried. The PIN is never logged or kept.
        """
        try:
            self._login(_PinBuffer(pin))
        finally:
            wipe(pin)

    @on_worker
    def _login(self, pin: _PinBuffer) -> None:
        self._logout()
        try:
            with translated():
                session = self._token.open(user_pin=pin)
        except (WrongPin, PinLocked) as exc:
            raise self._refused(exc) from exc.__cause__
        self._session = session
        if self._fresh_pin_state().must_change:
            self._logout()
            raise PinMustChange("The PIN must be changed before the token can be used.")

    def _refused(self, exc: WrongPin | PinLocked) -> WrongPin | PinLocked:
        """A refused PIN (at login or at a PIN change) with the PIN state read after it."""
        state = self._fresh_pin_state()
        if isinstance(exc, PinLocked):
            return PinLocked(str(exc) if state.locked else LOCKED_UNREPORTED, state)
        if not state.reports_failures:
            # Refused, and not a flag moved: this token will never say how many remain.
            self._module.note_silent(self._token)
            state = self._fresh_pin_state()
        return wrong_pin(state)

    @on_worker
    def pin_lengths(self) -> PinLengths:
        """The lengths a new PIN may have, as the token reports them (read now)."""
        return pinlengths.read(self._module.path, self._token.slot.slot_id)

    def change_pin(self, old: bytearray, new: bytearray) -> None:
        """Change the user PIN from `old` to `new` on the card (C_SetPIN); both are zeroed
        before this returns or raises. Tried once, as a login is: a wrong `old` raises
        `WrongPin` (the card counts it as a wrong login) and a new PIN the card will not
        take raises `NewPinRefused`; either way nothing changed. A login in force stays.
        """
        try:
            self._change_pin(_PinBuffer(old), _PinBuffer(new))
        finally:
            wipe(old)
            wipe(new)

    @on_worker
    def _change_pin(self, old: _PinBuffer, new: _PinBuffer) -> None:
        try:
            # C_SetPIN needs a R/W session. Without a login it is a public one, where
            # C_SetPIN changes the user PIN after checking `old` (PKCS#11 2.40, 5.6), which
            # is what a card whose PIN must change before any login needs.
            with translated(), self._token.open(rw=True) as session:
                try:
                    session.set_pin(old, new)  # type: ignore[arg-type]  # _PinBuffer
                except (ck.PinLenRange, ck.PinInvalid) as exc:
                    raise NewPinRefused(NEW_PIN_REFUSED) from exc
        except (WrongPin, PinLocked) as exc:
            raise self._refused(exc) from exc.__cause__

    @on_worker
    def logout(self) -> None:
        self._logout()

    def _logout(self) -> None:
        self.worker.assert_current()
        session, self._session = self._session, None
        if session is not None:
            # A removed token can no longer log out: the session is gone either way.
            with contextlib.suppress(pkcs11.PKCS11Error):
                session.close()

    def _private_key(self, pair: discovery.KeyPair, role: str) -> pkcs11.Object:
        self.worker.assert_current()
        if self._session is None:
            raise NotLoggedIn("The PIN must be given before the token can do this.")
        with translated():
            return discovery.private_key(self._session, pair, role)

    @on_worker
    def sign(self, message: bytes) -> bytes:
        """The auth key's signature of `message` as DESIGN.md 3.7 fixes it.

        EC P-256: ECDSA over SHA-256, DER-encoded (the token returns the raw r || s); RSA:
        RSASSA-PSS SHA-256. The mechanism is the first of smartcard.mechanisms' choices
        the token offers: with a software SHA-256 digest where it signs digests.
        """
        pair = discovery.pair_of(self._auth_certificate())
        key = self._private_key(pair, "authentication")
        # python-pkcs11 gives an object the SignMixin only if its CKA_SIGN is true.
        if not isinstance(key, pkcs11.SignMixin):
            raise KeyMissing("The security token's authentication key cannot sign.")
        method = self._mechanism_list().signing(key.key_type)
        data = hashlib.sha256(message).digest() if method.prehash else message
        with translated():
            signature = bytes(
                key.sign(data, mechanism=method.mechanism, mechanism_param=method.param)
            )
        if key.key_type == KeyType.RSA:
            return signature
        if len(signature) != 2 * _P256_COORDINATE:
            raise TokenError("The security token returned a malformed signature.")
        r = int.from_bytes(signature[:_P256_COORDINATE], "big")
        s = int.from_bytes(signature[_P256_COORDINATE:], "big")
        return encode_dss_signature(r, s)

    @on_worker
    def unwrap(self, wrapped: bytes) -> bytes:
        """Undo `keywrap.wrap_for_token` with the key-management key (needs the PIN).

        The result is an ordinary bytes object (python-pkcs11 returns one): the caller
        should keep it no longer than it needs the key. A blob for another key, or one
        that is malformed, raises `BadWrappedKey` or the token's refusal as a `TokenError`.
        """
        parsed = keywrap.parse(wrapped)
        pair = self._key_management_pair()
        if not parsed.is_for(pair.public_key):
            raise BadWrappedKey("The cache key was wrapped for another key than this token's.")
        key = self._private_key(pair, "key-management")
        if parsed.scheme is Scheme.ECDH_P256:
            return self._unwrap_ecdh(key, pair, parsed)
        if not isinstance(pair.public_key, rsa.RSAPublicKey):
            raise BadWrappedKey("The cache key was wrapped for an RSA key; this token's is EC.")
        if not isinstance(key, pkcs11.DecryptMixin):
            raise KeyMissing("The security token's key-management key cannot decrypt.")
        modulus = pair.public_key.public_numbers().n
        if len(parsed.body) != (modulus.bit_length() + 7) // 8 or (
            int.from_bytes(parsed.body, "big") >= modulus
        ):
            # Not a ciphertext for this key at all: never sent to the card. (swtpm's TPM
            # goes into failure mode, refusing every command until restarted, when asked
            # to decrypt a value larger than its modulus.)
            raise BadWrappedKey("The cache key was not wrapped for this token's key.")
        with translated():
            plain = key.decrypt(
                parsed.body,
                mechanism=Mechanism.RSA_PKCS_OAEP,
                mechanism_param=_OAEP_PARAMS[parsed.scheme],
            )
        if not isinstance(plain, bytes):  # only a streamed (iterator) input gives an iterator
            raise TokenError("The security token returned no plaintext.")
        return plain

    def _unwrap_ecdh(
        self, key: pkcs11.Object, pair: discovery.KeyPair, parsed: keywrap.Parsed
    ) -> bytes:
        public = pair.public_key
        if not isinstance(public, ec.EllipticCurvePublicKey):
            raise BadWrappedKey("The cache key was wrapped for an EC key; this token's is RSA.")
        if not isinstance(key, pkcs11.DeriveMixin):
            raise KeyMissing("The security token's key-management key cannot derive.")
        with translated():
            # The shared secret must leave the card: CKA_SENSITIVE false, extractable, and a
            # session object (CKA_TOKEN false) that is destroyed straight after reading.
            secret = key.derive_key(
                KeyType.GENERIC_SECRET,
                _SHARED_SECRET_BITS,
                mechanism=Mechanism.ECDH1_DERIVE,
                mechanism_param=(KDF.NULL, None, parsed.ephemeral_point()),
                template={
                    Attribute.TOKEN: False,
                    Attribute.SENSITIVE: False,
                    Attribute.EXTRACTABLE: True,
                },
            )
            try:
                shared = bytes(secret[Attribute.VALUE])
            finally:
                with contextlib.suppress(pkcs11.PKCS11Error):
                    secret.destroy()
        return keywrap.unwrap_with_secret(parsed, shared, keywrap.point_of(public))
