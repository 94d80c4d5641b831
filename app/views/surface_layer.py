"""What the landscape draws under the race: the surface as a colour map, the hatched region where f is
undefined, contour lines, the minima as stars and the colour bar beside the map (its ticks and label say
what a colour means, including the hatching). Every item is made once; ``show`` re-sets them for a new
map, ``set_theme`` restyles them. On screen the map, its hatching and the contours are painted as one
image (app.views.screen_layer: one picture blended per repaint instead of three view-sized caches).
"""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QRectF
from PySide6.QtGui import QColor

from app.i18n import translate
from app.themes import Theme
from app.views.screen_layer import LayerCurve, LayerImage, ScreenLayer
from app.views.surface_map import SurfaceMap, colour_bar_ticks, undefined_rgba


def colormap(theme: Theme) -> pg.ColorMap:
    colors = theme.map_colors
    return pg.ColorMap(np.linspace(0, 1, len(colors)), [pg.mkColor(c) for c in colors])


class SurfaceLayer:
    def __init__(self, plot_item: pg.PlotItem, graphics: pg.GraphicsLayoutWidget, theme: Theme):
        self.screen = ScreenLayer()  # image, hatching and contours as one picture on screen, in this order
        self.screen.setZValue(-20)
        plot_item.addItem(self.screen, ignoreBounds=True)
        self.image = LayerImage(axisOrder="row-major")
        self.image.setZValue(-20)
        plot_item.addItem(self.image)
        self.undefined = LayerImage(axisOrder="row-major")  # hatched grey where f has no value
        self.undefined.setZValue(-15)
        plot_item.addItem(self.undefined)
        self.colorbar = pg.ColorBarItem(values=(0, 1), width=14, interactive=False, colorMap=colormap(theme),
                                        colorMapMenu=False)
        self.colorbar.setImageItem(self.image)
        graphics.addItem(self.colorbar, row=0, col=1)
        self.contours = LayerCurve(connect="pairs")
        self.contours.setZValue(-10)
        plot_item.addItem(self.contours)
        for item in (self.image, self.undefined, self.contours):
            self.screen.add(item)
        self.minima = pg.ScatterPlotItem(symbol="star", size=12)
        self.minima.setZValue(5)
        plot_item.addItem(self.minima, ignoreBounds=True)

    def items(self) -> list:
        """The items that change only with the surface and that the view pixmap-caches (the map, its
        hatching and the contours are cached by their screen layer)."""
        return [self.colorbar.axis, self.minima]

    def show(self, m: SurfaceMap | None, minima, theme: Theme) -> None:
        """Draw map ``m`` (None: nothing yet) and the surface's ``minima``."""
        if m is None:
            return
        lo, hi = m.color_range
        if hi <= lo:
            hi = lo + 1.0
        xmin, xmax, ymin, ymax = m.window
        rect = QRectF(xmin, ymin, xmax - xmin, ymax - ymin)
        self.image.setImage(m.color, autoLevels=False, levels=(lo, hi))
        self.image.setRect(rect)
        self.colorbar.setLevels((lo, hi))
        self._color_ticks(m, lo, hi)
        if m.has_undefined:  # the hatching is lighter on a light background
            light = QColor(theme.background).lightness() > 128
            self.undefined.setImage(undefined_rgba(m.undefined, light), autoLevels=False, levels=(0, 255))
            self.undefined.setRect(rect)
        self.undefined.setVisible(m.has_undefined)
        segments = m.segments
        if segments.size:
            self.contours.setData(segments[:, 0], segments[:, 1])
        else:
            self.contours.setData([], [])
        self.minima.setData(pos=np.asarray(minima, float).reshape(-1, 2))
        self.screen.changed()  # new rects and levels (the items' own signals cover only their data)

    def _color_ticks(self, m: SurfaceMap, lo: float, hi: float) -> None:
        ticks = colour_bar_ticks(m, lo, hi)
        label = translate("LandscapeView", "f (log scale)") if m.log else "f"
        if m.has_undefined:
            label = translate("LandscapeView", "{colour_scale}; hatched grey: f undefined").format(
                colour_scale=label)
        self.colorbar.axis.setLabel(label)
        self.colorbar.axis.setTicks(None if ticks is None else [ticks, []])

    def set_theme(self, theme: Theme) -> None:
        self.colorbar.axis.setWidth(None)  # sized to its ticks and label (pyqtgraph fixes 45 px: too narrow)
        self.colorbar.setColorMap(colormap(theme))
        self.contours.setPen(pg.mkPen(theme.contour, width=max(1.0, theme.path_width / 2)))
        self.minima.setBrush(pg.mkBrush(theme.foreground))
        self.minima.setPen(pg.mkPen(theme.background))
        self.screen.changed()  # a new colour map and contour pen
