"""The live training panel: twin networks A and B trained by torch in a worker thread, plotted as they learn.

``TrainingPanel()`` is self-contained (pickers, A/B controls, buttons, plots) and needs no arguments besides
an optional parent, so it can be embedded as a tab. It does not import torch: the worker thread does, the
first time the panel is shown or training is started (``ensure_worker``).

Public API:
    start(), pause(), step(), reset()     the buttons; each is a queued command to the worker
    shutdown()                            stop the worker thread (closeEvent and app quit call it)
    config() -> dict                      the settings the worker trains with (TwinConfig fields)
    set_run(run, **values)                set A/B controls: optimizer, lr, loss_scale, weight_decay, wd_mode,
                                          clip, schedule (lr, loss_scale, weight_decay, clip and schedule apply
                                          live; optimizer and wd_mode restart the runs)
    set_options(**values)                 task, depth, width, activation, init, dropout, batchnorm, seed,
                                          batch_size, n_samples, device, steps (restart the runs, except steps)
    apply_classic(optimizer="sgd", scale=10)  A: loss × scale at lr; B: loss × 1 at lr × scale
    history() -> dict                     copies of the plotted arrays (steps, losses, distance, scores, …)
    state, step_count, run_time, device_note, cuda_available, redraw_budget

Signals:
    stateChanged(str)       "paused" | "running" | "finished"
    progressed(int)         the current step, after the plots were updated
    diverged(str, int)      run "a"/"b" stopped at step k (NaN/inf loss)
    configured(dict)        a (re)built experiment: task, layers, device, note
    errorOccurred(str)      a bad setting or a worker failure
    workerReady(dict)       torch is loaded: {"torch", "cuda", "cuda_reason", "warmup_s"}
"""

from __future__ import annotations

import math
import time

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QCoreApplication, QMetaObject, QRectF, Qt, QThread, QTimer, Signal
from PySide6.QtGui import QIntValidator
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDoubleSpinBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from app.training.worker import PALETTE, TrainingWorker
from app.widgets.fields import LogSlider, NumberField, no_wheel_unless_focused
from core.training.config import ACTIVATIONS, INITS, LIVE_KEYS, OPTIMIZERS, SCHEDULES, TASKS  # no torch

REDRAW_BUDGET = 0.04  # target share of wall time the UI thread spends redrawing plots while training
MIN_REDRAW_S = 1.0 / 30.0  # at most 30 redraws a second …
MAX_REDRAW_S = 0.5  # … and at least 2
LOG_FLOOR = 1e-12  # log plots draw 0 (e.g. ‖θA − θB‖ for SGD with a power-of-two scale) at this height
COLOURS = {"a": (31, 119, 180), "b": (214, 39, 40)}


def _pen(run: str, dashed: bool = False):
    pen = pg.mkPen(COLOURS[run], width=1)
    if dashed:
        pen.setStyle(Qt.PenStyle.DashLine)
    return pen


class RunControls(QGroupBox):
    """One run's optimizer settings. ``changed(key, value)`` for every edit."""

    changed = Signal(str, object)

    def __init__(self, run: str, optimizer: str, lr: float, loss_scale: float, parent=None):
        super().__init__(f"Run {run.upper()}", parent)
        self.run = run
        colour = "#{:02x}{:02x}{:02x}".format(*COLOURS[run])
        self.setStyleSheet(f"QGroupBox {{ color: {colour}; font-weight: bold; }}")
        self.optimizer = QComboBox()
        self.optimizer.addItems(OPTIMIZERS)
        self.optimizer.setCurrentText(optimizer)
        self.lr = LogSlider(1e-5, 10.0, lr, typed=(0.0, 1e9))
        self.loss_scale = LogSlider(1e-3, 1e4, loss_scale, typed=(0.0, 1e9))
        self.weight_decay = NumberField(0.0, 0.0, 1e9)
        self.wd_mode = QComboBox()
        self.wd_mode.addItem("coupled (L2)", "coupled")
        self.wd_mode.addItem("decoupled (AdamW)", "decoupled")
        self.clip = NumberField(0.0, 0.0, 1e9)
        self.clip.setToolTip("max gradient norm of the scaled loss (0 = off)")
        self.schedule = QComboBox()
        self.schedule.addItems(SCHEDULES)
        self.status = QLabel("")
        self.status.setWordWrap(True)
        form = QFormLayout(self)
        form.addRow("optimizer", self.optimizer)
        form.addRow("lr", self.lr)
        form.addRow("loss ×", self.loss_scale)
        form.addRow("weight decay", self.weight_decay)
        form.addRow("decay", self.wd_mode)
        form.addRow("clip", self.clip)
        form.addRow("schedule", self.schedule)
        form.addRow(self.status)
        self.optimizer.currentTextChanged.connect(self._optimizer_changed)
        no_wheel_unless_focused(self.optimizer, self.wd_mode, self.schedule)
        self.lr.valueEdited.connect(lambda v: self.changed.emit("lr", v))
        self.loss_scale.valueEdited.connect(lambda v: self.changed.emit("loss_scale", v))
        self.weight_decay.valueEdited.connect(lambda v: self.changed.emit("weight_decay", v))
        self.wd_mode.currentIndexChanged.connect(lambda _i: self.changed.emit("wd_mode", self.wd_mode.currentData()))
        self.clip.valueEdited.connect(lambda v: self.changed.emit("clip", v))
        self.schedule.currentTextChanged.connect(lambda v: self.changed.emit("schedule", v))
        self._sync_wd_mode()

    def _optimizer_changed(self, name: str) -> None:
        self._sync_wd_mode()
        self.changed.emit("optimizer", name)

    def _sync_wd_mode(self) -> None:
        adamw = self.optimizer.currentText() == "adamw"
        if adamw:
            self.wd_mode.blockSignals(True)
            self.wd_mode.setCurrentIndex(1)
            self.wd_mode.blockSignals(False)
        self.wd_mode.setEnabled(not adamw)

    def spec(self) -> dict:
        return {
            "optimizer": self.optimizer.currentText(),
            "lr": self.lr.value(),
            "loss_scale": self.loss_scale.value(),
            "weight_decay": self.weight_decay.value(),
            "wd_mode": self.wd_mode.currentData(),
            "clip": self.clip.value(),
            "schedule": self.schedule.currentText(),
        }

    def set_values(self, **values) -> None:
        for key, value in values.items():
            if key == "optimizer":
                self.optimizer.setCurrentText(str(value))
            elif key in ("lr", "loss_scale", "weight_decay", "clip"):
                value = float(value)
                low_ok = value > 0 if key in ("lr", "loss_scale") else value >= 0
                if not (math.isfinite(value) and low_ok):
                    raise ValueError(f"{key} must be a positive finite number, got {value!r}")
                getattr(self, key).setValue(value)  # quiet: tell the panel ourselves
                self.changed.emit(key, value)
            elif key == "wd_mode":
                index = self.wd_mode.findData(str(value))
                if index < 0:
                    raise ValueError(f"unknown wd_mode {value!r}; choose coupled or decoupled")
                self.wd_mode.setCurrentIndex(index)
            elif key == "schedule":
                if value not in SCHEDULES:
                    raise ValueError(f"unknown schedule {value!r}; choose one of: {', '.join(SCHEDULES)}")
                self.schedule.setCurrentText(str(value))
            else:
                raise ValueError(f"unknown run setting {key!r}")


class _History:
    """Growing numpy buffers of what has been plotted (appends are amortised O(1))."""

    _SERIES = ("steps", "loss_a", "loss_b", "distance", "lr_a", "lr_b")

    def __init__(self, n_layers: int = 0):
        self.n = 0
        self.n_layers = n_layers
        self._cap = 1024
        for name in self._SERIES:
            setattr(self, name, np.zeros(self._cap))
        self.score_steps: list[np.ndarray] = []
        self.score_a: list[np.ndarray] = []
        self.score_b: list[np.ndarray] = []
        self.grad_a = np.full(n_layers, np.nan)
        self.grad_b = np.full(n_layers, np.nan)
        self.grad_first_a: np.ndarray | None = None

    def append(self, payload: dict) -> None:
        k = len(payload["steps"])
        if self.n + k > self._cap:
            while self.n + k > self._cap:
                self._cap *= 2
            for name in self._SERIES:
                grown = np.zeros(self._cap)
                grown[:self.n] = getattr(self, name)[:self.n]
                setattr(self, name, grown)
        sl = slice(self.n, self.n + k)
        for name in self._SERIES:
            getattr(self, name)[sl] = payload[name]
        self.n += k
        if len(payload["score_steps"]):
            self.score_steps.append(payload["score_steps"])
            self.score_a.append(payload["score_a"])
            self.score_b.append(payload["score_b"])
        for name in ("a", "b"):
            grads = payload[f"grad_{name}"]
            finite_rows = grads[np.isfinite(grads).any(axis=1)] if grads.size else grads
            if len(finite_rows):
                setattr(self, f"grad_{name}", finite_rows[-1].copy())
        if k and self.grad_first_a is None and np.isfinite(payload["grad_a"][0]).any():
            self.grad_first_a = np.array(payload["grad_a"][0])

    def scores(self) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        if not self.score_steps:
            return np.zeros(0), np.zeros(0), np.zeros(0)
        if len(self.score_steps) > 1:  # keep one array each so redraws stay cheap
            self.score_steps = [np.concatenate(self.score_steps)]
            self.score_a = [np.concatenate(self.score_a)]
            self.score_b = [np.concatenate(self.score_b)]
        return self.score_steps[0], self.score_a[0], self.score_b[0]

    def as_dict(self) -> dict:
        steps, score_a, score_b = self.scores()
        n = self.n
        return {
            **{name: getattr(self, name)[:n].copy() for name in self._SERIES},
            "steps": self.steps[:n].astype(np.int64),
            "score_steps": steps.astype(np.int64), "score_a": score_a.copy(), "score_b": score_b.copy(),
            "grad_a": self.grad_a.copy(), "grad_b": self.grad_b.copy(),
        }


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


MAX_CURVE_POINTS = 2000


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


def _stop_worker_thread(thread: QThread, worker: TrainingWorker) -> None:
    """Ask the worker to stop (between two steps) and wait for its thread to end; idempotent."""
    try:
        if not thread.isRunning():
            return
    except RuntimeError:  # already deleted (interpreter shutdown): nothing left to stop
        return
    worker.request_stop()
    QMetaObject.invokeMethod(worker, "shutdown", Qt.ConnectionType.QueuedConnection)
    if not thread.wait(10_000):
        thread.quit()
        thread.wait(2_000)


class _PlotArea(pg.GraphicsLayoutWidget):
    """The plot grid; remembers how long its last paint took (part of the redraw cost)."""

    last_paint_s = 0.0

    def paintEvent(self, event) -> None:
        start = time.perf_counter()
        super().paintEvent(event)
        self.last_paint_s = time.perf_counter() - start


class TrainingPanel(QWidget):
    stateChanged = Signal(str)
    progressed = Signal(int)
    diverged = Signal(str, int)
    configured = Signal(object)
    errorOccurred = Signal(str)
    workerReady = Signal(object)

    # commands to the worker (queued: the worker lives in its own thread)
    _cmd_configure = Signal(object)
    _cmd_start = Signal()
    _cmd_pause = Signal()
    _cmd_step = Signal()
    _cmd_hparams = Signal(str, object)
    _cmd_total = Signal(int)
    _cmd_interval = Signal(float)

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self._thread: QThread | None = None
        self._worker: TrainingWorker | None = None
        self.state = "paused"
        self.step_count = 0
        self.device_note: str | None = None
        self.cuda_available: bool | None = None
        self._kind = "classification"
        self._history = _History()
        self._grad_first_drawn = False
        self._reported_divergence: dict[str, int | None] = {"a": None, "b": None}
        self._titles: dict[str, str] = {}
        self._last_payload: dict | None = None
        self._pending_view: dict | None = None
        self._drawn = 0
        self._frame_cost = 0.01  # seconds per redraw (setData + paint), measured as it runs
        self._last_redraw = 0.0
        self.redraw_budget = REDRAW_BUDGET  # share of wall time for redraws while training (see _schedule_redraw)
        self._sent_interval = MIN_REDRAW_S
        self._redraw_timer = QTimer(self)
        self._redraw_timer.setSingleShot(True)
        self._redraw_timer.timeout.connect(self._redraw)
        self._reset_timer = QTimer(self)
        self._reset_timer.setSingleShot(True)
        self._reset_timer.setInterval(0)
        self._reset_timer.timeout.connect(self.reset)
        self._build_controls()
        self._build_plots()
        layout = QHBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        scroll = QScrollArea()
        scroll.setWidget(self._controls)
        scroll.setWidgetResizable(True)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        scroll.setFixedWidth(self._controls.minimumSizeHint().width() + scroll.verticalScrollBar().sizeHint().width()
                             + 2 * scroll.frameWidth())
        layout.addWidget(scroll)
        layout.addWidget(self.plots, 1)
        app = QCoreApplication.instance()
        if app is not None:
            app.aboutToQuit.connect(self.shutdown)

    # ------------------------------------------------------------------ building
    def _build_controls(self) -> None:
        self._controls = QWidget()
        column = QVBoxLayout(self._controls)

        data_box = QGroupBox("Task")
        form = QFormLayout(data_box)
        self.task = QComboBox()
        self.task.addItems(TASKS)
        self.samples = QSpinBox()
        self.samples.setRange(16, 20000)
        self.samples.setValue(512)
        self.batch = QSpinBox()
        self.batch.setRange(0, 20000)
        self.batch.setValue(64)
        self.batch.setSpecialValueText("full batch")
        self.seed = QSpinBox()
        self.seed.setRange(0, 2**31 - 1)
        form.addRow("task", self.task)
        form.addRow("samples", self.samples)
        form.addRow("batch", self.batch)
        form.addRow("seed", self.seed)
        column.addWidget(data_box)

        model_box = QGroupBox("Model (MLP)")
        form = QFormLayout(model_box)
        self.depth = QSpinBox()
        self.depth.setRange(1, 32)
        self.depth.setValue(2)
        self.width_box = QSpinBox()
        self.width_box.setRange(1, 1024)
        self.width_box.setValue(16)
        self.activation = QComboBox()
        self.activation.addItems(ACTIVATIONS)
        self.init = QComboBox()
        self.init.addItems(INITS)
        self.dropout = QDoubleSpinBox()
        self.dropout.setRange(0.0, 0.9)
        self.dropout.setSingleStep(0.05)
        self.batchnorm = QCheckBox("batch norm")
        self.device = QComboBox()
        self.device.addItem("CPU", "cpu")
        self.device.addItem("CUDA (checking…)", "cuda")
        self.device.model().item(1).setEnabled(False)
        self.device_label = QLabel("")
        self.device_label.setWordWrap(True)
        form.addRow("depth", self.depth)
        form.addRow("width", self.width_box)
        form.addRow("activation", self.activation)
        form.addRow("init", self.init)
        form.addRow("dropout", self.dropout)
        form.addRow(self.batchnorm)
        form.addRow("device", self.device)
        form.addRow(self.device_label)
        column.addWidget(model_box)

        self.run_a = RunControls("a", "sgd", 0.1, 1.0)
        self.run_b = RunControls("b", "sgd", 0.01, 10.0)
        column.addWidget(self.run_a)
        column.addWidget(self.run_b)
        presets = QHBoxLayout()
        self.classic_sgd = QPushButton("loss×10 vs lr×10: SGD")
        self.classic_adam = QPushButton("… Adam")
        self.classic_sgd.setToolTip("A: loss × 10 at lr; B: plain loss at lr × 10 — same path for SGD")
        self.classic_adam.setToolTip("The same question for Adam: the loss scale barely matters, the lr does")
        presets.addWidget(self.classic_sgd)
        presets.addWidget(self.classic_adam)
        column.addLayout(presets)

        run_box = QGroupBox("Training")
        box = QVBoxLayout(run_box)
        buttons = QHBoxLayout()
        self.start_button = QPushButton("Start")
        self.pause_button = QPushButton("Pause")
        self.step_button = QPushButton("Step")
        self.reset_button = QPushButton("Reset")
        for button in (self.start_button, self.pause_button, self.step_button, self.reset_button):
            buttons.addWidget(button)
        box.addLayout(buttons)
        steps_row = QFormLayout()
        self.total_steps = QLineEdit("2000")
        self.total_steps.setValidator(QIntValidator(1, 10_000_000, self))
        steps_row.addRow("steps", self.total_steps)
        box.addLayout(steps_row)
        self.status = QLabel("torch loads when the panel is first shown")
        self.status.setWordWrap(True)
        box.addWidget(self.status)
        column.addWidget(run_box)
        column.addStretch(1)

        self.start_button.clicked.connect(self.start)
        self.pause_button.clicked.connect(self.pause)
        self.step_button.clicked.connect(self.step)
        self.reset_button.clicked.connect(self.reset)
        self.classic_sgd.clicked.connect(lambda: self.apply_classic("sgd"))
        self.classic_adam.clicked.connect(lambda: self.apply_classic("adam"))
        for widget in (self.task, self.activation, self.init):
            widget.currentTextChanged.connect(self._schedule_reset)
        for widget in (self.samples, self.batch, self.seed, self.depth, self.width_box):
            widget.valueChanged.connect(self._schedule_reset)
        self.dropout.valueChanged.connect(self._schedule_reset)
        self.batchnorm.toggled.connect(self._schedule_reset)
        self.device.currentIndexChanged.connect(self._schedule_reset)
        self.total_steps.editingFinished.connect(self._total_changed)
        no_wheel_unless_focused(self.task, self.samples, self.batch, self.seed, self.depth, self.width_box,
                                self.activation, self.init, self.dropout, self.device)
        self.run_a.changed.connect(lambda key, value: self._run_changed("a", key, value))
        self.run_b.changed.connect(lambda key, value: self._run_changed("b", key, value))

    def _build_plots(self) -> None:
        """Every plot item is made here, once; updates only call setData / setImage on them. Curves are
        plain PlotCurveItems (no log mode, no auto-range): log axes are drawn as log10 of the data with
        decade ticks, and long curves are min/max-decimated here — PlotDataItem's machinery for the same
        costs more per update than drawing."""
        self.plots = _PlotArea()
        self.plots.setAntialiasing(False)
        self.plots.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.plots.setMinimumSize(480, 360)
        self.view_plots: dict[str, pg.PlotItem] = {}
        self.images: dict[str, pg.ImageItem] = {}
        self.scatters: dict[str, pg.ScatterPlotItem] = {}
        self.fits: dict[str, pg.PlotCurveItem] = {}
        for column, run in enumerate(("a", "b")):
            plot = self.plots.addPlot(row=0, col=column, title=f"{run.upper()}")
            image = pg.ImageItem(axisOrder="row-major")
            plot.addItem(image)
            scatter = pg.ScatterPlotItem(size=4, pen=None, pxMode=True)
            plot.addItem(scatter)
            fit = pg.PlotCurveItem(pen=_pen(run))
            plot.addItem(fit)
            self.view_plots[run], self.images[run], self.scatters[run], self.fits[run] = plot, image, scatter, fit

        self.loss_plot = self.plots.addPlot(row=1, col=0, title="loss (unscaled)")
        self.score_plot = self.plots.addPlot(row=1, col=1, title="accuracy (full data)")
        self.distance_plot = self.plots.addPlot(row=2, col=0, title="‖θA − θB‖")
        self.grad_plot = self.plots.addPlot(row=2, col=1, title="‖∇L‖ per layer (latest step)")
        self.grad_plot.setLabel("bottom", "layer (1 = input side)")

        def curve(plot, pen) -> pg.PlotCurveItem:
            item = pg.PlotCurveItem(pen=pen, connect="finite")
            plot.addItem(item)
            return item

        self.loss_curves = {run: curve(self.loss_plot, _pen(run)) for run in ("a", "b")}
        self.score_curves = {run: curve(self.score_plot, _pen(run)) for run in ("a", "b")}
        self.distance_curve = curve(self.distance_plot, pg.mkPen((150, 150, 150), width=1))
        self.grad_curves = {run: curve(self.grad_plot, _pen(run, dashed=run == "b")) for run in ("a", "b")}
        self.grad_first = curve(self.grad_plot, pg.mkPen((150, 150, 150), width=1, style=Qt.PenStyle.DotLine))
        for plot, items in ((self.loss_plot, [(self.loss_curves["a"], "A"), (self.loss_curves["b"], "B")]),
                            (self.grad_plot, [(self.grad_curves["a"], "A"), (self.grad_curves["b"], "B"),
                                              (self.grad_first, "A, step 1")])):
            legend = plot.addLegend(offset=(-10, 10))
            for item, name in items:
                legend.addItem(item, name)
        # Ranges are set by hand and only grow (in whole decades on log axes): auto-ranging every update
        # would re-layout the axes on every frame, which costs more than drawing the curves.
        self._ranges: dict[str, tuple[float, float]] = {}
        for plot in (*self.view_plots.values(), self.loss_plot, self.score_plot, self.distance_plot,
                     self.grad_plot):
            plot.setMenuEnabled(False)
            plot.hideButtons()
            plot.disableAutoRange()
            plot.getAxis("left").setWidth(46)  # new tick labels must not re-lay out the whole grid

    # ------------------------------------------------------------------ worker life cycle
    def ensure_worker(self) -> None:
        """Start the worker thread (which imports torch) if it is not running yet."""
        if self._thread is not None:
            return
        self._thread = QThread()
        self._thread.setObjectName("losslab-training")
        self._worker = TrainingWorker()
        self._worker.moveToThread(self._thread)
        self._thread.started.connect(self._worker.initialize)
        self._cmd_configure.connect(self._worker.configure)
        self._cmd_start.connect(self._worker.start)
        self._cmd_pause.connect(self._worker.pause)
        self._cmd_step.connect(self._worker.step_once)
        self._cmd_hparams.connect(self._worker.set_hparams)
        self._cmd_total.connect(self._worker.set_total_steps)
        self._cmd_interval.connect(self._worker.set_update_interval)
        self._worker.ready.connect(self._on_ready)
        self._worker.configured.connect(self._on_configured)
        self._worker.progress.connect(self._on_progress)
        self._worker.state.connect(self._on_state)
        self._worker.error.connect(self._on_error)
        self.status.setText("loading torch…")
        thread, worker = self._thread, self._worker
        # If the panel is destroyed with its parent (a closed main window) without shutdown() being called,
        # still end the thread: a QThread destroyed while running aborts the process.
        self.destroyed.connect(lambda *_: _stop_worker_thread(thread, worker))
        self._thread.start()
        self.reset()

    def shutdown(self) -> None:
        """Stop training and end the worker thread (safe to call more than once)."""
        if self._thread is None:
            return
        thread, worker = self._thread, self._worker
        self._thread = self._worker = None
        _stop_worker_thread(thread, worker)

    def showEvent(self, event) -> None:
        super().showEvent(event)
        self.ensure_worker()

    def closeEvent(self, event) -> None:
        self.shutdown()
        super().closeEvent(event)

    # ------------------------------------------------------------------ commands
    def start(self) -> None:
        self.ensure_worker()
        self._cmd_start.emit()

    def pause(self) -> None:
        if self._worker is not None:
            self._cmd_pause.emit()

    def step(self) -> None:
        self.ensure_worker()
        self._cmd_step.emit()

    def reset(self) -> None:
        """Rebuild A and B from the current settings (same seed: same weights, same batches)."""
        self._reset_timer.stop()
        if self._thread is None:
            return  # the first show / start sends the configuration
        self._cmd_configure.emit(self.config())

    def config(self) -> dict:
        """The settings as TwinConfig keyword arguments (optimizer specs as plain dicts)."""
        return {
            "task": self.task.currentText(),
            "depth": self.depth.value(),
            "width": self.width_box.value(),
            "activation": self.activation.currentText(),
            "init": self.init.currentText(),
            "dropout": round(self.dropout.value(), 4),
            "batchnorm": self.batchnorm.isChecked(),
            "steps": self._steps_value(),
            "seed": self.seed.value(),
            "batch_size": self.batch.value(),
            "n_samples": self.samples.value(),
            "device": self.device.currentData(),
            "a": self.run_a.spec(),
            "b": self.run_b.spec(),
        }

    def set_run(self, run: str, **values) -> None:
        """Set run 'a' or 'b' controls (as if the user had edited them)."""
        controls = {"a": self.run_a, "b": self.run_b}.get(run)
        if controls is None:
            raise ValueError(f"unknown run {run!r}; choose a or b")
        controls.set_values(**values)

    def set_options(self, **values) -> None:
        """Set task/model/data/device controls; any of them restarts the runs (except steps)."""
        combos = {"task": self.task, "activation": self.activation, "init": self.init}
        spins = {"depth": self.depth, "width": self.width_box, "seed": self.seed, "batch_size": self.batch,
                 "n_samples": self.samples, "dropout": self.dropout}
        for key, value in values.items():
            if key in combos:
                if combos[key].findText(str(value)) < 0:
                    raise ValueError(f"unknown {key} {value!r}")
                combos[key].setCurrentText(str(value))
            elif key in spins:
                spins[key].setValue(value)
            elif key == "batchnorm":
                self.batchnorm.setChecked(bool(value))
            elif key == "device":
                index = self.device.findData(str(value))
                if index < 0:
                    raise ValueError(f"unknown device {value!r}; choose cpu or cuda")
                self.device.setCurrentIndex(index)  # a CUDA request without CUDA falls back with a note
            elif key == "steps":
                self.total_steps.setText(str(int(value)))
                self._total_changed()
            else:
                raise ValueError(f"unknown option {key!r}")

    def apply_classic(self, optimizer: str = "sgd", scale: float = 10.0) -> None:
        """The two-network experiment: A on loss × scale at lr, B on the plain loss at lr × scale."""
        lr = 0.01 if optimizer in ("sgd", "momentum", "nesterov") else 1e-3
        self.run_a.set_values(optimizer=optimizer, lr=lr, loss_scale=scale, weight_decay=0.0, clip=0.0,
                              wd_mode="coupled" if optimizer != "adamw" else "decoupled", schedule="constant")
        self.run_b.set_values(optimizer=optimizer, lr=lr * scale, loss_scale=1.0, weight_decay=0.0, clip=0.0,
                              wd_mode="coupled" if optimizer != "adamw" else "decoupled", schedule="constant")
        self._schedule_reset()

    @property
    def run_time(self) -> float:
        """Seconds the worker has spent training since the last reset (as of the latest update)."""
        return self._last_payload["run_time"] if self._last_payload is not None else 0.0

    def history(self) -> dict:
        """Copies of the plotted data: steps, loss_a/b, distance, lr_a/b, score_steps/a/b, grad_a/b (latest)."""
        return self._history.as_dict()

    # ------------------------------------------------------------------ reactions to edits
    def _schedule_reset(self, *_args) -> None:
        self._reset_timer.start()  # coalesce several edits (a preset) into one reset

    def _steps_value(self) -> int:
        try:
            return max(1, int(self.total_steps.text()))
        except ValueError:
            return 2000

    def _total_changed(self) -> None:
        self._set_step_range(self._steps_value())
        if self._worker is not None:
            self._cmd_total.emit(self._steps_value())

    def _run_changed(self, run: str, key: str, value) -> None:
        if key in LIVE_KEYS:
            if self._worker is not None:
                self._cmd_hparams.emit(run, {key: value})
        else:  # optimizer or decay mode: a different optimizer object, so both runs restart
            self._schedule_reset()

    # ------------------------------------------------------------------ worker → UI
    def _on_ready(self, info: dict) -> None:
        self.cuda_available = bool(info["cuda"])
        item = self.device.model().item(1)
        if self.cuda_available:
            self.device.setItemText(1, "CUDA")
            item.setEnabled(True)
            self.device_label.setText(info["cuda_reason"])
        else:
            self.device.setItemText(1, "CUDA — unavailable")
            item.setEnabled(False)
            item.setToolTip(info["cuda_reason"])
            self.device_label.setText(f"CUDA unavailable: {info['cuda_reason']}; training runs on the CPU.")
        self.status.setText(f"torch {info['torch']} ready ({info['warmup_s']:.1f} s to load)")
        self.workerReady.emit(info)

    def _on_configured(self, info: dict) -> None:
        self._kind = info["kind"]
        self.step_count = 0
        self._reported_divergence = {"a": None, "b": None}
        layers = info["layers"]
        self._history = _History(len(layers))
        self._grad_first_drawn = False
        self._drawn = 0
        self._last_payload = None
        self._pending_view = None
        self._redraw_timer.stop()
        self.device_note = info["note"]
        if info["note"]:
            self.device_label.setText(info["note"])
        classification = self._kind == "classification"
        self.score_plot.setTitle("accuracy (full data)" if classification else "R² (full data)")
        x, y = info["x"], info["y"]
        xmin, xmax, ymin, ymax = info["extent"]
        for run in ("a", "b"):
            plot = self.view_plots[run]
            self._titles[run] = f"{run.upper()}: {info['labels'][run]}"
            plot.setTitle(self._titles[run])
            self.images[run].setVisible(classification)
            self.fits[run].setVisible(not classification)
            self.fits[run].setData([], [])
            if classification:
                brushes = [pg.mkBrush(*c) for c in PALETTE[: info["n_classes"]]]
                self.scatters[run].setData(x=x[:, 0], y=x[:, 1], brush=[brushes[int(c)] for c in y])
                self.images[run].clear()
            else:
                self.scatters[run].setData(x=x[:, 0], y=y[:, 0], brush=pg.mkBrush(120, 120, 120))
            plot.setRange(xRange=(xmin, xmax), yRange=(ymin, ymax), padding=0)
            plot.disableAutoRange()
        self.grad_plot.getAxis("bottom").setTicks([[(i + 1, str(i + 1)) for i in range(len(layers))]])
        self.grad_plot.setXRange(0.5, len(layers) + 0.5, padding=0)
        self._ranges = {}
        self._set_step_range(self._steps_value())
        self._grow_range(self.score_plot, "score", (0.0, 1.0) if classification else (-0.1, 1.0), log=False)
        for curve in (*self.loss_curves.values(), *self.score_curves.values(), self.distance_curve,
                      *self.grad_curves.values(), self.grad_first):
            curve.setData([], [])
        for controls in (self.run_a, self.run_b):
            controls.status.setText("")
        self.configured.emit(info)

    def _set_step_range(self, total: int) -> None:
        for plot in (self.loss_plot, self.score_plot, self.distance_plot):
            plot.setXRange(0, max(int(total), 1), padding=0.02)

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
            plot.getAxis("left").setTicks([[(k, f"{10.0 ** k:g}") for k in decades if (k - lo) % every == 0],
                                           [(k, "") for k in decades if (k - lo) % every]])

    def _on_progress(self, payload: dict) -> None:
        """Store the new steps; the plots are redrawn by ``_redraw`` at a rate the UI can afford."""
        self.step_count = payload["step"]
        self._history.append(payload)
        if payload["view"] is not None:
            self._pending_view = payload["view"]
        self._last_payload = payload
        urgent = payload["finished"] or self.state != "running"
        for run in ("a", "b"):
            k = payload["diverged"][run]
            if k is not None and self._reported_divergence[run] != k:
                self._reported_divergence[run] = k
                urgent = True
                self.diverged.emit(run, k)
        self._schedule_redraw(urgent)

    def _schedule_redraw(self, urgent: bool = False) -> None:
        """Redraw now (urgent) or once ``redraw interval`` has passed since the last redraw. The interval
        keeps the UI thread's plotting time near ``redraw_budget`` of the wall time: the plots share the
        GIL with the worker, so every millisecond spent drawing is one the training thread may wait for."""
        interval = self._redraw_interval()
        wait = 0.0 if urgent else max(0.0, self._last_redraw + interval - time.perf_counter())
        if self._redraw_timer.isActive() and not urgent:
            return
        self._redraw_timer.start(int(wait * 1000))

    def _redraw(self) -> None:
        payload = self._last_payload
        if payload is None:
            return
        start = time.perf_counter()
        h = self._history
        n, first = h.n, self._drawn
        self._drawn = n
        steps = h.steps[:n]
        for run in ("a", "b"):
            loss = getattr(h, f"loss_{run}")[:n]
            self.loss_curves[run].setData(*_decimate(steps, _log10(loss)))
        self.distance_curve.setData(*_decimate(steps, _log10(h.distance[:n])))
        self._grow_range(self.loss_plot, "loss", np.concatenate([h.loss_a[first:n], h.loss_b[first:n]]), log=True)
        self._grow_range(self.distance_plot, "distance", _positive(h.distance[first:n]), log=True)
        score_steps, score_a, score_b = h.scores()
        self.score_curves["a"].setData(*_decimate(score_steps.astype(np.float64), score_a))
        self.score_curves["b"].setData(*_decimate(score_steps.astype(np.float64), score_b))
        self._grow_range(self.score_plot, "score", np.concatenate([score_a, score_b]), log=False)
        layer_index = np.arange(1, h.n_layers + 1, dtype=np.float64)
        for run in ("a", "b"):
            grads = getattr(h, f"grad_{run}")
            if np.isfinite(grads).any():
                self.grad_curves[run].setData(layer_index, _log10(grads))
                self._grow_range(self.grad_plot, "grad", _positive(grads), log=True)
        if h.grad_first_a is not None and not self._grad_first_drawn:
            self._grad_first_drawn = True
            self.grad_first.setData(layer_index, _log10(h.grad_first_a))
            self._grow_range(self.grad_plot, "grad", _positive(h.grad_first_a), log=True)
        view, self._pending_view = self._pending_view, None
        if view is not None:
            for run in ("a", "b"):
                if view["kind"] == "image":
                    self.images[run].setImage(view[run], autoLevels=False, levels=(0, 255))
                    xmin, xmax, ymin, ymax = view["extent"]  # after setImage: the rect scales by pixel count
                    self.images[run].setRect(QRectF(xmin, ymin, xmax - xmin, ymax - ymin))
                else:
                    self.fits[run].setData(view["x"], view[run])
        self._update_status(payload)
        self._last_redraw = time.perf_counter()
        cost = self._last_redraw - start + self.plots.last_paint_s
        self._frame_cost = 0.8 * self._frame_cost + 0.2 * cost
        interval = self._redraw_interval()
        if self._worker is not None and abs(interval - self._sent_interval) > 0.2 * self._sent_interval:
            self._sent_interval = interval  # no use sending updates faster than they are drawn
            self._cmd_interval.emit(interval)
        self.progressed.emit(self.step_count)

    def _redraw_interval(self) -> float:
        return min(max(self._frame_cost / self.redraw_budget, MIN_REDRAW_S), MAX_REDRAW_S)

    def _update_status(self, payload: dict) -> None:
        for run, controls in (("a", self.run_a), ("b", self.run_b)):
            k = payload["diverged"][run]
            title = f"{run.upper()}: {payload['labels'][run]}"
            if self._titles.get(run) != title:  # a title change re-lays out the plot: only when needed
                self._titles[run] = title
                self.view_plots[run].setTitle(title)
            if k is not None:
                controls.status.setText(f"<span style='color:#c00'>diverged at step {k}</span>")
            elif len(payload["steps"]):
                loss = payload[f"loss_{run}"][-1]
                controls.status.setText(f"loss {loss:.4g} · lr {payload[f'lr_{run}'][-1]:.3g}")
        distance = self._history.distance[self._history.n - 1] if self._history.n else 0.0
        exact = " (exactly 0)" if distance == 0 else ""
        rate = payload["step"] / payload["run_time"] if payload["run_time"] > 0 else 0.0
        self.status.setText(f"step {payload['step']} / {payload['total_steps']} · {rate:.0f} steps/s"
                            f" · ‖θA − θB‖ = {distance:.3g}{exact}")

    def _on_state(self, state: str) -> None:
        self.state = state
        self.start_button.setEnabled(state != "running")
        self.pause_button.setEnabled(state == "running")
        self.stateChanged.emit(state)

    def _on_error(self, message: str) -> None:
        self.status.setText(f"<span style='color:#c00'>{message}</span>")
        self.errorOccurred.emit(message)
