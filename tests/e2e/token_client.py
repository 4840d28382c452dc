"""A minimal directory client that logs in with a real SoftHSM token over real TLS.

Run as a child process with SOFTHSM2_CONF set to the training home's configuration: a
PKCS#11 library reads it once, when first loaded, and the pytest process has already
loaded SoftHSM with the smartcard tests' configuration (tests/smartcard/conftest.py).

    python -m tests.e2e.token_client login --home DIR --user LABEL [--pin PIN]
    python -m tests.e2e.token_client fingerprints --home DIR

Prints one JSON object on stdout. Exit status 0 on success, 1 with {"error": name} when the
token refuses (e.g. WrongPin), never a traceback for an expected refusal.
"""

from __future__ import annotations

import argparse
import base64
import hashlib
import json
import ssl
import sys
from pathlib import Path
from typing import Any

import httpx

from contract.messages import login_message
from smartcard import TokenError, open_module


def _manifest(home: Path) -> dict[str, Any]:
    data: dict[str, Any] = json.loads((home / "training.json").read_text(encoding="utf-8"))
    return data


def _contract_message(origin: str, challenge_id: str, nonce: str) -> bytes:
    """The signed bytes exactly as DESIGN.md 3.7 spells them, built without the directory's
    helper, so that a drift between the documented contract and the code is caught."""
    return f"contactpoint-auth-v1\n{origin}\n{challenge_id}\n{nonce}".encode()


def _find(http: httpx.Client, child: dict[str, Any]) -> dict[str, Any]:
    criteria = {"family_name": child["family_name"], "date_of_birth": child["date_of_birth"]}
    found = http.post("/v1/searches", json={"criteria": criteria, "mode": "exact"})
    found.raise_for_status()
    matches = found.json()["matches"]
    viewed = http.get(f"/v1/children/{child['cp_id']}")
    viewed.raise_for_status()
    record = viewed.json()
    return {
        "matches": [{"cp_id": m["cp_id"], "shielded": m["shielded"]} for m in matches],
        "level": record["level"],
        "cp_id": record["cp_id"],
        "has_address": "address" in record,
    }


def login(home: Path, label: str, pin: str | None) -> tuple[int, dict[str, Any]]:
    data = _manifest(home)
    user = next(u for u in data["users"] if u["token_label"] == label)
    module = open_module(data["pkcs11_module"])
    token = module.open_token(label)
    buffer = bytearray((user["pin"] if pin is None else pin).encode())
    try:
        token.login(buffer)  # Token.login wipes the buffer
    except TokenError as exc:
        return 1, {"error": type(exc).__name__}
    origin = data["directory_url"]
    tls = ssl.create_default_context(cafile=data["ca_file"])
    try:
        with httpx.Client(base_url=origin, verify=tls, timeout=30) as http:
            certificate = base64.b64encode(token.certificate_der()).decode()
            issued = http.post("/v1/auth/challenges", json={"certificate": certificate})
            issued.raise_for_status()
            challenge = issued.json()
            message = login_message(origin, challenge["challenge_id"], challenge["nonce"])
            assert message == _contract_message(
                origin, challenge["challenge_id"], challenge["nonce"]
            )
            signature = base64.b64encode(token.sign(message)).decode()
            opened = http.post(
                "/v1/auth/sessions",
                json={"challenge_id": challenge["challenge_id"], "signature": signature},
            )
            opened.raise_for_status()
            session = opened.json()
            http.headers["Authorization"] = f"Bearer {session['token']}"
            scenarios = data["scenarios"]
            result = {
                "user": session["user"],
                "ordinary": _find(http, scenarios["ordinary"]),
                "shielded": _find(http, scenarios["shielded"]),
            }
            result["signed_out"] = http.delete("/v1/auth/sessions/current").status_code
    finally:
        token.logout()
    return 0, result


def fingerprints(home: Path) -> tuple[int, dict[str, Any]]:
    """SHA-256 of the certificate each token holds, read through PKCS#11, by label."""
    data = _manifest(home)
    module = open_module(data["pkcs11_module"])
    found = {
        info.label: hashlib.sha256(module.open_token(info.label).certificate_der()).hexdigest()
        for info in module.tokens()
    }
    return 0, {"fingerprints": found}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="token_client")
    parser.add_argument("action", choices=["login", "fingerprints"])
    parser.add_argument("--home", type=Path, required=True)
    parser.add_argument("--user", default="teacher")
    parser.add_argument("--pin")
    args = parser.parse_args(argv)
    if args.action == "login":
        status, result = login(args.home, args.user, args.pin)
    else:
        status, result = fingerprints(args.home)
    print(json.dumps(result))
    return status


if __name__ == "__main__":
    sys.exit(main())
