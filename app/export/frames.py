"""The race as animation frames: the export view drawn at a sequence of steps, as H×W×4 uint8 arrays (B, G,
R, A bytes) for core.export.animation.

Speed: only the paths and their heads change from frame to frame, so everything else (map, contours,
ghosts, axes, colour bar, legend) is painted once into a background image; each frame copies it and paints
just the moving items over it. At 1080p that is a few milliseconds a frame instead of ~40.
"""

from __future__ import annotations

import math
import queue
import threading

import numpy as np
from PySide6.QtCore import Qt
from PySide6.QtGui import QImage

from app.export.layers import map_clip, paint_strip, paint_strokes, strips, take_strokes, uncache
from app.export.offscreen import ExportView, bgra_array
from app.jobs import lower_thread_priority
from core.export.animation import BackgroundEncoder

MAX_FRAMES = 36_000  # 10 minutes at 60 fps


class AnimationPlanError(ValueError):
    """Frame rate, duration or step range that cannot make an animation; the message says why."""


def frame_steps(first: int, last: int, fps: float, duration: float | None, total_steps: int) -> np.ndarray:
    """The step shown in each frame: ``fps × duration`` frames evenly from ``first`` to ``last``
    (inclusive). Without a duration, one frame per step."""
    if not (0 <= first <= total_steps and 0 <= last <= total_steps):
        raise AnimationPlanError(f"steps must lie from 0 to {total_steps}, not {first}:{last}")
    if last < first:
        raise AnimationPlanError(f"the last step ({last}) comes before the first ({first})")
    if not (isinstance(fps, int | float) and math.isfinite(fps) and fps > 0):
        raise AnimationPlanError(f"the frame rate must be a positive number, not {fps!r}")
    if duration is None:
        count = last - first + 1
    else:
        if not (isinstance(duration, int | float) and math.isfinite(duration) and duration > 0):
            raise AnimationPlanError(f"the duration must be a positive number of seconds, not {duration!r}")
        count = max(1, round(fps * duration))
    if count > MAX_FRAMES:
        raise AnimationPlanError(f"{count} frames is too many (at most {MAX_FRAMES})")
    return np.rint(np.linspace(first, last, count)).astype(int)


class FrameRenderer:
    """Frames of an :class:`ExportView`; GUI thread only."""

    def __init__(self, export: ExportView):
        self.export = export
        self._background: np.ndarray | None = None  # H×W×4, painted once
        self._overlay: list = []
        self._static: list = []

    def _split(self) -> None:
        """Sort the scene's items into what moves (plus what is drawn above it) and the rest."""
        moving = self.export.dynamic_items()
        lowest = min((item.zValue() for item in moving), default=0.0)
        overlay = set(moving)
        for item in moving:  # a marker drawn above the paths must stay above them
            parent = item.parentItem()
            if parent is not None:
                overlay.update(child for child in parent.childItems() if child.zValue() >= lowest)
        keep = set(overlay)
        for item in overlay:
            parent = item.parentItem()
            while parent is not None:
                keep.add(parent)
                parent = parent.parentItem()
            keep.update(_descendants(item))
        scene = self.export.view.graphics.scene()
        self._overlay = [item for item in moving]
        self._static = [item for item in scene.items() if item not in keep]

    def _paint_background(self) -> QImage:
        for item in self._overlay:
            item.setOpacity(0.0)
        try:
            return self.export.render()
        finally:
            for item in self._overlay:
                item.setOpacity(1.0)

    def _ensure_background(self) -> None:
        if self._background is None:
            self._split()
            self._background = bgra_array(self._paint_background())
            for item in self._static:  # from now on only the moving items are painted
                item.setOpacity(0.0)

    def background_turns(self):
        """Paint the background (what does not move) a strip per ``next()`` — for a caller that must not
        block: at 8K the whole of it took ~0.8 s, and more on a busy machine."""
        if self._background is not None:
            return
        self._split()
        scene = self.export.view.graphics.scene()
        uncache(scene)
        image = self.export.new_image()
        for item in self._overlay:
            item.setOpacity(0.0)
        try:
            for band in strips(self.export.height):
                paint_strip(scene, image, self.export.logical, band, self.export.scale)
                yield
        finally:
            for item in self._overlay:
                item.setOpacity(1.0)
        self._background = bgra_array(image)
        for item in self._static:  # from now on only the moving items are painted
            item.setOpacity(0.0)

    def take_frame(self, step: int) -> list:
        """The race at ``step`` as plain data (app.export.layers: the paths' strokes, the heads' marks,
        the vectors' arrows, in stacking order) for :meth:`paint_frame` on another thread. GUI thread."""
        self.export.set_step(int(step))
        self._ensure_background()
        moving = set(self.export.dynamic_items())
        scene = self.export.view.graphics.scene()
        shown = [item for item in scene.items(Qt.SortOrder.AscendingOrder) if item in moving and item.isVisible()]
        return take_strokes(shown, map_clip(self.export.plot_item.getViewBox()))

    def paint_frame(self, strokes: list, frame: np.ndarray, cancelled=lambda: False) -> np.ndarray:
        """Draw a frame taken by :meth:`take_frame` into ``frame`` (see :meth:`render_into`); any thread —
        only the background array and the plain data are read."""
        np.copyto(frame, self._background)
        image = QImage(frame.data, frame.shape[1], frame.shape[0], 4 * frame.shape[1],
                       QImage.Format.Format_ARGB32_Premultiplied)
        image.setDevicePixelRatio(self.export.scale)
        paint_strokes(image, strokes, cancelled)
        return frame

    def new_frame(self) -> np.ndarray:
        """An H×W×4 array to draw a frame into (B, G, R, A bytes, as Qt's ARGB32 lies in memory)."""
        return np.empty((self.export.height, self.export.width, 4), np.uint8)

    def render_into(self, step: int, frame: np.ndarray) -> np.ndarray:
        """Draw the race at ``step`` into ``frame`` (from :meth:`new_frame`, or one handed back by the
        encoder) and return it. Reusing frames spares a fresh 8 MB allocation — and its page faults —
        twice a frame at 1080p."""
        if frame.shape != (self.export.height, self.export.width, 4) or frame.dtype != np.uint8 \
                or not frame.flags.c_contiguous:
            raise ValueError(f"frames are {self.export.height}×{self.export.width}×4 contiguous uint8 arrays, "
                             f"not {frame.dtype} {frame.shape}")
        self.export.set_step(int(step))
        self._ensure_background()
        np.copyto(frame, self._background)
        image = QImage(frame.data, frame.shape[1], frame.shape[0], 4 * frame.shape[1],
                       QImage.Format.Format_ARGB32_Premultiplied)  # paints straight into ``frame``
        image.setDevicePixelRatio(self.export.scale)
        self.export.paint(image)
        return frame

    def encoder(self, path, fps: float, total: int, progress=None, depth: int = 4) -> BackgroundEncoder:
        """An encoder for these frames: their pixel format, and the paths' colours kept exact in a GIF."""
        return BackgroundEncoder(path, fps, total=total, progress=progress, depth=depth,
                                 palette_colors=self.export.path_colors(), pixel_format="bgra")

    def render_to(self, encoder: BackgroundEncoder, step: int) -> None:
        """Draw the race at ``step`` into a frame ``encoder`` is done with (or a new one) and queue it."""
        encoder.put(self.render_into(step, encoder.spare(self.new_frame)))

    def close(self) -> None:
        for item in self._static:
            item.setOpacity(1.0)
        self._static = []
        self._background = None


def _descendants(item) -> list:
    out = []
    stack = list(item.childItems())
    while stack:
        child = stack.pop()
        out.append(child)
        stack.extend(child.childItems())
    return out


class FramePainter:
    """A thread that paints the frames :meth:`FrameRenderer.take_frame` took (GUI thread) and hands them to
    the encoder in order, so the window never waits for a frame's paths to be stroked (16 runs × 100,000
    steps at 8K: seconds a frame). ``put`` only when ``has_room``; ``finish`` (off the GUI thread) waits for
    the last frame; ``stop`` drops the rest. A failure is kept in ``error`` and raised by ``finish``."""

    def __init__(self, renderer: FrameRenderer, encoder: BackgroundEncoder, depth: int = 2):
        self.renderer, self.encoder = renderer, encoder
        self.error: BaseException | None = None
        self._queue: queue.Queue = queue.Queue(maxsize=depth)
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="losslab-export-frames", daemon=True)
        self._thread.start()

    def has_room(self) -> bool:
        return not self._queue.full()

    def put(self, strokes: list) -> None:
        self._queue.put(strokes)

    def _run(self) -> None:
        lower_thread_priority()
        while True:
            strokes = self._queue.get()
            if strokes is None or self._stop.is_set():
                return
            try:
                frame = self.renderer.paint_frame(strokes, self.encoder.spare(self.renderer.new_frame),
                                                  self._stop.is_set)
                if self._stop.is_set():
                    return
                self.encoder.put(frame)
            except BaseException as exc:  # noqa: BLE001 — handed to whoever finishes or polls
                self.error = exc
                return

    def finish(self) -> None:
        self._queue.put(None)
        self._thread.join()
        if self.error is not None:
            raise self.error

    def stop(self, timeout: float = 2.0) -> None:
        self._stop.set()
        while True:
            try:
                self._queue.get_nowait()
            except queue.Empty:
                break
        try:
            self._queue.put_nowait(None)
        except queue.Full:
            pass
        self._thread.join(timeout)
