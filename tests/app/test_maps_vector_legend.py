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
