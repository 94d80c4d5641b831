"""Issue 17's window part: the vectors overlay, the state panel, the step-by-step view and the dock that
holds them, mounted on a real MainWindow and checked against the core's own numbers."""

from __future__ import annotations

import numpy as np
import pytest
from PySide6.QtCore import Qt

from app.views.vectors import nice_floor
from core.engine.state import head_vectors, record_state, state_table
from core.optim.explain import explain_step, number


@pytest.fixture
def dock(window, make_inside_dock):
    return make_inside_dock(window)


def core_state(window):
    scene = window.model.scene
    specs = scene.effective_specs()
    return scene, specs, record_state(scene.surface, specs, scene.steps, scene.start)


def drawn_shafts(curve) -> np.ndarray:
    """The overlay's arrows read back from the item: per arrow 6 points (shaft, two wings); the shaft is
    the first pair."""
    x, y = curve.getData()
    points = np.stack([x, y], axis=1).reshape(-1, 6, 2)
    return points[:, :2]


def test_arrows_at_step_t_equal_the_cores_vectors(window, dock, qtbot):
    window.playback.timeline.setValue(7)  # scrub
    assert window.model.step == 7
    scene, _specs, state = core_state(window)
    expected = head_vectors(state, 7)
    overlay = dock.overlay
    rows = [i for i, entry in enumerate(scene.optimizers) if entry.enabled and 7 < state.valid[i]]
    assert rows and overlay.rows_drawn == rows
    assert overlay.scale > 0 and overlay.scale == nice_floor(overlay.scale)
    for kind in ("descent", "buffer", "step"):
        shafts = drawn_shafts(overlay.curves[kind])
        nonzero = [i for i in rows if np.hypot(*expected[kind][i]) > 0]
        assert shafts.shape[0] == len(nonzero)
        for shaft, i in zip(shafts, nonzero, strict=True):
            np.testing.assert_allclose(shaft[0], expected["head"][i], rtol=0, atol=1e-12)
            np.testing.assert_allclose((shaft[1] - shaft[0]) / overlay.scale, expected[kind][i], rtol=1e-9,
                                       atol=1e-12)
    # the legend states the scale
    assert f"× {overlay.scale:g}".replace("-", "−") in overlay.scale_label.text
    window.playback.timeline.setValue(8)  # and they follow playback
    shaft = drawn_shafts(overlay.curves["step"])[0]
    np.testing.assert_allclose(shaft[0], head_vectors(state, 8)["head"][nonzero[0]], atol=1e-12)


def test_state_panel_numbers_equal_state_table_after_a_scrub(window, dock, qtbot):
    for row in range(len(window.model.scene.optimizers)):
        window.optimizer_panel.list.setCurrentRow(row)  # the selected optimizer is the one described
        assert dock.inside.selected == row
        window.playback.timeline.setValue(40 + row)
        k = window.model.step
        scene = window.model.scene
        table = state_table(scene.surface, scene.effective_specs(), scene.steps, scene.start)["runs"][row]
        cells = dock.panel.cells
        names = {"g": "g", "lr_eff": "lr_eff", "step": "step", "exp_avg": "m", "exp_avg_sq": "v",
                 "v_hat": "v_hat", "square_avg": "v", "sum": "v", "momentum_buffer": "b"}
        shown = 0
        for key, cell in names.items():
            if key not in table:
                continue
            x, y = table[key][k]
            assert cells[cell][0].text() == number(x) and cells[cell][1].text() == number(y), key
            assert not dock.panel.table.isRowHidden(dock.panel._row_of[cell])
            shown += 1
        assert shown >= (5 if table["kind"] in ("adam", "adamw") else 3)
        assert cells["lambda_max"][0].text() == number(table["lambda_max"][k])
        stability = table["stability"]
        assert cells["stability"][0].text() == f"{number(stability['values'][k])} / {number(stability['limit'][k])}"
        assert dock.panel.gauge.fraction == pytest.approx(stability["values"][k] / stability["limit"][k])
        limit = number(stability["limit"][k])  # the gauge states the limit's formula only where it is one
        stated = f"(limit {limit})" if stability["limit_text"] == limit else \
            f"(limit {stability['limit_text']} = {limit})"
        assert dock.panel.gauge.text.endswith(stated), (dock.panel.gauge.text, stated)
        if "bias_correction1" in table:
            assert cells["bias1"][0].text() == number(table["bias_correction1"][k])
        # the small plots hold the whole run, the marker sits at the current step
        series_g = dock.panel.lines["g"][0].getData()[0]
        assert series_g.shape[0] == table["steps"]
        steps_per_pixel = table["steps"] / dock.panel.small["g"].getViewBox().width()
        assert abs(dock.panel.markers["g"].value() - (k + 1)) <= steps_per_pixel  # moved by whole pixels


def test_step_view_next_advances_one_step_and_shows_explain_step(window, dock, qtbot):
    dock.tabs.setCurrentWidget(dock.step_view)
    row = 3 if len(window.model.scene.optimizers) > 3 else 0
    window.optimizer_panel.list.setCurrentRow(row)
    window.playback.timeline.setValue(10)
    qtbot.mouseClick(dock.step_view.next_button, Qt.MouseButton.LeftButton)
    assert window.model.step == 11
    _scene, specs, state = core_state(window)
    lines = explain_step(state, specs[row], row, 11)
    view = dock.step_view.list
    assert view.count() == len(lines)
    for n, line in enumerate(lines):
        assert line.text in view.item(n).text() and line.equation in view.item(n).text()
    # selecting a line draws its vector at the head, to the overlay's scale
    with_arrow = next(n for n, line in enumerate(lines) if line.arrow is not None and np.hypot(*line.arrow) > 0)
    view.setCurrentRow(with_arrow)
    shaft = dock.overlay.highlighted_shaft()
    np.testing.assert_allclose(shaft[0], state.points[row, 11], atol=1e-12)
    np.testing.assert_allclose((shaft[1] - shaft[0]) / dock.overlay.scale, lines[with_arrow].arrow, rtol=1e-9,
                               atol=1e-12)
    qtbot.mouseClick(dock.step_view.prev_button, Qt.MouseButton.LeftButton)
    assert window.model.step == 10


def test_toggling_the_dock_off_stops_work(window, dock, qtbot):
    done = dock.inside.computations
    dock.toggleViewAction().trigger()  # View ▸ Inside the optimizer: off
    assert not dock.isVisible() and not dock.inside.active
    assert not dock.overlay.curves["step"].isVisible() and not dock.overlay.legend.isVisible()
    window.model.set_lr_factor(2.0)  # a new race
    window.model.wait_idle()
    assert not dock.inside.busy and dock.inside.computations == done
    dock.toggleViewAction().trigger()  # on again: the current race is computed once
    qtbot.waitUntil(lambda: dock.inside.inside.race is window.model.race, timeout=30000)
    assert dock.inside.computations == done + 1 and dock.overlay.curves["step"].isVisible()


def test_while_the_dock_is_shown_the_race_records_its_state_in_the_same_pass(window, dock, qtbot, monkeypatch):
    from app.models import inside as inside_module
    from core.engine import run

    recorded = []
    monkeypatch.setattr(inside_module, "record_state", lambda *a, **k: recorded.append(a) or record_state(*a, **k))
    window.model.set_lr_factor(2.0)  # a slider move: one pass computes the paths and their state
    race = window.model.race
    assert race.state is not None
    qtbot.waitUntil(lambda: dock.inside.inside.race is race, timeout=30000)
    assert dock.inside.inside.state is race.state and recorded == []  # the dock recorded nothing again
    scene, specs, state = core_state(window)
    shown = run(scene.surface, specs, scene.steps, scene.start)
    for name in ("points", "loss", "final", "final_loss", "diverged_at", "left_domain"):
        np.testing.assert_array_equal(getattr(race.effective, name), getattr(shown, name))  # the engine's, bit for bit
    for name in ("g", "m", "v", "b", "lr_eff", "bias1", "bias2"):
        np.testing.assert_array_equal(getattr(race.state, name), getattr(state, name))
    dock.toggleViewAction().trigger()  # hidden: races are the engine's alone again
    window.model.set_lr_factor(0.5)
    assert window.model.race.state is None


def test_small_plots_use_log_y_where_a_series_spans_decades(window, dock, qtbot):
    from core.engine.state import panel_series, spans_decades

    kinds = [entry.spec.kind for entry in window.model.scene.optimizers]
    row = kinds.index("adam") if "adam" in kinds else 0
    window.optimizer_panel.list.setCurrentRow(row)
    _scene, _specs, state = core_state(window)
    series = panel_series(state, row)
    checked = 0
    for key, values in series.items():
        if key not in dock.panel.lines or values.ndim != 2:
            continue
        log = spans_decades(values)
        assert dock.panel.log[key] == log, key
        y = dock.panel.lines[key][0].getData()[1]
        expected = np.log10(np.abs(values[:, 0])) if log else values[:, 0]
        finite = np.isfinite(expected)
        np.testing.assert_allclose(y[finite], expected[finite], rtol=1e-12, err_msg=key)
        assert dock.panel.small[key].getAxis("left").logMode == log
        checked += 1
    assert checked >= 3 and any(dock.panel.log.values())


def test_timeline_stays_scrubbable_at_1280x720_with_the_dock_open(window, qtbot):
    """Lessons ask students to scrub to a step: the dock must not squeeze the timeline to a handle."""
    from app.widgets.playback_bar import TIMELINE_MIN_WIDTH

    timeline = window.playback.timeline
    window.resize(1280, 720)
    qtbot.waitUntil(lambda: window.width() == 1280)
    assert not window.playback.timeline_on_own_row  # roomy: one row, beside the buttons
    window.show_inside(True)
    try:
        qtbot.waitUntil(lambda: window.inside_dock.isVisible() and window.inside_dock.width() >= 380)
        qtbot.waitUntil(lambda: timeline.width() >= TIMELINE_MIN_WIDTH)
        assert timeline.width() >= 200
        # the rest of the bar still fits: nothing cut off at the bar's right edge
        bar = window.playback
        assert bar.steps.geometry().right() <= bar.width()
    finally:
        window.inside_dock.shutdown()
