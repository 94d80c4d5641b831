"""Vectors at each head (issue 17): the scaled descent direction −s∇f, the momentum buffer (Adam's m) and the
step Δθ, drawn as arrows from every shown run's head on the landscape, all three to one shared scale that
the small legend states ("arrows: vector × 0.5"). They follow playback and scrubbing.

The overlay is attached to a LandscapeView through its public ``plot_item``/``view_box``; it owns its items
(created once, new arrows per frame): one :class:`ArrowsItem` per kind of vector holding every run's shaft
and arrowhead, and a highlight item the step-by-step view points at one line's vector with. Each frame
repaints only the rectangles around the arrows that moved.

The scale is chosen for the step shown: the longest vector at that step is drawn at most a fifth of the
map's window, the factor rounded down to 1, 2 or 5 × 10ⁿ so the legend states a plain number. All arrows
share it, so they compare with each other at every step; a scale chosen once for the whole race (from
its largest steps) drew the arrows at a late, slow step shorter than the head marker. The legend is
compact and sits where it hides the fewest paths (app.views.map_legend), clear of the map's legend.
"""

from __future__ import annotations

import math

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QT_TRANSLATE_NOOP, QLineF, QObject, QRectF, Qt

from app.i18n import translate
from app.models.inside import InsideModel, InsideState
from app.themes import DARK, Theme
from app.views.map_legend import FittedLegend, best_spot, legend_font_size, rect_points, style_compact, view_pixels

# (kind, legend label): the labels are English sources, shown through translate("VectorOverlay", label)
KINDS = (("descent", QT_TRANSLATE_NOOP("VectorOverlay", "−s∇f (downhill)")),
         ("buffer", QT_TRANSLATE_NOOP("VectorOverlay", "buffer b / Adam's m")),
         ("step", QT_TRANSLATE_NOOP("VectorOverlay", "step Δθ")))
# Hues apart from the paths' Okabe–Ito colours where they can be (lime, pure red, white/black), and −s∇f
# dashed as well, so the three read apart on any path.
COLORS = {"dark": {"descent": "#ff3030", "buffer": "#a6e22e", "step": "#ffffff", "highlight": "#ffe14d"},
          "slide": {"descent": "#d00000", "buffer": "#3f8f00", "step": "#000000", "highlight": "#d000d0"}}
DASHED = ("descent",)
LONGEST_FRACTION = 0.2  # the longest vector's drawn length at most, as a fraction of the window's shorter side
MIN_FONT = 7  # points: the smallest the vectors' legend gets to find a free spot on a small map
HEAD_PIXELS = 9.0  # arrowhead wing length on screen
HEAD_ANGLE = math.radians(25)


def nice_floor(x: float) -> float:
    """The largest 1, 2 or 5 × 10ⁿ not above ``x`` (x > 0)."""
    exponent = math.floor(math.log10(x))
    base = 10.0 ** exponent
    for mantissa in (5.0, 2.0, 1.0):
        if mantissa * base <= x * (1 + 1e-12):
            return mantissa * base
    return base


def choose_scale(lengths: np.ndarray, window) -> float | None:
    """One factor for every arrow at a step, from the ``lengths`` of its vectors (see the module
    docstring); None when no vector has a length."""
    lengths = lengths[np.isfinite(lengths) & (lengths > 0)]
    if lengths.size == 0:
        return None
    xmin, xmax, ymin, ymax = window
    target = LONGEST_FRACTION * min(xmax - xmin, ymax - ymin)
    factor = target / float(lengths.max())
    return nice_floor(factor) if np.isfinite(factor) and factor > 0 else None


def arrow_geometry(tails: np.ndarray, vectors: np.ndarray, scale: float,
                   pixel: tuple[float, float]) -> tuple[np.ndarray, np.ndarray]:
    """(n, 6, 2) arrows from ``tails`` along ``scale × vectors`` — shaft, then two wings HEAD_PIXELS long in
    screen pixels (``pixel``: data units per pixel along x and y), so they look the same at any zoom or
    aspect — and (n,) which have a length (are drawn). The window and the exports draw the same arrows."""
    tips = tails + scale * vectors
    size = np.array(pixel, dtype=float)
    d = (tips - tails) / size  # in pixels
    length = np.hypot(d[:, 0], d[:, 1])
    unit = np.divide(d, length[:, None], out=np.zeros_like(d), where=length[:, None] > 0)
    wing = np.minimum(HEAD_PIXELS, 0.4 * length)[:, None]
    cos, sin = math.cos(HEAD_ANGLE), math.sin(HEAD_ANGLE)
    back = -unit
    left = np.stack([back[:, 0] * cos - back[:, 1] * sin, back[:, 0] * sin + back[:, 1] * cos], axis=1)
    right = np.stack([back[:, 0] * cos + back[:, 1] * sin, -back[:, 0] * sin + back[:, 1] * cos], axis=1)
    arrows = np.stack([tails, tips, tips, tips + left * wing * size, tips, tips + right * wing * size], axis=1)
    return arrows, length > 0


def scale_text(scale: float) -> str:
    """The legend's statement of the shared scale, in the interface language."""
    return translate("VectorOverlay", "all arrows: vector × {scale}").format(scale=f"{scale:g}".replace("-", "−"))


class ArrowsItem(pg.GraphicsObject):
    """Arrows as line segments (each arrow 3 segments: shaft, two wings) that repaints only around the arrows:
    its bounding rect stays put (set_bounds, on a new race or zoom), so a frame does not change the item's
    geometry, and asks Qt to repaint the box around the old and the new arrows only (see
    app.views.revealed_curve for the same idea)."""

    def __init__(self):
        super().__init__()
        self.opts = {"pen": pg.mkPen("w"), "antialias": True}  # what a LegendItem's sample reads
        self._arrows = np.zeros((0, 6, 2))
        self._bounds = QRectF()
        self._pad = (0.0, 0.0)

    def setPen(self, pen) -> None:  # noqa: N802 — pyqtgraph's name
        self.opts["pen"] = pg.mkPen(pen)
        self.update()

    def set_bounds(self, rect: QRectF, pad: tuple[float, float]) -> None:
        self.prepareGeometryChange()
        self._bounds = QRectF(rect)
        self._pad = pad

    def set_arrows(self, arrows: np.ndarray) -> None:
        """``arrows`` (n, 6, 2): per arrow its shaft (tail, tip) and wings (tip, end) × 2."""
        old, self._arrows = self._arrows, np.asarray(arrows, np.float64).reshape(-1, 6, 2)
        if old.shape == self._arrows.shape and np.array_equal(old, self._arrows):
            return
        # QGraphicsItem.update(rect) unites the rectangles of one item into one, so one box per frame.
        both = [group for group in (old, self._arrows) if group.size]
        if both:
            points = np.concatenate([group.reshape(-1, 2) for group in both])
            (x0, y0), (x1, y1) = points.min(axis=0), points.max(axis=0)
            px, py = self._pad
            self.update(QRectF(x0 - px, y0 - py, x1 - x0 + 2 * px, y1 - y0 + 2 * py))

    def getData(self) -> tuple[np.ndarray, np.ndarray]:  # noqa: N802 — as PlotCurveItem's
        flat = self._arrows.reshape(-1, 2)
        return flat[:, 0].copy(), flat[:, 1].copy()

    def boundingRect(self) -> QRectF:  # noqa: N802 — Qt's name
        return self._bounds

    def paint(self, painter, *_args) -> None:
        if self._arrows.size == 0:
            return
        painter.setRenderHint(painter.RenderHint.Antialiasing, bool(self.opts["antialias"]))
        painter.setPen(self.opts["pen"])
        flat = self._arrows.reshape(-1, 4)
        painter.drawLines([QLineF(a, b, c, d) for a, b, c, d in flat.tolist()])


class VectorOverlay(QObject):
    """Arrows at every shown run's head on ``landscape``; ``set_shown`` turns the whole overlay on or off."""

    def __init__(self, inside: InsideModel, landscape, parent=None):
        super().__init__(parent)
        self.inside = inside
        self.landscape = landscape
        self.model = inside.model
        self.plot_item: pg.PlotItem = landscape.plot_item
        self.view_box: pg.ViewBox = landscape.view_box
        self.theme: Theme = DARK
        self.scale = 1.0
        self._font_pt = 0  # the legend's text size now, points
        self.shown = False
        self.curves: dict[str, ArrowsItem] = {}
        for z, (kind, _label) in enumerate(KINDS):
            curve = ArrowsItem()
            curve.setZValue(25 + z)
            self.plot_item.addItem(curve, ignoreBounds=True)
            self.curves[kind] = curve
        self.highlight_curve = ArrowsItem()
        self.highlight_curve.setZValue(30)
        self.plot_item.addItem(self.highlight_curve, ignoreBounds=True)
        self.highlight_label = pg.TextItem(anchor=(0, 1))
        self.highlight_label.setZValue(31)
        self.plot_item.addItem(self.highlight_label, ignoreBounds=True)
        self._highlight: tuple[int, np.ndarray, str] | None = None
        # The segments last drawn per kind (n_shown, 2 points, 2): the shafts, for tests and exports.
        self.shafts: dict[str, np.ndarray] = {kind: np.zeros((0, 2, 2)) for kind, _ in KINDS}
        self.rows_drawn: list[int] = []

        self.legend = FittedLegend(offset=(8, -8))
        self.legend.setParentItem(self.view_box)
        self.legend.setZValue(40)
        # The legend's samples are stand-ins that are never hidden (a LegendItem greys the label of a
        # hidden item, and the arrows start hidden).
        self.samples = {kind: pg.PlotCurveItem() for kind, _label in KINDS}
        for kind, label in KINDS:
            self.legend.addItem(self.samples[kind], translate("VectorOverlay", label))
        self.scale_label = pg.LabelItem(scale_text(1.0))
        self.legend.layout.addItem(self.scale_label, len(KINDS), 0, 1, 2)
        self.set_theme(DARK)
        self._set_items_visible(False)

        inside.stateChanged.connect(self._on_state)
        self.model.stepChanged.connect(self.update_frame)
        self.model.sceneChanged.connect(lambda _scene: self.update_frame())
        self.view_box.sigRangeChanged.connect(lambda *_: self._set_bounds())
        landscape.legendPlaced.connect(self.place_legend)  # it keeps clear of the map's legend

    def retranslate(self) -> None:
        """The legend's labels and scale in the interface language (the dock calls it on a language change:
        the overlay is no widget and gets no LanguageChange event of its own)."""
        for (_kind, label), (_sample, item) in zip(KINDS, self.legend.items, strict=True):
            item.setText(translate("VectorOverlay", label))
        self._state_scale()

    def _state_scale(self) -> None:
        self.scale_label.setText(scale_text(self.scale), color=self.theme.foreground, size=f"{self._font_pt}pt")

    def _set_font(self, points: int) -> None:
        """The legend's text size (its rows and scale line)."""
        if points == self._font_pt:
            return
        self._font_pt = points
        self.legend.setLabelTextSize(f"{points}pt")
        for _sample, label in self.legend.items:  # setAttr alone does not re-render a LabelItem
            if label is not self.scale_label:
                label.setText(label.text)
        self._state_scale()

    def place_legend(self) -> None:
        """The legend where it hides none of the paths, start and minima nor the map's legend: at the
        compact font if a spot is free there, else a point smaller down to MIN_FONT (a map squeezed by
        the dock is ~190 px wide), else where it hides the fewest."""
        view_box, legend = self.view_box, self.legend
        if not legend.isVisible() or view_box.width() < 2 or view_box.height() < 2:
            return
        obstacles = [view_pixels(view_box, self.landscape.key_points())]
        map_legend = self.landscape.inner_legend
        if map_legend.isVisible() and map_legend.items:
            obstacles.append(rect_points(map_legend.mapRectToItem(view_box, map_legend.boundingRect())))
        points = np.concatenate(obstacles)
        best = None
        for size in range(legend_font_size(self.theme), MIN_FONT - 1, -1):
            self._set_font(size)
            legend.updateSize()
            rect, covered = best_spot(view_box.width(), view_box.height(), legend.width(), legend.height(), points)
            if best is None or covered < best[2]:
                best = (size, rect, covered)
            if covered == 0:
                break
        size, rect, _covered = best
        self._set_font(size)
        legend.anchor(itemPos=(0, 0), parentPos=(0, 0), offset=(rect.left(), rect.top()))

    def _set_bounds(self) -> None:
        """The arrows' items cover the visible range (wider: an arrow may start outside it) and pad each
        arrow's repaint by its pen; called when the range changes, then the arrows are redrawn. (The legend
        follows a range change through the map's legendPlaced: the map places its own legend first.)"""
        (x0, x1), (y0, y1) = self.view_box.viewRange()
        w, h = x1 - x0, y1 - y0
        rect = QRectF(x0 - w, y0 - h, 3 * w, 3 * h)
        px, py = self.view_box.viewPixelSize()
        for item in (*self.curves.values(), self.highlight_curve):
            pixels = item.opts["pen"].widthF() / 2 + 3
            item.set_bounds(rect, (abs(px) * pixels, abs(py) * pixels))
        self.update_frame()

    # ---- switching -----------------------------------------------------------------------------------
    def set_shown(self, shown: bool) -> None:
        self.shown = bool(shown)
        self._set_items_visible(self.shown)
        if self.shown:
            self.update_frame()
            self.place_legend()

    def _set_items_visible(self, visible: bool) -> None:
        for curve in self.curves.values():
            curve.setVisible(visible)
        self.highlight_curve.setVisible(visible and self._highlight is not None)
        self.highlight_label.setVisible(visible and self._highlight is not None)
        self.legend.setVisible(visible)

    def set_theme(self, theme: Theme) -> None:
        self.theme = theme
        colors = COLORS.get(theme.name, COLORS["dark"])
        width = 2.0 if theme.name != "slide" else 3.5
        for kind, curve in self.curves.items():
            style = Qt.PenStyle.DashLine if kind in DASHED else Qt.PenStyle.SolidLine
            pen = pg.mkPen(colors[kind], width=width, style=style)
            curve.setPen(pen)
            curve.opts["antialias"] = True
            self.samples[kind].setPen(pen)
        self.highlight_curve.setPen(pg.mkPen(colors["highlight"], width=width + 2.5))
        self.highlight_curve.opts["antialias"] = True
        self.highlight_label.setColor(colors["highlight"])
        font = self.highlight_label.textItem.font()
        font.setPointSize(theme.font_size + 1)
        font.setBold(True)
        self.highlight_label.setFont(font)
        style_compact(self.legend, theme)
        self._font_pt = 0
        self._set_font(legend_font_size(theme))
        self._set_bounds()
        self.place_legend()

    # ---- drawing -------------------------------------------------------------------------------------
    def _on_state(self, inside: InsideState) -> None:
        self._highlight = None
        self.update_frame()
        self.place_legend()

    def _arrows(self, tails: np.ndarray, vectors: np.ndarray) -> np.ndarray:
        """(n, 6, 2) segment pairs for arrows from ``tails`` along ``vectors`` × scale: shaft then two wings
        (the wings sized in screen pixels, so they look the same at any zoom or aspect); zero-length
        vectors draw nothing."""
        arrows, drawn = self._all_arrows(tails, vectors)
        return arrows[drawn]

    def _all_arrows(self, tails: np.ndarray, vectors: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """(n, 6, 2) arrows as :meth:`_arrows`, one per vector, and (n,) which have a length (are drawn)."""
        px, py = self.view_box.viewPixelSize()
        pixel = (px if px > 0 and np.isfinite(px) else 1.0, py if py > 0 and np.isfinite(py) else 1.0)
        return arrow_geometry(tails, vectors, self.scale, pixel)

    def update_frame(self, _step: int | None = None) -> None:
        """Draw the vectors at the playback step (a few dozen segments; no computation)."""
        if not self.shown:
            return
        inside = self.inside.inside
        vectors = self.inside.vectors() if inside is not None else None
        scene = self.model.scene
        if vectors is None or inside.race is not self.model.race:
            for curve in self.curves.values():
                curve.set_arrows(np.zeros((0, 6, 2)))
            self.highlight_curve.set_arrows(np.zeros((0, 6, 2)))
            self.highlight_label.setVisible(False)
            self.rows_drawn = []
            return
        k = self.inside.current_step()
        valid = inside.state.valid
        rows = [i for i in range(vectors["head"].shape[0])
                if i < len(scene.optimizers) and scene.optimizers[i].enabled and k < int(valid[i])]
        self.rows_drawn = rows
        # All three kinds in one array pass (a frame's numpy calls cost more than their arithmetic).
        heads = vectors["head"][rows]
        kinds = list(self.curves)
        stacked = np.concatenate([vectors[kind][rows] for kind in kinds])
        scale = choose_scale(np.hypot(stacked[:, 0], stacked[:, 1]), scene.window)
        if scale is not None and scale != self.scale:  # none has a length: the last scale stays
            self.scale = scale
            self._state_scale()
        arrows, drawn = self._all_arrows(np.tile(heads, (len(kinds), 1)), stacked)
        arrows, drawn = arrows.reshape(len(kinds), len(rows), 6, 2), drawn.reshape(len(kinds), len(rows))
        for j, kind in enumerate(kinds):
            self.shafts[kind] = arrows[j, :, :2]
            self.curves[kind].set_arrows(arrows[j][drawn[j]])
        self._draw_highlight()

    # ---- the step view's highlight -------------------------------------------------------------------
    def highlight(self, run: int, vector, label: str = "") -> None:
        """Draw ``vector`` (one line's result, e.g. m or Δθ) as a thick arrow at run ``run``'s head, to the
        shared scale; None clears it."""
        self._highlight = None if vector is None else (int(run), np.asarray(vector, np.float64).copy(), label)
        visible = self.shown and self._highlight is not None
        self.highlight_curve.setVisible(visible)
        self.highlight_label.setVisible(visible)
        self._draw_highlight()

    def highlighted_shaft(self) -> np.ndarray | None:
        """(2, 2) tail and tip of the highlight as drawn (None: nothing highlighted)."""
        x, y = self.highlight_curve.getData()
        if self._highlight is None or x is None or len(x) < 2:
            return None
        return np.array([[x[0], y[0]], [x[1], y[1]]])

    def _draw_highlight(self) -> None:
        if self._highlight is None or not self.shown or self.inside.inside is None:
            self.highlight_curve.set_arrows(np.zeros((0, 6, 2)))
            return
        run, vector, label = self._highlight
        state = self.inside.inside.state
        if run >= state.points.shape[0]:
            self.highlight_curve.set_arrows(np.zeros((0, 6, 2)))
            return
        head = state.points[run, self.inside.current_step()][None, :]
        self.highlight_curve.set_arrows(self._arrows(head, vector[None, :]))
        tip = head[0] + self.scale * vector
        self.highlight_label.setText(label)
        self.highlight_label.setPos(float(tip[0]), float(tip[1]))
