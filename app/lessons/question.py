"""A predict-then-run question: the student picks a choice *before* the run plays (or skips), then the
answer is revealed with the explanation, whose numbers were measured off the GUI thread."""

from __future__ import annotations

import html

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtWidgets import QButtonGroup, QHBoxLayout, QLabel, QPushButton, QRadioButton, QVBoxLayout, QWidget


class QuestionWidget(QWidget):
    """``ask(prompt, choices)``; ``answered(int)`` or ``skipped()`` when the student commits; then
    ``show_measuring()`` until ``reveal(answer)`` (a core.lessons.Answer) or ``reveal_skipped(...)``.
    ``set_texts(prompt, choices)`` writes the same question again in another language."""

    answered = Signal(int)
    skipped = Signal()

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("lessonQuestion")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 6, 0, 0)
        self.prompt_label = QLabel()
        self.prompt_label.setWordWrap(True)
        self.prompt_label.setTextFormat(Qt.TextFormat.RichText)
        layout.addWidget(self.prompt_label)
        self.choice_box = QWidget()
        self.choice_layout = QVBoxLayout(self.choice_box)
        self.choice_layout.setContentsMargins(8, 0, 0, 0)
        layout.addWidget(self.choice_box)
        self.group = QButtonGroup(self)
        self.group.idToggled.connect(lambda _id, _on: self._update_buttons())
        row = QHBoxLayout()
        self.check_button = QPushButton()
        self.check_button.clicked.connect(self._commit)
        self.skip_button = QPushButton()
        self.skip_button.clicked.connect(self.skipped.emit)
        row.addWidget(self.check_button)
        row.addWidget(self.skip_button)
        row.addStretch(1)
        layout.addLayout(row)
        self.result_label = QLabel()
        self.result_label.setWordWrap(True)
        self.result_label.setTextFormat(Qt.TextFormat.RichText)
        layout.addWidget(self.result_label)
        self.buttons: list[QRadioButton] = []
        self.pending = False  # asked and not yet answered or skipped
        self.retranslate()

    def retranslate(self) -> None:
        self.check_button.setText(self.tr("Lock in my prediction and run"))
        self.skip_button.setText(self.tr("Skip"))
        self.skip_button.setToolTip(self.tr("Run without predicting"))

    def changeEvent(self, event):  # noqa: N802 — Qt's name
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def measuring_text(self) -> str:
        measuring = self.tr("measuring…")  # outside the f-string, where lupdate can read it
        return f"<i>{measuring}</i>"

    def ask(self, prompt: str, choices: list[str]) -> None:
        for button in self.buttons:
            self.group.removeButton(button)
            button.deleteLater()
        self.buttons = []
        for i, choice in enumerate(choices):
            button = QRadioButton(choice)
            self.group.addButton(button, i)
            self.choice_layout.addWidget(button)
            self.buttons.append(button)
        self.set_texts(prompt, choices)
        self.result_label.clear()
        self.result_label.hide()
        self.pending = True
        self.check_button.show()
        self.skip_button.show()
        self._update_buttons()

    def set_texts(self, prompt: str, choices: list[str]) -> None:
        """The prompt and the choices' texts (the same question, another language); choices stay chosen."""
        predict = self.tr("Predict:")  # outside the f-string, where lupdate can read it
        self.prompt_label.setText(f"<b>{predict}</b> {html.escape(prompt)}")
        for button, choice in zip(self.buttons, choices, strict=False):
            button.setText(choice)

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
        self.show_result(self.measuring_text())

    def show_result(self, rich_text: str) -> None:
        self.result_label.setText(rich_text)
        self.result_label.show()

    def _answer_text(self, right: int, choices: list[str]) -> str:
        right_text = html.escape(choices[right]) if 0 <= right < len(choices) else ""
        return self.tr("The answer: {answer}.").format(answer=f"<b>{right_text}</b>")

    def reveal(self, answer, choices: list[str]) -> None:
        verdict = self.tr("Right.") if answer.correct else self.tr("Not quite.")
        self.show_result(f"<b>{verdict}</b> {self._answer_text(answer.right, choices)}<br>"
                         f"{html.escape(answer.explanation)}")
        for i, button in enumerate(self.buttons):
            if i == answer.right:
                button.setText(f"{choices[i]}  ✓")

    def reveal_skipped(self, right: int, choices: list[str], explanation: str) -> None:
        self.show_result(f"{self._answer_text(right, choices)}<br>{html.escape(explanation)}")

    def result_text(self) -> str:
        return self.result_label.text()
