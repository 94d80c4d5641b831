"""The window's map legend at 1280×720 (review of the Race tab): compact, and placed where it hides none of
the paths, the start marker or the minima — or beside the map when no spot inside is free."""

from __future__ import annotations

import numpy as np
import pytest
from PySide6.QtCore import QPointF
from PySide6.QtWidgets import QApplication

from app.themes import DARK, SLIDE
from app.views.map_legend import LEGEND_SPOTS, best_spot, legend_font_size

CROWDED_PRESETS = ["lesson_mixed_precision", "lesson_weight_decay", "lesson_adam_loss_scale", "race_himmelblau",
                   "lesson_rosenbrock"]


def hidden_points(view) -> int:
    """How many of the paths' points, the start and the minima lie under the inner legend (0 when the
    legend is beside the map)."""
    legend = view.inner_legend
    if not legend.isVisible():
        assert view.outer_legend.isVisible() and view.outer_legend.items
        return 0
    box = legend.sceneBoundingRect()
    count = 0
    for x, y in view.key_points():
        if np.isfinite(x) and np.isfinite(y) and box.contains(view.view_box.mapViewToScene(QPointF(x, y))):
            count += 1
    return count


@pytest.mark.parametrize("theme", [SLIDE, DARK], ids=["slide", "dark"])
def test_the_legend_hides_no_path_start_or_minimum_at_1280x720(window, qtbot, theme):
    window.resize(1280, 720)
    window.set_theme(theme)
    view = window.landscape
    for name in CROWDED_PRESETS:
        assert window.open_scene(f"resources/presets/{name}.json")
        assert window.model.wait_idle()
        QApplication.processEvents()
        qtbot.waitUntil(lambda: bool(view.inner_legend.items or view.outer_legend.items))
        # the new texts follow on the legend's timer (and move the legend again): wait for them
        qtbot.waitUntil(lambda: not view.legend_timer.isActive())
        QApplication.processEvents()
        points = view.key_points()
        assert points.shape[0] > 100  # the paths are in
        assert hidden_points(view) == 0, name


def test_the_legend_font_is_smaller_than_the_axes():
    assert legend_font_size(SLIDE) < SLIDE.font_size and legend_font_size(DARK) <= DARK.font_size


def test_best_spot_avoids_points_and_prefers_the_top_right_corner():
    empty = np.zeros((0, 2))
    rect, covered = best_spot(600, 400, 200, 100, empty)
    assert covered == 0 and rect.right() > 580 and rect.top() < 20
    # a path along the top edge: the legend goes to the bottom right
    top = np.column_stack((np.linspace(0, 600, 200), np.full(200, 30.0)))
    rect, covered = best_spot(600, 400, 200, 100, top)
    assert covered == 0 and rect.top() > 250 and rect.right() > 580
    # points everywhere: the least covered spot, with its count
    everywhere = np.array([(x, y) for x in range(0, 600, 20) for y in range(0, 400, 20)], float)
    rect, covered = best_spot(600, 400, 200, 100, everywhere)
    assert covered > 0
    assert len(LEGEND_SPOTS) == len(set(LEGEND_SPOTS))


def test_a_legend_wider_or_taller_than_the_map_fits_no_spot():
    """A 200 px legend on a 175 px map (the dock open at 1280×720) was placed across the y axis, as if free."""
    few = np.array([[50.0, 300.0]])
    for size in ((200, 100), (100, 400)):
        rect, covered = best_spot(175, 350, *size, few)
        assert covered > len(few)  # worse than any spot that fits: the caller moves it beside the map
        assert rect.left() >= 0 and rect.top() >= 0


def test_a_legend_beside_the_map_keeps_its_place_when_a_row_is_added(qtbot):
    """pyqtgraph's LegendItem.updateSize (every addItem) sets its geometry at (0, 0): the legend beside the
    map jumped over the axis and the map until its layout next ran."""
    import pyqtgraph as pg

    from app.views.map_legend import LaidOutLegend

    widget = pg.GraphicsLayoutWidget()
    qtbot.addWidget(widget)
    widget.resize(600, 400)
    widget.addPlot(row=0, col=0)
    legend = LaidOutLegend()
    widget.addItem(legend, row=0, col=1)
    legend.addItem(pg.PlotDataItem(), "first")
    widget.show()
    qtbot.waitUntil(lambda: legend.pos().x() > 100)  # laid out beside the plot
    placed = legend.pos()
    legend.addItem(pg.PlotDataItem(), "a second, longer row")
    assert legend.pos() == placed  # at once, not only after the layout's next run
    qtbot.waitUntil(lambda: legend.geometry().width() > 0 and legend.pos().x() > 100)
