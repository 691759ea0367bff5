"""The DTMF keypad: 0–9, ``*``, ``#`` and ``!`` (flash), by mouse or keyboard.

The pad only reports digits; the call card turns them into
:class:`~agent_toolbar.cti.intents.SendDtmf`. While recording is paused (secure mode) the
digits already sent are shown masked, since they may be card data.
"""

from __future__ import annotations

from agent_toolbar.qt import Qt, QtGui, QtWidgets, Signal
from agent_toolbar.ui.common.tr import fill

__all__ = ["DTMF_KEYS", "DtmfPad"]

#: The keys of the pad, row by row (``!`` is a hook flash).
DTMF_KEYS = ("123", "456", "789", "*0#")
_VALID = frozenset("0123456789*#!")
_ECHO_LIMIT = 24


class DtmfPad(QtWidgets.QWidget):
    """A 4×3 keypad plus a flash key, with a line echoing what was sent.

    Signals:
        digits_entered(str): The operator pressed one or more DTMF keys.
    """

    digits_entered = Signal(str)

    def __init__(self, parent: QtWidgets.QWidget | None = None) -> None:
        """Build the keypad (its buttons take focus so the pad is usable by keyboard)."""
        super().__init__(parent)
        self.setObjectName("DtmfPad")
        self._secure = False
        self._sent = ""
        self._echo = QtWidgets.QLabel(self)
        self._echo.setObjectName("dtmfEcho")
        self._echo.setMinimumWidth(120)
        self._buttons: dict[str, QtWidgets.QToolButton] = {}
        grid = QtWidgets.QGridLayout(self)
        grid.setContentsMargins(6, 6, 6, 6)
        grid.setSpacing(4)
        grid.addWidget(self._echo, 0, 0, 1, 3)
        for row, keys in enumerate(DTMF_KEYS, start=1):
            for col, key in enumerate(keys):
                grid.addWidget(self._make_button(key), row, col)
        grid.addWidget(self._make_button("!"), len(DTMF_KEYS) + 1, 0, 1, 3)
        self.retranslate()

    def _make_button(self, key: str) -> QtWidgets.QToolButton:
        button = QtWidgets.QToolButton(self)
        button.setObjectName("dtmfKey")
        button.setText(key)
        button.setMinimumSize(40, 32)
        button.setSizePolicy(
            QtWidgets.QSizePolicy.Policy.Expanding, QtWidgets.QSizePolicy.Policy.Fixed
        )
        button.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        button.clicked.connect(lambda _checked=False, k=key: self.press(k))
        self._buttons[key] = button
        return button

    def retranslate(self) -> None:
        """Set the static texts in the current language."""
        self.setAccessibleName(self.tr("DTMF keypad"))
        flash = self._buttons["!"]
        flash.setText(self.tr("Flash (!)"))
        flash.setAccessibleName(self.tr("Flash"))
        flash.setToolTip(self.tr("Send a hook flash"))
        for key, button in self._buttons.items():
            if key != "!":
                button.setAccessibleName(fill(self.tr("Key %1"), key))
        self._refresh_echo()

    def set_secure(self, secure: bool) -> None:
        """Mask the echoed digits while recording is paused."""
        if secure != self._secure:
            if self._secure:  # digits typed while paused (card data) must not reappear
                self._sent = ""
            self._secure = secure
            self._refresh_echo()

    def clear(self) -> None:
        """Forget the echoed digits (a new call)."""
        self._sent = ""
        self._refresh_echo()

    @property
    def sent(self) -> str:
        """The digits sent from this pad since it was cleared (not masked)."""
        return self._sent

    def button(self, key: str) -> QtWidgets.QToolButton:
        """The button for ``key`` (``0``–``9``, ``*``, ``#``, ``!``)."""
        return self._buttons[key]

    def press(self, keys: str) -> None:
        """Send ``keys`` (anything but DTMF characters is ignored)."""
        digits = "".join(k for k in keys if k in _VALID)
        if not digits:
            return
        self._sent = (self._sent + digits)[-_ECHO_LIMIT:]
        self._refresh_echo()
        self.digits_entered.emit(digits)

    def keyPressEvent(self, event: QtGui.QKeyEvent) -> None:
        """Digits, ``*``, ``#`` and ``!`` typed while the pad has focus are sent."""
        text = event.text()
        if text and all(k in _VALID for k in text):
            self.press(text)
            event.accept()
            return
        super().keyPressEvent(event)

    def _refresh_echo(self) -> None:
        shown = "•" * len(self._sent) if self._secure else self._sent
        self._echo.setText(shown or self.tr("Digits you press are sent at once"))
        self._echo.setProperty("empty", not self._sent)
