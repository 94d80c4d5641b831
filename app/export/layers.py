"""A still picture in three layers, so that the slow part is drawn off the GUI thread (issue 16 item 6).

Qt's graphics items may only be painted on the GUI thread, and at 8K the long paths cost seconds there
(16 runs × 100,000 steps: ~1.7 s of stroking on top of ~0.8 s for the rest). So an export view's scene is
split by stacking order into

* the **background** (map, contours, axes, colour bar, markers under the paths…), painted through the scene
  on the GUI thread, a strip at a time between events (:func:`paint_strips`);
* the **strokes**: the paths and ghosts as plain data (:class:`Stroke`: points, pen, transform, clip),
  taken on the GUI thread and painted by :func:`paint_strokes` on a worker thread — QPainter on a QImage
  is thread-safe, widgets and graphics items are not;
* the **overlay** (heads, legend, vectors, insets: everything stacked above the last path), painted like
  the background into a transparent image and laid over the strokes on the worker.

The result is the picture the scene renders in one go, except that an item interleaved with the paths
(the minima markers between ghosts and paths) goes under all of them.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

import numpy as np
from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QBrush, QImage, QPainter, QPen, QTransform
from PySide6.QtWidgets import QGraphicsEllipseItem, QGraphicsItem, QGraphicsWidget

from app.views.long_segments import stroke_polyline

STRIP_PIXELS = 540  # device rows per strip: an 8K background strip paints in ~0.1 s
HIDDEN_OPACITY = 0.001  # QGraphicsItemPrivate::isOpacityNull is opacity < 0.001
_NO_PROPAGATE = QGraphicsItem.GraphicsItemFlag.ItemDoesntPropagateOpacityToChildren


@dataclass(frozen=True)
class Stroke:
    """One polyline as plain data a worker thread can paint: ``x``, ``y`` in the item's coordinates,
    ``connect`` (point i joins i + 1), its ``pen``, the item→logical-pixel ``transform`` and the logical
    ``clip`` rectangle (the map's frame)."""

    x: np.ndarray
    y: np.ndarray
    connect: np.ndarray
    pen: QPen
    transform: QTransform
    clip: QRectF
    antialias: bool

    def paint(self, painter: QPainter) -> None:
        stroke_polyline(painter, self.x, self.y, self.connect, self.pen, self.antialias)


@dataclass(frozen=True)
class Mark:
    """An ellipse item (a run's head) as plain data: its ``rect``, ``pen``, ``brush``, item→logical-pixel
    ``transform`` and the ``clip`` rectangle."""

    rect: QRectF
    pen: QPen
    brush: QBrush
    transform: QTransform
    clip: QRectF

    def paint(self, painter: QPainter) -> None:
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        painter.setPen(self.pen)
        painter.setBrush(self.brush)
        painter.drawEllipse(self.rect)


@dataclass(frozen=True)
class Layers:
    """Which items of a scene go in which layer (lists in stacking order)."""

    background: list
    strokes: list
    overlay: list


def split_layers(scene, stroked: list) -> Layers:
    """Sort ``scene``'s items around the ``stroked`` ones (see the module docstring); :func:`uncache` it."""
    uncache(scene)
    ordered = scene.items(Qt.SortOrder.AscendingOrder)
    chosen = set(stroked)
    positions = [i for i, item in enumerate(ordered) if item in chosen]
    last = positions[-1] if positions else len(ordered)
    background = [item for i, item in enumerate(ordered) if i < last and item not in chosen]
    overlay = [item for i, item in enumerate(ordered) if i > last and item not in chosen]
    return Layers(background, [item for item in ordered if item in chosen], overlay)


def uncache(scene) -> None:
    """Turn item caches off before painting in strips: a pixmap cache filled while one strip is exposed
    would show in the next strip shifted."""
    for item in scene.items():
        item.setCacheMode(QGraphicsItem.CacheMode.NoCache)


@contextmanager
def only_showing(scene, shown: list) -> Iterator[None]:
    """Paint only ``shown`` of ``scene``'s items, the others made transparent, and restore them after.

    A parent is not set to opacity 0 (Qt then skips its whole subtree, whatever its flags) but to
    HIDDEN_OPACITY, the least Qt still walks into, with its opacity not passed on to its children: what it
    paints itself comes out at alpha 255 × 0.001, i.e. 0."""
    keep = set(shown)
    changed = []
    for item in scene.items():
        if item in keep:
            continue
        changed.append((item, item.opacity(), bool(item.flags() & _NO_PROPAGATE)))
        item.setFlag(_NO_PROPAGATE, True)
        item.setOpacity(HIDDEN_OPACITY if item.childItems() else 0.0)
    try:
        yield
    finally:
        for item, opacity, flag in changed:
            item.setOpacity(opacity)
            item.setFlag(_NO_PROPAGATE, flag)


def strips(height: int, rows: int = STRIP_PIXELS) -> list[tuple[int, int]]:
    """(top, bottom) device rows of the strips an image of ``height`` rows is painted in."""
    return [(top, min(top + rows, height)) for top in range(0, height, rows)]


def paint_strip(scene, image: QImage, logical: QRectF, rows: tuple[int, int], scale: float) -> None:
    """Paint ``scene`` (its ``logical`` rectangle, onto the whole image) where the device ``rows`` are;
    the image's devicePixelRatio is ``scale``."""
    painter = QPainter(image)
    try:
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setRenderHint(QPainter.RenderHint.TextAntialiasing)
        painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
        top, bottom = rows
        painter.setClipRect(QRectF(0, top / scale, logical.width(), (bottom - top) / scale))
        scene.render(painter, logical, logical)
    finally:
        painter.end()


def layout_key(scene) -> tuple:
    """Where every layout widget of ``scene`` sits: equal keys before and after a paint mean the paint
    changed no layout (axes widen for their tick labels only once they have painted them)."""
    return tuple(tuple(item.sceneBoundingRect().getRect()) for item in scene.items()
                 if isinstance(item, QGraphicsWidget))


def paint_nothing(scene, logical: QRectF, skipped: list) -> None:
    """A paint of ``scene`` into one pixel, without the ``skipped`` items (the long paths: Qt strokes
    them whole, whatever the clip): lets the items bring themselves up to date (tick labels, view
    transforms) before the strips of a picture are painted, for next to nothing."""
    image = QImage(1, 1, QImage.Format.Format_ARGB32_Premultiplied)
    opacities = [item.opacity() for item in skipped]
    for item in skipped:
        item.setOpacity(0.0)
    painter = QPainter(image)
    try:
        scene.render(painter, QRectF(0, 0, 1, 1), QRectF(logical.x(), logical.y(), 1, 1))
    finally:
        painter.end()
        for item, opacity in zip(skipped, opacities, strict=True):
            item.setOpacity(opacity)


def connect_mask(setting, count: int) -> np.ndarray:
    """PlotCurveItem's ``connect`` option as a mask: point i joins i + 1."""
    if isinstance(setting, str):
        if setting == "pairs":
            return np.arange(count) % 2 == 0
        return np.ones(count, bool)
    return np.array(setting, bool)


def take_strokes(items: list, clip: QRectF) -> list:
    """The plain data of ``items`` (GUI thread): a :class:`Stroke` per curve (anything with getData and a
    pen in ``opts``), a :class:`Mark` per ellipse, each clipped to ``clip`` as the map clips it."""
    if items and hasattr(items[0].scene(), "prepareForPaint"):
        items[0].scene().prepareForPaint()  # a ViewBox brings its transform up to date only before a paint
    strokes = []
    for item in items:
        # deviceTransform, not sceneTransform: a head marker ignores the view's scale (it stays round)
        transform = QTransform(item.deviceTransform(QTransform()))
        if isinstance(item, QGraphicsEllipseItem):
            if item.isVisible():
                strokes.append(Mark(QRectF(item.rect()), QPen(item.pen()), QBrush(item.brush()), transform,
                                    QRectF(clip)))
            continue
        x, y = item.getData()
        if x is None or len(x) < 2:
            continue
        connect = connect_mask(item.opts.get("connect", "all"), len(x))
        for pen in (item.opts.get("shadowPen"), item.opts.get("pen")):
            if pen is None or pen.style() == Qt.PenStyle.NoPen:
                continue
            strokes.append(Stroke(np.array(x, np.float64), np.array(y, np.float64), np.array(connect, bool),
                                  QPen(pen), transform, QRectF(clip),
                                  bool(item.opts.get("antialias", True))))
    return strokes


def paint_strokes(image: QImage, strokes: list, cancelled=lambda: False) -> None:
    """Paint the strokes and marks onto ``image`` in order (any thread); stops once ``cancelled()``."""
    painter = QPainter(image)
    try:
        for stroke in strokes:
            if cancelled():
                return
            painter.resetTransform()
            painter.setClipRect(stroke.clip)
            painter.setTransform(stroke.transform)
            stroke.paint(painter)
    finally:
        painter.end()


def draw_over(image: QImage, overlay: QImage) -> None:
    """Lay ``overlay`` (same size and device pixel ratio, transparent where empty) over ``image`` (any
    thread)."""
    painter = QPainter(image)
    try:
        painter.drawImage(QPointF(0, 0), overlay)
    finally:
        painter.end()


def map_clip(view_box) -> QRectF:
    """The map's frame in logical pixels: what the view box clips its paths to."""
    return view_box.mapRectToScene(view_box.boundingRect())
