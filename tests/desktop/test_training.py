"""`contactpoint training prepare` and `serve`: the home, the cast, the scenarios, refusals.

One home is prepared for the module (tokens take most of the ten seconds). Everything that
needs a token through PKCS#11 runs in a child process with the home's SOFTHSM2_CONF: this
pytest process may already have loaded SoftHSM with the smartcard tests' configuration.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import stat
import subprocess
import sys
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Engine, func, select

from desktop.cli import main
from desktop.training import (
    HomeExists,
    HomeInRepository,
    NotAHome,
    Prepared,
    ScenarioMissing,
    prepare,
    serve_home,
    summary,
)
from desktop.training.layout import SOURCE_ROOT
from desktop.training.manifest import MANIFEST_FIELDS
from desktop.training.scenarios import one_letter_apart
from directory import audit
from directory.actions import list_alerts
from directory.api.server import serve
from directory.auth import list_users
from directory.database import connect
from directory.errors import NotAllowed
from directory.projection import Level
from directory.schema import app_user, carer, child, involvement, user_certificate
from directory.service import Directory
from directory.shields.reviews import list_reviews
from directory.team_schema import shield_note
from directory.viewer import Role, Viewer
from directory.worklists.requests import CONTACT, SHIELD, list_requests
from tests.desktop.homes import TEST_CHILDREN, require_softhsm

TODAY = dt.date.today()
USER_FIELDS = {"name", "token_label", "pin", "password", "roles", "organisation", "local_authority"}
CHILD_FIELDS = {
    "cp_id",
    "family_name",
    "given_name",
    "date_of_birth",
    "gender",
    "postcode",
    "school",
    "carers",
}
SINGLE = {
    "ordinary",
    "shielded",
    "team_ordinary",
    "sensitive",
    "archived",
    "deceased",
    "left_england",
}
PAIRS = {"twins", "near_duplicates"}


@pytest.fixture(scope="module")
def home(tmp_path_factory: pytest.TempPathFactory) -> Prepared:
    module = require_softhsm()
    path = tmp_path_factory.mktemp("training") / "home"
    return prepare(path, children=TEST_CHILDREN, today=TODAY, pkcs11_module=module)


@pytest.fixture(scope="module")
def manifest(home: Prepared) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(home.layout.manifest.read_text(encoding="utf-8"))
    return data


@pytest.fixture(scope="module")
def engine(home: Prepared) -> Iterator[Engine]:
    eng = connect(home.db_url)
    try:
        yield eng
    finally:
        eng.dispose()


@pytest.fixture(scope="module")
def viewers(engine: Engine, manifest: dict[str, Any]) -> dict[str, Viewer]:
    """The Viewer each training user gets at login, by token label."""
    labels = {u["name"]: u["token_label"] for u in manifest["users"]}
    return {
        labels[u.name]: Viewer(
            user_id=f"user:{u.name}",
            roles=frozenset(u.roles),
            organisation_id=u.organisation_id,
            local_authority=u.local_authority,
        )
        for u in list_users(engine)
    }


def _search(
    engine: Engine, viewer: Viewer, kid: dict[str, Any], mode: str = "exact"
) -> dict[str, Level]:
    """cp_id -> level of what a search on the child's family name and birthday returns."""
    criteria = {"family_name": kid["family_name"], "date_of_birth": kid["date_of_birth"]}
    result = Directory(engine, today=lambda: TODAY).search(viewer, criteria, mode, uuid.uuid4().hex)
    return {m.view.cp_id: m.view.level for m in result.matches}


# -- the manifest ------------------------------------------------------------------------


def test_manifest_has_every_field_every_role_and_every_scenario(
    home: Prepared, manifest: dict[str, Any]
) -> None:
    assert set(manifest) == set(MANIFEST_FIELDS)
    assert manifest["directory_url"] == "https://127.0.0.1:8443"
    for name in ("ca_file", "softhsm2_conf", "policy_file", "pkcs11_module"):
        assert Path(manifest[name]).is_file(), name
    assert manifest["db_url"] == f"sqlite:///{home.layout.database}"
    assert all(set(user) == USER_FIELDS for user in manifest["users"])
    roles = {role for user in manifest["users"] for role in user["roles"]}
    assert roles == {role.value for role in Role}
    labels = [user["token_label"] for user in manifest["users"]]
    assert len(set(labels)) == len(labels)
    assert all(user["pin"].isdigit() and len(user["pin"]) >= 6 for user in manifest["users"])

    scenarios = manifest["scenarios"]
    assert set(scenarios) == SINGLE | PAIRS
    kids = [scenarios[n] for n in SINGLE] + [k for n in PAIRS for k in scenarios[n]]
    assert all(set(kid) == CHILD_FIELDS for kid in kids)
    assert all(len(scenarios[n]) == 2 for n in PAIRS)
    assert scenarios["ordinary"]["school"] and scenarios["ordinary"]["carers"]

    first, second = scenarios["twins"]
    assert first["cp_id"] != second["cp_id"]
    assert first["date_of_birth"] == second["date_of_birth"]
    assert first["carers"] == second["carers"] and first["carers"]
    first, second = scenarios["near_duplicates"]
    assert one_letter_apart(first["family_name"], second["family_name"])


def test_policy_is_a_training_policy(home: Prepared, manifest: dict[str, Any]) -> None:
    policy = json.loads(home.layout.policy.read_text(encoding="utf-8"))
    assert policy == {
        "training": True,
        "directory_url": manifest["directory_url"],
        "ca_file": manifest["ca_file"],
        "pkcs11_module": manifest["pkcs11_module"],
        "idle_timeout_minutes": 15,
        "cache_hours": 8,
        "capture_protection": True,
        "password_required": False,
        "worklist_poll_seconds": 5,  # a trainer sees a new alert arrive while they watch
    }


def test_one_letter_apart() -> None:
    assert one_letter_apart("Hughes", "Huhes")  # deletion
    assert one_letter_apart("Smith", "Smyth")  # change
    assert one_letter_apart("Lee", "Leee")  # insertion
    assert not one_letter_apart("Smith", "smith")  # case is not a letter
    assert not one_letter_apart("Smith", "Smithy's")
    assert not one_letter_apart("Hughes", "Hgues")


# -- the cast ----------------------------------------------------------------------------


def test_cast_is_built_around_the_scenarios(
    engine: Engine, manifest: dict[str, Any], viewers: dict[str, Viewer]
) -> None:
    scenarios = manifest["scenarios"]
    with engine.connect() as conn:
        ids = {
            cp_id: (child_id, la, school)
            for cp_id, child_id, la, school in conn.execute(
                select(child.c.cp_id, child.c.id, child.c.responsible_la, child.c.school_id)
            )
        }
        sensitive_id = ids[scenarios["sensitive"]["cp_id"]][0]
        sensitive_orgs = set(
            conn.scalars(
                select(involvement.c.organisation_id).where(
                    involvement.c.child_id == sensitive_id,
                    involvement.c.sensitive_category.is_not(None),
                )
            )
        )
    shielded_la = ids[scenarios["shielded"]["cp_id"]][1]
    assert viewers["management"].local_authority == shielded_la
    assert viewers["shield-officer"].local_authority == shielded_la
    assert viewers["shield-officer-2"].local_authority == shielded_la
    assert viewers["teacher"].organisation_id == ids[scenarios["ordinary"]["cp_id"]][2]
    assert viewers["sensitive-service"].organisation_id in sensitive_orgs
    assert viewers["teacher"].organisation_id not in sensitive_orgs
    assert viewers["health-visitor"].organisation_id is not None
    assert Role.OVERRIDE in viewers["social-worker"].roles


def test_every_enrolled_certificate_is_the_one_on_its_token(
    home: Prepared, engine: Engine, manifest: dict[str, Any]
) -> None:
    with engine.connect() as conn:
        enrolled = dict(
            conn.execute(
                select(app_user.c.name, user_certificate.c.fingerprint).join(
                    user_certificate, user_certificate.c.user_id == app_user.c.id
                )
            )
            .tuples()
            .all()
        )
    # Read each token's certificate through PKCS#11, in a child process (see module doc).
    answer = subprocess.run(  # noqa: S603 - our interpreter and test module, no shell
        [
            sys.executable,
            "-m",
            "tests.e2e.token_client",
            "fingerprints",
            "--home",
            str(home.layout.home),
        ],
        env={**os.environ, "SOFTHSM2_CONF": manifest["softhsm2_conf"]},
        cwd=SOURCE_ROOT,
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    on_tokens = json.loads(answer.stdout)["fingerprints"]
    by_label = {u["token_label"]: u["name"] for u in manifest["users"]}
    assert set(on_tokens) == set(by_label)
    assert {by_label[label]: fp for label, fp in on_tokens.items()} == enrolled
    assert {u.token.fingerprint_sha256 for u in home.users} == set(enrolled.values())


def test_files_holding_keys_are_owner_only(home: Prepared) -> None:
    root = home.layout.home
    keys = [root / "ca" / "ca-key.pem", root / "server" / "server-key.pem", home.layout.database]
    keys += [p for p in (root / "softhsm" / "tokens").rglob("*") if p.is_file()]
    assert len(keys) > 3
    for path in keys:
        assert stat.S_IMODE(path.stat().st_mode) == 0o600, path
    assert stat.S_IMODE(root.stat().st_mode) == 0o700


# -- the scenarios, found as the training users would find them ------------------------


def test_live_scenarios_are_found_by_a_practitioner(
    engine: Engine, manifest: dict[str, Any], viewers: dict[str, Viewer]
) -> None:
    scenarios = manifest["scenarios"]
    teacher = viewers["teacher"]
    for name in ("ordinary", "sensitive", "left_england"):
        kid = scenarios[name]
        assert _search(engine, teacher, kid).get(kid["cp_id"]) is Level.STANDARD, name
    for name in PAIRS:
        for kid in scenarios[name]:
            assert kid["cp_id"] in _search(engine, teacher, kid), name
    twins = _search(engine, teacher, scenarios["twins"][0])
    assert {k["cp_id"] for k in scenarios["twins"]} <= set(twins)
    # The near-duplicate pair exists to show fuzzy search: one's details find the other.
    first, second = scenarios["near_duplicates"]
    assert second["cp_id"] in _search(engine, teacher, first, mode="fuzzy")


def test_shielded_scenario_shows_four_fields_except_to_its_management_team(
    engine: Engine, manifest: dict[str, Any], viewers: dict[str, Viewer]
) -> None:
    kid = manifest["scenarios"]["shielded"]
    assert _search(engine, viewers["teacher"], kid).get(kid["cp_id"]) is Level.SHIELDED
    assert _search(engine, viewers["social-worker"], kid).get(kid["cp_id"]) is Level.SHIELDED
    assert _search(engine, viewers["management"], kid).get(kid["cp_id"]) is Level.MANAGEMENT


def test_sensitive_involvement_is_seen_only_by_its_service(
    engine: Engine, manifest: dict[str, Any], viewers: dict[str, Viewer]
) -> None:
    cp_id = manifest["scenarios"]["sensitive"]["cp_id"]
    directory = Directory(engine, today=lambda: TODAY)

    def sensitive_seen(label: str) -> bool:
        view = directory.view_child(viewers[label], cp_id, uuid.uuid4().hex)
        return any(i.sensitive_category for i in view.involvements or ())

    assert sensitive_seen("sensitive-service")
    assert not sensitive_seen("teacher")
    assert not sensitive_seen("health-visitor")


def test_archived_and_deceased_follow_the_retention_rules(
    engine: Engine, manifest: dict[str, Any], viewers: dict[str, Viewer]
) -> None:
    scenarios = manifest["scenarios"]
    with engine.connect() as conn:
        rows = {
            row.cp_id: row
            for row in conn.execute(
                select(child.c.cp_id, child.c.archived_on, child.c.date_of_death).where(
                    child.c.cp_id.in_(
                        [scenarios["archived"]["cp_id"], scenarios["deceased"]["cp_id"]]
                    )
                )
            )
        }
    archived = scenarios["archived"]
    assert rows[archived["cp_id"]].archived_on is not None
    assert archived["cp_id"] not in _search(engine, viewers["teacher"], archived)
    # prepare picks a child archived within the year in the management user's authority
    # when the population has one, so that the trainer can show who still sees it.
    assert _search(engine, viewers["management"], archived).get(archived["cp_id"]) is (
        Level.MANAGEMENT
    )

    deceased = scenarios["deceased"]
    row = rows[deceased["cp_id"]]
    assert row.date_of_death is not None
    found_by_teacher = deceased["cp_id"] in _search(engine, viewers["teacher"], deceased)
    assert found_by_teacher == (row.archived_on is None)


def test_helpdesk_and_administrator_cannot_search(
    engine: Engine, manifest: dict[str, Any], viewers: dict[str, Viewer]
) -> None:
    for label in ("helpdesk", "administrator"):
        with pytest.raises(NotAllowed):
            _search(engine, viewers[label], manifest["scenarios"]["ordinary"])


def test_the_second_shield_officer_serves_the_same_team(
    manifest: dict[str, Any], viewers: dict[str, Viewer]
) -> None:
    users = {u["token_label"]: u for u in manifest["users"]}
    first, second = users["shield-officer"], users["shield-officer-2"]
    assert second["pin"] == "999999"
    assert second["roles"] == first["roles"] == [Role.SHIELD_OFFICER.value]
    assert second["name"] != first["name"]
    assert second["organisation"] == first["organisation"]
    assert second["local_authority"] == first["local_authority"] is not None
    assert viewers["shield-officer-2"].user_id != viewers["shield-officer"].user_id


def test_team_ordinary_is_an_unshielded_child_of_the_team_found_by_postcode(
    engine: Engine, manifest: dict[str, Any], viewers: dict[str, Viewer]
) -> None:
    scenarios = manifest["scenarios"]
    kid = scenarios["team_ordinary"]
    others = [scenarios[n]["cp_id"] for n in SINGLE - {"team_ordinary"}]
    others += [k["cp_id"] for n in PAIRS for k in scenarios[n]]
    assert kid["cp_id"] not in others
    with engine.connect() as conn:
        row = conn.execute(select(child).where(child.c.cp_id == kid["cp_id"])).one()
        sensitive = conn.scalar(
            select(func.count()).where(
                involvement.c.child_id == row.id, involvement.c.sensitive_category.is_not(None)
            )
        )
    assert row.responsible_la == viewers["management"].local_authority
    assert row.shielded_since is None and row.archived_on is None and row.date_of_death is None
    assert row.address_state == "current" and sensitive == 0
    assert kid["postcode"] and kid["postcode"] == row.postcode
    criteria = {"family_name": kid["family_name"], "postcode": kid["postcode"]}
    found = Directory(engine, today=lambda: TODAY).search(
        viewers["teacher"], criteria, "exact", uuid.uuid4().hex
    )
    assert {m.view.cp_id: m.view.level for m in found.matches}.get(kid["cp_id"]) is (Level.STANDARD)


# -- the management team's lists are not empty on the first look ------------------------


def _lists(engine: Engine, viewers: dict[str, Viewer]) -> dict[str, Any]:
    """What the team's and the officers' lists hold now, through the routes' functions."""
    now = dt.datetime.now(dt.UTC)

    def cid() -> str:
        return uuid.uuid4().hex

    team, officer = viewers["management"], viewers["shield-officer-2"]
    return {
        "alerts": list_alerts(engine, team, status="open", now=now, correlation_id=cid()).as_json()[
            "alerts"
        ],
        "contact": list_requests(
            engine, CONTACT, team, status="open", now=now, correlation_id=cid()
        )["requests"],
        "shield": list_requests(
            engine, SHIELD, officer, status="open", now=now, correlation_id=cid()
        )["requests"],
        "reviews": list_reviews(engine, officer, now=now, correlation_id=cid()).as_json()[
            "shields"
        ],
    }


def test_prepare_leaves_an_open_alert_and_requests_for_the_team(
    engine: Engine, manifest: dict[str, Any], viewers: dict[str, Viewer]
) -> None:
    shielded = manifest["scenarios"]["shielded"]["cp_id"]
    team_ordinary = manifest["scenarios"]["team_ordinary"]["cp_id"]
    lists = _lists(engine, viewers)
    [alert] = lists["alerts"]
    assert alert["kind"] == "override" and alert["cp_id"] == shielded
    assert alert["user_id"] == viewers["social-worker"].user_id
    assert alert["status"] == "open" and alert["reference"].startswith("OVR-")
    [contact] = lists["contact"]
    assert contact["cp_id"] == shielded and contact["requester"] == viewers["teacher"].user_id
    [shield] = lists["shield"]
    assert shield["cp_id"] == team_ordinary
    assert shield["requester"] == viewers["health-visitor"].user_id
    # The override is on the audit chain exactly as a live one writes it, and the chain holds.
    overrides = [r for r in audit.rows(engine) if r.action == "override"]
    assert [json.loads(r.detail)["alert"] for r in overrides] == [alert["reference"]]
    assert overrides[0].actor == viewers["social-worker"].user_id
    assert audit.verify(engine).ok


def test_only_the_shielded_scenario_waits_for_a_second_officer(
    engine: Engine, manifest: dict[str, Any], viewers: dict[str, Viewer]
) -> None:
    shielded = manifest["scenarios"]["shielded"]["cp_id"]
    reviews = _lists(engine, viewers)["reviews"]
    unconfirmed = [s for s in reviews if "unconfirmed" in s["due"]]
    assert [s["cp_id"] for s in unconfirmed] == [shielded]
    assert unconfirmed[0]["placed_by"] == viewers["shield-officer"].user_id
    assert unconfirmed[0]["state"] == "unconfirmed" and unconfirmed[0]["shielded"]
    # The generated shields were confirmed and reviewed: none is overdue or pending a lift.
    assert all(s["due"] == ["due"] for s in reviews if s["cp_id"] != shielded)
    teacher_view = _search(engine, viewers["teacher"], manifest["scenarios"]["shielded"])
    assert teacher_view.get(shielded) is Level.SHIELDED


def test_nothing_on_the_lists_names_a_child(
    engine: Engine, manifest: dict[str, Any], viewers: dict[str, Viewer]
) -> None:
    written = json.dumps(_lists(engine, viewers))
    seeded = ("override", "contact_request", "shield_request")
    written += " ".join(r.detail for r in audit.rows(engine) if r.action.startswith(seeded))
    with engine.connect() as conn:
        written += " ".join(conn.scalars(select(shield_note.c.note)))
        names = conn.execute(select(child.c.given_name, child.c.family_name)).all()
    for user in manifest["users"]:  # the cast is named; a child who shares a name is not
        written = written.replace(user["name"], "")
    words = set(re.findall(r"[\w'-]+", written))
    scenario_kids = [manifest["scenarios"][n] for n in SINGLE]
    scenario_kids += [k for n in PAIRS for k in manifest["scenarios"][n]]
    for kid in scenario_kids:
        assert kid["given_name"] not in words and kid["family_name"] not in words, kid["cp_id"]
    assert [f"{g} {f}" for g, f in names if f"{g} {f}" in written] == []


# -- what the trainer is shown -----------------------------------------------------------


def test_summary_names_users_pins_and_only_the_scenario_children(
    home: Prepared, engine: Engine, manifest: dict[str, Any]
) -> None:
    text = summary(home)
    assert manifest["directory_url"] in text
    for user in manifest["users"]:
        assert user["token_label"] in text and user["pin"] in text and user["name"] in text
    scenario_kids = [k for n in SINGLE for k in [manifest["scenarios"][n]]] + [
        k for n in PAIRS for k in manifest["scenarios"][n]
    ]
    listed = {f"{k['given_name']} {k['family_name']}" for k in scenario_kids}
    for kid in scenario_kids:
        assert kid["cp_id"] in text
    with engine.connect() as conn:
        others = {
            f"{g} {f}" for g, f in conn.execute(select(child.c.given_name, child.c.family_name))
        }
        carers = {
            f"{g} {f}" for g, f in conn.execute(select(carer.c.given_name, carer.c.family_name))
        }
    leaked = sorted(name for name in (others | carers) - listed if name in text)
    assert leaked == []
    # Nothing beyond names, IDs and birthdays of scenario children: no postcodes or carers.
    for kid in scenario_kids:
        assert not (kid["postcode"] and kid["postcode"] in text)


# -- refusals, --force and the command line ----------------------------------------------


def _fake_home(path: Path) -> None:
    path.mkdir(parents=True)
    (path / "training.json").write_text('{"earlier": true}', encoding="utf-8")
    (path / "ca").mkdir()
    (path / "ca" / "ca.pem").write_text("earlier", encoding="utf-8")
    (path / "notes.txt").write_text("not ours", encoding="utf-8")


def test_an_existing_home_is_refused_without_force(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "home"
    _fake_home(path)
    with pytest.raises(HomeExists):
        prepare(path, children=10)
    assert main(["training", "prepare", "--home", str(path)]) == 2
    assert "--force" in capsys.readouterr().err
    assert (path / "training.json").read_text(encoding="utf-8") == '{"earlier": true}'


def test_force_replaces_a_home_and_leaves_other_files(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    require_softhsm()
    path = tmp_path / "home"
    _fake_home(path)
    code = main(
        ["training", "prepare", "--home", str(path), "--force", "--port", "9443",
         "--children", str(TEST_CHILDREN)]
    )  # fmt: skip
    printed = capsys.readouterr().out
    assert code == 0
    data = json.loads((path / "training.json").read_text(encoding="utf-8"))
    assert data["directory_url"] == "https://127.0.0.1:9443"
    assert "https://127.0.0.1:9443" in printed
    assert (path / "ca" / "ca.pem").read_text(encoding="utf-8").startswith("-----BEGIN")
    assert (path / "notes.txt").read_text(encoding="utf-8") == "not ours"


def test_a_home_inside_the_repository_is_refused(tmp_path: Path) -> None:
    with pytest.raises(HomeInRepository):
        prepare(SOURCE_ROOT / "training-home", children=10)
    assert not (SOURCE_ROOT / "training-home").exists()


def test_a_missing_scenario_is_named_and_leaves_no_home(tmp_path: Path) -> None:
    module = require_softhsm()
    path = tmp_path / "home"
    with pytest.raises(ScenarioMissing, match="--children") as caught:
        prepare(path, children=30, pkcs11_module=module)
    assert caught.value.scenario in str(caught.value)
    assert sorted(p.name for p in path.iterdir()) == []


def test_serve_refuses_a_directory_that_is_not_a_home(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(NotAHome):
        serve_home(tmp_path)
    assert main(["training", "serve", "--home", str(tmp_path)]) == 2
    assert "training prepare" in capsys.readouterr().err


def test_the_directory_refuses_plain_http(sqlite_url: str) -> None:
    for host in ("127.0.0.1", "0.0.0.0"):  # noqa: S104 - never bound: refused first
        with pytest.raises(ValueError, match="HTTPS"):
            serve(
                db=sqlite_url, host=host, port=8443, tls_cert=None, tls_key=None,
                trusted_cas=[], workers=1,
            )  # fmt: skip
