"""core.scene rules that protect every later action (issue 16), and the surface derived from its source
(issue 13). Core-only tests, kept with the app's because the GUI setters rely on them."""

from __future__ import annotations

import json
import math
import os
import threading

import pytest

from core import scene as scenes
from core.optim.spec import PARAMETERS, OptimizerSpec
from core.scale_map import ScaleMapRequest
from core.scene import MAX_FILE_BYTES, OptimizerEntry, SceneError
from core.surfaces import get_surface


def test_the_surface_is_derived_from_the_source_only():
    scene = scenes.default_scene()
    assert scene.surface.name == "rosenbrock"
    assert scene.with_changes(steps=7).surface is scene.surface  # built once, carried along
    canyon = scene.with_changes(surface_source={"name": "canyon", "params": {"condition": 20.0, "angle": 0.0}})
    assert canyon.surface.name == "canyon" and canyon.surface.params["condition"] == 20.0
    assert canyon.to_dict()["surface"] == canyon.surface_source
    built = get_surface("saddle")
    saddle = scene.with_changes(surface=built)
    assert saddle.surface is built and saddle.surface_source == scenes.surface_source(built)
    with pytest.raises(SceneError, match="unknown surface"):
        scene.with_changes(surface_source={"name": "nope"})
    assert not any(f == "surface" for f in scene.__dataclass_fields__)  # no second copy to forget


def test_a_scene_holds_a_scale_map_request(tmp_path):
    request = ScaleMapRequest(resolution=64, metric="distance", lr_span=3.0, steps=200)
    scene = scenes.default_scene().with_changes(scale_map=request)
    path = tmp_path / "s.json"
    scenes.save(scene, path)
    assert json.loads(path.read_text())["scale_map"]["resolution"] == 64
    assert scenes.load(path).scale_map == request
    assert "scale_map" not in scenes.default_scene().to_dict()  # optional in files
    data = {**scenes.default_scene().to_dict(), "scale_map": {"resolution": 1000}}
    with pytest.raises(SceneError, match="resolution"):
        scenes.from_dict(data)


@pytest.mark.parametrize("changes, words", [
    ({"lr_factor": 1e4}, "lr 1e+07 with lr × 10000"),
    ({"loss_scale": 1e-4}, "loss_scale 1e-58 with loss × 0.0001"),
])
def test_factors_that_would_push_an_optimizer_out_of_range_are_refused(changes, words):
    lr_high, scale_low = PARAMETERS["lr"].high, PARAMETERS["loss_scale"].low
    scene = scenes.default_scene().with_changes(optimizers=(
        OptimizerEntry(OptimizerSpec("sgd", lr=lr_high / 1e3, loss_scale=scale_low * 1e2)),))
    assert math.isfinite(scene.lr_factor)
    with pytest.raises(SceneError, match=words.replace("+", r"\+")) as refused:
        scene.with_changes(**changes)
    assert "\n" not in str(refused.value)


def test_a_tiny_lr_halved_to_zero_is_refused_by_the_model(qtbot):
    from app.model import SceneModel

    model = SceneModel()
    assert model.update_optimizer(0, lr=5e-324)
    before = model.scene
    assert not model.set_lr_factor(0.5)  # 5e-324 × 0.5 == 0
    assert model.scene is before and "lr" in model.last_error and "\n" not in model.last_error


@pytest.mark.parametrize("window, words", [
    ((-1.7e308, 1.7e308, -1.0, 1.0), "too wide"),
    ((0.0, 2e12, -1.0, 1.0), "too wide"),
    ((1e6, 1e6 + 1e-8, -1.0, 1.0), "too narrow"),
    ((0.0, 1.0, 5.0, 5.0 + 1e-14), "too narrow"),
    ((0.0, math.inf, 0.0, 1.0), "finite"),
])
def test_unusable_view_windows_are_refused_with_a_message(window, words):
    scene = scenes.default_scene()
    with pytest.raises(SceneError, match=words):
        scene.with_changes(window=window)
    data = {**scene.to_dict(), "window": [float(v) if math.isfinite(v) else 1e308 * 10 for v in window]}
    with pytest.raises(SceneError):
        scenes.from_dict(data)


def test_a_usable_small_window_is_kept():
    scene = scenes.default_scene().with_changes(window=(1.0, 1.0 + 1e-6, -1e-6, 1e-6))
    assert scene.window[1] - scene.window[0] == pytest.approx(1e-6)


def test_load_refuses_a_fifo_and_dev_zero_at_once(tmp_path):
    fifo = tmp_path / "scene.json"
    os.mkfifo(fifo)
    outcome = []

    def attempt(path):
        try:
            scenes.load(path)
        except SceneError as exc:
            outcome.append(str(exc))

    for path in (fifo, "/dev/zero", tmp_path):
        worker = threading.Thread(target=attempt, args=(path,), daemon=True)
        worker.start()
        worker.join(10.0)  # a hang would leave the thread running; the test must not wait for it
        assert not worker.is_alive(), f"load({path}) hung"
    assert len(outcome) == 3 and all("not a regular file" in text for text in outcome)


def test_load_reads_at_most_the_limit(tmp_path):
    path = tmp_path / "big.json"
    path.write_bytes(b" " * (MAX_FILE_BYTES + 10))
    with pytest.raises(SceneError, match="too large"):
        scenes.load(path)


def test_the_lr_slider_refuses_a_factor_that_would_overflow_an_optimizer(qtbot):
    from app.model import SceneModel
    from app.widgets.scale_panel import ScalePanel

    model = SceneModel()
    panel = ScalePanel(model)
    qtbot.addWidget(panel)
    assert model.update_optimizer(0, lr=PARAMETERS["lr"].high / 10)
    errors = []
    model.error.connect(errors.append)
    panel.lr_slider.slider.setValue(panel.lr_slider.slider.maximum())  # the user drags to lr × 10⁴
    assert model.scene.lr_factor == 1.0 and errors and "optimizer 1" in errors[-1]
    assert panel.lr_slider.value() == 1.0  # the slider shows what the race runs
    assert all(math.isfinite(s.lr) for s in model.scene.effective_specs())


def test_a_scene_may_hold_a_training_configuration(tmp_path):
    from core.training.config import TrainingConfig

    config = TrainingConfig.from_dict({**TrainingConfig().to_dict(), "task": "moons", "steps": 120})
    scene = scenes.default_scene().with_changes(training=config)
    path = tmp_path / "lesson.json"
    scenes.save(scene, path)
    assert scenes.load(path).training == config
    assert "training" not in scenes.default_scene().to_dict()
    with pytest.raises(SceneError, match="steps"):
        scenes.from_dict({**scene.to_dict(), "training": {**config.to_dict(), "steps": -3}})


@pytest.mark.parametrize("field, value", [
    ("window", [10**400, 1.0, 0.0, 1.0]),
    ("steps", 10**5000),
    ("losslab_scene", "[" * 5000),
    ("surface", {"name": "canyon", "params": {"condition": 10**400}}),
    ("scale_map", {"lr_span": 10**400}),
    ("x" * 5000, 1),
], ids=["window-1e400", "steps-5000-digits", "version-5000-chars", "surface-param-1e400", "scale-map-1e400",
        "field-name-5000-chars"])
def test_huge_or_long_values_are_refused_in_one_short_line(field, value):
    data = {**scenes.default_scene().to_dict(), field: value}
    with pytest.raises(SceneError) as refused:
        scenes.from_dict(data)
    message = str(refused.value)
    assert "\n" not in message and len(message) <= 300
