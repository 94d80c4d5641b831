"""Carry out an :class:`core.export.plan.ExportPlan` for a scene: PNG, SVG, GIF, MP4, CSV or JSON.

:func:`export_scene` blocks (the CLI and scripts use it; on the GUI thread only for quick formats);
:class:`AnimationJob` does a GIF/MP4 a frame per event-loop turn, encoding on a worker thread, so the
window stays live and the export can be cancelled (the dialog uses it); frames stream to core's
BackgroundEncoder (a producer/consumer pipeline, not a request), and the wait for its last frames runs on
an app.jobs.JobRunner. Either way the target is written
through a temporary file renamed at the end: cancelled or failed, nothing is left behind.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
from PySide6.QtCore import QObject, QTimer, Signal

from app.export.frames import FramePainter, FrameRenderer, frame_steps
from app.export.image import write_png
from app.export.offscreen import ExportView
from app.export.svg import write_svg
from app.jobs import JobRunner
from app.themes import get_theme
from core.engine import Cancelled
from core.export.animation import BackgroundEncoder, check_gif_size
from core.export.files import failure_reason
from core.export.plan import ANIMATION_FORMATS, DATA_FORMATS, PICTURE_FORMATS, ExportPlan, write_scene_data
from core.scene import Scene

DEFAULT_SECONDS = 10.0  # an animation without a duration: one frame per step, at most this long
WAIT_FOR_ENCODER_MS = 2
POLL_MS = 10  # while the off-screen view is built and its race computed
SETTLE_TURNS = 200  # at most ~2 s for its layout to settle before the first frame


def picture_step(scene: Scene, plan: ExportPlan) -> int:
    """The step a still picture shows: the plan's last step if given, else the scene's current step, or
    the whole race when the scene sits at step 0 (a fresh file would otherwise show no paths)."""
    if plan.last >= 0:
        return plan.step_range(scene)[1]
    return scene.step if scene.step > 0 else scene.steps


def animation_steps(scene: Scene, plan: ExportPlan) -> np.ndarray:
    """The step each frame shows; a GIF too big to write is refused here, before any frame is drawn."""
    first, last = plan.step_range(scene)
    duration = plan.duration
    if duration is None:
        duration = min((last - first + 1) / plan.fps, DEFAULT_SECONDS)
    steps = frame_steps(first, last, plan.fps, duration, scene.steps)
    if plan.format == "gif":
        check_gif_size(plan.width, plan.height, len(steps))
    return steps


def export_view(scene: Scene, plan: ExportPlan, *, title=None, inset: bool | None = None,
                wait: bool = True, vectors=None, state=None) -> ExportView:
    """The off-screen view of a plan; ``title`` (True: the scene's) and ``inset`` (a loss-curve inset)
    default to the plan's fields of those names where it has them; ``wait``, ``vectors``, ``state``:
    ExportView's."""
    title = getattr(plan, "title", None) if title is None else title
    inset = bool(getattr(plan, "inset", False)) if inset is None else inset
    return ExportView(scene, get_theme(plan.theme), plan.width, plan.height, dpi=plan.dpi,
                      transparent=plan.transparent and plan.format in PICTURE_FORMATS, thin=plan.format != "svg",
                      title=title, inset=inset, wait=wait, vectors=vectors, state=state)


def export_scene(scene: Scene, plan: ExportPlan, progress: Callable[[float], bool | None] | None = None,
                 **options) -> None:
    """Write ``plan.path``; ``progress(fraction)`` returning False cancels (raises Cancelled).
    ``options``: export_view's (title, inset)."""
    if plan.format in DATA_FORMATS:
        write_scene_data(scene, plan.path)
        return
    steps = animation_steps(scene, plan) if plan.format in ANIMATION_FORMATS else None
    with export_view(scene, plan, **options) as view:
        if steps is None:
            view.set_step(picture_step(scene, plan))
            if plan.format == "png":
                write_png(view, plan.path)
            else:
                background = None if plan.transparent else view.theme.background
                write_svg(view.layout_item, plan.path, plan.width, plan.height, background)
            return
        renderer = FrameRenderer(view)
        encoder = renderer.encoder(plan.path, plan.fps, len(steps), progress)
        try:
            for step in steps:
                renderer.render_to(encoder, int(step))
            encoder.finish()
        except BaseException:
            encoder.cancel()
            raise
        finally:
            renderer.close()


class AnimationJob(QObject):
    """A GIF/MP4 export run from the event loop: each timer tick renders one frame (GUI thread) while a
    worker encodes the previous ones. Emits progress(fraction), then exactly one of finished(path),
    failed(reason) or cancelled()."""

    progress = Signal(float)
    finished = Signal(str)
    failed = Signal(str)
    cancelled = Signal()
    _encoded = Signal(float)  # from the encoder thread; queued to this object's thread

    def __init__(self, scene: Scene, plan: ExportPlan, parent=None, **options):
        """``options``: export_view's (the vectors, say)."""
        super().__init__(parent)
        self.plan = plan
        self._options = options
        self._scene = scene
        self._steps: np.ndarray = np.zeros(0, int)
        self._next = 0
        self._view: ExportView | None = None
        self._renderer: FrameRenderer | None = None
        self._encoder: BackgroundEncoder | None = None
        self._painter: FramePainter | None = None
        self._backdrop = None  # FrameRenderer.background_turns while the background is painted
        self._timer = QTimer(self)
        self._timer.setInterval(0)
        self._timer.timeout.connect(self._tick)
        self._encoded.connect(self.progress)
        self._jobs = JobRunner(self, name="losslab-export-finish")
        self._settling = 0  # turns spent settling the layout
        self.done = False

    def start(self) -> None:
        try:
            self._steps = animation_steps(self._scene, self.plan)
            self._view = export_view(self._scene, self.plan, wait=False, **self._options)
        except Exception as exc:  # noqa: BLE001 — reported to the user with its reason
            self._end()
            self._fail(exc)
            return
        self._timer.start()

    def _prepare(self) -> bool:
        """A turn of building the view (polled, so the window stays live), settling its layout, then
        opening the encoder; True once frames can be drawn."""
        view = self._view
        if not view.ready() or (self._settling < SETTLE_TURNS and not view.settle_turn()):
            self._settling += view.laid_out
            self._timer.setInterval(POLL_MS)
            return False
        self._renderer = FrameRenderer(view)
        self._encoder = self._renderer.encoder(self.plan.path, self.plan.fps, len(self._steps),
                                               self._encoded.emit, depth=3)
        self._painter = FramePainter(self._renderer, self._encoder)
        self._backdrop = self._renderer.background_turns()
        self._renderer.export.set_step(int(self._steps[0]))
        self._timer.setInterval(0)
        return True

    def _tick(self) -> None:
        if self._encoder is None:
            try:
                self._prepare()
            except Exception as exc:  # noqa: BLE001 — reported to the user with its reason
                self._end()
                self._fail(exc)
            return
        encoder, painter = self._encoder, self._painter
        try:
            if self._backdrop is not None:  # the background, a strip per turn, before the first frame
                if next(self._backdrop, "painted") != "painted":
                    return
                self._backdrop = None
            if self._next < len(self._steps):
                if painter.error is not None:
                    raise painter.error
                if not painter.has_room():
                    # The painter (or the encoder after it) is behind: give the event loop back and look
                    # again shortly — at 0 ms this spun ~60,000 times a second on the core they need.
                    self._timer.setInterval(WAIT_FOR_ENCODER_MS)
                    return
                if self._timer.interval():  # setInterval restarts the timer: only when it changes
                    self._timer.setInterval(0)
                # Here only the frame's plain data is taken; its paths are stroked on the painter's thread.
                painter.put(self._renderer.take_frame(int(self._steps[self._next])))
                self._next += 1
                return
            self._timer.stop()
        except Cancelled:
            self._end()
            self.cancelled.emit()
            return
        except Exception as exc:  # noqa: BLE001 — reported to the user with its reason
            encoder.cancel()
            self._end()
            self._fail(exc)
            return
        # A few frames are still to paint and encode; waiting for them (and the rename) is a job of the
        # runner, so the window does not block on it.

        def finish(_progress) -> int:
            painter.finish()
            return encoder.finish()

        self._jobs.submit(finish, self._finished, on_error=self._finish_failed)

    def _finished(self, _frames: int) -> None:
        if self.done:
            return
        self._end()
        self.progress.emit(1.0)  # the encoder's last report may still be queued behind this
        self.finished.emit(str(self.plan.path))

    def _finish_failed(self, exc: BaseException) -> None:
        if self.done:
            return
        self._end()
        self._fail(exc)

    def cancel(self) -> None:
        """Stop now; the partial file is removed. Emits cancelled()."""
        if self.done:
            return
        self._jobs.cancel()
        if self._painter is not None:
            self._painter.stop()
        if self._encoder is not None:
            self._encoder.cancel()
        self._end()
        self.cancelled.emit()

    def _fail(self, exc: BaseException) -> None:
        self.failed.emit(failure_reason(exc))

    def _end(self) -> None:
        self.done = True
        self._timer.stop()
        if self._painter is not None:
            self._painter.stop()  # before the renderer it paints with goes
            self._painter = None
        self._jobs.shutdown()
        if self._renderer is not None:
            self._renderer.close()
            self._renderer = None
        if self._view is not None:
            self._view.close()
            self._view = None
