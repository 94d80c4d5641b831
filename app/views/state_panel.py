"""The state panel (issue 17): the selected run's optimizer state at the playback step — a numbers table (g,
m, v, v̂, b, 1 − β₁ᵗ, 1 − β₂ᵗ, the per-coordinate effective lr, Δθ, λmax and the stability quantity), small
plots of each over the steps with a marker at the current step (log y, of magnitudes, where a series spans
two decades or more), and a gauge of the stability quantity against its limit with its curve over steps.

All items are created once: a new state calls setData, a frame only sets texts and marker positions.
The table shows step t = k + 1 at playback step k (the step that leaves the head), the same t as
``losslab trajectory … --state --json``.
"""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QT_TRANSLATE_NOOP, QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QPainter, QPen
from PySide6.QtWidgets import (
    QGraphicsItem,
    QHeaderView,
    QSizePolicy,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.i18n import is_language_change, translate
from app.models.inside import ROWS, InsideModel, InsideState
from app.themes import DARK, Theme
from app.views.common import optimizer_label, style_axes
from app.views.plot_item import add_plot_item
from core.engine.state import spans_decades
from core.optim.explain import number

# (key, title) of the small plots; titles with words are English sources shown through translate("StatePanel", …)
PLOTS = (("g", "g"), ("m", "m"), ("v", "v"), ("v_hat", QT_TRANSLATE_NOOP("StatePanel", "v̂ (bias-corrected v)")),
         ("b", "b"), ("bias", "1 − β₁ᵗ, 1 − β₂ᵗ"), ("lr_eff", QT_TRANSLATE_NOOP("StatePanel", "effective lr")),
         ("step", "Δθ"))
STABILITY_TITLE = QT_TRANSLATE_NOOP("StatePanel", "stability vs limit")
COORD_COLORS = {"dark": ("#E69F00", "#56B4E9"), "slide": ("#b35900", "#0060b0")}
PLOT_COLUMNS = 2
CACHED = QGraphicsItem.CacheMode.DeviceCoordinateCache


def cell_text(value) -> str:
    return number(float(value)) if np.isfinite(value) else "—"


class StabilityGauge(QWidget):
    """A horizontal bar: the stability quantity's fraction of its limit (the mark at 1 is the limit; the
    bar turns red past it). ``fraction`` and ``text`` are public for tests."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.fraction = 0.0
        self.text = ""
        self.theme: Theme = DARK
        self.setMinimumHeight(22)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)

    def set_value(self, fraction: float, text: str) -> None:
        if fraction == self.fraction and text == self.text:
            return
        self.fraction = fraction
        self.text = text
        self.setToolTip(text)
        self.update()

    def paintEvent(self, _event) -> None:  # noqa: N802 — Qt's name
        painter = QPainter(self)
        rect = QRectF(self.rect()).adjusted(1, 1, -1, -1)
        full = 2.0  # the bar spans 0 … 2 × limit
        painter.fillRect(rect, QColor(self.theme.background).lighter(160 if self.theme.name == "dark" else 95))
        f = self.fraction if np.isfinite(self.fraction) else full
        width = rect.width() * min(max(f, 0.0), full) / full
        color = "#2e9d5b" if f < 0.8 else ("#e0a000" if f < 1.0 else "#d03030")
        painter.fillRect(QRectF(rect.left(), rect.top(), width, rect.height()), QColor(color))
        painter.setPen(QPen(QColor(self.theme.foreground), 2))
        x = rect.left() + rect.width() / full
        painter.drawLine(int(x), int(rect.top()), int(x), int(rect.bottom()))
        painter.setPen(QColor(self.theme.foreground))
        painter.drawText(rect.adjusted(4, 0, -4, 0), Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft,
                         self.text)
        painter.end()


class StepMarker(pg.GraphicsObject):
    """The current step's vertical line in a small plot: it moves every few frames, so it is a plain
    segment over the plot's fixed y range, with a bounding box padded by a few pixels that is measured
    only when the plot's scale changes (pyqtgraph's InfiniteLine re-measures its box on every move).
    ``value()`` is the step it marks."""

    PAD_PIXELS = 3.0

    def __init__(self):
        super().__init__()
        self.setFlag(self.GraphicsItemFlag.ItemSendsGeometryChanges, False)  # a move informs no one
        self._pen = pg.mkPen("w")
        self._low, self._high = 0.0, 1.0
        self._pad = 0.0
        self._step = 0.0

    def value(self) -> float:
        return self._step

    def set_step(self, step: float) -> None:
        if step != self._step:
            self._step = float(step)
            self.setPos(self._step, 0.0)

    def set_span(self, low: float, high: float) -> None:
        """The y range the line covers (the plot's fixed range)."""
        self.prepareGeometryChange()
        self._low, self._high = float(low), float(high)

    def setPen(self, pen) -> None:  # noqa: N802 — pyqtgraph's name
        self._pen = pg.mkPen(pen)
        self.update()

    def viewTransformChanged(self) -> None:  # noqa: N802 — pyqtgraph's hook: the plot was resized or rescaled
        width = self.pixelWidth()
        self.prepareGeometryChange()
        self._pad = abs(width) * self.PAD_PIXELS if width and np.isfinite(width) else 0.0

    def boundingRect(self) -> QRectF:  # noqa: N802 — Qt's name
        return QRectF(-self._pad, self._low, 2 * self._pad, self._high - self._low)

    def paint(self, painter, *_args) -> None:
        painter.setPen(self._pen)
        painter.drawLine(QPointF(0.0, self._low), QPointF(0.0, self._high))


class TextLine(QWidget):
    """One line of text that changes every frame: painted by itself (a QLabel's setText re-lays out the
    whole dock). ``text()``/``setText`` as QLabel's."""

    def __init__(self, text: str = "", parent=None):
        super().__init__(parent)
        self._text = text
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Fixed)
        self.setFixedHeight(self.fontMetrics().height() + 6)

    def text(self) -> str:
        return self._text

    def setText(self, text: str) -> None:  # noqa: N802 — as QLabel's
        if text != self._text:
            self._text = text
            self.setToolTip(text)
            self.update()

    def paintEvent(self, _event) -> None:  # noqa: N802 — Qt's name
        painter = QPainter(self)
        painter.setPen(self.palette().windowText().color())
        rect = self.rect().adjusted(2, 0, -2, 0)
        elided = self.fontMetrics().elidedText(self._text, Qt.TextElideMode.ElideRight, rect.width())
        painter.drawText(rect, Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft, elided)
        painter.end()


class StatePanel(QWidget):
    def __init__(self, inside: InsideModel, parent=None):
        super().__init__(parent)
        self.inside = inside
        self.model = inside.model
        self.theme: Theme = DARK
        self.active = True
        self._stale = True
        self._laid_out: list = []
        self._marker_column = None
        self.title = TextLine()
        self.table = QTableWidget(len(ROWS), 2)
        self.table.setHorizontalHeaderLabels(["x", "y"])
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.table.setMinimumHeight(200)
        self.cells: dict[str, tuple[QTableWidgetItem, QTableWidgetItem]] = {}
        for r, (key, _label) in enumerate(ROWS):
            pair = (QTableWidgetItem("—"), QTableWidgetItem("—"))
            for c, item in enumerate(pair):
                item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                self.table.setItem(r, c, item)
            self.cells[key] = pair
        self._row_of = {key: r for r, (key, _l) in enumerate(ROWS)}

        self.gauge = StabilityGauge()
        self.plots = pg.GraphicsLayoutWidget()
        self.plots.setMinimumHeight(300)
        self.small: dict[str, pg.PlotItem] = {}
        self.lines: dict[str, tuple[pg.PlotCurveItem, pg.PlotCurveItem]] = {}
        self._titles: dict[str, str] = {}
        self.markers: dict[str, StepMarker] = {}
        self.log: dict[str, bool] = {}
        for n, (key, title) in enumerate((*PLOTS, ("stability", STABILITY_TITLE))):
            plot = add_plot_item(self.plots, n // PLOT_COLUMNS, n % PLOT_COLUMNS, title=translate("StatePanel", title))
            plot.hideButtons()
            plot.setMouseEnabled(False, False)
            plot.disableAutoRange()
            plot.getAxis("left").setWidth(42)
            a, b = pg.PlotCurveItem(), pg.PlotCurveItem()  # lighter than PlotDataItem; log y done here
            plot.addItem(a)
            plot.addItem(b)
            # Only the step marker moves during playback: everything else repaints from pixmaps.
            for item in (a, b, plot.getAxis("left"), plot.getAxis("bottom")):
                item.setCacheMode(CACHED)
            marker = StepMarker()
            plot.addItem(marker, ignoreBounds=True)
            self.small[key], self.lines[key], self.markers[key] = plot, (a, b), marker
            self.log[key] = False

        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.title)
        layout.addWidget(self.gauge)
        layout.addWidget(self.table, 2)
        layout.addWidget(self.plots, 3)
        self.set_theme(DARK)
        self.retranslate()

        inside.stateChanged.connect(lambda _inside: self.refresh())
        inside.selectionChanged.connect(lambda _i: self.refresh())
        self.model.stepChanged.connect(self.update_frame)

    def set_theme(self, theme: Theme) -> None:
        self.theme = theme
        self.gauge.theme = theme
        self.plots.setBackground(theme.background)
        colors = COORD_COLORS.get(theme.name, COORD_COLORS["dark"])
        width = 1.0 if theme.name != "slide" else 2.0
        for key, plot in self.small.items():
            style_axes(theme, plot.getAxis("left"), plot.getAxis("bottom"))
            plot.setTitle(self._titles.get(key, self._plot_title(key)), color=theme.foreground)
            a, b = self.lines[key]
            a.setPen(pg.mkPen(colors[0], width=width))
            b.setPen(pg.mkPen(colors[1], width=width) if key != "stability"
                     else pg.mkPen(theme.foreground, width=width, style=Qt.PenStyle.DashLine))
            self.markers[key].setPen(pg.mkPen(theme.foreground, width=1, style=Qt.PenStyle.DotLine))
        self.gauge.update()

    def retranslate(self) -> None:
        """Every text in the interface language: the row labels, the plot titles and the step's line."""
        self.table.setVerticalHeaderLabels([translate("StatePanel", label) for _key, label in ROWS])
        if self.inside.inside is None:
            self.title.setText(self.tr("Inside the optimizer: waiting for the race…"))
        for key in self.small:
            self._set_title(key, self._plot_title(key))
        if self.inside.inside is not None and self.active and self.isVisible():
            self.refresh()  # titles that quote the run's quantity, and the frame's texts
        else:
            self._stale = True

    def changeEvent(self, event) -> None:  # noqa: N802 — Qt's name
        if is_language_change(event):
            self.retranslate()
        super().changeEvent(event)

    @staticmethod
    def _plot_title(key: str) -> str:
        title = dict(PLOTS).get(key, STABILITY_TITLE if key == "stability" else "")
        return translate("StatePanel", title)

    # ---- a new state or selection: the curves ---------------------------------------------------------
    def showEvent(self, event) -> None:  # noqa: N802 — Qt's name
        super().showEvent(event)
        if self._stale:
            self.refresh()

    def refresh(self) -> None:
        inside: InsideState | None = self.inside.inside
        i = self.inside.selected
        if not self.active or not self.isVisible():  # hidden: nothing to do (showEvent catches up)
            self._stale = True
            return
        if inside is None or i >= len(inside.specs):
            return
        self._stale = False
        series = self.inside.series(i)
        curve = inside.curves[i]
        valid = int(inside.state.valid[i])
        shown: list[pg.PlotItem] = []
        for key, plot in self.small.items():
            a, b = self.lines[key]
            title = self._plot_title(key)
            if key == "stability":
                ys = (curve.values[:valid], curve.limit[:valid])
                title = self.tr("{quantity} vs limit {limit}").format(quantity=curve.label, limit=curve.limit_text)
            elif key == "bias":
                ys = (series["bias1"], series["bias2"]) if "bias1" in series else None
            else:
                ys = (series[key][:, 0], series[key][:, 1]) if key in series else None
            plot.setVisible(ys is not None)
            if ys is None:
                a.setData([], [])
                b.setData([], [])
                continue
            shown.append(plot)
            log = bool(spans_decades(np.concatenate(ys)))
            self.log[key] = log
            steps = np.arange(1, len(ys[0]) + 1, dtype=np.float64)
            drawn = []
            for item, y in zip((a, b), ys, strict=True):
                if log:  # log10 of the magnitude; the axis labels its ticks as powers of ten
                    y = np.abs(y)
                    with np.errstate(divide="ignore", invalid="ignore"):
                        y = np.where(np.isfinite(y) & (y > 0), np.log10(y), np.nan)
                item.setData(steps, y, connect="finite")
                drawn.append(y[np.isfinite(y)])
            # Fixed ranges (no auto-range): a frame that moves the step marker re-measures nothing.
            values = np.concatenate(drawn)
            low, high = (float(values.min()), float(values.max())) if values.size else (0.0, 1.0)
            high = high if high > low else low + 1
            plot.getViewBox().setRange(xRange=(1, max(len(steps), 2)), yRange=(low, high), padding=0.05, update=False)
            margin = high - low  # the marker spans the padded range and more: the view clips it
            self.markers[key].set_span(low - margin, high + margin)
            plot.getAxis("left").setLogMode(log)
            if log and key in ("g", "m", "b", "step"):
                title = self.tr("|{title}| (log)").format(title=title)
            self._set_title(key, title)
        self._reflow(shown)
        self._marker_column = None
        self.update_frame()

    def _set_title(self, key: str, title: str) -> None:
        if self._titles.get(key) != title:  # setTitle re-lays out HTML: only when it changes
            self._titles[key] = title
            self.small[key].setTitle(title, color=self.theme.foreground)

    def _reflow(self, shown: list) -> None:
        """Lay the shown small plots out in a grid without holes (only when the set changes)."""
        if shown == self._laid_out:
            return
        layout = self.plots.ci
        for plot in self.small.values():
            if plot in layout.items:
                layout.removeItem(plot)
        for n, plot in enumerate(shown):
            layout.addItem(plot, row=n // PLOT_COLUMNS, col=n % PLOT_COLUMNS)
        self._laid_out = shown

    # ---- a frame: texts and markers -------------------------------------------------------------------
    def update_frame(self, _step: int | None = None) -> None:
        if not self.active or not self.isVisible():
            self._stale = True
            return
        inside = self.inside.inside
        i = self.inside.selected
        if inside is None or i >= len(inside.specs):
            return
        k = self.inside.current_step()
        numbers = self.inside.numbers(k, i)
        spec = inside.specs[i]
        valid = int(inside.state.valid[i])
        if numbers is None:
            reason = self.tr("the run diverged") if inside.state.diverged_at[i] >= 0 else self.tr("the end")
            self.title.setText(self.tr("{name} — step {step} of {total}: no further step ({reason})").format(
                name=optimizer_label(spec), step=k, total=inside.steps, reason=reason))
            for key, pair in self.cells.items():
                for item in pair:
                    item.setText("—")
                self.table.setRowHidden(self._row_of[key], key not in ("g", "step"))
            self.gauge.set_value(0.0, "")
            return
        self.title.setText(self.tr("{name} — step t = {t} of {total} (from θ at step {step})").format(
            name=optimizer_label(spec), t=k + 1, total=inside.steps, step=k))
        for key, (x_item, y_item) in self.cells.items():
            value = numbers.get(key)
            self.table.setRowHidden(self._row_of[key], value is None)
            if value is None:
                continue
            if np.ndim(value) == 0:
                text = cell_text(value)
                if key == "stability":
                    text += f" / {cell_text(numbers['limit'])}"
                texts = (text, "")
            else:
                texts = (cell_text(value[0]), cell_text(value[1]))
            for item, text in zip((x_item, y_item), texts, strict=True):
                if item.text() != text:
                    item.setText(text)
        curve = inside.curves[i]
        fraction = numbers["stability"] / numbers["limit"] if numbers["limit"] else np.inf
        value, limit = cell_text(numbers["stability"]), cell_text(numbers["limit"])
        if curve.limit_text == limit:  # SGD's limit is the number 2: "(limit 2)", not "(limit 2 = 2)"
            text = self.tr("{quantity} = {value}  (limit {limit})").format(quantity=curve.label, value=value,
                                                                           limit=limit)
        else:
            text = self.tr("{quantity} = {value}  (limit {formula} = {limit})").format(
                quantity=curve.label, value=value, formula=curve.limit_text, limit=limit)
        self.gauge.set_value(float(fraction), text)
        position = min(k + 1, max(valid, 1))
        # The markers move only when they would land on another pixel column (a 1,000-step run spans
        # ~150 px: most frames of a playback would repaint nine plots for nothing).
        plot = self._laid_out[0] if self._laid_out else None
        width = plot.getViewBox().width() if plot is not None else 0.0
        column = round(position * width / max(valid, 1)) if width > 0 else position
        if column != self._marker_column:
            self._marker_column = column
            for marker in self.markers.values():
                marker.set_step(position)
