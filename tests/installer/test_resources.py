"""The icons in resources/: each one a valid SVG Qt renders, each in the .qrc."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import pytest
from PySide6.QtSvg import QSvgRenderer

from resources import ICONS, QRC, icon_path


@pytest.mark.parametrize("name", ICONS)
def test_each_icon_renders(name: str) -> None:
    renderer = QSvgRenderer(str(icon_path(name)))
    assert renderer.isValid()
    assert not renderer.defaultSize().isEmpty()


def test_the_qrc_lists_exactly_the_icons() -> None:
    files = [f.text for f in ET.parse(QRC).getroot().iter("file")]  # noqa: S314 - our file
    assert sorted(files) == sorted(f"{name}.svg" for name in ICONS)
    assert all(icon_path(name).is_file() for name in ICONS)


def test_an_unknown_icon_is_refused() -> None:
    with pytest.raises(KeyError, match="shield"):
        icon_path("missing")
