"""Step-by-step mode (issue 17): one optimizer step at a time. Prev/Next move playback by one step (pausing
it); the list shows the selected run's update equations for the step that leaves the current head, with
the numbers substituted (core.optim.explain.explain_step), one row per assignment in torch.optim's order.
Selecting a row draws that line's vector (g, b, m, m̂, Δθ …) as a highlighted arrow on the map through
the vectors overlay, to the overlay's shared scale; squared quantities (v, v̂, S) have no arrow.
"""

from __future__ import annotations

from PySide6.QtGui import QFont
from PySide6.QtWidgets import QHBoxLayout, QLabel, QListWidget, QListWidgetItem, QPushButton, QVBoxLayout, QWidget

from app.i18n import is_language_change, translate
from app.models.inside import InsideModel
from app.themes import DARK, Theme
from app.views.common import optimizer_label
from core.optim.explain import Line, explain_step


class StepView(QWidget):
    def __init__(self, inside: InsideModel, overlay=None, player=None, parent=None):
        super().__init__(parent)
        self.inside = inside
        self.model = inside.model
        self.overlay = overlay
        self.player = player
        self.active = True
        self.theme: Theme = DARK
        self.lines: list[Line] = []
        self.prev_button = QPushButton()
        self.next_button = QPushButton()
        self.heading = QLabel()
        self.heading.setWordWrap(True)
        self.list = QListWidget()
        self.list.setWordWrap(True)
        mono = QFont("monospace")
        mono.setStyleHint(QFont.StyleHint.Monospace)
        self.list.setFont(mono)
        self.hint = QLabel()
        self.hint.setWordWrap(True)
        buttons = QHBoxLayout()
        buttons.addWidget(self.prev_button)
        buttons.addWidget(self.next_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addLayout(buttons)
        layout.addWidget(self.heading)
        layout.addWidget(self.list, 1)
        layout.addWidget(self.hint)
        self.retranslate()

        self.prev_button.clicked.connect(lambda: self.move(-1))
        self.next_button.clicked.connect(lambda: self.move(+1))
        self.list.currentRowChanged.connect(self._on_row)
        inside.stateChanged.connect(lambda _inside: self.refresh())
        inside.selectionChanged.connect(lambda _i: self.refresh())
        self.model.stepChanged.connect(lambda _step: self.refresh())

    def retranslate(self) -> None:
        self.prev_button.setText(self.tr("◀ Prev"))
        self.next_button.setText(self.tr("Next ▶"))
        self.hint.setText(self.tr("Click a line to draw its vector at the head (shared arrow scale)."))
        if self.inside.inside is None or not self.isVisible():  # hidden: showEvent's refresh writes the step
            self.heading.setText(self.tr("Step by step: waiting for the race…"))
        self.refresh()  # the heading and the lines' notes of the current step (a hidden view: when shown)

    def changeEvent(self, event) -> None:  # noqa: N802 — Qt's name
        if is_language_change(event):
            self.retranslate()
        super().changeEvent(event)

    def set_theme(self, theme: Theme) -> None:
        self.theme = theme
        font = self.list.font()
        font.setPointSize(max(theme.font_size, 9))
        self.list.setFont(font)

    def move(self, delta: int) -> None:
        """Prev/Next: one step back or forward (playback pauses)."""
        if self.player is not None:
            self.player.pause()
        self.model.set_step(self.model.step + delta)

    def showEvent(self, event) -> None:  # noqa: N802 — Qt's name
        super().showEvent(event)
        self.refresh()

    def refresh(self) -> None:
        if not self.active or not self.isVisible():  # hidden: nothing to do (showEvent catches up)
            return
        inside = self.inside.inside
        i = self.inside.selected
        row = max(self.list.currentRow(), 0)
        if inside is None or i >= len(inside.specs):
            self._set_rows([])
            return
        k = self.inside.current_step()
        spec = inside.specs[i]
        self.prev_button.setEnabled(k > 0)
        self.next_button.setEnabled(k < inside.steps)
        try:
            self.lines = explain_step(inside.state, spec, i, k)
        except ValueError:
            self.lines = []
            self._set_rows([])
            valid = int(inside.state.valid[i])
            reason = self.tr("the run diverged") if inside.state.diverged_at[i] >= 0 else self.tr("the race ends here")
            self.heading.setText(self.tr("{name} at step {step}: no step {next} ({reason}; {count} steps recorded).")
                                 .format(name=optimizer_label(spec), step=k, next=k + 1, reason=reason, count=valid))
            if self.overlay is not None:
                self.overlay.highlight(i, None)
            return
        self.heading.setText(self.tr("{name} — step t = {t}, from θ at step {step}:").format(
            name=optimizer_label(spec), t=k + 1, step=k))
        self._set_rows([self._row_text(line) for line in self.lines])
        row = min(row, len(self.lines) - 1)
        if self.list.currentRow() != row:
            self.list.setCurrentRow(row)
        else:
            self._on_row(row)  # the same line of a new step: its new vector

    @staticmethod
    def _row_text(line: Line) -> str:
        """The update equation (with its note, e.g. "(first step)", in the interface language), then the
        equation with the numbers substituted (maths: never translated)."""
        equation = line.equation
        if line.note:
            equation += "   " + translate("StepView", "({note})").format(note=translate("StepView", line.note))
        return f"{equation}\n    {line.text}"

    def _set_rows(self, texts: list[str]) -> None:
        """The list's rows, re-texted in place (playback steps through this every frame)."""
        self.list.blockSignals(True)
        while self.list.count() > len(texts):
            self.list.takeItem(self.list.count() - 1)
        while self.list.count() < len(texts):
            self.list.addItem(QListWidgetItem())
        for n, text in enumerate(texts):
            item = self.list.item(n)
            if item.text() != text:
                item.setText(text)
            no_arrow = self.lines[n].arrow is None
            item.setToolTip(self.tr("a squared quantity: no arrow") if no_arrow else "")
        self.list.blockSignals(False)

    def _on_row(self, row: int) -> None:
        if self.overlay is None:
            return
        if not 0 <= row < len(self.lines) or self.lines[row].arrow is None:
            self.overlay.highlight(self.inside.selected, None)
            return
        line = self.lines[row]
        self.overlay.highlight(self.inside.selected, line.arrow, line.target)
