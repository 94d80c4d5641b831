"""Issue 15: undo/redo, the Training tab without the Race sidebar, presentation mode, help and the
first-launch hint, and the engine's start-up said plainly."""

from __future__ import annotations

from PySide6.QtWidgets import QApplication, QWidget

from app.help import SHORTCUTS
from app.main_window import TRAINING_TAB
from app.views.engine_note import COMPILING_TEXT


def test_undo_redo_every_scene_change(window):
    model = window.model
    original = model.scene
    assert not window.undo_action.isEnabled() and not window.redo_action.isEnabled()
    model.set_lr_factor(3.0)
    assert window.undo_action.isEnabled()
    window.history.close_group()
    model.set_surface("bowl" if model.surface.name != "bowl" else "rosenbrock")
    after_surface = model.scene
    model.add_optimizer()
    assert len(model.scene.optimizers) == len(original.optimizers) + 1
    with_three = model.scene
    window.undo_action.trigger()
    assert model.scene == after_surface
    window.undo_action.trigger()
    window.undo_action.trigger()
    assert model.scene == original
    assert not window.history.can_undo and not window.undo_action.isEnabled()
    assert window.redo_action.isEnabled()
    window.redo_action.trigger()
    window.redo_action.trigger()
    window.redo_action.trigger()
    assert model.scene == with_three
    # a new change after an undo drops the redo list
    window.undo_action.trigger()
    model.set_steps(123)
    assert not window.history.can_redo


def test_a_slider_drag_is_one_undo_entry(window):
    model = window.model
    original = model.scene
    slider = window.scale_panel.lr_slider.slider
    for position in (10, 30, 50, 70, 100):  # a drag: many changes of the same setting in a row
        slider.setValue(position)
    slider.sliderReleased.emit()
    assert model.scene.lr_factor == 10.0
    window.undo()
    assert model.scene == original


def test_the_race_sidebar_is_hidden_on_the_training_tab(window, monkeypatch):
    placeholder = QWidget()
    monkeypatch.setattr(window, "training_panel", placeholder)  # no torch needed to switch tabs
    index = next(i for i in range(window.tabs.count()) if window.tabs.tabText(i) == TRAINING_TAB)
    window.tabs.setCurrentIndex(index)
    assert not window.controls.isVisible()
    window.tabs.setCurrentIndex(0)
    assert window.controls.isVisible()


def test_presentation_mode_is_full_screen_larger_and_controls_on_demand(window):
    base_font = window.font().pointSizeF()
    base_width = window.landscape.theme.path_width
    window.presentation_action.trigger()
    QApplication.processEvents()
    assert window.settings.presentation_mode
    assert window.font().pointSizeF() > base_font * 1.4
    assert window.landscape.theme.font_size > window.theme.font_size
    assert window.landscape.theme.path_width > base_width
    assert window.loss_plot.theme.font_size == window.landscape.theme.font_size
    assert not window.controls.isVisible()
    window.hide_controls_action.trigger()  # on demand: the controls back
    assert window.controls.isVisible()
    window.presentation_action.trigger()
    QApplication.processEvents()
    assert window.font().pointSizeF() == base_font and window.landscape.theme is window.theme
    assert not window.isFullScreen() and window.controls.isVisible()


def test_keyboard_shortcuts_dialog_lists_the_keys(window, qtbot):
    dialog = window.show_shortcuts()
    qtbot.addWidget(dialog)
    keys = [dialog.table.item(r, 0).text() for r in range(dialog.table.rowCount())]
    assert keys == [k for k, _ in SHORTCUTS]
    bound = {a.shortcut().toString() for a in window.findChildren(type(window.undo_action)) if a.shortcut()}
    for key in ("F11", "F6", "F1", "Ctrl+Z", "G", "R", "Ctrl+E"):
        assert key in bound, key
    assert window.show_shortcuts() is dialog and dialog.isVisible()  # F1 again: the same list, not a second


def test_hint_strip_shows_once(qtbot):
    from app.main_window import MainWindow

    first = MainWindow()
    qtbot.addWidget(first)
    assert first.hint is not None
    first.hint.button.click()
    assert first.settings.hint_dismissed
    first.model.shutdown()
    second = MainWindow()
    qtbot.addWidget(second)
    assert second.hint is None
    second.model.shutdown()


def test_every_control_in_the_sidebar_and_playback_bar_has_a_tooltip(window):
    from PySide6.QtWidgets import QAbstractButton, QAbstractSpinBox, QComboBox, QLineEdit, QListWidget, QSlider

    kinds = (QAbstractButton, QAbstractSpinBox, QComboBox, QLineEdit, QListWidget, QSlider)
    missing = []
    for root in (window.controls.widget(), window.playback):
        for w in root.findChildren(QWidget):
            if not isinstance(w, kinds) or isinstance(w.parent(), QAbstractSpinBox):
                continue
            tip, holder = w.toolTip(), w.parentWidget()
            while not tip.strip() and holder is not None and holder is not root:  # Qt asks the parents too
                tip, holder = holder.toolTip(), holder.parentWidget()
            if not tip.strip():
                missing.append(f"{type(w).__name__} {w.objectName()!r} {getattr(w, 'text', lambda: '')()!r}")
    assert not missing, missing


def test_the_map_says_the_engine_is_compiling_until_it_is_ready(qtbot):
    from app.main_window import MainWindow

    win = MainWindow()
    qtbot.addWidget(win)
    win.show()
    assert win.engine_note.isVisible()
    win.engine_note.engine_slow()  # what the grace timer does when loading takes longer than a cached load
    assert win.engine_note.text() == COMPILING_TEXT and win.statusBar().currentMessage() == COMPILING_TEXT
    win.model.start_engine_now()
    assert not win.engine_note.isVisible()
    win.model.shutdown()
