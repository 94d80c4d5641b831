"""The Training tab's plots in a theme: the theme's background on every pyqtgraph view under a widget and
its colour on their axes and titles (a title's coloured run names keep their colours). The runs keep their
colours (A blue, B red: both read on either background) and the loss slice its colour ramp, framed by the
theme's background.

The panel follows the window's theme with it on screen (app.presentation restyles it with the other
views); an export in another theme applies that theme while it takes the picture and puts back what the
screen showed (app.training.export)."""

from __future__ import annotations

import pyqtgraph as pg
from PySide6.QtWidgets import QWidget


def apply_plot_theme(widget: QWidget, theme) -> list:
    """Apply ``theme`` to the plots under ``widget``; returns what they showed before, for
    :func:`restore_plot_theme`."""
    saved: list = []
    foreground = pg.mkPen(theme.foreground)
    views = widget.findChildren(pg.GraphicsView)
    for view in views:
        saved.append((view, view.backgroundBrush()))
        view.setBackground(theme.background)
    for item in (item for view in views for item in view.items()):
        if isinstance(item, pg.AxisItem):
            saved.append((item, item.pen(), item.textPen()))
            item.setPen(foreground)
            item.setTextPen(foreground)
        elif isinstance(item, pg.LabelItem):  # plot titles
            saved.append((item, item.opts.get("color")))
            item.setText(item.text, color=theme.foreground)
    return saved


def restore_plot_theme(saved: list) -> None:
    for entry in saved:
        if isinstance(entry[0], pg.AxisItem):
            axis, pen, text_pen = entry
            axis.setPen(pen)
            axis.setTextPen(text_pen)
        elif isinstance(entry[0], pg.LabelItem):
            label, color = entry
            label.setText(label.text, color=color)
        else:
            view, brush = entry
            view.setBackgroundBrush(brush)
