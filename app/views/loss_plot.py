"""Loss versus step for every optimizer (log y when every loss is positive), in the landscape's colours,
with the ghosts faint and a line at the current step. The whole curves are drawn once per race; playback
only moves the step line (the map is where the race is revealed), so a frame costs one setPos.

Speed (a slider drag recomputes the race ~60 times a second):
- the curves are bare PlotCurveItems holding log10(loss) themselves (a PlotDataItem re-derives its log
  data, bounds and children on every setData), sized to the view (app.views.revealed_curve.ViewSizedCurve:
  no data bounds computed on every setData);
- the ghosts do not change while the global lr factor or loss scale moves (the model hands over the same
  reference runs), so they are re-set only when they really change, and stay in their layer's cached
  image (app.views.screen_layer: one picture for all ghosts);
- the y range snaps outward to half decades (log) or round steps (linear): while the curves move inside
  it, the axes, grid and cached ghosts are not redrawn at all;
- more points than ~2 per pixel are thinned to each bucket's min and max (the look of a dense line);
- during playback (only the step line moves) the curves are painted from pixmap caches too; while races
  keep coming (a drag) they are stroked directly, which is cheaper than re-rendering a cache each time.

Readable axes (issue 15, item 8): the y range comes from the runs that did not diverge (and the start of
those that did), so a run blowing up to 1e15 is an ✕ marker at its last finite point (pinned to the top
edge when that point is above it), never an axis rescale; pyqtgraph's SI multiplier ("(x1e+15)") is off;
an exact 0 loss does not switch the axis to linear: it is drawn at a floor one decade below the smallest
positive loss (at most 30 decades under the largest) and a note says so; only a negative loss makes the
axis linear. Log tick labels are thinned (decades, then 1-2-5, 1-3 or 1 per decade) so they never overlap.
"""

from __future__ import annotations

import math

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QT_TRANSLATE_NOOP, QTimer
from PySide6.QtGui import QFont, QFontMetrics
from PySide6.QtWidgets import QGraphicsItem

from app.i18n import is_language_change, retranslate_pyqtgraph
from app.model import Race, SceneModel
from app.themes import DARK, Theme
from app.views.axis_title import FittedAxisTitle
from app.views.common import path_pens, repaint_in_one_rect, revealed_end, style_axes
from app.views.decimation import decimate_xy, same_cell, wide_pen_cell
from app.views.loss_range import (  # noqa: F401 — thin, snapped_range, MAX_POINTS are imported from here too
    LOG_FLOOR,
    MAX_POINTS,
    floor_and_range,
    off_range_points,
    range_losses,
    snapped_range,
    thin,
)
from app.views.plot_item import SteadyTitleAxis, new_plot_item
from app.views.revealed_curve import ViewSizedCurve
from app.views.screen_layer import GhostCurve, ScreenLayer

LABEL_GAP = 1.4  # log tick labels at least this many font heights apart
GHOST_DELAY_MS = 150  # while races keep coming (a drag), ghosts are shown or hidden at most this often
MARKER_ROOM = 0.12  # of the y span added above (or below) the range where a marker is pinned, so it shows whole
# The y axis's titles, shown through translate(), longest first: the first that fits along the axis is shown.
LOG_LABELS = (QT_TRANSLATE_NOOP("LossPlot", "loss f(θ)  (log)"), QT_TRANSLATE_NOOP("LossPlot", "loss (log)"),
              QT_TRANSLATE_NOOP("LossPlot", "loss"))
LINEAR_LABELS = (QT_TRANSLATE_NOOP("LossPlot", "loss f(θ)"), QT_TRANSLATE_NOOP("LossPlot", "loss"))
CACHED = QGraphicsItem.CacheMode.DeviceCoordinateCache


class LogLossAxis(SteadyTitleAxis):
    """A left axis whose log-mode labels never overlap: decades (every k-th when many), and within fewer
    decades the mantissas 1-9, 1-2-5, 1-3 or 1 — the densest set whose labels stay LABEL_GAP apart."""

    def logTickValues(self, minVal, maxVal, size, stdTicks):  # noqa: N802 — pyqtgraph's name
        span = maxVal - minVal
        if not (span > 0 and size > 0 and math.isfinite(span)):
            return []
        per_decade = size / span
        gap = LABEL_GAP * QFontMetrics(self.style.get("tickFont") or QFont()).height()
        first, last = math.floor(minVal), math.ceil(maxVal)
        every = max(1, math.ceil(gap / per_decade))
        decades = [float(v) for v in range(first, last + 1) if minVal <= v <= maxVal and v % every == 0]
        ticks = [(float(every), decades)]
        if every > 1:
            return ticks
        for mantissas in ((2, 3, 4, 5, 6, 7, 8, 9), (2, 5), (3,), ()):
            marks = (1, *mantissas, 10)
            closest = min(math.log10(b / a) for a, b in zip(marks, marks[1:], strict=False))
            if closest * per_decade >= gap:
                break
        minor = [v + math.log10(m) for v in range(first, last) for m in mantissas]
        minor = [x for x in minor if minVal <= x <= maxVal]
        if minor:
            ticks.append((None, minor))
        return ticks


def marker_positions(markers: pg.ScatterPlotItem) -> list[tuple[float, float]]:
    """Where a plot's markers sit, (step, y) in the plot's coordinates: LossPlot's ✕ at a diverged run's
    last finite point (``divergence``) and ▼/▲ where a run set aside on a linear axis leaves the range
    (``off_range``)."""
    x, y = markers.getData()
    return list(zip(map(float, x), map(float, y), strict=True))


class LossPlot(pg.PlotWidget):
    def __init__(self, model: SceneModel, parent=None):
        super().__init__(parent, plotItem=new_plot_item(left=LogLossAxis("left")))
        repaint_in_one_rect(self)
        self.model = model
        self.theme: Theme = DARK
        self.plot_item: pg.PlotItem = self.getPlotItem()
        self.plot_item.hideButtons()
        self.plot_item.disableAutoRange()  # ranges are set per race, never from the items' bounds
        self.log_y = True  # until a race shows a loss ≤ 0
        self.plot_item.getAxis("left").setLogMode(True)
        for name in ("left", "bottom"):  # no "(x1e+15)" multiplier, ever; drawn from a cache
            self.plot_item.getAxis(name).enableAutoSIPrefix(False)
            self.plot_item.getAxis(name).setCacheMode(CACHED)
        self.plot_item.showGrid(x=False, y=True, alpha=0.2)
        self.left_title = FittedAxisTitle(self.plot_item, "left")
        self.floor = LOG_FLOOR  # where an exact 0 is drawn on the log axis (set per race)
        self.divergence = pg.ScatterPlotItem(symbol="x", size=14, pxMode=True)
        self.divergence.setZValue(40)
        self.divergence.hide()  # until a run diverges
        self._marked: list | None = None  # (step, y, colour) of the markers shown
        self.plot_item.addItem(self.divergence, ignoreBounds=True)
        # Markers where a run set aside on a linear axis (linear_outliers) leaves the range, pinned to its edge.
        self.off_range = pg.ScatterPlotItem(size=13, pxMode=True)
        self.off_range.setZValue(40)
        self.off_range.hide()
        self.plot_item.addItem(self.off_range, ignoreBounds=True)
        self._outliers: set[int] = set()
        # The zero-floor note is the step axis' title's second half: below the curves, never over them (as a
        # text at the floor it was drawn over the runs that reached 0, and the plot has no free corner).
        self._floor_noted: float | None = None  # the floor the step axis' title states (None: no note)
        self.curves: list[pg.PlotCurveItem] = []
        self.ghosts: list[pg.PlotCurveItem] = []  # GhostCurves, painted on screen as one image by their layer
        self.ghost_layer = ScreenLayer()
        self.ghost_layer.setZValue(1)
        self.plot_item.addItem(self.ghost_layer, ignoreBounds=True)
        self.ghosts_shown = True  # app.settings: the View menu's "Show ghosts"
        self.step_line = pg.InfiniteLine(pos=0, angle=90, movable=False)
        self.step_line.setZValue(50)
        self.plot_item.addItem(self.step_line, ignoreBounds=True)
        self._race: Race | None = None
        self._ghost_source: list = []  # per ghost: the (reference Trajectories, log mode) it shows
        self._range: tuple | None = None
        self._steps: np.ndarray = np.arange(1)
        self._enabled: tuple = ()
        self._curves_cached = False
        # While a slider moves, the ghosts are shown or hidden (at 1× they are the runs) at most ~7 times a
        # second: re-showing them re-renders their caches (~3 ms a frame on a drag through 1×).
        self._ghost_timer = QTimer(self)
        self._ghost_timer.setSingleShot(True)
        self._ghost_timer.setInterval(GHOST_DELAY_MS)
        self._ghost_timer.timeout.connect(self._show_ghosts)
        model.trajectoriesChanged.connect(self._on_race)
        model.stepChanged.connect(self.reveal)
        model.sceneChanged.connect(self._on_scene)
        self._drawn_cell = None  # the decimation cell the curves were drawn with (None: whole)
        self._redecimate = QTimer(self, singleShot=True, interval=0)  # after a zoom, pan or resize settles
        self._redecimate.timeout.connect(self._redecimate_if_stale)
        for signal in (self.plot_item.getViewBox().sigResized, self.plot_item.getViewBox().sigRangeChanged):
            signal.connect(self._redecimate.start)
        self.set_theme(DARK)
        self.retranslate()
        if model.race is not None:
            self._on_race(model.race)

    def _label_axes(self) -> None:
        self.plot_item.setLabel("bottom", self.floor_note_text() or self.tr("step"))
        self.left_title.set_texts([self.tr(text) for text in (LOG_LABELS if self.log_y else LINEAR_LABELS)])

    def retranslate(self) -> None:
        """Axis titles, the zero-floor note and pyqtgraph's menus in the interface language."""
        self._label_axes()
        retranslate_pyqtgraph(self.scene())

    def changeEvent(self, event) -> None:  # noqa: N802 — Qt's name
        if is_language_change(event):
            self.retranslate()
        super().changeEvent(event)

    def _on_scene(self, scene) -> None:
        if not self._ghost_timer.isActive():
            self._ghost_timer.start()
        if tuple(entry.spec.kind for entry in scene.optimizers) != getattr(self, "_styled_kinds", None):
            self._style()
            if self._race is not None:
                self._mark_divergence(self._race)
        self._show_enabled(scene)
        self.reveal(scene.step)

    def _ensure_items(self, count: int) -> None:
        if len(self.curves) == count:
            return
        while len(self.curves) < count:
            ghost, curve = GhostCurve(skipFiniteCheck=True), ViewSizedCurve(skipFiniteCheck=True)
            ghost.setZValue(1)
            curve.setZValue(10)
            self.ghost_layer.add(ghost)  # thick and faint, slow to stroke: painted from the layer's image
            curve.setCacheMode(CACHED if self._curves_cached else QGraphicsItem.CacheMode.NoCache)
            self.plot_item.addItem(ghost)
            self.plot_item.addItem(curve)
            self.ghosts.append(ghost)
            self.curves.append(curve)
            self._ghost_source.append(None)
        while len(self.curves) > count:
            self.ghost_layer.remove(self.ghosts[-1])
            self.plot_item.removeItem(self.curves.pop())
            self.plot_item.removeItem(self.ghosts.pop())
            self._ghost_source.pop()
        self._style()

    def _specs(self) -> list:
        return [entry.spec for entry in self.model.scene.optimizers]

    def _style(self) -> None:
        """The map's colours: by optimizer kind, shade and dash within a kind (app.views.common)."""
        t = self.theme
        specs = self._specs()
        self._styled_kinds = tuple(spec.kind for spec in specs)
        for i, (curve, ghost) in enumerate(zip(self.curves, self.ghosts, strict=True)):
            curve_pen, ghost_pen = path_pens(t, i, specs)
            curve.setPen(curve_pen)
            ghost.setPen(ghost_pen)
        self.ghost_layer.changed()  # new pens: the ghosts' image is redrawn

    def _display(self, loss: np.ndarray) -> np.ndarray:
        """What the y axis shows: log10 of the loss in log mode, the loss itself otherwise."""
        return np.log10(np.maximum(loss, self.floor)) if self.log_y else loss

    def _on_race(self, race: Race) -> None:
        self._race = race
        self._ensure_items(race.effective.loss.shape[0])
        eff, ref = race.effective.loss, race.reference.loss
        with np.errstate(invalid="ignore"):
            log_y = not bool((eff < 0).any() or (ref < 0).any())  # an exact 0 stays on the log axis
        if log_y != self.log_y:
            self.log_y = log_y
            self.plot_item.getAxis("left").setLogMode(log_y)
            self._label_axes()
        if self._steps.shape[0] != race.steps + 1:
            self._steps = np.arange(race.steps + 1, dtype=np.float64)
        self._set_range(race)
        self._draw_curves(race)
        self._mark_divergence(race)
        self._show_enabled(self.model.scene)
        if not self._ghost_timer.isActive():  # else the timer does it (a drag): at 1× a ghost is its run
            self._show_ghosts()
        self.reveal(self.model.step)

    def _shown_rows(self, race: Race) -> list[int]:
        n = race.effective.loss.shape[0]
        return [i for i, e in enumerate(self.model.scene.optimizers) if e.enabled and i < n] or list(range(n))

    def _set_range(self, race: Race) -> None:
        """The y range from what stays finite: whole runs that did not diverge, the first point of those
        that did (their blow-up is a marker, not a rescale); on a linear axis without the runs that would
        squeeze the others flat (linear_outliers). Room is left at the edge where markers are pinned."""
        shown = self._shown_rows(race)
        losses, self._outliers = range_losses((race.effective, race.reference), shown, self.log_y)
        floor, lo, hi, clamped = floor_and_range(losses, self.log_y)
        self.floor = floor
        if not (math.isfinite(lo) and math.isfinite(hi)):
            lo, hi = 0.0, 1.0
        x_hi = max(race.steps, 1)
        lo, hi = snapped_range(lo, hi, self.log_y)
        # a ✕ (a diverged run) or ▲ (a run set aside above) is pinned at the top
        marks_at_top = bool(self._outliers) or any(int(race.effective.diverged_at[i]) >= 0 for i in shown)
        room_top = MARKER_ROOM * (hi - lo) if marks_at_top else 0.0
        room_bottom = MARKER_ROOM * (hi - lo) if self._outliers else 0.0
        wanted = (x_hi, lo, hi, room_bottom, room_top)
        self._show_floor_note(self.log_y and clamped)
        if wanted == self._range:
            return  # the same view: axes, grid and cached curves stay as they are
        self._range = wanted
        self.plot_item.setRange(xRange=(0, x_hi), yRange=(lo - room_bottom, hi + room_top), padding=0.02)

    def _show_floor_note(self, shown: bool) -> None:
        noted = self.floor if shown else None
        if noted != self._floor_noted:  # relabelling re-lays out the axis: only when the note changes
            self._floor_noted = noted
            self._label_axes()

    def floor_note_text(self) -> str:
        """The step axis' title when a loss is drawn at the floor (it says where), else ""."""
        if self._floor_noted is None:
            return ""
        return self.tr("step — loss ≤ {floor} drawn at {floor}").format(floor=f"{self._floor_noted:.0e}")

    def _mark_divergence(self, race: Race) -> None:
        """An ✕ in the run's colour at each diverged run's last finite point (pinned inside the range)."""
        spots = []
        top = self._range[2] if self._range else None
        for i in self._shown_rows(race):
            diverged = int(race.effective.diverged_at[i])
            if diverged < 0:
                continue
            end = revealed_end(race.effective, i, race.steps) - 1
            y = float(self._display(race.effective.loss[i, end:end + 1])[0])
            if not math.isfinite(y) or (top is not None and y > top):
                y = top if top is not None else 0.0
            color = path_pens(self.theme, i, self._specs())[0].color()  # the run's own colour, as its curve
            spots.append((end, y, color, ""))
        # Re-set only when the markers move: a ScatterPlotItem's setData (even an empty one) re-derives
        # its bounds and repaints, ~1 ms of every frame of a slider drag; an empty one is hidden, not painted.
        if self._outliers and self._range is not None:
            lo, hi = self._range[1:3]
            spots += [(step, y, path_pens(self.theme, i, self._specs())[0].color(), symbol)
                      for i, step, y, symbol in off_range_points(race.effective.loss, self._outliers, lo, hi)]
        if spots == self._marked:
            return
        self._marked = spots
        self.off_range.setData([{"pos": (x, y), "symbol": symbol, "pen": pg.mkPen(color, width=2),
                                 "brush": pg.mkBrush(color)} for x, y, color, symbol in spots if symbol])
        self.off_range.setVisible(any(symbol for *_rest, symbol in spots))
        spots = [spot for spot in spots if not spot[3]]
        self.divergence.setData([{"pos": (x, y), "pen": pg.mkPen(color, width=3), "brush": pg.mkBrush(color)}
                                 for x, y, color, _symbol in spots])
        self.divergence.setVisible(bool(spots))

    def _cache_curves(self, cached: bool) -> None:
        if cached != self._curves_cached:
            self._curves_cached = cached
            for curve in self.curves:
                curve.setCacheMode(CACHED if cached else QGraphicsItem.CacheMode.NoCache)

    def _draw_curves(self, race: Race) -> None:
        self._cache_curves(False)
        cell = self._drawn_cell = wide_pen_cell(self.theme, self.plot_item.getViewBox())
        for i, curve in enumerate(self.curves):
            end = revealed_end(race.effective, i, race.steps)
            curve.setData(*decimate_xy(*thin(self._steps[:end], self._display(race.effective.loss[i, :end])), cell))
        for i, ghost in enumerate(self.ghosts):
            shown = self._ghost_source[i]
            if shown is not None and shown[0] is race.reference and shown[1] == (self.log_y, self.floor):
                continue  # unchanged (only a global factor moved): keep the cached picture
            self._ghost_source[i] = (race.reference, (self.log_y, self.floor))
            end = revealed_end(race.reference, i, race.steps)
            ghost.setData(*thin(self._steps[:end], self._display(race.reference.loss[i, :end])))

    def _redecimate_if_stale(self) -> None:
        """The curves decimated again when the plot's zoom or size made their cell another size."""
        cell = wide_pen_cell(self.theme, self.plot_item.getViewBox())
        if self._race is not None and cell is not None and not same_cell(cell, self._drawn_cell):
            self._draw_curves(self._race)

    def _show_enabled(self, scene) -> None:
        entries = scene.optimizers
        enabled = tuple(i < len(entries) and entries[i].enabled for i in range(len(self.curves)))
        if enabled == self._enabled:
            return
        self._enabled = enabled
        drawn = self._ghosts_drawn()
        for curve, ghost, visible in zip(self.curves, self.ghosts, enabled, strict=True):
            curve.setVisible(visible)
            ghost.setVisible(visible and drawn)
        if self._race is not None:
            self._mark_divergence(self._race)

    def withhold(self, withheld: bool) -> None:
        """Hide everything inside the axes (curves, ghosts, markers, step line) while a lesson's question
        waits for the class's prediction: the whole curves, drawn from the start, gave the answer away."""
        self.plot_item.getViewBox().childGroup.setVisible(not withheld)  # the items keep their own visibility

    def reveal(self, step: int) -> None:
        if self.step_line.value() != step:
            self.step_line.setPos(step)
            self._cache_curves(True)

    def _ghosts_drawn(self) -> bool:
        """As on the map: ghosts are drawn when shown (settings) and when they differ from the runs at all
        (with both global factors at 1 every ghost is its own run, and the model hands over one object)."""
        race = self._race
        return self.ghosts_shown and race is not None and race.reference is not race.effective

    def _show_ghosts(self) -> None:
        drawn = self._ghosts_drawn()
        for curve, ghost in zip(self.curves, self.ghosts, strict=True):
            visible = curve.isVisible() and drawn
            if ghost.isVisible() != visible:
                ghost.setVisible(visible)

    def set_ghosts_shown(self, shown: bool) -> None:
        """Draw the faint reference runs or not (the curves stay)."""
        self.ghosts_shown = bool(shown)
        self._show_ghosts()

    def set_theme(self, theme: Theme) -> None:
        self.theme = theme
        self.setBackground(theme.background)
        style_axes(theme, self.plot_item.getAxis("left"), self.plot_item.getAxis("bottom"))
        self.left_title.fit()  # in the new font
        self.step_line.setPen(pg.mkPen(theme.foreground, width=1))
        self._style()
        if self._race is not None:
            self._draw_curves(self._race)  # decimated under a wide pen, whole under a thin one
            self._mark_divergence(self._race)
