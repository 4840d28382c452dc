"""The encrypted cache as seen from outside: its folder, each user's file and key file with
size and age, and which store keeps the wrapped key. What is inside (how many records,
the oldest's age) is readable only with the user's card: the Diagnostics window, opened in a
signed-in session, shows it; this report never asks for a PIN."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from desktop.diagnostics.report import Section
from desktop.policy import MachinePolicy

if TYPE_CHECKING:
    from sync.cache import CacheStats


def _age(modified: dt.datetime, now: dt.datetime) -> str:
    minutes = max(0, int((now - modified).total_seconds() // 60))
    return f"{minutes // 60} h {minutes % 60} min ago" if minutes >= 60 else f"{minutes} min ago"


def cache_section(
    policy: MachinePolicy, now: dt.datetime, stats: CacheStats | None = None
) -> Section:
    from sync.cache import InsecureKeyring, cache_directory, choose_key_store

    if not policy.cache_enabled:
        return Section("Cache", (("cache", "off by policy (cache_hours 0)"),))
    folder = cache_directory()
    items: list[tuple[str, str]] = [
        ("folder", str(folder)),
        ("lifetime", f"{policy.cache_hours} h (policy)"),
    ]
    ok = True
    try:
        kind = choose_key_store(policy.cache_key_store).kind
        store = "the OS keyring" if kind == "keyring" else "a key file beside each cache"
        items.append(("key store", f"{store} (policy: {policy.cache_key_store})"))
    except InsecureKeyring as exc:
        items.append(("key store", f"none, so no cache: {exc}"))
        ok = False
    caches = sorted(folder.glob("*.db")) if folder.is_dir() else []
    for path in caches:
        stat = path.stat()
        modified = dt.datetime.fromtimestamp(stat.st_mtime, dt.UTC)
        key = path.with_suffix(".key")
        items.append(
            (
                f"cache {path.stem}",
                f"{stat.st_size} bytes, written {_age(modified, now)}"
                + (", key file beside it" if key.exists() else ""),
            )
        )
    items.append(("caches", str(len(caches))))
    if stats is None:
        items.append(
            ("entries", "shown in the Diagnostics window while signed in (needs the card)")
        )
    else:
        oldest = stats.oldest_fetched_at
        items.append(
            ("entries", f"{stats.entries} in this user's cache ({stats.file_bytes} bytes)")
        )
        items.append(("oldest entry", "none" if oldest is None else f"fetched {_age(oldest, now)}"))
    return Section("Cache", tuple(items), ok=ok)
