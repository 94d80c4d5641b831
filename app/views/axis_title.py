"""An axis title that fits its axis: given texts from the longest to the shortest, the axis shows the first
whose width fits along it. pyqtgraph centres a title on its axis and lets a longer one run past both ends,
where the plot cuts it: the loss plot's "loss f(θ)  (log)" read "loss f(θ) (log" in the slide theme at 1280×720
and "oss f(θ) (" in presentation mode."""

from __future__ import annotations

from collections.abc import Sequence

import pyqtgraph as pg
from PySide6.QtGui import QFontMetricsF


class FittedAxisTitle:
    """The title of ``plot_item``'s ``side`` axis (left or right: the title runs along the axis's height),
    chosen again whenever the plot is resized and when :meth:`fit` is called (after a font change)."""

    def __init__(self, plot_item: pg.PlotItem, side: str):
        self.axis: pg.AxisItem = plot_item.getAxis(side)
        self.plot_item, self.side = plot_item, side
        self.texts: tuple[str, ...] = ()
        self.shown: str | None = None
        plot_item.getViewBox().sigResized.connect(lambda _box: self.fit())

    def set_texts(self, texts: Sequence[str]) -> None:
        """The candidate titles, longest first (the last is shown when none fits)."""
        self.texts = tuple(texts)
        self.fit()

    def fits(self, text: str) -> bool:
        label = self.axis.label
        shown = " ".join(text.split()) + " "  # as the title's HTML lays it out: spaces collapsed, one after
        width = QFontMetricsF(label.font()).horizontalAdvance(shown) + 2 * label.document().documentMargin()
        return width <= self.axis.geometry().height()

    def fit(self) -> None:
        if not self.texts:
            return
        text = next((t for t in self.texts if self.fits(t)), self.texts[-1])
        if text != self.shown:  # a new title re-lays out the axis: only when it changes
            self.shown = text
            self.plot_item.setLabel(self.side, text)
