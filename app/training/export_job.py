"""A Training-tab picture exported with the GUI thread busy only while the view is drawn (issue 16).

The view is drawn into memory on the GUI thread when the job is made (``app.training.export.grab``: ~1 s
for an 8K PNG, what must touch the widget); ``start()`` encodes it and writes the file on an
app.jobs.JobRunner (an 8K PNG's encoding alone held the window ~3–5 s). The file goes through a temporary
renamed at the end (core.export.files.atomic_target), so a cancelled or failed export leaves an existing
file as it was.

Emits ``progress(fraction)``, then exactly one of ``finished(path)``, ``failed(reason)``, ``cancelled()``:
the signals of the export dialog's other jobs (app.export.data_job.WriteJob, PictureJob, AnimationJob).
"""

from __future__ import annotations

import os

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QWidget

from app.jobs import JobRunner, Ticket
from app.training.export import failed_export, grab
from core.engine import Cancelled
from core.export.files import atomic_target


class TrainingExportJob(QObject):
    """``TrainingExportJob(widget, path, size, theme)``: draws now (ValueError, one line, on bad input);
    ``start()`` encodes and writes on a worker."""

    progress = Signal(float)
    finished = Signal(str)
    failed = Signal(str)
    cancelled = Signal()

    def __init__(self, widget: QWidget, path, size=None, theme=None, parent=None):
        super().__init__(parent)
        self.picture = grab(widget, path, size, theme)
        self.path = self.picture.path
        self._jobs = JobRunner(self, name="losslab-export-training")
        self.done = False

    def start(self) -> None:
        picture = self.picture

        def work(ticket: Ticket) -> str:
            if not ticket(0.1):
                raise Cancelled()
            data = picture.encoded()
            if not ticket(0.9):
                raise Cancelled()
            with atomic_target(picture.path) as tmp:
                with open(tmp, "wb") as handle:
                    handle.write(data)
                    handle.flush()
                    os.fsync(handle.fileno())
                if not ticket(0.99):  # cancelled while writing: the temporary goes, the old file stays
                    raise Cancelled()
            return str(picture.path)

        self._jobs.submit(work, self._finished, on_progress=self.progress.emit, on_error=self._failed)

    def _finished(self, path: str) -> None:
        if not self.done:
            self._end()
            self.progress.emit(1.0)
            self.finished.emit(path)

    def _failed(self, exc: BaseException) -> None:
        if not self.done:
            self._end()
            self.failed.emit(failed_export(self.path, exc))

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
        self.picture = None  # the 8K image (130 MB) goes with the job's end, not with the dialog
