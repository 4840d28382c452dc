"""Wiping secrets held in bytearrays (PINs, cache keys, their hex forms).

A PIN or key is kept only in a bytearray, the one copy we control, so that it can be
overwritten as soon as it has been used. `bytes` and `str` are immutable and may be
copied by the interpreter at will; they cannot be wiped, so they are never used for one.
"""

from __future__ import annotations


def wipe(secret: bytearray) -> None:
    """Overwrite `secret` with zeros in place. Idempotent.

    The same length is written, so the buffer is overwritten where it lies rather than
    reallocated (a shorter or longer assignment could leave the old bytes in freed memory).
    """
    secret[:] = bytes(len(secret))
