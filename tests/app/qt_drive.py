"""Helpers that click and drag on the landscape in pixels, as a mouse would."""

from __future__ import annotations

import time

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QEvent, QPoint, QPointF, Qt
from PySide6.QtGui import QMouseEvent
from PySide6.QtWidgets import QApplication


def map_pixel(view, x: float, y: float) -> QPoint:
    """Viewport pixel of surface point (x, y) in a LandscapeView."""
    scene_point = view.view_box.mapViewToScene(QPointF(x, y))
    return view.graphics.mapFromScene(scene_point)


def send_mouse(widget, kind: QEvent.Type, pos: QPoint, buttons) -> None:
    """A mouse event with the buttons held (QTest.mouseMove cannot press buttons while moving)."""
    button = Qt.MouseButton.LeftButton if kind != QEvent.Type.MouseMove else Qt.MouseButton.NoButton
    event = QMouseEvent(kind, QPointF(pos), QPointF(widget.mapToGlobal(pos)), button, buttons,
                        Qt.KeyboardModifier.NoModifier)
    QApplication.sendEvent(widget, event)


def move_interval() -> float:
    """Seconds between two mouse moves that pyqtgraph's scene both handles: it drops a move that comes sooner
    than 1/mouseRateLimit after the last one it took (a real mouse reports ~100 moves a second)."""
    rate = pg.getConfigOption("mouseRateLimit")
    return 0.0 if rate <= 0 else 1.0 / rate + 0.002


def drag(view, start: tuple[float, float], end: tuple[float, float], steps: int = 6, on_move=None) -> None:
    """Press at ``start``, move in ``steps`` moves paced as a mouse's, release at ``end``: every move reaches
    the scene, however fast this machine sends them."""
    viewport = view.graphics.viewport()
    held = Qt.MouseButton.LeftButton
    send_mouse(viewport, QEvent.Type.MouseButtonPress, map_pixel(view, *start), held)
    for t in np.linspace(0, 1, steps + 1)[1:]:
        point = (start[0] + t * (end[0] - start[0]), start[1] + t * (end[1] - start[1]))
        time.sleep(move_interval())
        send_mouse(viewport, QEvent.Type.MouseMove, map_pixel(view, *point), held)
        QApplication.processEvents()
        if on_move is not None:
            on_move()
    send_mouse(viewport, QEvent.Type.MouseButtonRelease, map_pixel(view, *end), Qt.MouseButton.NoButton)
    QApplication.processEvents()
