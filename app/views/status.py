"""Per optimizer, what the class reads aloud: step, loss, distance to the nearest minimum, and whether
(and when) it diverged — at the current playback step.

In the plots' theme (a dark table under a white slide was unreadable for dark run colours). The numbers
keep their width; the optimizer column takes the room left and elides its labels in the middle, where
runs of one kind share their start ("SGD γ=1e+06 s=1…=float16"), so the differing end stays readable."""

from __future__ import annotations

import math

from PySide6.QtCore import QT_TRANSLATE_NOOP, QEvent, Qt, QTimer
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableWidget,
    QTableWidgetItem,
)

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
    short_labels,
)

# The column titles (shown through translate("StatusView", …)); tests and exports find columns by them.
COLUMNS = (QT_TRANSLATE_NOOP("StatusView", "optimizer"), QT_TRANSLATE_NOOP("StatusView", "state"),
           QT_TRANSLATE_NOOP("StatusView", "step"), QT_TRANSLATE_NOOP("StatusView", "loss"),
           QT_TRANSLATE_NOOP("StatusView", "to minimum"), QT_TRANSLATE_NOOP("StatusView", "same path as"))
SAME = COLUMNS.index("same path as")  # filled by same_paths(), not rows(): it holds for the whole race
REFRESH_MS = 80  # a new race (a slider drag) refreshes the text at most this often; a step: every time
# The widest text each number column holds (measured in the table's font, in the interface language):
# numbers are never cut. The state column is as wide as the longest state the race shows (_state_texts).
WIDEST = {3: "-8.888e+888", 4: "8.888e+88"}  # and the step column: the race's last step
NAME_MIN = "Adam γ=0.0…"  # the optimizer column is never narrower than this (then the table scrolls)
PADDING = 14  # pixels around a cell's text


def _number(value: float) -> str:
    return f"{value:.4g}" if math.isfinite(value) else "—"


def _recolor(item: QTableWidgetItem, color: QColor) -> None:
    """Set the item's text colour only when it changes: every setForeground repaints the table, and a
    slider drag refreshed the table ~12 times a second with the same colours."""
    if item.foreground().color() != color:
        item.setForeground(color)


SHORT_ROLE = Qt.ItemDataRole.UserRole + 1  # an optimizer cell's short label (common.short_labels)


class NameDelegate(QStyledItemDelegate):
    """Draws an optimizer label that does not fit its column as its short form (the settings shared with
    the other runs of its kind left out), elided in the middle if even that is too wide. The item's text
    stays the whole label (tests, exports and the tooltip read it)."""

    def initStyleOption(self, option: QStyleOptionViewItem, index) -> None:  # noqa: N802 — Qt's name
        super().initStyleOption(option, index)
        short = index.data(SHORT_ROLE)
        if short and option.fontMetrics.horizontalAdvance(option.text) > option.rect.width() - PADDING:
            option.text = short


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
        self.setWordWrap(False)
        self.setTextElideMode(Qt.TextElideMode.ElideMiddle)
        self.setItemDelegateForColumn(0, NameDelegate(self))
        self._state_width_for: object = None  # the race the state column was last measured for
        self._follow_theme(self.theme)
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

    def _state_texts(self) -> list[str]:
        """Every text the state column shows during the current race: running, finished and each run's
        stop sentence (at its own step), so the column is as wide as its longest and no wider."""
        texts = [self.tr("running"), self.tr("finished")]
        if self._race is not None:
            texts += [row[1] for row in self.rows(self._race.steps)]
        return texts

    def _fit_columns(self) -> None:
        metrics = self.fontMetrics()
        self._state_width_for = self._race
        last_step = str(self._race.steps if self._race is not None else self.model.scene.steps)
        for column, texts in {1: self._state_texts(), 2: [last_step], **{c: [t] for c, t in WIDEST.items()}}.items():
            width = max(metrics.horizontalAdvance(t) for t in [*texts, self.tr(COLUMNS[column])]) + PADDING
            self.setColumnWidth(column, width)
        self._fit_same()
        self._fit_name()

    def _fit_name(self) -> None:
        """The optimizer column takes the room left beside the state, step and loss (never less than
        NAME_MIN, never more than its longest label needs; the distance and twin columns may scroll);
        its labels are shortened (NameDelegate) and elided in the middle."""
        metrics = self.fontMetrics()
        names = [self.item(r, 0).text() for r in range(self.rowCount()) if self.item(r, 0) is not None]
        wanted = max(metrics.horizontalAdvance(t) for t in [*names, self.tr(COLUMNS[0])]) + PADDING
        others = sum(self.columnWidth(c) for c in range(1, COLUMNS.index("loss") + 1))
        least = metrics.horizontalAdvance(NAME_MIN) + PADDING
        self.setColumnWidth(0, max(least, min(wanted, self.viewport().width() - others)))

    def resizeEvent(self, event) -> None:  # noqa: N802 — Qt's name
        super().resizeEvent(event)
        self._fit_name()

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
        shorts = short_labels([values[0] for values in rows])
        for r, values in enumerate(rows):
            for c, text in enumerate(values):
                self._cell(r, c, text)
            if self.item(r, 0).data(SHORT_ROLE) != shorts[r]:
                self.item(r, 0).setData(SHORT_ROLE, shorts[r])
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
        if self._state_width_for is not self._race or widen:
            self._fit_columns()  # a new race: its stop sentences (and the labels) may be longer or shorter

    def _fit_same(self) -> None:
        """The last column as wide as its longest text (the table scrolls sideways: nothing is cut);
        hidden while no run has a twin (an empty column only pushed a scroll bar in)."""
        metrics = self.fontMetrics()
        texts = [self.item(r, SAME).text() for r in range(self.rowCount()) if self.item(r, SAME) is not None]
        self.setColumnHidden(SAME, not any(texts))
        self.setColumnWidth(SAME, max(metrics.horizontalAdvance(t) for t in [self.tr(COLUMNS[SAME]), *texts])
                            + PADDING)

    def set_theme(self, theme: Theme) -> None:
        """The plots' background and text colours (a run's colour is drawn for its own background)."""
        self.theme = theme
        self._follow_theme(theme)
        self.refresh(self.model.step)

    def _follow_theme(self, theme: Theme) -> None:
        palette = QPalette(self.palette())
        background, foreground = QColor(theme.background), QColor(theme.foreground)
        header = background.darker(110) if theme.name == "slide" else background.lighter(150)
        for role, color in ((QPalette.ColorRole.Base, background), (QPalette.ColorRole.Window, background),
                            (QPalette.ColorRole.AlternateBase, header), (QPalette.ColorRole.Button, header),
                            (QPalette.ColorRole.Text, foreground), (QPalette.ColorRole.WindowText, foreground),
                            (QPalette.ColorRole.ButtonText, foreground)):
            palette.setColor(role, color)
        self.setPalette(palette)
