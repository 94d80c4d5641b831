"""The scale map: for each optimizer, final loss over a log-lr × log-loss-scale grid.

One small multiple per optimizer: x = log₁₀ loss scale, y = log₁₀ learning rate (a range of decades
around the optimizer's own lr), coloured by the final loss or the distance to the nearest minimum
(shared colour levels, so the multiples compare), diverged cells in a colour the map never uses.
Dashed lines mark constant lr × scale: SGD's map is constant along them (loss × s ≡ lr × s), Adam's is
constant along the scale axis until ε takes over.

This view only draws: the settings and the computation live in :class:`app.models.scale_map.ScaleMapModel`
(its request is a :class:`core.scale_map.ScaleMapRequest`); the settings boxes, progress and Cancel are
:class:`app.views.scale_map_controls.ScaleMapControls`, which write back through the model's setters; what
the colours and lines mean (legend, hover read-out, stability line) is :mod:`app.views.scale_map_legend`.
The plots follow the theme (``set_theme``), as the landscape does; presentation mode (app.presentation)
enlarges their text further (``set_text_scale``) and hides the settings rows (``set_controls_shown``).
"""

from __future__ import annotations

import dataclasses
import math

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QEvent, QRectF, QSignalBlocker, Qt, Signal
from PySide6.QtGui import QColor, QFont
from PySide6.QtWidgets import QDoubleSpinBox, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from app.i18n import retranslate_pyqtgraph
from app.models.scale_map import DEBOUNCE_MS, ScaleMapModel, ScaleMapResult
from app.themes import DARK, Theme
from app.views import scale_map_legend as legend
from app.views.common import optimizer_labels, style_axes
from app.views.plot_item import add_plot_item
from app.views.scale_map_controls import ScaleMapControls
from app.views.scale_map_legend import PERCENTILES, STABLE_KINDS

__all__ = ["DEBOUNCE_MS", "DIVERGED_RGBA", "PERCENTILES", "STABLE_KINDS", "ScaleMapResult", "ScaleMapView"]

DIVERGED_RGBA = (230, 50, 50, 255)  # viridis never reaches red: a diverged cell cannot be mistaken
SMALL_MULTIPLE_FONT = 11  # points, at most (axis labels of four maps side by side), times the text scale
TITLE_POINTS = 9  # each map's title, times the text scale up to TITLE_POINTS_MAX:
TITLE_POINTS_MAX = 12  # four titles side by side leave the colour bar room in a 1280 px presentation
_LUT = (pg.colormap.get("viridis").getLookupTable(0.0, 1.0, 256, alpha=True)).astype(np.uint8)


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
        self.text_scale = 1.0  # set_text_scale
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
        m.confirm = self.controls.confirm_long_sweep  # a sweep over a minute starts only if the user agrees
        m.requestChanged.connect(self._show_request)
        m.problemChanged.connect(lambda: self._ensure_plots(len(self.model.specs)))
        m.computeStarted.connect(lambda: self._dim(True))
        m.computed.connect(self._finished)
        for stopped in (m.failed, m.cancelled, m.refused, m.declined):
            stopped.connect(lambda *_args: self._dim(False))
        m.equivalencesChanged.connect(self._show_equivalences)
        self._show_request(m.request)
        self._ensure_plots(len(m.specs))
        self._apply_theme()
        self.retranslate()

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
        return self.controls.progress.format()

    def set_theme(self, theme: Theme) -> None:
        if theme is self.theme:
            return
        self.theme = theme
        self._apply_theme()

    def set_text_scale(self, scale: float) -> None:
        """Titles, ticks and the colour bar's labels this much larger (presentation mode: readable from the
        back of a hall; the maps' own font cap grows with it)."""
        if scale == self.text_scale:
            return
        self.text_scale = scale
        self._apply_theme()

    def set_controls_shown(self, shown: bool) -> None:
        """The settings rows and the equivalence factor box (hidden with the window's controls)."""
        for widget in (self.controls, self._factor_label, self.factor_box):
            widget.setVisible(shown)

    def shutdown(self) -> None:
        self.model.shutdown()

    def closeEvent(self, event):  # noqa: N802 — Qt's name
        self.model.cancel()
        super().closeEvent(event)

    # --- construction ---------------------------------------------------------------------------------
    def _build(self) -> None:
        self.controls = ScaleMapControls(self.model)
        # The settings boxes, as attributes of the view (lessons and tests reach them here).
        for name in ("metric_box", "resolution_box", "steps_box", "span_box", "scale_box"):
            setattr(self, name, getattr(self.controls, name))
        self.factor_box = QDoubleSpinBox(minimum=1e-4, maximum=1e4, decimals=4, singleStep=0.1,
                                          keyboardTracking=False)
        self.factor_box.valueChanged.connect(self.model.set_factor)

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
        self._factor_label = QLabel()
        factor_row = QHBoxLayout()
        factor_row.addWidget(self._factor_label)
        factor_row.addWidget(self.factor_box)
        factor_row.addStretch(1)

        layout = QVBoxLayout(self)
        layout.addWidget(self.controls)
        layout.addWidget(self.graphics, 1)
        layout.addWidget(self._hover_label)
        layout.addWidget(self._legend_label)
        layout.addLayout(factor_row)
        layout.addWidget(self._equivalence_label)

    def retranslate(self) -> None:
        """Every text again in the current language (the controls retranslate themselves)."""
        self._factor_label.setText(self.tr("equivalence: loss × s vs lr × s, s ="))
        self.factor_box.setToolTip(self.tr("The factor s of the read-out below"))
        for plot in self._plots:
            self._label_axes(plot)
        self._show_equivalences(self.model.equivalences)
        if self._shown is not None:
            self._redraw()
        retranslate_pyqtgraph(self.graphics.scene())

    def changeEvent(self, event):  # noqa: N802 — Qt's name
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def _label_axes(self, plot: pg.PlotItem) -> None:
        plot.setLabel("bottom", self.tr("log₁₀ loss scale"))
        plot.setLabel("left", self.tr("log₁₀ lr"))

    def _apply_theme(self) -> None:
        theme = self.theme
        self.graphics.setBackground(theme.background)
        product_pen, setting_pen = _pens(self.theme)
        for plot, lines, marker, limit in zip(self._plots, self._lines, self._markers, self._limits, strict=True):
            _style_plot(plot, self.theme, self.text_scale)
            lines.setPen(product_pen)
            marker.setPen(setting_pen)
            marker.setSize(9 * self.text_scale)
            limit.setPen(_limit_pen(self.theme))
        style_axes(_small_multiple_theme(theme, self.text_scale), self.colorbar.axis)
        self.colorbar.axis.setWidth(None)
        if self._shown is not None:
            self._redraw()

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
        product_pen, setting_pen = _pens(self.theme)
        for k in range(count):
            plot = add_plot_item(self.graphics, k // columns, k % columns)
            self._label_axes(plot)
            _style_plot(plot, self.theme, self.text_scale)
            image = _CellImage(lambda row, col, k=k: self._clicked(k, row, col))
            plot.addItem(image)
            lines = pg.PlotDataItem(pen=product_pen, connect="pairs")
            plot.addItem(lines)
            marker = pg.ScatterPlotItem(size=9 * self.text_scale, symbol="+", pen=setting_pen, brush=None)
            plot.addItem(marker)
            limit = pg.PlotDataItem(pen=_limit_pen(self.theme))
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
    def _show_request(self, request) -> None:
        with QSignalBlocker(self.factor_box):
            self.factor_box.setValue(request.factor)
        if self._shown is not None:
            self._redraw()  # a new metric recolours the same runs

    def _dim(self, computing: bool) -> None:
        """The maps on screen at half opacity while a newer one computes."""
        for item in self._items:
            item.setOpacity(0.5 if computing else 1.0)

    def _finished(self, result: ScaleMapResult) -> None:
        self._shown = result
        self._dim(False)
        self._redraw()
        self.computed.emit()

    def _show_equivalences(self, equivalences: list) -> None:
        specs, factor = self.model.specs, self.model.request.factor
        if not equivalences:
            self._equivalence_label.setText("")
            return
        parts = " · ".join(f"{spec.title}: {legend.equivalence_text(eq)}"
                           for spec, eq in zip(specs, equivalences, strict=True))
        self._equivalence_label.setText(
            self.tr("largest distance between the loss × {s} and lr × {s} paths — {value}").format(
                s=f"{factor:g}", value=parts))

    # --- drawing --------------------------------------------------------------------------------------
    def _redraw(self) -> None:
        result = self._shown
        if result is None or len(result.specs) != len(self._plots):
            return
        colours = legend.colouring(result, self.model)
        low, high = colours.levels()
        self._range = (low, high, colours.name)
        self.colorbar.setLevels((low, high))
        self.colorbar.axis.setLabel(colours.name)
        x_log = np.log10(result.loss_scale)
        titles = optimizer_labels(result.specs)
        limit_notes = []
        for k, spec in enumerate(result.specs):
            ok = colours.ok[k]
            t = np.where(ok, (np.clip(colours.values[k], low, high) - low) / (high - low), 0.0)
            index = np.clip(np.nan_to_num(t * 255.0, nan=0.0), 0, 255).astype(np.intp)
            rgba = _LUT[index]
            rgba[~ok] = DIVERGED_RGBA
            rgba = np.ascontiguousarray(rgba)
            self._images[k] = rgba
            rect = _cell_rect(x_log, np.log10(result.lr[k]))
            self._rects[k] = rect
            item = self._items[k]
            item.setImage(rgba, autoLevels=False)
            item.setRect(rect)
            self._lines[k].setData(*_product_lines(rect))
            self._markers[k].setData([math.log10(spec.loss_scale)], [math.log10(spec.lr)])
            self._plots[k].setTitle(titles[k], size=f"{_title_points(self.text_scale)}pt")
            self._plots[k].setRange(rect, padding=0.0)
            line, note = legend.limit_line(spec, rect, self.model.surface, self.model.start)
            self._limits[k].setData(*line)
            if note and note not in limit_notes:
                limit_notes.append(note)
        self._legend_label.setText(legend.legend(colours, low, high, result, limit_notes))

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
        return legend.cell_text(self._shown, self.model, k, row, col)

    def _clicked(self, k: int, row: int, col: int) -> None:
        result = self._shown
        if result is None or k >= len(result.specs):
            return
        self.cellClicked.emit(k, float(result.lr[k, row]), float(result.loss_scale[col]))


def _pens(theme: Theme) -> tuple:
    """The pens of the constant lr × scale lines and of the "+" setting marker."""
    product = QColor(theme.foreground)
    product.setAlpha(140)
    return (pg.mkPen(product, width=1, style=Qt.PenStyle.DashLine),
            pg.mkPen(theme.foreground, width=max(1.0, theme.path_width / 2)))


def _limit_pen(theme: Theme):
    return pg.mkPen("#D55E00", width=max(2.0, theme.path_width))  # Okabe–Ito vermillion


def _small_multiple_theme(theme: Theme, text_scale: float) -> Theme:
    # Small multiples: the slide theme's 16 pt would make the axis labels of neighbours overlap (in
    # presentation mode the window is full screen and the maps wider, so the cap grows with the text).
    return dataclasses.replace(theme, font_size=min(theme.font_size, round(SMALL_MULTIPLE_FONT * text_scale)))


def _title_points(text_scale: float) -> int:
    return min(round(TITLE_POINTS * text_scale), TITLE_POINTS_MAX)


def _style_plot(plot: pg.PlotItem, theme: Theme, text_scale: float) -> None:
    font = QFont(style_axes(_small_multiple_theme(theme, text_scale), plot.getAxis("left"), plot.getAxis("bottom")))
    font.setPointSize(_title_points(text_scale))  # a copy: the axes keep theirs
    plot.titleLabel.item.setFont(font)
    plot.titleLabel.setAttr("size", f"{_title_points(text_scale)}pt")
    plot.titleLabel.setAttr("color", theme.foreground)


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
