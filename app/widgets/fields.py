"""Number entry and log sliders: text fields that take 1e-3 or 0.001, turn red on a bad value and say why,
and a slider that moves along log10 of the value (1e-4 … 1e4 is 8 decades, not 10,000 linear units).

Signals, one rule for every input here: ``valueEdited(float)`` fires on a *user* change (typing, dragging);
``setValue`` is programmatic and quiet, so a model can push its values back into the widgets without a loop.

``no_wheel_unless_focused(widget)``: a scroll wheel passing over an input changes nothing unless the input
has keyboard focus (clicked or tabbed to); the wheel event goes on to the parent, so the scroll area
around the input still scrolls. LogSlider applies it to its own slider.
"""

from __future__ import annotations

import math
from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtWidgets import QApplication, QHBoxLayout, QLabel, QLineEdit, QSlider, QVBoxLayout, QWidget

from app.i18n import translate

INVALID_STYLE = "QLineEdit { background: #5c1f1f; color: #ffffff; border: 1px solid #D55E00; }"
REASON_STYLE = "color: #ff8a65;"
LADDER = (1.0, 2.0, 5.0)  # a log slider lands on 1-2-5 values (Shift held: any value, 3 digits)


def snap_125(value: float) -> float:
    """The 1-2-5 value (… 0.5, 1, 2, 5, 10 …) nearest to ``value`` on a log scale (ties go up)."""
    if not (value > 0 and math.isfinite(value)):
        return value
    decade = math.floor(math.log10(value))
    marks = [m * 10.0 ** d for d in (decade - 1, decade, decade + 1) for m in LADDER]
    target = math.log10(value)
    best = min(marks, key=lambda m: (round(abs(math.log10(m) - target), 12), -m))
    return float(f"{best:.12g}")


def step_125(value: float, steps: int) -> float:
    """``steps`` rungs up (down if negative) the 1-2-5 ladder from ``value`` (snapped first)."""
    value = snap_125(value)
    decade = math.floor(math.log10(value) + 1e-12)
    rung = min(range(3), key=lambda i: abs(math.log10(LADDER[i] * 10.0 ** decade) - math.log10(value)))
    index = decade * 3 + rung + steps
    return float(f"{LADDER[index % 3] * 10.0 ** (index // 3):.12g}")


class _WheelGuard(QObject):
    """Event filter: an unfocused widget ignores wheel events (they propagate to its parent)."""

    def eventFilter(self, watched, event) -> bool:  # noqa: N802 — Qt's name
        if event.type() == QEvent.Type.Wheel and isinstance(watched, QWidget) and not watched.hasFocus():
            event.ignore()  # not accepted: QApplication hands the wheel to the parent (the scroll area)
            return True  # … and the widget itself never sees it
        return False


_WHEEL_GUARD: _WheelGuard | None = None


def no_wheel_unless_focused(*widgets: QWidget) -> None:
    """Make each widget take keyboard focus only by click or Tab (StrongFocus) and ignore the mouse wheel
    while it does not have focus: scrolling a panel over a slider, spin box or combo box changes nothing."""
    global _WHEEL_GUARD
    if _WHEEL_GUARD is None:
        _WHEEL_GUARD = _WheelGuard(QApplication.instance())  # lives as long as the application
    for widget in widgets:
        widget.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        widget.installEventFilter(_WHEEL_GUARD)


class NumberField(QLineEdit):
    """Emits valueEdited(value) when the user finishes typing a valid number: in [minimum, maximum], or,
    given ``check``, one that ``check(value)`` returns instead of raising ValueError (whose one-line
    message is then shown under the field): e.g. core.optim.spec's Parameter.check, so the field takes
    exactly what a scene file takes. With ``integer`` the text is read as a whole number (exactly, to
    2**63 and beyond) and the value is an int; otherwise a float."""

    valueEdited = Signal(object)

    def __init__(self, value: float = 0.0, minimum: float = -math.inf, maximum: float = math.inf,
                 parent=None, *, exclusive_minimum: bool = False, check: Callable | None = None,
                 integer: bool = False):
        super().__init__(parent)
        self.minimum, self.maximum, self.exclusive_minimum = minimum, maximum, exclusive_minimum
        self.check, self.integer = check, integer
        self._value = self._kept(value)
        self.setText(format_number(value))
        self.setMaximumWidth(90)
        # Why a typed value was refused, in words under the field (not only in a tooltip); its owner
        # places it (with_reason, or a LogSlider's own layout).
        self.reason = QLabel()
        self.reason.setObjectName("fieldReason")
        self.reason.setWordWrap(True)
        self.reason.setStyleSheet(REASON_STYLE)
        self.reason.hide()
        self.editingFinished.connect(self._commit)
        self.returnPressed.connect(self._commit)
        self.textEdited.connect(lambda _text: self.mark_invalid(None))

    def value(self) -> float:
        return self._value

    def _kept(self, value):
        return int(value) if self.integer else float(value)

    def _shown(self, value) -> str:
        return str(value) if self.integer else format_number(value)

    def setValue(self, value: float) -> None:  # noqa: N802 — Qt naming, like the widgets it sits with
        self._value = self._kept(value)
        if not self.hasFocus() or self.text() != self._shown(self._value):
            self.setText(self._shown(self._value))
        self.mark_invalid(None)

    def set_tooltip(self, tip: str) -> None:
        """The field's own tooltip (while a refused value shows its reason there, it comes back after)."""
        if self.property("invalid") is True:
            self._tip = tip
        else:
            self.setToolTip(tip)

    def mark_invalid(self, message: str | None) -> None:
        if not message and self.property("invalid") is not True and self.reason.isHidden():
            return  # already valid: setValue calls this on every value pushed back, and a style sheet
            # set even to "" re-polishes the field (about 1 ms a slider move)
        self.setStyleSheet(INVALID_STYLE if message else "")
        if message:
            if self.property("invalid") is not True:
                self._tip = self.toolTip()
            self.setToolTip(message)
        elif self.property("invalid") is True:
            self.setToolTip(getattr(self, "_tip", ""))
        self.setProperty("invalid", bool(message))
        if self.reason.text() != (message or ""):
            self.reason.setText(message or "")
        # shown only where its owner placed it: a label without a parent would open as a window of its own
        self.reason.setVisible(bool(message) and self.reason.parent() is not None)

    def parse(self, text: str) -> float:
        text = text.strip().replace("−", "-")
        try:
            value = int(text) if self.integer and text.lstrip("+-").isdigit() else float(text)
        except ValueError:
            raise ValueError(translate("NumberField", "'{text}' is not a number").format(text=text)) from None
        if self.check is not None:
            return self.check(value)  # its ValueError says why, in the words every entry point uses
        if not math.isfinite(value):
            raise ValueError(translate("NumberField", "the value must be finite"))
        low_ok = value > self.minimum if self.exclusive_minimum else value >= self.minimum
        if not low_ok or value > self.maximum:
            if self.exclusive_minimum:
                template = translate("NumberField", "the value must be above {low} and at most {high}")
            else:
                template = translate("NumberField", "the value must be from {low} to {high}")
            raise ValueError(template.format(low=f"{self.minimum:g}", high=f"{self.maximum:g}"))
        return value

    def _commit(self) -> None:
        if self.text() == self._shown(self._value) and self.property("invalid") is not True:
            return  # the shown value, untouched (Enter, or leaving the field): its 4 digits are not a new value
        try:
            value = self.parse(self.text())
        except ValueError as exc:
            self.mark_invalid(str(exc))
            return
        self.mark_invalid(None)
        if value != self._value:
            self._value = value
            self.valueEdited.emit(value)


class LogSlider(QWidget):
    """A slider over log10(value) with a number field beside it. valueEdited(float) fires while dragging
    and after typing; setValue never fires it (so the model can push values back without a loop).

    Dragging lands on 1-2-5 values (0.1, 0.2, 0.5, 1, 2 …); with Shift held it moves finely (any value,
    3 significant digits); the arrow keys step one rung of that ladder, Page Up/Down a decade; a typed
    value is taken exactly.

    The slider spans [minimum, maximum]; ``typed=(low, high)`` lets the field accept values beyond that
    span (the slider then rests at its end), ``low`` excluded (e.g. ``typed=(0, 1e6)``: any lr above 0)."""

    valueEdited = Signal(float)
    TICKS_PER_DECADE = 100

    def __init__(self, minimum: float, maximum: float, value: float = 1.0, parent=None, *,
                 typed: tuple[float, float] | None = None):
        super().__init__(parent)
        self.minimum, self.maximum = minimum, maximum
        self.slider = QSlider(Qt.Orientation.Horizontal)
        self.slider.setRange(self._position(minimum), self._position(maximum))
        self.slider.setPageStep(self.TICKS_PER_DECADE // 2)
        self.slider.actionTriggered.connect(self._on_action)
        self.slider.setTickInterval(self.TICKS_PER_DECADE)
        self.slider.setTickPosition(QSlider.TickPosition.TicksBelow)
        if typed is None:
            self.entry = NumberField(value, minimum, maximum)
        else:
            self.entry = NumberField(value, typed[0], typed[1], exclusive_minimum=True)
        no_wheel_unless_focused(self.slider)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.setSpacing(1)
        layout = QHBoxLayout()
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.slider, 1)
        layout.addWidget(self.entry)
        outer.addLayout(layout)
        outer.addWidget(self.entry.reason)
        self._pushing = False
        self.setValue(value)
        self.slider.valueChanged.connect(self._from_slider)
        self.entry.valueEdited.connect(self._from_entry)

    def _position(self, value: float) -> int:
        return round(math.log10(value) * self.TICKS_PER_DECADE)

    def value(self) -> float:
        return self.entry.value()

    def setValue(self, value: float) -> None:  # noqa: N802
        self._pushing = True
        try:
            self.slider.setValue(self._position(min(max(value, self.minimum), self.maximum)))
            self.entry.setValue(value)
        finally:
            self._pushing = False

    def _on_action(self, action: int) -> None:
        """Keys and clicks on the groove: one rung of the 1-2-5 ladder (a page: a decade)."""
        actions = QSlider.SliderAction
        rungs = {actions.SliderSingleStepAdd.value: 1, actions.SliderSingleStepSub.value: -1,
                 actions.SliderPageStepAdd.value: 3, actions.SliderPageStepSub.value: -3}.get(int(action))
        if rungs is None and int(action) == actions.SliderMove.value and not self.slider.isSliderDown():
            moved = self.slider.sliderPosition() - self.slider.value()  # the wheel (on a focused slider)
            rungs = (moved > 0) - (moved < 0)
        if not rungs:
            return
        target = min(max(step_125(self.value() if self.value() > 0 else 1.0, rungs), self.minimum), self.maximum)
        self.slider.setSliderPosition(self._position(target))

    def _from_slider(self, position: int) -> None:
        if self._pushing:
            return
        raw = 10.0 ** (position / self.TICKS_PER_DECADE)
        fine = bool(QApplication.keyboardModifiers() & Qt.KeyboardModifier.ShiftModifier)
        value = float(f"{raw:.3g}") if fine else snap_125(raw)
        value = min(max(value, self.minimum), self.maximum)
        if value == self.entry.value():
            return
        self.entry.setValue(value)
        self.valueEdited.emit(value)

    def _from_entry(self, value: float) -> None:
        self._pushing = True
        try:
            self.slider.setValue(self._position(min(max(value, self.minimum), self.maximum)))
        finally:
            self._pushing = False
        self.valueEdited.emit(value)


def with_reason(field: NumberField) -> QWidget:
    """``field`` with its inline reason line below it (shown while the typed value is refused)."""
    holder = QWidget()
    layout = QVBoxLayout(holder)
    layout.setContentsMargins(0, 0, 0, 0)
    layout.setSpacing(1)
    layout.addWidget(field)
    layout.addWidget(field.reason)
    return holder


def format_number(value: float) -> str:
    return f"{value:.4g}"
