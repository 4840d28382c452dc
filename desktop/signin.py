"""The steps of sign-in, unlock, override re-authentication and sign-out that touch the
card and the directory, and what a failure means in words. No Qt here: the controller runs
these off the GUI thread (desktop.operations) and feeds their outcome to the session machine.

Every call into the token goes through the PKCS#11 module's worker (DESIGN.md 4, STYLE.md 2):
the real driver's methods go there by themselves, the fake's do not, and the discipline must
not depend on which one is plugged in. Every PIN buffer is zeroed before these return or
raise, whatever happens (the token zeroes it too; this is the belt to its braces).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

from contract.codes import ErrorCode
from desktop.controller_text import refused_sign_in
from desktop.errors import DesktopError
from devices import DeviceWorker, wipe
from smartcard import (
    KeyMissing,
    MechanismMissing,
    NoToken,
    PinLocked,
    PinMustChange,
    PinState,
    TokenError,
    TokenId,
    TokenLike,
    TokenRemoved,
    TokenSource,
    WrongPin,
)
from smartcard.token import TRIES_UNKNOWN
from sync import (
    DirectoryClient,
    DirectoryRefused,
    DirectoryUnreachable,
    MalformedResponse,
    NotSignedIn,
    Session,
    SyncError,
)

log = logging.getLogger(__name__)

PASSWORD_NEEDED = "This account also needs its password: enter it with your PIN."  # noqa: S105 - a sentence
PIN_LOCKED = (
    "This card's PIN is locked after too many wrong attempts. "
    "Ask your registration authority to unlock it."
)
# The token refused the PIN as locked but its flags never showed a lock: a TPM-backed
# token's dictionary lockout is the computer's, counted over every such token on it, so
# the wrong PINs may have been given to another one. Nothing here may blame this card.
PIN_LOCKED_UNREPORTED = (
    "PINs cannot be tried now: too many wrong PINs were entered. If this card keeps its keys "
    "in this computer's security chip, wrong PINs for any card of that kind on this "
    "computer count towards the lock. Ask your registration authority."
)
CARD_UNSUITABLE = (
    "This card cannot be used with ContactPoint: {problem} "
    "Ask your registration authority for a card that can."
)
PIN_MUST_CHANGE = (
    "This card's PIN must be changed before it can be used. Ask your registration authority."
)
CARD_GONE = "The card was taken out before this finished. Insert it and try again."
NOT_THE_SESSION_CARD = (
    "This is not the card this session was opened with. Insert that card, or sign out."
)


class NotTheSessionCard(DesktopError, TokenError):
    """A card with the session's label, but not the session's certificate, was offered to unlock."""


def label_of(token_id: str) -> str:
    """The label part of a token id ("label/serial/fingerprint", smartcard.TokenId)."""
    return TokenId.parse(token_id).label


class WorkerSigner:
    """A token seen as sync's Signer, every call made on the module's worker."""

    def __init__(self, token: TokenLike, worker: DeviceWorker) -> None:
        self._token = token
        self._worker = worker
        self._certificate: bytes | None = None

    def certificate_der(self) -> bytes:
        if self._certificate is None:
            self._certificate = self._worker.run(self._token.certificate_der)
        return self._certificate

    def sign(self, message: bytes) -> bytes:
        return self._worker.run(self._token.sign, message)


@dataclass(frozen=True, slots=True)
class Opened:
    """A signed-in card and its directory session."""

    token: TokenLike
    certificate: bytes
    session: Session


def read_pin_state(tokens: TokenSource, token_id: str) -> PinState:
    """The PIN flags of the token, read from it now (before every prompt, DESIGN.md 4)."""
    return tokens.worker.run(tokens.pin_state, label_of(token_id))


def sign_in(
    tokens: TokenSource,
    client: DirectoryClient,
    token_id: str,
    pin: bytearray,
    password: str | None,
) -> Opened:
    """Open the token, give it the PIN once, then log in to the directory with it."""
    worker = tokens.worker
    try:
        token = worker.run(tokens.open_token, label_of(token_id))
        worker.run(token.login, pin)
    finally:
        wipe(pin)
    signer = WorkerSigner(token, worker)
    try:
        certificate = signer.certificate_der()
        session = client.login(signer, password)
    except BaseException:
        # The directory said no (or nothing): the card must not stay logged in for nobody.
        log_out(worker, token)
        raise
    return Opened(token, certificate, session)


def unlock(
    tokens: TokenSource,
    token_id: str,
    certificate: bytes,
    previous: TokenLike,
    pin: bytearray,
) -> TokenLike:
    """Verify the PIN again on the session's card; the token to use from now on.

    The token is opened afresh: the card may have come back in another reader, where the
    old handle no longer reaches it. Its certificate must be the session's before the PIN
    is tried, so that a colleague's card with the same label spends none of its tries.
    """
    worker = tokens.worker
    try:
        log_out(worker, previous)
        token = worker.run(tokens.open_token, label_of(token_id))
        if worker.run(token.certificate_der) != certificate:
            raise NotTheSessionCard(NOT_THE_SESSION_CARD)
        worker.run(token.login, pin)
    finally:
        wipe(pin)
    return token


def reauthenticate(worker: DeviceWorker, token: TokenLike, pin: bytearray) -> None:
    """Log the token out and in again with `pin`: the card is present and its holder here."""
    try:
        worker.run(token.logout)
        worker.run(token.login, pin)
    finally:
        wipe(pin)


def end_session(
    client: DirectoryClient,
    worker: DeviceWorker,
    session: Session | None,
    token: TokenLike | None,
) -> None:
    """Best effort: log the card out, then end `session` at the directory. Never raises.

    The card first: it is here and quick, while the directory may be slow or gone.
    """
    if token is not None:
        log_out(worker, token)
    if session is None:
        return
    try:
        client.sign_out(session)
    except SyncError as exc:
        # The directory expires the session by itself; nothing more can be done from here.
        log.info("directory sign-out not confirmed (%s)", type(exc).__name__)


def log_out(worker: DeviceWorker, token: TokenLike) -> None:
    try:
        worker.run(token.logout)
    except Exception as exc:  # a card gone, a module failing: it is logged out either way
        log.info("token logout failed (%s)", type(exc).__name__)


def needs_password(error: Exception) -> bool:
    # The directory answers a good signature without the account's password with 401 and
    # this code of its own (directory.errors.PasswordRequired), so that the client can ask
    # for the password without parsing a sentence.
    return isinstance(error, NotSignedIn) and error.code == ErrorCode.PASSWORD_REQUIRED


def failure_sentence(error: Exception) -> str:
    """Why a sign-in, unlock or override failed, in a sentence for the person at the desk.

    Token and directory messages never carry a PIN or personal data (smartcard.errors,
    sync.errors); anything else is not ours to show.
    """
    if isinstance(error, WrongPin):
        return _wrong_pin(error.pin_state)
    if isinstance(error, PinLocked):
        state = error.pin_state
        return PIN_LOCKED_UNREPORTED if state is not None and not state.locked else PIN_LOCKED
    if isinstance(error, PinMustChange):
        return PIN_MUST_CHANGE
    if isinstance(error, TokenRemoved | NoToken):
        return CARD_GONE
    if isinstance(error, MechanismMissing | KeyMissing):
        return CARD_UNSUITABLE.format(problem=error)
    if isinstance(error, TokenError):
        return f"The card could not be used. {error}"
    if needs_password(error):
        return PASSWORD_NEEDED
    if isinstance(error, DirectoryUnreachable):
        return error.message
    if isinstance(error, DirectoryRefused):
        told = refused_sign_in(error.code, error.correlation_id)
        return told or f"Sign-in refused. {error}"
    if isinstance(error, MalformedResponse | SyncError):
        return str(error)
    return (
        "Something went wrong in ContactPoint itself. Try again; if it persists, tell the helpdesk."
    )


def _wrong_pin(state: PinState | None) -> str:
    sentence = "The PIN was not correct."
    if state is None:
        return sentence
    if state.final_try:
        return f"{sentence} Final try: one more wrong PIN will lock this card."
    if state.tries_unknown:
        return f"{sentence} {TRIES_UNKNOWN}"
    if state.count_low:
        return f"{sentence} Few tries are left before the card locks."
    return sentence
