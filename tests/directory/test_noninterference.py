"""Noninterference, property-tested (issue 9): nothing hidden changes what a viewer observes.

Hypothesis builds two directories from one generated population (a few children with their
carers, school and involvements); world B also holds generated hidden extras, each written at
a generated place among the visible rows: archived children, a sensitive service's
involvements, involvements on shielded or archived children, and different hidden fields of
a shielded child (a postcode a search may name, another carer, another shield reason). It
then sends one generated sequence of the viewer's requests over the HTTP API to both —
searches of every shape, views of every child the viewer could name (the hidden ones too),
involvements added and ceased with valid and invalid dates, contact and shield requests, and
the viewer's lists — and requires every answer (status, headers, JSON body) to be the same,
up to correlation ids, instants and a consistent renaming of random handles
(tests/directory/noninterference_compare.py says why that renaming is sound and why integers
are never renamed).

The viewers: an ordinary practitioner, a practitioner of a sensitive service that is not
the hidden one, and a practitioner with the override right who does not override.

Requests name involvements the way a viewer can: one they have been shown or have added
(the k-th distinct id of this world's answers so far), or a guessed small integer.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass, replace
from typing import Any

import httpx
import pytest
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, Phase, example, given, settings
from hypothesis import strategies as st

from directory.schema import GENDERS, SHIELD_REASONS
from tests.directory.builders import TODAY
from tests.directory.noninterference_compare import (
    Observation,
    Renaming,
    first_difference,
)
from tests.directory.noninterference_world import (
    AUTHORS,
    VIEWERS,
    Backend,
    Hidden,
    Kid,
    Population,
    Secret,
    Served,
    Work,
    all_children,
    cp_id_for,
    hidden_from,
    served,
)

EXAMPLES: dict[str, int] = {"sqlite": 30, "postgres": 6}
# PostgreSQL reports its first failing example as found: shrinking it there would take many
# minutes, and the SQLite run shrinks the same generated cases.
PHASES = {
    "sqlite": tuple(Phase),
    "postgres": tuple(p for p in Phase if p not in (Phase.shrink, Phase.explain)),
}
FAMILIES = ("Zzbrown", "Zzbrowne", "Zzkhan")
GIVEN = ("Amy", "Bill", "William")
BIRTHS = (dt.date(2015, 3, 7), dt.date(2015, 7, 3), dt.date(2012, 11, 30))
POSTCODES = ("LS6 2AB", "LS6 3CD", "BS1 4DJ")
STARTS = (dt.date(2024, 1, 1), dt.date(2025, 1, 1), dt.date(2026, 6, 1))
CEASED = {
    "valid": TODAY - dt.timedelta(days=1),
    "before_start": dt.date(2023, 6, 1),
    "between_starts": dt.date(2025, 6, 1),
    "future": TODAY + dt.timedelta(days=1),
}
NEVER_ISSUED = cp_id_for(999)
BAD_CHECK_DIGIT = NEVER_ISSUED[:-1] + str((int(NEVER_ISSUED[-1]) + 1) % 10)
LISTS = (
    "/v1/alerts",
    "/v1/contact-requests",
    "/v1/shield-requests",
    "/v1/reference/override-reasons",
)


@dataclass
class Context:
    """What the requests may name: every child's cp_id, people's details, ids seen so far."""

    cp_ids: list[str]
    people: list[Kid]
    seen: list[Any]


def _criteria(shape: str, a: Kid, b: Kid, swap: bool) -> dict[str, Any]:
    born = b.date_of_birth
    if swap and born.day <= 12:
        born = born.replace(month=born.day, day=born.month)
    district = b.postcode.split()[0]
    return {
        "cp_id": {"cp_id": a.cp_id},
        "family+dob": {"family_name": a.family_name, "date_of_birth": born.isoformat()},
        "family+year": {"family_name": a.family_name, "year_of_birth": born.year},
        "family+postcode": {"family_name": a.family_name, "postcode": b.postcode},
        "family+district": {"family_name": a.family_name, "postcode": district},
        "given+family+dob": {
            "family_name": a.family_name,
            "given_name": a.given_name,
            "date_of_birth": born.isoformat(),
        },
        "given+family+postcode": {
            "family_name": a.family_name,
            "given_name": b.given_name,
            "postcode": b.postcode,
        },
        "family+dob+gender": {
            "family_name": a.family_name,
            "date_of_birth": born.isoformat(),
            "gender": b.gender,
        },
        "family+year+gender": {
            "family_name": a.family_name,
            "year_of_birth": str(born.year),
            "gender": a.gender,
        },
    }[shape]


SHAPES = (
    "cp_id",
    "family+dob",
    "family+year",
    "family+postcode",
    "family+district",
    "given+family+dob",
    "given+family+postcode",
    "family+dob+gender",
    "family+year+gender",
)


@dataclass(frozen=True)
class Search:
    shape: str
    mode: str
    person: int
    other: int
    swap: bool

    def send(self, client: TestClient, headers: dict[str, str], c: Context) -> httpx.Response:
        a, b = c.people[self.person % len(c.people)], c.people[self.other % len(c.people)]
        criteria = _criteria(self.shape, a, b, self.swap)
        return client.post(
            "/v1/searches", headers=headers, json={"criteria": criteria, "mode": self.mode}
        )


@dataclass(frozen=True)
class View:
    target: int

    def send(self, client: TestClient, headers: dict[str, str], c: Context) -> httpx.Response:
        return client.get(f"/v1/children/{c.cp_ids[self.target % len(c.cp_ids)]}", headers=headers)


@dataclass(frozen=True)
class Add:
    target: int
    start: dt.date
    phone: str
    consent: str | None
    lead: bool

    def send(self, client: TestClient, headers: dict[str, str], c: Context) -> httpx.Response:
        body: dict[str, Any] = {
            "practitioner_role": "school nurse",
            "phone": self.phone,
            "start_date": self.start.isoformat(),
            "lead_professional": self.lead,
        }
        if self.consent is not None:
            body["consent_basis"] = self.consent
        cp_id = c.cp_ids[self.target % len(c.cp_ids)]
        return client.post(f"/v1/children/{cp_id}/involvements", headers=headers, json=body)


@dataclass(frozen=True)
class Cease:
    target: int
    seen: int | None  # the k-th id seen so far, or None to guess `guess`
    guess: int
    ceased: str

    def send(self, client: TestClient, headers: dict[str, str], c: Context) -> httpx.Response:
        item = self.guess if self.seen is None or not c.seen else c.seen[self.seen % len(c.seen)]
        cp_id = c.cp_ids[self.target % len(c.cp_ids)]
        return client.patch(
            f"/v1/children/{cp_id}/involvements/{item}",
            headers=headers,
            json={"ceased_date": CEASED[self.ceased].isoformat()},
        )


@dataclass(frozen=True)
class Contact:
    target: int
    message: str

    def send(self, client: TestClient, headers: dict[str, str], c: Context) -> httpx.Response:
        cp_id = c.cp_ids[self.target % len(c.cp_ids)]
        return client.post(
            f"/v1/children/{cp_id}/contact-requests",
            headers=headers,
            json={"message": self.message},
        )


@dataclass(frozen=True)
class AskShield:
    target: int
    reason: str

    def send(self, client: TestClient, headers: dict[str, str], c: Context) -> httpx.Response:
        cp_id = c.cp_ids[self.target % len(c.cp_ids)]
        return client.post(
            f"/v1/children/{cp_id}/shield-requests",
            headers=headers,
            json={"reason_category": self.reason, "note": "Concern raised at school."},
        )


@dataclass(frozen=True)
class OwnList:
    path: str

    def send(self, client: TestClient, headers: dict[str, str], c: Context) -> httpx.Response:
        return client.get(self.path, headers=headers)


Step = Search | View | Add | Cease | Contact | AskShield | OwnList


@dataclass(frozen=True)
class Case:
    population: Population
    hidden: Hidden
    steps: tuple[Step, ...]

    def describe(self) -> str:
        """The case for a person: what both worlds hold, what B adds and where, the requests."""
        kids = all_children(self.population, self.hidden)

        def kid(k: Kid) -> str:
            shield = " shielded" if k.shielded else ""
            return f"#{kids.index(k)} {k.family_name} {k.given_name} {k.date_of_birth}{shield}"

        def work(w: Work) -> str:
            return f"{w.author} on #{w.child} from {w.start_date}"

        lines = [
            "both worlds: " + "; ".join(kid(k) for k in self.population.children),
            "  involvements: " + "; ".join(work(w) for w in self.population.work),
            "world B also: archived "
            + "; ".join(f"{kid(k)} at {at}" for at, k in self.hidden.children),
            "  hidden involvements: "
            + "; ".join(f"{work(w)} at {at}" for at, w in self.hidden.work),
            "  shield secrets: " + "; ".join(repr(s) for s in self.hidden.secrets),
            "requests: " + "; ".join(repr(s) for s in self.steps),
        ]
        return "\n".join(lines)

    def context(self) -> Context:
        kids = all_children(self.population, self.hidden)
        secrets = [
            replace(self.population.children[s.child], postcode=s.postcode)
            for s in self.hidden.secrets
        ]
        cp_ids = [k.cp_id for k in kids] + [NEVER_ISSUED, BAD_CHECK_DIGIT]
        return Context(cp_ids, [*kids, *secrets], [])


def _kids(serial_from: int, min_size: int, max_size: int) -> st.SearchStrategy[list[Kid]]:
    kid = st.builds(
        Kid,
        serial=st.just(0),
        family_name=st.sampled_from(FAMILIES),
        given_name=st.sampled_from(GIVEN),
        date_of_birth=st.sampled_from(BIRTHS),
        gender=st.sampled_from(GENDERS),
        postcode=st.sampled_from(POSTCODES),
        shielded=st.booleans(),
    )
    return st.lists(kid, min_size=min_size, max_size=max_size).map(
        lambda kids: [replace(k, serial=serial_from + i) for i, k in enumerate(kids)]
    )


def _work(children: int) -> st.SearchStrategy[Work]:
    return st.builds(
        Work,
        author=st.sampled_from(sorted(AUTHORS)),
        child=st.integers(0, children - 1),
        start_date=st.sampled_from(STARTS),
        lead=st.booleans(),
    )


def _steps(targets: int) -> st.SearchStrategy[tuple[Step, ...]]:
    target = st.integers(0, targets - 1)
    person = st.integers(0, 20)
    step: st.SearchStrategy[Step] = st.one_of(
        st.builds(
            Search,
            shape=st.sampled_from(SHAPES),
            mode=st.sampled_from(["exact", "fuzzy"]),
            person=person,
            other=person,
            swap=st.booleans(),
        ),
        st.builds(View, target=target),
        st.builds(
            Add,
            target=target,
            start=st.sampled_from([*STARTS, TODAY + dt.timedelta(days=3)]),
            # Mostly valid, so that most additions are written and answered with their id.
            phone=st.sampled_from(["0113 496 0777", "0113 496 0777", "0113 496 0777", "ring me"]),
            consent=st.sampled_from([None, "child_consent"]),
            lead=st.booleans(),
        ),
        st.builds(
            Cease,
            target=target,
            seen=st.none() | st.integers(0, 20),
            guess=st.integers(1, 12),
            ceased=st.sampled_from(sorted(CEASED)),
        ),
        st.builds(
            Contact,
            target=target,
            message=st.sampled_from(["Please ask the lead professional to call me.", " "]),
        ),
        st.builds(AskShield, target=target, reason=st.sampled_from(SHIELD_REASONS)),
        st.builds(OwnList, path=st.sampled_from(LISTS)),
    )
    return st.lists(step, min_size=1, max_size=10).map(tuple)


@st.composite
def cases(draw: st.DrawFn, viewer: str) -> Case:
    base = draw(_kids(1, 1, 4))
    work = draw(st.lists(_work(len(base)), max_size=5))
    population = Population(tuple(base), tuple(work))
    extra_kids = draw(_kids(50, 0, 2))
    children = len(base) + len(extra_kids)
    hidden_work = [
        w if hidden_from(viewer, w, population) else replace(w, author="clinic")
        # At least one: a world B with nothing hidden but children and secrets is still
        # drawn, with hidden involvements on those children.
        for w in draw(st.lists(_work(children), min_size=1, max_size=4))
    ]
    secrets = [
        Secret(
            i,
            draw(st.sampled_from(POSTCODES)),
            "Zzsecretcarer",
            draw(st.sampled_from(SHIELD_REASONS)),
        )
        for i, kid in enumerate(base)
        if kid.shielded and draw(st.booleans())
    ]

    def places(items: list[Any], room: int) -> tuple[tuple[int, Any], ...]:
        at = sorted(draw(st.lists(st.integers(0, room), min_size=len(items), max_size=len(items))))
        return tuple(zip(at, items, strict=True))

    hidden = Hidden(places(extra_kids, len(base)), places(hidden_work, len(work)), tuple(secrets))
    steps = draw(_steps(children + 2))
    return Case(population, hidden, steps)


def _involvement_ids(body: Any, seen: list[Any]) -> None:
    """Append, in order, each involvement id in `body` not seen before."""
    if isinstance(body, dict):
        if "practitioner_role" in body and "id" in body and body["id"] not in seen:
            seen.append(body["id"])
        for value in body.values():
            _involvement_ids(value, seen)
    elif isinstance(body, list):
        for value in body:
            _involvement_ids(value, seen)


def observe(world: Served, case: Case) -> list[Observation]:
    """Send the case's requests to one world, in order; what the viewer observes of each."""
    context = case.context()
    renaming = Renaming()
    observed = []
    for step in case.steps:
        response = step.send(world.client, world.headers, context)
        if response.headers.get("content-type", "").startswith("application/json"):
            _involvement_ids(response.json(), context.seen)
        observed.append(renaming.observe(response))
    return observed


def difference(backend: Backend, viewer: str, case: Case) -> str | None:
    with (
        served(backend, "A", case.population, case.hidden, viewer) as a,
        served(backend, "B", case.population, case.hidden, viewer) as b,
    ):
        return first_difference([repr(s) for s in case.steps], observe(a, case), observe(b, case))


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def backend(request: pytest.FixtureRequest) -> Iterator[Backend]:
    """The backend; for PostgreSQL, its fixture first (it fails under CI=true if unusable)."""
    if request.param == "postgres":
        request.getfixturevalue("postgres_url")
    yield request.param


def _issue_cases(viewer: str) -> list[Case]:
    """The review's findings, always run: a sensitive involvement written between two
    visible ones; a shielded child's involvements written before another child's; the
    viewer's own new involvement after hidden ones."""
    amy = Kid(1, "Zzbrown", "Amy", BIRTHS[0], "female", POSTCODES[0])
    bill = Kid(2, "Zzkhan", "Bill", BIRTHS[1], "male", POSTCODES[1], shielded=True)
    consent = "child_consent" if viewer == "sensitive_service" else None
    add = Add(0, STARTS[2], "0113 496 0777", consent, lead=False)
    two = Population((amy,), (Work("colleague", 0, STARTS[0]), Work("youth", 0, STARTS[1])))
    shielded = Population((bill, amy), (Work("colleague", 1, STARTS[0]),))
    return [
        Case(two, Hidden((), ((1, Work("clinic", 0, STARTS[0])),), ()), (View(0),)),
        Case(shielded, Hidden((), ((0, Work("youth", 0, STARTS[1])),), ()), (View(1),)),
        Case(
            Population((amy,), ()),
            Hidden((), ((0, Work("clinic", 0, STARTS[0])),), ()),
            (add, View(0)),
        ),
    ]


@pytest.mark.parametrize("viewer", sorted(VIEWERS))
def test_hidden_data_changes_no_answer(backend: Backend, viewer: str) -> None:
    @settings(
        max_examples=EXAMPLES[backend],
        phases=PHASES[backend],
        deadline=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    )
    @given(case=cases(viewer))
    def check(case: Case) -> None:
        found = difference(backend, viewer, case)
        assert found is None, f"{found}\n{case.describe()}"

    for issue_case in _issue_cases(viewer):
        check = example(case=issue_case)(check)
    check()


# --- The checker itself can see a difference ----------------------------------------------


def _response(body: Any, **headers: str) -> httpx.Response:
    return httpx.Response(200, json=body, headers=headers)


def _compare(left: list[httpx.Response], right: list[httpx.Response]) -> str | None:
    a, b = Renaming(), Renaming()
    return first_difference(
        [f"request {i}" for i in range(len(left))],
        [a.observe(r) for r in left],
        [b.observe(r) for r in right],
    )


HANDLES = ("Q2hpbGQtaGFuZGxlLW9uZQ", "Q2hpbGQtaGFuZGxlLXR3bw", "T3RoZXItaGFuZGxlLXh5eg")


def test_the_checker_sees_a_sequential_id_gap() -> None:
    assert _compare(
        [_response({"involvements": [{"id": 7, "practitioner_role": "nurse"}]})],
        [_response({"involvements": [{"id": 8, "practitioner_role": "nurse"}]})],
    )


def test_the_checker_renames_handles_consistently_and_nothing_else() -> None:
    one, two, three = HANDLES
    assert all(len(h) == 22 for h in HANDLES)
    same = _compare(
        [_response({"id": one}), _response({"items": [one, two]}, **{"x-correlation-id": "c1"})],
        [
            _response({"id": three}),
            _response({"items": [three, one]}, **{"x-correlation-id": "c2"}),
        ],
    )
    assert same is None
    # B shows its first handle again where A shows a new one: the worlds differ.
    assert _compare(
        [_response({"id": one}), _response({"items": [one, two]})],
        [_response({"id": three}), _response({"items": [three, three]})],
    )
    # A reference in a sentence is renamed where it stands; other text is compared as it is.
    assert (
        _compare(
            [_response({"message": "Quote CON-7K3MQ-9XDA2.", "correlation_id": "x"})],
            [_response({"message": "Quote CON-ABCDE-12345.", "correlation_id": "y"})],
        )
        is None
    )
    assert _compare([_response({"cp_id": "889862171612"})], [_response({"cp_id": "889862171613"})])
    assert _compare([_response({"status": 1})], [httpx.Response(404, json={"status": 1})])


def test_the_checker_sees_a_visible_difference_through_the_api() -> None:
    # The whole pipeline (build, sign in, request, observe, compare) reports a difference
    # when world B's extra involvement is one the viewer may see: so a pass means something.
    population = Population((Kid(1, "Zzbrown", "Amy", BIRTHS[0], "female", POSTCODES[0]),), ())
    visible = Hidden((), ((0, Work("youth", 0, STARTS[0])),), ())
    assert not hidden_from("practitioner", visible.work[0][1], population)
    case = Case(population, visible, (View(0),))
    found = difference("sqlite", "practitioner", case)
    assert found is not None and "Zzyouth Service" in found
