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

from PySide6.QtWidgets import QWidget

from app.jobs import Ticket, WriteJob
from app.training.export import failed_export, grab
from core.engine import Cancelled


class TrainingExportJob(WriteJob):
    """``TrainingExportJob(widget, path, size, theme)``: draws now (ValueError, one line, on bad input);
    ``start()`` encodes and writes on a worker (app.jobs.WriteJob)."""

    def __init__(self, widget: QWidget, path, size=None, theme=None, parent=None):
        picture = grab(widget, path, size, theme)

        def encode(ticket: Ticket) -> bytes:
            if not ticket(0.1):
                raise Cancelled()
            return picture.encoded()

        super().__init__(picture.path, encode, parent, name="losslab-export-training",
                         reason=lambda exc: failed_export(picture.path, exc))
        self.picture = picture

    def _end(self) -> None:
        super()._end()
        self.picture = None  # the 8K image (130 MB) goes with the job's end, not with the dialog
