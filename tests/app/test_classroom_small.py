"""Issue 15, item 12 (the window's small ones): status table, hover read-out, inline reasons, the formula
caret, slow playback, 1-2-5 sliders, and a question before quitting mid-work."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPointF, Qt
from PySide6.QtWidgets import QApplication, QMessageBox

from app.player import SPEEDS
from app.views.status import COLUMNS
from app.widgets.fields import snap_125, step_125


def test_state_column_is_wide_enough_and_follows_every_step(window, qtbot):
    model, table = window.model, window.status_view
    model.set_lr_factor(1e3)  # runs diverge
    model.set_step(model.scene.steps)
    QApplication.processEvents()
    state = COLUMNS.index("state")
    metrics = table.fontMetrics()
    for row in range(table.rowCount()):
        text = table.item(row, state).text()
        assert metrics.horizontalAdvance(text) < table.columnWidth(state)
    assert any(table.item(r, state).text().split(" at step ")[0] in ("diverged", "stopped", "left the domain")
               for r in range(table.rowCount()))
    # during playback every step lands in the table at once (no throttled lag behind the timeline)
    step_col = COLUMNS.index("step")
    model.set_lr_factor(1.0)
    QApplication.processEvents()
    for step in (3, 4, 5, 6, 50, 51):
        model.set_step(step)
        assert table.item(0, step_col).text() == str(step)
        assert window.playback.timeline.value() == step


def test_hover_readout_follows_a_surface_change_under_a_still_mouse(window):
    view = window.landscape
    scene_pos = view.view_box.mapViewToScene(QPointF(0.5, 0.5))
    view.graphics.scene().sigMouseMoved.emit(scene_pos)
    before = view.readout.text()
    assert "f = " in before
    from core.surfaces.surface import builtin_names

    window.model.set_surface(next(n for n in builtin_names() if n != window.model.surface.name))
    after = view.readout.text()
    p = view.view_box.mapSceneToView(scene_pos)
    assert after == view.pointer.describe_point(p.x(), p.y()) and after != before


def test_an_invalid_number_says_why_under_the_field(window, qtbot):
    field = window.optimizer_panel.fields["momentum"]
    window.optimizer_panel.list.setCurrentRow(1)  # Momentum
    field.setFocus()
    field.selectAll()
    qtbot.keyClicks(field, "3")
    field.editingFinished.emit()
    assert field.property("invalid")
    assert field.reason.isVisible() and "0" in field.reason.text() and field.reason.text() == field.toolTip()
    field.setValue(0.5)
    assert not field.reason.isVisible() and "momentum" in field.toolTip()  # the control's own tip is back


def test_formula_caret_sits_where_the_formula_is_incomplete(window, qtbot):
    panel = window.surface_panel
    panel.formula.setText("x^2 +")
    panel.apply_formula()
    assert panel.formula.cursorPosition() == len("x^2 +")
    assert "character 6" in panel.formula_error.text()


def test_slow_speeds_and_single_steps(window, qtbot):
    assert SPEEDS[:2] == (1, 2)
    combo = window.playback.speed
    combo.setCurrentIndex(0)
    combo.activated.emit(0)
    assert window.player.speed == 1.0
    window.model.set_step(0)
    window.player.advance_frame(0.5)
    assert window.model.step == 0  # half a step owed
    window.player.advance_frame(0.5)
    assert window.model.step == 1
    window.playback.forward_button.click()
    assert window.model.step == 2


@pytest.mark.parametrize(("value", "snapped"), [(1.2, 1.0), (1.6, 2.0), (0.01514, 0.02), (7.0, 5.0), (8.0, 10.0)])
def test_snap_125(value, snapped):
    assert snap_125(value) == snapped


def test_log_slider_snaps_steps_and_takes_typed_values(window, qtbot):
    slider = window.scale_panel.lr_slider
    slider.slider.setValue(18)  # dragged to 10^0.18 = 1.51…
    assert window.model.scene.lr_factor == 2.0
    slider.slider.setFocus()
    qtbot.keyClick(slider.slider, Qt.Key.Key_Up)  # ←/→ belong to playback; ↑/↓ step the slider
    assert window.model.scene.lr_factor == 5.0
    qtbot.keyClick(slider.slider, Qt.Key.Key_Down)
    qtbot.keyClick(slider.slider, Qt.Key.Key_Down)
    assert window.model.scene.lr_factor == 1.0
    assert step_125(1.0, -1) == 0.5
    slider.entry.setFocus()
    slider.entry.selectAll()
    qtbot.keyClicks(slider.entry, "0.01514")
    qtbot.keyClick(slider.entry, Qt.Key.Key_Return)
    assert window.model.scene.lr_factor == 0.01514  # typed: exact


def test_fine_drag_with_shift(window, monkeypatch):
    monkeypatch.setattr(QApplication, "keyboardModifiers", staticmethod(lambda: Qt.KeyboardModifier.ShiftModifier))
    window.scale_panel.lr_slider.slider.setValue(18)
    assert window.model.scene.lr_factor == 1.51


class _Running:
    state = "running"

    def shutdown(self):
        pass


def test_quitting_during_training_asks_first(window, monkeypatch):
    asked = []
    answer = [QMessageBox.StandardButton.No]
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: asked.append(a[2]) or answer[0])
    window.training_panel = _Running()
    assert window.busy_work() == ["a training run"]
    assert not window.close()
    assert window.isVisible() and "training run" in asked[0]
    answer[0] = QMessageBox.StandardButton.Yes
    assert window.close()


def test_quitting_when_idle_asks_nothing(window, monkeypatch):
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: pytest.fail("asked"))
    assert window.busy_work() == []
    assert window.close()


def test_state_column_grows_with_the_presentation_font(window):
    table = window.status_view
    state = COLUMNS.index("state")
    before = table.columnWidth(state)
    window.settings.set_presentation_mode(True)
    QApplication.processEvents()
    assert table.columnWidth(state) > before
    for row in range(table.rowCount()):  # every state the race shows fits its column, in the larger font
        text = table.item(row, state).text()
        assert table.fontMetrics().horizontalAdvance(text) < table.columnWidth(state), text
    window.settings.set_presentation_mode(False)


def test_the_list_swatch_is_the_runs_colour_on_the_map(window):
    from app.views.common import run_styles

    specs = [entry.spec for entry in window.model.scene.optimizers]
    styles = run_styles(window.optimizer_panel.theme, specs)
    panel = window.optimizer_panel
    assert [panel.list.item(i).data(Qt.ItemDataRole.UserRole) for i in range(panel.list.count())] == \
        [style.color for style in styles]


def test_a_window_too_big_for_the_screen_is_shrunk_into_it_and_one_that_fits_is_left(window):
    """It opened at 1400×900 on any screen: on a 1280×720 laptop the sidebar and the loss plot ran off it."""
    from PySide6.QtCore import QRect

    from app.launch import fit_to_screen

    window.resize(1400, 900)
    assert not fit_to_screen(window, QRect(0, 0, 1920, 1050))
    assert (window.width(), window.height()) == (1400, 900)
    assert fit_to_screen(window, QRect(0, 0, 1280, 690))  # 1280×720 less a panel
    QApplication.processEvents()
    assert (window.width(), window.height()) == (1280, 690)


def test_the_window_opens_maximized_on_a_screen_it_does_not_fit(qtbot):
    """The offscreen test screen is 800×600: a 1400×900 window is shown maximized there."""
    from app.launch import show_on_screen
    from app.main_window import MainWindow

    window = MainWindow()
    qtbot.addWidget(window)
    free = window.screen().availableGeometry()
    assert window.width() > free.width()
    show_on_screen(window)
    qtbot.waitUntil(window.isVisible)
    assert window.isMaximized()
    window.model.shutdown()
