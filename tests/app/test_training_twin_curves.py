"""Coinciding twins stay visible (issue 15 item 6): where A's and B's curves are the same, A still shows."""

from __future__ import annotations

import numpy as np

from app.training.controls import COLOURS
from app.training.plots import TrainingPlots


def _count(image, colour, tolerance=40) -> int:
    from PySide6.QtGui import QColor

    hits = 0
    for y in range(0, image.height(), 2):
        for x in range(0, image.width(), 2):
            c = QColor(image.pixel(x, y))
            if abs(c.red() - colour[0]) + abs(c.green() - colour[1]) + abs(c.blue() - colour[2]) < tolerance:
                hits += 1
    return hits


def test_identical_curves_of_a_and_b_both_show(qtbot):
    plots = TrainingPlots()
    qtbot.addWidget(plots)
    plots.resize(700, 600)
    plots.show()
    steps = np.arange(1.0, 101.0)
    values = 1.0 + 0.5 * np.cos(steps / 15.0)
    for run in ("a", "b"):
        plots.loss_curves[run].setData(steps, values)
        plots.score_curves[run].setData(steps, values)
    for plot in (plots.loss_plot, plots.score_plot):
        plot.setRange(xRange=(0, 100), yRange=(0, 2), padding=0)
    image = plots.grab().toImage()
    a, b = _count(image, COLOURS["a"]), _count(image, COLOURS["b"])
    assert b > 50  # B on top …
    assert a > 0.3 * b  # … and A's rim around it, not hidden under it
