"""Predict first: while a step's question waits for its answer, the step's run cannot start. The play
button and the training panel's start/pause are disabled (the play button says why), a play started
another way (the Space key, a script) is paused at once, and the loss plot's curves (drawn whole from the
start) and the optimizer's insides (they show every step) are hidden until the answer is in."""

from __future__ import annotations

from PySide6.QtCore import QObject


class RunHold(QObject):
    """Holds and releases the run of ``window`` (a MainWindow)."""

    def __init__(self, window, parent: QObject | None = None):
        super().__init__(parent)
        self.window = window
        self.active = False
        window.player.playingChanged.connect(self._pause_if_held)

    def hold(self) -> None:
        self.active = True
        self.window.playback.set_held(True)
        self.window.loss_plot.withhold(True)
        if self.window.inside_dock is not None:
            self.window.inside_dock.withhold(True)
        if self.window.training_panel is not None:
            self.window.training_panel.actions.setEnabled(False)

    def release(self) -> None:
        self.active = False
        self.window.playback.set_held(False)
        self.window.loss_plot.withhold(False)
        if self.window.inside_dock is not None:
            self.window.inside_dock.withhold(False)
        if self.window.training_panel is not None:
            self.window.training_panel.actions.setEnabled(True)

    def _pause_if_held(self, playing: bool) -> None:
        if playing and self.active:
            self.window.player.pause()
