"""How the record views put words on screen: plain labels, and rich-text blocks with badges.

A record is drawn from few widgets (issue 12: building two hundred labels stalled the event
loop): each section is one label holding a `Rich` block. A block is written twice at once,
as rich text to draw and as plain text for a screen reader (the label's accessible
description), so the two can never say different things. Every string given to a block is
escaped with html.escape: a name or an address typed as "<img src=...>" shows as typed and
is never interpreted; only the block itself writes markup. Labels never take text
interaction and never open links (ui.readonly makes sure again for the whole tree).

A badge is a word in capitals on a coloured ground: LEAD PROFESSIONAL, CAF, CEASED,
SHIELDED. The word carries the meaning; the colour only helps it stand out, so that a
practitioner who cannot tell the colours apart, or reads a greyscale printout of a
screenshot, loses nothing.
"""

from __future__ import annotations

import html
from collections.abc import Sequence
from enum import Enum

from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QFont, QGuiApplication
from PySide6.QtWidgets import QLabel, QWidget


class Tone(Enum):
    """Badge colours as (background, text)."""

    ALERT = ("#8b1a1a", "#ffffff")  # shielded, deceased
    LEAD = ("#0b4f8a", "#ffffff")  # lead professional
    CAF = ("#0f6b5c", "#ffffff")  # common assessment framework
    SENSITIVE = ("#5b2a86", "#ffffff")  # sensitive service
    QUIET = ("#e4e4e4", "#333333")  # ceased, archived


CAPTION_INK = "#555555"
CEASED_INK = "#5f5f5f"
# One style sheet on a record's root widget styles every section under it: a sheet on each
# section would be parsed and polished once per section. A section is a framed label (or
# a frame of rows); `emphasis` marks "Who to contact"; the focus ring shows which block Tab
# has reached (the border is always 2 px so that the ring does not move the text).
SECTION_STYLE = """
QFrame#section { background: palette(base); border: 2px solid #c8c8c8; border-radius: 4px;
  padding: 4px; }
QFrame#section[emphasis="true"] { background: #eef4fb; border-color: #0b4f8a; }
QLabel#child_identity, QLabel#involvement { border: 2px solid transparent; }
QLabel#section:focus, QLabel#child_identity:focus, QLabel#involvement:focus {
  border: 2px solid #1a5fb4; }
"""


def plain(text: str, parent: QWidget, *, name: str = "", wrap: bool = True) -> QLabel:
    label = QLabel(parent)
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.NoTextInteraction)
    label.setText(text)
    label.setWordWrap(wrap)
    if name:
        label.setObjectName(name)
    return label


def scaled(label: QLabel, factor: float, *, bold: bool = False) -> QLabel:
    font = QFont(label.font())
    if font.pointSizeF() > 0:
        font.setPointSizeF(font.pointSizeF() * factor)
    font.setBold(bold)
    label.setFont(font)
    return label


def heading(text: str, parent: QWidget, *, name: str = "") -> QLabel:
    return scaled(plain(text, parent, name=name), 1.15, bold=True)


_SPREAD = "&nbsp;" * 8 + " "  # between fields on one line; the last space may wrap


def _esc(text: str) -> str:
    return html.escape(text, quote=True)


def _badge_html(text: str, tone: Tone) -> str:
    background, ink = tone.value
    return (
        f'<span style="background-color:{background}; color:{ink}; font-weight:600;">'
        f"&nbsp;{_esc(text)}&nbsp;</span>"
    )


class Rich:
    """One block of a record: escaped rich text to draw and the same words as plain text.

    `ink` greys the whole block (a ceased involvement); badges keep their own colours.
    """

    def __init__(self, *, ink: str | None = None) -> None:
        base = QGuiApplication.font().pointSizeF()
        self._base = base if base > 0 else 9.0
        self._ink = ink
        self._html: list[str] = []
        self._plain: list[str] = []

    def _style(self, scale: float, bold: bool, ink: str | None = None) -> str:
        style = f"font-size:{self._base * scale:.1f}pt;"
        if bold:
            style += " font-weight:600;"
        if ink:
            style += f" color:{ink};"
        return style

    def heading(self, text: str, *, spoken: bool = False) -> Rich:
        """A section's title; `spoken` only if the label's accessible name does not say it."""
        self._html.append(
            f'<p style="{self._style(1.15, True)} margin:0 0 4px 0;">{_esc(text)}</p>'
        )
        if spoken:
            self._plain.append(text)
        return self

    def line(
        self,
        text: str | None,
        *,
        scale: float = 1.0,
        bold: bool = False,
        marks: Sequence[tuple[str, Tone]] = (),
        keep_spaces: bool = False,
    ) -> Rich:
        """A paragraph (nothing if `text` is empty), with badges after it on the same line."""
        if not text and not marks:
            return self
        style = self._style(scale, bold) + (" white-space:pre-wrap;" if keep_spaces else "")
        parts = [f'<span style="{style}">{_esc(text)}</span>'] if text else []
        parts += [_badge_html(mark, tone) for mark, tone in marks]
        self._html.append(f'<p style="margin:0 0 2px 0;">{"&nbsp; ".join(parts)}</p>')
        self._plain += [t for t in (text, *(mark for mark, _ in marks)) if t]
        return self

    def fields(
        self, rows: Sequence[tuple[str, str]], *, across: bool = False, scale: float = 1.0
    ) -> Rich:
        """Each value after its small grey caption: all on one line (`across`, wrapping if
        the view is narrow) or one a line. Paragraphs, not a table: a rich-text table costs
        several milliseconds to lay out at each width, and a record is laid out at many."""
        if not rows:
            return self
        caption = f'<span style="{self._style(0.9, False, CAPTION_INK)}">'
        value = f'<span style="{self._style(scale, False)}">'
        cells = [f"{caption}{_esc(c)}</span>&nbsp;&nbsp;{value}{_esc(v)}</span>" for c, v in rows]
        paragraphs = [_SPREAD.join(cells)] if across else cells
        self._html += [f'<p style="margin:0 0 2px 0;">{p}</p>' for p in paragraphs]
        self._plain += [f"{c}: {v}" for c, v in rows]
        return self

    def gap(self) -> Rich:
        """Space between two items of a block (two carers)."""
        self._html.append('<p style="margin:0; font-size:4pt;">&nbsp;</p>')
        return self

    def extend(self, other: Rich) -> Rich:
        """`other`'s lines after this block's."""
        self._html.append(other.html())
        self._plain += [other.plain()] if other.plain() else []
        return self

    def html(self) -> str:
        body = "".join(self._html)
        return f'<div style="color:{self._ink};">{body}</div>' if self._ink else body

    def plain(self) -> str:
        return "\n".join(self._plain)


class _RichLabel(QLabel):
    """A QLabel that lays its rich text out once per width.

    QLabel lays a word-wrapped rich text out from scratch two or three times on every
    heightForWidth call, and a scroll area asks each label at several widths each time the
    record is shown or resized: that, not the number of widgets, was most of the cost.
    """

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self._heights: dict[int, int] = {}

    def heightForWidth(self, width: int) -> int:
        height = self._heights.get(width)
        if height is None:
            height = self._heights[width] = super().heightForWidth(width)
        return height

    def event(self, event: QEvent) -> bool:
        # A height asked before the label is polished was laid out without its style
        # sheet's padding and fonts (the section style, large text): forget it then too.
        if event.type() in (
            QEvent.Type.FontChange,
            QEvent.Type.StyleChange,
            QEvent.Type.Polish,
            QEvent.Type.ContentsRectChange,
        ):
            self._heights.clear()
        return super().event(event)


def rich_label(
    block: Rich, parent: QWidget, *, name: str, title: str, focus: bool = True
) -> QLabel:
    """A label drawing `block`: named `title` and described by its plain text for a screen
    reader, and reached by Tab (`focus`) so that the record can be read section by section."""
    label = _RichLabel(parent)
    label.setObjectName(name)
    label.setTextFormat(Qt.TextFormat.RichText)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.NoTextInteraction)
    label.setOpenExternalLinks(False)
    label.setWordWrap(True)
    label.setText(block.html())
    label.setAccessibleName(title)
    label.setAccessibleDescription(block.plain())
    if focus:
        label.setFocusPolicy(Qt.FocusPolicy.TabFocus)
    return label
