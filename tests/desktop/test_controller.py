"""The Controller end to end, in-process: fake cards in a fake reader (smartcard.fake), the
real directory app with its database and signature checks (Starlette's TestClient is the
httpx client sync uses), and the Qt event loop of pytest-qt.

The cards hold keys and certificates issued by the directory's test CA, so each sign-in is
a real challenge, signature and session. The network in between can be cut or slowed by a
request hook on the TestClient (`Network`), which fails a request with httpx.ConnectError
exactly where a transport would.
"""

from __future__ import annotations

import datetime as dt
import gc
import logging
import threading
from collections.abc import Callable
from typing import Any

import httpx
import pytest
from pytestqt.qtbot import QtBot

from desktop.controller import Controller
from desktop.controller_text import (
    CARD_REMOVED,
    INACTIVE,
    INSERT_CARD,
    INSERT_CARD_AGAIN,
    NOT_ACTIVE,
    OTHER_CARD,
    USER_LOCKED,
    USER_SIGNED_OUT,
)
from desktop.identity import DirectoryStatus, SignedInUser
from desktop.oslock import OsLockMonitor
from desktop.problems import ProblemKind
from desktop.records import SearchOutcome
from desktop.requests import (
    CeaseDraft,
    ContactDraft,
    InvolvementDraft,
    JustificationRule,
    OverrideDraft,
    OverrideReason,
    ShieldDraft,
)
from desktop.session import State
from desktop.signin import PASSWORD_NEEDED, PIN_LOCKED
from directory.auth import suspend_user
from smartcard import PinState, TokenId, WrongPin
from smartcard.fake import FakeToken
from smartcard.fake_module import FakeModule
from sync import DirectoryClient
from tests.desktop.rig import (
    DOB,
    FAMILY,
    FAST_POLL,
    JUSTIFICATION,
    PASSWORD,
    PIN,
    WAIT_MS,
    Outcome,
    Rig,
    RigFactory,
)
from tests.directory.pki import NOW, ORIGIN
from tests.event_loop import drain_events, periods_pass, turns_of_the_loop

# --- sign-in ---------------------------------------------------------------------------


def id_of(rig: Rig, name: str) -> str:
    """The token id the client knows a rig card by: label, serial, certificate fingerprint."""
    card = rig.cards[name]
    return str(TokenId(card.label, card.serial, card.certificate_fingerprint))


def test_a_card_brings_a_pin_prompt_with_its_state_read_fresh(
    make_rig: RigFactory, qtbot: QtBot
) -> None:
    rig = make_rig()
    card = rig.cards["zz-practitioner"]
    card.remove()
    # A wrong PIN given elsewhere: the card now reports count-low, and only a fresh
    # read can know it.
    card.insert()
    with pytest.raises(WrongPin):
        card.login(bytearray(b"000000"))
    card.remove()
    with qtbot.waitSignal(rig.controller.token_wanted, timeout=WAIT_MS) as wanted:
        rig.controller.start()
    assert wanted.args == [INSERT_CARD]
    prompt = rig.prompt_after(card.insert)
    assert prompt.token.token_id == id_of(rig, "zz-practitioner")
    assert prompt.purpose == "sign_in" and prompt.failure is None
    assert not prompt.password_needed and prompt.others == ()
    assert prompt.pin_state == PinState(
        count_low=True,
        final_try=False,
        locked=False,
        must_change=False,
        protected_authentication_path=False,
    )
    assert rig.controller.machine.state is State.TOKEN_PRESENT


def test_the_right_pin_signs_in_with_name_organisation_and_roles(make_rig: RigFactory) -> None:
    rig = make_rig("zz-override")
    rig.start()
    pin = rig.pin()
    with rig.qtbot.waitSignal(rig.controller.signed_in, timeout=WAIT_MS) as signed:
        rig.controller.submit_pin(pin)
    user = signed.args[0]
    assert user == SignedInUser(
        name="zz-override",
        organisation="Zzhealth Visiting",
        roles=("practitioner", "override"),
        local_authority=None,
    )
    assert rig.controller.user == user and user.may_override
    assert rig.controller.machine.state is State.ACTIVE
    assert pin == bytearray(len(PIN))  # zeroed after use
    assert rig.idle.armed  # armed only now, in ACTIVE
    # The card and the directory were used off the GUI thread.
    assert threading.get_ident() not in rig.network.threads


def test_a_wrong_pin_asks_again_with_the_reason_and_never_retries(make_rig: RigFactory) -> None:
    rig = make_rig()
    card = rig.cards["zz-practitioner"]
    rig.start()

    first = rig.prompt_after(lambda: rig.submit("111111"))
    assert first.failure == "The PIN was not correct. Few tries are left before the card locks."
    assert first.pin_state.count_low and not first.pin_state.final_try
    assert card.tries_left == 2

    second = rig.prompt_after(lambda: rig.submit("222222"))
    assert second.failure == (
        "The PIN was not correct. Final try: one more wrong PIN will lock this card."
    )
    assert second.pin_state.final_try
    assert second.warnings[0].startswith("Final try")
    # Nothing tries the PIN again by itself: the count stays where the person left it.
    rig.settle()
    assert card.tries_left == 1 and card.logged_in is False
    assert rig.network.count("POST", "/v1/auth/sessions") == 0
    rig.sign_in()
    assert card.tries_left == 3


def test_the_last_wrong_pin_locks_the_card_and_says_so(make_rig: RigFactory) -> None:
    rig = make_rig(max_tries=1)
    rig.start()
    prompt = rig.prompt_after(lambda: rig.submit("999999"))
    assert prompt.failure == PIN_LOCKED
    assert prompt.pin_state.locked and not prompt.can_submit


def test_a_certificate_the_directory_does_not_trust_is_refused_in_words(
    make_rig: RigFactory,
) -> None:
    stranger = FakeToken("zz-stranger", serial="s-stranger", pin=PIN)  # self-signed
    rig = make_rig("zz-practitioner", extra_cards=(stranger,))
    rig.cards["zz-practitioner"].remove()
    rig.prompt_after(rig.controller.start)
    prompt = rig.prompt_after(rig.submit)
    assert prompt.failure is not None
    assert prompt.failure.startswith(
        "The directory does not accept this card's certificate: ask your registration authority."
    )
    assert "(reference " in prompt.failure
    assert not stranger.logged_in  # logged out again after the refusal


def test_a_password_account_asks_for_the_password_then_signs_in(make_rig: RigFactory) -> None:
    rig = make_rig("zz-password")
    first = rig.start()
    assert not first.password_needed
    again = rig.prompt_after(rig.submit)
    assert again.failure == PASSWORD_NEEDED and again.password_needed
    user = rig.sign_in(password=PASSWORD)
    assert user.name == "zz-password"


def test_policy_can_require_the_password_from_the_start(make_rig: RigFactory) -> None:
    rig = make_rig(password_required=True)
    assert rig.start().password_needed


def test_an_unreachable_directory_fails_the_sign_in_and_goes_offline(
    make_rig: RigFactory, qtbot: QtBot
) -> None:
    rig = make_rig()
    rig.start()
    rig.network.down = True
    with qtbot.waitSignal(rig.controller.directory_status, timeout=WAIT_MS) as status:
        prompt = rig.prompt_after(rig.submit)
    assert prompt.failure is not None and prompt.failure.startswith(
        "The directory cannot be reached."
    )
    assert status.args[0] == DirectoryStatus(online=False, reason=prompt.failure)
    assert not rig.cards["zz-practitioner"].logged_in


class HeldCardModule(FakeModule):
    """A reader that answers the PIN state only when the test lets it, as a slow card would."""

    release = threading.Event()
    reading = threading.Event()  # set while a PIN state read is held

    def pin_state(self, label: str) -> PinState:
        HeldCardModule.reading.set()
        try:
            HeldCardModule.release.wait(WAIT_MS / 1000)
        finally:
            HeldCardModule.reading.clear()
        return super().pin_state(label)


def test_a_slow_card_never_stops_the_event_loop(make_rig: RigFactory, qtbot: QtBot) -> None:
    HeldCardModule.release.clear()
    rig = make_rig(module_class=HeldCardModule)
    timer, turns = turns_of_the_loop(HeldCardModule.reading.is_set)
    try:
        with qtbot.waitSignal(rig.controller.pin_wanted, timeout=WAIT_MS):
            rig.controller.start()  # the PIN state is read on the card's worker, and held
            # The loop keeps turning while the card has not answered.
            qtbot.waitUntil(lambda: len(turns) >= 10, timeout=WAIT_MS)
            HeldCardModule.release.set()
    finally:
        HeldCardModule.release.set()
        timer.stop()


def test_busy_while_card_or_directory_work_is_under_way(make_rig: RigFactory) -> None:
    rig = make_rig()
    busy: list[bool] = []
    rig.controller.busy.connect(busy.append)
    rig.start()
    rig.sign_in()
    rig.qtbot.waitUntil(lambda: busy[-1] is False, timeout=WAIT_MS)
    assert busy[0] is True and busy == [True, False] * (len(busy) // 2)


def test_stop_signs_out_and_logs_the_card_out(make_rig: RigFactory) -> None:
    rig = make_rig()
    rig.start()
    rig.sign_in()
    rig.controller.stop()  # waits for its work: all of it is done on return
    assert rig.network.count("DELETE", "/v1/auth/sessions/current") == 1
    assert not rig.cards["zz-practitioner"].logged_in
    assert rig.controller.user is None


def test_a_stopped_controller_can_be_collected(make_rig: RigFactory, qtbot: QtBot) -> None:
    # An application closing drops its controller to Python's garbage collector; that
    # must not crash the process (this test would take pytest down with it).
    rig = make_rig()
    controller = Controller(
        rig.controller.policy,
        rig.module,
        DirectoryClient(ORIGIN, transport=httpx.MockTransport(lambda r: httpx.Response(503))),
        poll_interval=FAST_POLL,
        os_lock=OsLockMonitor(platform="test"),
    )
    with qtbot.waitSignal(controller.pin_wanted, timeout=WAIT_MS):
        controller.start()
    controller.stop()
    del controller
    gc.collect()
    drain_events()  # the deferred deletes and queued signals that would crash, delivered


# --- directory work --------------------------------------------------------------------


def test_search_and_open_record(make_rig: RigFactory) -> None:
    rig = make_rig()
    cp_id = rig.world.add_child(family_name=FAMILY)
    rig.start()
    rig.sign_in()
    found = Outcome()
    rig.controller.search(
        {"family_name": FAMILY, "date_of_birth": DOB}, "exact", found.success, found.failure
    )
    rig.qtbot.waitUntil(lambda: found.done, timeout=WAIT_MS)
    outcome = found.successes[0]
    assert isinstance(outcome, SearchOutcome)
    assert [row.cp_id for row in outcome.rows] == [cp_id] and not outcome.too_many

    record = Outcome()
    rig.controller.open_record(cp_id, record.success, record.failure)
    rig.qtbot.waitUntil(lambda: record.done, timeout=WAIT_MS)
    assert record.successes[0]["cp_id"] == cp_id


def test_refusals_and_bad_input_come_back_as_problems(make_rig: RigFactory) -> None:
    rig = make_rig()
    rig.start()
    rig.sign_in()
    too_little, bad_id, bad_mode = Outcome(), Outcome(), Outcome()
    rig.controller.search({"given_name": "Zz"}, "exact", too_little.success, too_little.failure)
    rig.controller.open_record("12/34", bad_id.success, bad_id.failure)
    rig.controller.search({"family_name": FAMILY}, "sideways", bad_mode.success, bad_mode.failure)
    rig.qtbot.waitUntil(lambda: too_little.done and bad_id.done and bad_mode.done, timeout=WAIT_MS)
    refused = too_little.problems[0]
    assert refused.kind is ProblemKind.REFUSED and refused.correlation_id
    assert bad_id.problems[0].kind is ProblemKind.REFUSED
    assert "ContactPoint ID" in bad_id.problems[0].message
    assert bad_mode.problems[0].code == "bad_mode"
    assert rig.controller.machine.state is State.ACTIVE  # a refusal is not a sign-out


def test_nothing_is_sent_outside_an_active_session(make_rig: RigFactory) -> None:
    rig = make_rig()
    rig.start()  # a PIN is wanted: not signed in yet
    outcomes = [Outcome() for _ in range(3)]
    rig.controller.search(
        {"family_name": FAMILY, "date_of_birth": DOB},
        "exact",
        outcomes[0].success,
        outcomes[0].failure,
    )
    rig.controller.open_record("123456789012", outcomes[1].success, outcomes[1].failure)
    draft = OverrideDraft("missing_child", JUSTIFICATION, rig.pin())
    rig.controller.override("123456789012", draft, outcomes[2].success, outcomes[2].failure)
    rig.qtbot.waitUntil(lambda: all(o.done for o in outcomes), timeout=WAIT_MS)
    assert [o.problems for o in outcomes] == [[NOT_ACTIVE]] * 3
    assert not any(
        path.startswith("/v1/searches") or path.startswith("/v1/children")
        for _, path in rig.network.sent
    )
    assert not any(draft.pin)


def test_override_asks_the_card_again_and_hands_the_record_over_once(
    make_rig: RigFactory,
) -> None:
    rig = make_rig("zz-override")
    cp_id = rig.world.add_child(family_name=FAMILY, shielded=True)
    rig.start()
    rig.sign_in()

    rules = Outcome()
    rig.controller.override_reasons(rules.success, rules.failure)
    rig.qtbot.waitUntil(lambda: rules.done, timeout=WAIT_MS)
    reasons, rule = rules.successes[0]
    assert OverrideReason("missing_child", "The child is missing") in reasons
    assert isinstance(rule, JustificationRule)
    assert (rule.min_characters, rule.min_words) == (40, 6)
    assert rule.problems(JUSTIFICATION) == ()

    asked = Outcome()
    rig.controller.override_prompt(asked.success, asked.failure)
    rig.qtbot.waitUntil(lambda: asked.done, timeout=WAIT_MS)
    prompt = asked.successes[0]
    assert prompt.purpose == "override" and prompt.token.label == "zz-override"

    wrong = OverrideDraft("missing_child", JUSTIFICATION, rig.pin("000000"))
    refused = Outcome()
    rig.controller.override(cp_id, wrong, refused.success, refused.failure)
    rig.qtbot.waitUntil(lambda: refused.done, timeout=WAIT_MS)
    assert refused.problems[0].kind is ProblemKind.TOKEN
    assert refused.problems[0].message.startswith("The PIN was not correct.")
    assert not any(wrong.pin)

    draft = OverrideDraft("missing_child", JUSTIFICATION, rig.pin())
    done = Outcome()
    rig.controller.override(cp_id, draft, done.success, done.failure)
    rig.qtbot.waitUntil(lambda: done.done, timeout=WAIT_MS)
    view, reference = done.successes[0]
    assert view["cp_id"] == cp_id and view["level"] == "override"
    assert reference and reference.startswith("OVR-")
    assert not any(draft.pin)
    assert rig.controller.machine.state is State.ACTIVE


def test_involvements_and_requests_through_the_controller(make_rig: RigFactory) -> None:
    rig = make_rig()
    cp_id = rig.world.add_child(family_name=FAMILY)
    rig.start()
    rig.sign_in()

    def run(call: Callable[[Outcome], object]) -> Any:
        outcome = Outcome()
        call(outcome)
        rig.qtbot.waitUntil(lambda: outcome.done, timeout=WAIT_MS)
        assert outcome.problems == []
        return outcome.successes[0]

    involvement = InvolvementDraft(
        practitioner_role="health visitor",
        phone="0113 496 0999",
        email=None,
        start_date=dt.date(2026, 5, 1),
    )
    added = run(lambda o: rig.controller.add_involvement(cp_id, involvement, o.success, o.failure))
    assert added["practitioner_name"] == "zz-practitioner"
    ceased = run(
        lambda o: rig.controller.cease_involvement(
            cp_id, added["id"], CeaseDraft(dt.date(2026, 6, 1)), o.success, o.failure
        )
    )
    assert ceased == {"id": added["id"], "ceased_date": "2026-06-01"}
    contact = ContactDraft("Zzsender needs to reach the school nurse about feeding.")
    receipt = run(lambda o: rig.controller.request_contact(cp_id, contact, o.success, o.failure))
    assert receipt["reference"].startswith("CON-")
    shield = ShieldDraft("domestic_violence", "Zznote: a risk from a former partner.")
    receipt = run(lambda o: rig.controller.request_shield(cp_id, shield, o.success, o.failure))
    assert receipt["reference"].startswith("SHR-")


# --- locking ---------------------------------------------------------------------------


def test_removing_the_card_locks_within_a_second_and_its_pin_unlocks(
    make_rig: RigFactory, qtbot: QtBot
) -> None:
    rig = make_rig(poll_interval=0.5)  # the real interval
    card = rig.cards["zz-practitioner"]
    cp_id = rig.world.add_child(family_name=FAMILY)
    rig.start()
    user = rig.sign_in()
    rig.recorder.clear()

    # Within a second of the removal: at most one 0.5 s poll interval, then the signals.
    with qtbot.waitSignals([rig.controller.locked, rig.controller.records_cleared], timeout=1000):
        card.remove()
    qtbot.waitUntil(lambda: "token_wanted" in rig.recorder.names(), timeout=WAIT_MS)
    assert rig.recorder.seen == [
        ("locked", CARD_REMOVED),
        ("records_cleared", None),
        ("token_wanted", INSERT_CARD_AGAIN),
    ]
    assert not rig.idle.armed

    # Locked: directory work is refused without being sent.
    refused = Outcome()
    sent = len(rig.network.sent)
    rig.controller.open_record(cp_id, refused.success, refused.failure)
    qtbot.waitUntil(lambda: refused.done, timeout=WAIT_MS)
    assert refused.problems == [NOT_ACTIVE] and len(rig.network.sent) == sent

    prompt = rig.prompt_after(card.insert)
    assert prompt.purpose == "unlock" and not prompt.password_needed
    assert rig.sign_in() == user
    # An unlock, not a new login: still the one directory session.
    assert rig.network.count("POST", "/v1/auth/sessions") == 1
    found = Outcome()
    rig.controller.open_record(cp_id, found.success, found.failure)
    qtbot.waitUntil(lambda: found.done, timeout=WAIT_MS)
    assert found.successes[0]["cp_id"] == cp_id


def test_a_wrong_pin_does_not_unlock(make_rig: RigFactory) -> None:
    rig = make_rig()
    card = rig.cards["zz-practitioner"]
    rig.start()
    rig.sign_in()
    card.remove()
    rig.wait_state(State.LOCKED)
    rig.prompt_after(card.insert)
    again = rig.prompt_after(lambda: rig.submit("000000"))
    assert again.purpose == "unlock" and again.failure is not None
    assert again.failure.startswith("The PIN was not correct.")
    assert rig.controller.machine.state is State.LOCKED
    rig.sign_in()


def test_a_different_card_signs_the_first_user_out(make_rig: RigFactory) -> None:
    rig = make_rig("zz-practitioner", "zz-other")
    first, second = rig.cards["zz-practitioner"], rig.cards["zz-other"]
    rig.start()
    rig.sign_in()
    rig.recorder.clear()
    first.remove()
    prompt = rig.prompt_after(second.insert)
    assert prompt.token.token_id == id_of(rig, "zz-other") and prompt.purpose == "sign_in"
    names = rig.recorder.names()
    assert names.index("signed_out") < names.index("pin_wanted")
    assert ("signed_out", OTHER_CARD) in rig.recorder.seen
    assert rig.controller.user is None
    # The first user's directory session was ended there, off the GUI thread.
    rig.qtbot.waitUntil(
        lambda: rig.network.count("DELETE", "/v1/auth/sessions/current") == 1, timeout=WAIT_MS
    )
    assert rig.sign_in().name == "zz-other"


def test_choosing_another_present_card_signs_the_first_user_out(make_rig: RigFactory) -> None:
    rig = make_rig("zz-practitioner", "zz-other")
    rig.cards["zz-other"].insert()  # both readers hold a card
    first_prompt = rig.start()
    assert [c.token_id for c in first_prompt.others] == [id_of(rig, "zz-other")]
    rig.sign_in()
    prompt = rig.prompt_after(lambda: rig.controller.choose_token(id_of(rig, "zz-other")))
    assert prompt.token.label == "zz-other"
    assert ("signed_out", OTHER_CARD) in rig.recorder.seen
    rig.controller.choose_token("zz-nobody/s-0")  # not in any reader: ignored
    assert rig.controller.machine.token_id == id_of(rig, "zz-other")


def test_inactivity_locks_and_the_pin_unlocks(make_rig: RigFactory, qtbot: QtBot) -> None:
    rig = make_rig(idle_ms=300)
    rig.start()
    rig.sign_in()
    with qtbot.waitSignal(rig.controller.locked, timeout=WAIT_MS) as locked:
        pass
    assert locked.args == [INACTIVE]
    assert ("records_cleared", None) in rig.recorder.seen
    rig.qtbot.waitUntil(lambda: rig.recorder.names()[-1] == "pin_wanted", timeout=WAIT_MS)
    assert rig.recorder.seen[-1][1].purpose == "unlock"
    rig.sign_in()
    assert rig.idle.armed


@pytest.mark.parametrize(
    ("lock", "reason"),
    [
        (lambda rig: rig.os_lock.session_locked(), "Locked because the computer was locked."),
        (
            lambda rig: rig.os_lock.prepare_for_sleep(True),
            "Locked because the computer is going to sleep.",
        ),
        (lambda rig: rig.controller.lock_now(), USER_LOCKED),
    ],
)
def test_the_os_or_the_user_locking_locks(
    make_rig: RigFactory, qtbot: QtBot, lock: Callable[[Rig], None], reason: str
) -> None:
    rig = make_rig()
    rig.start()
    rig.sign_in()
    with qtbot.waitSignal(rig.controller.locked, timeout=WAIT_MS) as locked:
        lock(rig)
    assert locked.args == [reason]
    assert rig.controller.machine.state is State.LOCKED
    # The card is still in: the PIN is asked for to unlock.
    qtbot.waitUntil(lambda: rig.recorder.names()[-1] == "pin_wanted", timeout=WAIT_MS)
    assert rig.recorder.seen[-1][1].purpose == "unlock"
    rig.sign_in()


def test_locking_drops_directory_work_under_way(make_rig: RigFactory, qtbot: QtBot) -> None:
    rig = make_rig()
    rig.start()
    rig.sign_in()
    gate = rig.network.held["/v1/searches"] = threading.Event()
    late = Outcome()
    operation = rig.controller.search(
        {"family_name": FAMILY, "date_of_birth": DOB}, "exact", late.success, late.failure
    )
    try:
        qtbot.waitUntil(lambda: "/v1/searches" in rig.network.holding, timeout=WAIT_MS)
        rig.controller.lock_now()
        with qtbot.waitSignal(operation.finished, timeout=WAIT_MS):
            gate.set()  # the answer arrives after the lock
    finally:
        gate.set()
    assert not late.done


def test_work_still_queued_when_the_session_locks_is_never_sent(
    make_rig: RigFactory, qtbot: QtBot
) -> None:
    rig = make_rig(runner_threads=1)
    rig.start()
    rig.sign_in()
    gate = rig.network.held["/v1/searches"] = threading.Event()
    criteria = {"family_name": FAMILY, "date_of_birth": DOB}
    first, queued = Outcome(), Outcome()
    rig.controller.search(criteria, "exact", first.success, first.failure)
    behind = rig.controller.search(criteria, "exact", queued.success, queued.failure)
    try:
        # The one runner thread is held by the first search; the second waits behind it.
        qtbot.waitUntil(lambda: "/v1/searches" in rig.network.holding, timeout=WAIT_MS)
        rig.controller.lock_now()
        with qtbot.waitSignal(behind.finished, timeout=WAIT_MS):
            gate.set()
    finally:
        gate.set()
    assert rig.network.count("POST", "/v1/searches") == 1
    assert not first.done and not queued.done


def test_signing_out_ends_the_directory_session(make_rig: RigFactory, qtbot: QtBot) -> None:
    rig = make_rig()
    rig.start()
    rig.sign_in()
    with qtbot.waitSignal(rig.controller.signed_out, timeout=WAIT_MS) as out:
        rig.controller.sign_out()
    assert out.args == [USER_SIGNED_OUT]
    qtbot.waitUntil(
        lambda: rig.network.count("DELETE", "/v1/auth/sessions/current") == 1, timeout=WAIT_MS
    )
    assert rig.controller.machine.state is State.SIGNED_OUT
    assert not rig.cards["zz-practitioner"].logged_in  # logged out before the directory call
    # The card is still in: its PIN is asked for, for a new sign-in.
    qtbot.waitUntil(lambda: rig.recorder.names()[-1] == "pin_wanted", timeout=WAIT_MS)
    assert rig.recorder.seen[-1][1].purpose == "sign_in"
    assert rig.sign_in().name == "zz-practitioner"
    assert rig.network.count("POST", "/v1/auth/sessions") == 2


# --- the directory session ending ------------------------------------------------------


def test_an_expired_directory_session_signs_out(make_rig: RigFactory, qtbot: QtBot) -> None:
    rig = make_rig()
    rig.start()
    rig.sign_in()
    rig.clock.now = NOW + dt.timedelta(hours=1)  # past the directory's 15-minute idle expiry
    unused = Outcome()
    with qtbot.waitSignal(rig.controller.signed_out, timeout=WAIT_MS) as out:
        operation = rig.controller.search(
            {"family_name": FAMILY, "date_of_birth": DOB}, "exact", unused.success, unused.failure
        )
    assert out.args[0].startswith("You were signed out by the directory.")
    assert "(reference " in out.args[0]
    assert rig.controller.machine.state is State.SIGNED_OUT
    qtbot.waitUntil(lambda: operation.done, timeout=WAIT_MS)
    assert not unused.done  # signed_out says it; no second message


def test_a_suspended_account_is_signed_out_and_refused_in_words(
    make_rig: RigFactory, qtbot: QtBot
) -> None:
    rig = make_rig()
    rig.start()
    rig.sign_in()
    suspend_user(rig.engine, "zz-practitioner", now=NOW, actor="test:administrator")
    unused = Outcome()
    # The sign-out, and the PIN prompt for the card still in the reader that follows it:
    # a PIN typed before that prompt is asked for is not an answer to it.
    said: list[str] = []
    rig.controller.signed_out.connect(said.append)
    signals = [rig.controller.signed_out, rig.controller.pin_wanted]
    with qtbot.waitSignals(signals, timeout=WAIT_MS):
        rig.controller.open_record("123456789012", unused.success, unused.failure)
    (reason,) = said
    assert reason.startswith(
        "You were signed out by the directory. Your account is suspended: contact your "
        "administrator. (reference "
    )
    prompt = rig.prompt_after(rig.submit)
    assert prompt.failure is not None
    assert prompt.failure.startswith("Your account is suspended: contact your administrator.")
    assert "(reference " in prompt.failure


# --- the directory's reachability -------------------------------------------------------


def test_unreachable_then_back_online(make_rig: RigFactory, qtbot: QtBot) -> None:
    rig = make_rig(probe_ms=100)
    rig.start()
    rig.sign_in()
    assert rig.controller.status.online
    rig.network.down = True
    failed = Outcome()
    with qtbot.waitSignal(rig.controller.directory_status, timeout=WAIT_MS) as offline:
        rig.controller.search(
            {"family_name": FAMILY, "date_of_birth": DOB}, "exact", failed.success, failed.failure
        )
    status = offline.args[0]
    assert not status.online and status.reason.startswith("The directory cannot be reached.")
    qtbot.waitUntil(lambda: failed.done, timeout=WAIT_MS)
    assert failed.problems[0].kind is ProblemKind.UNREACHABLE
    assert rig.controller.machine.state is State.ACTIVE  # offline is not signed out
    probes = rig.network.count("GET", "/healthz")
    qtbot.waitUntil(lambda: rig.network.count("GET", "/healthz") >= probes + 2, timeout=WAIT_MS)
    with qtbot.waitSignal(rig.controller.directory_status, timeout=WAIT_MS) as online:
        rig.network.down = False
    assert online.args == [DirectoryStatus(online=True)]
    # Online again, the probe stops: three of its periods pass with no probe sent.
    qtbot.waitUntil(lambda: not rig.runner.busy, timeout=WAIT_MS)  # one may be in flight
    probes = rig.network.count("GET", "/healthz")
    periods_pass(qtbot, interval_ms=100, periods=3)
    assert rig.network.count("GET", "/healthz") == probes


def test_a_slow_directory_never_stops_the_event_loop(make_rig: RigFactory, qtbot: QtBot) -> None:
    rig = make_rig()
    rig.start()
    rig.sign_in()
    gate = rig.network.held["/v1/searches"] = threading.Event()
    timer, turns = turns_of_the_loop(lambda: "/v1/searches" in rig.network.holding)
    dropped = Outcome()
    try:
        operation = rig.controller.search(
            {"family_name": FAMILY, "date_of_birth": DOB}, "exact", dropped.success, dropped.failure
        )
        # The loop keeps turning while the directory has not answered.
        qtbot.waitUntil(lambda: len(turns) >= 10, timeout=WAIT_MS)
        operation.cancel()
        gate.set()
        with qtbot.waitSignal(operation.finished, timeout=WAIT_MS):
            pass
    finally:
        gate.set()
        timer.stop()
    assert not dropped.done  # cancelled: the late answer went nowhere


# --- what is never kept or said --------------------------------------------------------


def test_no_personal_data_in_the_logs(
    make_rig: RigFactory, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    rig = make_rig()
    cp_id = rig.world.add_child(family_name=FAMILY)
    rig.start()
    rig.sign_in()
    found = Outcome()
    rig.controller.search(
        {"family_name": FAMILY, "date_of_birth": DOB}, "exact", found.success, found.failure
    )
    rig.qtbot.waitUntil(lambda: found.done, timeout=WAIT_MS)
    rig.cards["zz-practitioner"].remove()
    rig.wait_state(State.LOCKED)
    spoken = "\n".join(record.getMessage() for record in caplog.records)
    assert "session TOKEN_PRESENT -> AUTHENTICATING" in spoken
    for secret in (FAMILY, cp_id, DOB, "zz-practitioner", PIN, "Zzhealth"):
        assert secret not in spoken
