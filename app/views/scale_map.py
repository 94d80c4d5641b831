"""The scale map: for each optimizer, final loss over a log-lr × log-loss-scale grid.

One small multiple per optimizer: x = log₁₀ loss scale, y = log₁₀ learning rate (a range of decades
around the optimizer's own lr), coloured by the final loss or the distance to the nearest minimum
(shared colour levels, so the multiples compare), diverged cells in a colour the map never uses.
Dashed lines mark constant lr × scale: SGD's map is constant along them (loss × s ≡ lr × s), Adam's is
constant along the scale axis until ε takes over.

This view only draws: the settings and the computation live in :class:`app.models.scale_map.ScaleMapModel`
(its request is a :class:`core.scale_map.ScaleMapRequest`); the controls write back through its setters.
The plots follow the theme (``set_theme``), as the landscape does.
"""

from __future__ import annotations

import dataclasses
import math

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QRectF, QSignalBlocker, Qt, Signal
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QComboBox,
    QDoubleSpinBox,
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from app.models.scale_map import DEBOUNCE_MS, ScaleMapModel, ScaleMapResult
from app.themes import DARK, Theme
from app.views.common import style_axes
from core.scale_map import MAX_LR_SPAN, MAX_STEPS, METRICS, RESOLUTIONS, SCALE_RANGES, ScaleMapRequest

__all__ = ["DEBOUNCE_MS", "DIVERGED_RGBA", "ScaleMapResult", "ScaleMapView"]

DIVERGED_RGBA = (230, 50, 50, 255)  # viridis never reaches red: a diverged cell cannot be mistaken
LOG_DECADES = 12  # colour range of a log-coloured map
SMALL_MULTIPLE_FONT = 11  # points, at most (axis labels of four maps side by side)
_LUT = (pg.colormap.get("viridis").getLookupTable(0.0, 1.0, 256, alpha=True)).astype(np.uint8)


def _quietly(set_value, value) -> None:
    """Set a control from code without its change signal (which would call back into the setter)."""
    with QSignalBlocker(set_value.__self__):
        set_value(value)


class _CellImage(pg.ImageItem):
    """The grid of one optimizer; a left click reports the (row, column) cell under the mouse."""

    def __init__(self, on_click):
        super().__init__(axisOrder="row-major")
        self._on_click = on_click

    def mouseClickEvent(self, ev):
        if ev.button() != Qt.MouseButton.LeftButton or self.image is None:
            return
        pos = ev.pos()
        row, col = int(math.floor(pos.y())), int(math.floor(pos.x()))
        if 0 <= row < self.image.shape[0] and 0 <= col < self.image.shape[1]:
            ev.accept()
            self._on_click(row, col)


class ScaleMapView(QWidget):
    """Small multiples of the lr × loss-scale map of ``model`` (a new ScaleMapModel if none is given)."""

    cellClicked = Signal(int, float, float)  # optimizer index, lr, loss scale
    computed = Signal()  # a finished map is on screen

    def __init__(self, model: ScaleMapModel | None = None, parent=None, theme: Theme = DARK):
        super().__init__(parent)
        self.model = model if model is not None else ScaleMapModel(parent=self)
        self.theme = theme
        self._images: list[np.ndarray] = []
        self._plots: list[pg.PlotItem] = []
        self._items: list[_CellImage] = []
        self._lines: list[pg.PlotDataItem] = []
        self._markers: list[pg.ScatterPlotItem] = []
        self._shown: ScaleMapResult | None = None
        self._build()
        m = self.model
        m.requestChanged.connect(self._show_request)
        m.problemChanged.connect(self._show_problem)
        m.computeStarted.connect(self._started)
        m.progressed.connect(lambda f: self._progress.setValue(int(round(1000 * f))))
        m.computed.connect(self._finished)
        m.failed.connect(self._failed)
        m.cancelled.connect(self._cancelled)
        m.equivalencesChanged.connect(self._show_equivalences)
        self._show_request(m.request)
        self._show_problem()
        self._show_equivalences(m.equivalences)
        self._apply_theme()

    # --- reading (what is on screen) ------------------------------------------------------------------
    def image(self, index: int) -> np.ndarray:
        """The RGBA array (rows = lr, columns = loss scale) shown for optimizer ``index``."""
        return self._images[index]

    def image_item(self, index: int) -> pg.ImageItem:
        return self._items[index]

    def plot_item(self, index: int) -> pg.PlotItem:
        return self._plots[index]

    def equivalence_text(self) -> str:
        return self._equivalence_label.text()

    def legend_text(self) -> str:
        return self._legend_label.text()

    def progress_text(self) -> str:
        return self._progress.format()

    def set_theme(self, theme: Theme) -> None:
        if theme is self.theme:
            return
        self.theme = theme
        self._apply_theme()

    def shutdown(self) -> None:
        self.model.shutdown()

    def closeEvent(self, event):  # noqa: N802 — Qt's name
        self.model.cancel()
        super().closeEvent(event)

    # --- construction ---------------------------------------------------------------------------------
    def _build(self) -> None:
        m = self.model
        self.metric_box = QComboBox()
        self.metric_box.addItems(list(METRICS.values()))
        self.metric_box.currentIndexChanged.connect(lambda i: m.set_metric(list(METRICS)[i]))
        self.resolution_box = QComboBox()
        self.resolution_box.addItems([f"{n} × {n}" for n in RESOLUTIONS])
        self.resolution_box.currentIndexChanged.connect(lambda i: m.set_resolution(RESOLUTIONS[i]))
        self.steps_box = QSpinBox(minimum=1, maximum=MAX_STEPS, singleStep=50, keyboardTracking=False)
        self.steps_box.valueChanged.connect(m.set_steps)
        self.span_box = QDoubleSpinBox(minimum=0.5, maximum=MAX_LR_SPAN, singleStep=0.5, decimals=1,
                                        suffix=" decades", keyboardTracking=False)
        self.span_box.valueChanged.connect(m.set_lr_span)
        self.scale_box = QComboBox()
        self.scale_box.addItems(list(SCALE_RANGES))
        self.scale_box.currentTextChanged.connect(lambda text: m.set_scale_range(*SCALE_RANGES[text]))
        self.factor_box = QDoubleSpinBox(minimum=1e-4, maximum=1e4, decimals=4, singleStep=0.1,
                                          keyboardTracking=False)
        self.factor_box.valueChanged.connect(m.set_factor)
        self._progress = QProgressBar(minimum=0, maximum=1000, textVisible=True)
        self._progress.setFormat("idle")

        # Two rows: in one the controls alone were ~850 px wide and squeezed the explanation panel
        # beside the map to nothing in a 1400 px window.
        top, bottom = QHBoxLayout(), QHBoxLayout()
        for row, items in ((top, (("colour", self.metric_box), ("cells", self.resolution_box),
                                  ("steps", self.steps_box))),
                           (bottom, (("lr ±", self.span_box), ("loss scale", self.scale_box)))):
            for label, widget in items:
                row.addWidget(QLabel(label))
                row.addWidget(widget)
        top.addStretch(1)
        bottom.addWidget(self._progress, 1)
        controls = QVBoxLayout()
        controls.addLayout(top)
        controls.addLayout(bottom)

        self.graphics = pg.GraphicsLayoutWidget()
        self._legend_label = QLabel()
        self._legend_label.setWordWrap(True)
        self._equivalence_label = QLabel()
        self._equivalence_label.setWordWrap(True)
        self._equivalence_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        factor_row = QHBoxLayout()
        factor_row.addWidget(QLabel("equivalence: loss × s vs lr × s, s ="))
        factor_row.addWidget(self.factor_box)
        factor_row.addStretch(1)

        layout = QVBoxLayout(self)
        layout.addLayout(controls)
        layout.addWidget(self.graphics, 1)
        layout.addWidget(self._legend_label)
        layout.addLayout(factor_row)
        layout.addWidget(self._equivalence_label)

    def _pens(self) -> tuple:
        product = QColor(self.theme.foreground)
        product.setAlpha(140)
        return (pg.mkPen(product, width=1, style=Qt.PenStyle.DashLine),
                pg.mkPen(self.theme.foreground, width=max(1.0, self.theme.path_width / 2)))

    def _apply_theme(self) -> None:
        theme = self.theme
        self.graphics.setBackground(theme.background)
        product_pen, setting_pen = self._pens()
        for plot, lines, marker in zip(self._plots, self._lines, self._markers, strict=True):
            self._style_plot(plot)
            lines.setPen(product_pen)
            marker.setPen(setting_pen)
        if self._shown is not None:
            self._redraw()

    def _style_plot(self, plot: pg.PlotItem) -> None:
        # Small multiples: the slide theme's 16 pt would make the axis labels of neighbours overlap.
        theme = dataclasses.replace(self.theme, font_size=min(self.theme.font_size, SMALL_MULTIPLE_FONT))
        font = style_axes(theme, plot.getAxis("left"), plot.getAxis("bottom"))
        plot.titleLabel.item.setFont(font)
        plot.titleLabel.setAttr("color", self.theme.foreground)

    def _ensure_plots(self, count: int) -> None:
        """Create the plot items once per optimizer count (four per row); later updates only set data."""
        if count == len(self._plots):
            return
        self.graphics.clear()
        self._plots, self._items, self._lines, self._markers = [], [], [], []
        self._images = []
        self._shown = None
        columns = min(max(count, 1), 4)
        product_pen, setting_pen = self._pens()
        for k in range(count):
            plot = self.graphics.addPlot(row=k // columns, col=k % columns)
            plot.setLabel("bottom", "log₁₀ loss scale")
            plot.setLabel("left", "log₁₀ lr")
            plot.setMenuEnabled(False)
            self._style_plot(plot)
            image = _CellImage(lambda row, col, k=k: self._clicked(k, row, col))
            plot.addItem(image)
            lines = pg.PlotDataItem(pen=product_pen, connect="pairs")
            plot.addItem(lines)
            marker = pg.ScatterPlotItem(size=9, symbol="+", pen=setting_pen, brush=None)
            plot.addItem(marker)
            self._plots.append(plot)
            self._items.append(image)
            self._lines.append(lines)
            self._markers.append(marker)
            self._images.append(np.zeros((1, 1, 4), np.uint8))

    # --- following the model --------------------------------------------------------------------------
    def _show_request(self, request: ScaleMapRequest) -> None:
        _quietly(self.metric_box.setCurrentIndex, list(METRICS).index(request.metric))
        _quietly(self.resolution_box.setCurrentIndex, RESOLUTIONS.index(request.resolution))
        _quietly(self.steps_box.setValue, self.model.steps)
        _quietly(self.span_box.setValue, request.lr_span)
        ranges = [name for name, pair in SCALE_RANGES.items() if pair == request.scale_range]
        if ranges:
            _quietly(self.scale_box.setCurrentText, ranges[0])
        _quietly(self.factor_box.setValue, request.factor)
        if self._shown is not None:
            self._redraw()  # a new metric recolours the same runs

    def _show_problem(self) -> None:
        self.metric_box.model().item(1).setEnabled(self.model.has_minima())
        _quietly(self.steps_box.setValue, self.model.steps)
        self._ensure_plots(len(self.model.specs))

    def _started(self) -> None:
        for item in self._items:
            item.setOpacity(0.5)
        self._progress.setValue(0)
        m = self.model
        n = m.request.resolution
        self._progress.setFormat(f"computing {len(m.specs)} × {n}² × {m.steps} steps… %p%")

    def _finished(self, result: ScaleMapResult) -> None:
        self._shown = result
        for item in self._items:
            item.setOpacity(1.0)
        self._progress.setValue(1000)
        self._progress.setFormat("done")
        self._redraw()
        self.computed.emit()

    def _failed(self, message: str) -> None:
        for item in self._items:
            item.setOpacity(1.0)
        self._progress.setFormat(f"failed: {message}")

    def _cancelled(self) -> None:
        for item in self._items:
            item.setOpacity(1.0)
        if self._progress.format().startswith("computing"):
            self._progress.setFormat("cancelled")

    def _show_equivalences(self, equivalences: list) -> None:
        specs, factor = self.model.specs, self.model.request.factor
        if not equivalences:
            self._equivalence_label.setText("")
            return
        parts = [f"{spec.title}: {eq.describe()}" for spec, eq in zip(specs, equivalences, strict=True)]
        self._equivalence_label.setText(
            f"largest distance between the loss × {factor:g} and lr × {factor:g} paths — " + " · ".join(parts))

    # --- drawing --------------------------------------------------------------------------------------
    def _values(self, result: ScaleMapResult) -> tuple[np.ndarray, str]:
        """The quantity to colour (K, N, M), already on the scale it is coloured in, and its name."""
        surface = self.model.surface
        if self.model.request.metric == "distance" and surface is not None and surface.minima:
            values = surface.nearest_minimum_distance(result.final_point[..., 0], result.final_point[..., 1])
            name = "distance to nearest minimum"
        else:
            values = result.final_loss
            name = "final loss"
        values = np.asarray(values, np.float64)
        ok = (result.diverged_at < 0) & np.isfinite(values)
        if ok.any() and (values[ok] > 0).all():
            floor = values[ok].min()
            values = np.log10(np.maximum(values, max(floor, 1e-300)))
            name = f"log₁₀ {name}"
        return values, name

    def _redraw(self) -> None:
        result = self._shown
        if result is None or len(result.specs) != len(self._plots):
            return
        values, name = self._values(result)
        ok = (result.diverged_at < 0) & np.isfinite(values)
        if ok.any():
            low, high = float(values[ok].min()), float(values[ok].max())
        else:
            low, high = 0.0, 1.0
        if name.startswith("log"):
            low = max(low, high - LOG_DECADES)  # a run that hit 1e-80 should not wash out the rest
        if not high > low:
            low, high = low - 0.5, high + 0.5
        x_log = np.log10(result.loss_scale)
        for k, spec in enumerate(result.specs):
            t = np.where(ok[k], (np.clip(values[k], low, high) - low) / (high - low), 0.0)
            index = np.clip(np.nan_to_num(t * 255.0, nan=0.0), 0, 255).astype(np.intp)
            rgba = _LUT[index]
            rgba[~ok[k]] = DIVERGED_RGBA
            rgba = np.ascontiguousarray(rgba)
            self._images[k] = rgba
            y_log = np.log10(result.lr[k])
            rect = _cell_rect(x_log, y_log)
            item = self._items[k]
            item.setImage(rgba, autoLevels=False)
            item.setRect(rect)
            xs, ys = _product_lines(rect)
            self._lines[k].setData(xs, ys)
            self._markers[k].setData([math.log10(spec.loss_scale)], [math.log10(spec.lr)])
            self._plots[k].setTitle(spec.title, size="9pt")
            self._plots[k].setRange(rect, padding=0.0)
        diverged = int((result.diverged_at >= 0).sum())
        self._legend_label.setText(
            f"colour: {name} from {low:.3g} (dark) to {high:.3g} (yellow), shared by all maps; "
            f"red: diverged ({diverged} of {result.diverged_at.size} cells); dashed: constant lr × scale; "
            f"+: the optimizer's own setting; {result.steps} steps. Click a cell to open that run.")

    def _clicked(self, k: int, row: int, col: int) -> None:
        result = self._shown
        if result is None or k >= len(result.specs):
            return
        self.cellClicked.emit(k, float(result.lr[k, row]), float(result.loss_scale[col]))



def _cell_rect(x_centres: np.ndarray, y_centres: np.ndarray) -> QRectF:
    """The rectangle whose columns/rows are centred on the given (log) values."""
    def edges(c):
        half = (c[-1] - c[0]) / (2 * (c.size - 1)) if c.size > 1 else 0.5
        return c[0] - half, c[-1] + half

    x0, x1 = edges(x_centres)
    y0, y1 = edges(y_centres)
    return QRectF(x0, y0, x1 - x0, y1 - y0)


def _product_lines(rect: QRectF) -> tuple[np.ndarray, np.ndarray]:
    """Segments of x + y = c (log lr + log scale = const) for every whole c, clipped to ``rect``."""
    x0, x1, y0, y1 = rect.left(), rect.right(), rect.top(), rect.bottom()
    xs, ys = [], []
    for c in range(math.ceil(x0 + y0), math.floor(x1 + y1) + 1):
        a = (max(x0, c - y1), c - max(x0, c - y1))
        b = (min(x1, c - y0), c - min(x1, c - y0))
        if b[0] > a[0]:
            xs += [a[0], b[0]]
            ys += [a[1], b[1]]
    return np.array(xs, float), np.array(ys, float)
