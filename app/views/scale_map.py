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
from app.views.common import optimizer_labels, style_axes
from core.optim.stability import eigenvalues, step_limit
from core.scale_map import MAX_LR_SPAN, MAX_STEPS, METRICS, RESOLUTIONS, SCALE_RANGES, ScaleMapRequest
from core.surfaces.hessian import hessian

__all__ = ["DEBOUNCE_MS", "DIVERGED_RGBA", "ScaleMapResult", "ScaleMapView"]

DIVERGED_RGBA = (230, 50, 50, 255)  # viridis never reaches red: a diverged cell cannot be mistaken
PERCENTILES = (2.0, 98.0)  # colour range: these percentiles of the converged cells (outliers clip)
STABLE_KINDS = ("sgd", "momentum", "nesterov")  # maps that get the stability-limit line
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
        self._limits: list[pg.PlotDataItem] = []
        self._rects: list[QRectF] = []
        self._range: tuple[float, float, str] = (0.0, 1.0, "")
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

    def hover_text(self) -> str:
        return self._hover_label.text()

    def colour_range(self) -> tuple[float, float, str]:
        """(low, high, name) of the colour bar: the values (log₁₀ where named so) of its two ends."""
        return self._range

    def limit_line(self, index: int) -> tuple[np.ndarray, np.ndarray]:
        """The stability-limit line drawn on optimizer ``index``'s map (empty where none is drawn)."""
        x, y = self._limits[index].getData()
        return (np.zeros(0), np.zeros(0)) if x is None else (np.asarray(x), np.asarray(y))

    def title(self, index: int) -> str:
        return self._plots[index].titleLabel.text

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
        self.colorbar = pg.ColorBarItem(values=(0, 1), width=14, interactive=False,
                                        colorMap=pg.colormap.get("viridis"), colorMapMenu=False)
        self.graphics.scene().sigMouseMoved.connect(self._hover)
        self._hover_label = QLabel(" ")
        self._hover_label.setObjectName("scaleMapReadout")
        self._hover_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
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
        layout.addWidget(self._hover_label)
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
        for plot, lines, marker, limit in zip(self._plots, self._lines, self._markers, self._limits, strict=True):
            self._style_plot(plot)
            lines.setPen(product_pen)
            marker.setPen(setting_pen)
            limit.setPen(self._limit_pen())
        small = dataclasses.replace(theme, font_size=min(theme.font_size, SMALL_MULTIPLE_FONT))
        style_axes(small, self.colorbar.axis)
        self.colorbar.axis.setWidth(None)
        if self._shown is not None:
            self._redraw()

    def _limit_pen(self):
        return pg.mkPen("#D55E00", width=max(2.0, self.theme.path_width))  # Okabe–Ito vermillion

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
        self._plots, self._items, self._lines, self._markers, self._limits = [], [], [], [], []
        self._rects = []
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
            limit = pg.PlotDataItem(pen=self._limit_pen())
            plot.addItem(limit)
            self._limits.append(limit)
            self._rects.append(QRectF())
            self._plots.append(plot)
            self._items.append(image)
            self._lines.append(lines)
            self._markers.append(marker)
            self._images.append(np.zeros((1, 1, 4), np.uint8))
        if count:
            self.graphics.addItem(self.colorbar, row=0, col=columns, rowspan=max(1, math.ceil(count / columns)))

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
    def _values(self, result: ScaleMapResult) -> tuple[np.ndarray, str, float | None]:
        """The quantity to colour (K, N, M), already on the scale it is coloured in, its name, and the
        floor values at or below 0 were clamped to on a log scale (None: none were)."""
        surface = self.model.surface
        if self.model.request.metric == "distance" and surface is not None and surface.minima:
            values = surface.nearest_minimum_distance(result.final_point[..., 0], result.final_point[..., 1])
            name = "distance to nearest minimum"
        else:
            values = result.final_loss
            name = "final loss"
        values = np.asarray(values, np.float64)
        ok = (result.diverged_at < 0) & np.isfinite(values)
        floor = None
        positive = ok & (values > 0)
        # Log colour when the values are ≥ 0 and span decades; an exact 0 (a run that landed on the
        # minimum) is clamped to a floor a decade below the smallest positive value instead of turning
        # the whole map linear (and dark).
        if positive.any() and (values[ok] >= 0).all():
            smallest = float(values[positive].min())
            if (~positive & ok).any():
                floor = smallest / 10.0
            values = np.log10(np.maximum(values, floor if floor is not None else smallest))
            name = f"log₁₀ {name}"
        return values, name, floor

    def _redraw(self) -> None:
        result = self._shown
        if result is None or len(result.specs) != len(self._plots):
            return
        values, name, floor = self._values(result)
        ok = (result.diverged_at < 0) & np.isfinite(values)
        if ok.any():  # percentiles of the converged cells: one run at 1e-80 does not wash out the rest
            low, high = (float(v) for v in np.percentile(values[ok], PERCENTILES))
        else:
            low, high = 0.0, 1.0
        if not high > low:
            low, high = low - 0.5, high + 0.5
        self._range = (low, high, name)
        self.colorbar.setLevels((low, high))
        self.colorbar.axis.setLabel(name)
        x_log = np.log10(result.loss_scale)
        titles = optimizer_labels(result.specs)
        limit_notes = []
        for k, spec in enumerate(result.specs):
            t = np.where(ok[k], (np.clip(values[k], low, high) - low) / (high - low), 0.0)
            index = np.clip(np.nan_to_num(t * 255.0, nan=0.0), 0, 255).astype(np.intp)
            rgba = _LUT[index]
            rgba[~ok[k]] = DIVERGED_RGBA
            rgba = np.ascontiguousarray(rgba)
            self._images[k] = rgba
            y_log = np.log10(result.lr[k])
            rect = _cell_rect(x_log, y_log)
            self._rects[k] = rect
            item = self._items[k]
            item.setImage(rgba, autoLevels=False)
            item.setRect(rect)
            xs, ys = _product_lines(rect)
            self._lines[k].setData(xs, ys)
            self._markers[k].setData([math.log10(spec.loss_scale)], [math.log10(spec.lr)])
            self._plots[k].setTitle(titles[k], size="9pt")
            self._plots[k].setRange(rect, padding=0.0)
            line, note = self._limit(spec, rect)
            self._limits[k].setData(*line)
            if note and note not in limit_notes:
                limit_notes.append(note)
        diverged = int((result.diverged_at >= 0).sum())
        ends = _range_words(low, high, name)
        zero = f"; values of 0 shown at {floor:.2g}" if floor is not None else ""
        self._legend_label.setText(
            f"colour: {ends} (percentiles {PERCENTILES[0]:g} to {PERCENTILES[1]:g} of the cells that did not "
            f"diverge; beyond them clipped), shared by all maps{zero}; "
            f"red: diverged ({diverged} of {result.diverged_at.size} cells); dashed: constant lr × scale; "
            f"+: the optimizer's own setting (its cell holds it exactly); {result.steps} steps."
            + "".join(f" {note}" for note in limit_notes) + " Click a cell to open that run.")

    def _limit(self, spec, rect: QRectF) -> tuple[tuple[np.ndarray, np.ndarray], str]:
        """Issue 14: the SGD family's stability limit γ·(s·λmax + λ_wd) = L (L = 2 for SGD, 2(1 + μ)
        for heavy ball, core.optim.stability.step_limit) as a line on the map, where λmax is the
        surface's largest Hessian eigenvalue: constant on a quadratic, else taken at the start point."""
        empty = (np.zeros(0), np.zeros(0))
        surface = self.model.surface
        if spec.kind not in STABLE_KINDS or surface is None or spec.noise or spec.clip:
            return empty, ""
        lam, constant = _lambda_max(surface, self.model.start)
        if not (lam is not None and math.isfinite(lam) and lam > 0):
            return empty, ""
        limit, formula = step_limit(spec)
        if not math.isfinite(limit):
            return empty, ""
        xs = np.linspace(rect.left(), rect.right(), 64)
        wd = spec.weight_decay or 0.0
        ys = np.log10(limit / (10.0 ** xs * lam + wd))
        inside = (ys >= rect.top()) & (ys <= rect.bottom())
        if not inside.any():
            return empty, ""
        where = "constant on this surface" if constant else "at the start point (the curvature varies: a guide)"
        note = (f"Vermillion line ({spec.title}): the stability limit γ·s·λmax = {formula}, λmax = {lam:.4g} "
                f"{where}; above it the linearised step grows.")
        return (xs[inside], ys[inside]), note

    def _hover(self, scene_pos) -> None:
        self._hover_label.setText(self.cell_text_at(scene_pos) or " ")

    def cell_text_at(self, scene_pos) -> str:
        """The hover read-out for a point of the graphics scene: '' outside every map."""
        result = self._shown
        if result is None:
            return ""
        for k, plot in enumerate(self._plots):
            box = plot.getViewBox()
            if k >= len(result.specs) or not box.sceneBoundingRect().contains(scene_pos):
                continue
            p = box.mapSceneToView(scene_pos)
            rect = self._rects[k]
            if rect.isNull() or not rect.contains(p):
                return ""
            n_rows, n_cols = result.lr.shape[1], result.loss_scale.shape[0]
            col = min(int((p.x() - rect.left()) / rect.width() * n_cols), n_cols - 1)
            row = min(int((p.y() - rect.top()) / rect.height() * n_rows), n_rows - 1)
            return self.cell_text(k, row, col)
        return ""

    def cell_text(self, k: int, row: int, col: int) -> str:
        """'SGD γ=0.01: lr = 0.0316, s = 10, final loss = 1.2e-5, did not diverge in 300 steps'."""
        r = self._shown
        title = optimizer_labels(r.specs)[k]
        text = f"{title}: lr = {r.lr[k, row]:.4g}, s = {r.loss_scale[col]:.4g}"
        diverged = int(r.diverged_at[k, row, col])
        if diverged >= 0:
            return text + f", diverged at step {diverged}"
        text += f", final loss = {r.final_loss[k, row, col]:.4g}"
        if self.model.request.metric == "distance" and self.model.surface is not None \
                and self.model.surface.minima:
            d = self.model.surface.nearest_minimum_distance(r.final_point[k, row, col, 0:1],
                                                            r.final_point[k, row, col, 1:2])
            text += f", distance to nearest minimum = {float(np.asarray(d).reshape(-1)[0]):.4g}"
        return text + f", did not diverge in {r.steps} steps"

    def _clicked(self, k: int, row: int, col: int) -> None:
        result = self._shown
        if result is None or k >= len(result.specs):
            return
        self.cellClicked.emit(k, float(result.lr[k, row]), float(result.loss_scale[col]))



def _range_words(low: float, high: float, name: str) -> str:
    if name.startswith("log₁₀ "):
        return f"{name[6:]} from {10.0 ** low:.3g} (dark) to {10.0 ** high:.3g} (yellow), log scale"
    return f"{name} from {low:.3g} (dark) to {high:.3g} (yellow)"


def _lambda_max(surface, start) -> tuple[float | None, bool]:
    """(λmax of ∇²f at the start, whether it is the same everywhere in the window: a quadratic)."""
    try:
        x0, y0 = float(start[0]), float(start[1])
        xmin, xmax, ymin, ymax = surface.window
        xs = np.array([x0, xmin, xmax, 0.5 * (xmin + xmax), xmin, xmax])
        ys = np.array([y0, ymin, ymax, 0.5 * (ymin + ymax), ymax, ymin])
        with np.errstate(all="ignore"):
            _low, high = eigenvalues(*hessian(surface, xs, ys))
    except Exception:  # noqa: BLE001 — a surface without a Hessian gets no line, not an error
        return None, False
    lam = float(high[0])
    constant = bool(np.all(np.isfinite(high)) and np.allclose(high, lam, rtol=1e-9, atol=0.0))
    return lam, constant


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
