"""A predict-then-run question: the student picks a choice *before* the run plays (or skips), then the
answer is revealed with the explanation, whose numbers were measured off the GUI thread."""

from __future__ import annotations

import html

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QButtonGroup, QHBoxLayout, QLabel, QPushButton, QRadioButton, QVBoxLayout, QWidget

MEASURING = "measuring…"


class QuestionWidget(QWidget):
    """``ask(prompt, choices)``; ``answered(int)`` or ``skipped()`` when the student commits; then
    ``show_measuring()`` until ``reveal(answer)`` (a core.lessons.Answer) or ``reveal_skipped(...)``."""

    answered = Signal(int)
    skipped = Signal()

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("lessonQuestion")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 6, 0, 0)
        self.prompt_label = QLabel()
        self.prompt_label.setWordWrap(True)
        self.prompt_label.setTextFormat(self.prompt_label.textFormat().RichText)
        layout.addWidget(self.prompt_label)
        self.choice_box = QWidget()
        self.choice_layout = QVBoxLayout(self.choice_box)
        self.choice_layout.setContentsMargins(8, 0, 0, 0)
        layout.addWidget(self.choice_box)
        self.group = QButtonGroup(self)
        self.group.idToggled.connect(lambda _id, _on: self._update_buttons())
        row = QHBoxLayout()
        self.check_button = QPushButton("Lock in my prediction and run")
        self.check_button.clicked.connect(self._commit)
        self.skip_button = QPushButton("Skip")
        self.skip_button.setToolTip("Run without predicting")
        self.skip_button.clicked.connect(self.skipped.emit)
        row.addWidget(self.check_button)
        row.addWidget(self.skip_button)
        row.addStretch(1)
        layout.addLayout(row)
        self.result_label = QLabel()
        self.result_label.setWordWrap(True)
        self.result_label.setTextFormat(self.result_label.textFormat().RichText)
        layout.addWidget(self.result_label)
        self.buttons: list[QRadioButton] = []
        self.pending = False  # asked and not yet answered or skipped

    def ask(self, prompt: str, choices: list[str]) -> None:
        for button in self.buttons:
            self.group.removeButton(button)
            button.deleteLater()
        self.buttons = []
        self.prompt_label.setText(f"<b>Predict:</b> {html.escape(prompt)}")
        for i, choice in enumerate(choices):
            button = QRadioButton(choice)
            self.group.addButton(button, i)
            self.choice_layout.addWidget(button)
            self.buttons.append(button)
        self.result_label.clear()
        self.result_label.hide()
        self.pending = True
        self.check_button.show()
        self.skip_button.show()
        self._update_buttons()

    def choose(self, index: int) -> None:
        self.buttons[index].setChecked(True)

    def _update_buttons(self) -> None:
        self.check_button.setEnabled(self.pending and self.group.checkedId() >= 0)

    def _commit(self) -> None:
        if self.group.checkedId() >= 0:
            self.answered.emit(self.group.checkedId())

    def lock(self) -> None:
        """The prediction is in: choices frozen, the run plays."""
        self.pending = False
        for button in self.buttons:
            button.setEnabled(False)
        self.check_button.hide()
        self.skip_button.hide()

    def show_measuring(self) -> None:
        self.result_label.setText(f"<i>{MEASURING}</i>")
        self.result_label.show()

    def reveal(self, answer, choices: list[str]) -> None:
        verdict = "Right." if answer.correct else "Not quite."
        right = html.escape(choices[answer.right]) if 0 <= answer.right < len(choices) else ""
        self.result_label.setText(f"<b>{verdict}</b> The answer: <b>{right}</b>.<br>{html.escape(answer.explanation)}")
        self.result_label.show()
        for i, button in enumerate(self.buttons):
            if i == answer.right:
                button.setText(f"{choices[i]}  ✓")

    def reveal_skipped(self, right: int, choices: list[str], explanation: str) -> None:
        right_text = html.escape(choices[right]) if 0 <= right < len(choices) else ""
        self.result_label.setText(f"The answer: <b>{right_text}</b>.<br>{html.escape(explanation)}")
        self.result_label.show()

    def result_text(self) -> str:
        return self.result_label.text()
