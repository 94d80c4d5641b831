"""The window's other tabs: the scale map follows the scene and a clicked cell opens in the race."""

import numpy as np
import pytest

from core.engine import run


def open_tab(window, title):
    index = next(i for i in range(window.tabs.count()) if window.tabs.tabText(i) == title)
    window.tabs.setCurrentIndex(index)


def test_scale_map_tab_maps_the_scene_and_a_clicked_cell_becomes_the_race(window, qtbot):
    window.model.set_steps(200)
    open_tab(window, "Scale map")
    scale_map = window.scale_map
    qtbot.waitUntil(lambda: scale_map.result is not None and not scale_map.is_computing(), timeout=60_000)
    scene = window.model.scene
    enabled = [e.spec for e in scene.optimizers if e.enabled]
    assert [s.kind for s in scale_map.result.specs] == [s.kind for s in enabled]
    assert scale_map.result.steps == 200
    assert "Rosenbrock" in window.explanation.toPlainText() or scene.notes == ""

    # A cell: optimizer 2 (momentum) at one of the map's own lr values and loss scales.
    lr = float(scale_map.result.lr[1, 3])
    loss_scale = float(scale_map.result.loss_scale[2])
    scale_map.cellClicked.emit(1, lr, loss_scale)
    assert window.tabs.tabText(window.tabs.currentIndex()) == "Race"
    window.model.wait_idle()
    effective = window.model.scene.effective_specs()[1]
    assert effective.lr == pytest.approx(lr) and effective.loss_scale == pytest.approx(loss_scale)
    # ... and the race now shows exactly that run, matching the map's cell.
    result = run(window.model.scene.surface, [effective], 200, start=window.model.scene.start)
    assert result.final_loss[0] == pytest.approx(scale_map.result.final_loss[1, 3, 2], rel=1e-12)


def test_scale_map_recomputes_when_the_scene_changes_while_shown(window, qtbot):
    open_tab(window, "Scale map")
    scale_map = window.scale_map
    qtbot.waitUntil(lambda: scale_map.result is not None and not scale_map.is_computing(), timeout=60_000)
    before = scale_map.result
    window.model.set_surface("himmelblau")
    qtbot.waitUntil(lambda: scale_map.result is not before and not scale_map.is_computing(), timeout=60_000)
    assert not np.array_equal(scale_map.result.final_loss, before.final_loss)


def test_training_tab_builds_the_panel_on_first_open(window, qtbot):
    from app.training.panel import TrainingPanel

    open_tab(window, "Training")
    assert isinstance(window.training_panel, TrainingPanel)
    assert window.tabs.tabText(window.tabs.currentIndex()) == "Training"
