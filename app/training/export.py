"""Export a Training-tab view (the curves, or the landscape with its read-outs) as a PNG or SVG for slides.

``export_widget(widget, path, size, theme)`` renders the widget as it is laid out (``QWidget.render``),
scaled to ``size`` when given, onto the theme's background (the plots' backgrounds and axes take the theme's
colours while the picture is drawn and get their own back afterwards). The picture is written to a temporary
file beside ``path`` and renamed over it, so a failed export leaves an existing file untouched.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path

import pyqtgraph as pg
from PySide6.QtCore import QPoint, QRectF, QSize
from PySide6.QtGui import QColor, QImage, QPainter
from PySide6.QtWidgets import QWidget

from app.i18n import translate

FORMATS = (".png", ".svg")
MAX_SIDE = 8192


def _theme(theme):
    from app.themes import DARK, Theme, get_theme

    if theme is None:
        return DARK
    if isinstance(theme, Theme):
        return theme
    return get_theme(str(theme))


def _size(widget: QWidget, size) -> QSize:
    if size is None:
        return widget.size()
    if isinstance(size, QSize):
        w, h = size.width(), size.height()
    else:
        try:
            w, h = (int(v) for v in size)
        except (TypeError, ValueError):
            message = translate("TrainingPanel", "export size must be two whole numbers (width, height), got {size}")
            raise ValueError(message.format(size=repr(size))) from None
    if not (16 <= w <= MAX_SIDE and 16 <= h <= MAX_SIDE):
        message = translate("TrainingPanel", "export size must be between 16 and {most} pixels a side, got {size}")
        raise ValueError(message.format(most=MAX_SIDE, size=f"{w}×{h}"))
    return QSize(w, h)


@contextlib.contextmanager
def _themed(widget: QWidget, theme):
    """The theme's background on every pyqtgraph view and its colour on their axes, then the old looks."""
    saved = []
    fg = pg.mkPen(theme.foreground)
    for view in widget.findChildren(pg.GraphicsView):
        saved.append((view, view.backgroundBrush()))
        view.setBackground(theme.background)
    axes = []
    for item in (i for view in widget.findChildren(pg.GraphicsView) for i in view.items()):
        if isinstance(item, pg.AxisItem):
            axes.append((item, item.pen(), item.textPen()))
            item.setPen(fg)
            item.setTextPen(fg)
    try:
        yield
    finally:
        for view, brush in saved:
            view.setBackgroundBrush(brush)
        for axis, pen, text_pen in axes:
            axis.setPen(pen)
            axis.setTextPen(text_pen)


def export_widget(widget: QWidget, path: Path, size=None, theme=None) -> Path:
    """See the module docstring; ValueError with a one-line reason on bad input or a failed write."""
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix not in FORMATS:
        raise ValueError(translate("TrainingPanel", "export as .png or .svg, not {suffix}").format(
            suffix=repr(path.suffix) if path.suffix else translate("TrainingPanel", "a file without extension")))
    theme = _theme(theme)
    target = _size(widget, size)
    folder = path.parent if str(path.parent) else Path(".")
    if not folder.is_dir():
        raise ValueError(translate("TrainingPanel", "cannot export to {path}: the folder {folder} does not exist")
                         .format(path=path, folder=folder))
    source = widget.size()
    if source.width() < 1 or source.height() < 1:
        raise ValueError(translate("TrainingPanel", "cannot export a view that has not been laid out yet"))
    fd, temp = tempfile.mkstemp(prefix=f".{path.stem}-", suffix=suffix, dir=folder)
    os.close(fd)
    try:
        with _themed(widget, theme):
            if suffix == ".png":
                image = QImage(target, QImage.Format.Format_ARGB32)
                image.fill(QColor(theme.background))
                painter = QPainter(image)
                try:
                    _render(painter, widget, target)
                finally:
                    painter.end()
                if not image.save(temp, "PNG"):
                    raise OSError(translate("TrainingPanel", "the PNG could not be written"))
            else:
                from PySide6.QtSvg import QSvgGenerator

                generator = QSvgGenerator()
                generator.setFileName(temp)
                generator.setSize(target)
                generator.setViewBox(QRectF(0, 0, target.width(), target.height()))
                generator.setTitle("losslab training view")
                painter = QPainter(generator)
                try:
                    painter.fillRect(QRectF(0, 0, target.width(), target.height()), QColor(theme.background))
                    _render(painter, widget, target)
                finally:
                    painter.end()
                if os.path.getsize(temp) == 0:
                    raise OSError(translate("TrainingPanel", "the SVG could not be written"))
        os.replace(temp, path)
    except (OSError, RuntimeError) as exc:
        with contextlib.suppress(OSError):
            os.unlink(temp)
        message = translate("TrainingPanel", "cannot export to {path}: {error}")
        raise ValueError(message.format(path=path, error=exc)) from None
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temp)
        raise
    return path


def _render(painter: QPainter, widget: QWidget, target: QSize) -> None:
    painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
    source = widget.size()
    painter.scale(target.width() / source.width(), target.height() / source.height())
    widget.render(painter, QPoint(0, 0))
