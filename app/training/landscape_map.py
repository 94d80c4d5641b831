"""The drawing of a loss slice through parameter space: the loss as colours with contours and a colour bar,
the projected paths of runs A and B with a head each, and the origin marker of planes centred on a point.

Used by the Training tab's landscape view and by ``losslab landscape -o slice.png|svg|mp4`` (drawn off
screen), so the command line writes the picture the panel shows. The colour transform (log10 of the loss
when it spans a decade or more), contours and colour-bar ticks are the race view's
(``app.views.surface_map``).
"""

from __future__ import annotations

import math

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QEvent, QObject, QRectF, QTimer
from PySide6.QtWidgets import QSizePolicy

from app.i18n import retranslate_pyqtgraph
from app.training.controls import COLOURS
from app.views.plot_item import add_plot_item
from app.views.surface_map import SurfaceMap, color_values, colour_bar_ticks, contour_segments

N_LEVELS = 12
MAP_COLOURS = ("#0b1320", "#1b2a3d", "#2f4259", "#4a5d75", "#6c7e93", "#94a2b4")
RUNS = ("a", "b")


class LandscapeMap(pg.GraphicsLayoutWidget):
    """A slice and the paths on it. ``show_slice(slice)`` draws a ``core.training.landscape.Slice``;
    ``show_path(run, coords)`` a run's projected (α, β) points (empty: none). Public: ``plot_item``,
    ``image``, ``colorbar``, ``contours``, ``path_curves``, ``heads``, ``origin_marker``, ``surface_map``,
    ``slice``."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.slice = None
        self.surface_map: SurfaceMap | None = None
        self._log_colours = False
        self.plot_item: pg.PlotItem = add_plot_item(self, 0, 0)
        self.plot_item.hideButtons()
        self.image = pg.ImageItem(axisOrder="row-major")
        self.image.setZValue(-20)
        self.plot_item.addItem(self.image)
        cmap = pg.ColorMap(np.linspace(0, 1, len(MAP_COLOURS)), [pg.mkColor(c) for c in MAP_COLOURS])
        self.colorbar = pg.ColorBarItem(values=(0, 1), width=14, interactive=False, colorMap=cmap,
                                        colorMapMenu=False)
        self.colorbar.setImageItem(self.image)
        self.colorbar.axis.enableAutoSIPrefix(False)
        self.addItem(self.colorbar, row=0, col=1)
        self.contours = pg.PlotCurveItem(connect="pairs", pen=pg.mkPen("#ffffff38"))
        self.contours.setZValue(-10)
        self.plot_item.addItem(self.contours)
        # A wider, under B: where the twins' paths coincide (SGD's loss × s vs lr × s) both stay visible
        self.path_curves = {run: pg.PlotCurveItem(pen=pg.mkPen(COLOURS[run], width=5 if run == "a" else 2))
                            for run in RUNS}
        self.heads = {run: pg.ScatterPlotItem(size=15 if run == "a" else 9, brush=pg.mkBrush(COLOURS[run]),
                                              pen=pg.mkPen("w")) for run in RUNS}
        for run in RUNS:
            self.plot_item.addItem(self.path_curves[run])
            self.plot_item.addItem(self.heads[run])
        self.origin_marker = pg.ScatterPlotItem(symbol="+", size=12, pen=pg.mkPen("w"))
        self.plot_item.addItem(self.origin_marker)
        # before the first slice: a plain note on an empty plot (its default range read "±500 (x0.001)")
        self.empty_note = pg.TextItem(anchor=(0.5, 0.5), color="#a0a0a0")
        self.plot_item.addItem(self.empty_note, ignoreBounds=True)
        self._show_empty(True)
        self.retranslate()

    def _show_empty(self, empty: bool) -> None:
        self.empty_note.setVisible(empty)
        self.colorbar.setVisible(not empty)
        for name in ("left", "bottom"):
            self.plot_item.getAxis(name).setStyle(showValues=not empty)
        if empty:
            self.plot_item.setRange(xRange=(-1, 1), yRange=(-1, 1), padding=0)
            self.empty_note.setPos(0, 0)

    def retranslate(self) -> None:
        self.plot_item.setLabel("bottom", self.tr("α (direction 1)"))
        self.plot_item.setLabel("left", self.tr("β (direction 2)"))
        self.empty_note.setText(self.tr("not computed yet"))
        self.colorbar.axis.setLabel(self.tr("training loss (log scale)") if self._log_colours
                                    else self.tr("training loss"))
        retranslate_pyqtgraph(self.scene())

    def changeEvent(self, event) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def show_slice(self, sl) -> None:
        """Colours, contours and colour bar of slice ``sl``; the view fitted to its extent."""
        self.slice = sl
        self._show_empty(False)
        finite = sl.loss[np.isfinite(sl.loss)]
        if finite.size and finite.min() > 0 and finite.max() >= 10 * finite.min():  # decades: log10(loss)
            color, log, offset = np.log10(np.where(np.isfinite(sl.loss), sl.loss, finite.max())), True, 0.0
        else:
            color, log, offset = color_values(sl.loss, False)
        lo, hi = float(color.min()), float(color.max())
        if hi <= lo:
            hi = lo + 1.0
        levels = np.linspace(lo, hi, N_LEVELS + 2)[1:-1]
        segments = contour_segments(color, levels, sl.alphas, sl.betas)
        a0, a1, b0, b1 = sl.extent
        self.surface_map = SurfaceMap((a0, a1, b0, b1), color, log, offset, levels, segments)
        self.image.setImage(color, autoLevels=False, levels=(lo, hi))
        self.image.setRect(QRectF(a0, b0, a1 - a0, b1 - b0))
        self.colorbar.setLevels((lo, hi))
        ticks = colour_bar_ticks(self.surface_map, lo, hi)
        self._log_colours = log
        self.retranslate()
        self.colorbar.axis.setTicks(None if ticks is None else [ticks, []])
        if segments.size:
            self.contours.setData(segments[:, 0], segments[:, 1])
        else:
            self.contours.setData([], [])
        self.plot_item.setRange(xRange=(a0, a1), yRange=(b0, b1), padding=0)

    def show_path(self, run: str, coords) -> None:
        """Run ``run``'s projected points (n, 2) as a line with a head at the last one; empty clears it."""
        coords = np.asarray(coords, dtype=float).reshape(-1, 2)
        self.path_curves[run].setData(coords[:, 0], coords[:, 1])
        self.heads[run].setData(pos=coords[-1:])

    def show_origin(self, shown: bool) -> None:
        """The + at (0, 0): the plane's centre point (a PCA plane is centred on the paths' mean instead)."""
        self.origin_marker.setData(pos=np.zeros((1 if shown else 0, 2)))

    def loss_at(self, alpha: float, beta: float) -> tuple[float, float, float] | None:
        """(α, β, loss) of the grid point nearest (alpha, beta), or None outside the slice."""
        sl = self.slice
        if sl is None:
            return None
        a0, a1, b0, b1 = sl.extent
        if not (a0 <= alpha <= a1 and b0 <= beta <= b1):
            return None
        i = int(round((alpha - a0) / (a1 - a0) * (len(sl.alphas) - 1)))
        j = int(round((beta - b0) / (b1 - b0) * (len(sl.betas) - 1)))
        return float(sl.alphas[i]), float(sl.betas[j]), float(sl.loss[j, i])


ANIMATION_MS = 40
ANIMATION_FRAMES = 75  # a path is revealed over ~3 s


def revealed(frame: int, total: int, frames: int = ANIMATION_FRAMES) -> int:
    """How many of a path's ``total`` points frame ``frame`` (1 .. ``frames``) of the animation shows."""
    return max(1, min(total, math.ceil(total * frame / frames)))


class PathAnimation(QObject):
    """Reveals paths of ``total()`` points over ANIMATION_FRAMES frames, ANIMATION_MS apart, calling
    ``show(upto)`` at each; ``start()`` restarts it, ``stop()`` ends it."""

    def __init__(self, total, show, parent=None):
        super().__init__(parent)
        self._total, self._show, self._frame = total, show, 0
        self._timer = QTimer(self)
        self._timer.setInterval(ANIMATION_MS)
        self._timer.timeout.connect(self._next)

    def start(self) -> None:
        self._frame = 0
        self._timer.start()

    def stop(self) -> None:
        self._timer.stop()

    def _next(self) -> None:
        total = self._total()
        if total is None:
            self._timer.stop()
            return
        self._frame += 1
        upto = revealed(self._frame, total)
        self._show(upto)
        if upto >= total:
            self._timer.stop()
