"""app.training.picture_playback: a recorded picture played without the GIL draws what QPainter.drawPicture
draws, on the same thread, pixel for pixel (and falls back to drawPicture where Qt's function is not found)."""

from __future__ import annotations

import sys

import numpy as np
import pytest
from PySide6.QtCore import QPointF, QRect, QRectF, Qt
from PySide6.QtGui import QColor, QImage, QPainter, QPen, QPicture

from app.training import picture_playback


def recording() -> QPicture:
    """Dashed cosmetic and thick lines, text, a scaled image, a clip that the recording replaces."""
    picture = QPicture()
    painter = QPainter(picture)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.scale(3.7, 3.7)
    tile = QImage(8, 8, QImage.Format.Format_ARGB32)
    for x in range(8):
        for y in range(8):
            tile.setPixelColor(x, y, QColor.fromHsv(40 * x % 360, 200, 30 * y + 20))
    painter.drawImage(QRectF(10, 10, 60, 40), tile)
    dashed = QPen(QColor("#ffcc00"), 0, Qt.PenStyle.DashLine)
    painter.setPen(dashed)
    painter.drawPolyline([QPointF(x, 50 + 30 * np.sin(x / 9)) for x in range(0, 160, 3)])
    painter.setClipRect(QRect(0, 0, 120, 90))
    painter.setPen(QPen(QColor(80, 160, 255, 160), 2.5))
    painter.drawEllipse(QPointF(80, 45), 50, 30)
    painter.setClipRect(QRect(0, 0, 170, 100), Qt.ClipOperation.ReplaceClip)
    painter.setPen(QColor("white"))
    painter.drawText(QPointF(12, 92), "loss 0.0123 · step 500")
    painter.end()
    return picture


def drawn(draw) -> QImage:
    image = QImage(640, 380, QImage.Format.Format_ARGB32)
    image.fill(QColor("#0b1320"))
    painter = QPainter(image)
    painter.translate(3, 2)  # the painter's own state is kept through the picture, as drawPicture keeps it
    draw(painter)
    painter.drawLine(0, 0, 40, 40)
    painter.end()
    return image


@pytest.mark.parametrize("native", [True, False])
def test_play_draws_what_draw_picture_draws(monkeypatch, native):
    picture = recording()
    if native:
        if sys.platform.startswith("linux"):
            assert picture_playback.native_play() is not None  # found in the QtGui PySide6 loaded
    else:
        monkeypatch.setattr(picture_playback, "native_play", lambda: None)
    expected = drawn(lambda painter: painter.drawPicture(0, 0, picture))
    played = drawn(lambda painter: picture_playback.play(painter, picture))
    assert played == expected
    assert len({expected.pixel(x, y) for x in range(0, 640, 5) for y in range(0, 380, 5)}) > 20  # not blank


def test_a_painter_that_could_not_begin_draws_nothing_and_does_not_crash():
    painter = QPainter()  # never begun: as on an image too big to allocate
    picture_playback.play(painter, recording())
    assert not painter.isActive()
