"""The window in 简体中文, switched at run time: the window title, the menu bar (File, Edit, Presets, View,
Help) and every item of those menus, the tab labels, the shortcuts dialog and the first-launch hint speak
Chinese; the menus keep their state (checked items, enabled undo, the very same actions); switching back
restores every English text."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QMenu

from app import i18n
from app.launch import throwaway_settings
from app.main_window import MainWindow
from app.model import SceneModel
from app.resources import presets


def _has_hanzi(text: str) -> bool:
    return any("\u4e00" <= c <= "\u9fff" for c in text)


def _menu_items(window) -> dict[object, str]:
    """Every menu of the window's own menus (not the lessons' menu) and their actions → its text; aside:
    the Language submenu's items (each language is named in its own language, never translated) and the
    Presets menu's (refilled on a switch: checked on their own)."""
    found = {}
    for item, _source in window.menu_texts:
        if isinstance(item, QMenu):
            found[item] = item.title()
    for menu in [i for i in found if isinstance(i, QMenu)]:
        if menu is window.presets_menu or set(menu.actions()) == set(window.language_actions.values()):
            continue
        for action in menu.actions():
            if not action.isSeparator() and action.menu() is None:
                found[action] = action.text()
    return found


@pytest.fixture
def window(qtbot):
    settings = throwaway_settings()  # the hint strip shows: a first launch
    win = MainWindow(SceneModel(), settings=settings)
    qtbot.addWidget(win)
    yield win
    i18n.set_language(QCoreApplication.instance(), "en")
    win.model.shutdown()


def test_the_window_and_its_menus_switch_to_chinese_and_back(window, qapp):
    app = qapp
    window.settings.set_theme("slide")
    window.model.set_lr_factor(3.0)  # something to undo
    window.settings.set_ghosts_shown(False)
    english = _menu_items(window)
    english_title = window.windowTitle()
    english_tabs = [window.tabs.tabText(i) for i in range(window.tabs.count())]
    english_hint = (window.hint.text.text(), window.hint.button.text())
    dialog = window.show_shortcuts()
    english_rows = [dialog.table.item(r, 1).text() for r in range(dialog.table.rowCount())]
    assert set(english) == {item for item, _ in window.menu_texts} and len(english) >= 20

    i18n.set_language(app, "zh_CN")
    chinese = _menu_items(window)
    assert set(chinese) == set(english)  # the same menus and actions: relabelled, not rebuilt
    untranslated = {english[item]: text for item, text in chinese.items()
                    if text == english[item] or not _has_hanzi(text)}
    assert untranslated == {}
    # the menu bar's own titles
    bar_titles = [a.text() for a in window.menuBar().actions() if a.menu() in chinese]
    assert len(bar_titles) == 5 and all(_has_hanzi(t) for t in bar_titles)
    assert _has_hanzi(window.windowTitle()) and window.windowTitle() != english_title
    assert all(_has_hanzi(window.tabs.tabText(i)) for i in range(window.tabs.count()))
    assert _has_hanzi(window.hint.text.text()) and _has_hanzi(window.hint.button.text())
    assert _has_hanzi(dialog.windowTitle())
    assert all(_has_hanzi(dialog.table.item(r, 1).text()) for r in range(dialog.table.rowCount()))
    # the Presets menu: each preset by its Chinese title, in teaching order
    assert [a.text() for a in window.presets_menu.actions()] == [t for t, _ in presets("zh_CN")]
    assert all(_has_hanzi(a.text()) for a in window.presets_menu.actions())
    # state kept
    assert window.theme_actions["slide"].isChecked() and not window.theme_actions["dark"].isChecked()
    assert not window.ghosts_action.isChecked() and window.undo_action.isEnabled()

    i18n.set_language(app, "en")
    assert _menu_items(window) == english
    assert window.windowTitle() == english_title
    assert [window.tabs.tabText(i) for i in range(window.tabs.count())] == english_tabs
    assert (window.hint.text.text(), window.hint.button.text()) == english_hint
    assert [dialog.table.item(r, 1).text() for r in range(dialog.table.rowCount())] == english_rows
    assert [a.text() for a in window.presets_menu.actions()] == [t for t, _ in presets()]
    dialog.close()


def test_a_preset_opened_in_chinese_is_announced_by_its_chinese_title(window, qapp):
    i18n.set_language(qapp, "zh_CN")
    title, path = presets("zh_CN")[0]
    window.presets_menu.actions()[0].trigger()
    assert window.model.scene.title_in("zh_CN") == title and path.stem == "lesson_sgd_loss_vs_lr"
    assert title in window.statusBar().currentMessage() and _has_hanzi(window.statusBar().currentMessage())


def test_a_lazy_tab_is_found_by_its_key_in_any_language(window, qapp, monkeypatch):
    from PySide6.QtWidgets import QWidget

    from app.main_window import TRAINING_TAB

    monkeypatch.setattr(window, "training_panel", QWidget())  # no torch needed to switch tabs
    i18n.set_language(qapp, "zh_CN")
    window.show()
    assert window.show_tab(TRAINING_TAB)
    assert window.tabs.tabText(window.tabs.currentIndex()) != TRAINING_TAB  # labelled in Chinese
    assert not window.controls.isVisible()  # the Training tab's rule still applies
    assert window.show_tab("Race") and window.controls.isVisible()
