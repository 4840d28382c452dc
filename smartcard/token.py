"""The runtime path: a PKCS#11 module, its tokens, PIN login, signing and key unwrapping.

Every call into python-pkcs11 runs on the module's `Pkcs11Worker` thread; the public
methods here block until the worker has answered (issue 4 adds the GUI's asynchronous
layer on `Pkcs11Worker.submit`). Every python-pkcs11 exception is translated into the
`smartcard.errors` hierarchy.
"""

from __future__ import annotations

import contextlib
import hashlib
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import pkcs11
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.hazmat.primitives.asymmetric.utils import encode_dss_signature
from pkcs11 import MGF, Attribute, KeyType, Mechanism, ObjectClass, TokenFlag

from smartcard.errors import (
    KeyMissing,
    ModuleMissing,
    NotLoggedIn,
    NoToken,
    PinMustChange,
    TokenError,
    WrongPin,
)
from smartcard.labels import AUTH_LABEL, KMK_LABEL
from smartcard.pinstate import PinState
from smartcard.pubkeys import to_cryptography
from smartcard.translate import translated
from smartcard.worker import Pkcs11Worker, on_worker

if TYPE_CHECKING:
    from pkcs11._pkcs11 import lib as Pkcs11Library

# RSASSA-PSS as DESIGN.md 3.7 fixes it: SHA-256, MGF1-SHA256, 32-byte salt.
_PSS_PARAMS = (Mechanism.SHA256, MGF.SHA256, 32)
# Must match keywrap.oaep_padding(): SHA-1, MGF1-SHA1, no label (the only OAEP SoftHSM 2.6
# accepts; keywrap's docstring says why that is acceptable).
_OAEP_PARAMS = (Mechanism.SHA_1, MGF.SHA1, None)
_P256_COORDINATE = 32


@dataclass(frozen=True, slots=True)
class TokenInfo:
    label: str
    serial: str
    manufacturer: str
    model: str
    slot_id: int
    flags: int

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


def _info(token: pkcs11.Token) -> TokenInfo:
    return TokenInfo(
        label=token.label,
        serial=token.serial.decode("ascii", "replace").strip(),
        manufacturer=token.manufacturer_id,
        model=token.model,
        slot_id=token.slot.slot_id,
        flags=int(token.flags),
    )


class Pkcs11Module:
    """A loaded PKCS#11 library and the worker thread that owns it. Get one with `open_module`."""

    def __init__(self, path: Path, worker: Pkcs11Worker) -> None:
        self.path = path
        self._worker = worker
        self._lib: Pkcs11Library | None = None

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

    @on_worker
    def tokens(self) -> list[TokenInfo]:
        return [_info(token) for token in self._present_tokens()]

    @on_worker
    def pin_state(self, label: str) -> PinState:
        """The PIN flags of token `label`, read now (show them before every PIN prompt)."""
        return PinState.from_flags(int(self._find(label).flags))

    @on_worker
    def open_token(self, label: str) -> Token:
        return Token(self, self._find(label))


_modules: dict[Path, Pkcs11Module] = {}
_modules_lock = threading.Lock()


def open_module(path: str | Path) -> Pkcs11Module:
    """Load the PKCS#11 library at `path` (once per process) on its own worker thread.

    A library can be loaded and C_Initialize'd only once per process, and SoftHSM reads
    SOFTHSM2_CONF at that moment: set it before the first call. Later calls with the
    same path return the same module, so one thread keeps owning it.
    """
    resolved = Path(path).resolve()
    if not resolved.is_file():
        raise ModuleMissing(f"The PKCS#11 module {path} does not exist.")
    with _modules_lock:
        module = _modules.get(resolved)
        if module is None:
            worker = Pkcs11Worker(f"pkcs11-{resolved.name}")
            module = Pkcs11Module(resolved, worker)
            try:
                module._load()
            except ModuleMissing:
                worker.shutdown()  # no thread left behind for a module that never loaded
                raise
            _modules[resolved] = module
        return module


class Token:
    """One token: its certificate, PIN login, signing with the auth key, unwrapping with the kmk."""

    def __init__(self, module: Pkcs11Module, token: pkcs11.Token) -> None:
        self._module = module
        self._token = token
        self.label: str = token.label
        self._session: pkcs11.Session | None = None

    @property
    def worker(self) -> Pkcs11Worker:
        return self._module.worker

    @property
    def logged_in(self) -> bool:
        return self._session is not None

    @on_worker
    def certificate_der(self) -> bytes:
        """The DER X.509 authentication certificate (public: no PIN needed)."""
        self.worker.assert_current()
        with translated(), self._token.open() as session:
            for cert in session.get_objects(
                {Attribute.CLASS: ObjectClass.CERTIFICATE, Attribute.LABEL: AUTH_LABEL}
            ):
                return bytes(cert[Attribute.VALUE])
        raise KeyMissing("The security token holds no authentication certificate.")

    @on_worker
    def key_management_public_key(self) -> rsa.RSAPublicKey:
        """The public half of the key-management key, for `keywrap.wrap_for_token`."""
        with translated(), self._token.open() as session:
            key = session.get_key(ObjectClass.PUBLIC_KEY, label=KMK_LABEL)
            public = to_cryptography(key)
        if not isinstance(public, rsa.RSAPublicKey):
            raise KeyMissing("The security token's key-management key is not RSA.")
        return public

    @on_worker
    def pin_state(self) -> PinState:
        return self._fresh_pin_state()

    def _fresh_pin_state(self) -> PinState:
        self.worker.assert_current()
        with translated():
            # pkcs11.Token caches CK_TOKEN_INFO from when it was made; ask the slot again.
            return PinState.from_flags(int(self._token.slot.get_token().flags))

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
            message = "The PIN is not correct."
            if state.final_try:
                message += " One more wrong PIN will lock the token."
            raise WrongPin(message, state) from exc.__cause__
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

    def _private_key(self, label: str) -> pkcs11.Key:
        self.worker.assert_current()
        if self._session is None:
            raise NotLoggedIn("The PIN must be given before the token can do this.")
        with translated():
            key: pkcs11.Key = self._session.get_key(ObjectClass.PRIVATE_KEY, label=label)
        return key

    @on_worker
    def sign(self, message: bytes) -> bytes:
        """The auth key's signature of `message` as DESIGN.md 3.7 fixes it.

        EC P-256: ECDSA over SHA-256, DER-encoded. SoftHSM 2.6 lacks CKM_ECDSA_SHA256, so
        the hash is computed here and the token signs it with plain CKM_ECDSA, which
        returns the raw r || s that is then DER-encoded. RSA: RSASSA-PSS SHA-256.
        """
        key = self._private_key(AUTH_LABEL)
        # python-pkcs11 gives an object the SignMixin only if its CKA_SIGN is true.
        if not isinstance(key, pkcs11.SignMixin):
            raise KeyMissing("The security token's authentication key cannot sign.")
        with translated():
            if key.key_type == KeyType.RSA:
                pss = key.sign(
                    message, mechanism=Mechanism.SHA256_RSA_PKCS_PSS, mechanism_param=_PSS_PARAMS
                )
                return bytes(pss)
            if key.key_type != KeyType.EC:
                raise KeyMissing("The security token's authentication key is neither EC nor RSA.")
            raw = key.sign(hashlib.sha256(message).digest(), mechanism=Mechanism.ECDSA)
        if len(raw) != 2 * _P256_COORDINATE:
            raise TokenError("The security token returned a malformed signature.")
        r = int.from_bytes(raw[:_P256_COORDINATE], "big")
        s = int.from_bytes(raw[_P256_COORDINATE:], "big")
        return encode_dss_signature(r, s)

    @on_worker
    def unwrap(self, wrapped: bytes) -> bytes:
        """Decrypt a key wrapped by `keywrap.wrap_for_token` with the key-management key.

        The result is an ordinary bytes object (python-pkcs11 returns one): the caller
        should keep it no longer than it needs the key.
        """
        key = self._private_key(KMK_LABEL)
        if not isinstance(key, pkcs11.DecryptMixin):
            raise KeyMissing("The security token's key-management key cannot decrypt.")
        with translated():
            plain = key.decrypt(
                wrapped, mechanism=Mechanism.RSA_PKCS_OAEP, mechanism_param=_OAEP_PARAMS
            )
        if not isinstance(plain, bytes):  # only a streamed (iterator) input gives an iterator
            raise TokenError("The security token returned no plaintext.")
        return plain
