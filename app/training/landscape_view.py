"""The Training tab's landscape: the twins' own loss over a 2-D plane through parameter space, their paths
projected on it (animated), the honesty read-outs, and the sharpness chart.

Everything heavy runs on ``app.jobs.JobRunner`` (one for slices, one for sharpness: latest request wins,
never on the UI thread). A computation starts from a :class:`~app.training.messages.PathSnapshot` (the
worker's recorded paths, the architecture, the training set). Slices are progressive: job 1 builds the plane,
the paths' read-outs and a coarse ``COARSE``×``COARSE`` grid; its result is drawn and job 2 refines the same
extent to ``GRID``×``GRID`` in place. Cancel stops whichever job runs; the last picture stays.

The numbers come from ``core.training.landscape`` (``NetLoss``, ``make_plane``, ``path_readout``,
``compute_slice``) and ``core.training.sharpness`` (``sharpness_along``, ``stability_threshold``); this module
only draws them. The map's colour transform, contours and colour-bar ticks are the race view's
(``app.views.surface_map``).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QT_TRANSLATE_NOOP, QEvent, QRectF, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from app.i18n import retranslate_pyqtgraph, translate
from app.jobs import JobRunner
from app.training.controls import COLOURS
from app.training.messages import PathSnapshot
from app.training.plots import run_label
from app.views.surface_map import SurfaceMap, color_values, colour_bar_ticks, contour_segments
from app.widgets.fields import no_wheel_unless_focused

COARSE = 17
GRID = 51
N_LEVELS = 12
PLANES = (("pca", QT_TRANSLATE_NOOP("LandscapeView", "PCA of the twins' paths")),
          ("random", QT_TRANSLATE_NOOP("LandscapeView", "filter-normalised random")),
          ("hessian", QT_TRANSLATE_NOOP("LandscapeView", "top-2 Hessian eigenvectors")))
SHARPNESS_POINTS = 12  # λmax estimates per run per request (evenly spaced recorded steps)
SHARPNESS_ITER = 30  # Lanczos iterations per estimate (tolerance 1e-3)
ANIMATION_MS = 40
ANIMATION_FRAMES = 75  # a path is revealed over ~3 s
MAP_COLOURS = ("#0b1320", "#1b2a3d", "#2f4259", "#4a5d75", "#6c7e93", "#94a2b4")


@dataclass
class PlaneResult:
    """Job 1's answer: the plane, each run's read-out, the extent and the coarse slice."""

    snapshot: PathSnapshot
    net: object  # core.training.landscape.NetLoss (reused by the refinement job)
    plane: object  # core.training.landscape.Plane
    steps: dict  # run → recorded steps (T,) of its finite points
    readouts: dict  # run → core.training.landscape.PathReadout
    extent: tuple[float, float, float, float]
    slice: object  # core.training.landscape.Slice


def build_net_loss(snapshot: PathSnapshot):
    """The training loss of the snapshot's architecture on its training set (core.training.landscape.NetLoss)."""
    import torch

    from core.training.config import ModelConfig
    from core.training.landscape import NetLoss
    from core.training.models import ModelSpec, build_mlp

    spec = dict(snapshot.model)
    in_dim, out_dim = spec.pop("in_dim"), spec.pop("out_dim")
    hidden = ModelConfig(**spec)
    if hidden.batchnorm:
        raise ValueError("the landscape needs a network without batch norm (its loss depends on running "
                         "statistics the path does not hold)")
    model = build_mlp(ModelSpec(in_dim, out_dim, hidden), seed=snapshot.seed)
    dtype = torch.float64 if snapshot.dtype == "float64" else torch.float32
    return NetLoss(model, snapshot.x_train, snapshot.y_train, loss=snapshot.loss, dtype=dtype)


def finite_path(snapshot: PathSnapshot, run: str) -> tuple[np.ndarray, np.ndarray]:
    """(steps, rows) of run ``run``'s recorded points that are finite and not after its divergence."""
    rows = snapshot.paths[run]
    steps = snapshot.steps
    keep = np.all(np.isfinite(rows), axis=1) if rows.size else np.zeros(0, bool)
    diverged = snapshot.diverged[run]
    if diverged is not None:
        keep &= steps < diverged
    return steps[keep], rows[keep]


def compute_plane(snapshot: PathSnapshot, kind: str, progress=None) -> PlaneResult:
    """Job 1: plane, read-outs and the coarse slice (``progress(fraction)`` False → Cancelled)."""
    from core.training.landscape import compute_slice, default_extent, make_plane, path_readout

    if snapshot.note:
        raise ValueError(snapshot.note)
    net = build_net_loss(snapshot)
    runs = {run: finite_path(snapshot, run) for run in ("a", "b")}
    paths = [rows for _, rows in runs.values() if len(rows)]
    if not paths or sum(len(p) for p in paths) < 3:
        raise ValueError("train a few steps first: the plane needs at least 3 recorded points")
    plane = make_plane(kind, net, paths, seed=snapshot.seed)
    if progress is not None and progress(0.1) is False:
        from core.engine.run import Cancelled

        raise Cancelled("cancelled")
    readouts = {run: path_readout(net, plane, rows) for run, (_, rows) in runs.items() if len(rows)}
    extent = default_extent(np.vstack([r.coords for r in readouts.values()]))
    coarse = compute_slice(net, plane, extent, grid=COARSE,
                           progress=None if progress is None else (lambda f: progress(0.1 + 0.9 * f)))
    return PlaneResult(snapshot, net, plane, {run: steps for run, (steps, _) in runs.items()}, readouts,
                       extent, coarse)


# core.training.sharpness.stability_threshold's reasons, as the catalogue knows them (a test checks they match)
BOUND_REASONS = {
    "weight decay, clipping or a schedule change the step: no fixed bound":
        QT_TRANSLATE_NOOP("LandscapeView", "weight decay, clipping or a schedule change the step: no fixed bound"),
    "Nesterov: (2 + 2μ) / ((1 + 2μ)·s·η)": QT_TRANSLATE_NOOP("LandscapeView", "Nesterov: (2 + 2μ) / ((1 + 2μ)·s·η)"),
    "heavy-ball momentum: (2 + 2μ) / (s·η)":
        QT_TRANSLATE_NOOP("LandscapeView", "heavy-ball momentum: (2 + 2μ) / (s·η)"),
    "gradient descent: 2 / (s·η)": QT_TRANSLATE_NOOP("LandscapeView", "gradient descent: 2 / (s·η)"),
}
ADAPTIVE_REASON = " is adaptive: its stability bound is on the preconditioned Hessian (not computed)"


def bound_reason(why: str) -> str:
    """A stability_threshold reason in the current language (an unknown one as core wrote it)."""
    if why in BOUND_REASONS:
        return translate("LandscapeView", BOUND_REASONS[why])
    if why.endswith(ADAPTIVE_REASON):
        return translate("LandscapeView", "{optimizer} is adaptive: its stability bound is on the preconditioned "
                                          "Hessian (not computed)").format(optimizer=why[: -len(ADAPTIVE_REASON)])
    return why


def stability_bound(spec: dict, lr: float, full_batch: bool) -> tuple[float | None, str]:
    """(bound, legend line) for a run: 2/(s·η)-type bounds from ``core.training.sharpness`` for the SGD
    family, Adam's preconditioned bound (2 + 2β₁)/((1 − β₁)η) otherwise — which bounds the preconditioned
    Hessian's λmax, not the λmax(H) plotted, and the line says so."""
    from core.training.optim_spec import OptimSpec
    from core.training.sharpness import stability_threshold

    optim = OptimSpec.from_mapping(spec).with_changes(lr=lr, schedule="constant")
    batch = "" if full_batch else translate("LandscapeView",
                                            "; this run uses mini-batches, the bound is full-batch GD's")
    if optim.optimizer in ("adam", "adamw"):
        beta1 = optim.beta1
        # the preconditioner grows with the loss scale as the Hessian does: no s in this bound
        bound = (2.0 + 2.0 * beta1) / ((1.0 - beta1) * lr)
        return bound, translate("LandscapeView", "{optimizer}: (2+2β₁)/((1−β₁)·η) = {bound} bounds the preconditioned "
                                "Hessian's λmax, not the λmax(H) drawn{batch}").format(
            optimizer=optim.optimizer, bound=f"{bound:.3g}", batch=batch)
    value, why = stability_threshold(optim)
    why = bound_reason(why)
    if value is None:
        return None, translate("LandscapeView", "{optimizer}: no fixed bound ({why})").format(
            optimizer=optim.optimizer, why=why)
    return value, f"{why} = {value:.3g}{batch}"


class LandscapeView(QWidget):
    """See the module docstring. ``request()`` asks the panel for a path snapshot (``pathsWanted``); the panel
    answers with ``set_snapshot``. Public for tests and exports: ``runner``, ``sharpness_runner``, ``result``,
    ``slice``, ``readout_labels``, ``plot_item``, ``graphics``, ``sharpness_plot``."""

    pathsWanted = Signal()
    computed = Signal(str)  # "coarse" | "full"
    sharpnessComputed = Signal()

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.runner = JobRunner(self, name="losslab-landscape")
        self.sharpness_runner = JobRunner(self, name="losslab-sharpness")
        self.result: PlaneResult | None = None
        self.slice = None  # the slice drawn (coarse, then full)
        self.level: str | None = None  # "coarse" | "full": which one ``slice`` is
        self.surface_map: SurfaceMap | None = None
        self.snapshot: PathSnapshot | None = None
        self._wanted: set[str] = set()  # what the next snapshot is for: "slice", "sharpness"
        self._frame = 0
        self.full_batch = True
        self.sharpness: dict = {}

        # ---- controls
        self.plane = QComboBox()
        for key, text in PLANES:
            self.plane.addItem(translate("LandscapeView", text), key)
        no_wheel_unless_focused(self.plane)
        self.compute_button = QPushButton()
        self.compute_button.setObjectName("landscapeCompute")
        self.cancel_button = QPushButton()
        self.cancel_button.setObjectName("landscapeCancel")
        self.cancel_button.setEnabled(False)
        self.auto = QCheckBox()
        self.auto.setChecked(True)
        self.animate_button = QPushButton()
        self.animate_button.setObjectName("landscapeAnimate")
        self.progress = QProgressBar()
        self.progress.setRange(0, 100)
        self.progress.setTextVisible(True)
        self.progress.setMaximumHeight(16)
        self.status = QLabel()
        self.status.setWordWrap(True)
        self.readout_labels = {run: QLabel("") for run in ("a", "b")}
        for run, label in self.readout_labels.items():
            label.setStyleSheet("color: #{:02x}{:02x}{:02x}".format(*COLOURS[run]))
            label.setWordWrap(True)
            label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.hover = QLabel(" ")
        self.hover.setObjectName("hoverReadout")

        # ---- map
        self.graphics = pg.GraphicsLayoutWidget()
        self.graphics.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.plot_item: pg.PlotItem = self.graphics.addPlot(row=0, col=0)
        self.plot_item.setMenuEnabled(False)
        self.plot_item.hideButtons()
        self.image = pg.ImageItem(axisOrder="row-major")
        self.image.setZValue(-20)
        self.plot_item.addItem(self.image)
        cmap = pg.ColorMap(np.linspace(0, 1, len(MAP_COLOURS)), [pg.mkColor(c) for c in MAP_COLOURS])
        self.colorbar = pg.ColorBarItem(values=(0, 1), width=14, interactive=False, colorMap=cmap,
                                        colorMapMenu=False)
        self.colorbar.setImageItem(self.image)
        self.colorbar.axis.enableAutoSIPrefix(False)
        self.graphics.addItem(self.colorbar, row=0, col=1)
        self.contours = pg.PlotCurveItem(connect="pairs", pen=pg.mkPen("#ffffff38"))
        self.contours.setZValue(-10)
        self.plot_item.addItem(self.contours)
        # A wider, under B: where the twins' paths coincide (SGD's loss × s vs lr × s) both stay visible
        self.path_curves = {run: pg.PlotCurveItem(pen=pg.mkPen(COLOURS[run], width=5 if run == "a" else 2))
                            for run in ("a", "b")}
        self.heads = {run: pg.ScatterPlotItem(size=15 if run == "a" else 9, brush=pg.mkBrush(COLOURS[run]),
                                              pen=pg.mkPen("w")) for run in ("a", "b")}
        for run in ("a", "b"):
            self.plot_item.addItem(self.path_curves[run])
            self.plot_item.addItem(self.heads[run])
        self.origin_marker = pg.ScatterPlotItem(symbol="+", size=12, pen=pg.mkPen("w"))
        self.plot_item.addItem(self.origin_marker)
        self.plot_item.scene().sigMouseMoved.connect(self._hover)

        # ---- sharpness
        self.sharpness_toggle = QCheckBox()
        self.sharpness_plot = pg.PlotWidget()
        self.sharpness_plot.setMinimumSize(160, 130)
        self.sharpness_plot.setMenuEnabled(False)
        self.sharpness_plot.hideButtons()
        self.sharpness_plot.setLogMode(False, True)
        self.sharpness_curves = {run: self.sharpness_plot.plot([], [], pen=pg.mkPen(COLOURS[run], width=2),
                                                               symbol="o", symbolSize=5,
                                                               symbolBrush=COLOURS[run]) for run in ("a", "b")}
        self.bound_lines = {run: pg.InfiniteLine(angle=0, pen=pg.mkPen(COLOURS[run], style=Qt.PenStyle.DashLine))
                            for run in ("a", "b")}
        for line in self.bound_lines.values():
            line.setVisible(False)
            self.sharpness_plot.addItem(line)
        self.sharpness_legend = QLabel("")
        self.sharpness_legend.setWordWrap(True)
        self.sharpness_legend.setMinimumWidth(160)
        self.sharpness_box = QWidget()
        box = QVBoxLayout(self.sharpness_box)
        box.setContentsMargins(0, 0, 0, 0)
        box.addWidget(self.sharpness_plot, 1)
        box.addWidget(self.sharpness_legend)
        self.sharpness_box.setVisible(False)

        # ---- layout: controls row, map | sharpness, read-outs
        self.plane.setMinimumContentsLength(12)
        self.plane.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        top = QGridLayout()
        top.setHorizontalSpacing(6)
        top.setVerticalSpacing(2)
        self.plane_label = QLabel()
        top.addWidget(self.plane_label, 0, 0)
        top.addWidget(self.plane, 0, 1)
        top.addWidget(self.compute_button, 0, 2)
        top.addWidget(self.cancel_button, 0, 3)
        top.addWidget(self.progress, 1, 0, 1, 2)
        top.addWidget(self.auto, 1, 2, 1, 2)
        top.addWidget(self.animate_button, 2, 2, 1, 2)
        top.addWidget(self.sharpness_toggle, 2, 0, 1, 2)
        top.setColumnStretch(1, 1)
        middle = QHBoxLayout()
        middle.addWidget(self.graphics, 3)
        middle.addWidget(self.sharpness_box, 2)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(3)
        layout.addLayout(top)
        layout.addLayout(middle, 1)
        for widget in (self.readout_labels["a"], self.readout_labels["b"], self.hover, self.status):
            layout.addWidget(widget)

        self._timer = QTimer(self)
        self._timer.setInterval(ANIMATION_MS)
        self._timer.timeout.connect(self._animate)
        self.compute_button.clicked.connect(self.request)
        self.cancel_button.clicked.connect(self.cancel)
        self.animate_button.clicked.connect(self.animate)
        self.sharpness_toggle.toggled.connect(self._sharpness_toggled)
        self.runner.failed.connect(self._failed)
        self.sharpness_runner.failed.connect(self._failed)
        self._log_colours = False
        self.status.setText(self.tr("Compute the landscape to see the twins' paths on a slice of their own loss."))
        self.retranslate()

    def retranslate(self) -> None:
        """Every text again in the current language; read-outs and the legend recomputed from what is shown."""
        for i, (_key, text) in enumerate(PLANES):
            self.plane.setItemText(i, translate("LandscapeView", text))
        self.plane.setToolTip(self.tr("The plane through parameter space the loss is drawn on"))
        self.plane_label.setText(self.tr("plane"))
        self.compute_button.setText(self.tr("Compute landscape"))
        self.compute_button.setToolTip(self.tr("Slice the loss through the twins' parameters now (in the background)"))
        self.cancel_button.setText(self.tr("Cancel"))
        self.auto.setText(self.tr("when training pauses"))
        self.auto.setToolTip(self.tr("Recompute the landscape each time training pauses or finishes"))
        self.animate_button.setText(self.tr("▶ Animate paths"))
        self.sharpness_toggle.setText(self.tr("sharpness λmax (off: no cost)"))
        self.sharpness_toggle.setToolTip(self.tr("Estimate the training loss's top Hessian eigenvalue along both "
                                                 "paths (Lanczos on Hessian-vector products, in the background)"))
        self.plot_item.setLabel("bottom", self.tr("α (direction 1)"))
        self.plot_item.setLabel("left", self.tr("β (direction 2)"))
        self.sharpness_plot.setLabel("bottom", self.tr("step"))
        self.sharpness_plot.setTitle(self.tr("λmax of the training loss's Hessian"))
        self._colour_bar_label()
        if self.result is not None and not self.runner.busy:
            self._show_paths(self.result)
            self.status.setText(self._describe())
        elif self.result is None and not self.runner.busy and not self._wanted:
            self.status.setText(self.tr("Compute the landscape to see the twins' paths on a slice of their own loss."))
        if self.sharpness and self.snapshot is not None:
            self._sharpness_legend(self.sharpness)
        retranslate_pyqtgraph(self.graphics.scene())
        retranslate_pyqtgraph(self.sharpness_plot.scene())

    def changeEvent(self, event) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def _colour_bar_label(self) -> None:
        self.colorbar.axis.setLabel(self.tr("training loss (log scale)") if self._log_colours
                                    else self.tr("training loss"))

    # ------------------------------------------------------------------ requests
    def request(self) -> None:
        """Compute the landscape (and the sharpness, when on) from a fresh snapshot of the paths."""
        self._wanted.add("slice")
        if self.sharpness_toggle.isChecked():
            self._wanted.add("sharpness")
        self.status.setText(self.tr("asking the trainer for its paths…"))
        self.pathsWanted.emit()

    def request_sharpness(self) -> None:
        self._wanted.add("sharpness")
        self.pathsWanted.emit()

    def set_snapshot(self, snapshot: PathSnapshot) -> None:
        """The panel's answer to ``pathsWanted``: start what was asked for."""
        self.snapshot = snapshot
        wanted, self._wanted = self._wanted, set()
        if "slice" in wanted:
            self._compute(snapshot)
        if "sharpness" in wanted:
            self._compute_sharpness(snapshot)

    def _compute(self, snapshot: PathSnapshot) -> None:
        kind = self.plane.currentData()
        self._set_busy(True, self.tr("{plane}: plane and coarse {size} slice…").format(
            plane=self.plane.currentText(), size=f"{COARSE}×{COARSE}"))
        self.runner.submit(lambda ticket: compute_plane(snapshot, kind, ticket), self._on_coarse,
                           on_progress=lambda f: self.progress.setValue(int(30 * f)), on_error=self._job_error)

    def _on_coarse(self, result: PlaneResult) -> None:
        self.result = result
        self._show_slice(result.slice, "coarse")
        self._show_paths(result, len(result.snapshot.steps))
        self.computed.emit("coarse")
        self.status.setText(self.tr("refining to {size}…").format(size=f"{GRID}×{GRID}"))
        net, plane, extent = result.net, result.plane, result.extent

        def refine(ticket):
            from core.training.landscape import compute_slice

            return compute_slice(net, plane, extent, grid=GRID, progress=ticket)

        self.runner.submit(refine, self._on_full, on_progress=lambda f: self.progress.setValue(30 + int(70 * f)),
                           on_error=self._job_error)

    def _on_full(self, sl) -> None:
        self._show_slice(sl, "full")
        self._set_busy(False, self._describe())
        self.progress.setValue(100)
        self.computed.emit("full")

    def cancel(self) -> None:
        """Stop the slice in progress; the picture drawn so far stays."""
        self.runner.cancel()
        if self.slice is None:
            self._set_busy(False, self.tr("cancelled"))
        elif self.level == "coarse":
            self._set_busy(False, self.tr("cancelled; showing the coarse slice"))
        else:
            self._set_busy(False, self.tr("cancelled; showing the full slice"))

    def _job_error(self, exc: BaseException) -> None:
        self._set_busy(False, None)

    def _failed(self, message: str) -> None:
        self.status.setText(f"<span style='color:#c00'>{message}</span>")
        self.cancel_button.setEnabled(self.runner.busy)
        self.compute_button.setEnabled(True)

    def _set_busy(self, busy: bool, text: str | None) -> None:
        self.cancel_button.setEnabled(busy)
        if busy:
            self.progress.setValue(0)
        if text is not None:
            self.status.setText(text)

    @property
    def busy(self) -> bool:
        return self.runner.busy

    def shutdown(self) -> None:
        self._timer.stop()
        self.runner.shutdown()
        self.sharpness_runner.shutdown()

    # ------------------------------------------------------------------ drawing
    def _show_slice(self, sl, level: str) -> None:
        self.slice, self.level = sl, level
        finite = sl.loss[np.isfinite(sl.loss)]
        if finite.size and finite.min() > 0 and finite.max() >= 10 * finite.min():  # decades: log10(loss)
            color, log, offset = np.log10(np.where(np.isfinite(sl.loss), sl.loss, finite.max())), True, 0.0
        else:
            color, log, offset = color_values(sl.loss, False)
        lo, hi = float(color.min()), float(color.max())
        if hi <= lo:
            hi = lo + 1.0
        levels = np.linspace(lo, hi, N_LEVELS + 2)[1:-1]
        segments = contour_segments(color, levels, sl.alphas, sl.betas)
        a0, a1, b0, b1 = sl.extent
        self.surface_map = SurfaceMap((a0, a1, b0, b1), color, log, offset, levels, segments)
        self.image.setImage(color, autoLevels=False, levels=(lo, hi))
        self.image.setRect(QRectF(a0, b0, a1 - a0, b1 - b0))
        self.colorbar.setLevels((lo, hi))
        ticks = colour_bar_ticks(self.surface_map, lo, hi)
        self._log_colours = log
        self._colour_bar_label()
        self.colorbar.axis.setTicks(None if ticks is None else [ticks, []])
        self.contours.setData(segments[:, 0], segments[:, 1]) if segments.size else self.contours.setData([], [])
        self.plot_item.setRange(xRange=(a0, a1), yRange=(b0, b1), padding=0)

    def _show_paths(self, result: PlaneResult, upto: int | None = None) -> None:
        """Draw each path's first points up to recorded index ``upto`` (all: None) and its read-out there."""
        origin = np.zeros((1, 2))
        self.origin_marker.setData(pos=origin if result.plane.kind != "pca" else np.zeros((0, 2)))
        for run in ("a", "b"):
            readout = result.readouts.get(run)
            label = self.readout_labels[run]
            if readout is None:
                self.path_curves[run].setData([], [])
                self.heads[run].setData([], [])
                label.setText(self.tr("{run}: no finite point to project").format(run=run.upper()))
                continue
            n = len(readout.coords) if upto is None else max(1, min(upto, len(readout.coords)))
            coords = readout.coords[:n]
            self.path_curves[run].setData(coords[:, 0], coords[:, 1])
            self.heads[run].setData(pos=coords[-1:])
            label.setText(self.readout_text(run, n - 1))

    def readout_text(self, run: str, index: int) -> str:
        """The honesty read-out of run ``run`` at recorded point ``index`` (core.training.landscape's numbers)."""
        result = self.result
        readout = result.readouts[run]
        step = int(result.steps[run][index])
        label = run_label(result.snapshot.labels[run])
        return self.tr("{run} ({label}) at step {step}: true loss {loss} · plane's loss at its projection "
                       "{plane_loss} · off-plane {off} % (whole path {total} %)").format(
            run=run.upper(), label=label, step=step, loss=f"{readout.true_loss[index]:.4g}",
            plane_loss=f"{readout.plane_loss[index]:.4g}", off=f"{100 * readout.off_plane[index]:.0f}",
            total=f"{100 * readout.off_plane_total:.0f}")

    def _describe(self) -> str:
        result = self.result
        if result is None:
            return ""
        plane = result.plane
        extra = ""
        if plane.explained is not None:
            extra = self.tr(", explaining {first} % + {second} % of the motion").format(
                first=f"{100 * plane.explained[0]:.0f}", second=f"{100 * plane.explained[1]:.0f}")
        elif plane.eigenvalues is not None:
            extra = self.tr(", eigenvalues {first} and {second}").format(
                first=f"{plane.eigenvalues[0]:.3g}", second=f"{plane.eigenvalues[1]:.3g}")
        return self.tr("{plane} at step {step}{extra}; {size} slice of the training loss").format(
            plane=self.plane.currentText(), step=result.snapshot.step, extra=extra, size=f"{GRID}×{GRID}")

    def animate(self) -> None:
        if self.result is None:
            return
        self._frame = 0
        self._timer.start()

    def _animate(self) -> None:
        result = self.result
        if result is None:
            self._timer.stop()
            return
        self._frame += 1
        total = max(len(r.coords) for r in result.readouts.values()) if result.readouts else 1
        upto = max(1, math.ceil(total * self._frame / ANIMATION_FRAMES))
        self._show_paths(result, upto)
        if upto >= total:
            self._timer.stop()

    def _hover(self, pos) -> None:
        sl = self.slice
        if sl is None or not self.plot_item.sceneBoundingRect().contains(pos):
            return
        point = self.plot_item.getViewBox().mapSceneToView(pos)
        a, b = point.x(), point.y()
        a0, a1, b0, b1 = sl.extent
        if not (a0 <= a <= a1 and b0 <= b <= b1):
            self.hover.setText(" ")
            return
        i = int(round((a - a0) / (a1 - a0) * (len(sl.alphas) - 1)))
        j = int(round((b - b0) / (b1 - b0) * (len(sl.betas) - 1)))
        self.hover.setText(self.tr("α {alpha}, β {beta}: loss {loss} (nearest grid point)").format(
            alpha=f"{sl.alphas[i]:.3g}", beta=f"{sl.betas[j]:.3g}", loss=f"{sl.loss[j, i]:.4g}"))

    # ------------------------------------------------------------------ sharpness
    def _sharpness_toggled(self, on: bool) -> None:
        self.sharpness_box.setVisible(on)
        if on:
            self.request_sharpness()
        else:
            self.sharpness_runner.cancel()

    def _compute_sharpness(self, snapshot: PathSnapshot) -> None:
        self.sharpness_legend.setText(self.tr("estimating λmax along both paths…"))

        def work(ticket):
            from core.training.sharpness import sharpness_along

            net = build_net_loss(snapshot)
            out = {}
            for i, run in enumerate(("a", "b")):
                steps, rows = finite_path(snapshot, run)
                if len(rows) == 0:
                    continue
                pick = np.unique(np.linspace(0, len(rows) - 1, min(SHARPNESS_POINTS, len(rows))).round().astype(int))
                values = sharpness_along(net, rows[pick], max_iter=SHARPNESS_ITER, tol=1e-3, seed=snapshot.seed,
                                         dtype=net.dtype,
                                         progress=lambda f, i=i: ticket(0.5 * i + 0.5 * f))
                out[run] = (steps[pick], values)
            return out

        self.sharpness_runner.submit(work, self._on_sharpness)

    def _on_sharpness(self, series: dict) -> None:
        self.sharpness = series
        self._sharpness_legend(series)
        self.sharpnessComputed.emit()

    def _sharpness_legend(self, series: dict) -> None:
        snapshot = self.snapshot
        lines = []
        for run in ("a", "b"):
            steps, values = series.get(run, (np.zeros(0), np.zeros(0)))
            positive = values > 0
            self.sharpness_curves[run].setData(steps[positive].astype(float), values[positive])
            bound, text = stability_bound(snapshot.specs[run], snapshot.lr[run], self.full_batch)
            line = self.bound_lines[run]
            line.setVisible(bound is not None and bound > 0)
            if bound is not None and bound > 0:
                line.setValue(math.log10(bound))
            colour = "#{:02x}{:02x}{:02x}".format(*COLOURS[run])
            last = (self.tr("λmax {value} at step {step}").format(value=f"{values[-1]:.3g}", step=int(steps[-1]))
                    if len(values) else self.tr("no finite point"))
            line_text = self.tr("{run} — {last}; dashed: {bound}").format(run=run.upper(), last=last, bound=text)
            lines.append(f"<span style='color:{colour}'>{line_text}</span>")
        self.sharpness_legend.setText("<br>".join(lines))
