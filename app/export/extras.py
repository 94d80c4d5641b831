"""What "Inside the optimizer" adds to an export when the window shows it (issue 17: everything exports).

* :class:`ExportVectors`: the arrows at each head — −s∇f, the momentum buffer (Adam's m) and the step Δθ —
  at the exported step, to the scale the window's overlay states, with the same colours and a small legend
  stating that scale (app.views.vectors). They move with the step, so animations show them too.
* :class:`StateInset`: a picture of the state panel (the window's own, grabbed when the export starts) in
  the map's upper-left corner of a PNG or SVG.

``add_extras(export_view, vectors=VectorsShown(...), state=QImage)`` adds what is given; GUI thread.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QImage, QPixmap
from PySide6.QtWidgets import QGraphicsPixmapItem

from app.i18n import translate
from app.views.vectors import COLORS, DASHED, KINDS, ArrowsItem, arrow_geometry, scale_text
from core.engine.state import OptimizerState, head_vectors, record_state

STATE_FRACTION = (0.30, 0.62)  # the state inset's largest width and height, as fractions of the map's
MARGIN = 6.0  # logical pixels between an inset and the map's frame


@dataclass(frozen=True)
class VectorsShown:
    """The window's vectors as shown: their stated ``scale`` and, when it belongs to the exported race, the
    recorded ``state`` (else it is recorded again for the export)."""

    scale: float
    state: OptimizerState | None = None


def arrow_segments(tails: np.ndarray, vectors: np.ndarray, scale: float, pixel: tuple[float, float]):
    """(n, 6, 2) shaft and two wings of the arrows the window draws (app.views.vectors.arrow_geometry), only
    those with a finite, non-zero length."""
    arrows, drawn = arrow_geometry(tails, vectors, scale, pixel)
    return arrows[drawn & np.isfinite(arrows).all(axis=(1, 2))]


class ExportVectors:
    """The arrows of an export view (see the module docstring); ``shafts[kind]``: (n, 2, 2) tail and tip
    of each arrow last drawn, in data coordinates (tests)."""

    def __init__(self, export, shown: VectorsShown):
        self.export = export
        self.scale = float(shown.scale)
        scene = export.scene
        state = shown.state
        if state is None or state.steps != scene.steps or state.points.shape[0] != len(scene.optimizers):
            state = record_state(scene.surface, scene.effective_specs(), scene.steps, scene.start)
        self.state = state
        theme = export.theme
        colors = COLORS.get(theme.name, COLORS["dark"])
        width = (2.0 if theme.name != "slide" else 3.5) * export.scale
        self.items: dict[str, ArrowsItem] = {}
        self.legend = pg.LegendItem(offset=(-8, -8))
        self.legend.setParentItem(export.plot_item.getViewBox())
        self.legend.setZValue(40)
        # Before the rows are added: a LabelItem takes the legend's text style only when it is made.
        self.legend.setLabelTextColor(theme.foreground)
        self.legend.setLabelTextSize(f"{theme.font_size}pt")
        for z, (kind, label) in enumerate(KINDS):
            style = Qt.PenStyle.DashLine if kind in DASHED else Qt.PenStyle.SolidLine
            pen = pg.mkPen(colors[kind], width=width, style=style)
            item = ArrowsItem()
            item.setPen(pen)
            item.opts["connect"] = "pairs"  # getData's points are segments (app.export.layers strokes them)
            item.setZValue(25 + z)
            export.plot_item.addItem(item, ignoreBounds=True)
            self.items[kind] = item
            sample = pg.PlotCurveItem(pen=pen)
            self.legend.addItem(sample, translate("VectorOverlay", label))
        self.legend.layout.addItem(pg.LabelItem(scale_text(self.scale), color=theme.foreground,
                                                size=f"{theme.font_size}pt"), len(KINDS), 0, 1, 2)
        self.legend.setBrush(pg.mkBrush(pg.mkColor(theme.background).darker(105 if theme.name == "slide" else 80)))
        self.legend.setPen(pg.mkPen(theme.foreground, width=0.5 * export.scale))
        self.shafts: dict[str, np.ndarray] = {kind: np.zeros((0, 2, 2)) for kind, _ in KINDS}
        view_box = export.plot_item.getViewBox()
        rect = QRectF(view_box.viewRect())
        for item in self.items.values():
            item.set_bounds(QRectF(rect.x() - rect.width(), rect.y() - rect.height(), 3 * rect.width(),
                                   3 * rect.height()), (rect.width(), rect.height()))
        self.show_step(export.model.step)

    def dynamic_items(self) -> list:
        return list(self.items.values())

    def show_step(self, step: int) -> None:
        state, scene = self.state, self.export.scene
        k = min(max(int(step), 0), state.steps)
        vectors = head_vectors(state, k)
        rows = [i for i in range(state.points.shape[0])
                if scene.optimizers[i].enabled and k < int(state.valid[i])]
        px, py = self.export.plot_item.getViewBox().viewPixelSize()
        pixel = (px if px > 0 and np.isfinite(px) else 1.0, py if py > 0 and np.isfinite(py) else 1.0)
        heads = vectors["head"][rows]
        for kind, item in self.items.items():
            v = vectors[kind][rows]
            self.shafts[kind] = np.stack([heads, heads + self.scale * v], axis=1)
            item.set_arrows(arrow_segments(heads, v, self.scale, pixel) if rows else np.zeros((0, 6, 2)))


class StateInset:
    """The state panel's picture in the map's upper-left corner, scaled to fit STATE_FRACTION of it."""

    def __init__(self, export, image: QImage):
        box = export.plot_item.getViewBox().sceneBoundingRect()
        self.item = QGraphicsPixmapItem(QPixmap.fromImage(image))
        self.item.setTransformationMode(Qt.TransformationMode.SmoothTransformation)
        factor = min(box.width() * STATE_FRACTION[0] / max(image.width(), 1),
                     box.height() * STATE_FRACTION[1] / max(image.height(), 1))
        self.item.setScale(factor)
        self.item.setPos(box.left() + MARGIN, box.top() + MARGIN)
        self.item.setZValue(100)
        export.view.graphics.scene().addItem(self.item)
        self.rect = QRectF(box.left() + MARGIN, box.top() + MARGIN, image.width() * factor, image.height() * factor)

    def dynamic_items(self) -> list:
        return []

    def show_step(self, step: int) -> None:
        """A still of the panel at the window's step: it does not follow an animation's steps."""


def add_extras(export, vectors: VectorsShown | None = None, state: QImage | None = None) -> None:
    """Add the vectors and the state inset that are given to ``export`` (an ExportView, laid out)."""
    if vectors is not None:
        export.extras.append(ExportVectors(export, vectors))
    if state is not None and not state.isNull():
        export.extras.append(StateInset(export, state))
