"""Per optimizer, what the class reads aloud: step, loss, distance to the nearest minimum, and whether
(and when) it diverged — at the current playback step.

In the plots' theme (a dark table under a white slide was unreadable for dark run colours). The table
does not scroll sideways (issue 15) unless the state, step and numbers, which are never cut, leave the
optimizer column less than NAME_LEAST. The optimizer column takes the room they leave and elides its
labels in the middle, where runs of one kind share their start ("SGD γ=1e+06 s=1…=float16"), so the
differing end stays readable; "same path as" gets what is left after that, or is hidden (its sentence is
then in the optimizer's tooltip), as is "to minimum" on a surface that knows no minimum. A cell or title
that is cut shows its whole text as its tooltip. app.views.status_columns shares the width out."""

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
    QToolTip,
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
from app.views.status_columns import TextWidths, fit_widths, number_width

# The column titles (shown through translate("StatusView", …)); tests and exports find columns by them.
COLUMNS = (QT_TRANSLATE_NOOP("StatusView", "optimizer"), QT_TRANSLATE_NOOP("StatusView", "state"),
           QT_TRANSLATE_NOOP("StatusView", "step"), QT_TRANSLATE_NOOP("StatusView", "loss"),
           QT_TRANSLATE_NOOP("StatusView", "to minimum"), QT_TRANSLATE_NOOP("StatusView", "same path as"))
NAME, STATE, STEP = 0, 1, 2
DISTANCE = COLUMNS.index("to minimum")
NUMBERS = (COLUMNS.index("loss"), DISTANCE)  # ".4g" numbers (status_columns)
SAME = COLUMNS.index("same path as")  # filled by same_paths(), not rows(): it holds for the whole race
REFRESH_MS = 80  # a new race (a slider drag) refreshes the text at most this often; a step: every time
# When the table is narrow the optimizer column is narrower than NAME_MIN only where the numbers and the
# state do not fit beside it; it gives way down to NAME_LEAST (its rows keep their run's colour, and the
# tooltip). Only past that does the table scroll sideways: a cut number or state would mislead.
NAME_MIN = "Adam γ=0.0…"
NAME_LEAST = "γ=0…"
# Pixels around a cell's text: Qt's styles draw it 3 px in from either side (PM_FocusFrameHMargin + 1),
# and 1 px of air beyond that on each side.
PADDING = 8


def _number(value: float) -> str:
    return f"{value:.4g}" if math.isfinite(value) else "—"



SHORT_ROLE = Qt.ItemDataRole.UserRole + 1  # an optimizer cell's short label (common.short_labels)


class VisibleTextDelegate(QStyledItemDelegate):
    """Lays a cell's text out in the part of the cell the table shows: a column that runs past the table's
    right edge is elided there ("1.5…-11"), where its last characters used to be cut off unseen (a loss of
    1.563e-11 read "1.563" in a lesson at 1280×720)."""

    def initStyleOption(self, option: QStyleOptionViewItem, index) -> None:  # noqa: N802 — Qt's name
        super().initStyleOption(option, index)
        view = self.parent()
        if view is not None:
            option.rect = option.rect.intersected(view.viewport().rect())


class NameDelegate(VisibleTextDelegate):
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
        self.verticalHeader().hide()
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.setFocusPolicy(self.focusPolicy().NoFocus)
        header = self.horizontalHeader()
        # Widths set by _fit_columns, only when a text's width or the room changed: re-measuring every
        # column on each frame's setText costs more than the frame. The state comes right after the name:
        # it is what the class reads first, and it was cut ("diverged at st…") at the end of the row.
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(False)
        header.setTextElideMode(Qt.TextElideMode.ElideRight)  # a cut title ends in "…" (its tooltip is whole)
        self.setWordWrap(False)
        self.setTextElideMode(Qt.TextElideMode.ElideMiddle)
        self.setItemDelegate(VisibleTextDelegate(self))
        self.setItemDelegateForColumn(NAME, NameDelegate(self))
        self._widths = TextWidths(self.fontMetrics())
        self._needs: tuple | None = None  # (needs, floors, least) the columns were last fitted to
        self._state_need: tuple = (None, 0)  # (race, width of the widest state it shows at any step)
        self._colors: dict[tuple[int, int], str] = {}  # (row, column) → the text colour it was given
        self._set_titles()
        self._follow_theme(self.theme)
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
        self.refresh(model.step)
        if model.race is not None:
            self._on_race(model.race)

    def _set_titles(self) -> None:
        self.setHorizontalHeaderLabels([self.tr(title) for title in COLUMNS])
        for column in range(len(COLUMNS)):  # a title cut in a narrow column is whole in its tooltip
            item = self.horizontalHeaderItem(column)
            item.setToolTip(item.text())

    def _state_width(self) -> int:
        """Width of the longest state the current race shows at any step (running, finished, each run's
        stop sentence), so the column does not change during playback; measured once per race."""
        race = self._race
        if self._state_need[0] is not race:
            texts = [self.tr("running"), self.tr("finished")]
            if race is not None:
                runs = min(len(self.model.scene.optimizers), race.effective.points.shape[0])
                texts += [_state_text(race, True, i, race.steps) for i in range(runs) if self.stopped(i, race.steps)]
            self._state_need = (race, self._widths.widest(texts))
        return self._state_need[1]

    def _measure(self, rows: list[tuple], same: list[str]) -> tuple:
        """(needs, floors, least) per column for these texts: what shows each whole, what it gets before
        any column grows, and the least it gives way to before every column is cut."""
        width, titles = self._widths, [self.tr(title) for title in COLUMNS]
        steps = self._race.steps if self._race is not None else self.model.scene.steps
        needs = [width.widest([row[NAME] for row in rows]), self._state_width(), width(str(steps)),
                 *(number_width([row[c] for row in rows], width) for c in NUMBERS),
                 width.widest(same)]
        needs = [max(need, width(title)) + PADDING for need, title in zip(needs, titles, strict=True)]
        if not any(same):
            needs[SAME] = 0  # no run has a twin: the column is hidden (empty, it only took room)
        if rows and all(row[DISTANCE] == "—" for row in rows):
            needs[DISTANCE] = 0  # the surface knows no minimum: a column of dashes is hidden too
        floors = list(needs)
        floors[NAME] = width(NAME_MIN) + PADDING
        floors[SAME] = width(self.tr("= run {run}: {distance}").format(run=8, distance="…")) + PADDING
        least = list(floors)
        least[NAME] = width(NAME_LEAST) + PADDING
        return tuple(needs), tuple(floors), tuple(least)

    def _fit_columns(self) -> None:
        """Share the viewport's width out (status_columns.fit_widths); the header is not re-laid out
        when nothing changed."""
        if self._needs is None:
            return
        needs, floors, least = self._needs
        widths = fit_widths(needs, floors, least, self.viewport().width(), grow=(NAME, SAME), give_way=(NAME,),
                            optional=SAME)
        for column, width in enumerate(widths):
            hidden = width == 0  # an empty column (fit_widths gives it no width)
            if self.isColumnHidden(column) != hidden:
                self.setColumnHidden(column, hidden)
            if not hidden and self.columnWidth(column) != width:
                self.setColumnWidth(column, width)

    def cut_text(self, row: int, column: int) -> str:
        """The cell's whole text if its column is too narrow to show it, else ''."""
        item = self.item(row, column)
        if item is None or self.isColumnHidden(column):
            return ""
        text = item.text()
        return text if self._widths(text) + PADDING > self.columnWidth(column) else ""

    def tooltip(self, row: int, column: int) -> str:
        """What hovering the cell shows: its own tooltip, else its whole text where the column cuts it."""
        item = self.item(row, column)
        if item is None:
            return ""
        return item.toolTip() or self.cut_text(row, column)

    def viewportEvent(self, event) -> bool:  # noqa: N802 — Qt's name
        if event.type() == QEvent.Type.ToolTip:
            index = self.indexAt(event.pos())
            if index.isValid() and not self.item(index.row(), index.column()).toolTip():
                text = self.cut_text(index.row(), index.column())
                if text:
                    QToolTip.showText(event.globalPos(), text, self.viewport(), self.visualRect(index))
                else:
                    QToolTip.hideText()
                return True
        return super().viewportEvent(event)

    def resizeEvent(self, event) -> None:  # noqa: N802 — Qt's name (also when a vertical scroll bar comes)
        super().resizeEvent(event)
        self._fit_columns()

    def retranslate(self) -> None:
        """Column titles, widths and every cell in the interface language (also on a LanguageChange)."""
        self._set_titles()
        self._same = None  # its sentences are rebuilt in the new language
        self._remeasure()

    def _remeasure(self) -> None:
        """New texts or a new font: every width measured again, then the cells refreshed and fitted."""
        self._widths = TextWidths(self.fontMetrics())
        self._state_need = (None, 0)
        self._needs = None
        self.refresh(self.model.step)

    def changeEvent(self, event) -> None:  # noqa: N802 — Qt's name
        super().changeEvent(event)
        if event.type() == QEvent.Type.FontChange:  # presentation mode: larger text, wider columns
            self._remeasure()
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

    def _recolor(self, row: int, column: int, color: str) -> None:
        """Set a cell's text colour only when it changes: every setForeground repaints the table, a slider
        drag refreshed the table ~12 times a second with the same colours, and reading a cell's colour
        back (item.foreground()) cost ~40 µs: the colours given are remembered here instead."""
        if self._colors.get((row, column)) != color:
            self._colors[(row, column)] = color
            self.item(row, column).setForeground(QColor(color))

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
            shown_step = str(min(step, end - 1) if int(race.effective.diverged_at[i]) >= 0 else step)
            out.append((name, _state_text(race, self.stopped(i, step), i, step), shown_step, _number(loss), to_min))
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
        same = [same[r] if r < len(same) else "" for r in range(len(rows))]
        styles = run_styles(self.theme, [entry.spec for entry in self.model.scene.optimizers])
        if self.rowCount() != len(rows):
            self.setRowCount(len(rows))
            self._colors.clear()  # a row made again has the default colour
        text_color = self.palette().text().color().name()
        shorts = short_labels([values[0] for values in rows])
        for r, values in enumerate(rows):
            for c, text in enumerate(values):
                self._cell(r, c, text)
            item = self.item(r, NAME)
            if item.data(SHORT_ROLE) != shorts[r]:
                item.setData(SHORT_ROLE, shorts[r])
            twin = self.item(r, SAME)
            if twin is None or twin.text() != same[r]:
                self._cell(r, SAME, same[r])
                self.item(r, SAME).setToolTip(same[r])
            self._recolor(r, NAME, styles[r].color if r < len(styles) else self.theme.color(r))
            # The whole label (the column may show it shortened), and the twin sentence, which may be
            # hidden with its column when the table is narrow.
            tip = f"{values[NAME]}\n{same[r]}" if same[r] else values[NAME]
            if item.toolTip() != tip:
                item.setToolTip(tip)
            warn = self.stopped(r, step)
            state_item = self.item(r, STATE)
            hedged = warn and left_domain(self._race.effective, r) is None  # the engine did not say which
            tip = run_state(self._race.effective, r, step) if hedged else ""
            if state_item.toolTip() != tip:
                state_item.setToolTip(tip)
            self._recolor(r, STATE, "#D55E00" if warn else text_color)
        needs = self._measure(rows, same)
        if needs != self._needs:  # a text's width changed (a new race's labels, a wider number …)
            self._needs = needs
            self._fit_columns()

    def set_theme(self, theme: Theme) -> None:
        """The plots' background and text colours (a run's colour is drawn for its own background)."""
        self.theme = theme
        self._follow_theme(theme)
        self.refresh(self.model.step)

    def _follow_theme(self, theme: Theme) -> None:
        self.setPalette(themed_palette(self.palette(), theme))


def _state_text(race: Race, stopped: bool, i: int, step: int) -> str:
    """Run ``i``'s state at ``step``: running, finished, or the sentence saying where it stopped."""
    if stopped:  # diverged, or left the surface's domain
        if left_domain(race.effective, i) is None:  # the engine did not say: the hedge is in the tooltip
            return translate("StatusView", "stopped at step {step}").format(step=int(race.effective.diverged_at[i]))
        return run_state(race.effective, i, step)
    return translate("StatusView", "finished") if step >= race.steps else translate("StatusView", "running")


def themed_palette(palette: QPalette, theme: Theme) -> QPalette:
    """``palette`` with the theme's background and text colours (the header a shade off the background)."""
    palette = QPalette(palette)
    background, foreground = QColor(theme.background), QColor(theme.foreground)
    header = background.darker(110) if theme.name == "slide" else background.lighter(150)
    for role, color in ((QPalette.ColorRole.Base, background), (QPalette.ColorRole.Window, background),
                        (QPalette.ColorRole.AlternateBase, header), (QPalette.ColorRole.Button, header),
                        (QPalette.ColorRole.Text, foreground), (QPalette.ColorRole.WindowText, foreground),
                        (QPalette.ColorRole.ButtonText, foreground)):
        palette.setColor(role, color)
    return palette
