"""The strip that warns an operator their passwords will not survive a restart."""

from __future__ import annotations

from agent_toolbar.credentials import Credentials
from agent_toolbar.qt import QtWidgets, QWidget, Signal, Slot


class CredentialsBanner(QtWidgets.QFrame):
    """Shown while secrets are kept in memory only (no secure system keyring).

    It follows a :class:`~agent_toolbar.credentials.Credentials`: hidden while a secure store
    is in use, shown from the moment there is none (at start, or when the store fails
    mid-session). The store may report from an executor thread, so the change crosses into
    the GUI thread through a queued signal.

    Signals:
        persistence_changed(bool): the store's persistence changed (True = a secure keyring).
    """

    persistence_changed = Signal(bool)

    def __init__(self, credentials: Credentials | None = None, parent: QWidget | None = None):
        """Build the banner; with ``credentials``, follow its persistence."""
        super().__init__(parent)
        self.setObjectName("credentialsBanner")
        self.setFrameShape(QtWidgets.QFrame.Shape.StyledPanel)
        self.setStyleSheet(
            "#credentialsBanner { background: #fff4ce; color: #3b2f00; border: 1px solid #e0c36a; }"
        )
        self._label = QtWidgets.QLabel(self)
        self._label.setWordWrap(True)
        layout = QtWidgets.QHBoxLayout(self)
        layout.setContentsMargins(8, 4, 8, 4)
        layout.addWidget(self._label)
        self.retranslate()
        self.persistence_changed.connect(self._apply)
        persistent = True
        if credentials is not None:
            persistent = credentials.persistent
            credentials.add_listener(self.persistence_changed.emit)
        self._apply(persistent)

    def text(self) -> str:
        """The banner's (translated) text."""
        return self._label.text()

    def retranslate(self) -> None:
        """Set the text in the current language."""
        # The literal (not SESSION_ONLY_NOTICE) so lupdate extracts it; a test keeps them equal.
        self._label.setText(self.tr("No system keyring: passwords are kept only until you quit"))

    @Slot(bool)
    def _apply(self, persistent: bool) -> None:
        self.setVisible(not persistent)
