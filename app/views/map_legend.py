"""The landscape's legend: one row per shown run (its line sample and label) and, while ghosts are drawn,
a row saying what a ghost is. Inside the map, beside it in a theme that asks for that (``legend_outside``).
Only what changed is touched: a rebuilt row costs ~2 ms, and a slider drag would otherwise re-lay out
every row on every frame.

Inside the map it is compact (a smaller font than the axes, tight rows, a see-through background) and sits
where it hides least: ``place`` puts it at the corner or edge of the map that covers the fewest of the
points that matter (the runs' paths, the start, the minima). At the axes' font and a fixed top-right
corner it hid a third of a 1280×720 window's map, paths and start included.
"""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QSizePolicy

from app.themes import Theme

LEGEND_FONT_FRACTION = 0.7  # of the theme's axis font: 16 pt → 11 pt on a slide, 9 → 8 on screen
LEGEND_BACKGROUND_ALPHA = 200  # of 255: what lies under the legend still shows faintly
LEGEND_MARGIN = 6  # pixels between the legend and the map's edge
LEGEND_CLEARANCE = 8  # pixels a point keeps from the legend (a start marker or head is drawn around it)
# Where the legend may sit, as (x, y) fractions of the room the map leaves it: the corners first (they
# hide the least of a lesson's story, which is usually in the middle), then along the edges, then inside.
# Ties keep the earlier.
_FRACTIONS = (0, 0.25, 0.5, 0.75, 1)


def _spot_order(spot: tuple[float, float]) -> tuple:
    edges = sum(f in (0, 1) for f in spot)  # 2: a corner, 1: along an edge, 0: inside
    return -edges, -spot[0], spot[1]  # then right before left, top before bottom


LEGEND_SPOTS = tuple(sorted(((fx, fy) for fx in _FRACTIONS for fy in _FRACTIONS), key=_spot_order))


def legend_font_size(theme: Theme) -> int:
    return max(8, round(theme.font_size * LEGEND_FONT_FRACTION))


def covered_points(rect: QRectF, points: np.ndarray) -> int:
    """How many of ``points`` (N×2, view pixels) lie in ``rect`` (view pixels)."""
    if points.size == 0:
        return 0
    x, y = points[:, 0], points[:, 1]
    return int(np.count_nonzero((x >= rect.left()) & (x <= rect.right()) & (y >= rect.top()) & (y <= rect.bottom())))


def view_pixels(view_box: pg.ViewBox, points: np.ndarray, width: float | None = None) -> np.ndarray:
    """``points`` (N×2, data coordinates) in ``view_box``'s pixels (as wide as ``width`` if given), the
    finite ones only."""
    width = view_box.width() if width is None else width
    height = view_box.height()
    (xmin, xmax), (ymin, ymax) = view_box.viewRange()
    with np.errstate(invalid="ignore", over="ignore", divide="ignore"):
        pixels = np.column_stack(((points[:, 0] - xmin) / (xmax - xmin) * width,
                                  (ymax - points[:, 1]) / (ymax - ymin) * height))
    return pixels[np.isfinite(pixels).all(axis=1)]


def rect_points(rect: QRectF, step: float = 8.0) -> np.ndarray:
    """A grid of points every ``step`` pixels over ``rect``: an obstacle for best_spot (another legend)."""
    xs = np.arange(rect.left(), rect.right() + step, step)
    ys = np.arange(rect.top(), rect.bottom() + step, step)
    gx, gy = np.meshgrid(np.minimum(xs, rect.right()), np.minimum(ys, rect.bottom()))
    return np.column_stack((gx.ravel(), gy.ravel()))


def style_compact(legend: pg.LegendItem, theme: Theme) -> None:
    """A legend inside the map: the compact font, see-through background, thin frame."""
    legend.setLabelTextColor(theme.foreground)
    legend.setLabelTextSize(f"{legend_font_size(theme)}pt")
    background = QColor(theme.background).darker(105 if theme.name == "slide" else 80)
    background.setAlpha(LEGEND_BACKGROUND_ALPHA)
    legend.setBrush(pg.mkBrush(background))
    legend.setPen(pg.mkPen(theme.foreground, width=0.5))


class FittedLegend(pg.LegendItem):
    """A LegendItem as large as its layout's preferred size. pyqtgraph's sums each row's cells, so a
    label spanning two columns (the vectors' scale line) counted twice and the legend grew wider on
    every update, to 1000 px over a 190 px map."""

    def updateSize(self) -> None:  # noqa: N802 — pyqtgraph's name
        if self.size is not None:
            return
        hint = self.layout.effectiveSizeHint(Qt.SizeHint.PreferredSize)
        self.setGeometry(0, 0, hint.width(), hint.height())


class LaidOutLegend(pg.LegendItem):
    """A LegendItem placed by its parent's layout (the map's legend beside the map). pyqtgraph's updateSize,
    called by every addItem, sets its geometry at (0, 0): the legend sat unplaced over the axis and the map
    until the layout happened to run again. Here it keeps its place and asks the layout for a new one."""

    def updateSize(self) -> None:  # noqa: N802 — pyqtgraph's name
        place = self.pos()
        super().updateSize()
        if self.parentLayoutItem() is not None:
            self.setPos(place)
            self.updateGeometry()


def best_spot(width: float, height: float, legend_w: float, legend_h: float,
              points: np.ndarray) -> tuple[QRectF, int]:
    """The rectangle (view pixels) of the spot in LEGEND_SPOTS whose legend covers the fewest ``points``,
    and how many it covers. A legend wider or taller than the view fits no spot: its rectangle at the
    top left, and a count above every spot's (len(points) + 1), so callers treat it as crowded."""
    if legend_w + 2 * LEGEND_MARGIN > width or legend_h + 2 * LEGEND_MARGIN > height:
        return QRectF(LEGEND_MARGIN, LEGEND_MARGIN, legend_w, legend_h), len(points) + 1
    best, best_count = None, None
    for fx, fy in LEGEND_SPOTS:
        left = LEGEND_MARGIN + fx * (width - legend_w - 2 * LEGEND_MARGIN)
        top = LEGEND_MARGIN + fy * (height - legend_h - 2 * LEGEND_MARGIN)
        rect = QRectF(left, top, legend_w, legend_h)
        count = covered_points(rect.adjusted(-LEGEND_CLEARANCE, -LEGEND_CLEARANCE, LEGEND_CLEARANCE,
                                             LEGEND_CLEARANCE), points)
        if best_count is None or count < best_count:
            best, best_count = rect, count
            if count == 0:
                break
    return best, best_count


class MapLegend:
    def __init__(self, plot_item: pg.PlotItem, graphics: pg.GraphicsLayoutWidget):
        self.graphics = graphics
        self.inner = plot_item.addLegend(offset=(-8, 8))
        self.outer = LaidOutLegend()  # laid out beside the map when the theme asks
        self.ghost_sample = pg.PlotDataItem()  # the ghost row's line sample, never drawn on the map
        self._owner: pg.LegendItem | None = None  # the legend kept up to date (the other is empty)
        self._rows: list = []  # its rows now: (run index, text); the ghost row's index is len(samples)
        self.crowded = False  # no spot inside the map is free of paths: the legend is beside the map
        self._too_big_at: float | None = None  # crowded because too big: the map width it did not fit (see place)
        self._theme: Theme | None = None
        self._last_rows: tuple | None = None  # the last update's (samples, runs, ghost), to move the rows

    def in_use(self, theme: Theme) -> pg.LegendItem:
        return self.outer if theme.legend_outside or self.crowded else self.inner

    def update(self, theme: Theme, samples: list, runs: list[tuple[str, bool]], ghost: tuple[str, bool],
               texts: bool = True) -> bool:
        """Bring the legend in use to ``runs`` ((label, shown) per run, its line sample in ``samples``) and
        the ghost row (text, shown). ``texts=False`` only adds or removes rows and leaves changed labels
        as they are; returns True when such labels are left for a later call."""
        self._last_rows = (samples, runs, ghost)
        wanted = [(i, name) for i, (name, shown) in enumerate([*runs, ghost]) if shown]
        legend = self.in_use(theme)
        if legend is not self._owner:  # the theme moved the legend: empty the other one
            if self._owner is not None:
                self._owner.clear()
            self._owner, self._rows = legend, []
        rows = self._rows
        if rows == wanted:
            return False
        ghost_index = len(samples)
        runs_now = [r for r in rows if r[0] != ghost_index]
        runs_wanted = [w for w in wanted if w[0] != ghost_index]
        if [i for i, _ in runs_now] != [i for i, _ in runs_wanted]:  # rows come or go: rebuild
            legend.clear()
            for i, name in wanted:
                legend.addItem(self.ghost_sample if i == ghost_index else samples[i], name)
            self._rows = list(wanted)
            return False
        if len(runs_now) != len(rows) and len(runs_wanted) == len(wanted):  # the ghost row goes
            legend.removeItem(self.ghost_sample)
        elif len(runs_now) == len(rows) and len(runs_wanted) != len(wanted):  # the ghost row comes
            legend.addItem(self.ghost_sample, ghost[0])
        kept, later = runs_now, False
        if texts:
            for (_sample, label), (_i, name) in zip(legend.items, runs_wanted, strict=False):
                if label.text != name:
                    label.setText(name)
            kept = runs_wanted
        else:
            later = runs_now != runs_wanted
        self._rows = kept + [w for w in wanted if w[0] == ghost_index]
        return later

    def place(self, view_box: pg.ViewBox, points: np.ndarray, again: bool = True) -> None:
        """Put the inner legend where it covers none of ``points`` (N×2, data coordinates: the paths, the
        start, the minima) in ``view_box``'s current range; where every spot covers some, beside the map."""
        theme = self._theme
        if theme is None or theme.legend_outside or self._last_rows is None:
            return
        legend = self.outer if self.crowded else self.inner
        width, height = view_box.width(), view_box.height()
        if self.crowded:  # the map would be this much wider with the legend back inside
            width += self.outer.width() + self.graphics.ci.layout.horizontalSpacing()
        if not legend.items or width < 2 or height < 2:
            return
        legend.updateSize()
        size = legend.boundingRect()
        pixels = view_pixels(view_box, points, width)
        rect, covered = best_spot(width, height, size.width(), size.height(), pixels)
        if self.crowded and self._too_big_at is not None:
            # It went beside the map because it did not fit the map (best_spot): it comes back only once the
            # map is wider than it was then. The width here is an estimate (the map's now plus the legend
            # beside it), which can exceed the width the map gets back; without this the legend flipped in
            # and out for ever (a stack overflow, in an export's small view).
            if self._too_big_at < 0:
                self._too_big_at = width
            if width <= self._too_big_at:
                covered = max(covered, 1)
        if (covered > 0) != self.crowded:
            self.crowded = covered > 0
            self._too_big_at = -1.0 if covered > len(pixels) else None  # -1: taken at the next placing
            self._lay_out(theme)
            self.update(theme, *self._last_rows)
            if again:  # the map is wider or narrower now: place once more in its new size
                self.graphics.ci.layout.activate()
                self.place(view_box, points, again=False)
                return
        if not self.crowded:
            self.inner.anchor(itemPos=(0, 0), parentPos=(0, 0), offset=(rect.left(), rect.top()))

    def set_theme(self, theme: Theme) -> None:
        """Colours, font and place; both legends are emptied (the next update re-adds the rows in the new
        style)."""
        for legend in (self.inner, self.outer):
            style_compact(legend, theme)
        self._theme = theme
        self._lay_out(theme)
        ghost = QColor(theme.foreground)
        ghost.setAlpha(theme.ghost_alpha + 60)
        self.ghost_sample.setPen(pg.mkPen(ghost, width=max(theme.path_width * 2, 3)))
        for legend in (self.inner, self.outer):
            legend.clear()
        self._owner, self._rows = None, []

    def _lay_out(self, theme: Theme) -> None:
        """Show the legend in use and lay the outer one out beside the map when it is in use."""
        outside = theme.legend_outside or self.crowded
        self.inner.setVisible(not outside)
        in_layout = self.outer in self.graphics.ci.items
        if outside and not in_layout:
            self.graphics.addItem(self.outer, row=0, col=2)
            # As tall as its rows, at the top: stretched to the map's height, the rows drift apart and
            # each label floats away from its line sample.
            self.outer.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Maximum)
            self.graphics.ci.layout.setAlignment(self.outer, Qt.AlignmentFlag.AlignTop)
        elif not outside and in_layout:
            self.graphics.ci.removeItem(self.outer)
        self.outer.setVisible(outside)
