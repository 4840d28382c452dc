"""The runtime path: a PKCS#11 module, its tokens, PIN login, signing and key unwrapping.

Every call into python-pkcs11 runs on the module's `Pkcs11Worker` thread; the public
methods here block until the worker has answered (issue 4 adds the GUI's asynchronous
layer on `Pkcs11Worker.submit`). Every python-pkcs11 exception is translated into the
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
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import pkcs11
from cryptography.hazmat.primitives.asymmetric import ec, rsa
from cryptography.hazmat.primitives.asymmetric.utils import encode_dss_signature
from pkcs11 import KDF, MGF, Attribute, KeyType, Mechanism, MechanismFlag, TokenFlag

from smartcard import discovery, keywrap
from smartcard.cardrules import CardRules
from smartcard.certificates import CardCertificate
from smartcard.errors import (
    BadWrappedKey,
    KeyMissing,
    ModuleMissing,
    NotLoggedIn,
    NoToken,
    PinLocked,
    PinMustChange,
    TokenError,
    WrongPin,
)
from smartcard.keywrap import Scheme, WrappingKey
from smartcard.mechanisms import OF_INTEREST, Mechanisms
from smartcard.pinstate import PinState
from smartcard.translate import translated
from smartcard.worker import Pkcs11Worker, on_worker

if TYPE_CHECKING:
    from pkcs11._pkcs11 import lib as Pkcs11Library

_OAEP_PARAMS = {
    Scheme.RSA_OAEP_SHA1: (Mechanism.SHA_1, MGF.SHA1, None),
    Scheme.RSA_OAEP_SHA256: (Mechanism.SHA256, MGF.SHA256, None),
}
_P256_COORDINATE = 32
_SHARED_SECRET_BITS = 256

WRONG_PIN = "The PIN is not correct."
FINAL_TRY = "One more wrong PIN will lock the token."
TRIES_UNKNOWN = "Cards lock after a few wrong PINs, and this card does not say how many remain."
LOCKED_UNREPORTED = (
    "The PIN cannot be tried now: too many wrong PINs were given. The token does not say "
    "whether it was its own PIN: a token kept in this computer's security chip shares that "
    "lock with every such token on the computer."
)

# What tells one token from another before its certificate is read (a reader's slot can
# change cards between two polls only by way of a poll that saw it empty).
_SlotKey = tuple[str, str, str, str]


@dataclass(frozen=True, slots=True)
class TokenInfo:
    label: str
    serial: str
    manufacturer: str
    model: str
    slot_id: int
    flags: int
    # SHA-256 (hex) of the authentication certificate; "" if none could be found before login.
    fingerprint: str = ""

    @property
    def pin_state(self) -> PinState:
        return PinState.from_flags(self.flags)


class _PinBuffer:
    """Hands the caller's bytearray to python-pkcs11 without an immutable copy.

    python-pkcs11 0.10.1 does `user_pin.encode("utf-8")` and passes the result to C_Login
    as a `CK_UTF8CHAR *`; Cython accepts a bytearray there. Answering `encode` with the
    caller's own buffer means the only copy of the PIN is the one we zero afterwards. If a
    later python-pkcs11 stops accepting this, the login tests fail (the version is pinned).
    """

    def __init__(self, pin: bytearray) -> None:
        self._pin = pin

    def encode(self, encoding: str = "utf-8") -> bytearray:
        return self._pin


def _zero(buffer: bytearray) -> None:
    buffer[:] = bytes(len(buffer))  # same length: overwritten in place, not reallocated


def _serial(token: pkcs11.Token) -> str:
    return token.serial.decode("ascii", "replace").strip()


def _slot_key(token: pkcs11.Token) -> _SlotKey:
    return (token.label, _serial(token), token.manufacturer_id, token.model)


def _info(token: pkcs11.Token, fingerprint: str) -> TokenInfo:
    return TokenInfo(
        label=token.label,
        serial=_serial(token),
        manufacturer=token.manufacturer_id,
        model=token.model,
        slot_id=token.slot.slot_id,
        flags=int(token.flags),
        fingerprint=fingerprint,
    )


def fingerprint_of(der: bytes) -> str:
    return hashlib.sha256(der).hexdigest()


class Pkcs11Module:
    """A loaded PKCS#11 library and the worker thread that owns it. Get one with `open_module`."""

    def __init__(self, path: Path, worker: Pkcs11Worker, rules: CardRules | None = None) -> None:
        self.path = path
        self._worker = worker
        self._lib: Pkcs11Library | None = None
        self.rules = rules or CardRules()
        # slot id -> (the token it held, its fingerprint): read once per arrival.
        self._identities: dict[int, tuple[_SlotKey, str]] = {}
        # Kinds of token (manufacturer, model) seen to refuse a wrong PIN without any flag
        # changing: tokens of one implementation behave alike (worker thread only).
        self._silent: set[tuple[str, str]] = set()

    @property
    def worker(self) -> Pkcs11Worker:
        return self._worker

    @on_worker
    def _load(self) -> None:
        try:
            self._lib = pkcs11.lib(str(self.path))
        except (OSError, RuntimeError) as exc:
            # python-pkcs11 raises RuntimeError for dlopen failures and PKCS11Error (a
            # RuntimeError) when C_GetFunctionList or C_Initialize fails.
            raise ModuleMissing(f"{self.path} is not a loadable PKCS#11 module.") from exc

    def _present_tokens(self) -> list[pkcs11.Token]:
        """Initialised tokens, each freshly read (C_GetTokenInfo) so their flags are current."""
        self.worker.assert_current()
        assert self._lib is not None
        with translated():
            tokens = [slot.get_token() for slot in self._lib.get_slots(token_present=True)]
        # SoftHSM always offers one extra slot holding an uninitialised token: skip it.
        return [t for t in tokens if t.flags & TokenFlag.TOKEN_INITIALIZED]

    def _find(self, label: str) -> pkcs11.Token:
        for token in self._present_tokens():
            if token.label == label:
                return token
        raise NoToken(f"No security token labelled {label!r} is present.")

    def _fingerprint(self, token: pkcs11.Token) -> str:
        """The token's identity, from the cache while it stays in its slot."""
        slot_id, key = token.slot.slot_id, _slot_key(token)
        known = self._identities.get(slot_id)
        if known is not None and known[0] == key:
            return known[1]
        try:
            with translated(), token.open() as session:
                fingerprint = fingerprint_of(
                    discovery.authentication_certificate(session, self.rules).der
                )
        except KeyMissing:
            fingerprint = ""  # no usable certificate: the serial alone tells it apart
        self._identities[slot_id] = (key, fingerprint)
        return fingerprint

    @on_worker
    def tokens(self) -> list[TokenInfo]:
        present = self._present_tokens()
        slots = {token.slot.slot_id for token in present}
        for gone in set(self._identities) - slots:
            del self._identities[gone]  # a card taken out is read again when it comes back
        return [_info(token, self._fingerprint(token)) for token in present]

    @on_worker
    def use_rules(self, rules: CardRules) -> None:
        """Find objects by `rules` from now on (every token's identity is read again)."""
        self.rules = rules
        self._identities.clear()

    def state_of(self, token: pkcs11.Token) -> PinState:
        kind = (token.manufacturer_id, token.model)
        return PinState.from_flags(int(token.flags), tries_unknown=kind in self._silent)

    def note_silent(self, token: pkcs11.Token) -> None:
        self._silent.add((token.manufacturer_id, token.model))

    @on_worker
    def pin_state(self, label: str) -> PinState:
        """The PIN flags of token `label`, read now (show them before every PIN prompt)."""
        return self.state_of(self._find(label))

    @on_worker
    def open_token(self, label: str) -> Token:
        return Token(self, self._find(label))


_modules: dict[Path, Pkcs11Module] = {}
_modules_lock = threading.Lock()


def open_module(path: str | Path, rules: CardRules | None = None) -> Pkcs11Module:
    """Load the PKCS#11 library at `path` (once per process) on its own worker thread.

    A library can be loaded and C_Initialize'd only once per process, and SoftHSM reads
    SOFTHSM2_CONF at that moment: set it before the first call. Later calls with the
    same path return the same module, so one thread keeps owning it; `rules`, when
    given, replace the module's card rules (the client gives the policy's at start).
    """
    resolved = Path(path).resolve()
    if not resolved.is_file():
        raise ModuleMissing(f"The PKCS#11 module {path} does not exist.")
    with _modules_lock:
        module = _modules.get(resolved)
        if module is None:
            worker = Pkcs11Worker(f"pkcs11-{resolved.name}")
            module = Pkcs11Module(resolved, worker, rules)
            try:
                module._load()
            except ModuleMissing:
                worker.shutdown()  # no thread left behind for a module that never loaded
                raise
            _modules[resolved] = module
        elif rules is not None:
            module.use_rules(rules)
        return module


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
    def worker(self) -> Pkcs11Worker:
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
            _zero(pin)

    @on_worker
    def _login(self, pin: _PinBuffer) -> None:
        self._logout()
        try:
            with translated():
                session = self._token.open(user_pin=pin)
        except WrongPin as exc:
            state = self._fresh_pin_state()
            if not state.reports_failures:
                # Refused, and not a flag moved: this token will never say how many remain.
                self._module.note_silent(self._token)
                state = self._fresh_pin_state()
            message = WRONG_PIN
            if state.final_try:
                message += f" {FINAL_TRY}"
            elif state.tries_unknown:
                message += f" {TRIES_UNKNOWN}"
            raise WrongPin(message, state) from exc.__cause__
        except PinLocked as exc:
            state = self._fresh_pin_state()
            message = str(exc) if state.locked else LOCKED_UNREPORTED
            raise PinLocked(message, state) from exc.__cause__
        self._session = session
        if self._fresh_pin_state().must_change:
            self._logout()
            raise PinMustChange("The PIN must be changed before the token can be used.")

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
