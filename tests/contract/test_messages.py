"""The signed messages are exactly DESIGN.md 3.7's, byte for byte, and cannot be forged."""

from __future__ import annotations

import pytest

from contract.messages import login_message, override_message


def test_the_messages_are_the_wire_contract_byte_for_byte() -> None:
    assert login_message("https://cp.example:443", "abc_-1", "bm9uY2U=") == (
        b"contactpoint-auth-v1\nhttps://cp.example:443\nabc_-1\nbm9uY2U="
    )
    assert override_message("https://cp.example:443", "abc", "bm9uY2U=", "1234567890") == (
        b"contactpoint-override-v1\nhttps://cp.example:443\nabc\nbm9uY2U=\n1234567890"
    )


def test_text_is_utf8_and_the_nonce_is_signed_as_its_base64_text() -> None:
    message = login_message("http://127.0.0.1:8000", "ünïcode-id", "A+/=")
    assert message == "contactpoint-auth-v1\nhttp://127.0.0.1:8000\nünïcode-id\nA+/=".encode()
    assert not message.endswith(b"\n")


@pytest.mark.parametrize("bad", ["", "a\nb", "a\rb", "tab\there", "del\x7f", "x\x00"])
@pytest.mark.parametrize("position", range(4))
def test_a_field_that_could_forge_another_message_is_refused(bad: str, position: int) -> None:
    fields = ["https://cp.example:443", "abc", "bm9uY2U=", "123456789012"]
    fields[position] = bad
    with pytest.raises(ValueError, match="control characters"):
        override_message(*fields)
    if position < 3:
        with pytest.raises(ValueError, match="control characters"):
            login_message(*fields[:3])
