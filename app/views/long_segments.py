"""Long segments stroked one at a time under a wide antialiased pen.

Qt's raster engine strokes a path under a pen wider than one pixel, antialiased, by filling the outline of
the whole stroke at once, and that fill grows far faster than the path when its segments are long: 172
random segments ~1,000 px long took ~880 ms as one path and ~4 ms given to ``drawLines``; in the
stability-limit lesson a diverging SGD run bouncing across the map (clipped to the view) took ~100–150 ms a
paint under the slide theme's 3-px pen, on every frame of its playback, and an MP4 of the lesson over a
second a frame. A dashed pen's dashes cost more as lines (~10–35 ms for such a path: Qt strokes every
dash). A smooth path's segments are a pixel or two long; stroking those one by one would blend their
antialiased edges over each other at every joint, so the short segments stay one path and only the long
ones (LONG_SEGMENT_PIXELS or more, in the painter's logical pixels) become lines. Their joints get the pen's
caps instead of its join, and a dash pattern starts again on each: a few pixels, at a turn of a long line.

:func:`stroke_polyline` paints a polyline so (the pictures' worker, app.export.layers);
:class:`LongSegmentCurve` is a PlotCurveItem that does (the map's paths on screen). Only on a raster device:
an SVG keeps one path element per curve.
"""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QLineF
from PySide6.QtGui import QPaintEngine, QPainter, QPen

LONG_SEGMENT_PIXELS = 16.0  # a segment at least this long (logical pixels) is stroked as a line of its own


def long_segment_mask(x: np.ndarray, y: np.ndarray, connect, sx: float, sy: float) -> np.ndarray:
    """Per segment i (point i to i + 1): whether it is drawn (``connect``: "all" or a mask over points) and
    at least LONG_SEGMENT_PIXELS long under the scales ``sx``, ``sy`` (logical pixels per data unit)."""
    with np.errstate(invalid="ignore", over="ignore"):
        long = np.hypot(np.diff(x) * sx, np.diff(y) * sy) >= LONG_SEGMENT_PIXELS
    if isinstance(connect, np.ndarray):
        long &= connect[:-1]
    return long


def splits(painter: QPainter, pen: QPen | None, antialias: bool, x, y, connect) -> tuple[float, float] | None:
    """The painter's scales (sx, sy) when a polyline painted with ``pen`` would be split: a pen wider than
    a pixel, antialiased, on a raster device, ``connect`` "all" or a mask of the points' length; else None."""
    if x is None or len(x) < 2 or pen is None or pen.widthF() <= 1.0 or not antialias:
        return None
    joins = connect.shape == np.shape(x) if isinstance(connect, np.ndarray) else connect == "all"
    if not joins or painter.paintEngine().type() != QPaintEngine.Type.Raster:
        return None
    t = painter.worldTransform()
    return float(np.hypot(t.m11(), t.m12())), float(np.hypot(t.m21(), t.m22()))


def split_long_segments(x: np.ndarray, y: np.ndarray, connect, sx: float, sy: float):
    """(the short segments as one path, the long ones as lines), or None where no segment is long."""
    long = long_segment_mask(x, y, connect, sx, sy)
    if not long.any():
        return None
    joined = np.ones(len(x), bool) if not isinstance(connect, np.ndarray) else connect.copy()
    joined[:-1] &= ~long  # the short segments, as a path of pieces
    a = np.flatnonzero(long)
    ends = zip(x[a].tolist(), y[a].tolist(), x[a + 1].tolist(), y[a + 1].tolist(), strict=True)
    lines = [QLineF(x0, y0, x1, y1) for x0, y0, x1, y1 in ends]
    return pg.arrayToQPath(x, y, connect=joined, finiteCheck=False), lines


def _stroke_split(painter: QPainter, pen: QPen, split) -> None:
    short_path, lines = split
    painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
    painter.setPen(pen)
    painter.drawPath(short_path)
    painter.drawLines(lines)


def stroke_polyline(painter: QPainter, x: np.ndarray, y: np.ndarray, connect: np.ndarray, pen: QPen,
                    antialias: bool) -> None:
    """Stroke the polyline (points joined as ``connect`` says) with ``pen``: its long segments as lines
    where that is faster (see the module), else as one path."""
    scales = splits(painter, pen, antialias, x, y, connect)
    split = None if scales is None else split_long_segments(x, y, connect, *scales)
    if split is not None:
        _stroke_split(painter, pen, split)
        return
    painter.setRenderHint(QPainter.RenderHint.Antialiasing, antialias)
    painter.setPen(pen)
    painter.drawPath(pg.arrayToQPath(x, y, connect=connect))


class LongSegmentCurve(pg.PlotCurveItem):
    """A PlotCurveItem that strokes its long segments as lines under a wide antialiased pen on a raster
    device (a plain pen: no fill, shadow pen or composition mode), and paints as before otherwise."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._split_key: tuple | None = None  # what the split below was made for
        self._split: tuple | None = None  # split_long_segments' (path, lines) or None

    def paint(self, painter: QPainter, option, widget=None) -> None:
        split = self._long_split(painter)
        if split is None:
            super().paint(painter, option, widget)
            return
        _stroke_split(painter, self.opts["pen"], split)

    def _long_split(self, painter: QPainter):
        opts, x, y = self.opts, self.xData, self.yData
        if (self._exportOpts is not False or opts["fillLevel"] is not None or opts["shadowPen"] is not None
                or opts["compositionMode"] is not None):
            return None
        scales = splits(painter, opts["pen"], opts["antialias"], x, y, opts["connect"])
        if scales is None:
            return None
        connect, key = opts["connect"], self._split_key
        # the arrays themselves (held, so that no new array can take a freed one's id) and the scales
        if key is None or key[0] is not x or key[1] is not y or key[2] is not connect or key[3] != scales:
            self._split_key, self._split = (x, y, connect, scales), split_long_segments(x, y, connect, *scales)
        return self._split
