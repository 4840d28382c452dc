"""Labels and IDs of the objects a ContactPoint token carries.

The IDs mirror PIV's slots (9A authentication -> 01, 9D key management -> 03), as OpenSC
presents PIV cards, so a real card and a training token look alike.
"""

from __future__ import annotations

AUTH_LABEL = "auth"
AUTH_ID = b"\x01"
KMK_LABEL = "kmk"
KMK_ID = b"\x03"
