"""app.settings.AppSettings: evented, persisted (in a temporary QSettings file here), followed by the
window's views and written by the View menu."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QSettings

from app.settings import AppSettings
from app.themes import DARK, SLIDE


def _store(tmp_path) -> QSettings:
    return QSettings(str(tmp_path / "losslab.ini"), QSettings.Format.IniFormat)


def test_settings_emit_on_change_only_and_persist(qtbot, tmp_path):
    settings = AppSettings(_store(tmp_path))
    assert (settings.theme, settings.language, settings.ghosts_shown, settings.presentation_mode) == \
        (DARK, "en", True, False)
    with qtbot.waitSignal(settings.themeChanged, timeout=1000) as changed:
        settings.set_theme("slide")
    assert changed.args == [SLIDE]
    with qtbot.assertNotEmitted(settings.themeChanged):
        settings.set_theme(SLIDE)
    with qtbot.waitSignal(settings.ghostsShownChanged, timeout=1000) as ghosts:
        settings.set_ghosts_shown(False)
    assert ghosts.args == [False]
    settings.set_presentation_mode(True)
    with pytest.raises(ValueError, match="unknown language"):
        settings.set_language("xx")
    with pytest.raises(ValueError, match="unknown theme"):
        settings.set_theme("neon")

    again = AppSettings(_store(tmp_path))
    assert (again.theme, again.ghosts_shown) == (SLIDE, False)
    assert not again.presentation_mode  # a lecture's full screen is not the next launch's


def test_presentation_mode_stored_by_an_earlier_version_is_dropped(tmp_path):
    store = _store(tmp_path)
    store.setValue("presentation_mode", True)
    store.sync()
    assert not AppSettings(_store(tmp_path)).presentation_mode
    assert not _store(tmp_path).contains("presentation_mode")


def test_unreadable_stored_values_fall_back_to_the_defaults(tmp_path):
    store = _store(tmp_path)
    for key, value in (("theme", "neon"), ("language", "xx"), ("ghosts_shown", "maybe"),
                       ("presentation_mode", 7)):
        store.setValue(key, value)
    store.sync()
    settings = AppSettings(_store(tmp_path))
    assert (settings.theme, settings.language, settings.ghosts_shown, settings.presentation_mode) == \
        (DARK, "en", True, False)


def test_window_follows_the_settings_and_the_view_menu_writes_through_them(window, qtbot):
    settings = window.settings
    window.tabs.setCurrentIndex(1)  # the scale map too
    scale_map = window.scale_map
    assert scale_map.graphics.backgroundBrush().color().name() == DARK.background

    window.theme_actions["slide"].trigger()
    assert settings.theme is SLIDE and window.theme is SLIDE
    assert window.landscape.theme is SLIDE and window.loss_plot.theme is SLIDE and scale_map.theme is SLIDE
    assert scale_map.graphics.backgroundBrush().color().name() == SLIDE.background
    axis = scale_map.plot_item(0).getAxis("left")
    assert axis.textPen().color().name() == SLIDE.foreground

    settings.set_theme(DARK)  # from elsewhere (another window, a lesson): the menu ticks it too
    assert window.theme_actions["dark"].isChecked() and scale_map.theme is DARK

    # Ghosts are drawn only where they differ from the runs: with a global factor off 1×.
    window.model.set_lr_factor(0.5)
    qtbot.waitUntil(lambda: window.model.race.scene == window.model.scene)
    window.ghosts_action.trigger()
    assert settings.ghosts_shown is False
    assert not any(g.isVisible() for g in window.landscape.ghosts + window.loss_plot.ghosts)
    settings.set_ghosts_shown(True)
    assert window.ghosts_action.isChecked()
    enabled = [e.enabled for e in window.model.scene.optimizers]
    assert [g.isVisible() for g in window.landscape.ghosts] == enabled

    window.presentation_action.trigger()
    assert settings.presentation_mode and not window.controls.isVisible()
    settings.set_presentation_mode(False)
    assert window.controls.isVisible() and not window.presentation_action.isChecked()


def test_a_window_opens_in_the_stored_theme(qtbot, tmp_path):
    from app.main_window import MainWindow

    store = _store(tmp_path)
    AppSettings(store).set_theme(SLIDE)
    win = MainWindow(settings=AppSettings(_store(tmp_path)))
    qtbot.addWidget(win)
    assert win.theme is SLIDE and win.landscape.theme is SLIDE and win.theme_actions["slide"].isChecked()
    win.model.shutdown()
