"""Keyboard focus for a classroom (issue 15, item 5): the playback keys (Space, Home, End, ←, →) belong
to the window whenever no text field is being edited, so a text field must hand focus back.

``FocusReturn(home, guarded)``: Enter in a text field (a number field, the formula, the steps box)
commits it and hands focus back to ``home`` (the map); Esc restores the field's last good value and does
the same. A mouse press on ``guarded`` (the map's viewport) while a text field is being edited only takes
the focus (the field commits as it loses it): that click does not also move the start point.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt, QTimer
from PySide6.QtWidgets import QAbstractSpinBox, QApplication, QDoubleSpinBox, QLineEdit, QSpinBox, QWidget

from app.widgets.fields import NumberField

ENTER_KEYS = (Qt.Key.Key_Return, Qt.Key.Key_Enter)


def editing_text() -> bool:
    """Is a text field (line edit or spin box) the focus widget right now?"""
    widget = QApplication.focusWidget()
    if isinstance(widget, QLineEdit):
        return not widget.isReadOnly()
    return isinstance(widget, QAbstractSpinBox)


class FocusReturn(QObject):
    def __init__(self, home: QWidget, guarded: QWidget | None = None, parent: QObject | None = None):
        super().__init__(parent)
        self.home = home
        self.guarded = guarded
        self._left_by_click = False  # a text field just lost focus to a mouse press (this event only)
        if guarded is not None:
            guarded.installEventFilter(self)

    def watch(self, *roots: QWidget) -> None:
        """Every text field in ``roots`` (and their children) hands focus back on Enter or Esc."""
        for root in roots:
            fields = [w for w in root.findChildren(QWidget) if isinstance(w, QLineEdit | QAbstractSpinBox)]
            if isinstance(root, QLineEdit | QAbstractSpinBox):
                fields.append(root)
            for field in fields:
                if isinstance(field, QLineEdit) and isinstance(field.parent(), QAbstractSpinBox):
                    continue  # a spin box's own editor: its keys reach the spin box
                field.installEventFilter(self)

    def go_home(self) -> None:
        if self.home.isVisible():
            self.home.setFocus(Qt.FocusReason.OtherFocusReason)
        else:  # the map is hidden (another tab): focus the window, whose shortcuts still work
            focus = QApplication.focusWidget()
            if focus is not None:
                focus.clearFocus()

    def eventFilter(self, watched, event) -> bool:  # noqa: N802 — Qt's name
        kind = event.type()
        if kind == QEvent.Type.FocusOut and isinstance(watched, QLineEdit | QAbstractSpinBox):
            # Qt moves the focus before it delivers the press that caused it: remember it for that press.
            if event.reason() == Qt.FocusReason.MouseFocusReason:
                self._left_by_click = True
                QTimer.singleShot(0, self._forget_click)
            return False
        if kind == QEvent.Type.KeyPress and isinstance(watched, QLineEdit | QAbstractSpinBox):
            if event.key() in ENTER_KEYS:
                QTimer.singleShot(0, self.go_home)  # after the field has committed its value
                return False
            if event.key() == Qt.Key.Key_Escape:
                if isinstance(watched, NumberField):
                    watched.setText("")  # forces setValue to write the last good value back
                    watched.setValue(watched.value())
                elif isinstance(watched, QSpinBox | QDoubleSpinBox):
                    watched.lineEdit().setText(watched.textFromValue(watched.value()))
                self.go_home()
                return True
        elif kind == QEvent.Type.MouseButtonPress and watched is self.guarded and self._left_by_click:
            self._left_by_click = False  # the field lost focus (and committed); this click was only for that
            self.go_home()
            return True
        return False

    def _forget_click(self) -> None:
        self._left_by_click = False
