"""Issue 15, item 5: keyboard focus never gets stuck in a text field."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from tests.app.qt_drive import map_pixel


def _type_in(qtbot, field, text: str) -> None:
    field.setFocus()
    QApplication.processEvents()
    field.selectAll()
    qtbot.keyClicks(field, text)


def test_enter_commits_and_hands_the_playback_keys_back(window, qtbot):
    field = window.scale_panel.lr_slider.entry
    _type_in(qtbot, field, "2")
    qtbot.keyClick(field, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not field.hasFocus())
    assert window.model.scene.lr_factor == 2.0
    assert window.landscape.graphics.hasFocus()
    qtbot.keyClick(window.landscape.graphics, Qt.Key.Key_End)
    assert window.model.step == window.model.scene.steps
    qtbot.keyClick(window.landscape.graphics, Qt.Key.Key_Home)
    assert window.model.step == 0
    qtbot.keyClick(window.landscape.graphics, Qt.Key.Key_Right)
    assert window.model.step == 1
    qtbot.keyClick(window.landscape.graphics, Qt.Key.Key_Space)
    assert window.player.playing
    qtbot.keyClick(window.landscape.graphics, Qt.Key.Key_Space)
    assert not window.player.playing


def test_escape_restores_the_value_and_hands_focus_back(window, qtbot):
    field = window.optimizer_panel.fields["lr"]
    before = window.model.scene
    shown = field.text()
    _type_in(qtbot, field, "77")
    qtbot.keyClick(field, Qt.Key.Key_Escape)
    QApplication.processEvents()
    assert field.text() == shown and not field.hasFocus()
    assert window.model.scene == before


def test_escape_in_the_steps_box_keeps_the_steps(window, qtbot):
    box = window.playback.steps
    steps = window.model.scene.steps
    box.setFocus()
    QApplication.processEvents()
    box.selectAll()
    qtbot.keyClicks(box, "42")
    qtbot.keyClick(box, Qt.Key.Key_Escape)
    QApplication.processEvents()
    assert window.model.scene.steps == steps and box.value() == steps and not box.hasFocus()


def test_in_a_text_field_the_keys_edit_the_text_not_the_playback(window, qtbot):
    field = window.surface_panel.formula
    window.model.set_step(10)
    _type_in(qtbot, field, "x^2")
    qtbot.keyClick(field, Qt.Key.Key_Home)
    qtbot.keyClick(field, Qt.Key.Key_Space)
    assert window.model.step == 10 and not window.player.playing
    assert field.text() == " x^2"


def test_clicking_the_map_to_leave_a_field_does_not_move_the_start(window, qtbot):
    view = window.landscape
    start = window.model.scene.start
    field = window.scale_panel.scale_slider.entry
    field.setFocus()
    QApplication.processEvents()
    assert field.hasFocus()
    qtbot.mouseClick(view.graphics.viewport(), Qt.MouseButton.LeftButton, pos=map_pixel(view, 0.5, 2.0))
    assert window.model.scene.start == start
    assert view.graphics.hasFocus()
    # the next click (nothing being edited) moves the start as always
    qtbot.mouseClick(view.graphics.viewport(), Qt.MouseButton.LeftButton, pos=map_pixel(view, 0.5, 2.0))
    x, y = window.model.scene.start
    assert x == pytest.approx(0.5, abs=0.03) and y == pytest.approx(2.0, abs=0.03)


def test_the_shortcuts_list_names_every_key_the_window_answers_to(window, qtbot):
    from PySide6.QtGui import QAction, QShortcut

    dialog = window.show_shortcuts()
    qtbot.addWidget(dialog)
    listed = set()
    for row in range(dialog.table.rowCount()):
        listed.update(key.strip() for key in dialog.table.item(row, 0).text().split("/"))
    shown_as = {"Left": "←", "Right": "→"}  # the list's arrows
    bound = {sequence.toString() for action in window.findChildren(QAction) for sequence in action.shortcuts()}
    bound |= {shortcut.key().toString() for shortcut in window.findChildren(QShortcut)}
    assert "F7" in bound  # the inside-the-optimizer dock's key, which the list once lacked
    missing = {shown_as.get(key, key) for key in bound if key} - listed
    assert not missing


def test_escape_closes_the_shortcuts_list(window, qtbot):
    dialog = window.show_shortcuts()
    qtbot.addWidget(dialog)
    qtbot.waitUntil(lambda: QApplication.activeWindow() is dialog)
    qtbot.keyClick(dialog.table, Qt.Key.Key_Down)  # scrolling the list first, as a reader does
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: not dialog.isVisible())
