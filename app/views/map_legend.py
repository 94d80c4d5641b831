"""The landscape's legend: one row per shown run (its line sample and label) and, while ghosts are drawn,
a row saying what a ghost is. Inside the map in the dark theme, beside it in a theme that asks for that
(``legend_outside``). Only what changed is touched: a rebuilt row costs ~2 ms, and a slider drag would
otherwise re-lay out every row on every frame.
"""

from __future__ import annotations

import pyqtgraph as pg
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QSizePolicy

from app.themes import Theme


class MapLegend:
    def __init__(self, plot_item: pg.PlotItem, graphics: pg.GraphicsLayoutWidget):
        self.graphics = graphics
        self.inner = plot_item.addLegend(offset=(-8, 8))
        self.outer = pg.LegendItem()  # laid out beside the map when the theme asks
        self.ghost_sample = pg.PlotDataItem()  # the ghost row's line sample, never drawn on the map
        self._owner: pg.LegendItem | None = None  # the legend kept up to date (the other is empty)
        self._rows: list = []  # its rows now: (run index, text); the ghost row's index is len(samples)

    def in_use(self, theme: Theme) -> pg.LegendItem:
        return self.outer if theme.legend_outside else self.inner

    def update(self, theme: Theme, samples: list, runs: list[tuple[str, bool]], ghost: tuple[str, bool],
               texts: bool = True) -> bool:
        """Bring the legend in use to ``runs`` ((label, shown) per run, its line sample in ``samples``) and
        the ghost row (text, shown). ``texts=False`` only adds or removes rows and leaves changed labels
        as they are; returns True when such labels are left for a later call."""
        wanted = [(i, name) for i, (name, shown) in enumerate([*runs, ghost]) if shown]
        legend = self.in_use(theme)
        if legend is not self._owner:  # the theme moved the legend: empty the other one
            if self._owner is not None:
                self._owner.clear()
            self._owner, self._rows = legend, []
        rows = self._rows
        if rows == wanted:
            return False
        ghost_index = len(samples)
        runs_now = [r for r in rows if r[0] != ghost_index]
        runs_wanted = [w for w in wanted if w[0] != ghost_index]
        if [i for i, _ in runs_now] != [i for i, _ in runs_wanted]:  # rows come or go: rebuild
            legend.clear()
            for i, name in wanted:
                legend.addItem(self.ghost_sample if i == ghost_index else samples[i], name)
            self._rows = list(wanted)
            return False
        if len(runs_now) != len(rows) and len(runs_wanted) == len(wanted):  # the ghost row goes
            legend.removeItem(self.ghost_sample)
        elif len(runs_now) == len(rows) and len(runs_wanted) != len(wanted):  # the ghost row comes
            legend.addItem(self.ghost_sample, ghost[0])
        kept, later = runs_now, False
        if texts:
            for (_sample, label), (_i, name) in zip(legend.items, runs_wanted, strict=False):
                if label.text != name:
                    label.setText(name)
            kept = runs_wanted
        else:
            later = runs_now != runs_wanted
        self._rows = kept + [w for w in wanted if w[0] == ghost_index]
        return later

    def set_theme(self, theme: Theme) -> None:
        """Colours, font and place; both legends are emptied (the next update re-adds the rows in the new
        style)."""
        for legend in (self.inner, self.outer):
            legend.setLabelTextColor(theme.foreground)
            legend.setLabelTextSize(f"{theme.font_size}pt")
            legend.setBrush(pg.mkBrush(QColor(theme.background).darker(105 if theme.name == "slide" else 80)))
            legend.setPen(pg.mkPen(theme.foreground, width=0.5))
        self.inner.setVisible(not theme.legend_outside)
        in_layout = self.outer in self.graphics.ci.items
        if theme.legend_outside and not in_layout:
            self.graphics.addItem(self.outer, row=0, col=2)
            # As tall as its rows, at the top: stretched to the map's height, the rows drift apart and
            # each label floats away from its line sample.
            self.outer.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Maximum)
            self.graphics.ci.layout.setAlignment(self.outer, Qt.AlignmentFlag.AlignTop)
        elif not theme.legend_outside and in_layout:
            self.graphics.ci.removeItem(self.outer)
        self.outer.setVisible(theme.legend_outside)
        ghost = QColor(theme.foreground)
        ghost.setAlpha(theme.ghost_alpha + 60)
        self.ghost_sample.setPen(pg.mkPen(ghost, width=max(theme.path_width * 2, 3)))
        for legend in (self.inner, self.outer):
            legend.clear()
        self._owner, self._rows = None, []
