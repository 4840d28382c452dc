"""The &-letters (Alt+letter mnemonics) of a window's visible controls, and where two clash.

    assert mnemonic_clashes(window) == []

Buttons, radio buttons, check boxes, group boxes, tab titles and labels with a buddy
(a label's mnemonic moves the focus to its buddy) all take Alt+letter; two visible ones on
the same letter make the second unreachable by it. Hidden controls (another tab's
buttons, a step the current item does not allow) are not counted: Qt ignores them too.
"""

from __future__ import annotations

import re

from PySide6.QtWidgets import QAbstractButton, QGroupBox, QLabel, QTabBar, QWidget

_MNEMONIC = re.compile(r"&([^&\s])")


def letter(text: str) -> str | None:
    found = _MNEMONIC.search(text.replace("&&", ""))
    return found.group(1).lower() if found else None


def mnemonics(root: QWidget) -> list[tuple[str, str]]:
    """(letter, what) for every visible control of `root` that has one."""
    found: list[tuple[str, str]] = []
    for widget in [root, *root.findChildren(QWidget)]:
        if not widget.isVisible():
            continue
        texts: list[str] = []
        if isinstance(widget, QAbstractButton):
            texts.append(widget.text())
        elif isinstance(widget, QGroupBox):
            texts.append(widget.title())
        elif isinstance(widget, QLabel) and widget.buddy() is not None:
            texts.append(widget.text())
        elif isinstance(widget, QTabBar):
            texts += [widget.tabText(i) for i in range(widget.count())]
        for text in texts:
            key = letter(text)
            if key is not None:
                found.append((key, f"{type(widget).__name__} {text!r}"))
    return found


def mnemonic_clashes(root: QWidget) -> list[str]:
    by_letter: dict[str, list[str]] = {}
    for key, what in mnemonics(root):
        by_letter.setdefault(key, []).append(what)
    return [f"&{key}: {', '.join(whats)}" for key, whats in by_letter.items() if len(whats) > 1]
