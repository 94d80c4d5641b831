"""Per optimizer, what the class reads aloud: step, loss, distance to the nearest minimum, and whether
(and when) it diverged — at the current playback step."""

from __future__ import annotations

import math

from PySide6.QtCore import QT_TRANSLATE_NOOP, QEvent, QTimer
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableWidget, QTableWidgetItem

from app.i18n import is_language_change, translate
from app.model import Race, SceneModel
from app.themes import DARK, Theme
from app.views.common import (
    coinciding_pairs,
    distance_text,
    left_domain,
    optimizer_labels,
    revealed_end,
    run_state,
    run_styles,
)

# The column titles (shown through translate("StatusView", …)); tests and exports find columns by them.
COLUMNS = (QT_TRANSLATE_NOOP("StatusView", "optimizer"), QT_TRANSLATE_NOOP("StatusView", "state"),
           QT_TRANSLATE_NOOP("StatusView", "step"), QT_TRANSLATE_NOOP("StatusView", "loss"),
           QT_TRANSLATE_NOOP("StatusView", "to minimum"), QT_TRANSLATE_NOOP("StatusView", "same path as"))
SAME = COLUMNS.index("same path as")  # filled by same_paths(), not rows(): it holds for the whole race
REFRESH_MS = 80  # a new race (a slider drag) refreshes the text at most this often; a step: every time
# The widest text each column holds (measured in the table's font, in the interface language): nothing is
# ever cut. The state column's is run_state's longest sentence at a six-digit step.
WIDEST = {2: "100000", 3: "-8.888e+888", 4: "8.888e+88"}


def _number(value: float) -> str:
    return f"{value:.4g}" if math.isfinite(value) else "—"


def _recolor(item: QTableWidgetItem, color: QColor) -> None:
    """Set the item's text colour only when it changes: every setForeground repaints the table, and a
    slider drag refreshed the table ~12 times a second with the same colours."""
    if item.foreground().color() != color:
        item.setForeground(color)


class StatusView(QTableWidget):
    def __init__(self, model: SceneModel, parent=None):
        super().__init__(0, len(COLUMNS), parent)
        self.model = model
        self.theme: Theme = DARK
        self._race: Race | None = None
        self._same: tuple | None = None  # (race.effective, specs, same_paths() of that race)
        self.setHorizontalHeaderLabels([translate("StatusView", title) for title in COLUMNS])
        self.verticalHeader().hide()
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.setFocusPolicy(self.focusPolicy().NoFocus)
        header = self.horizontalHeader()
        # Fixed widths: re-measuring every column on each frame's setText costs more than the frame.
        # The state comes right after the name and is as wide as "diverged at step 100000": it is what the
        # class reads first, and it was cut ("diverged at st…") at the end of the row.
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(False)  # "same path as" is as wide as its text (_fit_same)
        self._fit_columns()
        # During playback the text is refreshed at most ~12 times a second: readable, and cheap.
        self._pending_step: int | None = None
        self._throttle = QTimer(self)
        self._throttle.setSingleShot(True)
        self._throttle.setInterval(REFRESH_MS)
        self._throttle.timeout.connect(self._flush)
        self._scene_dirty = False
        self._soon = QTimer(self)
        self._soon.setSingleShot(True)
        self._soon.setInterval(0)
        self._soon.timeout.connect(self._refresh_if_dirty)
        model.trajectoriesChanged.connect(self._on_race)
        model.stepChanged.connect(self._on_step)
        model.sceneChanged.connect(self._on_scene)
        if model.race is not None:
            self._on_race(model.race)

    def _fit_columns(self) -> None:
        metrics = self.fontMetrics()
        self.setColumnWidth(0, metrics.horizontalAdvance("Momentum γ=0.004") + 14)
        states = [text.format(step=100000) for text in (self.tr("left the domain at step {step}"),
                                                        self.tr("diverged at step {step}"),
                                                        self.tr("stopped at step {step}"))]
        for column, texts in {1: states, **{c: [t] for c, t in WIDEST.items()}}.items():
            width = max(metrics.horizontalAdvance(t) for t in [*texts, self.tr(COLUMNS[column])]) + 14
            self.setColumnWidth(column, width)
        self._fit_same()

    def retranslate(self) -> None:
        """Column titles, widths and every cell in the interface language (also on a LanguageChange)."""
        self.setHorizontalHeaderLabels([self.tr(title) for title in COLUMNS])
        self._same = None  # its sentences are rebuilt in the new language
        self._fit_columns()
        self.refresh(self.model.step)

    def changeEvent(self, event) -> None:  # noqa: N802 — Qt's name
        super().changeEvent(event)
        if event.type() == QEvent.Type.FontChange:  # presentation mode: larger text, wider columns
            self._fit_columns()
        elif is_language_change(event):
            self.retranslate()

    def _on_step(self, step: int) -> None:
        """Playback: the step's text at once (in step with the timeline; the cells only change text)."""
        self._pending_step = None
        self.refresh(step)

    def _on_new_numbers(self, step: int) -> None:
        self._pending_step = step
        if not self._throttle.isActive():
            self._flush()
            self._throttle.start()

    def _on_scene(self, scene) -> None:
        """Names or hidden rows may have changed. Usually a new race follows at once (and refreshes the
        table), so this waits for the end of the current event instead of drawing old numbers first."""
        self._scene_dirty = True
        self._soon.start()

    def _refresh_if_dirty(self) -> None:
        if self._scene_dirty:
            self._scene_dirty = False
            self._on_new_numbers(self.model.step)

    def _flush(self) -> None:
        if self._pending_step is not None:
            step, self._pending_step = self._pending_step, None
            self.refresh(step)

    def _on_race(self, race: Race) -> None:
        """A new race (dragging a slider brings one per mouse move): refreshed now if the table is idle,
        else at the throttle's next tick — as in playback, the text changes at most ~12 times a second."""
        self._race = race
        self._scene_dirty = False
        self._on_new_numbers(self.model.step)

    def _cell(self, row: int, column: int, text: str) -> None:
        item = self.item(row, column)
        if item is None:
            item = QTableWidgetItem()
            self.setItem(row, column, item)
        if item.text() != text:
            item.setText(text)

    def rows(self, step: int) -> list[tuple[str, str, str, str, str]]:  # in COLUMNS' order
        """The table's text at ``step`` (also used by tests and exports); see ``stopped`` for which runs
        have stopped."""
        race = self._race
        scene = self.model.scene
        out = []
        if race is None:
            return out
        effective = self.model.effective_specs()
        labels = optimizer_labels(effective)  # every setting that differs within a kind, as the legend
        for i, entry in enumerate(scene.optimizers):
            if i >= race.effective.points.shape[0]:
                break
            name = labels[i] if entry.enabled else self.tr("{name} (hidden)").format(name=labels[i])
            end = revealed_end(race.effective, i, step)
            x, y = race.effective.points[i, end - 1]
            loss = float(race.effective.loss[i, end - 1])
            distance = scene.surface.nearest_minimum_distance(x, y)
            to_min = "—" if distance is None else _number(float(distance))
            diverged = int(race.effective.diverged_at[i])
            if self.stopped(i, step):  # diverged, or left the surface's domain
                if left_domain(race.effective, i) is None:  # the engine did not say: the hedge is in the tooltip
                    state = self.tr("stopped at step {step}").format(step=diverged)
                else:
                    state = run_state(race.effective, i, step)
            elif step >= race.steps:
                state = self.tr("finished")
            else:
                state = self.tr("running")
            shown_step = str(min(step, end - 1) if diverged >= 0 else step)
            out.append((name, state, shown_step, _number(loss), to_min))
        return out

    def stopped(self, i: int, step: int) -> bool:
        """Run ``i`` has stopped (diverged or left the domain) by ``step``."""
        race = self._race
        d = -1 if race is None or i >= race.effective.diverged_at.shape[0] else int(race.effective.diverged_at[i])
        return 0 <= d <= step

    def same_paths(self) -> list[str]:
        """Per row, the runs it should coincide with (same kind among SGD, Momentum and Nesterov, equal
        lr·s, nothing else different: app.views.common.should_coincide) and how far apart the two actually
        go over the whole race: '= run 2: max distance ≈0 (exact up to float rounding, 4e-17)'."""
        race = self._race
        if race is None:
            return []
        specs = self.model.effective_specs()
        n = min(len(specs), race.effective.points.shape[0])
        specs = tuple(specs[:n])
        if self._same is not None and self._same[0] is race.effective and self._same[1] == specs:
            return self._same[2]
        lines: list[list[str]] = [[] for _ in range(n)]
        for i, j in coinciding_pairs(specs[:n]):
            text = distance_text(race.effective, i, j)
            lines[i].append(self.tr("= run {run}: {distance}").format(run=j + 1, distance=text))
            lines[j].append(self.tr("= run {run}: {distance}").format(run=i + 1, distance=text))
        same = ["; ".join(parts) for parts in lines]
        self._same = (race.effective, specs, same)
        return same

    def refresh(self, step: int) -> None:
        rows = self.rows(step)
        same = self.same_paths()
        widen = False
        styles = run_styles(self.theme, [entry.spec for entry in self.model.scene.optimizers])
        if self.rowCount() != len(rows):
            self.setRowCount(len(rows))
        for r, values in enumerate(rows):
            for c, text in enumerate(values):
                self._cell(r, c, text)
            text = same[r] if r < len(same) else ""
            item = self.item(r, SAME)
            if item is None or item.text() != text:
                self._cell(r, SAME, text)
                self.item(r, SAME).setToolTip(text)
                widen = True
            item = self.item(r, 0)
            _recolor(item, QColor(styles[r].color if r < len(styles) else self.theme.color(r)))
            if item.toolTip() != values[0]:
                item.setToolTip(values[0])
            warn = self.stopped(r, step)
            state_item = self.item(r, 1)
            hedged = warn and left_domain(self._race.effective, r) is None  # the engine did not say which
            tip = run_state(self._race.effective, r, step) if hedged else ""
            if state_item.toolTip() != tip:
                state_item.setToolTip(tip)
            _recolor(state_item, QColor("#D55E00") if warn else self.palette().text().color())
        if widen:
            self._fit_same()

    def _fit_same(self) -> None:
        """The last column as wide as its longest text (the table scrolls sideways: nothing is cut)."""
        metrics = self.fontMetrics()
        texts = [self.tr(COLUMNS[SAME])] + [self.item(r, SAME).text() for r in range(self.rowCount())
                                   if self.item(r, SAME) is not None]
        self.setColumnWidth(SAME, max(metrics.horizontalAdvance(t) for t in texts) + 14)

    def set_theme(self, theme: Theme) -> None:
        self.theme = theme
        self.refresh(self.model.step)
