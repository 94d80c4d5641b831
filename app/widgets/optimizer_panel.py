"""The optimizers in the race: a list (tick to show, colour as on the map) and, for the selected one, every
hyper-parameter its kind has plus the gradient options, with its update equation above the form."""

from __future__ import annotations

import math

from PySide6.QtCore import QT_TRANSLATE_NOOP, QEvent, Qt
from PySide6.QtGui import QFont, QIcon, QPainter, QPixmap
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.i18n import translate
from app.model import SceneModel
from app.themes import DARK
from app.views.common import RunStyle, optimizer_labels, run_styles
from app.widgets.fields import NumberField, no_wheel_unless_focused, with_reason
from core.optim.spec import KINDS, PARAMETERS, TITLES, OptimizerSpec

# Field: (label, tooltip), shown through translate("OptimizerPanel", …). What a field accepts is not here:
# it is core.optim.spec.PARAMETERS' range, checked by the table's own Parameter.check (one set of limits:
# the panel takes exactly what a scene file takes, and refuses with the same one-line message).
FIELDS = {
    "lr": (QT_TRANSLATE_NOOP("OptimizerPanel", "learning rate γ"),
           QT_TRANSLATE_NOOP("OptimizerPanel", "this optimizer's own learning rate (before the global lr ×)")),
    "momentum": (QT_TRANSLATE_NOOP("OptimizerPanel", "momentum μ"),
                 QT_TRANSLATE_NOOP("OptimizerPanel", "heavy-ball / Nesterov momentum")),
    "dampening": (QT_TRANSLATE_NOOP("OptimizerPanel", "dampening τ"),
                  QT_TRANSLATE_NOOP("OptimizerPanel", "scales the new gradient in the momentum buffer")),
    "alpha": (QT_TRANSLATE_NOOP("OptimizerPanel", "α (RMS decay)"),
              QT_TRANSLATE_NOOP("OptimizerPanel", "decay of the squared-gradient average")),
    "beta1": ("β₁", QT_TRANSLATE_NOOP("OptimizerPanel", "decay of the gradient average (first moment)")),
    "beta2": ("β₂", QT_TRANSLATE_NOOP("OptimizerPanel", "decay of the squared-gradient average (second moment)")),
    "eps": ("ε", QT_TRANSLATE_NOOP("OptimizerPanel", "added to √v: where √v is comparable, loss scale matters")),
    "weight_decay": (QT_TRANSLATE_NOOP("OptimizerPanel", "weight decay λ"),
                     QT_TRANSLATE_NOOP("OptimizerPanel", "coupled L2 (AdamW: decoupled)")),
    "lr_decay": (QT_TRANSLATE_NOOP("OptimizerPanel", "lr decay"),
                 QT_TRANSLATE_NOOP("OptimizerPanel", "AdaGrad's learning-rate decay")),
    "loss_scale": (QT_TRANSLATE_NOOP("OptimizerPanel", "own loss scale s"),
                   QT_TRANSLATE_NOOP("OptimizerPanel", "this optimizer's loss scale (before the global one)")),
    "clip": (QT_TRANSLATE_NOOP("OptimizerPanel", "clip ‖g‖ at"),
             QT_TRANSLATE_NOOP("OptimizerPanel", "gradient-norm clipping of the scaled gradient; 0 = off")),
    "noise": (QT_TRANSLATE_NOOP("OptimizerPanel", "gradient noise σ"),
              QT_TRANSLATE_NOOP("OptimizerPanel", "Gaussian noise added to the unscaled gradient; 0 = off")),
    "seed": (QT_TRANSLATE_NOOP("OptimizerPanel", "noise seed"),
             QT_TRANSLATE_NOOP("OptimizerPanel", "the same seed gives the same noise draws")),
}
ADDED = OptimizerSpec("adam", lr=1e-2)  # what the Add button puts in the race (its text says so)
ALWAYS = ("lr", "loss_scale", "clip", "noise", "seed")


_SWATCHES: dict[tuple, QIcon] = {}  # by (colour, dash)
SWATCH_SIZE = (22, 12)  # pixels: long enough to show a dash pattern
SWATCH_LINE = 3.0  # the sample's pen width, pixels
DASH_ROLE = Qt.ItemDataRole.UserRole + 1  # the run's dash pattern (None: solid), beside its colour


def swatch(style: RunStyle) -> QIcon:
    """The run's line sample as on the map: its colour and dash (solid, dashed, dotted…), the same in
    a selected row (by default Qt tints a selected row's icon with the highlight colour, and the first
    Adam run's orange swatch turned olive beside its orange line)."""
    key = (style.color, style.dash)
    if key not in _SWATCHES:
        pixmap = QPixmap(SWATCH_SIZE[0], SWATCH_SIZE[1])
        pixmap.fill(Qt.GlobalColor.transparent)
        painter = QPainter(pixmap)
        painter.setPen(style.pen(SWATCH_LINE, 255))
        painter.drawLine(0, SWATCH_SIZE[1] // 2, SWATCH_SIZE[0], SWATCH_SIZE[1] // 2)
        painter.end()
        icon = QIcon()
        for mode in (QIcon.Mode.Normal, QIcon.Mode.Selected, QIcon.Mode.Active):
            icon.addPixmap(pixmap, mode)
        _SWATCHES[key] = icon
    return _SWATCHES[key]


class OptimizerPanel(QGroupBox):
    def __init__(self, model: SceneModel, parent=None):
        super().__init__(parent)
        self.model = model
        self.theme = DARK
        self._shown_spec: OptimizerSpec | None = None  # what the fields show, to skip no-op refreshes
        self._listed: tuple | None = None  # (optimizers, theme) the list shows: a global slider's move skips it
        self.list = QListWidget()
        self.list.setObjectName("optimizerList")
        self.list.setMaximumHeight(150)
        self.add_button = QPushButton()
        self.remove_button = QPushButton()
        self.kind = QComboBox()
        for kind in KINDS:
            self.kind.addItem(TITLES[kind], kind)  # optimizer names: the same in every language
        no_wheel_unless_focused(self.kind)  # scrolling the sidebar never changes the kind
        self.fields: dict[str, NumberField] = {}
        self._rows: dict[str, QWidget] = {}  # each field with its inline reason line
        self._labels: dict[str, QLabel] = {key: QLabel() for key in ("kind", *FIELDS)}
        self.form = QFormLayout()
        self.form.addRow(self._labels["kind"], self.kind)
        for key in FIELDS:
            limits = PARAMETERS[key]
            field = NumberField(0, check=limits.check, integer=limits.integer)  # _show_selected fills it
            field.setObjectName(f"hyper_{key}")
            field.valueEdited.connect(lambda value, key=key: self._edit(key, value))
            self.fields[key] = field
            self._rows[key] = with_reason(field)
            self.form.addRow(self._labels[key], self._rows[key])
        self.equation = QLabel()
        self.equation.setObjectName("equation")
        font = QFont("DejaVu Sans Mono")
        font.setStyleHint(QFont.StyleHint.Monospace)
        self.equation.setFont(font)
        self.equation.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.equation.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        # Wrapped at spaces when the column is narrower than a line (Adam's last line is ~47 characters):
        # an unwrapped label set the column's minimum width and pushed the sidebar sideways (issue 15).
        self.equation.setWordWrap(True)
        self.equation.setTextFormat(Qt.TextFormat.PlainText)

        buttons = QHBoxLayout()
        buttons.addWidget(self.add_button)
        buttons.addWidget(self.remove_button)
        # The equation above the form, not beside it: Adam's lines beside the form made the panel ~570 px
        # wide at the least, wider than the controls column, which was then cut off at 1280 px.
        form_holder = QWidget()
        form_holder.setLayout(self.form)
        layout = QVBoxLayout(self)
        layout.addWidget(self.list)
        layout.addLayout(buttons)
        layout.addWidget(self.equation)
        layout.addWidget(form_holder)

        self.list.currentRowChanged.connect(lambda _row: self._show_selected())
        self.list.itemChanged.connect(self._on_item_changed)
        self.kind.activated.connect(lambda i: self._edit("kind", self.kind.itemData(i)))
        self.add_button.clicked.connect(lambda: model.add_optimizer(ADDED))
        self.remove_button.clicked.connect(lambda: model.remove_optimizer(self.selected()))
        model.sceneChanged.connect(self._show)
        self.retranslate()
        self._show(model.scene)
        self.list.setCurrentRow(0)

    def retranslate(self) -> None:
        self.setTitle(self.tr("Optimizers"))
        self.list.setToolTip(self.tr("The optimizers in the race: tick to show, select one to edit it below"))
        added = {"optimizer": TITLES[ADDED.kind], "lr": f"{ADDED.lr:g}"}
        self.add_button.setText(self.tr("Add {optimizer} (γ = {lr})").format(**added))
        self.remove_button.setText(self.tr("Remove"))
        self.add_button.setToolTip(self.tr("Add an {optimizer} run with γ = {lr} and its other defaults to the race; "
                                           "select it in the list to change them").format(**added))
        self.remove_button.setToolTip(self.tr("Remove the selected optimizer from the race"))
        self.kind.setToolTip(self.tr("The update rule of the selected optimizer (its equation is shown below)"))
        self._labels["kind"].setText(self.tr("optimizer"))
        for key, (label, tip) in FIELDS.items():
            self._labels[key].setText(translate("OptimizerPanel", label))
            self.fields[key].set_tooltip(self.tr("{help} (valid: {rule})").format(
                help=translate("OptimizerPanel", tip), rule=PARAMETERS[key].rule_text()))

    def changeEvent(self, event):  # noqa: N802 — Qt's name
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def selected(self) -> int:
        return max(self.list.currentRow(), 0)

    def _edit(self, key: str, value) -> None:
        if not self.model.update_optimizer(self.selected(), **{key: value}) and key in self.fields:
            self.fields[key].mark_invalid(self.model.last_error)
            self._show_selected(keep_invalid=key)

    def _on_item_changed(self, item: QListWidgetItem) -> None:
        row = self.list.row(item)
        enabled = item.checkState() == Qt.CheckState.Checked
        if 0 <= row < len(self.model.scene.optimizers) and self.model.scene.optimizers[row].enabled != enabled:
            self.model.set_enabled(row, enabled)

    def _show(self, scene) -> None:
        if self._listed is not None and self._listed[0] is scene.optimizers and self._listed[1] is self.theme:
            return  # only a global factor (or the surface, the steps …) changed: nothing here shows it
        self._listed = (scene.optimizers, self.theme)
        self.list.blockSignals(True)
        try:
            row = self.list.currentRow()
            while self.list.count() > len(scene.optimizers):
                self.list.takeItem(self.list.count() - 1)
            while self.list.count() < len(scene.optimizers):
                item = QListWidgetItem()
                item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
                self.list.addItem(item)
            specs = [entry.spec for entry in scene.optimizers]
            styles = run_styles(self.theme, specs)  # as on the map
            labels = optimizer_labels(specs)  # every setting that tells runs of one kind apart, as the legend
            for i, entry in enumerate(scene.optimizers):
                item = self.list.item(i)
                color = styles[i].color
                # The optimizer's own settings (what this panel edits); the effective ones, with the
                # global factors, are in the legend and the status table. Also spares this list a
                # re-layout on every step of a global slider drag.
                text = f"{i + 1}. {labels[i]}"
                if item.text() != text:
                    item.setText(text)
                if item.data(Qt.ItemDataRole.UserRole) != color or item.data(DASH_ROLE) != styles[i].dash:
                    item.setData(Qt.ItemDataRole.UserRole, color)
                    item.setData(DASH_ROLE, styles[i].dash)
                    item.setIcon(swatch(styles[i]))
                state = Qt.CheckState.Checked if entry.enabled else Qt.CheckState.Unchecked
                if item.checkState() != state:
                    item.setCheckState(state)
            self.list.setCurrentRow(min(max(row, 0), self.list.count() - 1))
        finally:
            self.list.blockSignals(False)
        self.remove_button.setEnabled(len(scene.optimizers) > 1)
        self._show_selected()

    def _show_selected(self, keep_invalid: str | None = None) -> None:
        optimizers = self.model.scene.optimizers
        if not optimizers:
            return
        spec: OptimizerSpec = optimizers[min(self.selected(), len(optimizers) - 1)].spec
        if keep_invalid is None and spec is self._shown_spec:  # a global slider moved: nothing here changed
            return
        self._shown_spec = spec
        self.kind.setCurrentIndex(self.kind.findData(spec.kind))
        own = spec.hyper_parameters()
        for key, field in self.fields.items():
            present = key in own or key in ALWAYS
            self.form.setRowVisible(self._rows[key], present)
            if present and key != keep_invalid:
                value = getattr(spec, key)
                field.setValue(value if value is not None and math.isfinite(value) else 0)
        self.equation.setText(spec.equation)
