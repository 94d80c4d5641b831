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
on the GUI thread collects instead, by CPython's own rules (its thresholds, and full collections only
once the long-lived objects grew by a quarter): what CPython would have collected at an allocation. A
worker thread then never collects — unless its code calls ``gc.collect()`` itself, which no code of the
app's may do off the GUI thread (``gc.freeze()`` is safe anywhere: it moves objects, frees none).

Ending: ``shutdown`` collects once more, on the GUI thread, and turns automatic collection back on. The
caller runs it once the window is deleted and while the QApplication lives (``app.launch`` does, after
``exec`` or a screenshot); otherwise the cycles left since the last tick are freed by the interpreter's
last collection at exit, in whatever state Qt's teardown is then.
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
        self._long_lived = 0  # CPython's long_lived_total, which Python does not show
        self._new_long_lived = 0  # … and its long_lived_pending
        self._timer = QTimer(self)
        self._timer.setInterval(tick_ms)
        self._timer.timeout.connect(self.collect_due)
        self.resume()

    @property
    def active(self) -> bool:
        return self._timer.isActive()

    def resume(self) -> None:
        """Automatic collection off, this collector on (again, after ``shutdown``)."""
        gc.disable()
        self._long_lived, self._new_long_lived = len(gc.get_objects(2)), 0
        self._timer.start()

    def collect_due(self) -> int:
        """Collect the generation CPython's allocator would collect now; nothing when no count passed its
        threshold. Returns the number of objects found unreachable."""
        if gc.isenabled():  # turned on again (a library's ``finally: gc.enable()``): off, as promised
            gc.disable()
        counts = gc.get_count()
        if counts[0] <= self.thresholds[0]:
            return 0
        generation = 1 if counts[1] > self.thresholds[1] else 0
        # A full collection walks every object not frozen (with the window open ~30–40 ms of GUI-thread CPU
        # without freeze_startup, ~1 ms with it), so, as in CPython, only once the objects that reached the
        # oldest generation since the last one are more than a quarter of those it kept.
        if counts[2] > self.thresholds[2] and self._new_long_lived > self._long_lived / 4:
            generation = 2
        young = len(gc.get_objects(0)) + len(gc.get_objects(1)) if generation == 1 else 0
        found = gc.collect(generation)
        self.collections += 1
        if generation == 1:  # the survivors moved to the oldest generation
            self._new_long_lived += max(0, young - found)
        elif generation == 2:
            self._long_lived, self._new_long_lived = len(gc.get_objects(2)), 0
        return found

    def freeze_startup(self) -> None:
        """Move every object alive now out of the collector's reach (``gc.freeze()``): called after the
        start-up imports and before the window is built, when what exists is module-level or lives as long
        as the process (the application, its settings and translators, the scene and lesson to open). Any of
        them that later became cyclic garbage would stay, as would the few cycles the imports left (rather
        than a ~30 ms collection at start-up). A full collection then walks only what came later: with the
        window open, ~0.7 ms instead of ~30–40 ms of the GUI thread (~74,000 objects)."""
        gc.freeze()
        self._long_lived, self._new_long_lived = len(gc.get_objects(2)), 0

    def shutdown(self) -> None:
        """Collect what is left on this (the GUI) thread while Qt is alive; automatic collection back on.
        Idempotent."""
        if not self._timer.isActive():
            return
        self._timer.stop()
        gc.collect()
        gc.enable()


def install(app: QCoreApplication | None = None, tick_ms: int = TICK_MS) -> GuiThreadCollector:
    """Collect on ``app``'s thread only, from now until the collector's ``shutdown``; call on the GUI thread.
    Returns the collector (the same one when called again)."""
    app = app or QCoreApplication.instance()
    if app is None:
        raise RuntimeError("gc_guard.install needs a QApplication")
    if QThread.currentThread() is not app.thread():
        raise RuntimeError("gc_guard.install runs on the GUI thread")
    existing = installed(app)
    if existing is not None:
        if not existing.active:  # shut down, then wanted again: guard again
            existing.resume()
        return existing
    return GuiThreadCollector(app, tick_ms)


def installed(app: QCoreApplication | None = None) -> GuiThreadCollector | None:
    app = app or QCoreApplication.instance()
    if app is None:
        return None
    return app.findChild(GuiThreadCollector, _NAME)

