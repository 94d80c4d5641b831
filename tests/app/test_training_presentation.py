"""Presentation mode (F11) makes the Training tab's plots readable from the back of a hall, live."""

from __future__ import annotations

import pytest


@pytest.fixture
def settings():
    from app.launch import throwaway_settings

    return throwaway_settings()


def test_plots_grow_in_presentation_mode_and_shrink_back(qtbot, settings):
    from PySide6.QtWidgets import QVBoxLayout, QWidget

    from app.presentation import PRESENTATION_SCALE
    from app.training.curves import CurvesView
    from app.training.landscape_view import LandscapeView
    from app.training.presentation_look import PresentationLook

    root = QWidget()
    qtbot.addWidget(root)
    box = QVBoxLayout(root)
    curves, landscape = CurvesView(), LandscapeView()
    box.addWidget(curves)
    box.addWidget(landscape)
    look = PresentationLook(root)
    look.follow(settings)
    axis = curves.plots.loss_plot.getAxis("left")
    curve = curves.plots.loss_curves["b"]
    head = landscape.map.heads["a"]
    before = (axis.style["tickFont"].pointSizeF() if axis.style.get("tickFont") else None,
              curve.opts["pen"].widthF(), head.opts["size"])

    title = curves.plots.loss_plot.titleLabel
    title_size = float(title.opts["size"][:-2])
    settings.set_presentation_mode(True)
    assert float(title.opts["size"][:-2]) == pytest.approx(title_size * PRESENTATION_SCALE, abs=0.05)
    tick = axis.style["tickFont"].pointSizeF()
    assert tick >= 1.4 * (before[0] or tick / PRESENTATION_SCALE)
    assert curve.opts["pen"].widthF() == pytest.approx(max(before[1], 1.0) * PRESENTATION_SCALE)
    assert head.opts["size"] == pytest.approx(before[2] * PRESENTATION_SCALE)
    assert axis.labelStyle["font-size"].endswith("pt")

    settings.set_presentation_mode(False)
    assert float(title.opts["size"][:-2]) == pytest.approx(title_size, abs=0.05)
    assert axis.style["tickFont"].pointSizeF() == pytest.approx(tick / PRESENTATION_SCALE)
    assert curve.opts["pen"].widthF() == pytest.approx(max(before[1], 1.0))
    assert head.opts["size"] == pytest.approx(before[2])
    landscape.runner.shutdown()
    landscape.chart.shutdown()
