"""Export the tab the teacher is looking at (File ▸ Export for the Scale map, and any other tab drawn by a
pyqtgraph GraphicsLayoutWidget) as PNG or SVG, in a chosen theme, at a chosen size.

``export_tab_image(widget, path, (width, height), theme)``: ``widget`` is the tab (a view with a
``graphics`` GraphicsLayoutWidget — ScaleMapView, LandscapeView — or the GraphicsLayoutWidget itself). The
picture is the tab's current layout in ``theme`` (applied for the export and restored after, through the
widget's ``set_theme`` when it has one), scaled to fit ``width``×``height`` and centred on the theme's
background. Written atomically: a failed export leaves an existing file untouched. GUI thread only.
"""

from __future__ import annotations

from pathlib import Path

import pyqtgraph as pg
from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QColor, QImage, QPainter

from app.export.image import png_bytes
from app.export.offscreen import SCREEN_DPI, ExportSizeError, check_size
from app.export.svg import svg_text, write_svg
from app.themes import Theme
from core.export.files import write_bytes_atomically

TAB_FORMATS = ("png", "svg")


def _graphics(widget) -> pg.GraphicsLayoutWidget:
    if isinstance(widget, pg.GraphicsLayoutWidget):
        return widget
    graphics = getattr(widget, "graphics", None)
    if not isinstance(graphics, pg.GraphicsLayoutWidget):
        raise ValueError(f"this tab ({type(widget).__name__}) has no picture to export")
    return graphics


def tab_format(path: str | Path) -> str:
    suffix = Path(path).suffix.lower().lstrip(".")
    if suffix not in TAB_FORMATS:
        raise ValueError(f"a tab exports as .png or .svg, not '{suffix or 'no extension'}': {Path(path).name}")
    return suffix


def render_tab(widget, size: tuple[int, int], theme: Theme | None = None) -> QImage:
    """The tab's picture at ``size`` device pixels (its layout scaled to fit, centred)."""
    width, height = check_size(*size)
    graphics = _graphics(widget)
    with _themed(widget, theme):
        scene = graphics.scene()
        source = QRectF(graphics.viewport().rect()) if graphics.viewport().width() > 1 else scene.sceneRect()
        if source.width() < 1 or source.height() < 1:
            raise ExportSizeError("the tab has not been laid out yet (show it once, then export)")
        scale = min(width / source.width(), height / source.height())
        target = QRectF(0, 0, source.width() * scale, source.height() * scale)
        target.moveCenter(QRectF(0, 0, width, height).center())
        image = QImage(width, height, QImage.Format.Format_ARGB32_Premultiplied)
        background = theme.background if theme is not None else graphics.backgroundBrush().color()
        image.fill(QColor(background))
        painter = QPainter(image)
        try:
            painter.setRenderHint(QPainter.RenderHint.Antialiasing)
            painter.setRenderHint(QPainter.RenderHint.TextAntialiasing)
            scene.render(painter, target, graphics.mapToScene(source.toRect()).boundingRect(),
                         Qt.AspectRatioMode.KeepAspectRatio)
        finally:
            painter.end()
    return image


def export_tab_image(widget, path: str | Path, size: tuple[int, int], theme: Theme | None = None) -> Path:
    """Write the tab as PNG or SVG (by ``path``'s extension); returns the path. ValueError (one line) for
    a bad name, size or a tab without a picture; OSError if the file cannot be written — in either case an
    existing file is left as it was."""
    fmt = tab_format(path)
    width, height = check_size(*size)
    if hasattr(widget, "export_image"):  # a tab that pictures itself (the Training tab: curves or landscape)
        return Path(widget.export_image(path, (width, height), theme))
    if fmt == "png":
        image = render_tab(widget, (width, height), theme)
        scale = max(width, height) / max(_graphics(widget).width(), _graphics(widget).height(), 1)
        write_bytes_atomically(path, png_bytes(image, SCREEN_DPI * scale))
    else:
        graphics = _graphics(widget)
        with _themed(widget, theme):
            background = theme.background if theme is not None else graphics.backgroundBrush().color()
            write_svg(graphics.ci, path, width, height, background)
    return Path(path)


class _themed:
    """Apply ``theme`` to the widget for the export and restore its own after."""

    def __init__(self, widget, theme: Theme | None):
        self.widget, self.theme = widget, theme
        self.previous = getattr(widget, "theme", None)

    def __enter__(self):
        if self.theme is not None and hasattr(self.widget, "set_theme") and self.theme is not self.previous:
            self.widget.set_theme(self.theme)
        return self

    def __exit__(self, *exc):
        if self.theme is not None and hasattr(self.widget, "set_theme") and self.previous is not None \
                and self.previous is not self.theme:
            self.widget.set_theme(self.previous)


def tab_job(widget, path: str | Path, size: tuple[int, int], theme: Theme | None = None, parent=None):
    """The tab's picture as an app.export.data_job.WriteJob: painted (PNG) or generated (SVG) here, on the GUI
    thread, then encoded and written on a worker; a tab that pictures itself gives its own job (export_job) or
    None (export_image only: call :func:`export_tab_image` for it). ValueError (one line) for a bad name,
    size or a tab without a picture."""
    from app.export.data_job import WriteJob

    fmt = tab_format(path)
    width, height = check_size(*size)
    if hasattr(widget, "export_job"):  # a tab that pictures itself off the GUI thread (the Training panel)
        return widget.export_job(path, (width, height), theme, parent)
    if hasattr(widget, "export_image"):
        return None
    graphics = _graphics(widget)
    if fmt == "png":
        image = render_tab(widget, (width, height), theme)
        dpi = SCREEN_DPI * max(width, height) / max(graphics.width(), graphics.height(), 1)
        return WriteJob(path, lambda ticket: png_bytes(image, dpi), parent)
    with _themed(widget, theme):
        background = theme.background if theme is not None else graphics.backgroundBrush().color()
        text = svg_text(graphics.ci, width, height, background)
    return WriteJob(path, lambda ticket: text, parent)
