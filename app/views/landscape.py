"""The landscape: the surface as a colour map with contours and a colour bar, the optimizers' paths racing
over it (with faint ghosts at the reference setting), a draggable start marker and a hover read-out.

It only draws the model: every item is created once and updated with setData/setPos; playback reveals a
slice of precomputed paths. ``plot_item`` (the pyqtgraph PlotItem) and ``graphics`` (the layout holding it,
the colour bar and, in the slide theme, the legend) are public for exporters; ``set_theme`` restyles.

What it draws lives by job in its own modules: the surface layer (app.views.surface_layer), the legend
(app.views.map_legend), each run's items and the exit crosses (app.views.run_items), the start marker and
hover read-out (app.views.pointer), which points of a path are drawn (app.views.decimation). This view
decides what they show for the model's scene and race.
"""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QPointF, Qt, QTimer, Signal
from PySide6.QtWidgets import QGraphicsEllipseItem, QLabel, QVBoxLayout, QWidget

from app.i18n import is_language_change, translate
from app.model import Race, SceneModel
from app.themes import DARK, Theme
from app.views.common import (
    ghost_definition,
    optimizer_labels,
    repaint_in_one_rect,
    revealed_end,
    run_styles,
    style_axes,
)
from app.views.decimation import DrawnPaths, cell_pixels
from app.views.map_legend import MapLegend
from app.views.plot_item import add_plot_item
from app.views.pointer import Pointer
from app.views.revealed_curve import RevealedCurve
from app.views.run_items import CACHED, RunExits, make_run_items, style_run_items
from app.views.screen_layer import ScreenLayer
from app.views.surface_layer import SurfaceLayer
from app.views.surface_map import SurfaceMap, compute_map

MAP_RESOLUTION = 400
LEGEND_DELAY_MS = 150


def key_points(model: SceneModel, rows: list[np.ndarray]) -> np.ndarray:
    """The points the legends must not hide (N×2, data coordinates): every shown run's whole path in
    ``rows`` (long ones thinned to ~2000 points), the start and the minima."""
    parts = [np.asarray(model.scene.start, float).reshape(-1, 2),
             np.asarray(model.surface.minima, float).reshape(-1, 2)]
    entries = model.scene.optimizers
    for i, row in enumerate(rows):
        if i < len(entries) and entries[i].enabled:
            parts.append(row[:: max(1, row.shape[0] // 2000)])
    return np.concatenate(parts)


class LandscapeView(QWidget):
    legendPlaced = Signal()  # the map's legend moved (or may have): overlays with a legend of their own re-place it

    def __init__(self, model: SceneModel, parent=None, *, resolution: int | None = None):
        super().__init__(parent)
        self.model = model
        self.resolution = resolution or MAP_RESOLUTION
        self.legend_timer = QTimer(self)  # legend text re-laid out at most ~7 times a second (active: pending)
        self.legend_timer.setSingleShot(True)
        self.legend_timer.setInterval(LEGEND_DELAY_MS)
        self.legend_timer.timeout.connect(self._settle)
        self.theme: Theme = DARK
        self.surface_map: SurfaceMap | None = None
        self._race: Race | None = None

        self.graphics = repaint_in_one_rect(pg.GraphicsLayoutWidget())
        self.plot_item: pg.PlotItem = add_plot_item(self.graphics, 0, 0)
        self.plot_item.setAspectLocked(False)
        self.plot_item.hideButtons()
        self.plot_item.setLabel("bottom", "x")
        self.plot_item.setLabel("left", "y")
        self.view_box: pg.ViewBox = self.plot_item.getViewBox()

        self.layer = SurfaceLayer(self.plot_item, self.graphics, self.theme)  # map, contours, colour bar
        self.image, self.undefined, self.contours = self.layer.image, self.layer.undefined, self.layer.contours
        self.colorbar, self.minima = self.layer.colorbar, self.layer.minima
        self.legend = MapLegend(self.plot_item, self.graphics)
        self.inner_legend, self.outer_legend = self.legend.inner, self.legend.outer
        self.run_exits = RunExits(self.plot_item)  # a cross where a run stopped (app.views.run_items)
        self.exits = self.run_exits.item

        self.paths: list[RevealedCurve] = []
        self.ghosts: list[pg.PlotCurveItem] = []  # GhostCurves: one PlotCurveItem per run, for exporters
        self.ghost_layer = ScreenLayer()  # on screen, all ghosts are painted as one cached picture
        self.ghost_layer.setZValue(1)
        self.plot_item.addItem(self.ghost_layer, ignoreBounds=True)
        self.ghosts_shown = True  # app.settings: the View menu's "Show ghosts"
        self.heads: list[QGraphicsEllipseItem] = []
        # What each path and ghost holds now, so unchanged ones are not re-set (a re-set curve is
        # re-stroked, and a cached ghost re-rendered): (Trajectories, points shown) / Trajectories.
        self._path_source: list = []
        self._ghost_source: list = []
        self._rows: list = []  # race.effective.points[i], one stable object per path (see RevealedCurve)
        # The paths as drawn: clipped to a box around the view and decimated to what it can show
        # (app.views.decimation), made again after a zoom or pan that needs it.
        self.drawn_paths = DrawnPaths()
        self.pixel_scale = 1.0  # device pixels per view pixel (an export view sets its scale here)
        self.decimation_pixels: float | None = None  # the decimation cell in device pixels; None: the theme's
        self._legend_placed = False  # the legend has its rows for the current theme
        self._styles: list = []  # RunStyle per path, as last applied (restyled when a kind changes)
        self.ghost_sample = self.legend.ghost_sample  # the legend's "ghost: …" entry

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
        # Pixmap-cache what rarely changes so an animation frame repaints just the moving paths and heads
        # (the ghost layer caches all ghosts as one picture). SVG export is unaffected: it calls each item's paint().
        for item in [*self.layer.items(), self.start_marker, *map(self.plot_item.getAxis, ("left", "bottom"))]:
            item.setCacheMode(CACHED)
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

    # ---- map (app.views.surface_layer) -----------------------------------------------------------
    def _on_surface(self, surface) -> None:
        window = self.model.scene.window
        self.surface_map = compute_map(surface, window, self.resolution)
        self._show_map()
        self.reset_view()

    def _show_map(self) -> None:
        self.layer.show(self.surface_map, self.model.surface.minima, self.theme)

    def reset_view(self) -> None:
        xmin, xmax, ymin, ymax = self.model.scene.window
        self.view_box.setRange(xRange=(xmin, xmax), yRange=(ymin, ymax), padding=0)

    def visible_window(self) -> tuple[float, float, float, float]:
        (xmin, xmax), (ymin, ymax) = self.view_box.viewRange()
        return float(xmin), float(xmax), float(ymin), float(ymax)

    # ---- optimizers --------------------------------------------------------------------------------
    def _ensure_items(self, count: int) -> None:
        while len(self.paths) < count:
            ghost, path, head = make_run_items(self.plot_item)
            self.ghost_layer.add(ghost)
            self.ghosts.append(ghost)
            self.paths.append(path)
            self.heads.append(head)
            self._path_source.append(None)
            self._ghost_source.append(None)
            self._styles.append(None)
            self._style_optimizer(len(self.paths) - 1)
        while len(self.paths) > count:
            self.ghost_layer.remove(self.ghosts[-1])
            for item in (self.paths.pop(), self.ghosts.pop(), self.heads.pop()):
                self.plot_item.removeItem(item)
            self._path_source.pop()
            self._ghost_source.pop()
            self._styles.pop()

    def _style_optimizer(self, i: int) -> None:
        specs = [entry.spec for entry in self.model.scene.optimizers]
        self._styles[i] = style_run_items(self.theme, specs, i, self.ghosts[i], self.paths[i], self.heads[i])
        self.ghost_layer.changed()  # a new pen: the ghosts' picture is redrawn

    def _on_scene(self, scene) -> None:
        count_changed = len(self.paths) != len(scene.optimizers)
        self._ensure_items(len(scene.optimizers))
        styles = run_styles(self.theme, [entry.spec for entry in scene.optimizers])
        if styles != self._styles:
            for i in range(len(self.paths)):
                self._style_optimizer(i)
        self.pointer.sync_start(scene.start)
        if count_changed or not self._legend_placed:
            self._update_legend()
        elif not self.legend_timer.isActive():
            self.legend_timer.start()
        self.reveal(scene.step)

    def _update_legend(self, texts: bool = True) -> None:
        """Bring the legend (app.views.map_legend) to the scene: one row per enabled run and the ghost row
        while ghosts are drawn. ``texts=False`` leaves changed labels to the legend timer (at most ~7
        times a second while a slider moves) and only adds or removes rows."""
        labels = optimizer_labels(self.model.effective_specs())
        runs = [(label, entry.enabled) for label, entry in zip(labels, self.model.scene.optimizers, strict=True)]
        self._legend_placed = True
        later = self.legend.update(self.theme, self.paths, runs, (ghost_definition(), self._ghosts_drawn()), texts)
        self.place_legend()
        if later and not self.legend_timer.isActive():
            self.legend_timer.start()  # the new texts follow shortly

    def key_points(self) -> np.ndarray:
        """The points a legend must not hide (app.views.landscape.key_points)."""
        return key_points(self.model, self._rows)

    def place_legend(self) -> None:
        self.legend.place(self.view_box, self.key_points())
        self.legendPlaced.emit()

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
        # Ghosts, the legend's ghost row and the legend's place (off the new paths) follow the race. While a
        # slider moves, an update is already pending (sceneChanged started the timer): it brings ghosts,
        # rows, texts and place up to date at most ~7 times a second (re-showing the cached ghosts and
        # re-laying out the legend on every frame of a drag through 1× cost ~8 ms a frame; placing it,
        # ~1.7 ms of a 16 ms frame). A ghost or the legend a moment behind the paths, during a drag only.
        if not self.legend_timer.isActive():
            self._show_ghosts()
            self._update_legend(texts=False)
        self.reveal(self.model.step)

    def reveal(self, step: int) -> None:
        """Show every enabled path up to ``step`` (a slice of the precomputed arrays; no computation)."""
        self._reveal_paths(step)
        self.run_exits.show(self.exit_points(step), self._styles, self.theme)

    def exit_points(self, step: int) -> list[tuple[int, float, float]]:
        """(run, x, y) of every shown run that has stopped (diverged or left the domain) by ``step``."""
        return RunExits.points(self._race, self.model.scene.optimizers, self._rows, step)

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
            path.reveal(*self.drawn_paths.shown(i, end))  # within a decimation cell of the true prefix
            x, y = self._rows[i][end - 1]
            head.setPos(QPointF(x, y))

    def _decimate(self) -> None:
        """Make the drawn paths for the current view: clipped to a box around it, decimated to its cell
        (cell_pixels): the long ones always (issue 16 item 6: 16 runs × 100,000 points stroked whole took
        seconds per paint), every one under a wide pen."""
        self.drawn_paths.make(self._rows, self.view_box, self.pixel_scale, self._cell_pixels())
        for i in range(len(self._path_source)):
            self._path_source[i] = None  # re-reveal from the new rows

    def _cell_pixels(self) -> float:
        return self.decimation_pixels or cell_pixels(self.theme)

    def _on_range_changed(self, *_args) -> None:
        """After a zoom, a pan (or the first layout): the legend moves off the paths, the clipping and the
        decimation follow."""
        self.place_legend()
        if self.drawn_paths.stale(self.view_box, self.pixel_scale, self._cell_pixels()):
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
        self._settle()  # the ghosts and the legend's ghost row

    def set_theme(self, theme: Theme) -> None:
        self.theme = theme
        self.graphics.setBackground(theme.background)
        self.graphics.setAntialiasing(theme.antialias)
        style_axes(theme, self.plot_item.getAxis("left"), self.plot_item.getAxis("bottom"), self.colorbar.axis)
        self.layer.set_theme(theme)
        self.start_marker.setPen(pg.mkPen(theme.start_color, width=2 if theme.antialias else 1))
        self.legend.set_theme(theme)  # emptied: the rows come back below, in the new style
        self._legend_placed = False
        for i in range(len(self.paths)):
            self._style_optimizer(i)
        self.legend_timer.stop()
        self._decimate()  # the cell follows the pen's width
        self.retranslate()  # also redraws the map: the undefined region's hatching is lighter on a light background
        self._on_scene(self.model.scene)

    def retranslate(self) -> None:
        """The texts in the interface language (also on a LanguageChange): the tooltip, the legend's ghost
        row and the colour bar's label."""
        self.graphics.setToolTip(translate("LandscapeView", "{definition} (View ▸ Show ghosts hides them).").format(
            definition=ghost_definition()[:1].upper() + ghost_definition()[1:]))
        if self._legend_placed:
            self.legend.set_theme(self.theme)
            self._legend_placed = False
            self._update_legend()
        self._show_map()

    def changeEvent(self, event) -> None:  # noqa: N802 — Qt's name
        if is_language_change(event):
            self.retranslate()
            self.pointer.refresh()
        super().changeEvent(event)
