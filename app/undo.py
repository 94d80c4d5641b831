"""Undo/Redo of every scene change (issue 15): the scene is an immutable value, so the history is a bounded
list of scenes. The current playback step is not part of an entry (scrubbing is not undone), nor is a step
of the view window alone (panning and zooming the map).

A run of changes to the same settings in a row (a slider dragged: lr × moving 60 times a second, the
start marker dragged) is one entry: a change that touches exactly the fields the previous one touched
and arrives within GROUP_MS of it replaces that entry's "after" instead of adding one. ``close_group()``
ends such a run (the window calls it when a mouse button is released).
"""

from __future__ import annotations

import dataclasses

from PySide6.QtCore import QElapsedTimer, QObject, Signal

from app.model import SceneModel
from core.scene import Scene

LIMIT = 200  # entries kept
GROUP_MS = 800
IGNORED = frozenset({"step", "window"})  # playback and the map's pan/zoom are not undone


def changed_fields(old: Scene, new: Scene) -> frozenset[str]:
    out = set()
    for field in dataclasses.fields(Scene):
        a, b = getattr(old, field.name), getattr(new, field.name)
        if a is not b and a != b:
            out.add(field.name)
    return frozenset(out)


class SceneHistory(QObject):
    changed = Signal()  # can_undo / can_redo may have changed

    def __init__(self, model: SceneModel, parent=None):
        super().__init__(parent)
        self.model = model
        self._undo: list[Scene] = []  # the scenes before each change
        self._redo: list[Scene] = []
        self._shown = model.scene  # the scene as of the last change seen
        self._last_fields: frozenset[str] = frozenset()
        self._clock = QElapsedTimer()
        self._restoring = False
        model.sceneChanged.connect(self._on_scene)

    @property
    def can_undo(self) -> bool:
        return bool(self._undo)

    @property
    def can_redo(self) -> bool:
        return bool(self._redo)

    def close_group(self) -> None:
        self._last_fields = frozenset()

    def _on_scene(self, scene: Scene) -> None:
        previous, self._shown = self._shown, scene
        if self._restoring:
            return
        fields = changed_fields(previous, scene) - IGNORED
        if not fields:
            return
        grouped = (fields == self._last_fields and self._clock.isValid()
                   and self._clock.elapsed() < GROUP_MS and self._undo)
        if not grouped:
            self._undo.append(previous)
            del self._undo[:-LIMIT]
        self._redo.clear()
        self._last_fields = fields
        self._clock.restart()
        self.changed.emit()

    def _restore(self, scene: Scene) -> None:
        step = min(self.model.scene.step, scene.steps)
        if step != scene.step:
            scene = scene.with_changes(step=step)  # playback stays where it is
        self._restoring = True
        try:
            self.model.set_scene(scene)
        finally:
            self._restoring = False
        self._shown = self.model.scene
        self.close_group()

    def undo(self) -> bool:
        if not self._undo:
            return False
        self._redo.append(self.model.scene)
        self._restore(self._undo.pop())
        self.changed.emit()
        return True

    def redo(self) -> bool:
        if not self._redo:
            return False
        self._undo.append(self.model.scene)
        self._restore(self._redo.pop())
        self.changed.emit()
        return True
