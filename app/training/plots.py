"""The training panel's plots: every item is made once (``__init__``); updates only call setData / setImage.

Curves are plain PlotCurveItems (no log mode, no auto-range): log axes are drawn as log10 of the data with
decade ticks, and long curves are min/max-decimated here — PlotDataItem's machinery for the same costs
more per update than drawing. Ranges are set by hand and only grow (in whole decades on log axes):
auto-ranging every update would re-lay out the axes on every frame, which costs more than the curves.
"""

from __future__ import annotations

import math
import time

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QT_TRANSLATE_NOOP, QEvent, QRectF, Qt
from PySide6.QtWidgets import QSizePolicy

from app.i18n import retranslate_pyqtgraph, translate
from app.training.controls import COLOURS
from app.training.history import History
from app.training.messages import BoundaryImages, Experiment, FittedCurves, Pair
from app.training.payloads import PALETTE
from app.views.plot_item import add_plot_item

LOG_FLOOR = 1e-12  # log plots draw 0 (e.g. ‖θA − θB‖ for SGD with a power-of-two scale) at this height
LOSS_FLOOR = 1e-8  # the loss plot draws smaller losses (an exact 0 included) at this height, labelled "≤1e-08"
LOSS_DECADES_UP = 2  # the loss axis reaches at most this many decades above the first losses: higher
# losses (a run blowing up) are drawn at the top edge, and its divergence as a marker there
MAX_CURVE_POINTS = 2000
MIN_X_RANGE = 10
RUNS = ("a", "b")


def _pen(run: str, dashed: bool = False, alpha: int = 255, width: float = 1):
    pen = pg.mkPen((*COLOURS[run], alpha), width=width)
    if dashed:
        pen.setStyle(Qt.PenStyle.DashLine)
    return pen


def _width(run: str, b_width: float = 1.0) -> float:
    """A's curves three times as wide as B's, which are drawn over them (see TrainingPlots)."""
    return 3.0 * b_width if run == "a" else b_width


def _hex(run: str) -> str:
    return "#{:02x}{:02x}{:02x}".format(*COLOURS[run])


def nice_ceiling(n: float, minimum: int = MIN_X_RANGE) -> int:
    """The smallest 1-2-5 × 10^k at least ``n`` (and at least ``minimum``): the step axis grows in such jumps."""
    n = max(float(n), float(minimum))
    k = 10 ** math.floor(math.log10(n))
    for m in (1, 2, 5, 10):
        if m * k >= n:
            return int(m * k)
    return int(10 * k)


def _positive(values: np.ndarray) -> np.ndarray:
    """For log axes: non-finite → NaN (a gap), ≤ 0 → LOG_FLOOR."""
    out = np.where(np.isfinite(values), values, np.nan)
    with np.errstate(invalid="ignore"):
        out[out <= 0] = LOG_FLOOR
    return out


def _log10(values: np.ndarray) -> np.ndarray:
    """log10 for a log axis drawn on a linear one: ≤ 0 at log10(LOG_FLOOR), non-finite → NaN (a gap)."""
    values = _positive(np.asarray(values, dtype=np.float64))
    out = np.full(values.shape, np.nan)
    np.log10(values, out=out, where=np.isfinite(values))
    return out


def _decimate(x: np.ndarray, y: np.ndarray, max_points: int = MAX_CURVE_POINTS) -> tuple[np.ndarray, np.ndarray]:
    """Keep at most ~max_points points: the min and the max of each bin (spikes survive), NaN-aware."""
    n = len(x)
    if n <= max_points:
        return x, y
    bins = max_points // 2
    per = n // bins
    m = bins * per
    ys = y[:m].reshape(bins, per)
    lo, hi = np.fmin.reduce(ys, axis=1), np.fmax.reduce(ys, axis=1)  # ignore NaN without warnings
    xs = np.repeat(x[:m:per], 2)
    out_y = np.column_stack([lo, hi]).ravel()
    return np.concatenate([xs, x[m:]]), np.concatenate([out_y, y[m:]])


def _loss_y(values: np.ndarray, cap: float) -> np.ndarray:
    """log10 of losses for the loss axis: ≤ LOSS_FLOOR (0 included) at the floor, above the cap at the cap."""
    values = np.asarray(values, dtype=np.float64)
    out = np.full(values.shape, np.nan)
    finite = np.isfinite(values)
    np.log10(np.maximum(values, LOSS_FLOOR), out=out, where=finite)
    if math.isfinite(cap):
        np.minimum(out, cap, out=out, where=finite)
    return out


# The words of core.training.optim_spec.OptimSpec.label() ("sgd lr=0.1 loss×10 wd=0.01 (decoupled) clip=1 cosine"),
# shown in the current language; numbers and optimizer names stay as they are
LABEL_WORDS = (
    (" (decoupled)", QT_TRANSLATE_NOOP("TrainingPlots", " (decoupled)")),
    (" lr=", QT_TRANSLATE_NOOP("TrainingPlots", " lr=")),
    (" loss×", QT_TRANSLATE_NOOP("TrainingPlots", " loss×")),
    (" wd=", QT_TRANSLATE_NOOP("TrainingPlots", " wd=")),
    (" clip=", QT_TRANSLATE_NOOP("TrainingPlots", " clip=")),
    (" step", QT_TRANSLATE_NOOP("TrainingPlots", " step")),
    (" cosine", QT_TRANSLATE_NOOP("TrainingPlots", " cosine")),
)


def run_label(text: str) -> str:
    """A run's label (OptimSpec.label()) in the current language."""
    for word, label in LABEL_WORDS:
        text = text.replace(word, translate("TrainingPlots", label))
    return text


class StepRange:
    """The curves' shared step axis: 0 … the next 1-2-5 value above the steps done, and no further than the
    run's length (the steps setting): it grows with the run and ends where the run does (a 300-step run
    filled 300 of 500)."""

    def __init__(self, plots):
        self.plots = plots
        self.total = 0  # the run's length (0: not known yet)
        self.done = 0  # the last step shown
        self.top = 0  # the axis's end as set (0: none yet)

    def reset(self, total: int) -> None:
        """New runs of ``total`` steps, none done."""
        self.total, self.top = int(total), 0
        self.show(0)

    def set_total(self, total: int) -> None:
        self.total = int(total)
        self.show(self.done)

    def show(self, done: int) -> None:
        self.done = done
        top = nice_ceiling(done)
        if self.total >= max(done, MIN_X_RANGE):
            top = min(top, self.total)
        if top != self.top:  # a range change re-lays out the plots: only when it moves
            self.top = top
            for plot in self.plots:
                plot.setXRange(0, top, padding=0.02)


class TrainingPlots(pg.GraphicsLayoutWidget):
    """A and B's views (decision boundary or fitted curve), loss, score, ‖θA − θB‖ and per-layer ‖∇L‖.
    Remembers how long its last paint took (``last_paint_s``: part of the redraw cost)."""

    last_paint_s = 0.0

    def __init__(self, parent=None):
        super().__init__(parent)
        self._titles: dict[str, str] = {}
        self._labels: dict[str, str] = {}
        self._classification = True
        self._in_dim: int | None = None  # inputs that have no 2-D view (None: the view is drawn)
        self._diverged: dict[str, int | None] = {"a": None, "b": None}
        self._grad_first_drawn = False
        self._drawn = 0
        self.setAntialiasing(False)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setMinimumSize(400, 360)
        self.view_plots: dict[str, pg.PlotItem] = {}
        self.images: dict[str, pg.ImageItem] = {}
        self.scatters: dict[str, pg.ScatterPlotItem] = {}
        self.fits: dict[str, pg.PlotCurveItem] = {}
        for column, run in enumerate(("a", "b")):
            plot = add_plot_item(self, 0, column, title=f"{run.upper()}")
            image = pg.ImageItem(axisOrder="row-major")
            plot.addItem(image)
            scatter = pg.ScatterPlotItem(size=4, pen=None, pxMode=True)
            plot.addItem(scatter)
            fit = pg.PlotCurveItem(pen=_pen(run))
            plot.addItem(fit)
            self.view_plots[run], self.images[run], self.scatters[run], self.fits[run] = plot, image, scatter, fit
        self.no_view = {run: pg.TextItem("", color=(160, 160, 160), anchor=(0.5, 0.5)) for run in RUNS}
        for run in RUNS:
            self.view_plots[run].addItem(self.no_view[run], ignoreBounds=True)
            # wrapped to its plot's width: at 1280×720 the note ran past both edges of the small plots
            self.view_plots[run].getViewBox().sigResized.connect(
                lambda box, note=self.no_view[run]: note.setTextWidth(max(box.width() - 8, 40)))
        self.smoothing = False  # EMA of the mini-batch loss drawn over the raw (faint) curve
        self.loss_plot = add_plot_item(self, 1, 0)
        self.loss_plot.setTitle(self._loss_title(), size="9pt")
        self.score_plot = add_plot_item(self, 1, 1)
        self.distance_plot = add_plot_item(self, 2, 0, title="‖θA − θB‖")
        # the key lives in the title, not in a legend box over the curves
        self.grad_plot = add_plot_item(self, 2, 1)
        def curve(plot, pen) -> pg.PlotCurveItem:
            item = pg.PlotCurveItem(pen=pen, connect="finite")
            plot.addItem(item)
            return item
        # A wide, B thin on top: where the twins coincide (SGD's loss × s vs lr × s) A shows as a rim
        # around B instead of vanishing under it (the landscape's paths do the same)
        self.raw_curves = {run: curve(self.loss_plot, _pen(run, alpha=70)) for run in RUNS}
        self.loss_curves = {run: curve(self.loss_plot, _pen(run, width=_width(run))) for run in RUNS}
        self.test_loss_curves = {run: curve(self.loss_plot, _pen(run, dashed=True, width=_width(run, 1.5)))
                                 for run in RUNS}
        self.score_curves = {run: curve(self.score_plot, _pen(run, width=_width(run))) for run in RUNS}
        self.test_score_curves = {run: curve(self.score_plot, _pen(run, dashed=True, width=_width(run, 1.5)))
                                  for run in RUNS}
        for curves in (self.loss_curves, self.test_loss_curves, self.score_curves, self.test_score_curves):
            curves["b"].setZValue(curves["a"].zValue() + 1)
        self.distance_curve = curve(self.distance_plot, pg.mkPen((150, 150, 150), width=1))
        self.grad_curves = {run: curve(self.grad_plot, _pen(run, dashed=run == "b")) for run in RUNS}
        self.grad_first = curve(self.grad_plot, pg.mkPen((150, 150, 150), width=1, style=Qt.PenStyle.DotLine))
        self.diverged_markers = {}
        self.diverged_labels = {}
        for run in RUNS:
            marker = pg.ScatterPlotItem(symbol="x", size=12, pen=pg.mkPen(COLOURS[run], width=2), brush=None)
            label = pg.TextItem("", color=COLOURS[run], anchor=(1.0, 0.0))
            self.loss_plot.addItem(marker, ignoreBounds=True)
            self.loss_plot.addItem(label, ignoreBounds=True)
            self.diverged_markers[run], self.diverged_labels[run] = marker, label
        self.step_range = StepRange((self.loss_plot, self.score_plot, self.distance_plot))
        self._loss_cap: float | None = None  # log10 of the loss axis's highest value
        # Ranges are set by hand and only grow (in whole decades on log axes): auto-ranging every update
        # would re-layout the axes on every frame, which costs more than drawing the curves.
        self._ranges: dict[str, tuple[float, float]] = {}
        for plot in (*self.view_plots.values(), self.loss_plot, self.score_plot, self.distance_plot,
                     self.grad_plot):
            plot.hideButtons()
            plot.disableAutoRange()
            plot.getAxis("left").setWidth(46)  # new tick labels must not re-lay out the whole grid
        self.retranslate()

    def retranslate(self) -> None:
        """Titles, axis labels and read-outs again, in the current language (pyqtgraph items are no widgets)."""
        self.loss_plot.setTitle(self._loss_title(), size="9pt")
        self._score_title()
        self.grad_plot.setTitle(self.tr("‖∇L‖ per layer: {a} {b} · dots: A, step 1").format(
            a=f"<span style='color:{_hex('a')}'>A —</span>", b=f"<span style='color:{_hex('b')}'>B - -</span>"),
            size="9pt")
        self.grad_plot.setLabel("bottom", self.tr("layer (1 = input side)"))
        for run in RUNS:
            self.no_view[run].setText("" if self._in_dim is None else self._no_view_text(self._in_dim))
            self.show_divergence(run, self._diverged[run])
        labels = {run: self._labels.get(run) for run in RUNS}
        if all(labels.values()):
            self.set_titles(labels)
        retranslate_pyqtgraph(self.scene())

    def changeEvent(self, event) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def _score_title(self) -> None:
        title = (self.tr("accuracy: train —, test - -") if self._classification
                 else self.tr("R²: train —, test - -"))
        self.score_plot.setTitle(title, size="9pt")

    def _no_view_text(self, in_dim: int) -> str:
        return self.tr("{dim}-D inputs: no 2-D decision\nboundary to draw (see the Landscape tab)").format(dim=in_dim)

    def paintEvent(self, event) -> None:
        start = time.perf_counter()
        super().paintEvent(event)
        self.last_paint_s = time.perf_counter() - start

    def show_experiment(self, experiment: Experiment, steps: int) -> None:
        """New runs: the data, empty curves, fresh ranges."""
        classification = experiment.is_classification
        self._grad_first_drawn = False
        self._drawn = 0
        self._classification = classification
        self._in_dim = None
        self._score_title()
        x, y = experiment.x, experiment.y
        xmin, xmax, ymin, ymax = experiment.extent
        for run in RUNS:
            plot = self.view_plots[run]
            self.images[run].setVisible(classification)
            self.fits[run].setVisible(not classification)
            self.fits[run].setData([], [])
            self.no_view[run].setText("")
            if classification and experiment.in_dim != 2:
                self._in_dim = experiment.in_dim
                self.no_view[run].setText(self._no_view_text(experiment.in_dim))
                self.no_view[run].setPos(0.5, 0.5)
                self.scatters[run].setData([], [])
                self.images[run].clear()
                self.images[run].setVisible(False)
                plot.setRange(xRange=(0, 1), yRange=(0, 1), padding=0)
                plot.disableAutoRange()
                continue
            if classification:
                brushes = [pg.mkBrush(*c) for c in PALETTE[: experiment.n_classes]]
                self.scatters[run].setData(x=x[:, 0], y=x[:, 1], brush=[brushes[int(c)] for c in y])
                self.images[run].clear()
            else:
                self.scatters[run].setData(x=x[:, 0], y=y[:, 0], brush=pg.mkBrush(120, 120, 120))
            plot.setRange(xRange=(xmin, xmax), yRange=(ymin, ymax), padding=0)
            plot.disableAutoRange()
        self.set_titles(experiment.labels)
        n_layers = len(experiment.layers)
        self.grad_plot.getAxis("bottom").setTicks([[(i + 1, str(i + 1)) for i in range(n_layers)]])
        self.grad_plot.setXRange(0.5, n_layers + 0.5, padding=0)
        self._ranges = {}
        self._loss_cap = None
        for run in RUNS:
            self.diverged_markers[run].setData([], [])
            self.diverged_labels[run].setText("")
            self._diverged[run] = None
        self.step_range.reset(steps)
        self._grow_range(self.score_plot, "score", (0.0, 1.0) if classification else (-0.1, 1.0), log=False)
        for curve in (*self.loss_curves.values(), *self.score_curves.values(), self.distance_curve,
                      *self.grad_curves.values(), self.grad_first, *self.raw_curves.values(),
                      *self.test_loss_curves.values(), *self.test_score_curves.values()):
            curve.setData([], [])

    def set_titles(self, labels: Pair[str]) -> None:
        self._labels = {run: labels[run] for run in RUNS}
        for run in RUNS:
            title = f"{run.upper()}: {run_label(labels[run])}"
            if self._titles.get(run) != title:  # a title change re-lays out the plot: only when needed
                self._titles[run] = title
                self.view_plots[run].setTitle(title)

    def _loss_title(self) -> str:
        a, b = f"<span style='color:{_hex('a')}'>A</span>", f"<span style='color:{_hex('b')}'>B</span>"
        if self.smoothing:
            return self.tr("loss {a} {b}: batch EMA (raw faint) —, test - -").format(a=a, b=b)
        return self.tr("loss {a} {b}: batch —, test - -").format(a=a, b=b)

    def set_smoothing(self, on: bool) -> None:
        """Draw the mini-batch loss as its EMA (α = 0.05) over the faint raw curve, or raw only."""
        self.smoothing = bool(on)
        self.loss_plot.setTitle(self._loss_title(), size="9pt")
        self._drawn = 0

    def draw(self, history: History, view: BoundaryImages | FittedCurves | None) -> None:
        """Show ``history`` (the ranges grow with the steps added since the last draw) and ``view``."""
        h = history
        n, first = h.n, self._drawn
        self._drawn = n
        steps = h.steps[:n]
        if n:
            self.step_range.show(int(steps[-1]))
        e = h.evaluations()
        eval_steps = e["score_steps"].astype(np.float64)
        if self._loss_cap is None and n:
            early = np.concatenate([h.loss_a[:min(n, 10)], h.loss_b[:min(n, 10)], e["test_loss_a"][:2],
                                    e["test_loss_b"][:2]])
            early = early[np.isfinite(early) & (early > 0)]
            if early.size:
                self._loss_cap = math.ceil(math.log10(early.max())) + LOSS_DECADES_UP
        cap = self._loss_cap if self._loss_cap is not None else math.inf
        new_losses = [h.loss_a[first:n], h.loss_b[first:n], e["test_loss_a"], e["test_loss_b"]]
        for run in RUNS:
            raw = _loss_y(getattr(h, f"loss_{run}")[:n], cap)
            if self.smoothing:
                self.raw_curves[run].setData(*_decimate(steps, raw))
                self.loss_curves[run].setData(*_decimate(steps, _loss_y(getattr(h, f"ema_{run}")[:n], cap)))
            else:
                self.raw_curves[run].setData([], [])
                self.loss_curves[run].setData(*_decimate(steps, raw))
            self.test_loss_curves[run].setData(*_decimate(eval_steps, _loss_y(e[f"test_loss_{run}"], cap)))
        self.distance_curve.setData(*_decimate(steps, _log10(h.distance[:n])))
        losses = np.concatenate(new_losses)
        losses = np.clip(losses, LOSS_FLOOR, 10.0 ** cap if math.isfinite(cap) else None)
        self._grow_range(self.loss_plot, "loss", losses, log=True)
        self._grow_range(self.distance_plot, "distance", _positive(h.distance[first:n]), log=True)
        for run in RUNS:
            self.score_curves[run].setData(*_decimate(eval_steps, e[f"score_{run}"]))
            self.test_score_curves[run].setData(*_decimate(eval_steps, e[f"test_score_{run}"]))
        self._grow_range(self.score_plot, "score", np.concatenate([e["score_a"], e["score_b"], e["test_score_a"],
                                                                   e["test_score_b"]]), log=False)
        layer_index = np.arange(1, h.n_layers + 1, dtype=np.float64)
        for run in RUNS:
            grads = getattr(h, f"grad_{run}")
            if np.isfinite(grads).any():
                self.grad_curves[run].setData(layer_index, _log10(grads))
                self._grow_range(self.grad_plot, "grad", _positive(grads), log=True)
        if h.grad_first_a is not None and not self._grad_first_drawn:
            self._grad_first_drawn = True
            self.grad_first.setData(layer_index, _log10(h.grad_first_a))
            self._grow_range(self.grad_plot, "grad", _positive(h.grad_first_a), log=True)
        if isinstance(view, BoundaryImages):
            xmin, xmax, ymin, ymax = view.extent
            for run in RUNS:
                self.images[run].setImage(getattr(view, run), autoLevels=False, levels=(0, 255))
                # after setImage: the rect scales by pixel count
                self.images[run].setRect(QRectF(xmin, ymin, xmax - xmin, ymax - ymin))
        elif isinstance(view, FittedCurves):
            for run in RUNS:
                self.fits[run].setData(view.x, getattr(view, run))

    def show_divergence(self, run: str, step: int | None) -> None:
        """A marker at the top of the loss axis where run ``run`` stopped (None: none)."""
        marker, label = self.diverged_markers[run], self.diverged_labels[run]
        self._diverged[run] = step
        if step is None:
            marker.setData([], [])
            label.setText("")
            return
        top = self._ranges.get("loss", (0.0, 1.0))[1]
        marker.setData([float(step)], [top])
        label.setText(self.tr("{run} diverged at step {step}").format(run=run.upper(), step=step))
        label.setPos(float(step), top - (0.6 if run == "b" else 0.0))

    def _grow_range(self, plot: pg.PlotItem, key: str, values, log: bool) -> None:
        """Widen ``plot``'s y range to hold ``values`` (log axes: whole decades); never shrink it."""
        values = np.asarray(values, dtype=np.float64)
        values = values[np.isfinite(values) & (values > 0)] if log else values[np.isfinite(values)]
        if values.size == 0:
            return
        if log:
            lo, hi = math.floor(math.log10(values.min())), math.ceil(math.log10(values.max()))
            hi = max(hi, lo + 1)
        else:
            lo, hi = float(values.min()), float(values.max())
            if key == "score":  # R² can start far below 0: show down to -1 at most
                lo = max(min(lo, 0.0), -1.0)
        current = self._ranges.get(key)
        if current is not None:
            lo, hi = min(lo, current[0]), max(hi, current[1])
            if (lo, hi) == current:
                return
        self._ranges[key] = (lo, hi)
        plot.setYRange(lo, hi, padding=0.02)
        if log:  # whole decades, at most ~6 labelled (pyqtgraph's own log ticks crowd narrow ranges)
            every = max(1, math.ceil((hi - lo) / 6))
            decades = range(int(lo), int(hi) + 1)
            floor = math.log10(LOSS_FLOOR) if key == "loss" else None

            def text(k):
                return f"≤{10.0 ** k:g}" if k == floor else f"{10.0 ** k:g}"

            plot.getAxis("left").setTicks([[(k, text(k)) for k in decades if (k - lo) % every == 0],
                                           [(k, "") for k in decades if (k - lo) % every]])

