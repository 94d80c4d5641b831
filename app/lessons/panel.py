"""The lesson panel: the lesson's title, "step 3 of 5", the step's title and text (escaped through
app.notes.render_notes), a notice beside it (numbers still being measured, or why they are missing), the
question, Back / Next, a jump-to-step list and Leave. On a language switch it writes its own texts again
and emits ``languageChanged`` for the lesson's texts (its controller has them)."""

from __future__ import annotations

import html
import re

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from app.lessons.question import QuestionWidget
from app.notes import render_notes

_PLACEHOLDER = re.compile(r"\{[A-Za-z_][A-Za-z0-9_]*(?::[^{}]*)?\}")


def pending_text(value: str) -> str:
    """A step's text before its numbers are measured: each ``{id}`` shown as "…"."""
    return _PLACEHOLDER.sub("…", value)


class LessonPanel(QWidget):
    backRequested = Signal()
    nextRequested = Signal()
    jumpRequested = Signal(int)
    leaveRequested = Signal()
    languageChanged = Signal()

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("lessonPanel")
        self.setMinimumWidth(300)
        self._step_titles: list[str] = []  # the lesson's, as show_lesson got them (withhold_step_title)
        layout = QVBoxLayout(self)
        self.lesson_title = QLabel()
        self.lesson_title.setObjectName("lessonTitle")
        self.lesson_title.setWordWrap(True)
        self.lesson_title.setStyleSheet("#lessonTitle { font-size: 13pt; font-weight: bold; }")
        layout.addWidget(self.lesson_title)
        self.progress = QLabel()
        layout.addWidget(self.progress)
        self.jump = QComboBox()
        self.jump.activated.connect(self.jumpRequested.emit)
        layout.addWidget(self.jump)
        self.text = QLabel()
        self.text.setObjectName("lessonText")
        self.text.setWordWrap(True)
        self.text.setTextFormat(Qt.TextFormat.RichText)
        self.text.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.text.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(self.text)
        self.measuring = QLabel()  # "measuring…", or a notice about this step's numbers
        self.measuring.setWordWrap(True)
        self.measuring.setTextFormat(Qt.TextFormat.RichText)
        self.measuring.hide()
        layout.addWidget(self.measuring)
        self.question = QuestionWidget()
        layout.addWidget(self.question)
        layout.addStretch(1)
        row = QHBoxLayout()
        self.back_button = QPushButton()
        self.back_button.clicked.connect(self.backRequested.emit)
        self.next_button = QPushButton()
        self.next_button.clicked.connect(self.nextRequested.emit)
        row.addWidget(self.back_button)
        row.addWidget(self.next_button)
        layout.addLayout(row)
        self.leave_button = QPushButton()
        self.leave_button.clicked.connect(self.leaveRequested.emit)
        layout.addWidget(self.leave_button)
        self._step = (0, 0)  # (position, count) shown
        self.retranslate()

    def retranslate(self) -> None:
        self.jump.setToolTip(self.tr("Jump to a step"))
        self.back_button.setText(self.tr("◀ Back"))
        self.next_button.setText(self.tr("Next ▶"))
        self.leave_button.setText(self.tr("Leave lesson"))
        self._show_progress()

    def changeEvent(self, event):  # noqa: N802 — Qt's name
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
            self.languageChanged.emit()
        super().changeEvent(event)

    def _show_progress(self) -> None:
        position, count = self._step
        self.progress.setText(self.tr("Step {number} of {count}").format(number=position + 1, count=count)
                              if count else "")

    def show_lesson(self, title: str, step_titles: list[str]) -> None:
        self.lesson_title.setText(title)
        self._step_titles = list(step_titles)
        self.jump.clear()
        for i, step_title in enumerate(step_titles):
            self.jump.addItem(f"{i + 1}. {step_title}")

    def withhold_step_title(self, position: int, withheld: bool) -> None:
        """The step list shows "N. …" for a step whose question waits: a title often states the answer
        ("L2 shrinks, but never to zero" above "does x reach exactly 0?")."""
        titles = self._step_titles
        if 0 <= position < min(len(titles), self.jump.count()):
            self.jump.setItemText(position, f"{position + 1}. {'…' if withheld else titles[position]}")

    def show_step(self, position: int, count: int, title: str, body: str, measured: bool) -> None:
        self._step = (position, count)
        self._show_progress()
        self.jump.setCurrentIndex(position)
        self.back_button.setEnabled(position > 0)
        self.next_button.setEnabled(position < count - 1)
        self.set_body(title, body, measured)

    def set_body(self, title: str, body: str, measured: bool) -> None:
        """The step's text; unless ``measured``, its numbers as "…" and "measuring…" beside it."""
        self.text.setText(render_notes(body if measured else pending_text(body), title))
        self.measuring.setText(self.question.measuring_text())
        self.measuring.setVisible(not measured)

    def show_notice(self, message: str) -> None:
        """A one-line notice beside the text: why its numbers are missing, or that a claim did not hold."""
        self.measuring.setText(html.escape(message, quote=False))
        self.measuring.show()

    def notice_text(self) -> str:
        return self.measuring.text()
