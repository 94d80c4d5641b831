"""Loss versus step for every optimizer (log y when every loss is positive), in the landscape's colours,
with the ghosts faint and a line at the current step. The whole curves are drawn once per race; playback
only moves the step line (the map is where the race is revealed), so a frame costs one setPos.

Speed (a slider drag recomputes the race ~60 times a second):
- the curves are bare PlotCurveItems holding log10(loss) themselves (a PlotDataItem re-derives its log
  data, bounds and children on every setData);
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
from app.views.common import path_pens, revealed_end, style_axes
from app.views.screen_layer import GhostCurve, ScreenLayer

LOG_FLOOR = 1e-300  # the deepest floor ever used (an exact 0 is drawn at the race's own floor, above this)
MAX_DECADES = 30  # the log axis spans at most this many decades below the largest loss shown
LABEL_GAP = 1.4  # log tick labels at least this many font heights apart
MAX_POINTS = 4096  # above this a curve is thinned to min/max pairs (a plot is never this many pixels wide)
GHOST_DELAY_MS = 150  # while races keep coming (a drag), ghosts are shown or hidden at most this often
LOG_LABEL = QT_TRANSLATE_NOOP("LossPlot", "loss f(θ)  (log)")  # axis titles, shown through translate()
LINEAR_LABEL = QT_TRANSLATE_NOOP("LossPlot", "loss f(θ)")
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


def floor_and_range(losses: list[np.ndarray], log: bool) -> tuple[float, float, float, bool]:
    """(floor, lo, hi, clamped) of the values that set the y range: ``floor`` is where an exact 0 (or
    anything smaller) is drawn on a log axis, ``clamped`` whether any value is drawn there instead of its
    own height; lo and hi are in display units (log10 on a log axis)."""
    values = np.concatenate([np.ravel(v) for v in losses]) if losses else np.zeros(0)
    values = values[np.isfinite(values)]
    if not log:
        if values.size == 0:
            return LOG_FLOOR, 0.0, 1.0, False
        return LOG_FLOOR, float(values.min()), float(values.max()), False
    positive = values[values > 0]
    if positive.size == 0:
        return 1e-12, -12.0, 0.0, values.size > 0
    top = float(positive.max())
    lowest = float(positive.min())
    deepest = math.log10(top) - MAX_DECADES
    low = max(math.log10(lowest), deepest)
    clamped = bool((values <= 0).any()) or lowest < 10.0 ** deepest
    if clamped:  # zeros: one decade below the smallest positive (or at the deepest allowed)
        low = max(math.floor(low) - 1.0, math.floor(deepest))
    floor = max(min(10.0 ** low, lowest), LOG_FLOOR)
    return floor, math.log10(floor), math.log10(top), clamped


class LogLossAxis(pg.AxisItem):
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


class LossPlot(pg.PlotWidget):
    def __init__(self, model: SceneModel, parent=None):
        super().__init__(parent, axisItems={"left": LogLossAxis("left")})
        self.model = model
        self.theme: Theme = DARK
        self.plot_item: pg.PlotItem = self.getPlotItem()
        self.plot_item.setMenuEnabled(False)
        self.plot_item.hideButtons()
        self.plot_item.disableAutoRange()  # ranges are set per race, never from the items' bounds
        self.log_y = True  # until a race shows a loss ≤ 0
        self.plot_item.getAxis("left").setLogMode(True)
        for name in ("left", "bottom"):  # no "(x1e+15)" multiplier, ever
            self.plot_item.getAxis(name).enableAutoSIPrefix(False)
        self.plot_item.showGrid(x=False, y=True, alpha=0.2)
        self.floor = LOG_FLOOR  # where an exact 0 is drawn on the log axis (set per race)
        self.divergence = pg.ScatterPlotItem(symbol="x", size=14, pxMode=True)
        self.divergence.setZValue(40)
        self.divergence.hide()  # until a run diverges
        self._marked: list | None = None  # (step, y, colour) of the markers shown
        self.plot_item.addItem(self.divergence, ignoreBounds=True)
        self.floor_note = pg.TextItem(anchor=(0, 1))
        self.floor_note.setZValue(45)
        self.floor_note.hide()
        self.plot_item.addItem(self.floor_note, ignoreBounds=True)
        self.curves: list[pg.PlotCurveItem] = []
        self.ghosts: list[pg.PlotCurveItem] = []  # GhostCurves, painted on screen as one image by their layer
        self.ghost_layer = ScreenLayer()
        self.ghost_layer.setZValue(1)
        self.plot_item.addItem(self.ghost_layer, ignoreBounds=True)
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
        # While a slider moves, the ghosts are shown or hidden (at 1× they are the runs) at most ~7 times a
        # second: re-showing them re-renders their caches (~3 ms a frame on a drag through 1×).
        self._ghost_timer = QTimer(self)
        self._ghost_timer.setSingleShot(True)
        self._ghost_timer.setInterval(GHOST_DELAY_MS)
        self._ghost_timer.timeout.connect(self._show_ghosts)
        model.trajectoriesChanged.connect(self._on_race)
        model.stepChanged.connect(self.reveal)
        model.sceneChanged.connect(self._on_scene)
        self.set_theme(DARK)
        self.retranslate()
        if model.race is not None:
            self._on_race(model.race)

    def _label_axes(self) -> None:
        self.plot_item.setLabel("bottom", self.tr("step"))
        self.plot_item.setLabel("left", self.tr(LOG_LABEL if self.log_y else LINEAR_LABEL))

    def retranslate(self) -> None:
        """Axis titles, the zero-floor note and pyqtgraph's menus in the interface language."""
        self._label_axes()
        if self.floor_note.isVisible():
            self._show_floor_note(True, self._range[1] if self._range else 0.0)
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
            ghost, curve = GhostCurve(skipFiniteCheck=True), pg.PlotCurveItem(skipFiniteCheck=True)
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
        that did (their blow-up is a marker, not a rescale)."""
        shown = self._shown_rows(race)
        losses = []
        for trajectories in (race.effective, race.reference):
            for i in shown:
                diverged = int(trajectories.diverged_at[i])
                losses.append(trajectories.loss[i] if diverged < 0 else trajectories.loss[i, :1])
        floor, lo, hi, clamped = floor_and_range(losses, self.log_y)
        self.floor = floor
        if not (math.isfinite(lo) and math.isfinite(hi)):
            lo, hi = 0.0, 1.0
        x_hi = max(race.steps, 1)
        wanted = (x_hi, *snapped_range(lo, hi, self.log_y))
        self._show_floor_note(self.log_y and clamped, wanted[1])
        if wanted == self._range:
            return  # the same view: axes, grid and cached curves stay as they are
        self._range = wanted
        self.plot_item.setRange(xRange=(0, x_hi), yRange=wanted[1:], padding=0.02)

    def _show_floor_note(self, shown: bool, bottom: float) -> None:
        if shown:
            self.floor_note.setText(self.tr("loss 0 (or below {floor}) drawn at {value}").format(
                floor=f"{self.floor:.0e}", value=f"{self.floor:.0e}"))
            self.floor_note.setPos(0, bottom)
        self.floor_note.setVisible(shown)

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
            spots.append((end, y, color))
        # Re-set only when the markers move: a ScatterPlotItem's setData (even an empty one) re-derives
        # its bounds and repaints, ~1 ms of every frame of a slider drag; an empty one is hidden, not painted.
        if spots == self._marked:
            return
        self._marked = spots
        self.divergence.setData([{"pos": (x, y), "pen": pg.mkPen(color, width=3), "brush": pg.mkBrush(color)}
                                 for x, y, color in spots])
        self.divergence.setVisible(bool(spots))

    def diverged_markers(self) -> list[tuple[float, float]]:
        """Where the ✕ markers sit (step, display y): for tests."""
        x, y = self.divergence.getData()
        return list(zip(map(float, x), map(float, y), strict=True))

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
            if shown is not None and shown[0] is race.reference and shown[1] == (self.log_y, self.floor):
                continue  # unchanged (only a global factor moved): keep the cached picture
            self._ghost_source[i] = (race.reference, (self.log_y, self.floor))
            end = revealed_end(race.reference, i, race.steps)
            ghost.setData(*thin(self._steps[:end], self._display(race.reference.loss[i, :end])))

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
        self.step_line.setPen(pg.mkPen(theme.foreground, width=1))
        self.floor_note.setColor(theme.foreground)
        self._style()
        if self._race is not None:
            self._mark_divergence(self._race)
