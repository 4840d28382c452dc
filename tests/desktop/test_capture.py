"""Screen-capture exclusion: each platform's calls through injected fakes, the real call
where the platform has one, and UNSUPPORTED where it has none."""

from __future__ import annotations

import sys
from dataclasses import dataclass, field

import pytest
from pytestqt.qtbot import QtBot

from desktop.platform import CaptureStatus, exclude_from_capture
from desktop.platform.capture import (
    NS_WINDOW_SHARING_NONE,
    UNSUPPORTED_REASON,
    WDA_EXCLUDEFROMCAPTURE,
    WDA_MONITOR,
)

HWND = 0x0001_2345_6789_ABCD  # wider than 32 bits: a truncating binding would show here
ERROR_INVALID_PARAMETER = 87
ERROR_ACCESS_DENIED = 5


@dataclass
class FakeUser32:
    """user32 whose SetWindowDisplayAffinity accepts only the affinities in `accepts`."""

    accepts: set[int]
    refusal: int = ERROR_INVALID_PARAMETER
    calls: list[tuple[int, int]] = field(default_factory=list)
    error: int = 0

    def SetWindowDisplayAffinity(self, hwnd: int, affinity: int, /) -> int:
        self.calls.append((hwnd, affinity))
        if affinity in self.accepts:
            return 1
        self.error = self.refusal
        return 0

    def last_error(self) -> int:
        return self.error


def test_windows_excludes_the_window_from_capture() -> None:
    user32 = FakeUser32(accepts={WDA_EXCLUDEFROMCAPTURE, WDA_MONITOR})
    result = exclude_from_capture(
        HWND, platform="win32", user32=user32, last_error=user32.last_error
    )
    assert result.status is CaptureStatus.APPLIED
    assert result.protected
    assert user32.calls == [(HWND, 0x11)]


def test_windows_before_2004_falls_back_to_a_black_window() -> None:
    user32 = FakeUser32(accepts={WDA_MONITOR})
    result = exclude_from_capture(
        HWND, platform="win32", user32=user32, last_error=user32.last_error
    )
    assert result.status is CaptureStatus.FALLBACK_BLACKED_OUT
    assert result.protected
    assert "error 87" in result.reason
    assert user32.calls == [(HWND, 0x11), (HWND, 0x01)]


def test_windows_reports_both_refusals() -> None:
    user32 = FakeUser32(accepts=set(), refusal=ERROR_ACCESS_DENIED)
    result = exclude_from_capture(
        HWND, platform="win32", user32=user32, last_error=user32.last_error
    )
    assert result.status is CaptureStatus.FAILED
    assert not result.protected
    assert result.reason.count("error 5") == 2
    assert [affinity for _, affinity in user32.calls] == [WDA_EXCLUDEFROMCAPTURE, WDA_MONITOR]


@dataclass
class FakeObjC:
    """A view inside a window whose sharingType follows setSharingType: unless `stubborn`."""

    view: int
    window: int | None
    stubborn: bool = False
    sharing_type: int = 1  # NSWindowSharingReadOnly, the default
    sent: list[tuple[int, str, tuple[int, ...]]] = field(default_factory=list)

    def send(self, receiver: int, selector: str, *args: int) -> int:
        self.sent.append((receiver, selector, args))
        if (receiver, selector) == (self.view, "window"):
            return self.window or 0
        assert receiver == self.window, "messages go to the view or its window only"
        if selector == "setSharingType:":
            if not self.stubborn:
                (self.sharing_type,) = args
            return 0
        if selector == "sharingType":
            return self.sharing_type
        raise AssertionError(f"unexpected selector {selector}")


def test_macos_sets_the_window_sharing_type_to_none() -> None:
    objc = FakeObjC(view=0x7000, window=0x9000)
    result = exclude_from_capture(0x7000, platform="darwin", objc=objc)
    assert result.status is CaptureStatus.APPLIED
    assert "ScreenCaptureKit" in result.reason  # the macOS 15 caveat is not hidden
    assert objc.sent == [
        (0x7000, "window", ()),
        (0x9000, "setSharingType:", (NS_WINDOW_SHARING_NONE,)),
        (0x9000, "sharingType", ()),
    ]
    assert objc.sharing_type == 0


def test_macos_view_without_a_window_fails() -> None:
    objc = FakeObjC(view=0x7000, window=None)
    result = exclude_from_capture(0x7000, platform="darwin", objc=objc)
    assert result.status is CaptureStatus.FAILED
    assert [selector for _, selector, _ in objc.sent] == ["window"]


def test_macos_window_that_keeps_its_sharing_type_fails() -> None:
    objc = FakeObjC(view=0x7000, window=0x9000, stubborn=True)
    result = exclude_from_capture(0x7000, platform="darwin", objc=objc)
    assert result.status is CaptureStatus.FAILED
    assert "sharingType 1" in result.reason


@pytest.mark.parametrize("platform", ["linux", "freebsd14", "openbsd7"])
def test_other_platforms_are_unsupported(platform: str) -> None:
    result = exclude_from_capture(HWND, platform=platform)
    assert result.status is CaptureStatus.UNSUPPORTED
    assert result.reason == UNSUPPORTED_REASON
    assert not result.protected


def test_a_window_without_a_handle_fails_before_any_call() -> None:
    user32 = FakeUser32(accepts={WDA_EXCLUDEFROMCAPTURE})
    result = exclude_from_capture(0, platform="win32", user32=user32)
    assert result.status is CaptureStatus.FAILED
    assert user32.calls == []


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the Linux answer")
def test_the_real_call_on_linux_is_unsupported() -> None:
    assert exclude_from_capture(HWND).status is CaptureStatus.UNSUPPORTED


@pytest.mark.skipif(sys.platform != "win32", reason="SetWindowDisplayAffinity is Windows only")
def test_the_real_call_on_windows(qtbot: QtBot) -> None:
    from PySide6.QtWidgets import QWidget

    window = QWidget()
    window.show()
    try:
        result = exclude_from_capture(int(window.winId()))
    finally:
        window.close()
    # Without a desktop compositor (some CI sessions) Windows refuses both affinities.
    assert result.status in (
        CaptureStatus.APPLIED,
        CaptureStatus.FALLBACK_BLACKED_OUT,
    ), result.reason
