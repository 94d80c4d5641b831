"""Curves whose long segments are stroked one at a time under a wide antialiased pen.

Qt's raster engine strokes a path under a pen wider than one pixel, antialiased, by filling the outline of
the whole stroke at once, and that fill grows far faster than the path when its segments are long: a
diverging SGD run bouncing across the map (172 segments, each crossing the view, clipped to it) took
~100–150 ms to paint under the slide theme's 3-px pen, on every frame of the stability-limit lesson's
playback. The same segments given to ``drawLines`` take a few milliseconds solid (a dashed pen's dashes cost
more: ~10–35 ms for such a path). A smooth path's segments are a pixel or two long; stroking those one by
one would blend their antialiased edges over each other at every joint, so a curve keeps Qt's single path
for runs of short segments and strokes only its long segments (LONG_SEGMENT_PIXELS or more on the device)
as lines. Their joints get the pen's caps instead of its join, and a dash pattern starts again on each:
a few pixels, at a turn of a long line.

Only on a raster device (the screen, a picture): an SVG keeps one path element per curve.
"""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QLineF
from PySide6.QtGui import QPaintEngine, QPainter

LONG_SEGMENT_PIXELS = 16.0  # a segment at least this long on the device is stroked as a line of its own


def long_segment_mask(x: np.ndarray, y: np.ndarray, connect, sx: float, sy: float) -> np.ndarray:
    """Per segment i (point i to i + 1): whether it is drawn (``connect``: "all" or a mask over points) and
    at least LONG_SEGMENT_PIXELS long under the scales ``sx``, ``sy`` (device pixels per data unit)."""
    with np.errstate(invalid="ignore", over="ignore"):
        long = np.hypot(np.diff(x) * sx, np.diff(y) * sy) >= LONG_SEGMENT_PIXELS
    if isinstance(connect, np.ndarray):
        long &= connect[:-1]
    return long


class LongSegmentCurve(pg.PlotCurveItem):
    """A PlotCurveItem (a pen, no fill) that strokes its long segments as lines under a wide antialiased
    pen on a raster device, and the rest as before."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._split_key: tuple | None = None  # what the split below was made for
        self._split: tuple | None = None  # (path of the short segments, drawLines arguments) or None

    def paint(self, painter: QPainter, option, widget=None) -> None:
        split = self._long_split(painter)
        if split is None:
            super().paint(painter, option, widget)
            return
        short_path, lines = split
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        painter.setPen(self.opts["pen"])
        painter.drawPath(short_path)
        painter.drawLines(lines)

    def _long_split(self, painter: QPainter):
        """(the short segments as one path, the long ones as lines), or None to paint as PlotCurveItem
        does: a narrow or aliased pen, a device that is not raster, no long segment."""
        pen, x, y = self.opts["pen"], self.xData, self.yData
        if (x is None or len(x) < 2 or pen is None or pen.widthF() <= 1.0 or not self.opts["antialias"]
                or self._exportOpts is not False or self.opts["fillLevel"] is not None
                or (isinstance(self.opts["connect"], str) and self.opts["connect"] != "all")
                or painter.paintEngine().type() != QPaintEngine.Type.Raster):
            return None
        transform = painter.worldTransform()
        sx, sy = float(np.hypot(transform.m11(), transform.m12())), float(np.hypot(transform.m21(), transform.m22()))
        connect = self.opts["connect"]
        key = self._split_key
        # the arrays themselves (held, so that no new array can take a freed one's id) and the scales
        if key is None or key[0] is not x or key[1] is not y or key[2] is not connect or key[3:] != (sx, sy):
            self._split_key, self._split = (x, y, connect, sx, sy), self._make_split(x, y, connect, sx, sy)
        return self._split

    @staticmethod
    def _make_split(x, y, connect, sx: float, sy: float):
        long = long_segment_mask(x, y, connect, sx, sy)
        if not long.any():
            return None
        joined = np.ones(len(x), bool) if not isinstance(connect, np.ndarray) else connect.copy()
        joined[:-1] &= ~long  # the short segments, as a path of pieces
        a = np.flatnonzero(long)
        ends = zip(x[a].tolist(), y[a].tolist(), x[a + 1].tolist(), y[a + 1].tolist(), strict=True)
        lines = [QLineF(x0, y0, x1, y1) for x0, y0, x1, y1 in ends]
        return pg.arrayToQPath(x, y, connect=joined, finiteCheck=False), lines
