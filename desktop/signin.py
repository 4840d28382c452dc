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
    PinLengths,
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
# The PIN-change dialog (desktop.pin_change) follows this at sign-in.
PIN_MUST_CHANGE = "This card's PIN must be changed before it can be used."
# The card took the new PIN (desktop.pin_change), then the sign-in with it failed.
CHANGED_THEN_REFUSED = "Your PIN has been changed; sign in with the new PIN. {why}"
CARD_GONE = "The card was taken out before this finished. Insert it and try again."
NOT_THE_SESSION_CARD = (
    "This is not the card this session was opened with. Insert that card, or sign out."
)


class ChangedThenRefused(DesktopError):
    """The card took the new PIN, and then the sign-in with it failed (`error` says why)."""

    def __init__(self, error: Exception) -> None:
        super().__init__(str(error))
        self.error = error


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


def read_change_rules(tokens: TokenSource, token_id: str) -> tuple[PinState, PinLengths]:
    """The PIN flags and the lengths a new PIN may have, read from the token now."""
    worker = tokens.worker
    token = worker.run(tokens.open_token, label_of(token_id))
    return worker.run(token.pin_state), worker.run(token.pin_lengths)


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


def change_and_sign_in(
    tokens: TokenSource,
    client: DirectoryClient,
    token_id: str,
    current: bytearray,
    new: bytearray,
    password: str | None,
) -> Opened:
    """Change the card's PIN from `current` to `new`, then sign in with `new` (both zeroed).

    A refusal of the change raises the card's error (nothing changed); a failure of the
    sign-in after it raises ChangedThenRefused, since the card's PIN is now the new one.
    """
    worker = tokens.worker
    try:
        token = worker.run(tokens.open_token, label_of(token_id))
        # change_pin zeroes what it is given, and the new PIN is needed once more to log
        # in: a second bytearray, ours to zero, rather than an immutable copy.
        worker.run(token.change_pin, current, bytearray(new))
    except BaseException:
        wipe(new)
        raise
    finally:
        wipe(current)
    try:
        return sign_in(tokens, client, token_id, new, password)
    except Exception as error:
        raise ChangedThenRefused(error) from error


def change_pin(worker: DeviceWorker, token: TokenLike, current: bytearray, new: bytearray) -> None:
    """Change the PIN of the session's card on its worker (both buffers zeroed)."""
    try:
        worker.run(token.change_pin, current, new)
    finally:
        wipe(current)
        wipe(new)


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
    if isinstance(error, ChangedThenRefused):
        error = error.error
    return isinstance(error, NotSignedIn) and error.code == ErrorCode.PASSWORD_REQUIRED


def failure_sentence(error: Exception) -> str:
    """Why a sign-in, unlock or override failed, in a sentence for the person at the desk.

    Token and directory messages never carry a PIN or personal data (smartcard.errors,
    sync.errors); anything else is not ours to show.
    """
    if isinstance(error, ChangedThenRefused):
        return CHANGED_THEN_REFUSED.format(why=failure_sentence(error.error))
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
    tries = tries_warning(state)
    return sentence if tries is None else f"{sentence} {tries}"


def tries_warning(state: PinState | None) -> str | None:
    """What the PIN state read after a wrong PIN says of the tries left, if anything."""
    if state is None:
        return None
    if state.final_try:
        return "Final try: one more wrong PIN will lock this card."
    if state.tries_unknown:
        return TRIES_UNKNOWN
    if state.count_low:
        return "Few tries are left before the card locks."
    return None
