"""An off-screen copy of the landscape, drawn for export: its own SceneModel and LandscapeView (the window's
very view class and theme), never shown, laid out at a *logical* size and painted at ``scale`` device pixels
per logical pixel.

Why a copy: the export size, theme and step must not disturb the window the teacher is looking at. Why a
logical size: an export at 4K and one at 720p then have the same layout, fonts and proportions — the 4K one
is just sharper. Cosmetic pens (pyqtgraph's default) keep their width in *device* pixels whatever the scale,
so lines would come out hair-thin at 4K; the copy's pens are thickened by ``scale`` to compensate.
"""

from __future__ import annotations

import dataclasses
import math
import time

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QRectF, Qt, QTimer
from PySide6.QtGui import QColor, QImage, QPainter, QPen
from PySide6.QtWidgets import QApplication

from app.export.extras import add_extras
from app.export.layers import layout_key, paint_nothing
from app.i18n import translate
from app.model import SceneModel
from app.themes import Theme
from app.views.common import path_pens, revealed_end, run_styles, style_axes
from app.views.decimation import clip_polyline, thin_polyline
from app.views.landscape import LandscapeView
from app.views.plot_item import new_plot_item
from core.scene import Scene

LOGICAL_SIZE = (1280, 720)  # the layout an export is designed at; bigger exports scale it up
MAX_PIXELS = (7680, 4320)  # 8K: beyond this a frame is hundreds of MB; "up to 4K" is the promise
MIN_PIXELS = 64
SCALE_RANGE = (0.5, 8.0)
SCREEN_DPI = 96.0  # DPI of a scale-1 export (what Qt calls logical DPI on a standard screen)
EXPORT_MIN_WIDTH = 1.5  # logical pixels: the narrowest path an export draws
# An SVG's long paths keep points 1/32 of a layout pixel apart (a 16× zoom into the 1280×720 layout stays
# exact), whatever nominal size the SVG is given: a vector picture's detail does not grow with its size.
SVG_OVERSAMPLE = 16.0
THIN_PIXELS = 0.5  # paths keep at most one point per this many device pixels (see app.views.decimation)


class ExportSizeError(ValueError):
    """A size or DPI that cannot be exported; the message says what is allowed."""


def check_size(width: int, height: int) -> tuple[int, int]:
    for name, value, top in (("width", width, MAX_PIXELS[0]), ("height", height, MAX_PIXELS[1])):
        if isinstance(value, bool) or not isinstance(value, int | np.integer) or not MIN_PIXELS <= value <= top:
            raise ExportSizeError(f"{name} must be a whole number of pixels from {MIN_PIXELS} to {top}, "
                                  f"not {value!r}")
    return int(width), int(height)


def parse_size(text: str) -> tuple[int, int]:
    """'1920x1080' → (1920, 1080)."""
    parts = text.lower().replace("×", "x").split("x")
    try:
        width, height = (int(p) for p in parts)
    except ValueError:
        raise ExportSizeError(f"a size is written WIDTHxHEIGHT (e.g. 1920x1080), not '{text}'") from None
    return check_size(width, height)


def scale_for(width: int, height: int, dpi: float | None = None) -> float:
    """Device pixels per logical pixel: from ``dpi`` if given, else so the picture holds the standard
    logical layout (a 3840×2160 export is the 1280×720 layout at 3×)."""
    if dpi is not None:
        if not (isinstance(dpi, int | float) and math.isfinite(dpi) and dpi > 0):
            raise ExportSizeError(f"DPI must be a positive number, not {dpi!r}")
        scale = dpi / SCREEN_DPI
    else:
        scale = min(width / LOGICAL_SIZE[0], height / LOGICAL_SIZE[1])
    lo, hi = SCALE_RANGE
    if not lo <= scale <= hi:
        if dpi is not None:
            raise ExportSizeError(f"DPI must be from {lo * SCREEN_DPI:g} to {hi * SCREEN_DPI:g}, not {dpi:g}")
        scale = min(max(scale, lo), hi)
    return scale


def export_theme(theme: Theme, scale: float) -> Theme:
    """The theme with its line widths in device pixels for this scale; at least EXPORT_MIN_WIDTH logical
    pixels (the screen's 1 px hairline, antialiased into the map, loses its colour in a picture)."""
    return dataclasses.replace(theme, path_width=max(theme.path_width, EXPORT_MIN_WIDTH) * scale, antialias=True)


class ExportView:
    """The landscape of ``scene`` at ``step``, ``width``×``height`` device pixels, in ``theme``.

    Create, render and close on the GUI thread (Qt's graphics items live there)."""

    def __init__(self, scene: Scene, theme: Theme, width: int, height: int, *, dpi: float | None = None,
                 transparent: bool = False, map_resolution: int | None = None, thin: bool = True,
                 title: str | None = None, inset: bool = False, wait: bool = True, vectors=None,
                 state: QImage | None = None):
        """``thin``: drop path points closer than THIN_PIXELS to the one before (pictures and frames); off
        for SVG, whose paths keep every point however far a slide zooms in. ``title``: a line above the
        map (the scene's title when ``True``); ``inset``: a small loss-vs-step plot in the map's
        lower-left corner (slides: the race and its losses in one 16:9 frame). ``wait`` False: return at once
        and let the caller poll :meth:`ready` (the race is computed on the model's worker meanwhile).
        ``vectors`` (app.export.extras.VectorsShown) and ``state`` (the state panel's picture): what the
        window's "Inside the optimizer" shows, drawn over the map."""
        self.width, self.height = check_size(width, height)
        self.thin = thin
        self.scale = scale_for(self.width, self.height, dpi)
        self.logical = QRectF(0, 0, self.width / self.scale, self.height / self.scale)
        self.theme = export_theme(theme, self.scale)
        self.transparent = transparent
        self._prepared: dict[int, np.ndarray] = {}  # id(curve) → the x data clip_paths gave it
        self.model = SceneModel(scene)
        self.view: LandscapeView | None = None
        self.inset: LossInset | None = None
        self.extras: list = []  # what app.export.extras adds over the map (vectors, the state plots)
        self._layout = (title, inset, vectors, state)
        self.laid_out = False
        self._settle_key: tuple | None = None
        self._building = self._build(map_resolution)
        if wait:
            for _step in self._building:
                pass
            self._wait_for_race()
            self.lay_out()
            self._settle()

    def _settle(self, timeout: float = 3.0) -> None:
        """Block until the layout has settled (see :meth:`settle_turn`): a picture taken before it can show
        the map where the layout first put it, beside its axes."""
        deadline = time.monotonic() + timeout
        while not self.settle_turn() and time.monotonic() < deadline:
            QApplication.processEvents()
            if not self.settled():
                time.sleep(0.005)

    def _build(self, map_resolution: int | None):
        """The view, in steps of a few tenths of a second each at 8K (a caller polling :meth:`ready` runs
        one per event-loop turn); the engine starts last, so the map is computed once, in the export's
        theme."""
        resolution = map_resolution or int(min(max(max(self.width, self.height) * 0.4, 400), 900))
        self.view = LandscapeView(self.model, resolution=resolution)
        yield
        # Paths are decimated as on screen (app.views.decimation.cell_pixels), to the picture's device pixels;
        # an SVG, which a slide may zoom, to 1/32 layout pixel: 16 runs × 100,000 points stroked whole took
        # tens of seconds at 8K.
        self.view.pixel_scale = self.scale if self.thin else SVG_OVERSAMPLE
        self.view.decimation_pixels = None if self.thin else 0.5
        self.view.readout.hide()  # the hover read-out is not part of the picture
        self.view.set_theme(self.theme)
        self._thicken_decorations()
        self.view.setAttribute(Qt.WidgetAttribute.WA_DontShowOnScreen)
        # Never painted as a widget: pictures come from render() (a paint of this hidden view at 8K with
        # 16 long paths cost ~8 s for nothing).
        self.view.setUpdatesEnabled(False)
        self.view.resize(round(self.logical.width()), round(self.logical.height()))
        yield
        self.model.start_engine_now()  # the map, and the race (on the model's worker when it is big)

    def ready(self) -> bool:
        """For a caller that must not block (app.export.picture_job): True once the race is computed and
        the layout done — poll it from the event loop instead of constructing with ``wait=True``."""
        if next(self._building, "built") != "built":
            return False
        if not self.laid_out and self.model.race is not None and self.model.race.scene == self.model.scene:
            self.lay_out()
        return self.laid_out

    def settled(self) -> bool:
        """No update of the view is pending (its delayed legend re-layout, say): what is painted now is what
        stays. A caller painting across several event-loop turns waits for this first."""
        return not any(timer.isActive() for timer in self.view.findChildren(QTimer))

    def settle_turn(self) -> bool:
        """One event-loop turn of letting the layout settle before a picture painted over several turns:
        True once a paint changed no layout and no update is pending (else it paints into one pixel —
        axes size themselves to their tick labels only once they have painted them — and says False)."""
        scene = self.view.graphics.scene()
        key = layout_key(scene)
        if self.settled() and key == self._settle_key:
            return True
        self._settle_key = key
        paint_nothing(scene, self.logical, self.worker_items())
        return False

    def lay_out(self) -> None:
        """Lay the graphics out at the logical size around the computed race; title and loss inset."""
        self.view.show()  # lays the graphics out at the logical size
        self.view.reset_view()  # the scene's window, whatever the logical aspect
        QApplication.processEvents()
        self.view.hide()  # the layout stays; a hidden view is not repainted on every step
        title, inset, vectors, state = self._layout
        if title:
            text = self.scene.title if title is True else str(title)
            if text:
                self.plot_item.setTitle(text, color=self.theme.foreground, size=f"{self.theme.font_size + 2}pt")
                QApplication.processEvents()
        if inset:
            self.inset = LossInset(self)
        add_extras(self, vectors, state)
        self.laid_out = True

    # ---- set-up ------------------------------------------------------------------------------------
    def _thicken_decorations(self) -> None:
        """Axes, colour-bar frame, legend frame and start marker: cosmetic pens outside the theme's widths."""
        s = self.scale
        for item in self.view.graphics.scene().items():
            if isinstance(item, pg.AxisItem | pg.LegendItem):
                item.setPen(_wider(item.pen(), s))
            elif isinstance(item, pg.TargetItem):
                item.setPen(_wider(item.pen, s))

    def _wait_for_race(self, timeout: float = 30.0) -> None:
        deadline = time.monotonic() + timeout
        while self.model.race is None or self.model.race.scene != self.model.scene:
            self.model.wait_idle(timeout)
            QApplication.processEvents()
            if time.monotonic() > deadline:
                raise TimeoutError("the race for the export was not computed in time")
            if self.model.race is None or self.model.race.scene != self.model.scene:
                time.sleep(0.005)

    @property
    def scene(self) -> Scene:
        return self.model.scene

    @property
    def plot_item(self) -> pg.PlotItem:
        return self.view.plot_item

    @property
    def layout_item(self):
        """The graphics item holding the whole picture (plot, colour bar, legend) — what SVG exports."""
        return self.view.graphics.ci

    def path_colors(self) -> list[tuple[int, int, int]]:
        """Colours of the optimizers' paths, in scene order."""
        styles = run_styles(self.theme, [entry.spec for entry in self.scene.optimizers])
        return [QColor(style.color).getRgb()[:3] for style in styles]

    def set_step(self, step: int) -> None:
        self.model.set_step(step)
        self.clip_paths()
        if self.inset is not None:
            self.inset.show_step(step)
        for extra in self.extras:
            extra.show_step(step)

    def clip_paths(self) -> None:
        """Clip the shown paths to a box around the view and thin them to the picture's resolution (see
        app.views.decimation for why). Data this method set itself is not prepared again: re-clipping pieces
        would join them across their gaps."""
        view_box = self.plot_item.getViewBox()
        (xmin, xmax), (ymin, ymax) = view_box.viewRange()
        w, h = xmax - xmin, ymax - ymin
        box = (xmin - w, xmax + w, ymin - h, ymax + h)
        device = (max(view_box.width(), 1.0) * self.scale, max(view_box.height(), 1.0) * self.scale)
        cell = (w / device[0] * THIN_PIXELS, h / device[1] * THIN_PIXELS)
        for item in (*self.view.paths, *self.view.ghosts):
            if not item.isVisible():
                continue
            x, y = item.getData()
            if x is None or len(x) == 0 or x is self._prepared.get(id(item)):
                continue
            joined = item.opts["connect"]  # a path the view clipped comes in pieces (a stale mask: another size)
            pieces = isinstance(joined, np.ndarray) and joined.shape == x.shape
            cx, cy, connect = clip_polyline(x, y, box, joined if pieces else None)
            if self.thin:
                cx, cy, connect = thin_polyline(cx, cy, connect, cell)
            if cx.size != len(x) or not connect[:-1].all():
                item.setData(cx, cy, connect=connect)
            self._prepared[id(item)] = item.getData()[0]  # unchanged since: nothing to redo

    # ---- painting ----------------------------------------------------------------------------------
    def new_image(self) -> QImage:
        image = QImage(self.width, self.height, QImage.Format.Format_ARGB32_Premultiplied)
        image.setDevicePixelRatio(self.scale)
        image.fill(Qt.GlobalColor.transparent if self.transparent else QColor(self.theme.background))
        return image

    def paint(self, image: QImage) -> None:
        painter = QPainter(image)
        try:
            painter.setRenderHint(QPainter.RenderHint.Antialiasing)
            painter.setRenderHint(QPainter.RenderHint.TextAntialiasing)
            painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)  # the map, not blocky at 4K
            self.view.graphics.scene().render(painter, self.logical, self.logical)
        finally:
            painter.end()

    def render(self) -> QImage:
        image = self.new_image()
        self.paint(image)
        return image

    def dynamic_items(self) -> list:
        """What moves with the step: the paths and their heads. (The ghosts are the reference runs drawn
        whole; they stay put, so an animation paints them once, with the background.)"""
        return [*self.view.paths, *self.view.heads, *(i for e in self.extras for i in e.dynamic_items())]

    def worker_items(self) -> list:
        """The long polylines (paths and ghosts, as shown): what app.export.layers strokes on a worker
        thread instead of through the scene."""
        return [item for item in (*self.view.ghosts, *self.view.paths) if item.isVisible()]

    def close(self) -> None:
        if self.view is not None:
            self.view.close()
            self.view.deleteLater()
        self.model.shutdown()
        self.model.deleteLater()

    def __enter__(self) -> ExportView:
        return self

    def __exit__(self, *exc) -> None:
        self.close()


class LossInset:
    """A loss-vs-step plot over the lower-left corner of an export's map: each run's loss (log scale when
    every loss is positive) in its own pen, up to the shown step; a stopped run ends where it stopped."""

    FRACTION = (0.34, 0.32)  # of the map's width and height

    def place(self, *_args) -> None:
        """Over the lower-left corner of the map's box, FRACTION of its size."""
        box = self.export.plot_item.getViewBox().sceneBoundingRect()
        w, h = box.width() * self.FRACTION[0], box.height() * self.FRACTION[1]
        self.plot.setGeometry(QRectF(box.left() + 6, box.bottom() - h - 6, w, h))

    def __init__(self, export: ExportView):
        self.export = export
        theme = export.theme
        self.plot = new_plot_item()
        self.plot.hideButtons()
        export.view.graphics.scene().addItem(self.plot)
        self.place()
        # The map's box moves when the layout settles (a title, a taller font's axis labels): follow it
        export.plot_item.getViewBox().sigResized.connect(self.place)
        self.plot.setZValue(100)
        self.plot.getViewBox().setBackgroundColor(QColor(theme.background))
        small = dataclasses.replace(theme, font_size=max(7, theme.font_size - 4))
        style_axes(small, self.plot.getAxis("left"), self.plot.getAxis("bottom"))
        self.plot.setTitle(translate("LossInset", "loss by step"), color=theme.foreground, size=f"{small.font_size}pt")
        race = export.model.race
        loss = race.effective.loss
        self.log = bool(np.all(loss[np.isfinite(loss)] > 0))
        self.plot.setLogMode(y=self.log)
        specs = [entry.spec for entry in export.scene.optimizers]
        self.curves = []
        for i, entry in enumerate(export.scene.optimizers):
            pen, _ghost = path_pens(theme, i, specs)
            curve = self.plot.plot(pen=pen)
            curve.setVisible(entry.enabled)
            self.curves.append(curve)
        self.show_step(export.model.step)

    def show_step(self, step: int) -> None:
        t = self.export.model.race.effective
        for i, curve in enumerate(self.curves):
            end = revealed_end(t, i, step)
            steps = np.arange(end, dtype=np.float64)
            values = t.loss[i, :end]
            stride = max(1, end // 2000)  # an inset a few hundred pixels wide: at most ~2,000 points
            keep = np.unique(np.r_[np.arange(0, end, stride), end - 1])
            curve.setData(steps[keep], values[keep])


def _wider(pen: QPen, factor: float) -> QPen:
    pen = QPen(pen)
    pen.setWidthF(max(pen.widthF(), 1.0) * factor)
    return pen


def bgra_array(image: QImage) -> np.ndarray:
    """H×W×4 copy of an image's ARGB32 bytes (B, G, R, A in memory on every platform Qt supports here)."""
    image = image.convertToFormat(QImage.Format.Format_ARGB32_Premultiplied)
    h, w = image.height(), image.width()
    data = np.frombuffer(image.constBits(), np.uint8, count=image.bytesPerLine() * h)
    return data.reshape(h, image.bytesPerLine())[:, : 4 * w].reshape(h, w, 4).copy()
