"""Export a Training-tab view (the curves, or the landscape with its read-outs) as a PNG or SVG for slides.

``grab(widget, path, size, theme)`` (GUI thread) takes the widget's picture without its controls (the ones
its ``export_controls()`` names are hidden meanwhile) as it is laid out (``QWidget.render``), scaled to
``size`` when given, onto the theme's background (the plots' backgrounds and axes take the theme's colours
while the picture is taken and get their own back afterwards): a :class:`Picture` in memory.

A PNG up to DRAWN_AT_ONCE pixels is drawn there and then. A bigger one is the view's paint commands
recorded at the target size (a QPicture: ~0.1–0.5 s at 8K), not yet rasterised: ``Picture.image()``
plays them into the pixels on any thread, with Python's GIL released (app.training.picture_playback;
~0.5–2 s at 8K, which held the window when it was drawn on the GUI thread). ``encoded()`` makes the file's
bytes (a PNG's encoding: ~3 s at 8K). A played image is the widget drawn straight into it but for a few
antialiased edges (``benchmarks/bench_export_jobs.py --tab training --compare``: at 8K no pixel differs,
at 3840×2160 one edge row by 4 of 255 levels, from the recording itself; played on another thread, some
glyph edges, as Qt keeps its font caches per thread: 0.07 % of the pixels by at most 34 levels in a
test's 8K curves; tests/app/test_training_export_job.py bounds it). An SVG is generated whole on the GUI
thread (~0.1–0.6 s; playing a recording into an SVG generator would write another document).

``export_widget(widget, path, size, theme)`` does all of it and writes the file on the calling thread;
app.training.export_job draws, encodes and writes on a worker. Either way the file is written to a
temporary beside ``path`` and renamed over it, so a failed export leaves an existing file untouched.
"""

from __future__ import annotations

import contextlib
from dataclasses import dataclass, field
from pathlib import Path

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QPoint, QRectF, QSize
from PySide6.QtGui import QColor, QImage, QPainter, QPicture
from PySide6.QtWidgets import QWidget

from app.i18n import translate
from app.training.picture_playback import play
from app.training.plot_theme import apply_plot_theme, restore_plot_theme
from core.export.files import failure_reason, write_bytes_atomically

FORMATS = (".png", ".svg")
MAX_SIDE = 8192
# A PNG up to this many pixels is drawn at once on the GUI thread (~0.1–0.4 s); a bigger one is recorded
# there and drawn from the recording: recording costs ~0.1–0.5 s whatever the size, drawing grows with it
# (8K: ~0.5–2 s), and for a view-sized picture recording alone is slower than drawing it.
DRAWN_AT_ONCE = 2560 * 1440


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
    """The plots in ``theme`` while the picture is taken, then in the screen's theme again."""
    saved = apply_plot_theme(widget, theme)
    try:
        yield
    finally:
        restore_plot_theme(saved)


@contextlib.contextmanager
def _controls_hidden(widget: QWidget):
    """The view's controls (``widget.export_controls()``: combo boxes, buttons, progress bar, check boxes)
    hidden and the view laid out again without them while it is drawn, then shown again: a slide holds the
    plots and their read-outs, not the knobs."""
    from PySide6.QtCore import QCoreApplication, QEvent

    controls = getattr(widget, "export_controls", None)
    hidden = [c for c in (controls() if controls is not None else ()) if c.isVisible()]
    for control in hidden:
        control.hide()
    QCoreApplication.sendPostedEvents(None, QEvent.Type.LayoutRequest)  # lay the view out without them
    try:
        yield
    finally:
        for control in hidden:
            control.show()
        QCoreApplication.sendPostedEvents(None, QEvent.Type.LayoutRequest)


@dataclass(frozen=True)
class Picture:
    """A grabbed view, not yet written: a PNG already ``drawn``, or its recorded paint commands
    (``recording``, played into an image of ``size`` on ``background``); or the SVG document."""

    path: Path
    drawn: QImage | None = None
    recording: QPicture | None = None
    size: QSize = field(default_factory=QSize)
    background: QColor = field(default_factory=QColor)
    svg: bytes = b""

    @property
    def is_png(self) -> bool:
        return self.drawn is not None or self.recording is not None

    def image(self) -> QImage:
        """The PNG's pixels: the drawn image, or the recording played onto the background. Any thread
        (QImage, QPainter on an image and QPicture are reentrant)."""
        if self.drawn is not None:
            return self.drawn
        image = canvas(self.size, self.background)
        painter = QPainter(image)
        try:
            play(painter, self.recording)  # without the GIL: the GUI thread's Python runs meanwhile
        finally:
            painter.end()
        return image

    def encoded(self, image: QImage | None = None) -> bytes:
        """The file's bytes (a PNG of ``image``, drawn by :meth:`image` when not given); OSError if the PNG
        cannot be encoded. Any thread."""
        if not self.is_png:
            return self.svg
        if image is None:
            image = self.image()
        data = QByteArray()
        buffer = QBuffer(data)
        buffer.open(QIODevice.OpenModeFlag.WriteOnly)
        if not image.save(buffer, "PNG"):
            raise OSError(translate("TrainingPanel", "the PNG could not be written"))
        buffer.close()
        return bytes(data.data())


def grab(widget: QWidget, path, size=None, theme=None) -> Picture:
    """The widget's picture for ``path`` (.png or .svg), GUI thread only; ValueError with a one-line reason
    on bad input."""
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
    with _themed(widget, theme), _controls_hidden(widget):
        if suffix == ".png":
            background = QColor(theme.background)
            if target.width() * target.height() <= DRAWN_AT_ONCE:
                return Picture(path, drawn=_drawn(widget, target, background), size=target, background=background)
            return Picture(path, recording=_recorded(widget, target), size=target, background=background)
        try:
            return Picture(path, svg=_svg(widget, target, theme))
        except OSError as exc:
            raise ValueError(failed_export(path, exc)) from None


def _svg(widget: QWidget, target: QSize, theme) -> bytes:
    from PySide6.QtSvg import QSvgGenerator

    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    generator = QSvgGenerator()
    generator.setOutputDevice(buffer)
    generator.setSize(target)
    generator.setViewBox(QRectF(0, 0, target.width(), target.height()))
    generator.setTitle("losslab training view")
    painter = QPainter(generator)
    try:
        painter.fillRect(QRectF(0, 0, target.width(), target.height()), QColor(theme.background))
        _render(painter, widget, target)
    finally:
        painter.end()
    buffer.close()
    if data.isEmpty():
        raise OSError(translate("TrainingPanel", "the SVG could not be written"))
    return bytes(data.data())


def failed_export(path, exc: BaseException) -> str:
    """The one line a failed write shows."""
    message = translate("TrainingPanel", "cannot export to {path}: {error}")
    return message.format(path=path, error=failure_reason(exc))


def export_widget(widget: QWidget, path: Path, size=None, theme=None) -> Path:
    """See the module docstring; ValueError with a one-line reason on bad input or a failed write."""
    picture = grab(widget, path, size, theme)
    try:
        write_bytes_atomically(picture.path, picture.encoded())
    except (OSError, RuntimeError) as exc:
        raise ValueError(failed_export(picture.path, exc)) from None
    return picture.path


def canvas(size: QSize, background: QColor) -> QImage:
    """The image a PNG is drawn into, filled with the theme's background."""
    image = QImage(size, QImage.Format.Format_ARGB32)
    image.fill(background)
    return image


def _drawn(widget: QWidget, target: QSize, background: QColor) -> QImage:
    return _painted(canvas(target, background), widget, target)


def _recorded(widget: QWidget, target: QSize) -> QPicture:
    """The widget's paint commands at ``target`` size: drawing them is the slow part of an 8K PNG, and
    any thread may do it (``Picture.image``), while recording them must happen here, on the GUI thread."""
    return _painted(QPicture(), widget, target)


def _painted(device, widget: QWidget, target: QSize):
    """``device`` (an image or a recording) with ``widget`` painted into it at ``target`` size."""
    painter = QPainter(device)
    try:
        _render(painter, widget, target)
    finally:
        painter.end()
    return device


def _render(painter: QPainter, widget: QWidget, target: QSize) -> None:
    painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
    source = widget.size()
    painter.scale(target.width() / source.width(), target.height() / source.height())
    widget.render(painter, QPoint(0, 0))
