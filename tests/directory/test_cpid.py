from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from directory import cpid
from directory.errors import InvalidIdentifier


def test_serials_give_distinct_valid_ids() -> None:
    ids = [cpid.from_serial(n) for n in range(1, 20_001)]
    assert len(set(ids)) == len(ids)
    assert all(len(i) == 12 and cpid.is_valid(i) for i in ids)


@given(st.integers(1, 10**11 - 1), st.integers(0, 11), st.integers(1, 9))
def test_every_single_digit_error_is_caught(serial: int, position: int, delta: int) -> None:
    good = cpid.from_serial(serial)
    digit = (int(good[position]) + delta) % 10
    assert not cpid.is_valid(good[:position] + str(digit) + good[position + 1 :])


@given(st.integers(1, 10**11 - 1), st.integers(0, 10))
def test_every_adjacent_transposition_is_caught(serial: int, position: int) -> None:
    good = cpid.from_serial(serial)
    swapped = good[:position] + good[position + 1] + good[position] + good[position + 2 :]
    assert swapped == good or not cpid.is_valid(swapped)


@pytest.mark.parametrize(
    "text",
    ["", "12345", "1234567890123", "12345678901a", "١٢٣٤٥٦٧٨٩٠١٢", "x" * 1000, "1234 5678 901O"],
)
def test_malformed_ids_say_what_an_id_is(text: str) -> None:
    with pytest.raises(InvalidIdentifier, match="12 digits"):
        cpid.normalise(text)


def test_spaces_and_hyphens_are_accepted_and_display_groups() -> None:
    good = cpid.from_serial(7)
    assert cpid.normalise(cpid.display(good)) == good
    assert cpid.normalise(f"{good[:6]}-{good[6:]}") == good
