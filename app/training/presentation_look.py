"""The Training tab in presentation mode (F11; decided by app.presentation, read from the settings object):
readable from the back of a hall. The window's font, which the read-outs and controls inherit, is already
scaled by app.presentation; the plots are pyqtgraph items that do not inherit it, so here their tick fonts,
axis labels, titles, notes, lines and markers grow by the same factor while the mode is on, and get their own sizes
back when it goes off.

``PresentationLook(root).follow(settings)`` applies the settings' mode now and on every change."""

from __future__ import annotations

import pyqtgraph as pg
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QWidget

from app.themes import PRESENTATION_SCALE


class PresentationLook:
    """Scales every plot under ``root``; remembers each item's own size the first time it scales it."""

    def __init__(self, root: QWidget):
        self.root = root
        self.scale = 1.0
        self._base: dict[int, tuple] = {}  # id(item) → (item, its own sizes)
        self._settings = None

    def follow(self, settings) -> None:
        """Apply ``settings.presentation_mode`` now and whenever it changes (once per settings object)."""
        if settings is self._settings or not hasattr(settings, "presentationModeChanged"):
            return
        self._settings = settings
        settings.presentationModeChanged.connect(self.apply)
        self.apply(settings.presentation_mode)

    def apply(self, on: bool) -> None:
        self.scale = PRESENTATION_SCALE if on else 1.0
        for view in self.root.findChildren(pg.GraphicsView):
            for item in view.items():
                self._scale_item(item)

    def _own(self, item, sizes):
        """The item's own sizes (recorded the first time it is seen, at scale 1)."""
        key = id(item)
        if key not in self._base:
            self._base[key] = (item, sizes())
        return self._base[key][1]

    def _scale_item(self, item) -> None:
        k = self.scale
        if isinstance(item.parentItem(), pg.PlotDataItem):
            return  # scaled through its PlotDataItem, which sets its parts' pens again on every setData
        if isinstance(item, pg.PlotDataItem):
            width, symbol = self._own(item, lambda: (pg.mkPen(item.opts["pen"]).widthF(), item.opts["symbolSize"]))
            scaled = pg.mkPen(item.opts["pen"])
            scaled.setWidthF(max(width, 1.0) * k)
            item.setPen(scaled)
            item.setSymbolSize(symbol * k)
        elif isinstance(item, pg.AxisItem):
            point, width, label = self._own(item, lambda: (_point_size(item.style.get("tickFont")),
                                                           item.fixedWidth, item.labelStyle.get("font-size")))
            font = QFont(item.style.get("tickFont") or QFont())
            font.setPointSizeF(point * k)
            item.setStyle(tickFont=font)
            if width is not None:
                item.setWidth(width * k)
            label_point = float(label[:-2]) if isinstance(label, str) and label.endswith("pt") else point
            item.labelStyle["font-size"] = f"{label_point * k:.1f}pt"
            item._updateLabel()
        elif isinstance(item, pg.LabelItem):  # plot titles (a retitle in another language sets its own size)
            (size,) = self._own(item, lambda: (item.opts.get("size"),))
            if isinstance(size, str) and size.endswith("pt") and item.text:
                item.setText(item.text, size=f"{float(size[:-2]) * k:.1f}pt")
        elif isinstance(item, pg.TextItem):
            (point,) = self._own(item, lambda: (_point_size(item.textItem.font()),))
            font = QFont(item.textItem.font())
            font.setPointSizeF(point * k)
            item.setFont(font)
        elif isinstance(item, pg.PlotCurveItem | pg.InfiniteLine):
            pen = item.opts["pen"] if isinstance(item, pg.PlotCurveItem) else item.pen
            (width,) = self._own(item, lambda: (pg.mkPen(pen).widthF(),))
            scaled = pg.mkPen(pen)
            scaled.setWidthF(max(width, 1.0) * k)
            item.setPen(scaled)
        elif isinstance(item, pg.ScatterPlotItem):
            (size,) = self._own(item, lambda: (item.opts["size"],))
            item.setSize(size * k)


def _point_size(font: QFont | None) -> float:
    size = (font or QFont()).pointSizeF()
    return size if size > 0 else QFont().pointSizeF()
