"""Icons, style sheets, Qt resource files and translations of the desktop client.

    icon_path("shield")    # resources/shield.svg, from source or inside the bundle
    QRC                    # resources/contactpoint.qrc: the same icons under :/icons/

The files sit beside this module in a checkout and in the PyInstaller bundle alike
(installer.freeze copies them to the bundle's `resources/`), so one lookup serves both.
This package imports no Qt: ui/ turns the paths into QIcons.
"""

from __future__ import annotations

from pathlib import Path

HERE = Path(__file__).resolve().parent
# The icons, by the name the client uses, each an SVG file here.
ICONS = ("contactpoint", "shield", "lead-professional", "lock")
APPLICATION_ICON = "contactpoint"
QRC = HERE / "contactpoint.qrc"


def icon_path(name: str) -> Path:
    """The SVG file of icon `name` (one of ICONS)."""
    if name not in ICONS:
        raise KeyError(f"no icon {name!r}; the icons are {', '.join(ICONS)}")
    return HERE / f"{name}.svg"
