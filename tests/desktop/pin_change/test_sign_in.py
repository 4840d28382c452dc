"""The PIN change through the controller, on fake cards in the rig: a card that insists
before sign-in (its flag, or CKR_PIN_EXPIRED at login), and the session header's
"Change PIN…" while signed in. The change runs on the card's worker, then sign-in goes on
with the new PIN; what the person mistypes never reaches the card."""

from __future__ import annotations

from dataclasses import replace

from pytestqt.qtbot import QtBot

from desktop import PinChangeRequest
from desktop.pin_change.request import CHANGED, CURRENT_WRONG, MISMATCH, TOO_LONG
from desktop.session import State
from desktop.signin import CHANGED_THEN_REFUSED, PASSWORD_NEEDED, PIN_MUST_CHANGE
from smartcard import PinState
from smartcard.fake import FakeToken
from tests.desktop.rig import PASSWORD, PIN, WAIT_MS, Rig, RigFactory

NEW = "1357"


class ExpiredCard(FakeToken):
    """A card whose expired PIN shows in no flag: it says so only by refusing the login."""

    def _state(self) -> PinState:
        return replace(super()._state(), must_change=False)


def change_asked(rig: Rig, action: object) -> PinChangeRequest:
    with rig.qtbot.waitSignal(rig.controller.pin_change_wanted, timeout=WAIT_MS) as asked:
        action()  # type: ignore[operator]
    request = asked.args[0]
    assert isinstance(request, PinChangeRequest)
    return request


def submit(rig: Rig, request: PinChangeRequest, current: str, new: str, again: str) -> None:
    rig.controller.submit_pin_change(request.ticket, rig.pin(current), rig.pin(new), rig.pin(again))


def test_a_card_whose_pin_must_change_asks_for_the_change_then_signs_in(
    make_rig: RigFactory,
) -> None:
    rig = make_rig(must_change=True)
    card = rig.cards["zz-practitioner"]
    request = change_asked(rig, rig.controller.start)
    assert request.purpose == "sign_in" and request.failure is None
    assert request.lengths == card.lengths and request.pin_state.must_change
    assert "pin_wanted" not in rig.recorder.names()  # no PIN dialog that could not be used

    with rig.qtbot.waitSignal(rig.controller.signed_in, timeout=WAIT_MS):
        submit(rig, request, PIN, NEW, NEW)
    assert rig.controller.machine.state is State.ACTIVE
    assert not card.must_change and card.logged_in  # logged in with the new PIN
    assert rig.network.count("POST", "/v1/auth/sessions") == 1
    # The new PIN is the card's now: it unlocks after a lock.
    rig.prompt_after(rig.controller.lock_now)
    rig.sign_in(NEW)


def test_a_mismatch_or_a_pin_too_long_asks_again_and_never_reaches_the_card(
    make_rig: RigFactory,
) -> None:
    rig = make_rig(must_change=True)
    card = rig.cards["zz-practitioner"]
    request = change_asked(rig, rig.controller.start)
    again = change_asked(rig, lambda: submit(rig, request, PIN, NEW, "1358"))
    assert again.failure == MISMATCH
    again = change_asked(rig, lambda: submit(rig, again, PIN, "123456789", "123456789"))
    assert again.failure == TOO_LONG.format(maximum=8)
    rig.settle()
    assert card.tries_left == card.max_tries and card.must_change
    assert rig.controller.machine.state is State.TOKEN_PRESENT
    assert rig.network.count("POST", "/v1/auth/challenges") == 0


def test_a_wrong_current_pin_changes_nothing_and_says_so(make_rig: RigFactory) -> None:
    rig = make_rig(must_change=True)
    card = rig.cards["zz-practitioner"]
    request = change_asked(rig, rig.controller.start)
    again = change_asked(rig, lambda: submit(rig, request, "000000", NEW, NEW))
    assert again.failure is not None and again.failure.startswith(CURRENT_WRONG)
    assert again.pin_state.count_low  # read from the card after the refusal
    assert card.tries_left == card.max_tries - 1 and card.must_change
    assert rig.network.count("POST", "/v1/auth/challenges") == 0
    with rig.qtbot.waitSignal(rig.controller.signed_in, timeout=WAIT_MS):
        submit(rig, again, PIN, NEW, NEW)


def test_an_expired_pin_refused_at_login_leads_to_the_change(make_rig: RigFactory) -> None:
    rig = make_rig(must_change=True, card_class=ExpiredCard)
    prompt = rig.start()  # the flag says nothing: the PIN dialog first
    assert not prompt.pin_state.must_change
    request = change_asked(rig, rig.submit)
    assert request.failure == PIN_MUST_CHANGE
    with rig.qtbot.waitSignal(rig.controller.signed_in, timeout=WAIT_MS):
        submit(rig, request, PIN, NEW, NEW)


def test_a_sign_in_refused_after_the_change_asks_for_the_new_pin(make_rig: RigFactory) -> None:
    # The directory wants this account's password too, which the change dialog does not
    # ask for: the PIN is changed, and the PIN dialog says so and asks for both.
    rig = make_rig("zz-password", must_change=True)
    card = rig.cards["zz-password"]
    request = change_asked(rig, rig.controller.start)
    prompt = rig.prompt_after(lambda: submit(rig, request, PIN, NEW, NEW))
    assert prompt.failure == CHANGED_THEN_REFUSED.format(why=PASSWORD_NEEDED)
    assert prompt.password_needed and not card.must_change and not card.logged_in
    rig.sign_in(NEW, PASSWORD)


def test_change_pin_while_signed_in_keeps_the_session(make_rig: RigFactory, qtbot: QtBot) -> None:
    rig = make_rig()
    card = rig.cards["zz-practitioner"]
    rig.start()
    rig.sign_in()
    request = change_asked(rig, rig.controller.change_pin)
    assert request.purpose == "menu" and not request.pin_state.must_change
    again = change_asked(rig, lambda: submit(rig, request, "000000", NEW, NEW))
    assert again.failure is not None and again.failure.startswith(CURRENT_WRONG)
    closed: list[None] = []
    rig.controller.pin_change_closed.connect(lambda: closed.append(None))
    with qtbot.waitSignal(rig.controller.pin_change_told, timeout=WAIT_MS) as told:
        submit(rig, again, PIN, NEW, NEW)
    assert told.args == [CHANGED] and closed == [None]
    assert "signed_out" not in rig.recorder.names()
    assert rig.controller.machine.state is State.ACTIVE and card.logged_in
    rig.prompt_after(rig.controller.lock_now)
    assert rig.prompt_after(lambda: rig.submit(PIN)).failure is not None  # the old PIN: no
    rig.sign_in(NEW)


def test_locking_closes_the_change_dialog(make_rig: RigFactory, qtbot: QtBot) -> None:
    rig = make_rig()
    rig.start()
    rig.sign_in()
    request = change_asked(rig, rig.controller.change_pin)
    with qtbot.waitSignal(rig.controller.pin_change_closed, timeout=WAIT_MS):
        rig.controller.lock_now()
    # The dialog's late answer is dropped, and its PINs zeroed (the rig checks).
    submit(rig, request, PIN, NEW, NEW)
    rig.settle()
    assert rig.controller.machine.state is State.LOCKED
    rig.sign_in()  # the PIN was not changed
