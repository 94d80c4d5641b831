"""The playback clock: a QTimer that moves the model's current step at a chosen speed (steps per second,
independent of the frame rate). It only moves the step — the paths are precomputed, so scrubbing either
way is instant."""

from __future__ import annotations

from PySide6.QtCore import QElapsedTimer, QObject, QTimer, Signal

from app.model import SceneModel

SPEEDS = (1, 2, 5, 10, 30, 60, 120, 250, 500, 1000, 2500)  # steps per second (1-2: read every step aloud)
DEFAULT_SPEED = 120
FRAME_MS = 16


class Player(QObject):
    playingChanged = Signal(bool)
    speedChanged = Signal(float)

    def __init__(self, model: SceneModel, parent=None):
        super().__init__(parent)
        self.model = model
        self.speed = float(DEFAULT_SPEED)
        self.timer = QTimer(self)
        self.timer.setInterval(FRAME_MS)
        self.timer.timeout.connect(self._tick)
        self._clock = QElapsedTimer()
        self._carry = 0.0  # fractional steps owed from earlier frames

    @property
    def playing(self) -> bool:
        return self.timer.isActive()

    def play(self) -> None:
        if self.playing:
            return
        if self.model.step >= self.model.scene.steps:  # at the end: play again from the start
            self.model.set_step(0)
        self._carry = 0.0
        self._clock.start()
        self.timer.start()
        self.playingChanged.emit(True)

    def pause(self) -> None:
        if not self.playing:
            return
        self.timer.stop()
        self.playingChanged.emit(False)

    def toggle(self) -> None:
        self.pause() if self.playing else self.play()

    def step_forward(self) -> None:
        self.pause()
        self.model.set_step(self.model.step + 1)

    def step_back(self) -> None:
        self.pause()
        self.model.set_step(self.model.step - 1)

    def seek(self, step: int) -> None:
        """Scrub: jump to any step, forwards or backwards (playback continues from there if playing)."""
        self.model.set_step(step)

    def reset(self) -> None:
        self.pause()
        self.model.set_step(0)

    def to_end(self) -> None:
        self.pause()
        self.model.set_step(self.model.scene.steps)

    def set_speed(self, steps_per_second: float) -> None:
        self.speed = max(float(steps_per_second), 0.1)
        self.speedChanged.emit(self.speed)

    def advance_frame(self, seconds: float) -> None:
        """Move the step by speed × seconds (fractions carried over); stops at the end."""
        self._carry += self.speed * seconds
        whole = int(self._carry)
        if whole <= 0:
            return
        self._carry -= whole
        target = min(self.model.step + whole, self.model.scene.steps)
        self.model.set_step(target)
        if target >= self.model.scene.steps:
            self.pause()

    def _tick(self) -> None:
        seconds = self._clock.restart() / 1000.0
        self.advance_frame(min(seconds, 0.25))  # a stalled frame (window dragged) does not jump far
