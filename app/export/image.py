"""PNG export of the landscape at any size up to 8K, at a chosen DPI, optionally on a transparent background.

The picture is the export view's logical layout drawn at ``scale`` device pixels per logical pixel, with
pens thickened to match (see app.export.offscreen), so a 4K PNG looks like the window, only sharper. The
DPI is also written into the file, so slide software places it at the intended physical size.
"""

from __future__ import annotations

import os

from PySide6.QtCore import QBuffer, QByteArray, QIODevice
from PySide6.QtGui import QImage

from app.export.offscreen import SCREEN_DPI, ExportView
from core.export.files import write_bytes_atomically

INCH_METRES = 0.0254


def png_bytes(image: QImage, dpi: float | None = None) -> bytes:
    image = QImage(image)
    if dpi:
        dots = round(dpi / INCH_METRES)
        image.setDotsPerMeterX(dots)
        image.setDotsPerMeterY(dots)
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    if not image.save(buffer, "PNG"):
        raise OSError("Qt could not encode the PNG")
    buffer.close()
    return bytes(data.data())


def write_png(export: ExportView, path: str | os.PathLike) -> None:
    """Render ``export`` at its current step and write it atomically (no partial file on failure)."""
    image = export.render()
    write_bytes_atomically(path, png_bytes(image, export.scale * SCREEN_DPI))
