"""Excluding a top-level window from screen capture (DESIGN.md 4, "No download or export").

    exclude_from_capture(window_id) -> CaptureProtection(status, reason)

`window_id` is Qt's `int(widget.winId())` of a top-level window: an HWND on Windows and the
window's content NSView* on macOS. The operating system is reached through ctypes only, so
that neither pywin32 nor PyObjC has to be bundled; both native entry points can be injected
(`user32=`, `objc=`) so that each platform's logic is tested on any platform.

What each platform can do:

* Windows 10 2004 and later: SetWindowDisplayAffinity(WDA_EXCLUDEFROMCAPTURE) leaves the
  window out of screenshots, recordings and screen sharing altogether. Older Windows 10
  refuses that value (ERROR_INVALID_PARAMETER) and gets WDA_MONITOR instead, under which
  captures show the window as a black rectangle.
* macOS: NSWindowSharingNone keeps the window out of the CoreGraphics capture APIs
  (screenshots and the legacy recorders). ScreenCaptureKit on macOS 15 and later is
  reported to ignore it (tauri-apps/tauri#14200, electron/electron#48258): on macOS this is
  a best effort, and the reason says so.
* X11 and Wayland offer nothing of the kind: any client may read the screen.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import enum
import sys
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Final, Protocol

WDA_MONITOR: Final = 0x01
WDA_EXCLUDEFROMCAPTURE: Final = 0x11
NS_WINDOW_SHARING_NONE: Final = 0
UNSUPPORTED_REASON: Final = "no capture exclusion on this platform (X11/Wayland offer none)"


class CaptureStatus(enum.Enum):
    APPLIED = "applied"  # the window is left out of captures
    FALLBACK_BLACKED_OUT = "fallback_blacked_out"  # captures show it as a black rectangle
    UNSUPPORTED = "unsupported"  # the platform has no such mechanism
    FAILED = "failed"  # the platform has one and it refused; `reason` says how


@dataclass(frozen=True, slots=True)
class CaptureProtection:
    """The outcome for one window. `reason` is short, for a log line or the diagnostics view."""

    status: CaptureStatus
    reason: str

    @property
    def protected(self) -> bool:
        """True when no capture of this window shows its content."""
        return self.status in (CaptureStatus.APPLIED, CaptureStatus.FALLBACK_BLACKED_OUT)


class User32(Protocol):
    """The one user32 entry point used (ctypes' WinDLL satisfies it)."""

    def SetWindowDisplayAffinity(self, hwnd: int, affinity: int, /) -> int: ...


class ObjCRuntime(Protocol):
    """Objective-C message sending, reduced to what is needed here.

    `send(receiver, "selector:", *args)` sends a message whose arguments and result are all
    integer-class (object pointers, NSUInteger, void); the result is 0 for nil or void.
    """

    def send(self, receiver: int, selector: str, *args: int) -> int: ...


def exclude_from_capture(
    window_id: int,
    *,
    platform: str = sys.platform,
    user32: Any = None,
    objc: Any = None,
    last_error: Callable[[], int] | None = None,
) -> CaptureProtection:
    """Ask the OS to leave the top-level window `window_id` out of every screen capture.

    Never raises: a failure is a FAILED result, because a window that cannot be protected
    is still better shown (the caller logs the outcome) than a client that will not start.
    `last_error` reads the Windows error code after a failed call (default
    `ctypes.get_last_error`); tests inject it with a fake `user32`.
    """
    if not window_id:
        return CaptureProtection(CaptureStatus.FAILED, "the window has no native handle yet")
    if platform == "win32":
        return _windows(window_id, user32, last_error)
    if platform == "darwin":
        return _macos(window_id, objc)
    return CaptureProtection(CaptureStatus.UNSUPPORTED, UNSUPPORTED_REASON)


# -- Windows -----------------------------------------------------------------------------


def _windows(
    hwnd: int, user32: User32 | None, last_error: Callable[[], int] | None
) -> CaptureProtection:
    if user32 is None:
        try:
            user32, last_error = _load_user32()
        except OSError as exc:
            return CaptureProtection(CaptureStatus.FAILED, f"user32 could not be loaded: {exc}")
    error = last_error or (lambda: 0)
    if user32.SetWindowDisplayAffinity(hwnd, WDA_EXCLUDEFROMCAPTURE):
        return CaptureProtection(CaptureStatus.APPLIED, "WDA_EXCLUDEFROMCAPTURE set")
    first = error()
    # Windows 10 before 2004 answers ERROR_INVALID_PARAMETER (87) to the newer value; any
    # other failure would defeat WDA_MONITOR too, but trying costs nothing and the second
    # error code is the one that explains the outcome.
    if user32.SetWindowDisplayAffinity(hwnd, WDA_MONITOR):
        return CaptureProtection(
            CaptureStatus.FALLBACK_BLACKED_OUT,
            f"WDA_EXCLUDEFROMCAPTURE refused (error {first}); WDA_MONITOR set: "
            "captures show the window black",
        )
    return CaptureProtection(
        CaptureStatus.FAILED,
        f"SetWindowDisplayAffinity refused WDA_EXCLUDEFROMCAPTURE (error {first}) "
        f"and WDA_MONITOR (error {error()})",
    )


def _load_user32() -> tuple[User32, Callable[[], int]]:
    if sys.platform != "win32":
        raise OSError("user32 exists only on Windows")
    from ctypes import wintypes

    user32 = ctypes.WinDLL("user32", use_last_error=True)
    function = user32.SetWindowDisplayAffinity
    # Declared so that a 64-bit HWND is not truncated to a C int on the way in.
    function.argtypes = [wintypes.HWND, wintypes.DWORD]
    function.restype = wintypes.BOOL
    return user32, ctypes.get_last_error


# -- macOS -------------------------------------------------------------------------------


def _macos(view: int, objc: ObjCRuntime | None) -> CaptureProtection:
    if objc is None:
        try:
            objc = LibObjC()
        except OSError as exc:
            return CaptureProtection(CaptureStatus.FAILED, f"libobjc could not be loaded: {exc}")
    # Qt's winId() on macOS is the NSView*; the sharing type belongs to its NSWindow.
    window = objc.send(view, "window")
    if not window:
        return CaptureProtection(CaptureStatus.FAILED, "the view is not in a window yet")
    objc.send(window, "setSharingType:", NS_WINDOW_SHARING_NONE)
    # The setter returns nothing; reading the property back is the only confirmation.
    now = objc.send(window, "sharingType")
    if now != NS_WINDOW_SHARING_NONE:
        return CaptureProtection(
            CaptureStatus.FAILED, f"NSWindow kept sharingType {now} after setSharingType:"
        )
    return CaptureProtection(
        CaptureStatus.APPLIED,
        "NSWindowSharingNone set (macOS 15 and later: ScreenCaptureKit may ignore it)",
    )


class LibObjC:
    """`ObjCRuntime` over the real libobjc, with objc_msgSend called through typed prototypes.

    objc_msgSend must never be called as a variadic function: on arm64 variadic arguments
    go on the stack while the method reads registers. Each arity gets its own prototype
    whose arguments and result are pointer-sized integers, which is exact for the messages
    sent here (object pointers, NSUInteger, void).
    """

    def __init__(self) -> None:
        path = ctypes.util.find_library("objc")
        if path is None:
            raise OSError("the Objective-C runtime (libobjc) was not found")
        self._lib = ctypes.CDLL(path)
        self._lib.sel_registerName.argtypes = [ctypes.c_char_p]
        self._lib.sel_registerName.restype = ctypes.c_void_p
        address = ctypes.cast(self._lib.objc_msgSend, ctypes.c_void_p).value
        if address is None:
            raise OSError("objc_msgSend was not found in libobjc")
        self._address: int = address
        self._prototypes: dict[int, Callable[..., int]] = {}

    def _prototype(self, arity: int) -> Callable[..., int]:
        if arity not in self._prototypes:
            argtypes = [ctypes.c_void_p, ctypes.c_void_p] + [ctypes.c_size_t] * arity
            prototype = ctypes.CFUNCTYPE(ctypes.c_size_t, *argtypes)
            self._prototypes[arity] = prototype(self._address)
        return self._prototypes[arity]

    def send(self, receiver: int, selector: str, *args: int) -> int:
        sel = self._lib.sel_registerName(selector.encode("ascii"))
        return int(self._prototype(len(args))(receiver, sel, *args) or 0)
