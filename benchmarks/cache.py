"""The encrypted cache with a real SoftHSM token: open, read, write, purge.

    from benchmarks import cache
    result = cache.run(Path(folder));  lines = cache.table(result)

The parent provisions a SoftHSM token (softhsm2-util and the provisioning child: it never
loads the library itself) and measures in a child process of its own, because SoftHSM
reads its configuration once per process. The child signs in with the token's PIN and
measures, on a cache of `entries` views:

* open: `RecordCache.open` on the existing file, i.e. keyring read, unwrap on the token
  (RSA-OAEP), key, the check query, every page's HMAC, schema check, purge; then close;
* read: `get` of a cached view (decrypt, parse); write: `put` of a new one (encrypt,
  journal, fsync);
* purge: 10,000 entries past their lifetime removed by `purge_expired` (and the file,
  since nothing is left).

The keyring is an in-memory one (sync.cache.memory_keyring): the OS keyring's latency is
the desktop's, not the cache's, and a build machine has none. The child also checks what
it measures (bodies read back intact, a key wrapped for another token leading to a fresh
cache with the real token's unwrap error) and reports the checks beside the timings. The
tests do not run this benchmark: tests/sync/test_cache_softhsm.py checks the same
behaviour through the cache's own entry points, without timings.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import random
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

ENTRIES = 500
ROUNDS = 50
READS = 1000
WRITES = 200
PURGED = 10_000
LABEL = "cache-bench"


def _percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def _summary(seconds: list[float]) -> dict[str, float]:
    ms = [s * 1000 for s in seconds]
    return {
        "n": len(ms),
        "p50": statistics.median(ms),
        "p95": _percentile(ms, 0.95),
        "max": max(ms),
    }


def _view(n: int) -> dict[str, Any]:
    """A synthetic standard view of about the size the directory sends."""
    cp_id = f"{n:012d}"
    return {
        "level": "standard",
        "cacheable": True,
        "cp_id": cp_id,
        "family_name": f"Zzbench{n % 97}",
        "given_name": f"Given{n}",
        "date_of_birth": f"20{10 + n % 10}-0{1 + n % 9}-1{n % 10}",
        "gender": "not_specified",
        "shielded": False,
        "address": {
            "line1": f"{n} Zzbench Road",
            "town": "Zzton",
            "postcode": "ZZ1 1ZZ",
            "state": "current",
        },
        "school": {"name": "Zzbench Primary", "phone": "0113 000 0000"},
        "gp": {"name": "Zzbench Surgery", "phone": "0113 000 0001"},
        "carers": [{"name": f"Zzcarer {n}", "relationship": "mother", "phone": "07000 000000"}],
        "involvements": [
            {
                "organisation": {"name": f"Service {i}", "phone": "0113 000 0002"},
                "practitioner_role": "Practitioner",
                "start_date": "2024-01-01",
            }
            for i in range(3)
        ],
    }


# --- the child: a token, its PIN and the cache ---------------------------------------------


def _child(request: dict[str, Any]) -> dict[str, Any]:
    from cryptography.hazmat.primitives.asymmetric import rsa

    from smartcard import Scheme, WrappingKey, open_module, wrap_for_token
    from sync.cache import KeyStore, RecordCache, fingerprint
    from sync.cache.memory_keyring import MemoryKeyring

    folder = Path(request["folder"])
    module = open_module(request["module"])
    token = module.open_token(request["label"])
    token.login(bytearray(request["pin"].encode()))
    certificate = token.certificate_der()
    keystore = KeyStore(MemoryKeyring(), testing=True)
    path = folder / "cache" / "bench.db"
    now = dt.datetime.now(dt.UTC)
    checks: dict[str, bool] = {}

    def open_cache(clock: Any = None) -> RecordCache:
        extra = {} if clock is None else {"clock": clock}
        return RecordCache.open(path, token, certificate, keystore=keystore, **extra)

    with open_cache() as cache:
        for n in range(request["entries"]):
            cache.put(f"{n:012d}", _view(n), now)
    wrapped = keystore.load(fingerprint(certificate))
    assert wrapped is not None
    unwraps = []
    for _ in range(request["rounds"]):
        started = time.perf_counter()
        token.unwrap(wrapped)
        unwraps.append(time.perf_counter() - started)
    opens = []
    for _ in range(request["rounds"]):
        started = time.perf_counter()
        cache = open_cache()
        opens.append(time.perf_counter() - started)
        cache.close()

    rng = random.Random(2026)
    reads, writes = [], []
    with open_cache() as cache:
        stats = cache.stats()
        for _ in range(request["reads"]):
            n = rng.randrange(request["entries"])
            started = time.perf_counter()
            record = cache.get(f"{n:012d}")
            reads.append(time.perf_counter() - started)
            intact = record is not None and record.body == _view(n)
            checks["reads_back_intact"] = checks.get("reads_back_intact", True) and intact
        for i in range(request["writes"]):
            n = request["entries"] + i
            started = time.perf_counter()
            cache.put(f"{n:012d}", _view(n), now)
            writes.append(time.perf_counter() - started)
        checks["writes_read_back"] = cache.get(f"{n:012d}") is not None
    checks["file_encrypted"] = b"Zzbench" not in path.read_bytes()

    # A key wrapped for another token: the real token's unwrap fails, the cache starts over.
    stranger = rsa.generate_private_key(public_exponent=65537, key_size=2048).public_key()
    keystore.save(
        fingerprint(certificate),
        wrap_for_token(WrappingKey(stranger, Scheme.RSA_OAEP_SHA1), os.urandom(32)),
    )
    with open_cache() as cache:
        checks["foreign_key_gives_fresh_cache"] = cache.stats().entries == 0
        checks["foreign_file_removed"] = not path.exists()

    clock = _Clock(now)
    purges = []
    with open_cache(clock) as cache:
        for n in range(request["purged"]):
            cache.put(f"{n:012d}", _view(n), clock.now)
        clock.now += cache.lifetime
        started = time.perf_counter()
        removed = cache.purge_expired()
        purges.append(time.perf_counter() - started)
        checks["purged_all"] = removed == request["purged"]
        checks["file_removed_when_all_expired"] = not path.exists()
    token.logout()
    return {
        "entries": request["entries"],
        "file_bytes": stats.file_bytes,
        "unwrap_ms": _summary(unwraps),
        "open_ms": _summary(opens),
        "read_ms": _summary(reads),
        "write_ms": _summary(writes),
        "purge_ms": _summary(purges),
        "purged": request["purged"],
        "checks": checks,
    }


class _Clock:
    def __init__(self, now: dt.datetime) -> None:
        self.now = now

    def __call__(self) -> dt.datetime:
        return self.now


# --- the parent: a provisioned token and the child -----------------------------------------


def run(
    folder: Path,
    *,
    entries: int = ENTRIES,
    rounds: int = ROUNDS,
    reads: int = READS,
    writes: int = WRITES,
    purged: int = PURGED,
) -> dict[str, Any]:
    from smartcard import TrainingCA, prepare_softhsm, provision_token

    home = prepare_softhsm(folder / "softhsm")
    ca = TrainingCA.create(folder / "ca", "Cache bench")
    token = provision_token(home, ca, LABEL, user_name="bench-cache", organisation="Bench Council")
    request = {
        "folder": str(folder),
        "module": str(home.module),
        "label": LABEL,
        "pin": token.user_pin,
        "entries": entries,
        "rounds": rounds,
        "reads": reads,
        "writes": writes,
        "purged": purged,
    }
    root = Path(__file__).resolve().parents[1]
    env = home.environment()
    env["PYTHONPATH"] = str(root) + os.pathsep + env.get("PYTHONPATH", "")
    done = subprocess.run(  # noqa: S603 - our interpreter and module, no shell
        [sys.executable, "-m", "benchmarks.cache"],
        input=json.dumps(request),
        env=env,
        cwd=root,
        capture_output=True,
        text=True,
        timeout=900,
        check=False,
    )
    if done.returncode != 0:
        raise RuntimeError(f"the cache benchmark failed:\n{done.stdout}\n{done.stderr}")
    result: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


def table(result: dict[str, Any]) -> list[str]:
    def row(name: str, key: str, aim: str) -> str:
        s = result[key]
        return f"| {name} | {s['n']:,} | {s['p50']:.2f} | {s['p95']:.2f} | {s['max']:.2f} | {aim} |"

    failed = [name for name, ok in result["checks"].items() if not ok]
    return [
        "## Encrypted cache",
        "",
        f"SQLCipher 4 with a raw 256-bit key unwrapped by a SoftHSM token (RSA-OAEP), "
        f"`cipher_memory_security` on, a cache of {result['entries']:,} views "
        f"({result['file_bytes'] / 1024:,.0f} KiB); in-memory keyring.",
        "",
        "| step | n | p50 ms | p95 ms | max ms | aim |",
        "|---|---:|---:|---:|---:|---|",
        row(
            "open (keyring, unwrap on the token, key, check, HMAC of every page, purge)",
            "open_ms",
            "under 50 ms",
        ),
        row("of which: unwrap on the token alone", "unwrap_ms", ""),
        row("read a cached record", "read_ms", "under 5 ms"),
        row("write one record (fsync)", "write_ms", ""),
        row(f"purge {result['purged']:,} expired entries", "purge_ms", ""),
        "",
        "Checks in the same run: "
        + ("all passed." if not failed else "FAILED: " + ", ".join(failed)),
        "",
    ]


if __name__ == "__main__":
    print(json.dumps(_child(json.loads(sys.stdin.read()))))
