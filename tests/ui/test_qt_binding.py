"""The Qt binding itself: a pinned version that keeps its reference counts straight.

PySide6 6.12.0's Signal.emit() hands back a bool it does not own; after a few thousand
signals Python frees True or False and aborts. The client emits signals all day, so a
binding with that defect must fail here rather than on a practitioner's desk.
"""

from __future__ import annotations

import sys

from PySide6.QtCore import QObject, Signal


class _Emitter(QObject):
    carried = Signal(object)
    bare = Signal()


def test_emitting_signals_leaves_reference_counts_alone() -> None:
    emitter = _Emitter()
    nones = [0]  # a count, not a list of what arrived: that would hold references itself

    def arrived(value: object) -> None:
        nones[0] += value is None

    emitter.carried.connect(arrived)
    before = {value: sys.getrefcount(value) for value in (True, False, None)}
    for _ in range(200):
        emitter.carried.emit(None)
        emitter.bare.emit()
    after = {value: sys.getrefcount(value) for value in (True, False, None)}
    assert nones == [200]
    # Other threads may hold a few references for a moment; 200 emits would show ~200.
    assert all(abs(after[v] - before[v]) < 50 for v in before), (before, after)
