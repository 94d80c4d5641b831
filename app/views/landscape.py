"""The landscape: the surface as a colour map with contours and a colour bar, the optimizers' paths racing
over it (with faint ghosts at the reference setting), a draggable start marker and a hover read-out.

It only draws the model: every item is created once and updated with setData/setPos; playback reveals a
slice of precomputed paths. ``plot_item`` (the pyqtgraph PlotItem) and ``graphics`` (the layout holding it,
the colour bar and, in the slide theme, the legend) are public for exporters; ``set_theme`` restyles.
"""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QPointF, QRectF, Qt, QTimer
from PySide6.QtGui import QBrush, QColor, QPen
from PySide6.QtWidgets import QGraphicsEllipseItem, QGraphicsItem, QLabel, QSizePolicy, QVBoxLayout, QWidget

from app.model import Race, SceneModel
from app.themes import DARK, Theme
from app.views.common import GHOST_DEFINITION, optimizer_labels, path_pens, revealed_end, run_styles, style_axes
from app.views.pointer import Pointer
from app.views.revealed_curve import RevealedCurve
from app.views.surface_map import UNDEFINED_LABEL, SurfaceMap, colour_bar_ticks, compute_map, undefined_rgba

MAP_RESOLUTION = 400
DECIMATE_ABOVE = 2000  # paths with more points are drawn decimated to half a device pixel
LEGEND_DELAY_MS = 150
# Items that change only with the surface, the race or the zoom are painted from a pixmap cache, so an
# animation frame repaints just the moving paths and heads.
CACHED = QGraphicsItem.CacheMode.DeviceCoordinateCache


def decimate_row(row: np.ndarray, cell: tuple[float, float] | None):
    """(kept points, their indices in ``row``) with the points that stay in the same ``cell`` as the point
    before them dropped (first and last kept), or None when ``row`` is short or there is no cell yet."""
    if cell is None or row.shape[0] <= DECIMATE_ABOVE:
        return None
    n = row.shape[0]
    x, y = row[:, 0], row[:, 1]
    with np.errstate(invalid="ignore", over="ignore"):
        qx, qy = np.floor(x / cell[0]), np.floor(y / cell[1])
    keep = np.ones(n, bool)
    keep[1:] = (qx[1:] != qx[:-1]) | (qy[1:] != qy[:-1])
    keep[-1] = True
    index = np.flatnonzero(keep)
    return np.ascontiguousarray(row[index]), index


class LandscapeView(QWidget):
    def __init__(self, model: SceneModel, parent=None, *, resolution: int | None = None):
        super().__init__(parent)
        self.model = model
        self.resolution = resolution or MAP_RESOLUTION
        self._legend_timer = QTimer(self)  # legend text is re-laid out at most ~7 times a second
        self._legend_timer.setSingleShot(True)
        self._legend_timer.setInterval(LEGEND_DELAY_MS)
        self._legend_timer.timeout.connect(self._settle)
        self.theme: Theme = DARK
        self.surface_map: SurfaceMap | None = None
        self._race: Race | None = None

        self.graphics = pg.GraphicsLayoutWidget()
        self.plot_item: pg.PlotItem = self.graphics.addPlot(row=0, col=0)
        self.plot_item.setAspectLocked(False)
        self.plot_item.setMenuEnabled(False)
        self.plot_item.hideButtons()
        self.plot_item.setLabel("bottom", "x")
        self.plot_item.setLabel("left", "y")
        self.view_box: pg.ViewBox = self.plot_item.getViewBox()

        self.image = pg.ImageItem(axisOrder="row-major")
        self.image.setZValue(-20)
        self.plot_item.addItem(self.image)
        self.undefined = pg.ImageItem(axisOrder="row-major")  # hatched grey where f has no value
        self.undefined.setZValue(-15)
        self.plot_item.addItem(self.undefined)
        self.colorbar = pg.ColorBarItem(values=(0, 1), width=14, interactive=False,
                                        colorMap=self._colormap(), colorMapMenu=False)
        self.colorbar.setImageItem(self.image)
        self.graphics.addItem(self.colorbar, row=0, col=1)
        self.contours = pg.PlotCurveItem(connect="pairs")
        self.contours.setZValue(-10)
        self.plot_item.addItem(self.contours)

        self.inner_legend = self.plot_item.addLegend(offset=(-8, 8))
        self.outer_legend = pg.LegendItem()  # laid out beside the map in the slide theme
        # Where a run stopped (diverged or left the domain): a cross at its last finite point, in its colour.
        self.exits = pg.ScatterPlotItem(symbol="x", size=16)
        self.exits.setZValue(25)
        self.plot_item.addItem(self.exits, ignoreBounds=True)
        self.minima = pg.ScatterPlotItem(symbol="star", size=12)
        self.minima.setZValue(5)
        self.plot_item.addItem(self.minima, ignoreBounds=True)

        self.paths: list[RevealedCurve] = []
        self.ghosts: list[pg.PlotCurveItem] = []
        self.ghosts_shown = True  # app.settings: the View menu's "Show ghosts"
        self.heads: list[QGraphicsEllipseItem] = []
        # What each path and ghost holds now, so unchanged ones are not re-set (a re-set curve is
        # re-stroked, and a cached ghost re-rendered): (Trajectories, points shown) / Trajectories.
        self._path_source: list = []
        self._ghost_source: list = []
        self._rows: list = []  # race.effective.points[i], one stable object per path (see RevealedCurve)
        # Long paths are drawn decimated to what the view can show (app.export.clip.thin_polyline at half a
        # device pixel): per row (kept points, their indices in the row) or None; the cell it was made for.
        self._decimated: list = []
        self._decimation_cell: tuple[float, float] | None = None
        self.pixel_scale = 1.0  # device pixels per view pixel (an export view sets its scale here)
        self._legend_owner: pg.LegendItem | None = None  # the legend kept up to date (the other is empty)
        self._legend_rows: list = []  # its rows now: (run index, text); the ghost row's index is len(paths)
        self._exits_key: tuple | None = None  # what the exit crosses show now
        self._styles: list = []  # RunStyle per path, as last applied (restyled when a kind changes)
        self.ghost_sample = pg.PlotDataItem()  # the legend's "ghost: …" entry, never drawn on the map

        self.readout = QLabel(" ")
        self.readout.setObjectName("hoverReadout")
        self.readout.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        layout.addWidget(self.graphics, 1)
        layout.addWidget(self.readout)

        self.pointer = Pointer(self)  # start marker, click to move the start, hover read-out
        self.start_marker = self.pointer.marker
        self._cache_static_items()
        self.view_box.sigRangeChanged.connect(self._on_range_changed)
        self.view_box.sigResized.connect(self._on_range_changed)

        model.surfaceChanged.connect(self._on_surface)
        model.sceneChanged.connect(self._on_scene)
        model.trajectoriesChanged.connect(self._on_race)
        model.stepChanged.connect(self.reveal)
        self.set_theme(DARK)  # also shows the scene (items, legend, start marker)
        self.reset_view()  # the scene's window even before the map is computed
        if model.ready:
            self._on_surface(model.surface)
            if model.race is not None:
                self._on_race(model.race)

    # ---- map ---------------------------------------------------------------------------------------
    def _colormap(self) -> pg.ColorMap:
        colors = self.theme.map_colors
        return pg.ColorMap(np.linspace(0, 1, len(colors)), [pg.mkColor(c) for c in colors])

    def _on_surface(self, surface) -> None:
        window = self.model.scene.window
        self.surface_map = compute_map(surface, window, self.resolution)
        self._show_map()
        self.reset_view()

    def _show_map(self) -> None:
        m = self.surface_map
        if m is None:
            return
        lo, hi = m.color_range
        if hi <= lo:
            hi = lo + 1.0
        xmin, xmax, ymin, ymax = m.window
        self.image.setImage(m.color, autoLevels=False, levels=(lo, hi))
        self.image.setRect(QRectF(xmin, ymin, xmax - xmin, ymax - ymin))
        self.colorbar.setLevels((lo, hi))
        self._color_ticks(m, lo, hi)
        if m.has_undefined:
            light = QColor(self.theme.background).lightness() > 128
            self.undefined.setImage(undefined_rgba(m.undefined, light), autoLevels=False, levels=(0, 255))
            self.undefined.setRect(QRectF(xmin, ymin, xmax - xmin, ymax - ymin))
        self.undefined.setVisible(m.has_undefined)
        segments = m.segments
        if segments.size:
            self.contours.setData(segments[:, 0], segments[:, 1])
        else:
            self.contours.setData([], [])
        minima = self.model.surface.minima
        self.minima.setData(pos=np.asarray(minima, float).reshape(-1, 2))

    def _color_ticks(self, m: SurfaceMap, lo: float, hi: float) -> None:
        ticks = colour_bar_ticks(m, lo, hi)
        label = "f (log scale)" if m.log else "f"
        if m.has_undefined:
            label += f"; {UNDEFINED_LABEL}"
        self.colorbar.axis.setLabel(label)
        self.colorbar.axis.setTicks(None if ticks is None else [ticks, []])

    def reset_view(self) -> None:
        xmin, xmax, ymin, ymax = self.model.scene.window
        self.view_box.setRange(xRange=(xmin, xmax), yRange=(ymin, ymax), padding=0)

    def visible_window(self) -> tuple[float, float, float, float]:
        (xmin, xmax), (ymin, ymax) = self.view_box.viewRange()
        return float(xmin), float(xmax), float(ymin), float(ymax)

    # ---- optimizers --------------------------------------------------------------------------------
    def _ensure_items(self, count: int) -> None:
        while len(self.paths) < count:
            i = len(self.paths)
            ghost = pg.PlotCurveItem()
            ghost.setZValue(1)
            ghost.setCacheMode(CACHED)
            path = RevealedCurve()  # repaints only the newly revealed segments each frame
            path.setZValue(10)
            head = QGraphicsEllipseItem()
            head.setFlag(QGraphicsItem.GraphicsItemFlag.ItemIgnoresTransformations)
            head.setZValue(20)
            self.plot_item.addItem(ghost)
            self.plot_item.addItem(path)
            self.plot_item.addItem(head, ignoreBounds=True)
            self.ghosts.append(ghost)
            self.paths.append(path)
            self.heads.append(head)
            self._path_source.append(None)
            self._ghost_source.append(None)
            self._styles.append(None)
            self._style_optimizer(i)
        while len(self.paths) > count:
            for item in (self.paths.pop(), self.ghosts.pop(), self.heads.pop()):
                self.plot_item.removeItem(item)
            self._path_source.pop()
            self._ghost_source.pop()
            self._styles.pop()

    def _style_optimizer(self, i: int) -> None:
        """Colour by optimizer kind, shade and dash by the run's place among runs of its kind (app.views.
        common.run_styles); later runs of a kind are stacked above, so a run exactly on another leaves
        gaps through which the one below shows."""
        t = self.theme
        specs = [entry.spec for entry in self.model.scene.optimizers]
        style = run_styles(t, specs)[i] if i < len(specs) else None
        color = QColor(style.color if style is not None else t.color(i))
        path_pen, ghost_pen = path_pens(t, i, specs)
        self._styles[i] = style
        self.paths[i].setZValue(10 + (style.variant if style is not None else 0) * 0.01 + i * 1e-4)
        self.paths[i].setPen(path_pen)
        self.paths[i].opts["antialias"] = t.antialias  # PlotCurveItem reads it at paint time
        self.ghosts[i].setPen(ghost_pen)
        r = t.head_size / 2
        head = self.heads[i]
        head.setRect(QRectF(-r, -r, 2 * r, 2 * r))
        head.setBrush(QBrush(color))
        head.setPen(QPen(QColor(t.background), 1.5))

    def _cache_static_items(self) -> None:
        """Pixmap-cache what rarely changes (map, contours, axes, minima, start marker; ghosts as they are
        made) so a frame repaints from pixmaps. SVG export is unaffected: it calls each item's paint()."""
        items = [self.image, self.undefined, self.contours, self.colorbar.axis, self.minima, self.start_marker]
        items += [self.plot_item.getAxis(name) for name in ("left", "bottom")]
        for item in items:
            item.setCacheMode(CACHED)

    def _on_scene(self, scene) -> None:
        count_changed = len(self.paths) != len(scene.optimizers)
        self._ensure_items(len(scene.optimizers))
        styles = run_styles(self.theme, [entry.spec for entry in scene.optimizers])
        if styles != self._styles:
            for i in range(len(self.paths)):
                self._style_optimizer(i)
        self.pointer.sync_start(scene.start)
        if count_changed or self._legend_owner is None:
            self._update_legend()
        elif not self._legend_timer.isActive():
            self._legend_timer.start()
        self.reveal(scene.step)

    def _legend_in_use(self) -> pg.LegendItem:
        return self.outer_legend if self.theme.legend_outside else self.inner_legend

    def _update_legend(self, texts: bool = True) -> None:
        """Bring the legend in use to the scene: one row per enabled run and the ghost row while ghosts are
        drawn. Only what changed is touched (a rebuilt row costs ~2 ms: a slider drag re-laid out 16 rows
        per frame); ``texts=False`` leaves the labels' text to the legend timer (at most ~7 times a
        second while a slider moves) and only adds or removes rows."""
        scene = self.model.scene
        labels = optimizer_labels(self.model.effective_specs())
        names = tuple((label, entry.enabled) for label, entry in zip(labels, scene.optimizers, strict=True))
        names += ((GHOST_DEFINITION, self._ghosts_drawn()),)
        wanted = [(i, name) for i, (name, enabled) in enumerate(names) if enabled]
        legend = self._legend_in_use()
        if legend is not self._legend_owner:  # the theme moved the legend: empty the other one
            if self._legend_owner is not None:
                self._legend_owner.clear()
            self._legend_owner = legend
            self._legend_rows = []
        rows = self._legend_rows  # (run index, text) of the legend's rows now
        if rows == wanted:
            return
        ghost = len(self.paths)
        runs_now = [r for r in rows if r[0] != ghost]
        runs_wanted = [w for w in wanted if w[0] != ghost]
        if [i for i, _ in runs_now] != [i for i, _ in runs_wanted]:  # rows come or go: rebuild
            legend.clear()
            for i, name in wanted:
                legend.addItem(self.ghost_sample if i == ghost else self.paths[i], name)
            self._legend_rows = list(wanted)
            return
        if len(runs_now) != len(rows) and len(runs_wanted) == len(wanted):  # the ghost row goes
            legend.removeItem(self.ghost_sample)
        elif len(runs_now) == len(rows) and len(runs_wanted) != len(wanted):  # the ghost row comes
            legend.addItem(self.ghost_sample, GHOST_DEFINITION)
        kept = runs_now
        if texts:
            for (_sample, label), (_i, name) in zip(legend.items, runs_wanted, strict=False):
                if label.text != name:
                    label.setText(name)
            kept = runs_wanted
        elif runs_now != runs_wanted and not self._legend_timer.isActive():
            self._legend_timer.start()  # the new texts follow shortly
        self._legend_rows = kept + [w for w in wanted if w[0] == ghost]

    def _on_race(self, race: Race) -> None:
        """New trajectories: the ghosts are drawn whole (where the reference run goes); paths are revealed.
        A ghost whose reference run did not change (a global factor moved) keeps its cached picture."""
        self._race = race
        self._rows = list(race.effective.points)
        self._decimate()
        reference = race.reference
        for i, ghost in enumerate(self.ghosts):
            if i >= reference.points.shape[0] or self._ghost_source[i] is reference:
                continue
            self._ghost_source[i] = reference
            points = reference.path(i) if reference.diverged_at[i] >= 0 else reference.points[i]
            if points.shape[0] == 0:
                points = reference.points[i, :1]
            ghost.setData(points[:, 0], points[:, 1], skipFiniteCheck=True)
        # Ghosts and the legend's ghost row come and go with the global factors. While a slider moves, an
        # update is already pending (sceneChanged started the timer): it brings ghosts, rows and texts up to
        # date at most ~7 times a second (re-showing the cached ghosts and re-laying out the legend on every
        # frame of a drag through 1× cost ~8 ms a frame). A ghost shown a moment longer lies on its run.
        if not self._legend_timer.isActive():
            self._show_ghosts()
            self._update_legend(texts=False)
        self.reveal(self.model.step)

    def reveal(self, step: int) -> None:
        """Show every enabled path up to ``step`` (a slice of the precomputed arrays; no computation)."""
        self._reveal_paths(step)
        self._show_exits(step)

    def exit_points(self, step: int) -> list[tuple[int, float, float]]:
        """(run, x, y) of every shown run that has stopped (diverged or left the domain) by ``step``."""
        race = self._race
        if race is None:
            return []
        out = []
        entries = self.model.scene.optimizers
        for i, d in enumerate(race.effective.diverged_at[:len(entries)]):
            if d >= 0 and step >= d and entries[i].enabled:
                x, y = self._rows[i][max(int(d), 1) - 1]
                out.append((i, float(x), float(y)))
        return out

    def _show_exits(self, step: int) -> None:
        exits = self.exit_points(step)
        key = (tuple(exits), tuple(self._styles), self.theme)
        if key == self._exits_key:
            return
        self._exits_key = key
        styles = self._styles
        spots = [{"pos": (x, y), "pen": pg.mkPen(styles[i].color if i < len(styles) and styles[i] else
                                                 self.theme.foreground, width=max(2.0, self.theme.path_width)),
                  "brush": None} for i, x, y in exits]
        self.exits.setData(spots, size=self.theme.head_size * 1.4)
        self.exits.setVisible(bool(spots))  # an empty scatter item still costs a paint on every frame

    def _reveal_paths(self, step: int) -> None:
        race = self._race
        entries = self.model.scene.optimizers
        for i, (path, ghost, head) in enumerate(zip(self.paths, self.ghosts, self.heads, strict=True)):
            visible = race is not None and i < len(entries) and entries[i].enabled \
                and i < race.effective.points.shape[0]
            if path.isVisible() != visible:
                path.setVisible(visible)
                ghost.setVisible(visible and self._ghosts_drawn())
                head.setVisible(visible)
            if not visible:
                continue
            end = revealed_end(race.effective, i, step)
            shown = self._path_source[i]
            if shown is not None and shown[0] is race.effective and shown[1] == end:
                continue
            self._path_source[i] = (race.effective, end)
            decimated = self._decimated[i] if i < len(self._decimated) else None
            if decimated is None:
                path.reveal(self._rows[i], end)
            else:  # the kept points before `end` (within half a pixel of the true prefix)
                points, index = decimated
                path.reveal(points, max(1, int(np.searchsorted(index, end))))
            x, y = self._rows[i][end - 1]
            head.setPos(QPointF(x, y))

    def _pixel_cell(self) -> tuple[float, float] | None:
        """Half a device pixel in data units along x and y (None before the view is laid out)."""
        try:
            px, py = self.view_box.viewPixelSize()
        except Exception:  # noqa: BLE001 — no geometry yet
            return None
        if not (np.isfinite(px) and np.isfinite(py) and px > 0 and py > 0) or self.view_box.width() < 2:
            return None
        return px / (2 * self.pixel_scale), py / (2 * self.pixel_scale)

    def _decimate(self) -> None:
        """Decimate the rows longer than DECIMATE_ABOVE points to half a device pixel of the current view
        (issue 16 item 6: 16 runs × 100,000 points stroked whole took seconds per paint)."""
        cell = self._pixel_cell()
        self._decimation_cell = cell
        self._decimated = [decimate_row(row, cell) for row in self._rows]
        for i in range(len(self._path_source)):
            self._path_source[i] = None  # re-reveal from the new rows

    def _on_range_changed(self, *_args) -> None:
        """After a zoom (or the first layout) the decimation follows the new pixel size."""
        if not self._rows or not any(row.shape[0] > DECIMATE_ABOVE for row in self._rows):
            return
        cell, old = self._pixel_cell(), self._decimation_cell
        if cell is None or (old is not None and 0.8 < cell[0] / old[0] < 1.25 and 0.8 < cell[1] / old[1] < 1.25):
            return
        self._decimate()
        self.reveal(self.model.step)

    # ---- pointer (app.views.pointer) ----------------------------------------------------------------
    def describe_point(self, x: float, y: float) -> str:
        """The hover read-out's text at (x, y)."""
        return self.pointer.describe_point(x, y)

    # ---- theme -------------------------------------------------------------------------------------
    def _ghosts_drawn(self) -> bool:
        """Ghosts are drawn when shown (settings) and when they differ from the runs at all: with both
        global factors at 1 every ghost is its run, and drawing it would suggest otherwise."""
        race = self._race
        return self.ghosts_shown and race is not None and race.reference is not race.effective

    def _show_ghosts(self) -> None:
        drawn = self._ghosts_drawn()
        for path, ghost in zip(self.paths, self.ghosts, strict=True):
            visible = path.isVisible() and drawn
            if ghost.isVisible() != visible:
                ghost.setVisible(visible)

    def _settle(self) -> None:
        """The legend timer: ghosts and legend brought up to date after a burst of changes (a drag)."""
        self._show_ghosts()
        self._update_legend()

    def set_ghosts_shown(self, shown: bool) -> None:
        """Draw the faint reference runs or not (the paths stay)."""
        self.ghosts_shown = bool(shown)
        self._show_ghosts()
        self._update_legend()

    def set_theme(self, theme: Theme) -> None:
        self.theme = theme
        self.graphics.setBackground(theme.background)
        self.graphics.setAntialiasing(theme.antialias)
        style_axes(theme, self.plot_item.getAxis("left"), self.plot_item.getAxis("bottom"), self.colorbar.axis)
        self.colorbar.axis.setWidth(None)  # sized to its ticks and label (pyqtgraph fixes 45 px: too narrow)
        self.colorbar.setColorMap(self._colormap())
        self.contours.setPen(pg.mkPen(theme.contour, width=max(1.0, theme.path_width / 2)))
        self.minima.setBrush(pg.mkBrush(theme.foreground))
        self.minima.setPen(pg.mkPen(theme.background))
        self.start_marker.setPen(pg.mkPen(theme.start_color, width=2 if theme.antialias else 1))
        for legend in (self.inner_legend, self.outer_legend):
            legend.setLabelTextColor(theme.foreground)
            legend.setLabelTextSize(f"{theme.font_size}pt")
            legend.setBrush(pg.mkBrush(QColor(theme.background).darker(105 if theme.name == "slide" else 80)))
            legend.setPen(pg.mkPen(theme.foreground, width=0.5))
        self.inner_legend.setVisible(not theme.legend_outside)
        in_layout = self.outer_legend in self.graphics.ci.items
        if theme.legend_outside and not in_layout:
            self.graphics.addItem(self.outer_legend, row=0, col=2)
            # As tall as its rows, at the top: stretched to the map's height, the rows drift apart and
            # each label floats away from its line sample.
            self.outer_legend.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Maximum)
            self.graphics.ci.layout.setAlignment(self.outer_legend, Qt.AlignmentFlag.AlignTop)
        elif not theme.legend_outside and in_layout:
            self.graphics.ci.removeItem(self.outer_legend)
        self.outer_legend.setVisible(theme.legend_outside)
        for i in range(len(self.paths)):
            self._style_optimizer(i)
        ghost = QColor(theme.foreground)
        ghost.setAlpha(theme.ghost_alpha + 60)
        self.ghost_sample.setPen(pg.mkPen(ghost, width=max(theme.path_width * 2, 3)))
        self.graphics.setToolTip(GHOST_DEFINITION.capitalize() + " (View ▸ Show ghosts hides them).")
        self._show_map()  # the undefined region's hatching is lighter on a light background
        for legend in (self.inner_legend, self.outer_legend):  # re-add the rows: their text takes the new style
            legend.clear()
        self._legend_owner, self._legend_rows = None, []
        self._legend_timer.stop()
        self._on_scene(self.model.scene)
