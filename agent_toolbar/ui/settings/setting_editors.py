"""One editor widget per setting :class:`~agent_toolbar.settings.Kind`.

The settings dialog asks :func:`make_editor` for an editor for each declared setting; every
editor has the same small interface (:meth:`SettingEditor.value`,
:meth:`SettingEditor.set_value`, the ``edited`` signal), so the dialog never switches on
the kind itself.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from typing import Any

from agent_toolbar.qt import (
    QCoreApplication,
    QKeySequence,
    Qt,
    QtCore,
    QtWidgets,
    QWidget,
    Signal,
)
from agent_toolbar.settings import BY_KEY, Kind, Setting

__all__ = ["SettingEditor", "choice_text", "make_editor"]


def _range(decl: Setting, low: float, high: float) -> tuple[float, float]:
    """The declared range of a numeric setting (``low``/``high`` where it declares none)."""
    return (
        low if decl.minimum is None else decl.minimum,
        high if decl.maximum is None else decl.maximum,
    )


# Language names are written in their own language, whatever the interface language is.
_NATIVE = {("ui/language", "ru"): "Русский", ("ui/language", "en"): "English"}


def choice_text(key: str, value: str) -> str:
    """How a choice is shown in its combo box (translated; the raw value if unknown)."""
    if (key, value) in _NATIVE:
        return _NATIVE[(key, value)]
    decl = BY_KEY.get(key)
    declared = decl.choice_label(value) if decl is not None else None
    # declared with its setting (tr_noop: the empty context); the raw value otherwise
    return QCoreApplication.translate("", declared) if declared else value


@contextlib.contextmanager
def _quiet(widget: QWidget) -> Iterator[None]:
    """Block ``widget``'s signals meanwhile: a value shown is not an edit."""
    widget.blockSignals(True)
    try:
        yield
    finally:
        widget.blockSignals(False)


class SettingEditor(QWidget):
    """Edits one setting.

    Signals:
        edited(): The operator changed the value.
    """

    edited = Signal()

    def __init__(self, decl: Setting, parent: QWidget | None = None) -> None:
        """Create the editor for ``decl``; subclasses add the field."""
        super().__init__(parent)
        self.decl = decl
        self.layout_ = QtWidgets.QHBoxLayout(self)
        self.layout_.setContentsMargins(0, 0, 0, 0)
        self._field: QWidget | None = None

    def _install(
        self, field: QWidget, changed: QtCore.SignalInstance, *, stretch: bool = True
    ) -> None:
        """Lay out ``field`` as this editor's field; its ``changed`` signal means edited."""
        self._field = field
        changed.connect(self.edited)
        self.layout_.addWidget(field)
        if stretch:
            self.layout_.addStretch(1)

    @property
    def field(self) -> QWidget:
        """The widget that takes focus (a label's buddy)."""
        if self._field is None:
            raise NotImplementedError
        return self._field

    def value(self) -> Any:
        """The value as the setting's type."""
        raise NotImplementedError

    def set_value(self, value: Any) -> None:
        """Show ``value``."""
        raise NotImplementedError


class _LineEditor(SettingEditor):
    def __init__(self, decl: Setting, parent: QWidget | None = None) -> None:
        super().__init__(decl, parent)
        self.edit = QtWidgets.QLineEdit(self)
        self._install(self.edit, self.edit.textEdited, stretch=False)

    def value(self) -> Any:
        return self.edit.text().strip()

    def set_value(self, value: Any) -> None:
        self.edit.setText(str(value or ""))


class _SecretEditor(_LineEditor):
    """A password field; an empty field keeps the stored secret."""

    def __init__(self, decl: Setting, parent: QWidget | None = None) -> None:
        super().__init__(decl, parent)
        self.edit.setEchoMode(QtWidgets.QLineEdit.EchoMode.Password)

    def value(self) -> Any:
        return self.edit.text()  # never stripped: spaces may be part of a password


class _ListEditor(_LineEditor):
    """Comma-separated items (as in the INI file)."""

    def __init__(self, decl: Setting, parent: QWidget | None = None) -> None:
        super().__init__(decl, parent)
        self.edit.setPlaceholderText(QCoreApplication.translate("SettingEditor", "a, b, c"))

    def value(self) -> Any:
        return [item.strip() for item in self.edit.text().split(",") if item.strip()]

    def set_value(self, value: Any) -> None:
        items = value if isinstance(value, list | tuple) else str(value or "").split(",")
        self.edit.setText(", ".join(str(i).strip() for i in items if str(i).strip()))


class _PathEditor(_LineEditor):
    """A file name with a Browse… button (the file dialog opens non-modally)."""

    def __init__(self, decl: Setting, parent: QWidget | None = None) -> None:
        super().__init__(decl, parent)
        self.browse = QtWidgets.QPushButton(
            QCoreApplication.translate("SettingEditor", "Browse…"), self
        )
        self.browse.setAccessibleName(QCoreApplication.translate("SettingEditor", "Choose a file"))
        self.browse.clicked.connect(self._choose)
        self.layout_.addWidget(self.browse)
        self._dialog: QtWidgets.QFileDialog | None = None

    def _choose(self) -> None:
        dialog = QtWidgets.QFileDialog(
            self, QCoreApplication.translate("SettingEditor", "Choose a file")
        )
        dialog.setFileMode(QtWidgets.QFileDialog.FileMode.ExistingFile)
        if self.edit.text():
            dialog.selectFile(self.edit.text())
        dialog.fileSelected.connect(self._chosen)
        self._dialog = dialog
        dialog.open()

    def _chosen(self, path: str) -> None:
        self.edit.setText(path)
        self.edited.emit()


class _IntEditor(SettingEditor):
    def __init__(self, decl: Setting, parent: QWidget | None = None) -> None:
        super().__init__(decl, parent)
        self.spin = QtWidgets.QSpinBox(self)
        low, high = _range(decl, 0, 1_000_000)
        self.spin.setRange(int(low), int(high))
        self._install(self.spin, self.spin.valueChanged)

    def value(self) -> Any:
        return self.spin.value()

    def set_value(self, value: Any) -> None:
        with _quiet(self.spin):
            self.spin.setValue(int(value))


class _FloatEditor(SettingEditor):
    def __init__(self, decl: Setting, parent: QWidget | None = None) -> None:
        super().__init__(decl, parent)
        self.spin = QtWidgets.QDoubleSpinBox(self)
        low, high = _range(decl, 0.0, 1_000_000.0)
        self.spin.setRange(float(low), float(high))
        self.spin.setDecimals(1)
        self._install(self.spin, self.spin.valueChanged)

    def value(self) -> Any:
        return round(self.spin.value(), 1)

    def set_value(self, value: Any) -> None:
        with _quiet(self.spin):
            self.spin.setValue(float(value))


class _BoolEditor(SettingEditor):
    def __init__(self, decl: Setting, parent: QWidget | None = None) -> None:
        super().__init__(decl, parent)
        self.check = QtWidgets.QCheckBox(self)
        self._install(self.check, self.check.toggled)

    def value(self) -> Any:
        return self.check.isChecked()

    def set_value(self, value: Any) -> None:
        with _quiet(self.check):
            self.check.setChecked(bool(value))


class _ChoiceEditor(SettingEditor):
    def __init__(self, decl: Setting, parent: QWidget | None = None) -> None:
        super().__init__(decl, parent)
        self.combo = QtWidgets.QComboBox(self)
        for choice in decl.choices:
            self.combo.addItem(choice_text(decl.key, choice), choice)
        self._install(self.combo, self.combo.activated)

    def value(self) -> Any:
        return self.combo.currentData()

    def set_value(self, value: Any) -> None:
        index = self.combo.findData(value)
        self.combo.setCurrentIndex(max(index, 0))


class _KeysEditor(SettingEditor):
    def __init__(self, decl: Setting, parent: QWidget | None = None) -> None:
        super().__init__(decl, parent)
        self.keys = QtWidgets.QKeySequenceEdit(self)
        self.keys.setClearButtonEnabled(True)
        self.keys.setMaximumSequenceLength(1)
        self._install(self.keys, self.keys.keySequenceChanged)

    def value(self) -> Any:
        return self.keys.keySequence().toString(QKeySequence.SequenceFormat.PortableText)

    def set_value(self, value: Any) -> None:
        with _quiet(self.keys):
            self.keys.setKeySequence(
                QKeySequence.fromString(str(value or ""), QKeySequence.SequenceFormat.PortableText)
            )


class _TextEditor(SettingEditor):
    def __init__(self, decl: Setting, parent: QWidget | None = None) -> None:
        super().__init__(decl, parent)
        self.text = QtWidgets.QPlainTextEdit(self)
        self.text.setTabChangesFocus(True)
        self.text.setLineWrapMode(QtWidgets.QPlainTextEdit.LineWrapMode.NoWrap)
        self.text.setMinimumHeight(90)
        self._install(self.text, self.text.textChanged, stretch=False)

    def value(self) -> Any:
        lines = [line.rstrip() for line in self.text.toPlainText().splitlines()]
        return "\n".join(line for line in lines if line.strip())

    def set_value(self, value: Any) -> None:
        with _quiet(self.text):
            self.text.setPlainText(str(value or ""))


_EDITORS: dict[Kind, type[SettingEditor]] = {
    Kind.STR: _LineEditor,
    Kind.INT: _IntEditor,
    Kind.FLOAT: _FloatEditor,
    Kind.BOOL: _BoolEditor,
    Kind.CHOICE: _ChoiceEditor,
    Kind.LIST: _ListEditor,
    Kind.KEYS: _KeysEditor,
    Kind.TEXT: _TextEditor,
    Kind.PATH: _PathEditor,
}


def make_editor(decl: Setting, parent: QWidget | None = None) -> SettingEditor:
    """The editor for ``decl`` (a password field for secrets)."""
    cls = _SecretEditor if decl.secret else _EDITORS[decl.kind]
    editor = cls(decl, parent)
    editor.field.setObjectName(decl.key.replace("/", "_"))
    editor.setFocusProxy(editor.field)
    editor.setAttribute(Qt.WidgetAttribute.WA_MacShowFocusRect, True)
    return editor
