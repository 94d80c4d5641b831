"""Helpers that click and drag on the landscape in pixels, as a mouse would."""

from __future__ import annotations

import numpy as np
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


def drag(view, start: tuple[float, float], end: tuple[float, float], steps: int = 6, on_move=None) -> None:
    viewport = view.graphics.viewport()
    held = Qt.MouseButton.LeftButton
    send_mouse(viewport, QEvent.Type.MouseButtonPress, map_pixel(view, *start), held)
    for t in np.linspace(0, 1, steps + 1)[1:]:
        point = (start[0] + t * (end[0] - start[0]), start[1] + t * (end[1] - start[1]))
        send_mouse(viewport, QEvent.Type.MouseMove, map_pixel(view, *point), held)
        QApplication.processEvents()
        if on_move is not None:
            on_move()
    send_mouse(viewport, QEvent.Type.MouseButtonRelease, map_pixel(view, *end), Qt.MouseButton.NoButton)
    QApplication.processEvents()
