"""Several items of a plot painted on screen as one image: a repaint then blends one picture instead of
one pixmap cache per item (the seven ghosts, or the map under its hatching and contours: every cache the
size of the view blended on every frame of a slider drag costs ~0.3 ms).

Each item stays itself (exporters read and re-set its data, pen, visibility and opacity): a
:class:`ScreenLayer` paints the items added to it, and only when a widget is painted; where none is —
QGraphicsScene.render in the exporters, pyqtgraph's SVG export — each item paints itself and the layer
paints nothing, so exports see exactly the items they always saw. The items are made from classes mixed
with :class:`PaintedByLayer`. The layer keeps its own image rather than using Qt's item cache because Qt
paints an item's cache without the widget, which is what tells the two cases apart.
"""

from __future__ import annotations

import pyqtgraph as pg
from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QImage, QPainter
from PySide6.QtWidgets import QGraphicsItem

HIDDEN_OPACITY = 0.001  # Qt treats an item's opacity below this as fully transparent (not painted)


class PaintedByLayer:
    """Mixed into an item class (before it): in a window its layer paints it, elsewhere it paints itself."""

    screen_layer: ScreenLayer | None = None

    def paint(self, painter, option, widget=None):
        if widget is not None and self.screen_layer is not None:
            return  # painted, with the layer's other items, into the layer's image
        super().paint(painter, option, widget)


class GhostCurve(PaintedByLayer, pg.PlotCurveItem):
    """A ghost (a run's reference run, drawn whole and faint)."""


class LayerImage(PaintedByLayer, pg.ImageItem):
    """An image (the map, its hatching) painted by a layer on screen."""


class LayerCurve(PaintedByLayer, pg.PlotCurveItem):
    """A curve (the contours) painted by a layer on screen."""


class ScreenLayer(pg.GraphicsObject):
    """Paints its items (visible and not made transparent), in the order added, in a window, from one
    image in device pixels redrawn only when an item or the view's transform changes. It must share the
    items' parent (all added to the same plot item); its z value says where the picture goes."""

    def __init__(self):
        super().__init__()
        self.items: list[QGraphicsItem] = []
        self._version = 0  # bumped on every change of an item
        self._image: QImage | None = None
        self._image_key: tuple | None = None  # what the image was drawn for
        self._bounds: QRectF | None = None  # the union of the items' extents (Qt asks several times a paint)

    def add(self, item: PaintedByLayer) -> None:
        item.screen_layer = self
        item.setCacheMode(QGraphicsItem.CacheMode.NoCache)  # it paints nothing itself on screen
        self.items.append(item)
        for signal in self._signals(item):
            signal.connect(self.changed)
        self.changed()

    def remove(self, item: PaintedByLayer) -> None:
        self.items.remove(item)
        item.screen_layer = None
        for signal in self._signals(item):
            signal.disconnect(self.changed)
        self.changed()

    @staticmethod
    def _signals(item) -> list:
        changed = getattr(item, "sigPlotChanged", None) or getattr(item, "sigImageChanged", None)
        return [s for s in (changed, item.visibleChanged, item.opacityChanged) if s is not None]

    def changed(self, *_args) -> None:
        """An item's data, visibility or opacity changed (its owner calls this after a new pen, rect or
        level): the picture (and its extent) is redrawn."""
        self._version += 1
        self.prepareGeometryChange()
        self._bounds = None
        self.update()

    def viewTransformChanged(self) -> None:  # noqa: N802 — pyqtgraph's name
        self.prepareGeometryChange()  # curves' extents include their pens' width in pixels
        self._bounds = None

    def _painted(self) -> list:
        return [item for item in self.items if item.isVisible() and item.opacity() >= HIDDEN_OPACITY]

    def boundingRect(self) -> QRectF:  # noqa: N802 — Qt's name
        if self._bounds is None:
            rect = QRectF()
            for item in self._painted():
                rect = rect.united(self.mapRectFromItem(item, item.boundingRect()))
            self._bounds = rect
        return QRectF(self._bounds)

    def paint(self, painter, option, widget) -> None:
        if widget is None:
            return  # scene.render / SVG export: the items paint themselves
        items = self._painted()
        transform = painter.worldTransform()  # layer → the widget's (logical) pixels
        # Cut to the widget before rounding to whole pixels: a diverged run's ghost reaches 1e7 away, whose
        # extent in pixels overflows an integer rectangle (the picture was silently empty: every ghost of
        # the map vanished).
        area = transform.mapRect(self.boundingRect()).intersected(QRectF(widget.rect())).toAlignedRect()
        if not items or area.isEmpty():
            return
        ratio = painter.device().devicePixelRatioF()
        key = (self._version, transform, area, ratio, painter.renderHints())
        if key != self._image_key:
            self._image = self._draw(items, transform, area, ratio, painter.renderHints(), option, widget)
            self._image_key = key
        painter.save()
        painter.resetTransform()
        painter.drawImage(area.topLeft(), self._image)
        painter.restore()

    def _draw(self, items, transform, area, ratio, hints, option, widget) -> QImage:
        """``items`` painted, each at its opacity and with its own transform, into a transparent image
        covering ``area``."""
        image = QImage(area.size() * ratio, QImage.Format.Format_ARGB32_Premultiplied)
        image.setDevicePixelRatio(ratio)
        image.fill(Qt.GlobalColor.transparent)
        painter = QPainter(image)
        try:
            painter.setRenderHints(hints)
            painter.translate(-area.topLeft().toPointF())
            painter.setWorldTransform(transform, combine=True)
            for item in items:
                painter.save()
                painter.setOpacity(item.opacity())
                item_transform, _ok = item.itemTransform(self)
                painter.setWorldTransform(item_transform, combine=True)
                super(PaintedByLayer, item).paint(painter, option, widget)
                painter.restore()
        finally:
            painter.end()
        return image
