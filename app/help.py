"""Help ▸ Keyboard shortcuts (a dialog listing every key the window answers to) and the one-time hint
strip shown on a first launch (dismissed for good: remembered in app.settings)."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
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

# (keys, what they do) — the window's real bindings (app.main_window builds its actions from KEYS).
SHORTCUTS: tuple[tuple[str, str], ...] = (
    ("Space", "play / pause the race"),
    ("← / →", "one step back / forward"),
    ("Home / End", "back to step 0 / to the last step"),
    ("Enter / Esc (in a field)", "commit / restore the value; the keys go back to the map"),
    ("↑ / ↓ on a slider", "one 1-2-5 value up / down (Page Up/Down: a decade)"),
    ("Shift + drag a slider", "fine values instead of 1-2-5"),
    ("Ctrl+Z / Ctrl+Shift+Z", "undo / redo a scene change"),
    ("F11", "presentation mode: full screen, larger text and lines"),
    ("F6", "hide / show the controls column"),
    ("G", "show / hide the ghosts (each optimizer at its own lr and scale)"),
    ("R", "reset the map's zoom"),
    ("Ctrl+O / Ctrl+S", "open / save a scene"),
    ("Ctrl+E", "export the tab you are looking at"),
    ("F1", "this list"),
    ("Ctrl+Q", "quit (asks first while training or exporting)"),
)

HINT = ("Drag the lr × and loss × sliders and watch every optimizer react · click the map to move the start · "
        "Space plays the race · Presets has ready-made lessons · F1 lists the keys")


class ShortcutsDialog(QDialog):
    def __init__(self, parent=None):
        super().__init__(parent)
        self.setWindowTitle("Keyboard shortcuts")
        table = QTableWidget(len(SHORTCUTS), 2)
        table.setObjectName("shortcutsTable")
        table.setHorizontalHeaderLabels(("keys", "what they do"))
        table.verticalHeader().hide()
        table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        for row, (keys, what) in enumerate(SHORTCUTS):
            table.setItem(row, 0, QTableWidgetItem(keys))
            table.setItem(row, 1, QTableWidgetItem(what))
        table.resizeColumnsToContents()
        table.horizontalHeader().setStretchLastSection(True)
        self.table = table
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(table)
        layout.addWidget(buttons)
        self.resize(640, 480)


class HintStrip(QFrame):
    """A one-line strip above the views on a first launch; "Got it" hides it for good."""

    dismissed = Signal()

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("hintStrip")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setStyleSheet("#hintStrip { background: #1f3b4d; } #hintStrip QLabel { color: #ffffff; }")
        self.text = QLabel(HINT)
        self.text.setWordWrap(True)
        self.button = QPushButton("Got it")
        self.button.setToolTip("Hide this hint; it is not shown again")
        self.button.clicked.connect(self._dismiss)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(8, 4, 8, 4)
        layout.addWidget(self.text, 1)
        layout.addWidget(self.button, 0, Qt.AlignmentFlag.AlignVCenter)

    def _dismiss(self) -> None:
        self.hide()
        self.dismissed.emit()
