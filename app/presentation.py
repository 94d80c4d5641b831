"""The window's look, decided by the settings object and followed here: the plots' theme, presentation
mode (full screen, everything larger, the controls hidden; F6 shows them on demand) and the controls
column (hidden by F6, on the Training tab, where the Race sidebar does nothing, and while none of its
groups is shown, as in a lesson step that names none). The Scale map tab follows too: larger text in
presentation mode, its settings rows hidden with the controls, and the scene's notes shown once (its notes
pane only while the sidebar does not show them).

:class:`WindowLook` keeps the look's own state (the theme the views show, whether the controls are
hidden, whether the window was maximised before full screen); the MainWindow's ``theme``,
``set_controls_hidden``, ``show_controls`` and ``view_theme`` are its front."""

from __future__ import annotations

import dataclasses

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QWidget

from app.themes import DARK, PRESENTATION_SCALE, Theme
from app.window_tabs import TRAINING_TAB, current_key

DIRECT_CHILDREN = Qt.FindChildOption.FindDirectChildrenOnly


class WindowLook:
    def __init__(self, window):
        self.window = window
        self.shown_theme: Theme = DARK  # the views are built in DARK
        self.controls_hidden = False  # F6; presentation mode starts with them hidden
        self.full_screen = True  # False: the presentation look at the window's size (screenshots)
        self._was_maximized = False
        self._base_font = QFont(window.font())

    def follow(self, settings) -> None:
        """Follow the settings' theme and presentation mode from now on, starting with their values."""
        settings.themeChanged.connect(self.follow_theme)
        settings.presentationModeChanged.connect(self.follow_presentation)
        # after app.window_tabs' own handler, which builds the Scale map tab on its first showing
        self.window.tabs.currentChanged.connect(lambda _index: self.fit_scale_map_tab())
        self.window.scene_notes.notesShown.connect(lambda _title, _notes: self.fit_scale_map_tab())
        self.follow_theme(settings.theme)
        self.follow_presentation(settings.presentation_mode)

    def follow_theme(self, theme: Theme) -> None:
        """Restyle the views (they are built in DARK, so DARK at start costs nothing) and tick the theme in
        the View menu, whoever asked (menu, --theme, the stored setting)."""
        self.window.theme_actions[theme.name].setChecked(True)
        if theme is self.shown_theme:
            return
        self.shown_theme = theme
        self.restyle_views()

    def view_theme(self, theme: Theme) -> Theme:
        """The theme the plots get: in presentation mode with larger text, lines and heads."""
        if not self.window.settings.presentation_mode:
            return theme
        k = PRESENTATION_SCALE
        return dataclasses.replace(theme, font_size=round(theme.font_size * k), path_width=theme.path_width * k,
                                   head_size=theme.head_size * k)

    def restyle_views(self) -> None:
        window = self.window
        theme = self.view_theme(self.shown_theme)
        for view in (window.landscape, window.loss_plot, window.status_view, window.scale_map, window.training_panel):
            if view is not None and getattr(view, "theme", None) != theme:
                view.set_theme(theme)

    def follow_presentation(self, on: bool) -> None:
        """Full screen, everything larger, the controls hidden (F6 shows them on demand)."""
        window = self.window
        window.presentation_action.setChecked(on)
        font = QFont(self._base_font)
        if on:
            font.setPointSizeF(font.pointSizeF() * PRESENTATION_SCALE)
        window.setFont(font)
        if on and not window.isFullScreen() and self.full_screen:
            self._was_maximized = window.isMaximized()
            if window.isVisible():
                window.showFullScreen()
        elif not on and window.isFullScreen():
            window.showMaximized() if self._was_maximized else window.showNormal()
        self.controls_hidden = on
        self.show_controls()
        self.restyle_views()

    def wants_full_screen(self) -> bool:
        """On show: presentation mode asks for full screen (screenshots excepted)."""
        window = self.window
        return window.settings.presentation_mode and not window.isFullScreen() and self.full_screen

    def set_controls_hidden(self, hidden: bool) -> None:
        self.controls_hidden = bool(hidden)
        self.show_controls()

    def show_controls(self) -> None:
        """The controls column: hidden by F6, on the Training tab, and while every group in it is hidden (a
        lesson step that shows none of them: its 320 px go to the pictures)."""
        window = self.window
        on_training = current_key(window) == TRAINING_TAB
        window.hide_controls_action.setChecked(self.controls_hidden)
        column = window.controls.widget()
        empty = all(child.isHidden() for child in column.findChildren(QWidget, options=DIRECT_CHILDREN))
        window.controls.setVisible(not self.controls_hidden and not on_training and not empty)
        self.fit_scale_map_tab()

    def fit_scale_map_tab(self) -> None:
        """The Scale map tab (once built) as the look wants it. Its notes pane repeats the sidebar's scene
        notes, at the maps' expense: it shows only while the sidebar does not (controls hidden, or a scene
        without notes, where the pane explains the headline question)."""
        window = self.window
        scale_map = getattr(window, "scale_map", None)
        if scale_map is None:
            return
        scale_map.set_text_scale(PRESENTATION_SCALE if window.settings.presentation_mode else 1.0)
        scale_map.set_controls_shown(not self.controls_hidden)
        explanation = getattr(window, "explanation", None)
        if explanation is not None:
            notes_in_sidebar = not self.controls_hidden and bool(window.scene_notes.notes)
            explanation.setVisible(not notes_in_sidebar)
