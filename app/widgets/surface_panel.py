"""Surface picker: every built-in surface with its constants (condition number and angle for the bowl and
canyon, amplitude for Rastrigin, the weights a and b of a weighted a·L₁ + b·L₂ scene), and a custom-formula
field whose errors show inline — the field turns red, the parser's message (with a caret under the
position) shows below, the last good surface stays."""

from __future__ import annotations

import re

from PySide6.QtCore import QT_TRANSLATE_NOOP, QEvent
from PySide6.QtWidgets import QComboBox, QFormLayout, QGroupBox, QLabel, QLineEdit, QWidget

from app.i18n import translate
from app.model import SceneModel
from app.widgets.fields import INVALID_STYLE, LogSlider, NumberField, no_wheel_unless_focused, with_reason
from core.surfaces.surface import builtin_names, get_surface

CUSTOM = "custom"
# Labels and tooltips are marked for lupdate here and shown through translate("SurfacePanel", …).
TIPS = {
    "condition": QT_TRANSLATE_NOOP("SurfacePanel",
                                   "Ratio of the steepest to the flattest curvature: large κ makes a narrow valley"),
    "angle": QT_TRANSLATE_NOOP("SurfacePanel",
                               "Rotates the surface: the valley no longer lines up with the x and y axes"),
    "amplitude": QT_TRANSLATE_NOOP("SurfacePanel", "Height of Rastrigin's ripples: larger means deeper local minima"),
    "a": QT_TRANSLATE_NOOP("SurfacePanel", "Weight of the first loss in a·L₁ + b·L₂"),
    "b": QT_TRANSLATE_NOOP("SurfacePanel", "Weight of the second loss in a·L₁ + b·L₂"),
}
# Per parameter: (label, widget factory). Condition numbers span decades: a log slider.
PARAMETERS = {
    "condition": (QT_TRANSLATE_NOOP("SurfacePanel", "condition number κ"), lambda: LogSlider(1.0, 1e4, 1.0)),
    "angle": (QT_TRANSLATE_NOOP("SurfacePanel", "rotation (degrees)"), lambda: NumberField(0.0, -360.0, 360.0)),
    "amplitude": (QT_TRANSLATE_NOOP("SurfacePanel", "amplitude"), lambda: NumberField(10.0, 0.0, 1e4)),
    # The weights of an a·L₁ + b·L₂ surface (weighted scenes, e.g. the two-losses preset).
    "a": (QT_TRANSLATE_NOOP("SurfacePanel", "weight a of L₁"), lambda: LogSlider(1e-3, 1e3, 1.0)),
    "b": (QT_TRANSLATE_NOOP("SurfacePanel", "weight b of L₂"), lambda: LogSlider(1e-3, 1e3, 1.0)),
}
# The built-in surfaces' titles (core.surfaces) that have words to translate; the others are names.
SURFACE_TITLES = (QT_TRANSLATE_NOOP("SurfacePanel", "Canyon"), QT_TRANSLATE_NOOP("SurfacePanel", "Saddle x² − y²"),
                  QT_TRANSLATE_NOOP("SurfacePanel", "Quadratic bowl"), QT_TRANSLATE_NOOP("SurfacePanel", "Booth"))
WEIGHTS = ("a", "b")


class SurfacePanel(QGroupBox):
    def __init__(self, model: SceneModel, parent=None):
        super().__init__(parent)
        self.model = model
        self.picker = QComboBox()
        for name in builtin_names():
            self.picker.addItem(get_surface(name).title, name)  # texts in retranslate
        self.picker.addItem("", CUSTOM)
        no_wheel_unless_focused(self.picker)  # scrolling the sidebar never switches the surface
        self.formula = QLineEdit()
        self.formula.setObjectName("formulaField")
        self.formula_error = QLabel()
        self.formula_error.setObjectName("formulaError")
        self.formula_error.setWordWrap(True)
        self.formula_error.setStyleSheet("color: #ff8a65; font-family: monospace;")
        self.formula_error.hide()
        self.params: dict[str, QWidget] = {}
        self._rows: dict[str, QWidget] = {}
        self._shown_surface = None
        self._labels: dict[str, QLabel] = {key: QLabel() for key in ("surface", *PARAMETERS, "formula")}
        self.layout_ = QFormLayout(self)
        self.layout_.addRow(self._labels["surface"], self.picker)
        for key, (_label, factory) in PARAMETERS.items():
            widget = factory()
            widget.setObjectName(f"param_{key}")
            self.params[key] = widget
            self._rows[key] = with_reason(widget) if isinstance(widget, NumberField) else widget
            self.layout_.addRow(self._labels[key], self._rows[key])
            setter = self.model.set_weights if key in WEIGHTS else self.model.set_surface_params
            widget.valueEdited.connect(lambda value, key=key, setter=setter: setter(**{key: value}))
        self.layout_.addRow(self._labels["formula"], self.formula)
        self.layout_.addRow(self.formula_error)
        self.picker.activated.connect(self._on_pick)
        self.formula.returnPressed.connect(self.apply_formula)
        self.formula.textEdited.connect(self._clear_error)
        model.formulaRejected.connect(self._show_error)
        model.sceneChanged.connect(self._show)
        self.retranslate()
        self._show(model.scene)

    def retranslate(self) -> None:
        self.setTitle(self.tr("Surface"))
        for i in range(self.picker.count() - 1):
            self.picker.setItemText(i, translate("SurfacePanel", get_surface(self.picker.itemData(i)).title))
        self.picker.setItemText(self.picker.count() - 1, self.tr("Custom formula…"))
        self.picker.setToolTip(self.tr("The loss surface f(x, y) every optimizer descends"))
        self.formula.setPlaceholderText(self.tr("f(x, y), e.g. x^2 + 10*y^2 or sin(x)*cos(y)"))
        if not self.formula.property("invalid"):  # an invalid formula's tooltip is its error
            self.formula.setToolTip(self._formula_tip())
        self._labels["surface"].setText(self.tr("surface"))
        self._labels["formula"].setText(self.tr("formula"))
        for key, (label, _factory) in PARAMETERS.items():
            self._labels[key].setText(translate("SurfacePanel", label))
            self.params[key].setToolTip(translate("SurfacePanel", TIPS[key]))

    def changeEvent(self, event):  # noqa: N802 — Qt's name
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def _formula_tip(self) -> str:
        return self.tr("Type your own f(x, y) and press Enter (x^2, sin, exp, log, sqrt, abs …)")

    def _on_pick(self, index: int) -> None:
        name = self.picker.itemData(index)
        if name == CUSTOM:
            self.formula.setFocus()
            if self.formula.text().strip():
                self.apply_formula()
            return
        self.model.set_surface(name)

    def apply_formula(self) -> None:
        text = self.formula.text()
        if not text.strip():
            self._show_error(self.tr("type a formula in x and y"), -1)
            return
        if self.model.set_formula(text):
            self._clear_error()

    def _clear_error(self, *_args) -> None:
        self.formula.setStyleSheet("")
        self.formula.setToolTip(self._formula_tip())
        self.formula.setProperty("invalid", False)
        self.formula_error.hide()

    def _show_error(self, message: str, position: int) -> None:
        self.formula.setStyleSheet(INVALID_STYLE)
        self.formula.setProperty("invalid", True)
        text = message
        typed = self.formula.text().rstrip()
        if position == 0 and typed and typed[-1] in "+-*/^(,":  # "x^2 +": the parser says character 1,
            position = len(typed)  # but what is missing is at the end: caret and message say so
            message = re.sub(r"at character \d+", f"at character {position + 1}", message, count=1)
            text = message
        if 0 <= position <= len(self.formula.text()):
            text = f"{self.formula.text()}\n{' ' * position}^\n{message}"
            self.formula.setCursorPosition(position)
        self.formula.setToolTip(text)
        self.formula_error.setText(text)
        self.formula_error.show()

    def _show(self, scene) -> None:
        surface = scene.surface
        if surface is self._shown_surface:  # a slider or the start moved: the surface is the same
            return
        self._shown_surface = surface
        is_custom = surface.program is not None
        index = self.picker.findData(CUSTOM if is_custom else surface.name)
        if index >= 0 and index != self.picker.currentIndex():
            self.picker.setCurrentIndex(index)
        for key, widget in self.params.items():
            present = key in surface.params
            self.layout_.setRowVisible(self._rows[key], present)
            if present:
                widget.setValue(surface.params[key])
        if is_custom and not self.formula.hasFocus():
            self.formula.setText(surface.formula)
        elif not is_custom and not self.formula.property("invalid") and not self.formula.hasFocus():
            self.formula.setText(surface.formula if len(surface.formula) < 60 else "")
            self.formula.setCursorPosition(0)
