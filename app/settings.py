"""Application settings that outlive a scene: theme, language, ghosts shown, presentation mode.

One :class:`AppSettings` per window; views follow its signals, menus write through its setters. Each
value but presentation mode is persisted with QSettings (organisation and application "losslab", INI
format in the user's config folder) as soon as it changes; an unreadable stored value falls back to the
default. Presentation mode lasts one session: it is full screen for a lecture, and the next launch (at a
desk, or on another projector) should open as a normal window; a value stored by an earlier version is
dropped on reading. Tests pass
their own ``QSettings`` (a file under a temporary folder) so they never touch the user's.

Signals
    themeChanged(Theme)           the look of every plot (app.themes: DARK, SLIDE)
    languageChanged(str)          the interface language code ("en" or "zh_CN"; app.i18n follows it)
    ghostsShownChanged(bool)      whether the faint reference runs ("ghosts") are drawn
    presentationModeChanged(bool) presentation mode: full screen, larger text and lines, controls hidden
                                  (F6 brings them back on demand)

``hint_dismissed`` (no signal): the first-launch hint strip was closed for good.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, QSettings, Signal

from app.themes import DARK, THEMES, Theme, get_theme

ORGANISATION = APPLICATION = "losslab"
LANGUAGES = ("en", "zh_CN")  # app.i18n names them and loads their translations
PRESENTATION_KEY = "presentation_mode"  # stored by earlier versions only


def _as_bool(value, default: bool) -> bool:
    if isinstance(value, bool):
        return value
    if isinstance(value, str) and value.lower() in ("true", "false"):
        return value.lower() == "true"
    return default


class AppSettings(QObject):
    themeChanged = Signal(object)
    languageChanged = Signal(str)
    ghostsShownChanged = Signal(bool)
    presentationModeChanged = Signal(bool)

    def __init__(self, store: QSettings | None = None, parent=None):
        super().__init__(parent)
        self._store = store if store is not None else QSettings(
            QSettings.Format.IniFormat, QSettings.Scope.UserScope, ORGANISATION, APPLICATION)
        theme_name = self._store.value("theme", DARK.name)
        self._theme = THEMES.get(theme_name, DARK) if isinstance(theme_name, str) else DARK
        language = self._store.value("language", LANGUAGES[0])
        self._language = language if language in LANGUAGES else LANGUAGES[0]
        self._ghosts_shown = _as_bool(self._store.value("ghosts_shown", True), True)
        self._presentation = False  # never remembered (see the module's docstring)
        if self._store.contains(PRESENTATION_KEY):  # written by an earlier version
            self._store.remove(PRESENTATION_KEY)
            self._store.sync()
        self._hint_dismissed = _as_bool(self._store.value("hint_dismissed", False), False)

    # ---- reading -----------------------------------------------------------------------------------
    @property
    def theme(self) -> Theme:
        return self._theme

    @property
    def language(self) -> str:
        return self._language

    @property
    def ghosts_shown(self) -> bool:
        return self._ghosts_shown

    @property
    def presentation_mode(self) -> bool:
        return self._presentation

    @property
    def hint_dismissed(self) -> bool:
        """The first-launch hint strip was dismissed ("Got it"): it is not shown again."""
        return self._hint_dismissed

    # ---- changing (each emits only on a real change, and is saved at once but presentation mode) ----
    def set_hint_dismissed(self, dismissed: bool = True) -> None:
        dismissed = bool(dismissed)
        if dismissed != self._hint_dismissed:
            self._hint_dismissed = dismissed
            self._save("hint_dismissed", dismissed)

    def set_theme(self, theme: Theme | str) -> None:
        theme = get_theme(theme) if isinstance(theme, str) else theme
        if theme is self._theme:
            return
        self._theme = theme
        self._save("theme", theme.name)
        self.themeChanged.emit(theme)

    def set_language(self, code: str) -> None:
        if code not in LANGUAGES:
            raise ValueError(f"unknown language '{code}'; available: {', '.join(LANGUAGES)}")
        if code == self._language:
            return
        self._language = code
        self._save("language", code)
        self.languageChanged.emit(code)

    def set_ghosts_shown(self, shown: bool) -> None:
        shown = bool(shown)
        if shown == self._ghosts_shown:
            return
        self._ghosts_shown = shown
        self._save("ghosts_shown", shown)
        self.ghostsShownChanged.emit(shown)

    def set_presentation_mode(self, on: bool) -> None:
        """For this session only (not saved)."""
        on = bool(on)
        if on == self._presentation:
            return
        self._presentation = on
        self.presentationModeChanged.emit(on)

    def _save(self, key: str, value) -> None:
        self._store.setValue(key, value)
        self._store.sync()
