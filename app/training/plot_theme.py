"""The Training tab's plots in a theme: the theme's background on every pyqtgraph view under a widget and
its colour on their axes and titles (a title's coloured run names keep their colours). The runs keep their
colours (A blue, B red: both read on either background) and the loss slice its colour ramp, framed by the
theme's background.

The panel follows the window's theme with it on screen (app.presentation restyles it with the other
views); an export in another theme applies that theme while it takes the picture and puts back what the
screen showed (app.training.export)."""

from __future__ import annotations

import functools
from collections.abc import Callable

import pyqtgraph as pg
from PySide6.QtWidgets import QWidget


def apply_plot_theme(widget: QWidget, theme) -> list[Callable[[], None]]:
    """Apply ``theme`` to the plots under ``widget``; returns how to put back what they showed before (for
    :func:`restore_plot_theme`)."""
    undo: list[Callable[[], None]] = []
    foreground = pg.mkPen(theme.foreground)
    views = widget.findChildren(pg.GraphicsView)
    for view in views:
        undo.append(functools.partial(view.setBackgroundBrush, view.backgroundBrush()))
        view.setBackground(theme.background)
    for item in (item for view in views for item in view.items()):
        if isinstance(item, pg.AxisItem):
            undo += [functools.partial(item.setPen, item.pen()), functools.partial(item.setTextPen, item.textPen())]
            item.setPen(foreground)
            item.setTextPen(foreground)
        elif isinstance(item, pg.LabelItem):  # plot titles
            color = item.opts.get("color")
            undo.append(lambda item=item, color=color: item.setText(item.text, color=color))
            item.setText(item.text, color=theme.foreground)
    return undo


def restore_plot_theme(undo: list[Callable[[], None]]) -> None:
    for step in undo:
        step()
