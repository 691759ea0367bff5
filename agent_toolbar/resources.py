"""Frozen-aware access to the ``resources/`` tree (icons, translations, styles, sounds).

The tree sits next to the package in a source checkout (``<repo>/resources``) and next to
the executable's data in a PyInstaller bundle (``sys._MEIPASS/resources``). An
``AGENT_TOOLBAR_RESOURCES`` environment variable points elsewhere (packagers, tests).
Nothing here imports Qt, so icons, translations and the packaging spec can all use it.
"""

from __future__ import annotations

import os
import sys
from functools import cache
from pathlib import Path

ENV_VAR = "AGENT_TOOLBAR_RESOURCES"


def _candidates() -> list[Path]:
    out: list[Path] = []
    override = os.environ.get(ENV_VAR)
    if override:
        out.append(Path(override))
    bundle = getattr(sys, "_MEIPASS", None)
    if bundle:
        out.append(Path(bundle) / "resources")
    if getattr(sys, "frozen", False):
        out.append(Path(sys.executable).resolve().parent / "resources")
    package = Path(__file__).resolve().parent
    out.append(package / "resources")  # a wheel that ships the tree inside the package
    out.append(package.parent / "resources")  # a source checkout / editable install
    return out


@cache
def resource_dir() -> Path:
    """The ``resources/`` directory in use (the first candidate that exists)."""
    for candidate in _candidates():
        if (candidate / "icons").is_dir():
            return candidate
    return _candidates()[-1]


def resource_path(*parts: str) -> Path:
    """A path inside ``resources/`` (it may not exist; callers decide what that means)."""
    return resource_dir().joinpath(*parts)


def icon_path(name: str) -> Path:
    """The SVG file of icon ``name`` (``tray-ready`` → ``resources/icons/tray-ready.svg``)."""
    filename = name if name.endswith(".svg") else f"{name}.svg"
    return resource_path("icons", filename)


def translations_dir() -> Path:
    """Where the compiled ``agent_toolbar_<lang>.qm`` files are."""
    return resource_path("translations")
