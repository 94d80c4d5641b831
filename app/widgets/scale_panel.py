"""The point of the app: one global learning-rate factor and one global loss scale, on log sliders, with a
lock that keeps their product constant (drag one, the other moves) and a reset to 1×."""

from __future__ import annotations

from PySide6.QtWidgets import QCheckBox, QFormLayout, QGroupBox, QLabel, QPushButton

from app.model import SceneModel
from app.widgets.fields import LogSlider, format_number
from core.scene import FACTOR_RANGE


class ScalePanel(QGroupBox):
    def __init__(self, model: SceneModel, parent=None):
        super().__init__("Learning rate × loss scale (all optimizers)", parent)
        self.model = model
        lo, hi = FACTOR_RANGE
        self.lr_slider = LogSlider(lo, hi, model.scene.lr_factor)
        self.lr_slider.setObjectName("lrFactor")
        self.lr_slider.setToolTip("Multiplies every optimizer's learning rate γ")
        self.scale_slider = LogSlider(lo, hi, model.scene.loss_scale)
        self.scale_slider.setObjectName("lossScale")
        self.scale_slider.setToolTip("Multiplies the loss (so the gradient) every optimizer sees")
        self.lock = QCheckBox("keep lr × scale constant")
        self.lock.setToolTip("Dragging one slider moves the other so their product stays the same")
        self.product = QLabel()
        self.reset = QPushButton("Reset to 1×")
        self.reset.setToolTip("Both factors back to 1 (and the lock off)")
        self.product.setToolTip("The product of the two factors: for plain SGD only this product matters")
        layout = QFormLayout(self)
        layout.addRow("lr ×", self.lr_slider)
        layout.addRow("loss ×", self.scale_slider)
        layout.addRow(self.lock)
        layout.addRow(self.product, self.reset)
        self.lr_slider.valueEdited.connect(model.set_lr_factor)
        self.scale_slider.valueEdited.connect(model.set_loss_scale)
        self.lock.toggled.connect(model.set_lock_product)
        self.reset.clicked.connect(self._reset)
        model.sceneChanged.connect(self._show)
        model.error.connect(lambda _message: self._show(model.scene))  # a refused factor: back to the last good
        self._show(model.scene)

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
        self.product.setText(f"lr × scale = {format_number(product)}")
