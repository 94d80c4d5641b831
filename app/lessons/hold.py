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
        self._set(True)

    def release(self) -> None:
        self._set(False)

    def _set(self, held: bool) -> None:
        window = self.window
        self.active = held
        window.playback.set_held(held)
        for view in (window.loss_plot, window.inside_dock):  # the dock: None until first opened
            if view is not None:
                view.withhold(held)
        if window.training_panel is not None:
            window.training_panel.actions.setEnabled(not held)

    def _pause_if_held(self, playing: bool) -> None:
        if playing and self.active:
            self.window.player.pause()
