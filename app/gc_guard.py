"""Python's cycle collector runs on the GUI thread only.

Why: CPython starts a collection in whichever thread happens to allocate when a generation's count passes
its threshold — the training thread importing torch, a job runner's worker, the formula builder. A
collection frees every object of an unreachable reference cycle on that thread, and cycles holding PySide
wrappers are common: pyqtgraph's items, legends and menus keep cycles of their own (an export's offscreen
plot leaves hundreds), so their Qt objects are destroyed and their signals disconnected on the worker.
Seen both ways: a pyqtgraph QGraphicsWidget destroyed on a worker crashed the process
(``python -m tests.reliability.qt_garbage --no-guard`` does it every time), and in the test suite a
collection on the training thread freed Qt objects whose disconnect waited on a Qt mutex the GUI thread held
while it waited for the GIL: a deadlock (3b535c0, ``py-spy dump --native``).

So ``install`` turns automatic collection off (``gc.disable()``: process-wide, every thread) and a timer
on the GUI thread collects instead, with CPython's own thresholds: a generation is collected when its
count passes its threshold, as CPython would have done at an allocation. A worker thread then never
collects — unless its code calls ``gc.collect()`` itself, which no code of the app's may do off the GUI
thread (``gc.freeze()`` is safe anywhere: it moves objects, frees none).

Ending: ``shutdown`` (connected to ``aboutToQuit``) collects once more on the GUI thread while the
QApplication is alive and turns automatic collection back on. Without it, the cycles left since the last
tick would be freed by the interpreter's last collection at exit, in whatever state Qt's teardown is then.
"""

from __future__ import annotations

import gc

from PySide6.QtCore import QCoreApplication, QObject, QThread, QTimer

TICK_MS = 200  # how stale a count may get: cyclic garbage waits at most this long (plain garbage never does)
_NAME = "losslab-gc-guard"


class GuiThreadCollector(QObject):
    """The GUI thread's collector (see the module docstring): made by ``install``, one per QApplication."""

    def __init__(self, app: QCoreApplication, tick_ms: int = TICK_MS):
        super().__init__(app)
        self.setObjectName(_NAME)
        self.thresholds = gc.get_threshold()  # CPython's (700, 10, 10) unless someone tuned them
        self.collections = 0  # made by this collector (tests, diagnostics)
        self._timer = QTimer(self)
        self._timer.setInterval(tick_ms)
        self._timer.timeout.connect(self.collect_due)
        gc.disable()
        self._timer.start()
        app.aboutToQuit.connect(self.shutdown)

    @property
    def active(self) -> bool:
        return self._timer.isActive()

    def collect_due(self) -> int:
        """Collect the oldest generation whose count passed its threshold, as CPython's allocator does;
        nothing when none did. Returns the number of objects found unreachable."""
        if gc.isenabled():  # turned on again (a library's ``finally: gc.enable()``): off, as promised
            gc.disable()
        counts = gc.get_count()
        if counts[0] <= self.thresholds[0]:
            return 0
        generation = 0  # CPython's rule, less its "enough long-lived objects" condition on full collections
        for older in (1, 2):
            if counts[older] > self.thresholds[older]:
                generation = older
        self.collections += 1
        return gc.collect(generation)

    def shutdown(self) -> None:
        """Collect what is left on this (the GUI) thread while Qt is alive; automatic collection back on.
        Idempotent."""
        if not self._timer.isActive():
            return
        self._timer.stop()
        gc.collect()
        gc.enable()


def install(app: QCoreApplication | None = None, tick_ms: int = TICK_MS) -> GuiThreadCollector:
    """Collect on ``app``'s thread only, from now until ``app`` quits; call on the GUI thread. Returns the
    collector (the same one when called again)."""
    app = app or QCoreApplication.instance()
    if app is None:
        raise RuntimeError("gc_guard.install needs a QApplication")
    if QThread.currentThread() is not app.thread():
        raise RuntimeError("gc_guard.install runs on the GUI thread")
    existing = installed(app)
    if existing is not None:
        if not existing.active:  # shut down (aboutToQuit), then the loop ran again: guard again
            gc.disable()
            existing._timer.start()
        return existing
    return GuiThreadCollector(app, tick_ms)


def installed(app: QCoreApplication | None = None) -> GuiThreadCollector | None:
    app = app or QCoreApplication.instance()
    if app is None:
        return None
    return app.findChild(GuiThreadCollector, _NAME)

