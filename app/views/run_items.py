"""The landscape's items for each run and for where runs stopped, made and styled here so the view only
decides what they show.

- ``make_run_items``: a run's ghost (the reference run, drawn whole and faint; on screen the plot's
  ScreenLayer paints all ghosts as one image, app.views.screen_layer), its path
  (a RevealedCurve: playback repaints only the newly revealed segments) and its head (a dot that keeps its
  size at any zoom).
- ``style_run_items``: colour by optimizer kind, shade and dash by the run's place among runs of its kind
  (app.views.common.run_styles); later runs of a kind are stacked above, so a run exactly on another leaves
  gaps through which the one below shows.
- :class:`RunExits`: a cross in the run's colour at the last finite point of each run that stopped
  (diverged or left the domain), re-set only when they change.
"""

from __future__ import annotations

import pyqtgraph as pg
from PySide6.QtCore import QRectF
from PySide6.QtGui import QBrush, QColor, QPen
from PySide6.QtWidgets import QGraphicsEllipseItem, QGraphicsItem

from app.themes import Theme
from app.views.common import path_pens, run_styles
from app.views.revealed_curve import RevealedCurve
from app.views.screen_layer import GhostCurve

CACHED = QGraphicsItem.CacheMode.DeviceCoordinateCache


def make_run_items(plot_item: pg.PlotItem) -> tuple[GhostCurve, RevealedCurve, QGraphicsEllipseItem]:
    """(ghost, path, head) of one run, added to ``plot_item`` (the caller adds the ghost to its layer)."""
    ghost = GhostCurve()
    ghost.setZValue(1)
    path = RevealedCurve()
    path.setZValue(10)
    head = QGraphicsEllipseItem()
    head.setFlag(QGraphicsItem.GraphicsItemFlag.ItemIgnoresTransformations)
    head.setZValue(20)
    plot_item.addItem(ghost)
    plot_item.addItem(path)
    plot_item.addItem(head, ignoreBounds=True)
    return ghost, path, head


def style_run_items(theme: Theme, specs: list, i: int, ghost, path, head):
    """Style run ``i`` of ``specs``'s items; returns its RunStyle (None beyond ``specs``)."""
    style = run_styles(theme, specs)[i] if i < len(specs) else None
    color = QColor(style.color if style is not None else theme.color(i))
    path_pen, ghost_pen = path_pens(theme, i, specs)
    path.setZValue(10 + (style.variant if style is not None else 0) * 0.01 + i * 1e-4)
    path.setPen(path_pen)
    path.opts["antialias"] = theme.antialias  # PlotCurveItem reads it at paint time
    ghost.setPen(ghost_pen)
    r = theme.head_size / 2
    head.setRect(QRectF(-r, -r, 2 * r, 2 * r))
    head.setBrush(QBrush(color))
    head.setPen(QPen(QColor(theme.background), 1.5))
    return style


class RunExits:
    def __init__(self, plot_item: pg.PlotItem):
        self.item = pg.ScatterPlotItem(symbol="x", size=16)
        self.item.setZValue(25)
        self.item.hide()  # until a run stops: an empty scatter item still costs a paint on every frame
        plot_item.addItem(self.item, ignoreBounds=True)
        self._key: tuple | None = None  # what the crosses show now

    @staticmethod
    def points(race, entries, rows, step: int) -> list[tuple[int, float, float]]:
        """(run, x, y) of every enabled run of ``race`` that has stopped by ``step`` (``rows``: its paths)."""
        if race is None:
            return []
        out = []
        for i, d in enumerate(race.effective.diverged_at[:len(entries)]):
            if d >= 0 and step >= d and entries[i].enabled:
                x, y = rows[i][max(int(d), 1) - 1]
                out.append((i, float(x), float(y)))
        return out

    def show(self, exits: list[tuple[int, float, float]], styles: list, theme: Theme) -> None:
        key = (tuple(exits), tuple(styles), theme)
        if key == self._key:
            return
        self._key = key
        width = max(2.0, theme.path_width)
        spots = [{"pos": (x, y), "pen": pg.mkPen(styles[i].color if i < len(styles) and styles[i] else
                                                 theme.foreground, width=width), "brush": None}
                 for i, x, y in exits]
        self.item.setData(spots, size=theme.head_size * 1.4)
        self.item.setVisible(bool(spots))
