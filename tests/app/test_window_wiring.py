"""The window's wiring of the pieces built beside it: the optimizer's insides, lessons, the language menu,
`--lesson`, and File ▸ Export picturing the tab being looked at."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import QImage

from app import i18n
from app.launch import load_lesson, throwaway_settings
from app.main_window import TRAINING_TAB, MainWindow
from app.model import SceneModel


@pytest.fixture
def window(qtbot):
    settings = throwaway_settings()
    settings.set_hint_dismissed(True)
    win = MainWindow(SceneModel(), settings=settings)
    qtbot.addWidget(win)
    win.model.start_engine_now()
    yield win
    i18n.set_language(QCoreApplication.instance(), "en")
    win.close()


def _menu(window, title):
    return next(a.menu() for a in window.menuBar().actions() if a.text().replace("&", "") == title)


def test_view_menu_toggles_the_inside_dock_built_on_first_use(window, qtbot):
    assert window.inside_dock is None  # start-up does not pay for its plots
    window.show()
    window.inside_action.trigger()
    assert window.inside_dock is not None
    qtbot.waitUntil(window.inside_dock.isVisible)
    assert window.inside_action.isChecked()
    window.inside_action.trigger()
    qtbot.waitUntil(lambda: not window.inside_dock.isVisible())
    assert not window.inside_action.isChecked()
    window.inside_dock.close()  # its own close button: the View item follows
    assert not window.inside_action.isChecked()


def test_language_menu_switches_live_and_back(window):
    actions = window.language_actions
    assert set(actions) == {"en", "zh_CN"}
    actions["zh_CN"].trigger()
    assert window.settings.language == "zh_CN" and i18n.current_language() == "zh_CN"
    assert QCoreApplication.translate("QPlatformTheme", "Cancel") == "取消"  # Qt's own strings too
    actions["en"].trigger()
    assert i18n.current_language() == "en"
    assert QCoreApplication.translate("QPlatformTheme", "Cancel") == "Cancel"


def test_lessons_menu_is_there_and_a_lesson_opens_from_its_name(window):
    titles = [a.text().replace("&", "") for a in window.menuBar().actions()]
    assert "Lessons" in titles
    lesson = load_lesson("02_momentum")
    window.lessons.start(lesson)
    assert window.lessons.session is not None and window.lessons.session.lesson.id == lesson.id


def test_lesson_option_refuses_an_unknown_name_in_one_line():
    with pytest.raises(ValueError) as caught:
        load_lesson("no such lesson")
    message = str(caught.value)
    assert "no lesson called" in message and "\n" not in message and "02_momentum" in message


def test_export_of_the_training_tab_pictures_the_training_tab(window, qtbot, tmp_path):
    window.show()
    index = next(i for i in range(window.tabs.count()) if window.tabs.tabText(i) == TRAINING_TAB)
    window.tabs.setCurrentIndex(index)
    qtbot.waitUntil(lambda: window.training_panel is not None)
    window.export_dialog()
    dialog = window.export_dialog_window
    assert dialog.tab is window.training_panel
    from app.export.tab import export_tab_image

    path = export_tab_image(dialog.tab, tmp_path / "training.png", (800, 450))
    image = QImage(str(path))
    assert (image.width(), image.height()) == (800, 450)
    dialog.close()


def test_notes_follow_the_language_with_their_measured_numbers(window, qtbot):
    from app.resources import resource_path

    assert window.open_scene(resource_path("presets", "lesson_sgd_loss_vs_lr.json"))
    window.scene_notes.wait()
    english = window.scene_notes.notes
    assert "{" not in english and not any("\u4e00" <= c <= "\u9fff" for c in english)
    window.language_actions["zh_CN"].trigger()
    qtbot.waitUntil(lambda: any("\u4e00" <= c <= "\u9fff" for c in window.scene_notes.notes))
    window.scene_notes.wait()
    qtbot.waitUntil(lambda: "{" not in window.scene_notes.notes and "…" not in window.scene_notes.notes)
    window.language_actions["en"].trigger()
    window.scene_notes.wait()
    qtbot.waitUntil(lambda: window.scene_notes.notes == english)


def test_a_scene_can_ask_for_its_ghosts_hidden_and_the_view_menu_shows_it(window, tmp_path):
    import json

    from core import scene as scene_io

    data = scene_io.default_scene().to_dict()
    data["ghosts"] = False
    path = tmp_path / "no-ghosts.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    window.settings.set_ghosts_shown(True)
    assert window.open_scene(path)
    assert window.model.scene.ghosts is False and not window.settings.ghosts_shown
    assert not window.ghosts_action.isChecked()
    assert scene_io.from_dict(window.model.scene.to_dict()).ghosts is False  # saved back as it came
    data["ghosts"] = "no"
    with pytest.raises(scene_io.SceneError, match="'ghosts' must be true or false"):
        scene_io.from_dict(data)
    del data["ghosts"]
    assert scene_io.from_dict(data).ghosts is None  # a scene without it leaves the viewer's setting


def test_closing_hides_the_window_before_waiting_for_its_workers(window, qtbot, monkeypatch):
    """A training thread still importing torch takes seconds to stop: the window left the screen first
    (it stood frozen, its File menu still open, until the workers had stopped)."""
    window.show()
    qtbot.waitExposed(window)
    seen: list[bool] = []
    stop_lessons = window.lessons.shutdown
    monkeypatch.setattr(window.lessons, "shutdown", lambda: (seen.append(window.isVisible()), stop_lessons()))
    assert window.close()
    assert seen == [False]
