"""The point of the app: one global learning-rate factor and one global loss scale, on log sliders, with a
lock that keeps their product constant (drag one, the other moves) and a reset to 1×."""

from __future__ import annotations

from PySide6.QtCore import QEvent
from PySide6.QtWidgets import QCheckBox, QFormLayout, QGroupBox, QLabel, QPushButton

from app.model import SceneModel
from app.widgets.fields import LogSlider, format_number
from core.scene import FACTOR_RANGE


class ScalePanel(QGroupBox):
    def __init__(self, model: SceneModel, parent=None):
        super().__init__(parent)
        self.model = model
        lo, hi = FACTOR_RANGE
        self.lr_slider = LogSlider(lo, hi, model.scene.lr_factor)
        self.lr_slider.setObjectName("lrFactor")
        self.scale_slider = LogSlider(lo, hi, model.scene.loss_scale)
        self.scale_slider.setObjectName("lossScale")
        self.lock = QCheckBox()
        self.product = QLabel()
        self.reset = QPushButton()
        self.lr_label, self.scale_label = QLabel(), QLabel()
        layout = QFormLayout(self)
        layout.addRow(self.lr_label, self.lr_slider)
        layout.addRow(self.scale_label, self.scale_slider)
        layout.addRow(self.lock)
        layout.addRow(self.product, self.reset)
        self.lr_slider.valueEdited.connect(model.set_lr_factor)
        self.scale_slider.valueEdited.connect(model.set_loss_scale)
        self.lock.toggled.connect(model.set_lock_product)
        self.reset.clicked.connect(self._reset)
        model.sceneChanged.connect(self._show)
        model.error.connect(lambda _message: self._show(model.scene))  # a refused factor: back to the last good
        self.retranslate()

    def retranslate(self) -> None:
        self.setTitle(self.tr("Learning rate × loss scale (all optimizers)"))
        self.lr_slider.setToolTip(self.tr("Multiplies every optimizer's learning rate γ"))
        self.scale_slider.setToolTip(self.tr("Multiplies the loss (so the gradient) every optimizer sees"))
        self.lock.setText(self.tr("keep lr × scale constant"))
        self.lock.setToolTip(self.tr("Dragging one slider moves the other so their product stays the same"))
        self.reset.setText(self.tr("Reset to 1×"))
        self.reset.setToolTip(self.tr("Both factors back to 1 (and the lock off)"))
        self.product.setToolTip(self.tr("The product of the two factors: for plain SGD only this product matters"))
        self.lr_label.setText(self.tr("lr ×"))
        self.scale_label.setText(self.tr("loss ×"))
        self._fix_product_size()
        self._show(self.model.scene)

    def _fix_product_size(self) -> None:
        """The product's label at the size of its widest text: a label whose size is fixed in both directions
        does not re-lay out the sidebar when its text changes, which it does on every slider move."""
        widest = self.tr("lr × scale = {value}").format(value=format_number(-8.88e-288))
        metrics = self.product.fontMetrics()
        self.product.setFixedSize(metrics.horizontalAdvance(widest) + 4, metrics.height() + 2)

    def changeEvent(self, event):  # noqa: N802 — Qt's name
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        elif event.type() == QEvent.Type.FontChange:  # presentation mode's larger text
            self._fix_product_size()
        super().changeEvent(event)

    def _reset(self) -> None:
        self.model.set_lock_product(False)
        self.model.set_lr_factor(1.0)
        self.model.set_loss_scale(1.0)

    def _show(self, scene) -> None:
        self.lr_slider.setValue(scene.lr_factor)
        self.scale_slider.setValue(scene.loss_scale)
        if self.lock.isChecked() != scene.lock_product:
            self.lock.blockSignals(True)
            self.lock.setChecked(scene.lock_product)
            self.lock.blockSignals(False)
        product = scene.lr_factor * scene.loss_scale
        self.product.setText(self.tr("lr × scale = {value}").format(value=format_number(product)))
