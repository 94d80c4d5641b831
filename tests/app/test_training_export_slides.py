"""A Training-tab picture is for slides: the plots and their read-outs, not the controls; a landscape not
computed yet says so instead of showing an axis of a range nobody chose."""

from __future__ import annotations

import numpy as np
from PySide6.QtGui import QImage

from app.training import export
from app.training.landscape_map import LandscapeMap


def test_the_controls_are_hidden_while_the_landscape_is_drawn(tmp_path, monkeypatch, make_landscape_with_chart):
    view = make_landscape_with_chart(460, 560)
    map_top_on_screen = view.map.mapTo(view, view.map.rect().topLeft()).y()
    seen = {}
    real_render = export._render

    def spy(painter, widget, target):
        seen["controls"] = [c.isVisible() for c in widget.export_controls()]
        seen["map_top"] = view.map.mapTo(view, view.map.rect().topLeft()).y()
        seen["chart"] = view.chart.isVisible()
        real_render(painter, widget, target)

    monkeypatch.setattr(export, "_render", spy)
    out = export.export_widget(view, tmp_path / "slide.png", (460, 560))
    assert QImage(str(out)).width() == 460
    assert seen["controls"] and not any(seen["controls"])
    assert seen["chart"]  # the plots stay
    assert seen["map_top"] < map_top_on_screen  # laid out again: the map moved up into the controls' room
    assert all(c.isVisible() for c in view.export_controls())  # and the window got them back


def test_an_empty_landscape_says_not_computed_instead_of_plus_minus_500(qtbot):
    from core.training.landscape import Slice

    drawn = LandscapeMap()
    qtbot.addWidget(drawn)
    bottom = drawn.plot_item.getAxis("bottom")
    assert drawn.empty_note.isVisible() and drawn.empty_note.toPlainText() == "not computed yet"
    assert not bottom.style["showValues"] and not drawn.colorbar.isVisible()
    grid = np.linspace(-2.0, 2.0, 5)
    drawn.show_slice(Slice(grid, grid, np.add.outer(grid ** 2, grid ** 2) + 1.0, "full"))
    assert not drawn.empty_note.isVisible()
    assert bottom.style["showValues"] and drawn.colorbar.isVisible()
