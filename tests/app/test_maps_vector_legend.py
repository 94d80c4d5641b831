"""The vectors' overlay in the window at 1280×720 (review of the Race tab): at step 18 of
lesson_stability_edge the arrows at a scale chosen for the whole race were shorter than the head marker;
in the slide theme its legend hid the whole path."""

from __future__ import annotations

import numpy as np
import pytest
from PySide6.QtCore import QPointF
from PySide6.QtWidgets import QApplication

from app.themes import SLIDE


@pytest.fixture
def dock(window, make_inside_dock):
    window.resize(1280, 720)
    window.set_theme(SLIDE)
    assert window.open_scene("resources/presets/lesson_stability_edge.json")
    return make_inside_dock(window)


def test_the_arrows_at_step_18_are_longer_than_the_head_marker(window, dock):
    window.playback.timeline.setValue(18)
    QApplication.processEvents()
    overlay = dock.overlay
    px, py = overlay.view_box.viewPixelSize()
    longest = 0.0
    for kind in ("descent", "buffer", "step"):
        shafts = overlay.shafts[kind]
        if shafts.size:
            d = (shafts[:, 1] - shafts[:, 0]) / np.array([px, py])
            longest = max(longest, float(np.hypot(d[:, 0], d[:, 1]).max()))
    assert longest > 2 * SLIDE.head_size  # pixels: an arrow reaches well beyond the head
    assert f"× {overlay.scale:g}".replace("-", "−") in overlay.scale_label.text  # and the legend says so


def test_the_vector_legend_hides_no_path_shown_and_not_the_maps_legend(window, dock):
    """With the dock open the map is ~190 px wide: the legend shrinks to a free spot, or to the spot that
    hides the fewest of the whole race's points; what is on the map at step 18 stays visible."""
    window.playback.timeline.setValue(18)
    QApplication.processEvents()
    view, legend = window.landscape, dock.overlay.legend
    assert legend.isVisible()
    assert legend.boundingRect().width() < view.view_box.width()  # no longer 1000 px wide
    box = legend.sceneBoundingRect()
    race, scene = window.model.race, window.model.scene
    shown = [race.effective.points[i, :19] for i, entry in enumerate(scene.optimizers) if entry.enabled]
    points = np.concatenate([*shown, np.reshape(scene.start, (1, 2)), np.reshape(scene.surface.minima, (-1, 2))])
    hidden = [p for p in points if box.contains(view.view_box.mapViewToScene(QPointF(*p)))]
    assert hidden == []
    if view.inner_legend.isVisible():
        assert not box.intersects(view.inner_legend.sceneBoundingRect())


def test_at_1280x720_the_maps_legend_fits_the_map_and_the_vector_legend_keeps_clear_of_it(window, qtbot):
    """With the dock open the map is ~170 px wide: the map's five-run legend (~200 px) was placed across the
    y axis, and after it settled (its timer) on top of the vectors' legend, placed before it."""
    window.resize(1280, 720)
    assert window.open_scene("resources/presets/lesson_stability_limit.json")
    view = window.landscape
    qtbot.waitUntil(lambda: not view.legend_timer.isActive(), timeout=5000)  # placed on the wide map first
    window.show_inside(True)  # View ▸ Inside the optimizer
    dock = window.inside_dock
    qtbot.waitUntil(lambda: dock.inside.inside is not None and not view.legend_timer.isActive(), timeout=30000)
    QApplication.processEvents()
    area = view.view_box.sceneBoundingRect()
    inner, vectors = view.inner_legend, dock.overlay.legend
    assert vectors.isVisible() and area.contains(vectors.sceneBoundingRect())
    if inner.isVisible() and inner.items:  # inside the map: all of it, and clear of the vectors' legend
        assert area.contains(inner.sceneBoundingRect())
        assert not vectors.sceneBoundingRect().intersects(inner.sceneBoundingRect())
    else:  # beside the map: clear of it and of its axis (pyqtgraph had put it at the corner, over both)
        outer = view.legend.outer
        assert view.legend.crowded and outer.isVisible()
        assert not outer.sceneBoundingRect().intersects(view.plot_item.sceneBoundingRect())
    window.show_inside(False)
    dock.shutdown()


def test_the_vector_legend_moves_when_the_maps_legend_settles_onto_it(window, make_inside_dock, qtbot):
    """The map's legend is placed on its settle timer, after the vectors' legend found its spot: it then
    landed on top of it."""
    window.resize(1700, 1000)
    dock = make_inside_dock(window)
    view, vectors = window.landscape, dock.overlay.legend
    qtbot.waitUntil(lambda: not view.legend_timer.isActive(), timeout=5000)
    inner = view.inner_legend
    assert inner.isVisible() and not view.legend.crowded
    settled = inner.sceneBoundingRect()
    inner.anchor(itemPos=(0, 1), parentPos=(0, 1), offset=(8, -8))  # elsewhere while the vectors' legend is placed
    QApplication.processEvents()
    dock.overlay.place_legend()
    assert vectors.sceneBoundingRect().intersects(settled)  # it took the spot the map's legend settles on …
    view.place_legend()  # … which the map's legend now takes back
    QApplication.processEvents()
    assert inner.sceneBoundingRect() == settled
    assert not vectors.sceneBoundingRect().intersects(inner.sceneBoundingRect())
