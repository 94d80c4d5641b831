"""Loss versus step for every optimizer (log y when every loss is positive), in the landscape's colours,
with the ghosts faint and a line at the current step. The whole curves are drawn once per race; playback
only moves the step line (the map is where the race is revealed), so a frame costs one setPos."""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6.QtGui import QColor, QFont
from PySide6.QtWidgets import QGraphicsItem

from app.model import Race, SceneModel
from app.themes import DARK, Theme
from app.views.common import revealed_end

LOG_FLOOR = 1e-300  # an exact 0 on a log axis is drawn at this height instead of -inf


class LossPlot(pg.PlotWidget):
    def __init__(self, model: SceneModel, parent=None):
        super().__init__(parent)
        self.model = model
        self.theme: Theme = DARK
        self.plot_item: pg.PlotItem = self.getPlotItem()
        self.plot_item.setMenuEnabled(False)
        self.plot_item.hideButtons()
        self.plot_item.setLabel("bottom", "step")
        self.plot_item.setLabel("left", "loss f(θ)")
        self.plot_item.showGrid(x=False, y=True, alpha=0.2)
        self.curves: list[pg.PlotDataItem] = []
        self.ghosts: list[pg.PlotDataItem] = []  # PlotDataItem: it follows the log mode
        self.step_line = pg.InfiniteLine(pos=0, angle=90, movable=False)
        self.step_line.setZValue(50)
        self.plot_item.addItem(self.step_line, ignoreBounds=True)
        for name in ("left", "bottom"):
            self.plot_item.getAxis(name).setCacheMode(QGraphicsItem.CacheMode.DeviceCoordinateCache)
        self.log_y = True
        self._race: Race | None = None
        self._losses: tuple[np.ndarray, np.ndarray] | None = None
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
        while len(self.curves) < count:
            ghost, curve = pg.PlotDataItem(), pg.PlotDataItem()
            ghost.setZValue(1)
            curve.setZValue(10)
            for item in (ghost, curve):  # static until the next race: painted from a pixmap cache
                item.setCacheMode(QGraphicsItem.CacheMode.DeviceCoordinateCache)
                item.setDownsampling(auto=True, method="peak")  # no more points than pixels
                item.setSkipFiniteCheck(True)
            self.plot_item.addItem(ghost)
            self.plot_item.addItem(curve)
            self.ghosts.append(ghost)
            self.curves.append(curve)
        while len(self.curves) > count:
            self.plot_item.removeItem(self.curves.pop())
            self.plot_item.removeItem(self.ghosts.pop())
        self._style()

    def _style(self) -> None:
        t = self.theme
        for i, (curve, ghost) in enumerate(zip(self.curves, self.ghosts, strict=True)):
            color = QColor(t.color(i))
            curve.setPen(pg.mkPen(color, width=t.path_width))
            faint = QColor(color)
            faint.setAlpha(t.ghost_alpha)
            ghost.setPen(pg.mkPen(faint, width=max(t.path_width * 2, 3)))

    def _on_race(self, race: Race) -> None:
        self._race = race
        self._ensure_items(race.effective.loss.shape[0])
        eff, ref = race.effective.loss, race.reference.loss
        self.log_y = bool((eff > 0).all() and (ref > 0).all())
        if self.log_y:
            eff, ref = np.maximum(eff, LOG_FLOOR), np.maximum(ref, LOG_FLOOR)
        self._losses = (eff, ref)
        self.plot_item.setLogMode(x=False, y=self.log_y)
        self.plot_item.setLabel("left", "loss f(θ)" + ("  (log)" if self.log_y else ""))
        self.plot_item.setXRange(0, max(race.steps, 1), padding=0.02)
        shown = [i for i, e in enumerate(self.model.scene.optimizers) if e.enabled and i < eff.shape[0]]
        values = np.concatenate([eff[shown].ravel(), ref[shown].ravel()]) if shown else eff.ravel()
        lo, hi = float(values.min()), float(values.max())
        if self.log_y:
            lo, hi = np.log10(lo), np.log10(hi)
        if hi <= lo:
            hi = lo + 1.0
        self.plot_item.setYRange(lo, hi, padding=0.05)
        self._draw_curves()
        self._show_enabled(self.model.scene)
        self.reveal(self.model.step)

    def _draw_curves(self) -> None:
        race, losses = self._race, self._losses
        for i, (curve, ghost) in enumerate(zip(self.curves, self.ghosts, strict=True)):
            end = revealed_end(race.effective, i, race.steps)
            curve.setData(np.arange(end), losses[0][i, :end])
            ghost_end = revealed_end(race.reference, i, race.steps)
            ghost.setData(np.arange(ghost_end), losses[1][i, :ghost_end])

    def _show_enabled(self, scene) -> None:
        entries = scene.optimizers
        for i, (curve, ghost) in enumerate(zip(self.curves, self.ghosts, strict=True)):
            visible = i < len(entries) and entries[i].enabled
            curve.setVisible(visible)
            ghost.setVisible(visible)

    def reveal(self, step: int) -> None:
        self.step_line.setPos(step)

    def set_theme(self, theme: Theme) -> None:
        self.theme = theme
        self.setBackground(theme.background)
        font = QFont()
        font.setPointSize(theme.font_size)
        for name in ("left", "bottom"):
            axis = self.plot_item.getAxis(name)
            axis.setPen(pg.mkPen(theme.foreground))
            axis.setTextPen(pg.mkPen(theme.foreground))
            axis.setStyle(tickFont=font)
            axis.label.setFont(font)
        self.step_line.setPen(pg.mkPen(theme.foreground, width=1))
        self._style()
