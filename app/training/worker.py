"""The training worker: a QObject that lives in its own QThread and drives a ``TwinTrainer``.

Why a thread, and how it stays out of the UI's way:

* torch is imported in the worker thread (``initialize``), never in the UI thread, and
  ``torch.set_num_threads(1)`` is set there: training in the UI thread with torch's default threads was
  measured to drop the window to ~6 fps on 2 cores; a worker on one torch thread keeps ~60 fps.
* The first optimizer step lazily imports ``torch._dynamo`` (seconds): ``initialize`` does a throwaway
  SGD and Adam step so that cost is paid here, before the user presses Start.
* After those imports ``initialize`` calls ``gc.freeze()``: otherwise each full cyclic-GC pass walks
  torch's ~300 000 module objects with the GIL held and the UI stalls for 70-300 ms.
* Training runs in chunks of about ``CHUNK_S`` seconds driven by a zero-interval QTimer in the worker
  thread, so commands from the panel (queued signals → the slots below) are handled between chunks —
  always between two steps, never inside one.
* Results go back through queued signals. A queued signal hands the receiver the *same* Python object
  (no copy), so every payload is built from fresh arrays that the worker never touches again. Updates are
  throttled to at most ``1 / EMIT_INTERVAL_S`` (30) per second — fewer when the panel says it redraws less
  often (``set_update_interval``) — and the decision-boundary images to ``1 / VIEW_INTERVAL_S``; a pause,
  a single step, a divergence or the end of the run is sent at once.

Why one QThread of its own, and not ``app.jobs.JobRunner``: the runner answers requests ("latest request
wins": a newer request cancels the older one, one result each). Training is a stream: one long-lived
trainer whose torch models, optimizer state and batch order live across thousands of steps, paused,
stepped, retuned (lr, loss scale… between two steps) and read (boundary images, scores) in between. As
runner jobs, every Pause, Step or lr change would cancel the chunk in flight (latest wins) instead of
being applied between two of its steps, and the trainer's state would outlive the jobs that own it. So the
trainer stays in this one thread, and everything it produces (steps, evaluations, images) is computed
there, between two steps, and sent as typed messages.

Messages (``app.training.messages``, frozen dataclasses of fresh arrays, built by ``app.training.payloads``):
    ready(WorkerInfo)          after initialize: torch version, CUDA availability and why, warm-up time
    configured(Experiment)     after configure: the data set, layer names, device, note, labels
    progress(Progress)         new steps since the last message, a boundary/curve view now and then
    state(str)                 "paused" | "running" | "finished"
    error(str)                 a bad setting or a failure; the worker keeps running

Life cycle: ``app.training.thread.TrainingThread`` owns the thread and the worker; ``start()`` creates both
(torch loads in the thread), the command methods queue calls into the thread, ``shutdown()`` stops the
current chunk, ends the thread and waits for it; it is idempotent and also runs when its owner is destroyed.
"""

from __future__ import annotations

import gc
import time
import traceback

from PySide6.QtCore import QCoreApplication, QObject, QThread, QTimer, Signal, Slot

from app.training import payloads
from app.training.messages import Progress, WorkerInfo
from core.training.config import LIVE_KEYS, RunConfig, TrainingConfig

CHUNK_S = 0.02
EMIT_INTERVAL_S = 1.0 / 30.0
VIEW_INTERVAL_S = 0.4  # decision-boundary images: two 64×64-grid forward passes (~3 ms) each time
PATH_POINTS = 400  # parameter points kept per run for the landscape (thinned by 2 when full)
PATH_BYTES = 64 * 2**20  # … and at most this much memory for both runs


class TrainingWorker(QObject):
    ready = Signal(object)
    configured = Signal(object)
    progress = Signal(object)
    state = Signal(str)
    error = Signal(str)
    paths = Signal(object)

    def __init__(self):
        super().__init__()
        self._trainer = None
        self._timer: QTimer | None = None
        self._running = False
        self._stop = False  # set from the UI thread by request_stop(): ends a chunk early
        self._sent = 0
        self._last_emit = 0.0
        self._last_view = 0.0
        self._grid = None  # the boundary images' input points, kept while the data set stays
        self._path_note: str | None = None  # why no parameter path is recorded (network too large)
        self._emit_interval = EMIT_INTERVAL_S
        self._run_time = 0.0
        self._run_since: float | None = None

    # ------------------------------------------------------------------ slots (run in the worker thread)
    @Slot()
    def initialize(self) -> None:
        """Import torch here (off the UI thread), pin it to one thread and warm up the optimizer path."""
        try:
            start = time.perf_counter()
            import torch

            torch.set_num_threads(1)
            from core.training.device import cuda_status

            for make in (lambda p: torch.optim.SGD(p, lr=0.1), lambda p: torch.optim.Adam(p, lr=0.1)):
                layer = torch.nn.Linear(2, 1)
                optimizer = make(layer.parameters())
                layer(torch.ones(1, 2)).sum().backward()
                optimizer.step()  # the first step imports torch._dynamo: pay that here
            import core.training.twin  # noqa: F401  (the trainer's imports, also off the UI thread)

            # torch and torch._dynamo bring ~300 000 long-lived objects; every full collection of the
            # cyclic GC walks them all while holding the GIL — 70-300 ms during which the UI thread
            # cannot run. Moving what exists now to the permanent generation keeps collections short.
            # No gc.collect() first: a collection on this thread frees Qt objects of the GUI thread's
            # cycles here (a crash or a deadlock, app.gc_guard); freeze() moves objects and frees none.
            gc.freeze()

            available, reason = cuda_status()
            self._timer = QTimer(self)
            self._timer.setInterval(0)
            self._timer.timeout.connect(self._run_chunk)
            self.ready.emit(WorkerInfo(torch.__version__, available, reason, time.perf_counter() - start))
        except Exception as exc:  # torch missing or broken: the panel says so, the app lives on
            self.error.emit(self.tr("torch could not start: {error}").format(error=exc))

    @Slot(object)
    def configure(self, config: TrainingConfig) -> None:
        """Build a fresh trainer for ``config``; keeps running if it was."""
        try:
            from core.training.twin import TwinTrainer

            trainer = TwinTrainer(config)
        except Exception as exc:
            self._report(exc)
            return
        was_running = self._running
        self._account(False)
        self._run_time = 0.0
        self._trainer = trainer
        self._path_note = None if trainer.record_paths(PATH_POINTS, PATH_BYTES) else \
            self.tr("the network is too large to record its parameter path")
        self._sent = 0
        self._grid = None
        self._last_emit = self._last_view = 0.0
        self.configured.emit(payloads.experiment(trainer))
        self._emit(force=True)  # the initial view (untrained boundary)
        if was_running:
            self._set_running(True)
        else:
            self.state.emit("paused")

    @Slot()
    def start(self) -> None:
        if self._trainer is None or self._timer is None:
            return
        if self._trainer.finished:
            self.state.emit("finished")
            return
        self._set_running(True)

    @Slot()
    def pause(self) -> None:
        if self._running:
            self._set_running(False)
            self._emit(force=True)

    @Slot()
    def step_once(self) -> None:
        if self._trainer is None:
            return
        if self._running:
            self._set_running(False)
        if self._trainer.finished:
            self.state.emit("finished")
            return
        start = time.perf_counter()
        try:
            self._trainer.step()
        except Exception as exc:
            self._report(exc)
        self._run_time += time.perf_counter() - start
        self._emit(force=True)
        if self._trainer.finished:
            self.state.emit("finished")

    @Slot(str, object)
    def set_run(self, run: str, settings: RunConfig) -> None:
        """Apply run 'a' or 'b''s live settings (lr, loss scale, decay, clip, schedule) between two steps."""
        if self._trainer is None:
            return
        try:
            self._trainer.set_hparams(run, **{key: getattr(settings, key) for key in LIVE_KEYS})
        except Exception as exc:
            self._report(exc)

    @Slot(int)
    def set_total_steps(self, steps: int) -> None:
        if self._trainer is None:
            return
        try:
            self._trainer.set_total_steps(int(steps))
        except Exception as exc:
            self._report(exc)
            return
        if not self._running:
            self.state.emit("finished" if self._trainer.finished else "paused")

    @Slot()
    def send_paths(self) -> None:
        """Emit ``paths(PathSnapshot)``: the recorded parameter paths and what rebuilds the loss."""
        trainer = self._trainer
        if trainer is None:
            return
        try:
            snapshot = payloads.path_snapshot(trainer, self._path_note)
        except Exception as exc:
            self._report(exc)
            return
        self.paths.emit(snapshot)

    @Slot(float)
    def set_update_interval(self, seconds: float) -> None:
        """How often to send progress (the panel's redraw interval); never faster than EMIT_INTERVAL_S."""
        self._emit_interval = max(float(seconds), EMIT_INTERVAL_S)

    @Slot()
    def shutdown(self) -> None:
        """Stop, drop the trainer, hand this object back to the main thread and end the worker thread."""
        self._account(False)
        if self._timer is not None:
            self._timer.stop()
            self._timer.deleteLater()
            self._timer = None
        self._trainer = None
        thread = QThread.currentThread()
        app = QCoreApplication.instance()
        if app is not None:
            self.moveToThread(app.thread())
        thread.quit()

    def request_stop(self) -> None:
        """Thread-safe: ask a running chunk to return at once (used before shutdown)."""
        self._stop = True

    # ------------------------------------------------------------------ the training loop
    def _set_running(self, running: bool) -> None:
        self._account(running)
        if running:
            self._timer.start()
        else:
            self._timer.stop()
        self.state.emit("running" if running else "paused")

    def _account(self, running: bool) -> None:
        """Track the wall time spent training (``run_time`` in the payloads: steps / run_time is the
        throughput the panel really gets, overheads included)."""
        now = time.perf_counter()
        if running and self._run_since is None:
            self._run_since = now
        elif not running and self._run_since is not None:
            self._run_time += now - self._run_since
            self._run_since = None
        self._running = running

    def _run_time_now(self) -> float:
        since = self._run_since
        return self._run_time + (time.perf_counter() - since if since is not None else 0.0)

    def _run_chunk(self) -> None:
        trainer = self._trainer
        if trainer is None or not self._running:
            return
        deadline = time.perf_counter() + CHUNK_S
        try:
            while not trainer.finished and not self._stop and time.perf_counter() < deadline:
                before = trainer.diverged_at
                trainer.step()
                if trainer.diverged_at != before:  # show a divergence the moment it happens
                    self._emit(force=True)
        except Exception as exc:
            self._set_running(False)
            self._report(exc)
            return
        if trainer.finished:
            self._account(False)
            self._timer.stop()
            self._emit(force=True)
            self.state.emit("finished")
        else:
            self._emit()

    # ------------------------------------------------------------------ messages (app.training.payloads)
    def _emit(self, force: bool = False) -> None:
        now = time.perf_counter()
        if not force and now - self._last_emit < self._emit_interval:
            return
        self._last_emit = now
        with_view = force or now - self._last_view >= VIEW_INTERVAL_S
        if with_view:
            self._last_view = now
        try:
            payload = self._payload(with_view)
        except Exception as exc:
            self._report(exc)
            return
        self.progress.emit(payload)

    def _payload(self, with_view: bool) -> Progress:
        """The steps not sent yet (and a boundary/curve view if ``with_view``) as one Progress message."""
        trainer = self._trainer
        records = trainer.records[self._sent:]
        self._sent = len(trainer.records)
        view = None
        if with_view:
            if self._grid is None:
                self._grid = payloads.boundary_grid(trainer)
            view = payloads.boundary_view(trainer, self._grid)
        return payloads.progress(trainer, records, self._run_time_now(), view)

    def _report(self, exc: Exception) -> None:
        """One line for the panel: a refused setting (ValueError) as it is; anything else named as an
        unexpected error, its traceback on stderr for a bug report (never in the window)."""
        if isinstance(exc, ValueError):
            self.error.emit(str(exc))
        else:
            self.error.emit(self.tr("unexpected error ({kind}): {error}").format(kind=type(exc).__name__, error=exc))
            traceback.print_exc()

