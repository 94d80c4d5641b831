"""The training tab's model and controls, without a worker: edits go through the model's setters, the
controls draw the model's configuration back, refusals leave the old state."""

from __future__ import annotations

import json

import pytest
from PySide6.QtCore import Qt

from app.training.controls import ActionControls, RunControls, SetupControls
from app.training.model import TrainingModel
from core.training.config import OPTIMIZERS, TASKS, RunConfig, TrainingConfig


class Recorder:
    def __init__(self, model: TrainingModel):
        self.events: list[tuple] = []
        model.rebuildNeeded.connect(lambda: self.events.append(("rebuild",)))
        model.runChanged.connect(lambda run, settings: self.events.append(("live", run, settings)))
        model.stepsChanged.connect(lambda steps: self.events.append(("steps", steps)))


def test_setters_say_whether_the_runs_restart():
    model = TrainingModel()
    seen = Recorder(model)
    model.set_run("a", lr=0.05, clip=1.0)  # live: the runs go on
    assert seen.events == [("live", "a", model.config.a)] and model.config.a.lr == 0.05
    seen.events.clear()
    model.set_options(steps=300)
    assert seen.events == [("steps", 300)]
    seen.events.clear()
    model.set_run("b", optimizer="adamw")  # a new optimizer object: rebuild
    assert seen.events == [("rebuild",)] and model.config.b.wd_mode == "decoupled"
    seen.events.clear()
    model.set_options(depth=3, task="moons")
    assert seen.events == [("rebuild",)] and model.config.model.depth == 3 and model.config.task == "moons"
    seen.events.clear()
    model.set_options(depth=3)  # no change, no signal
    assert seen.events == []


def test_refusals_keep_the_old_state():
    model = TrainingModel()
    before = model.config
    seen = Recorder(model)
    for call, message in ((lambda: model.set_run("a", lr=0.0), "lr"),
                          (lambda: model.set_run("b", optimizer="adamw", wd_mode="coupled"), "adamw always"),
                          (lambda: model.set_options(width=0), "width must be between 1"),
                          (lambda: model.set_options(colour="red"), "unknown option 'colour'"),
                          (lambda: model.set_run("a", speed=2), "unknown run setting 'speed'")):
        with pytest.raises(ValueError, match=message):
            call()
    assert model.config == before and seen.events == []


def test_controls_offer_core_lists_and_follow_the_model(qtbot):
    model = TrainingModel()
    setup, run_a = SetupControls(model), RunControls(model, "a")
    actions = ActionControls(model)
    for widget in (setup, run_a, actions):
        qtbot.addWidget(widget)
    assert [setup.task.itemText(i) for i in range(setup.task.count())] == list(TASKS)
    assert [run_a.optimizer.itemText(i) for i in range(run_a.optimizer.count())] == list(OPTIMIZERS)
    seen = Recorder(model)
    model.set_config(TrainingConfig(task="xor", steps=77, a=RunConfig("adamw", lr=0.003, loss_scale=5.0)))
    assert setup.task.currentText() == "xor" and actions.total_steps.text() == "77"
    assert run_a.optimizer.currentText() == "adamw" and run_a.lr.value() == 0.003
    assert run_a.loss_scale.value() == 5.0 and not run_a.wd_mode.isEnabled()
    assert seen.events == [("rebuild",)]  # drawing the new state back edited nothing


def test_user_edits_reach_the_model(qtbot):
    model = TrainingModel()
    setup, run_b = SetupControls(model), RunControls(model, "b")
    qtbot.addWidget(setup)
    qtbot.addWidget(run_b)
    seen = Recorder(model)
    run_b.lr.entry.setText("0.25")
    run_b.lr.entry.editingFinished.emit()  # what Enter or leaving the field does
    assert model.config.b.lr == 0.25 and seen.events == [("live", "b", model.config.b)]
    run_b.optimizer.setCurrentText("momentum")
    assert model.config.b.optimizer == "momentum" and seen.events[-1] == ("rebuild",)
    setup.depth.setValue(4)
    assert model.config.model.depth == 4
    qtbot.keyClicks(run_b.clip, "2")
    qtbot.keyClick(run_b.clip, Qt.Key.Key_Return)
    assert model.config.b.clip == 2.0
    refused = []
    run_b.refused.connect(refused.append)
    run_b.wd_mode.setCurrentIndex(1)  # decoupled
    assert model.config.b.wd_mode == "decoupled"
    run_b.optimizer.setCurrentText("adamw")
    model.set_run("b", optimizer="adam")
    assert run_b.optimizer.currentText() == "adam" and run_b.wd_mode.isEnabled() and refused == []


def test_unset_values_show_the_optimizers_defaults(qtbot):
    from core.optim.spec import defaults_for

    model = TrainingModel(TrainingConfig.from_dict({"a": {"optimizer": "adamw"}}))
    run_a = RunControls(model, "a")
    qtbot.addWidget(run_a)
    assert run_a.lr.value() == defaults_for("adamw")["lr"]
    assert run_a.weight_decay.value() == defaults_for("adamw")["weight_decay"]


def test_a_scenes_training_settings_go_in_and_out_whole(qtbot):
    from app.training.model import default_config
    from core.scene import default_scene, from_dict

    saved = TrainingConfig(task="circles", steps=40, b=RunConfig("rmsprop", lr=0.02))
    scene = from_dict(json.loads(json.dumps({**default_scene().to_dict(), "training": saved.to_dict()})))
    model = TrainingModel()
    seen = Recorder(model)
    model.set_config(scene.training)
    assert model.config == saved and seen.events == [("rebuild",)]
    model.set_config(None)  # a scene without training settings: the panel's defaults
    assert model.config == default_config()
    with pytest.raises(ValueError, match="a TrainingConfig is needed"):
        model.set_config({"task": "moons"})
    assert model.config == default_config()
