"""System-wide hotkeys: the ``hotkeys/*`` listed in ``hotkeys/global`` work in any program.

:class:`GlobalHotkeys` picks the platform's backend once and (re)registers the listed
hotkeys from the settings: X11 ``XGrabKey`` (:mod:`.x11`), Windows ``RegisterHotKey``
(:mod:`.windows`), macOS Carbon ``RegisterEventHotKey`` (:mod:`.macos`) or, on Wayland,
the XDG desktop portal's GlobalShortcuts (:mod:`.portal`). Where none is available (a
Wayland compositor without the portal, ``offscreen``) the hotkeys stay window-focused and
:meth:`GlobalHotkeys.status` says so for Settings.

A press emits :attr:`GlobalHotkeys.triggered` with the hotkey's name: the toolbar handles it
exactly like the focused hotkey (the same call is targeted, and nothing takes the focus
unless the action needs the window, like ``dial`` or ``state``). A key another program holds
is reported by name (:attr:`GlobalHotkeys.problems`), never silently lost; keys are released
when the settings change and on quit (:meth:`GlobalHotkeys.close`).

The Linux/X11 backend runs in this project's tests against Xvfb, the portal backend against a
stand-in portal on a private D-Bus; the Windows and macOS backends are written against the
platforms' documented APIs and not run here.
"""

from __future__ import annotations

import logging
import sys

from agent_toolbar.qt import QGuiApplication, QKeySequence, QObject, QtCore, Signal
from agent_toolbar.settings import Settings
from agent_toolbar.ui.common.tr import fill
from agent_toolbar.ui.shell.global_keys.base import Grab, Grabber, chord_of
from agent_toolbar.ui.shell.hotkeys import NAMES, parse_sequence

__all__ = ["GLOBAL_NAMES", "GlobalHotkeys", "make_grabber"]

#: Hotkeys that can be system-wide: every ``hotkeys/*`` action (the conference panel's too).
GLOBAL_NAMES = (*NAMES, "conference")

log = logging.getLogger(__name__)


def _label(name: str) -> str:
    from agent_toolbar.settings import BY_KEY

    decl = BY_KEY.get(f"hotkeys/{name}")
    return QtCore.QCoreApplication.translate("", decl.label) if decl else name


def make_grabber() -> tuple[Grabber | None, str]:
    """The platform's backend, or None and why there is none."""
    platform = QGuiApplication.platformName()
    try:
        if sys.platform == "win32":
            from agent_toolbar.ui.shell.global_keys.windows import WindowsGrabber

            return WindowsGrabber(), ""
        if sys.platform == "darwin":
            from agent_toolbar.ui.shell.global_keys.macos import MacGrabber

            return MacGrabber(), ""
        if platform == "xcb":
            from agent_toolbar.ui.shell.global_keys.x11 import X11Grabber

            return X11Grabber(), ""
        if platform.startswith("wayland"):
            from agent_toolbar.ui.shell.global_keys.portal import PortalGrabber

            grabber = PortalGrabber.probe()
            if grabber is not None:
                return grabber, ""
            return None, QtCore.QCoreApplication.translate(
                "GlobalHotkeys",
                "This Wayland desktop offers no global shortcuts (the GlobalShortcuts portal): "
                "hotkeys work only while the toolbar has the focus.",
            )
    except Exception as exc:  # a missing library or display: fall back, and say why
        log.warning("system-wide hotkeys are not available: %s", exc)
        text = QtCore.QCoreApplication.translate(
            "GlobalHotkeys",
            "System-wide hotkeys are not available here (%1): hotkeys work only "
            "while the toolbar has the focus.",
        )
        return None, fill(text, exc)
    text = QtCore.QCoreApplication.translate(
        "GlobalHotkeys",
        "System-wide hotkeys are not available on this display (%1): hotkeys work "
        "only while the toolbar has the focus.",
    )
    return None, fill(text, platform)


class GlobalHotkeys(QObject):
    """The system-wide hotkeys of the running toolbar.

    Signals:
        triggered(str): Hotkey ``name`` was pressed somewhere on the desktop.
        problems_found(list): Texts about keys that could not be registered.

    Attributes:
        problems: The current problems (also in :meth:`status`).
        active: Hotkey names registered system-wide now.
    """

    triggered = Signal(str)
    problems_found = Signal(list)

    def __init__(self, settings: Settings, grabber: Grabber | None = None,
                 parent: QObject | None = None, *, note: str = "") -> None:  # fmt: skip
        """Register the hotkeys of ``settings`` (a ``grabber`` is made when not given)."""
        super().__init__(parent)
        self._settings = settings
        if grabber is None and not note:
            grabber, note = make_grabber()
        self._grabber = grabber
        self._note = note
        self.problems: list[str] = []
        self.active: list[str] = []
        if grabber is not None:
            grabber.setParent(self)
            grabber.activated.connect(self.triggered)
        self.apply()

    @property
    def available(self) -> bool:
        """Whether hotkeys can be system-wide here."""
        return self._grabber is not None

    def apply(self) -> list[str]:
        """Release every key, register the listed ones again; return the problems."""
        self.active, problems = [], []
        if self._grabber is None:
            self.problems = []
            return []
        self._grabber.release_all()
        wanted = [str(n).strip() for n in self._settings.get("hotkeys/global") or []]
        for name in wanted:
            if name not in GLOBAL_NAMES:
                problems.append(
                    fill(
                        QtCore.QCoreApplication.translate(
                            "GlobalHotkeys", "“%1” in hotkeys/global is not a hotkey"
                        ),
                        name,
                    )
                )
                continue
            raw = str(self._settings.get(f"hotkeys/{name}") or "")
            sequence = parse_sequence(raw) if raw.strip() else None
            chord = chord_of(sequence) if sequence is not None else None
            if chord is None:
                continue  # unset or invalid: the focused hotkeys report it
            text = sequence.toString(QKeySequence.SequenceFormat.NativeText) if sequence else raw
            result = self._grabber.grab(name, chord)
            if result is Grab.TAKEN:
                self.active.append(name)
            elif result is Grab.HELD:
                held = QtCore.QCoreApplication.translate(
                    "GlobalHotkeys",
                    "%1 (%2) is held by another program: it works only while the toolbar "
                    "has the focus",
                )
                problems.append(fill(held, text, _label(name)))
            else:
                unsupported = QtCore.QCoreApplication.translate(
                    "GlobalHotkeys", "%1 (%2) cannot be a system-wide hotkey here"
                )
                problems.append(fill(unsupported, text, _label(name)))
        for problem in problems:
            log.warning("global hotkeys: %s", problem)
        self.problems = problems
        if problems:
            self.problems_found.emit(problems)
        return problems

    def status(self) -> str:
        """One paragraph for Settings: what is in use, what is not and why."""
        if self._grabber is None:
            return self._note
        label = getattr(self._grabber, "label", "")
        head = fill(
            QtCore.QCoreApplication.translate("GlobalHotkeys", "System-wide hotkeys: %1."), label
        )
        if self.active:
            head += " " + QtCore.QCoreApplication.translate("GlobalHotkeys", "Active: %1.").replace(
                "%1", ", ".join(_label(n) for n in self.active)
            )
        return " ".join([head, *self.problems])

    def close(self) -> None:
        """Release every key and the connection to the system (on quit)."""
        if self._grabber is not None:
            self._grabber.close()
            self._grabber = None
        self.active = []
