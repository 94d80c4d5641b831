"""The scale map's settings and its job: the colour, cells, steps, lr span and loss-scale range boxes
(written back through the model's setters), the sweep's progress bar with Cancel, and a one-line notice
when a sweep was not started (too big for memory, or a long one the user declined).

Before a sweep estimated over a minute starts, the model asks :meth:`ScaleMapControls.confirm_long_sweep`,
which puts the question through the module-level :func:`ask_to_start` (a QMessageBox; tests replace it).
"""

from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP, QEvent, QSignalBlocker
from PySide6.QtWidgets import (
    QComboBox,
    QDoubleSpinBox,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QProgressBar,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from app.i18n import translate
from app.models.scale_map import ScaleMapModel, SweepSize
from core.limits import format_bytes, format_seconds, physical_memory
from core.scale_map import MAX_LR_SPAN, MAX_STEPS, METRICS, RESOLUTIONS, SCALE_RANGES, ScaleMapRequest

METRIC_NAMES = {"loss": QT_TRANSLATE_NOOP("ScaleMapView", "final loss"),
                "distance": QT_TRANSLATE_NOOP("ScaleMapView", "distance to nearest minimum")}
# core.scale_map's range names are numbers, shown as they are, except for the words of this one.
SCALE_RANGE_NAMES = {"1e-12 … 1e2 (ε regime)": QT_TRANSLATE_NOOP("ScaleMapControls", "1e-12 … 1e2 (ε regime)")}
NOTICE_STYLE = "color: #ff8a65;"


def ask_to_start(parent: QWidget, title: str, question: str) -> bool:
    """Ask a yes/no question in a message box; True for Yes. Module-level so tests can answer it."""
    answer = QMessageBox.question(parent, title, question,
                                  QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
                                  QMessageBox.StandardButton.No)
    return answer == QMessageBox.StandardButton.Yes


def _quietly(set_value, value) -> None:
    """Set a control from code without its change signal (which would call back into the setter)."""
    with QSignalBlocker(set_value.__self__):
        set_value(value)


class ScaleMapControls(QWidget):
    """Two rows of settings, then the progress bar, Cancel and the notice; follows ``model``."""

    def __init__(self, model: ScaleMapModel, parent=None):
        super().__init__(parent)
        self.model = m = model
        # What the progress bar and the notice say: a state, a failure's message, and the notice as a
        # function of the language (it is written again on a language switch).
        self._state, self._message, self._notice = "idle", "", None
        self.metric_box = QComboBox()
        self.metric_box.addItems([""] * len(METRICS))  # texts in retranslate
        self.metric_box.currentIndexChanged.connect(lambda i: m.set_metric(list(METRICS)[i]))
        self.resolution_box = QComboBox()
        self.resolution_box.addItems([f"{n} × {n}" for n in RESOLUTIONS])
        self.resolution_box.currentIndexChanged.connect(lambda i: m.set_resolution(RESOLUTIONS[i]))
        self.steps_box = QSpinBox(minimum=1, maximum=MAX_STEPS, singleStep=50, keyboardTracking=False)
        self.steps_box.valueChanged.connect(m.set_steps)
        self.span_box = QDoubleSpinBox(minimum=0.5, maximum=MAX_LR_SPAN, singleStep=0.5, decimals=1,
                                        keyboardTracking=False)
        self.span_box.valueChanged.connect(m.set_lr_span)
        self.scale_box = QComboBox()
        self.scale_box.addItems(list(SCALE_RANGES))  # texts in retranslate
        self.scale_box.currentIndexChanged.connect(lambda i: m.set_scale_range(*list(SCALE_RANGES.values())[i]))
        self.progress = QProgressBar(minimum=0, maximum=1000, textVisible=True)
        self.cancel_button = QPushButton()
        self.cancel_button.setEnabled(False)
        self.cancel_button.clicked.connect(m.cancel)
        self.notice = QLabel()
        self.notice.setObjectName("scaleMapNotice")
        self.notice.setWordWrap(True)
        self.notice.setStyleSheet(NOTICE_STYLE)
        self.notice.hide()
        self.labels = {key: QLabel() for key in ("colour", "cells", "steps", "span", "scale")}

        # Two rows: in one the controls alone were ~850 px wide and squeezed the explanation panel
        # beside the map to nothing in a 1400 px window.
        top, bottom = QHBoxLayout(), QHBoxLayout()
        for row, items in ((top, (("colour", self.metric_box), ("cells", self.resolution_box),
                                  ("steps", self.steps_box))),
                           (bottom, (("span", self.span_box), ("scale", self.scale_box)))):
            for key, widget in items:
                row.addWidget(self.labels[key])
                row.addWidget(widget)
        top.addStretch(1)
        bottom.addWidget(self.progress, 1)
        bottom.addWidget(self.cancel_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(top)
        layout.addLayout(bottom)
        layout.addWidget(self.notice)

        m.requestChanged.connect(self.show_request)
        m.problemChanged.connect(self._show_problem)
        m.computeStarted.connect(self._started)
        m.progressed.connect(lambda f: self.progress.setValue(int(round(1000 * f))))
        m.computed.connect(self._finished)
        m.failed.connect(self._failed)
        m.cancelled.connect(self._cancelled)
        m.refused.connect(self._refused)
        m.declined.connect(self._declined)
        self.retranslate()
        self.show_request(m.request)
        self._show_problem()

    def setting_widgets(self) -> list[QWidget]:
        """Every settings box and its label (what a lesson shows or hides as the "scale_map" group)."""
        boxes = [self.metric_box, self.resolution_box, self.steps_box, self.span_box, self.scale_box]
        return boxes + list(self.labels.values())

    # --- language ---------------------------------------------------------------------------------------
    def retranslate(self) -> None:
        for key, text in (("colour", self.tr("colour")), ("cells", self.tr("cells")), ("steps", self.tr("steps")),
                          ("span", self.tr("lr ±")), ("scale", self.tr("loss scale"))):
            self.labels[key].setText(text)
        for i, key in enumerate(METRICS):
            self.metric_box.setItemText(i, translate("ScaleMapView", METRIC_NAMES[key]))
        for i, name in enumerate(SCALE_RANGES):
            self.scale_box.setItemText(i, translate("ScaleMapControls", SCALE_RANGE_NAMES.get(name, name)))
        self.span_box.setSuffix(self.tr(" decades"))
        self.metric_box.setToolTip(self.tr("What the colour shows: the final loss, or the distance to the "
                                           "nearest minimum (surfaces with known minima)"))
        self.resolution_box.setToolTip(self.tr("Cells per map: learning rates × loss scales"))
        self.steps_box.setToolTip(self.tr("Steps each cell runs"))
        self.span_box.setToolTip(self.tr("Decades of learning rate either side of each optimizer's own"))
        self.scale_box.setToolTip(self.tr("The loss scales across each map"))
        self.cancel_button.setText(self.tr("Cancel"))
        self.cancel_button.setToolTip(self.tr("Stop this sweep; it starts again when a setting changes"))
        self._show_state()

    def changeEvent(self, event):  # noqa: N802 — Qt's name
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    # --- following the model --------------------------------------------------------------------------
    def show_request(self, request: ScaleMapRequest) -> None:
        _quietly(self.metric_box.setCurrentIndex, list(METRICS).index(request.metric))
        _quietly(self.resolution_box.setCurrentIndex, RESOLUTIONS.index(request.resolution))
        _quietly(self.steps_box.setValue, self.model.steps)
        _quietly(self.span_box.setValue, request.lr_span)
        ranges = list(SCALE_RANGES.values())
        if request.scale_range in ranges:
            _quietly(self.scale_box.setCurrentIndex, ranges.index(request.scale_range))

    def _show_problem(self) -> None:
        self.metric_box.model().item(1).setEnabled(self.model.has_minima())
        _quietly(self.steps_box.setValue, self.model.steps)

    def _set_state(self, state: str, message: str = "", notice=None) -> None:
        """idle, computing, done, failed (``message``), cancelled or "not started" (``notice()``: the
        notice's text in the current language)."""
        self._state, self._message, self._notice = state, message, notice
        self.cancel_button.setEnabled(state == "computing")
        self._show_state()

    def _show_state(self) -> None:
        m = self.model
        formats = {"idle": self.tr("idle"), "done": self.tr("done"), "cancelled": self.tr("cancelled"),
                   "not started": self.tr("not started"),
                   "failed": self.tr("failed: {message}").format(message=self._message),
                   "computing": self.tr("computing {optimizers} × {n}² × {steps} steps… %p%").format(
                       optimizers=len(m.specs), n=m.request.resolution, steps=m.steps)}
        self.progress.setFormat(formats[self._state])
        self.notice.setText(self._notice() if self._notice is not None else "")
        self.notice.setVisible(self._notice is not None)

    def _started(self) -> None:
        self.progress.setValue(0)
        self._set_state("computing")

    def _finished(self, _result) -> None:
        self.progress.setValue(1000)
        self._set_state("done")

    def _failed(self, message: str) -> None:
        self._set_state("failed", message)

    def _cancelled(self) -> None:
        if self._state == "computing":
            self._set_state("cancelled")

    def _refused(self, size: SweepSize) -> None:
        self._set_state("not started", notice=lambda: self.tr(
            "Not started: this map needs about {memory} of memory ({cells} cells × {steps} steps) but this "
            "machine has {total}; choose fewer cells or optimizers.").format(
            memory=format_bytes(size.estimate.bytes), cells=f"{size.cells:,}", steps=f"{size.steps:,}",
            total=format_bytes(physical_memory())))

    def _declined(self, size: SweepSize) -> None:
        self._set_state("not started", notice=lambda: self.tr(
            "Not started: this map would take about {time} ({cells} cells × {steps} steps). Change a "
            "setting to start another.").format(time=format_seconds(size.estimate.seconds),
                                                 cells=f"{size.cells:,}", steps=f"{size.steps:,}"))

    def confirm_long_sweep(self, size: SweepSize) -> bool:
        """The model's ``confirm``: ask whether to start a sweep estimated over a minute."""
        question = self.tr("This scale map will take about {time} ({cells} cells × {steps} steps) and about "
                           "{memory} of memory. Start it?").format(
            time=format_seconds(size.estimate.seconds), cells=f"{size.cells:,}", steps=f"{size.steps:,}",
            memory=format_bytes(size.estimate.bytes))
        return ask_to_start(self.window(), self.tr("Start a long sweep?"), question)
