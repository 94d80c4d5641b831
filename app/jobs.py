"""One "latest request wins" job runner: the app's only way to compute off the GUI thread.

Usage::

    runner = JobRunner(parent)                      # one per kind of request (the race, the scale map…)
    generation = runner.submit(work, on_result, on_progress=None, on_error=None)

``work(progress)`` runs on the runner's worker thread. ``progress`` is a :class:`Ticket`: call
``progress(fraction)`` between pieces of work; it returns False once the job is cancelled (pass it straight
to ``core.engine.run(..., progress=progress)``, which then raises ``core.engine.Cancelled``), and
``progress.cancelled`` can be polled. ``work`` returns the result: a fresh object the GUI thread may keep
(never an array the worker goes on writing into).

Every callback runs on the GUI thread (the thread that made the runner), through queued signals:

* ``on_result(result)`` once, if the job finished and is still the newest;
* ``on_progress(fraction)`` while it runs (only for the newest job);
* ``on_error(exception)`` if ``work`` raised anything but ``Cancelled``; without ``on_error`` the
  runner's ``failed(str)`` signal carries the message (it is emitted in both cases), so no failure is silent.

A newer ``submit`` cancels the older job (cooperatively: its ticket turns False) and replaces any job
still waiting; a stale generation's result, progress or error is dropped. There is one worker thread per
runner (started on the first submit): jobs never run side by side, so a dragged slider never queues work.

``cancel()`` cancels the current job (nothing of it is delivered afterwards); ``busy`` is True from a
submit until its answer is delivered (or it is cancelled); ``wait(timeout)`` blocks until the worker is
idle and then delivers what it posted (tests, scripts, screenshots); ``shutdown(timeout)`` cancels and
stops the thread (closeEvent; a later submit starts a new one). ``background=True`` (default) runs the
worker at a lower scheduling
priority, so the GUI thread wins the cores when they are busy.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QCoreApplication, QObject, QThread, Signal

from core.engine.run import Cancelled
from core.export.files import failure_reason, write_bytes_atomically

BACKGROUND_NICE = 10  # worker threads yield to the UI thread when the cores are busy


def lower_thread_priority() -> None:
    """Nice the calling thread; the engine's pool threads it starts inherit it (Linux: per thread), so
    when the cores are busy the scheduler still runs the UI thread first and the window stays smooth."""
    try:
        os.setpriority(os.PRIO_PROCESS, threading.get_native_id(), BACKGROUND_NICE)
    except (AttributeError, OSError):  # no per-thread niceness here: the work still runs
        pass


class Ticket:
    """A job's progress callback and cancel token (see the module docstring)."""

    def __init__(self, runner: JobRunner, generation: int):
        self._runner = runner
        self.generation = generation
        self._cancelled = threading.Event()

    @property
    def cancelled(self) -> bool:
        return self._cancelled.is_set()

    def cancel(self) -> None:
        self._cancelled.set()

    def __call__(self, fraction: float | None = None) -> bool:
        """Report progress (0…1; None: only ask); False means: stop, the answer is no longer wanted."""
        if self._cancelled.is_set():
            return False
        if fraction is not None:
            _emit(self._runner._progressed, self.generation, float(fraction))
        return True


def _emit(signal, *args) -> None:
    try:
        signal.emit(*args)
    except RuntimeError:  # the runner's QObject is gone (the window closed): nobody is listening
        pass


@dataclass
class _Job:
    ticket: Ticket
    work: Callable[[Ticket], Any]
    on_result: Callable[[Any], None] | None
    on_progress: Callable[[float], None] | None
    on_error: Callable[[BaseException], None] | None


class JobRunner(QObject):
    """See the module docstring."""

    failed = Signal(str)  # the newest job raised (also when it has an on_error)
    _finished = Signal(int, object)  # generation, result — emitted on the worker, delivered queued
    _errored = Signal(int, object)  # generation, exception
    _progressed = Signal(int, float)

    def __init__(self, parent: QObject | None = None, *, name: str = "losslab-job", background: bool = True):
        super().__init__(parent)
        self._name = name
        self._background = background
        self._lock = threading.Condition()
        self._pending: _Job | None = None  # submitted, not yet picked up by the worker
        self._running: _Job | None = None
        self._current: _Job | None = None  # the newest job (GUI side): the only one whose news counts
        self._generation = 0
        self._thread: threading.Thread | None = None
        self._stop = threading.Event()  # the current thread's stop flag (each thread has its own)
        self._finished.connect(self._deliver_result)
        self._errored.connect(self._deliver_error)
        self._progressed.connect(self._deliver_progress)

    # ---- the API -----------------------------------------------------------------------------------
    @property
    def generation(self) -> int:
        """The newest submitted job's generation (0: none yet)."""
        return self._generation

    @property
    def busy(self) -> bool:
        return self._current is not None

    def submit(self, work: Callable[[Ticket], Any], on_result: Callable[[Any], None] | None = None,
               on_progress: Callable[[float], None] | None = None,
               on_error: Callable[[BaseException], None] | None = None) -> int:
        self._generation += 1
        job = _Job(Ticket(self, self._generation), work, on_result, on_progress, on_error)
        with self._lock:
            for old in (self._pending, self._running):
                if old is not None:
                    old.ticket.cancel()
            self._pending = job
            self._current = job
            if self._thread is None:
                self._stop = threading.Event()
                self._thread = threading.Thread(target=self._loop, args=(self._stop,), name=self._name,
                                                daemon=True)
                self._thread.start()
            self._lock.notify_all()
        return job.ticket.generation

    def cancel(self) -> None:
        """Cancel the current and waiting job; nothing of them is delivered afterwards."""
        with self._lock:
            for job in (self._pending, self._running):
                if job is not None:
                    job.ticket.cancel()
            self._pending = None
        self._current = None

    def wait(self, timeout: float | None = 10.0) -> bool:
        """Block until the worker has nothing left to do, then (on the GUI thread) deliver what it posted.
        False if it was still working after ``timeout`` seconds."""
        with self._lock:
            idle = self._lock.wait_for(lambda: self._pending is None and self._running is None, timeout)
        if QThread.currentThread() is self.thread():
            QCoreApplication.sendPostedEvents(self, 0)
        return idle

    def shutdown(self, timeout: float = 2.0) -> bool:
        """Cancel everything and stop the worker thread (waits up to ``timeout`` s for a job to notice).
        A later submit starts a fresh thread."""
        self.cancel()
        with self._lock:
            self._stop.set()
            thread, self._thread = self._thread, None
            self._lock.notify_all()
        if thread is None:
            return True
        thread.join(timeout)
        return not thread.is_alive()

    # ---- the worker thread -------------------------------------------------------------------------
    def _loop(self, stop: threading.Event) -> None:
        if self._background:
            lower_thread_priority()
        while True:
            with self._lock:
                self._lock.wait_for(lambda: self._pending is not None or stop.is_set())
                if stop.is_set():
                    return
                job, self._pending = self._pending, None
                self._running = job
            try:
                self._run(job)
            finally:
                with self._lock:
                    self._running = None
                    self._lock.notify_all()

    def _run(self, job: _Job) -> None:
        ticket = job.ticket
        if ticket.cancelled:
            return
        try:
            result = job.work(ticket)
        except Cancelled:
            return
        except Exception as exc:  # noqa: BLE001 — reported on the GUI thread, never kills the worker
            if not ticket.cancelled:
                _emit(self._errored, ticket.generation, exc)
            return
        if not ticket.cancelled:
            _emit(self._finished, ticket.generation, result)

    # ---- the GUI thread ----------------------------------------------------------------------------
    def _newest(self, generation: int) -> _Job | None:
        job = self._current
        if job is None or job.ticket.generation != generation or job.ticket.cancelled:
            return None
        return job

    def _deliver_result(self, generation: int, result) -> None:
        job = self._newest(generation)
        if job is None:
            return
        self._current = None
        if job.on_result is not None:
            job.on_result(result)

    def _deliver_error(self, generation: int, exc) -> None:
        job = self._newest(generation)
        if job is None:
            return
        self._current = None
        if job.on_error is not None:
            job.on_error(exc)
        self.failed.emit(str(exc) or type(exc).__name__)

    def _deliver_progress(self, generation: int, fraction: float) -> None:
        job = self._newest(generation)
        if job is not None and job.on_progress is not None:
            job.on_progress(fraction)


def write_unless_cancelled(path, data: bytes, ticket: Ticket) -> None:
    """Write ``data`` through a temporary file, renamed over ``path`` only if ``ticket`` is not cancelled:
    a cancelled or failed write leaves an existing file as it was."""
    def unless_cancelled() -> None:
        if not ticket(0.99):  # cancelled while writing: the temporary goes, the old file stays
            raise Cancelled()

    write_bytes_atomically(path, data, before_rename=unless_cancelled)


class WriteJob(QObject):
    """A file made and written on a worker: what ``produce(ticket)`` returns (bytes, or text written as
    UTF-8) goes to ``path`` through :func:`write_unless_cancelled`. ``start()`` runs it; emits
    ``progress(fraction)``, then exactly one of ``finished(path)``, ``failed(reason)``, ``cancelled()`` (the
    signals every export job has). ``reason(exc)`` words a failure (default core.export.files')."""

    progress = Signal(float)
    finished = Signal(str)
    failed = Signal(str)
    cancelled = Signal()

    def __init__(self, path, produce: Callable[[Ticket], bytes | str], parent=None, *,
                 name: str = "losslab-export-write", reason: Callable[[BaseException], str] = failure_reason):
        super().__init__(parent)
        self.path = path
        self._produce = produce
        self._reason = reason
        self._jobs = JobRunner(self, name=name)
        self.done = False

    def start(self) -> None:
        path, produce = self.path, self._produce

        def work(ticket: Ticket) -> str:
            data = produce(ticket)
            if not ticket(0.9):
                raise Cancelled()
            write_unless_cancelled(path, data.encode("utf-8") if isinstance(data, str) else data, ticket)
            return str(path)

        self._jobs.submit(work, self._finished, on_progress=self.progress.emit, on_error=self._failed)

    def _finished(self, path: str) -> None:
        if not self.done:
            self._end()
            self.progress.emit(1.0)
            self.finished.emit(path)

    def _failed(self, exc: BaseException) -> None:
        if not self.done:
            self._end()
            self.failed.emit(self._reason(exc))

    def cancel(self) -> None:
        """Stop; the target is not touched. Emits cancelled()."""
        if not self.done:
            self._end()
            self.cancelled.emit()

    def wait(self, timeout: float = 60.0) -> bool:
        """Block until the worker is done and its answer delivered (tests, scripts)."""
        return self._jobs.wait(timeout)

    def _end(self) -> None:
        self.done = True
        self._jobs.cancel()
        self._jobs.shutdown(timeout=0.2)
        self._produce = None  # what it holds (an 8K image: 130 MB) goes with the job's end, not its owner's
