"""The curves that spare Qt's bounds work on every slider move (app.views.revealed_curve): their bounding
rects must still cover what they draw, after a zoom as before it."""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6.QtWidgets import QApplication

from app.views.revealed_curve import EXTRA_PIXELS, RevealedCurve, ViewSizedCurve


def _plot(qtbot) -> pg.PlotWidget:
    widget = pg.PlotWidget()
    qtbot.addWidget(widget)
    widget.resize(400, 300)
    widget.show()
    qtbot.waitExposed(widget)
    return widget


def _expected_rect(curve: RevealedCurve, polyline: np.ndarray):
    """The whole polyline's bounds padded by half the pen and EXTRA_PIXELS, in the view's current pixels."""
    vx, vy = curve.pixelVectors()
    pixels = curve.opts["pen"].widthF() / 2 + EXTRA_PIXELS
    px, py = vx.length() * pixels, vy.length() * pixels
    x0, x1, y0, y1 = polyline[:, 0].min(), polyline[:, 0].max(), polyline[:, 1].min(), polyline[:, 1].max()
    return x0 - px, y0 - py, x1 + px, y1 + py


def test_a_revealed_path_is_bounded_by_its_whole_polyline_padded_in_the_current_pixels(qtbot):
    widget = _plot(qtbot)
    curve = RevealedCurve(pen=pg.mkPen("w", width=3))
    widget.addItem(curve)
    widget.setRange(xRange=(0, 10), yRange=(0, 10), padding=0)
    QApplication.processEvents()  # the view applies a new range when it is next laid out
    polyline = np.column_stack((np.linspace(1, 9, 50), np.linspace(2, 8, 50) ** 1.1))
    widths = []
    for zoom in (None, (4, 5)):  # before and after a zoom the padding follows the pixel size
        if zoom is not None:
            widget.setRange(xRange=zoom, yRange=zoom, padding=0)
            QApplication.processEvents()
            polyline = polyline.copy()  # a new race (a new polyline object) after the zoom
        curve.reveal(polyline, 10)
        rect = curve.boundingRect()
        expected = _expected_rect(curve, polyline)
        assert np.allclose((rect.left(), rect.top(), rect.right(), rect.bottom()), expected, rtol=1e-9, atol=1e-12)
        widths.append(rect.width())
    assert widths[1] < widths[0]  # zoomed in 10×: a pixel is 10× smaller in data units, and so is the padding
    x, y = curve.getData()
    assert x.shape[0] == 10  # only the prefix is drawn


def test_a_view_sized_curve_is_bounded_by_the_visible_range_and_follows_it(qtbot):
    widget = _plot(qtbot)
    curve = ViewSizedCurve(np.arange(100.0), np.linspace(-5, 50, 100))
    widget.addItem(curve)
    view = widget.getPlotItem().getViewBox()
    widget.setRange(xRange=(0, 50), yRange=(0, 10), padding=0)
    assert curve.boundingRect() == view.viewRect()
    widget.setRange(xRange=(10, 20), yRange=(1, 2), padding=0)
    assert curve.boundingRect() == view.viewRect()
    assert ViewSizedCurve(np.arange(3.0), np.arange(3.0)).boundingRect().width() == 2  # outside a view: its data
