"""Naming a card's objects in the machine policy: `id:<hex>` or `label:<text>`."""

from __future__ import annotations

from pathlib import Path

import pytest

from smartcard import ObjectRef, TrainingCA
from smartcard.cardrules import load_trust_anchors


@pytest.mark.parametrize(
    ("text", "object_id", "label"),
    [
        ("id:01", b"\x01", None),
        ("id:0A0b", b"\x0a\x0b", None),
        ("label:KEY MAN key", None, "KEY MAN key"),
        ("label:a:b", None, "a:b"),  # only the first colon separates
    ],
)
def test_an_object_is_named_by_id_or_label(
    text: str, object_id: bytes | None, label: str | None
) -> None:
    ref = ObjectRef.parse(text)
    assert (ref.object_id, ref.label) == (object_id, label)
    assert ObjectRef.parse(str(ref)) == ref


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("01", "must be id:<hex> or label:<text>"),
        ("serial:01", "must be id:<hex> or label:<text>"),
        ("id:", "needs the object's ID"),
        ("id:0g", "is not an ID in hex"),
        ("id:123", "is not an ID in hex"),
        ("label:", "needs the object's label"),
    ],
)
def test_a_malformed_name_says_what_is_wrong(text: str, problem: str) -> None:
    with pytest.raises(ValueError, match=problem):
        ObjectRef.parse(text)


def test_an_object_is_named_one_way_only() -> None:
    with pytest.raises(ValueError, match="not both or neither"):
        ObjectRef(object_id=b"\x01", label="auth")
    with pytest.raises(ValueError, match="not both or neither"):
        ObjectRef()


def test_the_trust_anchors_are_every_certificate_in_the_bundle(tmp_path: Path) -> None:
    first = TrainingCA.create(tmp_path / "first", "First")
    second = TrainingCA.create(tmp_path / "second", "Second")
    bundle = tmp_path / "bundle.pem"
    bundle.write_bytes(first.certificate_path.read_bytes() + second.certificate_path.read_bytes())
    assert load_trust_anchors(bundle) == (first.certificate, second.certificate)
    garbage = tmp_path / "garbage.pem"
    garbage.write_text("not a certificate")
    with pytest.raises(ValueError):
        load_trust_anchors(garbage)
