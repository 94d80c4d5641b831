"""Help ▸ Keyboard shortcuts (a dialog listing every key the window answers to) and the one-time hint
strip shown on a first launch (dismissed for good: remembered in app.settings)."""

from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP, Qt, Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.i18n import is_language_change, translate

# (keys, what they do) — the window's real bindings (app.menus builds the actions). Both columns are
# translated where shown (context ShortcutsDialog); key names such as Ctrl+Z stay as they are.
SHORTCUTS: tuple[tuple[str, str], ...] = (
    ("Space", QT_TRANSLATE_NOOP("ShortcutsDialog", "play / pause the race")),
    ("← / →", QT_TRANSLATE_NOOP("ShortcutsDialog", "one step back / forward")),
    ("Home / End", QT_TRANSLATE_NOOP("ShortcutsDialog", "back to step 0 / to the last step")),
    (QT_TRANSLATE_NOOP("ShortcutsDialog", "Enter / Esc (in a field)"),
     QT_TRANSLATE_NOOP("ShortcutsDialog", "commit / restore the value; the keys go back to the map")),
    (QT_TRANSLATE_NOOP("ShortcutsDialog", "↑ / ↓ on a slider"),
     QT_TRANSLATE_NOOP("ShortcutsDialog", "one 1-2-5 value up / down (Page Up/Down: a decade)")),
    (QT_TRANSLATE_NOOP("ShortcutsDialog", "Shift + drag a slider"),
     QT_TRANSLATE_NOOP("ShortcutsDialog", "fine values instead of 1-2-5")),
    ("Ctrl+Z / Ctrl+Shift+Z / Ctrl+Y", QT_TRANSLATE_NOOP("ShortcutsDialog", "undo / redo a scene change")),
    ("F11 / F5", QT_TRANSLATE_NOOP("ShortcutsDialog", "presentation mode: full screen, larger text and lines")),
    ("F6", QT_TRANSLATE_NOOP("ShortcutsDialog", "hide / show the controls column")),
    ("F7", QT_TRANSLATE_NOOP("ShortcutsDialog",
                             "inside the optimizer: vectors on the map, the selected run's state, step by step")),
    ("G", QT_TRANSLATE_NOOP("ShortcutsDialog", "show / hide the ghosts (each optimizer at its own lr and scale)")),
    ("R", QT_TRANSLATE_NOOP("ShortcutsDialog", "reset the map's zoom")),
    ("Ctrl+O / Ctrl+S", QT_TRANSLATE_NOOP("ShortcutsDialog", "open / save a scene")),
    ("Ctrl+E", QT_TRANSLATE_NOOP("ShortcutsDialog", "export the tab you are looking at")),
    ("F1 / Esc", QT_TRANSLATE_NOOP("ShortcutsDialog", "open / close this list")),
    ("Ctrl+Q", QT_TRANSLATE_NOOP("ShortcutsDialog", "quit (asks first while training or exporting)")),
)


class ShortcutsDialog(QDialog):
    def __init__(self, parent=None):
        super().__init__(parent)
        table = QTableWidget(len(SHORTCUTS), 2)
        table.setObjectName("shortcutsTable")
        table.verticalHeader().hide()
        table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        for row in range(len(SHORTCUTS)):
            table.setItem(row, 0, QTableWidgetItem())
            table.setItem(row, 1, QTableWidgetItem())
        table.horizontalHeader().setStretchLastSection(True)
        self.table = table
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(table)
        layout.addWidget(buttons)
        self.retranslate()
        self.resize(640, 480)

    def showEvent(self, event) -> None:  # noqa: N802 — Qt's name
        """Take the keyboard at once: Esc closes the list and ↑/↓ scroll it, rather than reaching the window
        behind (a window manager, or none, need not activate a new non-modal dialog)."""
        super().showEvent(event)
        self.raise_()
        self.activateWindow()
        self.table.setFocus(Qt.FocusReason.ActiveWindowFocusReason)

    def retranslate(self) -> None:
        self.setWindowTitle(self.tr("Keyboard shortcuts"))
        self.table.setHorizontalHeaderLabels((self.tr("keys"), self.tr("what they do")))
        for row, (keys, what) in enumerate(SHORTCUTS):
            self.table.item(row, 0).setText(translate("ShortcutsDialog", keys))
            self.table.item(row, 1).setText(translate("ShortcutsDialog", what))
        self.table.resizeColumnToContents(0)

    def changeEvent(self, event) -> None:  # noqa: N802 — Qt's name
        if is_language_change(event):
            self.retranslate()
        super().changeEvent(event)


class HintStrip(QFrame):
    """A one-line strip above the views on a first launch; "Got it" hides it for good."""

    dismissed = Signal()

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("hintStrip")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setStyleSheet("#hintStrip { background: #1f3b4d; } #hintStrip QLabel { color: #ffffff; }")
        self.text = QLabel()
        self.text.setWordWrap(True)
        self.button = QPushButton()
        self.button.clicked.connect(self._dismiss)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(8, 4, 8, 4)
        layout.addWidget(self.text, 1)
        layout.addWidget(self.button, 0, Qt.AlignmentFlag.AlignVCenter)
        self.retranslate()

    def retranslate(self) -> None:
        self.text.setText(self.tr("Drag the lr × and loss × sliders and watch every optimizer react · click the "
                                  "map to move the start · Space plays the race · Presets has ready-made "
                                  "lessons · F1 lists the keys"))
        self.button.setText(self.tr("Got it"))
        self.button.setToolTip(self.tr("Hide this hint; it is not shown again"))

    def changeEvent(self, event) -> None:  # noqa: N802 — Qt's name
        if is_language_change(event):
            self.retranslate()
        super().changeEvent(event)

    def _dismiss(self) -> None:
        self.hide()
        self.dismissed.emit()
