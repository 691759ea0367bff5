"""The Qt binding must not leak or over-release Python's singletons.

PySide6 6.12.0 releases the ``None``/``False`` returned by Python overrides of virtual
methods once too often; on Python 3.11 (where these objects are not immortal) the process
aborts with "deallocating None" after a few thousand repaints — a toolbar that dies after
an hour of calls. This test drives the same kinds of overrides the widgets use and fails
on such a binding before an operator does.
"""

from __future__ import annotations

import sys

from agent_toolbar.qt import QApplication, QObject, QtCore, QtGui, QtWidgets

ROUNDS = 3000


class _Filter(QObject):
    def eventFilter(self, watched: QObject, event: QtCore.QEvent) -> bool:
        return False


class _Widget(QtWidgets.QWidget):
    def paintEvent(self, event: QtGui.QPaintEvent) -> None:
        return None

    def changeEvent(self, event: QtCore.QEvent) -> None:
        super().changeEvent(event)


def _singletons() -> tuple[int, int, int]:
    return sys.getrefcount(None), sys.getrefcount(False), sys.getrefcount(True)


def test_virtual_overrides_keep_singleton_refcounts(qapp: QApplication) -> None:
    widget = _Widget()
    event_filter = _Filter()
    widget.installEventFilter(event_filter)
    widget.resize(50, 50)
    widget.show()
    qapp.processEvents()
    before = _singletons()
    for _ in range(ROUNDS):
        widget.update()
        widget.setEnabled(not widget.isEnabled())
        qapp.processEvents()
    after = _singletons()
    widget.close()
    # A correct binding moves these by a handful; the broken one by thousands.
    for name, was, now in zip(("None", "False", "True"), before, after, strict=True):
        assert now > was - 200, f"{name} lost {was - now} references in {ROUNDS} rounds"
