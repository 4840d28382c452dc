"""Every error the desktop core defines derives from the one root (desktop.errors)."""

from __future__ import annotations

import importlib
import inspect
import pkgutil

import desktop
from desktop import DesktopError


def _modules() -> list[str]:
    names = []
    for info in pkgutil.walk_packages(desktop.__path__, "desktop."):
        if ".platform.windows" in info.name:  # imports ctypes.windll: Windows only
            continue
        names.append(info.name)
    return names


def test_every_desktop_error_derives_from_the_root() -> None:
    strays = []
    for name in _modules():
        module = importlib.import_module(name)
        for _, value in inspect.getmembers(module, inspect.isclass):
            if value.__module__ != name or not issubclass(value, BaseException):
                continue
            if not issubclass(value, DesktopError):
                strays.append(f"{name}.{value.__name__}")
    assert strays == []


def test_the_root_is_drawn_with_every_public_error() -> None:
    tree = importlib.import_module("desktop.errors").__doc__ or ""
    for name in ("PolicyError", "RegistryPolicyError", "StartupError", "FormProblem"):
        assert name in tree
