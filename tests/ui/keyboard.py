"""Where Tab goes: the widgets a keyboard user reaches, in order, as Qt's focus chain has them."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWidget

# Every focus proxy this module has asked for, kept: in PySide6 6.11 the wrapper that
# focusProxy() returns for an item view's header (a scroll area's viewport has it as its
# proxy) breaks the header when it is collected, and the next layout of the view crashes.
_PROXIES: list[QWidget] = []


def focus_proxy(widget: QWidget) -> QWidget | None:
    proxy = widget.focusProxy()
    if proxy is not None:
        _PROXIES.append(proxy)
    return proxy


def focus_target(widget: QWidget) -> QWidget:
    """The widget that really takes the focus for `widget` (a date edit's line edit)."""
    while (proxy := focus_proxy(widget)) is not None:
        widget = proxy
    return widget


def tab_stops(start: QWidget, count: int) -> list[QWidget]:
    """The `count` widgets after `start` that Tab stops on (focusable, visible, enabled).

    Widgets that hand their focus to a proxy are skipped, as Qt skips them: compare the
    result with `focus_targets(...)` of the widgets a person sees.
    """
    stops: list[QWidget] = []
    first = focus_target(start)
    widget = first.nextInFocusChain()
    while len(stops) < count and widget is not first:
        if (
            focus_proxy(widget) is None
            and widget.focusPolicy().value & Qt.FocusPolicy.TabFocus.value
            and widget.isVisible()
            and widget.isEnabled()
        ):
            stops.append(widget)
        widget = widget.nextInFocusChain()
    return stops


def focus_targets(widgets: Sequence[QWidget]) -> list[QWidget]:
    return [focus_target(widget) for widget in widgets]
