"""Every plot of the app is made by :func:`new_plot_item`: a view box without pyqtgraph's context menu, and axes
that re-render their title only when its text changes.

The app switches every plot's menus off, yet each view box built its menu first, two forms of a dozen widgets
(~4 ms a plot). And pyqtgraph re-sets an axis title's HTML at every range change of its plot, in case the
automatic SI prefix changed it, on all four axes, hidden ones included: 161 times while the window opens,
~70 µs each (85 now, more than half of them the colour bars' and the plot titles', which pyqtgraph makes)."""

from __future__ import annotations

import pyqtgraph as pg

SHOWN, HIDDEN = ("left", "bottom"), ("right", "top")


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


def new_plot_item(left: pg.AxisItem | None = None, **kwargs) -> pg.PlotItem:
    """A PlotItem (``kwargs`` as PlotItem's, such as ``title``) with a menu-less view box, SteadyTitleAxis
    axes (``left``: the caller's own left axis instead, such as the loss plot's log axis) and, as pyqtgraph's
    default, only the left and bottom axes shown. Place it with ``layout.addItem(plot, row, col)`` or
    ``pg.PlotWidget(plotItem=plot)``."""
    axes = {side: SteadyTitleAxis(side) for side in (*SHOWN, *HIDDEN)}
    if left is not None:
        axes["left"] = left
    plot = pg.PlotItem(viewBox=pg.ViewBox(enableMenu=False), axisItems=axes, enableMenu=False, **kwargs)
    for side in HIDDEN:  # pyqtgraph shows every axis it is handed
        plot.hideAxis(side)
    return plot


def add_plot_item(layout, row: int, col: int, **kwargs) -> pg.PlotItem:
    """:func:`new_plot_item` placed in ``layout`` (a GraphicsLayout or GraphicsLayoutWidget) at (row, col), as
    pyqtgraph's ``layout.addPlot(row, col, **kwargs)``."""
    plot = new_plot_item(**kwargs)
    layout.addItem(plot, row=row, col=col)
    return plot
