"""The training worker's thread, owned by the panel: ``TrainingThread`` starts a ``TrainingWorker`` in a
QThread of its own (see ``app.training.worker`` for why a thread and not ``app.jobs``), queues the panel's
commands into it and relays the worker's typed messages back on the panel's thread."""

from __future__ import annotations

from PySide6.QtCore import QMetaObject, QObject, Qt, QThread, Signal

from app.training.worker import TrainingWorker
from core.training.config import RunConfig, TrainingConfig


class TrainingThread(QObject):
    """The worker's thread and the worker, owned by the panel: commands are queued into the thread (handled
    between two steps), messages come back on the owner's thread as this object's signals."""

    ready = Signal(object)
    configured = Signal(object)
    progress = Signal(object)
    state = Signal(str)
    error = Signal(str)
    paths = Signal(object)

    # commands (queued: the worker lives in its own thread)
    _configure = Signal(object)
    _start = Signal()
    _pause = Signal()
    _step = Signal()
    _set_run = Signal(str, object)
    _total = Signal(int)
    _interval = Signal(float)
    _paths = Signal()

    def __init__(self, parent: QObject | None = None):
        super().__init__(parent)
        self._thread: QThread | None = None
        self._worker: TrainingWorker | None = None

    @property
    def started(self) -> bool:
        return self._thread is not None

    def start(self) -> None:
        """Start the thread (it imports torch, then says ``ready``); nothing if it runs already."""
        if self._thread is not None:
            return
        thread, worker = QThread(), TrainingWorker()
        thread.setObjectName("losslab-training")
        worker.moveToThread(thread)
        thread.started.connect(worker.initialize)
        for command, slot in ((self._configure, worker.configure), (self._start, worker.start),
                              (self._pause, worker.pause), (self._step, worker.step_once),
                              (self._set_run, worker.set_run), (self._total, worker.set_total_steps),
                              (self._interval, worker.set_update_interval), (self._paths, worker.send_paths)):
            command.connect(slot)
        for message, relay in ((worker.ready, self.ready), (worker.configured, self.configured),
                               (worker.progress, self.progress), (worker.state, self.state),
                               (worker.error, self.error), (worker.paths, self.paths)):
            message.connect(relay)
        self._thread, self._worker = thread, worker
        # Destroyed with its owner without shutdown()? Still end the thread: a QThread destroyed while
        # running aborts the process.
        self.destroyed.connect(lambda *_: _stop_worker_thread(thread, worker))
        thread.start()

    def configure(self, config: TrainingConfig) -> None:
        if self._thread is not None:
            self._configure.emit(config)

    def run(self) -> None:
        if self._thread is not None:
            self._start.emit()

    def pause(self) -> None:
        if self._thread is not None:
            self._pause.emit()

    def step(self) -> None:
        if self._thread is not None:
            self._step.emit()

    def set_run(self, run: str, settings: RunConfig) -> None:
        if self._thread is not None:
            self._set_run.emit(run, settings)

    def set_total_steps(self, steps: int) -> None:
        if self._thread is not None:
            self._total.emit(int(steps))

    def set_update_interval(self, seconds: float) -> None:
        if self._thread is not None:
            self._interval.emit(float(seconds))

    def request_paths(self) -> None:
        """Ask for a ``paths(PathSnapshot)`` message (answered between two steps)."""
        if self._thread is not None:
            self._paths.emit()

    def shutdown(self) -> None:
        """Stop training and end the thread, waiting for it (safe to call more than once)."""
        if self._thread is None:
            return
        thread, worker = self._thread, self._worker
        self._thread = self._worker = None
        _stop_worker_thread(thread, worker)


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
