"""Drive the real window as a teacher would and check what the model holds and what the plots draw."""

from __future__ import annotations

import json

import numpy as np
import pytest
from PySide6.QtCore import QPoint, Qt
from qt_drive import drag, map_pixel

from app.resources import presets
from app.themes import SLIDE
from app.views.decimation import clip_polyline
from core.engine import run
from core.optim.spec import OptimizerSpec
from core.scene import OptimizerEntry
from core.surfaces import get_surface


def engine_points(scene, reference: bool = False) -> np.ndarray:
    specs = scene.reference_specs() if reference else scene.effective_specs()
    return run(scene.surface, specs, scene.steps, scene.start).points


def drawn(item) -> np.ndarray:
    x, y = item.getData() if hasattr(item, "getData") else (item.xData, item.yData)
    return np.column_stack([x, y])


def assert_paths_match_engine(window) -> None:
    scene = window.model.scene
    expected = engine_points(scene)
    ghosts = engine_points(scene, reference=True)
    for i, entry in enumerate(scene.optimizers):
        if not entry.enabled:
            assert not window.landscape.paths[i].isVisible()
            continue
        end = scene.step + 1  # no run diverges in these scenes
        row, gaps = expected[i, :end], 0
        box = window.landscape.drawn_paths.box  # the drawn path is the run clipped to a box around the view
        if box is not None:
            x, y, connect = clip_polyline(row[:, 0], row[:, 1], box)
            row, gaps = np.column_stack((x, y)), int((~connect[:-1]).sum())
        path = window.landscape.paths[i]
        np.testing.assert_array_equal(drawn(path), row)
        joined = path.opts["connect"]  # its pieces are drawn apart, not bridged
        assert (int((~joined[:-1]).sum()) if isinstance(joined, np.ndarray) else 0) == gaps
        np.testing.assert_array_equal(drawn(window.landscape.ghosts[i]), ghosts[i])  # ghosts: whole runs


def test_slider_key_moves_lr_factor_and_repaints_paths(window, qtbot):
    window.model.set_step(window.model.scene.steps)
    before = drawn(window.landscape.paths[0]).copy()
    slider = window.scale_panel.lr_slider.slider
    slider.setFocus()
    qtbot.keyClick(slider, Qt.Key.Key_Up)  # one rung up the 1-2-5 ladder
    assert window.model.scene.lr_factor == 2.0
    assert window.scale_panel.lr_slider.entry.text() == "2"
    assert not np.array_equal(before, drawn(window.landscape.paths[0]))
    assert_paths_match_engine(window)


def test_lock_keeps_product_while_dragging_the_scale(window, qtbot):
    panel = window.scale_panel
    qtbot.mouseClick(panel.lock, Qt.MouseButton.LeftButton, pos=QPoint(8, panel.lock.height() // 2))
    assert window.model.scene.lock_product
    panel.scale_slider.slider.setValue(200)  # the slider handle dragged to 10^2
    scene = window.model.scene
    assert scene.loss_scale == pytest.approx(100.0)
    assert scene.lr_factor == pytest.approx(0.01)
    assert panel.lr_slider.slider.value() == -200  # the other handle moved with it


def test_sgd_loss_times_s_path_equals_lr_times_s_path(window, qtbot):
    model = window.model
    canyon = get_surface("canyon")
    model.set_scene(model.scene.with_changes(
        surface=canyon, start=canyon.start, window=canyon.window,
        optimizers=(OptimizerEntry(OptimizerSpec("sgd", lr=1e-3)), OptimizerEntry(OptimizerSpec("momentum", lr=1e-3))),
        steps=400, step=400))
    entry = window.scale_panel.scale_slider.entry
    entry.setFocus()
    entry.selectAll()
    qtbot.keyClicks(entry, "8")
    qtbot.keyClick(entry, Qt.Key.Key_Return)
    assert model.scene.loss_scale == 8.0
    by_loss = [drawn(p).copy() for p in window.landscape.paths]
    qtbot.mouseClick(window.scale_panel.reset, Qt.MouseButton.LeftButton)
    assert (model.scene.lr_factor, model.scene.loss_scale) == (1.0, 1.0)
    entry = window.scale_panel.lr_slider.entry
    entry.setFocus()
    entry.selectAll()
    qtbot.keyClicks(entry, "8")
    qtbot.keyClick(entry, Qt.Key.Key_Return)
    by_lr = [drawn(p) for p in window.landscape.paths]
    for a, b in zip(by_loss, by_lr, strict=True):
        assert a.shape == (401, 2)
        np.testing.assert_array_equal(a, b)  # a power-of-two scale: bit for bit
    assert not np.array_equal(by_lr[0], drawn(window.landscape.ghosts[0]))  # the ghost stays at 1×


def test_click_on_map_sets_start(window, qtbot):
    view = window.landscape
    qtbot.mouseClick(view.graphics.viewport(), Qt.MouseButton.LeftButton, pos=map_pixel(view, 0.5, 2.0))
    x, y = window.model.scene.start
    assert x == pytest.approx(0.5, abs=0.03) and y == pytest.approx(2.0, abs=0.03)
    first = drawn(view.paths[0])[0]
    np.testing.assert_array_equal(first, [x, y])
    assert view.start_marker.pos().x() == pytest.approx(x)


def test_dragging_the_start_marker_moves_the_paths_while_dragging(window):
    view = window.landscape
    window.model.set_step(50)
    seen = []
    start = window.model.scene.start
    drag(view, start, (0.0, 2.5), on_move=lambda: seen.append(drawn(view.paths[0])[0].copy()))
    assert len({tuple(p) for p in seen}) >= 4  # the path followed the marker during the drag
    x, y = window.model.scene.start
    assert (x, y) == pytest.approx((0.0, 2.5), abs=0.03)
    assert_paths_match_engine(window)


def test_playback_keys_and_scrubbing(window, qtbot):
    model, player = window.model, window.player
    window.landscape.graphics.setFocus()
    qtbot.keyClick(window, Qt.Key.Key_Space)
    assert player.playing
    qtbot.waitUntil(lambda: model.step >= 5, timeout=3000)
    qtbot.keyClick(window, Qt.Key.Key_Space)
    assert not player.playing
    step = model.step
    qtbot.keyClick(window, Qt.Key.Key_Right)
    assert model.step == step + 1
    qtbot.keyClick(window, Qt.Key.Key_Left)
    qtbot.keyClick(window, Qt.Key.Key_Left)
    assert model.step == step - 1
    assert drawn(window.landscape.paths[0]).shape[0] == step  # start + (step - 1) updates
    window.playback.timeline.setValue(300)  # scrub forwards
    assert model.step == 300 and drawn(window.landscape.paths[1]).shape[0] == 301
    assert window.loss_plot.curves[1].getData()[0].shape[0] == model.scene.steps + 1  # whole curve, cursor moves
    assert window.loss_plot.step_line.value() == 300
    window.playback.timeline.setValue(20)  # and back
    assert drawn(window.landscape.paths[1]).shape[0] == 21
    assert_paths_match_engine(window)
    qtbot.keyClick(window, Qt.Key.Key_Home)
    assert model.step == 0 and window.playback.timeline.value() == 0


def test_steps_box_recomputes_longer_race(window, qtbot):
    box = window.playback.steps
    box.setValue(900)
    assert window.model.scene.steps == 900
    assert window.model.race.effective.points.shape[1] == 901
    assert window.playback.timeline.maximum() == 900


@pytest.mark.parametrize("title,path", presets(), ids=[p.stem for _, p in presets()])
def test_every_preset_opens_and_draws_finite_paths(window, title, path, warnings_shown):
    assert window.open_scene(path), warnings_shown
    model = window.model
    assert model.scene.title == title
    model.wait_idle()
    window.player.to_end()
    race = model.race
    assert race is not None and race.scene.surface == model.scene.surface
    assert window.scene_notes.isVisible() == bool(title or model.scene.notes)
    for i, entry in enumerate(model.scene.optimizers):
        path_item = window.landscape.paths[i]
        assert path_item.isVisible() == entry.enabled
        if entry.enabled:
            data = drawn(path_item)
            assert len(data) >= 1 and np.isfinite(data).all()
            assert np.isfinite(window.loss_plot.curves[i].getData()[1]).all()
    assert np.isfinite(window.landscape.image.image).all()


def test_presets_menu_lists_every_preset_by_title(window):
    titles = [a.text() for a in window.presets_menu.actions()]
    expected = [title for title, _ in presets()]
    assert titles == expected and len(titles) >= 2


def test_bad_formula_turns_field_red_and_keeps_surface(window, qtbot):
    panel = window.surface_panel
    surface = window.model.surface
    field = panel.formula
    field.setFocus()
    field.selectAll()
    qtbot.keyClicks(field, "x^2 + * y")
    qtbot.keyClick(field, Qt.Key.Key_Return)
    assert field.property("invalid") is True
    assert "background" in field.styleSheet()
    assert panel.formula_error.isVisible()
    assert "^" in panel.formula_error.text()  # the caret under the position
    assert window.model.surface is surface
    field.selectAll()
    qtbot.keyClicks(field, "x^2 + 4*y^2")
    qtbot.keyClick(field, Qt.Key.Key_Return)
    assert window.model.wait_idle()  # SymPy builds it off the GUI thread: on a busy machine after Enter returns
    assert field.property("invalid") is False and not panel.formula_error.isVisible()
    assert window.model.surface.formula == "x^2 + 4*y^2"
    f, _, _ = window.model.surface.value_and_gradient(np.array([1.0]), np.array([1.0]))
    assert f[0] == 5.0


def test_surface_picker_and_parameters(window, qtbot):
    panel = window.surface_panel
    image_before = window.landscape.image.image.copy()
    panel.picker.setCurrentIndex(panel.picker.findData("canyon"))
    panel.picker.activated.emit(panel.picker.currentIndex())
    assert window.model.surface.name == "canyon"
    assert window.model.scene.start == window.model.surface.start
    assert not np.array_equal(image_before, window.landscape.image.image)
    condition = panel.params["condition"]
    assert condition.isVisible() and not panel.params["amplitude"].isVisible()
    condition.entry.setFocus()
    condition.entry.selectAll()
    qtbot.keyClicks(condition.entry, "200")
    qtbot.keyClick(condition.entry, Qt.Key.Key_Return)
    assert window.model.surface.params["condition"] == 200.0
    angle = panel.params["angle"]
    angle.setFocus()
    angle.selectAll()
    qtbot.keyClicks(angle, "-45")
    qtbot.keyClick(angle, Qt.Key.Key_Return)
    assert window.model.surface.params == {"condition": 200.0, "angle": -45.0}


def test_optimizer_panel_edits_and_refuses_bad_values(window, qtbot):
    panel = window.optimizer_panel
    panel.list.setCurrentRow(1)  # momentum
    field = panel.fields["momentum"]
    assert field.isVisible() and not panel.fields["beta1"].isVisible()
    assert "μ b" in panel.equation.text()
    field.setFocus()
    field.selectAll()
    qtbot.keyClicks(field, "0.5")
    qtbot.keyClick(field, Qt.Key.Key_Return)
    assert window.model.scene.optimizers[1].spec.momentum == 0.5
    field.selectAll()
    qtbot.keyClicks(field, "1.5")
    qtbot.keyClick(field, Qt.Key.Key_Return)
    assert field.property("invalid") is True
    assert window.model.scene.optimizers[1].spec.momentum == 0.5
    panel.kind.setCurrentIndex(panel.kind.findData("adam"))
    panel.kind.activated.emit(panel.kind.currentIndex())
    assert window.model.scene.optimizers[1].spec.kind == "adam"
    assert panel.fields["beta2"].isVisible() and "β₂" in panel.equation.text()
    item = panel.list.item(0)
    item.setCheckState(Qt.CheckState.Unchecked)
    assert not window.model.scene.optimizers[0].enabled
    assert not window.landscape.paths[0].isVisible()


def test_corrupt_scene_is_refused_and_scene_kept(window, tmp_path, warnings_shown):
    before = window.model.scene
    bad = tmp_path / "broken.json"
    bad.write_text('{"losslab_scene": 1, "surface": {"name": "rosenbrock"}, "optimizers": [{"kind": "sgd", '
                   '"lr": -1}]}')
    assert not window.open_scene(bad)
    assert window.model.scene is before
    assert warnings_shown and "optimizer 1" in warnings_shown[-1][1] and "lr" in warnings_shown[-1][1]
    foreign = tmp_path / "foreign.json"
    foreign.write_text(json.dumps({"hello": "world"}))
    assert not window.open_scene(foreign)
    assert "not a losslab scene" in warnings_shown[-1][1]
    assert window.model.scene is before


def test_save_then_open_round_trips(window, tmp_path):
    window.model.set_lr_factor(2.0)
    window.model.set_start(0.25, 1.5)
    target = tmp_path / "lesson.json"
    assert window.save_scene(target)
    saved = window.model.scene
    window.model.set_lr_factor(1.0)
    assert window.open_scene(target)
    assert window.model.scene.start == saved.start and window.model.scene.lr_factor == 2.0


def test_hover_readout_shows_value_and_gradient(window):
    text = window.landscape.describe_point(0.0, 0.0)
    assert "f = 1" in text and "∇f = (-2, 0)" in text


def test_slide_theme_keeps_legend_inside_the_map_and_thickens_paths(window):
    """Issue 15: the slide legend sits inside the map's frame (no empty column beside the map)."""
    window.set_theme(SLIDE)
    view = window.landscape
    assert view.inner_legend.isVisible() and view.outer_legend not in view.graphics.ci.items
    assert view.paths[0].opts["pen"].widthF() == SLIDE.path_width
    assert window.model.scene.lr_factor == 1.0 and window.model.scene.loss_scale == 1.0
    assert len(view.inner_legend.items) == len(window.model.scene.optimizers)  # no ghost row at 1×
    ticked = [a.text().replace("&", "") for a in window.theme_actions.values() if a.isChecked()]
    assert ticked == ["Slide theme (projector)"]  # the View menu says so too (--theme slide sets it this way)


def screen_pixels(window, widget) -> np.ndarray:
    """What is on screen now in ``widget``'s area: the window's backing store (not a fresh render), so
    the result of every incremental repaint so far."""
    from PySide6.QtGui import QImage

    image = window.screen().grabWindow(window.winId()).toImage().convertToFormat(QImage.Format.Format_RGB32)
    corner = widget.mapTo(window, widget.rect().topLeft())
    image = image.copy(corner.x(), corner.y(), widget.width(), widget.height())
    rows = np.frombuffer(image.constBits(), np.uint8, image.sizeInBytes()).reshape(image.height(), -1)
    return rows[:, : 4 * image.width()].copy()


@pytest.mark.parametrize("theme", ["dark", "slide"])
def test_playback_repaints_only_changes_yet_the_screen_equals_a_full_repaint(window, qtbot, theme):
    from PySide6.QtWidgets import QApplication

    if theme == "slide":
        window.set_theme(SLIDE)
    model, viewport = window.model, window.landscape.graphics.viewport()
    model.set_step(0)
    QApplication.processEvents()
    full_paints = []
    path = window.landscape.paths[1]
    path.update = lambda *rect: full_paints.append(rect) or type(path).update(path, *rect)
    for step in [*range(0, 300, 3), *range(300, 90, -7), *range(90, 480, 41)]:  # forwards, back, jumps
        model.set_step(step)
        QApplication.processEvents()
    assert full_paints and all(rect for rect in full_paints)  # only rectangles, never the whole path
    shown = screen_pixels(window, viewport)
    viewport.update()
    QApplication.processEvents()
    np.testing.assert_array_equal(shown, screen_pixels(window, viewport))
    prefix = model.race.effective.points[1, :model.step + 1]
    if theme == "dark":
        np.testing.assert_array_equal(drawn(path), prefix)
    else:  # under the slide theme's 3-px pen every path is decimated: points of the prefix, fewer of them
        kept = drawn(path)
        assert 1 < kept.shape[0] < prefix.shape[0] and {tuple(p) for p in kept} <= {tuple(p) for p in prefix}


def test_a_global_factor_keeps_the_ghosts_and_the_loss_plot_shows_every_curve(window):
    model, loss_plot = window.model, window.loss_plot
    model.set_scene(model.scene.with_changes(step=model.scene.steps))
    before = model.race
    ghost_data = [drawn(g).copy() for g in loss_plot.ghosts]
    model.set_lr_factor(2.5)
    race = model.race
    assert race.reference is before.reference  # the ghosts' runs were not recomputed...
    assert_paths_match_engine(window)  # ...and are still the engine's reference runs
    (lo, hi) = loss_plot.plot_item.getViewBox().viewRange()[1]
    for i in range(len(model.scene.optimizers)):
        np.testing.assert_array_equal(drawn(loss_plot.ghosts[i]), ghost_data[i])
        curve = drawn(loss_plot.curves[i])
        np.testing.assert_allclose(curve[:, 1], np.log10(race.effective.loss[i]))
        assert lo <= curve[:, 1].min() and curve[:, 1].max() <= hi  # on the log axis, inside the view
    model.set_lr_factor(1.0)  # at 1× the shown runs are the ghosts' runs
    assert model.race.effective is model.race.reference
    assert_paths_match_engine(window)


def test_thinning_keeps_the_extremes_of_every_bucket():
    from app.views.loss_plot import MAX_POINTS, snapped_range, thin

    rng = np.random.default_rng(3)
    y = np.cumsum(rng.standard_normal(100_001))
    x = np.arange(y.size, dtype=float)
    tx, ty = thin(x, y)
    assert tx.size <= MAX_POINTS + 1 and np.all(np.diff(tx) >= 0)
    assert (ty.min(), ty.max(), ty[-1], tx[-1]) == (y.min(), y.max(), y[-1], x[-1])
    short = np.arange(10.0)
    assert thin(short, short)[1] is short  # few points: drawn as they are
    lo, hi = snapped_range(-2.74, 1.32, log=True)
    assert (lo, hi) == (-3.0, 1.5)
    lo, hi = snapped_range(-0.37, 4.2, log=False)
    assert lo <= -0.37 and hi >= 4.2 and hi - lo <= 1.2 * 4.57


def test_status_table_catches_up_with_a_fast_drag(window, qtbot):
    from app.views.common import optimizer_label

    table, model = window.status_view, window.model
    model.set_step(model.scene.steps)
    for factor in (1.5, 2.0, 3.0, 4.0):  # faster than the table's ~12 refreshes a second
        model.set_lr_factor(factor)

    def shows_latest():
        assert table.item(0, 0).text() == optimizer_label(model.effective_specs()[0])
        assert table.item(0, 3).text() == f"{model.race.effective.loss[0, model.step]:.4g}"

    qtbot.waitUntil(shows_latest, timeout=1000)
    assert "γ=0.004" in table.item(0, 0).text()  # SGD's 1e-3 × 4
