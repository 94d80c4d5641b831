"""The landscape's pointer: the draggable start marker, a click that moves the start, and the hover
read-out of x, y, f and ∇f. It only reads the view's items and writes through the model's setters."""

from __future__ import annotations

import math

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QPointF, Qt

from app.i18n import translate


class Pointer:
    """Wires ``view``'s start marker, graphics scene and read-out label to its model."""

    def __init__(self, view):
        self.view = view
        self.model = view.model
        self._syncing_start = False
        self._hovered: tuple[float, float] | None = None  # the last point read out, re-read on a new surface
        self.marker = pg.TargetItem(pos=(0, 0), size=14, symbol="crosshair", movable=True)
        self.marker.setZValue(30)
        view.plot_item.addItem(self.marker)
        self.marker.sigPositionChanged.connect(self._on_marker_moved)
        scene = view.graphics.scene()
        scene.sigMouseMoved.connect(self._on_hover)
        scene.sigMouseClicked.connect(self._on_click)
        self.model.surfaceChanged.connect(self._refresh)

    def sync_start(self, start) -> None:
        """Show the scene's start (not while the teacher drags the marker)."""
        if self.marker.moving:
            return
        self._syncing_start = True
        try:
            self.marker.setPos(start)
        finally:
            self._syncing_start = False

    def _on_marker_moved(self, marker) -> None:
        if self._syncing_start:
            return
        p = marker.pos()
        self.model.set_start(p.x(), p.y())  # paths follow while dragging: the race is ~ms to recompute

    def _view_point(self, scene_pos) -> QPointF | None:
        view_box = self.view.view_box
        if not view_box.sceneBoundingRect().contains(scene_pos):
            return None
        return view_box.mapSceneToView(scene_pos)

    def _on_click(self, event) -> None:
        if event.button() != Qt.MouseButton.LeftButton or event.double():
            return
        if self.marker.moving or self.marker.mouseHovering:
            return
        p = self._view_point(event.scenePos())
        if p is not None:
            self.model.set_start(p.x(), p.y())

    def _on_hover(self, scene_pos) -> None:
        p = self._view_point(scene_pos)
        self._hovered = None if p is None else (p.x(), p.y())
        self._refresh()

    def refresh(self) -> None:
        """The read-out again (a LanguageChange: the view calls it)."""
        self._refresh()

    def _refresh(self, *_args) -> None:
        """The read-out of the hovered point on the surface shown now (a new surface re-reads it: issue 15
        item 12, the read-out was stale after a surface change)."""
        point = self._hovered
        self.view.readout.setText(" " if point is None else self.describe_point(*point))

    def describe_point(self, x: float, y: float) -> str:
        text = f"x = {x:.4g}   y = {y:.4g}"
        if not self.model.ready:
            return text
        f, gx, gy = (float(np.asarray(v).reshape(-1)[0])
                     for v in self.model.surface.value_and_gradient(np.array([x]), np.array([y])))
        if math.isfinite(f):
            text += f"   f = {f:.5g}"
        else:
            text += "   " + translate("Pointer", "f undefined")
        if math.isfinite(gx) and math.isfinite(gy):
            text += f"   ∇f = ({gx:.4g}, {gy:.4g})   |∇f| = {math.hypot(gx, gy):.4g}"
        return text
