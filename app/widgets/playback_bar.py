"""Playback controls: reset, step back, play/pause, step forward, a timeline to scrub both ways, the step
read-out, speed and the number of steps computed.

The timeline never shrinks below TIMELINE_MIN_WIDTH (lessons ask students to scrub to a given step): where
the bar is too narrow for it beside the buttons (a small window with the inside-the-optimizer dock open) it
takes a row of its own above them, as a video player's does."""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QSizePolicy,
    QSlider,
    QSpinBox,
    QStyle,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from app.model import SceneModel
from app.player import SPEEDS, Player
from app.widgets.fields import no_wheel_unless_focused
from core.scene import MAX_STEPS

TIMELINE_MIN_WIDTH = 200  # px: wide enough to scrub to one step of a few hundred by mouse


class PlaybackBar(QWidget):
    def __init__(self, model: SceneModel, player: Player, parent=None):
        super().__init__(parent)
        self.model, self.player = model, player
        self._held = False  # see set_held
        icons = QStyle.StandardPixmap
        self.reset_button = self._button(icons.SP_MediaSkipBackward, player.reset)
        self.back_button = self._button(icons.SP_MediaSeekBackward, player.step_back)
        self.play_button = self._button(icons.SP_MediaPlay, player.toggle)
        self.play_button.setObjectName("playButton")
        self.forward_button = self._button(icons.SP_MediaSeekForward, player.step_forward)
        self.timeline = QSlider(Qt.Orientation.Horizontal)
        self.timeline.setObjectName("timeline")
        self.step_label = QLabel()
        self.speed = QComboBox()
        for value in SPEEDS:
            self.speed.addItem("", value)  # texts in retranslate
        self.speed.setCurrentIndex(self.speed.findData(int(player.speed)))
        self.steps = QSpinBox()
        self.steps.setObjectName("stepsBox")
        self.steps.setRange(1, MAX_STEPS)
        self.steps.setSingleStep(100)
        self.steps.setKeyboardTracking(False)  # recompute when typing is done, not per digit
        no_wheel_unless_focused(self.speed, self.steps, self.timeline)
        self.timeline.setMinimumWidth(TIMELINE_MIN_WIDTH)
        self.timeline_row = QHBoxLayout()  # holds the timeline only while the bar is narrow
        self.buttons_row = QHBoxLayout()
        for w in (self.reset_button, self.back_button, self.play_button, self.forward_button):
            self.buttons_row.addWidget(w)
        self.buttons_row.addWidget(self.timeline, 1)
        self.buttons_row.addWidget(self.step_label)
        self.speed_label, self.steps_label = QLabel(), QLabel()
        self.buttons_row.addWidget(self.speed_label)
        self.buttons_row.addWidget(self.speed)
        self.buttons_row.addWidget(self.steps_label)
        self.buttons_row.addWidget(self.steps)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 2, 4, 2)
        layout.setSpacing(2)
        layout.addLayout(self.timeline_row)
        layout.addLayout(self.buttons_row)

        self.timeline.valueChanged.connect(self._on_timeline)
        self.speed.activated.connect(lambda i: player.set_speed(self.speed.itemData(i)))
        self.steps.valueChanged.connect(model.set_steps)
        player.playingChanged.connect(self._on_playing)
        model.stepChanged.connect(self._on_step)
        model.sceneChanged.connect(self._on_scene)
        self.retranslate()
        self._on_scene(model.scene)
        self._place_timeline()

    def retranslate(self) -> None:
        """Every text in the current language."""
        self.reset_button.setToolTip(self.tr("Back to step 0 (Home)"))
        self.back_button.setToolTip(self.tr("One step back (←)"))
        self._show_play_tip()
        self.forward_button.setToolTip(self.tr("One step forward (→)"))
        self.timeline.setToolTip(self.tr("Scrub through the race"))
        self.speed.setToolTip(self.tr("Playback speed"))
        self.steps.setToolTip(self.tr("How many steps each optimizer runs"))
        self.speed_label.setText(self.tr("speed"))
        self.steps_label.setText(self.tr("steps"))
        for i, value in enumerate(SPEEDS):
            unit = self.tr(" steps/s")  # outside the f-string, where lupdate can read it
            self.speed.setItemText(i, f"{value}{unit}")
        self._step_template = self.tr("step {step} / {steps}")  # once here: it is written every frame
        self._fix_step_label_size()
        self._show_step(self.model.scene.step, self.model.scene.steps)
        self._place_timeline()

    # ---- the timeline's row ---------------------------------------------------------------------------
    @property
    def timeline_on_own_row(self) -> bool:
        return self.timeline_row.indexOf(self.timeline) >= 0

    def _one_row_width(self) -> int:
        """The width the bar needs for the timeline (at its minimum) beside everything else."""
        row = self.buttons_row
        others = [row.itemAt(i).widget() for i in range(row.count())]
        others = [w for w in others if w is not None and w is not self.timeline]
        margins = self.layout().contentsMargins()
        spacing = max(row.spacing(), self.style().layoutSpacing(
            QSizePolicy.ControlType.DefaultType, QSizePolicy.ControlType.DefaultType, Qt.Orientation.Horizontal))
        return (sum(w.sizeHint().width() for w in others) + TIMELINE_MIN_WIDTH + spacing * len(others)
                + margins.left() + margins.right())

    def _place_timeline(self) -> None:
        """Timeline beside the buttons when it fits at TIMELINE_MIN_WIDTH, else on a row of its own. The
        bar's minimum width is the buttons row's alone, so a splitter or dock can narrow the bar to where
        the timeline moves up (the one-row layout's own minimum would forbid that)."""
        own_row = self.width() < self._one_row_width()
        if own_row != self.timeline_on_own_row:
            self.buttons_row.removeWidget(self.timeline)
            if own_row:
                self.timeline_row.addWidget(self.timeline)
            else:
                self.buttons_row.insertWidget(4, self.timeline, 1)
        self.setMinimumWidth(self._one_row_width() - TIMELINE_MIN_WIDTH)

    def resizeEvent(self, event) -> None:  # noqa: N802 — Qt's name
        super().resizeEvent(event)
        self._place_timeline()

    def set_held(self, held: bool) -> None:
        """A lesson's question holds the run (app.lessons.hold): play is disabled and its tooltip says why."""
        self._held = held
        self.play_button.setEnabled(not held)
        self._show_play_tip()

    def _show_play_tip(self) -> None:
        self.play_button.setToolTip(self.tr("Answer the question (or skip it) to run") if self._held
                                    else self.tr("Play / pause (Space)"))

    def _fix_step_label_size(self) -> None:
        """The step label's size fixed, both ways: the widest text's width and the font's height. A label
        whose size may change asks its parents to lay out again at every setText (Qt's updateGeometry
        skips that only for a fixed size), and the tab widget above then repaints the whole window: the
        playback bar, tab bars, splitters and frames, every animation frame. A fixed width alone did not
        stop it."""
        widest = self._step_text(MAX_STEPS, MAX_STEPS)
        label = self.step_label
        label.setFixedSize(label.fontMetrics().horizontalAdvance(widest) + 8, label.sizeHint().height())

    def changeEvent(self, event):  # noqa: N802 — Qt's name
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        elif event.type() == QEvent.Type.FontChange:  # presentation mode: a bigger font, a taller label
            self._fix_step_label_size()
        super().changeEvent(event)

    def _button(self, icon, slot) -> QToolButton:
        button = QToolButton()
        button.setIcon(self.style().standardIcon(icon))
        button.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # keys belong to the window's shortcuts
        button.clicked.connect(lambda: slot())
        return button

    def _on_timeline(self, value: int) -> None:
        if value != self.model.step:
            self.player.seek(value)

    def _on_playing(self, playing: bool) -> None:
        icon = QStyle.StandardPixmap.SP_MediaPause if playing else QStyle.StandardPixmap.SP_MediaPlay
        self.play_button.setIcon(self.style().standardIcon(icon))

    def _on_step(self, step: int) -> None:
        if self.timeline.value() != step:
            self.timeline.blockSignals(True)
            self.timeline.setValue(step)
            self.timeline.blockSignals(False)
        self._show_step(step, self.model.scene.steps)

    def _step_text(self, step: int, steps: int) -> str:
        return self._step_template.format(step=step, steps=steps)

    def _show_step(self, step: int, steps: int) -> None:
        text = self._step_text(step, steps)
        if self.step_label.text() != text:
            self.step_label.setText(text)

    def _on_scene(self, scene) -> None:
        self.timeline.blockSignals(True)
        self.timeline.setRange(0, scene.steps)
        self.timeline.setValue(scene.step)
        self.timeline.blockSignals(False)
        if self.steps.value() != scene.steps:
            self.steps.blockSignals(True)
            self.steps.setValue(scene.steps)
            self.steps.blockSignals(False)
        self._show_step(scene.step, scene.steps)
