"""The window's other tabs: the scale map follows the scene, a clicked cell opens in the race, and a
finished map's sweeps can be exported."""

import csv
import json

import numpy as np
import pytest

from core.engine import run


def open_tab(window, title):
    index = next(i for i in range(window.tabs.count()) if window.tabs.tabText(i) == title)
    window.tabs.setCurrentIndex(index)


def test_scale_map_tab_maps_the_scene_and_a_clicked_cell_becomes_the_race(window, qtbot):
    window.model.set_steps(200)
    open_tab(window, "Scale map")
    scale_map = window.scale_map.model
    qtbot.waitUntil(lambda: scale_map.result is not None and not scale_map.is_computing(), timeout=60_000)
    scene = window.model.scene
    enabled = [e.spec for e in scene.optimizers if e.enabled]
    assert [s.kind for s in scale_map.result.specs] == [s.kind for s in enabled]
    assert scale_map.result.steps == 200
    assert "Rosenbrock" in window.explanation.toPlainText() or scene.notes == ""

    # A cell: optimizer 2 (momentum) at one of the map's own lr values and loss scales.
    lr = float(scale_map.result.lr[1, 3])
    loss_scale = float(scale_map.result.loss_scale[2])
    window.scale_map.cellClicked.emit(1, lr, loss_scale)
    assert window.tabs.tabText(window.tabs.currentIndex()) == "Race"
    window.model.wait_idle()
    effective = window.model.scene.effective_specs()[1]
    assert effective.lr == pytest.approx(lr) and effective.loss_scale == pytest.approx(loss_scale)
    # ... and the race now shows exactly that run, matching the map's cell.
    result = run(window.model.scene.surface, [effective], 200, start=window.model.scene.start)
    assert result.final_loss[0] == pytest.approx(scale_map.result.final_loss[1, 3, 2], rel=1e-12)


def test_scale_map_recomputes_when_the_scene_changes_while_shown(window, qtbot):
    open_tab(window, "Scale map")
    scale_map = window.scale_map.model
    qtbot.waitUntil(lambda: scale_map.result is not None and not scale_map.is_computing(), timeout=60_000)
    before = scale_map.result
    window.model.set_surface("himmelblau")
    qtbot.waitUntil(lambda: scale_map.result is not before and not scale_map.is_computing(), timeout=60_000)
    assert not np.array_equal(scale_map.result.final_loss, before.final_loss)


def test_opening_one_lazy_tab_builds_only_that_one(window, qtbot):
    open_tab(window, "Scale map")
    assert window.scale_map is not None and window.training_panel is None  # no torch for the map
    assert window.tabs.tabText(window.tabs.currentIndex()) == "Scale map"
    qtbot.waitUntil(lambda: not window.scale_map.model.is_computing(), timeout=60_000)
    open_tab(window, "Training")
    assert window.training_panel is not None
    assert window.tabs.tabText(window.tabs.currentIndex()) == "Training"
    assert not window.scale_map.model.is_computing()  # the hidden map did not start a sweep


def test_opening_training_first_leaves_the_scale_map_unbuilt(window):
    open_tab(window, "Training")
    assert window.training_panel is not None and window.scale_map is None


def test_only_the_shown_tab_sets_the_tabs_minimum_width(window):
    race_only = window.tabs.minimumSizeHint().width()
    open_tab(window, "Training")
    training = window.tabs.minimumSizeHint().width()
    assert training > race_only  # the Training panel is the wider page
    open_tab(window, "Race")
    # back on the Race tab the built Training panel no longer widens the window (it held the tabs at its
    # own minimum: the window at 1,459 px in a lesson, wider than a 1280 screen)
    assert window.tabs.minimumSizeHint().width() == race_only
    open_tab(window, "Training")
    assert window.tabs.minimumSizeHint().width() == training


def sweeps_item_enabled(dialog) -> bool:
    return dialog.data_source.model().item(dialog.data_source.findData("sweeps")).isEnabled()


def test_a_finished_scale_map_exports_its_sweeps_and_a_stale_one_does_not(window, qtbot, tmp_path):
    window.model.set_steps(150)
    window.export_action.trigger()
    dialog = window.export_dialog_window
    assert not sweeps_item_enabled(dialog)  # no map computed yet
    dialog.close()

    open_tab(window, "Scale map")
    scale_map = window.scale_map.model
    qtbot.waitUntil(lambda: scale_map.result is not None and not scale_map.is_computing(), timeout=60_000)
    window.export_action.trigger()  # from the map's tab the sweeps are the data proposed
    dialog = window.export_dialog_window
    assert sweeps_item_enabled(dialog) and dialog.data_source.currentData() == "sweeps"
    dialog.format.setCurrentIndex(dialog.format.findData("csv"))
    assert dialog.path.text().endswith("-sweeps.csv")  # not the race's file name
    dialog.set_path(tmp_path / "map.csv")
    dialog.export_button.click()  # written off the UI thread
    assert dialog.wait(60.0)
    assert "Exported" in dialog.message.text(), dialog.message.text()
    with (tmp_path / "map.csv").open(newline="") as handle:
        rows = list(csv.DictReader(handle))
    result = scale_map.result
    assert len(rows) == result.final_loss.size
    labels = list(dict.fromkeys(row["optimizer"] for row in rows))
    assert labels == [spec.title for spec in result.specs]
    for k, label in enumerate(labels):
        mine = [row for row in rows if row["optimizer"] == label]
        assert [float(row["lr"]) for row in mine[:: result.loss_scale.size]] == result.lr[k].tolist()
        expected = result.final_loss[k].ravel()
        converged = result.diverged_at[k].ravel() < 0
        got = np.array([float(row["final_loss"]) if row["final_loss"] else np.nan for row in mine])
        np.testing.assert_array_equal(got[converged], expected[converged])
        assert np.isnan(got[~converged]).all()
    dialog.close()

    open_tab(window, "Race")
    window.model.set_lr_factor(0.5)  # the map (not shown, so not recomputed) no longer matches the race
    window.export_action.trigger()
    dialog = window.export_dialog_window
    assert not sweeps_item_enabled(dialog) and dialog.data_source.currentData() == "race"
    dialog.close()


def test_training_tab_builds_the_panel_on_first_open(window, qtbot):
    from app.training.panel import TrainingPanel

    open_tab(window, "Training")
    assert isinstance(window.training_panel, TrainingPanel)
    assert window.tabs.tabText(window.tabs.currentIndex()) == "Training"


def test_scale_map_settings_are_saved_with_the_scene_and_reopened(window, qtbot, tmp_path):
    open_tab(window, "Scale map")
    view = window.scale_map
    view.resolution_box.setCurrentIndex(0)  # the user picks 16 × 16
    view.span_box.setValue(3.0)
    assert window.model.scene.scale_map.resolution == 16 and window.model.scene.scale_map.lr_span == 3.0
    qtbot.waitUntil(lambda: view.model.result is not None and not view.model.is_computing(), timeout=60_000)
    assert view.model.result.lr.shape[1] == 16
    path = tmp_path / "lesson.json"
    assert window.save_scene(path)

    view.resolution_box.setCurrentIndex(1)
    assert window.model.scene.scale_map.resolution == 32
    assert window.open_scene(path)
    assert view.model.request.resolution == 16 and view.model.request.lr_span == 3.0
    assert view.resolution_box.currentIndex() == 0 and view.span_box.value() == 3.0


def test_training_settings_are_saved_with_the_scene_and_reopened(window, tmp_path):
    from core.training.config import TrainingConfig

    open_tab(window, "Training")
    panel = window.training_panel
    defaults = panel.config()  # the default scene holds none: the panel's own defaults
    moons = TrainingConfig.from_dict({**TrainingConfig().to_dict(), "task": "moons", "steps": 120})
    panel.set_config(moons)
    path = tmp_path / "lesson.json"
    assert window.save_scene(path)
    assert json.loads(path.read_text())["training"]["task"] == "moons"

    panel.set_config(None)
    assert panel.config() == defaults != moons
    assert window.open_scene(path)
    assert panel.config() == moons


def test_the_training_tabs_plots_follow_the_theme_on_screen_and_a_picture_in_another_keeps_it(window, qtbot,
                                                                                                tmp_path):
    """The Training tab stayed dark under the slide theme (only its pictures took a theme). Its plots now
    follow the window's theme like the Race tab's: chosen before the tab is first opened, and changed after;
    a picture in the other theme leaves the screen's theme in place."""
    from PySide6.QtGui import QColor, QImage

    from app.themes import DARK, SLIDE

    def share(image: QImage, colour: str) -> float:
        """The fraction of the image's pixels in ``colour``."""
        image = image.convertToFormat(QImage.Format.Format_RGB32)
        pixels = np.frombuffer(image.constBits(), np.uint32, image.width() * image.height())
        return float(np.mean(pixels & 0xFFFFFF == int(colour[1:], 16)))

    def corner(widget) -> str:
        return widget.grab().toImage().pixelColor(3, 3).name()

    window.set_theme(SLIDE)
    open_tab(window, "Training")
    panel = window.training_panel
    curves, landscape = panel.curves.plots, panel.landscape.map
    axis = curves.loss_plot.getAxis("left")
    assert corner(curves) == corner(landscape) == SLIDE.background
    assert axis.pen().color() == QColor(SLIDE.foreground) and axis.textPen().color() == QColor(SLIDE.foreground)
    window.set_theme(DARK)
    assert corner(curves) == DARK.background and axis.pen().color() == QColor(DARK.foreground)
    window.set_theme(SLIDE)
    path = panel.export_image(tmp_path / "curves.png", (800, 600), theme=DARK)
    assert share(QImage(str(path)), DARK.background) > 0.5  # the picture in its own theme
    assert share(curves.grab().toImage(), SLIDE.background) > 0.5  # and the screen in its own
    assert corner(curves) == SLIDE.background and axis.pen().color() == QColor(SLIDE.foreground)
