"""A Training-tab picture exported with the GUI thread busy only while the view is recorded (or, when
small, drawn) (issue 16).

The view is recorded on the GUI thread when the job is made (``app.training.export.grab``: ~0.1–0.5 s for
an 8K PNG, the part that must touch the widget; a PNG up to 2560×1440 is drawn there at once, an SVG
generated whole, ~0.1–0.6 s); ``start()`` plays the recording into the image without holding Python's GIL
(~0.5–2 s at 8K, on the GUI thread in one go before), encodes it and writes the file on an
app.jobs.JobRunner (an 8K PNG's encoding alone held the window ~3–5 s). The file
goes through a temporary renamed at the end (core.export.files.atomic_target), so a cancelled or failed
export leaves an existing file as it was.

Emits ``progress(fraction)``, then exactly one of ``finished(path)``, ``failed(reason)``, ``cancelled()``:
the signals of the export dialog's other jobs (app.export.data_job.WriteJob, PictureJob, AnimationJob).
"""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

from app.jobs import Ticket, WriteJob
from app.training.export import failed_export, grab
from core.engine import Cancelled

DRAWN = 0.35  # the progress once the image is drawn: drawing takes about a third of encoding's time


class TrainingExportJob(WriteJob):
    """``TrainingExportJob(widget, path, size, theme)``: records the view now (ValueError, one line, on bad
    input); ``start()`` draws, encodes and writes on a worker (app.jobs.WriteJob)."""

    def __init__(self, widget: QWidget, path, size=None, theme=None, parent=None):
        picture = grab(widget, path, size, theme)

        def encode(ticket: Ticket) -> bytes:
            if not ticket(0.05):
                raise Cancelled()
            if picture.recording is None:  # an SVG, or a PNG small enough to have been drawn at once
                return picture.encoded()
            image = picture.image()
            if not ticket(DRAWN):  # cancelled while drawing: the image is not encoded
                raise Cancelled()
            return picture.encoded(image)

        super().__init__(picture.path, encode, parent, name="losslab-export-training",
                         reason=lambda exc: failed_export(picture.path, exc))
        self.picture = picture

    def _end(self) -> None:
        super()._end()
        self.picture = None  # the recording goes with the job's end, not with the dialog
