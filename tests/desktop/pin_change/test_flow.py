"""The PIN-change flow, headless: what is typed is checked before the card sees it, a
stale or doubled answer never reaches the card, and every PIN buffer is zeroed."""

from __future__ import annotations

import pytest

from desktop.login import MAX_PIN_LENGTH, TokenChoice
from desktop.pin_change import Ask, Change, PinChangeFlow, Stage, change_failure, problem_with
from desktop.pin_change.request import (
    CURRENT_WRONG,
    MISMATCH,
    NEW_REFUSED,
    NO_CURRENT,
    NO_NEW,
    SAME_AS_CURRENT,
    TOO_LONG,
    TOO_SHORT,
    UNCHANGED,
)
from smartcard import NewPinRefused, PinLengths, PinLocked, TokenRemoved, WrongPin
from tests.ui.prompts import pin_state as state

CARD = TokenChoice("alice/s-1/ab", "alice")


STATE = state(must_change=True)
LENGTHS = PinLengths(4, 8)


def b(text: str) -> bytearray:
    return bytearray(text.encode())


def asking(purpose: str = "sign_in") -> tuple[PinChangeFlow, int]:
    flow = PinChangeFlow()
    request = flow.ask(CARD, STATE, LENGTHS, purpose)  # type: ignore[arg-type]
    return flow, request.ticket


@pytest.mark.parametrize(
    ("current", "new", "again", "problem"),
    [
        ("", "1357", "1357", NO_CURRENT),
        ("2468", "", "", NO_NEW),
        ("2468", "1357", "", NO_NEW),
        ("2468", "1357", "1358", MISMATCH),
        ("2468", "135", "135", TOO_SHORT.format(minimum=4)),
        ("2468", "135791357", "135791357", TOO_LONG.format(maximum=8)),
        ("2468", "2468", "2468", SAME_AS_CURRENT),
        ("2468", "1357", "1357", None),
        ("2468", "13579135", "13579135", None),  # the maximum itself is allowed
    ],
)
def test_what_is_wrong_with_what_was_typed(
    current: str, new: str, again: str, problem: str | None
) -> None:
    assert problem_with(b(current), b(new), b(again), LENGTHS) == problem


def test_lengths_count_utf8_bytes_as_pkcs11_does() -> None:
    assert problem_with(b("2468"), b("ééé"), b("ééé"), PinLengths(4, 5)) == TOO_LONG.format(
        maximum=5
    )


def test_a_mismatch_is_asked_again_with_why_and_every_buffer_zeroed() -> None:
    flow, ticket = asking()
    current, new, again = b("2468"), b("1357"), b("1358")
    answer = flow.submit(ticket, current, new, again)
    assert isinstance(answer, Ask)
    assert answer.request.failure == MISMATCH and answer.request.ticket != ticket
    assert flow.stage is Stage.ASKING
    assert not any(current) and not any(new) and not any(again)


def test_good_pins_go_to_the_card_once_and_only_the_confirmation_is_zeroed() -> None:
    flow, ticket = asking()
    current, new, again = b("2468"), b("1357"), b("1357")
    answer = flow.submit(ticket, current, new, again)
    assert isinstance(answer, Change)
    assert answer.current is current and answer.new is new  # the card step zeroes them
    assert bytes(current) == b"2468" and not any(again)
    assert "2468" not in repr(answer) and "1357" not in repr(answer)
    assert flow.stage is Stage.CHANGING
    # A second press while the card works is dropped, and its PINs zeroed.
    twice = b("2468"), b("1357"), b("1357")
    assert flow.submit(ticket, *twice) is None
    assert not any(any(buffer) for buffer in twice)


def test_an_answer_from_a_replaced_dialog_is_dropped() -> None:
    flow, first = asking()
    flow.ask(CARD, STATE, LENGTHS, "sign_in", "The current PIN was not correct.")
    stale = b("2468"), b("1357"), b("1357")
    assert flow.submit(first, *stale) is None
    assert not any(any(buffer) for buffer in stale)


def test_the_card_refusing_asks_again_with_the_state_read_after() -> None:
    flow, ticket = asking("menu")
    flow.submit(ticket, b("0000"), b("1357"), b("1357"))
    after = state(count_low=True, final_try=True)
    again = flow.refused("why", after)
    assert again is not None and again.failure == "why" and again.pin_state == after
    assert again.purpose == "menu" and flow.stage is Stage.ASKING
    assert "Final try" in " ".join(again.warnings)


def test_changed_ends_the_flow_and_cancel_needs_the_current_ticket() -> None:
    flow, ticket = asking("menu")
    assert not flow.cancel(ticket + 1)
    flow.submit(ticket, b("2468"), b("1357"), b("1357"))
    assert flow.changed() is not None and flow.stage is Stage.IDLE
    assert flow.changed() is None
    flow, ticket = asking("menu")
    assert flow.cancel(ticket) and flow.stage is Stage.IDLE and flow.request is None


def test_a_card_that_takes_longer_pins_than_the_fields_is_held_to_the_fields() -> None:
    flow = PinChangeFlow()
    request = flow.ask(CARD, STATE, PinLengths(4, 255), "menu")  # SoftHSM's
    assert request.lengths == PinLengths(4, MAX_PIN_LENGTH)
    long = "7" * (MAX_PIN_LENGTH + 1)
    answer = flow.submit(request.ticket, b("2468"), b(long), b(long))
    assert isinstance(answer, Ask)
    assert answer.request.failure == TOO_LONG.format(maximum=MAX_PIN_LENGTH)


def test_the_request_speaks_of_the_cards_rules_and_state() -> None:
    flow, _ = asking()
    request = flow.request
    assert request is not None
    assert request.rule == "The new PIN must be 4 to 8 characters long."
    assert "must be changed" in request.explanation
    assert request.warnings == ()  # the must-change flag is the explanation, not a warning
    assert request.can_submit


def test_what_the_card_said_in_words() -> None:
    final = state(count_low=True, final_try=True)
    assert change_failure(WrongPin("x")) == CURRENT_WRONG
    assert change_failure(WrongPin("x", final)) == (
        f"{CURRENT_WRONG} Final try: one more wrong PIN will lock this card."
    )
    assert change_failure(NewPinRefused("x")) == NEW_REFUSED
    assert change_failure(PinLocked("x")).endswith(UNCHANGED)
    assert "locked" in change_failure(PinLocked("x"))
    assert change_failure(TokenRemoved("x")).startswith("The card was taken out")
