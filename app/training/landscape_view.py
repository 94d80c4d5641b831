"""The Training tab's landscape: the twins' own loss over a 2-D plane through parameter space, their paths
projected on it (animated), the honesty read-outs, and beside it the sharpness chart
(``app.training.sharpness_chart``).

Everything heavy runs on ``app.jobs.JobRunner`` (one for slices here, one for sharpness in the chart: latest
request wins, never on the UI thread). A computation starts from a :class:`~app.training.messages.PathSnapshot`
(the worker's recorded paths, the architecture, the training set). Slices are progressive: job 1 builds the
plane, the paths' read-outs and a coarse ``COARSE``×``COARSE`` grid (``app.training.landscape_jobs``); its
result is drawn and job 2 refines the same extent to ``GRID``×``GRID`` in place. Cancel stops whichever job
runs; the last picture stays.

The numbers come from ``core.training.landscape`` (``NetLoss``, ``make_plane``, ``path_readout``,
``compute_slice``); this module only draws them. The map's colour transform, contours and colour-bar ticks
are the race view's (``app.views.surface_map``), drawn by ``app.training.landscape_map``.
"""

from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP, QEvent, Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QGridLayout,
    QLabel,
    QProgressBar,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from app.i18n import translate
from app.jobs import JobRunner
from app.training.controls import COLOURS
from app.training.landscape_jobs import (  # noqa: F401 (SHARPNESS_*, build_net_loss, finite_path: re-exported)
    SHARPNESS_ITER,
    SHARPNESS_POINTS,
    PlaneResult,
    build_net_loss,
    compute_plane,
    finite_path,
)
from app.training.landscape_map import LandscapeMap, PathAnimation
from app.training.messages import PathSnapshot
from app.training.plots import run_label
from app.training.readouts import ERROR_STYLE
from app.training.sharpness_chart import (  # noqa: F401 (the bound helpers: re-exported for their users)
    ADAPTIVE_REASON,
    BOUND_REASONS,
    SharpnessChart,
    bound_reason,
    stability_bound,
)
from app.widgets.fields import no_wheel_unless_focused

COARSE = 17
GRID = 51
PLANES = (("pca", QT_TRANSLATE_NOOP("LandscapeView", "PCA of the twins' paths")),
          ("random", QT_TRANSLATE_NOOP("LandscapeView", "filter-normalised random")),
          ("hessian", QT_TRANSLATE_NOOP("LandscapeView", "top-2 Hessian eigenvectors")))


def _controls_grid(view) -> QGridLayout:
    """The view's controls in three rows: plane and Compute/Cancel; progress and auto; sharpness and Animate."""
    top = QGridLayout()
    top.setHorizontalSpacing(6)
    top.setVerticalSpacing(2)
    for widget, row, column, columns in (
            (view.plane_label, 0, 0, 1), (view.plane, 0, 1, 1), (view.compute_button, 0, 2, 1),
            (view.cancel_button, 0, 3, 1), (view.progress, 1, 0, 2), (view.auto, 1, 2, 2),
            (view.sharpness_toggle, 2, 0, 2), (view.animate_button, 2, 2, 2)):
        top.addWidget(widget, row, column, 1, columns)
    top.setColumnStretch(1, 1)
    return top


class LandscapeView(QWidget):
    """``request()`` asks the panel for a path snapshot (``pathsWanted``), answered by ``set_snapshot``.
    Public for tests and exports: ``runner``, ``result``, ``slice``, ``readout_labels``, ``map`` (its
    ``graphics``, ``plot_item``), ``chart`` (its ``sharpness_plot``, ``sharpness_legend``, ``sharpness``)."""

    pathsWanted = Signal()
    computed = Signal(str)  # "coarse" | "full"
    sharpnessComputed = Signal()

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.runner = JobRunner(self, name="losslab-landscape")
        self.result: PlaneResult | None = None
        self.slice = None  # the slice drawn (coarse, then full)
        self.level: str | None = None  # "coarse" | "full": which one ``slice`` is
        self.snapshot: PathSnapshot | None = None
        self._wanted: set[str] = set()  # what the next snapshot is for: "slice", "sharpness"

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

        # ---- map (its parts public here too: the panel's export and the tests reach them)
        self.map = LandscapeMap()
        self.graphics, self.plot_item, self.colorbar = self.map, self.map.plot_item, self.map.colorbar
        self.plot_item.scene().sigMouseMoved.connect(self._hover)

        # ---- sharpness
        self.sharpness_toggle = QCheckBox()
        self.chart = SharpnessChart()
        self.chart.setVisible(False)
        self.sharpness_plot, self.sharpness_legend = self.chart.plot, self.chart.legend
        self.sharpness_runner = self.chart.runner
        self.chart.computed.connect(self.sharpnessComputed)

        # ---- layout: controls row, map | sharpness, read-outs
        self.plane.setMinimumContentsLength(12)
        self.plane.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.plane_label = QLabel()
        top = _controls_grid(self)
        # the chart under the map, not beside it: the landscape column is ~430 px wide at 1280×720, and the
        # two side by side pushed the chart past the window's right edge
        middle = QSplitter(Qt.Orientation.Vertical)
        middle.setChildrenCollapsible(False)
        middle.addWidget(self.graphics)
        middle.addWidget(self.chart)
        middle.setStretchFactor(0, 3)
        middle.setStretchFactor(1, 2)
        self.splitter = middle
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(3)
        layout.addLayout(top)
        layout.addWidget(middle, 1)
        for widget in (self.readout_labels["a"], self.readout_labels["b"], self.hover, self.status):
            layout.addWidget(widget)

        self.animation = PathAnimation(self._path_points, lambda upto: self._show_paths(self.result, upto), self)
        self.compute_button.clicked.connect(self.request)
        self.cancel_button.clicked.connect(self.cancel)
        self.animate_button.clicked.connect(self.animate)
        self.sharpness_toggle.toggled.connect(self._sharpness_toggled)
        self.runner.failed.connect(self._failed)
        self.sharpness_runner.failed.connect(self._failed)
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
        if self.result is not None and not self.runner.busy:
            self._show_paths(self.result)
            self.status.setText(self._describe())
        elif self.result is None and not self.runner.busy and not self._wanted:
            self.status.setText(self.tr("Compute the landscape to see the twins' paths on a slice of their own loss."))

    def changeEvent(self, event) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

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
            self.chart.compute(snapshot)

    def _compute(self, snapshot: PathSnapshot) -> None:
        kind = self.plane.currentData()
        self._set_busy(True, self.tr("{plane}: plane and coarse {size} slice…").format(
            plane=self.plane.currentText(), size=f"{COARSE}×{COARSE}"))
        coarse = COARSE
        self.runner.submit(lambda ticket: compute_plane(snapshot, kind, ticket, coarse=coarse), self._on_coarse,
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
        self.status.setText(ERROR_STYLE.format(message))
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
        self.animation.stop()
        self.runner.shutdown()
        self.chart.shutdown()

    # ------------------------------------------------------------------ drawing
    def _show_slice(self, sl, level: str) -> None:
        self.slice, self.level = sl, level
        self.map.show_slice(sl)

    def _show_paths(self, result: PlaneResult, upto: int | None = None) -> None:
        """Draw each path's first points up to recorded index ``upto`` (all: None) and its read-out there."""
        self.map.show_origin(result.plane.kind != "pca")
        for run in ("a", "b"):
            readout = result.readouts.get(run)
            label = self.readout_labels[run]
            if readout is None:
                self.map.show_path(run, ())
                label.setText(self.tr("{run}: no finite point to project").format(run=run.upper()))
                continue
            n = len(readout.coords) if upto is None else max(1, min(upto, len(readout.coords)))
            self.map.show_path(run, readout.coords[:n])
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
        if self.result is not None:
            self.animation.start()

    def _path_points(self) -> int | None:
        """The longest path's number of points (None: nothing to animate)."""
        result = self.result
        if result is None:
            return None
        return max(len(r.coords) for r in result.readouts.values()) if result.readouts else 1

    def _hover(self, pos) -> None:
        if self.slice is None or not self.plot_item.sceneBoundingRect().contains(pos):
            return
        point = self.plot_item.getViewBox().mapSceneToView(pos)
        nearest = self.map.loss_at(point.x(), point.y())
        if nearest is None:
            self.hover.setText(" ")
            return
        alpha, beta, loss = nearest
        self.hover.setText(self.tr("α {alpha}, β {beta}: loss {loss} (nearest grid point)").format(
            alpha=f"{alpha:.3g}", beta=f"{beta:.3g}", loss=f"{loss:.4g}"))

    def export_controls(self) -> list[QWidget]:
        """What an exported picture leaves out (app.training.export): every control and the pointer's
        read-out; the map, the chart and the paths' read-outs stay."""
        return [self.plane_label, self.plane, self.compute_button, self.cancel_button, self.progress, self.auto,
                self.animate_button, self.sharpness_toggle, self.hover]

    # ------------------------------------------------------------------ sharpness
    @property
    def sharpness(self) -> dict:
        """The chart's last estimates: run → (steps, values)."""
        return self.chart.series

    @property
    def full_batch(self) -> bool:
        return self.chart.full_batch

    @full_batch.setter
    def full_batch(self, value: bool) -> None:
        self.chart.full_batch = bool(value)

    def _sharpness_toggled(self, on: bool) -> None:
        self.chart.setVisible(on)
        if on:
            self.request_sharpness()
        else:
            self.chart.cancel()
