"""The training panel's Curves sub-tab: the plots (``TrainingPlots``) under one row of options — the
smoothing switch and the dead-network flag (a warning that only shows when a run is stalled). The panel
writes their texts (its retranslate and redraws): they are the panel's words, in its translation context."""

from __future__ import annotations

from PySide6.QtWidgets import QCheckBox, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from app.training.plots import TrainingPlots


class CurvesView(QWidget):
    """``plots``, ``smooth`` (a QCheckBox: draw the mini-batch loss's EMA) and ``health`` (the stall flag)."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.plots = TrainingPlots()
        self.smooth = QCheckBox()
        self.smooth.setObjectName("trainingSmooth")
        self.health = QLabel("")
        self.health.setStyleSheet("color: #d55e00; font-weight: bold")
        self.health.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        options = QHBoxLayout()
        options.addWidget(self.smooth)
        options.addWidget(self.health, 1)
        layout.addLayout(options)
        layout.addWidget(self.plots, 1)

    def export_controls(self) -> list[QWidget]:
        """What an exported picture leaves out (app.training.export): the smoothing check box."""
        return [self.smooth]
