"""DirectoryClient: the client side of the directory's HTTP API (DESIGN.md 3.6, 3.7).

The client receives its HTTP client (STYLE.md 7): production passes nothing and gets an
httpx.Client with the policy's CA bundle; tests pass an httpx.MockTransport, or Starlette's
TestClient (an httpx.Client) around the real directory in-process.

Personal data never goes into a URL: searches and every action's details are sent in
bodies, and a ContactPoint ID appears only in a child's own paths (view, override,
involvements, requests), as the design allows. Every failure is a SyncError
(sync.errors draws the hierarchy); httpx's own exceptions never escape.

The client holds at most one session token. It is safe to call from a pool of threads, as
the desktop's network pool does; signing is left to the Signer (the token's own worker).
"""

from __future__ import annotations

import base64
import datetime as dt
import ssl
import threading
from collections.abc import Callable, Iterable, Mapping
from types import TracebackType
from typing import TYPE_CHECKING, Any, Literal, Protocol, TypeVar
from urllib.parse import urlsplit

from contract.messages import login_message, override_message
from contract.reader import Reader, ShapeError
from sync.answers import CORRELATION_HEADER, read_json, refusal_of, unreachable_reason
from sync.errors import (
    DirectoryRefused,
    DirectoryUnreachable,
    MalformedResponse,
    NotSignedIn,
)
from sync.models import (
    Challenge,
    OverrideReasons,
    OverrideResult,
    SearchResult,
    Session,
    read_cacheable,
    read_receipt,
    read_record,
)
from sync.paths import child_segment, handle_segment, jsonable
from sync.recent import RECENT, UNREACHABLE, new_correlation_id

if TYPE_CHECKING:
    import httpx

_T = TypeVar("_T")
_Parser = Callable[[Any], _T]
Mode = Literal["exact", "fuzzy"]
Purpose = Literal["login", "override"]
OVERRIDE_REFERENCE_HEADER = "X-Override-Reference"
# The directory answers about at most this many IDs a call (POST /v1/children/cacheable).
CACHEABLE_BATCH = 500
# Connecting should be quick on any network the client is used on; a search on a loaded
# directory may take longer to answer than to connect.
# (httpx itself loads on the first call: the lock screen needs none of it.)
ANSWER_SECONDS = 15.0
CONNECT_SECONDS = 5.0


class Signer(Protocol):
    """What login and override need from a token; smartcard.Token satisfies it."""

    def certificate_der(self) -> bytes: ...

    def sign(self, message: bytes) -> bytes: ...


def _origin(base_url: str) -> str:
    # The base URL is signed into every login as the origin, so it must be exactly
    # scheme://host[:port]; a trailing slash is the one liberty taken.
    origin = base_url[:-1] if base_url.endswith("/") else base_url
    parts = urlsplit(origin)
    if parts.scheme not in ("https", "http") or not parts.hostname:
        raise ValueError("The directory URL must be https://host:port (or http for training).")
    if parts.path or parts.query or parts.fragment or parts.username or parts.password:
        raise ValueError("The directory URL must be only scheme://host:port, with no path.")
    return origin


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


class DirectoryClient:
    """One directory, one session at a time.

    `base_url` is the directory's configured origin (see contract.messages). Give at most one
    of `client` (used as is, and not closed by this object) or `transport`; `verify` is a
    CA bundle path or a bool, `timeout` applies to a client built here.
    """

    def __init__(
        self,
        base_url: str,
        *,
        client: httpx.Client | None = None,
        transport: httpx.BaseTransport | None = None,
        verify: str | bool = True,
        timeout: httpx.Timeout | float | None = None,
    ) -> None:
        self.origin = _origin(base_url)
        if client is not None and transport is not None:
            raise ValueError("Give the client or a transport, not both.")
        self._owns_client = client is None
        # The bundle is read here, so that an unreadable one fails at startup; the httpx
        # client is built on the first call (`_http`), since httpx is slow to import.
        self._verify: ssl.SSLContext | bool = (
            ssl.create_default_context(cafile=verify) if isinstance(verify, str) else verify
        )
        self._transport = transport
        self._timeout = timeout
        self._client = client
        self._client_lock = threading.Lock()
        self._token: str | None = None

    # --- lifecycle ---------------------------------------------------------------------

    def close(self) -> None:
        if self._owns_client and self._client is not None:
            self._client.close()

    @property
    def _http(self) -> httpx.Client:
        """The HTTP client: the one given, or one built here on first use."""
        with self._client_lock:  # calls come from worker threads: build exactly one
            if self._client is None:
                import httpx

                # httpx 0.28 deprecates verify=<path>: the context was built from the bundle.
                timeout = self._timeout
                if timeout is None:
                    timeout = httpx.Timeout(ANSWER_SECONDS, connect=CONNECT_SECONDS)
                self._client = httpx.Client(
                    transport=self._transport,
                    verify=self._verify,
                    timeout=timeout,
                    follow_redirects=False,
                )
            return self._client

    def __enter__(self) -> DirectoryClient:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    @property
    def signed_in(self) -> bool:
        return self._token is not None

    # --- authentication (DESIGN.md 3.7) ------------------------------------------------

    def request_challenge(
        self, certificate_der: bytes, purpose: Purpose = "login", cp_id: str | None = None
    ) -> Challenge:
        body: dict[str, Any] = {"certificate": _b64(certificate_der)}
        if purpose != "login":
            body["purpose"] = purpose
        if cp_id is not None:
            body["cp_id"] = cp_id
        return self._parse(Challenge.from_json, self._call("POST", "/v1/auth/challenges", body))

    def open_session(
        self, challenge_id: str, signature: bytes, password: str | None = None
    ) -> Session:
        body: dict[str, Any] = {"challenge_id": challenge_id, "signature": _b64(signature)}
        if password is not None:
            body["password"] = password
        session = self._parse(Session.from_json, self._call("POST", "/v1/auth/sessions", body))
        self._token = session.token
        return session

    def login(self, signer: Signer, password: str | None = None) -> Session:
        """The whole login: certificate, challenge, the token's signature, session."""
        challenge = self.request_challenge(signer.certificate_der())
        message = login_message(self.origin, challenge.challenge_id, challenge.nonce)
        return self.open_session(challenge.challenge_id, signer.sign(message), password)

    def sign_out(self, session: Session | None = None) -> None:
        """End a session at the directory: this client's own, or `session` if given.

        Naming the session lets a caller end one it opened earlier without touching the
        one in use now (a login that finished after its card was swapped). The client
        forgets its token if it is the one ended, whatever the directory answers.
        """
        token = self._token if session is None else session.token
        if token is None:
            return
        try:
            self._call("DELETE", "/v1/auth/sessions/current", bearer=token)
        finally:
            self._forget(token)

    # --- searches and records (DESIGN.md 3.4, 3.6) -------------------------------------

    def search(self, criteria: Mapping[str, str | int], mode: Mode = "exact") -> SearchResult:
        body = {"criteria": dict(criteria), "mode": mode}
        response = self._call("POST", "/v1/searches", body, authenticated=True)
        return self._parse(SearchResult.from_json, response)

    def child(self, cp_id: str) -> dict[str, Any]:
        """The child's record as this user may see it: the directory's projection as sent."""
        response = self._call("GET", f"/v1/children/{child_segment(cp_id)}", authenticated=True)
        return self._parse(read_record, response)

    def cacheable(self, cp_ids: Iterable[str]) -> frozenset[str]:
        """Which of these cached records the user may still keep (compact IDs).

        The IDs are POSTed, never put in a URL, in batches the directory accepts; an ID is
        in the answer only if the directory confirmed it. A child shielded, archived or
        hidden since it was cached is simply not confirmed, like an unknown one.
        """
        asked = list(dict.fromkeys(child_segment(cp_id) for cp_id in cp_ids))
        confirmed: set[str] = set()
        for start in range(0, len(asked), CACHEABLE_BATCH):
            batch = asked[start : start + CACHEABLE_BATCH]
            response = self._call(
                "POST", "/v1/children/cacheable", {"cp_ids": batch}, authenticated=True
            )
            confirmed |= self._parse(read_cacheable, response) & set(batch)
        return frozenset(confirmed)

    def override(
        self, signer: Signer, cp_id: str, reason_code: str, justification: str
    ) -> OverrideResult:
        """Override a shield for one view; the token signs a fresh override challenge.

        The result is for this one view only: it must not be cached (DESIGN.md 4).
        """
        self._require_session()
        challenge = self.request_challenge(signer.certificate_der(), "override", cp_id)
        # The directory signs over the ID in the form its challenge returned (normalised).
        signed_id = challenge.cp_id or cp_id
        message = override_message(self.origin, challenge.challenge_id, challenge.nonce, signed_id)
        body = {
            "reason_code": reason_code,
            "justification": justification,
            "reauth": {
                "challenge_id": challenge.challenge_id,
                "signature": _b64(signer.sign(message)),
            },
        }
        path = f"/v1/children/{child_segment(cp_id)}/overrides"
        response = self._call("POST", path, body, authenticated=True)
        view = self._parse(read_record, response)
        return OverrideResult(view, response.headers.get(OVERRIDE_REFERENCE_HEADER))

    # --- actions on a child (DESIGN.md 3.6) --------------------------------------------

    def override_reasons(self) -> OverrideReasons:
        """The published override reasons and the justification rule (words and numbers)."""
        response = self._call("GET", "/v1/reference/override-reasons", authenticated=True)
        return self._parse(OverrideReasons.from_json, response)

    def add_involvement(self, cp_id: str, body: Mapping[str, Any]) -> dict[str, Any]:
        """Record the signed-in user's organisation's involvement; the directory's answer.

        `body` is the documented involvement body; dates may be given as datetime.date.
        """
        path = f"/v1/children/{child_segment(cp_id)}/involvements"
        response = self._call("POST", path, jsonable(body), authenticated=True)
        return self._parse(read_record, response)

    def cease_involvement(
        self, cp_id: str, involvement_id: str, ceased_date: dt.date
    ) -> dict[str, Any]:
        """Mark one of the user's organisation's involvements as ceased on `ceased_date`.

        `involvement_id` is the involvement's `id` in the record view: an opaque handle.
        """
        handle = handle_segment(
            involvement_id, "An involvement id is the text the record view gave."
        )
        path = f"/v1/children/{child_segment(cp_id)}/involvements/{handle}"
        body = {"ceased_date": ceased_date.isoformat()}
        return self._parse(read_record, self._call("PATCH", path, body, authenticated=True))

    def request_contact(self, cp_id: str, message: str) -> dict[str, str]:
        """Ask the management team to broker contact; the receipt {reference, message}."""
        path = f"/v1/children/{child_segment(cp_id)}/contact-requests"
        response = self._call("POST", path, {"message": message}, authenticated=True)
        return self._parse(read_receipt, response)

    def request_shield(self, cp_id: str, reason_category: str, note: str) -> dict[str, str]:
        """Ask for the record to be shielded; the receipt {reference, message}."""
        path = f"/v1/children/{child_segment(cp_id)}/shield-requests"
        body = {"reason_category": reason_category, "note": note}
        return self._parse(read_receipt, self._call("POST", path, body, authenticated=True))

    def fetch(
        self,
        method: Literal["GET", "PUT", "PATCH", "POST", "DELETE"],
        path: str,
        parse: Callable[[Any], _T],
        body: Mapping[str, Any] | None = None,
    ) -> _T:
        """An authenticated call whose answer `parse` reads (a ShapeError becomes
        MalformedResponse): the one door other modules of sync (sync.worklists) call by.
        `path` must already be built from checked segments (child_segment, handle_segment)."""
        return self._parse(parse, self._call(method, path, body, authenticated=True))

    # --- reachability ------------------------------------------------------------------

    def health(self) -> bool:
        """Whether the directory answers its health check: no session, nothing personal.

        True for the documented {"status": "ok"}; False for any other answer (a proxy's
        error page, a refusal); DirectoryUnreachable when nothing answers at all.
        """
        try:
            response = self._call("GET", "/healthz")
        except (DirectoryRefused, MalformedResponse):
            return False
        try:
            return Reader(response.json(), "health").text("status") == "ok"
        except ValueError:  # not JSON, or not the documented shape (ShapeError)
            return False

    # --- plumbing ----------------------------------------------------------------------

    def _require_session(self) -> str:
        token = self._token
        if token is None:
            # Refused here rather than by the directory: criteria are not sent for nothing.
            raise NotSignedIn(
                "not_signed_in", "You are not signed in to the directory.", None, None
            )
        return token

    def _call(
        self,
        method: str,
        path: str,
        body: Mapping[str, Any] | None = None,
        *,
        authenticated: bool = False,
        bearer: str | None = None,
    ) -> httpx.Response:
        correlation_id = new_correlation_id()
        headers = {"Accept": "application/json", CORRELATION_HEADER: correlation_id}
        token = bearer if bearer is not None else self._require_session() if authenticated else None
        if token is not None:
            headers["Authorization"] = f"Bearer {token}"
        http = self._http
        import httpx  # loaded by `_http`; a local name, since the module does not import it

        try:
            response = http.request(method, self.origin + path, json=body, headers=headers)
        except httpx.TransportError as exc:
            RECENT.note(correlation_id, UNREACHABLE)
            raise DirectoryUnreachable(unreachable_reason(exc)) from exc
        if response.status_code >= 400:
            refusal = refusal_of(response)
            code = refusal.code if isinstance(refusal, DirectoryRefused) else "unreadable"
            RECENT.note(correlation_id, f"{response.status_code} {code}")
            if isinstance(refusal, NotSignedIn) and token is not None:
                # The session is over (expired or revoked): a stale token is no use.
                self._forget(token)
            raise refusal
        RECENT.note(correlation_id, str(response.status_code))
        if not response.is_success:
            raise MalformedResponse(
                f"The directory answered with an unexpected status {response.status_code}.",
                status=response.status_code,
                correlation_id=response.headers.get(CORRELATION_HEADER),
            )
        return response

    def _forget(self, token: str) -> None:
        # Only if it is still the one held: a login on another thread may have replaced it.
        if self._token == token:
            self._token = None

    @staticmethod
    def _parse(parse: _Parser[_T], response: httpx.Response) -> _T:
        correlation_id = response.headers.get(CORRELATION_HEADER)
        try:
            return parse(read_json(response, correlation_id))
        except ShapeError as exc:
            raise MalformedResponse(
                f"The directory's answer is not of the documented shape: {exc}",
                status=response.status_code,
                correlation_id=correlation_id,
            ) from None
