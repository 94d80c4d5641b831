"""A PNG or SVG export run from the event loop, the GUI thread never busy for long (issue 16 item 6).

What must touch Qt's graphics items runs on the GUI thread in short turns of a timer: the off-screen view
is built without waiting for its race (ExportView(wait=False), polled with ``ready``), a PNG's background
and overlay are painted a strip per turn (app.export.layers), an SVG is generated with its long paths as
placeholders (app.export.svg_paths). What is slow but needs no item runs on an app.jobs.JobRunner: a
PNG's paths stroked from plain data, the layers laid together, the PNG encoded; an SVG's paths written
into its text. The file is written through a temporary renamed at the end (core.export.files), so a
cancelled or failed export leaves an existing file as it was.

Emits ``progress(fraction)``, then exactly one of ``finished(path)``, ``failed(reason)``, ``cancelled()``.
"""

from __future__ import annotations

from contextlib import ExitStack

from PySide6.QtCore import QObject, Qt, QTimer, Signal

from app.export.image import png_bytes
from app.export.layers import (
    draw_over,
    map_clip,
    only_showing,
    paint_strip,
    paint_strokes,
    split_layers,
    strips,
    take_strokes,
)
from app.export.offscreen import SCREEN_DPI, ExportView
from app.export.render import POLL_MS, SETTLE_TURNS, export_view, picture_step
from app.export.svg import svg_text
from app.export.svg_paths import fill_placeholders, long_curves, placeholders
from app.jobs import JobRunner
from core.engine import Cancelled
from core.export.files import failure_reason, write_bytes_atomically
from core.export.plan import ExportPlan
from core.scene import Scene


class PictureJob(QObject):
    progress = Signal(float)
    finished = Signal(str)
    failed = Signal(str)
    cancelled = Signal()

    def __init__(self, scene: Scene, plan: ExportPlan, parent=None, **options):
        """``options``: export_view's (title, inset, vectors, state)."""
        super().__init__(parent)
        self.plan = plan
        self._scene = scene
        self._options = options
        self._view: ExportView | None = None
        self._stages = iter(())
        self._hidden = ExitStack()  # the layer being painted: the other items made transparent
        self._timer = QTimer(self)
        self._timer.setInterval(0)
        self._timer.timeout.connect(self._tick)
        self._jobs = JobRunner(self, name="losslab-export-picture")
        self.done = False

    def start(self) -> None:
        self._stages = self._png() if self.plan.format == "png" else self._svg()
        self._timer.start()

    def _tick(self) -> None:
        try:
            wait = next(self._stages)
        except StopIteration:
            self._timer.stop()
            return
        except Exception as exc:  # noqa: BLE001 — reported to the user with its reason
            self._fail(exc)
            return
        if wait != self._timer.interval():
            self._timer.setInterval(wait)

    # ---- the stages: each yield gives the event loop back (the value: ms until the next turn) ----------
    def _view_ready(self):
        self._view = export_view(self._scene, self.plan, wait=False, **self._options)
        yield 0
        while not self._view.ready():
            yield POLL_MS
        self._view.set_step(picture_step(self._scene, self.plan))
        self.progress.emit(0.1)
        for _turn in range(SETTLE_TURNS):  # the strips must all see one layout: settle it first
            if self._view.settle_turn():
                break
            yield 0 if self._view.settled() else POLL_MS

    def _png(self):
        yield from self._view_ready()
        view = self._view
        scene = view.view.graphics.scene()
        layers = split_layers(scene, view.worker_items())
        strokes = take_strokes(layers.strokes, map_clip(view.plot_item.getViewBox()))
        images = []
        for index, shown in enumerate((layers.background, layers.overlay)):
            image = view.new_image()
            if index:
                image.fill(Qt.GlobalColor.transparent)
            self._hidden.enter_context(only_showing(scene, shown))
            rows = strips(view.height)
            for n, band in enumerate(rows):
                paint_strip(scene, image, view.logical, band, view.scale)
                self.progress.emit(0.1 + 0.4 * (index + (n + 1) / len(rows)) / 2)
                yield 0
            self._hidden.close()
            images.append(image)
        background, overlay = images
        dpi = view.scale * SCREEN_DPI
        self._release_view()
        path = self.plan.path

        def work(ticket):
            paint_strokes(background, strokes, lambda: ticket.cancelled)
            if not ticket(0.8):
                raise Cancelled()
            draw_over(background, overlay)
            data = png_bytes(background, dpi)
            if not ticket(0.95):
                raise Cancelled()
            write_bytes_atomically(path, data)
            return str(path)

        self._submit(work)

    def _svg(self):
        yield from self._view_ready()
        view = self._view
        items = long_curves(view.view.graphics.scene())
        view_range = view.plot_item.getViewBox().viewRange()
        background = None if self.plan.transparent else view.theme.background
        with placeholders(items, view_range) as paths:
            text = svg_text(view.layout_item, self.plan.width, self.plan.height, background)
        self.progress.emit(0.5)
        self._release_view()
        path = self.plan.path

        def work(ticket):
            filled = fill_placeholders(text, paths, view_range, lambda: ticket.cancelled)
            if not ticket(0.9):
                raise Cancelled()
            write_bytes_atomically(path, filled.encode("utf-8"))
            return str(path)

        self._submit(work)

    # ---- the worker's part and the ends ---------------------------------------------------------------
    def _submit(self, work) -> None:
        self._jobs.submit(work, self._finished, on_progress=self.progress.emit, on_error=self._fail)

    def _finished(self, path: str) -> None:
        if self.done:
            return
        self._end()
        self.progress.emit(1.0)
        self.finished.emit(path)

    def cancel(self) -> None:
        """Stop now; an existing file at the target is left as it was. Emits cancelled()."""
        if self.done:
            return
        self._end()
        self.cancelled.emit()

    def wait(self, timeout: float = 60.0) -> bool:
        """Block until the worker's part is done and delivered (tests, scripts)."""
        return self._jobs.wait(timeout)

    def _fail(self, exc: BaseException) -> None:
        if self.done:
            return
        self._end()
        self.failed.emit(failure_reason(exc))

    def _release_view(self) -> None:
        self._hidden.close()
        if self._view is not None:
            self._view.close()
            self._view = None

    def _end(self) -> None:
        self.done = True
        self._timer.stop()
        self._jobs.cancel()
        self._jobs.shutdown(timeout=0.2)
        self._stages = iter(())
        self._release_view()

