"""A curve that shows a growing (or shrinking) prefix of one fixed polyline — an optimizer's path revealed
step by step during playback — and repaints only the segments that appeared or disappeared.

A plain PlotCurveItem re-set every frame changes its bounding rect, and Qt then repaints the whole of it
(map, contours, ghosts and all seven paths under it) although only a few pixels at its head changed. This
item keeps the *whole* polyline's bounds as its bounding rect while a race is shown, so its geometry stays
put between frames, and asks Qt to repaint just the rectangle around the changed segments.

It is still a PlotCurveItem: ``getData()`` returns the shown prefix, ``setData`` (an exporter clipping the
path, say) works as usual and simply leaves the revealing mode until the next :meth:`reveal` of a race.
"""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QRectF

from app.views.long_segments import LongSegmentCurve

EXTRA_PIXELS = 2.0  # beyond half the pen width: Qt's own 2-pixel margin covers the rest


class RevealedCurve(LongSegmentCurve):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._polyline: np.ndarray | None = None  # (n, 2) whose prefix is shown; None after setData
        self._bounds: tuple[float, float, float, float] | None = None  # of the whole polyline
        self._end = 0
        self._pixel: tuple[float, float] | None = None  # one pixel along x and y in data units, for this view

    def viewTransformChanged(self) -> None:  # noqa: N802 — pyqtgraph's name: a zoom, pan or resize
        self._pixel = None
        super().viewTransformChanged()

    def reveal(self, polyline: np.ndarray, end: int, connect: np.ndarray | None = None) -> None:
        """Show ``polyline[:end]`` (end ≥ 1), its points joined as ``connect`` says (None: all; a clipped
        path's pieces, app.views.decimation). The same ``polyline`` object with another ``end`` repaints
        only the segments between the old and the new end."""
        end = max(1, min(int(end), polyline.shape[0]))
        joined = "all" if connect is None else connect[:end]
        if polyline is not self._polyline:
            super().setData(polyline[:end, 0], polyline[:end, 1], skipFiniteCheck=True, connect=joined)
            self._polyline = polyline
            self._bounds = (float(polyline[:, 0].min()), float(polyline[:, 0].max()),
                            float(polyline[:, 1].min()), float(polyline[:, 1].max()))
            self._end = end
            self._boundingRect = None
            return
        if end == self._end:
            return
        lo, hi = sorted((self._end, end))
        changed = polyline[lo - 1:hi]  # the segments that appear or disappear, with the point before them
        self._end = end
        # What PlotCurveItem.updateData resets, minus the geometry change (the bounds stay the whole path's).
        self.xData, self.yData = polyline[:end, 0], polyline[:end, 1]
        self.opts["connect"] = joined
        self._boundsCache = [None, None]
        self.path = None
        self.fillPath = None
        self._fillPathList = None
        self._mouseShape = None
        self._lineSegmentsRendered = False
        self.update(self._padded(changed))

    def setData(self, *args, **kwargs) -> None:
        self._polyline = None
        super().setData(*args, **kwargs)

    def _padded(self, points: np.ndarray) -> QRectF:
        x0, x1 = float(points[:, 0].min()), float(points[:, 0].max())
        y0, y1 = float(points[:, 1].min()), float(points[:, 1].max())
        px, py = self._pixel_size()
        return QRectF(x0 - px, y0 - py, x1 - x0 + 2 * px, y1 - y0 + 2 * py)

    def _pixel_size(self) -> tuple[float, float]:
        """Half the pen width plus a margin, in data units along x and y."""
        pen = self.opts["pen"]
        pixels = (pen.widthF() if pen is not None else 1.0) / 2 + EXTRA_PIXELS
        if self._pixel is None:  # pixelVectors costs ~20 µs, and every new race asks (7 paths)
            vx, vy = self.pixelVectors()
            if vx is None or vy is None:
                return 0.0, 0.0
            self._pixel = (vx.length(), vy.length())
        return self._pixel[0] * pixels, self._pixel[1] * pixels

    def boundingRect(self) -> QRectF:
        if self._polyline is None:
            return super().boundingRect()
        if self._boundingRect is None:
            xmin, xmax, ymin, ymax = self._bounds
            px, py = self._pixel_size()
            self._boundingRect = QRectF(xmin - px, ymin - py, xmax - xmin + 2 * px, ymax - ymin + 2 * py)
        return self._boundingRect


class ViewSizedCurve(pg.PlotCurveItem):
    """A curve whose bounding rect is its view's visible range: the view clips it there anyway, and its
    data bounds (nanmin/nanmax of both coordinates, pen padding in pixels) cost ~0.2 ms a curve each time
    its data change — seven loss curves re-set on every move of a slider. pyqtgraph announces a change of
    the range to every item (viewTransformChanged → prepareGeometryChange), so Qt never keeps a stale one.
    Outside a view (an exporter's copy) it is a plain PlotCurveItem."""

    def boundingRect(self) -> QRectF:
        view = self.getViewBox()
        if view is None or not hasattr(view, "viewRect"):
            return super().boundingRect()
        return view.viewRect()
