"""The signed-in session's requests to the directory: searches, records, the override,
involvements and requests to the management team.

    front = DirectoryFront(client, tokens, work, cache, session, card_runner)
    front.search(criteria, "fuzzy", success=show, failure=explain)     # -> Operation

Each request returns an Operation (desktop.operations): `success` and `failure` run on the
GUI thread, failures always as a desktop.problems.Problem. Outside ACTIVE it is refused with
a Problem and nothing is sent (DirectoryWork keeps that rule). The records a request brings
are kept in the encrypted cache when the directory says they may be (SessionCache decides
what), and read from it when the directory cannot be reached; an override's never.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from typing import Any, Protocol

from desktop.controller_text import BAD_MODE, NOT_ACTIVE
from desktop.directory_work import BadRules, DirectoryWork, checked
from desktop.login import PinPrompt, TokenChoice
from desktop.operations import Operation, Runner
from desktop.problems import Problem, ProblemKind
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
from desktop.session_cache import SessionCache
from desktop.signin import WorkerSigner, failure_sentence, read_pin_state, reauthenticate
from smartcard import PinState, TokenLike, TokenSource
from sync import DirectoryClient, Mode, NotFoundOrHidden


class SessionCard(Protocol):
    """The session's card, as the requests that need it (the override) see it."""

    @property
    def card(self) -> TokenLike | None:
        """The card the session was opened (or last unlocked) with; None without a session."""

    def active_card(self) -> TokenChoice | None:
        """The card in the reader while the session is ACTIVE; None in any other state."""


class DirectoryFront:
    """The directory requests the ui makes, for the session `work` runs for."""

    def __init__(
        self,
        client: DirectoryClient,
        tokens: TokenSource,
        work: DirectoryWork,
        cache: SessionCache,
        session: SessionCard,
        card_runner: Runner,
    ) -> None:
        self._client = client
        self._tokens = tokens
        self._work = work
        self._cache = cache
        self._session = session
        self._card_runner = card_runner

    def search(
        self,
        criteria: Mapping[str, str | int],
        mode: str,
        success: Callable[[SearchOutcome], None],
        failure: Callable[[Problem], None],
    ) -> Operation[SearchOutcome]:
        if mode not in ("exact", "fuzzy"):
            return self._work.refuse(BAD_MODE, failure)
        search_mode: Mode = "fuzzy" if mode == "fuzzy" else "exact"
        asked = dict(criteria)

        def offline() -> SearchOutcome | None:
            # Only over what this user opened recently: criteria never reach the cache.
            return self._cache.search(asked)

        return self._work.run(
            lambda: SearchOutcome.from_result(self._client.search(asked, search_mode)),
            success,
            failure,
            offline=offline,
        )

    def open_record(
        self,
        cp_id: str,
        success: Callable[[dict[str, Any]], None],
        failure: Callable[[Problem], None],
        cached: Callable[[dict[str, Any], dt.datetime], None] | None = None,
    ) -> Operation[dict[str, Any]]:
        """The record from the directory, kept in the cache when it may be. With `cached`,
        a directory that cannot be reached gives this user's cached copy and its fetch
        time there instead of a failure (shown read-only, with its age)."""

        def fetch() -> dict[str, Any]:
            try:
                body = self._client.child(cp_id)
            except NotFoundOrHidden:
                self._cache.forget(cp_id)  # no longer this user's to see, even offline
                raise
            self._cache.keep(body)
            return body

        def offline() -> _Cached | None:
            found = self._cache.lookup(cp_id) if cached is not None else None
            return None if found is None else _Cached(dict(found.body), found.fetched_at)

        def answered(value: dict[str, Any] | _Cached) -> None:
            if isinstance(value, _Cached):
                assert cached is not None
                cached(value.body, value.fetched_at)
            else:
                success(value)

        return self._work.run(checked(fetch), answered, failure, offline=offline)

    def override_reasons(
        self,
        success: Callable[[tuple[OverrideReason, ...], JustificationRule], None],
        failure: Callable[[Problem], None],
    ) -> Operation[tuple[tuple[OverrideReason, ...], JustificationRule]]:
        """The published reasons and the justification rule, as the dialog's values."""

        def work() -> tuple[tuple[OverrideReason, ...], JustificationRule]:
            published = self._client.override_reasons()
            try:
                reasons = tuple(OverrideReason(r.code, r.label) for r in published.reasons)
                rule = JustificationRule(
                    published.rule, published.min_characters, published.min_words
                )
            except ValueError:
                raise BadRules from None
            return reasons, rule

        return self._work.run(work, lambda found: success(*found), failure)

    def override_prompt(
        self, success: Callable[[PinPrompt], None], failure: Callable[[Problem], None]
    ) -> Operation[PinState]:
        """The session card's PIN state, read now, for the override dialog's PIN field."""
        choice = self._session.active_card()
        if choice is None:
            return self._work.refuse(NOT_ACTIVE, failure)

        def read() -> PinState:
            return read_pin_state(self._tokens, choice.token_id)

        return self._card_runner.run(
            read,
            success=lambda state: success(PinPrompt(choice, state, purpose="override")),
            failure=lambda error: failure(Problem(ProblemKind.TOKEN, failure_sentence(error))),
        )

    def override(
        self,
        cp_id: str,
        draft: OverrideDraft,
        success: Callable[[dict[str, Any], str | None], None],
        failure: Callable[[Problem], None],
    ) -> Operation[tuple[dict[str, Any], str | None]]:
        """Override a shield for one view: the PIN again, then the directory.

        The record is handed to `success` and kept nowhere here (DESIGN.md 4).
        """
        token = self._session.card
        worker = self._tokens.worker

        def work() -> tuple[dict[str, Any], str | None]:
            assert token is not None  # DirectoryWork runs this in ACTIVE only
            reauthenticate(worker, token, draft.pin)
            signer = WorkerSigner(token, worker)
            done = self._client.override(signer, cp_id, draft.reason_code, draft.justification)
            return done.view, done.alert_reference

        return self._work.run(
            checked(work), lambda done: success(*done), failure, always=draft.wipe
        )

    def add_involvement(
        self,
        cp_id: str,
        draft: InvolvementDraft,
        success: Callable[[dict[str, Any]], None],
        failure: Callable[[Problem], None],
    ) -> Operation[dict[str, Any]]:
        body = draft.as_json()
        return self._work.run(
            checked(lambda: self._client.add_involvement(cp_id, body)), success, failure
        )

    def cease_involvement(
        self,
        cp_id: str,
        involvement_id: str,
        draft: CeaseDraft,
        success: Callable[[dict[str, Any]], None],
        failure: Callable[[Problem], None],
    ) -> Operation[dict[str, Any]]:
        return self._work.run(
            checked(
                lambda: self._client.cease_involvement(cp_id, involvement_id, draft.ceased_date)
            ),
            success,
            failure,
        )

    def request_contact(
        self,
        cp_id: str,
        draft: ContactDraft,
        success: Callable[[dict[str, str]], None],
        failure: Callable[[Problem], None],
    ) -> Operation[dict[str, str]]:
        return self._work.run(
            checked(lambda: self._client.request_contact(cp_id, draft.message)), success, failure
        )

    def request_shield(
        self,
        cp_id: str,
        draft: ShieldDraft,
        success: Callable[[dict[str, str]], None],
        failure: Callable[[Problem], None],
    ) -> Operation[dict[str, str]]:
        return self._work.run(
            checked(lambda: self._client.request_shield(cp_id, draft.reason_category, draft.note)),
            success,
            failure,
        )


class _Cached:
    """A record from the cache, with when the directory sent it."""

    def __init__(self, body: dict[str, Any], fetched_at: dt.datetime) -> None:
        self.body = body
        self.fetched_at = fetched_at
