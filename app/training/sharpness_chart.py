"""The landscape's sharpness chart: λmax along both twins' paths against each run's stability bound.

For the SGD family the chart draws λmax of the training loss's Hessian against 2/(s·η) (momentum and
Nesterov have their own, ``core.training.sharpness.stability_threshold``); for Adam and AdamW the
preconditioned sharpness λmax(P·H), P = diag(1/(√v̂ + ε)), against Cohen et al. (2022)'s bound
(2 + 2β₁)/((1 − β₁)·η) (38/η for β₁ = 0.9). The estimates run on their own ``app.jobs.JobRunner``
(``app.training.landscape_jobs.estimate_sharpness``); this module draws them and writes the legend.
"""

from __future__ import annotations

import math

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QT_TRANSLATE_NOOP, QEvent, Qt, Signal
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from app.i18n import retranslate_pyqtgraph, translate
from app.jobs import JobRunner
from app.training.controls import COLOURS
from app.training.landscape_jobs import estimate_sharpness, preconditioned
from app.training.messages import PathSnapshot
from app.training.plots import MIN_X_RANGE
from app.views.loss_plot import LogLossAxis
from app.views.plot_item import new_plot_item

# core.training.sharpness.stability_threshold's reasons, as the catalogue knows them (a test checks they match)
BOUND_REASONS = {
    "weight decay, clipping or a schedule change the step: no fixed bound":
        QT_TRANSLATE_NOOP("SharpnessChart", "weight decay, clipping or a schedule change the step: no fixed bound"),
    "Nesterov: (2 + 2μ) / ((1 + 2μ)·s·η)": QT_TRANSLATE_NOOP("SharpnessChart", "Nesterov: (2 + 2μ) / ((1 + 2μ)·s·η)"),
    "heavy-ball momentum: (2 + 2μ) / (s·η)":
        QT_TRANSLATE_NOOP("SharpnessChart", "heavy-ball momentum: (2 + 2μ) / (s·η)"),
    "gradient descent: 2 / (s·η)": QT_TRANSLATE_NOOP("SharpnessChart", "gradient descent: 2 / (s·η)"),
}
ADAPTIVE_REASON = " is adaptive: its stability bound is on the preconditioned Hessian (not computed)"


def bound_reason(why: str) -> str:
    """A stability_threshold reason in the current language (an unknown one as core wrote it)."""
    if why in BOUND_REASONS:
        return translate("SharpnessChart", BOUND_REASONS[why])
    if why.endswith(ADAPTIVE_REASON):
        return translate("SharpnessChart", "{optimizer} is adaptive: its stability bound is on the preconditioned "
                                           "Hessian (not computed)").format(optimizer=why[: -len(ADAPTIVE_REASON)])
    return why


def stability_bound(spec: dict, lr: float, full_batch: bool) -> tuple[float | None, str]:
    """(bound, legend line) for a run: 2/(s·η)-type bounds from ``core.training.sharpness`` for the SGD
    family; for Adam and AdamW the bound (2 + 2β₁)/((1 − β₁)η) on the preconditioned sharpness λmax(P·H)
    that the chart draws for them."""
    from core.training.optim_spec import OptimSpec
    from core.training.sharpness import adam_bound, stability_threshold

    optim = OptimSpec.from_mapping(spec).with_changes(lr=lr, schedule="constant")
    batch = "" if full_batch else translate("SharpnessChart",
                                            "; this run uses mini-batches, the bound is full-batch GD's")
    if preconditioned(spec):
        # the preconditioner shrinks as the loss scale grows the Hessian: no s in this bound
        bound = adam_bound(lr, optim.beta1)
        return bound, translate("SharpnessChart", "{optimizer}: (2+2β₁)/((1−β₁)·η) = {bound} bounds the preconditioned "
                                "sharpness λmax(P·H) drawn, P = 1/(√v+ε) rebuilt from full-batch gradients at "
                                "the recorded points{batch}").format(
            optimizer=optim.optimizer, bound=f"{bound:.3g}", batch=batch)
    value, why = stability_threshold(optim)
    why = bound_reason(why)
    if value is None:
        return None, translate("SharpnessChart", "{optimizer}: no fixed bound ({why})").format(
            optimizer=optim.optimizer, why=why)
    return value, f"{why} = {value:.3g}{batch}"


class SharpnessChart(QWidget):
    """The chart and its legend. ``compute(snapshot)`` estimates in the background; ``computed`` is emitted
    when ``series`` (run → (steps, values)) is drawn. Public for tests: ``plot``, ``legend``, ``runner``,
    ``curves``, ``bound_lines``."""

    computed = Signal()

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.runner = JobRunner(self, name="losslab-sharpness")
        self.series: dict = {}
        self.snapshot: PathSnapshot | None = None
        self.full_batch = True
        # labelled ticks that never overlap, also within less than two decades ("10 9 8 7…" did)
        self.plot = pg.PlotWidget(plotItem=new_plot_item(left=LogLossAxis("left")))
        self.plot.setMinimumSize(160, 130)
        self.plot.hideButtons()
        self.plot.setLogMode(False, True)
        self.curves = {run: self.plot.plot([], [], pen=pg.mkPen(COLOURS[run], width=2), symbol="o", symbolSize=5,
                                           symbolBrush=COLOURS[run]) for run in ("a", "b")}
        self.bound_lines = {run: pg.InfiniteLine(angle=0, pen=pg.mkPen(COLOURS[run], style=Qt.PenStyle.DashLine))
                            for run in ("a", "b")}
        for line in self.bound_lines.values():
            line.setVisible(False)
            self.plot.addItem(line)
        self.legend = QLabel("")
        self.legend.setWordWrap(True)
        self.legend.setMinimumWidth(160)
        box = QVBoxLayout(self)
        box.setContentsMargins(0, 0, 0, 0)
        box.addWidget(self.plot, 1)
        box.addWidget(self.legend)
        self.retranslate()

    def retranslate(self) -> None:
        self.plot.setLabel("bottom", self.tr("step"))
        self.plot.setTitle(self.tr("sharpness: λmax(H), Adam λmax(P·H)"))
        if self.series and self.snapshot is not None:
            self.draw(self.series)
        retranslate_pyqtgraph(self.plot.scene())

    def changeEvent(self, event) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def compute(self, snapshot: PathSnapshot) -> None:
        """Estimate the sharpness along the snapshot's paths (latest request wins)."""
        self.snapshot = snapshot
        self.legend.setText(self.tr("estimating λmax along both paths…"))
        self.runner.submit(lambda ticket: estimate_sharpness(snapshot, ticket), self._done)

    def cancel(self) -> None:
        self.runner.cancel()

    def shutdown(self) -> None:
        self.runner.shutdown()

    def _done(self, series: dict) -> None:
        self.series = series
        self.draw(series)
        self.computed.emit()

    def draw(self, series: dict) -> None:
        """Curves, bound lines and the legend for ``series`` (of ``self.snapshot``)."""
        snapshot = self.snapshot
        lines = []
        last = 0
        for run in ("a", "b"):
            steps, values = series.get(run, (np.zeros(0), np.zeros(0)))
            spec = snapshot.specs[run]
            shown = np.isfinite(values) & (values > 0)
            self.curves[run].setData(steps[shown].astype(float), values[shown])
            last = max(last, int(steps.max()) if len(steps) else 0)
            self.curves[run].setSymbol("t" if preconditioned(spec) else "o")
            bound, text = stability_bound(spec, snapshot.lr[run], self.full_batch)
            line = self.bound_lines[run]
            line.setVisible(bound is not None and bound > 0)
            if bound is not None and bound > 0:
                line.setValue(math.log10(bound))
            lines.append(self._legend_line(run, steps[shown], values[shown], bound_text=text,
                                           kind="P·H" if preconditioned(spec) else "H"))
        self.legend.setText("<br>".join(lines))
        # 0 … the last step (at least MIN_X_RANGE): left to itself, a lone point at step 0 got an axis of
        # fractional and negative steps ("−400 … 400, step (x0.001)")
        self.plot.setXRange(0, max(last, MIN_X_RANGE), padding=0.02)

    def _legend_line(self, run: str, steps, values, bound_text: str, kind: str) -> str:
        colour = "#{:02x}{:02x}{:02x}".format(*COLOURS[run])
        if not len(values):
            last = self.tr("no finite point")
        elif kind == "H":
            last = self.tr("λmax {value} at step {step}").format(value=f"{values[-1]:.3g}", step=int(steps[-1]))
        else:
            last = self.tr("λmax(P·H) {value} at step {step}").format(value=f"{values[-1]:.3g}", step=int(steps[-1]))
        line_text = self.tr("{run} — {last}; dashed: {bound}").format(run=run.upper(), last=last, bound=bound_text)
        return f"<span style='color:{colour}'>{line_text}</span>"
