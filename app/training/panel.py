"""The live training panel: twin networks A and B trained by torch in a worker thread, plotted as they learn.

``TrainingPanel()`` is self-contained and needs no arguments besides an optional parent, so it can be
embedded as a tab. It composes, each in its own module:

    model.TrainingModel      the TrainingConfig (core.training.config) and the run history; setters, signals
    controls.*Controls       the inputs: they call the model's setters and draw its configuration back
    curves.CurvesView        the Curves sub-tab: plots.TrainingPlots (items made once, setData per frame)
    landscape_view           the Landscape sub-tab
    readouts                 the status lines and the dead-network flag, in words
    thread.TrainingThread    the worker thread (torch, imported there on first show or start)

and has its redraws paced (redraw_pacer.RedrawPacer). It does not import torch.

Public API:
    start(), pause(), step(), reset()     the buttons; each is a queued command to the worker
    shutdown()                            stop the worker thread (closeEvent and app quit call it)
    model                                 the TrainingModel (``model.config`` is what the worker trains)
    config() -> TrainingConfig            the settings the worker trains with (a scene's ``training``)
    set_config(config)                    a whole TrainingConfig (None: the panel's defaults); rebuilds
    set_run(run, **values)                model.set_run: lr, loss_scale, weight_decay, clip and schedule
                                          apply live; optimizer and wd_mode restart the runs
    set_options(**values)                 model.set_options: task, depth, width, activation, init, dropout,
                                          batchnorm, seed, batch_size, n_samples, device, steps (restart the
                                          runs, except steps)
    apply_classic(optimizer="sgd", scale=10)  A: loss × scale at lr; B: loss × 1 at lr × scale
    history() -> dict                     copies of the plotted arrays (steps, losses, distance, scores, …)
    export_image(path, size, theme)       the visible sub-tab (curves or landscape) as PNG/SVG
    set_theme(theme), theme               the plots' theme on screen (the window's; app.training.plot_theme)
    stall_text() -> str                   "A stalled: accuracy at chance …" when measured, else ""
    state, step_count, run_time, device_note, cuda_available, pacer (its ``budget``: the redraws' share)
    setup, run_a, run_b, action_controls, curves (plots, smooth, health), landscape   the composed views

Signals:
    stateChanged(str)            "paused" | "running" | "finished"
    progressed(int)              the current step, after the plots were updated
    diverged(str, int)           run "a"/"b" stopped at step k (NaN/inf loss)
    configured(Experiment)       a (re)built experiment: task, layers, device, note (app.training.messages)
    errorOccurred(str)           a refused setting or a worker failure
    workerReady(WorkerInfo)      torch is loaded: version, CUDA and why, warm-up seconds
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QCoreApplication, QEvent, QSize, Qt, QTimer, Signal
from PySide6.QtWidgets import QHBoxLayout, QScrollArea, QTabWidget, QVBoxLayout, QWidget

from app.themes import DARK, Theme
from app.training import readouts
from app.training.controls import ActionControls, RunControls, SetupControls
from app.training.curves import CurvesView
from app.training.landscape_view import LandscapeView
from app.training.messages import Experiment, Progress, WorkerInfo
from app.training.model import TrainingModel
from app.training.plot_theme import apply_plot_theme
from app.training.presentation_look import PresentationLook
from app.training.redraw_pacer import RedrawPacer
from app.training.thread import TrainingThread
from core.training.config import ACTIVATIONS, INITS, LIVE_KEYS, OPTIMIZERS, SCHEDULES, TASKS, TrainingConfig

__all__ = ["ACTIVATIONS", "INITS", "LIVE_KEYS", "OPTIMIZERS", "SCHEDULES", "TASKS", "TrainingPanel"]

class TrainingPanel(QWidget):
    stateChanged = Signal(str)
    progressed = Signal(int)
    diverged = Signal(str, int)
    configured = Signal(object)
    errorOccurred = Signal(str)
    workerReady = Signal(object)

    def __init__(self, parent: QWidget | None = None, config: TrainingConfig | None = None):
        super().__init__(parent)
        self.model = TrainingModel(config, self)
        self.worker = TrainingThread(self)
        self.state = "paused"
        self.device_note: str | None = None
        self.cuda_available: bool | None = None
        self._pending_view = None
        self.pacer = RedrawPacer(self._redraw, self.worker.set_update_interval, self)
        self._reset_timer = QTimer(self)  # coalesces several edits (a preset) into one rebuild
        self._reset_timer.setSingleShot(True)
        self._reset_timer.setInterval(0)
        self._reset_timer.timeout.connect(self.reset)

        self.setup = SetupControls(self.model)
        self.run_a = RunControls(self.model, "a")
        self.run_b = RunControls(self.model, "b")
        self.action_controls = ActionControls(self.model)
        self._actions_alias = _ActionsAlias(self)
        self.curves = CurvesView()
        self.plots, self.smooth, self.health = self.curves.plots, self.curves.smooth, self.curves.health
        self.landscape = LandscapeView()
        self.smooth.toggled.connect(self._smoothing)
        self.views = QTabWidget()
        self.views.addTab(self.curves, "")
        self.views.addTab(self.landscape, "")
        self.views.currentChanged.connect(self._view_changed)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addLayout(_controls_column(self.action_controls, (self.setup, self.run_a, self.run_b)))
        layout.addWidget(self.views, 1)
        self._landscape_step: int | None = None  # the step of the last landscape request
        self.presentation = PresentationLook(self)
        self.theme: Theme = DARK  # the plots' theme (app.presentation restyles the panel with the other views)

        self.action_controls.start_button.clicked.connect(self.start)
        self.action_controls.pause_button.clicked.connect(self.pause)
        self.action_controls.step_button.clicked.connect(self.step)
        self.action_controls.reset_button.clicked.connect(self.reset)
        for view in (self.setup, self.run_a, self.run_b):
            view.refused.connect(self._on_error)
        self.model.rebuildNeeded.connect(self._reset_timer.start)
        self.model.runChanged.connect(self.worker.set_run)
        self.model.stepsChanged.connect(self._steps_changed)
        self.worker.ready.connect(self._on_ready)
        self.worker.configured.connect(self._on_configured)
        self.worker.progress.connect(self._on_progress)
        self.worker.state.connect(self._on_state)
        self.worker.error.connect(self._on_error)
        self.worker.paths.connect(self.landscape.set_snapshot)
        self.landscape.pathsWanted.connect(self._paths_wanted)
        app = QCoreApplication.instance()
        if app is not None:
            app.aboutToQuit.connect(self.shutdown)
        self._worker_info: WorkerInfo | None = None
        self.retranslate()

    def retranslate(self) -> None:
        """Every text again in the current language (status lines recomputed from the latest progress)."""
        self.smooth.setText(self.tr("smooth mini-batch loss (EMA)"))
        self.smooth.setToolTip(self.tr("Draw an exponential moving average (α = 0.05) over the faint raw loss"))
        self.views.setTabText(0, self.tr("Curves"))
        self.views.setTabText(1, self.tr("Landscape"))
        progress = self.model.latest
        if progress is not None:
            self.health.setText(self.stall_text())
            self._update_status(progress)
        elif self._worker_info is not None:
            self._show_ready(self._worker_info)
        elif self.worker.started:
            self.action_controls.status.setText(self.tr("loading torch…"))

    def changeEvent(self, event) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    # ------------------------------------------------------------------ worker life cycle
    def ensure_worker(self) -> None:
        """Start the worker thread (which imports torch) if it is not running yet."""
        if self.worker.started:
            return
        self.action_controls.status.setText(self.tr("loading torch…"))
        self.worker.start()
        self.reset()

    def shutdown(self) -> None:
        """Stop training and end the worker thread (safe to call more than once)."""
        self.landscape.shutdown()
        self.worker.shutdown()

    def set_theme(self, theme: Theme) -> None:
        """The plots' backgrounds, axes and titles in ``theme`` (app.training.plot_theme)."""
        self.theme = theme
        apply_plot_theme(self, theme)

    def showEvent(self, event) -> None:
        super().showEvent(event)
        self.presentation.follow(getattr(self.window(), "settings", None))  # F11: larger plots, live
        self.ensure_worker()

    def closeEvent(self, event) -> None:
        self.shutdown()
        super().closeEvent(event)

    # ------------------------------------------------------------------ commands
    def start(self) -> None:
        self.ensure_worker()
        self.worker.run()

    def pause(self) -> None:
        self.worker.pause()

    def step(self) -> None:
        self.ensure_worker()
        self.worker.step()

    def reset(self) -> None:
        """Rebuild A and B from the current settings (same seed: same weights, same batches)."""
        self._reset_timer.stop()
        self.worker.configure(self.model.config)  # before the first show: nothing (the show sends it)

    # ------------------------------------------------------------------ the model's API, for callers
    def config(self) -> TrainingConfig:
        return self.model.config

    def set_config(self, config: TrainingConfig | None) -> None:
        self.model.set_config(config)
        if config is not None and config.sharpness_chart:  # a lesson about λmax opens its chart
            self.landscape.sharpness_toggle.setChecked(True)

    def set_run(self, run: str, **values) -> None:
        self.model.set_run(run, **values)

    def set_options(self, **values) -> None:
        self.model.set_options(**values)

    def apply_classic(self, optimizer: str = "sgd", scale: float = 10.0) -> None:
        self.model.apply_classic(optimizer, scale)

    def history(self) -> dict:
        """Copies of the plotted data: steps, loss_a/b, distance, lr_a/b, score_steps/a/b, grad_a/b (latest)."""
        return self.model.history.as_dict()

    @property
    def step_count(self) -> int:
        return self.model.step_count

    @property
    def run_time(self) -> float:
        """Seconds the worker has spent training since the last reset (as of the latest update)."""
        return self.model.run_time

    @property
    def status(self):
        """The status line (a QLabel)."""
        return self.action_controls.status

    @property
    def actions(self):
        """``action_controls`` under its old name, for app/lessons (install.py, controls.py), which still
        write ``panel.actions.setEnabled(…)`` and hide ``panel.actions``; called, ``panel.actions()`` is
        QWidget.actions() as a widget walker expects. Remove when no caller uses the old name."""
        return self._actions_alias

    def _steps_changed(self, steps: int) -> None:
        self.worker.set_total_steps(steps)
        self.plots.step_range.set_total(steps)

    def _smoothing(self, on: bool) -> None:
        self.plots.set_smoothing(on)
        if self.model.latest is not None:
            self._redraw()

    # ------------------------------------------------------------------ the landscape
    def _paths_wanted(self) -> None:
        self.ensure_worker()
        self._landscape_step = self.step_count
        self.landscape.full_batch = self.model.config.batch_size == 0 or (
            self.model.experiment is not None and self.model.config.batch_size >= self.model.experiment.n_train)
        self.worker.request_paths()

    def _view_changed(self, index: int) -> None:
        if self.views.widget(index) is self.landscape and self.landscape.slice is None and self.step_count > 0 \
                and self.state != "running" and self.landscape.auto.isChecked():
            self.landscape.request()

    def _auto_landscape(self) -> None:
        """Training paused or finished: recompute the landscape if it is shown, wanted and out of date."""
        if (self.views.currentWidget() is self.landscape and self.landscape.auto.isChecked()
                and self.step_count > 0 and self._landscape_step != self.step_count):
            self.landscape.request()

    # ------------------------------------------------------------------ dead-network flag
    def stall_text(self) -> str:
        """The dead-network flag ("A stalled: accuracy at chance …"), or "" (see readouts.stall_text)."""
        return readouts.stall_text(self.model.experiment, self.model.history)

    # ------------------------------------------------------------------ export
    def export_image(self, path, size: tuple[int, int] | QSize | None = None, theme=None) -> Path:
        """Write the visible view (the curves, or the landscape with its read-outs) to ``path`` (.png or
        .svg). ``size`` (w, h) renders the widget at that size; ``theme`` ("dark"/"slide" or a Theme) sets
        the background. The file is written to a temporary beside it and renamed: a failed export leaves
        an existing file untouched. Raises ValueError with a one-line reason."""
        from app.training.export import export_widget

        widget = self.views.currentWidget()
        return export_widget(widget, Path(path), size, theme)

    def export_job(self, path, size: tuple[int, int] | None = None, theme=None, parent=None):
        """The same picture as :meth:`export_image` as a job (app.training.export_job): drawn now, encoded and
        written on a worker by ``start()`` — what the export dialog runs, so the window keeps responding."""
        from app.training.export_job import TrainingExportJob

        return TrainingExportJob(self.views.currentWidget(), Path(path), size, theme, parent)

    # ------------------------------------------------------------------ worker → UI
    def _on_ready(self, info: WorkerInfo) -> None:
        self.cuda_available = info.cuda
        self.setup.show_worker(info)
        self._worker_info = info
        self._show_ready(info)
        self.workerReady.emit(info)

    def _show_ready(self, info: WorkerInfo) -> None:
        self.status.setText(self.tr("torch {version} ready ({seconds} s to load)")
                            .format(version=info.torch, seconds=f"{info.warmup_s:.1f}"))

    def _on_configured(self, experiment: Experiment) -> None:
        self.model.begin(experiment)
        self._pending_view = None
        self._landscape_step = None  # new runs: a landscape of the old ones is out of date at any step
        self.pacer.stop()
        self.device_note = experiment.note
        self.setup.show_device_note(experiment.note)
        self.plots.show_experiment(experiment, self.model.config.steps)
        for controls in (self.run_a, self.run_b):
            controls.status.setText("")
        self.configured.emit(experiment)

    def _on_progress(self, progress: Progress) -> None:
        """Store the new steps; the plots are redrawn by ``_redraw`` at a rate the UI can afford."""
        new = self.model.record(progress)
        if progress.view is not None:
            self._pending_view = progress.view
        for run, k in new:
            self.diverged.emit(run, k)
        self.pacer.schedule(urgent=bool(new) or progress.finished or self.state != "running")

    def _redraw(self) -> float | None:
        """Draw the latest steps (the pacer calls it); the seconds of painting measured, None if nothing."""
        progress = self.model.latest
        if progress is None:
            return None
        view, self._pending_view = self._pending_view, None
        self.plots.draw(self.model.history, view)
        self.plots.set_titles(progress.labels)
        for run in ("a", "b"):
            self.plots.show_divergence(run, progress.diverged[run])
        stall = self.stall_text()
        if self.health.text() != stall:
            self.health.setText(stall)
        self._update_status(progress)
        self.progressed.emit(self.step_count)
        return self.plots.last_paint_s

    def _update_status(self, progress: Progress) -> None:
        for run, controls in (("a", self.run_a), ("b", self.run_b)):
            text = readouts.run_status(progress, run)
            if text is not None:
                controls.status.setText(text)
        self.status.setText(readouts.panel_status(progress, self.model.history.latest_distance()))

    def _on_state(self, state: str) -> None:
        self.state = state
        self.action_controls.show_state(state)
        self.stateChanged.emit(state)
        if state in ("paused", "finished"):
            self._auto_landscape()

    def _on_error(self, message: str) -> None:
        self.status.setText(readouts.ERROR_STYLE.format(message))
        self.errorOccurred.emit(message)


def _controls_column(fixed: QWidget, scrolled: tuple[QWidget, ...]) -> QVBoxLayout:
    """``fixed`` (Start & co.) above the ``scrolled`` settings: always visible, never scrolled away. The
    column is as wide as its widest content, so the settings never scroll sideways."""
    controls = QWidget()
    column = QVBoxLayout(controls)
    for widget in scrolled:
        column.addWidget(widget)
    column.addStretch(1)
    scroll = QScrollArea()
    scroll.setWidget(controls)
    scroll.setWidgetResizable(True)
    scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
    width = max(controls.minimumSizeHint().width(), fixed.minimumSizeHint().width())
    scroll.setFixedWidth(width + scroll.verticalScrollBar().sizeHint().width() + 2 * scroll.frameWidth())
    left = QVBoxLayout()
    left.setContentsMargins(0, 0, 0, 0)
    fixed.setFixedWidth(scroll.width())
    left.addWidget(fixed)
    left.addWidget(scroll, 1)
    return left


class _ActionsAlias:
    """``TrainingPanel.actions``: attribute access reaches the panel's ActionControls, a call is the
    panel's QWidget.actions() (the old attribute shadowed that method)."""

    def __init__(self, panel: TrainingPanel):
        self._panel = panel

    def __call__(self):
        return QWidget.actions(self._panel)

    def __getattr__(self, name: str):
        return getattr(self._panel.action_controls, name)
