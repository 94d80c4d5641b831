"""The scale map: for each optimizer, final loss over a log-lr × log-loss-scale grid.

One small multiple per optimizer: x = log₁₀ loss scale, y = log₁₀ learning rate (a range of decades
around the optimizer's own lr), coloured by the final loss or the distance to the nearest minimum
(shared colour levels, so the multiples compare), diverged cells in a colour the map never uses.
Dotted lines mark constant lr × scale: SGD's map is constant along them (loss × s ≡ lr × s), Adam's is
constant along the scale axis until ε takes over.

All cells of all optimizers run as one batch on a worker thread (core.engine.run with a progress
callback that also cancels); a settings change cancels the running job and starts another after a short
debounce, so the window never waits. Results come back by a queued signal carrying fresh arrays and a
generation number: a late result of a cancelled job is dropped.
"""

from __future__ import annotations

import math
import os
import threading
from dataclasses import dataclass

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QObject, QRectF, QSignalBlocker, Qt, QTimer, Signal
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

from core.engine import Cancelled, run
from core.engine.run import Batch
from core.engine.sweep import SweepResult, grid_batch
from core.experiments.equivalence import compare
from core.optim.spec import OptimizerSpec
from core.surfaces.surface import Surface

RESOLUTIONS = (16, 32, 64, 128)
MAX_STEPS = 1000
METRICS = {"loss": "final loss", "distance": "distance to nearest minimum"}
SCALE_RANGES = {"1e-4 … 1e4": (1e-4, 1e4), "1e-2 … 1e2": (1e-2, 1e2), "1e-12 … 1e2 (ε regime)": (1e-12, 1e2)}
DIVERGED_RGBA = (230, 50, 50, 255)  # viridis never reaches red: a diverged cell cannot be mistaken
PRODUCT_PEN = pg.mkPen((255, 255, 255, 140), width=1, style=Qt.PenStyle.DashLine)
SETTING_PEN = pg.mkPen((255, 255, 255), width=1)
DEBOUNCE_MS = 40
LOG_DECADES = 12  # colour range of a log-coloured map
BACKGROUND_NICE = 10  # worker threads yield to the UI thread when the cores are busy
_LUT = (pg.colormap.get("viridis").getLookupTable(0.0, 1.0, 256, alpha=True)).astype(np.uint8)


@dataclass(frozen=True)
class ScaleMapResult:
    """One computed map: lr[k] (N,) per optimizer k, loss_scale (M,), and per (k, i, j) the final loss,
    final point and diverging step (−1 = no)."""

    specs: tuple[OptimizerSpec, ...]
    lr: np.ndarray  # (K, N)
    loss_scale: np.ndarray  # (M,)
    final_loss: np.ndarray  # (K, N, M)
    final_point: np.ndarray  # (K, N, M, 2)
    diverged_at: np.ndarray  # (K, N, M)
    steps: int

    def sweeps(self) -> list[SweepResult]:
        """One core sweep per optimizer (what core.export.data writes)."""
        return [SweepResult(self.lr[k], self.loss_scale, self.final_loss[k], self.final_point[k],
                            self.diverged_at[k]) for k in range(len(self.specs))]


@dataclass
class _Job:
    generation: int
    surface: Surface
    start: tuple[float, float]
    specs: tuple[OptimizerSpec, ...]
    lrs: np.ndarray
    scales: np.ndarray
    steps: int
    cancelled: threading.Event


class _Relay(QObject):
    """Carries a worker thread's news to the UI thread (queued: it lives in the UI thread)."""

    progressed = Signal(int, float)
    finished = Signal(int, object)
    failed = Signal(int, str)


def _lower_thread_priority() -> None:
    """Nice this worker thread; the engine's pool threads it starts inherit it (Linux: per thread), so
    when the cores are busy the scheduler still runs the UI thread first and the window stays smooth."""
    try:
        os.setpriority(os.PRIO_PROCESS, threading.get_native_id(), BACKGROUND_NICE)
    except (AttributeError, OSError):  # no per-thread niceness here: the map still computes
        pass


def _compute(job: _Job, relay: _Relay) -> None:
    _lower_thread_priority()
    try:
        batches = [grid_batch(spec, job.lrs[k], job.scales, job.start) for k, spec in enumerate(job.specs)]
        batch = Batch(*(np.concatenate([getattr(b, f) for b in batches]) for f in
                        ("starts", "kinds", "hyper", "seeds")))

        def progress(fraction: float) -> bool:
            if job.cancelled.is_set():
                return False
            relay.progressed.emit(job.generation, fraction)
            return True

        out = run(job.surface, batch, job.steps, record=False, progress=progress)
        shape = (len(job.specs), job.lrs.shape[1], job.scales.size)
        result = ScaleMapResult(job.specs, job.lrs.copy(), job.scales.copy(), out.final_loss.reshape(shape),
                                out.final.reshape(*shape, 2), out.diverged_at.reshape(shape), job.steps)
        if not job.cancelled.is_set():
            relay.finished.emit(job.generation, result)
    except Cancelled:
        pass
    except Exception as exc:  # a worker must never die silently: the view shows the reason
        if not job.cancelled.is_set():
            relay.failed.emit(job.generation, str(exc))


def _quietly(set_value, value) -> None:
    """Set a control from code without its change signal (which would call back into the setter)."""
    with QSignalBlocker(set_value.__self__):
        set_value(value)


def _problem_key(surface: Surface, start, specs, steps: int) -> tuple:
    return surface, (float(start[0]), float(start[1])), tuple(specs), int(steps)


def _same_problem(a: tuple | None, b: tuple) -> bool:
    return a is not None and a[0] is b[0] and a[1:] == b[1:]  # surfaces by identity: a new one is a new map


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
    """Small multiples of the lr × loss-scale map. ``set_problem`` (re)starts a computation."""

    cellClicked = Signal(int, float, float)  # optimizer index, lr, loss scale
    computed = Signal()  # a finished map is on screen
    computeStarted = Signal()

    def __init__(self, parent=None, *, resolution: int = 32, metric: str = "loss", factor: float = 0.1):
        super().__init__(parent)
        self._surface: Surface | None = None
        self._start = (0.0, 0.0)
        self._specs: tuple[OptimizerSpec, ...] = ()
        self._steps = 300
        self._resolution = resolution
        self._metric = metric
        self._factor = factor
        self._lr_span = 2.0
        self._scale_range = SCALE_RANGES["1e-4 … 1e4"]
        self._generation = 0  # counts requests: every setting change, and so every new problem
        self._problem: tuple | None = None  # set_problem's arguments, as _problem_key makes them
        self._result_generation = -1  # the request self._result answers
        self._job: _Job | None = None
        self._threads: list[threading.Thread] = []
        self._result: ScaleMapResult | None = None
        self._images: list[np.ndarray] = []
        self._equivalences = []
        self._plots: list[pg.PlotItem] = []
        self._items: list[_CellImage] = []
        self._lines: list[pg.PlotDataItem] = []
        self._markers: list[pg.ScatterPlotItem] = []
        self._relay = _Relay()
        self._relay.progressed.connect(self._on_progress)
        self._relay.finished.connect(self._on_finished)
        self._relay.failed.connect(self._on_failed)
        self._debounce = QTimer(self, singleShot=True, interval=DEBOUNCE_MS)
        self._debounce.timeout.connect(self._start_job)
        self._build()

    # --- public API ------------------------------------------------------------------------------------

    def set_problem(self, surface: Surface, start, specs, steps: int) -> None:
        """Map ``specs`` on ``surface`` from ``start`` with ``steps`` steps (capped at 1,000). The problem
        being computed or already on screen is not started again."""
        problem = _problem_key(surface, start, specs, steps)
        if _same_problem(self._problem, problem) and (self._job is not None or self._debounce.isActive()
                                                      or self._result_generation == self._generation):
            return
        self._problem = problem
        self._surface = surface
        self._start = (float(start[0]), float(start[1]))
        self._specs = tuple(specs)
        self._take_steps(steps)
        has_minima = bool(surface.minima)
        self._metric_box.model().item(1).setEnabled(has_minima)
        if not has_minima and self._metric == "distance":
            self.set_metric("loss")
        self._ensure_plots(len(self._specs))
        self._update_equivalence()
        self._schedule()

    def set_metric(self, metric: str) -> None:
        if metric not in METRICS:
            raise ValueError(f"metric must be one of {', '.join(METRICS)}, not {metric!r}")
        if metric == "distance" and self._surface is not None and not self._surface.minima:
            metric = "loss"  # no known minimum: nothing to measure the distance to
        self._metric = metric
        _quietly(self._metric_box.setCurrentIndex, list(METRICS).index(metric))
        self._redraw()  # the same runs, only coloured differently: no recomputation

    def set_resolution(self, cells: int) -> None:
        if cells not in RESOLUTIONS:
            raise ValueError(f"resolution must be one of {RESOLUTIONS}, not {cells!r}")
        self._resolution = cells
        _quietly(self._resolution_box.setCurrentIndex, RESOLUTIONS.index(cells))
        self._schedule()

    def set_steps(self, steps: int) -> None:
        self._take_steps(steps)
        self._update_equivalence()
        self._schedule()

    def set_lr_span(self, decades: float) -> None:
        """Each optimizer's lr axis runs from its lr × 10^−decades to its lr × 10^+decades."""
        if not (math.isfinite(decades) and 0 < decades <= 6):
            raise ValueError(f"the lr span must be from 0 to 6 decades, not {decades!r}")
        self._lr_span = float(decades)
        _quietly(self._span_box.setValue, self._lr_span)
        self._schedule()

    def set_scale_range(self, low: float, high: float) -> None:
        if not (0 < low < high and math.isfinite(high)):
            raise ValueError(f"the loss-scale range must be 0 < low < high, not {low!r} … {high!r}")
        self._scale_range = (float(low), float(high))
        self._schedule()

    def set_factor(self, factor: float) -> None:
        """The factor s of the equivalence read-out (loss × s vs lr × s)."""
        if not (math.isfinite(factor) and factor > 0):
            raise ValueError(f"the factor must be a positive number, not {factor!r}")
        self._factor = float(factor)
        _quietly(self._factor_box.setValue, self._factor)
        self._update_equivalence()

    def _take_steps(self, steps: int) -> None:
        self._steps = max(1, min(int(steps), MAX_STEPS))
        _quietly(self._steps_box.setValue, self._steps)

    def cancel(self) -> None:
        self._debounce.stop()
        if self._job is not None:
            self._job.cancelled.set()
            self._job = None
        self._set_busy(False)

    def is_computing(self) -> bool:
        return self._job is not None or self._debounce.isActive()

    @property
    def result(self) -> ScaleMapResult | None:
        return self._result

    def result_for(self, surface: Surface, start, specs, steps: int) -> ScaleMapResult | None:
        """The finished map of exactly this problem, as last set — None while a later request is pending
        or computing, after it failed, or if the problem has changed since."""
        if not _same_problem(self._problem, _problem_key(surface, start, specs, steps)):
            return None
        return self._result if self._result_generation == self._generation else None

    @property
    def metric(self) -> str:
        return self._metric

    @property
    def resolution(self) -> int:
        return self._resolution

    @property
    def equivalences(self) -> list:
        """core.experiments.Equivalence per optimizer for the current factor."""
        return list(self._equivalences)

    def equivalence_text(self) -> str:
        return self._equivalence_label.text()

    def image(self, index: int) -> np.ndarray:
        """The RGBA array (rows = lr, columns = loss scale) shown for optimizer ``index``."""
        return self._images[index]

    def image_item(self, index: int) -> pg.ImageItem:
        return self._items[index]

    def plot_item(self, index: int) -> pg.PlotItem:
        return self._plots[index]

    def shutdown(self, timeout: float = 2.0) -> None:
        """Cancel and wait (briefly) for worker threads — before the application quits."""
        self.cancel()
        for thread in self._threads:
            thread.join(timeout)
        self._threads.clear()

    def closeEvent(self, event):
        self.shutdown()
        super().closeEvent(event)

    # --- construction ------------------------------------------------------------------------------------

    def _build(self) -> None:
        self._metric_box = QComboBox()
        self._metric_box.addItems(list(METRICS.values()))
        self._metric_box.setCurrentIndex(list(METRICS).index(self._metric))
        self._metric_box.currentIndexChanged.connect(lambda i: self.set_metric(list(METRICS)[i]))
        self._resolution_box = QComboBox()
        self._resolution_box.addItems([f"{n} × {n}" for n in RESOLUTIONS])
        self._resolution_box.setCurrentIndex(RESOLUTIONS.index(self._resolution))
        self._resolution_box.currentIndexChanged.connect(lambda i: self.set_resolution(RESOLUTIONS[i]))
        self._steps_box = QSpinBox(minimum=1, maximum=MAX_STEPS, value=self._steps, singleStep=50,
                                   keyboardTracking=False)
        self._steps_box.valueChanged.connect(self.set_steps)
        self._span_box = QDoubleSpinBox(minimum=0.5, maximum=6.0, value=self._lr_span, singleStep=0.5,
                                        decimals=1, suffix=" decades", keyboardTracking=False)
        self._span_box.valueChanged.connect(self.set_lr_span)
        self._scale_box = QComboBox()
        self._scale_box.addItems(list(SCALE_RANGES))
        self._scale_box.currentTextChanged.connect(lambda text: self.set_scale_range(*SCALE_RANGES[text]))
        self._factor_box = QDoubleSpinBox(minimum=1e-4, maximum=1e4, value=self._factor, decimals=4,
                                          singleStep=0.1, keyboardTracking=False)
        self._factor_box.valueChanged.connect(self.set_factor)
        self._progress = QProgressBar(minimum=0, maximum=1000, textVisible=True)
        self._progress.setFormat("idle")

        # Two rows: in one the controls alone were ~850 px wide and squeezed the explanation panel
        # beside the map to nothing in a 1400 px window.
        top, bottom = QHBoxLayout(), QHBoxLayout()
        for row, items in ((top, (("colour", self._metric_box), ("cells", self._resolution_box),
                                  ("steps", self._steps_box))),
                           (bottom, (("lr ±", self._span_box), ("loss scale", self._scale_box)))):
            for label, widget in items:
                row.addWidget(QLabel(label))
                row.addWidget(widget)
        top.addStretch(1)
        bottom.addWidget(self._progress, 1)
        controls = QVBoxLayout()
        controls.addLayout(top)
        controls.addLayout(bottom)

        self._graphics = pg.GraphicsLayoutWidget()
        self._graphics.setBackground("k")
        self._legend_label = QLabel()
        self._legend_label.setWordWrap(True)
        self._equivalence_label = QLabel()
        self._equivalence_label.setWordWrap(True)
        self._equivalence_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        factor_row = QHBoxLayout()
        factor_row.addWidget(QLabel("equivalence: loss × s vs lr × s, s ="))
        factor_row.addWidget(self._factor_box)
        factor_row.addStretch(1)

        layout = QVBoxLayout(self)
        layout.addLayout(controls)
        layout.addWidget(self._graphics, 1)
        layout.addWidget(self._legend_label)
        layout.addLayout(factor_row)
        layout.addWidget(self._equivalence_label)

    def _ensure_plots(self, count: int) -> None:
        """Create the plot items once per optimizer count (four per row); later updates only set data."""
        if count == len(self._plots):
            return
        self._graphics.clear()
        self._plots, self._items, self._lines, self._markers = [], [], [], []
        self._images = []
        columns = min(max(count, 1), 4)
        for k in range(count):
            plot = self._graphics.addPlot(row=k // columns, col=k % columns)
            plot.setLabel("bottom", "log₁₀ loss scale")
            plot.setLabel("left", "log₁₀ lr")
            plot.setMenuEnabled(False)
            image = _CellImage(lambda row, col, k=k: self._clicked(k, row, col))
            plot.addItem(image)
            lines = pg.PlotDataItem(pen=PRODUCT_PEN, connect="pairs")
            plot.addItem(lines)
            marker = pg.ScatterPlotItem(size=9, symbol="+", pen=SETTING_PEN, brush=None)
            plot.addItem(marker)
            self._plots.append(plot)
            self._items.append(image)
            self._lines.append(lines)
            self._markers.append(marker)
            self._images.append(np.zeros((1, 1, 4), np.uint8))

    # --- computation -----------------------------------------------------------------------------------

    def _schedule(self) -> None:
        """Cancel what runs now and start afresh after a short pause (a dragged control fires often)."""
        self._generation += 1  # whatever was on screen no longer answers the request
        if self._job is not None:
            self._job.cancelled.set()
            self._job = None
        if self._surface is None or not self._specs:
            return
        self._set_busy(True)
        self._debounce.start()

    def _grids(self) -> tuple[np.ndarray, np.ndarray]:
        n = self._resolution
        lrs = np.stack([spec.lr * np.geomspace(10.0 ** -self._lr_span, 10.0 ** self._lr_span, n)
                        for spec in self._specs])
        scales = np.geomspace(*self._scale_range, n)
        return lrs, scales

    def _start_job(self) -> None:
        if self._surface is None or not self._specs:
            return
        lrs, scales = self._grids()
        job = _Job(self._generation, self._surface, self._start, self._specs, lrs, scales, self._steps,
                   threading.Event())
        self._job = job
        self._threads = [t for t in self._threads if t.is_alive()]
        thread = threading.Thread(target=_compute, args=(job, self._relay), name="scale-map", daemon=True)
        self._threads.append(thread)
        self._progress.setValue(0)
        self._progress.setFormat(f"computing {len(self._specs)} × {lrs.shape[1]}² × {self._steps} steps… %p%")
        self.computeStarted.emit()
        thread.start()

    def _on_progress(self, generation: int, fraction: float) -> None:
        if self._job is not None and generation == self._job.generation:
            self._progress.setValue(int(round(1000 * fraction)))

    def _on_finished(self, generation: int, result: ScaleMapResult) -> None:
        if self._job is None or generation != self._job.generation:
            return  # a cancelled job's late answer
        self._job = None
        self._result = result
        self._result_generation = generation
        self._set_busy(False)
        self._progress.setValue(1000)
        self._progress.setFormat("done")
        self._redraw()
        self.computed.emit()

    def _on_failed(self, generation: int, message: str) -> None:
        if self._job is None or generation != self._job.generation:
            return
        self._job = None
        self._set_busy(False)
        self._progress.setFormat(f"failed: {message}")

    def _set_busy(self, busy: bool) -> None:
        for item in self._items:
            item.setOpacity(0.5 if busy else 1.0)
        if not busy and self._job is None and self._progress.format().startswith("computing"):
            self._progress.setFormat("cancelled")

    # --- drawing ---------------------------------------------------------------------------------------

    def _values(self, result: ScaleMapResult) -> tuple[np.ndarray, str]:
        """The quantity to colour (K, N, M), already on the scale it is coloured in, and its name."""
        if self._metric == "distance" and self._surface is not None and self._surface.minima:
            values = self._surface.nearest_minimum_distance(result.final_point[..., 0], result.final_point[..., 1])
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
        result = self._result
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

    def _update_equivalence(self) -> None:
        if self._surface is None or not self._specs:
            self._equivalences = []
            self._equivalence_label.setText("")
            return
        # 2 × (optimizers) × ≤1,000 steps: a few ms in the kernel, fine on the UI thread
        self._equivalences = compare(self._surface, self._specs, self._factor, self._steps, self._start)
        parts = [f"{spec.title}: {eq.describe()}" for spec, eq in zip(self._specs, self._equivalences, strict=True)]
        self._equivalence_label.setText(
            f"largest distance between the loss × {self._factor:g} and lr × {self._factor:g} paths — "
            + " · ".join(parts))

    def _clicked(self, k: int, row: int, col: int) -> None:
        result = self._result
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
