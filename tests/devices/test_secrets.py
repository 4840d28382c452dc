"""wipe(): a secret's bytearray is zeroed where it lies."""

from __future__ import annotations

from devices import wipe


def test_wipe_zeroes_in_place_and_keeps_the_length() -> None:
    pin = bytearray(b"123456")
    view = memoryview(pin)  # the same memory: a reallocation would leave it unchanged
    wipe(pin)
    assert pin == bytearray(6)
    assert view.tobytes() == bytes(6)
    view.release()


def test_wipe_is_idempotent_and_accepts_an_empty_buffer() -> None:
    key = bytearray(b"\xff" * 32)
    wipe(key)
    wipe(key)
    assert key == bytearray(32)
    empty = bytearray()
    wipe(empty)
    assert empty == bytearray()
