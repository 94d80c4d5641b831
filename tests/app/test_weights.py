"""The two-losses preset: a and b have sliders; a common factor leaves Adam alone, a new ratio does not."""

import numpy as np

from app.resources import resource_path
from core.engine import run
from core.surfaces import surface_from_formula


def test_weight_sliders_change_the_surface_and_only_the_ratio_moves_adam(window, qtbot):
    assert window.open_scene(resource_path("presets", "lesson_weighted_losses.json"))
    window.model.wait_idle()
    panel = window.surface_panel
    a_slider, b_slider = panel.params["a"], panel.params["b"]
    assert a_slider.isVisible() and b_slider.isVisible()
    assert not panel.params["condition"].isVisible()
    scene = window.model.scene
    adam = next(i for i, e in enumerate(scene.optimizers) if e.spec.kind == "adam")
    before = window.model.race.effective.points[adam].copy()

    b_slider.valueEdited.emit(10.0)  # what a drag or typed value sends
    window.model.wait_idle()
    scene = window.model.scene
    assert scene.surface.params == {"a": 1.0, "b": 10.0}
    first = surface_from_formula("(x - 1)^2 + 3*(y - 1)^2")
    second = surface_from_formula("3*(x + 1)^2 + (y + 1)^2")
    xs, ys = np.array([0.3, -2.0]), np.array([1.5, 0.2])
    np.testing.assert_allclose(scene.surface.value(xs, ys), first.value(xs, ys) + 10 * second.value(xs, ys))
    ratio_changed = window.model.race.effective.points[adam]
    assert np.abs(ratio_changed - before).max() > 0.1  # the balance moved Adam

    a_slider.valueEdited.emit(10.0)  # now a = b = 10: the same ratio as 1:1, ten times the loss
    window.model.wait_idle()
    common = window.model.race.effective.points[adam]
    expected = run(window.model.scene.surface, [window.model.scene.effective_specs()[adam]], scene.steps,
                   start=scene.start).points[0]
    np.testing.assert_array_equal(common, expected)
    assert np.abs(common - before).max() < 1e-5  # a common factor: Adam's path is (nearly) unchanged
    assert window.model.scene.to_dict()["surface"]["weighted"]["a"] == 10.0


def test_weights_on_a_plain_surface_are_refused(window):
    assert not window.model.set_weights(a=2.0)
    assert "not a weighted" in window.model.last_error
    assert not window.surface_panel.params["a"].isVisible()
