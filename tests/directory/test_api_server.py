"""What `serve` hands its workers is what each worker builds its app from."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from directory.api.server import ENV_SETTINGS, app_from_environment, settings_for_workers
from directory.database import connect, migrate
from directory.usage_limits import UsageLimits
from tests.directory.pki import TestCA


@pytest.mark.parametrize("password_required", [False, True])
def test_a_worker_builds_its_app_from_the_settings_serve_hands_it(
    sqlite_url: str, tmp_path: object, monkeypatch: pytest.MonkeyPatch, password_required: bool
) -> None:
    ca_file = f"{tmp_path}/ca.pem"
    with open(ca_file, "wb") as out:
        out.write(TestCA.create().pem)
    engine = connect(sqlite_url)
    migrate(engine)
    engine.dispose()
    monkeypatch.setenv(
        ENV_SETTINGS,
        settings_for_workers(
            db=sqlite_url,
            origin="https://127.0.0.1:8443",
            trusted_cas=[ca_file],
            password_required=password_required,
            limits=UsageLimits(searches_per_minute=7, views_per_minute=8, views_per_day=9),
        ),
    )
    app = app_from_environment()
    assert app.state.settings.origin == "https://127.0.0.1:8443"
    assert app.state.settings.policy.password_required is password_required
    assert len(app.state.trusted_cas) == 1
    assert app.state.settings.limits == UsageLimits(7, 8, 9)
    with TestClient(app) as client:
        assert client.get("/readyz").json() == {"status": "ready"}
    app.state.engine.dispose()
