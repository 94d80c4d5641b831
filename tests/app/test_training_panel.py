"""The live training panel: trains in its worker thread, plots, stays responsive, obeys its buttons."""

from __future__ import annotations

import subprocess
import sys

import numpy as np
import pytest
import torch
from PySide6.QtCore import Qt

from app.training import panel as panel_module


@pytest.fixture(autouse=True, scope="module")
def one_thread(one_torch_thread):
    """The worker's setting (torch on one thread): reference runs here must compute the same way."""


@pytest.fixture
def panel(make_training_panel):
    return make_training_panel(1100, 760)


def reconfigure(qtbot, widget, **options):
    widget.set_options(**options)
    with qtbot.waitSignal(widget.configured, timeout=30_000):
        widget.reset()  # one rebuild for all the options (and the runs restart from step 0)
    qtbot.waitUntil(lambda: widget.state == "paused" and widget.step_count == 0, timeout=10_000)


def run_to_end(qtbot, widget, timeout=60_000):
    widget.start()
    qtbot.waitUntil(lambda: widget.state == "finished", timeout=timeout)
    total = widget.config().steps
    qtbot.waitUntil(lambda: plotted(widget.plots.loss_curves["a"]) == total, timeout=10_000)


def plotted(curve) -> int:
    """How many points a curve holds (its data, not the clipped/downsampled display)."""
    return 0 if curve.xData is None else len(curve.xData)


def reference(config):
    from core.training.twin import TwinTrainer

    trainer = TwinTrainer(config)
    trainer.run()
    return trainer


def barrier(qtbot, widget) -> None:
    """Wait until the worker has handled every command sent so far and the panel every message before its
    answer: a paused worker answers a new run length with its state, after all it sent before."""
    steps = widget.config().steps
    with qtbot.waitSignal(widget.stateChanged, timeout=10_000):
        widget.set_options(steps=steps + 1)
    widget.set_options(steps=steps)


def test_constructing_the_panel_imports_no_torch():
    code = (
        "import os, sys; os.environ['QT_QPA_PLATFORM'] = 'offscreen'\n"
        "from PySide6.QtWidgets import QApplication\n"
        "app = QApplication([])\n"
        "from app.training.panel import TrainingPanel\n"
        "panel = TrainingPanel(); panel.resize(900, 600)\n"
        "app.processEvents()\n"
        "assert 'torch' not in sys.modules, 'torch imported'\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True, timeout=120)


def test_panel_lists_match_core():
    from core.training.datasets import TASKS
    from core.training.models import ACTIVATIONS, INITS
    from core.training.optim_spec import LIVE_KEYS, OPTIMIZERS, SCHEDULES

    assert panel_module.TASKS == TASKS and panel_module.ACTIVATIONS == ACTIVATIONS
    assert panel_module.INITS == INITS and panel_module.OPTIMIZERS == OPTIMIZERS
    assert panel_module.SCHEDULES == SCHEDULES and set(panel_module.LIVE_KEYS) <= set(LIVE_KEYS)


def test_trains_plots_and_shows_the_trainers_numbers(qtbot, panel):
    reconfigure(qtbot, panel, task="moons", steps=60, seed=3)
    run_to_end(qtbot, panel)
    history = panel.history()
    assert list(history["steps"]) == list(range(1, 61))
    trainer = reference(panel.config())
    assert list(history["loss_a"]) == [r.loss_a for r in trainer.records]
    assert list(history["loss_b"]) == [r.loss_b for r in trainer.records]
    assert list(history["distance"]) == [r.distance for r in trainer.records]
    assert history["score_steps"][-1] == 60
    assert history["score_a"][-1] == trainer.evaluate()["a"]["accuracy"]
    assert np.all(np.isfinite(history["grad_a"])) and len(history["grad_a"]) == len(trainer.layer_names)
    image = panel.plots.images["a"].image
    assert image is not None and image.shape == (64, 64, 4) and image.dtype == np.uint8
    assert len(np.unique(image.reshape(-1, 4), axis=0)) > 10  # a boundary, not a flat colour
    assert "step 60 / 60" in panel.status.text()
    # the step axes end where the run does (the 1-2-5 ceiling of 60 is 100: 40 % of each plot was empty)
    for plot in (panel.plots.loss_plot, panel.plots.score_plot, panel.plots.distance_plot):
        assert plot.getViewBox().viewRange()[0][1] == pytest.approx(60 * 1.02, rel=0.01)


def test_regression_task_draws_the_fitted_curve(qtbot, panel):
    reconfigure(qtbot, panel, task="regression-1d", steps=30)
    run_to_end(qtbot, panel)
    fits, images = panel.plots.fits, panel.plots.images
    assert plotted(fits["a"]) == 200 and np.all(np.isfinite(fits["a"].yData))
    assert not images["a"].isVisible() and fits["a"].isVisible()
    assert panel.history()["score_steps"][-1] == 30  # R² on the score plot


def test_pause_step_and_reset(qtbot, panel):
    reconfigure(qtbot, panel, steps=100_000)
    panel.start()
    qtbot.waitUntil(lambda: panel.step_count > 10, timeout=20_000)
    panel.pause()
    qtbot.waitUntil(lambda: panel.state == "paused", timeout=5_000)
    barrier(qtbot, panel)
    paused_at = panel.step_count
    assert list(panel.history()["steps"]) == list(range(1, paused_at + 1))
    panel.step()
    qtbot.waitUntil(lambda: panel.step_count == paused_at + 1, timeout=5_000)
    barrier(qtbot, panel)
    assert panel.step_count == paused_at + 1 and panel.state == "paused"  # paused means paused
    with qtbot.waitSignal(panel.configured, timeout=30_000):
        panel.reset()
    assert panel.step_count == 0 and len(panel.history()["steps"]) == 0


def test_lr_and_loss_scale_change_while_running(qtbot, panel):
    reconfigure(qtbot, panel, steps=50)
    for _ in range(3):
        panel.step()
    qtbot.waitUntil(lambda: panel.step_count == 3, timeout=10_000)
    panel.set_run("a", lr=0.05, loss_scale=3.0)
    panel.step()
    qtbot.waitUntil(lambda: panel.step_count == 4, timeout=10_000)
    history = panel.history()
    assert list(history["lr_a"]) == [0.1, 0.1, 0.1, 0.05]
    assert list(history["lr_b"]) == [0.01] * 4
    assert panel.run_a.loss_scale.value() == 3.0 and panel.config().a.loss_scale == 3.0
    assert panel.step_count == 4  # a live change does not restart the runs


def test_divergence_stops_one_run_and_the_other_continues(qtbot, panel):
    reconfigure(qtbot, panel, steps=40)
    panel.set_run("a", lr=1000.0, loss_scale=1000.0)
    with qtbot.waitSignal(panel.diverged, timeout=30_000) as blocker:
        panel.start()
    run, k = blocker.args
    assert run == "a" and 1 <= k < 40
    qtbot.waitUntil(lambda: panel.state == "finished", timeout=30_000)
    qtbot.waitUntil(lambda: panel.step_count == 40, timeout=5_000)
    history = panel.history()
    assert np.all(np.isnan(history["loss_a"][k:]))
    assert np.all(np.isfinite(history["loss_b"]))
    qtbot.waitUntil(lambda: f"diverged at step {k}" in panel.run_a.status.text(), timeout=5_000)
    assert "diverged" not in panel.run_b.status.text()


def test_classic_power_of_two_experiment_gives_zero_distance(qtbot, panel):
    panel.apply_classic("momentum", scale=8.0)
    reconfigure(qtbot, panel, steps=30)
    run_to_end(qtbot, panel)
    history = panel.history()
    assert np.all(history["distance"] == 0.0)
    assert "exactly 0" in panel.status.text()
    config = panel.config()
    assert config.a.loss_scale == 8.0 and config.b.lr == 8.0 * config.a.lr


@pytest.mark.skipif(torch.cuda.is_available(), reason="checks the machine-without-CUDA path")
def test_cuda_is_offered_with_a_reason_and_falls_back(qtbot, panel):
    device, label = panel.setup.device, panel.setup.device_label
    item = device.model().item(1)
    assert not item.isEnabled() and "unavailable" in device.itemText(1)
    assert "CUDA unavailable" in label.text()
    with qtbot.waitSignal(panel.configured, timeout=30_000) as blocker:
        panel.set_options(device="cuda")  # asked for anyway (e.g. by a saved setting)
    assert blocker.args[0].device == "cpu"
    assert "CUDA requested but unavailable" in panel.device_note
    assert "running on CPU" in label.text()


def test_bad_settings_are_refused_clearly(qtbot, panel):
    before = panel.config()
    with pytest.raises(ValueError, match="unknown task 'nope'"):
        panel.set_options(task="nope")
    with pytest.raises(ValueError, match="unknown run 'c'"):
        panel.set_run("c", lr=0.1)
    with pytest.raises(ValueError, match="unknown schedule 'linear'"):
        panel.set_run("a", schedule="linear")
    with pytest.raises(ValueError, match="lr must be a positive number"):
        panel.set_run("a", lr=-1.0)
    assert panel.config() == before and panel.run_a.lr.value() == before.a.lr  # the old state intact
    panel.step()  # and the worker trains on
    qtbot.waitUntil(lambda: panel.step_count == 1, timeout=10_000)


def type_into(qtbot, field, text):
    field.setFocus()
    field.selectAll()
    qtbot.keyClicks(field, text)
    qtbot.keyClick(field, Qt.Key.Key_Return)


def test_the_normal_inits_sigma_shows_with_it_and_is_written_to_the_model(qtbot, panel):
    setup = panel.setup
    assert not setup.model_form.isRowVisible(setup.init_std_row)  # default init: no σ to set
    setup.init.setCurrentIndex(setup.init.findData("normal"))
    assert panel.config().model.init == "normal" and setup.model_form.isRowVisible(setup.init_std_row)
    type_into(qtbot, setup.init_std, "0.05")
    assert panel.config().model.init_std == 0.05
    reconfigure(qtbot, panel, task="moons", steps=2)
    assert panel.config().model.init_std == 0.05  # kept through a rebuild
    type_into(qtbot, setup.init_std, "3e-05")  # below what a 4-decimal spin box could hold
    assert panel.config().model.init_std == 3e-05 and setup.init_std.text() == "3e-05"
    setup.init.setCurrentIndex(setup.init.findData("xavier"))
    assert not setup.model_form.isRowVisible(setup.init_std_row)


@pytest.mark.parametrize("field, text", [("init_std", "0"), ("init_std", "1000"), ("weight_decay", "-1"),
                                         ("clip", "-0.5")])
def test_a_refused_typed_value_says_why_under_its_field_and_changes_nothing(qtbot, panel, field, text):
    """The reason sat in a label no layout held: it opened as a window of its own beside the app."""
    panel.setup.init.setCurrentIndex(panel.setup.init.findData("normal"))
    widget = getattr(panel.setup, field, None) or getattr(panel.run_a, field)
    before = panel.config()
    type_into(qtbot, widget, text)
    assert widget.property("invalid") is True and panel.config() == before
    assert widget.reason.isVisible() and not widget.reason.isWindow() and widget.reason.text()
    assert widget.reason.window() is panel.window()  # inside the panel, under its field
