"""The window's menu bar: File, Edit, Presets, View (theme, ghosts, presentation, language, the optimizer's
insides) and Help. Built once by :func:`build_menus`; every action calls the window's methods or writes
through the settings object, which the views follow.

A language switch relabels the menus in place (:func:`retranslate_menus`): the actions stay the same
objects, so their checked state, shortcuts and connections are kept. Only the Presets menu is refilled,
its titles being the preset files' own, in the current language (app.resources.presets)."""

from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP
from PySide6.QtGui import QAction, QActionGroup, QKeySequence
from PySide6.QtWidgets import QApplication, QMenu

from app import i18n
from app.i18n import translate
from app.resources import presets
from app.themes import DARK, SLIDE

# The View menu's theme items, in order.
THEME_LABELS = ((DARK, QT_TRANSLATE_NOOP("MainWindow", "&Dark theme (screen)")),
                (SLIDE, QT_TRANSLATE_NOOP("MainWindow", "S&lide theme (projector)")))


def add_action(window, menu, text, slot, shortcut=None) -> QAction:
    """An action of ``window`` in ``menu``, labelled ``text`` translated (context MainWindow) and relabelled
    by retranslate_menus."""
    action = QAction(translate("MainWindow", text), window)
    window.menu_texts.append((action, text))
    if shortcut is not None:
        action.setShortcut(QKeySequence(shortcut))
    action.triggered.connect(slot)
    menu.addAction(action)
    return action


def _add_menu(window, parent, title: str) -> QMenu:
    menu = parent.addMenu(translate("MainWindow", title))
    window.menu_texts.append((menu, title))
    return menu


def build_menus(window) -> None:
    """Add the menus to ``window`` (a MainWindow); the actions the window updates later are kept on it."""
    window.menu_texts = []  # (QAction or QMenu, English source text): what retranslate_menus relabels
    bar = window.menuBar()
    file_menu = _add_menu(window, bar, QT_TRANSLATE_NOOP("MainWindow", "&File"))
    add_action(window, file_menu, QT_TRANSLATE_NOOP("MainWindow", "&Open scene…"), window.open_scene_dialog,
               QKeySequence.StandardKey.Open)
    add_action(window, file_menu, QT_TRANSLATE_NOOP("MainWindow", "&Save scene…"), window.save_scene_dialog,
               QKeySequence.StandardKey.Save)
    window.export_action = add_action(window, file_menu, QT_TRANSLATE_NOOP("MainWindow", "&Export…"),
                                      window.export_dialog, "Ctrl+E")
    file_menu.addSeparator()
    add_action(window, file_menu, QT_TRANSLATE_NOOP("MainWindow", "&Quit"), window.close,
               QKeySequence.StandardKey.Quit)

    edit_menu = _add_menu(window, bar, QT_TRANSLATE_NOOP("MainWindow", "&Edit"))
    window.undo_action = add_action(window, edit_menu, QT_TRANSLATE_NOOP("MainWindow", "&Undo scene change"),
                                    window.undo, QKeySequence.StandardKey.Undo)
    window.redo_action = add_action(window, edit_menu, QT_TRANSLATE_NOOP("MainWindow", "&Redo scene change"),
                                    window.redo, "Ctrl+Shift+Z")
    window.redo_action.setShortcuts([QKeySequence("Ctrl+Shift+Z"), QKeySequence("Ctrl+Y")])

    window.presets_menu = _add_menu(window, bar, QT_TRANSLATE_NOOP("MainWindow", "&Presets"))
    fill_presets_menu(window)

    settings = window.settings
    view_menu = _add_menu(window, bar, QT_TRANSLATE_NOOP("MainWindow", "&View"))
    add_action(window, view_menu, QT_TRANSLATE_NOOP("MainWindow", "&Reset zoom"), window.landscape.reset_view, "R")
    view_menu.addSeparator()
    group = QActionGroup(window)
    window.theme_actions = {}
    for theme, label in THEME_LABELS:
        action = add_action(window, view_menu, label, lambda _c=False, t=theme: settings.set_theme(t))
        action.setCheckable(True)
        action.setChecked(theme is window.theme)
        group.addAction(action)
        window.theme_actions[theme.name] = action
    view_menu.addSeparator()
    window.ghosts_action = add_action(
        window, view_menu, QT_TRANSLATE_NOOP("MainWindow", "Show &ghosts (each optimizer at its own lr and scale)"),
        lambda checked: settings.set_ghosts_shown(checked), "G")
    window.ghosts_action.setCheckable(True)
    window.presentation_action = add_action(
        window, view_menu, QT_TRANSLATE_NOOP("MainWindow", "&Presentation mode (full screen, larger text)"),
        lambda checked: settings.set_presentation_mode(checked), "F11")
    window.presentation_action.setShortcuts([QKeySequence("F11"), QKeySequence("F5")])
    window.presentation_action.setCheckable(True)
    window.hide_controls_action = add_action(window, view_menu, QT_TRANSLATE_NOOP("MainWindow", "&Hide the controls"),
                                             window.set_controls_hidden, "F6")
    window.hide_controls_action.setCheckable(True)
    # vectors at the heads, the selected run's state, step by step (the dock is built on first use)
    window.inside_action = add_action(window, view_menu, QT_TRANSLATE_NOOP("MainWindow", "&Inside the optimizer"),
                                      window.show_inside, "F7")
    window.inside_action.setCheckable(True)
    view_menu.addSeparator()
    language_menu = _add_menu(window, view_menu, QT_TRANSLATE_NOOP("MainWindow", "&Language"))
    window.language_actions = i18n.populate_language_menu(language_menu, QApplication.instance(), settings)

    help_menu = _add_menu(window, bar, QT_TRANSLATE_NOOP("MainWindow", "&Help"))
    add_action(window, help_menu, QT_TRANSLATE_NOOP("MainWindow", "&Keyboard shortcuts"), window.show_shortcuts,
               "F1")


def fill_presets_menu(window) -> None:
    """The Presets menu's items: every preset by its title in the current language, in teaching order."""
    menu = window.presets_menu
    menu.clear()  # its items are the menu's own actions: deleted here
    for title, path in presets(i18n.current_language()):
        menu.addAction(title).triggered.connect(lambda _checked=False, p=path: window.open_scene(p))
    if not menu.actions():
        menu.addAction(translate("MainWindow", "(no presets found)")).setEnabled(False)


def retranslate_menus(window) -> None:
    """Every menu title and action text in the current language; the Presets menu refilled."""
    for item, source in window.menu_texts:
        text = translate("MainWindow", source)
        if isinstance(item, QMenu):
            item.setTitle(text)
        else:
            item.setText(text)
    fill_presets_menu(window)
