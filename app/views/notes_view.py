"""The scene's title and notes above the controls: escaped through app.notes, with the numbers the notes
quote ({id:fmt} placeholders, core.claims) measured on a job runner — the notes show "—" for a moment
while a long scene is measured, then its numbers. Only a new title, notes or claims measure again (the
numbers describe the lesson as written, not the sliders' current place)."""

from __future__ import annotations

import math

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QLabel, QSizePolicy

from app.i18n import current_language, is_language_change
from app.jobs import JobRunner
from app.notes import render_notes
from core.claims import fill_notes, scene_notes


class _Pending(dict):
    """Every placeholder 'measured' as NaN, which core.claims prints as "—"."""

    def __contains__(self, key) -> bool:
        return True

    def __getitem__(self, key) -> float:
        return math.nan


class SceneNotesView(QLabel):
    notesShown = Signal(str, str)  # title, notes with their numbers (or "—" while measuring)

    def __init__(self, model, parent=None):
        super().__init__(parent)
        self.model = model
        self.setObjectName("sceneNotes")
        self.setWordWrap(True)
        self.setTextFormat(Qt.TextFormat.RichText)  # only ever app.notes' escaped output
        self.setOpenExternalLinks(False)
        # Wrap to the column's width: a word-wrapped label asks for its unwrapped width, which widened the
        # scrolled controls column past the window's edge (its right side was cut off at 1280 px).
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self._key: tuple | None = None
        self.notes = ""  # what is shown, as plain notes text (numbers filled in)
        self._jobs = JobRunner(self, name="losslab-notes")
        model.sceneChanged.connect(self.show_scene)
        self.show_scene(model.scene)

    def show_scene(self, scene) -> None:
        """The scene's title and notes in the interface language (English where it has no translation),
        their numbers measured off the UI thread."""
        lang = current_language()
        title, notes = scene.title_in(lang), scene.notes_in(lang)
        key = (lang, title, notes, scene.claims)
        if key == self._key:
            return
        self._key = key
        if scene.claims and ("{" in notes or "}" in notes):
            self._show(title, fill_notes(notes, _Pending()))
            self._jobs.submit(lambda progress: scene_notes(scene, lang=lang), lambda text: self._show(title, text),
                              on_error=lambda exc: self._show(title, fill_notes(notes, _Pending())))
        else:
            self._jobs.cancel()
            self._show(title, notes)

    def changeEvent(self, event) -> None:  # noqa: N802 — Qt's name
        if is_language_change(event):
            self.show_scene(self.model.scene)
        super().changeEvent(event)

    def wait(self, timeout: float = 30.0) -> bool:
        """Until the numbers are in (tests, screenshots)."""
        return self._jobs.wait(timeout)

    def shutdown(self) -> None:
        self._jobs.shutdown()

    def _show(self, title: str, notes: str) -> None:
        self.notes = notes
        self.setText(render_notes(notes, title))
        self.setVisible(bool(title or notes))
        self.notesShown.emit(title, notes)
