"""What every plot of the app is built from (``PlotItem(**plot_parts())``, ``addPlot(..., **plot_parts())``):
a view box without pyqtgraph's context menu, and axes that re-render their title only when its text changes.

The app switches every plot's menus off (``setMenuEnabled(False)``), yet each view box built its menu first,
two forms of a dozen widgets (~4 ms a plot). And pyqtgraph re-sets an axis title's HTML at every range change
of its plot, in case the automatic SI prefix changed it: four axes a plot, hidden ones included, ~170 times
while a window opens, ~70 µs each."""

from __future__ import annotations

import pyqtgraph as pg

SIDES = ("left", "bottom", "right", "top")


class SteadyTitleAxis(pg.AxisItem):
    """An AxisItem whose title is re-rendered only when its HTML changes (the label text, the units, the SI
    prefix or the label style); everything else its update does is done as before."""

    _title_html: str | None = None

    def _updateLabel(self):  # noqa: N802 — pyqtgraph 0.14's method, called whenever the title may have changed
        html = self.labelString()
        if html != self._title_html:
            self._title_html = html
            self.label.setHtml(html)
        self._adjustSize()
        self.picture = None
        self.update()


def plot_parts(**axes: pg.AxisItem) -> dict:
    """PlotItem keyword arguments: a menu-less view box and a SteadyTitleAxis on each side not in ``axes``
    (side name → an axis of the caller's, such as the loss plot's log axis)."""
    return {"viewBox": pg.ViewBox(enableMenu=False), "enableMenu": False,
            "axisItems": {side: axes.get(side) or SteadyTitleAxis(side) for side in SIDES}}
