"""The PIN buffer the session driver holds: taken once, zeroed when dropped."""

from __future__ import annotations

from desktop.session_steps import PinBuffer


def test_a_pin_is_taken_once_and_is_then_the_takers() -> None:
    buffer = PinBuffer()
    pin = bytearray(b"246810")
    buffer.hold(pin, "synthetic pass")
    assert buffer.take() == (pin, "synthetic pass")
    assert buffer.take() == (None, None)
    buffer.drop()
    assert pin == bytearray(b"246810")  # the taker's now: dropping the buffer leaves it


def test_a_pin_not_taken_is_zeroed_when_dropped_or_replaced() -> None:
    buffer = PinBuffer()
    first, second = bytearray(b"111111"), bytearray(b"222222")
    buffer.hold(first, None)
    buffer.hold(second, None)
    assert first == bytearray(6)
    buffer.drop()
    assert second == bytearray(6)
    assert buffer.take() == (None, None)
