"""The Scale map tab follows the window's look: presentation mode makes its maps readable from the back
of a hall (larger ticks, titles and colour-bar labels; settings rows hidden with the controls), and the
scene's notes appear once (the tab's notes pane only while the sidebar does not show them)."""

from __future__ import annotations

from app.window_tabs import SCALE_MAP_TAB


def _tick_points(axis) -> float:
    return axis.style["tickFont"].pointSizeF()


def test_presentation_mode_enlarges_the_maps_and_hides_their_settings(window, qtbot):
    window.full_screen_presentation = False
    window.show_tab(SCALE_MAP_TAB)
    scale_map = window.scale_map
    normal_ticks = _tick_points(scale_map.plot_item(0).getAxis("left"))
    normal_bar = _tick_points(scale_map.colorbar.axis)
    assert scale_map.controls.isVisible() and scale_map.factor_box.isVisible()

    window.settings.set_presentation_mode(True)
    assert _tick_points(scale_map.plot_item(0).getAxis("left")) > normal_ticks
    assert _tick_points(scale_map.plot_item(0).getAxis("bottom")) > normal_ticks
    assert _tick_points(scale_map.colorbar.axis) > normal_bar
    assert not scale_map.controls.isVisible() and not scale_map.factor_box.isVisible()
    window.set_controls_hidden(False)  # F6 brings the controls back, the maps' settings with them
    assert scale_map.controls.isVisible()

    window.settings.set_presentation_mode(False)
    assert _tick_points(scale_map.plot_item(0).getAxis("left")) == normal_ticks
    assert scale_map.controls.isVisible()


def test_scene_notes_are_shown_once_on_the_scale_map_tab(window, qtbot):
    qtbot.waitUntil(lambda: bool(window.scene_notes.notes))  # the default scene has notes, in the sidebar
    window.show_tab(SCALE_MAP_TAB)
    assert window.controls.isVisible()
    assert not window.explanation.isVisible()  # no second copy squeezing the maps
    window.set_controls_hidden(True)  # the sidebar gone: the tab's pane shows them
    assert window.explanation.isVisible()
    assert window.scene_notes.notes.split()[0] in window.explanation.toPlainText()
    window.set_controls_hidden(False)
    assert not window.explanation.isVisible()
