"""Loss versus step for every optimizer (log y when every loss is positive), in the landscape's colours,
with the ghosts faint and a line at the current step. The whole curves are drawn once per race; playback
only moves the step line (the map is where the race is revealed), so a frame costs one setPos.

Speed (a slider drag recomputes the race ~60 times a second):
- the curves are bare PlotCurveItems holding log10(loss) themselves (a PlotDataItem re-derives its log
  data, bounds and children on every setData);
- the ghosts do not change while the global lr factor or loss scale moves (the model hands over the same
  reference runs), so they are re-set only when they really change, and stay in their pixmap caches;
- the y range snaps outward to half decades (log) or round steps (linear): while the curves move inside
  it, the axes, grid and cached ghosts are not redrawn at all;
- more points than ~2 per pixel are thinned to each bucket's min and max (the look of a dense line);
- during playback (only the step line moves) the curves are painted from pixmap caches too; while races
  keep coming (a drag) they are stroked directly, which is cheaper than re-rendering a cache each time.
"""

from __future__ import annotations

import math

import numpy as np
import pyqtgraph as pg
from PySide6.QtWidgets import QGraphicsItem

from app.model import Race, SceneModel
from app.themes import DARK, Theme
from app.views.common import path_pens, revealed_end, style_axes

LOG_FLOOR = 1e-300  # an exact 0 on a log axis is drawn at this height instead of -inf
MAX_POINTS = 4096  # above this a curve is thinned to min/max pairs (a plot is never this many pixels wide)
LOG_LABEL, LINEAR_LABEL = "loss f(θ)  (log)", "loss f(θ)"
CACHED = QGraphicsItem.CacheMode.DeviceCoordinateCache


def thin(x: np.ndarray, y: np.ndarray, max_points: int = MAX_POINTS) -> tuple[np.ndarray, np.ndarray]:
    """At most ~max_points points with the same look: each bucket of consecutive points becomes its
    minimum and maximum (pyqtgraph's "peak" downsampling); the last point is always kept."""
    n = y.shape[0]
    if n <= max_points:
        return x, y
    size = math.ceil(n / (max_points // 2))
    whole = (n - 1) // size * size  # the last point stays on its own
    buckets = y[:whole].reshape(-1, size)
    ty = np.empty(2 * buckets.shape[0] + 1)
    ty[0:-1:2], ty[1:-1:2], ty[-1] = buckets.min(axis=1), buckets.max(axis=1), y[-1]
    tx = np.empty_like(ty)
    tx[0:-1:2] = tx[1:-1:2] = x[:whole:size]
    tx[-1] = x[-1]
    return tx, ty


def snapped_range(lo: float, hi: float, log: bool) -> tuple[float, float]:
    """A y range around [lo, hi] on round values — half decades on a log axis (lo, hi are log10 values
    then), a 1-2-5 step of about a tenth of the span on a linear one — so small moves of the curves keep
    the same range, and the range is never more than ~10 % (half a decade) wider than the data."""
    if log:
        lo, hi = math.floor(2 * lo) / 2, math.ceil(2 * hi) / 2
        return (lo, hi) if hi > lo else (lo, lo + 0.5)
    span = hi - lo
    if not span > 0:
        span = max(abs(hi), 1.0)
        lo, hi = lo - span / 2, hi + span / 2
    magnitude = 10.0 ** math.floor(math.log10(span / 10))
    step = next(m * magnitude for m in (1, 2, 5, 10) if span / (m * magnitude) <= 10)
    return math.floor(lo / step) * step, math.ceil(hi / step) * step


class LossPlot(pg.PlotWidget):
    def __init__(self, model: SceneModel, parent=None):
        super().__init__(parent)
        self.model = model
        self.theme: Theme = DARK
        self.plot_item: pg.PlotItem = self.getPlotItem()
        self.plot_item.setMenuEnabled(False)
        self.plot_item.hideButtons()
        self.plot_item.disableAutoRange()  # ranges are set per race, never from the items' bounds
        self.plot_item.setLabel("bottom", "step")
        self.log_y = True  # until a race shows a loss ≤ 0
        self.plot_item.getAxis("left").setLogMode(True)
        self.plot_item.setLabel("left", LOG_LABEL)
        self.plot_item.showGrid(x=False, y=True, alpha=0.2)
        self.curves: list[pg.PlotCurveItem] = []
        self.ghosts: list[pg.PlotCurveItem] = []
        self.ghosts_shown = True  # app.settings: the View menu's "Show ghosts"
        self.step_line = pg.InfiniteLine(pos=0, angle=90, movable=False)
        self.step_line.setZValue(50)
        self.plot_item.addItem(self.step_line, ignoreBounds=True)
        for name in ("left", "bottom"):
            self.plot_item.getAxis(name).setCacheMode(CACHED)
        self._race: Race | None = None
        self._ghost_source: list = []  # per ghost: the (reference Trajectories, log mode) it shows
        self._range: tuple | None = None
        self._steps: np.ndarray = np.arange(1)
        self._enabled: tuple = ()
        self._curves_cached = False
        model.trajectoriesChanged.connect(self._on_race)
        model.stepChanged.connect(self.reveal)
        model.sceneChanged.connect(self._on_scene)
        self.set_theme(DARK)
        if model.race is not None:
            self._on_race(model.race)

    def _on_scene(self, scene) -> None:
        self._show_enabled(scene)
        self.reveal(scene.step)

    def _ensure_items(self, count: int) -> None:
        if len(self.curves) == count:
            return
        while len(self.curves) < count:
            ghost, curve = pg.PlotCurveItem(skipFiniteCheck=True), pg.PlotCurveItem(skipFiniteCheck=True)
            ghost.setZValue(1)
            curve.setZValue(10)
            ghost.setCacheMode(CACHED)  # thick and faint, slow to stroke: painted from a pixmap
            curve.setCacheMode(CACHED if self._curves_cached else QGraphicsItem.CacheMode.NoCache)
            self.plot_item.addItem(ghost)
            self.plot_item.addItem(curve)
            self.ghosts.append(ghost)
            self.curves.append(curve)
            self._ghost_source.append(None)
        while len(self.curves) > count:
            self.plot_item.removeItem(self.curves.pop())
            self.plot_item.removeItem(self.ghosts.pop())
            self._ghost_source.pop()
        self._style()

    def _style(self) -> None:
        t = self.theme
        for i, (curve, ghost) in enumerate(zip(self.curves, self.ghosts, strict=True)):
            curve_pen, ghost_pen = path_pens(t, i)
            curve.setPen(curve_pen)
            ghost.setPen(ghost_pen)

    def _display(self, loss: np.ndarray) -> np.ndarray:
        """What the y axis shows: log10 of the loss in log mode, the loss itself otherwise."""
        return np.log10(np.maximum(loss, LOG_FLOOR)) if self.log_y else loss

    def _on_race(self, race: Race) -> None:
        self._race = race
        self._ensure_items(race.effective.loss.shape[0])
        eff, ref = race.effective.loss, race.reference.loss
        log_y = bool((eff > 0).all() and (ref > 0).all())
        if log_y != self.log_y:
            self.log_y = log_y
            self.plot_item.getAxis("left").setLogMode(log_y)
            self.plot_item.setLabel("left", LOG_LABEL if log_y else LINEAR_LABEL)
        if self._steps.shape[0] != race.steps + 1:
            self._steps = np.arange(race.steps + 1, dtype=np.float64)
        self._set_range(race)
        self._draw_curves(race)
        self._show_enabled(self.model.scene)
        self.reveal(self.model.step)

    def _set_range(self, race: Race) -> None:
        shown = [i for i, e in enumerate(self.model.scene.optimizers)
                 if e.enabled and i < race.effective.loss.shape[0]] or list(range(race.effective.loss.shape[0]))
        lo = min(race.effective.loss[shown].min(), race.reference.loss[shown].min())
        hi = max(race.effective.loss[shown].max(), race.reference.loss[shown].max())
        lo, hi = (float(v) for v in self._display(np.array([lo, hi])))
        if not (math.isfinite(lo) and math.isfinite(hi)):
            lo, hi = 0.0, 1.0
        x_hi = max(race.steps, 1)
        wanted = (x_hi, *snapped_range(lo, hi, self.log_y))
        if wanted == self._range:
            return  # the same view: axes, grid and cached curves stay as they are
        self._range = wanted
        self.plot_item.setRange(xRange=(0, x_hi), yRange=wanted[1:], padding=0.02)

    def _cache_curves(self, cached: bool) -> None:
        if cached != self._curves_cached:
            self._curves_cached = cached
            for curve in self.curves:
                curve.setCacheMode(CACHED if cached else QGraphicsItem.CacheMode.NoCache)

    def _draw_curves(self, race: Race) -> None:
        self._cache_curves(False)
        for i, curve in enumerate(self.curves):
            end = revealed_end(race.effective, i, race.steps)
            curve.setData(*thin(self._steps[:end], self._display(race.effective.loss[i, :end])))
        for i, ghost in enumerate(self.ghosts):
            shown = self._ghost_source[i]
            if shown is not None and shown[0] is race.reference and shown[1] == self.log_y:
                continue  # unchanged (only a global factor moved): keep the cached picture
            self._ghost_source[i] = (race.reference, self.log_y)
            end = revealed_end(race.reference, i, race.steps)
            ghost.setData(*thin(self._steps[:end], self._display(race.reference.loss[i, :end])))

    def _show_enabled(self, scene) -> None:
        entries = scene.optimizers
        enabled = tuple(i < len(entries) and entries[i].enabled for i in range(len(self.curves)))
        if enabled == self._enabled:
            return
        self._enabled = enabled
        for curve, ghost, visible in zip(self.curves, self.ghosts, enabled, strict=True):
            curve.setVisible(visible)
            ghost.setVisible(visible and self.ghosts_shown)

    def reveal(self, step: int) -> None:
        if self.step_line.value() != step:
            self.step_line.setPos(step)
            self._cache_curves(True)

    def set_ghosts_shown(self, shown: bool) -> None:
        """Draw the faint reference runs or not (the curves stay)."""
        self.ghosts_shown = bool(shown)
        for curve, ghost in zip(self.curves, self.ghosts, strict=True):
            ghost.setVisible(curve.isVisible() and self.ghosts_shown)

    def set_theme(self, theme: Theme) -> None:
        self.theme = theme
        self.setBackground(theme.background)
        style_axes(theme, self.plot_item.getAxis("left"), self.plot_item.getAxis("bottom"))
        self.step_line.setPen(pg.mkPen(theme.foreground, width=1))
        self._style()
