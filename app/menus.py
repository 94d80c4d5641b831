"""The window's menu bar: File, Edit, Presets, View (theme, ghosts, presentation, language, the optimizer's
insides) and Help. Built once by :func:`build_menus`; every action calls the window's methods or writes
through the settings object, which the views follow."""

from __future__ import annotations

from PySide6.QtGui import QAction, QActionGroup, QKeySequence
from PySide6.QtWidgets import QApplication

from app import i18n
from app.resources import presets
from app.themes import DARK, SLIDE


def add_action(window, menu, text, slot, shortcut=None) -> QAction:
    action = QAction(text, window)
    if shortcut is not None:
        action.setShortcut(QKeySequence(shortcut))
    action.triggered.connect(slot)
    menu.addAction(action)
    return action


def build_menus(window) -> None:
    """Add the menus to ``window`` (a MainWindow); the actions the window updates later are kept on it."""
    bar = window.menuBar()
    file_menu = bar.addMenu("&File")
    add_action(window, file_menu, "&Open scene…", window.open_scene_dialog, QKeySequence.StandardKey.Open)
    add_action(window, file_menu, "&Save scene…", window.save_scene_dialog, QKeySequence.StandardKey.Save)
    window.export_action = add_action(window, file_menu, "&Export…", window.export_dialog, "Ctrl+E")
    file_menu.addSeparator()
    add_action(window, file_menu, "&Quit", window.close, QKeySequence.StandardKey.Quit)

    edit_menu = bar.addMenu("&Edit")
    window.undo_action = add_action(window, edit_menu, "&Undo scene change", window.undo,
                                    QKeySequence.StandardKey.Undo)
    window.redo_action = add_action(window, edit_menu, "&Redo scene change", window.redo, "Ctrl+Shift+Z")
    window.redo_action.setShortcuts([QKeySequence("Ctrl+Shift+Z"), QKeySequence("Ctrl+Y")])

    window.presets_menu = bar.addMenu("&Presets")
    for title, path in presets():
        add_action(window, window.presets_menu, title, lambda _checked=False, p=path: window.open_scene(p))
    if not window.presets_menu.actions():
        window.presets_menu.addAction("(no presets found)").setEnabled(False)

    settings = window.settings
    view_menu = bar.addMenu("&View")
    add_action(window, view_menu, "&Reset zoom", window.landscape.reset_view, "R")
    view_menu.addSeparator()
    group = QActionGroup(window)
    window.theme_actions = {}
    for theme, label in ((DARK, "&Dark theme (screen)"), (SLIDE, "S&lide theme (projector)")):
        action = add_action(window, view_menu, label, lambda _c=False, t=theme: settings.set_theme(t))
        action.setCheckable(True)
        action.setChecked(theme is window.theme)
        group.addAction(action)
        window.theme_actions[theme.name] = action
    view_menu.addSeparator()
    window.ghosts_action = add_action(window, view_menu, "Show &ghosts (each run without the global lr × and loss ×)",
                                      lambda checked: settings.set_ghosts_shown(checked), "G")
    window.ghosts_action.setCheckable(True)
    window.presentation_action = add_action(
        window, view_menu, "&Presentation mode (full screen, larger text)",
        lambda checked: settings.set_presentation_mode(checked), "F11")
    window.presentation_action.setShortcuts([QKeySequence("F11"), QKeySequence("F5")])
    window.presentation_action.setCheckable(True)
    window.hide_controls_action = add_action(window, view_menu, "&Hide the controls", window.set_controls_hidden,
                                             "F6")
    window.hide_controls_action.setCheckable(True)
    # vectors at the heads, the selected run's state, step by step (the dock is built on first use)
    window.inside_action = add_action(window, view_menu, "&Inside the optimizer", window.show_inside, "F7")
    window.inside_action.setCheckable(True)
    view_menu.addSeparator()
    window.language_actions = i18n.populate_language_menu(view_menu.addMenu("&Language"), QApplication.instance(),
                                                          settings)

    help_menu = bar.addMenu("&Help")
    add_action(window, help_menu, "&Keyboard shortcuts", window.show_shortcuts, "F1")
