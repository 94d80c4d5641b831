"""Play a recorded QPicture onto a painter with Python's GIL released.

PySide6's ``QPainter.drawPicture`` keeps the GIL while Qt rasterises: an 8K Training-tab picture is
~0.5–2 s of C++ during which the GUI thread cannot run a line of Python (its timers, slots, pyqtgraph's
paint methods), although the drawing runs on a worker. :func:`play` calls the C++ function drawPicture
runs between its ``save()`` and ``restore()``, ``QPicture::play(QPainter*)``, through ctypes, which
releases the GIL for the call: the same pixels, and the window keeps turning meanwhile.

The function is looked up in the QtGui library this process has loaded for PySide6, never in another
copy of Qt. Where it cannot be found, :func:`play` falls back to ``QPainter.drawPicture``: the same
picture, with the GUI thread's Python held while it is drawn.
"""

from __future__ import annotations

import ctypes
import functools
import sys
from pathlib import Path

import shiboken6
from PySide6.QtGui import QPainter, QPicture

SYMBOLS = ("_ZN8QPicture4playEP8QPainter",  # bool QPicture::play(QPainter*), Itanium C++ ABI (Linux, macOS)
           "?play@QPicture@@QEAA_NPEAVQPainter@@@Z")  # the same, MSVC x64 (Windows)


def loaded_qtgui() -> str | None:
    """The QtGui library PySide6 loaded (a path, or on Windows the name LoadLibrary resolves to the module
    already loaded), or None where it cannot be told."""
    if sys.platform.startswith("linux"):
        try:
            with open("/proc/self/maps", encoding="utf-8", errors="replace") as maps:
                for line in maps:
                    fields = line.split(maxsplit=5)
                    if len(fields) == 6 and Path(fields[5].strip()).name.startswith("libQt6Gui.so"):
                        return fields[5].strip()
        except OSError:
            return None
        return None
    if sys.platform == "win32":
        return "Qt6Gui.dll"
    if sys.platform == "darwin":
        import PySide6

        framework = Path(PySide6.__file__).parent / "Qt" / "lib" / "QtGui.framework" / "QtGui"
        return str(framework) if framework.exists() else None
    return None


@functools.cache
def native_play():
    """QPicture::play as a ctypes function (called without the GIL), or None where it is not found."""
    path = loaded_qtgui()
    if path is None:
        return None
    try:
        library = ctypes.CDLL(path)
    except OSError:
        return None
    for name in SYMBOLS:
        try:
            function = getattr(library, name)
        except AttributeError:
            continue
        function.argtypes = [ctypes.c_void_p, ctypes.c_void_p]
        function.restype = ctypes.c_bool
        return function
    return None


def play(painter: QPainter, recording: QPicture) -> None:
    """Draw ``recording`` at the painter's origin, as ``painter.drawPicture(0, 0, recording)`` does, with
    the GIL released while Qt draws (see the module docstring). Neither object may be used by another
    thread meanwhile (playing moves the picture's read position)."""
    function = native_play()
    if function is None:
        painter.drawPicture(0, 0, recording)
        return
    if not painter.isActive():  # drawPicture's own check (e.g. an image too big to allocate): nothing drawn
        return
    painter.save()
    try:
        function(shiboken6.getCppPointer(recording)[0], shiboken6.getCppPointer(painter)[0])
    finally:
        painter.restore()
