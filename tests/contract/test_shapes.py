"""contract.shapes: the keys the directory may leave out are known as such at run time."""

from __future__ import annotations

from contract import shapes


def test_not_required_keys_are_optional_at_run_time() -> None:
    # Evaluated annotations (the module avoids `from __future__ import annotations`), so
    # Python 3.11 sees NotRequired; a string annotation would make every key required.
    assert shapes.ChallengeBody.__optional_keys__ == frozenset({"cp_id"})
    assert shapes.SearchResultBody.__optional_keys__ == frozenset({"message"})
    assert "shield" in shapes.ShieldedChildView.__optional_keys__
    assert "broker_contact" in shapes.ShieldedChildView.__required_keys__
    assert {"address", "carers", "involvements"} <= shapes.FullChildView.__required_keys__
