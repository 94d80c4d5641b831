"""The app's one LogSlider (app.widgets.fields) and the wheel guard the training panel puts on its inputs:
a scroll wheel passing over an unfocused input changes nothing; a focused input takes the wheel."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtGui import QWheelEvent
from PySide6.QtWidgets import QApplication, QComboBox, QSpinBox, QVBoxLayout, QWidget

from app.widgets.fields import LogSlider, no_wheel_unless_focused


def wheel(widget, steps: int = -1) -> None:
    """One notch of the wheel over the middle of ``widget`` (negative: towards the user)."""
    centre = QPointF(widget.width() / 2, widget.height() / 2)
    event = QWheelEvent(centre, QPointF(widget.mapToGlobal(centre.toPoint())), QPoint(0, 0),
                        QPoint(0, 120 * steps), Qt.MouseButton.NoButton, Qt.KeyboardModifier.NoModifier,
                        Qt.ScrollPhase.NoScrollPhase, False)
    QApplication.sendEvent(widget, event)


@pytest.fixture
def form(qtbot):
    window = QWidget()
    layout = QVBoxLayout(window)
    combo = QComboBox()
    combo.addItems(["sgd", "momentum", "adam"])
    spin = QSpinBox()
    spin.setRange(0, 100)
    spin.setValue(50)
    slider = LogSlider(1e-3, 1e3, 1.0)
    other = QSpinBox()  # somewhere else to put the focus
    for widget in (combo, spin, slider, other):
        layout.addWidget(widget)
    no_wheel_unless_focused(combo, spin)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    window.activateWindow()
    other.setFocus()
    qtbot.waitUntil(other.hasFocus)
    yield combo, spin, slider
    window.close()  # the fixture holds the window (and so its children) until the test ends


def test_wheel_over_unfocused_inputs_changes_nothing(form):
    combo, spin, slider = form
    seen = []
    slider.valueEdited.connect(seen.append)
    for _ in range(3):
        wheel(combo)
        wheel(spin)
        wheel(slider.slider)
    assert combo.currentIndex() == 0 and spin.value() == 50
    assert slider.value() == 1.0 and seen == []
    assert combo.focusPolicy() == Qt.FocusPolicy.StrongFocus
    assert slider.slider.focusPolicy() == Qt.FocusPolicy.StrongFocus


def test_wheel_over_a_focused_input_changes_it(qtbot, form):
    combo, spin, slider = form
    combo.setFocus()
    qtbot.waitUntil(combo.hasFocus)
    wheel(combo)  # towards the user: the next item
    assert combo.currentIndex() == 1
    spin.setFocus()
    qtbot.waitUntil(spin.hasFocus)
    wheel(spin, steps=1)
    assert spin.value() == 51
    seen = []
    slider.valueEdited.connect(seen.append)
    slider.slider.setFocus()
    qtbot.waitUntil(slider.slider.hasFocus)
    wheel(slider.slider, steps=1)
    assert slider.value() > 1.0 and seen == [slider.value()]


def test_log_slider_emits_on_user_edits_only(qtbot):
    slider = LogSlider(1e-5, 10.0, 0.1, typed=(0.0, 1e6))
    qtbot.addWidget(slider)
    seen = []
    slider.valueEdited.connect(seen.append)
    slider.setValue(0.5)  # programmatic: quiet
    assert slider.value() == 0.5 and seen == []
    slider.entry.setText("1e-3")
    slider.entry.editingFinished.emit()
    assert slider.value() == 1e-3 and seen == [1e-3]
    slider.entry.setText("fast")
    slider.entry.editingFinished.emit()
    assert slider.value() == 1e-3 and len(seen) == 1 and "not a number" in slider.entry.toolTip()
    slider.entry.setText("100")  # beyond the slider's span but within the typed range
    slider.entry.editingFinished.emit()
    assert seen[-1] == 100.0 and slider.slider.value() == slider.slider.maximum()
    slider.entry.setText("0")  # the typed range excludes its lower end
    slider.entry.editingFinished.emit()
    assert slider.value() == 100.0 and "above 0" in slider.entry.toolTip()
    slider.slider.setValue(slider.slider.minimum())  # as a drag would
    assert slider.value() == pytest.approx(1e-5) and seen[-1] == slider.value()


def test_scrolling_over_the_training_controls_changes_no_setting(qtbot):
    """Issue 15's trap: scrolling the training sidebar changed B's optimizer and A's decay mode."""
    from PySide6.QtWidgets import QAbstractSpinBox, QSlider

    from app.training.controls import ActionControls, RunControls, SetupControls
    from app.training.model import TrainingModel

    model = TrainingModel()
    window = QWidget()
    layout = QVBoxLayout(window)
    for view in (SetupControls(model), RunControls(model, "a"), RunControls(model, "b"), ActionControls(model)):
        layout.addWidget(view)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    before = model.config
    inputs = [w for kind in (QComboBox, QAbstractSpinBox, QSlider) for w in window.findChildren(kind)]
    assert len(inputs) >= 15
    for widget in inputs:
        assert widget.focusPolicy() == Qt.FocusPolicy.StrongFocus, widget
        for steps in (-1, 1, -1):
            wheel(widget, steps)
    assert model.config == before
