"""The ghosts (each run's reference run, drawn whole and faint) of a plot, painted on screen as one picture.

Each ghost stays its own :class:`GhostCurve` (a PlotCurveItem: exporters read and re-set its data, pen,
visibility and opacity), but in a window a :class:`GhostLayer` paints all of them into one cached image:
a repaint then blends one picture instead of one pixmap cache per ghost (7 of them, blended on every
frame of a slider drag, cost ~1 ms). Where no widget is painted — QGraphicsScene.render in the exporters,
pyqtgraph's SVG export — each ghost paints itself as any curve does and the layer paints nothing, so
exports see exactly the items they always saw. The layer keeps its own image rather than using Qt's item
cache because Qt paints an item's cache without the widget, which is what tells the two cases apart.
"""

from __future__ import annotations

import pyqtgraph as pg
from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QImage, QPainter
from PySide6.QtWidgets import QGraphicsItem

HIDDEN_OPACITY = 0.001  # Qt treats an item's opacity below this as fully transparent (not painted)


class GhostCurve(pg.PlotCurveItem):
    """A ghost: in a window its layer paints it (see the module docstring), elsewhere it paints itself."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.layer: GhostLayer | None = None

    def paint(self, painter, option, widget):
        if widget is not None and self.layer is not None:
            return  # painted, with the other ghosts, into the layer's cached picture
        super().paint(painter, option, widget)


class GhostLayer(pg.GraphicsObject):
    """Paints its ghosts (visible and not made transparent) in a window, from one image in device pixels
    redrawn only when a ghost or the view's transform changes. It must share the ghosts' parent (both
    added to the same plot item), so it paints in their coordinates."""

    def __init__(self):
        super().__init__()
        self.ghosts: list[GhostCurve] = []
        self._version = 0  # bumped on every change of a ghost
        self._image: QImage | None = None
        self._image_key: tuple | None = None  # what the image was drawn for

    def add(self, ghost: GhostCurve) -> None:
        ghost.layer = self
        ghost.setCacheMode(QGraphicsItem.CacheMode.NoCache)  # it paints nothing itself on screen
        self.ghosts.append(ghost)
        ghost.sigPlotChanged.connect(self.changed)
        ghost.visibleChanged.connect(self.changed)
        ghost.opacityChanged.connect(self.changed)
        self.changed()

    def remove(self, ghost: GhostCurve) -> None:
        self.ghosts.remove(ghost)
        ghost.layer = None
        for signal in (ghost.sigPlotChanged, ghost.visibleChanged, ghost.opacityChanged):
            signal.disconnect(self.changed)
        self.changed()

    def changed(self, *_args) -> None:
        """A ghost's data, visibility, opacity or pen changed: the picture (and its extent) is redrawn."""
        self._version += 1
        self.prepareGeometryChange()
        self.update()

    def viewTransformChanged(self) -> None:  # noqa: N802 — pyqtgraph's name
        self.prepareGeometryChange()  # the ghosts' extents include their pens' width in pixels

    def _painted(self) -> list[GhostCurve]:
        return [g for g in self.ghosts if g.isVisible() and g.opacity() >= HIDDEN_OPACITY]

    def boundingRect(self) -> QRectF:  # noqa: N802 — Qt's name
        rect = QRectF()
        for ghost in self._painted():
            rect = rect.united(ghost.boundingRect())
        return rect

    def paint(self, painter, option, widget) -> None:
        if widget is None:
            return  # scene.render / SVG export: the ghosts paint themselves
        ghosts = self._painted()
        transform = painter.worldTransform()  # item → the widget's (logical) pixels
        area = transform.mapRect(self.boundingRect()).toAlignedRect().intersected(widget.rect())
        if not ghosts or area.isEmpty():
            return
        ratio = painter.device().devicePixelRatioF()
        key = (self._version, transform, area, ratio, painter.renderHints())
        if key != self._image_key:
            self._image = self._draw(ghosts, transform, area, ratio, painter.renderHints(), option, widget)
            self._image_key = key
        painter.save()
        painter.resetTransform()
        painter.drawImage(area.topLeft(), self._image)
        painter.restore()

    @staticmethod
    def _draw(ghosts, transform, area, ratio, hints, option, widget) -> QImage:
        """The ghosts painted, each at its opacity, into a transparent image covering ``area``."""
        image = QImage(area.size() * ratio, QImage.Format.Format_ARGB32_Premultiplied)
        image.setDevicePixelRatio(ratio)
        image.fill(Qt.GlobalColor.transparent)
        painter = QPainter(image)
        try:
            painter.setRenderHints(hints)
            painter.translate(-area.topLeft().toPointF())
            painter.setWorldTransform(transform, combine=True)
            for ghost in ghosts:
                painter.save()
                painter.setOpacity(ghost.opacity())
                pg.PlotCurveItem.paint(ghost, painter, option, widget)
                painter.restore()
        finally:
            painter.end()
        return image
